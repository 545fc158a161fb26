"""ICAO 9303 Part 11 Basic Access Control and 3DES secure messaging, both sides.

Pure functions and small classes, unit-tested byte for byte against the Part 11
worked example (Appendix D). Randomness is injected (`rng(n) -> bytes`), so the
terminal side reproduces the published transcript and the card simulator can, too.

PACE (Part 11 §4.4, generic ECDH mapping, AES secure messaging with a 16-byte SSC and
CMAC) plugs in at the same place: an access-control step that yields a session object
with `wrap(apdu)`/`unwrap(resp)` (see `SecureMessaging`); `icao.IcaoReader.open_session`
chooses PACE when EF.CardAccess carries a PACEInfo and falls back to BAC otherwise.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from typing import Callable

from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
from cryptography.hazmat.primitives.ciphers import Cipher, modes

from devices.cards.errors import AccessDenied, CardDataError, SecureMessagingError

Rng = Callable[[int], bytes]

_CHECK_VALUES = {c: i for i, c in enumerate("0123456789")}
_CHECK_VALUES.update({chr(ord("A") + i): 10 + i for i in range(26)})
_CHECK_VALUES["<"] = 0


def check_digit(field: str) -> str:
    """ICAO 9303 Part 3 check digit (weights 7-3-1)."""
    total = 0
    for i, ch in enumerate(field):
        try:
            total += _CHECK_VALUES[ch] * (7, 3, 1)[i % 3]
        except KeyError:
            raise CardDataError(f"MRZ field has an invalid character at position {i + 1}") from None
    return str(total % 10)


def mrz_information(document_number: str, birth_date: str, expiry_date: str) -> str:
    """Document number (padded to 9 with '<'), birth date, expiry, each with its check digit."""
    doc = document_number.upper().replace(" ", "")
    if len(doc) < 9:
        doc = doc + "<" * (9 - len(doc))
    return doc + check_digit(doc) + birth_date + check_digit(birth_date) + expiry_date + check_digit(expiry_date)


def _adjust_parity(key: bytes) -> bytes:
    out = bytearray(key)
    for i, b in enumerate(out):
        ones = bin(b >> 1).count("1")
        out[i] = (b & 0xFE) | (0 if ones % 2 else 1)
    return bytes(out)


def kdf(seed: bytes, counter: int) -> bytes:
    """3DES key (16 bytes, parity adjusted) from a seed: SHA-1(seed || counter)[:16]."""
    return _adjust_parity(hashlib.sha1(seed + counter.to_bytes(4, "big")).digest()[:16])


def bac_keys(mrz_info: str) -> tuple[bytes, bytes]:
    seed = hashlib.sha1(mrz_info.encode("ascii")).digest()[:16]
    return kdf(seed, 1), kdf(seed, 2)


def _tdes(key16: bytes):
    return TripleDES(key16 + key16[:8])


def tdes_encrypt(key16: bytes, data: bytes, iv: bytes = bytes(8)) -> bytes:
    enc = Cipher(_tdes(key16), modes.CBC(iv)).encryptor()
    return enc.update(data) + enc.finalize()


def tdes_decrypt(key16: bytes, data: bytes, iv: bytes = bytes(8)) -> bytes:
    if len(data) % 8:
        raise SecureMessagingError(f"encrypted data length {len(data)} is not a multiple of 8")
    dec = Cipher(_tdes(key16), modes.CBC(iv)).decryptor()
    return dec.update(data) + dec.finalize()


def pad(data: bytes) -> bytes:
    """ISO 9797-1 padding method 2 (80 00 ...) to a multiple of 8."""
    data = data + b"\x80"
    return data + bytes(-len(data) % 8)


def unpad(data: bytes) -> bytes:
    i = data.rfind(b"\x80")
    if i < 0 or any(data[i + 1:]):
        raise SecureMessagingError("secure messaging: bad padding in decrypted data")
    return data[:i]


def mac(key16: bytes, data: bytes) -> bytes:
    """ISO 9797-1 MAC algorithm 3 (retail MAC) with padding method 2, DES, 8 bytes."""
    k1, k2 = key16[:8], key16[8:16]
    data = pad(data)
    single = Cipher(TripleDES(k1 * 3), modes.CBC(bytes(8))).encryptor()
    h = (single.update(data) + single.finalize())[-8:]
    h = Cipher(TripleDES(k2 * 3), modes.ECB()).decryptor().update(h)
    return Cipher(TripleDES(k1 * 3), modes.ECB()).encryptor().update(h)


class SecureMessagingBase:
    """ISO 7816-4 secure messaging as ICAO 9303 uses it, both sides; the cipher suite
    (3DES here, AES in pace.py) supplies `_encrypt`, `_decrypt`, `_mac` and the block size.

    The SSC is incremented before each command MAC and before each response MAC. The
    card side (`wrap_response`/`unwrap_command`) is used by the simulator.
    """

    block = 8

    def __init__(self, ks_enc: bytes, ks_mac: bytes, ssc: bytes):
        self.ks_enc, self.ks_mac = ks_enc, ks_mac
        self.ssc = int.from_bytes(ssc, "big")

    def _encrypt(self, ssc: bytes, data: bytes) -> bytes:
        raise NotImplementedError

    def _decrypt(self, ssc: bytes, data: bytes) -> bytes:
        raise NotImplementedError

    def _mac(self, data: bytes) -> bytes:
        raise NotImplementedError

    def _next_ssc(self) -> bytes:
        self.ssc = (self.ssc + 1) % (1 << (8 * self.block))
        return self.ssc.to_bytes(self.block, "big")

    def _pad(self, data: bytes) -> bytes:
        data = data + b"\x80"
        return data + bytes(-len(data) % self.block)

    @staticmethod
    def _objects(buf: bytes) -> tuple[dict, bytes]:
        """Data objects by tag, and the bytes the MAC covers (every object but 8E)."""
        objs, covered, pos = {}, b"", 0
        try:
            while pos < len(buf):
                start = pos
                tag = buf[pos]
                length, pos = _read_len(buf, pos + 1)
                value = buf[pos:pos + length]
                if len(value) != length:
                    raise SecureMessagingError("secure messaging: truncated object")
                pos += length
                objs[tag] = value
                if tag != 0x8E:
                    covered += buf[start:pos]
        except IndexError:
            raise SecureMessagingError("secure messaging: truncated object") from None
        return objs, covered

    # --- terminal side -------------------------------------------------
    def wrap(self, apdu: bytes) -> bytes:
        cla, ins, p1, p2 = apdu[:4]
        data, le = _split_apdu(apdu)
        header = bytes([cla | 0x0C, ins, p1, p2])
        ssc = self._next_ssc()
        do87 = _tlv(0x87, b"\x01" + self._encrypt(ssc, data)) if data else b""
        do97 = _tlv(0x97, bytes([le & 0xFF])) if le is not None else b""
        do8e = _tlv(0x8E, self._mac(ssc + self._pad(header) + do87 + do97))
        body = do87 + do97 + do8e
        return header + bytes([len(body)]) + body + b"\x00"

    def unwrap(self, resp: bytes, sw: int) -> tuple[bytes, int]:
        """Check the response MAC and decrypt. A response without SM (error SW) passes through."""
        ssc = self._next_ssc()
        if not resp:
            if sw in (0x6987, 0x6988) or sw & 0xFF00 != 0x9000:
                return b"", sw
            raise SecureMessagingError("secure messaging: response without MAC")
        objs, covered = self._objects(resp)
        if 0x8E not in objs:
            raise SecureMessagingError("secure messaging: response MAC missing")
        if not hmac.compare_digest(self._mac(ssc + covered), objs[0x8E]):
            raise SecureMessagingError("secure messaging: response MAC does not verify")
        do99 = objs.get(0x99)
        inner_sw = int.from_bytes(do99, "big") if do99 and len(do99) == 2 else sw
        data = b""
        if objs.get(0x87):
            if objs[0x87][0] != 0x01:
                raise SecureMessagingError("secure messaging: unknown padding indicator")
            data = self._decrypt(ssc, objs[0x87][1:])
        return data, inner_sw

    # --- card side (simulator) -------------------------------------------
    def unwrap_command(self, apdu: bytes) -> bytes:
        """Verify and decrypt a protected command; returns the plain APDU."""
        ssc = self._next_ssc()
        if len(apdu) < 6:
            raise SecureMessagingError("protected command too short")
        header = apdu[:4]
        objs, covered = self._objects(apdu[5:5 + apdu[4]])
        if 0x8E not in objs or not hmac.compare_digest(self._mac(ssc + self._pad(header) + covered), objs[0x8E]):
            raise SecureMessagingError("command MAC does not verify")
        out = bytes([header[0] & ~0x0C & 0xFF]) + header[1:4]
        data = self._decrypt(ssc, objs[0x87][1:]) if 0x87 in objs else b""
        if data:
            out += bytes([len(data)]) + data
        if 0x97 in objs:
            out += objs[0x97]
        return out

    def wrap_response(self, data: bytes, sw: int) -> bytes:
        ssc = self._next_ssc()
        do87 = _tlv(0x87, b"\x01" + self._encrypt(ssc, data)) if data else b""
        do99 = _tlv(0x99, sw.to_bytes(2, "big"))
        return do87 + do99 + _tlv(0x8E, self._mac(ssc + do87 + do99)) + sw.to_bytes(2, "big")


class SecureMessaging(SecureMessagingBase):
    """3DES secure messaging (BAC, PACE 3DES suites): zero IV, 8-byte SSC, retail MAC."""

    block = 8

    def _encrypt(self, ssc: bytes, data: bytes) -> bytes:
        return tdes_encrypt(self.ks_enc, pad(data))

    def _decrypt(self, ssc: bytes, data: bytes) -> bytes:
        return unpad(tdes_decrypt(self.ks_enc, data))

    def _mac(self, data: bytes) -> bytes:
        return mac(self.ks_mac, data)


def _read_len(buf: bytes, pos: int) -> tuple[int, int]:
    b = buf[pos]
    if b < 0x80:
        return b, pos + 1
    n = b & 0x7F
    return int.from_bytes(buf[pos + 1:pos + 1 + n], "big"), pos + 1 + n


def _tlv(tag: int, value: bytes) -> bytes:
    n = len(value)
    if n < 0x80:
        ln = bytes([n])
    elif n < 0x100:
        ln = bytes([0x81, n])
    else:
        ln = bytes([0x82]) + n.to_bytes(2, "big")
    return bytes([tag]) + ln + value


def _split_apdu(apdu: bytes) -> tuple[bytes, int | None]:
    """Short APDUs only: (data, Le or None). Le=0 means 256."""
    body = apdu[4:]
    if not body:
        return b"", None
    if len(body) == 1:
        return b"", body[0]
    lc = body[0]
    data = body[1:1 + lc]
    rest = body[1 + lc:]
    return data, (rest[0] if rest else None)


# --- BAC, terminal side ------------------------------------------------------

def bac_authenticate(transmit, mrz_info: str, rng: Rng = os.urandom) -> SecureMessaging:
    """GET CHALLENGE + EXTERNAL AUTHENTICATE; returns the SM session.

    `transmit(apdu) -> (data, sw)`. Raises AccessDenied when the chip refuses the keys.
    """
    k_enc, k_mac = bac_keys(mrz_info)
    rnd_ic, sw = transmit(bytes.fromhex("0084000008"))
    if sw != 0x9000 or len(rnd_ic) != 8:
        raise AccessDenied(f"access denied: chip refused GET CHALLENGE (SW {sw:04X})")
    rnd_ifd, k_ifd = rng(8), rng(16)
    e_ifd = tdes_encrypt(k_enc, rnd_ifd + rnd_ic + k_ifd)
    m_ifd = mac(k_mac, e_ifd)
    resp, sw = transmit(bytes.fromhex("0082000028") + e_ifd + m_ifd + b"\x28")
    if sw in (0x6300, 0x6982) or (sw == 0x9000 and len(resp) != 40):
        raise AccessDenied("access denied: check document number and dates")
    if sw != 0x9000:
        raise AccessDenied(f"access denied: chip refused EXTERNAL AUTHENTICATE (SW {sw:04X}); "
                           "check document number and dates")
    if not hmac.compare_digest(mac(k_mac, resp[:32]), resp[32:40]):
        raise AccessDenied("access denied: chip answer does not verify; check document number and dates")
    r = tdes_decrypt(k_enc, resp[:32])
    if r[:8] != rnd_ic or r[8:16] != rnd_ifd:
        raise AccessDenied("access denied: chip answer does not match the challenge")
    k_ic = r[16:32]
    seed = bytes(a ^ b for a, b in zip(k_ifd, k_ic))
    return SecureMessaging(kdf(seed, 1), kdf(seed, 2), rnd_ic[4:] + rnd_ifd[4:])


# --- BAC, card side (simulator) ----------------------------------------------

class BacCard:
    """The chip's half of BAC: answers GET CHALLENGE / EXTERNAL AUTHENTICATE."""

    def __init__(self, mrz_info: str, rng: Rng = os.urandom):
        self.k_enc, self.k_mac = bac_keys(mrz_info)
        self.rng = rng
        self.rnd_ic: bytes | None = None

    def get_challenge(self) -> bytes:
        self.rnd_ic = self.rng(8)
        return self.rnd_ic

    def external_authenticate(self, data: bytes) -> tuple[bytes, SecureMessaging] | None:
        """Returns (response, session) or None when authentication fails (card answers 6300)."""
        if self.rnd_ic is None or len(data) != 40:
            return None
        if not hmac.compare_digest(mac(self.k_mac, data[:32]), data[32:]):
            return None
        s = tdes_decrypt(self.k_enc, data[:32])
        rnd_ifd, rnd_ic, k_ifd = s[:8], s[8:16], s[16:32]
        if rnd_ic != self.rnd_ic:
            return None
        k_ic = self.rng(16)
        e_ic = tdes_encrypt(self.k_enc, rnd_ic + rnd_ifd + k_ic)
        seed = bytes(a ^ b for a, b in zip(k_ifd, k_ic))
        self.rnd_ic = None
        return e_ic + mac(self.k_mac, e_ic), SecureMessaging(kdf(seed, 1), kdf(seed, 2), rnd_ic[4:] + rnd_ifd[4:])
