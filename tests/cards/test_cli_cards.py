"""`kiosk card ...` end to end: the simulator CLI on vpcd, the read CLI through pcscd."""

import json
import subprocess
import sys
import time

import pytest

from devices.cards.pcsc import wait_for_card
from devices.cards.results import ICAO_KEYS

KIOSK = [sys.executable, "-m", "kiosk"]
READER = "Virtual PCD 00 00"
MRZ_ARGS = ["--document-number", "L898902C", "--birth-date", "690806", "--expiry-date", "940623"]


def run(args, env, **kw):
    return subprocess.run(KIOSK + args, capture_output=True, text=True, env=env, timeout=60, **kw)


@pytest.fixture
def simulator(sim_cli, icao_dataset):
    """`kiosk card simulate icao` as its own process, card inserted on slot 0."""
    return sim_cli("--dataset", str(icao_dataset))


@pytest.mark.pcsc
def test_read_json_has_exactly_the_issue_keys(simulator, icao_dataset, kiosk_env, tmp_path):
    photo = tmp_path / "face.png"
    r = run(["card", "read", "--reader", READER, *MRZ_ARGS, "--allow-virtual", "--csca",
             str(icao_dataset.parent / "csca"), "--photo-out", str(photo), "--json"], kiosk_env["env"])
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert tuple(data) == ICAO_KEYS
    assert data["source"] == "icao" and data["document_type"] == "passport"
    assert (data["issuing_state"], data["document_number"], data["surname"], data["given_names"]) == \
        ("UTO", "L898902C", "ERIKSSON", "ANNA MARIA")
    assert (data["birth_date"], data["expiry_date"], data["sex"], data["nationality"]) == \
        ("1969-08-06", "1994-06-23", "F", "UTO")
    assert set(data["photo"]) == {"format", "width", "height", "path"}
    assert data["photo"]["path"] == str(photo) and photo.read_bytes().startswith(b"\x89PNG")
    assert data["passive_auth"] == {"hashes_ok": True, "signature_ok": True, "chain_ok": True,
                                    "detail": "all checks passed"}
    assert data["apdu_count"] > 0 and data["elapsed_ms"] > 0
    # nothing personal in the log
    log_text = "".join(p.read_text() for p in kiosk_env["logs"].glob("*.log")) if kiosk_env["logs"].exists() else ""
    assert "ERIKSSON" not in log_text and "L898902C" not in log_text


@pytest.mark.pcsc
def test_wrong_mrz_exits_1_with_one_line(simulator, kiosk_env):
    r = run(["card", "read", "--reader", READER, "--document-number", "L898902C", "--birth-date", "690807",
             "--expiry-date", "940623", "--allow-virtual", "--json"], kiosk_env["env"])
    assert r.returncode == 1 and r.stdout == ""
    assert r.stderr.strip().count("\n") == 0 and "access denied: check document number and dates" in r.stderr


@pytest.mark.pcsc
def test_virtual_reader_refused_without_allow_virtual(simulator, kiosk_env):
    r = run(["card", "read", "--reader", READER, *MRZ_ARGS, "--json"], kiosk_env["env"])
    assert r.returncode == 2 and "virtual reader" in r.stderr
    r = run(["card", "read", "--reader", "No Such Reader 00 00", *MRZ_ARGS, "--json"], kiosk_env["env"])
    assert r.returncode == 2 and "no reader named" in r.stderr
    r = run(["card", "readers", "--json"], kiosk_env["env"])
    assert r.returncode == 0 and json.loads(r.stdout) == {"readers": []}
    r = run(["card", "readers", "--json", "--allow-virtual"], kiosk_env["env"])
    rows = json.loads(r.stdout)["readers"]
    assert {"name": READER, "card_present": True, "virtual": True} in rows


@pytest.mark.pcsc
def test_simulator_remove_and_insert_on_command(simulator, kiosk_env):
    simulator.stdin.write("remove\n")
    simulator.stdin.flush()
    assert simulator.stdout.readline().startswith("card removed")
    assert wait_for_card(READER, 5.0, present=False)
    time.sleep(0.5)
    r = run(["card", "read", "--reader", READER, *MRZ_ARGS, "--allow-virtual", "--wait", "0.5"], kiosk_env["env"])
    assert r.returncode == 1 and "place it on the reader" in r.stderr
    simulator.stdin.write("insert\n")
    simulator.stdin.flush()
    assert simulator.stdout.readline().startswith("card inserted")
    # no --reader: two virtual readers, one holds the document
    r = run(["card", "read", *MRZ_ARGS, "--allow-virtual", "--json"], kiosk_env["env"])
    assert r.returncode == 0, r.stderr


@pytest.mark.parametrize("args,needle", [
    (["--document-number", "L898902C", "--birth-date", "691306", "--expiry-date", "940623"], "--birth-date"),
    (["--document-number", "L898902C", "--birth-date", "690806"], "--expiry-date"),
    (["--document-number", "L8989-02C", "--birth-date", "690806", "--expiry-date", "940623"], "--document-number"),
    (["--can", "12"], "--can"),
])
def test_bad_arguments_exit_2(kiosk_env, args, needle):
    r = run(["card", "read", "--reader", READER, *args], kiosk_env["env"])
    assert r.returncode == 2 and needle in r.stderr and r.stderr.count("\n") == 1


def test_make_csca_and_sample_dataset(kiosk_env, tmp_path):
    r = run(["card", "simulate", "make-csca", str(tmp_path / "csca")], kiosk_env["env"])
    assert r.returncode == 0 and (tmp_path / "csca" / "csca.pem").exists()
    r = run(["card", "simulate", "sample-dataset", str(tmp_path / "ds"), "--csca", str(tmp_path / "csca"),
             "--face-kb", "4"], kiosk_env["env"])
    assert r.returncode == 0, r.stderr
    ds = json.loads((tmp_path / "ds" / "dataset.json").read_text())
    assert ds["signer"] == {"certificate": "dsc.pem", "key": "dsc.key.pem"}
    r = run(["card", "simulate", "make-crl", str(tmp_path / "csca"), "--revoke", str(tmp_path / "ds" / "dsc.pem")],
            kiosk_env["env"])
    assert r.returncode == 0 and "1 revoked" in r.stdout, r.stderr
    from devices.cards.passive_auth import CscaStore
    store = CscaStore.load(tmp_path / "csca")
    assert len(store.crls) == 1 and len(store.crls[0]["tbs_cert_list"]["revoked_certificates"]) == 1


def test_simulator_with_bad_dataset_exits_2(kiosk_env, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    r = run(["card", "simulate", "icao", "--dataset", str(bad)], kiosk_env["env"])
    assert r.returncode == 2 and "not valid JSON" in r.stderr


@pytest.mark.pcsc
def test_read_pace_only_chip_with_can(sim_cli, tmp_path, kiosk_env):
    from devices.cards import sample
    ds = sample.make_icao_dataset(tmp_path, face_kb=4, chip={
        "card_access": "31143012060A04007F0007020204020202010202010D", "can": "123456", "pace_only": True})
    sim_cli("--dataset", str(ds))
    r = run(["card", "read", "--reader", READER, "--can", "123456", "--allow-virtual", "--csca",
             str(tmp_path / "csca"), "--json"], kiosk_env["env"])
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["document_number"] == "L898902C" and data["passive_auth"]["chain_ok"]
    r = run(["card", "read", "--reader", READER, "--can", "654321", "--allow-virtual", "--json"],
            kiosk_env["env"])
    assert r.returncode == 1 and "access denied" in r.stderr


def test_make_crl_without_a_test_csca_is_a_usage_error(tmp_path):
    from types import SimpleNamespace
    from devices.cards import cli
    from kiosk.errors import UsageError
    with pytest.raises(UsageError, match="make-csca"):
        cli._make_crl(SimpleNamespace(dir=str(tmp_path), revoke=[]), None)
