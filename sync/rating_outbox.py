"""Ratings (好差评) on their way to the platform: the worker's scan that seals every
rating revision not yet queued, and the row transitions of `rating_outbox`.

Ratings are made AFTER the case was sealed, so they travel as their own small packet:
the rating manifest (format `single-door-rating/1`, no attachments) is signed with the
kiosk's Ed25519 key and HPKE-sealed to the platform key exactly like a case packet,
bound to `crypto.rating_binding(case_id, revision)`. Revision 1 is the rating; a bad
rating's supervisor resolution is revision 2. The core (`kiosk/ratings.py`) never
imports sync: the worker finds the work with `queue_new` (it already wakes when
another connection commits).

Every writer expects to be inside `store.transaction()`.
"""

from __future__ import annotations

import json
import time

from sync import crypto, outbox

STATES = ("pending", "delivered", "quarantined")
PREFIX = "rating/"  # job ids: never equal to a case id, so one in-flight exclude list serves both


def revision_of(follow_up: str) -> int:
    return 2 if follow_up == "resolved" else 1


def job_id(case_id: str, revision: int) -> str:
    return f"{PREFIX}{case_id}/{int(revision)}"


def is_job(ident: str) -> bool:
    return ident.startswith(PREFIX)


_CURRENT_REV = "(CASE r.follow_up WHEN 'resolved' THEN 2 ELSE 1 END)"
_UNQUEUED = (f" FROM ratings r LEFT JOIN cases c ON c.id = r.case_id WHERE NOT EXISTS"
             f" (SELECT 1 FROM rating_outbox o WHERE o.case_id = r.case_id AND o.revision = {_CURRENT_REV})")


def _has_tables(conn) -> bool:
    n = conn.execute("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN"
                     " ('ratings', 'rating_outbox')").fetchone()[0]
    return n == 2


def unqueued_count(conn) -> int:
    if not _has_tables(conn):
        return 0
    return conn.execute("SELECT COUNT(*)" + _UNQUEUED).fetchone()[0]


def manifest_body(store, r) -> dict:
    """What the platform learns about one rating revision (the comment only inside the seal)."""
    comment = ""
    if r["comment_enc"] is not None:
        comment = store.decrypt(r["comment_enc"], f"rating:{r['case_id']}".encode()).decode()
    return {"case_id": r["case_id"], "case_number": r["case_number"], "revision": revision_of(r["follow_up"]),
            "level": r["level"], "reasons": json.loads(r["reasons"]), "comment": comment, "channel": r["channel"],
            "rated_at": r["created_at"], "follow_up": r["follow_up"], "resolved_by": r["resolved_by"],
            "resolved_at": r["resolved_at"], "resolution": r["resolution"], "attachments": []}


def seal_rating(body: dict, enr: dict, kdir, now: float) -> bytes:
    manifest = dict(body, format=crypto.RATING_FORMAT, kiosk_id=enr["kiosk_id"], kiosk_key_id=enr["kiosk_key_id"],
                    recipient_key_id=enr["platform_key_id"], sealed_at=now)
    inner = crypto.build_inner(manifest, [], crypto.load_ed25519(kdir / outbox.KIOSK_KEY_FILE))
    return crypto.seal(inner, crypto.unb64(enr["platform_public_key"]), enr["platform_key_id"], enr["kiosk_id"],
                       crypto.rating_binding(body["case_id"], body["revision"]))


def queue_new(store, now: float | None = None) -> int:
    """Seal and queue every rating whose current revision is not queued yet (enrolled
    kiosks only: an unenrolled kiosk has no platform key; its ratings wait, counted)."""
    now = time.time() if now is None else now
    conn = store.conn
    if not _has_tables(conn) or not conn.execute("SELECT 1" + _UNQUEUED + " LIMIT 1").fetchone():
        return 0
    with store.transaction() as db:
        enr = outbox.enrollment(db)
        if not enr:
            return 0
        kdir = outbox.keys_dir(db)
        rows = db.execute("SELECT r.*, c.case_number" + _UNQUEUED + " ORDER BY r.id").fetchall()
        for r in rows:
            rev = revision_of(r["follow_up"])
            try:
                body = manifest_body(store, r)
                packet = seal_rating(body, enr, kdir, now)
            except Exception as e:  # e.g. the comment no longer decrypts: park it visibly, the others go on
                db.execute("INSERT OR IGNORE INTO rating_outbox (id, case_id, revision, case_number, state, queued_at,"
                           " attempts, last_error, updated_at) VALUES (?,?,?,?,'quarantined',?,1,?,?)",
                           (job_id(r["case_id"], rev), r["case_id"], rev, r["case_number"], now,
                            f"cannot seal the rating: {type(e).__name__}: {e}"[:500], now))
                continue
            db.execute(
                "INSERT OR IGNORE INTO rating_outbox (id, case_id, revision, case_number, state, packet, digest, size,"
                " key_id, queued_at, next_attempt_at, updated_at) VALUES (?,?,?,?,'pending',?,?,?,?,?,0,?)",
                (job_id(body["case_id"], body["revision"]), body["case_id"], body["revision"], body["case_number"],
                 packet, crypto.sha256_hex(packet), len(packet), enr["platform_key_id"], now, now))
        if rows:
            outbox._audit(db, "sync.ratings_queued", "rating_outbox", {"ratings": len(rows)})
    return len(rows)


# ---------------------------------------------------------------------------- worker transitions

def next_due(conn, now: float, horizon: float | None = None, exclude=()):
    """The next pending rating revision: (id, case_number, revision, digest, size, attempts, case_id).
    Same clock-jumped-back rule as cases: a retry time beyond `horizon` is due now."""
    if not _has_tables(conn):
        return None
    horizon = float("inf") if horizon is None else horizon
    exclude = [e for e in exclude if is_job(e)]
    skip = f" AND id NOT IN ({','.join('?' * len(exclude))})" if exclude else ""
    return conn.execute(
        "SELECT id, case_number, revision, digest, size, attempts, case_id FROM rating_outbox"
        " WHERE state = 'pending' AND (next_attempt_at <= ? OR next_attempt_at > ?)" + skip +
        " ORDER BY next_attempt_at > ?, next_attempt_at, revision, queued_at LIMIT 1",
        (now, horizon, *exclude, horizon)).fetchone()


def next_wakeup(conn) -> float | None:
    if not _has_tables(conn):
        return None
    return conn.execute("SELECT MIN(next_attempt_at) FROM rating_outbox WHERE state = 'pending'").fetchone()[0]


def pending_count(conn) -> int:
    if not _has_tables(conn):
        return 0
    return conn.execute("SELECT COUNT(*) FROM rating_outbox WHERE state = 'pending'").fetchone()[0]


def read_packet(conn, ident: str) -> bytes:
    row = conn.execute("SELECT packet FROM rating_outbox WHERE id = ?", (ident,)).fetchone()
    if row is None or row[0] is None:
        from kiosk.errors import SyncError
        raise SyncError(f"rating outbox: no packet for {ident}")
    return bytes(row[0])


def mark_delivered(db, ident: str, receipt: dict, now: float) -> None:
    cur = db.execute("UPDATE rating_outbox SET state = 'delivered', receipt = ?, delivered_at = ?, last_error = NULL,"
                     " last_http = NULL, updated_at = ? WHERE id = ? AND state != 'delivered'",
                     (json.dumps(receipt, sort_keys=True), now, now, ident))
    if cur.rowcount:
        outbox._audit(db, "sync.rating_delivered", ident,
                      {"receipt_id": receipt.get("receipt", {}).get("receipt_id")})
        outbox.state_set(db, "last_success", now)


def mark_failed(db, ident: str, http: int | None, error: str, next_at: float, now: float) -> None:
    db.execute("UPDATE rating_outbox SET attempts = attempts + 1, last_http = ?, last_error = ?, next_attempt_at = ?,"
               " updated_at = ? WHERE id = ?", (http, error[:500], next_at, now, ident))


def note_error(db, ident: str, http: int | None, error: str) -> None:
    db.execute("UPDATE rating_outbox SET last_http = ?, last_error = ? WHERE id = ?", (http, error[:500], ident))


def quarantine(db, ident: str, http: int | None, reason: str, now: float) -> None:
    db.execute("UPDATE rating_outbox SET state = 'quarantined', attempts = attempts + 1, last_http = ?,"
               " last_error = ?, updated_at = ? WHERE id = ?", (http, reason[:500], now, ident))
    outbox._audit(db, "sync.rating_quarantined", ident, {"http": http, "reason": reason[:200]})


def retry(db, case_ref: str, now: float) -> int:
    """Put a case's quarantined rating revisions back in the queue (by case id or number).
    One that could not even be sealed is forgotten here, so the worker's scan seals it again."""
    gone = db.execute("DELETE FROM rating_outbox WHERE state = 'quarantined' AND packet IS NULL AND purged_at IS NULL"
                      " AND (case_id = ? OR case_number = ?)", (case_ref, case_ref)).rowcount
    n = gone + db.execute("UPDATE rating_outbox SET state = 'pending', next_attempt_at = 0, attempts = 0, updated_at = ?"
                   " WHERE state = 'quarantined' AND (case_id = ? OR case_number = ?)",
                   (now, case_ref, case_ref)).rowcount
    if n:
        outbox._audit(db, "sync.rating_retry", case_ref, {"revisions": n})
    return n


def delivered_unpurged(conn, limit: int = 1000) -> list[dict]:
    """Delivered revisions whose packet is still here (newest first): those a platform gap can be healed with."""
    if not _has_tables(conn):
        return []
    return [{"case_id": c, "revision": r} for c, r in conn.execute(
        "SELECT case_id, revision FROM rating_outbox WHERE state = 'delivered' AND packet IS NOT NULL"
        " ORDER BY delivered_at DESC LIMIT ?", (limit,))]


def requeue_missing(db, missing: list[dict], now: float) -> int:
    n = 0
    for m in missing:
        n += db.execute("UPDATE rating_outbox SET state = 'pending', next_attempt_at = 0, receipt = NULL,"
                        " delivered_at = NULL, updated_at = ? WHERE id = ? AND state = 'delivered'"
                        " AND packet IS NOT NULL", (now, job_id(m["case_id"], m["revision"]))).rowcount
    if n:
        outbox._audit(db, "sync.rating_gap_resend", "rating_outbox", {"revisions": n})
    return n


def purge_delivered(db, now: float, retention_s: float) -> int:
    return db.execute("UPDATE rating_outbox SET packet = NULL, purged_at = ?, updated_at = ? WHERE state = 'delivered'"
                      " AND receipt IS NOT NULL AND packet IS NOT NULL AND delivered_at <= ?",
                      (now, now, now - retention_s)).rowcount


def status(conn) -> dict:
    """ratings_pending: revisions not yet delivered and not quarantined (queued or not yet sealed)."""
    if not _has_tables(conn):
        return {"ratings_pending": 0, "ratings_delivered": 0, "ratings_quarantined": 0}
    counts = dict.fromkeys(STATES, 0)
    for st, n in conn.execute("SELECT state, COUNT(*) FROM rating_outbox GROUP BY state"):
        counts[st] = n
    return {"ratings_pending": counts["pending"] + unqueued_count(conn), "ratings_delivered": counts["delivered"],
            "ratings_quarantined": counts["quarantined"]}


def list_ratings(conn, state: str | None = None, limit: int = 100) -> list[dict]:
    """Rating revisions in the outbox (technician view): no level, reasons or comment."""
    cols = ["case_id", "case_number", "revision", "state", "attempts", "last_http", "last_error", "digest", "size",
            "queued_at", "delivered_at", "purged_at"]
    q = f"SELECT {', '.join(cols)} FROM rating_outbox"
    args: tuple = ()
    if state:
        q, args = q + " WHERE state = ?", (state,)
    return [dict(zip(cols, r)) for r in conn.execute(q + " ORDER BY queued_at, revision LIMIT ?", args + (limit,))]
