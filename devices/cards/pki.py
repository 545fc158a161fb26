"""Test PKI for the simulator and training: a CSCA, document signers, and EF.SOD.

`make_csca(dir)` writes csca.pem (certificate, the trust anchor to copy into a CSCA
store) and csca.key.pem; `make_dsc(...)` issues a document signer; `make_crl(...)`
revokes document signers; `build_sod(...)`
hashes data groups into an LDSSecurityObject and signs it as CMS SignedData (tag 77).
Never used for real documents: these keys are for tests, demos and staff training.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from asn1crypto import algos, cms, core, x509 as ax509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from devices.cards import tlv
from devices.cards.passive_auth import OID_LDS_SECURITY_OBJECT, DataGroupHash, DataGroupHashes, \
    LdsSecurityObject

DAY = dt.timedelta(days=1)


def _name(cn: str, country: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, country),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Single Door test PKI"),
                      x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _write_key(key, path: Path) -> None:
    path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption()))
    path.chmod(0o600)


def make_csca(directory: str | Path, *, country: str = "UT", cn: str = "Test CSCA",
              curve: ec.EllipticCurve | None = None, now: dt.datetime | None = None) -> tuple[Path, Path]:
    """Create csca.pem + csca.key.pem in `directory`; returns their paths."""
    d = Path(directory)
    d.mkdir(parents=True, exist_ok=True)
    now = now or dt.datetime.now(dt.timezone.utc)
    key = ec.generate_private_key(curve or ec.BrainpoolP256R1())
    name = _name(cn, country)
    ski = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - DAY)
            .not_valid_after(now + 15 * 365 * DAY)
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
            .add_extension(ski, critical=False)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = d / "csca.pem", d / "csca.key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    _write_key(key, key_path)
    return cert_path, key_path


def make_dsc(csca_cert: Path, csca_key: Path, out_dir: str | Path, *, cn: str = "Test DS",
             now: dt.datetime | None = None) -> tuple[Path, Path]:
    """Issue a document signer (P-256) under the CSCA; writes dsc.pem + dsc.key.pem."""
    d = Path(out_dir)
    d.mkdir(parents=True, exist_ok=True)
    now = now or dt.datetime.now(dt.timezone.utc)
    ca = x509.load_pem_x509_certificate(Path(csca_cert).read_bytes())
    ca_key = serialization.load_pem_private_key(Path(csca_key).read_bytes(), None)
    key = ec.generate_private_key(ec.SECP256R1())
    country = ca.subject.get_attributes_for_oid(NameOID.COUNTRY_NAME)[0].value
    cert = (x509.CertificateBuilder().subject_name(_name(cn, country)).issuer_name(ca.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - DAY).not_valid_after(now + 10 * 365 * DAY)
            .add_extension(x509.KeyUsage(True, False, False, False, False, False, False, False, False), critical=True)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    cert_path, key_path = d / "dsc.pem", d / "dsc.key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    _write_key(key, key_path)
    return cert_path, key_path


def make_aa_key(path: str | Path, kind: str = "rsa") -> Path:
    """An Active Authentication key for a simulated chip: RSA-1024 (as most passports) or EC P-256."""
    from cryptography.hazmat.primitives.asymmetric import rsa
    key = rsa.generate_private_key(65537, 1024) if kind == "rsa" else ec.generate_private_key(ec.SECP256R1())
    p = Path(path)
    _write_key(key, p)
    return p


def make_crl(csca_cert: Path, csca_key: Path, out: str | Path, revoked: list[Path] = (), *,
             now: dt.datetime | None = None, reason: x509.ReasonFlags | None = x509.ReasonFlags.key_compromise) -> Path:
    """A CRL signed by the CSCA listing the given document signer certificates (PEM paths);
    written to `out` as DER (put it next to csca.pem in the trust store)."""
    now = now or dt.datetime.now(dt.timezone.utc)
    ca = x509.load_pem_x509_certificate(Path(csca_cert).read_bytes())
    ca_key = serialization.load_pem_private_key(Path(csca_key).read_bytes(), None)
    b = (x509.CertificateRevocationListBuilder().issuer_name(ca.subject)
         .last_update(now - DAY).next_update(now + 90 * DAY))
    for path in revoked:
        cert = x509.load_pem_x509_certificate(Path(path).read_bytes())
        rb = x509.RevokedCertificateBuilder().serial_number(cert.serial_number).revocation_date(now - DAY)
        if reason is not None:
            rb = rb.add_extension(x509.CRLReason(reason), critical=False)
        b = b.add_revoked_certificate(rb.build())
    crl = b.sign(ca_key, hashes.SHA256())
    out = Path(out)
    out.write_bytes(crl.public_bytes(serialization.Encoding.DER))
    return out


def build_sod(data_groups: dict[int, bytes], dsc_cert: Path | bytes, dsc_key: Path | bytes,
              hash_name: str = "sha256", signing_time: dt.datetime | None = None) -> bytes:
    """EF.SOD (tag 77) over the given raw data groups, signed with the DSC (ECDSA or RSA);
    with `signing_time`, a signingTime signed attribute too (as Austria's passports carry)."""
    cert_pem = dsc_cert if isinstance(dsc_cert, bytes) else Path(dsc_cert).read_bytes()
    key_pem = dsc_key if isinstance(dsc_key, bytes) else Path(dsc_key).read_bytes()
    cert = x509.load_pem_x509_certificate(cert_pem)
    key = serialization.load_pem_private_key(key_pem, None)
    lso = LdsSecurityObject({
        "version": 0,
        "hashAlgorithm": {"algorithm": hash_name},
        "dataGroupHashValues": DataGroupHashes([
            DataGroupHash({"dataGroupNumber": n, "dataGroupHashValue": hashlib.new(hash_name, raw).digest()})
            for n, raw in sorted(data_groups.items())]),
    }).dump()
    signed_attrs = cms.CMSAttributes([
        cms.CMSAttribute({"type": "content_type", "values": [OID_LDS_SECURITY_OBJECT]}),
        cms.CMSAttribute({"type": "message_digest", "values": [hashlib.new(hash_name, lso).digest()]}),
    ] + ([cms.CMSAttribute({"type": "signing_time", "values": [cms.Time({"utc_time": signing_time})]})]
         if signing_time else []))
    h = {"sha1": hashes.SHA1(), "sha256": hashes.SHA256(), "sha384": hashes.SHA384(),
         "sha512": hashes.SHA512()}[hash_name]
    if isinstance(key, ec.EllipticCurvePrivateKey):
        sig = key.sign(signed_attrs.dump(), ec.ECDSA(h))
        sig_algo = f"{hash_name}_ecdsa"
    else:
        from cryptography.hazmat.primitives.asymmetric import padding
        sig = key.sign(signed_attrs.dump(), padding.PKCS1v15(), h)
        sig_algo = "rsassa_pkcs1v15"
    acert = ax509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
    signer = cms.SignerInfo({
        "version": "v1",
        "sid": cms.SignerIdentifier({"issuer_and_serial_number": cms.IssuerAndSerialNumber(
            {"issuer": acert.issuer, "serial_number": acert.serial_number})}),
        "digest_algorithm": algos.DigestAlgorithm({"algorithm": hash_name}),
        "signed_attrs": signed_attrs,
        "signature_algorithm": algos.SignedDigestAlgorithm({"algorithm": sig_algo}),
        "signature": sig,
    })
    sd = cms.SignedData({
        "version": "v3",
        "digest_algorithms": [algos.DigestAlgorithm({"algorithm": hash_name})],
        "encap_content_info": {"content_type": OID_LDS_SECURITY_OBJECT,
                               "content": core.ParsableOctetString(lso)},
        "certificates": [acert],
        "signer_infos": [signer],
    })
    ci = cms.ContentInfo({"content_type": "signed_data", "content": sd})
    return tlv.encode(0x77, ci.dump())
