"""The worker against a real platform server on 127.0.0.1: delivery, idempotent
replay, conflicts, quarantine and retry, 429 pause, chunked resume, pulls, gaps,
retention, key rotation, the threaded worker's start/stop and status callbacks."""

import json
import time

import pytest

from kiosk.store import Store
from sync import crypto, outbox
from sync.worker import SyncWorker, rotate_kiosk_key, status_snapshot
from synchelpers import enrolled_store, make_case, queue_cases, settings, submit


def worker_for(store_dir, **kw):
    return SyncWorker(lambda: Store.open(store_dir), settings(**kw))


def test_enroll_deliver_and_status(tmp_path, platform):
    kdir = tmp_path / "kiosk"
    store = enrolled_store(kdir, platform)
    cases = queue_cases(store, 5)
    st = status_snapshot(store.conn, settings(), time.time())
    assert (st["pending"], st["delivered"], st["enrolled"]) == (5, 0, True)
    res = worker_for(kdir).run(once=True, deadline=time.time() + 30)
    assert (res.delivered, res.reason) == (5, "queue empty")
    got = {c.case_id: c for c in platform.platform.storage.list_cases()}
    assert set(got) == {c["id"] for c in cases}
    for c in cases:
        row = store.conn.execute("SELECT state, receipt, digest FROM outbox WHERE case_id = ?", (c["id"],)).fetchone()
        assert row[0] == "delivered"
        receipt = json.loads(row[1])
        assert receipt["receipt"]["digest"] == row[2] == got[c["id"]].digest
    st = status_snapshot(store.conn, settings(), time.time())
    assert (st["pending"], st["delivered"], st["quarantined"]) == (0, 5, 0)
    assert st["last_success"] and st["oldest_pending_age_s"] is None
    # the audit chain head travelled with the requests
    k = platform.platform.storage.kiosks()[0]
    assert k["audit_seq"] >= 1 and k["highest_contiguous_seq"] == 5


def test_lost_ack_replays_same_receipt(tmp_path, platform):
    kdir = tmp_path / "kiosk"
    store = enrolled_store(kdir, platform)
    (case,) = queue_cases(store, 1)
    worker_for(kdir).run(once=True, deadline=time.time() + 30)
    first = store.conn.execute("SELECT receipt FROM outbox").fetchone()[0]
    with store.transaction() as db:  # as if the answer had been lost: the row is still pending
        db.execute("UPDATE outbox SET state = 'pending', receipt = NULL")
    res = worker_for(kdir).run(once=True, deadline=time.time() + 30)
    assert res.delivered == 1
    assert store.conn.execute("SELECT receipt FROM outbox").fetchone()[0] == first
    assert len(platform.platform.storage.list_cases()) == 1


def test_conflict_quarantines_with_reason_and_queue_moves_on(tmp_path, platform):
    kdir = tmp_path / "kiosk"
    store = enrolled_store(kdir, platform)
    a, b = queue_cases(store, 2)
    worker_for(kdir).run(once=True, deadline=time.time() + 30)
    # re-seal case a (same id, new packet, e.g. a restored-and-edited copy) and queue c
    enr = outbox.enrollment(store.conn)
    body = outbox._case_body(a)
    resealed = outbox.seal_body(body, [a["attachments_data"][x["id"]] for x in body["attachments"]], enr,
                                outbox.keys_dir(store.conn), 1.0)
    with store.transaction() as db:
        db.execute("UPDATE outbox SET state='pending', packet=?, digest=? WHERE case_id=?",
                   (resealed, crypto.sha256_hex(resealed), a["id"]))
    c = make_case(3)
    submit(store, c)
    res = worker_for(kdir).run(once=True, deadline=time.time() + 30)
    assert (res.delivered, res.quarantined) == (1, 1)
    row = store.conn.execute("SELECT state, last_http, last_error FROM outbox WHERE case_id=?", (a["id"],)).fetchone()
    assert row[0] == "quarantined" and row[1] == 409 and "different packet" in row[2]
    with store.transaction() as db:
        outbox.retry(db, a["case_number"], time.time())
    assert store.conn.execute("SELECT state FROM outbox WHERE case_id=?", (a["id"],)).fetchone()[0] == "pending"


def test_platform_rejects_undecryptable_packet_quarantine(tmp_path, platform):
    kdir = tmp_path / "kiosk"
    store = enrolled_store(kdir, platform)
    a, b = queue_cases(store, 2)
    bad = bytearray(outbox.read_packet(store.conn, a["id"]))
    bad[-10] ^= 0xFF
    with store.transaction() as db:
        db.execute("UPDATE outbox SET packet=?, digest=? WHERE case_id=?", (bytes(bad), crypto.sha256_hex(bad), a["id"]))
    res = worker_for(kdir).run(once=True, deadline=time.time() + 30)
    assert (res.delivered, res.quarantined) == (1, 1)
    row = store.conn.execute("SELECT state, last_http, last_error FROM outbox WHERE case_id=?", (a["id"],)).fetchone()
    assert row[0] == "quarantined" and row[1] == 422 and "decrypt" in row[2]


def test_429_pauses_all_sending_and_persists(tmp_path, platform):
    kdir = tmp_path / "kiosk"
    store = enrolled_store(kdir, platform)
    queue_cases(store, 3)
    platform.platform.max_inflight = 0  # every intake refused with 429, Retry-After: 2
    t_before = time.time()
    res = worker_for(kdir).run(once=True, deadline=time.time() + 1.0)
    # the requests already in flight (max_inflight = 2) get their 429, then the whole queue waits
    assert res.delivered == 0 and 1 <= res.failures <= 2
    paused = outbox.state_get(store.conn, "paused_until")
    assert 2.0 <= paused - t_before <= 2.2 + 0.5  # Retry-After 2 s, +0-10 % jitter
    st = status_snapshot(store.conn, settings(), time.time())
    assert st["paused_until"] == paused and "HTTP 429" in st["last_error"]
    # a new worker (restart) honours the persisted pause
    platform.platform.max_inflight = 8
    t0 = time.time()
    res = worker_for(kdir).run(once=True, deadline=time.time() + 10)
    assert res.delivered == 3 and time.time() >= paused - 0.05 and time.time() - t0 < 5


def test_chunked_upload_resumes_from_server_offset(tmp_path, platform):
    kdir = tmp_path / "kiosk"
    store = enrolled_store(kdir, platform)
    (case,) = queue_cases(store, 1, att_size=200_000)
    packet = outbox.read_packet(store.conn, case["id"])
    enr = outbox.enrollment(store.conn)
    # a previous attempt got 3 chunks of 64 KiB through before the link broke
    st = platform.platform.storage
    st.upload_open(enr["kiosk_id"], case["id"], crypto.sha256_hex(packet), len(packet))
    for i in range(3):
        st.upload_append(enr["kiosk_id"], case["id"], i * 65536, packet[i * 65536:(i + 1) * 65536])
    sent = []
    w = worker_for(kdir, chunk_threshold_bytes=100_000, chunk_bytes=65536)
    orig = w._make_client

    def spy(store_, enr_):
        c = orig(store_, enr_)
        real = c._request

        def rec(method, path, **kw):
            if method == "PATCH":
                sent.append(int(kw["headers"]["Upload-Offset"]))
            return real(method, path, **kw)
        c._request = rec
        return c
    w._make_client = spy
    res = w.run(once=True, deadline=time.time() + 30)
    assert res.delivered == 1
    assert sent[0] == 3 * 65536  # resumed, not restarted
    (c,) = platform.platform.storage.list_cases()
    assert c.digest == crypto.sha256_hex(packet) and c.attachments == 3
    assert platform.platform.verify_stored(c) == (True, True, None)


def test_chunk_checksum_mismatch_is_discarded(platform, tmp_path):
    plat = platform.platform
    plat.storage.upload_open("k", "c", "00" * 32, 10)
    r = plat.upload_chunk("k", "c", 0, "sha256 AAAA", b"12345")
    assert r.status == 460 and plat.storage.upload_state("k", "c")["offset"] == 0
    r = plat.upload_chunk("k", "c", 5, "sha256 x", b"12345")
    assert r.status == 460


def test_pulls_status_catalogue_and_etag(tmp_path, platform):
    kdir = tmp_path / "kiosk"
    store = enrolled_store(kdir, platform)
    a, b = queue_cases(store, 2)
    from kiosk.catalog.loader import load_dir, to_bundle
    bundle = to_bundle(load_dir())
    bundle["manifest"] = dict(bundle["manifest"], catalog_version="2099.1")
    body = json.dumps(bundle, ensure_ascii=False).encode()
    platform.platform.publish_catalogue(body)
    seen = []
    w = worker_for(kdir)
    w.subscribe(seen.append)
    w.run(once=True, deadline=time.time() + 30)
    platform.platform.set_status(a["case_number"], "needs_more", "photo unreadable")
    w.pull_soon()
    res = w.run(once=True, deadline=time.time() + 30)
    assert res.extra.get("status_events") == 1
    row = store.conn.execute("SELECT platform_status, platform_note FROM outbox WHERE case_id=?", (a["id"],)).fetchone()
    assert tuple(row) == ("needs_more", "photo unreadable")
    assert (kdir / "sync" / "catalogue.json").read_bytes() == body
    from kiosk.catalog.storage import active_catalog
    assert active_catalog(store).version == "2099.1"  # imported and active
    etag = outbox.state_get(store.conn, "catalogue_etag")
    code, body, _ = w._make_client(store, outbox.enrollment(store.conn)).catalogue(etag)
    assert code == 304 and body is None
    assert any(s.get("last_outcome") == "delivered" for s in seen)
    assert any("status_events" in s for s in seen)
    assert any("catalogue_updated" in s for s in seen)


def test_bad_catalogue_is_refused_and_old_one_kept(tmp_path, platform):
    kdir = tmp_path / "kiosk"
    store = enrolled_store(kdir, platform)
    platform.platform.publish_catalogue(b'{"services": []}')
    SyncWorker(lambda: Store.open(kdir), settings()).run(once=True, deadline=time.time() + 10)
    assert "platform catalogue refused" in outbox.state_get(store.conn, "last_pull_error")
    assert outbox.state_get(store.conn, "catalogue_etag") is None


def test_gap_detected_and_resent(tmp_path, platform):
    kdir = tmp_path / "kiosk"
    store = enrolled_store(kdir, platform)
    cases = queue_cases(store, 4)
    w = worker_for(kdir)
    w.run(once=True, deadline=time.time() + 30)
    # the platform lost case 2 (restored from an older backup)
    db = platform.platform.storage
    with db._tx() as c:
        c.execute("DELETE FROM cases WHERE case_id = ?", (cases[1]["id"],))
        c.execute("DELETE FROM packets WHERE case_id = ?", (cases[1]["id"],))
    assert db.watermark("330106-K01")["missing"] == [2]
    w.pull_soon()
    res = w.run(once=True, deadline=time.time() + 30)
    assert res.extra.get("gap_resent") == 1
    w.pull_soon()
    res = w.run(once=True, deadline=time.time() + 30)
    wm = db.watermark("330106-K01")
    assert wm["highest_contiguous_seq"] == 4 and wm["missing"] == []


def test_retention_purges_payload_keeps_receipt(tmp_path, platform):
    kdir = tmp_path / "kiosk"
    store = enrolled_store(kdir, platform)
    queue_cases(store, 2)
    w = worker_for(kdir, retention_days=0)
    w.run(once=True, deadline=time.time() + 30)
    w.pull_soon()
    w.run(once=True, deadline=time.time() + 30)
    rows = store.conn.execute("SELECT packet, receipt, purged_at, state FROM outbox").fetchall()
    assert all(r[0] is None and r[1] and r[2] and r[3] == "delivered" for r in rows)


def test_platform_key_rotation_keeps_queued_cases(tmp_path, platform):
    kdir = tmp_path / "kiosk"
    store = enrolled_store(kdir, platform)
    old = queue_cases(store, 2)
    old_key = outbox.enrollment(store.conn)["platform_key_id"]
    new_key = platform.platform.keys.rotate()
    w = worker_for(kdir)
    w.run(once=True, deadline=time.time() + 30)  # delivers old-key packets, then learns the new key
    assert outbox.enrollment(store.conn)["platform_key_id"] == new_key != old_key
    (new,) = queue_cases(store, 1, start=3)
    assert crypto.sealed_key_id(outbox.read_packet(store.conn, new["id"])) == new_key
    w.run(once=True, deadline=time.time() + 30)
    assert len(platform.platform.storage.list_cases()) == 3


def test_kiosk_key_rotation(tmp_path, platform):
    kdir = tmp_path / "kiosk"
    store = enrolled_store(kdir, platform)
    queue_cases(store, 1)  # signed with the old key, still queued
    w = worker_for(kdir)
    client = w._make_client(store, outbox.enrollment(store.conn))
    new = rotate_kiosk_key(store, client)
    client.close()
    queue_cases(store, 1, start=2)
    res = worker_for(kdir).run(once=True, deadline=time.time() + 30)
    assert res.delivered == 2
    assert new in platform.platform.storage.kiosk_keys("330106-K01")


def test_threaded_worker_start_trigger_stop(tmp_path, platform):
    kdir = tmp_path / "kiosk"
    store = enrolled_store(kdir, platform)
    seen = []
    w = SyncWorker(lambda: Store.open(kdir), settings(interval_s=30))
    w.subscribe(seen.append)
    w.start()
    try:
        queue_cases(store, 2)
        w.trigger()
        deadline = time.time() + 10
        while time.time() < deadline and status_snapshot(store.conn, settings(), time.time())["delivered"] < 2:
            time.sleep(0.05)
        assert status_snapshot(store.conn, settings(), time.time())["delivered"] == 2
    finally:
        t0 = time.monotonic()
        w.stop()
        assert time.monotonic() - t0 < 5
    assert seen and seen[-1]["delivered"] == 2


def test_not_enrolled_run_once_says_so(tmp_path):
    kdir = tmp_path / "kiosk"
    store = Store.open(kdir)
    submit(store, make_case(1))
    res = worker_for(kdir).run(once=True)
    assert "not enrolled" in res.reason and res.delivered == 0


def test_single_flight_per_data_dir(tmp_path, platform):
    kdir = tmp_path / "kiosk"
    enrolled_store(kdir, platform)
    a = worker_for(kdir)
    fd = a._lock_dir(Store.open(kdir))
    try:
        with pytest.raises(Exception, match="another sync worker"):
            worker_for(kdir).run(once=True)
    finally:
        import os
        os.close(fd)


def test_platform_signing_key_changed_keeps_case_pending_with_reason(tmp_path, platform):
    """A platform reinstalled with a new receipt key: its receipts no longer verify, so
    the kiosk keeps the case (pending, retrying) and says why; nothing is purged."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    kdir = tmp_path / "kiosk"
    store = enrolled_store(kdir, platform)
    queue_cases(store, 1)
    platform.platform.keys.signing = Ed25519PrivateKey.generate()
    errors = []
    w = worker_for(kdir)
    w.subscribe(lambda st: errors.append(st["last_error"]))
    res = w.run(once=True, deadline=time.time() + 1)
    assert res.delivered == 0
    assert any("receipt: platform receipt: signature does not verify" in (e or "") for e in errors)
    row = store.conn.execute("SELECT state, packet IS NOT NULL FROM outbox").fetchone()
    assert tuple(row) == ("pending", 1)


def test_idle_worker_notices_a_case_committed_elsewhere(tmp_path, platform):
    """No trigger() call: a case committed by another connection goes out within ~1 s
    even though the worker's timer is 30 s."""
    kdir = tmp_path / "kiosk"
    store = enrolled_store(kdir, platform)
    w = SyncWorker(lambda: Store.open(kdir), settings(interval_s=30))
    w.start()
    try:
        time.sleep(0.5)  # the worker is idle, waiting on its 30 s timer
        (case,) = queue_cases(store, 1)  # this connection is not the worker's
        deadline = time.time() + 5
        while time.time() < deadline and not platform.platform.storage.list_cases():
            time.sleep(0.05)
        assert [c.case_id for c in platform.platform.storage.list_cases()] == [case["id"]]
    finally:
        w.stop()
