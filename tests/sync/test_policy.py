"""Retry policy and guards without the network: full-jitter bounds with a seeded RNG,
Retry-After parsing and clamping, staleness warnings and the refuse limit, doctor."""

import random
import time
from email.utils import formatdate

import pytest

from kiosk.store import Store
from sync import backoff, outbox
from sync.client import Outcome
from sync.worker import SyncWorker, intake_allowed, status_snapshot
from synchelpers import make_case, settings, submit


def test_full_jitter_bounds_and_cap():
    rng = random.Random(1)
    for attempt in range(20):
        ceiling = min(900.0, 5.0 * 2 ** attempt)
        draws = [backoff.full_jitter(attempt, rng=rng) for _ in range(300)]
        assert all(0 <= d <= ceiling for d in draws)
        assert max(draws) > 0.8 * ceiling  # really spread over [0, ceiling]
    assert max(backoff.full_jitter(60, rng=rng) for _ in range(100)) <= 900.0


def test_retry_after_forms_and_clamp():
    now = 1_800_000_000.0
    assert backoff.parse_retry_after("120", now) == 120
    assert backoff.parse_retry_after(formatdate(now + 30, usegmt=True), now) == pytest.approx(30, abs=1)
    assert backoff.parse_retry_after("soon", now) is None
    rng = random.Random(2)
    for _ in range(50):
        assert 1.0 <= backoff.pause_for("0", now, rng=rng) <= 1.1          # clamped up to 1 s
        assert 86400 <= backoff.pause_for("999999", now, rng=rng) <= 86400 * 1.1  # and down to 24 h
        assert 10 <= backoff.pause_for("10", now, rng=rng) <= 11           # +0-10 % jitter


class ScriptedClient:
    """Stands in for the HTTP client to drive the worker's state machine with a fake clock
    (the real HTTP paths are covered against the real server in test_delivery/test_faults)."""

    def __init__(self, outcomes):
        self.outcomes = list(outcomes)
        self.calls = []

    def deliver(self, case_id, packet, digest_hex=None, audit_head=None):
        self.calls.append(case_id)
        return self.outcomes.pop(0) if self.outcomes else Outcome("retry", 500, "scripted 500")

    def close(self):
        pass


def _enrolled(store):
    from sync import crypto
    kdir = outbox.keys_dir(store.conn)
    crypto.load_or_create_ed25519(kdir / outbox.KIOSK_KEY_FILE)
    pk = crypto.raw_public(__import__("cryptography.hazmat.primitives.asymmetric.x25519",
                                      fromlist=["X"]).X25519PrivateKey.generate())
    with store.transaction() as db:
        outbox.state_set(db, "enrollment", {"kiosk_id": "K", "kiosk_key_id": "k", "platform_url": "http://x",
                                            "platform_key_id": "p", "platform_public_key": crypto.b64(pk),
                                            "platform_signing_key": crypto.b64(b"\0" * 32), "ca_file": None})


def test_backoff_schedule_with_fake_clock(tmp_path):
    kdir = tmp_path / "k"
    store = Store.open(kdir)
    _enrolled(store)
    case = make_case(1)
    submit(store, case)
    t = [1000.0]
    client = ScriptedClient([Outcome("retry", 503 - 3, "boom")] * 3)
    w = SyncWorker(lambda: Store.open(kdir), settings(backoff_base_s=5, backoff_cap_s=900),
                   clock=lambda: t[0], rng=random.Random(3), client_factory=lambda s, e: client)
    st = Store.open(kdir)
    res = w._drain(st, client, __import__("sync.worker", fromlist=["RunResult"]).RunResult())
    row = store.conn.execute("SELECT attempts, next_attempt_at, last_http FROM outbox").fetchone()
    assert row[0] == 1 and 1000 <= row[1] <= 1005 and row[2] == 500
    assert res == w._backoff_until and 1000 <= res <= 1005
    # never gives up: after many failures the case is still pending, retry time capped
    for i in range(30):
        t[0] += 1000
        w._backoff_until = 0
        with store.transaction() as db:
            db.execute("UPDATE outbox SET next_attempt_at = 0")
        client.outcomes = [Outcome("retry", 500, "x")]
        w._drain(st, client, __import__("sync.worker", fromlist=["RunResult"]).RunResult())
    row = store.conn.execute("SELECT state, attempts, next_attempt_at FROM outbox").fetchone()
    assert row[0] == "pending" and row[1] == 31 and row[2] <= t[0] + 900


def test_quarantine_only_that_case_queue_moves_on(tmp_path):
    kdir = tmp_path / "k"
    store = Store.open(kdir)
    _enrolled(store)
    a, b = make_case(1), make_case(2)
    submit(store, a)
    submit(store, b)
    client = ScriptedClient([Outcome("quarantine", 413, "payload_too_large: 40 MB"),
                             Outcome("delivered", 201, "", receipt={"receipt": {"receipt_id": "r"}})])
    w = SyncWorker(lambda: Store.open(kdir), settings(), client_factory=lambda s, e: client)
    res = w.run(once=True, deadline=time.time() + 5)
    assert (res.delivered, res.quarantined) == (1, 1)
    rows = dict(store.conn.execute("SELECT case_id, state FROM outbox").fetchall())
    assert rows == {a["id"]: "quarantined", b["id"]: "delivered"}
    q = outbox.list_cases(store.conn, "quarantined")
    assert q[0]["last_error"] == "payload_too_large: 40 MB" and q[0]["last_http"] == 413


def test_staleness_warnings_and_refuse_limit(tmp_path):
    store = Store.open(tmp_path / "k")
    now = time.time()
    submit(store, make_case(1), now=now - 3 * 86400)
    for i in range(2, 5):
        submit(store, make_case(i), now=now)
    s = settings(stale_warn_days=2, stale_warn_cases=3, refuse_after_days=0)
    st = status_snapshot(store.conn, s, now)
    assert st["oldest_pending_age_s"] == pytest.approx(3 * 86400, abs=2)
    assert any("3.0 days old" in w for w in st["warnings"]) and any("4 cases wait" in w for w in st["warnings"])
    assert intake_allowed(store.conn, s, now) == (True, "")
    ok, why = intake_allowed(store.conn, settings(refuse_after_days=2.5), now)
    assert not ok and "older than 2.5 days" in why


def test_gap_with_purged_payload_is_an_incident(tmp_path, platform):
    from synchelpers import enrolled_store, queue_cases
    kdir = tmp_path / "kiosk"
    store = enrolled_store(kdir, platform)
    cases = queue_cases(store, 2)
    SyncWorker(lambda: Store.open(kdir), settings(retention_days=0)).run(once=True, deadline=time.time() + 30)
    with platform.platform.storage._tx() as c:  # platform lost case 1 after the kiosk purged it
        c.execute("DELETE FROM cases WHERE case_id = ?", (cases[0]["id"],))
    w = SyncWorker(lambda: Store.open(kdir), settings(retention_days=0))
    w.run(once=True, deadline=time.time() + 30)
    err = outbox.state_get(store.conn, "last_error")
    assert "platform lacks 1 purged cases" in err
    acts = [r[0] for r in store.conn.execute("SELECT action FROM audit_log")]
    assert "sync.gap_unrecoverable" in acts


def test_forged_key_set_is_refused(tmp_path, platform):
    """A key set not signed by the enrolled platform key (MITM, misconfigured proxy)
    must not redirect new packets to an attacker's key."""
    from synchelpers import enrolled_store
    kdir = tmp_path / "kiosk"
    store = enrolled_store(kdir, platform)
    before = outbox.enrollment(store.conn)["platform_key_id"]
    keys = platform.platform.keys
    real = keys.key_set

    def forged():
        ks = real()
        ks["hpke"] = {"key_id": "evil", "public_key": ks["hpke"]["public_key"]}
        return ks
    keys.key_set = forged
    SyncWorker(lambda: Store.open(kdir), settings()).run(once=True, deadline=time.time() + 5)
    assert outbox.enrollment(store.conn)["platform_key_id"] == before
    assert "signature does not verify" in outbox.state_get(store.conn, "last_pull_error")


def test_platform_flags_audit_chain_going_backwards(tmp_path, platform):
    from synchelpers import enrolled_store, queue_cases
    kdir = tmp_path / "kiosk"
    store = enrolled_store(kdir, platform)
    queue_cases(store, 2)
    SyncWorker(lambda: Store.open(kdir), settings()).run(once=True, deadline=time.time() + 30)
    k = platform.platform.storage.kiosks()[0]
    assert k["audit_alert"] is None and k["audit_seq"] >= 2
    with store.transaction() as db:  # someone rewrites history: drop the newest entries
        top = db.execute("SELECT MAX(seq) FROM audit_log").fetchone()[0]
        db.execute("DELETE FROM audit_log WHERE seq > ?", (top - 2,))
        h = db.execute("SELECT hash FROM audit_log WHERE seq = ?", (top - 2,)).fetchone()[0]
        db.execute("UPDATE meta SET value = ? WHERE key = 'audit_head'", (f"{top - 2}:{h}",))
    queue_cases(store, 1, start=3)
    with store.transaction() as db:  # keep the head where the rewrite left it
        db.execute("UPDATE meta SET value = ? WHERE key = 'audit_head'", (f"{top - 2}:{h}",))
    SyncWorker(lambda: Store.open(kdir), settings()).run(once=True, deadline=time.time() + 30)
    assert "went from seq" in platform.platform.storage.kiosks()[0]["audit_alert"]


def test_doctor_checks(tmp_path, platform, kiosk_env):
    import json
    import subprocess
    import sys
    from synchelpers import enrolled_store
    store = enrolled_store(kiosk_env["data"], platform)
    store.close()
    r = subprocess.run([sys.executable, "-m", "kiosk", "doctor", "--json"], env=kiosk_env["env"],
                       capture_output=True, text=True, timeout=60)
    checks = {c["name"]: c for c in json.loads(r.stdout)} if r.stdout.strip().startswith("[") else \
        {c["name"]: c for c in json.loads(r.stdout)["checks"]}
    assert checks["sync.enrollment"]["status"] == "ok"
    assert checks["sync.key"]["status"] == "ok"
    assert checks["sync.platform"]["status"] == "ok"


def test_restored_kiosk_is_warned_about_sequence_reuse(tmp_path, platform):
    """A kiosk restored from an old backup would reuse sequence numbers the platform has."""
    from synchelpers import enrolled_store, queue_cases
    kdir = tmp_path / "kiosk"
    store = enrolled_store(kdir, platform)
    cases = queue_cases(store, 3)
    SyncWorker(lambda: Store.open(kdir), settings()).run(once=True, deadline=time.time() + 30)
    with store.transaction() as db:  # the restore: the newest case never happened here
        db.execute("DELETE FROM outbox WHERE case_id = ?", (cases[2]["id"],))
    w = SyncWorker(lambda: Store.open(kdir), settings())
    w.pull_soon()
    w.run(once=True, deadline=time.time() + 30)
    st = status_snapshot(store.conn, settings(), time.time())
    assert any("holds kiosk_seq up to 3 but this kiosk only up to 2" in x for x in st["warnings"])
