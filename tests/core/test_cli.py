"""The `kiosk` command: assembled from entry points, exit codes, JSON output."""

import json
import subprocess
import sys

from kiosk.cli import build_parser


def kiosk(*args, env, stdin=None):
    return subprocess.run([sys.executable, "-m", "kiosk", *args], env=env, capture_output=True, text=True,
                          input=stdin, timeout=60)


def test_core_commands_are_registered():
    names = set(build_parser()._subparsers._group_actions[0].choices)
    assert {"config", "doctor", "backup", "audit", "operators"} <= names


def test_help_documents_exit_codes(kiosk_env):
    r = kiosk("--help", env=kiosk_env["env"])
    assert r.returncode == 0 and "exit status: 0 ok, 1" in r.stdout and "2 bad usage" in r.stdout
    assert r.stderr == ""  # every room's commands loaded


def test_unknown_command_and_bad_arguments_exit_2(kiosk_env):
    assert kiosk("frobnicate", env=kiosk_env["env"]).returncode == 2
    assert kiosk("operators", "add", env=kiosk_env["env"]).returncode == 2


def test_a_token_that_starts_with_a_dash_reaches_its_option(kiosk_env):
    """A URL-safe enrollment token starts with "-" once in 64 (the README's
    `--token "$TOKEN"` then failed with "expected one argument")."""
    from kiosk.cli import _glue_opaque_values
    assert _glue_opaque_values(["sync", "enroll", "--token", "-R6X_a", "--json"]) == \
        ["sync", "enroll", "--token=-R6X_a", "--json"]
    assert _glue_opaque_values(["--token", "abc", "-v"]) == ["--token", "abc", "-v"]
    r = kiosk("sync", "enroll", "--url", "http://127.0.0.1:9", "--token", "-R6XH6j9vXLmyy", env=kiosk_env["env"])
    assert "expected one argument" not in r.stderr
    assert r.returncode == 1 and len(r.stderr.strip().splitlines()) == 1, r.stderr   # the platform is not there


def test_doctor_json_reports_each_check(kiosk_env):
    r = kiosk("doctor", "--json", env=kiosk_env["env"])
    data = json.loads(r.stdout)
    checks = {c["name"]: c for c in data["checks"]}
    assert {"config", "store", "audit", "disk", "operators", "store.size"} <= set(checks)
    assert "cases 0" in checks["store.size"]["reason"] and "audit_log" in checks["store.size"]["reason"]
    assert all(c["status"] in ("ok", "warn", "fail") and c["reason"] for c in data["checks"])
    assert checks["store"]["status"] == "ok"
    assert r.returncode == (0 if data["ok"] else 1)


def test_doctor_fails_on_broken_config(kiosk_env):
    kiosk_env["config"].write_text("[kiosk]\nwindow = 3\n")
    r = kiosk("doctor", "--json", env=kiosk_env["env"])
    checks = json.loads(r.stdout)["checks"]
    assert r.returncode == 1
    assert checks == [{"name": "config", "status": "fail", "reason": checks[0]["reason"]}]
    assert "kiosk.window: expected str" in checks[0]["reason"]


def test_operator_flow_and_backup_via_cli(kiosk_env, tmp_path):
    env = kiosk_env["env"]
    r = kiosk("operators", "add", "alice", "--role", "supervisor", "--pin-stdin", env=env, stdin="864202\n")
    assert r.returncode == 0, r.stderr
    r = kiosk("operators", "login", "alice", "--pin-stdin", "--json", env=env, stdin="864202\n")
    assert r.returncode == 0 and json.loads(r.stdout)["role"] == "supervisor"
    r = kiosk("operators", "login", "alice", "--pin-stdin", env=env, stdin="000000\n")
    assert r.returncode == 1 and "tries left" in r.stderr
    ops = json.loads(kiosk("operators", "list", "--json", env=env).stdout)
    assert ops[0]["failed_attempts"] == 1
    r = kiosk("backup", str(tmp_path / "b.db"), "--json", env=env)
    assert r.returncode == 0 and json.loads(r.stdout)["size"] > 0
    r = kiosk("backup", str(tmp_path / "b.db"), env=env)
    assert r.returncode == 2 and "already exists" in r.stderr
    r = kiosk("audit", "verify", "--json", env=env)
    assert json.loads(r.stdout)["ok"] is True
