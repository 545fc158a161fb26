"""The end-to-end demo, as a user types it: `kiosk platform serve` (a real uvicorn
process) + `kiosk platform enroll-token` + `kiosk sync enroll` + `kiosk cases new`
+ `kiosk sync run --once` + `kiosk platform cases --json` + status round trip."""

import json
import socket
import subprocess
import sys
import time

import pytest
import requests


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _kiosk(env, *args, check=True):
    r = subprocess.run([sys.executable, "-m", "kiosk", *args], env=env, capture_output=True, text=True, timeout=120)
    if check:
        assert r.returncode == 0, (args, r.stderr)
    return r


@pytest.fixture
def served(tmp_path, kiosk_env):
    pdir = tmp_path / "platform"
    port = _free_port()
    p = subprocess.Popen([sys.executable, "-m", "kiosk", "platform", "serve", "--host", "127.0.0.1", "--port",
                          str(port), "--data", str(pdir)], env=kiosk_env["env"], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 20
    while True:
        try:
            if requests.get(url + "/v1/health", timeout=1).ok:
                break
        except requests.ConnectionError:
            pass
        assert p.poll() is None, p.stderr.read()
        assert time.time() < deadline, "platform did not start"
        time.sleep(0.1)
    yield url, pdir
    p.terminate()
    p.wait(10)


def test_demo_end_to_end(served, kiosk_env, tmp_path):
    from PIL import Image
    url, pdir = served
    env = kiosk_env["env"]
    token = _kiosk(env, "platform", "enroll-token", "--data", str(pdir)).stdout.strip()
    enr = json.loads(_kiosk(env, "sync", "enroll", "--url", url, "--token", token, "--json").stdout)
    assert enr["kiosk_id"] == "330106-K01" and enr["platform_url"] == url
    # the token was one-time
    r = _kiosk(env, "sync", "enroll", "--url", url, "--token", token, check=False)
    assert r.returncode == 1 and "token unknown or already used" in r.stderr

    ident = tmp_path / "id.json"
    ident.write_text(json.dumps({"source": "ga467", "verification": "chip_signature_valid",
                                 "id_number": "11010519491231002X", "name_zh": "张三丰",
                                 "address": "北京市朝阳区某街1号", "expiry_date": "2035-01-01"}, ensure_ascii=False))
    lease = tmp_path / "lease.pdf"
    Image.new("RGB", (200, 280), "white").save(lease, "PDF")
    number = _kiosk(env, "cases", "new", "--service", "residence-registration", "--identity", str(ident),
                    "--field", "phone=13800138000", "--field", "housing=rent", "--attach", f"lease_contract={lease}",
                    "--share", "resident_id_card").stdout.strip()
    st = json.loads(_kiosk(env, "sync", "status", "--json").stdout)
    assert st["pending"] == 1 and st["delivered"] == 0 and st["oldest_pending_age_s"] >= 0
    assert set(st) >= {"pending", "delivered", "quarantined", "oldest_pending_age_s", "last_success", "paused_until"}

    run = json.loads(_kiosk(env, "sync", "run", "--once", "--json").stdout)
    assert run["delivered"] == 1 and run["reason"] == "queue empty"
    got = json.loads(_kiosk(env, "platform", "cases", "--data", str(pdir), "--json").stdout)
    assert len(got) == 1
    c = got[0]
    assert set(c) >= {"case_number", "kiosk_id", "digest", "attachments", "signature_ok", "decrypted_ok", "received_at"}
    assert (c["case_number"], c["kiosk_id"], c["attachments"], c["signature_ok"], c["decrypted_ok"]) == \
        (number, "330106-K01", 1, True, True)
    shown = json.loads(_kiosk(env, "cases", "show", number, "--json").stdout)
    assert shown["state"] == "delivered"

    _kiosk(env, "platform", "set-status", number, "accepted", "--note", "ok", "--data", str(pdir))
    _kiosk(env, "sync", "run", "--once")  # nothing to send; pulls the status
    assert json.loads(_kiosk(env, "cases", "show", number, "--json").stdout)["state"] == "accepted"
    st = json.loads(_kiosk(env, "sync", "status", "--json").stdout)
    assert (st["pending"], st["delivered"], st["quarantined"]) == (0, 1, 0) and st["last_success"]

    # the OpenAPI document is served and is the committed one
    served_doc = requests.get(url + "/v1/openapi.json", timeout=5).json()
    assert served_doc["openapi"].startswith("3.") and "/v1/kiosks/{kiosk_id}/cases/{case_id}" in served_doc["paths"]


def test_retry_unknown_case_is_one_line(kiosk_env):
    r = _kiosk(kiosk_env["env"], "sync", "retry", "nope", check=False)
    assert r.returncode == 1 and r.stderr.count("\n") == 1 and "no case 'nope'" in r.stderr


def test_openapi_documents_every_route():
    from pathlib import Path

    from sync.platform.server import OPENAPI_PATH, build_app
    doc = json.loads(Path(OPENAPI_PATH).read_text())

    class P:  # build_app only stores the object
        pass
    app = build_app(P())
    for route in app.routes:
        assert route.path in doc["paths"], route.path
        for m in route.methods - {"HEAD"}:
            assert m.lower() in doc["paths"][route.path], (route.path, m)


def test_retention_purges_core_attachments_of_real_case(served, kiosk_env, tmp_path):
    """After the receipt + retention, the case's attachment blobs go too (index and receipt stay)."""
    import sqlite3

    from PIL import Image
    url, pdir = served
    env = kiosk_env["env"]
    cfg = kiosk_env["config"]
    cfg.write_text(cfg.read_text() + "\n[sync]\nretention_days = 0\n")
    token = _kiosk(env, "platform", "enroll-token", "--data", str(pdir)).stdout.strip()
    _kiosk(env, "sync", "enroll", "--url", url, "--token", token)
    ident = tmp_path / "id.json"
    ident.write_text(json.dumps({"source": "ga467", "verification": "chip_signature_valid",
                                 "id_number": "11010519491231002X", "name_zh": "张三丰",
                                 "address": "北京市朝阳区某街1号", "expiry_date": "2035-01-01"}, ensure_ascii=False))
    lease = tmp_path / "lease.pdf"
    Image.new("RGB", (100, 140), "white").save(lease, "PDF")
    number = _kiosk(env, "cases", "new", "--service", "residence-registration", "--identity", str(ident),
                    "--field", "phone=13800138000", "--field", "housing=rent", "--attach", f"lease_contract={lease}",
                    "--share", "resident_id_card").stdout.strip()
    _kiosk(env, "sync", "run", "--once")  # deliver
    _kiosk(env, "sync", "run", "--once")  # next round's housekeeping purges (retention 0)
    with sqlite3.connect(kiosk_env["data"] / "kiosk.db") as c:
        assert c.execute("SELECT COUNT(*) FROM attachment_blobs").fetchone()[0] == 0
        assert c.execute("SELECT COUNT(*) FROM attachments WHERE purged_at IS NOT NULL").fetchone()[0] == 1
        row = c.execute("SELECT packet, receipt, state FROM outbox").fetchone()
        assert row[0] is None and row[1] and row[2] == "delivered"
        assert c.execute("SELECT case_number FROM cases").fetchone()[0] == number


def test_rating_round_trip_through_the_cli(served, kiosk_env, tmp_path):
    """`kiosk cases rate` (the core only) -> `kiosk sync run --once` finds and sends it ->
    `kiosk platform ratings --json`; `kiosk sync status --json` counts ratings_pending."""
    from PIL import Image
    url, pdir = served
    env = kiosk_env["env"]
    token = _kiosk(env, "platform", "enroll-token", "--data", str(pdir)).stdout.strip()
    _kiosk(env, "sync", "enroll", "--url", url, "--token", token)
    ident = tmp_path / "id.json"
    ident.write_text(json.dumps({"source": "typed", "verification": "typed", "id_number": "11010519491231002X",
                                 "name_zh": "张三丰", "address": "北京市朝阳区某街1号"}, ensure_ascii=False))
    lease = tmp_path / "lease.pdf"
    Image.new("RGB", (100, 140), "white").save(lease, "PDF")
    number = _kiosk(env, "cases", "new", "--service", "residence-registration", "--identity", str(ident),
                    "--field", "phone=13800138000", "--field", "housing=rent", "--attach", f"lease_contract={lease}",
                    "--share", "resident_id_card").stdout.strip()
    _kiosk(env, "cases", "rate", number, "--level", "2", "--reason", "slow", "--reason", "unclear",
           "--comment", "排队太久")
    st = json.loads(_kiosk(env, "sync", "status", "--json").stdout)
    assert (st["pending"], st["ratings_pending"]) == (1, 1)
    run = json.loads(_kiosk(env, "sync", "run", "--once", "--json").stdout)
    assert (run["delivered"], run["ratings_delivered"], run["reason"]) == (1, 1, "queue empty")
    got = json.loads(_kiosk(env, "platform", "ratings", "--data", str(pdir), "--json").stdout)
    assert len(got) == 1
    r = got[0]
    assert set(r) >= {"case_number", "kiosk_id", "level", "reasons", "follow_up", "signature_ok", "received_at"}
    assert (r["case_number"], r["kiosk_id"], r["level"], r["reasons"], r["follow_up"], r["signature_ok"]) == \
        (number, "330106-K01", 2, ["slow", "unclear"], "open", True)
    assert "排队太久" not in json.dumps(got, ensure_ascii=False)  # the comment stays inside the sealed packet
    st = json.loads(_kiosk(env, "sync", "status", "--json").stdout)
    assert (st["pending"], st["ratings_pending"], st["ratings_delivered"]) == (0, 0, 1)
    (row,) = json.loads(_kiosk(env, "sync", "list", "--ratings", "--json").stdout)
    assert (row["case_number"], row["revision"], row["state"]) == (number, 1, "delivered")
