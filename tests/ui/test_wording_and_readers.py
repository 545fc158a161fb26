"""Who the Identify / Status texts speak to: the clerk at the counter ("Read the ID card",
"读取身份证"), the citizen in self-service ("Read my ID card", "读取我的身份证"). And the
technician's PC/SC readers: the state once, each reader once with its card, live events."""

from ui_testkit import add_operator, both_languages, find_item, in_each_language, scroll_into_view, settle, sign_in, tap

WORDS = {  # objectName -> (counter, self-service) texts per language
    "zh_CN": {"readCard": ("读取身份证", "读取我的身份证")},
    "en": {"readCard": ("Read the ID card", "Read my ID card")},
}


def _text(k, name):
    return find_item(k, name).property("text")


def test_counter_speaks_to_the_clerk_self_service_to_the_citizen(kiosk_app, qtbot, ui_config):
    add_operator(ui_config, "clerk7", "clerk", "246813")
    k = kiosk_app("counter")
    settle(qtbot, k, 10000)
    sign_in(k, qtbot, "clerk7", "246813")

    def counter_identify(lang):
        assert _text(k, "readCard") == WORDS[lang]["readCard"][0]
    in_each_language(qtbot, k, counter_identify)
    both_languages(qtbot, k, "wording-counter-identify")
    qtbot.waitUntil(lambda: k.services._sim_sam is not None, timeout=5000)   # the simulated ID reader, polled
    k.services._sim_sam.sam.card_present = False
    k.app_model.setLanguage("en")
    tap(k, "readCard")                                      # no card there: said to the clerk
    qtbot.waitUntil(lambda: k.flow.property("cardState") == "removed", timeout=10000)
    assert _text(k, "cardState") == "No card found. Place the ID card on the reader and try again."
    tap(k, "counterStatus")
    qtbot.waitUntil(lambda: k.app_model.screen == "Status")

    def counter_status(lang):
        assert _text(k, "statusReadCard") == WORDS[lang]["readCard"][0]
        assert "your" not in _text(k, "scanSlip").lower() and "您" not in _text(k, "scanSlip")
    in_each_language(qtbot, k, counter_status)
    both_languages(qtbot, k, "wording-counter-status")

    s = kiosk_app("self-service")
    settle(qtbot, s, 10000)
    tap(s, "start")
    qtbot.waitUntil(lambda: s.app_model.screen == "Identify")

    def self_identify(lang):
        assert _text(s, "readCard") == WORDS[lang]["readCard"][1]
    in_each_language(qtbot, s, self_identify)
    both_languages(qtbot, s, "wording-self-service-identify")
    s.app_model.endSession("cancel")
    qtbot.waitUntil(lambda: s.app_model.screen == "Attract")
    tap(s, "status")
    qtbot.waitUntil(lambda: s.app_model.screen == "Status")

    def self_status(lang):
        assert _text(s, "statusReadCard") == WORDS[lang]["readCard"][1]
    in_each_language(qtbot, s, self_status)
    both_languages(qtbot, s, "wording-self-service-status")


class TwoReaders:
    """Stands in for PC/SC here (the only pcscd this machine can run belongs to tests/cards;
    tests/ui/test_technician_devices.py watches a real one): the test moves the cards."""
    state = {}

    def scan(self):
        return dict(TwoReaders.state)

    def close(self):
        pass


def test_technician_lists_each_reader_once_with_live_events(kiosk_app, qtbot, ui_config):
    add_operator(ui_config, "tech3", "technician", "975310")
    TwoReaders.state = {"ACS ACR1252 00 00": False, "REINER SCT cyberJack 01 00": False}
    k = kiosk_app("technician", pcsc_scanner_factory=TwoReaders)
    sign_in(k, qtbot, "tech3", "975310", screen="Technician")
    qtbot.waitUntil(lambda: len(k.tech.property("readers").get("names", [])) == 2, timeout=5000)
    TwoReaders.state["ACS ACR1252 00 00"] = True                # a card placed
    qtbot.waitUntil(lambda: k.tech.property("readers").get("cards") == ["ACS ACR1252 00 00"], timeout=5000)
    settle(qtbot, k)
    k.app_model.setLanguage("en")
    settle(qtbot, k)
    assert _text(k, "readersText") == "State: connected" or _text(k, "readersText").startswith("State: ")
    assert not find_item(k, "readersDetail").isVisible()        # the names are not repeated there
    rows = [_text(k, "readerRow_0"), _text(k, "readerRow_1")]
    assert rows == ["• ACS ACR1252 00 00: a card is on it", "• REINER SCT cyberJack 01 00: no card"]
    events = _text(k, "readerEvents")
    assert events.splitlines()[1].endswith("card placed · ACS ACR1252 00 00")
    # every reader name appears once on the screen's reader lines
    shown = "\n".join([_text(k, "readersText")] + rows)
    assert shown.count("ACS ACR1252 00 00") == 1 and shown.count("cyberJack") == 1
    scroll_into_view(find_item(k, "readerEvents"))
    f = find_item(k, "readerEvents").parentItem()
    while f.property("contentY") is None:
        f = f.parentItem()
    f.setProperty("contentY", max(0.0, f.property("contentY") - 260))   # the whole reader block in view
    both_languages(qtbot, k, "technician-readers")
    TwoReaders.state = {"REINER SCT cyberJack 01 00": False}  # the ACS reader unplugged, card and all
    qtbot.waitUntil(lambda: k.tech.property("readers").get("names") == ["REINER SCT cyberJack 01 00"], timeout=5000)
    settle(qtbot, k)
    assert _text(k, "readerEvents").splitlines()[1].endswith("reader removed · ACS ACR1252 00 00")
    assert "card taken away · ACS ACR1252 00 00" in _text(k, "readerEvents")
