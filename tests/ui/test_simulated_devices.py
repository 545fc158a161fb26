"""With no hardware the app runs on the simulators and says so: the device choice
(ui.hardware), the live document-camera simulator (devices.scanner.simulator) that
auto-capture really fires on, and the training accounts on the sign-in screens."""

import subprocess
import sys

import cv2
import numpy as np
import pytest

from ui_testkit import both_languages, settle, tap, type_into, typed_citizen_to

KIOSK = [sys.executable, "-m", "kiosk"]
NO_READERS = lambda: []              # noqa: E731  (the probes' I/O injected: see each test)
NO_CAMERA = lambda source: False     # noqa: E731


def _plain_config(tmp_path, **more):
    from kiosk.config import defaults
    return defaults().with_overrides(kiosk__data_dir=str(tmp_path / "data"), log__dir=str(tmp_path / "logs"), **more)


# -- the device choice ----------------------------------------------------------------

def test_no_hardware_means_simulated_devices(tmp_path):
    from ui.hardware import choose_devices
    # The real probes on this machine: no camera node, no printer URI, no GA/T 467 port;
    # pcscd may be up with the tests' vpcd reader, which is virtual and so not counted.
    choice = choose_devices(_plain_config(tmp_path, camera__source="/dev/video-none"))
    assert choice.simulated and "no card reader" in choice.reason, choice
    assert choose_devices(_plain_config(tmp_path), asked=True).simulated
    assert choose_devices(_plain_config(tmp_path, kiosk__simulated_devices=True), readers=NO_READERS).simulated


def test_a_configured_device_means_real_devices(tmp_path):
    from ui.hardware import apply, choose_devices
    # Reader names are injected here (pcscd's list is what pcsc_readers() returns).
    virtual = lambda: ["Virtual PCD 00 00"]   # noqa: E731
    assert choose_devices(_plain_config(tmp_path), readers=virtual, camera=NO_CAMERA).simulated
    choice = choose_devices(_plain_config(tmp_path, cards__allow_virtual=True), readers=virtual, camera=NO_CAMERA)
    assert not choice.simulated and choice.found == ["card reader: Virtual PCD 00 00"]
    printer = _plain_config(tmp_path, printer__uri=f"file://{tmp_path}/slips.bin")
    cfg, choice = apply(printer, readers=NO_READERS, camera=NO_CAMERA)
    assert not choice.simulated and cfg["kiosk.simulated_devices"] is False
    assert choice.found == [f"printer: file://{tmp_path}/slips.bin"]
    port = tmp_path / "ttyUSB0"
    port.write_bytes(b"")
    serial = _plain_config(tmp_path, cards__ga467_serial=str(port))
    assert not choose_devices(serial, readers=NO_READERS, camera=NO_CAMERA).simulated
    missing = _plain_config(tmp_path, cards__ga467_serial=str(tmp_path / "ttyUSB9"))
    assert choose_devices(missing, readers=NO_READERS, camera=NO_CAMERA).simulated


def test_simulated_mode_swaps_a_real_camera_for_the_simulator(tmp_path):
    from ui.scanning import camera_source_of
    assert camera_source_of(_plain_config(tmp_path, kiosk__simulated_devices=True)) == "simulator"
    assert camera_source_of(_plain_config(tmp_path)) == "0"
    video = str(tmp_path / "desk.avi")
    assert camera_source_of(_plain_config(tmp_path, kiosk__simulated_devices=True, camera__source=video)) == video


# -- the document-camera simulator ----------------------------------------------------

def test_simulator_page_slides_in_rests_and_is_auto_captured():
    from devices.scanner.camera import AutoCapture, CameraSource, Frame
    from devices.scanner.quality import Thresholds
    from devices.scanner.simulator import open_simulator
    from kiosk.config import defaults
    for source, paper in (("simulator", "A4"), ("simulator:passport", "A4"), ("simulator:card", "ID-1")):
        cam = open_simulator(source)
        auto = AutoCapture(thresholds=Thresholds.from_config(defaults()), stable_frames=6, paper=paper)
        captured, empty = [], 0
        for i in range(len(cam.plan) + 5):
            ok, img = cam.read()
            assert ok and img.shape == (2448, 3264, 3)
            empty += cam.quad_at(i) is None
            captured += [(i, ev.capture) for ev in auto.feed(Frame(img, i, i / 5)) if ev.kind == "captured"]
        assert empty >= 6                                  # the desk without a page, too
        assert len(captured) == 1, source                 # once per page rest, not again while it rests
        i, cap = captured[0]
        assert cap.quality.ok and cap.quality.dpi > 150, cap.quality.as_dict()
        want = cam.quad_at(i)
        assert np.abs(np.asarray(cap.quad, float).reshape(4, 2) - want).max() < 0.01 * np.hypot(3264, 2448)
    # The camera thread paces it like a 5 fps camera and loops it forever.
    src = CameraSource("simulator", opener=open_simulator, loop=True, realtime=True).start()
    try:
        first = src.snapshot(timeout=5)
        assert first is not None and src.status.state == "connected"
    finally:
        src.stop()


# -- the application ------------------------------------------------------------------

def test_no_hardware_app_shows_the_band_and_training_accounts(qapp, qtbot, tmp_path):
    from ui.app import KioskApplication
    from ui.hardware import apply
    from ui_testkit import find_item
    cfg, choice = apply(_plain_config(tmp_path), readers=NO_READERS, camera=NO_CAMERA)
    assert choice.simulated
    k = KioskApplication(cfg, "counter")
    try:
        k.window.resize(1280, 800)
        k.window.show()
        qtbot.waitExposed(k.window)
        settle(qtbot, k, 10000)
        assert k.app_model.screen == "CounterLogin"
        assert find_item(k, "simBand").isVisible()
        qtbot.waitUntil(lambda: find_item(k, "trainingHint").isVisible(), timeout=5000)
        assert "demo" in find_item(k, "trainingHintText").property("text")
        both_languages(qtbot, k, "counter-login-simulated")
        type_into(k, "input_username", "demo")
        type_into(k, "input_pin", "135790")
        tap(k, "signIn")
        qtbot.waitUntil(lambda: k.flow.property("loggedIn"), timeout=5000)
        rows = k.services.store().conn.execute(
            "SELECT actor, action, subject FROM audit_log WHERE actor='training' ORDER BY seq").fetchall()
        assert [tuple(r) for r in rows] == [("training", "operator.add", "demo"), ("training", "operator.add", "tech"),
                                            ("training", "operator.training", "demo,tech")]
        assert [w for w in k.qml_warnings if "assets/qml" in w] == []
    finally:
        k.close()


def test_real_devices_no_training_accounts(qapp, qtbot, tmp_path):
    from ui.app import KioskApplication
    from ui_testkit import find_item
    k = KioskApplication(_plain_config(tmp_path, printer__uri=f"file://{tmp_path}/slips.bin"), "counter")
    try:
        k.window.resize(1280, 800)
        k.window.show()
        qtbot.waitExposed(k.window)
        settle(qtbot, k, 10000)
        assert not find_item(k, "simBand").isVisible()
        assert not find_item(k, "trainingHint").isVisible()
        assert k.services.store().conn.execute("SELECT count(*) FROM operators").fetchone()[0] == 0
    finally:
        k.close()


def test_kiosk_run_without_hardware_starts_simulated(kiosk_env, tmp_path):
    env = {k: v for k, v in kiosk_env["env"].items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    shot = tmp_path / "run.png"
    r = subprocess.run(KIOSK + ["run", "--windowed", "--quit-after", "4", "--screenshot", str(shot)],
                       env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr[-2000:]
    assert "kiosk run: SIMULATED DEVICES" in r.stderr and "Traceback" not in r.stderr
    img = cv2.imread(str(shot))
    band = np.array([0x4d, 0xd8, 0xff])                     # the band's colour (BGR), at the top
    assert (np.abs(img[:8, :, :].astype(int) - band).sum(axis=2) < 30).mean() > 0.5
    log = (kiosk_env["logs"] / "kiosk.log").read_text()
    assert "devices: SIMULATED (no card reader, ID card reader, camera or printer found)" in log
    assert "training operators created" in log


def test_material_auto_captured_from_the_camera_simulator(kiosk_app, qtbot, capsys):
    """No camera configured beyond the default index: the simulated devices put the live
    document-camera simulator there, and a page sliding in is auto-captured."""
    k = kiosk_app("self-service")                      # ui_config: simulated devices, camera.source "0"
    settle(qtbot, k, 10000)
    typed_citizen_to(k, qtbot, "Materials")
    settle(qtbot, k)
    k.heartbeat.start()
    tap(k, "scan_0")
    qtbot.waitUntil(lambda: k.flow.property("cameraState") == "connected", timeout=10000)
    qtbot.waitUntil(lambda: k.flow.property("capture").get("pages", 0) >= 1, timeout=30000)
    assert k.flow.property("capture")["verdict"]["ok"]
    # the material is an ID card (the catalogue's ID-1): the simulator shows a card, and
    # the page kept is that card, straightened to a card's shape
    assert k.flow._scan_run.camera.source == "simulator:card"
    page = cv2.imread(str(k.session.materials["resident_id_card"][0]))
    assert max(page.shape[:2]) / min(page.shape[:2]) == pytest.approx(85.6 / 53.98, rel=0.02)
    k.heartbeat.stop()
    with capsys.disabled():
        print(f"\n[stall] camera simulator (8 MP, 5 fps) + auto-capture: longest GUI-thread gap "
              f"{k.heartbeat.longest_gap_ms:.1f} ms over {k.heartbeat.beats} heartbeats")
    assert k.heartbeat.longest_gap_ms < 250
    both_languages(qtbot, k, "flow-self-service-capture-simulator")
