"""The reference platform's storage, behind `PlatformStorage`.

`SqlitePlatformStorage` is the default: one SQLite file (WAL, synchronous=FULL) plus
partial uploads as files. A PostgreSQL + object-store back end implements the same
methods; the server never issues SQL itself. Dedupe is a permanent primary key on
(kiosk_id, case_id): a case id is never forgotten.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol


@dataclass
class StoredCase:
    kiosk_id: str
    case_id: str
    case_number: str | None
    kiosk_seq: int | None
    digest: str
    size: int
    attachments: int
    signature_ok: bool
    decrypted_ok: bool
    receipt: dict
    received_at: float
    status: str
    status_note: str | None


@dataclass
class StoredRating:
    """One revision of a kiosk's rating of a case (1 = the rating, 2 = a bad one resolved)."""
    kiosk_id: str
    case_id: str
    revision: int
    case_number: str | None
    level: int
    reasons: list
    follow_up: str
    digest: str
    signature_ok: bool
    receipt: dict
    received_at: float


class StorageFull(Exception):
    """The platform cannot store more (disk full or quota reached): answered with 507."""


class PlatformStorage(Protocol):
    def add_token(self, token_hash: str, now: float, bound_kiosk: str | None = None) -> None: ...
    def use_token(self, token_hash: str, kiosk_id: str, now: float) -> str | None: ...
    def register_kiosk_key(self, kiosk_id: str, key_id: str, public_key: bytes, now: float) -> None: ...
    def kiosk_keys(self, kiosk_id: str) -> dict[str, bytes]: ...
    def get_case(self, kiosk_id: str, case_id: str) -> StoredCase | None: ...
    def find_case(self, ref: str) -> StoredCase | None: ...
    def insert_case(self, case: StoredCase, packet: bytes) -> StoredCase: ...
    def get_packet(self, kiosk_id: str, case_id: str) -> bytes | None: ...
    def list_cases(self, kiosk_id: str | None = None) -> list[StoredCase]: ...
    def watermark(self, kiosk_id: str) -> dict: ...
    def set_status(self, kiosk_id: str, case_id: str, status: str, note: str | None, now: float) -> int: ...
    def status_events(self, kiosk_id: str, after: int, limit: int) -> list[dict]: ...
    def publish_catalogue(self, body: bytes, etag: str, now: float) -> None: ...
    def catalogue(self) -> tuple[bytes, str] | None: ...
    def record_audit_head(self, kiosk_id: str, seq: int, head: str, now: float) -> str | None: ...
    def kiosks(self) -> list[dict]: ...
    # ratings: permanent dedupe by (kiosk, case, revision)
    def insert_rating(self, rating: StoredRating, packet: bytes) -> StoredRating: ...
    def get_rating(self, kiosk_id: str, case_id: str, revision: int) -> StoredRating | None: ...
    def get_rating_packet(self, kiosk_id: str, case_id: str, revision: int) -> bytes | None: ...
    def list_ratings(self, latest_only: bool = True) -> list[StoredRating]: ...
    # chunked uploads
    def upload_open(self, kiosk_id: str, case_id: str, digest: str, length: int) -> dict: ...
    def upload_state(self, kiosk_id: str, case_id: str) -> dict | None: ...
    def upload_append(self, kiosk_id: str, case_id: str, offset: int, chunk: bytes) -> int: ...
    def upload_data(self, kiosk_id: str, case_id: str) -> bytes: ...
    def upload_drop(self, kiosk_id: str, case_id: str) -> None: ...


SCHEMA = [
    """CREATE TABLE IF NOT EXISTS tokens (token_hash TEXT PRIMARY KEY, created_at REAL NOT NULL,
           used_at REAL, kiosk_id TEXT, bound_kiosk TEXT)""",
    """CREATE TABLE IF NOT EXISTS kiosk_keys (kiosk_id TEXT NOT NULL, key_id TEXT NOT NULL,
           public_key BLOB NOT NULL, registered_at REAL NOT NULL, PRIMARY KEY (kiosk_id, key_id))""",
    """CREATE TABLE IF NOT EXISTS cases (kiosk_id TEXT NOT NULL, case_id TEXT NOT NULL, case_number TEXT,
           kiosk_seq INTEGER, digest TEXT NOT NULL, size INTEGER NOT NULL, attachments INTEGER NOT NULL,
           signature_ok INTEGER NOT NULL, decrypted_ok INTEGER NOT NULL, receipt TEXT NOT NULL,
           received_at REAL NOT NULL, status TEXT NOT NULL DEFAULT 'received', status_note TEXT,
           PRIMARY KEY (kiosk_id, case_id))""",
    "CREATE INDEX IF NOT EXISTS cases_seq ON cases (kiosk_id, kiosk_seq)",
    "CREATE INDEX IF NOT EXISTS cases_number ON cases (case_number)",
    """CREATE TABLE IF NOT EXISTS packets (kiosk_id TEXT NOT NULL, case_id TEXT NOT NULL, packet BLOB NOT NULL,
           PRIMARY KEY (kiosk_id, case_id))""",
    """CREATE TABLE IF NOT EXISTS status_events (seq INTEGER PRIMARY KEY AUTOINCREMENT, kiosk_id TEXT NOT NULL,
           case_id TEXT NOT NULL, status TEXT NOT NULL, note TEXT, at REAL NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS status_kiosk ON status_events (kiosk_id, seq)",
    "CREATE TABLE IF NOT EXISTS catalogue (id INTEGER PRIMARY KEY CHECK (id = 1), body BLOB, etag TEXT, at REAL)",
    """CREATE TABLE IF NOT EXISTS audit_heads (kiosk_id TEXT PRIMARY KEY, seq INTEGER NOT NULL, head TEXT NOT NULL,
           at REAL NOT NULL, alert TEXT)""",
    """CREATE TABLE IF NOT EXISTS ratings (kiosk_id TEXT NOT NULL, case_id TEXT NOT NULL, revision INTEGER NOT NULL,
           case_number TEXT, level INTEGER NOT NULL, reasons TEXT NOT NULL, follow_up TEXT NOT NULL,
           digest TEXT NOT NULL, signature_ok INTEGER NOT NULL, receipt TEXT NOT NULL, received_at REAL NOT NULL,
           packet BLOB NOT NULL, PRIMARY KEY (kiosk_id, case_id, revision))""",
    """CREATE TABLE IF NOT EXISTS uploads (kiosk_id TEXT NOT NULL, case_id TEXT NOT NULL, digest TEXT NOT NULL,
           length INTEGER NOT NULL, offset INTEGER NOT NULL, PRIMARY KEY (kiosk_id, case_id))""",
]


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in name)


class SqlitePlatformStorage:
    def __init__(self, data_dir: Path, max_bytes: int | None = None):
        self.data_dir = Path(data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.path = self.data_dir / "platform.sqlite"
        self.upload_dir = self.data_dir / "uploads"
        self.upload_dir.mkdir(exist_ok=True)
        self.max_bytes = max_bytes  # quota: simulates a full disk in tests
        self._local = threading.local()
        self._write_lock = threading.Lock()
        with self._tx() as db:
            for stmt in SCHEMA:
                db.execute(stmt)

    @property
    def conn(self) -> sqlite3.Connection:
        c = getattr(self._local, "conn", None)
        if c is None:
            c = sqlite3.connect(self.path, isolation_level=None, timeout=30, check_same_thread=False)
            c.execute("PRAGMA journal_mode=WAL")
            c.execute("PRAGMA synchronous=FULL")
            c.execute("PRAGMA busy_timeout=30000")
            self._local.conn = c
        return c

    class _Tx:
        def __init__(self, outer):
            self.outer = outer

        def __enter__(self):
            self.outer._write_lock.acquire()
            self.db = self.outer.conn
            self.db.execute("BEGIN IMMEDIATE")
            return self.db

        def __exit__(self, et, ev, tb):
            try:
                self.db.execute("COMMIT" if et is None else "ROLLBACK")
            finally:
                self.outer._write_lock.release()

    def _tx(self):
        return self._Tx(self)

    # -- enrollment
    def add_token(self, token_hash, now, bound_kiosk=None):
        with self._tx() as db:
            db.execute("INSERT INTO tokens(token_hash, created_at, bound_kiosk) VALUES (?, ?, ?)",
                       (token_hash, now, bound_kiosk))

    def use_token(self, token_hash, kiosk_id, now):
        """Spend a token for `kiosk_id`. None if spent; else a refusal reason or "".
        An unbound token enrolls only a NEW kiosk id; re-keying an enrolled id needs a
        token bound to it (so one leaked token can't take over another kiosk)."""
        with self._tx() as db:
            r = db.execute("SELECT used_at, bound_kiosk FROM tokens WHERE token_hash = ?", (token_hash,)).fetchone()
            if r is None or r[0] is not None:
                return "token unknown or already used; ask for a new one"
            if r[1] is not None and r[1] != kiosk_id:
                return f"token is for kiosk {r[1]}, not {kiosk_id}"
            known = db.execute("SELECT 1 FROM kiosk_keys WHERE kiosk_id = ?", (kiosk_id,)).fetchone()
            if known and r[1] is None:
                return (f"kiosk {kiosk_id} is already enrolled; re-enrolling it needs a token made with "
                        f"`kiosk platform enroll-token --kiosk-id {kiosk_id}`")
            db.execute("UPDATE tokens SET used_at = ?, kiosk_id = ? WHERE token_hash = ?", (now, kiosk_id, token_hash))
            return None

    def register_kiosk_key(self, kiosk_id, key_id, public_key, now):
        with self._tx() as db:
            db.execute("INSERT OR IGNORE INTO kiosk_keys VALUES (?, ?, ?, ?)", (kiosk_id, key_id, public_key, now))

    def kiosk_keys(self, kiosk_id):
        return {k: bytes(p) for k, p in self.conn.execute(
            "SELECT key_id, public_key FROM kiosk_keys WHERE kiosk_id = ?", (kiosk_id,))}

    # -- cases
    _COLS = ("kiosk_id, case_id, case_number, kiosk_seq, digest, size, attachments, signature_ok, decrypted_ok,"
             " receipt, received_at, status, status_note")

    def _row(self, r) -> StoredCase:
        return StoredCase(r[0], r[1], r[2], r[3], r[4], r[5], r[6], bool(r[7]), bool(r[8]), json.loads(r[9]),
                          r[10], r[11], r[12])

    def get_case(self, kiosk_id, case_id):
        r = self.conn.execute(f"SELECT {self._COLS} FROM cases WHERE kiosk_id = ? AND case_id = ?",
                              (kiosk_id, case_id)).fetchone()
        return self._row(r) if r else None

    def find_case(self, ref):
        r = self.conn.execute(f"SELECT {self._COLS} FROM cases WHERE case_id = ? OR case_number = ? LIMIT 1",
                              (ref, ref)).fetchone()
        return self._row(r) if r else None

    def _used_bytes(self, db) -> int:
        return db.execute("SELECT COALESCE(SUM(size), 0) FROM cases").fetchone()[0]

    def insert_case(self, case, packet):
        """Insert once; if (kiosk, case) already exists, return the stored one (the caller compares digests)."""
        try:
            with self._tx() as db:
                if self.max_bytes is not None and self._used_bytes(db) + len(packet) > self.max_bytes:
                    raise StorageFull("platform storage quota reached")
                cur = db.execute(
                    f"INSERT OR IGNORE INTO cases ({self._COLS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (case.kiosk_id, case.case_id, case.case_number, case.kiosk_seq, case.digest, case.size,
                     case.attachments, int(case.signature_ok), int(case.decrypted_ok),
                     json.dumps(case.receipt, sort_keys=True), case.received_at, case.status, case.status_note))
                if cur.rowcount:
                    db.execute("INSERT INTO packets VALUES (?, ?, ?)", (case.kiosk_id, case.case_id, packet))
                    return case
        except sqlite3.OperationalError as e:
            if "full" in str(e).lower():
                raise StorageFull(str(e)) from None
            raise
        return self.get_case(case.kiosk_id, case.case_id)

    def get_packet(self, kiosk_id, case_id):
        r = self.conn.execute("SELECT packet FROM packets WHERE kiosk_id = ? AND case_id = ?",
                              (kiosk_id, case_id)).fetchone()
        return bytes(r[0]) if r else None

    def list_cases(self, kiosk_id=None):
        if kiosk_id:
            rows = self.conn.execute(f"SELECT {self._COLS} FROM cases WHERE kiosk_id = ? ORDER BY kiosk_seq",
                                     (kiosk_id,))
        else:
            rows = self.conn.execute(f"SELECT {self._COLS} FROM cases ORDER BY received_at, kiosk_seq")
        return [self._row(r) for r in rows]

    def watermark(self, kiosk_id):
        seqs = [r[0] for r in self.conn.execute(
            "SELECT kiosk_seq FROM cases WHERE kiosk_id = ? AND kiosk_seq IS NOT NULL ORDER BY kiosk_seq",
            (kiosk_id,))]
        contiguous = 0
        for s in seqs:
            if s == contiguous + 1:
                contiguous = s
            elif s > contiguous + 1:
                break
        have = set(seqs)
        top = seqs[-1] if seqs else 0
        missing = [s for s in range(contiguous + 1, top) if s not in have][:1000]
        return {"highest_contiguous_seq": contiguous, "max_seq": top, "count": len(seqs), "missing": missing}

    # -- status
    def set_status(self, kiosk_id, case_id, status, note, now):
        with self._tx() as db:
            db.execute("UPDATE cases SET status = ?, status_note = ? WHERE kiosk_id = ? AND case_id = ?",
                       (status, note, kiosk_id, case_id))
            return db.execute("INSERT INTO status_events (kiosk_id, case_id, status, note, at) VALUES (?,?,?,?,?)",
                              (kiosk_id, case_id, status, note, now)).lastrowid

    def status_events(self, kiosk_id, after, limit):
        return [{"seq": s, "case_id": c, "status": st, "note": n, "at": a} for s, c, st, n, a in self.conn.execute(
            "SELECT seq, case_id, status, note, at FROM status_events WHERE kiosk_id = ? AND seq > ?"
            " ORDER BY seq LIMIT ?", (kiosk_id, after, limit))]

    # -- catalogue
    def publish_catalogue(self, body, etag, now):
        with self._tx() as db:
            db.execute("INSERT INTO catalogue (id, body, etag, at) VALUES (1, ?, ?, ?) ON CONFLICT(id) DO UPDATE"
                       " SET body = excluded.body, etag = excluded.etag, at = excluded.at", (body, etag, now))

    def catalogue(self):
        r = self.conn.execute("SELECT body, etag FROM catalogue WHERE id = 1").fetchone()
        return (bytes(r[0]), r[1]) if r else None

    # -- audit chain anchoring
    def record_audit_head(self, kiosk_id, seq, head, now):
        """Store the newest head; return an alert if the chain went backwards or forked."""
        with self._tx() as db:
            r = db.execute("SELECT seq, head FROM audit_heads WHERE kiosk_id = ?", (kiosk_id,)).fetchone()
            alert = None
            if r and (seq < r[0] or (seq == r[0] and head != r[1])):
                alert = f"audit chain of {kiosk_id} went from seq {r[0]} to {seq} (tampering or restore)"
                db.execute("UPDATE audit_heads SET alert = ?, at = ? WHERE kiosk_id = ?", (alert, now, kiosk_id))
                return alert
            db.execute("INSERT INTO audit_heads (kiosk_id, seq, head, at) VALUES (?,?,?,?) ON CONFLICT(kiosk_id)"
                       " DO UPDATE SET seq = excluded.seq, head = excluded.head, at = excluded.at",
                       (kiosk_id, seq, head, now))
            return None

    def kiosks(self):
        out = []
        for kid, n in self.conn.execute("SELECT kiosk_id, COUNT(*) FROM kiosk_keys GROUP BY kiosk_id ORDER BY 1"):
            a = self.conn.execute("SELECT seq, head, alert FROM audit_heads WHERE kiosk_id = ?", (kid,)).fetchone()
            out.append({"kiosk_id": kid, "keys": n, "audit_seq": a[0] if a else None,
                        "audit_head": a[1] if a else None, "audit_alert": a[2] if a else None,
                        **{k: v for k, v in self.watermark(kid).items() if k != "missing"}})
        return out

    # -- ratings
    _RCOLS = ("kiosk_id, case_id, revision, case_number, level, reasons, follow_up, digest, signature_ok, receipt,"
              " received_at")

    def _rrow(self, r) -> StoredRating:
        return StoredRating(r[0], r[1], r[2], r[3], r[4], json.loads(r[5]), r[6], r[7], bool(r[8]), json.loads(r[9]),
                            r[10])

    def insert_rating(self, rating, packet):
        """Insert once; if (kiosk, case, revision) exists, return the stored one (the caller compares digests)."""
        try:
            with self._tx() as db:
                if self.max_bytes is not None and self._used_bytes(db) + len(packet) > self.max_bytes:
                    raise StorageFull("platform storage quota reached")
                cur = db.execute(
                    f"INSERT OR IGNORE INTO ratings ({self._RCOLS}, packet) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                    (rating.kiosk_id, rating.case_id, rating.revision, rating.case_number, rating.level,
                     json.dumps(rating.reasons, ensure_ascii=False), rating.follow_up, rating.digest,
                     int(rating.signature_ok), json.dumps(rating.receipt, sort_keys=True), rating.received_at, packet))
                if cur.rowcount:
                    return rating
        except sqlite3.OperationalError as e:
            if "full" in str(e).lower():
                raise StorageFull(str(e)) from None
            raise
        return self.get_rating(rating.kiosk_id, rating.case_id, rating.revision)

    def get_rating(self, kiosk_id, case_id, revision):
        r = self.conn.execute(f"SELECT {self._RCOLS} FROM ratings WHERE kiosk_id = ? AND case_id = ? AND revision = ?",
                              (kiosk_id, case_id, revision)).fetchone()
        return self._rrow(r) if r else None

    def get_rating_packet(self, kiosk_id, case_id, revision):
        r = self.conn.execute("SELECT packet FROM ratings WHERE kiosk_id = ? AND case_id = ? AND revision = ?",
                              (kiosk_id, case_id, revision)).fetchone()
        return bytes(r[0]) if r else None

    def list_ratings(self, latest_only=True):
        """Every stored revision, or (latest_only) the newest revision of each (kiosk, case)."""
        where = (" WHERE revision = (SELECT MAX(revision) FROM ratings x WHERE x.kiosk_id = ratings.kiosk_id"
                 " AND x.case_id = ratings.case_id)") if latest_only else ""
        return [self._rrow(r) for r in self.conn.execute(
            f"SELECT {self._RCOLS} FROM ratings{where} ORDER BY received_at, case_id, revision")]

    # -- chunked uploads: bytes in a file, fsynced before the offset advances in the DB
    def _upath(self, kiosk_id, case_id) -> Path:
        return self.upload_dir / f"{_safe(kiosk_id)}__{_safe(case_id)}.part"

    def upload_open(self, kiosk_id, case_id, digest, length):
        with self._tx() as db:
            r = db.execute("SELECT digest, length, offset FROM uploads WHERE kiosk_id = ? AND case_id = ?",
                           (kiosk_id, case_id)).fetchone()
            if r and (r[0] != digest or r[1] != length):
                db.execute("DELETE FROM uploads WHERE kiosk_id = ? AND case_id = ?", (kiosk_id, case_id))
                r = None
            if r is None:
                self._upath(kiosk_id, case_id).write_bytes(b"")
                db.execute("INSERT INTO uploads VALUES (?, ?, ?, ?, 0)", (kiosk_id, case_id, digest, length))
                return {"digest": digest, "length": length, "offset": 0}
            return {"digest": r[0], "length": r[1], "offset": r[2]}

    def upload_state(self, kiosk_id, case_id):
        r = self.conn.execute("SELECT digest, length, offset FROM uploads WHERE kiosk_id = ? AND case_id = ?",
                              (kiosk_id, case_id)).fetchone()
        return {"digest": r[0], "length": r[1], "offset": r[2]} if r else None

    def upload_append(self, kiosk_id, case_id, offset, chunk):
        path = self._upath(kiosk_id, case_id)
        with self._tx() as db:
            r = db.execute("SELECT offset, length FROM uploads WHERE kiosk_id = ? AND case_id = ?",
                           (kiosk_id, case_id)).fetchone()
            if r is None:
                raise KeyError("no upload")
            if r[0] != offset:
                return r[0]
            if offset + len(chunk) > r[1]:
                raise ValueError("chunk runs past Upload-Length")
            with open(path, "r+b") as f:
                f.truncate(offset)  # drop bytes of a chunk whose offset never committed
                f.seek(offset)
                f.write(chunk)
                f.flush()
                os.fsync(f.fileno())
            db.execute("UPDATE uploads SET offset = ? WHERE kiosk_id = ? AND case_id = ?",
                       (offset + len(chunk), kiosk_id, case_id))
            return offset + len(chunk)

    def upload_data(self, kiosk_id, case_id):
        st = self.upload_state(kiosk_id, case_id)
        with open(self._upath(kiosk_id, case_id), "rb") as f:
            return f.read(st["offset"])

    def upload_drop(self, kiosk_id, case_id):
        with self._tx() as db:
            db.execute("DELETE FROM uploads WHERE kiosk_id = ? AND case_id = ?", (kiosk_id, case_id))
        try:
            self._upath(kiosk_id, case_id).unlink()
        except FileNotFoundError:
            pass

    def close(self):
        c = getattr(self._local, "conn", None)
        if c is not None:
            c.close()
            self._local.conn = None


def now() -> float:
    return time.time()
