"""Kill -9 of a syncing kiosk, >= 100 times, faults on; then a clean run. The
platform must hold every case exactly once, all signatures and digests good, and the
kiosk must have nothing left pending or quarantined.

The kiosk is the real `kiosk sync run` command in a subprocess; the platform (real
uvicorn server) and the fault proxy run in this process on 127.0.0.1.
"""

import random
import sqlite3
import subprocess
import sys
import time

import pytest

from fault_proxy import FaultProxy
from synchelpers import (assert_exactly_once, drain_once, enrolled_store, kill_sync_runs, point_to,
                         queue_cases, sync_cli_env)

KILLS = 100
CASES = 300


@pytest.mark.slow
def test_kill_9_loop_then_clean_run(tmp_path, platform):
    kdir = tmp_path / "kiosk"
    env = sync_cli_env(tmp_path, kdir)
    store = enrolled_store(kdir, platform)
    cases = queue_cases(store, CASES, att_size=12_000)
    rng = random.Random(20261127)
    faults_on = True
    menu = ["reset:5000", "drop_response", "http500", "truncate:30", "reset:200", "blackhole"]

    def plan(n):
        if faults_on and rng.random() < 0.2:
            return rng.choice(menu)
        return "pass"
    proxy = FaultProxy("127.0.0.1", platform.server.port, plan=plan, rate_bps=20_000_000).start()
    point_to(store, proxy.url)
    store.close()

    t_start = time.monotonic()
    try:
        kills, kills_mid_queue = kill_sync_runs(
            env, proxy, rng, kills=KILLS, max_pause_s=0.08, db_path=kdir / "kiosk.db", stop_when_drained=True,
            pending_sql="SELECT COUNT(*) FROM outbox WHERE state='pending'")
        kill_secs = time.monotonic() - t_start
        faults_on = False
        drain_once(env)
    finally:
        proxy.stop()
    print(f"{kills} kills ({kills_mid_queue} with cases pending) in {kill_secs:.1f} s; faults {dict(proxy.faults)}")
    assert kills >= KILLS and kills_mid_queue >= KILLS, (kills, kills_mid_queue)
    assert sum(v for k, v in proxy.faults.items() if k != "pass") >= 20
    assert_exactly_once(platform, cases)
    status = subprocess.run([sys.executable, "-m", "kiosk", "sync", "status", "--json"], env=env,
                            capture_output=True, text=True, check=True)
    import json
    st = json.loads(status.stdout)
    assert (st["pending"], st["delivered"], st["quarantined"]) == (0, CASES, 0)
    with sqlite3.connect(kdir / "kiosk.db") as c:
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        receipts = c.execute("SELECT COUNT(*) FROM outbox WHERE receipt IS NOT NULL").fetchone()[0]
    assert receipts == CASES
