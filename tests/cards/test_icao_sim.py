"""The ICAO reader against the in-process eMRTD simulator (no pcscd): BAC, chunked
reads with fallback, SM recovery, passive authentication verdicts."""

import pytest

from devices.cards import icao, lds, passive_auth as pa, sample, sim_icao
from devices.cards.errors import AccessDenied, CardDataError, CardRemoved
from devices.cards.transport import ScriptedTransport, SimulatorTransport

KEY = icao.AccessKey.from_mrz("L898902C", "690806", "940623")


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    d = tmp_path_factory.mktemp("icao")
    return sample.make_icao_dataset(d, face_kb=20)


def read(card, store=None, **kw):
    t = SimulatorTransport(card)
    return icao.IcaoReader(t, **kw).read(KEY, store), t


def test_reads_full_document_with_valid_passive_auth(dataset):
    doc, t = read(sim_icao.load_dataset(dataset), pa.CscaStore.load(dataset.parent / "csca"))
    assert doc.mrz["surname"] == "ERIKSSON" and doc.mrz["given_names"] == "ANNA MARIA"
    assert doc.mrz["document_number"] == "L898902C" and doc.mrz["check_digits_ok"]
    assert (doc.photo.format, doc.photo.width, doc.photo.height) == ("jpeg", 240, 320)
    assert doc.dg11["place_of_birth"] == "ZENITH, UTOPIA"
    assert doc.dg12["date_of_issue"] == "2019-06-24"
    assert doc.passive_auth.as_dict() == {"hashes_ok": True, "signature_ok": True, "chain_ok": True,
                                         "detail": "all checks passed"}
    total = sum(len(v) for v in doc.raw.values()) + len(doc.sod) + len(lds.build_com([1, 2, 11, 12]))
    assert doc.apdu_count <= total / 224 + 12


def test_wrong_mrz_is_access_denied(dataset):
    t = SimulatorTransport(sim_icao.load_dataset(dataset))
    with pytest.raises(AccessDenied, match="access denied: check document number and dates"):
        icao.IcaoReader(t).read(icao.AccessKey.from_mrz("L898902C", "690807", "940623"))


@pytest.mark.parametrize("max_le,eof_sw", [(192, 0x9000), (160, 0x6282), (128, 0x9000), (112, 0x6282)])
def test_read_binary_falls_back_to_smaller_chunks(dataset, max_le, eof_sw):
    card = sim_icao.load_dataset(dataset, max_le=max_le, eof_sw=eof_sw)
    reader_t = SimulatorTransport(card)
    r = icao.IcaoReader(reader_t)
    doc = r.read(KEY)
    assert r.chunks[r.chunk_idx] <= max_le and doc.photo.width == 240


def test_sm_error_recovers_once(dataset):
    card = sim_icao.load_dataset(dataset, sm_error_at=20)
    r = icao.IcaoReader(SimulatorTransport(card))
    doc = r.read(KEY)
    assert r.recovered and doc.photo is not None and doc.mrz["surname"] == "ERIKSSON"


def test_tampered_dg_fails_hashes_only(tmp_path):
    p = sample.make_icao_dataset(tmp_path, tamper_dg=11)
    doc, _ = read(sim_icao.load_dataset(p), pa.CscaStore.load(tmp_path / "csca"))
    v = doc.passive_auth.as_dict()
    assert (v["hashes_ok"], v["signature_ok"], v["chain_ok"]) == (False, True, True)
    assert "DG11 hash does not match EF.SOD" in v["detail"]


def test_unknown_csca_fails_chain_only(dataset, tmp_path):
    other = tmp_path / "other"
    from devices.cards import pki
    pki.make_csca(other, cn="Another CSCA")
    doc, _ = read(sim_icao.load_dataset(dataset), pa.CscaStore.load(other))
    v = doc.passive_auth.as_dict()
    assert (v["hashes_ok"], v["signature_ok"], v["chain_ok"]) == (True, True, False)
    assert "unknown CSCA" in v["detail"]


def test_same_name_but_different_csca_key_fails_chain(dataset, tmp_path):
    from devices.cards import pki
    pki.make_csca(tmp_path / "impostor")  # same subject name "Test CSCA", another key
    doc, _ = read(sim_icao.load_dataset(dataset), pa.CscaStore.load(tmp_path / "impostor"))
    assert not doc.passive_auth.chain_ok and "does not verify" in doc.passive_auth.as_dict()["detail"]


def test_card_removed_mid_read_gives_no_document(dataset):
    card = sim_icao.load_dataset(dataset)
    calls = {"n": 0}
    real = card.process

    def flaky(apdu):
        calls["n"] += 1
        return None if calls["n"] > 30 else real(apdu)
    card.process = flaky
    with pytest.raises(CardRemoved):
        icao.IcaoReader(SimulatorTransport(card)).read(KEY)


def test_dg2_that_is_not_an_image_is_reported_not_fatal(dataset):
    card = sim_icao.load_dataset(dataset)
    bad = lds.build_dg2(b"\xff\xd8\xff" + b"not really a jpeg" * 10, "jpeg", 10, 10)
    card.files[lds.dg_fid(2)] = bad
    doc, _ = read(card)
    assert doc.photo is None and "cannot be decoded" in doc.photo_problem
    assert not doc.passive_auth.hashes_ok


def test_jpeg2000_face(tmp_path):
    p = sample.make_icao_dataset(tmp_path, face_fmt="JPEG2000", face_kb=6)
    doc, _ = read(sim_icao.load_dataset(p))
    assert doc.photo.format == "jpeg2000" and doc.photo.width == 240
    assert doc.photo.as_png().startswith(b"\x89PNG")


def test_transport_handles_61xx_and_6cxx():
    t = ScriptedTransport([
        (bytes.fromhex("00B0000010"), bytes.fromhex("6C08")),
        (bytes.fromhex("00B0000008"), bytes.fromhex("0102030405060708") + b"\x61\x04"),
        (bytes.fromhex("00C0000004"), bytes.fromhex("0A0B0C0D9000")),
    ])
    assert t.transmit(bytes.fromhex("00B0000010")) == (bytes.fromhex("01020304050607080A0B0C0D"), 0x9000)
    assert t.apdu_count == 3


def test_td1_and_td2_mrz_fields():
    from devices.cards.mrz_fields import parse_mrz
    f = parse_mrz("I<UTOD231458907<<<<<<<<<<<<<<<7408122F1204159UTO<<<<<<<<<<<6ERIKSSON<<ANNA<MARIA<<<<<<<<<<")
    assert f["format"] == "TD1" and f["document_number"] == "D23145890" and f["check_digits_ok"]
    assert f["birth_date"] == "740812" and f["surname"] == "ERIKSSON"
    with pytest.raises(CardDataError):
        parse_mrz("TOO SHORT")


def test_identity_from_chip(dataset):
    from devices.cards.results import icao_identity
    doc, _ = read(sim_icao.load_dataset(dataset), pa.CscaStore.load(dataset.parent / "csca"))
    ident = icao_identity(doc)
    assert ident.source == "chip" and ident.verification == "chip_signature_valid"
    assert (ident.surname, ident.document_number, ident.issuing_state) == ("ERIKSSON", "L898902C", "UTO")
    assert ident.birth_date.isoformat() == "1969-08-06" and ident.address == "1 MAIN STREET, ZENITH"
    assert ident.photo[:3] == b"\xff\xd8\xff"
    assert "ERIKSSON" not in repr(ident)
    doc, _ = read(sim_icao.load_dataset(dataset))  # no trust store: not signature-valid
    assert icao_identity(doc).verification == "checksums_only"


def test_mrz_failing_a_core_rule_is_flagged(tmp_path):
    bad = sample.SPECIMEN_TD3[:-1] + "5"  # composite check digit wrong
    p = sample.make_icao_dataset(tmp_path, mrz=bad, face_kb=3)
    doc, _ = read(sim_icao.load_dataset(p), pa.CscaStore.load(tmp_path / "csca"))
    assert not doc.mrz["check_digits_ok"] and "mrz.composite_check" in doc.passive_auth.as_dict()["detail"]
    from devices.cards.results import icao_identity
    assert icao_identity(doc).verification == "checksums_only"


def test_shipped_training_datasets_work():
    from pathlib import Path
    from devices.cards import ga467
    from devices.cards.sim_ga467 import FakeSam, load_sam_dataset
    assets = Path(__file__).resolve().parents[2] / "assets" / "cards"
    doc, _ = read(sim_icao.load_dataset(assets / "training-passport" / "dataset.json"),
                  pa.CscaStore.load(assets / "training-passport" / "csca"))
    assert doc.passive_auth.ok and doc.photo.format == "jpeg"
    assert not pa.CscaStore.load(assets.parent / "csca").certs  # the production store holds no test CSCA
    for kind in ("resident", "hk-mo-tw-permit", "foreign-permanent"):
        sam = FakeSam(load_sam_dataset(str(assets / f"ga467-{kind}.json")))
        info = ga467.parse_base_info(ga467.build_base_text(sam.dataset))
        assert info.card_type == kind.replace("-", "_")


CARD_ACCESS = bytes.fromhex("31143012060A04007F0007020204020202010202010D")


def test_chip_offering_pace_is_read_with_pace(dataset):
    card = sim_icao.load_dataset(dataset, card_access=CARD_ACCESS)
    r = icao.IcaoReader(SimulatorTransport(card))
    doc = r.read(KEY, pa.CscaStore.load(dataset.parent / "csca"))
    assert r.pace_infos[0].parameter_id == 13 and doc.access == "PACE" and doc.passive_auth.ok
    assert doc.mrz["surname"] == "ERIKSSON" and doc.photo is not None
    r = icao.IcaoReader(SimulatorTransport(sim_icao.load_dataset(dataset, card_access=CARD_ACCESS)))
    with pytest.raises(AccessDenied, match="access denied: check document number and dates"):
        r.read(icao.AccessKey.from_mrz("L898902C", "690806", "940624"))


def test_pace_with_can_on_a_pace_only_chip(dataset):
    card = sim_icao.load_dataset(dataset, card_access=CARD_ACCESS, can="123456", bac_allowed=False)
    doc = icao.IcaoReader(SimulatorTransport(card)).read(icao.AccessKey(can="123456"))
    assert doc.access == "PACE" and doc.mrz["document_number"] == "L898902C"
    card = sim_icao.load_dataset(dataset, card_access=CARD_ACCESS, can="123456", bac_allowed=False)
    with pytest.raises(AccessDenied):
        icao.IcaoReader(SimulatorTransport(card)).read(icao.AccessKey(can="654321"))
    # a BAC-only chip and a CAN: clear message
    with pytest.raises(AccessDenied, match="does not accept the CAN"):
        icao.IcaoReader(SimulatorTransport(sim_icao.load_dataset(dataset))).read(icao.AccessKey(can="123456"))


def test_pace_session_recovers_from_sm_error(dataset):
    card = sim_icao.load_dataset(dataset, card_access=CARD_ACCESS, sm_error_at=15)
    r = icao.IcaoReader(SimulatorTransport(card))
    doc = r.read(KEY)
    assert r.recovered and doc.access == "PACE" and doc.photo is not None


def test_card_access_on_a_chip_refusing_le_256(dataset):
    ca = CARD_ACCESS
    r = icao.IcaoReader(SimulatorTransport(sim_icao.load_dataset(dataset, card_access=ca, max_le=160)))
    r.read(KEY)
    assert r.pace_infos and r.pace_infos[0].mapping == "ECDH-GM"


def test_broken_pace_falls_back_to_bac(dataset):
    card = sim_icao.load_dataset(dataset, card_access=CARD_ACCESS)
    real = card._dispatch

    def no_mse(apdu, secure):
        return (b"", 0x6A80) if apdu[1] == 0x22 else real(apdu, secure)
    card._dispatch = no_mse
    doc = icao.IcaoReader(SimulatorTransport(card)).read(KEY)
    assert doc.access == "BAC" and doc.mrz["surname"] == "ERIKSSON"


def test_dg2_iso39794_record_best_effort(tmp_path):
    from devices.cards import tlv
    from devices.cards.sample import make_face
    jpg = make_face(tmp_path / "f.jpg", kb=3).read_bytes()
    rec = tlv.encode(0xA1, tlv.encode(0x80, b"\x00")) + tlv.encode(0xA2, tlv.encode(0x80, jpg))
    inst = tlv.encode(0x7F60, tlv.encode(0xA1, b"") + tlv.encode(0x7F2E, rec))
    dg2 = tlv.encode(0x75, tlv.encode(0x7F61, tlv.encode(0x02, b"\x01") + inst))
    face = lds.parse_dg2(dg2)
    assert (face.format, face.width) == ("jpeg", 240)


def test_transport_6cxx_on_a_command_without_le():
    t = ScriptedTransport([(bytes.fromhex("00CA010102AABB"), bytes.fromhex("6C05")),
                           (bytes.fromhex("00CA010102AABB05"), bytes.fromhex("01020304059000"))])
    assert t.transmit(bytes.fromhex("00CA010102AABB")) == (bytes.fromhex("0102030405"), 0x9000)


@pytest.mark.parametrize("mrz,key,doc_type", [
    ("I<UTOD231458907<<<<<<<<<<<<<<<7408122F1204159UTO<<<<<<<<<<<6ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
     ("D23145890", "740812", "120415"), "id_card"),
    ("I<UTOD23145890<7349<<<<<<<<<<<3407127M9507122UTO<<<<<<<<<<<2STEVENSON<<PETER<JOHN<<<<<<<<<",
     ("D23145890734", "340712", "950712"), "id_card"),
])
def test_td1_id_cards_including_long_document_numbers(tmp_path, mrz, key, doc_type):
    from devices.cards.results import icao_dict
    p = sample.make_icao_dataset(tmp_path, mrz=mrz, face_kb=3)
    doc, _ = read_with(sim_icao.load_dataset(p), icao.AccessKey.from_mrz(*key))
    d = icao_dict(doc)
    assert d["document_type"] == doc_type and d["document_number"] == key[0]


def read_with(card, key):
    t = SimulatorTransport(card)
    return icao.IcaoReader(t).read(key), t


def test_dataset_with_mrz_fields(tmp_path):
    import json
    p = sample.make_icao_dataset(tmp_path, face_kb=3)
    ds = json.loads(p.read_text())
    del ds["mrz"]
    ds["mrz_fields"] = {"document_number": "X1234567", "birth_date": "1980-01-01", "expiry_date": "2030-01-01",
                        "surname": "SMITH", "given_names": "JOHN", "sex": "M"}
    p.write_text(json.dumps(ds))
    doc, _ = read_with(sim_icao.load_dataset(p), icao.AccessKey.from_mrz("X1234567", "800101", "300101"))
    assert doc.mrz["surname"] == "SMITH" and doc.mrz["check_digits_ok"]
    ds["mrz_fields"].pop("surname")
    p.write_text(json.dumps(ds))
    from kiosk.errors import InputError
    with pytest.raises(InputError, match="mrz_fields.surname"):
        sim_icao.load_dataset(p)
