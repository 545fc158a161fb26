"""Active Authentication (DG15, INTERNAL AUTHENTICATE): RSA ISO 9796-2 and ECDSA, both
sides, in-process and through a real pcscd + vpcd."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from devices.cards import active_auth as aa, icao, pki, sample, sim_icao
from devices.cards.transport import SimulatorTransport

KEY = icao.AccessKey.from_mrz("L898902C", "690806", "940623")
DUMP = Path(__file__).parent / "data" / "bsi_tr03105_5"
# DG15 of the BSI TR-03105-5 reference set (RSA-1024), as published (ZeroPass/pymrtd tests)
BSI_DG15 = bytes.fromhex(
    "6F81A230819F300D06092A864886F70D010101050003818D00308189028181008130E120BB785A45D8D87E6F1A89EF4C6B655A555F58"
    "887DC6F78C293E71B028621B464C7B3123DF8896449ACB2A6E0219B7A43141BA617AE0E94CB5372EB6D964A1DBF2A43BD0CE659E962AC2"
    "CE9CEDF681CA1E3C74EA23C62D9ABFB81371D2602E39162EB578F9DED459C758EFD6A27A755B8C0E0E31E040D4D37A276939090203010001")


@pytest.fixture(scope="module")
def rsa_key():
    return rsa.generate_private_key(65537, 1024)


@pytest.mark.parametrize("hash_name", ["sha1", "sha256"])
def test_rsa_iso9796_2_both_sides(rsa_key, hash_name):
    ch = os.urandom(8)
    sig = aa.sign_rsa_9796_2(rsa_key, ch, os.urandom, hash_name)
    assert aa.verify(rsa_key.public_key(), ch, sig) == (True, "")
    ok, why = aa.verify(rsa_key.public_key(), bytes(8), sig)
    assert not ok and "does not cover our challenge" in why
    # ISO 9796-2 lets the chip send n - s instead of s
    n = rsa_key.public_key().public_numbers().n
    alt = (n - int.from_bytes(sig, "big")).to_bytes(128, "big")
    assert aa.verify(rsa_key.public_key(), ch, alt)[0]
    ok, why = aa.verify(rsa_key.public_key(), ch, os.urandom(127))
    assert not ok


def test_ecdsa_plain_and_der_with_the_dg14_hash():
    from cryptography.hazmat.primitives import hashes
    key = ec.generate_private_key(ec.SECP256R1())
    ch = os.urandom(8)
    assert aa.verify(key.public_key(), ch, aa.sign_ecdsa(key, ch, "sha256")) == (True, "")
    assert aa.verify(key.public_key(), ch, key.sign(ch, ec.ECDSA(hashes.SHA384())), "sha384")[0]
    sig = aa.sign_ecdsa(key, ch, "sha384")
    assert not aa.verify(key.public_key(), ch, sig)[0]            # default for P-256 is SHA-256
    dg14 = aa.dg14_with_aa_info("sha384")
    assert aa.aa_hash_from_dg14(dg14) == "sha384"
    assert aa.verify(key.public_key(), ch, sig, aa.aa_hash_from_dg14(dg14))[0]


def test_real_dg15_and_dg14_parse():
    assert aa.parse_dg15(BSI_DG15).key_size == 1024
    # the BSI DG14 has Chip Authentication infos only: no AA hash named
    assert aa.aa_hash_from_dg14((DUMP / "Datagroup14.bin").read_bytes()) is None
    assert aa.aa_hash_from_dg14(b"\x6E\x03\x31\x01") is None     # malformed: no answer, no crash


def _dataset(tmp_path, kind):
    ds = sample.make_icao_dataset(tmp_path, face_kb=2)
    pki.make_aa_key(tmp_path / "aa.key.pem", kind)
    d = json.loads(ds.read_text())
    d["active_auth"] = {"key": "aa.key.pem"}
    ds.write_text(json.dumps(d))
    return ds


@pytest.mark.parametrize("kind", ["rsa", "ec"])
def test_reader_performs_active_auth_in_process(tmp_path, kind):
    ds = _dataset(tmp_path, kind)
    card = sim_icao.load_dataset(ds)
    doc = icao.IcaoReader(SimulatorTransport(card)).read(KEY, sim_icao_store(tmp_path))
    assert 15 in doc.raw and (14 in doc.raw) == (kind == "ec")
    assert doc.active_auth.as_dict() == {"performed": True, "ok": True,
                                         "detail": "the chip signed our challenge with the DG15 key"}
    assert doc.passive_auth.ok  # DG15 (and DG14) are covered by EF.SOD


def sim_icao_store(tmp_path):
    from devices.cards.passive_auth import CscaStore
    return CscaStore.load(tmp_path / "csca")


def test_a_clone_without_the_private_key_fails_active_auth(tmp_path):
    ds = _dataset(tmp_path, "rsa")
    clone = sim_icao.load_dataset(ds, aa_key=rsa.generate_private_key(65537, 1024))  # copied data, other key
    doc = icao.IcaoReader(SimulatorTransport(clone)).read(KEY, sim_icao_store(tmp_path))
    assert doc.passive_auth.ok                     # the copied data is genuine...
    assert doc.active_auth.performed and not doc.active_auth.ok   # ...the chip is not
    assert "may be a copy" in doc.active_auth.detail
    silent = sim_icao.load_dataset(ds)
    silent.aa_key = None                           # DG15 present, INTERNAL AUTHENTICATE unsupported
    doc = icao.IcaoReader(SimulatorTransport(silent)).read(KEY)
    assert not doc.active_auth.ok and "refused INTERNAL AUTHENTICATE (SW 6D00)" in doc.active_auth.detail
    big = sim_icao.load_dataset(ds)
    big.files[0x010F] = sim_icao.aa_data_groups(rsa.generate_private_key(65537, 2048), "sha1")[15]
    doc = icao.IcaoReader(SimulatorTransport(big)).read(KEY)
    assert doc.active_auth.as_dict() == {"performed": False, "ok": False,
                                         "detail": "not checked: a 2048-bit RSA key needs extended-length APDUs"}


def test_no_dg15_no_active_auth():
    doc = icao.IcaoReader(SimulatorTransport(sim_icao.load_dump(DUMP))).read(
        icao.AccessKey.from_mrz("C11T002JM", "960812", "231031"))
    assert doc.active_auth.as_dict() == {"performed": False, "ok": False, "detail": "not offered (no DG15)"}


@pytest.mark.pcsc
def test_active_auth_over_pcscd(sim_cli, kiosk_env, tmp_path):
    ds = _dataset(tmp_path, "ec")
    sim_cli("--dataset", str(ds))
    r = subprocess.run([sys.executable, "-m", "kiosk", "card", "read", "--reader", "Virtual PCD 00 00",
                        "--document-number", "L898902C", "--birth-date", "690806", "--expiry-date", "940623",
                        "--allow-virtual", "--csca", str(tmp_path / "csca")],
                       capture_output=True, text=True, env=kiosk_env["env"], timeout=60)
    assert r.returncode == 0, r.stderr
    assert "chain ok" in r.stdout and "active authentication: ok" in r.stdout



@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_fuzz_aa_parsers_and_verify(blob):
    from devices.cards.errors import CardDataError
    try:
        aa.parse_dg15(blob)
    except CardDataError:
        pass
    aa.aa_hash_from_dg14(blob)
    assert aa.verify(_FUZZ_RSA.public_key(), b"12345678", blob)[0] is False
    assert aa.verify(_FUZZ_EC.public_key(), b"12345678", blob)[0] is False


_FUZZ_RSA = rsa.generate_private_key(65537, 1024)
_FUZZ_EC = ec.generate_private_key(ec.SECP256R1())
