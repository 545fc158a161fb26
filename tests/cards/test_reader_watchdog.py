"""A reader that stops answering: reported within cards.apdu_timeout_s, the late result
dropped, later reads work. In-process (a card that blocks inside `process`) and over a
real pcscd + vpcd whose simulated card goes silent (pcscd's SCardTransmit then blocks)."""

import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from devices.cards import icao, sim_icao
from devices.cards.errors import ReaderTimeout
from devices.cards.service import CardService
from devices.cards.transport import SimulatorTransport
from devices.cards.watchdog import READER_STOPPED, run_watched

DUMP = Path(__file__).parent / "data" / "bsi_tr03105_5"
KEY = icao.AccessKey.from_mrz("C11T002JM", "960812", "231031")
V = "Virtual PCD 00 00"
KIOSK = [sys.executable, "-m", "kiosk"]


class SilentAfter:
    """Wraps a simulated chip; from APDU n on, `process` blocks until `release` is set,
    like a driver waiting for a card that went silent (in-process stand-in for vpcd)."""

    def __init__(self, card, n):
        self.card, self.n, self.seen = card, n, 0
        self.atr = card.atr
        self.release = threading.Event()
        self.blocked = threading.Event()

    def process(self, apdu):
        self.seen += 1
        if self.seen > self.n and not self.release.is_set():
            self.blocked.set()
            self.release.wait()
            return b""  # what a pulled card gives: the transport raises CardRemoved
        return self.card.process(apdu)

    def reset(self):
        self.card.reset()


class OneReader:
    """The scan result of one reader with a card (stands in for PC/SC in the in-process tests)."""

    def scan(self):
        return {V: True}

    def close(self):
        pass


def test_run_watched_gives_up_on_a_silent_transport():
    card = SilentAfter(sim_icao.load_dump(DUMP), 5)

    def work(transports):
        t = SimulatorTransport(card)
        transports.append(t)
        return icao.IcaoReader(t).read(KEY)
    t0 = time.monotonic()
    with pytest.raises(ReaderTimeout, match=READER_STOPPED):
        run_watched(work, 0.3)
    assert 0.3 <= time.monotonic() - t0 < 2.0
    card.release.set()
    # a healthy read passes through, result and exceptions alike
    assert run_watched(lambda ts: 42, 0.3) == 42
    with pytest.raises(ValueError):
        run_watched(lambda ts: int("x"), 0.3)


def test_service_reports_a_silent_reader_drops_the_late_result_and_reads_again():
    chips = [SilentAfter(sim_icao.load_dump(DUMP), 8), SilentAfter(sim_icao.load_dump(DUMP), 10 ** 6)]
    done, statuses = queue.Queue(), []
    svc = CardService(on_status=statuses.append, allow_virtual=True, scanner_factory=OneReader, interval=0.02,
                      transport_factory=lambda name: SimulatorTransport(chips.pop(0) if len(chips) > 1 else chips[0]),
                      apdu_timeout=0.4)
    stuck_chip = chips[0]
    svc.start()
    try:
        t0 = time.monotonic()
        svc.read_icao(V, KEY, done.put)
        r = done.get(timeout=5)
        assert not r.ok and r.error_code == "reader_timeout" and READER_STOPPED in r.detail
        assert "ask staff" in r.citizen and 0.4 <= time.monotonic() - t0 < 3.0
        assert svc.status.state == "error" and READER_STOPPED in svc.status.detail
        # while the old owner is still blocked on that reader, a new read fails at once
        svc.read_icao(V, KEY, done.put)
        r = done.get(timeout=5)
        assert r.error_code == "reader_timeout" and "still blocked" in r.detail
        # the blocked call comes back (card pulled): its late result is dropped
        stuck_chip.release.set()
        deadline = time.monotonic() + 5
        while svc.stuck and time.monotonic() < deadline:
            time.sleep(0.02)
        assert not svc.stuck
        svc.read_icao(V, KEY, done.put)  # the new owner thread reads the next card
        r = done.get(timeout=10)
        assert r.ok, r.detail
        assert r.data["surname"] == "MUSTERMANN"
        time.sleep(0.1)
        assert done.empty()  # nothing late, nothing twice
        assert svc.status.state == "connected"
        assert any(s.state == "error" and READER_STOPPED in s.detail for s in statuses)
    finally:
        stuck_chip.release.set()
        svc.stop()


@pytest.mark.pcsc
def test_service_over_pcscd_when_the_card_goes_silent(replug_card):
    from devices.cards.pcsc import wait_for_card
    from devices.cards.vpcd import VpcdCard
    done, statuses = queue.Queue(), []
    svc = CardService(on_status=statuses.append, allow_virtual=True, interval=0.05, apdu_timeout=1.0)
    silent = VpcdCard(sim_icao.load_dump(DUMP), stall_after_apdus=12)
    svc.start()
    try:
        silent.insert()
        assert wait_for_card(V, 5.0)
        t0 = time.monotonic()
        svc.read_icao(V, KEY, done.put)
        r = done.get(timeout=10)
        assert not r.ok and r.error_code == "reader_timeout" and READER_STOPPED in r.detail, r.detail
        assert time.monotonic() - t0 < 6 and silent.unanswered >= 1
        assert any(s.state == "error" and READER_STOPPED in s.detail for s in statuses)
        # "unplug and replug": the card leaves vpcd, pcscd's blocked transmit returns
        replug_card(svc, silent, sim_icao.load_dump(DUMP))
        svc.read_icao(V, KEY, done.put)
        r = done.get(timeout=30)
        assert r.ok, r.detail
        assert r.data["document_number"] == "C11T002JM"
        assert done.empty()
    finally:
        silent.remove()
        svc.stop()


@pytest.mark.pcsc
def test_cli_read_exits_1_when_the_reader_stops_answering(sim_cli, kiosk_env):
    cfg = kiosk_env["config"]
    cfg.write_text(cfg.read_text() + "\n[cards]\napdu_timeout_s = 1.0\n")
    sim_cli("--dump", str(DUMP), "--stall-after", "20")
    t0 = time.monotonic()
    r = subprocess.run(KIOSK + ["card", "read", "--reader", V, "--document-number", "C11T002JM", "--birth-date",
                                "960812", "--expiry-date", "231031", "--allow-virtual", "--json"],
                       capture_output=True, text=True, env=kiosk_env["env"], timeout=30)
    assert r.returncode == 1 and r.stdout == ""
    assert r.stderr.strip().count("\n") == 0 and READER_STOPPED in r.stderr
    assert time.monotonic() - t0 < 15
