"""The audit chain names the first entry that was altered, deleted or reordered."""

import subprocess
import sys

import pytest

from kiosk import audit
from kiosk.store import Store


@pytest.fixture
def store(tmp_path):
    s = Store.open(tmp_path)
    with s.transaction() as db:
        for i in range(1, 11):
            audit.append(db, "alice", "case.submit", f"CASE-{i}", {"n": i})
    yield s
    s.close()


def test_intact_chain_verifies(store):
    v = audit.verify(store.conn)
    assert v.ok and v.entries == 10
    assert audit.head(store.conn)["seq"] == 10


def test_altered_entry_is_named(store):
    store.conn.execute("UPDATE audit_log SET subject='CASE-X' WHERE seq=4")
    v = audit.verify(store.conn)
    assert not v.ok and v.first_bad_seq == 4 and "altered" in v.reason


def test_altered_detail_is_named(store):
    store.conn.execute("""UPDATE audit_log SET detail='{"n":99}' WHERE seq=7""")
    assert audit.verify(store.conn).first_bad_seq == 7


def test_deleted_entry_is_named(store):
    store.conn.execute("DELETE FROM audit_log WHERE seq=5")
    v = audit.verify(store.conn)
    assert not v.ok and v.first_bad_seq == 5 and "missing" in v.reason


def test_deleted_tail_is_detected_through_the_head(store):
    store.conn.execute("DELETE FROM audit_log WHERE seq>=9")
    v = audit.verify(store.conn)
    assert not v.ok and v.first_bad_seq == 9 and "end" in v.reason


def test_reordered_entries_are_named(store):
    rows = {r[0]: tuple(r)[1:] for r in store.conn.execute(
        "SELECT seq, ts, actor, action, subject, detail, prev_hash, hash FROM audit_log WHERE seq IN (3, 4)")}
    store.conn.execute("DELETE FROM audit_log WHERE seq IN (3, 4)")
    for seq, other in ((3, 4), (4, 3)):
        store.conn.execute("INSERT INTO audit_log(seq, ts, actor, action, subject, detail, prev_hash, hash)"
                           " VALUES (?,?,?,?,?,?,?,?)", (seq, *rows[other]))
    v = audit.verify(store.conn)
    assert not v.ok and v.first_bad_seq == 3


def test_rehashed_forgery_without_head_update_is_detected(store):
    # An attacker who rewrites an entry AND recomputes its hash breaks the next link.
    row = store.conn.execute("SELECT * FROM audit_log WHERE seq=6").fetchone()
    h = audit.entry_hash(row["prev_hash"], 6, row["ts"], row["actor"], row["action"], "FORGED", row["detail"])
    store.conn.execute("UPDATE audit_log SET subject='FORGED', hash=? WHERE seq=6", (h,))
    v = audit.verify(store.conn)
    assert not v.ok and v.first_bad_seq == 7


def test_append_outside_a_transaction_is_refused(store):
    with pytest.raises(RuntimeError):
        audit.append(store.conn, "x", "y")


def test_cli_audit_verify_names_the_entry_and_exits_1(kiosk_env):
    env = kiosk_env["env"]
    s = Store.open(kiosk_env["data"])
    with s.transaction() as db:
        for i in range(5):
            audit.append(db, "bob", "test", str(i))
    s.conn.execute("UPDATE audit_log SET actor='mallory' WHERE seq=2")
    s.close()
    r = subprocess.run([sys.executable, "-m", "kiosk", "audit", "verify"], env=env, capture_output=True, text=True)
    assert r.returncode == 1 and "entry 2" in r.stdout
    r = subprocess.run([sys.executable, "-m", "kiosk", "audit", "verify", "--json"], env=env,
                       capture_output=True, text=True)
    import json
    assert json.loads(r.stdout)["first_bad_seq"] == 2
