"""Health checks for `kiosk doctor`: enrollment, key file permissions, queue age and
size, quarantined cases, platform reachability (one short request)."""

from __future__ import annotations

import os
import stat
import time


def checks(ctx):
    from kiosk.errors import KioskError
    from kiosk.health import FAIL, OK, WARN, Check
    from sync import outbox
    from sync.worker import SyncSettings, status_snapshot
    try:
        store = ctx.store()
    except KioskError as e:
        return [Check("sync", FAIL, f"store unavailable: {e}")]
    out = []
    enr = outbox.enrollment(store.conn)
    if not enr:
        out.append(Check("sync.enrollment", WARN, "not enrolled: cases are held encrypted until "
                                                  "`kiosk sync enroll --url URL --token TOKEN`"))
    else:
        out.append(Check("sync.enrollment", OK, f"enrolled as {enr['kiosk_id']} at {enr['platform_url']}"))
        key = outbox.keys_dir(store.conn) / outbox.KIOSK_KEY_FILE
        try:
            mode = stat.S_IMODE(os.stat(key).st_mode)
            out.append(Check("sync.key", OK if mode & 0o077 == 0 else FAIL,
                             f"{key} mode {mode:o}" + ("" if mode & 0o077 == 0 else ": chmod 600 it")))
        except OSError:
            out.append(Check("sync.key", FAIL, f"{key} missing: re-enroll the kiosk"))
    st = status_snapshot(store.conn, SyncSettings.from_config(ctx.config), time.time())
    if st["refuse_new_cases"]:
        out.append(Check("sync.queue", FAIL, "; ".join(st["warnings"]) + " (new cases refused)"))
    elif st["warnings"]:
        out.append(Check("sync.queue", WARN, "; ".join(st["warnings"])))
    else:
        out.append(Check("sync.queue", OK, f"{st['pending']} pending, {st['delivered']} delivered; "
                                           f"ratings {st.get('ratings_pending', 0)} pending"))
    if st["quarantined"]:
        out.append(Check("sync.quarantine", WARN, f"{st['quarantined']} cases quarantined "
                                                  "(kiosk sync list --state quarantined; kiosk sync retry CASE)"))
    if st.get("ratings_quarantined"):
        out.append(Check("sync.ratings", WARN, f"{st['ratings_quarantined']} ratings quarantined "
                                               "(kiosk sync retry CASE re-queues a case's rating)"))
    if enr:
        import requests

        from sync.client import describe_transport_error, make_session
        s = make_session(enr.get("ca_file"))
        try:
            r = s.get(enr["platform_url"] + "/v1/health", timeout=(3, 3))
            out.append(Check("sync.platform", OK if r.ok else WARN, f"platform answered HTTP {r.status_code}"))
        except requests.RequestException as e:
            out.append(Check("sync.platform", WARN, f"{describe_transport_error(e)}; cases wait in the outbox"))
        finally:
            s.close()
    return out
