"""Operators: scrypt PINs, lockout after 5 wrong tries for 5 minutes that survives a
restart, audited logins."""

import json

import pytest

from kiosk import audit
from kiosk.errors import AuthError, InputError
from kiosk.operators import Operators
from kiosk.store import Store


class Clock:
    def __init__(self, t=1_800_000_000.0):
        self.t = t

    def __call__(self):
        return self.t


def actions(store):
    return [r[0] for r in store.conn.execute("SELECT action FROM audit_log ORDER BY seq")]


def test_pin_is_hashed_with_a_per_user_salt(tmp_path):
    with Store.open(tmp_path) as s:
        ops = Operators(s)
        ops.add("alice", "clerk", "246810")
        ops.add("bob", "clerk", "246810")
        rows = s.conn.execute("SELECT salt, pin_hash FROM operators ORDER BY username").fetchall()
        assert rows[0]["salt"] != rows[1]["salt"] and rows[0]["pin_hash"] != rows[1]["pin_hash"]
        assert b"246810" not in rows[0]["pin_hash"]
        assert ops.authenticate("alice", "246810").role == "clerk"


def test_five_wrong_pins_lock_for_five_minutes_even_across_restarts(tmp_path):
    clock = Clock()
    s = Store.open(tmp_path)
    Operators(s, clock=clock).add("alice", "clerk", "246810")
    for i in range(4):
        with pytest.raises(AuthError, match="tries left") as e:
            Operators(s, clock=clock).authenticate("alice", "000000")
        assert e.value.code == "auth.wrong"
    with pytest.raises(AuthError, match="locked") as e:
        Operators(s, clock=clock).authenticate("alice", "000000")
    assert e.value.code == "auth.locked"
    s.close()
    s = Store.open(tmp_path)  # restart
    ops = Operators(s, clock=clock)
    clock.t += 299
    with pytest.raises(AuthError, match="locked"):
        ops.authenticate("alice", "246810")  # even the right PIN
    clock.t += 2
    assert ops.authenticate("alice", "246810").username == "alice"
    acts = actions(s)
    assert acts.count("login.failed") == 4 and "operator.locked" in acts and "login.refused" in acts
    assert acts[-1] == "login"
    assert audit.verify(s.conn).ok
    s.close()


def test_unlock_and_role_change_are_audited(tmp_path):
    clock = Clock()
    with Store.open(tmp_path) as s:
        ops = Operators(s, clock=clock)
        ops.add("carol", "clerk", "135790")
        for _ in range(5):
            with pytest.raises(AuthError):
                ops.authenticate("carol", "999999")
        ops.unlock("carol", actor="sup")
        assert ops.authenticate("carol", "135790")
        ops.set_role("carol", "supervisor", actor="sup")
        assert ops.get("carol").role == "supervisor"
        row = s.conn.execute("SELECT actor, detail FROM audit_log WHERE action='operator.role'").fetchone()
        assert row["actor"] == "sup" and json.loads(row["detail"]) == {"from": "clerk", "to": "supervisor"}
        with pytest.raises(AuthError, match="technician") as e:
            ops.authenticate("carol", "135790", require_role=("technician",))
        assert e.value.code == "auth.role"


def test_bad_inputs(tmp_path):
    with Store.open(tmp_path) as s:
        ops = Operators(s)
        with pytest.raises(InputError, match="role"):
            ops.add("dave", "admin", "135790")
        with pytest.raises(InputError, match="at least 6"):
            ops.add("dave", "clerk", "123")
        with pytest.raises(InputError, match="username"):
            ops.add("Dave Smith", "clerk", "135790")
        ops.add("dave", "clerk", "135790")
        with pytest.raises(InputError, match="already exists"):
            ops.add("dave", "clerk", "135790")
        with pytest.raises(AuthError, match="wrong user name or PIN"):
            ops.authenticate("nobody", "135790")
