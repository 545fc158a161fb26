"""Ratings (好差评) delivered to the real platform on 127.0.0.1 exactly once: sealed and
signed like case packets, revision 2 for a bad rating's resolution, queued by the
worker's own scan (the core never calls sync), through faults and a kiosk restart."""

import json
import sys
import time
from pathlib import Path

import pytest

from kiosk import cases, ratings
from kiosk.catalog.model import ServiceDefinition
from kiosk.identity import Identity
from kiosk.store import Store
from sync import crypto, outbox, rating_outbox
from sync.worker import SyncWorker, status_snapshot
from fault_proxy import FaultProxy
from synchelpers import enrolled_store, point_to, settings

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core"))
from store_case_writer import CRASH_SERVICE, attachment_bytes  # noqa: E402

IDENT = Identity.from_dict({"source": "typed", "verification": "typed", "id_number": "11010519491231002X",
                            "name_zh": "张三丰"})
COMMENT = "等了两个小时，电话13912345678"


def submitted(store, run_hooks=True):
    """A real core case, submitted (with the sync submit hook when run_hooks: sealed into the outbox)."""
    d = cases.create_draft(store, ServiceDefinition(CRASH_SERVICE), IDENT)
    for i in range(3):
        cases.add_material(store, d.id, f"material-{i}", attachment_bytes(d.id, i, 50), mime="image/jpeg")
    return cases.submit(store, d.id, run_hooks=run_hooks)


def run(kdir, deadline=30, **kw):
    return SyncWorker(lambda: Store.open(kdir), settings(**kw)).run(once=True, deadline=time.time() + deadline)


def st(store):
    return status_snapshot(store.conn, settings(), time.time())


def platform_ratings(platform, latest_only=True):
    return platform.platform.storage.list_ratings(latest_only=latest_only)


@pytest.fixture
def kiosk(tmp_path, platform):
    kdir = tmp_path / "kiosk"
    store = enrolled_store(kdir, platform)
    yield kdir, store
    store.close()


def test_rating_and_its_resolution_delivered_once_sealed_and_signed(kiosk, platform):
    kdir, store = kiosk
    case = submitted(store)
    r = ratings.rate(store, case.id, 1, ["slow", "materials_repeated"], comment=COMMENT, channel="self-service")
    assert st(store)["ratings_pending"] == 1  # made by the core; nothing queued by it
    assert store.conn.execute("SELECT COUNT(*) FROM rating_outbox").fetchone()[0] == 0

    res = run(kdir)
    assert (res.delivered, res.extra.get("ratings_delivered"), res.reason) == (1, 1, "queue empty")
    (got,) = platform_ratings(platform)
    assert (got.case_id, got.case_number, got.kiosk_id, got.revision, got.level, got.reasons, got.follow_up) == \
        (case.id, case.case_number, "330106-K01", 1, 1, ["slow", "materials_repeated"], "open")
    assert platform.platform.verify_stored_rating(got) == (True, None)
    s = st(store)
    assert (s["ratings_pending"], s["ratings_delivered"], s["ratings_quarantined"]) == (0, 1, 0)
    row = store.conn.execute("SELECT packet, digest, receipt FROM rating_outbox").fetchone()
    receipt = crypto.verify_receipt(json.loads(row["receipt"]), crypto.unb64(
        outbox.enrollment(store.conn)["platform_signing_key"]))
    assert (receipt["kind"], receipt["revision"], receipt["digest"]) == ("rating", 1, row["digest"])
    # sealed: the comment is not readable in the kiosk's outbox, the platform reads it
    packet = bytes(row["packet"])
    assert COMMENT.encode() not in packet and "13912345678".encode() not in packet
    opened = crypto.open_sealed(packet, platform.platform.keys.hpke, "330106-K01",
                                crypto.rating_binding(case.id, 1))
    assert opened.manifest["comment"] == COMMENT and opened.manifest["format"] == crypto.RATING_FORMAT
    # ...and cannot be passed off as the case packet (different binding)
    with pytest.raises(crypto.PacketError):
        crypto.open_sealed(packet, platform.platform.keys.hpke, "330106-K01", case.id)

    # the supervisor resolves it: revision 2 travels, once
    ratings.resolve(store, r["id"], "sup", "called back, apologised; queue screen fixed")
    assert st(store)["ratings_pending"] == 1
    res = run(kdir)
    assert res.extra.get("ratings_delivered") == 1
    (latest,) = platform_ratings(platform)
    assert (latest.revision, latest.follow_up, latest.level) == (2, "resolved", 1)
    assert [x.revision for x in platform_ratings(platform, latest_only=False)] == [1, 2]
    assert st(store)["ratings_pending"] == 0
    res = run(kdir)  # nothing new: no request, no new row
    assert res.extra.get("ratings_delivered") is None
    assert len(platform_ratings(platform, latest_only=False)) == 2


def test_resolved_before_first_send_goes_as_revision_2_only(kiosk, platform):
    kdir, store = kiosk
    case = submitted(store, run_hooks=False)
    r = ratings.rate(store, case.id, 2)
    ratings.resolve(store, r["id"], "sup", "explained the waiting time")
    run(kdir)
    assert [(x.revision, x.follow_up) for x in platform_ratings(platform, latest_only=False)] == [(2, "resolved")]


def test_response_dropped_after_commit_makes_no_duplicate(kiosk, platform):
    kdir, store = kiosk
    case = submitted(store, run_hooks=False)  # only the rating travels: request 0 is its PUT
    ratings.rate(store, case.id, 4, ["friendly"])
    proxy = FaultProxy("127.0.0.1", platform.server.port, plan=lambda n: "drop_response" if n == 0 else "pass").start()
    point_to(store, proxy.url)
    try:
        res = run(kdir)
    finally:
        proxy.stop()
    assert proxy.faults["drop_response"] == 1 and "/ratings/" in proxy.log[0][1]
    assert res.extra.get("ratings_delivered") == 1 and res.failures == 1
    (got,) = platform_ratings(platform, latest_only=False)  # committed once; the retry got the stored receipt
    row = store.conn.execute("SELECT state, attempts, receipt FROM rating_outbox").fetchone()
    assert row["state"] == "delivered" and row["attempts"] == 1
    assert json.loads(row["receipt"]) == got.receipt


def test_kiosk_restart_keeps_the_sealed_rating_and_delivers_it_once(tmp_path, platform):
    kdir = tmp_path / "kiosk"
    store = enrolled_store(kdir, platform)
    case = submitted(store, run_hooks=False)
    ratings.rate(store, case.id, 5, ["fast", "one_visit"])
    point_to(store, "http://127.0.0.1:9")  # the link is down: the rating is sealed and waits
    res = run(kdir, deadline=1.0)
    assert res.extra.get("ratings_delivered") is None and res.failures >= 1
    before = store.conn.execute("SELECT digest, state, attempts FROM rating_outbox").fetchone()
    assert before["state"] == "pending" and before["attempts"] >= 1
    store.close()

    store = Store.open(kdir)  # restart: a new store connection and a new worker
    assert st(store)["ratings_pending"] == 1
    point_to(store, platform.url)
    res = run(kdir)
    assert res.extra.get("ratings_delivered") == 1
    (got,) = platform_ratings(platform, latest_only=False)
    assert got.digest == before["digest"]  # the packet sealed before the restart, not a new one
    # a lost acknowledgement after the restart (row back to pending): same receipt, no duplicate
    first = store.conn.execute("SELECT receipt FROM rating_outbox").fetchone()[0]
    with store.transaction() as db:
        db.execute("UPDATE rating_outbox SET state = 'pending', receipt = NULL")
    run(kdir)
    assert store.conn.execute("SELECT receipt FROM rating_outbox").fetchone()[0] == first
    assert len(platform_ratings(platform, latest_only=False)) == 1
    store.close()


def test_unenrolled_ratings_wait_then_go_after_enrollment(tmp_path, platform):
    from sync.worker import enroll
    kdir = tmp_path / "kiosk"
    store = Store.open(kdir)
    case = submitted(store, run_hooks=False)
    ratings.rate(store, case.id, 3)
    assert rating_outbox.queue_new(store) == 0 and st(store)["ratings_pending"] == 1
    enroll(store, settings(), platform.url, platform.platform.new_token())
    run(kdir)
    assert [x.level for x in platform_ratings(platform)] == [3]
    store.close()


def test_tampered_rating_quarantined_queue_moves_on_retry_puts_it_back(kiosk, platform):
    kdir, store = kiosk
    a, b = submitted(store, run_hooks=False), submitted(store, run_hooks=False)
    ratings.rate(store, a.id, 1)
    ratings.rate(store, b.id, 5)
    rating_outbox.queue_new(store)
    ida = rating_outbox.job_id(a.id, 1)
    bad = bytearray(rating_outbox.read_packet(store.conn, ida))
    bad[-5] ^= 0xFF
    with store.transaction() as db:
        db.execute("UPDATE rating_outbox SET packet = ?, digest = ? WHERE id = ?",
                   (bytes(bad), crypto.sha256_hex(bad), ida))
    res = run(kdir)
    assert (res.extra.get("ratings_delivered"), res.quarantined) == (1, 1)
    row = store.conn.execute("SELECT state, last_http, last_error FROM rating_outbox WHERE id = ?", (ida,)).fetchone()
    assert row["state"] == "quarantined" and row["last_http"] == 422 and "decrypt" in row["last_error"]
    s = st(store)
    assert (s["ratings_pending"], s["ratings_quarantined"]) == (0, 1)
    assert [x.case_id for x in platform_ratings(platform)] == [b.id]
    with store.transaction() as db:
        assert rating_outbox.retry(db, a.case_number, time.time()) == 1
    assert st(store)["ratings_pending"] == 1


def test_429_pauses_ratings_like_cases(kiosk, platform):
    kdir, store = kiosk
    case = submitted(store, run_hooks=False)
    ratings.rate(store, case.id, 2)
    platform.platform.max_inflight = 0  # every intake refused with 429, Retry-After: 2
    t0 = time.time()
    res = run(kdir, deadline=1.0)
    assert res.extra.get("ratings_delivered") is None and res.failures == 1
    paused = outbox.state_get(store.conn, "paused_until")
    assert 2.0 <= paused - t0 <= 2.7
    assert store.conn.execute("SELECT last_http FROM rating_outbox").fetchone()[0] == 429
    platform.platform.max_inflight = 8
    res = run(kdir, deadline=10)
    assert res.extra.get("ratings_delivered") == 1 and time.time() >= paused - 0.05


def test_running_worker_notices_a_new_rating_without_a_trigger(kiosk, platform):
    kdir, store = kiosk
    case = submitted(store, run_hooks=False)
    w = SyncWorker(lambda: Store.open(kdir), settings(interval_s=30))
    w.start()
    try:
        time.sleep(0.3)  # the worker is idle, waiting on its 30 s timer
        ratings.rate(store, case.id, 1, ["attitude"])  # another connection commits; no hook, no trigger
        deadline = time.time() + 10
        while not platform_ratings(platform) and time.time() < deadline:
            time.sleep(0.05)
    finally:
        w.stop()
    assert [x.level for x in platform_ratings(platform)] == [1]
    assert time.time() < deadline


def test_a_rating_that_cannot_be_sealed_is_parked_not_blocking(kiosk, platform):
    kdir, store = kiosk
    a, b = submitted(store, run_hooks=False), submitted(store, run_hooks=False)
    ratings.rate(store, a.id, 1, comment="会被损坏")
    ratings.rate(store, b.id, 4)
    with store.transaction() as db:  # the at-rest comment no longer decrypts (e.g. a replaced store key)
        db.execute("UPDATE ratings SET comment_enc = ? WHERE case_id = ?", (b"garbage" * 8, a.id))
    res = run(kdir, deadline=10)
    assert res.extra.get("ratings_delivered") == 1 and res.reason == "queue empty"
    assert [x.case_id for x in platform_ratings(platform)] == [b.id]
    row = store.conn.execute("SELECT state, last_error, packet FROM rating_outbox WHERE case_id = ?",
                             (a.id,)).fetchone()
    assert row["state"] == "quarantined" and "cannot seal" in row["last_error"] and row["packet"] is None
    assert "会被损坏" not in row["last_error"]
    assert st(store)["ratings_quarantined"] == 1
    from sync.doctor import checks

    class Ctx:  # what `kiosk doctor` hands a check: the store and the config
        config = {}

        @staticmethod
        def store():
            return store
    found = {c.name: c for c in checks(Ctx())}
    assert "1 ratings quarantined" in found["sync.ratings"].reason
    with store.transaction() as db:  # retry forgets the unsealed row: the scan tries again
        assert rating_outbox.retry(db, a.case_number, time.time()) == 1
    assert st(store)["ratings_pending"] == 1


def test_retention_drops_the_delivered_rating_packet_keeps_the_receipt(kiosk, platform):
    kdir, store = kiosk
    case = submitted(store, run_hooks=False)
    ratings.rate(store, case.id, 5)
    run(kdir, retention_days=0)  # delivers; the housekeeping pull after the drain purges
    run(kdir, retention_days=0)
    row = store.conn.execute("SELECT state, packet, receipt, purged_at FROM rating_outbox").fetchone()
    assert row["state"] == "delivered" and row["packet"] is None and row["receipt"] and row["purged_at"]
    assert st(store)["ratings_pending"] == 0  # a purged revision is not sealed and sent again
    assert len(platform_ratings(platform, latest_only=False)) == 1


def test_ratings_a_restored_platform_lost_are_sent_again(kiosk, platform):
    kdir, store = kiosk
    a, b = submitted(store, run_hooks=False), submitted(store, run_hooks=False)
    ratings.rate(store, a.id, 1)
    ratings.rate(store, b.id, 5)
    run(kdir)
    assert len(platform_ratings(platform)) == 2
    with platform.platform.storage._tx() as db:  # the platform restored a backup taken before rating a arrived
        db.execute("DELETE FROM ratings WHERE case_id = ?", (a.id,))
    res = run(kdir)
    assert res.extra.get("ratings_gap_resent") == 1 and res.extra.get("ratings_delivered") == 1
    assert sorted(x.case_id for x in platform_ratings(platform, latest_only=False)) == sorted([a.id, b.id])
    res = run(kdir)  # healed: nothing more to send
    assert res.extra.get("ratings_gap_resent") is None and res.extra.get("ratings_delivered") is None
