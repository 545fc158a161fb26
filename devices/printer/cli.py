"""`kiosk printer ...` and `kiosk receipt ...` (registered through the kiosk.commands
entry points). Light at import: python-escpos and Pillow load inside the handlers.

    kiosk printer status [--printer URI] [--json]   online, paper, cover_open, error, detail
    kiosk printer test   [--printer URI] [--json]   technician test page (through the queue)
    kiosk printer jobs   [--json] [--limit N] [--waiting]
    kiosk printer retry  [--printer URI] [--json]   print every waiting job now
    kiosk receipt preview CASE -o OUT.png [--lang zh_CN|en]
    kiosk receipt print   CASE [--printer URI] [--json]
    kiosk receipt reprint CASE [--printer URI] [--json]
    kiosk receipt ticket --number A017 --service NAME [--ahead N] [-o OUT.png] [--print]
    kiosk receipt end-of-day [--date YYYY-MM-DD] [-o OUT.png] [--print] [--json]

Exit status: 0 printed / ready; 1 the slip is queued but the printer is not ready (it
prints by itself when the fault clears, or with `kiosk printer retry`), or the printer
reports a fault; 2 bad usage.
"""

from __future__ import annotations

from kiosk.cli import add_json_flag


def _printer_opt(p):
    p.add_argument("--printer", metavar="URI", help="printer URI (default: [printer] uri)")


def register(subparsers):
    p = subparsers.add_parser("printer", help="receipt printer: status, test page, print jobs")
    sub = p.add_subparsers(dest="printer_command", required=True, metavar="ACTION")
    s = sub.add_parser("status", help="ask the printer (DLE EOT): online, paper, cover, errors")
    _printer_opt(s)
    add_json_flag(s)
    s.set_defaults(func=_status)
    t = sub.add_parser("test", help="print the technician test page")
    _printer_opt(t)
    add_json_flag(t)
    t.add_argument("-o", "--output", metavar="PNG", help="also save the page as PNG")
    t.set_defaults(func=_test)
    j = sub.add_parser("jobs", help="list print jobs (newest first)")
    add_json_flag(j)
    j.add_argument("--limit", type=int, default=30)
    j.add_argument("--waiting", action="store_true", help="only jobs waiting for the printer")
    j.set_defaults(func=_jobs)
    r = sub.add_parser("retry", help="print every waiting job now")
    _printer_opt(r)
    add_json_flag(r)
    r.set_defaults(func=_retry)


def register_receipt(subparsers):
    p = subparsers.add_parser("receipt", help="acknowledgement slips: preview, print, reprint, end of day")
    sub = p.add_subparsers(dest="receipt_command", required=True, metavar="ACTION")
    pv = sub.add_parser("preview", help="render a case's slip to PNG (exactly what prints)")
    pv.add_argument("case", metavar="CASE", help="case number or id")
    pv.add_argument("-o", "--output", required=True, metavar="OUT.png")
    pv.add_argument("--lang", choices=("zh_CN", "en"))
    add_json_flag(pv)
    pv.set_defaults(func=_preview)
    for name, helptext in (("print", "print a case's slip (queued durably; once per case)"),
                           ("reprint", "print another copy of a case's slip")):
        x = sub.add_parser(name, help=helptext)
        x.add_argument("case", metavar="CASE", help="case number or id")
        _printer_opt(x)
        x.add_argument("--lang", choices=("zh_CN", "en"))
        add_json_flag(x)
        x.set_defaults(func=_print if name == "print" else _reprint)
    tk = sub.add_parser("ticket", help="self-service queue ticket (number, service, people ahead)")
    tk.add_argument("--number", required=True, help="ticket number, e.g. A017")
    tk.add_argument("--service", required=True, help="service name as shown")
    tk.add_argument("--ahead", type=int, help="people ahead in the queue")
    tk.add_argument("-o", "--output", metavar="OUT.png", help="save the ticket as PNG")
    tk.add_argument("--print", dest="do_print", action="store_true", help="print it")
    _printer_opt(tk)
    tk.add_argument("--lang", choices=("zh_CN", "en"))
    add_json_flag(tk)
    tk.set_defaults(func=_ticket)
    e = sub.add_parser("end-of-day", help="end-of-day reconciliation slip")
    e.add_argument("--date", metavar="YYYY-MM-DD", help="local date (default: today)")
    e.add_argument("-o", "--output", metavar="OUT.png", help="save the slip as PNG")
    e.add_argument("--print", dest="do_print", action="store_true", help="print it")
    _printer_opt(e)
    e.add_argument("--lang", choices=("zh_CN", "en"))
    add_json_flag(e)
    e.set_defaults(func=_end_of_day)


# ---------------------------------------------------------------- helpers

def _settings(ctx, args):
    from devices.printer.slips import PrinterSettings
    uri = getattr(args, "printer", None) or ctx.config["printer.uri"]
    if not uri and ctx.config["kiosk.simulated_devices"]:
        uri = f"file://{ctx.config.data_dir / 'simulated-printer.bin'}"
    return PrinterSettings.from_config(ctx.config, uri=uri)


def _port(settings):
    from devices.printer.link import parse_uri
    from devices.printer.port import PrinterPort
    parse_uri(settings.uri)   # ConfigError (exit 2) with the reason when missing or malformed
    return PrinterPort(settings.uri, status_timeout=settings.status_timeout)


def _lang(ctx, args):
    return getattr(args, "lang", None) or ctx.config["kiosk.language"]


def _token_key(ctx):
    from kiosk.receipt import load_or_create_token_key
    return load_or_create_token_key(ctx.config.data_dir)


def _ack_blocks(ctx, store, ref, lang, *, reprint=False):
    from kiosk import receipt as R
    from devices.printer import casedata
    case, data = casedata.ack_data(store, ref, config=ctx.config, token_key=_token_key(ctx))
    data["reprint"] = reprint
    return case, R.acknowledgement(data, lang=lang)


def _status_line(s: dict) -> str:
    cover = {True: "open", False: "closed", None: "unknown"}[s["cover_open"]]
    online = {True: "online", False: "OFFLINE", None: "unknown"}[s["online"]]
    return (f"printer: {online}, paper {s['paper']}, cover {cover}, error {s['error'] or 'none'}"
            f"\n{s['detail']}")


def _job_result(ctx, job_id, results, queue):
    from kiosk.errors import EXIT_FAILED
    r = results[0] if results else None
    job = queue.job(job_id)
    out = {"job_id": job_id, "case_id": job["case_id"], "state": job["state"], "attempts": job["attempts"],
           "error": job["last_error"], "reprint_of": job["reprint_of"], "bytes": job["bytes"],
           "status": r.status if r else None}
    if job["state"] == "done":
        ctx.emit(out, f"printed: job {job_id} ({job['bytes']} bytes)")
        return 0
    ctx.emit(out, f"slip queued as job {job_id}, not printed yet: {job['last_error']}\n"
                  "it prints when the printer is ready (`kiosk printer retry`)")
    return EXIT_FAILED


# ---------------------------------------------------------------- printer

def _status(args, ctx):
    settings = _settings(ctx, args)
    port = _port(settings)
    try:
        s = port.status().result(30).to_dict()
    finally:
        port.close()
    s["jobs_waiting"], s["waiting_error"] = _waiting(ctx)
    ctx.emit(s, lambda: _status_line(s) + (f"\n{s['jobs_waiting']} slip(s) waiting: {s['waiting_error']}"
                                           if s["jobs_waiting"] else ""))
    return 1 if s["state"] == "error" else 0


def _waiting(ctx):
    """(number of slips waiting, the newest waiting job's error): status shows the queue too."""
    from kiosk.errors import KioskError
    try:
        conn = ctx.store().conn
        n = conn.execute("SELECT count(*) FROM print_jobs WHERE state IN ('queued','failed-waiting','printing')"
                         ).fetchone()[0]
        row = conn.execute("SELECT last_error FROM print_jobs WHERE state='failed-waiting' ORDER BY id DESC LIMIT 1"
                           ).fetchone()
        return n, row[0] if row else ""
    except (KioskError, Exception):  # the printer's status must show even without a store
        return None, ""


def _test(args, ctx):
    from datetime import datetime, timezone
    from kiosk import receipt as R
    from devices.printer import slips
    settings = _settings(ctx, args)
    from devices.printer.escpos_out import make_dummy
    prof = make_dummy(settings.profile, settings.dots).profile.profile_data
    blocks = R.technician_test_page({
        "model": f"{prof.get('vendor', '')} {prof.get('name', settings.profile)}".strip(),
        "uri": settings.uri, "profile": settings.profile, "dots": settings.dots, "paper_mm": settings.paper_mm,
        "text_mode": settings.text_mode,
        "code_page": "GB18030 (FS &)" if settings.text_mode == "gb18030" else "none: text printed as raster",
        "printed_at": datetime.now(timezone.utc).astimezone().strftime("%Y-%m-%d %H:%M")})
    slip = slips.build(blocks, settings)
    if args.output:
        slip.image.save(args.output, format="PNG")
    return _print_now(ctx, settings, "test_page", slip.data, params={"uri": settings.uri}, actor="technician")


def _jobs(args, ctx):
    from devices.printer.queue import PrintQueue
    q = PrintQueue(ctx.store(), None)
    jobs = q.jobs(limit=args.limit, states=("queued", "failed-waiting", "printing") if args.waiting else None)
    numbers = {}
    for j in jobs:
        if j["case_id"] and j["case_id"] not in numbers:
            row = ctx.store().conn.execute("SELECT case_number FROM cases WHERE id=?", (j["case_id"],)).fetchone()
            numbers[j["case_id"]] = row[0] if row else None
        j["case_number"] = numbers.get(j["case_id"])

    def text():
        if not jobs:
            return "no print jobs"
        lines = [f"{'id':>5}  {'state':<14} {'kind':<15} {'case':<26} {'tries':>5}  updated / error"]
        for j in jobs:
            kind = j["kind"] + (f" (reprint of {j['reprint_of']})" if j["reprint_of"] else "")
            lines.append(f"{j['id']:>5}  {j['state']:<14} {kind:<15} {j['case_number'] or '-':<26} "
                         f"{j['attempts']:>5}  {j['updated_at']} {j['last_error']}".rstrip())
        return "\n".join(lines)
    ctx.emit({"jobs": jobs, "waiting": q.waiting()}, text)


def _retry(args, ctx):
    from devices.printer.queue import PrintQueue
    settings = _settings(ctx, args)
    port = _port(settings)
    try:
        q = PrintQueue(ctx.store(), port, retry_s=settings.retry_s)
        q.recover()
        results = q.process(force=True)
        waiting = q.waiting()
    finally:
        port.close()
    out = {"results": [r.to_dict() for r in results], "waiting": waiting}
    ctx.emit(out, lambda: "\n".join([f"job {r.job_id}: {r.state} {r.error}".rstrip() for r in results]
                                    + [f"{waiting} job(s) still waiting"]))
    return 1 if waiting else 0


# ---------------------------------------------------------------- receipt

def _preview(args, ctx):
    from devices.printer import slips
    settings = _settings(ctx, args)
    case, blocks = _ack_blocks(ctx, ctx.store(), args.case, _lang(ctx, args))
    img = slips.preview(blocks, settings, args.output)
    ctx.emit({"case_number": case["case_number"], "output": args.output, "width": img.width,
              "height": img.height}, f"{args.output}: {img.width}x{img.height} dots")


def _print(args, ctx):
    from devices.printer import slips
    from devices.printer.queue import PrintQueue
    settings = _settings(ctx, args)
    store = ctx.store()
    port = _port(settings)
    try:
        q = PrintQueue(store, port, retry_s=settings.retry_s, actor="clerk")
        case, blocks = _ack_blocks(ctx, store, args.case, _lang(ctx, args))
        j = q.first_acknowledgement(case["id"])
        if j and j["state"] in ("done", "cancelled", "printing"):
            what = {"done": f"was printed at {j['printed_at']}", "cancelled": "was cancelled",
                    "printing": "is being printed right now"}[j["state"]]
            ctx.emit({"job_id": j["id"], "case_id": case["id"], "state": j["state"],
                      "already_printed": j["state"] == "done", "printed_at": j["printed_at"]},
                     f"the slip of {case['case_number']} {what} (job {j['id']}); "
                     "use `kiosk receipt reprint` for another copy")
            return 0
        job = j["id"] if j else q.submit(kind="acknowledgement", payload=slips.build(blocks, settings).data,
                                         case_id=case["id"])
        return _job_result(ctx, job, q.process([job]), q)
    finally:
        port.close()


def _reprint(args, ctx):
    from devices.printer import slips
    from devices.printer.queue import PrintQueue
    settings = _settings(ctx, args)
    store = ctx.store()
    port = _port(settings)
    try:
        q = PrintQueue(store, port, retry_s=settings.retry_s, actor="clerk")
        case, blocks = _ack_blocks(ctx, store, args.case, _lang(ctx, args), reprint=True)
        job = q.reprint_case(case["id"], slips.build(blocks, settings).data)
        return _job_result(ctx, job, q.process([job]), q)
    finally:
        port.close()


def _print_now(ctx, settings, kind: str, payload: bytes, *, params: dict | None = None, actor: str = "clerk"):
    """Queue a slip that belongs to no case and try to print it right away."""
    from devices.printer.queue import PrintQueue
    port = _port(settings)
    try:
        q = PrintQueue(ctx.store(), port, retry_s=settings.retry_s, actor=actor)
        job = q.submit(kind=kind, payload=payload, params=params)
        return _job_result(ctx, job, q.process([job]), q)
    finally:
        port.close()


def _end_of_day(args, ctx):
    from datetime import date, datetime
    from kiosk import receipt as R
    from kiosk.errors import InputError
    from devices.printer import casedata, slips
    try:
        day = date.fromisoformat(args.date) if args.date else datetime.now().astimezone().date()
    except ValueError:
        raise InputError(f"--date {args.date!r}: expected YYYY-MM-DD") from None
    settings = _settings(ctx, args)
    store = ctx.store()
    data = casedata.end_of_day_data(store, day, config=ctx.config)
    blocks = R.end_of_day(data, lang=_lang(ctx, args))
    if args.output:
        slips.preview(blocks, settings, args.output)
    if not args.do_print:
        ctx.emit(data, lambda: "\n".join([f"{data['date']}"] + [f"{k:<12}{v:>6}" for k, v in data["counts"].items()]))
        return 0
    return _print_now(ctx, settings, "end_of_day", slips.build(blocks, settings).data, params={"date": data["date"]})


def _ticket(args, ctx):
    from datetime import datetime, timezone
    from kiosk import receipt as R
    from devices.printer import slips
    settings = _settings(ctx, args)
    data = {"number": args.number, "service_name": args.service, "ahead": args.ahead,
            "hall_name": ctx.config["kiosk.hall_name"], "issued_at": datetime.now(timezone.utc)}
    blocks = R.queue_ticket(data, lang=_lang(ctx, args))
    slip = slips.build(blocks, settings)
    if args.output:
        slip.image.save(args.output, format="PNG")
    if not args.do_print:
        ctx.emit({"number": args.number, "bytes": len(slip.data), "output": args.output},
                 f"ticket {args.number}: {len(slip.data)} bytes" + (f", {args.output}" if args.output else ""))
        return 0
    return _print_now(ctx, settings, "queue_ticket", slip.data, params={"number": args.number}, actor="kiosk")
