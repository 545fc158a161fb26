"""Technician screen: printer URI/profile written through the core (validated, atomic,
audited) and used at once (the test page lands on the new printer), quarantined cases
put back in the queue (sync.outbox.retry), the diagnostics bundle exported."""

import zipfile

from ui_testkit import _tests_module, add_operator, both_languages, find_item, scroll_into_view, settle, sign_in, tap, type_into
from test_rating import _serve_one_citizen


def _set_text(k, name, text):
    find_item(k, name).setProperty("text", "")
    type_into(k, name, text)


def test_technician_edits_the_printer_retries_quarantined_and_exports_a_bundle(
        kiosk_app, qtbot, ui_config, tmp_path, monkeypatch):
    conf = tmp_path / "kiosk.toml"
    monkeypatch.setenv("KIOSK_CONFIG", str(conf))          # the file the technician's edits go to
    add_operator(ui_config, "tech1", "technician", "864201")
    add_operator(ui_config, "clerk1", "clerk", "135790")
    k = kiosk_app("counter")
    settle(qtbot, k, 10000)
    sign_in(k, qtbot, "clerk1", "135790")
    number = _serve_one_citizen(k, qtbot)
    settle(qtbot, k)
    from sync import outbox
    import time
    with k.services.store().transaction() as db:             # the platform refused it (e.g. a 400)
        case_id = db.execute("SELECT case_id FROM outbox WHERE case_number=?", (number,)).fetchone()[0]
        outbox.quarantine(db, case_id, 400, "test: refused", time.time())
    tap(k, "finish")
    qtbot.waitUntil(lambda: k.app_model.screen == "Identify", timeout=5000)
    k.flow.logout()
    qtbot.waitUntil(lambda: k.app_model.screen == "CounterLogin", timeout=5000)
    tap(k, "technician")
    qtbot.waitUntil(lambda: k.app_model.screen == "TechLogin", timeout=5000)
    sign_in(k, qtbot, "tech1", "864201", screen="Technician")
    qtbot.waitUntil(lambda: k.tech.property("sync").get("quarantined") == 1, timeout=10000)

    # Printer: a new URI and profile, through the core; the test page goes there
    new_slips = tmp_path / "new-printer.bin"
    _set_text(k, "input_printerUri", f"file://{new_slips}")
    _set_text(k, "input_printerProfile", "POS-5890")
    tap(k, "savePrinter")
    qtbot.waitUntil(lambda: k.tech.property("configState") != "", timeout=10000)
    assert k.tech.property("configState") == "saved"
    text = conf.read_text()
    assert f'uri = "file://{new_slips}"' in text and 'profile = "POS-5890"' in text
    row = k.services.store().conn.execute(
        "SELECT actor, detail FROM audit_log WHERE action='config.change' ORDER BY seq DESC").fetchone()
    assert row["actor"] == "tech1" and "POS-5890" in row["detail"]
    assert k.services.printer.settings.profile == "POS-5890"
    tap(k, "testPrint")
    qtbot.waitUntil(lambda: new_slips.exists() and new_slips.stat().st_size > 0, timeout=10000)
    qtbot.waitUntil(lambda: any(j["kind"] == "test_page" for j in k.tech.property("printJobs")), timeout=10000)
    assert find_item(k, "printJob_0").isVisible()

    # Quarantined cases back in the queue
    tap(k, "retryQuarantined")
    qtbot.waitUntil(lambda: k.tech.property("retryState") == "1", timeout=5000)
    qtbot.waitUntil(lambda: k.tech.property("sync").get("quarantined") == 0, timeout=10000)
    state = k.services.store().conn.execute("SELECT state FROM outbox WHERE case_id=?", (case_id,)).fetchone()[0]
    assert state == "pending"

    # Diagnostics bundle
    _set_text(k, "input_bundleDir", str(tmp_path / "usb"))
    tap(k, "exportBundle")
    qtbot.waitUntil(lambda: k.tech.property("bundlePath") != "", timeout=15000)
    with zipfile.ZipFile(k.tech.property("bundlePath")) as z:
        names = set(z.namelist())
        assert {"config.toml", "versions.json", "devices.json", "sync.json"} <= names
        assert "张三" not in z.read("devices.json").decode() + z.read("sync.json").decode()
    scroll_into_view(find_item(k, "savePrinter"))
    both_languages(qtbot, k, "technician-settings")


def test_technician_enrols_the_kiosk_with_the_platform(kiosk_app, qtbot, ui_config, tmp_path, monkeypatch):
    import sys
    from pathlib import Path
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sync"))
    from synchelpers import PlatformHarness          # the reference platform on a real server, 127.0.0.1
    conf = tmp_path / "kiosk.toml"
    monkeypatch.setenv("KIOSK_CONFIG", str(conf))
    add_operator(ui_config, "tech1", "technician", "864201")
    platform = PlatformHarness(tmp_path / "platform")
    try:
        k = kiosk_app("technician")
        settle(qtbot, k, 10000)
        sign_in(k, qtbot, "tech1", "864201", screen="Technician")
        _set_text(k, "input_syncUrl", platform.url)
        type_into(k, "input_syncToken", "not-a-token")
        tap(k, "enroll")
        qtbot.waitUntil(lambda: k.tech.property("enrollState") not in ("", "enrolling"), timeout=20000)
        refused = k.tech.property("enrollState")
        assert refused != "enrolled" and "MissingSchema" not in refused, refused   # the platform said no
        assert find_item(k, "input_syncToken").property("text") == ""      # the token never lingers
        type_into(k, "input_syncToken", platform.platform.new_token())
        tap(k, "enroll")
        qtbot.waitUntil(lambda: k.tech.property("enrollState") not in ("", "enrolling"), timeout=20000)
        assert k.tech.property("enrollState") == "enrolled"
        qtbot.waitUntil(lambda: k.tech.property("sync").get("enrolled") is True, timeout=10000)
        assert f'platform_url = "{platform.url}"' in conf.read_text()
        actions = [r[0] for r in k.services.store().conn.execute("SELECT action FROM audit_log ORDER BY seq")]
        assert "sync.enrolled" in actions and "config.change" in actions
        scroll_into_view(find_item(k, "enroll"))
        both_languages(qtbot, k, "technician-enrolled")
    finally:
        platform.stop()


def test_technician_sets_the_camera_and_calibrates_the_blur_threshold(kiosk_app, qtbot, ui_config, tmp_path,
                                                                       monkeypatch):
    conf = tmp_path / "kiosk.toml"
    monkeypatch.setenv("KIOSK_CONFIG", str(conf))
    add_operator(ui_config, "tech1", "technician", "864201")
    k = kiosk_app("technician")
    settle(qtbot, k, 10000)
    sign_in(k, qtbot, "tech1", "864201", screen="Technician")
    _set_text(k, "input_cameraWidth", "wide")                      # not a number: refused, nothing written
    tap(k, "saveCamera")
    qtbot.waitUntil(lambda: "whole numbers" in k.tech.property("configState"), timeout=5000)
    assert not conf.exists()
    _set_text(k, "input_cameraSource", "simulator")               # the live document-camera simulator
    _set_text(k, "input_cameraWidth", "3264")
    _set_text(k, "input_cameraHeight", "2448")
    tap(k, "saveCamera")
    qtbot.waitUntil(lambda: k.tech.property("configState") == "saved", timeout=5000)
    assert 'source = "simulator"' in conf.read_text() and "width = 3264" in conf.read_text()
    tap(k, "cameraTest")                                        # live preview, outline, figures
    qtbot.waitUntil(lambda: len(k.tech.property("cameraView")["quad"]) == 8, timeout=20000)
    qtbot.waitUntil(lambda: "blur" in k.tech.property("cameraView")["figures"], timeout=20000)
    scroll_into_view(find_item(k, "techPreview"))
    both_languages(qtbot, k, "technician-camera")
    assert "DPI" in find_item(k, "cameraFigures").property("text")
    tap(k, "cameraTest")
    qtbot.waitUntil(lambda: not k.tech.property("cameraView")["running"], timeout=5000)
    tap(k, "calibrateBlur")
    qtbot.waitUntil(lambda: k.tech.property("calibration").get("taken", 0) >= 1, timeout=20000)
    scroll_into_view(find_item(k, "calibrationText"))
    both_languages(qtbot, k, "technician-calibrating")
    qtbot.waitUntil(lambda: k.tech.property("calibration").get("state") == "saved", timeout=60000)
    qtbot.waitUntil(lambda: "blur_threshold" in conf.read_text(), timeout=5000)
    value = k.tech.property("calibration")["threshold"]
    assert 0.0 < value <= 0.8 and k.services.config["camera.blur_threshold"] == value


def test_technician_test_reads_the_id_card_reader(kiosk_app, qtbot, ui_config):
    """The simulators' GA/T 467 SAM on a pty (cards.ga467_serial empty, simulated devices)."""
    add_operator(ui_config, "tech1", "technician", "864201")
    k = kiosk_app("technician")
    settle(qtbot, k, 10000)
    sign_in(k, qtbot, "tech1", "864201", screen="Technician")
    tap(k, "testIdRead")
    qtbot.waitUntil(lambda: k.tech.property("idReaderTest").get("state") in ("ok", "error"), timeout=15000)
    result = k.tech.property("idReaderTest")
    assert result["state"] == "ok" and 0 < result["ms"] < 10000, result
    text = find_item(k, "idReadText").property("text")
    assert str(result["ms"]) in text and "张" not in text                # timing only, nothing from the card
    scroll_into_view(find_item(k, "idReadText"))
    both_languages(qtbot, k, "technician-id-reader")


def test_technician_records_the_empty_desk(kiosk_app, qtbot, ui_config, tmp_path):
    """A camera (a video file) over an empty gridded desk: recorded, and the pattern's
    strength shown."""
    docsynth = _tests_module("scanner", "docsynth")
    record, empty, _page = docsynth.desk_session(0)
    video = tmp_path / "desk.avi"
    docsynth.write_video(video, [record] * 10 + empty * 5)
    add_operator(ui_config, "tech1", "technician", "864201")
    k = kiosk_app("technician", camera__source=str(video))
    settle(qtbot, k, 10000)
    sign_in(k, qtbot, "tech1", "864201", screen="Technician")
    path = k.services.config.data_dir / "scanner" / "empty-desk.png"
    assert not path.exists()
    tap(k, "recordDesk")
    qtbot.waitUntil(lambda: k.tech.property("desk").get("state") in ("saved", "page", "error"), timeout=20000)
    desk = k.tech.property("desk")
    assert desk["state"] == "saved" and desk["pattern"] > 0.8 and not desk["plain"], desk
    assert path.exists()
    text = find_item(k, "deskText").property("text")
    assert str(desk["pattern"]) in text
    scroll_into_view(find_item(k, "deskText"))
    both_languages(qtbot, k, "technician-desk-recorded")


def test_technician_cannot_record_a_desk_with_a_page_on_it(kiosk_app, qtbot, ui_config, tmp_path):
    docsynth = _tests_module("scanner", "docsynth")
    video = tmp_path / "page.avi"
    docsynth.write_video(video, [docsynth.desk_session(18)[2].image] * 10)
    add_operator(ui_config, "tech1", "technician", "864201")
    k = kiosk_app("technician", camera__source=str(video))
    settle(qtbot, k, 10000)
    sign_in(k, qtbot, "tech1", "864201", screen="Technician")
    tap(k, "recordDesk")
    qtbot.waitUntil(lambda: k.tech.property("desk").get("state") in ("saved", "page", "error"), timeout=20000)
    assert k.tech.property("desk")["state"] == "page"
    assert not (k.services.config.data_dir / "scanner" / "empty-desk.png").exists()
    scroll_into_view(find_item(k, "deskText"))
    both_languages(qtbot, k, "technician-desk-page")
