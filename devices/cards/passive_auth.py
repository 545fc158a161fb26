"""ICAO 9303 Part 11 §5.1 Passive Authentication.

1. EF.SOD (tag 77) -> CMS SignedData -> LDSSecurityObject: hash algorithm and one hash per DG.
2. Every data group read is hashed whole (outer tag and length included) and compared;
   a DG read but absent from the SOD fails ("DG injection").
3. signedAttrs: contentType and messageDigest checked; the signature over their DER
   (re-tagged as SET) is verified with the document signer certificate (DSC).
4. The DSC is checked against a CSCA trust store directory (PEM/DER certificates and
   ICAO master lists): issuer/subject match, signature, validity, and revocation by the
   CRLs of that CSCA found in the same directory (*.crl, DER or PEM; a CRL whose
   signature does not verify with the CSCA is ignored and said so).

Validity is judged at the time of signing (ICAO 9303-12 sizes a DSC certificate to cover
its key's use plus the life of every document it signs; a document signed while its DSC
was valid stays authentic; its own expiry is DG1's business):
- the DSC at EF.SOD's signingTime signed attribute when there is one (and it is not in
  the future); without it, at the current time, so an expired DSC then fails, saying that
  no signing time shows it was valid when used;
- the CSCA at the DSC's issuance (notBefore): an expired CSCA still vouches for the DSCs it
  issued while valid.
A DSC or CSCA that has expired since is accepted with a note in `detail`. Trusting an
expired DSC relies on the CSCA's CRL for a key compromised later (a revoked DSC fails).

Keys with explicit EC domain parameters (ICAO 9303-12 requires them; Brainpool included)
are rebuilt as named-curve keys by matching the generator and public point against the
curves `cryptography` knows (`public_key_from_spki`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path

from asn1crypto import algos, cms, core, crl as acrl, keys, x509 as ax509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from devices.cards import tlv
from devices.cards.errors import CardDataError

log = logging.getLogger(__name__)

OID_LDS_SECURITY_OBJECT = "2.23.136.1.1.1"
OID_LDS_LEGACY = "1.3.27.1.1.1"            # Belgian and French documents
OID_CSCA_MASTER_LIST = "2.23.136.1.1.2"
_PLAIN_ECDSA = "0.4.0.127.0.7.1.1.4.1."     # BSI TR-03111 ecdsa-plain-SHAxxx (r||s)
_PLAIN_HASH = {"1": "sha1", "2": "sha224", "3": "sha256", "4": "sha384", "5": "sha512"}


class DataGroupHash(core.Sequence):
    _fields = [("dataGroupNumber", core.Integer), ("dataGroupHashValue", core.OctetString)]


class DataGroupHashes(core.SequenceOf):
    _child_spec = DataGroupHash


class LdsVersionInfo(core.Sequence):
    _fields = [("ldsVersion", core.PrintableString), ("unicodeVersion", core.PrintableString)]


class LdsSecurityObject(core.Sequence):
    _fields = [("version", core.Integer), ("hashAlgorithm", algos.DigestAlgorithm),
               ("dataGroupHashValues", DataGroupHashes), ("ldsVersionInfo", LdsVersionInfo, {"optional": True})]


class CertificateSet(core.SetOf):
    _child_spec = ax509.Certificate


class CscaMasterList(core.Sequence):
    _fields = [("version", core.Integer), ("certList", CertificateSet)]


cms.ContentType._map.setdefault(OID_LDS_SECURITY_OBJECT, "lds_security_object")
cms.ContentType._map.setdefault(OID_CSCA_MASTER_LIST, "csca_master_list")


@dataclass
class Sod:
    hash_algorithm: str
    dg_hashes: dict[int, bytes]
    econtent: bytes
    econtent_type: str
    signer_info: cms.SignerInfo
    certificates: list[bytes]


@dataclass
class PassiveAuthResult:
    hashes_ok: bool = False
    signature_ok: bool = False
    chain_ok: bool = False
    detail: list[str] = field(default_factory=list)
    dsc_subject: str = ""
    country: str = ""

    @property
    def ok(self) -> bool:
        return self.hashes_ok and self.signature_ok and self.chain_ok

    def as_dict(self) -> dict:
        return {"hashes_ok": self.hashes_ok, "signature_ok": self.signature_ok, "chain_ok": self.chain_ok,
                "detail": "; ".join(self.detail) if self.detail else "all checks passed"}


def _hash_name(name: str) -> str:
    name = name.lower().replace("-", "")
    if name not in ("sha1", "sha224", "sha256", "sha384", "sha512"):
        raise CardDataError(f"EF.SOD: unsupported hash algorithm {name}")
    return name


def parse_sod(raw: bytes) -> Sod:
    """EF.SOD -> Sod. Raises CardDataError on anything malformed."""
    outer, _ = tlv.parse_one(raw)
    if outer.tag != 0x77:
        raise CardDataError(f"EF.SOD: outer tag {outer.tag:X} (expected 77)")
    try:
        ci = cms.ContentInfo.load(outer.value, strict=True)
        if ci["content_type"].dotted != "1.2.840.113549.1.7.2":
            raise CardDataError("EF.SOD: not a CMS SignedData")
        sd = ci["content"]
        enc = sd["encap_content_info"]
        etype = enc["content_type"].dotted
        if etype not in (OID_LDS_SECURITY_OBJECT, OID_LDS_LEGACY):
            raise CardDataError(f"EF.SOD: unexpected content type {etype}")
        econtent_bytes = _octets(enc["content"])
        lso = LdsSecurityObject.load(econtent_bytes, strict=True)
        hashes_ = {int(h["dataGroupNumber"].native): bytes(h["dataGroupHashValue"].native)
                   for h in lso["dataGroupHashValues"]}
        algo = _hash_name(lso["hashAlgorithm"]["algorithm"].native)
        infos = list(sd["signer_infos"])
        if len(infos) != 1:
            raise CardDataError(f"EF.SOD: {len(infos)} signer infos (expected 1)")
        certs = []
        for c in (sd["certificates"] or []):
            if c.name == "certificate":
                c.chosen.native  # parse every field now: a malformed certificate fails here, typed
                certs.append(c.chosen.dump())
        # touch the signer info fields now so that malformed ones fail here, typed
        infos[0]["signature"].native, infos[0]["digest_algorithm"]["algorithm"].dotted
        return Sod(algo, hashes_, econtent_bytes, etype, infos[0], certs)
    except CardDataError:
        raise
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError) as e:
        raise CardDataError(f"EF.SOD: malformed CMS structure ({type(e).__name__})") from None


# --- keys and signatures ------------------------------------------------------------

_CURVES = [ec.SECP256R1(), ec.SECP384R1(), ec.SECP521R1(), ec.SECP224R1(), ec.SECP192R1(),
           ec.BrainpoolP256R1(), ec.BrainpoolP384R1(), ec.BrainpoolP512R1()]
for _extra in ("BrainpoolP224R1", "BrainpoolP192R1", "BrainpoolP320R1"):
    if hasattr(ec, _extra):
        _CURVES.append(getattr(ec, _extra)())


def public_key_from_spki(spki_der: bytes):
    """A `cryptography` public key from SubjectPublicKeyInfo DER, explicit EC parameters included."""
    from cryptography.hazmat.primitives.serialization import load_der_public_key
    try:
        return load_der_public_key(spki_der)
    except (ValueError, UnsupportedAlgorithm) as first:
        info = keys.PublicKeyInfo.load(spki_der)
        if info["algorithm"]["algorithm"].native != "ec":
            raise CardDataError(f"public key cannot be loaded ({first})") from None
        params = info["algorithm"]["parameters"]
        point = bytes(info["public_key"])
        if params.name != "specified":
            raise CardDataError(f"EC public key on unsupported curve {params.chosen.native}") from None
        spec = params.chosen
        g = bytes(spec["base"])
        order = int(spec["order"].native)
        for curve in _CURVES:
            try:
                ec.EllipticCurvePublicKey.from_encoded_point(curve, g)
                key = ec.EllipticCurvePublicKey.from_encoded_point(curve, point)
            except ValueError:
                continue
            if curve.key_size == order.bit_length() or abs(curve.key_size - order.bit_length()) <= 1:
                return key
        raise CardDataError("EC public key with explicit parameters of an unknown curve") from None


def _hash_obj(name: str):
    return {"sha1": hashes.SHA1(), "sha224": hashes.SHA224(), "sha256": hashes.SHA256(),
            "sha384": hashes.SHA384(), "sha512": hashes.SHA512()}[_hash_name(name)]


def verify_signature(pub, sig_alg: ax509.SignedDigestAlgorithm | cms.SignedDigestAlgorithm,
                     signature: bytes, data: bytes, digest_hint: str | None = None) -> None:
    """Raises InvalidSignature (or CardDataError for unsupported algorithms)."""
    oid = sig_alg["algorithm"].dotted
    if oid.startswith(_PLAIN_ECDSA):
        n = len(signature) // 2
        signature = encode_dss_signature(int.from_bytes(signature[:n], "big"), int.from_bytes(signature[n:], "big"))
        algo, hname = "ecdsa", _PLAIN_HASH.get(oid.rsplit(".", 1)[1], "sha256")
    else:
        algo = sig_alg.signature_algo
        try:
            hname = sig_alg.hash_algo
        except ValueError:
            hname = digest_hint or "sha256"
    if algo == "ecdsa":
        if not isinstance(pub, ec.EllipticCurvePublicKey):
            raise InvalidSignature()
        pub.verify(signature, data, ec.ECDSA(_hash_obj(hname)))
    elif algo == "rsassa_pkcs1v15":
        if not isinstance(pub, rsa.RSAPublicKey):
            raise InvalidSignature()
        pub.verify(signature, data, padding.PKCS1v15(), _hash_obj(hname))
    elif algo == "rsassa_pss":
        if not isinstance(pub, rsa.RSAPublicKey):
            raise InvalidSignature()
        p = sig_alg["parameters"]
        hname = p["hash_algorithm"]["algorithm"].native
        salt = int(p["salt_length"].native)
        mgf_hash = p["mask_gen_algorithm"]["parameters"]["algorithm"].native
        pub.verify(signature, data, padding.PSS(padding.MGF1(_hash_obj(mgf_hash)), salt), _hash_obj(hname))
    else:
        raise CardDataError(f"unsupported signature algorithm {oid}")


# --- trust store -------------------------------------------------------------------

CERT_SUFFIXES = {".pem", ".crt", ".cer", ".der", ".ml", ".crl"}


class CscaStore:
    """CSCA certificates from a directory: *.pem/*.crt/*.cer/*.der, ICAO master lists (*.ml)
    and CSCA CRLs (*.crl, or PEM "X509 CRL" blocks). Other files (READMEs) are ignored."""

    def __init__(self, certs: list[ax509.Certificate] | None = None, problems: list[str] | None = None,
                 crls: list[acrl.CertificateList] | None = None):
        self.certs = certs or []
        self.problems = problems or []
        self.crls = crls or []

    @classmethod
    def load(cls, directory: str | Path | None) -> "CscaStore":
        store = cls()
        if not directory:
            return store
        d = Path(directory)
        if not d.is_dir():
            store.problems.append(f"CSCA directory {d} not found")
            return store
        for f in sorted(d.rglob("*")):
            if f.is_file() and f.suffix.lower() in CERT_SUFFIXES:
                try:
                    certs, crls = _items_from_file(f.read_bytes(), f.suffix.lower())
                    for c in certs + crls:
                        c.native  # parse fully now so that comparisons later cannot fail
                    store.certs.extend(certs)
                    store.crls.extend(crls)
                except Exception as e:  # one bad file must not hide the others
                    store.problems.append(f"{f.name}: {type(e).__name__}")
        return store

    def revocation(self, cert: ax509.Certificate, issuer: ax509.Certificate, issuer_key) -> tuple[str, list[str]]:
        """(why `cert` is revoked, or "", notes on CRLs that could not be trusted) from the
        CRLs `issuer` signed."""
        notes = []
        for cl in self.crls:
            tbs = cl["tbs_cert_list"]
            if tbs["issuer"] != issuer.subject:
                continue
            try:
                verify_signature(issuer_key, cl["signature_algorithm"], bytes(cl["signature"].native), tbs.dump())
            except (InvalidSignature, CardDataError, ValueError):
                notes.append(f"a CRL of {issuer.subject.human_friendly} does not verify with that CSCA; ignored")
                continue
            for entry in tbs["revoked_certificates"] or []:
                if entry["user_certificate"].native == cert.serial_number:
                    when = entry["revocation_date"].native
                    reason = ""
                    for ext in entry["crl_entry_extensions"] or []:
                        if ext["extn_id"].native == "crl_reason":
                            reason = f", reason {ext['extn_value'].native}"
                    return (f"document signer certificate revoked by its CSCA (serial {cert.serial_number:X}, "
                            f"revoked {when:%Y-%m-%d}{reason}; CRL of {tbs['this_update'].native:%Y-%m-%d})"), notes
        return "", notes

    def issuers_of(self, cert: ax509.Certificate) -> list[ax509.Certificate]:
        out = [c for c in self.certs if c.subject == cert.issuer]
        aki = cert.authority_key_identifier
        if aki and len(out) > 1:
            narrowed = [c for c in out if c.key_identifier == aki]
            out = narrowed or out
        return out


def _items_from_file(data: bytes, suffix: str = "") -> tuple[list[ax509.Certificate], list[acrl.CertificateList]]:
    """(certificates, CRLs) of one trust-store file."""
    from asn1crypto import pem
    if pem.detect(data):
        certs, crls = [], []
        for typ, _h, der in pem.unarmor(data, multiple=True):
            if typ == "CERTIFICATE":
                certs.append(ax509.Certificate.load(der))
            elif typ == "X509 CRL":
                crls.append(acrl.CertificateList.load(der))
        return certs, crls
    if suffix == ".crl":
        cl = acrl.CertificateList.load(data)
        cl.native  # parse fully: raises on garbage
        return [], [cl]
    return _certs_from_file(data), []


def _certs_from_file(data: bytes) -> list[ax509.Certificate]:
    from asn1crypto import pem
    if pem.detect(data):
        return [ax509.Certificate.load(der) for typ, _h, der in pem.unarmor(data, multiple=True)
                if typ == "CERTIFICATE"]
    try:
        ci = cms.ContentInfo.load(data)
        if ci["content_type"].dotted == "1.2.840.113549.1.7.2":
            content = ci["content"]["encap_content_info"]
            if content["content_type"].dotted == OID_CSCA_MASTER_LIST:
                ml = CscaMasterList.load(_octets(content["content"]))
                return list(ml["certList"])
    except (ValueError, TypeError):
        pass
    c = ax509.Certificate.load(data)
    c.native  # parse fully: raises on garbage
    return [c]


def _octets(value) -> bytes:
    """The bytes inside an eContent OCTET STRING, whatever asn1crypto made of it."""
    if value is None or not hasattr(value, "contents") or value.contents is None:
        raise CardDataError("EF.SOD: eContent missing")
    native = value.native
    return bytes(native) if isinstance(native, (bytes, bytearray)) else bytes(value.contents)


def _cert_time_ok(cert: ax509.Certificate, when: dt.datetime) -> bool:
    v = cert["tbs_certificate"]["validity"]
    return v["not_before"].native <= when <= v["not_after"].native


def _validity(cert: ax509.Certificate) -> tuple[dt.datetime, dt.datetime]:
    v = cert["tbs_certificate"]["validity"]
    return v["not_before"].native, v["not_after"].native


SIGNING_TIME_SKEW = dt.timedelta(days=1)  # a signingTime later than now by more is not believed


def signing_time(signer_info: cms.SignerInfo) -> dt.datetime | None:
    """EF.SOD's signingTime signed attribute (optional in ICAO 9303; Austria sets it), or None."""
    for attr in signer_info["signed_attrs"] or []:
        if attr["type"].native == "signing_time":
            try:
                when = attr["values"][0].native
            except (ValueError, TypeError, IndexError):
                return None  # a garbled time proves nothing: judged at the current time
            if isinstance(when, dt.datetime):
                return when if when.tzinfo else when.replace(tzinfo=dt.timezone.utc)
    return None


def _dsc_time_verdict(dsc: ax509.Certificate, signed_at: dt.datetime | None,
                      now: dt.datetime) -> tuple[str, str]:
    """(why the DSC's validity fails, or "", a note when it passes only thanks to the time of
    signing, or ""). See the module docstring for the rule."""
    not_before, not_after = _validity(dsc)
    if signed_at is not None and signed_at <= now + SIGNING_TIME_SKEW:
        if not not_before <= signed_at <= not_after:
            return (f"EF.SOD signing time {signed_at:%Y-%m-%d} is outside the document signer "
                    f"certificate's validity period ({not_before:%Y-%m-%d} .. {not_after:%Y-%m-%d})"), ""
        if now > not_after:
            return "", (f"document signer certificate expired on {not_after:%Y-%m-%d}; EF.SOD was signed "
                        f"on {signed_at:%Y-%m-%d}, while it was valid (accepted: checked at the time of signing)")
        return "", ""
    if now > not_after:
        return (f"document signer certificate expired on {not_after:%Y-%m-%d} (outside its validity period) "
                f"and no signed signing time in EF.SOD shows it was used while valid"), ""
    if now < not_before:
        return (f"document signer certificate is not valid before {not_before:%Y-%m-%d} "
                f"(outside its validity period; check the kiosk clock)"), ""
    return "", ""


# --- the verdict ----------------------------------------------------------------------

def passive_authenticate(sod_raw: bytes, data_groups: dict[int, bytes], store: CscaStore,
                         now: dt.datetime | None = None) -> PassiveAuthResult:
    now = now or dt.datetime.now(dt.timezone.utc)
    res = PassiveAuthResult()
    try:
        sod = parse_sod(sod_raw)
    except CardDataError as e:
        res.detail.append(str(e))
        return res

    # 1. hashes
    bad = []
    for n, raw in sorted(data_groups.items()):
        expected = sod.dg_hashes.get(n)
        if expected is None:
            bad.append(f"DG{n} is not listed in EF.SOD")
        elif hashlib.new(sod.hash_algorithm, raw).digest() != expected:
            bad.append(f"DG{n} hash does not match EF.SOD")
    res.hashes_ok = not bad and bool(data_groups)
    res.detail.extend(bad)
    if not data_groups:
        res.detail.append("no data group to check")

    try:
        _verify_signer_and_chain(sod, res, store, now)
    except (ValueError, TypeError, KeyError, AttributeError, OverflowError, IndexError) as e:
        res.signature_ok = res.chain_ok = False
        res.detail.append(f"document signer data is malformed ({type(e).__name__})")
    return res


def _verify_signer_and_chain(sod: Sod, res: PassiveAuthResult, store: CscaStore, now: dt.datetime) -> None:
    # 2. signature with the DSC
    if not sod.certificates:
        res.detail.append("EF.SOD carries no document signer certificate")
        return
    dsc = ax509.Certificate.load(sod.certificates[0])
    res.dsc_subject = dsc.subject.human_friendly
    try:
        res.country = dsc.issuer.native.get("country_name", "")
    except (ValueError, AttributeError):
        res.country = ""
    si = sod.signer_info
    try:
        dsc_key = public_key_from_spki(dsc.public_key.dump())
        digest = si["digest_algorithm"]["algorithm"].native
        attrs = si["signed_attrs"]
        if not attrs:
            data = sod.econtent
        else:
            found = {a["type"].native: a["values"][0] for a in attrs}
            if found.get("content_type") is None or found["content_type"].dotted != sod.econtent_type:
                raise InvalidSignature("contentType attribute does not match")
            md = found.get("message_digest")
            if md is None or bytes(md.native) != hashlib.new(_hash_name(digest), sod.econtent).digest():
                raise InvalidSignature("messageDigest attribute does not match the security object")
            data = b"\x31" + attrs.dump()[1:]
        verify_signature(dsc_key, si["signature_algorithm"], bytes(si["signature"].native), data, digest)
        res.signature_ok = True
    except InvalidSignature as e:
        res.detail.append(f"EF.SOD signature does not verify with its document signer{': ' + str(e) if str(e) else ''}")
    except (CardDataError, ValueError, TypeError, KeyError) as e:
        res.detail.append(f"EF.SOD signature cannot be checked: {e}")

    # 3. chain DSC -> CSCA
    if store.problems and not store.certs:
        res.detail.append("; ".join(store.problems))
    # the signingTime attribute is believed only when the signature over it holds
    signed_at = signing_time(si) if res.signature_ok else None
    issuers = store.issuers_of(dsc)
    if not issuers:
        res.detail.append(f"document signer issued by an unknown CSCA ({dsc.issuer.human_friendly})")
        return
    reasons = []
    for csca in issuers:
        try:
            key = public_key_from_spki(csca.public_key.dump())
            verify_signature(key, dsc["signature_algorithm"], bytes(dsc["signature_value"].native),
                             dsc["tbs_certificate"].dump())
        except (InvalidSignature, CardDataError, ValueError) as e:
            reasons.append(f"CSCA signature on the document signer does not verify{': ' + str(e) if str(e) else ''}")
            continue
        dsc_problem, dsc_note = _dsc_time_verdict(dsc, signed_at, now)
        if dsc_problem:
            reasons.append(dsc_problem)
            continue
        issued = _validity(dsc)[0]
        if not _cert_time_ok(csca, issued):
            reasons.append("CSCA was not valid when the document signer was issued")
            continue
        revoked, notes = store.revocation(dsc, csca, key)
        res.detail.extend(n for n in notes if n not in res.detail)
        if revoked:
            reasons.insert(0, revoked)  # the most telling reason first
            continue
        res.chain_ok = True
        if dsc_note:
            res.detail.append(dsc_note)
        csca_end = _validity(csca)[1]
        if now > csca_end:
            res.detail.append(f"CSCA certificate expired on {csca_end:%Y-%m-%d}; it was valid when it issued "
                              f"the document signer on {issued:%Y-%m-%d} (accepted)")
        break
    if not res.chain_ok:
        res.detail.extend(reasons[:1])
