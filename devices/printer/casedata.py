"""Slip data from the store, through the cases API (`kiosk.cases`): one case turned
into the plain dict that `kiosk.receipt.acknowledgement` takes (see
`kiosk.receipt.ACK_KEYS`), and the end-of-day counts.

Materials: provided -> received (pages), reused -> received (reused), shared ->
received (data sharing), waived (accepted with a supervisor's waiver, 容缺受理) ->
still missing, with what to bring. The waiver reason is never printed.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone, tzinfo

from kiosk import receipt as R
from kiosk.errors import NotFoundError, StateError

SOURCE = {"provided": "scanned", "reused": "reused", "shared": "shared"}
DELIVERED_STATES = {"delivered", "accepted", "needs_more", "rejected", "completed"}


def _table_exists(conn, name: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (name,)).fetchone() is not None


def _text(t) -> dict | str:
    """Catalogue text {"zh": .., "en": ..} -> receipt text {"zh_CN": .., "en": ..}."""
    if isinstance(t, dict):
        return {"zh_CN": t.get("zh") or t.get("zh_CN") or "", "en": t.get("en") or t.get("zh") or ""}
    return t or ""


def _outbox_state(conn, case_id: str) -> str | None:
    if not _table_exists(conn, "outbox"):
        return None
    row = conn.execute("SELECT state FROM outbox WHERE case_id=?", (case_id,)).fetchone()
    return row[0] if row else None


def is_delivered(conn, case) -> bool:
    return case.state in DELIVERED_STATES or _outbox_state(conn, case.id) == "delivered"


def ack_data(store, ref: str, *, config, token_key: bytes) -> tuple[dict, dict]:
    """(case summary {"id", "case_number", "state"}, acknowledgement data) for a case id or number."""
    from kiosk import cases
    case = cases.get_case(store, ref)
    if not case.case_number:
        raise StateError(f"case {ref}: still a draft (no case number); submit it before printing a slip")
    if case.state == "withdrawn":
        raise StateError(f"case {case.case_number} was withdrawn; no acknowledgement slip is printed for it")
    service = cases.definition_of(store, case)

    def mdef(mid):
        try:
            return service.material(mid)
        except NotFoundError:
            return {"name": mid}

    materials, missing = [], []
    for m in case.materials:
        d = mdef(m["material_id"])
        if m["disposition"] in SOURCE:
            materials.append({"name": _text(d.get("name")), "source": SOURCE[m["disposition"]], "pages": m["pages"]})
        elif m["disposition"] == "waived":
            bring = {"zh": "原件", "en": "the original"} if d.get("original") else \
                {"zh": "原件或复印件", "en": "the original or a copy"}
            missing.append({"name": _text(d.get("name")), "bring": _text(bring)})
    next_steps = []
    if missing:
        next_steps.append({"zh_CN": "请在承诺办结日期前补齐待补材料", "en": "Bring the missing materials before the promised date"})
    next_steps.append({"zh_CN": "扫描下方二维码可查询办理进度，办结后短信通知",
                       "en": "Follow the case with the QR code below; we will text you when it is done"})
    platform = config.get("sync.platform_url", "") if config is not None else ""
    data = {
        "case_number": case.case_number,
        "service_name": _text({"zh": service.name_zh, "en": service.name_en}),
        "hall_name": config["kiosk.hall_name"] if config is not None else "",
        "window": config["kiosk.window"] if config is not None else "",
        "kiosk_id": config["kiosk.kiosk_id"] if config is not None else "",
        "submitted_at": case.submitted_at or case.created_at,
        "masked_name": case.masked_name,
        "materials": materials,
        "missing": missing,
        "promised_date": case.promised_date,
        "fee": service.fee.get("amount"),
        "next_steps": next_steps,
        "delivered": is_delivered(store.conn, case),
        "tracking_url": R.tracking_url(platform, case.case_number, token_key),
    }
    return {"id": case.id, "case_number": case.case_number, "state": case.state}, data


def day_bounds(day: date, tz: tzinfo | None = None) -> tuple[str, str]:
    """[start, end) of a local day as UTC ISO strings (how the store keeps times)."""
    tz = tz or datetime.now().astimezone().tzinfo
    start = datetime.combine(day, datetime.min.time(), tz).astimezone(timezone.utc)
    return (start.isoformat(timespec="milliseconds"),
            (start + timedelta(days=1)).isoformat(timespec="milliseconds"))


def end_of_day_data(store, day: date, *, config, tz: tzinfo | None = None) -> dict:
    """One local day: the cases created that day and past draft (as `kiosk cases list`
    shows them), by delivery state, and the acknowledgement slips printed that day."""
    from kiosk import cases
    start, end = day_bounds(day, tz)
    conn = store.conn
    day_cases = [c for c in cases.list_cases(store, since=start, until=end, limit=1_000_000) if c.state != "draft"]
    counts = {k: 0 for k in R.EOD_KEYS}
    undelivered = []
    for c in sorted(day_cases, key=lambda c: c.case_number or ""):
        counts["captured"] += 1
        if c.state == "withdrawn":
            counts["withdrawn"] += 1
        elif c.state in DELIVERED_STATES or _outbox_state(conn, c.id) == "delivered":
            counts["delivered"] += 1
        elif _outbox_state(conn, c.id) == "quarantined":
            counts["quarantined"] += 1
            undelivered.append(c.case_number)
        else:
            counts["pending"] += 1
            undelivered.append(c.case_number)
    if _table_exists(conn, "print_jobs"):
        for reprint, n in conn.execute(
                "SELECT reprint_of IS NOT NULL, count(*) FROM print_jobs WHERE kind='acknowledgement' "
                "AND state='done' AND printed_at >= ? AND printed_at < ? GROUP BY 1", (start, end)):
            counts["reprinted" if reprint else "printed"] = n
    return {"date": day.isoformat(), "hall_name": config["kiosk.hall_name"] if config is not None else "",
            "kiosk_id": config["kiosk.kiosk_id"] if config is not None else "", "counts": counts,
            "undelivered": undelivered, "printed_at": datetime.now(timezone.utc).isoformat()}
