"""Power-cut safety: a child writes cases (three 300 KB attachments each) in a loop and
is SIGKILLed at random instants, 200 times. After each kill the store must be intact,
every case the child reported as committed present with byte-identical attachments,
no leftovers after the sweep, and case numbers never reused."""

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from kiosk.store import Store

sys.path.insert(0, str(Path(__file__).parent))
from store_case_writer import ATTACHMENTS, attachment_bytes  # noqa: E402

KILLS = int(os.environ.get("KIOSK_CRASH_KILLS", "200"))
CHILD = [sys.executable, str(Path(__file__).parent / "store_case_writer.py")]


def run_and_kill(data_dir: Path, rng: random.Random, mode: str) -> list[tuple[str, str]]:
    proc = subprocess.Popen(CHILD + [str(data_dir), mode], stdout=subprocess.PIPE, text=True,
                            env=dict(os.environ, PYTHONPATH=str(Path(__file__).parents[2])))
    lines: list[str] = []
    ready = threading.Event()

    def reader():
        for line in proc.stdout:
            if line.startswith("READY"):
                ready.set()
            lines.append(line.strip())
        ready.set()

    t = threading.Thread(target=reader, daemon=True)
    t.start()
    assert ready.wait(30), "child did not start"
    time.sleep(rng.uniform(0, 0.25))  # a random instant: often mid-transaction, mid-fsync
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    t.join(10)
    return [tuple(l.split()[1:3]) for l in lines if l.startswith("COMMITTED")]


@pytest.mark.slow
def test_sigkill_at_random_instants_loses_nothing(tmp_path):
    rng = random.Random(20261127)
    data_dir = tmp_path / "data"
    seen_numbers: set[str] = set()
    last_seq = 0
    total_committed = 0
    for round_no in range(KILLS):
        # Even rounds: the store-level transaction alone; odd rounds: the real domain
        # flow (draft, materials, submit with the outbox hook), killed anywhere in it.
        mode = "domain" if round_no % 2 else "store"
        committed = run_and_kill(data_dir, rng, mode)
        total_committed += len(committed)
        store = Store.open(data_dir)  # the sweep runs here
        try:
            assert store.integrity_check() == "ok", f"round {round_no}"
            assert list(store.tmp_dir.iterdir()) == [], "leftovers survived the sweep"
            for case_id, number in committed:
                row = store.conn.execute("SELECT case_number, kiosk_seq FROM cases WHERE id=?", (case_id,)).fetchone()
                assert row is not None, f"round {round_no}: committed case {number} is missing"
                assert row["case_number"] == number
                atts = store.conn.execute("SELECT id, material_id FROM attachments WHERE case_id=? ORDER BY seq",
                                          (case_id,)).fetchall()
                assert len(atts) == ATTACHMENTS, f"case {number} has {len(atts)} attachments"
                for i, att in enumerate(atts):
                    assert store.get_attachment(att["id"]) == attachment_bytes(case_id, i)
            # No half-written case: every submitted case has all its attachments and blobs,
            # and (domain flow) its outbox row; a killed draft is only a draft.
            bad = store.conn.execute(
                "SELECT c.case_number FROM cases c LEFT JOIN attachments a ON a.case_id=c.id"
                " LEFT JOIN attachment_blobs b ON b.attachment_id=a.id WHERE c.state != 'draft'"
                " GROUP BY c.id HAVING count(b.attachment_id) != ?", (ATTACHMENTS,)).fetchall()
            assert not bad, f"partial cases: {[r[0] for r in bad]}"
            if mode == "domain":
                unqueued = store.conn.execute(
                    "SELECT c.case_number FROM cases c LEFT JOIN outbox o ON o.case_id=c.id"
                    " WHERE c.state='submitted' AND o.case_id IS NULL").fetchall()
                assert not unqueued, f"submitted without an outbox row: {[r[0] for r in unqueued]}"
                assert store.conn.execute("SELECT count(*) FROM cases WHERE case_number IS NOT NULL"
                                          " AND state='draft'").fetchone()[0] == 0
            # Numbers: unique, and the sequence continues where the last commit left it.
            rows = store.conn.execute("SELECT case_number, kiosk_seq FROM cases WHERE kiosk_seq IS NOT NULL"
                                      " ORDER BY kiosk_seq").fetchall()
            for r in rows:
                assert r["case_number"] not in seen_numbers, f"case number {r['case_number']} issued twice"
                seen_numbers.add(r["case_number"])
                assert r["kiosk_seq"] == last_seq + 1, f"sequence jumped from {last_seq} to {r['kiosk_seq']}"
                last_seq = r["kiosk_seq"]
            # Checked: drop them so the database stays small over 200 rounds.
            with store.transaction() as db:
                for table in ("outbox", "case_events", "case_materials"):
                    db.execute(f"DELETE FROM {table}")
                db.execute("DELETE FROM cases")
        finally:
            store.close()
    assert total_committed > KILLS // 2, f"only {total_committed} cases were committed in {KILLS} rounds"
    store = Store.open(data_dir)
    from kiosk import audit
    assert audit.verify(store.conn).ok
    store.close()
