"""The kiosk's outbox: the submit hook that seals a case into a packet inside the
submit transaction, and the row transitions the sync worker makes.

`on_case_submitted(db, case)` runs INSIDE the core's case-submit transaction
(entry point `kiosk.submit_hooks`), so the case, its sealed packet and the outbox
row commit together or not at all.

Not enrolled yet? The kiosk has no platform key to seal to, so the case is *held*:
the unsigned manifest and attachments are encrypted at rest under a local AES-256-GCM
key (`keys/hold.key`, 0600) and the row is `sealed = 0`. `kiosk sync enroll` signs and
seals every held row to the platform key in one transaction (`seal_held`). The local
key is kiosk-readable, so held cases are protected like drafts, not like packets: the
worker delivers nothing until enrollment.

Every function takes a sqlite3 connection; writers expect to be inside
`store.transaction()`.
"""

from __future__ import annotations

import json
import logging
import struct
import time
from datetime import datetime, timezone
from pathlib import Path

from kiosk.errors import StateError, SyncError
from sync import crypto

log = logging.getLogger(__name__)

KIOSK_KEY_FILE = "kiosk_ed25519.pem"
HOLD_KEY_FILE = "hold.key"
STATES = ("pending", "delivered", "quarantined")


# ---------------------------------------------------------------------------- state k/v

def state_get(conn, key: str, default=None):
    row = conn.execute("SELECT value FROM sync_state WHERE key = ?", (key,)).fetchone()
    return json.loads(row[0]) if row else default


def state_set(db, key: str, value) -> None:
    if value is None:
        db.execute("DELETE FROM sync_state WHERE key = ?", (key,))
    else:
        db.execute("INSERT INTO sync_state(key, value) VALUES (?, ?) "
                   "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, json.dumps(value)))


def keys_dir(conn) -> Path:
    """Key files live next to the store's database file, under keys/ (0700)."""
    for _seq, name, path in conn.execute("PRAGMA database_list"):
        if name == "main" and path:
            return Path(path).parent / "keys"
    raise SyncError("store: in-memory database has no data directory for key files")


def enrollment(conn) -> dict | None:
    """What enrollment stored (kiosk id, key ids, platform keys, URL), or None."""
    return state_get(conn, "enrollment")


def move_platform(db, url: str) -> None:
    """The same platform (same keys, same registration) now answers at `url`: the
    simulated platform of a demo gets a new loopback port at every start. Audited."""
    enr = enrollment(db)
    if enr is None:
        raise SyncError("not enrolled: enroll the kiosk first (kiosk sync enroll)")
    url = url.rstrip("/")
    if enr["platform_url"] != url:
        _audit(db, "sync.platform_moved", enr["kiosk_id"], {"from": enr["platform_url"], "to": url})
        state_set(db, "enrollment", dict(enr, platform_url=url))


def _audit(db, action: str, subject: str, detail: dict) -> None:
    try:
        from kiosk import audit
    except ImportError:  # the core's audit module not present (early tree): nothing to chain
        return
    audit.append(db, "sync", action, subject, detail)


# ---------------------------------------------------------------------------- the hook

def _attachment_bytes(store, case: dict, att_id: str) -> bytes:
    data = (case.get("attachments_data") or {}).get(att_id)
    if data is not None:
        return bytes(data)
    if store is not None:  # same connection as the submit transaction: sees the new blobs
        return store.get_attachment(att_id)
    raise SyncError(f"case {case.get('case_number')}: no bytes for attachment {att_id}")


def _case_body(case: dict) -> dict:
    """The manifest fields that come from the case itself (no kiosk/key fields)."""
    attachments = []
    materials = []
    for m in case.get("materials") or []:
        refs = []
        for a in m.get("attachments") or []:
            attachments.append({"id": a["id"], "material_id": m.get("material_id"), "sha256": a["sha256"],
                                "size": int(a["size"]), "mime": a.get("mime"), "filename": a.get("filename")})
            refs.append(a["id"])
        materials.append({**{k: v for k, v in m.items() if k != "attachments"}, "attachments": refs})
    body = {k: case.get(k) for k in ("case_number", "kiosk_seq", "service_id", "service_version", "catalog_version",
                                     "channel", "created_at", "submitted_at", "promised_date")}
    body.update(case_id=case["id"], identity=case.get("identity") or {}, form=case.get("form") or {},
                materials=materials, attachments=attachments)
    return body


def _frame_held(body: dict, atts: list[bytes]) -> bytes:
    j = crypto.canonical_json(body)
    return struct.pack(">I", len(j)) + j + b"".join(atts)


def _unframe_held(blob: bytes) -> tuple[dict, list[bytes]]:
    (n,) = struct.unpack(">I", blob[:4])
    body = json.loads(blob[4:4 + n])
    atts, pos = [], 4 + n
    for ref in body["attachments"]:
        atts.append(blob[pos:pos + ref["size"]])
        pos += ref["size"]
    return body, atts


def seal_body(body: dict, atts: list[bytes], enr: dict, kdir: Path, now: float) -> bytes:
    manifest = dict(body, format=crypto.PACKET_FORMAT, kiosk_id=enr["kiosk_id"],
                    kiosk_key_id=enr["kiosk_key_id"], recipient_key_id=enr["platform_key_id"], sealed_at=now)
    key = crypto.load_ed25519(kdir / KIOSK_KEY_FILE)
    inner = crypto.build_inner(manifest, atts, key)
    return crypto.seal(inner, crypto.unb64(enr["platform_public_key"]), enr["platform_key_id"],
                       enr["kiosk_id"], body["case_id"])


def on_case_submitted(db, case: dict, store=None, *, now: float | None = None):
    """Seal `case` and queue it. Runs inside the submit transaction; raises to abort it.

    Attachment bytes come from `case["attachments_data"]` ({att_id: bytes}) if given,
    else from `store.get_attachment(att_id)`."""
    now = time.time() if now is None else now
    config = getattr(store, "config", None)
    if config is not None and config["sync.refuse_after_days"]:
        # The staleness guard's hard limit (config): no new case while the queue is that stale.
        from sync.worker import SyncSettings, intake_allowed
        ok, reason = intake_allowed(db, SyncSettings.from_config(config), now)
        if not ok:
            raise StateError(reason)
    body = _case_body(case)
    atts = []
    for ref in body["attachments"]:
        data = _attachment_bytes(store, case, ref["id"])
        if len(data) != ref["size"] or crypto.sha256_hex(data) != ref["sha256"]:
            raise SyncError(f"case {body['case_number']}: attachment {ref['id']} does not match its recorded "
                            "size/SHA-256; the file changed after capture")
        atts.append(data)
    kdir = keys_dir(db)
    enr = enrollment(db)
    if enr:
        packet, sealed, key_id = seal_body(body, atts, enr, kdir, now), 1, enr["platform_key_id"]
    else:
        secret = crypto.load_or_create_secret(kdir / HOLD_KEY_FILE)
        packet = crypto.local_encrypt(secret, _frame_held(body, atts), body["case_id"].encode())
        sealed, key_id = 0, None
    db.execute(
        "INSERT INTO outbox (case_id, case_number, kiosk_seq, service_id, state, sealed, packet, digest, size,"
        " key_id, queued_at, next_attempt_at, updated_at) VALUES (?,?,?,?,'pending',?,?,?,?,?,?,0,?)",
        (body["case_id"], body["case_number"], body["kiosk_seq"], body["service_id"], sealed, packet,
         crypto.sha256_hex(packet) if sealed else None, len(packet), key_id, now, now))
    return {"sealed": bool(sealed), "digest": crypto.sha256_hex(packet) if sealed else None}


def seal_held(db, now: float | None = None) -> int:
    """Sign and seal every held (unenrolled-time) case to the enrolled platform key."""
    now = time.time() if now is None else now
    enr = enrollment(db)
    if not enr:
        raise SyncError("cannot seal held cases: the kiosk is not enrolled (kiosk sync enroll)")
    kdir = keys_dir(db)
    rows = db.execute("SELECT case_id, packet FROM outbox WHERE sealed = 0 AND packet IS NOT NULL").fetchall()
    if not rows:
        return 0
    secret = crypto.load_or_create_secret(kdir / HOLD_KEY_FILE)
    for case_id, blob in rows:
        body, atts = _unframe_held(crypto.local_decrypt(secret, bytes(blob), case_id.encode()))
        packet = seal_body(body, atts, enr, kdir, now)
        db.execute("UPDATE outbox SET sealed = 1, packet = ?, digest = ?, size = ?, key_id = ?, updated_at = ?"
                   " WHERE case_id = ?", (packet, crypto.sha256_hex(packet), len(packet), enr["platform_key_id"],
                                          now, case_id))
    _audit(db, "sync.sealed_held", "outbox", {"cases": len(rows)})
    return len(rows)


# ---------------------------------------------------------------------------- worker transitions

def next_due(conn, now: float, horizon: float | None = None, exclude: list[str] = ()):
    """The pending, sealed case to send next (oldest sequence first among those due).
    A retry time beyond `horizon` (further than the backoff cap can reach) means the
    clock jumped back since it was set: such a case is due now, not in days."""
    horizon = float("inf") if horizon is None else horizon
    skip = f" AND case_id NOT IN ({','.join('?' * len(exclude))})" if exclude else ""
    return conn.execute(
        "SELECT case_id, case_number, kiosk_seq, digest, size, attempts FROM outbox"
        " WHERE state = 'pending' AND sealed = 1 AND (next_attempt_at <= ? OR next_attempt_at > ?)" + skip +
        " ORDER BY next_attempt_at > ?, next_attempt_at, kiosk_seq LIMIT 1",
        (now, horizon, *exclude, horizon)).fetchone()


def next_wakeup(conn) -> float | None:
    row = conn.execute("SELECT MIN(next_attempt_at) FROM outbox WHERE state = 'pending' AND sealed = 1").fetchone()
    return row[0]


def read_packet(conn, case_id: str) -> bytes:
    row = conn.execute("SELECT packet FROM outbox WHERE case_id = ?", (case_id,)).fetchone()
    if row is None or row[0] is None:
        raise SyncError(f"outbox: no packet for case {case_id}")
    return bytes(row[0])


def _core_status(db, case_id: str, status: str, note: str | None = None) -> None:
    """Move the core's case (kiosk.cases) along with what the platform says, when the
    case lives in this store (tests may queue outbox rows without a case row)."""
    if not db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'cases'").fetchone():
        return
    if not db.execute("SELECT 1 FROM cases WHERE id = ?", (case_id,)).fetchone():
        return
    from kiosk import cases
    from kiosk.errors import KioskError
    try:
        cases.apply_platform_status(db, case_id, status, note=note or "", actor="sync")
    except KioskError as e:  # e.g. withdrawn meanwhile: keep the outbox moving, leave a trace
        log.warning("case %s: platform status %s not applied: %s", case_id, status, e)


def claim(db, case_id: str, now: float) -> bool:
    """Mark a pending case as being sent, in its own transaction BEFORE the upload starts.

    False when the row is gone or no longer pending (the kiosk withdrew it meanwhile:
    `kiosk.cases.withdraw` deletes an unclaimed pending row): then it must not be sent.
    While claimed, the kiosk refuses to withdraw the case (migration 0007)."""
    # A claim left by an attempt whose outcome is unknown is kept (not overwritten): `release`
    # with `since` then sees that this attempt was not the only one.
    return bool(db.execute("UPDATE outbox SET sending_since = COALESCE(sending_since, ?), updated_at = ?"
                           " WHERE case_id = ? AND state = 'pending'", (now, now, case_id)).rowcount)


def release(db, case_id: str, since: float | None = None) -> None:
    """The platform surely does not have the case: it may be withdrawn again while still
    pending. With `since` (the claim time of this attempt) only when no earlier attempt
    left its claim (an earlier attempt whose outcome is unknown may have been stored).
    After a network failure past the connection, or a receipt that did not verify, the
    caller does not release: a later attempt's clear answer does (delivered clears it too)."""
    if since is None:
        db.execute("UPDATE outbox SET sending_since = NULL WHERE case_id = ?", (case_id,))
    else:
        db.execute("UPDATE outbox SET sending_since = NULL WHERE case_id = ? AND sending_since = ?",
                   (case_id, since))


def mark_delivered(db, case_id: str, receipt: dict, now: float) -> None:
    cur = db.execute(
        "UPDATE outbox SET state = 'delivered', receipt = ?, delivered_at = ?, last_error = NULL, last_http = NULL,"
        " sending_since = NULL, updated_at = ? WHERE case_id = ? AND state != 'delivered'",
        (json.dumps(receipt, sort_keys=True), now, now, case_id))
    if cur.rowcount:
        _audit(db, "sync.delivered", case_id, {"receipt_id": receipt.get("receipt", {}).get("receipt_id")})
        state_set(db, "last_success", now)
        _core_status(db, case_id, "delivered")


def mark_failed(db, case_id: str, http: int | None, error: str, next_at: float, now: float) -> None:
    db.execute("UPDATE outbox SET attempts = attempts + 1, last_http = ?, last_error = ?, next_attempt_at = ?,"
               " updated_at = ? WHERE case_id = ?", (http, error[:500], next_at, now, case_id))


def set_upload_offset(db, case_id: str, offset: int, now: float) -> None:
    db.execute("UPDATE outbox SET upload_offset = ?, updated_at = ? WHERE case_id = ?", (offset, now, case_id))


def quarantine(db, case_id: str, http: int | None, reason: str, now: float) -> None:
    db.execute("UPDATE outbox SET state = 'quarantined', attempts = attempts + 1, last_http = ?, last_error = ?,"
               " updated_at = ? WHERE case_id = ?", (http, reason[:500], now, case_id))
    _audit(db, "sync.quarantined", case_id, {"http": http, "reason": reason[:200]})


def find_case(conn, ref: str):
    return conn.execute("SELECT case_id, state, case_number FROM outbox WHERE case_id = ? OR case_number = ?",
                        (ref, ref)).fetchone()


def retry(db, ref: str, now: float) -> str:
    """Put a quarantined (or waiting) case back at the head of the queue."""
    row = find_case(db, ref)
    if row is None:
        raise SyncError(f"outbox: no case {ref!r} (give a case number or id; kiosk sync list shows them)",
                        code="not_found")
    case_id, state, _ = row
    if state == "delivered":
        raise SyncError(f"case {ref}: already delivered; nothing to retry", code="state")
    db.execute("UPDATE outbox SET state = 'pending', next_attempt_at = 0, attempts = 0, updated_at = ?"
               " WHERE case_id = ?", (now, case_id))
    _audit(db, "sync.retry", case_id, {"from": state})
    return case_id


def requeue_for_gap(db, case_ids: list[str], now: float) -> int:
    n = 0
    for cid in case_ids:
        n += db.execute("UPDATE outbox SET state = 'pending', next_attempt_at = 0, receipt = NULL,"
                        " delivered_at = NULL, updated_at = ? WHERE case_id = ? AND state = 'delivered'"
                        " AND packet IS NOT NULL", (now, cid)).rowcount
    if n:
        _audit(db, "sync.gap_resend", "outbox", {"cases": n})
    return n


def set_platform_status(db, case_id: str, status: str, note: str | None, at: float) -> bool:
    found = bool(db.execute("UPDATE outbox SET platform_status = ?, platform_note = ?, platform_status_at = ?"
                            " WHERE case_id = ?", (status, note, at, case_id)).rowcount)
    if found:
        _core_status(db, case_id, status, note)
    return found


def purge_delivered(db, now: float, retention_s: float) -> int:
    """Drop payloads delivered (signed receipt stored) longer ago than the retention period:
    the sealed packet and the case's attachment blobs. Case index, receipt and audit stay.
    (secure_delete is set by the store at open; the caller checkpoints the WAL after COMMIT.)"""
    ids = [r[0] for r in db.execute(
        "SELECT case_id FROM outbox WHERE state = 'delivered' AND receipt IS NOT NULL AND packet IS NOT NULL"
        " AND delivered_at <= ?", (now - retention_s,))]
    has_atts = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'attachment_blobs'").fetchone()
    for cid in ids:
        db.execute("UPDATE outbox SET packet = NULL, purged_at = ?, updated_at = ? WHERE case_id = ?",
                   (now, now, cid))
        if has_atts:
            db.execute("DELETE FROM attachment_blobs WHERE attachment_id IN"
                       " (SELECT id FROM attachments WHERE case_id = ?)", (cid,))
            db.execute("UPDATE attachments SET purged_at = COALESCE(purged_at, ?) WHERE case_id = ?",
                       (datetime.fromtimestamp(now, timezone.utc).isoformat(timespec="milliseconds"), cid))
    if ids:
        _audit(db, "sync.purged", "outbox", {"cases": len(ids)})
    return len(ids)


def status(conn, now: float) -> dict:
    counts = dict.fromkeys(STATES, 0)
    for st, n in conn.execute("SELECT state, COUNT(*) FROM outbox GROUP BY state"):
        counts[st] = n
    held = conn.execute("SELECT COUNT(*) FROM outbox WHERE state = 'pending' AND sealed = 0").fetchone()[0]
    oldest = conn.execute("SELECT MIN(queued_at) FROM outbox WHERE state = 'pending'").fetchone()[0]
    paused = state_get(conn, "paused_until")
    return {
        "pending": counts["pending"], "delivered": counts["delivered"], "quarantined": counts["quarantined"],
        "held_unenrolled": held,
        "oldest_pending_age_s": round(now - oldest, 1) if oldest is not None else None,
        "last_success": state_get(conn, "last_success"),
        "paused_until": paused if paused and paused > now else None,
        "enrolled": enrollment(conn) is not None,
        "last_error": state_get(conn, "last_error"),
    }


def list_cases(conn, state: str | None = None, limit: int = 100) -> list[dict]:
    q = ("SELECT case_id, case_number, kiosk_seq, state, attempts, last_http, last_error, digest, size,"
         " queued_at, delivered_at, purged_at, platform_status FROM outbox")
    args: tuple = ()
    if state:
        q += " WHERE state = ?"
        args = (state,)
    q += " ORDER BY kiosk_seq LIMIT ?"
    cols = ["case_id", "case_number", "kiosk_seq", "state", "attempts", "last_http", "last_error", "digest",
            "size", "queued_at", "delivered_at", "purged_at", "platform_status"]
    return [dict(zip(cols, r)) for r in conn.execute(q, args + (limit,))]
