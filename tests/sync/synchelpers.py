"""Builders shared by the sync tests: case dicts as the core hands them to the submit
hook, a store with queued cases, and a real platform server on 127.0.0.1."""

from __future__ import annotations

import hashlib
import os
import uuid

from kiosk.store import Store
from sync import outbox
from sync.platform.server import ServerThread
from sync.platform.service import Platform
from sync.worker import SyncSettings, enroll

FAST = dict(interval_s=0.2, backoff_base_s=0.02, backoff_cap_s=0.3, connect_timeout_s=2.0, read_timeout_s=2.0)


def make_case(seq: int, n_att: int = 3, att_size: int = 2000, seed: bytes | None = None) -> dict:
    data = {}
    materials = []
    for m in range(n_att):
        blob = (seed or os.urandom(16)) + bytes([seq % 256, m]) * (att_size // 2)
        blob = blob[:att_size]
        att_id = uuid.uuid4().hex
        data[att_id] = blob
        materials.append({"material_id": f"mat{m}", "disposition": "scanned",
                          "attachments": [{"id": att_id, "sha256": hashlib.sha256(blob).hexdigest(),
                                           "size": len(blob), "mime": "image/jpeg", "filename": f"p{m}.jpg"}]})
    return {"id": str(uuid.uuid4()), "case_number": f"330106-K01-{seq:06d}", "kiosk_seq": seq,
            "service_id": "svc.residence", "service_version": "3", "created_at": "2026-11-27T04:00:00Z",
            "submitted_at": "2026-11-27T04:05:00Z",
            "identity": {"name": "张三", "id_number": "11010519491231002X"},
            "form": {"address": "杭州市西湖区"}, "materials": materials, "attachments_data": data}


def submit(store, case: dict, now: float | None = None) -> dict:
    with store.transaction() as db:
        return outbox.on_case_submitted(db, case, store=store, now=now)


def queue_cases(store, n: int, start: int = 1, **kw) -> list[dict]:
    cases = [make_case(start + i, **kw) for i in range(n)]
    for c in cases:
        submit(store, c)
    return cases


class PlatformHarness:
    """A reference platform on a real uvicorn server, bound to 127.0.0.1."""

    def __init__(self, data_dir, **kw):
        self.platform = Platform(data_dir, **kw)
        self.server = ServerThread(self.platform).start()
        self.url = self.server.url

    def stop(self):
        self.server.stop()


def settings(**kw) -> SyncSettings:
    return SyncSettings(**{**FAST, "kiosk_id": "330106-K01", **kw})


def enrolled_store(data_dir, platform: PlatformHarness, url: str | None = None, **kw):
    store = Store.open(data_dir)
    token = platform.platform.new_token()
    enroll(store, settings(**kw), url or platform.url, token)
    return store


def point_to(store, url: str) -> None:
    """Send the kiosk's traffic to `url` (e.g. the fault proxy in front of the platform)."""
    with store.transaction() as db:
        outbox.move_platform(db, url)


def assert_exactly_once(platform: PlatformHarness, cases: list[dict]) -> None:
    """Every case on the platform once, decrypting and verifying, nothing else there."""
    stored = platform.platform.storage.list_cases()
    ids = [c.case_id for c in stored]
    assert len(ids) == len(set(ids)), "duplicate case ids on the platform"
    assert set(ids) == {c["id"] for c in cases}
    for c in stored:
        assert platform.platform.verify_stored(c) == (True, True, None), c.case_id


# ---------------------------------------------------------------------------- kill -9 loops

def sync_cli_env(tmp_path, data_dir) -> dict:
    """A config for the real `kiosk sync run` subprocess: this data dir, fast retries."""
    import os
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text(f'[kiosk]\ndata_dir = "{data_dir}"\n[log]\ndir = "{tmp_path / "logs"}"\n'
                   "[sync]\ninterval_s = 1\nbackoff_base_s = 0.02\nbackoff_cap_s = 0.2\n"
                   "connect_timeout_s = 1.0\nread_timeout_s = 1.0\n")
    return dict(os.environ, KIOSK_CONFIG=str(cfg), PYTHONDONTWRITEBYTECODE="1")


def kill_sync_runs(env, proxy, rng, *, kills: int, pending_sql: str, db_path, max_pause_s: float,
                   meanwhile=None, stop_when_drained: bool = False) -> tuple[int, int]:
    """Start `kiosk sync run`, wait for its first request through the fault proxy, let it
    run a random instant, SIGKILL it; `kills` times. `meanwhile(i)` runs before each kill
    (another writer at work). Returns (kills, kills that landed with work pending)."""
    import signal
    import sqlite3
    import subprocess
    import sys
    import time
    done = mid_queue = 0
    while done < kills:
        seen = proxy.requests
        p = subprocess.Popen([sys.executable, "-m", "kiosk", "sync", "run"], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 10
        while proxy.requests == seen and time.monotonic() < deadline and p.poll() is None:
            time.sleep(0.005)
        time.sleep(rng.uniform(0, max_pause_s))      # a random instant while it syncs
        if meanwhile is not None:
            meanwhile(done)
        alive = p.poll() is None
        p.send_signal(signal.SIGKILL)
        p.wait(10)
        assert alive, f"kiosk sync run exited early: {p.stderr.read().decode()[-500:]}"
        done += 1
        with sqlite3.connect(db_path) as c:
            pending = c.execute(pending_sql).fetchone()[0]
        mid_queue += pending > 0
        if stop_when_drained and pending == 0:
            break
    return done, mid_queue


def drain_once(env) -> None:
    """The clean run after the kills: the CLI's --once drains what is left."""
    import subprocess
    import sys
    out = subprocess.run([sys.executable, "-m", "kiosk", "sync", "run", "--once", "--timeout", "60", "--json"],
                         env=env, capture_output=True, text=True, timeout=90)
    assert out.returncode == 0, out.stderr
