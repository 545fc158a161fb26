"""Reader monitor (debounce, several readers) and the card service thread."""

import queue
import threading

import pytest

from devices.cards import icao, sim_icao
from devices.cards.service import CardService, ReaderMonitor

A, B, V = "ACS ACR1252 00 00", "Identiv uTrust 01 00", "Virtual PCD 00 00"


def kinds(events):
    return [(e.kind, e.reader) for e in events]


def test_monitor_debounces_readers_and_cards():
    seen = []
    m = ReaderMonitor(seen.append, missing_scans=2)
    assert kinds(m.step({A: False})) == [("reader_added", A)]
    assert kinds(m.step({A: True, B: False})) == [("card_inserted", A), ("reader_added", B)]
    assert m.step({A: False, B: False}) == []           # one scan without the card: not yet
    assert m.step({A: True, B: False}) == []            # it was a glitch
    assert m.step({B: False}) == []                     # A missing once
    assert kinds(m.step({B: True})) == [("card_inserted", B), ("card_removed", A), ("reader_removed", A)]
    assert m.step({B: False}) == []
    assert kinds(m.step({B: False})) == [("card_removed", B)]
    assert len(seen) == 7


def test_monitor_ignores_virtual_readers_unless_allowed():
    assert ReaderMonitor(lambda e: None).step({V: True}) == []
    assert kinds(ReaderMonitor(lambda e: None, allow_virtual=True).step({V: True})) == \
        [("reader_added", V), ("card_inserted", V)]


def test_monitor_survives_a_failing_listener():
    def boom(e):
        raise RuntimeError("listener bug")
    assert len(ReaderMonitor(boom).step({A: True})) == 2


class FakeScanner:
    """Stands in for PC/SC in this unit test only (the pcsc-marked test below uses pcscd)."""
    def __init__(self, scans):
        self.scans = scans

    def scan(self):
        if len(self.scans) > 1:
            return self.scans.pop(0)
        return self.scans[0]

    def close(self):
        pass


def test_service_reports_status_and_errors_without_crashing():
    from devices.cards.errors import CardError
    statuses = queue.Queue()

    class Broken:
        def scan(self):
            raise CardError("PC/SC service unavailable; start pcscd")
    svc = CardService(on_status=statuses.put, scanner_factory=Broken, interval=0.02)
    svc.start()
    st = statuses.get(timeout=5)
    svc.stop()
    assert st.state == "error" and "ask staff" in st.citizen and "pcscd" in st.detail


@pytest.mark.pcsc
def test_service_events_and_async_read_over_pcscd(vcard, icao_dataset):
    events, done = queue.Queue(), queue.Queue()
    svc = CardService(on_event=events.put, allow_virtual=True, csca_dir=str(icao_dataset.parent / "csca"),
                      interval=0.05)
    svc.start()
    try:
        got = [events.get(timeout=5), events.get(timeout=5)]
        assert {(e.kind, e.reader) for e in got} == {("reader_added", V), ("reader_added", "Virtual PCD 00 01")}
        vcard(sim_icao.load_dataset(icao_dataset))
        e = events.get(timeout=5)
        assert (e.kind, e.reader) == ("card_inserted", V)
        progress = []
        svc.read_icao(V, icao.AccessKey.from_mrz("L898902C", "690806", "940623"), done.put,
                      on_progress=lambda f, n, t: progress.append((f, n, t)))
        r = done.get(timeout=30)
        assert r.ok, r.detail
        assert r.data["surname"] == "ERIKSSON" and r.data["passive_auth"]["chain_ok"]
        assert r.document.photo.data[:3] == b"\xff\xd8\xff"
        assert any(f == "DG2" and n == t for f, n, t in progress)
        svc.read_icao(V, icao.AccessKey.from_mrz("L898902C", "690806", "940629"), done.put)
        r = done.get(timeout=30)
        assert not r.ok and r.error_code == "card_access_denied" and "check the document number" in r.citizen
    finally:
        svc.stop()
    assert threading.active_count() < 50


@pytest.mark.pcsc
def test_two_readers_at_once(vcard, icao_dataset, tmp_path):
    from devices.cards import sample
    from datetime import date
    from kiosk.identity import format_td3
    mrz = "".join(format_td3(document_number="X1234567", birth_date=date(1980, 1, 1), expiry_date=date(2030, 1, 1),
                             surname="SMITH", given_names="JOHN", sex="M"))
    other = sample.make_icao_dataset(tmp_path, face_kb=3, mrz=mrz, csca_dir=icao_dataset.parent / "csca")
    events, done = queue.Queue(), queue.Queue()
    svc = CardService(on_event=events.put, allow_virtual=True, csca_dir=str(icao_dataset.parent / "csca"),
                      interval=0.05)
    svc.start()
    try:
        vcard(sim_icao.load_dataset(icao_dataset), port=35963)
        vcard(sim_icao.load_dataset(other), port=35964)
        inserted = set()
        while len(inserted) < 2:
            e = events.get(timeout=5)
            if e.kind == "card_inserted":
                inserted.add(e.reader)
        assert inserted == {V, "Virtual PCD 00 01"}
        svc.read_icao(V, icao.AccessKey.from_mrz("L898902C", "690806", "940623"), done.put)
        svc.read_icao("Virtual PCD 00 01", icao.AccessKey.from_mrz("X1234567", "800101", "300101"), done.put)
        results = {r.reader: r for r in (done.get(timeout=30), done.get(timeout=30))}
        assert results[V].data["surname"] == "ERIKSSON"
        assert results["Virtual PCD 00 01"].ok, results["Virtual PCD 00 01"].detail
        assert results["Virtual PCD 00 01"].data["surname"] == "SMITH"
    finally:
        svc.stop()


def test_service_refuses_virtual_reader_unless_allowed():
    done = queue.Queue()
    svc = CardService(scanner_factory=lambda: FakeScanner([{V: True}]), interval=0.02)
    svc.start()
    try:
        svc.read_icao(V, icao.AccessKey.from_mrz("L898902C", "690806", "940623"), done.put)
        r = done.get(timeout=5)
    finally:
        svc.stop()
    assert not r.ok and "virtual readers are disabled" in r.detail and r.identity is None
