"""Personal data never reaches a log, an error message or a temp file outside the data
directory. A whole case flow runs through the real `kiosk` command at DEBUG level, with
failures on purpose; then every log file and every file in $TMPDIR is searched for each
identity value used."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ID_NUMBER = "11010519491231002X"
NAME_ZH = "欧阳修远"
ADDRESS = "北京市朝阳区幸福里街道88号"
PHONE = "13912345678"
MRZ = ("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
       "L898902C36UTO7408122F1204159ZE184226B<<<<<10")
SECRETS = [ID_NUMBER, ID_NUMBER[:17], NAME_ZH, ADDRESS, PHONE, "ERIKSSON", "L898902C3", MRZ[0], MRZ[1]]
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture
def run(kiosk_env, tmp_path):
    tmpdir = tmp_path / "tmpdir"
    tmpdir.mkdir()
    env = dict(kiosk_env["env"], TMPDIR=str(tmpdir))
    outputs = []

    def kiosk(*args, stdin=None):
        r = subprocess.run([sys.executable, "-m", "kiosk", *args], env=env, capture_output=True, text=True,
                           input=stdin, timeout=120)
        outputs.append((args, r))
        return r
    kiosk.tmpdir = tmpdir
    kiosk.outputs = outputs
    return kiosk


def test_full_case_flow_leaves_no_personal_data_in_logs_errors_or_temp_files(run, kiosk_env, tmp_path):
    ident = tmp_path / "identity.json"
    ident.write_text(json.dumps({"source": "ga467", "verification": "chip_signature_valid",
                                 "id_number": ID_NUMBER, "name_zh": NAME_ZH, "address": ADDRESS,
                                 "expiry_date": "2035-01-01"}, ensure_ascii=False))
    lease = tmp_path / "lease.pdf"
    lease.write_bytes(PDF)
    assert run("operators", "add", "clerk1", "--role", "clerk", "--pin-stdin", stdin="482916\n").returncode == 0
    r = run("cases", "new", "--service", "residence-registration", "--identity", str(ident),
            "--field", f"phone={PHONE}", "--field", "housing=rent", "--attach", f"lease_contract={lease}",
            "--share", "resident_id_card", "--json")
    assert r.returncode == 0, r.stderr
    number = json.loads(r.stdout)["case_number"]
    # Failures on purpose: a bad phone, a broken identity file, a bad MRZ, a bad ID number.
    bad = run("cases", "new", "--service", "residence-registration", "--identity", str(ident),
              "--field", f"phone={PHONE[:-1]}", "--field", "housing=rent", "--attach", f"lease_contract={lease}")
    assert bad.returncode == 2
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps({"source": "ga467", "verification": "typed", "id_number": ID_NUMBER[:-1] + "3",
                                  "name_zh": NAME_ZH}, ensure_ascii=False))
    assert run("cases", "new", "--service", "residence-registration", "--identity", str(broken),
               "--field", f"phone={PHONE}").returncode == 2
    assert run("identity", "check", ID_NUMBER, "--json").returncode == 0
    assert run("identity", "check", ID_NUMBER[:-1] + "3").returncode == 2
    assert run("identity", "mrz", *MRZ, "--json").returncode == 0
    assert run("identity", "mrz", MRZ[0], MRZ[1][:-1] + "9").returncode == 2
    for args in (("cases", "list", "--json"), ("cases", "show", number, "--json"), ("doctor", "--json"),
                 ("receipt", "preview", number, "-o", str(kiosk_env["data"] / "tmp-preview.png")),
                 ("cases", "withdraw", number, "--reason", "citizen changed mind"), ("audit", "verify")):
        run(*args)

    assert all(r.returncode == 0 for a, r in run.outputs[-6:] if a[0] != "doctor"), [(a[:2], r.returncode, r.stderr) for a, r in run.outputs[-6:]]
    logs = list(kiosk_env["logs"].rglob("*"))
    log_text = "".join(p.read_text(encoding="utf-8", errors="replace") for p in logs if p.is_file())
    assert "case" in log_text.lower() and len(log_text) > 200, "the flow should have logged something"
    for secret in SECRETS:
        assert secret not in log_text, f"a log holds personal data ({SECRETS.index(secret)})"
    # Error lines on stderr name the rule, not the value.
    for args, r in run.outputs:
        if r.returncode != 0:
            for secret in (ID_NUMBER, NAME_ZH, ADDRESS, MRZ[0], MRZ[1], PHONE[:-1]):
                assert secret not in r.stderr, f"`kiosk {args[0]} {args[1]}` error echoes personal data"
    # Nothing of the citizen's in temp files outside the data directory.
    for p in run.tmpdir.rglob("*"):
        if p.is_file():
            blob = p.read_bytes()
            for secret in SECRETS:
                assert secret.encode() not in blob, f"temp file {p.name} holds personal data"
    # And the audit log (stored in clear) holds no personal data either.
    from kiosk.store import Store
    with Store.open(kiosk_env["data"]) as s:
        audit_text = json.dumps([tuple(r) for r in s.conn.execute("SELECT * FROM audit_log")], ensure_ascii=False)
    for secret in SECRETS:
        assert secret not in audit_text
