"""The durable print queue against the real store and the loopback TCP printer:
faults make jobs wait, a cleared fault prints each slip exactly once."""

import sqlite3
import threading
import time

import pytest

from loopback_printer import LoopbackPrinter
from sample_data import TZ, ack_data

from kiosk import receipt as R
from kiosk.errors import StateError
from kiosk.store import Store
from devices.printer import slips
from devices.printer.port import PrinterPort
from devices.printer.queue import PrintQueue, PrintWorker, enqueue

SETTINGS = slips.PrinterSettings(profile="TM-T20II", dots=576)


@pytest.fixture
def store(tmp_path):
    s = Store.open(tmp_path / "data")
    yield s
    s.close()


def add_case(store, n=42):
    cid = f"case-{n}"
    with store.transaction() as db:
        db.execute("INSERT INTO cases(id, case_number, service_id, state, created_at, updated_at, submitted_at)"
                   " VALUES(?,?,?,?,?,?,?)", (cid, f"330106-K01-20261127-{n:04d}", "svc", "submitted",
                                              "2026-11-27T01:00:00+00:00", "2026-11-27T01:00:00+00:00",
                                              "2026-11-27T01:40:00+00:00"))
    return cid


def slip_bytes(n=42):
    return slips.build(R.acknowledgement(ack_data(case_number=f"330106-K01-20261127-{n:04d}"), tz=TZ),
                       SETTINGS).data


@pytest.fixture
def port(loopback):
    p = PrinterPort(loopback.uri, status_timeout=0.3)
    yield p
    p.close()


@pytest.mark.parametrize("fault", ["paper_out", "cover_open", "offline"])
def test_fault_waits_then_prints_exactly_once(store, loopback, port, fault):
    cid = add_case(store)
    q = PrintQueue(store, port, retry_s=0)
    job = q.submit(kind="acknowledgement", payload=slip_bytes(), case_id=cid)
    loopback.set_state(fault)
    r = q.process()
    assert [x.state for x in r] == ["failed-waiting"]
    assert q.job(job)["state"] == "failed-waiting" and q.job(job)["last_error"]
    r = q.process()          # still faulty: still waiting, still nothing sent
    assert r[0].state == "failed-waiting"
    assert loopback.printed == [] and loopback.refused == []
    assert b"\x1dv0" not in bytes(loopback.received)      # not a single raster byte went out
    loopback.set_state("ok")
    assert [x.state for x in q.process()] == ["done"]
    assert q.process() == []                              # nothing left: no second slip
    assert loopback.wait_printed(1) and len(loopback.printed) == 1
    j = q.job(job)
    assert j["state"] == "done" and j["attempts"] == 3 and j["printed_at"]
    actions = [r[0] for r in store.conn.execute("SELECT action FROM audit_log ORDER BY seq")]
    assert actions == ["receipt.print_waiting", "receipt.printed"]


def test_paper_runs_out_mid_slip(store, loopback, port):
    cid = add_case(store)
    q = PrintQueue(store, port, retry_s=0)
    job = q.submit(kind="acknowledgement", payload=slip_bytes(), case_id=cid)
    loopback.script(after_bytes=5000, state="paper_out")
    assert q.process()[0].state == "failed-waiting"      # the printer said paper out after the send
    assert len(loopback.refused) == 1 and loopback.printed == []
    loopback.set_state("ok")
    assert q.process()[0].state == "done"
    assert len(loopback.printed) == 1                     # exactly one whole slip came out
    assert q.job(job)["state"] == "done"


def test_silent_printer_is_unknown_and_still_prints(store, loopback, port):
    loopback.set_state("silent")
    q = PrintQueue(store, port)
    job = q.submit(kind="test_page", payload=slip_bytes())
    r = q.process()
    assert r[0].state == "done" and r[0].status["online"] is None and r[0].status["paper"] == "unknown"
    assert loopback.wait_printed(1)


def test_printer_unreachable_then_back(store, tmp_path):
    lp = LoopbackPrinter().start()
    uri, portno = lp.uri, lp.port
    lp.stop()
    p = PrinterPort(uri, status_timeout=0.3, io_timeout=1)
    try:
        q = PrintQueue(store, p, retry_s=0)
        job = q.submit(kind="test_page", payload=slip_bytes())
        r = q.process()
        assert r[0].state == "failed-waiting" and "cannot open" in r[0].error
        lp2 = LoopbackPrinter(port=portno).start()
        try:
            assert q.process()[0].state == "done"
            assert lp2.wait_printed(1) and len(lp2.printed) == 1
        finally:
            lp2.stop()
    finally:
        p.close()


def test_one_ack_per_case_and_reprints(store, loopback, port):
    cid = add_case(store)
    q = PrintQueue(store, port)
    j1 = q.submit(kind="acknowledgement", payload=slip_bytes(), case_id=cid)
    assert q.submit(kind="acknowledgement", payload=slip_bytes(), case_id=cid) == j1   # a retried submit
    with pytest.raises(sqlite3.IntegrityError):   # and the database itself refuses a second first print
        with store.transaction() as db:
            db.execute("INSERT INTO print_jobs(case_id, kind, state, created_at, updated_at) "
                       "VALUES(?, 'acknowledgement', 'queued', 'x', 'x')", (cid,))
    q.process()
    j2 = q.reprint(j1, slip_bytes())
    j3 = q.reprint(j2, slip_bytes())
    assert q.job(j2)["reprint_of"] == j1 and q.job(j3)["reprint_of"] == j1
    q.process()
    assert loopback.wait_printed(3) and len(loopback.printed) == 3
    assert [j["state"] for j in q.jobs()] == ["done", "done", "done"]


def test_cancel_and_recover(store, loopback, port):
    q = PrintQueue(store, port)
    a = q.submit(kind="test_page", payload=b"\x1b@")
    q.cancel(a)
    with pytest.raises(StateError):
        q.cancel(a)
    b = q.submit(kind="test_page", payload=slip_bytes())
    with store.transaction() as db:   # as if the process died mid-print
        db.execute("UPDATE print_jobs SET state='printing' WHERE id=?", (b,))
    assert q.process() == []
    assert q.recover() == 0            # it might be another process printing right now: wait
    assert q.recover(older_than_s=0) == 1 and q.job(b)["state"] == "failed-waiting"
    assert q.process()[0].state == "done"


def test_two_workers_never_send_the_same_job_twice(tmp_path, loopback, port):
    s1 = Store.open(tmp_path / "data")
    cid = add_case(s1)
    job = PrintQueue(s1, port).submit(kind="acknowledgement", payload=slip_bytes(), case_id=cid)
    results = []

    def worker():
        s = Store.open(tmp_path / "data")
        try:
            results.extend(PrintQueue(s, port).process([job]))
        finally:
            s.close()

    ts = [threading.Thread(target=worker) for _ in range(4)]
    [t.start() for t in ts]
    [t.join(30) for t in ts]
    s1.close()
    assert sorted(r.state for r in results) == ["done", "skipped", "skipped", "skipped"]
    time.sleep(0.2)
    assert len(loopback.printed) == 1


def test_worker_prints_when_paper_comes_back(tmp_path, loopback, port):
    s = Store.open(tmp_path / "data")
    cid = add_case(s)
    loopback.set_state("paper_out")
    rounds = []
    w = PrintWorker(lambda: Store.open(tmp_path / "data"), port, retry_s=0.2, on_change=rounds.append).start()
    try:
        PrintQueue(s, port).submit(kind="acknowledgement", payload=slip_bytes(), case_id=cid)
        w.wake()
        time.sleep(0.8)
        assert loopback.printed == []
        loopback.set_state("ok")
        assert loopback.wait_printed(1, timeout=5)
        time.sleep(0.5)
    finally:
        w.stop()
    assert len(loopback.printed) == 1
    assert PrintQueue(s, None).jobs()[0]["state"] == "done"
    assert rounds and rounds[-1]["waiting"] == 0
    s.close()


def test_printer_that_hangs_up_after_the_job_is_not_printed_twice(store, loopback, port):
    loopback.hang_up_after_cut = True
    q = PrintQueue(store, port, retry_s=0)
    q.submit(kind="test_page", payload=slip_bytes())
    r = q.process()
    assert r[0].state == "done"           # all bytes went out; silence afterwards is not a fault
    assert q.process() == []
    assert loopback.wait_printed(1) and len(loopback.printed) == 1


def test_a_send_slower_than_the_timeout_is_not_sent_twice(store, loopback):
    # 64-byte chunks with 5 ms pauses: ~2.3 s for a slip, far beyond a 0.3 s send timeout
    slow = PrinterPort(loopback.uri + "&chunk=64&pause_ms=5", status_timeout=0.3)
    try:
        q = PrintQueue(store, slow, send_timeout=0.3)
        job = q.submit(kind="test_page", payload=slip_bytes())
        r = q.process()
        assert r[0].state == "printing" and "still receiving" in r[0].error
        assert q.process() == [] and q.recover() == 0    # not due, not stale: nobody sends it again
        assert q.job(job)["state"] == "printing"
    finally:
        slow.close(timeout=0.1)
