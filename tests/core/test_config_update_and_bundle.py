"""Config edits through the core (validated, atomic, audited) and the diagnostics bundle
(no personal data)."""

import json
import logging
import subprocess
import sys
import zipfile

import pytest

from kiosk import audit
from kiosk.config import load_config, update_file
from kiosk.diagnostics import write_bundle
from kiosk.errors import ConfigError, InputError
from kiosk.store import Store


def test_update_validates_writes_atomically_and_audits(tmp_path):
    path = tmp_path / "kiosk.toml"
    path.write_text('[kiosk]\nwindow = "7"\n')
    with Store.open(tmp_path / "data") as store:
        cfg = update_file(path, {"printer.uri": "tcp://127.0.0.1:9100", "printer.paper_mm": 58, "printer.dots": 384},
                          actor="tech", store=store)
        assert cfg["printer.dots"] == 384 and cfg["kiosk.window"] == "7"
        again = load_config(str(path))
        assert again["printer.uri"] == "tcp://127.0.0.1:9100" and again["kiosk.window"] == "7"
        text = path.read_text()
        assert "# Receipt printer:" in text and "hall_code" not in text  # defaults left out
        row = store.conn.execute("SELECT actor, detail FROM audit_log WHERE action='config.change'").fetchone()
        assert row["actor"] == "tech" and json.loads(row["detail"])["changed"]["printer.paper_mm"] == 58
        before = path.read_bytes()
        for bad in ({"printer.paper_mm": 70}, {"printer.nope": 1}, {"kiosk.mode": 3}):
            with pytest.raises(ConfigError):
                update_file(path, bad, actor="tech", store=store)
        assert path.read_bytes() == before
        assert audit.verify(store.conn).ok
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_bundle_holds_config_versions_checks_and_masked_logs(kiosk_env, tmp_path):
    cfg = load_config(str(kiosk_env["config"]))
    cfg.log_dir.mkdir(parents=True, exist_ok=True)
    (cfg.log_dir / "kiosk.log").write_text("2026 INFO read card 11010519491231002X ok\n")
    dest = write_bundle(cfg, tmp_path, {"doctor": [{"name": "store", "status": "ok", "reason": "fine"}]})
    with zipfile.ZipFile(dest) as z:
        names = set(z.namelist())
        assert {"config.toml", "versions.json", "doctor.json", "logs/kiosk.log"} <= names
        log = z.read("logs/kiosk.log").decode()
        assert "11010519491231002X" not in log and "1101**********002X" in log
        assert json.loads(z.read("versions.json"))["python"].startswith("3.11")
    with pytest.raises(InputError, match="already exists"):
        write_bundle(cfg, dest)


def test_doctor_bundle_cli(kiosk_env, tmp_path):
    out = tmp_path / "diag.zip"
    r = subprocess.run([sys.executable, "-m", "kiosk", "doctor", "--bundle", str(out)], env=kiosk_env["env"],
                       capture_output=True, text=True)
    assert out.exists() and "diagnostics bundle written" in r.stderr
    with zipfile.ZipFile(out) as z:
        assert any(c["name"] == "store" for c in json.loads(z.read("doctor.json")))
        assert json.loads(z.read("store_tables.json"))["cases"] == 0
