"""`kiosk platform ...`: run and operate the reference platform (tests, demos,
integrators). Every command takes --data DIR, the platform's own directory."""

from __future__ import annotations

import json
from pathlib import Path

from kiosk.cli import add_json_flag


def _data(p):
    p.add_argument("--data", required=True, metavar="DIR", help="the platform's data directory")


def register(subparsers):
    p = subparsers.add_parser("platform", help="the reference online platform (server and operator commands)")
    sub = p.add_subparsers(dest="platform_command", required=True, metavar="ACTION")

    s = sub.add_parser("serve", help="serve the sync protocol over HTTP(S) with uvicorn")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8443)
    _data(s)
    s.add_argument("--max-inflight", type=int, default=8, help="concurrent intakes before answering 429")
    s.add_argument("--retry-after", type=int, default=2, help="Retry-After seconds sent with 429")
    s.add_argument("--max-bytes", type=int, help="storage quota; beyond it intake answers 507 (a full disk)")
    s.add_argument("--tls-cert", metavar="PEM")
    s.add_argument("--tls-key", metavar="PEM")
    s.set_defaults(func=_serve)

    t = sub.add_parser("enroll-token", help="print a one-time enrollment token")
    _data(t)
    t.add_argument("--kiosk-id", help="bind the token to this kiosk id (required to re-enroll an enrolled kiosk)")
    add_json_flag(t)
    t.set_defaults(func=_token)

    c = sub.add_parser("cases", help="list received cases (re-verifying each packet)")
    _data(c)
    c.add_argument("--no-verify", action="store_true", help="skip re-opening the stored packets")
    add_json_flag(c)
    c.set_defaults(func=_cases)

    ra = sub.add_parser("ratings", help="received ratings (好差评), newest revision of each, re-verified")
    _data(ra)
    ra.add_argument("--all-revisions", action="store_true", help="every revision, not only the newest per case")
    add_json_flag(ra)
    ra.set_defaults(func=_ratings)

    st = sub.add_parser("set-status", help="change a case's status (kiosks pull it)")
    st.add_argument("case", metavar="CASE", help="case number or case id")
    st.add_argument("status", choices=["accepted", "needs_more", "rejected"])
    st.add_argument("--note", default=None)
    _data(st)
    st.set_defaults(func=_set_status)

    pc = sub.add_parser("publish-catalogue", help="publish a catalogue file (kiosks fetch it by ETag)")
    pc.add_argument("file", metavar="FILE")
    _data(pc)
    pc.set_defaults(func=_publish)

    rk = sub.add_parser("rotate-key", help="new platform encryption key (old ones kept for queued packets)")
    _data(rk)
    rk.set_defaults(func=_rotate)

    k = sub.add_parser("kiosks", help="enrolled kiosks: keys, watermark, audit head, alerts")
    _data(k)
    add_json_flag(k)
    k.set_defaults(func=_kiosks)

    o = sub.add_parser("openapi", help="print the protocol's OpenAPI document")
    o.set_defaults(func=_openapi)


def _platform(args, **kw):
    from sync.platform.service import Platform
    from sync.platform.storage import SqlitePlatformStorage
    storage = SqlitePlatformStorage(Path(args.data), max_bytes=getattr(args, "max_bytes", None))
    return Platform(Path(args.data), storage, **kw)


def _serve(args, ctx):
    import uvicorn

    from kiosk.errors import UsageError
    from sync.platform.server import build_app
    if bool(args.tls_cert) != bool(args.tls_key):
        raise UsageError("--tls-cert and --tls-key go together")
    plat = _platform(args, max_inflight=args.max_inflight, retry_after_s=args.retry_after)
    scheme = "https" if args.tls_cert else "http"
    print(f"platform serving {scheme}://{args.host}:{args.port} (data {args.data})", flush=True)
    uvicorn.run(build_app(plat), host=args.host, port=args.port, log_level="warning", access_log=False,
                lifespan="off", ssl_certfile=args.tls_cert, ssl_keyfile=args.tls_key)


def _token(args, ctx):
    token = _platform(args).new_token(args.kiosk_id)
    ctx.emit({"token": token}, token)


def _cases(args, ctx):
    plat = _platform(args)
    out = []
    for c in plat.storage.list_cases():
        dec, sig, error = (c.decrypted_ok, c.signature_ok, None) if args.no_verify else plat.verify_stored(c)
        row = {"case_number": c.case_number, "case_id": c.case_id, "kiosk_id": c.kiosk_id, "kiosk_seq": c.kiosk_seq,
               "digest": c.digest, "size": c.size, "attachments": c.attachments, "signature_ok": sig,
               "decrypted_ok": dec, "received_at": c.received_at, "status": c.status}
        if error:
            row["error"] = error
        out.append(row)

    def text():
        return "\n".join(f"{r['case_number']:<24} {r['kiosk_id']:<12} {r['attachments']} att  "
                         f"sig {'ok' if r['signature_ok'] else 'BAD'}  dec {'ok' if r['decrypted_ok'] else 'BAD'}  "
                         f"{r['status']}" for r in out) or "(no cases)"
    ctx.emit(out, text)


def _ratings(args, ctx):
    plat = _platform(args)
    out = []
    for r in plat.storage.list_ratings(latest_only=not args.all_revisions):
        sig, error = plat.verify_stored_rating(r)
        row = {"case_number": r.case_number, "case_id": r.case_id, "kiosk_id": r.kiosk_id, "revision": r.revision,
               "level": r.level, "reasons": r.reasons, "follow_up": r.follow_up, "signature_ok": sig,
               "received_at": r.received_at}
        if error:
            row["error"] = error
        out.append(row)

    def text():
        return "\n".join(f"{r['case_number'] or r['case_id']:<24} {r['kiosk_id']:<12} level {r['level']}  "
                         f"rev {r['revision']}  follow-up {r['follow_up']:<8} sig {'ok' if r['signature_ok'] else 'BAD'}  "
                         f"{','.join(r['reasons'])}" for r in out) or "(no ratings)"
    ctx.emit(out, text)


def _set_status(args, ctx):
    from kiosk.errors import NotFoundError
    try:
        c = _platform(args).set_status(args.case, args.status, args.note)
    except LookupError:
        raise NotFoundError(f"platform: no case {args.case!r} (kiosk platform cases lists them)") from None
    print(f"{c.case_number or c.case_id}: {c.status}")


def _publish(args, ctx):
    from kiosk.errors import InputError
    try:
        body = Path(args.file).read_bytes()
        json.loads(body)
    except OSError as e:
        raise InputError(f"{args.file}: cannot read ({e.strerror})") from None
    except ValueError as e:
        raise InputError(f"{args.file}: not JSON ({e})") from None
    print(f"catalogue published, ETag {_platform(args).publish_catalogue(body)}")


def _rotate(args, ctx):
    print(f"platform encryption key is now {_platform(args).keys.rotate()}")


def _kiosks(args, ctx):
    rows = _platform(args).storage.kiosks()
    ctx.emit(rows, lambda: "\n".join(f"{r['kiosk_id']:<14} keys {r['keys']}  cases {r['count']}  "
                                      f"watermark {r['highest_contiguous_seq']}  "
                                      f"{r['audit_alert'] or ''}" for r in rows) or "(no kiosks)")


def _openapi(args, ctx):
    from sync.platform.server import OPENAPI_PATH
    print(OPENAPI_PATH.read_text())
