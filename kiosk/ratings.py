"""Ratings of the service (好差评, 国办发〔2019〕51号): once per visit ("一次一评"), on the
citizen-facing screen, five levels from 非常满意 (5) to 非常不满意 (1). The bottom two
count as bad reviews: they open a follow-up item that a supervisor must resolve with a
note (verification and rectification). The free comment may hold personal data, so it
is encrypted at rest; the audit log records only the level.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone

from kiosk import audit
from kiosk.errors import InputError, NotFoundError, StateError

LEVELS = {
    5: {"zh": "非常满意", "en": "Very satisfied"},
    4: {"zh": "满意", "en": "Satisfied"},
    3: {"zh": "基本满意", "en": "Neutral"},
    2: {"zh": "不满意", "en": "Dissatisfied"},
    1: {"zh": "非常不满意", "en": "Very dissatisfied"},
}
BAD_LEVELS = (1, 2)
REASONS = {
    "fast": {"zh": "办理快", "en": "Quick"},
    "clear_guidance": {"zh": "告知清楚", "en": "Clear guidance"},
    "friendly": {"zh": "态度好", "en": "Friendly staff"},
    "one_visit": {"zh": "一次办成", "en": "Done in one visit"},
    "slow": {"zh": "等待时间长", "en": "Long wait"},
    "unclear": {"zh": "告知不清楚", "en": "Unclear guidance"},
    "materials_repeated": {"zh": "重复提交材料", "en": "Asked for the same papers again"},
    "attitude": {"zh": "服务态度差", "en": "Poor attitude"},
    "system_problem": {"zh": "设备或系统故障", "en": "Machine or system problem"},
    "other": {"zh": "其他", "en": "Other"},
}
MAX_COMMENT = 300


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def rate(store, case_ref: str, level: int, reasons=(), comment: str = "", channel: str = "counter") -> dict:
    """Record the citizen's rating of a submitted case. One rating per case."""
    from kiosk.cases import get_case
    if not isinstance(level, int) or isinstance(level, bool) or level not in LEVELS:
        raise InputError("rating: level must be a whole number from 1 (very dissatisfied) to 5 (very satisfied)")
    reasons = list(dict.fromkeys(reasons))
    unknown = [r for r in reasons if r not in REASONS]
    if unknown:
        raise InputError(f"rating: unknown reason {unknown[0]!r} (known: {', '.join(REASONS)})")
    comment = (comment or "").strip()
    if len(comment) > MAX_COMMENT:
        raise InputError(f"rating: comment longer than {MAX_COMMENT} characters")
    if channel not in ("counter", "self-service"):
        raise InputError("rating: channel must be counter or self-service")
    case = get_case(store, case_ref)
    if case.state in ("draft",):
        raise StateError(f"case {case.id[:8]}: a draft cannot be rated; submit it first")
    follow_up = "open" if level in BAD_LEVELS else "none"
    with store.transaction() as db:
        if db.execute("SELECT 1 FROM ratings WHERE case_id=?", (case.id,)).fetchone():
            raise StateError(f"case {case.case_number}: already rated (one rating per visit)")
        cur = db.execute(
            "INSERT INTO ratings(case_id, level, reasons, comment_enc, channel, created_at, follow_up)"
            " VALUES (?,?,?,?,?,?,?)",
            (case.id, level, json.dumps(reasons), store.encrypt(comment.encode(), f"rating:{case.id}".encode())
             if comment else None, channel, _now(), follow_up))
        audit.append(db, channel, "case.rated", case.case_number or case.id,
                     {"level": level, "reasons": reasons, "bad": follow_up == "open"})
    return {"id": cur.lastrowid, "case_number": case.case_number, "level": level, "reasons": reasons,
            "follow_up": follow_up}


def _row(store, r) -> dict:
    comment = ""
    if r["comment_enc"] is not None:
        comment = store.decrypt(r["comment_enc"], f"rating:{r['case_id']}".encode()).decode()
    return {"id": r["id"], "case_number": r["case_number"], "service_id": r["service_id"],
            "masked_name": r["masked_name"], "level": r["level"], "level_text": LEVELS[r["level"]],
            "reasons": json.loads(r["reasons"]), "comment": comment, "channel": r["channel"],
            "created_at": r["created_at"], "follow_up": r["follow_up"], "resolved_by": r["resolved_by"],
            "resolved_at": r["resolved_at"], "resolution": r["resolution"]}


_SELECT = ("SELECT r.*, c.case_number, c.service_id, c.masked_name FROM ratings r JOIN cases c ON c.id = r.case_id")


def follow_up_list(store, *, include_resolved: bool = False) -> list[dict]:
    """Bad reviews awaiting (or, with include_resolved, also past) a supervisor's follow-up."""
    where = "r.follow_up IN ('open', 'resolved')" if include_resolved else "r.follow_up = 'open'"
    return [_row(store, r) for r in store.conn.execute(f"{_SELECT} WHERE {where} ORDER BY r.created_at")]


def ratings_between(store, since: str | None = None, until: str | None = None) -> list[dict]:
    q, args = f"{_SELECT} WHERE 1=1", []
    if since:
        q, args = q + " AND r.created_at >= ?", args + [since]
    if until:
        q, args = q + " AND r.created_at < ?", args + [until]
    return [_row(store, r) for r in store.conn.execute(q + " ORDER BY r.created_at", args)]


def resolve(store, rating_id: int, supervisor: str, note: str) -> dict:
    """A supervisor closes a bad review's follow-up with what was done (call-back, fix)."""
    note = (note or "").strip()
    if len(note) < 4:
        raise InputError("follow-up: write what was done (at least 4 characters)")
    with store.transaction() as db:
        r = db.execute("SELECT r.follow_up, c.case_number FROM ratings r JOIN cases c ON c.id=r.case_id"
                       " WHERE r.id=?", (rating_id,)).fetchone()
        if r is None:
            raise NotFoundError(f"rating {rating_id}: not found")
        if r["follow_up"] != "open":
            raise StateError(f"rating {rating_id}: no open follow-up")
        db.execute("UPDATE ratings SET follow_up='resolved', resolved_by=?, resolved_at=?, resolution=? WHERE id=?",
                   (supervisor, _now(), note, rating_id))
        audit.append(db, supervisor, "rating.resolved", r["case_number"], {"rating": rating_id})
    return next(x for x in follow_up_list(store, include_resolved=True) if x["id"] == rating_id)


def summary(store, since: str | None = None, until: str | None = None) -> dict:
    rows = ratings_between(store, since, until)
    n = len(rows)
    bad = sum(1 for r in rows if r["level"] in BAD_LEVELS)
    return {"ratings": n, "average": round(sum(r["level"] for r in rows) / n, 2) if n else None,
            "bad": bad, "bad_share": round(bad / n, 4) if n else None,
            "open_follow_ups": sum(1 for r in rows if r["follow_up"] == "open"),
            "by_level": {lvl: sum(1 for r in rows if r["level"] == lvl) for lvl in sorted(LEVELS)}}
