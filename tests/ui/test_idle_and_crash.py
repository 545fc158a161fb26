"""Self-service idle: warning, "I need more time", then the wipe through kiosk.session
leaves nothing of the citizen in view-model state, in the store or on disk. And the
crash hook: an apology, a reset, a log record, never a traceback on screen."""

import logging

import pytest

from ui_testkit import both_languages, find_item, settle, tap, type_into, typed_citizen_to

ID_NUMBER = "11010519491231002X"
NAME = "张三丰"


def _citizen_in_the_middle_of_a_form(k, qtbot):
    tap(k, "start")
    qtbot.waitUntil(lambda: k.app_model.screen == "Identify")
    k.app_model.setLanguage("en")
    k.app_model.toggleLargeText()
    typed_citizen_to(k, qtbot, "Service", name=NAME, id_number=ID_NUMBER, start=False)
    k.flow.search("hydj")
    qtbot.waitUntil(lambda: any(r["id"] == "marriage-record-certificate" for r in k.flow.property("results")),
                    timeout=5000)
    k.flow.chooseService("marriage-record-certificate")
    qtbot.waitUntil(lambda: k.app_model.screen == "Form", timeout=5000)
    k.flow.setField("phone", "13800138000")
    settle(qtbot, k)
    # The document camera is not wired into the UI yet: a file in the session's temp
    # directory stands in for a captured page, exactly where a capture would go.
    page = k.session.new_temp_file(".jpg")
    page.write_bytes(b"\xff\xd8 captured page of " + ID_NUMBER.encode())
    k.session.add_material_file("resident_id_card", page)
    assert k.session.draft_case_id and k.session.has_citizen_data
    return page


def _files_containing(root, needles):
    hits = []
    for p in root.rglob("*"):
        if p.is_file():
            data = p.read_bytes()
            hits += [f"{p.name}: {n}" for n in needles if n.encode() in data]
    return hits


def test_idle_warning_more_time_then_wipe_leaves_nothing(kiosk_app, qtbot, ui_config):
    k = kiosk_app("self-service")
    settle(qtbot, k, 10000)
    k.idle.warning_ms, k.idle.countdown_ms = 600, 4000   # 60 s / 30 s in the field; short for the test
    page = _citizen_in_the_middle_of_a_form(k, qtbot)
    case_id = k.session.draft_case_id

    qtbot.waitUntil(lambda: k.idle.property("warning"), timeout=5000)
    assert find_item(k, "idleOverlay").isVisible()
    assert k.idle.property("secondsLeft") in (3, 4)
    both_languages(qtbot, k, "self-service-idle-warning")
    tap(k, "moreTime")                                      # "I need more time"
    assert not k.idle.property("warning") and k.app_model.screen == "Form"

    k.idle.countdown_ms = 500
    qtbot.waitUntil(lambda: k.idle.property("warning"), timeout=5000)
    qtbot.waitUntil(lambda: k.app_model.screen == "Attract", timeout=5000)   # expired: wiped
    settle(qtbot, k)

    # nothing in the session or the view-models
    s = k.session
    assert not s.has_citizen_data and s.identity is None and s.form_values == {} and s.materials == {}
    assert (k.app_model.language, k.app_model.largeText) == ("zh_CN", False)
    for prop, empty in (("identity", {}), ("results", []), ("service", {}), ("fields", []), ("query", ""),
                        ("materials", []), ("problems", {}), ("done", {})):
        assert k.flow.property(prop) == empty, prop
    # nothing on the screen
    k.app_model.go("Identify")
    settle(qtbot, k)
    assert find_item(k, "input_name").property("text") == ""
    assert find_item(k, "input_id_number").property("text") == ""
    # nothing on disk: the page is gone, the draft discarded, no clear-text trace anywhere
    assert not page.exists()
    assert list((ui_config.data_dir / "tmp").glob("session-*/*")) == []
    from kiosk.store import Store
    store = Store.open(ui_config.data_dir, config=ui_config)
    try:
        assert store.conn.execute("SELECT COUNT(*) FROM cases WHERE id=?", (case_id,)).fetchone()[0] == 0
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        store.close()
    assert _files_containing(ui_config.data_dir, [ID_NUMBER, NAME]) == []


@pytest.mark.qt_no_exception_capture
def test_crash_apologises_resets_and_logs(kiosk_app, qtbot, caplog):
    k = kiosk_app("self-service")
    tap(k, "start")
    k.session.form_values["note"] = "typed by the citizen"
    with caplog.at_level(logging.ERROR, logger="ui.crash"):
        k.tasks.post(lambda: 1 / 0)                          # a bug on the GUI thread
        qtbot.waitUntil(lambda: k.app_model.property("apology"), timeout=5000)
    assert k.app_model.screen == "Attract" and not k.session.has_citizen_data
    assert find_item(k, "apologyOverlay").isVisible()
    assert any("unhandled ZeroDivisionError" in r.getMessage() and r.exc_info for r in caplog.records)
    both_languages(qtbot, k, "self-service-apology")
    tap(k, "startAgain")
    assert not k.app_model.property("apology")

    def broken_store_work():                                  # a bug on the store thread
        raise KeyError("no such thing")
    k.tasks.store(broken_store_work)
    qtbot.waitUntil(lambda: k.app_model.property("apology"), timeout=5000)
    assert k.crash.count == 2


def test_counter_idle_locks_the_screen_and_keeps_the_citizen(kiosk_app, qtbot, ui_config):
    from ui_testkit import add_operator, sign_in
    add_operator(ui_config, "clerk3", "clerk", "314159")
    k = kiosk_app("counter")
    k.idle.warning_ms, k.idle.countdown_ms = 300, 1500     # counter_lock_s in the field
    sign_in(k, qtbot, "clerk3", "314159")
    type_into(k, "input_name", "张三")
    k.session.form_values["x"] = "typed"
    qtbot.waitUntil(lambda: k.idle.property("warning"), timeout=5000)
    both_languages(qtbot, k, "counter-idle-warning")
    qtbot.waitUntil(lambda: k.flow.property("locked"), timeout=5000)
    assert find_item(k, "lockOverlay").isVisible() and not k.idle.armed     # no countdown behind the lock
    assert k.app_model.screen == "Identify" and k.flow.property("loggedIn")
    assert k.session.form_values == {"x": "typed"} and find_item(k, "input_name").property("text") == "张三"
    type_into(k, "input_unlockPin", "000000")               # a wrong PIN: still locked
    tap(k, "unlock")
    qtbot.waitUntil(lambda: k.flow.property("unlockError") == "wrong", timeout=5000)
    assert k.flow.property("locked")
    both_languages(qtbot, k, "counter-locked")
    type_into(k, "input_unlockPin", "314159")
    tap(k, "unlock")
    qtbot.waitUntil(lambda: not k.flow.property("locked"), timeout=5000)
    assert k.session.form_values == {"x": "typed"} and find_item(k, "input_name").property("text") == "张三"
    assert k.idle.armed
    # Locked again; this time the clerk signs out: that wipes the citizen
    qtbot.waitUntil(lambda: k.flow.property("locked"), timeout=5000)
    tap(k, "lockSignOut")
    qtbot.waitUntil(lambda: k.app_model.screen == "CounterLogin", timeout=5000)
    assert not k.flow.property("loggedIn") and not k.flow.property("locked") and not k.session.has_citizen_data


def test_hidden_corner_asks_for_the_technician_pin(kiosk_app, qtbot):
    k = kiosk_app("self-service")
    for _ in range(5):
        tap(k, "techCorner")
    qtbot.waitUntil(lambda: k.app_model.screen == "TechLogin", timeout=2000)
    assert not k.idle.armed                                 # nothing of a citizen to protect here
