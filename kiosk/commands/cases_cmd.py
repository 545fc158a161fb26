"""`kiosk cases new|list|show|withdraw|advance`: cases without the UI (scripts, tests).

`cases new` makes a draft, fills the form, attaches/reuses/shares/waives materials and
submits it in the core's one submit transaction; it prints the case number. When the
submit is refused, the draft is discarded and the reason is printed (exit 2).
"""

from __future__ import annotations

from kiosk.cli import add_json_flag

_MIME = {".pdf": "application/pdf", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png",
         ".tif": "image/tiff", ".tiff": "image/tiff"}


def register(subparsers):
    p = subparsers.add_parser("cases", help="make, list, show and withdraw cases")
    sub = p.add_subparsers(dest="cases_command", required=True, metavar="ACTION")
    n = sub.add_parser("new", help="make and submit a case; prints its case number")
    n.add_argument("--service", required=True, metavar="ID", help="service id (`kiosk catalog list`)")
    n.add_argument("--identity", required=True, metavar="FILE.json",
                   help="identity JSON: {source, verification, id_number|document_number, name_zh, ...}")
    n.add_argument("--field", action="append", default=[], metavar="KEY=VALUE", help="form value (repeatable)")
    n.add_argument("--attach", action="append", default=[], metavar="MATERIAL=FILE",
                   help="attach a file (.pdf .jpg .png .tif) as a material (repeatable; same material twice = 2 pages)")
    n.add_argument("--share", action="append", default=[], metavar="MATERIAL",
                   help="the material is obtained through data sharing (repeatable)")
    n.add_argument("--reuse", action="append", default=[], metavar="MATERIAL|all",
                   help="reuse the citizen's earlier capture of this material ('all': every offer)")
    n.add_argument("--waive", action="append", default=[], metavar="MATERIAL=REASON",
                   help="supervisor waiver (needs --supervisor and $KIOSK_SUPERVISOR_PIN)")
    n.add_argument("--supervisor", metavar="USER", help="supervisor who waives materials")
    n.add_argument("--channel", choices=("counter", "self-service"), default="counter")
    n.add_argument("--operator", default="cli", help="operator recorded on the case")
    add_json_flag(n)
    n.set_defaults(func=_new)
    ls = sub.add_parser("list", help="list cases, newest first")
    ls.add_argument("--state", choices=("draft", "submitted", "delivered", "accepted", "needs_more", "rejected",
                                        "completed", "withdrawn"))
    ls.add_argument("--service", metavar="ID")
    ls.add_argument("--limit", type=int, default=50)
    add_json_flag(ls)
    ls.set_defaults(func=_list)
    sh = sub.add_parser("show", help="show one case (masked), its materials and history")
    sh.add_argument("ref", metavar="CASE", help="case number or id")
    add_json_flag(sh)
    sh.set_defaults(func=_show)
    w = sub.add_parser("withdraw", help="withdraw a case (the citizen no longer wants it)")
    w.add_argument("ref", metavar="CASE")
    w.add_argument("--reason", default="")
    add_json_flag(w)
    w.set_defaults(func=_withdraw)
    a = sub.add_parser("advance", help="record a status the platform reported (normally done by sync)")
    a.add_argument("ref", metavar="CASE")
    a.add_argument("state", choices=("delivered", "accepted", "needs_more", "rejected", "completed"))
    a.add_argument("--note", default="")
    add_json_flag(a)
    a.set_defaults(func=_advance)
    rt = sub.add_parser("rate", help="record the citizen's rating (好差评): 5 very satisfied .. 1 very dissatisfied")
    rt.add_argument("ref", metavar="CASE")
    rt.add_argument("--level", type=int, required=True, choices=range(1, 6), metavar="1-5")
    rt.add_argument("--reason", action="append", default=[], metavar="CODE",
                    help="reason code (repeatable): fast, clear_guidance, friendly, one_visit, slow, unclear, "
                         "materials_repeated, attitude, system_problem, other")
    rt.add_argument("--comment", default="")
    rt.add_argument("--channel", default="counter", choices=("counter", "self-service"))
    add_json_flag(rt)
    rt.set_defaults(func=_rate)
    fu = sub.add_parser("follow-up", help="close a bad rating's follow-up (supervisor)")
    fu.add_argument("rating_id", type=int, metavar="RATING")
    fu.add_argument("--supervisor", required=True, help="the supervisor's user name")
    fu.add_argument("--note", required=True, help="what was done (call-back, fix)")
    add_json_flag(fu)
    fu.set_defaults(func=_follow_up)


def _pairs(items, what):
    from kiosk.errors import UsageError
    out = []
    for it in items:
        k, sep, v = it.partition("=")
        if not sep or not k.strip():
            raise UsageError(f"{what} '{it.split('=')[0]}...' must be written KEY=VALUE")
        out.append((k.strip(), v))
    return out


def _new(args, ctx):
    import json
    import os
    from pathlib import Path

    from kiosk import cases
    from kiosk.catalog.storage import active_catalog
    from kiosk.errors import InputError, KioskError, UsageError
    from kiosk.identity import Identity

    store = ctx.store()
    cat = active_catalog(store)
    service = cat.get(args.service)
    try:
        raw = json.loads(Path(args.identity).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{args.identity}: file not found") from None
    except (OSError, ValueError) as e:
        raise InputError(f"{args.identity}: not a readable JSON file ({type(e).__name__})") from None
    identity = Identity.from_dict(raw)
    fields = dict(_pairs(args.field, "--field"))
    attachments: dict[str, list] = {}
    for mid, path in _pairs(args.attach, "--attach"):
        p = Path(path)
        mime = _MIME.get(p.suffix.lower())
        if mime is None:
            raise UsageError(f"--attach {mid}: {p.name}: use a .pdf, .jpg, .png or .tif file")
        try:
            attachments.setdefault(mid, []).append((p.read_bytes(), mime, p.name))
        except OSError as e:
            raise InputError(f"--attach {mid}: {p}: cannot read ({e.strerror})") from None
    waivers = _pairs(args.waive, "--waive")
    if waivers and not args.supervisor:
        raise UsageError("--waive needs --supervisor USER (and the PIN in $KIOSK_SUPERVISOR_PIN)")
    case = cases.create_draft(store, service, identity, operator=args.operator, channel=args.channel,
                              catalog_version=cat.version, actor=args.operator)
    try:
        result = cases.set_fields(store, case.id, fields, actor=args.operator)
        if result.problems:
            raise InputError(f"cannot submit: {result.problems[0]}"
                             + (f" (and {len(result.problems) - 1} more)" if len(result.problems) > 1 else ""))
        for mid, files in attachments.items():
            cases.add_material(store, case.id, mid, files, actor=args.operator)
        for mid in args.share:
            cases.mark_shared(store, case.id, mid, actor=args.operator)
        if args.reuse:
            offers = cases.reuse_offers(store, case.id)
            wanted = {o.material_id for o in offers} if "all" in args.reuse else set(args.reuse)
            for mid in wanted:
                cases.reuse_material(store, case.id, mid, actor=args.operator)
        for mid, reason in waivers:
            cases.waive_material(store, case.id, mid, supervisor=args.supervisor, reason=reason,
                                 pin=os.environ.get("KIOSK_SUPERVISOR_PIN"), actor=args.operator)
        case = cases.submit(store, case.id, actor=args.operator)
    except KioskError:
        cases.discard_draft(store, case.id, actor=args.operator, reason="cli: not submitted")
        raise
    out = case.to_public_dict()
    ctx.emit(out, case.case_number)


def _case_text(d):
    lines = [f"{d['case_number'] or '(draft ' + d['id'][:8] + ')'}  {d['service_id']} v{d['service_version']}  "
             f"[{d['state']}]", f"  citizen: {d['masked_name']}  channel: {d['channel']}  operator: {d['operator']}",
             f"  submitted: {d['submitted_at'] or '-'}  promised: {d['promised_date'] or '-'}"]
    if "form" in d:
        lines.append("  form: " + ", ".join(f"{k}={v}" for k, v in d["form"].items()))
    for m in d["materials"]:
        extra = (f" from {m['source_case_number']}" if m.get("source_case_number") else "") + \
            (f" by {m['waived_by']}: {m['waive_reason']}" if m.get("waived_by") else "")
        lines.append(f"  material {m['material_id']}: {m['disposition']}"
                     + (f" ({m['pages']} page(s))" if m["disposition"] in ("provided", "reused") else "") + extra)
    for e in d.get("history", []):
        lines.append(f"  {e['at']}  {e['from_state'] or '-'} -> {e['to_state']}  ({e['actor']})")
    return "\n".join(lines)


def _list(args, ctx):
    from kiosk import cases
    rows = [c.to_public_dict() for c in cases.list_cases(ctx.store(), state=args.state, service_id=args.service,
                                                         limit=args.limit)]
    for r in rows:
        r.pop("materials", None)
    ctx.emit(rows, lambda: "\n".join(
        f"{r['case_number'] or '(draft)':30} {r['state']:11} {r['service_id']:32} {r['masked_name']}"
        for r in rows) or "no cases")


def _show(args, ctx):
    from kiosk import cases
    store = ctx.store()
    case = cases.get_case(store, args.ref)
    d = case.to_public_dict()
    service = cases.definition_of(store, case)
    d["form"] = cases.public_form(service, cases.form_of(store, case))
    d["history"] = [dict(r) for r in store.conn.execute(
        "SELECT from_state, to_state, actor, at FROM case_events WHERE case_id=? ORDER BY id", (case.id,))]
    if case.state == "draft":
        d["readiness"] = cases.check_ready(store, case.id)
    ctx.emit(d, lambda: _case_text(d))


def _withdraw(args, ctx):
    from kiosk import cases
    store = ctx.store()
    case = cases.get_case(store, args.ref)
    case = cases.withdraw(store, case.id, actor="cli", reason=args.reason)
    ctx.emit(case.to_public_dict(), f"{case.case_number or case.id}: withdrawn")


def _advance(args, ctx):
    from kiosk import cases
    store = ctx.store()
    case = cases.get_case(store, args.ref)
    with store.transaction() as db:
        entered = cases.apply_platform_status(db, case.id, args.state, note=args.note, actor="cli")
    case = cases.get_case(store, case.id)
    ctx.emit({**case.to_public_dict(), "entered": entered},
             f"{case.case_number or case.id}: {' -> '.join(entered) or 'already ' + case.state}")


def _rate(args, ctx):
    from kiosk import ratings
    r = ratings.rate(ctx.store(), args.ref, args.level, args.reason, args.comment, args.channel)
    ctx.emit(r, f"{r['case_number']}: rated {r['level']}" + (" (follow-up opened)" if r["follow_up"] == "open" else ""))


def _follow_up(args, ctx):
    from kiosk import ratings
    from kiosk.errors import AuthError
    from kiosk.operators import Operators
    store = ctx.store()
    if Operators(store).get(args.supervisor).role != "supervisor":
        raise AuthError(f"{args.supervisor}: closing a follow-up needs a supervisor account", code="auth.role")
    r = ratings.resolve(store, args.rating_id, args.supervisor, args.note)
    ctx.emit(r, f"rating {r['id']} ({r['case_number']}): follow-up closed")
