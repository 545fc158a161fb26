"""Sync throughput: drain queued cases (3 x 300 KB attachments each) to the local
reference platform, and goodput through the fault proxy capped at 10 Mbit/s.

The platform runs as a separate process (`kiosk platform serve`), so the CPU figure
is the kiosk side only (worker thread: read packet, HTTPS-less PUT over loopback,
receipt check, outbox update with synchronous=FULL). Sealing happens at submit, not
here; its cost per case is printed separately.

    .venv/bin/python tests/bench/bench_sync.py [--cases 2000] [--goodput-cases 30]
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "sync"))

ATT = 300 * 1024


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(pdir: Path):
    import requests
    port = _free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    p = subprocess.Popen([sys.executable, "-m", "kiosk", "platform", "serve", "--host", "127.0.0.1", "--port",
                          str(port), "--data", str(pdir)], env=env, stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            if requests.get(url + "/v1/health", timeout=1).ok:
                return p, url, port
        except requests.ConnectionError:
            time.sleep(0.05)
    p.kill()
    raise SystemExit("platform did not start")


def _queue(store, n: int, start: int = 1) -> float:
    """Submit n cases through the real hook; returns seconds spent sealing+committing."""
    from synchelpers import make_case, submit
    t = 0.0
    for i in range(n):
        case = make_case(start + i, n_att=3, att_size=ATT)
        for k in case["attachments_data"]:  # incompressible, like JPEG scans
            blob = os.urandom(ATT)
            case["attachments_data"][k] = blob
        for m in case["materials"]:
            for a in m["attachments"]:
                import hashlib
                a["sha256"] = hashlib.sha256(case["attachments_data"][a["id"]]).hexdigest()
        t0 = time.perf_counter()
        submit(store, case)
        t += time.perf_counter() - t0
    return t


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=2000)
    ap.add_argument("--goodput-cases", type=int, default=30)
    ap.add_argument("--cap-mbit", type=float, default=10.0)
    args = ap.parse_args(argv)

    from fault_proxy import FaultProxy
    from kiosk.store import Store
    from sync.platform.service import Platform
    from sync.worker import SyncWorker, SyncSettings, enroll

    work = Path(tempfile.mkdtemp(prefix="bench_sync_"))
    proc = None
    try:
        pdir = work / "platform"
        Platform(pdir)  # create keys before the server starts
        token = Platform(pdir).new_token()
        proc, url, port = _serve(pdir)
        kdir = work / "kiosk"
        store = Store.open(kdir)
        settings = SyncSettings(interval_s=3600, kiosk_id="330106-K01")
        enroll(store, settings, url, token)

        print(f"bench_sync: queueing {args.cases} cases x 3 x 300 KB ...", flush=True)
        seal_s = _queue(store, args.cases)
        total_bytes = store.conn.execute("SELECT SUM(size) FROM outbox").fetchone()[0]
        print(f"  seal+commit at submit: {seal_s / args.cases * 1000:.1f} ms/case "
              f"(sealed packet {total_bytes / args.cases / 1024:.0f} KiB)")

        worker = SyncWorker(lambda: Store.open(kdir), settings)
        cpu0, t0 = time.process_time(), time.perf_counter()
        res = worker.run(once=True, deadline=time.time() + 3600)
        wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
        assert res.delivered == args.cases, res
        print(f"drain to local platform: {args.cases} cases in {wall:.1f} s = {args.cases / wall:.1f} cases/s, "
              f"{total_bytes / wall / 1e6:.1f} MB/s; kiosk CPU {cpu / args.cases * 1000:.1f} ms/case")

        # goodput through the proxy at the cap
        n = args.goodput_cases
        _queue(store, n, start=args.cases + 1)
        gbytes = store.conn.execute("SELECT SUM(size) FROM outbox WHERE state='pending'").fetchone()[0]
        cap = args.cap_mbit * 1e6
        proxy = FaultProxy("127.0.0.1", port, rate_bps=cap).start()
        from synchelpers import point_to
        point_to(store, proxy.url)
        t0 = time.perf_counter()
        res = SyncWorker(lambda: Store.open(kdir), settings).run(once=True, deadline=time.time() + 3600)
        wall = time.perf_counter() - t0
        proxy.stop()
        assert res.delivered == n, res
        goodput = gbytes * 8 / wall
        print(f"through proxy capped at {args.cap_mbit:g} Mbit/s: {n} cases ({gbytes / 1e6:.1f} MB) in {wall:.1f} s; "
              f"goodput {goodput / 1e6:.2f} Mbit/s = {goodput / cap * 100:.1f} % of the cap "
              f"(wire bytes incl. HTTP {proxy.bytes_up / 1e6:.1f} MB up)")
        store.close()
    finally:
        if proc:
            proc.terminate()
            proc.wait(10)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
