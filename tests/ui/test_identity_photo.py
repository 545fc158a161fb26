"""The identity panel when a GA/T 467 card's WLT photo cannot be decoded (no vendor decoder
configured, cards.wlt_decoder, or one that does not work): it says so in words instead of
showing an empty space. The simulators' GA/T 467 SAM on a pty is the reader."""

from ui_testkit import both_languages, find_item, settle


def _read_card(k, qtbot):
    settle(qtbot, k, 10000)
    assert k.app_model.screen == "Identify"
    k.flow.readIdCard()
    qtbot.waitUntil(lambda: k.app_model.screen == "Service", timeout=10000)
    settle(qtbot, k)
    return k.flow.property("identity")


def test_no_decoder_installed_is_said_in_words(kiosk_app, qtbot):
    k = kiosk_app("self-service")
    k.app_model.go("Identify")
    ident = _read_card(k, qtbot)
    assert ident["source"] == "ga467" and ident["photo_serial"] == 0
    assert ident["photo_note"] == "no_decoder"
    assert not find_item(k, "identityPhoto").isVisible()
    note = find_item(k, "identityPhotoNote")
    assert note.isVisible() and "解码" in note.property("text")
    both_languages(qtbot, k, "identity-photo-no-decoder")
    k.app_model.setLanguage("en")
    settle(qtbot, k)
    assert "decoder is not installed" in find_item(k, "identityPhotoNote").property("text")


def test_a_decoder_that_does_not_work_is_said_too(kiosk_app, qtbot, tmp_path):
    k = kiosk_app("self-service", cards__wlt_decoder=str(tmp_path / "no-such-libwlt.so"))
    k.app_model.go("Identify")
    ident = _read_card(k, qtbot)
    assert ident["photo_serial"] == 0 and ident["photo_note"] == "undecodable"
    assert find_item(k, "identityPhotoNote").isVisible()


def test_typed_identity_has_no_photo_note(kiosk_app, qtbot):
    k = kiosk_app("self-service")
    k.app_model.go("Identify")
    settle(qtbot, k, 10000)
    k.flow.identifyTyped("11010519491231002X", "张三")
    qtbot.waitUntil(lambda: k.app_model.screen == "Service", timeout=5000)
    settle(qtbot, k)
    assert k.flow.property("identity")["photo_note"] == ""
    assert not find_item(k, "identityPhotoNote").isVisible()
