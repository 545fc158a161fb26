"""Append-only, hash-chained audit log.

Each entry's hash is SHA-256 over the previous entry's hash and the entry's own
canonical JSON (seq, ts, actor, action, subject, detail). The chain head (last seq and
hash) is also kept in `meta`, written in the same transaction, so deleting the newest
entries is detected too; the sync layer sends the head with each sync so the platform
can notice a rewritten history. Details must hold no personal data (mask first).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Callable

GENESIS = "0" * 64
HEAD_KEY = "audit_head"


def _canonical(seq: int, ts: str, actor: str, action: str, subject: str, detail: str) -> bytes:
    return json.dumps([seq, ts, actor, action, subject, detail], ensure_ascii=False,
                      separators=(",", ":")).encode()


def entry_hash(prev_hash: str, seq: int, ts: str, actor: str, action: str, subject: str, detail: str) -> str:
    return hashlib.sha256(prev_hash.encode() + _canonical(seq, ts, actor, action, subject, detail)).hexdigest()


def append(db: sqlite3.Connection, actor: str, action: str, subject: str = "",
           detail: dict[str, Any] | None = None, *, now: Callable[[], datetime] | None = None) -> dict:
    """Append one entry inside the caller's transaction; returns it."""
    if not db.in_transaction:
        raise RuntimeError("audit.append must run inside a store transaction")
    ts = (now() if now else datetime.now(timezone.utc)).isoformat(timespec="milliseconds")
    detail_s = json.dumps(detail or {}, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    last = db.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
    h = entry_hash(prev, seq, ts, actor, action, subject, detail_s)
    db.execute("INSERT INTO audit_log(seq, ts, actor, action, subject, detail, prev_hash, hash)"
               " VALUES(?,?,?,?,?,?,?,?)", (seq, ts, actor, action, subject, detail_s, prev, h))
    db.execute("INSERT INTO meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value",
               (HEAD_KEY, f"{seq}:{h}"))
    return {"seq": seq, "ts": ts, "actor": actor, "action": action, "subject": subject,
            "detail": detail or {}, "hash": h}


def head(conn: sqlite3.Connection) -> dict:
    """The chain head {seq, hash} (seq 0 and the genesis hash for an empty log)."""
    row = conn.execute("SELECT value FROM meta WHERE key=?", (HEAD_KEY,)).fetchone()
    if not row:
        return {"seq": 0, "hash": GENESIS}
    seq, h = row[0].split(":", 1)
    return {"seq": int(seq), "hash": h}


@dataclass
class Verdict:
    ok: bool
    entries: int
    first_bad_seq: int | None = None
    reason: str = ""

    def to_dict(self) -> dict:
        return {"ok": self.ok, "entries": self.entries, "first_bad_seq": self.first_bad_seq, "reason": self.reason}


def verify(conn: sqlite3.Connection) -> Verdict:
    """Walk the chain; name the first entry that was altered, deleted or reordered."""
    prev = GENESIS
    expected_seq = 1
    count = 0
    for row in conn.execute("SELECT seq, ts, actor, action, subject, detail, prev_hash, hash"
                            " FROM audit_log ORDER BY rowid"):
        seq, ts, actor, action, subject, detail, prev_hash, h = tuple(row)
        count += 1
        if seq != expected_seq:
            if seq > expected_seq:
                return Verdict(False, count, expected_seq,
                               f"entry {expected_seq} is missing (deleted): the next entry is {seq}")
            return Verdict(False, count, seq, f"entry {seq} is out of order (expected {expected_seq})")
        if prev_hash != prev:
            return Verdict(False, count, seq, f"entry {seq} does not follow entry {seq - 1} "
                                              "(previous-hash mismatch: reordered or replaced)")
        if entry_hash(prev_hash, seq, ts, actor, action, subject, detail) != h:
            return Verdict(False, count, seq, f"entry {seq} was altered (its content does not match its hash)")
        prev = h
        expected_seq += 1
    hd = head(conn)
    if hd["seq"] != expected_seq - 1 or (hd["seq"] and hd["hash"] != prev):
        if hd["seq"] > expected_seq - 1:
            return Verdict(False, count, expected_seq,
                           f"entries {expected_seq}..{hd['seq']} are missing (deleted from the end)")
        return Verdict(False, count, hd["seq"] or None, "the recorded chain head does not match the log")
    return Verdict(True, count)
