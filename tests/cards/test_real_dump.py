"""A passport no one here generated: the BSI TR-03105-5 reference data set (ERIKA
MUSTERMANN), served raw by `kiosk card simulate icao --dump` on vpcd and read through a
real pcscd with `kiosk card read --json`. EF.SOD is the published one: its signature and
hashes are checked for real. Provenance: tests/cards/data/bsi_tr03105_5/SOURCE.md.
"""

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from devices.cards import lds
from devices.cards.passive_auth import parse_sod

DUMP = Path(__file__).parent / "data" / "bsi_tr03105_5"
KIOSK = [sys.executable, "-m", "kiosk"]
READER = "Virtual PCD 00 00"
MRZ_ARGS = ["--document-number", "C11T002JM", "--birth-date", "960812", "--expiry-date", "231031"]


def test_dump_files_are_the_published_ones():
    """The bytes hash to what the issuer signed: nothing was retyped wrong."""
    sod = parse_sod((DUMP / "EF_SOD.bin").read_bytes())
    assert sod.hash_algorithm == "sha256" and sorted(sod.dg_hashes) == [1, 2, 3, 4, 14]
    for n in (1, 2, 14):
        assert hashlib.sha256((DUMP / f"Datagroup{n}.bin").read_bytes()).digest() == sod.dg_hashes[n]
    assert lds.parse_com((DUMP / "EF_COM.bin").read_bytes())["data_groups"] == [1, 2, 3, 4, 14]


def _read(kiosk_env, *extra):
    r = subprocess.run(KIOSK + ["card", "read", "--reader", READER, *MRZ_ARGS, "--allow-virtual", "--json", *extra],
                       capture_output=True, text=True, env=kiosk_env["env"], timeout=60)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


@pytest.mark.pcsc
def test_real_dump_reads_with_photo_and_passive_auth(sim_cli, kiosk_env, tmp_path):
    sim_cli("--dump", str(DUMP))
    empty_csca = tmp_path / "csca"
    empty_csca.mkdir()
    photo = tmp_path / "face.jp2"
    data = _read(kiosk_env, "--csca", str(empty_csca), "--photo-out", str(photo))
    # exactly as printed in the specimen's MRZ (P<D<<MUSTERMANN<<ERIKA / C11T002JM4D<<9608122F2310314)
    assert (data["document_type"], data["issuing_state"], data["nationality"]) == ("passport", "D", "D")
    assert (data["surname"], data["given_names"], data["document_number"]) == ("MUSTERMANN", "ERIKA", "C11T002JM")
    assert (data["birth_date"], data["expiry_date"], data["sex"]) == ("1996-08-12", "2023-10-31", "F")
    # DG2: an ISO 19794-5 record holding JPEG 2000, decoded by Pillow
    assert (data["photo"]["format"], data["photo"]["width"], data["photo"]["height"]) == ("jpeg2000", 413, 531)
    assert photo.read_bytes()[:12] == bytes.fromhex("0000000C6A5020200D0A870A")
    pa = data["passive_auth"]
    # the issuer's real RSASSA-PSS signature and the real hashes hold; its CSCA is not public
    assert pa["hashes_ok"] is True and pa["signature_ok"] is True
    assert pa["chain_ok"] is False and "unknown CSCA" in pa["detail"] and "HJP PB CS" in pa["detail"]
    assert data["apdu_count"] > 0


def test_real_dump_from_a_files_dataset(tmp_path):
    """The same chip from a dataset JSON naming its files (other names, one of them hex text);
    in-process: the simulator CLI loads datasets through this same load_dataset."""
    from devices.cards.icao import AccessKey, IcaoReader
    from devices.cards.sim_icao import load_dataset
    from devices.cards.transport import SimulatorTransport
    d = tmp_path / "ds"
    d.mkdir()
    shutil.copy(DUMP / "EF_COM.bin", d / "COM.bin")
    shutil.copy(DUMP / "Datagroup2.bin", d / "dg2.bin")
    (d / "ef_sod.hex").write_text((DUMP / "EF_SOD.bin").read_bytes().hex(" ").upper())
    ds = {"files": {"EF.COM": "COM.bin", "EF.SOD": "ef_sod.hex", "DG1": str(DUMP / "Datagroup1.bin"),
                    "DG2": "dg2.bin", "EF_DG14.bin": str(DUMP / "Datagroup14.bin")}}
    (d / "dataset.json").write_text(json.dumps(ds))
    card = load_dataset(d / "dataset.json")
    assert card.files[0x011D] == (DUMP / "EF_SOD.bin").read_bytes()  # served unchanged, not re-signed
    doc = IcaoReader(SimulatorTransport(card)).read(AccessKey.from_mrz("C11T002JM", "960812", "231031"))
    assert (doc.mrz["surname"], doc.mrz["document_number"]) == ("MUSTERMANN", "C11T002JM")
    assert doc.photo.format == "jpeg2000"
    assert doc.passive_auth.hashes_ok and doc.passive_auth.signature_ok
    (d / "dataset.json").write_text(json.dumps({"files": {"DG99": "x.bin"}}))
    from kiosk.errors import InputError
    with pytest.raises(InputError, match="not a chip file"):
        load_dataset(d / "dataset.json")


@pytest.mark.parametrize("name,fid", [
    ("EF_COM.bin", 0x011E), ("EF.COM", 0x011E), ("COM.bin", 0x011E), ("ef_com.hex", 0x011E),
    ("EF_SOD.bin", 0x011D), ("EF.SOD", 0x011D), ("SOD.bin", 0x011D), ("DG1.bin", 0x0101), ("EF_DG1.bin", 0x0101),
    ("dg1.bin", 0x0101), ("EF.DG2", 0x0102), ("Datagroup14.bin", 0x010E), ("DataGroup2.bin", 0x0102),
    ("0101.bin", 0x0101), ("011D.bin", 0x011D), ("EF.CardAccess", "card_access"), ("CardAccess.bin", "card_access"),
    ("SOURCE.md", None), ("csca.pem", None), ("DG17.bin", None), ("dataset.json", None),
])
def test_dump_file_names(name, fid):
    from devices.cards.sim_icao import dump_file_id
    assert dump_file_id(name) == fid


def test_dump_without_dg1_or_sod_is_an_input_error(tmp_path):
    from devices.cards.sim_icao import load_dump
    from kiosk.errors import InputError
    shutil.copy(DUMP / "EF_COM.bin", tmp_path / "EF_COM.bin")
    with pytest.raises(InputError, match="no DG1 and no EF.SOD"):
        load_dump(tmp_path)
    shutil.copy(DUMP / "Datagroup1.bin", tmp_path / "DG1.bin")
    shutil.copy(DUMP / "Datagroup1.bin", tmp_path / "dg1.hex")
    shutil.copy(DUMP / "EF_SOD.bin", tmp_path / "EF_SOD.bin")
    with pytest.raises(InputError, match="same chip file"):
        load_dump(tmp_path)
    (tmp_path / "dg1.hex").unlink()
    assert load_dump(tmp_path).mrz_info == "C11T002JM4" "9608122" "2310314"  # the BAC key comes from DG1


def test_dump_in_process_matches_the_pcsc_read():
    """Same chip without pcscd (SimulatorTransport): BAC from DG1's MRZ, DG3/DG4 never asked for."""
    from devices.cards.icao import AccessKey, IcaoReader
    from devices.cards.sim_icao import load_dump
    from devices.cards.transport import SimulatorTransport
    doc = IcaoReader(SimulatorTransport(load_dump(DUMP))).read(AccessKey.from_mrz("C11T002JM", "960812", "231031"))
    assert sorted(doc.raw) == [1, 2, 14] and doc.photo.format == "jpeg2000"
    assert doc.passive_auth.hashes_ok and doc.passive_auth.signature_ok and not doc.passive_auth.chain_ok
