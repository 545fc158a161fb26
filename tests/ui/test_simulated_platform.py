"""`kiosk run` with the simulated devices also runs the reference platform on loopback
and enrols the kiosk, so a demo case is delivered; a configured platform is never
replaced, and the kiosk follows the new port at the next start."""

import sys
from pathlib import Path

from kiosk.config import defaults
from kiosk.store import Store
from sync import outbox
from ui import simulated_platform

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sync"))
from synchelpers import make_case, submit  # noqa: E402


def _config(tmp_path, **kw):
    return defaults().with_overrides(kiosk__data_dir=str(tmp_path / "data"), log__dir=str(tmp_path / "logs"), **kw)


def test_only_with_simulated_devices_and_no_platform(tmp_path):
    assert simulated_platform.wanted(_config(tmp_path, kiosk__simulated_devices=True))
    assert not simulated_platform.wanted(_config(tmp_path, kiosk__simulated_devices=False))
    assert not simulated_platform.wanted(_config(tmp_path, kiosk__simulated_devices=True,
                                                 sync__platform_url="https://platform.example.gov.cn"))


def test_enrols_delivers_and_follows_the_new_port(tmp_path):
    from sync.worker import SyncSettings, SyncWorker
    cfg = _config(tmp_path, kiosk__simulated_devices=True, sync__interval_s=1, sync__backoff_base_s=0.05)
    cfg1, server = simulated_platform.start(cfg)
    try:
        assert cfg1["sync.platform_url"] == server.url
        store = Store.open(cfg.data_dir, config=cfg)
        enr = outbox.enrollment(store.conn)
        assert enr["platform_url"] == server.url
        case = make_case(1)
        submit(store, case)
        store.close()
        worker = SyncWorker(lambda: Store.open(cfg.data_dir, config=cfg), SyncSettings.from_config(cfg1))
        worker.start()
        try:
            import time
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline and not server.platform.storage.list_cases():
                worker.trigger()
                time.sleep(0.1)
        finally:
            worker.stop()
        stored = server.platform.storage.list_cases()
        assert [c.case_id for c in stored] == [case["id"]]
        assert server.platform.verify_stored(stored[0]) == (True, True, None)
    finally:
        server.stop()

    cfg2, server2 = simulated_platform.start(cfg)          # the next start: another port, same platform
    try:
        store = Store.open(cfg.data_dir, config=cfg)
        enr2 = outbox.enrollment(store.conn)
        assert enr2["platform_url"] == server2.url and enr2["kiosk_id"] == enr["kiosk_id"]
        actions = [r[0] for r in store.conn.execute("SELECT action FROM audit_log ORDER BY seq")]
        store.close()
        assert actions.count("sync.enrolled") == 1
        assert ("sync.platform_moved" in actions) == (server2.url != server.url)
        assert [c.case_id for c in server2.platform.storage.list_cases()] == [case["id"]]   # its data kept
    finally:
        server2.stop()
