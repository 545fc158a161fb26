"""A passport chip read at the counter through the real PC/SC stack: pcscd with the
vpcd driver (devices.cards.pcscd_harness, reused when the card tests already run it)
and the simulated eMRTD; BAC with the MRZ details typed by the clerk (a wrong one), then
read from the data page under the document-camera simulator (the same specimen MRZ). The
chip placed on the reader starts the camera on its MRZ without a tap."""

import time

import pytest

from ui_testkit import (add_operator, both_languages, find_item, scroll_into_view, settle, sign_in, tap,
                        type_into, vpcd_chip_reader)

READER = "Virtual PCD 00 00"


@pytest.mark.pcsc
def test_passport_chip_read_at_the_counter(kiosk_app, qtbot, ui_config, tmp_path):
    from devices.cards import sample, sim_icao

    # In one pytest run with tests/cards, their session pcscd is already up: it is used.
    with vpcd_chip_reader(tmp_path, READER) as place:
        dataset = sample.make_icao_dataset(tmp_path / "icao", face_kb=8)
        add_operator(ui_config, "clerk5", "clerk", "112358")
        k = kiosk_app("counter", cards__csca_dir=str(dataset.parent / "csca"), camera__source="simulator:passport")
        settle(qtbot, k, 10000)
        sign_in(k, qtbot, "clerk5", "112358")

        place(sim_icao.load_dataset(dataset))
        qtbot.waitUntil(lambda: k.flow.property("chipPresent"), timeout=10000)   # event -> queued -> screen
        # the chip placed starts the camera on its MRZ by itself (no tap); the clerk types instead
        qtbot.waitUntil(lambda: k.flow.property("mrzScanning"), timeout=5000)
        tap(k, "stopMrz")
        qtbot.waitUntil(lambda: not k.flow.property("mrzScanning"), timeout=5000)
        settle(qtbot, k)
        type_into(k, "input_mrz_document", "L898902C")
        type_into(k, "input_mrz_birth", "690806")
        type_into(k, "input_mrz_expiry", "940629")          # one digit wrong: BAC fails
        tap(k, "readChip")
        qtbot.waitUntil(lambda: k.flow.property("cardState") == "denied", timeout=30000)
        both_languages(qtbot, k, "flow-counter-chip-denied")
        from ui_testkit import find_item
        for name in ("input_mrz_document", "input_mrz_birth", "input_mrz_expiry"):
            find_item(k, name).setProperty("text", "")
        tap(k, "scanMrz")                                    # the MRZ from the camera this time
        qtbot.waitUntil(lambda: k.flow.property("mrzScanning") and k.flow.property("previewSerial") > 0,
                        timeout=10000)
        qtbot.wait(1500)                                     # the page slides in
        # the citizen hears what the camera sees: the page found, held still, read
        qtbot.waitUntil(lambda: k.flow.property("mrzHint") in ("hold_still", "reading")
                        and find_item(k, "mrzHint").isVisible(), timeout=10000)
        assert find_item(k, "mrzHint").property("text").strip()
        scroll_into_view(find_item(k, "mrzPreview"))
        both_languages(qtbot, k, "flow-counter-chip-mrz-camera")
        t0 = time.monotonic()
        qtbot.waitUntil(lambda: find_item(k, "input_mrz_expiry").property("text") == "940623", timeout=90000)
        print(f"\n[mrz] BAC key read from the camera simulator in {time.monotonic() - t0:.1f} s")
        assert not k.flow.property("mrzScanning")
        assert find_item(k, "input_mrz_document").property("text") == "L898902C"
        assert find_item(k, "input_mrz_birth").property("text") == "690806"
        tap(k, "readChip")
        qtbot.waitUntil(lambda: k.app_model.screen == "Service", timeout=30000)
        ident = k.flow.property("identity")
        assert ident["source"] == "chip" and ident["verification"] == "chip_signature_valid"
        assert k.session.identity.surname == "ERIKSSON"
        # the chip's face image, shown for the clerk to compare, gone at the wipe
        assert ident["photo_serial"] > 0 and k.photo_provider.has_photo
        settle(qtbot, k)
        assert find_item(k, "identityPhoto").isVisible()
        both_languages(qtbot, k, "flow-counter-chip-identified")
        k.flow.nextCitizen()
        settle(qtbot, k)
        assert not k.photo_provider.has_photo and k.flow.property("identity") == {}
