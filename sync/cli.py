"""`kiosk sync ...`: enroll the kiosk, run the worker in the foreground, show and
repair the outbox. Light at import: requests/cryptography load inside handlers."""

from __future__ import annotations

import time

from kiosk.cli import add_json_flag


def register(subparsers):
    p = subparsers.add_parser("sync", help="deliver cases to the online platform (outbox, enrollment)")
    sub = p.add_subparsers(dest="sync_command", required=True, metavar="ACTION")

    e = sub.add_parser("enroll", help="register this kiosk with the platform using a one-time token")
    e.add_argument("--url", required=True, help="platform base URL, e.g. https://platform.example:8443")
    e.add_argument("--token", required=True, help="one-time token from `kiosk platform enroll-token`")
    e.add_argument("--ca", metavar="FILE", help="CA bundle that verifies the platform's TLS certificate "
                                                "(default: [sync] ca_file, else the system CAs)")
    e.add_argument("--kiosk-id", help="id to register (default: HALLCODE-KIOSKID from the config)")
    add_json_flag(e)
    e.set_defaults(func=_enroll)

    s = sub.add_parser("status", help="queue counts, oldest pending age, last success, pause")
    add_json_flag(s)
    s.set_defaults(func=_status)

    r = sub.add_parser("run", help="run the sync worker in the foreground")
    r.add_argument("--once", action="store_true", help="stop when nothing is left to send")
    r.add_argument("--timeout", type=float, default=600.0,
                   help="with --once: give up after this many seconds (default 600)")
    add_json_flag(r)
    r.set_defaults(func=_run)

    t = sub.add_parser("retry", help="put a quarantined case (and its quarantined rating) back in the queue")
    t.add_argument("case", metavar="CASE", help="case number or case id")
    t.set_defaults(func=_retry)

    ls = sub.add_parser("list", help="list outbox rows")
    ls.add_argument("--state", choices=["pending", "delivered", "quarantined"])
    ls.add_argument("--limit", type=int, default=100)
    ls.add_argument("--ratings", action="store_true", help="list rating revisions instead of cases")
    add_json_flag(ls)
    ls.set_defaults(func=_list)

    k = sub.add_parser("rotate-key", help="register a new kiosk signing key with the platform and switch to it")
    k.set_defaults(func=_rotate)


def _settings(ctx):
    from sync.worker import SyncSettings
    return SyncSettings.from_config(ctx.config)


def _enroll(args, ctx):
    from sync.worker import enroll
    ca = args.ca or ctx.config["sync.ca_file"] or None
    enr = enroll(ctx.store(), _settings(ctx), args.url, args.token, ca_file=ca, kiosk_id=args.kiosk_id)
    out = {k: enr[k] for k in ("kiosk_id", "kiosk_key_id", "platform_url", "platform_key_id", "sealed_held")}
    ctx.emit(out, f"enrolled as {out['kiosk_id']} at {out['platform_url']} "
                  f"(kiosk key {out['kiosk_key_id']}, platform key {out['platform_key_id']}; "
                  f"{out['sealed_held']} held cases sealed)")


def _fmt_ts(t):
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(t)) if t else "-"


def _status(args, ctx):
    from sync.worker import status_snapshot
    st = status_snapshot(ctx.store().conn, _settings(ctx), time.time())

    def text():
        lines = [f"pending {st['pending']}  delivered {st['delivered']}  quarantined {st['quarantined']}",
                 f"ratings: pending {st['ratings_pending']}  delivered {st['ratings_delivered']}  "
                 f"quarantined {st['ratings_quarantined']}",
                 f"oldest pending: {st['oldest_pending_age_s'] if st['oldest_pending_age_s'] is not None else '-'} s",
                 f"last success: {_fmt_ts(st['last_success'])}",
                 f"paused until: {_fmt_ts(st['paused_until'])}",
                 f"enrolled: {'yes' if st['enrolled'] else 'no'}"]
        if st["held_unenrolled"]:
            lines.append(f"held until enrollment: {st['held_unenrolled']}")
        if st["last_error"]:
            lines.append(f"last error: {st['last_error']}")
        lines += [f"warning: {w}" for w in st["warnings"]]
        return "\n".join(lines)
    ctx.emit(st, text)


def _run(args, ctx):
    from kiosk.store import Store
    from sync.worker import SyncWorker
    cfg = ctx.config
    worker = SyncWorker(lambda: Store.open(cfg.data_dir, config=cfg), _settings(ctx))
    deadline = time.time() + args.timeout if args.once else None
    t0 = time.monotonic()
    try:
        res = worker.run(once=args.once, deadline=deadline)
    except KeyboardInterrupt:
        return 130
    out = {"delivered": res.delivered, "ratings_delivered": res.extra.get("ratings_delivered", 0),
           "failures": res.failures, "quarantined": res.quarantined,
           "reason": res.reason, "seconds": round(time.monotonic() - t0, 2)}
    ctx.emit(out, f"delivered {res.delivered} cases and {out['ratings_delivered']} ratings, quarantined "
                  f"{res.quarantined}, failed attempts {res.failures} in {out['seconds']} s: {res.reason}")
    return 0 if (not args.once or res.reason == "queue empty") else 1


def _retry(args, ctx):
    from kiosk.errors import SyncError
    from sync import outbox, rating_outbox
    with ctx.store().transaction() as db:
        ratings = rating_outbox.retry(db, args.case, time.time())
        try:
            case_id = outbox.retry(db, args.case, time.time())
        except SyncError as e:
            if not ratings or e.code not in ("state", "not_found"):
                raise
            case_id = None
    if case_id:
        print(f"case {args.case} queued again ({case_id})")
    if ratings:
        print(f"rating of case {args.case} queued again ({ratings} revision(s))")


def _list(args, ctx):
    from sync import outbox, rating_outbox
    if args.ratings:
        rows = rating_outbox.list_ratings(ctx.store().conn, args.state, args.limit)
        ctx.emit(rows, lambda: "\n".join(
            f"{r['case_number'] or r['case_id']:<24} rev {r['revision']}  {r['state']:<11} attempts {r['attempts']:<3} "
            f"{r['last_error'] or ''}" for r in rows) or "(no ratings queued)")
        return
    rows = outbox.list_cases(ctx.store().conn, args.state, args.limit)

    def text():
        return "\n".join(f"{r['case_number'] or r['case_id']:<24} {r['state']:<11} attempts {r['attempts']:<3} "
                         f"{r['last_error'] or ''}" for r in rows) or "(outbox empty)"
    ctx.emit(rows, text)


def _rotate(args, ctx):
    from kiosk.errors import SyncError
    from sync import outbox
    from sync.worker import SyncWorker, rotate_kiosk_key
    store = ctx.store()
    enr = outbox.enrollment(store.conn)
    if not enr:
        raise SyncError("not enrolled: run kiosk sync enroll --url URL --token TOKEN first")
    client = SyncWorker(lambda: store, _settings(ctx))._make_client(store, enr)
    try:
        new = rotate_kiosk_key(store, client)
    finally:
        client.close()
    print(f"kiosk key rotated: now {new}")
