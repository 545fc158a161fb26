"""Next citizen: Identify and the Status lookup wait for a card. The GA/T 467 reader
(the pty simulator through the product's serial code) is polled on its own thread while
those screens are shown; a card placed is read without a tap, a card left lying there
from before is not; polling stops when the screen is left; a read that ends after the
session wipe is dropped. The GUI thread keeps beating meanwhile."""

import time

from devices.cards import ga467

from ui_testkit import add_operator, both_languages, settle, sign_in, tap

ID_NUMBER = "11010519491231002X"      # the GA/T 467 simulator's sample resident card


def _sam(k, qtbot):
    """The simulator's software SAM once the Identify/Status screen polls it."""
    qtbot.waitUntil(lambda: k.services.id_watch is not None and k.services._sim_sam is not None, timeout=5000)
    return k.services._sim_sam.sam


def _waiting_with_the_card_lifted(kiosk_app, qtbot, button, screen):
    """Self-service on `screen` (reached by `button`), the reader polled, the card lifted."""
    k = kiosk_app("self-service")
    settle(qtbot, k, 10000)
    tap(k, button)
    qtbot.waitUntil(lambda: k.app_model.screen == screen)
    sam = _sam(k, qtbot)
    sam.card_present = False
    qtbot.wait(700)                       # two polls see it gone
    return k, sam


def _reads(sam):
    return sum(1 for c in sam.commands if c in (ga467.CMD_READ_BASE, ga467.CMD_READ_BASE_FP))


def test_identify_reads_a_card_placed_on_the_reader_without_a_tap(kiosk_app, qtbot):
    k = kiosk_app("self-service")
    settle(qtbot, k, 10000)
    tap(k, "start")
    qtbot.waitUntil(lambda: k.app_model.screen == "Identify")
    sam = _sam(k, qtbot)
    # The card already lying there (the previous citizen's, say) is not read by itself.
    qtbot.wait(1000)
    finds = sum(1 for c in sam.commands if c == ga467.CMD_FIND)
    assert finds >= 2, "the reader is polled while Identify is shown"
    assert _reads(sam) == 0 and k.app_model.screen == "Identify"

    sam.card_present = False                                   # lifted...
    qtbot.wait(700)
    k.heartbeat.start()
    t0 = time.monotonic()
    sam.card_present = True                                    # ...and placed: read at once, no tap
    qtbot.waitUntil(lambda: k.app_model.screen == "Service", timeout=5000)
    took = time.monotonic() - t0
    k.heartbeat.stop()
    ident = k.flow.property("identity")
    assert ident["source"] == "ga467" and k.session.identity.id_number == ID_NUMBER
    print(f"\n[card] placed -> Service screen in {took:.2f} s; longest GUI-thread gap "
          f"{k.heartbeat.longest_gap_ms:.1f} ms over {k.heartbeat.beats} heartbeats")
    assert took < 3.0
    assert k.heartbeat.longest_gap_ms < 250       # target < 100 ms; room for a loaded CI machine

    # Leaving the screen stops the polling.
    qtbot.waitUntil(lambda: k.services.id_watch is None, timeout=5000)
    n = len(sam.commands)
    qtbot.wait(800)
    assert len(sam.commands) == n

    # The button stays as the fallback (the card is still on the reader).
    k.app_model.endSession("cancel")
    qtbot.waitUntil(lambda: k.app_model.screen == "Attract")
    tap(k, "start")
    qtbot.waitUntil(lambda: k.app_model.screen == "Identify")
    _sam(k, qtbot)
    tap(k, "readCard")
    qtbot.waitUntil(lambda: k.app_model.screen == "Service", timeout=8000)
    assert k.flow.property("identity")["source"] == "ga467"
    qtbot.waitUntil(lambda: k.services.id_watch is None, timeout=5000)


def test_a_card_read_that_ends_after_the_wipe_is_dropped(kiosk_app, qtbot):
    k, sam = _waiting_with_the_card_lifted(kiosk_app, qtbot, "start", "Identify")
    sam.pieces = 200                      # a slow reader: the reply dribbles in for ~2 s
    sam.card_present = True
    qtbot.waitUntil(lambda: k.flow.property("cardState") == "reading", timeout=5000)
    k.app_model.endSession("idle")        # the citizen walked away mid-read
    qtbot.waitUntil(lambda: k.app_model.screen == "Attract")
    qtbot.waitUntil(lambda: _reads(sam) >= 1, timeout=5000)
    qtbot.wait(3000)                      # the read ends, its result arrives: dropped
    assert k.session.identity is None and k.flow.property("identity") == {}
    assert k.app_model.screen == "Attract" and k.flow.property("cardState") == ""
    assert k.services.id_watch is None


def test_status_lookup_by_a_card_placed(kiosk_app, qtbot):
    k, sam = _waiting_with_the_card_lifted(kiosk_app, qtbot, "status", "Status")
    sam.card_present = True
    qtbot.waitUntil(lambda: k.flow.property("citizenLookedUp"), timeout=5000)
    assert k.app_model.screen == "Status"              # not taken into the application flow
    assert k.flow.property("citizenCases") == []
    settle(qtbot, k)
    both_languages(qtbot, k, "flow-self-service-status-card-placed")
    tap(k, "statusBack")
    qtbot.waitUntil(lambda: k.app_model.screen == "Attract")
    qtbot.waitUntil(lambda: k.services.id_watch is None, timeout=5000)
    assert k.session.identity is None


def test_counter_next_citizen_waits_for_their_own_card(kiosk_app, qtbot, ui_config):
    """At the counter the clerk never taps Read: the card placed is read; after "next
    citizen" the previous citizen's card, still lying there, is not read for the next one."""
    add_operator(ui_config, "clerk8", "clerk", "135246")
    k = kiosk_app("counter")
    settle(qtbot, k, 10000)
    sign_in(k, qtbot, "clerk8", "135246")
    sam = _sam(k, qtbot)
    sam.card_present = False
    qtbot.wait(700)
    sam.card_present = True
    qtbot.waitUntil(lambda: k.app_model.screen == "Service", timeout=5000)
    assert k.flow.property("identity")["source"] == "ga467"
    k.flow.nextCitizen()                                     # the card is left on the reader
    qtbot.waitUntil(lambda: k.app_model.screen == "Identify", timeout=5000)
    qtbot.waitUntil(lambda: k.services.id_watch is not None, timeout=5000)
    reads = _reads(sam)
    qtbot.wait(1200)
    assert _reads(sam) == reads and k.app_model.screen == "Identify" and k.session.identity is None
    assert k.flow.property("loggedIn")
