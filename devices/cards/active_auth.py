"""ICAO 9303 Part 11 §6.1 Active Authentication: the chip proves it holds the private key
whose public half is in DG15 (so the chip is not a copy of the data).

The terminal sends INTERNAL AUTHENTICATE `00 88 00 00 08 <8 random bytes> 00` under
secure messaging; the chip signs the challenge:
- RSA: ISO/IEC 9796-2 digital signature scheme 1 with partial message recovery:
  s^e mod n = 6A || M1 || H(M1 || challenge) || trailer, trailer BC (SHA-1) or
  `hh CC` (hh = ISO/IEC 10118-3 hash id: 33 SHA-1, 34 SHA-256, 36 SHA-384, 35 SHA-512,
  38 SHA-224); ISO 9796-2 also allows the signature n - s.
- ECDSA: a plain r||s signature (BSI TR-03111) or DER over the challenge, hashed with
  the algorithm DG14's ActiveAuthenticationInfo names (default by curve size).

DG15's integrity is passive authentication's business (its hash in EF.SOD); this module
only checks the chip's answer. `sign_rsa_9796_2`/`sign_ecdsa` are the simulator's side.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from asn1crypto import core
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature, encode_dss_signature

from devices.cards import tlv
from devices.cards.errors import CardDataError

OID_AA_INFO = "2.23.136.1.1.5"
_HASH_IDS = {0x33: "sha1", 0x34: "sha256", 0x36: "sha384", 0x35: "sha512", 0x38: "sha224"}
_HASH_ID_OF = {v: k for k, v in _HASH_IDS.items()}
_SIG_HASH = {  # signatureAlgorithm OIDs of ActiveAuthenticationInfo -> hash
    "0.4.0.127.0.7.1.1.4.1.1": "sha1", "0.4.0.127.0.7.1.1.4.1.2": "sha224", "0.4.0.127.0.7.1.1.4.1.3": "sha256",
    "0.4.0.127.0.7.1.1.4.1.4": "sha384", "0.4.0.127.0.7.1.1.4.1.5": "sha512",
    "1.2.840.10045.4.1": "sha1", "1.2.840.10045.4.3.1": "sha224", "1.2.840.10045.4.3.2": "sha256",
    "1.2.840.10045.4.3.3": "sha384", "1.2.840.10045.4.3.4": "sha512",
}
_OID_OF_HASH = {"sha1": "0.4.0.127.0.7.1.1.4.1.1", "sha224": "0.4.0.127.0.7.1.1.4.1.2",
                "sha256": "0.4.0.127.0.7.1.1.4.1.3", "sha384": "0.4.0.127.0.7.1.1.4.1.4",
                "sha512": "0.4.0.127.0.7.1.1.4.1.5"}


@dataclass
class ActiveAuthResult:
    performed: bool = False      # the chip was asked (it has DG15)
    ok: bool = False             # its signature over our challenge verified
    detail: str = ""

    def as_dict(self) -> dict:
        return {"performed": self.performed, "ok": self.ok, "detail": self.detail}


def parse_dg15(raw: bytes):
    """DG15 (tag 6F, a SubjectPublicKeyInfo) -> a `cryptography` public key (explicit EC parameters too)."""
    from devices.cards.passive_auth import public_key_from_spki
    t, _ = tlv.parse_one(raw)
    if t.tag != 0x6F:
        raise CardDataError(f"DG15: outer tag {t.tag:X} (expected 6F) at byte 0")
    try:
        return public_key_from_spki(t.value)
    except CardDataError as e:
        raise CardDataError(f"DG15: {e}") from None
    except (ValueError, TypeError):
        raise CardDataError("DG15: not a public key") from None


def _oid(t: tlv.Tlv) -> str:
    return core.ObjectIdentifier.load(tlv.encode(0x06, t.value)).dotted


def aa_hash_from_dg14(raw: bytes | None) -> str | None:
    """The hash DG14's ActiveAuthenticationInfo names for ECDSA, or None (absent or malformed)."""
    if not raw:
        return None
    try:
        t, _ = tlv.parse_one(raw)
        infos, _ = tlv.parse_one(t.value)
        for info in infos.children():
            kids = info.children()
            if len(kids) >= 3 and kids[0].tag == 0x06 and _oid(kids[0]) == OID_AA_INFO and kids[2].tag == 0x06:
                return _SIG_HASH.get(_oid(kids[2]))
    except (CardDataError, ValueError, TypeError, IndexError):
        return None
    return None


def dg14_with_aa_info(hash_name: str) -> bytes:
    """A DG14 holding only ActiveAuthenticationInfo (simulator chips with an EC AA key)."""
    info = tlv.encode(0x30, core.ObjectIdentifier(OID_AA_INFO).dump() + core.Integer(1).dump() +
                      core.ObjectIdentifier(_OID_OF_HASH[hash_name]).dump())
    return tlv.encode(0x6E, tlv.encode(0x31, info))


def _ec_hash(pub: ec.EllipticCurvePublicKey, named: str | None) -> str:
    if named:
        return named
    size = pub.curve.key_size
    return "sha1" if size <= 160 else "sha224" if size <= 224 else "sha256" if size <= 256 else \
        "sha384" if size <= 384 else "sha512"


def _hash_obj(name: str):
    return {"sha1": hashes.SHA1(), "sha224": hashes.SHA224(), "sha256": hashes.SHA256(),
            "sha384": hashes.SHA384(), "sha512": hashes.SHA512()}[name]


def verify(pub, challenge: bytes, signature: bytes, dg14_hash: str | None = None) -> tuple[bool, str]:
    """(ok, why not) for the chip's answer to INTERNAL AUTHENTICATE."""
    if isinstance(pub, rsa.RSAPublicKey):
        return _verify_rsa(pub, challenge, signature)
    if isinstance(pub, ec.EllipticCurvePublicKey):
        h = _ec_hash(pub, dg14_hash)
        n = (pub.curve.key_size + 7) // 8
        sigs = []
        if len(signature) == 2 * n:
            sigs.append(encode_dss_signature(int.from_bytes(signature[:n], "big"), int.from_bytes(signature[n:], "big")))
        if signature[:1] == b"\x30":
            sigs.append(signature)
        for der in sigs:
            try:
                pub.verify(der, challenge, ec.ECDSA(_hash_obj(h)))
                return True, ""
            except (InvalidSignature, ValueError):
                continue
        return False, f"ECDSA ({h}) signature over the challenge does not verify"
    return False, "DG15 holds a key type Active Authentication does not use"


def _verify_rsa(pub: rsa.RSAPublicKey, challenge: bytes, signature: bytes) -> tuple[bool, str]:
    nums = pub.public_numbers()
    k = (nums.n.bit_length() + 7) // 8
    s = int.from_bytes(signature, "big")
    if not 0 < s < nums.n:
        return False, "RSA signature out of range"
    m = pow(s, nums.e, nums.n)
    if m & 0xF != 0xC:
        m = nums.n - m  # ISO 9796-2: the signer may send n - s
    f = m.to_bytes(k, "big")
    if f[-1] == 0xBC:
        hname, t = "sha1", 1
    elif f[-1] == 0xCC and f[-2] in _HASH_IDS:
        hname, t = _HASH_IDS[f[-2]], 2
    else:
        return False, "RSA signature has no ISO 9796-2 trailer (BC / xxCC)"
    if f[0] != 0x6A:
        return False, f"RSA signature header {f[0]:02X} (expected 6A: ISO 9796-2 partial recovery)"
    hlen = hashlib.new(hname).digest_size
    m1, digest = f[1:k - t - hlen], f[k - t - hlen:k - t]
    if hashlib.new(hname, m1 + challenge).digest() != digest:
        return False, f"RSA ISO 9796-2 ({hname}) signature does not cover our challenge"
    return True, ""


# --- chip side (simulator) --------------------------------------------------------------

def sign_rsa_9796_2(key: rsa.RSAPrivateKey, challenge: bytes, rng, hash_name: str = "sha1") -> bytes:
    nums = key.private_numbers()
    n = nums.public_numbers.n
    k = (n.bit_length() + 7) // 8
    hlen = hashlib.new(hash_name).digest_size
    trailer = b"\xBC" if hash_name == "sha1" else bytes([_HASH_ID_OF[hash_name], 0xCC])
    m1 = rng(k - 2 - hlen - len(trailer) + 1)
    f = b"\x6A" + m1 + hashlib.new(hash_name, m1 + challenge).digest() + trailer
    assert len(f) == k
    return pow(int.from_bytes(f, "big"), nums.d, n).to_bytes(k, "big")


def sign_ecdsa(key: ec.EllipticCurvePrivateKey, challenge: bytes, hash_name: str = "sha256") -> bytes:
    r, s = decode_dss_signature(key.sign(challenge, ec.ECDSA(_hash_obj(hash_name))))
    n = (key.curve.key_size + 7) // 8
    return r.to_bytes(n, "big") + s.to_bytes(n, "big")
