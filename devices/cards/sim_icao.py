"""An eMRTD chip in software: BAC, 3DES secure messaging and an LDS file system.

`EmrtdCard(files, mrz_info)` answers APDUs (`process`); `VpcdCard` (vpcd.py) puts it
behind a real pcscd, `SimulatorTransport` calls it in-process. `load_dataset(path)`
builds the files from a JSON dataset:

    {"mrz": "P<UTO...88 chars...",             # TD3 88, TD2 72 or TD1 90 characters, or instead
     "mrz_fields": {"document_number": "X1234567", "birth_date": "1980-01-01", "expiry_date": "2030-01-01",
                    "surname": "SMITH", "given_names": "JOHN", "sex": "M", "issuing_state": "UTO"},
     "face_image": "face.jpg",                # relative to the dataset; JPEG or JPEG 2000
     "dg11": {"full_name": "...", "place_of_birth": "...", "address": "...", "personal_number": "..."},
     "dg12": {"issuing_authority": "...", "date_of_issue": "2020-01-31"},
     "signer": {"certificate": "dsc.pem", "key": "dsc.key.pem"},   # document signer (pki.make_dsc)
     "active_auth": {"key": "aa.key.pem", "hash": "sha1"},         # optional: DG15 + INTERNAL AUTHENTICATE
                                                                   # (RSA: ISO 9796-2; EC: ECDSA, DG14 names the hash)
     "chip": {"max_le": 224, "eof_sw": "9000",                    # optional chip quirks
              "card_access": "3114...", "can": "123456", "pace_only": false},  # PACE
     "tamper_dg": 0}                                               # >0: change that DG after signing

Quirk knobs let tests exercise the reader: `max_le` (larger Le -> 6700), `eof_sw`
(SW for a short last read), `sm_error_at` (answer 6988 once at that READ BINARY).

A RAW LDS dump (the elementary files of a real chip) is served as-is instead of being
built and signed here: `load_dump(DIR)`, or `"files": {"EF.COM": "...", "EF.SOD": "...",
"DG1": "...", "DG2": "...", "EF.CardAccess": "..."}` in a dataset (paths relative to it).
The BAC key comes from DG1's MRZ; EF.SOD is served unchanged, so passive authentication
checks the issuer's real signature. File names follow the usual conventions
(`dump_file_id`): EF_COM.bin, EF.COM, COM.bin, DG1.bin, EF_DG1.bin, dg1.bin,
Datagroup1.bin, 0101.bin ...; binary or hex text.
"""

from __future__ import annotations

import io
import json
import os
import re
from pathlib import Path
from typing import Callable

from devices.cards import bac, lds
from devices.cards.errors import CardError, InputError, SecureMessagingError

ATR = bytes.fromhex("3B8080010101")  # T=1, no historical bytes (TCK 01)
SW_OK, SW_NOT_FOUND, SW_SECURITY, SW_WRONG_LEN = 0x9000, 0x6A82, 0x6982, 0x6700


def _r(data: bytes, sw: int) -> bytes:
    return data + sw.to_bytes(2, "big")


class EmrtdCard:
    def __init__(self, files: dict[int, bytes], mrz_info: str, *, rng: Callable[[int], bytes] = os.urandom,
                 max_le: int = 256, eof_sw: int = SW_OK, sm_error_at: int | None = None,
                 card_access: bytes | None = None, can: str = "", bac_allowed: bool = True,
                 aa_key=None, aa_hash: str = "sha1"):
        self.files = dict(files)
        self.aa_key, self.aa_hash = aa_key, aa_hash
        self.can = can
        self.bac_allowed = bac_allowed
        self.mrz_info = mrz_info
        self.rng = rng
        self.max_le = max_le
        self.eof_sw = eof_sw
        self.sm_error_at = sm_error_at
        self.card_access = card_access
        self.atr = ATR
        self.reads = 0
        self.reset()

    def reset(self) -> None:
        self.app = False
        self.current: int | None = None
        self.bac = bac.BacCard(self.mrz_info, self.rng)
        self.sm = None
        self.pace = None
        if self.card_access is not None:
            from devices.cards import pace
            try:
                info = pace.choose_info(pace.parse_card_access(self.card_access))
                pw = {1: pace.PacePassword(mrz_information=self.mrz_info)}
                if self.can:
                    pw[2] = pace.PacePassword(can=self.can)
                self.pace = pace.PaceCard(info, pw, rng=self.rng)
            except Exception:  # EF.CardAccess we cannot serve: the chip offers BAC only
                self.pace = None

    def process(self, apdu: bytes) -> bytes:
        try:
            return self._process(apdu)
        except (CardError, IndexError, ValueError, KeyError):
            self.sm = None  # like a chip: an internal error ends the session, never the card
            return _r(b"", 0x6F00)

    def _process(self, apdu: bytes) -> bytes:
        if len(apdu) < 4:
            return _r(b"", SW_WRONG_LEN)
        if apdu[0] & 0x0C == 0x0C:
            if self.sm is None:
                return _r(b"", SW_SECURITY)
            try:
                plain = self.sm.unwrap_command(apdu)
            except (SecureMessagingError, IndexError, KeyError, ValueError):
                self.sm = None  # ICAO: the session ends on an SM error
                return _r(b"", 0x6988)
            data, sw = self._dispatch(plain, secure=True)
            if sw in (0x6988, 0x6987):
                self.sm = None
                return _r(b"", sw)
            return self.sm.wrap_response(data, sw)
        if self.sm is not None and apdu[1] != 0xA4:
            self.sm = None  # a plain command aborts secure messaging
        data, sw = self._dispatch(apdu, secure=False)
        return _r(data, sw)

    def _dispatch(self, apdu: bytes, secure: bool) -> tuple[bytes, int]:
        ins, p1, p2 = apdu[1], apdu[2], apdu[3]
        body = apdu[4:]
        lc_data = body[1:1 + body[0]] if len(body) > 1 else b""
        le = body[-1] if len(body) in (1,) or (len(body) > 1 and len(body) == 2 + body[0]) else None
        if ins == 0xA4:
            return self._select(p1, lc_data, secure)
        if ins == 0x22 and p1 == 0xC1 and p2 == 0xA4:
            if self.pace is None:
                return b"", 0x6A80
            return b"", SW_OK if self.pace.set_at(lc_data) else 0x6A80
        if ins == 0x86:
            if self.pace is None:
                return b"", 0x6985
            r = self.pace.general_authenticate(lc_data)
            if r is None:
                return b"", 0x6300
            data, session = r
            if session is not None:
                self.sm = session
            from devices.cards import tlv as _tlv
            return _tlv.encode(0x7C, data), SW_OK
        if ins == 0x84:
            if not self.app or not self.bac_allowed:
                return b"", 0x6985
            return self.bac.get_challenge(), SW_OK
        if ins == 0x82:
            if not self.app:
                return b"", 0x6985
            r = self.bac.external_authenticate(lc_data)
            if r is None:
                return b"", 0x6300
            resp, self.sm = r
            return resp, SW_OK
        if ins == 0xB0:
            return self._read(p1, p2, 256 if le in (None, 0) else le, secure)
        if ins == 0x88 and self.aa_key is not None:
            return self._internal_authenticate(lc_data, secure)
        return b"", 0x6D00

    def _internal_authenticate(self, challenge: bytes, secure: bool) -> tuple[bytes, int]:
        """Active Authentication: sign the terminal's challenge with the DG15 key."""
        from cryptography.hazmat.primitives.asymmetric import rsa
        from devices.cards import active_auth
        if not secure:
            return b"", SW_SECURITY
        if len(challenge) != 8:
            return b"", 0x6700
        if isinstance(self.aa_key, rsa.RSAPrivateKey):
            return active_auth.sign_rsa_9796_2(self.aa_key, challenge, self.rng, self.aa_hash), SW_OK
        return active_auth.sign_ecdsa(self.aa_key, challenge, self.aa_hash), SW_OK

    def _select(self, p1: int, data: bytes, secure: bool = False) -> tuple[bytes, int]:
        if p1 == 0x04:
            if data == bytes.fromhex("A0000002471001"):
                self.app, self.current = True, None
                if self.sm is not None and not secure:
                    self.sm = None  # a plain SELECT ends secure messaging
                self.bac = bac.BacCard(self.mrz_info, self.rng)
                return b"", SW_OK
            return b"", SW_NOT_FOUND
        fid = int.from_bytes(data, "big") if len(data) == 2 else -1
        if fid == 0x3F00:
            self.app, self.current = False, None
            return b"", SW_OK
        if fid == lds.FID_CARD_ACCESS and self.card_access is not None:
            self.current = fid
            return b"", SW_OK
        if not self.app or fid not in self.files:
            return b"", SW_NOT_FOUND
        if self.sm is None:
            return b"", SW_SECURITY
        self.current = fid
        return b"", SW_OK

    def _read(self, p1: int, p2: int, le: int, secure: bool) -> tuple[bytes, int]:
        if p1 & 0x80:
            sfi = p1 & 0x1F
            fid = {0x1E: lds.FID_COM, 0x1D: lds.FID_SOD, 0x1C: lds.FID_CARD_ACCESS}.get(sfi, 0x0100 + sfi)
            offset = p2
            if fid == lds.FID_CARD_ACCESS:
                if self.card_access is None:
                    return b"", SW_NOT_FOUND
                content = self.card_access
            else:
                if not self.app or fid not in self.files:
                    return b"", SW_NOT_FOUND
                if not secure:
                    return b"", SW_SECURITY
                content = self.files[fid]
            self.current = fid
        else:
            offset = (p1 << 8) | p2
            if self.current is None:
                return b"", 0x6986
            if self.current == lds.FID_CARD_ACCESS:
                content = self.card_access or b""
            else:
                if not secure:
                    return b"", SW_SECURITY
                content = self.files[self.current]
        self.reads += 1
        if self.sm_error_at is not None and self.reads == self.sm_error_at:
            return b"", 0x6988
        if le > self.max_le:
            return b"", SW_WRONG_LEN
        if offset > len(content):
            return b"", 0x6B00
        chunk = content[offset:offset + le]
        return chunk, (SW_OK if len(chunk) == le else self.eof_sw)


# --- datasets ------------------------------------------------------------------------

def _image_info(data: bytes) -> tuple[str, int, int]:
    from PIL import Image
    im = Image.open(io.BytesIO(data))
    fmt = {"JPEG": "jpeg", "JPEG2000": "jpeg2000"}.get(im.format or "")
    if fmt is None:
        raise InputError(f"face image: {im.format} is not JPEG or JPEG 2000")
    return fmt, im.width, im.height


def build_files(ds: dict, base: Path) -> tuple[dict[int, bytes], str]:
    """(files by FID, MRZ information for BAC) from a dataset dict; signs EF.SOD."""
    from devices.cards import pki
    from devices.cards.mrz_fields import parse_mrz
    mrz = ds.get("mrz", "")
    if isinstance(mrz, list):
        mrz = "".join(mrz)
    if not mrz and isinstance(ds.get("mrz_fields"), dict):
        mrz = _td3_from_fields(ds["mrz_fields"])
    try:
        f = parse_mrz(mrz)
        mrz_info = bac.mrz_information(f["document_number"], f["birth_date"], f["expiry_date"])
    except CardError as e:
        raise InputError(f"dataset: mrz: {e} (or give mrz_fields)") from None
    dgs = {1: lds.build_dg1(mrz)}
    if ds.get("face_image"):
        p = base / ds["face_image"]
        try:
            img = p.read_bytes()
        except OSError as e:
            raise InputError(f"dataset: face_image {p}: {e.strerror}") from None
        fmt, w, h = _image_info(img)
        dgs[2] = lds.build_dg2(img, fmt, w, h)
    if ds.get("dg11"):
        dgs[11] = lds.build_dg11(ds["dg11"])
    if ds.get("dg12"):
        dgs[12] = lds.build_dg12(ds["dg12"])
    aa = load_aa_key(ds, base)
    if aa is not None:
        dgs.update(aa_data_groups(*aa))
    signer = ds.get("signer") or {}
    if not signer.get("certificate") or not signer.get("key"):
        raise InputError("dataset: signer.certificate and signer.key are required (see `kiosk card simulate make-csca`)")
    sod = pki.build_sod(dgs, base / signer["certificate"], base / signer["key"], ds.get("hash", "sha256"))
    tamper = int(ds.get("tamper_dg") or 0)
    if tamper:
        if tamper not in dgs:
            raise InputError(f"dataset: tamper_dg {tamper} is not a data group of this chip")
        raw = bytearray(dgs[tamper])
        raw[-1] ^= 0x01  # one bit changed after signing
        dgs[tamper] = bytes(raw)
    files = {lds.dg_fid(n): raw for n, raw in dgs.items()}
    files[lds.FID_COM] = lds.build_com(sorted(dgs))
    files[lds.FID_SOD] = sod
    return files, mrz_info


def load_aa_key(ds: dict, base: Path):
    """(private key, hash name) of the dataset's "active_auth", or None."""
    spec = ds.get("active_auth")
    if not spec:
        return None
    from cryptography.hazmat.primitives.serialization import load_pem_private_key
    path = base / str(spec.get("key", ""))
    try:
        key = load_pem_private_key(path.read_bytes(), None)
    except OSError as e:
        raise InputError(f"dataset: active_auth.key {path}: {e.strerror}") from None
    except (ValueError, TypeError):
        raise InputError(f"dataset: active_auth.key {path}: not an unencrypted PEM private key") from None
    from cryptography.hazmat.primitives.asymmetric import ec, rsa
    if not isinstance(key, (rsa.RSAPrivateKey, ec.EllipticCurvePrivateKey)):
        raise InputError(f"dataset: active_auth.key {path}: RSA or EC keys only")
    default = "sha1" if isinstance(key, rsa.RSAPrivateKey) else "sha256"
    h = str(spec.get("hash", default)).lower()
    if h not in ("sha1", "sha224", "sha256", "sha384", "sha512"):
        raise InputError("dataset: active_auth.hash must be sha1, sha224, sha256, sha384 or sha512")
    return key, h


def aa_data_groups(key, hash_name: str) -> dict[int, bytes]:
    """DG15 with the public key (and, for EC, DG14 naming the hash)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from devices.cards import active_auth, tlv
    spki = key.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    out = {15: tlv.encode(0x6F, spki)}
    if isinstance(key, ec.EllipticCurvePrivateKey):
        out[14] = active_auth.dg14_with_aa_info(hash_name)
    return out


def _td3_from_fields(f: dict) -> str:
    """A passport MRZ from fields: document_number, birth_date and expiry_date (ISO dates),
    surname, given_names, and optionally sex, nationality, issuing_state, personal_number."""
    import datetime as dt
    from kiosk.identity import format_td3
    try:
        return "".join(format_td3(
            document_number=f["document_number"], birth_date=dt.date.fromisoformat(f["birth_date"]),
            expiry_date=dt.date.fromisoformat(f["expiry_date"]), surname=f["surname"],
            given_names=f.get("given_names", ""), issuing_state=f.get("issuing_state", "UTO"),
            nationality=f.get("nationality", f.get("issuing_state", "UTO")), sex=f.get("sex", "X"),
            personal_number=f.get("personal_number", "")))
    except KeyError as e:
        raise InputError(f"dataset: mrz_fields.{e.args[0]} is required") from None
    except ValueError:
        raise InputError("dataset: mrz_fields dates must be ISO dates (YYYY-MM-DD)") from None


# --- raw LDS dumps -------------------------------------------------------------------

CARD_ACCESS = "card_access"   # EF.CardAccess lives in the MF: served apart from the LDS files
_DUMP_SUFFIXES = (".bin", ".hex", ".der", ".dat", ".txt", ".raw")


def dump_file_id(name: str) -> int | str | None:
    """The file a dump file name stands for: an LDS FID, CARD_ACCESS, or None (not a chip file).

    Accepts EF_COM.bin, EF.COM, COM.bin, ef_com, EF.SOD/SOD.bin/EF_SOD.bin, DG1.bin,
    EF_DG1.bin, EF.DG1, dg1.bin, Datagroup1.bin, DataGroup1.bin, 0101.bin/011E.bin (FIDs),
    EF.CardAccess / CardAccess.bin; any of these with .bin/.hex/.der/.dat/.txt/.raw or none.
    """
    stem = name.strip()
    low = stem.lower()
    for suf in _DUMP_SUFFIXES:
        if low.endswith(suf):
            stem, low = stem[:-len(suf)], low[:-len(suf)]
            break
    key = re.sub(r"^(ef[._ -]?)", "", low)
    key = re.sub(r"[._ -]", "", key)
    if key == "com":
        return lds.FID_COM
    if key in ("sod", "dso"):
        return lds.FID_SOD
    if key == "cardaccess":
        return CARD_ACCESS
    m = re.fullmatch(r"(?:dg|datagroup)0*(\d{1,2})", key)
    if m and 1 <= int(m.group(1)) <= 16:
        return lds.dg_fid(int(m.group(1)))
    m = re.fullmatch(r"(?:ef)?(01(?:0[1-9a-f]|10|1c|1d|1e))", low)
    if m:
        fid = int(m.group(1), 16)
        return CARD_ACCESS if fid == lds.FID_CARD_ACCESS else fid
    return None


def _file_bytes(path: Path) -> bytes:
    """A dump file's bytes: binary as-is, or hex text (whitespace and colons allowed)."""
    try:
        data = path.read_bytes()
    except OSError as e:
        raise InputError(f"dump file {path}: {e.strerror}") from None
    text = data.decode("ascii", "replace")
    compact = re.sub(r"[\s:]", "", text)
    if compact and re.fullmatch(r"(?:[0-9A-Fa-f]{2})+", compact):
        return bytes.fromhex(compact)
    return data


def _files_from_paths(paths: dict[int | str, Path], origin: str) -> tuple[dict[int, bytes], str, bytes | None]:
    """(files by FID, MRZ information for BAC from DG1, EF.CardAccess or None)."""
    from devices.cards.mrz_fields import parse_mrz
    files: dict[int, bytes] = {}
    card_access = None
    for fid, path in paths.items():
        raw = _file_bytes(path)
        if fid == CARD_ACCESS:
            card_access = raw
        else:
            files[fid] = raw
    missing = [n for fid, n in ((lds.dg_fid(1), "DG1"), (lds.FID_SOD, "EF.SOD")) if fid not in files]
    if missing:
        raise InputError(f"{origin}: no {' and no '.join(missing)} file (expected e.g. DG1.bin, EF_SOD.bin)")
    try:
        mrz = lds.parse_dg1(files[lds.dg_fid(1)])
        mrz_info = bac.mrz_information(mrz["document_number"], mrz["birth_date"], mrz["expiry_date"])
    except CardError as e:
        raise InputError(f"{origin}: DG1 cannot give the BAC key ({e})") from None
    return files, mrz_info, card_access


def dump_paths(directory: str | Path) -> dict[int | str, Path]:
    d = Path(directory)
    if not d.is_dir():
        raise InputError(f"--dump: {d} is not a directory")
    found: dict[int | str, Path] = {}
    for f in sorted(d.iterdir()):
        fid = dump_file_id(f.name) if f.is_file() else None
        if fid is None:
            continue  # README, SOURCE.md, certificates ...
        if fid in found:
            raise InputError(f"--dump: {found[fid].name} and {f.name} are the same chip file; keep one")
        found[fid] = f
    return found


def load_dump(directory: str | Path, **overrides) -> EmrtdCard:
    """A chip serving the files of a raw LDS dump, unchanged (see the module docstring)."""
    files, mrz_info, card_access = _files_from_paths(dump_paths(directory), f"dump {directory}")
    kw = {"card_access": card_access} if card_access is not None else {}
    kw.update(overrides)
    return EmrtdCard(files, mrz_info, **kw)


def load_dataset(path: str | Path, **overrides) -> EmrtdCard:
    p = Path(path)
    try:
        ds = json.loads(p.read_text(encoding="utf-8"))
    except OSError as e:
        raise InputError(f"dataset {p}: {e.strerror}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise InputError(f"dataset {p}: not valid JSON ({e})") from None
    kw = {}
    if isinstance(ds.get("files"), dict):  # a raw dump: served as-is, never re-signed
        paths: dict[int | str, Path] = {}
        for name, rel in ds["files"].items():
            fid = dump_file_id(str(name))
            if fid is None:
                raise InputError(f"dataset {p}: files: {name!r} is not a chip file (EF.COM, EF.SOD, DG1..DG16, "
                                 "EF.CardAccess)")
            paths[fid] = p.parent / str(rel)
        files, mrz_info, card_access = _files_from_paths(paths, f"dataset {p}")
        if card_access is not None:
            kw["card_access"] = card_access
    else:
        files, mrz_info = build_files(ds, p.parent)
        aa = load_aa_key(ds, p.parent)
        if aa is not None:
            kw["aa_key"], kw["aa_hash"] = aa
    chip = dict(ds.get("chip") or {})
    if "max_le" in chip:
        kw["max_le"] = int(chip["max_le"])
    if "eof_sw" in chip:
        kw["eof_sw"] = int(str(chip["eof_sw"]), 16)
    if chip.get("card_access"):
        kw["card_access"] = bytes.fromhex(chip["card_access"])  # a PACEInfo: the chip offers PACE
    if chip.get("can"):
        kw["can"] = str(chip["can"])
    if chip.get("pace_only"):
        kw["bac_allowed"] = False
    kw.update(overrides)
    return EmrtdCard(files, mrz_info, **kw)
