"""Kill -9 of a kiosk syncing ratings, faults on, while a supervisor resolves bad
ratings from another connection; then a clean run. Every rating revision is on the
platform exactly once with the very packet the kiosk sealed, signatures good, and
nothing is left pending or quarantined.

The kiosk is the real `kiosk sync run` command in a subprocess; the platform (real
uvicorn server) and the fault proxy run in this process on 127.0.0.1."""

import json
import random
import sqlite3
import subprocess
import sys

from kiosk import ratings
from fault_proxy import FaultProxy
from synchelpers import drain_once, enrolled_store, kill_sync_runs, point_to, sync_cli_env
from test_rating_sync import submitted

KILLS = 25
RATED = 40


def test_kill_9_while_ratings_sync_then_clean_run(tmp_path, platform):
    kdir = tmp_path / "kiosk"
    env = sync_cli_env(tmp_path, kdir)
    store = enrolled_store(kdir, platform)
    rng = random.Random(20261127)
    bad = []
    for i in range(RATED):
        c = submitted(store, run_hooks=False)
        r = ratings.rate(store, c.id, rng.choice([1, 2, 4, 5]), ["other"], comment=f"评论{i}")
        if r["follow_up"] == "open":
            bad.append(r["id"])
    faults_on = True
    menu = ["reset:100", "drop_response", "http500", "truncate:30", "blackhole"]

    def plan(n):
        return rng.choice(menu) if faults_on and rng.random() < 0.25 else "pass"
    proxy = FaultProxy("127.0.0.1", platform.server.port, plan=plan).start()
    point_to(store, proxy.url)

    def supervisor_at_work(i):     # the supervisor closes follow-ups meanwhile (revision 2)
        if i % 5 == 2 and bad:
            ratings.resolve(store, bad.pop(), "sup", "called back and explained")
    try:
        kills, kills_mid_queue = kill_sync_runs(
            env, proxy, rng, kills=KILLS, max_pause_s=0.06, db_path=kdir / "kiosk.db", meanwhile=supervisor_at_work,
            pending_sql="SELECT COUNT(*) FROM rating_outbox WHERE state = 'pending'")
        for rid in bad:
            ratings.resolve(store, rid, "sup", "called back and explained")
        faults_on = False
        drain_once(env)
    finally:
        proxy.stop()
    print(f"{kills} kills ({kills_mid_queue} with ratings pending); faults {dict(proxy.faults)}")
    assert sum(v for k, v in proxy.faults.items() if k != "pass") >= 5
    assert kills_mid_queue >= KILLS // 2, kills_mid_queue  # the kills did land while ratings were in flight

    expected = {(r["case_id"], 2 if r["follow_up"] == "resolved" else 1)
                for r in store.conn.execute("SELECT case_id, follow_up FROM ratings")}
    local = {(r["case_id"], r["revision"]): r for r in store.conn.execute(
        "SELECT case_id, revision, state, digest, receipt FROM rating_outbox")}
    got = {(x.case_id, x.revision): x for x in platform.platform.storage.list_ratings(latest_only=False)}
    assert expected <= set(got) and set(got) == set(local)  # every current revision there, nothing unknown
    for key, x in got.items():
        row = local[key]
        assert row["state"] == "delivered" and row["digest"] == x.digest  # the one sealed packet, received once
        assert json.loads(row["receipt"]) == x.receipt
        assert platform.platform.verify_stored_rating(x) == (True, None)
    latest = {x.case_id: x for x in platform.platform.storage.list_ratings()}
    assert len(latest) == RATED and all(x.follow_up in ("none", "resolved") for x in latest.values())
    st = json.loads(subprocess.run([sys.executable, "-m", "kiosk", "sync", "status", "--json"], env=env,
                                   capture_output=True, text=True, check=True).stdout)
    assert (st["ratings_pending"], st["ratings_quarantined"]) == (0, 0)
    store.close()
    with sqlite3.connect(kdir / "kiosk.db") as c:
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
