"""A scripted counter flow against the real core (store, operators, catalogue, cases)
and the file printer of the simulated devices, with the GUI-thread stall measured by
a QTimer heartbeat throughout. Screenshots of every populated step in both languages."""

import re

from ui_testkit import (add_operator, both_languages, find_item, qml_problems, scroll_into_view, settle,
                        sign_in, tap, type_into)

ID_NUMBER = "11010519491231002X"   # the GB 11643 standard's example number (valid check digit)


def test_counter_flow_end_to_end(kiosk_app, qtbot, ui_config, qtlog, capsys):
    add_operator(ui_config, "clerk1", "clerk", "246810")
    k = kiosk_app("counter")
    settle(qtbot, k, 10000)     # start-up warm-up (store, catalogue index) done, as before a real first citizen
    k.heartbeat.start()
    both_languages(qtbot, k, "flow-counter-01-login")

    # Wrong PIN first: the core's verdict shows, in words
    type_into(k, "input_username", "clerk1")
    type_into(k, "input_pin", "999999")
    tap(k, "signIn")
    qtbot.waitUntil(lambda: k.flow.property("loginError") == "wrong", timeout=5000)
    both_languages(qtbot, k, "flow-counter-02-login-wrong")
    find_item(k, "input_pin").setProperty("text", "")
    type_into(k, "input_pin", "246810")
    tap(k, "signIn")
    qtbot.waitUntil(lambda: k.app_model.screen == "Identify", timeout=5000)
    assert k.flow.property("operatorName") == "Clerk1"

    # Identify by typed details (the card reader is not wired yet)
    type_into(k, "input_name", "张三")
    type_into(k, "input_id_number", ID_NUMBER[:-1] + "5")      # a wrong check digit first
    tap(k, "identifyNext")
    qtbot.waitUntil(lambda: k.flow.property("identifyError") != "", timeout=5000)
    both_languages(qtbot, k, "flow-counter-03-identify-invalid")
    find_item(k, "input_id_number").setProperty("text", "")
    type_into(k, "input_id_number", ID_NUMBER)
    tap(k, "identifyNext")
    qtbot.waitUntil(lambda: k.app_model.screen == "Service", timeout=5000)
    assert "*" in k.flow.property("identity")["id_number"]        # masked on screen

    # Service by pinyin initials
    type_into(k, "searchBox", "hydj")
    qtbot.waitUntil(lambda: any(r["id"] == "marriage-record-certificate" for r in k.flow.property("results")),
                    timeout=5000)
    settle(qtbot, k)
    both_languages(qtbot, k, "flow-counter-04-service-search")
    index = [r["id"] for r in k.flow.property("results")].index("marriage-record-certificate")
    tap(k, f"result_{index}")
    qtbot.waitUntil(lambda: k.app_model.screen == "Form", timeout=5000)
    fields = {f["id"]: f for f in k.flow.property("fields")}
    assert fields["applicant_id"]["value"] == ID_NUMBER               # prefilled from the identity
    k.flow.setField("phone", "12345")                                 # the core says no
    settle(qtbot, k)
    assert k.flow.property("problems").get("phone")
    assert {f["id"]: f for f in k.flow.property("fields")}["phone"]["value"] == "12345"   # kept to correct
    scroll_into_view(find_item(k, "input_phone"))
    both_languages(qtbot, k, "flow-counter-05-form-problem")
    k.flow.setField("phone", "13800138000")
    settle(qtbot, k)
    assert "phone" not in k.flow.property("problems")

    tap(k, "formNext")
    qtbot.waitUntil(lambda: k.app_model.screen == "Materials" and bool(k.flow.property("materials")), timeout=5000)
    for m in k.flow.property("materials"):
        if m["required"]:
            k.flow.markShared(m["id"])
    settle(qtbot, k)
    assert all(m["satisfied"] for m in k.flow.property("materials"))
    both_languages(qtbot, k, "flow-counter-06-materials")

    tap(k, "materialsNext")
    qtbot.waitUntil(lambda: k.app_model.screen == "Review", timeout=5000)
    settle(qtbot, k)
    assert k.flow.property("ready")
    both_languages(qtbot, k, "flow-counter-07-review")
    tap(k, "submit")
    qtbot.waitUntil(lambda: k.app_model.screen == "Done", timeout=5000)
    number = k.flow.property("done")["case_number"]
    assert re.fullmatch(r"\d{6}-[A-Z0-9]{1,4}-\d{8}-\d{6}-[0-9A-Z]", number), number
    qtbot.waitUntil(lambda: k.flow.property("printState") in ("queued", "failed", "unavailable"), timeout=10000)
    assert k.flow.property("printState") == "queued"
    slip = ui_config.data_dir / "simulated-printer.bin"
    qtbot.waitUntil(lambda: slip.exists() and slip.stat().st_size > 0, timeout=10000)
    both_languages(qtbot, k, "flow-counter-08-done")

    tap(k, "finish")
    qtbot.waitUntil(lambda: k.app_model.screen == "Identify", timeout=5000)
    assert k.flow.property("identity") == {} and k.flow.property("fields") == []
    assert k.session.case_number is None and k.flow.property("loggedIn")   # the clerk stays signed in

    # Today's cases, with a reprint of the slip
    tap(k, "todaysCases")
    qtbot.waitUntil(lambda: [c["case_number"] for c in k.flow.property("todaysCases")] == [number], timeout=5000)
    assert k.flow.property("todaysCases")[0]["masked_name"] == "张*"
    tap(k, "reprint_0")
    qtbot.waitUntil(lambda: k.flow.property("printState") == "queued", timeout=5000)
    qtbot.waitUntil(lambda: k.flow.property("kpis").get("cases") == 1, timeout=5000)
    assert k.flow.property("kpis")["one_visit"] == {"num": 1, "den": 1}
    assert k.flow.property("kpis")["materials"] == {"num": 1, "den": 1}      # shared: not brought
    tap(k, "endOfDay")
    qtbot.waitUntil(lambda: k.flow.property("printState") == "queued", timeout=5000)
    both_languages(qtbot, k, "flow-counter-09-todays-cases")

    k.heartbeat.stop()
    assert qml_problems(k, qtlog) == []
    with capsys.disabled():
        print(f"\n[stall] longest GUI-thread gap during the counter flow: {k.heartbeat.longest_gap_ms:.1f} ms "
              f"over {k.heartbeat.beats} heartbeats (target < 100 ms); gaps > 50 ms: {k.heartbeat.gaps}")
    # The target is < 100 ms (measured ~60-70 ms here); the bound leaves room for a loaded CI machine.
    assert k.heartbeat.longest_gap_ms < 250


def test_choice_fields_are_buttons_and_the_core_checks_them(kiosk_app, qtbot):
    from ui.qt import QQuickItem
    k = kiosk_app("self-service")
    settle(qtbot, k, 10000)
    tap(k, "start")
    qtbot.waitUntil(lambda: k.app_model.screen == "Identify")
    type_into(k, "input_name", "张三")
    type_into(k, "input_id_number", ID_NUMBER)
    tap(k, "identifyNext")
    qtbot.waitUntil(lambda: k.app_model.screen == "Service", timeout=5000)
    k.flow.chooseService("hukou-certificate")
    qtbot.waitUntil(lambda: k.app_model.screen == "Form", timeout=5000)
    purpose = {f["id"]: f for f in k.flow.property("fields")}["purpose"]
    assert [o["value"] for o in purpose["options"]] == ["school", "job", "other"]
    settle(qtbot, k)
    tap(k, "choice_purpose_job")
    qtbot.waitUntil(lambda: {f["id"]: f for f in k.flow.property("fields")}["purpose"]["value"] == "job",
                    timeout=5000)
    assert "purpose" not in k.flow.property("problems")
    both_languages(qtbot, k, "flow-self-service-form-choice")


def test_counter_supervisor_waiver(kiosk_app, qtbot, ui_config):
    add_operator(ui_config, "clerk4", "clerk", "271828")
    add_operator(ui_config, "super1", "supervisor", "161803")
    k = kiosk_app("counter")
    settle(qtbot, k, 10000)
    sign_in(k, qtbot, "clerk4", "271828")
    type_into(k, "input_name", "张三")
    type_into(k, "input_id_number", ID_NUMBER)
    tap(k, "identifyNext")
    qtbot.waitUntil(lambda: k.app_model.screen == "Service", timeout=5000)
    k.flow.chooseService("birth-certificate-reissue")
    qtbot.waitUntil(lambda: k.app_model.screen == "Form", timeout=5000)
    tap(k, "formNext")
    qtbot.waitUntil(lambda: k.app_model.screen == "Materials" and bool(k.flow.property("materials")), timeout=5000)
    settle(qtbot, k)
    tap(k, "waive_0")
    settle(qtbot, k)
    type_into(k, "input_supervisor", "super1")
    type_into(k, "input_supervisor_pin", "000000")
    type_into(k, "input_waive_reason", "original seen at the counter")
    tap(k, "waiveConfirm")
    qtbot.waitUntil(lambda: k.flow.property("waiveError") == "auth", timeout=5000)
    both_languages(qtbot, k, "flow-counter-waiver-refused")
    find_item(k, "input_supervisor_pin").setProperty("text", "")
    type_into(k, "input_supervisor_pin", "161803")
    tap(k, "waiveConfirm")
    qtbot.waitUntil(lambda: k.flow.property("materials")[0]["disposition"] == "waived", timeout=5000)
    assert k.flow.property("materials")[0]["satisfied"]
    settle(qtbot, k)
    assert find_item(k, "input_supervisor_pin").property("text") == ""     # the PIN does not linger
    both_languages(qtbot, k, "flow-counter-waiver-done")
