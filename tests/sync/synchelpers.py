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
        enr = outbox.enrollment(db)
        enr["platform_url"] = url
        outbox.state_set(db, "enrollment", enr)


def assert_exactly_once(platform: PlatformHarness, cases: list[dict]) -> None:
    """Every case on the platform once, decrypting and verifying, nothing else there."""
    stored = platform.platform.storage.list_cases()
    ids = [c.case_id for c in stored]
    assert len(ids) == len(set(ids)), "duplicate case ids on the platform"
    assert set(ids) == {c["id"] for c in cases}
    for c in stored:
        assert platform.platform.verify_stored(c) == (True, True, None), c.case_id
