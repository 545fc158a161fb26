"""Hall KPIs: the national "one visit" policy's own measures, computed from the store.

For cases submitted between two local dates (inclusive):

1. `service_availability`: services this hall takes (counter or self-service channel)
   over all services in the catalogue ("share of services available at this hall").
2. `one_visit_rate`: submitted cases (withdrawn ones excluded) that never went to
   `needs_more`, i.e. no missing material and no second trip, over those cases.
   Submit already refuses unsatisfied materials, so needs_more is the second trip.
3. `materials_reduction_rate`: materials the citizen did not have to bring (reused
   from an earlier case, or obtained through data sharing) over materials accounted
   for in those cases (provided + reused + shared + waived).
4. `high_frequency_one_visit`: the number of high-frequency services that meet "one
   visit": declared one-visit, available at this hall, and none of their cases in the
   period needed a second trip.

Each measure carries numerator and denominator, so a screen can show "34 / 40".
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone


def _utc_bounds(date_from: date, date_to: date) -> tuple[str, str]:
    """Local calendar days -> [start, end) as UTC ISO strings comparable with stored stamps."""
    start = datetime.combine(date_from, time.min).astimezone()
    end = datetime.combine(date_to + timedelta(days=1), time.min).astimezone()
    f = lambda d: d.astimezone(timezone.utc).isoformat(timespec="milliseconds")  # noqa: E731
    return f(start), f(end)


def _ratio(num: int, den: int) -> dict:
    return {"numerator": num, "denominator": den, "rate": round(num / den, 4) if den else None}


def compute(store, catalog, date_from: date, date_to: date) -> dict:
    if date_to < date_from:
        from kiosk.errors import UsageError
        raise UsageError("--to is before --from")
    lo, hi = _utc_bounds(date_from, date_to)
    conn = store.conn
    services = list(catalog)
    available = [s for s in services if s.available_here]

    cases = conn.execute(
        "SELECT c.id, c.service_id, c.state, c.channel,"
        " EXISTS(SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.to_state = 'needs_more') AS second_trip"
        " FROM cases c WHERE c.submitted_at >= ? AND c.submitted_at < ? AND c.state != 'withdrawn'",
        (lo, hi)).fetchall()
    one_visit = sum(1 for c in cases if not c["second_trip"])
    second_trip_services = {c["service_id"] for c in cases if c["second_trip"]}

    disp = {d: 0 for d in ("provided", "reused", "shared", "waived")}
    for row in conn.execute(
            "SELECT cm.disposition, COUNT(*) FROM case_materials cm JOIN cases c ON c.id = cm.case_id"
            " WHERE c.submitted_at >= ? AND c.submitted_at < ? AND c.state != 'withdrawn'"
            " GROUP BY cm.disposition", (lo, hi)):
        disp[row[0]] = row[1]
    accounted = sum(disp.values())

    high = [s for s in services if s.high_frequency]
    high_ok = [s for s in high if s.one_visit and s.available_here and s.id not in second_trip_services]

    by_state: dict[str, int] = {}
    for r in conn.execute("SELECT state, COUNT(*) FROM cases WHERE submitted_at >= ? AND submitted_at < ?"
                          " GROUP BY state", (lo, hi)):
        by_state[r[0]] = r[1]
    by_channel: dict[str, int] = {}
    for c in cases:
        by_channel[c["channel"]] = by_channel.get(c["channel"], 0) + 1
    return {
        "from": date_from.isoformat(), "to": date_to.isoformat(), "catalog_version": catalog.version,
        "cases": len(cases), "cases_by_state": by_state, "cases_by_channel": by_channel,
        "service_availability": {**_ratio(len(available), len(services)),
                                 "self_service": sum(1 for s in services if s.self_service)},
        "one_visit_rate": {**_ratio(one_visit, len(cases)), "second_trip_cases": len(cases) - one_visit},
        "materials_reduction_rate": {**_ratio(disp["reused"] + disp["shared"], accounted), "dispositions": disp},
        "high_frequency_one_visit": {"count": len(high_ok), "of_high_frequency": len(high),
                                     "services": sorted(s.id for s in high_ok),
                                     "missed": sorted(s.id for s in high if s not in high_ok)},
    }


def format_text(k: dict) -> str:
    def pct(r):
        return "n/a" if r["rate"] is None else f"{r['rate'] * 100:.1f}%"
    a, o, m, h = (k["service_availability"], k["one_visit_rate"], k["materials_reduction_rate"],
                  k["high_frequency_one_visit"])
    return "\n".join([
        f"hall KPIs {k['from']} .. {k['to']} (catalogue {k['catalog_version']}, {k['cases']} case(s))",
        f"  services available at this hall   {pct(a)}  ({a['numerator']} / {a['denominator']}; "
        f"{a['self_service']} self-service)",
        f"  cases finished in one visit       {pct(o)}  ({o['numerator']} / {o['denominator']})",
        f"  materials reduction rate          {pct(m)}  ({m['numerator']} / {m['denominator']}: "
        + ", ".join(f"{v} {d}" for d, v in m["dispositions"].items()) + ")",
        f"  high-frequency services one-visit {h['count']} of {h['of_high_frequency']}",
    ])
