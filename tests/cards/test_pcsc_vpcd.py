"""Real PC/SC: pcscd + vsmartcard vpcd + our eMRTD simulator, read through pyscard."""

import pytest

from devices.cards import icao, passive_auth as pa, pki, sample, sim_icao
from devices.cards.errors import AccessDenied, CardRemoved
from devices.cards.transport import PyscardTransport

pytestmark = pytest.mark.pcsc
READER = "Virtual PCD 00 00"
KEY = icao.AccessKey.from_mrz("L898902C", "690806", "940623")


def read(key=KEY, store=None):
    t = PyscardTransport(READER)
    try:
        return icao.IcaoReader(t).read(key, store)
    finally:
        t.close()


def test_correct_mrz_reads_document_and_passes_passive_auth(vcard, icao_dataset):
    vcard(sim_icao.load_dataset(icao_dataset))
    doc = read(store=pa.CscaStore.load(icao_dataset.parent / "csca"))
    assert doc.mrz["surname"] == "ERIKSSON" and doc.photo.width == 240
    assert doc.passive_auth.ok, doc.passive_auth.detail
    assert doc.apdu_count < 140


def test_wrong_mrz_is_access_denied(vcard, icao_dataset):
    vcard(sim_icao.load_dataset(icao_dataset))
    with pytest.raises(AccessDenied, match="access denied: check document number and dates"):
        read(icao.AccessKey.from_mrz("L898902C", "690806", "940624"))


def test_card_pulled_mid_read_aborts_cleanly(vcard, icao_dataset):
    v = vcard(sim_icao.load_dataset(icao_dataset), remove_after_apdus=40)
    with pytest.raises(CardRemoved):
        read()
    assert v.removed.wait(5)


def test_tampered_sod_fails_hash_check(vcard, tmp_path, icao_dataset):
    p = sample.make_icao_dataset(tmp_path, csca_dir=icao_dataset.parent / "csca", tamper_dg=1, face_kb=4)
    vcard(sim_icao.load_dataset(p))
    v = read(store=pa.CscaStore.load(icao_dataset.parent / "csca")).passive_auth.as_dict()
    assert (v["hashes_ok"], v["signature_ok"], v["chain_ok"]) == (False, True, True)
    assert "DG1 hash does not match" in v["detail"]


def test_unknown_csca(vcard, tmp_path, icao_dataset):
    pki.make_csca(tmp_path / "elsewhere", cn="Elsewhere CSCA")
    vcard(sim_icao.load_dataset(icao_dataset))
    v = read(store=pa.CscaStore.load(tmp_path / "elsewhere")).passive_auth.as_dict()
    assert (v["hashes_ok"], v["signature_ok"], v["chain_ok"]) == (True, True, False)
    assert "unknown CSCA" in v["detail"]


def test_chip_with_small_le_over_pcsc(vcard, icao_dataset):
    vcard(sim_icao.load_dataset(icao_dataset, max_le=160, eof_sw=0x6282))
    doc = read()
    assert doc.photo is not None and doc.mrz["document_number"] == "L898902C"


def test_pace_chip_over_pcsc(vcard, icao_dataset):
    ca = bytes.fromhex("31143012060A04007F0007020204020202010202010D")
    vcard(sim_icao.load_dataset(icao_dataset, card_access=ca))
    doc = read(store=pa.CscaStore.load(icao_dataset.parent / "csca"))
    assert doc.access == "PACE" and doc.passive_auth.ok and doc.photo is not None
