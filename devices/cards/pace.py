"""PACE (ICAO 9303 Part 11 §4.4) with the generic ECDH mapping (GM) and chip
authentication mapping (CAM, its chip data accepted but not checked), both sides.

Terminal: `pace_authenticate(transmit, infos, password)` runs MSE:SET AT (with the
parameter id `84` when the card lists PACEInfos on different curves: cards then pick a
wrong curve without it), then four GENERAL AUTHENTICATE steps: encrypted nonce ->
mapping (G' = s*G + H) -> key agreement -> authentication tokens, and returns a secure
messaging session with the same `wrap`/`unwrap` interface as `bac.SecureMessaging`
(AES: 16-byte SSC from zero, IV = E(K_enc, SSC), CMAC-8; 3DES suites: the BAC session
class with an 8-byte zero SSC). Randomness (the ephemeral private keys) is injected;
unit tests reproduce the Part 11 Appendix G.1 worked example byte for byte.

Card: `PaceCard` is the chip's half, used by the eMRTD simulator.
Not done: DH (non-EC) groups, the integrated mapping (IM), checking CAM chip data
against DG14 (chip authentication).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from typing import Callable

from cryptography.hazmat.primitives import cmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from devices.cards import bac, tlv
from devices.cards.ec import Curve, curve_for
from devices.cards.errors import AccessDenied, CardDataError, CardError, SecureMessagingError

PACE_PREFIX = "0.4.0.127.0.7.2.2.4."
PROTOCOLS = {
    "0.4.0.127.0.7.2.2.4.2.1": ("ECDH-GM", "3DES"), "0.4.0.127.0.7.2.2.4.2.2": ("ECDH-GM", "AES-128"),
    "0.4.0.127.0.7.2.2.4.2.3": ("ECDH-GM", "AES-192"), "0.4.0.127.0.7.2.2.4.2.4": ("ECDH-GM", "AES-256"),
    "0.4.0.127.0.7.2.2.4.4.2": ("ECDH-IM", "AES-128"), "0.4.0.127.0.7.2.2.4.6.2": ("ECDH-CAM", "AES-128"),
    "0.4.0.127.0.7.2.2.4.1.2": ("DH-GM", "AES-128"),
}


@dataclass(frozen=True)
class PaceInfo:
    oid: str
    version: int
    parameter_id: int | None

    @property
    def mapping(self) -> str:
        return PROTOCOLS.get(self.oid, ("unknown", ""))[0]

    @property
    def cipher(self) -> str:
        return PROTOCOLS.get(self.oid, ("", "unknown"))[1]


def _oid(value: bytes) -> str:
    if not value:
        raise CardDataError("EF.CardAccess: empty OID")
    first = value[0]
    arcs = [min(first // 40, 2), first - 40 * min(first // 40, 2)]
    n = 0
    for b in value[1:]:
        n = (n << 7) | (b & 0x7F)
        if not b & 0x80:
            arcs.append(n)
            n = 0
    return ".".join(map(str, arcs))


def parse_card_access(ef: bytes) -> list[PaceInfo]:
    """PACEInfo entries of EF.CardAccess (a SET OF SecurityInfo); other infos are skipped."""
    outer, _ = tlv.parse_one(ef)
    if outer.tag != 0x31:
        raise CardDataError(f"EF.CardAccess: expected a SET (31), found tag {outer.tag:X}")
    out = []
    for info in outer.children():
        if info.tag != 0x30:
            continue
        parts = info.children()
        if not parts or parts[0].tag != 0x06:
            continue
        oid = _oid(parts[0].value)
        if not oid.startswith(PACE_PREFIX) or len(parts) < 2 or parts[1].tag != 0x02:
            continue
        param = int.from_bytes(parts[2].value, "big") if len(parts) > 2 and parts[2].tag == 0x02 else None
        out.append(PaceInfo(oid, int.from_bytes(parts[1].value, "big"), param))
    return out


def password_key(*, mrz_information: str = "", can: str = "", key_len: int = 16) -> bytes:
    """K_π = KDF(password, 3): SHA-1 for AES-128 (and 3DES), SHA-256 for AES-192/256."""
    if mrz_information:
        secret = hashlib.sha1(mrz_information.encode("ascii")).digest()
    elif can:
        secret = can.encode("ascii")
    else:
        raise CardDataError("PACE needs the MRZ information or the CAN")
    h = hashlib.sha1 if key_len == 16 else hashlib.sha256
    return h(secret + b"\x00\x00\x00\x03").digest()[:key_len]


def decrypt_nonce(k_pi: bytes, z: bytes) -> bytes:
    if len(z) % 16:
        raise CardDataError(f"PACE nonce of {len(z)} bytes is not whole AES blocks")
    d = Cipher(algorithms.AES(k_pi), modes.CBC(bytes(16))).decryptor()
    return d.update(z) + d.finalize()


def _aes_ecb(key: bytes, block: bytes) -> bytes:
    e = Cipher(algorithms.AES(key), modes.ECB()).encryptor()
    return e.update(block) + e.finalize()


def _pad(data: bytes, block: int) -> bytes:
    data = data + b"\x80"
    return data + bytes(-len(data) % block)


def _cmac8(key: bytes, data: bytes) -> bytes:
    c = cmac.CMAC(algorithms.AES(key))
    c.update(data)
    return c.finalize()[:8]


def _tlv(tag: int, value: bytes) -> bytes:
    return tlv.encode(tag, value)


class AesSecureMessaging(bac.SecureMessagingBase):
    """AES secure messaging (PACE AES suites): 16-byte SSC from zero, IV = E(K_enc, SSC), CMAC-8."""

    block = 16

    def __init__(self, ks_enc: bytes, ks_mac: bytes, ssc: bytes = bytes(16)):
        super().__init__(ks_enc, ks_mac, ssc)

    def _encrypt(self, ssc: bytes, data: bytes) -> bytes:
        e = Cipher(algorithms.AES(self.ks_enc), modes.CBC(_aes_ecb(self.ks_enc, ssc))).encryptor()
        return e.update(_pad(data, 16)) + e.finalize()

    def _decrypt(self, ssc: bytes, data: bytes) -> bytes:
        if len(data) % 16 or not data:
            raise SecureMessagingError(f"secure messaging: encrypted data length {len(data)} is not whole blocks")
        d = Cipher(algorithms.AES(self.ks_enc), modes.CBC(_aes_ecb(self.ks_enc, ssc))).decryptor()
        return bac.unpad(d.update(data) + d.finalize())

    def _mac(self, data: bytes) -> bytes:
        return _cmac8(self.ks_mac, _pad(data, 16))


# --- the protocol --------------------------------------------------------------------------

def _oid_bytes(oid: str) -> bytes:
    arcs = [int(a) for a in oid.split(".")]
    out = bytearray([40 * arcs[0] + arcs[1]])
    for a in arcs[2:]:
        chunk = [a & 0x7F]
        a >>= 7
        while a:
            chunk.append(0x80 | (a & 0x7F))
            a >>= 7
        out += bytes(reversed(chunk))
    return bytes(out)


def _suite(info: PaceInfo) -> tuple[str, int]:
    """(cipher family, key length) of a PACEInfo; raises for what we do not implement."""
    if info.mapping not in ("ECDH-GM", "ECDH-CAM"):
        raise CardDataError(f"PACE mapping {info.mapping} is not supported")
    return {"3DES": ("3DES", 16), "AES-128": ("AES", 16), "AES-192": ("AES", 24),
            "AES-256": ("AES", 32)}[info.cipher]


def session_keys(shared: bytes, family: str, key_len: int) -> tuple[bytes, bytes]:
    if family == "3DES":
        return bac.kdf(shared, 1), bac.kdf(shared, 2)
    h = hashlib.sha1 if key_len == 16 else hashlib.sha256
    return (h(shared + b"\x00\x00\x00\x01").digest()[:key_len], h(shared + b"\x00\x00\x00\x02").digest()[:key_len])


def _pi_key(password: "PacePassword", family: str, key_len: int) -> bytes:
    if family == "3DES":
        seed = hashlib.sha1(password.mrz_information.encode()).digest() if password.mrz_information \
            else password.can.encode()
        return bac.kdf(seed, 3)
    return password_key(mrz_information=password.mrz_information, can=password.can, key_len=key_len)


def _decrypt_nonce(k_pi: bytes, z: bytes, family: str) -> bytes:
    if family == "3DES":
        return bac.tdes_decrypt(k_pi, z)
    return decrypt_nonce(k_pi, z)


def _token(ks_mac: bytes, oid: str, point: bytes, family: str) -> bytes:
    data = _tlv(0x7F49, _tlv(0x06, _oid_bytes(oid)) + _tlv(0x86, point))
    return bac.mac(ks_mac, data) if family == "3DES" else _cmac8(ks_mac, data)  # CMAC pads by itself


@dataclass(frozen=True)
class PacePassword:
    mrz_information: str = ""
    can: str = ""

    @property
    def reference(self) -> int:
        return 0x01 if self.mrz_information else 0x02


def choose_info(infos: list[PaceInfo]) -> PaceInfo:
    """CAM before GM (same mapping, plus chip data), AES before 3DES; only curves we know."""
    usable = []
    for i in infos:
        try:
            family, n = _suite(i)
            curve_for(i.parameter_id)
        except CardDataError:
            continue
        usable.append(((i.mapping == "ECDH-CAM"), family == "AES", n, i))
    if not usable:
        raise CardDataError("no supported PACE protocol offered by the chip")
    return max(usable, key=lambda u: u[:3])[3]


def _ga(transmit, data: bytes, last: bool) -> dict:
    cla = 0x00 if last else 0x10
    resp, sw = transmit(bytes([cla, 0x86, 0x00, 0x00, len(data)]) + data + b"\x00")
    if sw in (0x6300, 0x6982) or sw >> 8 == 0x63:
        raise AccessDenied("access denied: check document number and dates (or the CAN)")
    if sw != 0x9000:
        raise CardError(f"PACE: chip refused GENERAL AUTHENTICATE (SW {sw:04X}); lift and replace the document")
    outer, _ = tlv.parse_one(resp)
    if outer.tag != 0x7C:
        raise CardDataError("PACE: dynamic authentication data (7C) missing")
    return {t.tag: t.value for t in outer.children()}


def pace_authenticate(transmit, infos: list[PaceInfo], password: PacePassword,
                      rng_scalar: Callable[[Curve], int] | None = None):
    """Terminal side of PACE; returns the secure-messaging session. Raises AccessDenied on a wrong password."""
    info = choose_info(infos)
    family, key_len = _suite(info)
    curve = curve_for(info.parameter_id)
    rng_scalar = rng_scalar or (lambda c: 1 + secrets.randbelow(c.n - 1))
    mse = _tlv(0x80, _oid_bytes(info.oid)) + _tlv(0x83, bytes([password.reference]))
    if len({i.parameter_id for i in infos}) > 1:
        mse += _tlv(0x84, bytes([info.parameter_id]))
    _, sw = transmit(bytes([0x00, 0x22, 0xC1, 0xA4, len(mse)]) + mse)
    if sw != 0x9000:
        raise CardError(f"PACE: chip refused MSE:SET AT (SW {sw:04X})")
    # 1. encrypted nonce
    objs = _ga(transmit, b"\x7C\x00", last=False)
    k_pi = _pi_key(password, family, key_len)
    s = int.from_bytes(_decrypt_nonce(k_pi, objs.get(0x80, b""), family), "big")
    # 2. generic mapping
    sk_map = rng_scalar(curve)
    objs = _ga(transmit, _tlv(0x7C, _tlv(0x81, curve.encode(curve.mul(sk_map, curve.g)))), last=False)
    h = curve.mul(sk_map, curve.decode(objs.get(0x82, b"")))
    g_mapped = curve.add(curve.mul(s, curve.g), h)
    if g_mapped is None:
        raise CardDataError("PACE: mapped generator is the point at infinity")
    # 3. key agreement
    sk_ka = rng_scalar(curve)
    pk_ifd = curve.encode(curve.mul(sk_ka, g_mapped))
    objs = _ga(transmit, _tlv(0x7C, _tlv(0x83, pk_ifd)), last=False)
    pk_ic_raw = objs.get(0x84, b"")
    pk_ic = curve.decode(pk_ic_raw)
    if pk_ic_raw == pk_ifd:
        raise CardDataError("PACE: chip echoed the terminal's key")
    shared = curve.mul(sk_ka, pk_ic)
    ks_enc, ks_mac = session_keys(shared[0].to_bytes(curve.size, "big"), family, key_len)
    # 4. tokens
    t_ifd = _token(ks_mac, info.oid, pk_ic_raw, family)
    objs = _ga(transmit, _tlv(0x7C, _tlv(0x85, t_ifd)), last=True)
    if not hmac.compare_digest(objs.get(0x86, b""), _token(ks_mac, info.oid, pk_ifd, family)):
        raise AccessDenied("access denied: the chip's PACE token does not verify")
    if family == "3DES":
        return bac.SecureMessaging(ks_enc, ks_mac, bytes(8))
    return AesSecureMessaging(ks_enc, ks_mac)


# --- the chip's half (simulator) ----------------------------------------------------------

class PaceCard:
    """Chip side of PACE GM: fed the data of each GENERAL AUTHENTICATE, returns 7C contents."""

    def __init__(self, info: PaceInfo, passwords: dict[int, PacePassword],
                 rng_scalar: Callable[[Curve], int] | None = None, rng: Callable[[int], bytes] = os.urandom):
        self.info = info
        self.family, self.key_len = _suite(info)
        self.curve = curve_for(info.parameter_id)
        self.passwords = passwords
        self.rng_scalar = rng_scalar or (lambda c: 1 + secrets.randbelow(c.n - 1))
        self.rng = rng
        self.step = 0
        self.password: PacePassword | None = None

    def set_at(self, data: bytes) -> bool:
        try:
            objs = {t.tag: t.value for t in tlv.parse(data)}
        except CardDataError:
            return False
        ref = objs.get(0x83, b"\x00")[0]
        if objs.get(0x80) != _oid_bytes(self.info.oid) or ref not in self.passwords:
            return False
        self.password, self.step = self.passwords[ref], 1
        return True

    def general_authenticate(self, data: bytes):
        """(7C response data, session or None) or None on failure (the chip answers 6300)."""
        c = self.curve
        try:
            objs = {t.tag: t.value for t in tlv.parse_one(data)[0].children()}
        except CardDataError:
            return None
        if self.step == 1:
            self.s = self.rng(16)
            k_pi = _pi_key(self.password, self.family, self.key_len)
            if self.family == "3DES":
                z = bac.tdes_encrypt(k_pi, self.s)
            else:
                e = Cipher(algorithms.AES(k_pi), modes.CBC(bytes(16))).encryptor()
                z = e.update(self.s) + e.finalize()
            self.step = 2
            return _tlv(0x80, z), None
        if self.step == 2:
            sk = self.rng_scalar(c)
            try:
                h = c.mul(sk, c.decode(objs.get(0x81, b"")))
            except CardDataError:
                return None
            self.g = c.add(c.mul(int.from_bytes(self.s, "big"), c.g), h)
            self.step = 3
            return _tlv(0x82, c.encode(c.mul(sk, c.g))), None
        if self.step == 3:
            self.sk_ka = self.rng_scalar(c)
            self.pk_ic = c.encode(c.mul(self.sk_ka, self.g))
            try:
                self.pk_ifd = objs.get(0x83, b"")
                shared = c.mul(self.sk_ka, c.decode(self.pk_ifd))
            except CardDataError:
                return None
            self.ks = session_keys(shared[0].to_bytes(c.size, "big"), self.family, self.key_len)
            self.step = 4
            return _tlv(0x84, self.pk_ic), None
        if self.step == 4:
            self.step = 0
            if not hmac.compare_digest(objs.get(0x85, b""), _token(self.ks[1], self.info.oid, self.pk_ic,
                                                                 self.family)):
                return None
            sm = bac.SecureMessaging(*self.ks, bytes(8)) if self.family == "3DES" else AesSecureMessaging(*self.ks)
            return _tlv(0x86, _token(self.ks[1], self.info.oid, self.pk_ifd, self.family)), sm
        return None
