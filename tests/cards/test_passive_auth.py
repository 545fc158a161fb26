"""Passive authentication details: explicit EC parameters, trust store formats."""

from pathlib import Path

import pytest
from asn1crypto import cms, core, x509 as ax509

from devices.cards import lds, passive_auth as pa, pki
from devices.cards.errors import CardDataError
from devices.cards.sample import SPECIMEN_TD3

EXPLICIT = Path(__file__).parent / "data" / "explicit"
DGS = {1: lds.build_dg1(SPECIMEN_TD3), 11: lds.build_dg11({"full_name": "ERIKSSON<<ANNA"})}


def test_explicit_brainpool_dsc_and_csca_verify():
    from cryptography import x509
    from cryptography.exceptions import UnsupportedAlgorithm
    with pytest.raises((ValueError, UnsupportedAlgorithm)):  # what pyca/cryptography does on its own
        x509.load_pem_x509_certificate((EXPLICIT / "dsc.pem").read_bytes()).public_key()
    sod = pki.build_sod(DGS, EXPLICIT / "dsc.pem", EXPLICIT / "dsc.key.pem")
    v = pa.passive_authenticate(sod, DGS, pa.CscaStore.load(EXPLICIT))
    assert v.as_dict() == {"hashes_ok": True, "signature_ok": True, "chain_ok": True, "detail": "all checks passed"}


def test_explicit_key_is_rebuilt_on_the_right_curve():
    cert = ax509.Certificate.load(pa._certs_from_file((EXPLICIT / "csca.pem").read_bytes())[0].dump())
    assert cert.public_key["algorithm"]["parameters"].name == "specified"
    key = pa.public_key_from_spki(cert.public_key.dump())
    assert key.curve.name == "brainpoolP256r1"


def test_signature_by_another_key_fails_signature_only(tmp_path):
    c, k = pki.make_csca(tmp_path / "csca")
    d1, k1 = pki.make_dsc(c, k, tmp_path / "a")
    d2, k2 = pki.make_dsc(c, k, tmp_path / "b")
    sod = pki.build_sod(DGS, d1, k2)  # certificate of one signer, key of another
    v = pa.passive_authenticate(sod, DGS, pa.CscaStore.load(tmp_path / "csca")).as_dict()
    assert (v["hashes_ok"], v["signature_ok"], v["chain_ok"]) == (True, False, True)
    assert "signature does not verify" in v["detail"]


def test_dg_missing_from_sod_is_injection(tmp_path):
    c, k = pki.make_csca(tmp_path / "csca")
    d, dk = pki.make_dsc(c, k, tmp_path / "ds")
    sod = pki.build_sod({1: DGS[1]}, d, dk)
    v = pa.passive_authenticate(sod, DGS, pa.CscaStore.load(tmp_path / "csca")).as_dict()
    assert not v["hashes_ok"] and "DG11 is not listed in EF.SOD" in v["detail"]


def _master_list(certs: list[bytes]) -> bytes:
    ml = pa.CscaMasterList({"version": 0, "certList": pa.CertificateSet(
        [ax509.Certificate.load(c) for c in certs])})
    sd = cms.SignedData({
        "version": "v3", "digest_algorithms": [], "signer_infos": [],
        "encap_content_info": {"content_type": pa.OID_CSCA_MASTER_LIST,
                               "content": core.ParsableOctetString(ml.dump())}})
    return cms.ContentInfo({"content_type": "signed_data", "content": sd}).dump()


def test_trust_store_reads_pem_der_master_lists_and_survives_junk(tmp_path):
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
    store_dir = tmp_path / "store"
    store_dir.mkdir()
    ders = []
    for i in range(3):
        c, _k = pki.make_csca(tmp_path / f"c{i}", cn=f"CSCA {i}")
        ders.append(x509.load_pem_x509_certificate(c.read_bytes()).public_bytes(serialization.Encoding.DER))
    (store_dir / "one.der").write_bytes(ders[0])
    (store_dir / "two.pem").write_bytes((tmp_path / "c1" / "csca.pem").read_bytes())
    (store_dir / "germany.ml").write_bytes(_master_list([ders[2], ders[0]]))
    (store_dir / "junk.der").write_bytes(b"\x30\x82\xff\xff not a certificate")
    (store_dir / "README.md").write_text("not read")
    store = pa.CscaStore.load(store_dir)
    names = sorted(c.subject.native["common_name"] for c in store.certs)
    assert names == ["CSCA 0", "CSCA 0", "CSCA 1", "CSCA 2"]
    assert len(store.problems) == 1 and store.problems[0].startswith("junk.der")


def test_missing_store_and_garbage_sod_are_reported():
    store = pa.CscaStore.load("/nonexistent/csca")
    assert store.problems and not store.certs
    v = pa.passive_authenticate(b"\x77\x03\x30\x01\x00", DGS, store).as_dict()
    assert v == {"hashes_ok": False, "signature_ok": False, "chain_ok": False,
                 "detail": v["detail"]} and "EF.SOD" in v["detail"]
    with pytest.raises(CardDataError):
        pa.parse_sod(b"\x60\x00")


@pytest.mark.parametrize("country,hash_name,dgs", [("at", "sha256", [1, 2, 3, 11, 12, 14]),
                                                    ("de", "sha384", [1, 2, 3, 14])])
def test_real_documents_sod_signatures_verify(country, hash_name, dgs):
    """EF.SOD of real Austrian and German passports (not generated here): explicit Brainpool DSCs."""
    raw = bytes.fromhex((Path(__file__).parent / "data" / "real" / f"{country}_sod.hex").read_text().strip())
    sod = pa.parse_sod(raw)
    assert (sod.hash_algorithm, sorted(sod.dg_hashes)) == (hash_name, dgs)
    v = pa.passive_authenticate(raw, {}, pa.CscaStore())
    assert v.signature_ok and not v.chain_ok and "unknown CSCA" in v.as_dict()["detail"]
    assert v.country == country.upper()
    tampered = bytearray(raw)
    tampered[300] ^= 0x01  # inside a data-group hash of the signed security object
    v = pa.passive_authenticate(bytes(tampered), {}, pa.CscaStore())
    assert not v.signature_ok


def test_expired_document_signer_and_csca_validity(tmp_path):
    import datetime as dt
    now = dt.datetime.now(dt.timezone.utc)
    c, k = pki.make_csca(tmp_path / "csca")
    old_d, old_k = pki.make_dsc(c, k, tmp_path / "old", now=now - dt.timedelta(days=11 * 365))
    sod = pki.build_sod(DGS, old_d, old_k)
    v = pa.passive_authenticate(sod, DGS, pa.CscaStore.load(tmp_path / "csca")).as_dict()
    assert (v["signature_ok"], v["chain_ok"]) == (True, False) and "validity period" in v["detail"]
    # a DSC issued before its CSCA existed
    c2, k2 = pki.make_csca(tmp_path / "young", now=now)
    early_d, early_k = pki.make_dsc(c2, k2, tmp_path / "early", now=now - dt.timedelta(days=30))
    v = pa.passive_authenticate(pki.build_sod(DGS, early_d, early_k), DGS,
                                pa.CscaStore.load(tmp_path / "young"), now=now).as_dict()
    assert not v["chain_ok"] and "CSCA was not valid" in v["detail"]


def test_revoked_document_signer_fails_the_chain(tmp_path):
    """A CRL of the CSCA in the trust store listing the DSC: chain false, saying why."""
    c, k = pki.make_csca(tmp_path / "csca")
    d, dk = pki.make_dsc(c, k, tmp_path / "ds")
    other, _ok = pki.make_dsc(c, k, tmp_path / "other")
    sod = pki.build_sod(DGS, d, dk)
    store_dir = tmp_path / "csca"
    pki.make_crl(c, k, store_dir / "csca.crl", [other])  # someone else revoked: still fine
    v = pa.passive_authenticate(sod, DGS, pa.CscaStore.load(store_dir)).as_dict()
    assert v == {"hashes_ok": True, "signature_ok": True, "chain_ok": True, "detail": "all checks passed"}
    pki.make_crl(c, k, store_dir / "csca.crl", [other, d])
    store = pa.CscaStore.load(store_dir)
    assert len(store.crls) == 1 and len(store.certs) == 1
    v = pa.passive_authenticate(sod, DGS, store).as_dict()
    assert (v["hashes_ok"], v["signature_ok"], v["chain_ok"]) == (True, True, False)
    assert "document signer certificate revoked by its CSCA" in v["detail"] and "key_compromise" in v["detail"]


def test_crl_in_pem_and_a_forged_crl_is_ignored(tmp_path):
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding
    c, k = pki.make_csca(tmp_path / "csca")
    d, dk = pki.make_dsc(c, k, tmp_path / "ds")
    sod = pki.build_sod(DGS, d, dk)
    # same CSCA name, another key: a forged CRL must not revoke anything
    _fc, fk = pki.make_csca(tmp_path / "forger")
    forged = x509.load_der_x509_crl(pki.make_crl(c, fk, tmp_path / "forged.crl", [d]).read_bytes())
    (tmp_path / "csca" / "forged.pem").write_bytes(forged.public_bytes(Encoding.PEM))
    v = pa.passive_authenticate(sod, DGS, pa.CscaStore.load(tmp_path / "csca")).as_dict()
    assert v["chain_ok"] is True and "does not verify with that CSCA; ignored" in v["detail"]
    # the genuine one, as PEM, revokes
    real = x509.load_der_x509_crl(pki.make_crl(c, k, tmp_path / "real.crl", [d]).read_bytes())
    (tmp_path / "csca" / "real.pem").write_bytes(real.public_bytes(Encoding.PEM))
    v = pa.passive_authenticate(sod, DGS, pa.CscaStore.load(tmp_path / "csca")).as_dict()
    assert v["chain_ok"] is False and "revoked by its CSCA" in v["detail"]
