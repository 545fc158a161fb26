"""The durable local store: one SQLite database in the data directory.

- WAL journal, `synchronous=FULL` (a committed case survives a power cut), foreign
  keys on, a busy timeout for the few other connections (sync worker, CLI).
- Schema version in `PRAGMA user_version`; numbered migrations in
  `kiosk/store/migrations/mNNNN_*.py`, each applied in its own transaction together
  with the version bump, so an interrupted migration leaves the previous version.
  A database from a newer program is refused before anything is written to it.
- Personal data is encrypted at rest with AES-256-GCM (see `kiosk.store.crypto`):
  identity and form JSON, attachment bytes. Look-ups use keyed blind indexes.
- Attachments are encrypted blobs written in the SAME transaction as their case, so
  a crash at any instant leaves the whole case or nothing (no files to orphan). The
  data directory's `tmp/` (camera frames, drafts) is swept on open.
- Backups only through SQLite's online backup API (`Store.backup`).

A `Store` object holds one connection and belongs to one thread (the serial writer
executor in the UI, the sync worker, a CLI command); other threads open their own.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import logging
import os
import pkgutil
import shutil
import sqlite3
import time
import uuid
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

from kiosk.errors import InputError, NotFoundError, SchemaTooNewError, StoreError
from kiosk.store.crypto import FieldCipher, load_or_create_key

log = logging.getLogger(__name__)

DB_FILE = "kiosk.db"
KEY_FILE = "store.key"
TMP_DIR = "tmp"


def utcnow() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def list_migrations() -> list[tuple[int, str, Any]]:
    """(version, name, module) for every migration file, in order."""
    pkg = importlib.import_module("kiosk.store.migrations")
    found = []
    for info in pkgutil.iter_modules(pkg.__path__):
        name = info.name
        if name.startswith("m") and name[1:5].isdigit():
            found.append((int(name[1:5]), name, None))
    found.sort()
    versions = [v for v, _, _ in found]
    if len(set(versions)) != len(versions):
        raise StoreError(f"two migrations share a number: {sorted(versions)}")
    return [(v, n, importlib.import_module(f"kiosk.store.migrations.{n}")) for v, n, _ in found]


def latest_version() -> int:
    ms = list_migrations()
    return ms[-1][0] if ms else 0


def _describe_db_error(path: Path, e: Exception) -> str:
    msg = str(e)
    if "not a database" in msg or "malformed" in msg or "disk image" in msg:
        return (f"{path}: the database file is damaged ({msg}); the kiosk will not touch it. "
                f"Move it aside and restore the latest backup (`kiosk backup` copies)")
    if "readonly" in msg or "unable to open" in msg:
        return f"{path}: cannot open the database for writing ({msg}); check the data directory's permissions"
    if "disk is full" in msg or "database or disk is full" in msg:
        return f"{path}: the disk is full; nothing was written. Free space and try again"
    return f"{path}: database error: {msg}"


def _journal_mode_wal(conn: sqlite3.Connection, patience: float = 10.0) -> str:
    """Switch to WAL. Several processes creating a new database at once (the app and its
    sync worker on a first run) can get "database is locked" here at once: SQLite does not
    wait on a busy lock for this switch as it does for other statements. Try again a
    little later, for up to `patience` seconds."""
    deadline = time.monotonic() + patience
    while True:
        try:
            return conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) and "busy" not in str(e):
                raise
            if time.monotonic() >= deadline:
                raise
            time.sleep(0.02)


class Store:
    def __init__(self, data_dir: Path, conn: sqlite3.Connection, cipher: FieldCipher, config=None):
        self.data_dir = data_dir
        self.path = data_dir / DB_FILE
        self.key_path = data_dir / "keys" / KEY_FILE
        self.conn = conn
        self.cipher = cipher
        self.config = config
        self._db = None

    @property
    def db(self):
        """sqlite-utils view of the same connection, for queries and table helpers.
        Imported lazily: sqlite-utils pulls in NumPy, ~0.3 s a CLI command need not pay."""
        if self._db is None:
            import sqlite_utils
            self._db = sqlite_utils.Database(self.conn)
        return self._db

    # ---- opening --------------------------------------------------------------------
    @classmethod
    def open(cls, data_dir: Path | str, config=None, *, migrate: bool = True) -> "Store":
        data_dir = Path(data_dir)
        try:
            data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
            (data_dir / "keys").mkdir(exist_ok=True, mode=0o700)
            (data_dir / TMP_DIR).mkdir(exist_ok=True, mode=0o700)
        except OSError as e:
            raise StoreError(f"{data_dir}: cannot create the data directory ({e.strerror})") from None
        if not os.access(data_dir, os.W_OK | os.X_OK):
            raise StoreError(f"{data_dir}: the data directory is not writable; "
                             "check its owner and permissions (the kiosk needs rw)")
        path = data_dir / DB_FILE
        _refuse_newer_schema(path)
        cipher = FieldCipher(load_or_create_key(data_dir / "keys" / KEY_FILE))
        try:
            conn = sqlite3.connect(path, isolation_level=None, timeout=10.0, check_same_thread=False)
            conn.row_factory = sqlite3.Row
            mode = _journal_mode_wal(conn)
            if mode.lower() != "wal":
                raise StoreError(f"{path}: cannot switch the database to WAL mode (got {mode})")
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("PRAGMA busy_timeout=10000")
            conn.execute("PRAGMA secure_delete=ON")
        except sqlite3.DatabaseError as e:
            raise StoreError(_describe_db_error(path, e)) from None
        store = cls(data_dir, conn, cipher, config)
        try:
            if migrate:
                store.migrate()
            store.sweep_tmp()
        except BaseException:
            conn.close()
            raise
        return store

    def close(self) -> None:
        try:
            self.conn.close()
        except sqlite3.Error:
            pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # ---- schema ---------------------------------------------------------------------
    @property
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def migrate(self) -> list[int]:
        """Apply pending migrations, each atomically with its version bump."""
        applied = []
        current = self.schema_version
        latest = latest_version()
        if current > latest:  # opened by a newer program after our check: still refuse
            raise SchemaTooNewError(f"{self.path}: written by a newer Single Door (schema {current}, "
                                    f"this program knows up to {latest}); it was left untouched")
        for version, name, module in list_migrations():
            if version <= current:
                continue
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                # Another process may have migrated while we waited for the write lock.
                current = self.conn.execute("PRAGMA user_version").fetchone()[0]
                if version <= current:
                    self.conn.execute("COMMIT")
                    continue
                module.up(self.conn)
                self.conn.execute(f"PRAGMA user_version={int(version)}")
                self.conn.execute("COMMIT")
            except sqlite3.DatabaseError as e:
                self._rollback()
                raise StoreError(f"{self.path}: migration {name} failed ({e}); "
                                 f"the database stays at schema {current}") from None
            except BaseException:
                self._rollback()
                raise
            log.info("store migrated to schema %d (%s)", version, name)
            current = version
            applied.append(version)
        return applied

    def _rollback(self) -> None:
        try:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass

    # ---- transactions ---------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction (BEGIN IMMEDIATE). Committed on normal exit, durably
        (synchronous=FULL); rolled back on any exception, leaving nothing half-written."""
        if self.conn.in_transaction:
            raise StoreError("nested store transaction")
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.DatabaseError as e:
            raise StoreError(_describe_db_error(self.path, e)) from None
        try:
            yield self.conn
        except BaseException:
            self._rollback()
            raise
        try:
            self.conn.execute("COMMIT")
        except sqlite3.DatabaseError as e:
            self._rollback()
            raise StoreError(_describe_db_error(self.path, e)) from None

    # ---- meta and sequences ---------------------------------------------------------
    def get_meta(self, key: str, default: str | None = None) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else default

    @staticmethod
    def set_meta(db: sqlite3.Connection, key: str, value: str) -> None:
        db.execute("INSERT INTO meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                   (key, value))

    @staticmethod
    def next_sequence(db: sqlite3.Connection, name: str) -> int:
        """Next value of a named counter, inside the caller's transaction, so a value is
        never issued twice even across crashes (it commits with what uses it)."""
        db.execute("INSERT INTO sequences(name, value) VALUES(?, 0) ON CONFLICT(name) DO NOTHING", (name,))
        return db.execute("UPDATE sequences SET value = value + 1 WHERE name=? RETURNING value", (name,)).fetchone()[0]

    # ---- encryption at rest ---------------------------------------------------------
    def encrypt(self, data: bytes, aad: bytes = b"") -> bytes:
        return self.cipher.encrypt(data, aad)

    def decrypt(self, blob: bytes, aad: bytes = b"") -> bytes:
        return self.cipher.decrypt(blob, aad)

    def encrypt_json(self, obj: Any, aad: bytes = b"") -> bytes:
        return self.cipher.encrypt(json.dumps(obj, ensure_ascii=False, sort_keys=True).encode(), aad)

    def decrypt_json(self, blob: bytes | None, aad: bytes = b"") -> Any:
        return None if blob is None else json.loads(self.cipher.decrypt(blob, aad))

    def blind_index(self, value: str) -> str:
        return self.cipher.blind_index(value)

    # ---- attachments ----------------------------------------------------------------
    def put_attachment(self, db: sqlite3.Connection, case_id: str, material_id: str, data: bytes,
                       mime: str = "application/octet-stream", filename: str = "") -> dict:
        """Store an attachment inside the caller's transaction (encrypted blob)."""
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise InputError(f"attachment for {material_id}: expected bytes")
        data = bytes(data)
        att_id = uuid.uuid4().hex
        digest = hashlib.sha256(data).hexdigest()
        seq = db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM attachments WHERE case_id=?", (case_id,)).fetchone()[0]
        db.execute(
            "INSERT INTO attachments(id, case_id, material_id, seq, mime, filename, size, sha256, created_at)"
            " VALUES(?,?,?,?,?,?,?,?,?)",
            (att_id, case_id, material_id, seq, mime, filename, len(data), digest, utcnow()))
        db.execute("INSERT INTO attachment_blobs(attachment_id, data) VALUES(?, ?)",
                   (att_id, self.cipher.encrypt(data, att_id.encode())))
        return {"id": att_id, "sha256": digest, "size": len(data), "mime": mime, "filename": filename,
                "material_id": material_id, "seq": seq}

    def get_attachment(self, att_id: str) -> bytes:
        row = self.conn.execute(
            "SELECT a.sha256, b.data FROM attachments a LEFT JOIN attachment_blobs b ON b.attachment_id=a.id"
            " WHERE a.id=?", (att_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"attachment {att_id}: not found")
        if row["data"] is None:
            raise NotFoundError(f"attachment {att_id}: payload purged after delivery")
        data = self.cipher.decrypt(row["data"], att_id.encode())
        if hashlib.sha256(data).hexdigest() != row["sha256"]:
            raise StoreError(f"attachment {att_id}: content does not match its SHA-256")
        return data

    def purge_attachment(self, db: sqlite3.Connection, att_id: str) -> None:
        db.execute("DELETE FROM attachment_blobs WHERE attachment_id=?", (att_id,))
        db.execute("UPDATE attachments SET purged_at=? WHERE id=?", (utcnow(), att_id))

    # ---- submit hooks ---------------------------------------------------------------
    def run_submit_hooks(self, db: sqlite3.Connection, case: dict) -> None:
        """Run every `kiosk.submit_hooks` entry point inside the submit transaction
        (e.g. sync seals the packet into the outbox). A failing hook aborts the submit."""
        for hook in _submit_hooks():
            hook(db, case, store=self)

    # ---- housekeeping ---------------------------------------------------------------
    @property
    def tmp_dir(self) -> Path:
        return self.data_dir / TMP_DIR

    def sweep_tmp(self) -> int:
        """Remove what an interrupted run left in tmp/ (partial writes, camera frames)."""
        removed = 0
        for p in self.tmp_dir.iterdir():
            try:
                shutil.rmtree(p) if p.is_dir() and not p.is_symlink() else p.unlink()
                removed += 1
            except OSError:
                log.warning("cannot remove leftover %s", p.name)
        return removed

    def integrity_check(self) -> str:
        return self.conn.execute("PRAGMA integrity_check").fetchone()[0]

    def backup(self, dest: Path | str) -> Path:
        """Copy the database through SQLite's online backup API (consistent while in use)."""
        dest = Path(dest)
        if dest.is_dir():
            dest = dest / f"kiosk-{datetime.now().strftime('%Y%m%d-%H%M%S')}.db"
        if dest.exists():
            raise InputError(f"{dest}: already exists; choose a new file name")
        partial = dest.with_name(dest.name + ".partial")
        try:
            target = sqlite3.connect(partial)
            try:
                self.conn.backup(target)
                ok = target.execute("PRAGMA integrity_check").fetchone()[0]
            finally:
                target.close()
            if ok != "ok":
                raise StoreError(f"{dest}: backup failed its integrity check ({ok})")
            os.replace(partial, dest)
        except (OSError, sqlite3.Error) as e:
            partial.unlink(missing_ok=True)
            raise StoreError(f"{dest}: cannot write the backup ({e})") from None
        return dest


_hooks_cache: list | None = None


def _submit_hooks() -> list:
    global _hooks_cache
    if _hooks_cache is None:
        from importlib.metadata import entry_points
        _hooks_cache = [ep.load() for ep in sorted(entry_points(group="kiosk.submit_hooks"), key=lambda e: e.name)]
    return _hooks_cache


def _refuse_newer_schema(path: Path) -> None:
    """Read the schema version without writing anything; refuse a newer database."""
    if not path.exists():
        return
    try:
        ro = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            version = ro.execute("PRAGMA user_version").fetchone()[0]
            ro.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            ro.close()
    except sqlite3.DatabaseError as e:
        raise StoreError(_describe_db_error(path, e)) from None
    latest = latest_version()
    if version > latest:
        raise SchemaTooNewError(f"{path}: written by a newer Single Door (schema {version}, this program "
                                f"knows up to {latest}); it was left untouched. Update the program")
