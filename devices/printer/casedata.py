"""Slip data from the store: one case (row, materials, service definition, outbox
state) turned into the plain dict that `kiosk.receipt.acknowledgement` takes, plus
the end-of-day counts.

This reads the tables of m0001/m0002/m0004 directly because the cases API
(`kiosk.cases`) was not there yet when it was written; when it lands, this module
should call it instead (same output dict, see `kiosk.receipt.ACK_KEYS`).
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone, tzinfo

from kiosk import receipt as R
from kiosk.errors import NotFoundError

SOURCE = {"provided": "scanned", "reused": "reused", "shared": "shared"}
DELIVERED_STATES = {"delivered", "accepted", "acknowledged", "in_review", "completed", "done", "closed"}


def _table_exists(conn, name: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (name,)).fetchone() is not None


def find_case(conn, ref: str) -> dict:
    """A case by id or case number."""
    row = conn.execute("SELECT * FROM cases WHERE id=? OR case_number=?", (ref, ref)).fetchone()
    if row is None:
        raise NotFoundError(f"case {ref!r} not found (give its case number or id)")
    return dict(row)


def _definition(conn, service_id: str, version: str) -> dict:
    if not _table_exists(conn, "service_definitions"):
        return {}
    row = conn.execute("SELECT definition FROM service_definitions WHERE service_id=? AND version=?",
                       (service_id, version)).fetchone()
    if row is None:   # a case made with an unknown version still prints: newest definition we have
        row = conn.execute("SELECT definition FROM service_definitions WHERE service_id=? "
                           "ORDER BY first_seen DESC LIMIT 1", (service_id,)).fetchone()
    try:
        return json.loads(row[0]) if row else {}
    except ValueError:
        return {}


def _lang_text(t) -> dict | str:
    """Catalogue text {"zh": .., "en": ..} -> receipt text {"zh_CN": .., "en": ..}."""
    if isinstance(t, dict):
        return {"zh_CN": t.get("zh") or t.get("zh_CN") or "", "en": t.get("en") or t.get("zh") or ""}
    return t or ""


def delivered(conn, case: dict) -> bool:
    if _table_exists(conn, "outbox"):
        row = conn.execute("SELECT state FROM outbox WHERE case_id=?", (case["id"],)).fetchone()
        if row is not None:
            return row[0] == "delivered"
    return case.get("state") in DELIVERED_STATES


def ack_data(store, ref: str, *, config, token_key: bytes) -> tuple[dict, dict]:
    """(case row, acknowledgement data dict) for a case id or number."""
    conn = store.conn
    case = find_case(conn, ref)
    if not case.get("case_number"):
        raise NotFoundError(f"case {ref!r} has no case number yet (a draft): submit it before printing a slip")
    d = _definition(conn, case["service_id"], case.get("service_version") or "")
    mats_def = {m.get("id"): m for m in d.get("materials", []) if isinstance(m, dict)}
    got = []
    if _table_exists(conn, "case_materials"):
        got = [dict(r) for r in conn.execute(
            "SELECT material_id, disposition, pages FROM case_materials WHERE case_id=? ORDER BY rowid",
            (case["id"],))]
    materials = [{"name": _lang_text(mats_def.get(m["material_id"], {}).get("name")) or m["material_id"],
                  "source": SOURCE[m["disposition"]], "pages": m["pages"]}
                 for m in got if m["disposition"] in SOURCE]
    have = {m["material_id"] for m in got}
    missing = []
    for mid, m in mats_def.items():
        if m.get("required") and mid not in have and not m.get("shared"):
            bring = m.get("note") or ({"zh": "原件", "en": "the original"} if m.get("original") else
                                      {"zh": "原件或复印件", "en": "the original or a copy"})
            missing.append({"name": _lang_text(m.get("name")) or mid, "bring": _lang_text(bring)})
    fee = (d.get("fee") or {}).get("amount")
    promised = case.get("promised_date")
    if not promised and d.get("time_limit_days") and case.get("submitted_at"):
        # calendar days as a fallback; the cases module computes working days with the holiday table
        promised = (datetime.fromisoformat(case["submitted_at"]).date()
                    + timedelta(days=int(d["time_limit_days"]))).isoformat()
    next_steps = []
    if missing:
        next_steps.append({"zh_CN": "请在承诺期限内补齐待补材料，逾期需重新申请",
                           "en": "Bring the missing materials before the promised date"})
    next_steps.append({"zh_CN": "办理进度可扫描下方二维码查询，办结后短信通知",
                       "en": "Follow the case with the QR code below; we will text you when it is done"})
    platform = config.get("sync.platform_url", "") if config is not None else ""
    data = {
        "case_number": case["case_number"],
        "service_name": _lang_text(d.get("name")) or case["service_id"],
        "hall_name": config["kiosk.hall_name"] if config is not None else "",
        "window": config["kiosk.window"] if config is not None else "",
        "kiosk_id": config["kiosk.kiosk_id"] if config is not None else "",
        "submitted_at": case.get("submitted_at") or case.get("created_at"),
        "masked_name": case.get("masked_name") or "",
        "materials": materials,
        "missing": missing,
        "promised_date": promised,
        "fee": fee,
        "next_steps": next_steps,
        "delivered": delivered(conn, case),
        "tracking_url": R.tracking_url(platform, case["case_number"], token_key),
    }
    return case, data


def end_of_day_data(store, day: date, *, config, tz: tzinfo | None = None) -> dict:
    """Counts for one local day: captured (submitted that day), their delivery state, slips."""
    tz = tz or datetime.now().astimezone().tzinfo
    start = datetime.combine(day, datetime.min.time(), tz).astimezone(timezone.utc).isoformat()
    end = datetime.combine(day + timedelta(days=1), datetime.min.time(), tz).astimezone(timezone.utc).isoformat()
    conn = store.conn
    rows = [dict(r) for r in conn.execute(
        "SELECT id, case_number, state FROM cases WHERE submitted_at >= ? AND submitted_at < ? "
        "ORDER BY case_number", (start, end))]
    counts = {k: 0 for k in R.EOD_KEYS}
    counts["captured"] = len(rows)
    undelivered = []
    has_outbox = _table_exists(conn, "outbox")
    for c in rows:
        st = None
        if has_outbox:
            r = conn.execute("SELECT state FROM outbox WHERE case_id=?", (c["id"],)).fetchone()
            st = r[0] if r else None
        if st == "delivered" or st is None and c["state"] in DELIVERED_STATES:
            counts["delivered"] += 1
        elif st == "quarantined":
            counts["quarantined"] += 1
            undelivered.append(c["case_number"])
        else:
            counts["pending"] += 1
            undelivered.append(c["case_number"])
    if _table_exists(conn, "print_jobs"):
        for reprint, n in conn.execute(
                "SELECT reprint_of IS NOT NULL, count(*) FROM print_jobs WHERE kind='acknowledgement' "
                "AND state='done' AND printed_at >= ? AND printed_at < ? GROUP BY 1", (start, end)):
            counts["reprinted" if reprint else "printed"] = n
    return {"date": day.isoformat(), "hall_name": config["kiosk.hall_name"] if config is not None else "",
            "kiosk_id": config["kiosk.kiosk_id"] if config is not None else "", "counts": counts,
            "undelivered": undelivered, "printed_at": datetime.now(timezone.utc).isoformat()}
