"""Self-service: a citizen's whole visit (attract -> done) with the language and the
large-text switch used on the way; technician: PIN sign-in with the role the core
requires, the screen's figures, sign-out."""

import re

from ui_testkit import (add_operator, both_languages, choose_by_search, continue_to, find_item, qml_problems, settle,
                        sign_in, tap, type_into)

ID_NUMBER = "11010519491231002X"


def test_self_service_visit_end_to_end(kiosk_app, qtbot, qtlog):
    k = kiosk_app("self-service")
    settle(qtbot, k, 10000)
    k.heartbeat.start()
    tap(k, "attractLang_en")
    assert k.app_model.language == "en"
    tap(k, "start")
    qtbot.waitUntil(lambda: k.app_model.screen == "Identify")
    type_into(k, "input_name", "ZHANG SAN")
    type_into(k, "input_id_number", ID_NUMBER)
    tap(k, "identifyNext")
    qtbot.waitUntil(lambda: k.app_model.screen == "Service", timeout=5000)
    settle(qtbot, k)
    offered = [r["id"] for r in k.flow.property("results")]
    assert offered and "birth-certificate-reissue" not in offered      # counter-only services are not offered
    choose_by_search(k, qtbot, "marriage")
    tap(k, "largeText")
    settle(qtbot, k)
    assert k.app_model.largeText
    both_languages(qtbot, k, "flow-self-service-form-large-text")
    continue_to(k, qtbot, "Done")
    assert re.fullmatch(r"\d{6}-K01-\d{8}-\d{6}-.", k.flow.property("done")["case_number"])
    settle(qtbot, k)
    both_languages(qtbot, k, "flow-self-service-done")
    number = k.flow.property("done")["case_number"]
    tap(k, "finish")
    qtbot.waitUntil(lambda: k.app_model.screen == "Attract", timeout=5000)
    assert not k.session.has_citizen_data and k.app_model.language == "zh_CN" and not k.app_model.largeText

    # The status enquiry finds the case by the number on the slip, showing no personal data
    tap(k, "status")
    qtbot.waitUntil(lambda: k.app_model.screen == "Status")
    type_into(k, "input_case_number", number[:-1] + ("0" if number[-1] != "0" else "1"))   # a typo
    tap(k, "checkStatus")
    qtbot.waitUntil(lambda: k.flow.property("statusError") == "invalid", timeout=5000)
    find_item(k, "input_case_number").setProperty("text", "")
    type_into(k, "input_case_number", number)
    tap(k, "checkStatus")
    qtbot.waitUntil(lambda: k.flow.property("caseStatus").get("state") == "submitted", timeout=5000)
    assert set(k.flow.property("caseStatus")) == {"case_number", "service", "state", "promised_date", "submitted_at"}
    settle(qtbot, k)
    both_languages(qtbot, k, "flow-self-service-status")
    k.app_model.endSession("done")
    k.heartbeat.stop()
    assert qml_problems(k, qtlog) == []
    print(f"\n[stall] self-service visit: longest GUI-thread gap {k.heartbeat.longest_gap_ms:.1f} ms")
    assert k.heartbeat.longest_gap_ms < 250


class ReaderScans:
    """Stands in for PC/SC here: the only pcscd this machine can run belongs to the
    tests/cards session (tests/cards/test_service.py reads a chip through it). Plays a
    reader appearing, a card placed on it, then staying."""
    def __init__(self):
        self.scans = [{}, {"ACS ACR1252 00 00": False}, {"ACS ACR1252 00 00": True}]

    def scan(self):
        return self.scans.pop(0) if len(self.scans) > 1 else self.scans[0]

    def close(self):
        pass


def test_technician_sign_in_needs_the_role(kiosk_app, qtbot, ui_config):
    add_operator(ui_config, "clerk2", "clerk", "135790")
    add_operator(ui_config, "tech1", "technician", "864201")
    k = kiosk_app("technician", pcsc_scanner_factory=ReaderScans)
    type_into(k, "input_username", "clerk2")
    type_into(k, "input_pin", "135790")
    tap(k, "signIn")
    qtbot.waitUntil(lambda: k.flow.property("loginError") == "role", timeout=5000)
    assert k.app_model.screen == "TechLogin"
    find_item(k, "input_username").setProperty("text", "")
    find_item(k, "input_pin").setProperty("text", "")
    sign_in(k, qtbot, "tech1", "864201", screen="Technician")
    qtbot.waitUntil(lambda: "pending" in k.tech.property("sync") or "error" in k.tech.property("sync"), timeout=5000)
    parts = {p["key"]: p["state"] for p in k.tech.property("parts")}
    assert parts["store"] == "available" and parts["cases"] == "available"
    assert k.tech.property("sync").get("pending") == 0
    # live status from the printer's and the sync worker's own threads, delivered by queued signals
    qtbot.waitUntil(lambda: bool(k.tech.property("printer")), timeout=10000)
    qtbot.waitUntil(lambda: bool(k.tech.property("sync").get("phase")), timeout=10000)
    print("\nprinter:", k.tech.property("printer"), "sync phase:", k.tech.property("sync").get("phase"))
    # reader status and events from pyscard's owner thread, delivered by queued signals
    qtbot.waitUntil(lambda: k.tech.property("readers").get("last_event") == "card_inserted", timeout=10000)
    assert k.tech.property("readers")["names"] == ["ACS ACR1252 00 00"]
    assert k.tech.property("readers")["state"] == "connected"
    slip = ui_config.data_dir / "simulated-printer.bin"
    before = slip.stat().st_size if slip.exists() else 0
    tap(k, "testPrint")
    qtbot.waitUntil(lambda: k.tech.property("testPrintState") == "queued", timeout=10000)
    qtbot.waitUntil(lambda: slip.exists() and slip.stat().st_size > before, timeout=10000)
    both_languages(qtbot, k, "technician-signed-in")


def test_id_card_read_on_the_simulated_reader(kiosk_app, qtbot):
    """The simulators' GA/T 467 SAM on a pty stands in for the resident ID reader."""
    k = kiosk_app("self-service")
    tap(k, "start")
    qtbot.waitUntil(lambda: k.app_model.screen == "Identify")
    tap(k, "readCard")
    qtbot.waitUntil(lambda: k.app_model.screen == "Service", timeout=10000)
    ident = k.flow.property("identity")
    assert ident["source"] == "ga467" and ident["verification"] == "chip_signature_valid"
    assert ident["id_number"] == "1101**********002X"             # masked for the screen
    assert k.session.identity.id_number == ID_NUMBER              # complete in the session only


def test_a_read_finishing_after_the_wipe_is_dropped(kiosk_app, qtbot):
    k = kiosk_app("self-service")
    tap(k, "start")
    qtbot.waitUntil(lambda: k.app_model.screen == "Identify")
    k.flow.readIdCard()
    k.app_model.endSession("idle")                                 # wiped while the reader works
    qtbot.waitUntil(lambda: not k.tasks.busy, timeout=10000)
    settle(qtbot, k)
    assert k.session.identity is None and k.flow.property("identity") == {}
    assert k.app_model.screen == "Attract"


def test_spoken_guidance_when_turned_on_and_off_after_the_wipe(kiosk_app, qtbot):
    # Qt's "mock" text-to-speech engine: speech-dispatcher does not run on this machine.
    k = kiosk_app("self-service", speech_engine="mock")
    assert k.speech.property("available")
    settle(qtbot, k)                      # the button appears once the engine answered
    tap(k, "speech")
    assert k.speech.property("enabled")
    tap(k, "start")
    qtbot.waitUntil(lambda: any("申请人是谁" in t for t in k.speech.spoken), timeout=3000)
    k.app_model.setLanguage("en")
    k.app_model.go("Service")
    qtbot.waitUntil(lambda: any("Which service do you need?" in t for t in k.speech.spoken), timeout=3000)
    k.app_model.endSession("idle")
    assert not k.speech.property("enabled") and k.speech.spoken == []
