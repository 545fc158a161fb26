"""Operator accounts (clerk, supervisor, technician), offline login and lockout.

Failures are `AuthError`s whose `code` is `auth.wrong`, `auth.locked` or `auth.role`,
so a screen can choose its words without parsing the message.
PINs/passwords are hashed with scrypt and a per-user salt. Wrong tries are counted in
the store, so a restart does not reset them; after `max_pin_attempts` the account is
locked for `lockout_s`. Every login, failure, lockout, unlock and role change is audited.
The clock is injectable for tests.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import time
from dataclasses import dataclass
from typing import Callable

from kiosk import audit
from kiosk.errors import AuthError, InputError, NotFoundError
from kiosk.store import Store, utcnow

ROLES = ("clerk", "supervisor", "technician")
# scrypt cost: ~50 ms here, cheap enough for a login, costly for a stolen-DB brute force.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2 ** 14, 8, 1
USERNAME_RE = re.compile(r"[a-z][a-z0-9_.-]{1,31}")


@dataclass(frozen=True)
class Operator:
    username: str
    display_name: str
    role: str
    locked_until: float
    failed_attempts: int
    disabled: bool

    def to_dict(self, now: float | None = None) -> dict:
        now = time.time() if now is None else now
        return {"username": self.username, "display_name": self.display_name, "role": self.role,
                "locked": self.locked_until > now, "failed_attempts": self.failed_attempts,
                "disabled": self.disabled}


def hash_pin(pin: str, salt: bytes) -> bytes:
    return hashlib.scrypt(pin.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)


def check_pin_rules(pin: str) -> None:
    if len(pin) < 6:
        raise InputError("PIN: must have at least 6 characters")
    if len(set(pin)) == 1:
        raise InputError("PIN: must not repeat one character")


def _row_to_operator(row) -> Operator:
    return Operator(row["username"], row["display_name"], row["role"], row["locked_until"],
                    row["failed_attempts"], bool(row["disabled"]))


class Operators:
    def __init__(self, store: Store, *, clock: Callable[[], float] = time.time,
                 max_attempts: int | None = None, lockout_s: int | None = None):
        self.store = store
        self.clock = clock
        cfg = store.config
        self.max_attempts = max_attempts or (cfg["security.max_pin_attempts"] if cfg else 5)
        self.lockout_s = lockout_s or (cfg["security.lockout_s"] if cfg else 300)

    def _get(self, username: str):
        row = self.store.conn.execute("SELECT * FROM operators WHERE username=?", (username,)).fetchone()
        if row is None:
            raise NotFoundError(f"operator {username!r}: no such account")
        return row

    def list(self) -> list[Operator]:
        return [_row_to_operator(r) for r in self.store.conn.execute("SELECT * FROM operators ORDER BY username")]

    def get(self, username: str) -> Operator:
        return _row_to_operator(self._get(username))

    def add(self, username: str, role: str, pin: str, display_name: str = "", *, actor: str = "cli") -> Operator:
        if not USERNAME_RE.fullmatch(username or ""):
            raise InputError(f"username {username!r}: use 2-32 lower-case letters, digits, '.', '_' or '-', "
                             "starting with a letter")
        if role not in ROLES:
            raise InputError(f"role {role!r}: must be one of {', '.join(ROLES)}")
        check_pin_rules(pin)
        salt = os.urandom(16)
        now = utcnow()
        with self.store.transaction() as db:
            if db.execute("SELECT 1 FROM operators WHERE username=?", (username,)).fetchone():
                raise InputError(f"operator {username!r}: already exists")
            db.execute("INSERT INTO operators(username, display_name, role, salt, pin_hash, created_at, updated_at)"
                       " VALUES(?,?,?,?,?,?,?)", (username, display_name, role, salt, hash_pin(pin, salt), now, now))
            audit.append(db, actor, "operator.add", username, {"role": role})
        return self.get(username)

    def set_pin(self, username: str, pin: str, *, actor: str = "cli") -> None:
        self._get(username)
        check_pin_rules(pin)
        salt = os.urandom(16)
        with self.store.transaction() as db:
            db.execute("UPDATE operators SET salt=?, pin_hash=?, failed_attempts=0, locked_until=0, updated_at=?"
                       " WHERE username=?", (salt, hash_pin(pin, salt), utcnow(), username))
            audit.append(db, actor, "operator.passwd", username)

    def set_role(self, username: str, role: str, *, actor: str = "cli") -> None:
        old = self._get(username)["role"]
        if role not in ROLES:
            raise InputError(f"role {role!r}: must be one of {', '.join(ROLES)}")
        with self.store.transaction() as db:
            db.execute("UPDATE operators SET role=?, updated_at=? WHERE username=?", (role, utcnow(), username))
            audit.append(db, actor, "operator.role", username, {"from": old, "to": role})

    def unlock(self, username: str, *, actor: str = "cli") -> None:
        self._get(username)
        with self.store.transaction() as db:
            db.execute("UPDATE operators SET failed_attempts=0, locked_until=0, updated_at=? WHERE username=?",
                       (utcnow(), username))
            audit.append(db, actor, "operator.unlock", username)

    def authenticate(self, username: str, pin: str, *, require_role: tuple[str, ...] | None = None) -> Operator:
        """Check a PIN offline. Raises AuthError with a message fit for the login screen."""
        now = self.clock()
        row = self.store.conn.execute("SELECT * FROM operators WHERE username=?", (username,)).fetchone()
        if row is None or row["disabled"]:
            hash_pin(pin, b"0" * 16)  # same work as a real check: no user enumeration by timing
            with self.store.transaction() as db:
                audit.append(db, username or "?", "login.failed", username or "", {"reason": "unknown user"})
            raise AuthError("wrong user name or PIN", code="auth.wrong")
        if row["locked_until"] > now:
            wait = int(row["locked_until"] - now + 0.999)
            with self.store.transaction() as db:
                audit.append(db, username, "login.refused", username, {"reason": "locked", "wait_s": wait})
            raise AuthError(f"account locked after too many wrong PINs; try again in {wait} s or ask a supervisor",
                            code="auth.locked")
        good = hmac.compare_digest(hash_pin(pin, row["salt"]), row["pin_hash"])
        with self.store.transaction() as db:
            if good:
                db.execute("UPDATE operators SET failed_attempts=0, locked_until=0 WHERE username=?", (username,))
                audit.append(db, username, "login", username, {"role": row["role"]})
            else:
                failed = row["failed_attempts"] + 1
                if failed >= self.max_attempts:
                    db.execute("UPDATE operators SET failed_attempts=0, locked_until=? WHERE username=?",
                               (now + self.lockout_s, username))
                    audit.append(db, username, "operator.locked", username,
                                 {"attempts": failed, "lockout_s": self.lockout_s})
                else:
                    db.execute("UPDATE operators SET failed_attempts=? WHERE username=?", (failed, username))
                    audit.append(db, username, "login.failed", username, {"attempts": failed})
        if not good:
            left = self.max_attempts - (row["failed_attempts"] + 1)
            if left <= 0:
                raise AuthError(f"wrong PIN; the account is now locked for {self.lockout_s // 60} min",
                                code="auth.locked")
            raise AuthError(f"wrong user name or PIN ({left} tries left)", code="auth.wrong")
        op = self.get(username)
        if require_role and op.role not in require_role:
            raise AuthError(f"this needs a {' or '.join(require_role)} account", code="auth.role")
        return op
