"""The UI's capture loop (ui.scanning.ScanRun) with a preview size configured: live
detection and the preview run on frames of the preview size, while an auto-capture and
a frame held for corners by hand keep the camera's full resolution; the auto-capture
follows camera.stable_frames and camera.paper. A video file of
an 8 MP document camera plays the camera; a USB camera that switches sizes is the fake
of tests/scanner/test_camera_resolution.py (no USB camera on the test machine)."""

import threading
import time

import numpy as np
import pytest

from ui_testkit import _tests_module, document_video

FULL = (2448, 3264)         # document_video's frames (h, w)
PREVIEW = (960, 1280)


@pytest.fixture(scope="module")
def video(tmp_path_factory):
    return document_video(tmp_path_factory.mktemp("scanpreview") / "desk.avi")


@pytest.fixture
def fed(monkeypatch):
    """What AutoCapture is fed and what it captures (a spy round the real feed)."""
    from devices.scanner.camera import AutoCapture
    seen = {"frames": [], "captures": [], "fed_at": []}
    real = AutoCapture.feed

    def feed(self, frame):
        events = real(self, frame)
        seen["frames"].append(frame.image.shape[:2])
        for e in events:
            if e.kind == "captured":
                seen["captures"].append(e.capture)
                seen["fed_at"].append(len(seen["frames"]))     # frames fed up to this capture
        return events
    monkeypatch.setattr(AutoCapture, "feed", feed)
    return seen


def _config(video, **kw):
    from kiosk.config import defaults
    return defaults().with_overrides(camera__source=str(video), camera__preview_width=PREVIEW[1],
                                     camera__preview_height=PREVIEW[0], **kw)


class _Run:
    """A ScanRun on its own thread, its callbacks recorded (post runs them at once)."""

    def __init__(self, config, **kw):
        from ui.scanning import ScanRun
        self.previews, self.captures, self.frozen, self.corners = [], [], [], []
        self.run = ScanRun(config, on_preview=lambda img, q, p, pr: self.previews.append((img.width(), img.height(), q)),
                           on_capture=lambda j, v: self.captures.append((j, v)), on_status=lambda st: None,
                           post=lambda fn: fn(), on_frozen=lambda w, h, q: self.frozen.append((w, h, q)),
                           on_corners=lambda j, v: self.corners.append((j, v)), **kw)
        self.thread = threading.Thread(target=self.run.run, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.run.stop()
        self.thread.join(10)
        assert not self.thread.is_alive()

    def wait(self, cond, timeout=20.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if cond():
                return True
            time.sleep(0.02)
        raise AssertionError("timed out")


def test_auto_capture_takes_the_full_frame_while_detection_runs_on_the_preview(video, fed):
    with _Run(_config(video)) as r:
        r.wait(lambda: r.captures)
        r.run.capture_now()                                             # Take now: the full frame too
        r.wait(lambda: len(r.captures) >= 2)
    manual = fed["captures"][1]
    assert manual.manual and manual.image.shape[:2] == FULL and r.captures[1][1]["dpi"] > 150
    assert fed["frames"] and set(fed["frames"]) == {PREVIEW}            # detection at the preview size
    assert {(w, h) for w, h, _ in r.previews} == {(640, 480)}           # the screen's copy of those frames
    cap = fed["captures"][0]
    assert cap.image.shape[:2] == FULL                                  # the still: the full frame
    q = np.asarray(cap.quad)
    assert q[:, 1].max() - q[:, 1].min() > 0.6 * FULL[0]                # its corners in the still's pixels
    jpeg, verdict = r.captures[0]
    # judged at the still's size: at 1280x960 this A4 page would be ~68 dpi, blocked as low_dpi
    assert verdict["ok"] and verdict["dpi"] > 150 and jpeg
    outline = next(q for _, _, q in r.previews if q)                   # the outline on the 640x480 preview
    assert max(outline[0::2]) <= 640 and max(outline[1::2]) <= 480


def test_corners_by_hand_hold_the_full_frame_and_the_page_is_not_taken_again(video, fed):
    """Held at once: the held frame is the full one and the handles start on the page
    (found on the small frame, refined on the full one); once straightened with them,
    the page staying under the camera is not auto-captured on top of it."""
    from devices.scanner.detect import detect_page
    from devices.scanner.geometry import max_corner_shift
    from kiosk.config import defaults
    import cv2
    ok, scene = cv2.VideoCapture(str(video)).read()
    assert ok
    with _Run(_config(video)) as r:
        r.run.freeze()
        r.wait(lambda: r.frozen)
        w, h, quad = r.frozen[0]
        assert (h, w) == FULL
        page = detect_page(scene)
        assert quad is not None and max_corner_shift(np.reshape(quad, (4, 2)), page.quad) < 15
        r.run.use_corners(quad)
        r.wait(lambda: r.corners)
        assert r.corners[0][1]["ok"] and r.corners[0][1]["dpi"] > 150
        r.run.go_live()
        n = len(fed["frames"])
        rest = defaults()["camera.stable_frames"] + 4
        r.wait(lambda: len(fed["frames"]) >= n + rest)                # rests longer than an auto-capture needs
    assert not r.captures and not fed["captures"]


def test_without_a_preview_size_the_frames_are_fed_as_they_come(video, fed):
    from kiosk.config import defaults
    cfg = defaults().with_overrides(camera__source=str(video))
    with _Run(cfg) as r:
        r.wait(lambda: r.captures)
    assert set(fed["frames"]) == {FULL} and fed["captures"][0].image.shape[:2] == FULL
    assert r.captures[0][1]["ok"]


def test_auto_capture_waits_the_configured_frames_and_judges_the_configured_paper(video, fed):
    """camera.stable_frames and camera.paper reach the UI's auto-capture (the loop used to
    fix 6 frames and A4): the first capture comes on the 12th frame fed, straightened to
    an ID-1 card's shape."""
    import cv2
    with _Run(_config(video, camera__stable_frames=12, camera__paper="ID-1")) as r:
        r.wait(lambda: r.captures)
    assert fed["fed_at"][0] == 12
    cap = fed["captures"][0]
    assert cap.paper == "ID-1" and r.captures[0][1]["ok"]
    page = cv2.imdecode(np.frombuffer(r.captures[0][0], np.uint8), cv2.IMREAD_COLOR)
    long_side, short_side = max(page.shape[:2]), min(page.shape[:2])
    assert long_side / short_side == pytest.approx(85.6 / 54.0, rel=0.02)     # not A4's 1.414


def test_the_materials_paper_wins_over_the_stations(video, fed):
    """A material that names its format (the catalogue's "paper": an ID card is ID-1) is
    straightened and judged as that, whatever camera.paper says; without one, camera.paper."""
    import cv2
    with _Run(_config(video, camera__paper="A4"), paper="ID-3") as r:
        r.wait(lambda: r.captures)
    assert fed["captures"][0].paper == "ID-3" and r.run.paper == "ID-3"
    page = cv2.imdecode(np.frombuffer(r.captures[0][0], np.uint8), cv2.IMREAD_COLOR)
    assert max(page.shape[:2]) / min(page.shape[:2]) == pytest.approx(125 / 88, rel=0.02)
    from ui.scanning import ScanRun
    assert ScanRun(_config(video, camera__paper="A5"), on_preview=None, on_capture=None, on_status=None,
                   post=None, paper=None).paper == "A5"


def test_a_usb_camera_streams_the_preview_and_switches_for_the_still():
    """LiveFrames over a USB camera that switches sizes: frames come at the preview size
    as they are, the still is a switch to the capture size."""
    from devices.scanner.camera import CameraSource, LiveFrames, open_source
    fake = _tests_module("scanner", "test_camera_resolution")
    modes = [(640, 480), (1280, 960), (3264, 2448)]
    cam = CameraSource("0", opener=lambda: open_source("0", 0, 0, capture_factory=lambda s: fake.FakeUVC(modes)),
                       preview_width=1280, preview_height=960)
    live = LiveFrames(cam, 1280, 960)
    sub = cam.subscribe()
    cam.start()
    try:
        f = sub.get(timeout=5)
        assert f is not None
        small = live.detection_frame(f)
        assert small is f and small.image.shape[:2] == PREVIEW
        assert live.still_scale() == pytest.approx(3264 / 1280)
        still = live.still()
        assert still.still and still.image.shape[:2] == FULL
    finally:
        sub.close()
        cam.stop()


def test_fit_factor_keeps_the_shape_inside_the_preview_size():
    from devices.scanner.camera import Frame, LiveFrames, fit_factor
    assert fit_factor(3264, 2448, 1280, 960) == pytest.approx(1280 / 3264)
    assert fit_factor(3264, 2448, 1280, 720) == pytest.approx(720 / 2448)      # another shape: fits inside
    assert fit_factor(3264, 2448, 0, 0) == 1.0 and fit_factor(640, 480, 1280, 960) == 1.0

    class Still:            # a camera that streams at its capture size (no switching)
        def still_scale(self):
            return 1.0
    live = LiveFrames(Still(), 1280, 720)
    f = Frame(np.zeros((2448, 3264, 3), np.uint8), 3, 0.1)
    small = live.detection_frame(f)
    assert small.image.shape[:2] == (720, 960) and small.index == 3
    assert live.still() is f and live.still_scale() == pytest.approx(3264 / 960)
