"""Network faults, for real: the kiosk talks to the real platform server through the
fault-injecting TCP proxy on 127.0.0.1. Every fault ends with each case on the
platform exactly once, intact and verified."""

import random
import time

import pytest

from kiosk.store import Store
from sync import outbox
from sync.worker import SyncWorker, status_snapshot
from fault_proxy import FaultProxy
from synchelpers import assert_exactly_once, enrolled_store, point_to, queue_cases, settings


@pytest.fixture
def kiosk(tmp_path, platform):
    kdir = tmp_path / "kiosk"
    store = enrolled_store(kdir, platform)
    yield kdir, store
    store.close()


def proxied(platform, store, plan, **kw):
    proxy = FaultProxy("127.0.0.1", platform.server.port, plan=plan, **kw).start()
    point_to(store, proxy.url)
    return proxy


def run(kdir, deadline=30, **kw):
    return SyncWorker(lambda: Store.open(kdir), settings(**kw)).run(once=True, deadline=time.time() + deadline)


def first_attempt_error(store, case_id):
    return store.conn.execute("SELECT attempts FROM outbox WHERE case_id=?", (case_id,)).fetchone()[0]


@pytest.mark.parametrize("fault,expect", [
    ("reset:3000", "connection failed or was reset"),
    ("drop_response", "connection failed or was reset"),
    ("http500", "injected 500"),
    ("truncate:40", "network"),
])
def test_single_fault_then_delivered_once(kiosk, platform, fault, expect):
    kdir, store = kiosk
    cases = queue_cases(store, 2, att_size=20_000)
    errors = []
    proxy = proxied(platform, store, lambda n: fault if n == 0 else "pass")
    try:
        w = SyncWorker(lambda: Store.open(kdir), settings())
        w.subscribe(lambda st: errors.append(st["last_error"]) if st.get("last_outcome") == "retry" else None)
        res = w.run(once=True, deadline=time.time() + 30)
    finally:
        proxy.stop()
    assert res.delivered == 2 and res.failures == 1
    assert any(expect in (e or "") for e in errors), errors
    assert_exactly_once(platform, cases)
    if fault == "drop_response":
        # the platform had committed the first attempt; the retry got the stored receipt
        assert sum(first_attempt_error(store, c["id"]) for c in cases) == 1


def test_blackhole_times_out_and_retries(kiosk, platform):
    kdir, store = kiosk
    cases = queue_cases(store, 1)
    proxy = proxied(platform, store, lambda n: "blackhole" if n == 0 else "pass")
    t0 = time.monotonic()
    errors = []
    w = SyncWorker(lambda: Store.open(kdir), settings(read_timeout_s=0.5))
    w.subscribe(lambda st: errors.append(st["last_error"]))
    try:
        res = w.run(once=True, deadline=time.time() + 30)
    finally:
        proxy.stop()
    assert res.delivered == 1 and res.failures == 1
    assert 0.5 <= time.monotonic() - t0 < 10
    assert "network: the platform did not answer in time" in errors
    assert_exactly_once(platform, cases)


def test_429_retry_after_pauses_everything(kiosk, platform):
    kdir, store = kiosk
    cases = queue_cases(store, 3)
    proxy = proxied(platform, store, lambda n: "http429:1" if n == 0 else "pass")
    t0 = time.time()
    try:
        res = run(kdir, max_inflight=1)  # one at a time, so "nothing during the pause" is exact
    finally:
        proxy.stop()
    assert res.delivered == 3
    assert time.time() - t0 >= 1.0
    puts = [(t, line) for t, line, _ in proxy.log if line.startswith("PUT")]
    assert len(puts) == 4
    # nothing at all (no push, no pull) went out during the pause
    t429 = puts[0][0]
    assert not [t for t, _, _ in proxy.log if t429 < t < t429 + 1.0]
    assert_exactly_once(platform, cases)


def test_bandwidth_cap_is_respected(kiosk, platform):
    kdir, store = kiosk
    cases = queue_cases(store, 2, att_size=60_000)  # ~360 KB in all
    size = sum(r[0] for r in store.conn.execute("SELECT size FROM outbox"))
    proxy = proxied(platform, store, None, rate_bps=4_000_000)
    t0 = time.monotonic()
    try:
        res = run(kdir)
    finally:
        proxy.stop()
    took = time.monotonic() - t0
    assert res.delivered == 2
    assert took >= size * 8 / 4_000_000 * 0.9  # the cap held
    assert_exactly_once(platform, cases)


def test_random_faults_soak_exactly_once(kiosk, platform):
    kdir, store = kiosk
    cases = queue_cases(store, 40, att_size=8000)
    rng = random.Random(7)
    menu = ["reset:2000", "drop_response", "http500", "http429:1", "truncate:30", "reset:100"]
    plan = lambda n: rng.choice(menu) if rng.random() < 0.35 else "pass"  # noqa: E731
    proxy = proxied(platform, store, plan)
    try:
        res = run(kdir, deadline=90)
    finally:
        proxy.stop()
    assert res.reason == "queue empty", res
    assert sum(proxy.faults[k.split(":")[0]] for k in menu) >= 10
    st = status_snapshot(store.conn, settings(), time.time())
    assert (st["pending"], st["delivered"], st["quarantined"]) == (0, 40, 0)
    assert_exactly_once(platform, cases)


def test_platform_disk_full_then_recovers(tmp_path):
    from synchelpers import PlatformHarness
    from sync.platform.storage import SqlitePlatformStorage
    pdir = tmp_path / "plat"
    plat = PlatformHarness(pdir, storage=SqlitePlatformStorage(pdir, max_bytes=1))
    try:
        kdir = tmp_path / "kiosk"
        store = enrolled_store(kdir, plat)
        cases = queue_cases(store, 2)
        res = run(kdir, deadline=1)
        assert res.delivered == 0
        assert "507" in (outbox.state_get(store.conn, "last_error") or "")
        plat.platform.storage.max_bytes = None  # space freed
        res = run(kdir, deadline=60)
        assert res.delivered == 2
        assert_exactly_once(plat, cases)
    finally:
        plat.stop()


def test_clock_jumped_back_does_not_strand_cases(kiosk, platform):
    kdir, store = kiosk
    cases = queue_cases(store, 2)
    # retry times and a pause set when the clock read ~3 days ahead
    future = time.time() + 3 * 86400
    with store.transaction() as db:
        db.execute("UPDATE outbox SET next_attempt_at = ?", (future,))
        outbox.state_set(db, "paused_until", future)
    res = run(kdir, deadline=10)
    assert res.delivered == 2
    assert_exactly_once(platform, cases)


def test_chunked_upload_resumes_after_reset_mid_upload(kiosk, platform):
    kdir, store = kiosk
    cases = queue_cases(store, 1, att_size=100_000)  # ~300 KB packet, 32 KiB chunks
    proxy = proxied(platform, store, lambda n: "reset:1000" if n == 4 else "pass")
    try:
        res = run(kdir, chunk_threshold_bytes=64_000, chunk_bytes=32768)
    finally:
        proxy.stop()
    assert res.delivered == 1 and res.failures == 1
    lines = [line for _, line, _ in proxy.log]
    # POST, PATCH x3 (offsets 0, 32K, 64K), PATCH reset; then POST again and resume at 96K
    posts = [i for i, line in enumerate(lines) if line.startswith("POST")]
    assert len(posts) == 2
    patches_after = [i for i, line in enumerate(lines) if line.startswith("PATCH") and i > posts[1]]
    total_patches = sum(1 for line in lines if line.startswith("PATCH"))
    size = store.conn.execute("SELECT size FROM outbox").fetchone()[0]
    chunks = -(-size // 32768)
    assert total_patches == chunks + 1  # only the chunk that broke was sent twice
    assert len(patches_after) == chunks - 3
    assert_exactly_once(platform, cases)


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_randomised_fault_schedules(tmp_path, platform, seed):
    """Different seeded fault schedules (resets at random byte counts, dropped acks, 500s,
    truncations): every case lands exactly once."""
    kdir = tmp_path / "kiosk"
    store = enrolled_store(kdir, platform)
    cases = queue_cases(store, 12, att_size=rng_size(seed))
    rng = random.Random(seed)

    def plan(n):
        r = rng.random()
        if r < 0.15:
            return f"reset:{rng.randint(1, 20_000)}"
        if r < 0.25:
            return "drop_response"
        if r < 0.32:
            return "http500"
        if r < 0.38:
            return f"truncate:{rng.randint(1, 200)}"
        return "pass"
    proxy = proxied(platform, store, plan)
    try:
        res = run(kdir, deadline=60)
    finally:
        proxy.stop()
    store.close()
    assert res.reason == "queue empty", res
    assert_exactly_once(platform, cases)


def rng_size(seed):
    return 3000 + seed * 1500


def test_admission_control_under_a_reconnect_storm(tmp_path):
    """Four kiosks drain at once into a platform that takes one intake at a time: it
    answers 429 + Retry-After, the kiosks pause and come back, and everything lands."""
    import threading

    from synchelpers import PlatformHarness
    plat = PlatformHarness(tmp_path / "plat", max_inflight=1, retry_after_s=1)
    try:
        from sync.worker import enroll
        kiosks, all_cases = [], []
        for i in range(4):
            kdir = tmp_path / f"k{i}"
            store = Store.open(kdir)
            enroll(store, settings(), plat.url, plat.platform.new_token(), kiosk_id=f"330106-K{i}")
            all_cases += queue_cases(store, 5, att_size=30_000)
            store.close()
            kiosks.append(kdir)
        results = []
        threads = [threading.Thread(target=lambda d=d: results.append(run(d, deadline=60))) for d in kiosks]
        for t in threads:
            t.start()
        for t in threads:
            t.join(90)
        assert [r.reason for r in results] == ["queue empty"] * 4
        assert plat.platform.refused >= 1  # the storm really hit admission control
        assert_exactly_once(plat, all_cases)
    finally:
        plat.stop()
