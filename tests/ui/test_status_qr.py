"""Status enquiry from the slip's QR code held to the camera (a video file plays the
camera, the simulators' way): the code is read, the case number checked, the state shown."""

import cv2
import numpy as np
import qrcode

from ui_testkit import both_languages, settle, tap, typed_citizen_to


def _slip_video(path, payload: str, frames: int = 12):
    img = qrcode.make(payload, box_size=8, border=4).convert("L")
    qr = cv2.cvtColor(np.array(img, dtype=np.uint8), cv2.COLOR_GRAY2BGR)
    frame = np.full((720, 960, 3), 200, np.uint8)
    h, w = qr.shape[:2]
    frame[100:100 + h, 200:200 + w] = qr
    out = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 5.0, (960, 720))
    for _ in range(frames):
        out.write(frame)
    out.release()
    return path


def test_status_from_the_slips_qr_code(kiosk_app, qtbot, tmp_path):
    from kiosk import receipt
    video = tmp_path / "slip.avi"          # written once the case number exists; opened at the scan
    k = kiosk_app("self-service", camera__source=str(video))
    settle(qtbot, k, 10000)
    # a submitted case first
    number = typed_citizen_to(k, qtbot, "Done")
    k.app_model.endSession("done")

    # the slip's QR payload, as kiosk.receipt makes it (no platform enrolled: SDTRACK:...)
    payload = receipt.tracking_url("", number, b"k" * 32)
    _slip_video(video, payload)
    tap(k, "status")
    qtbot.waitUntil(lambda: k.app_model.screen == "Status")
    settle(qtbot, k)
    tap(k, "scanSlip")
    qtbot.waitUntil(lambda: k.flow.property("caseStatus").get("case_number") == number, timeout=20000)
    assert not k.flow.property("qrScanning")
    settle(qtbot, k)
    both_languages(qtbot, k, "flow-self-service-status-by-qr")
