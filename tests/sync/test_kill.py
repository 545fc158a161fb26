"""Kill -9 of a syncing kiosk, >= 100 times, faults on; then a clean run. The
platform must hold every case exactly once, all signatures and digests good, and the
kiosk must have nothing left pending or quarantined.

The kiosk is the real `kiosk sync run` command in a subprocess; the platform (real
uvicorn server) and the fault proxy run in this process on 127.0.0.1.
"""

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from fault_proxy import FaultProxy
from synchelpers import assert_exactly_once, enrolled_store, point_to, queue_cases

KILLS = 100
CASES = 300


@pytest.mark.slow
def test_kill_9_loop_then_clean_run(tmp_path, platform):
    kdir = tmp_path / "kiosk"
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text(f'[kiosk]\ndata_dir = "{kdir}"\n[log]\ndir = "{tmp_path / "logs"}"\n'
                   "[sync]\ninterval_s = 1\nbackoff_base_s = 0.02\nbackoff_cap_s = 0.2\n"
                   "connect_timeout_s = 1.0\nread_timeout_s = 1.0\n")
    env = dict(os.environ, KIOSK_CONFIG=str(cfg), PYTHONDONTWRITEBYTECODE="1")
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

    kills = kills_mid_queue = 0
    t_start = time.monotonic()
    try:
        while kills < KILLS:
            seen = proxy.requests
            p = subprocess.Popen([sys.executable, "-m", "kiosk", "sync", "run"], env=env,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            deadline = time.monotonic() + 10
            while proxy.requests == seen and time.monotonic() < deadline and p.poll() is None:
                time.sleep(0.005)
            time.sleep(rng.uniform(0, 0.08))  # a random instant while it syncs
            alive = p.poll() is None
            p.send_signal(signal.SIGKILL)
            p.wait(10)
            assert alive, f"kiosk sync run exited early: {p.stderr.read().decode()[-500:]}"
            kills += 1
            with sqlite3.connect(kdir / "kiosk.db") as c:
                pending = c.execute("SELECT COUNT(*) FROM outbox WHERE state='pending'").fetchone()[0]
            kills_mid_queue += pending > 0
            if pending == 0:
                break
        kill_secs = time.monotonic() - t_start
        # clean run: faults off, the CLI's --once drains what is left
        faults_on = False
        out = subprocess.run([sys.executable, "-m", "kiosk", "sync", "run", "--once", "--timeout", "60", "--json"],
                             env=env, capture_output=True, text=True, timeout=90)
        assert out.returncode == 0, out.stderr
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
