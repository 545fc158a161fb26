"""The platform for a demo: with the simulated devices and no platform configured,
`kiosk run` starts the reference platform (sync.platform) on 127.0.0.1 inside this
process and enrols the kiosk with it, so a training case goes all the way to
"delivered" and the status enquiry and the technician's sync figures show it.

Its data (keys, received cases) lives in <data_dir>/simulated-platform; the kiosk stays
enrolled across starts and follows the new loopback port each time. Never started when
`sync.platform_url` names a real platform or the devices are real. No Qt here.
"""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)


def wanted(config) -> bool:
    return bool(config["kiosk.simulated_devices"]) and not config["sync.platform_url"]


def start(config):
    """Start the platform and enrol (or re-point) the kiosk. Returns (config with
    sync.platform_url set, the running server to stop at exit)."""
    from kiosk.store import Store
    from sync import outbox
    from sync.platform.server import ServerThread
    from sync.platform.service import Platform
    from sync.worker import SyncSettings, enroll

    platform = Platform(config.data_dir / "simulated-platform")
    server = ServerThread(platform).start()
    store = Store.open(config.data_dir, config=config)
    try:
        if outbox.enrollment(store.conn) is None:
            enroll(store, SyncSettings.from_config(config), server.url, platform.new_token())
            log.warning("simulated platform: kiosk enrolled at %s", server.url)
        else:
            with store.transaction() as db:
                outbox.move_platform(db, server.url)
    except Exception:
        server.stop()
        raise
    finally:
        store.close()
    return config.with_overrides(sync__platform_url=server.url), server
