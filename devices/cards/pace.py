"""PACE (ICAO 9303 Part 11 §4.4): what exists now and where the rest goes.

Done here (unit-tested against the Part 11 Appendix G.1 worked example):
- `parse_card_access(ef)`: the PACEInfo entries of EF.CardAccess (protocol OID,
  version, standardized domain parameter id), so the reader knows PACE is offered;
- `password_key(...)`: K_π from the MRZ information or the CAN (KDF counter 3);
- `decrypt_nonce(k_pi, z)`: the chip's encrypted nonce s (AES-CBC, zero IV).

Still to write (the reader calls it from `IcaoReader._access_control` when
`pace_offered`, before falling back to BAC): MSE:SET AT `00 22 C1 A4` with 80 = protocol
OID, 83 = password reference (01 MRZ, 02 CAN), 84 = parameter id (mandatory: cards with
several PACEInfos pick the wrong curve without it); GENERAL AUTHENTICATE x4 (`10 86 00 00`
chained, `00 86 00 00` last) for nonce, generic ECDH mapping (G' = s*G + H), key
agreement and the authentication tokens (CMAC over the other side's public key); then an
AES secure-messaging session (16-byte SSC, CMAC-8, IV = E(K_enc, SSC)) with the same
`wrap`/`unwrap` methods as `bac.SecureMessaging`. Parameter ids 8-18 map to the
standard curves (12 = P-256, 13 = brainpoolP256r1, 15 = P-384, 16 = brainpoolP384r1 ...).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from devices.cards import tlv
from devices.cards.errors import CardDataError

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
