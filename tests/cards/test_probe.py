"""CardService.probe: the technician's timed test read (ATR, connect and SELECT eMRTD
times, virtual-reader flag) on the service's owner thread, under the reader watchdog
(cards.apdu_timeout_s). Over a real pcscd + vpcd, and in-process for the refusals."""

import queue
import threading
import time
from pathlib import Path

import pytest

from devices.cards import sim_icao
from devices.cards.service import CardService, ProbeResult
from devices.cards.transport import SimulatorTransport
from devices.cards.watchdog import READER_STOPPED

DUMP = Path(__file__).parent / "data" / "bsi_tr03105_5"
V = "Virtual PCD 00 00"


class OneReader:
    """The scan result of one reader with a card (stands in for PC/SC in the in-process tests)."""

    def scan(self):
        return {V: True}

    def close(self):
        pass


class Silent:
    """A chip that never answers an APDU until released (in-process stand-in for a hung reader)."""

    def __init__(self, card):
        self.card, self.atr = card, card.atr
        self.release = threading.Event()

    def process(self, apdu):
        self.release.wait()
        return b""

    def reset(self):
        self.card.reset()


@pytest.mark.pcsc
def test_probe_over_pcscd_times_connect_and_select(vcard, icao_dataset):
    done = queue.Queue()
    svc = CardService(allow_virtual=True, interval=0.05)
    svc.start()
    try:
        vcard(sim_icao.load_dataset(icao_dataset))
        owner = []
        svc.probe(V, lambda r: (owner.append(threading.current_thread().name), done.put(r)))
        r = done.get(timeout=10)
        assert isinstance(r, ProbeResult) and r.ok, r.detail
        assert r.reader == V and r.virtual is True
        assert r.sw == "9000"                         # the eMRTD application is there
        assert len(bytes.fromhex(r.atr)) >= 2 and r.atr == r.atr.upper()
        assert r.connect_ms > 0 and r.select_ms > 0 and r.select_ms < 5000
        assert owner[0].startswith("pyscard-owner")    # pyscard stays on its owner thread
        d = r.as_dict()
        assert set(d) >= {"ok", "reader", "virtual", "atr", "connect_ms", "select_ms", "sw", "detail"}
        print(f"\n[probe] pcscd+vpcd: connect {r.connect_ms} ms, SELECT {r.select_ms} ms, ATR {r.atr}")
        # a reader with no card: a failed test read, in words, not an exception
        svc.probe("Virtual PCD 00 01", done.put)
        r = done.get(timeout=10)
        assert not r.ok and r.detail and r.virtual is True
    finally:
        svc.stop()


@pytest.mark.pcsc
def test_probe_over_pcscd_when_the_card_goes_silent(replug_card):
    from devices.cards.pcsc import wait_for_card
    from devices.cards.vpcd import VpcdCard
    done = queue.Queue()
    svc = CardService(allow_virtual=True, interval=0.05, apdu_timeout=1.0)
    silent = VpcdCard(sim_icao.load_dump(DUMP), stall_after_apdus=0)    # the SELECT never gets an answer
    svc.start()
    try:
        silent.insert()
        assert wait_for_card(V, 5.0)
        t0 = time.monotonic()
        svc.probe(V, done.put)
        r = done.get(timeout=10)
        took = time.monotonic() - t0
        assert not r.ok and r.error_code == "reader_timeout" and READER_STOPPED in r.detail, r
        assert 1.0 <= took < 6
        replug_card(svc, silent, sim_icao.load_dump(DUMP))
        svc.probe(V, done.put)                     # the new owner thread answers the next test
        r = done.get(timeout=10)
        assert r.ok and r.sw == "9000", r.detail
        assert done.empty()                        # the abandoned probe's late result was dropped
    finally:
        silent.remove()
        svc.stop()


def test_probe_in_process_refusals_and_watchdog():
    done = queue.Queue()
    # virtual readers disabled: refused without touching the reader
    svc = CardService(allow_virtual=False, scanner_factory=OneReader, interval=0.02)
    svc.start()
    try:
        svc.probe(V, done.put)
        r = done.get(timeout=5)
        assert not r.ok and r.virtual and "cards.allow_virtual" in r.detail
    finally:
        svc.stop()
    # a silent chip: the watchdog answers within apdu_timeout, the late result is dropped
    chip = Silent(sim_icao.load_dump(DUMP))
    svc = CardService(allow_virtual=True, scanner_factory=OneReader, interval=0.02, apdu_timeout=0.3,
                      transport_factory=lambda name: SimulatorTransport(chip))
    svc.start()
    try:
        t0 = time.monotonic()
        svc.probe(V, done.put)
        r = done.get(timeout=5)
        assert r.error_code == "reader_timeout" and 0.3 <= time.monotonic() - t0 < 2.5
        svc.probe(V, done.put)                     # still blocked on it: fails at once
        r = done.get(timeout=5)
        assert r.error_code == "reader_timeout" and "still blocked" in r.detail
        chip.release.set()
        time.sleep(0.3)
        assert done.empty()
    finally:
        chip.release.set()
        svc.stop()
