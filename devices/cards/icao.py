"""Reading an ICAO 9303 eMRTD through any `Transport`.

`IcaoReader(transport).read(AccessKey.from_mrz(...))` returns an `IcaoDocument` or
raises a typed `CardError`; there is never a partial document.

Flow (Part 10/11): probe EF.CardAccess (PACEInfo?) -> SELECT the eMRTD application ->
access control -> EF.COM, EF.SOD and every data group they list that we may read
(DG3/DG4 need EAC and are skipped) -> Active Authentication when the chip has DG15
(active_auth.py: INTERNAL AUTHENTICATE over a fresh 8-byte challenge) -> passive
authentication.

Access control (`_access_control()`): PACE (pace.py: ECDH generic mapping or CAM, MRZ or
CAN password) when EF.CardAccess offers a protocol we implement, BAC otherwise; both
yield a session with the same `wrap`/`unwrap` methods. With PACE the application is
selected after authentication, under secure messaging.

READ BINARY: files are read by short file identifier; the first chunk asks for up to
224 bytes, and the size falls back 224 -> 192 -> 160 -> 128 -> 112 on 6700/6B00/6282/
6Cxx (cached for the session). SM errors (6987/6988, bad MAC) re-establish the session
once and resume at the same offset.
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass, field
from typing import Callable

from devices.cards import bac, lds, tlv
from devices.cards.errors import AccessDenied, CardDataError, CardError, SecureMessagingError
from devices.cards.passive_auth import CscaStore, PassiveAuthResult, passive_authenticate

log = logging.getLogger(__name__)

AID_EMRTD = bytes.fromhex("A0000002471001")
CHUNK_SIZES = (224, 192, 160, 128, 112)
EAC_PROTECTED = {3, 4}
SFI = {lds.FID_COM: 0x1E, lds.FID_SOD: 0x1D, lds.FID_CARD_ACCESS: 0x1C}
SFI.update({lds.dg_fid(n): n for n in range(1, 17)})


@dataclass(frozen=True)
class AccessKey:
    """What the citizen or clerk typed (or OCR read): MRZ data, or a CAN for PACE."""

    document_number: str = ""
    birth_date: str = ""     # YYMMDD
    expiry_date: str = ""    # YYMMDD
    can: str = ""

    @classmethod
    def from_mrz(cls, document_number: str, birth_date: str, expiry_date: str) -> "AccessKey":
        return cls(document_number.strip().upper(), birth_date.strip(), expiry_date.strip())

    def mrz_information(self) -> str:
        return bac.mrz_information(self.document_number, self.birth_date, self.expiry_date)


@dataclass
class IcaoDocument:
    com: dict
    mrz: dict                      # fields of DG1 (see mrz_fields.parse_mrz)
    photo: lds.FaceImage | None
    photo_problem: str
    dg11: dict
    dg12: dict
    raw: dict[int, bytes]          # data groups as read (for hashing, storage)
    sod: bytes
    passive_auth: PassiveAuthResult
    apdu_count: int = 0
    elapsed_ms: float = 0.0
    transport_ms: float = 0.0
    access: str = "BAC"
    skipped: list[str] = field(default_factory=list)
    active_auth: object = None     # active_auth.ActiveAuthResult (performed=False without DG15)


class IcaoReader:
    def __init__(self, transport, *, rng: Callable[[int], bytes] = os.urandom,
                 progress: Callable[[str, int, int], None] | None = None,
                 chunk_sizes: tuple[int, ...] = CHUNK_SIZES, clock=time.perf_counter, rng_scalar=None):
        self.t = transport
        self.rng = rng
        self.rng_scalar = rng_scalar   # PACE ephemeral keys (tests inject them)
        self.access = "BAC"
        self.progress = progress or (lambda what, done, total: None)
        self.chunks = list(chunk_sizes)
        self.chunk_idx = 0
        self.sm: bac.SecureMessaging | None = None
        self.key: AccessKey | None = None
        self.recovered = False
        self.pace_offered = False
        self.pace_infos: list = []
        self.clock = clock

    # --- APDU helpers --------------------------------------------------------------
    def _plain(self, apdu: bytes) -> tuple[bytes, int]:
        return self.t.transmit(apdu)

    def _secure(self, apdu: bytes) -> tuple[bytes, int]:
        """One command under SM; a 6Cxx answer resends the *plain* command with the new Le."""
        assert self.sm is not None
        data, sw = self.sm.unwrap(*self.t.transmit(self.sm.wrap(apdu), fix_le=False))
        if sw >> 8 == 0x6C and len(apdu) == 5:
            data, sw = self.sm.unwrap(*self.t.transmit(self.sm.wrap(apdu[:4] + bytes([sw & 0xFF])), fix_le=False))
        return data, sw

    def _cmd(self, apdu: bytes) -> tuple[bytes, int]:
        return self._secure(apdu) if self.sm else self._plain(apdu)

    # --- session ------------------------------------------------------------------
    def _select_application(self) -> None:
        _, sw = self._cmd(b"\x00\xA4\x04\x0C\x07" + AID_EMRTD)
        if sw != 0x9000:
            raise CardError(f"this card has no ICAO passport application (SW {sw:04X}); "
                            "use a passport or an ICAO ID card")

    def _pace(self) -> bool:
        """PACE when EF.CardAccess offers a protocol we implement; False when BAC must do."""
        from devices.cards.pace import PacePassword, choose_info, pace_authenticate
        assert self.key is not None
        try:
            choose_info(self.pace_infos)
        except CardDataError:
            return False
        pw = PacePassword(mrz_information=self.key.mrz_information()) if self.key.document_number \
            else PacePassword(can=self.key.can)
        self.sm = pace_authenticate(self._plain, self.pace_infos, pw, self.rng_scalar)
        self.access = "PACE"
        return True

    def _access_control(self) -> None:
        """PACE (MRZ or CAN) when the chip offers it, else BAC (MRZ only)."""
        assert self.key is not None
        self.access = "BAC"
        if self.pace_offered:
            try:
                if self._pace():
                    self._select_application()
                    return
            except AccessDenied:
                raise
            except CardError as e:  # PACE broken on this chip (not a wrong password): BAC may still work
                log.info("PACE failed (%s); falling back to BAC", e)
                self.sm = None
                self.access = "BAC"
                self.t.reconnect()
        if not self.key.document_number:
            raise AccessDenied("access denied: this chip does not accept the CAN; "
                               "enter the document number and dates instead")
        self._select_application()
        self.sm = bac.bac_authenticate(self._plain, self.key.mrz_information(), self.rng)

    def open_session(self, key: AccessKey) -> None:
        self.key = key
        self.sm = None
        # EF.CardAccess in the MF, readable without authentication: PACEInfo present?
        self.pace_infos = self._read_card_access()
        self.pace_offered = bool(self.pace_infos)
        self._access_control()

    def _read_card_access(self) -> list:
        """PACEInfos of EF.CardAccess (empty when absent; a malformed file counts as absent)."""
        from devices.cards.pace import parse_card_access
        for first_le in (0x00, 0x04):  # Le=00 reads a small file whole; strict chips want a header first
            data, sw = self._plain(bytes([0x00, 0xB0, 0x80 | 0x1C, 0x00, first_le]))
            if sw not in (0x6700, 0x6B00):
                break
        if sw not in (0x9000, 0x6282) or not data:
            return []
        try:
            _h, total = tlv.header_length(data)
            while len(data) < total and total <= 0x7FFF:
                more, sw = self._plain(bytes([0x00, 0xB0, len(data) >> 8, len(data) & 0xFF,
                                              min(0xE0, total - len(data))]))
                if sw not in (0x9000, 0x6282) or not more:
                    break
                data += more
            return parse_card_access(data[:total])
        except CardDataError:
            log.info("EF.CardAccess present but malformed; using BAC")
            return []

    def _reestablish(self) -> None:
        log.info("secure messaging lost; re-establishing the session once")
        self.recovered = True
        self.sm = None
        self.t.reconnect()
        self._access_control()

    # --- files ------------------------------------------------------------------------
    def _read_binary(self, fid: int, offset: int, le: int, first: bool) -> tuple[bytes, int]:
        if first:
            apdu = bytes([0x00, 0xB0, 0x80 | SFI[fid], 0x00, le & 0xFF])
        else:
            if offset > 0x7FFF:
                raise CardDataError(f"file {fid:04X} longer than 32767 bytes (offset {offset})")
            apdu = bytes([0x00, 0xB0, offset >> 8, offset & 0xFF, le & 0xFF])
        return self._cmd(apdu)

    def _select(self, fid: int) -> int:
        _, sw = self._cmd(b"\x00\xA4\x02\x0C\x02" + fid.to_bytes(2, "big"))
        return sw

    def read_file(self, fid: int, name: str) -> bytes | None:
        """The whole file, or None when it is absent (6A82) or protected (6982)."""
        buf = bytearray()
        total = None
        selected = False
        while total is None or len(buf) < total:
            le = self.chunks[self.chunk_idx]
            if total is not None:
                le = min(le, total - len(buf))
            try:
                if not buf and not selected:
                    data, sw = self._read_binary(fid, 0, le, first=True)
                    if sw in (0x6A82, 0x6982, 0x6A86, 0x6A81) and not data:
                        # SFI not accepted by some chips: SELECT, then plain offsets
                        ssw = self._select(fid)
                        if ssw in (0x6A82, 0x6982):
                            return None
                        if ssw != 0x9000:
                            raise CardError(f"{name}: SELECT failed (SW {ssw:04X}); lift and replace the document")
                        selected = True
                        continue
                else:
                    data, sw = self._read_binary(fid, len(buf), le, first=False)
            except SecureMessagingError:
                sw, data = 0x6988, b""
            if sw in (0x6987, 0x6988):
                if self.recovered:
                    raise SecureMessagingError(f"{name}: secure messaging failed twice (SW {sw:04X}); "
                                               "lift and replace the document")
                self._reestablish()
                selected = False
                if buf:  # resume at the same offset: the file must be current again
                    if self._select(fid) != 0x9000:
                        raise CardError(f"{name}: cannot select the file after re-authentication")
                    selected = True
                continue
            if sw in (0x9000, 0x6282) and data:
                buf += data
                if total is None:
                    try:
                        _h, total = tlv.header_length(bytes(buf))
                    except CardDataError:
                        if len(buf) < 6:
                            continue
                        raise CardDataError(f"{name}: malformed file header") from None
                    if total > 0x10000:
                        raise CardDataError(f"{name}: declared length {total} is implausible")
                self.progress(name, len(buf), total)
                if sw == 0x6282 and len(buf) < total:
                    raise CardDataError(f"{name}: file ends at byte {len(buf)}, before its declared length {total}")
                if len(buf) > total:
                    del buf[total:]
                continue
            if sw in (0x6700, 0x6B00, 0x6282) or sw >> 8 == 0x6C:
                if sw == 0x6B00 and total is not None and len(buf) >= total:
                    break
                if self.chunk_idx + 1 >= len(self.chunks):
                    raise CardError(f"{name}: chip refuses every READ BINARY size (SW {sw:04X})")
                self.chunk_idx += 1
                continue
            if sw in (0x6A82, 0x6982) and not buf:
                return None
            raise CardError(f"{name}: READ BINARY failed (SW {sw:04X}); lift and replace the document")
        return bytes(buf)

    # --- the whole document ------------------------------------------------------------
    def read(self, key: AccessKey, store: CscaStore | None = None, *,
             want: set[int] | None = None) -> IcaoDocument:
        t0 = self.clock()
        n0, tr0 = getattr(self.t, "apdu_count", 0), getattr(self.t, "transport_s", 0.0)
        self.recovered = False
        self.open_session(key)
        com_raw = self.read_file(lds.FID_COM, "EF.COM")
        com = lds.parse_com(com_raw) if com_raw else {"data_groups": []}
        sod = self.read_file(lds.FID_SOD, "EF.SOD")
        if sod is None:
            raise CardError("EF.SOD missing: the chip cannot be authenticated; refer the document to an officer")
        from devices.cards.passive_auth import parse_sod
        try:
            sod_dgs = set(parse_sod(sod).dg_hashes)
        except CardDataError:
            sod_dgs = set()
        listed = (set(com["data_groups"]) | sod_dgs) - EAC_PROTECTED
        if want is not None:
            listed &= want | {1}
        raw: dict[int, bytes] = {}
        skipped = []
        for n in sorted(listed):
            data = self.read_file(lds.dg_fid(n), f"DG{n}")
            if data is None:
                skipped.append(f"DG{n} not readable")
            else:
                raw[n] = data
        if 1 not in raw:
            raise CardError("DG1 (MRZ) could not be read; lift and replace the document")
        mrz = lds.parse_dg1(raw[1])
        photo, photo_problem = None, ""
        if 2 in raw:
            try:
                photo = lds.parse_dg2(raw[2])
            except CardDataError as e:
                photo_problem = str(e)
        else:
            photo_problem = "no face image (DG2) on the chip"
        dg11 = _safe(lds.parse_dg11, raw.get(11))
        dg12 = _safe(lds.parse_dg12, raw.get(12))
        from devices.cards.active_auth import ActiveAuthResult
        aa = self._active_authenticate(raw[15], raw.get(14)) if 15 in raw else \
            ActiveAuthResult(detail="not offered (no DG15)")
        pa = passive_authenticate(sod, raw, store or CscaStore())
        from devices.cards.mrz_fields import validate_with_core
        core_mrz, rule = validate_with_core(mrz["mrz"])
        mrz["core"] = core_mrz
        if rule:
            mrz["check_digits_ok"] = False
            pa.detail.append(f"DG1 MRZ fails rule {rule}")
        doc = IcaoDocument(com, mrz, photo, photo_problem, dg11, dg12, raw, sod, pa, access=self.access,
                           skipped=skipped, active_auth=aa)
        doc.apdu_count = getattr(self.t, "apdu_count", 0) - n0
        doc.transport_ms = (getattr(self.t, "transport_s", 0.0) - tr0) * 1000
        doc.elapsed_ms = (self.clock() - t0) * 1000
        return doc


    def _active_authenticate(self, dg15: bytes, dg14: bytes | None):
        """INTERNAL AUTHENTICATE with a fresh challenge, checked against DG15's key."""
        from devices.cards import active_auth
        res = active_auth.ActiveAuthResult(performed=True)
        try:
            pub = active_auth.parse_dg15(dg15)
        except CardDataError as e:
            res.detail = str(e)
            return res
        from cryptography.hazmat.primitives.asymmetric import rsa
        if isinstance(pub, rsa.RSAPublicKey) and pub.key_size > 1792:
            # the signature under SM exceeds 256 bytes: extended-length APDUs, not sent here
            return active_auth.ActiveAuthResult(False, False, f"not checked: a {pub.key_size}-bit RSA key needs "
                                                "extended-length APDUs")
        challenge = self.rng(8)
        try:
            data, sw = self._cmd(b"\x00\x88\x00\x00\x08" + challenge + b"\x00")
        except SecureMessagingError as e:
            res.detail = f"INTERNAL AUTHENTICATE answer failed secure messaging ({e})"
            return res
        if sw != 0x9000 or not data:
            res.detail = f"the chip refused INTERNAL AUTHENTICATE (SW {sw:04X})"
            return res
        res.ok, why = active_auth.verify(pub, challenge, data, active_auth.aa_hash_from_dg14(dg14))
        res.detail = why + ": the chip may be a copy" if why else "the chip signed our challenge with the DG15 key"
        return res


def _safe(parse, raw):
    if raw is None:
        return {}
    try:
        return parse(raw)
    except CardDataError as e:
        return {"problem": str(e)}
