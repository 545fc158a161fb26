"""`kiosk report kpi --from DATE --to DATE [--json]`: the hall's one-visit measures;
`kiosk report ratings`: ratings summary and open follow-ups."""

from __future__ import annotations

from kiosk.cli import add_json_flag


def register(subparsers):
    p = subparsers.add_parser("report", help="hall reports (KPIs)")
    sub = p.add_subparsers(dest="report_command", required=True, metavar="REPORT")
    k = sub.add_parser("kpi", help="availability, one-visit rate, materials reduction, high-frequency one-visit count")
    k.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", help="first day (default: today)")
    k.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help="last day, inclusive (default: --from)")
    add_json_flag(k)
    k.set_defaults(func=_kpi)
    r = sub.add_parser("ratings", help="ratings (好差评): summary and the bad reviews awaiting follow-up")
    r.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD")
    r.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD")
    add_json_flag(r)
    r.set_defaults(func=_ratings)


def _date(text, flag):
    from datetime import date

    from kiosk.errors import UsageError
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{flag} must be a date written YYYY-MM-DD") from None


def _kpi(args, ctx):
    from datetime import date

    from kiosk import kpi
    from kiosk.catalog.storage import active_catalog
    d_from = _date(args.date_from, "--from") if args.date_from else date.today()
    d_to = _date(args.date_to, "--to") if args.date_to else d_from
    store = ctx.store()
    k = kpi.compute(store, active_catalog(store), d_from, d_to)
    ctx.emit(k, lambda: kpi.format_text(k))


def _ratings(args, ctx):
    from datetime import timedelta

    from kiosk import ratings
    since = _date(args.date_from, "--from").isoformat() if args.date_from else None
    until = (_date(args.date_to, "--to") + timedelta(days=1)).isoformat() if args.date_to else None
    store = ctx.store()
    data = {"summary": ratings.summary(store, since, until), "follow_up": ratings.follow_up_list(store)}

    def text():
        s = data["summary"]
        lines = [f"ratings {s['ratings']}, average {s['average']}, bad {s['bad']}, open follow-ups {s['open_follow_ups']}"]
        lines += [f"  #{r['id']} {r['case_number']} level {r['level']} {','.join(r['reasons'])}" for r in data["follow_up"]]
        return "\n".join(lines)
    ctx.emit(data, text)
