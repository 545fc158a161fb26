"""Chinese resident ID readers: the GA/T 467 SAM "business terminal" serial protocol.

Frames (every multi-byte number big-endian):

    host -> SAM:  AA AA AA 96 69 | LEN(2) | CMD PARA [data] | CHK
    SAM -> host:  AA AA AA 96 69 | LEN(2) | SW1 SW2 SW3 [data] | CHK
    LEN counts the bytes after itself, CHK included; CHK = XOR of LEN..last data byte.

`FrameDecoder.feed()` accepts bytes in any pieces and yields whole `Response`s; a bad
checksum or length raises `FrameError`. `Ga467Reader` (pyserial) finds, selects and
reads a card at the reader's pace (no faster than every 300 ms). `parse_base_info()`
reads the 256-byte UCS-2LE text of the three card types:

- resident ID (居民身份证): name, sex, nation, birth, address, ID number, authority, validity;
- 'J' at byte 248: Hong Kong/Macau/Taiwan residence permit (港澳台居民居住证), the same
  layout without nation, plus pass number (bytes 220-237) and issue count (238-241);
- 'I' at byte 248: foreign permanent resident ID (外国人永久居留身份证, 2017 layout):
  English name 0-119, sex 120, card number 122-151, nationality code 152-157, Chinese
  name 158-187, valid from 188, valid to 204, birth 220, version 236, authority code 240.
  (Layout after the public vendor SDK documentation; not checked against GA/T 467 itself.)

The 1024-byte WLT photo needs the reader vendor's closed decoder: `load_wlt_decoder(path)`
loads it with ctypes ("lib.so" or "lib.so:symbol", default symbol `unpack`); without it
the UI says that the photo cannot be shown.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import dataclass, field
from typing import Iterator

from devices.cards.errors import CardError, CardRemoved, FrameError, ReaderTimeout

log = logging.getLogger(__name__)

PREAMBLE = b"\xAA\xAA\xAA\x96\x69"
MAX_LEN = 4096  # the largest reply (base info + fingerprint) is 2321 bytes

CMD_RESET = (0x10, 0xFF)
CMD_STATUS = (0x11, 0xFF)
CMD_SAM_ID = (0x12, 0xFF)
CMD_FIND = (0x20, 0x01)
CMD_SELECT = (0x20, 0x02)
CMD_READ_BASE = (0x30, 0x01)
CMD_READ_BASE_FP = (0x30, 0x10)

SW3_MESSAGES = {
    0x90: "success",
    0x91: "the card has no content for this item",
    0x9F: "card found",
    0x10: "the SAM received a frame with a wrong checksum",
    0x11: "the SAM received a frame with a wrong length",
    0x21: "the SAM does not know this command",
    0x23: "operation not authorised",
    0x24: "unrecognised error",
    0x31: "the card failed to authenticate the SAM",
    0x32: "the SAM failed to authenticate the card",
    0x33: "information verification error",
    0x40: "unknown card type",
    0x41: "reading the card failed",
    0x47: "getting a random number failed",
    0x60: "the SAM failed its self-test",
    0x66: "the SAM is not authorised",
    0x80: "no card found",
    0x81: "selecting the card failed",
}

NATIONS = ["汉", "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白", "土家",
           "哈尼", "哈萨克", "傣", "黎", "傈僳", "佤", "畲", "高山", "拉祜", "水", "东乡", "纳西", "景颇", "柯尔克孜",
           "土", "达斡尔", "仫佬", "羌", "布朗", "撒拉", "毛南", "仡佬", "锡伯", "阿昌", "普米", "塔吉克", "怒",
           "乌孜别克", "俄罗斯", "鄂温克", "德昂", "保安", "裕固", "京", "塔塔尔", "独龙", "鄂伦春", "赫哲", "门巴",
           "珞巴", "基诺"]
NATION_CODES = {f"{i + 1:02d}": n for i, n in enumerate(NATIONS)}
NATION_CODES.update({"97": "其他", "98": "外国血统中国籍人士"})
SEX_CODES = {"1": "M", "2": "F", "0": "X", "9": "X"}
LONG_TERM = "长期"


def sw3_message(sw3: int) -> str:
    return SW3_MESSAGES.get(sw3, f"unknown status 0x{sw3:02X}")


def xor(data: bytes) -> int:
    c = 0
    for b in data:
        c ^= b
    return c


def encode_frame(body: bytes) -> bytes:
    """Any frame: preamble + LEN + body + CHK."""
    ln = (len(body) + 1).to_bytes(2, "big")
    return PREAMBLE + ln + body + bytes([xor(ln + body)])


def encode_command(cmd: int, para: int, data: bytes = b"") -> bytes:
    return encode_frame(bytes([cmd, para]) + data)


def encode_response(sw3: int, data: bytes = b"", sw1: int = 0, sw2: int = 0) -> bytes:
    return encode_frame(bytes([sw1, sw2, sw3]) + data)


@dataclass(frozen=True)
class Response:
    sw1: int
    sw2: int
    sw3: int
    data: bytes

    @property
    def ok(self) -> bool:
        return self.sw3 in (0x90, 0x9F)


class FrameDecoder:
    """Reassembles SAM replies from serial pieces. Garbage before a preamble is skipped."""

    def __init__(self, max_len: int = MAX_LEN):
        self.buf = bytearray()
        self.max_len = max_len

    def feed(self, data: bytes) -> Iterator[Response]:
        self.buf += data
        while True:
            i = self.buf.find(PREAMBLE)
            if i < 0:
                # keep a possible partial preamble at the end
                del self.buf[:max(0, len(self.buf) - (len(PREAMBLE) - 1))]
                return
            if i:
                del self.buf[:i]
            if len(self.buf) < 7:
                return
            ln = int.from_bytes(self.buf[5:7], "big")
            if ln < 4 or ln > self.max_len:
                del self.buf[:5]  # cannot be a reply: drop this preamble, resynchronise
                raise FrameError(f"GA/T 467 frame with an impossible length {ln} at byte 5")
            if len(self.buf) < 7 + ln:
                return
            frame = bytes(self.buf[:7 + ln])
            del self.buf[:7 + ln]
            if xor(frame[5:-1]) != frame[-1]:
                raise FrameError(f"GA/T 467 frame checksum wrong at byte {len(frame) - 1} "
                                 f"(got {frame[-1]:02X}, expected {xor(frame[5:-1]):02X})")
            yield Response(frame[7], frame[8], frame[9], frame[10:-1])


def decode_frames(data: bytes) -> list[Response]:
    """All complete replies in `data` (tests, fuzzing)."""
    return list(FrameDecoder().feed(data))


# --- base info ------------------------------------------------------------------------

@dataclass
class BaseInfo:
    card_type: str                 # resident | hk_mo_tw_permit | foreign_permanent
    name: str
    sex: str                       # M, F, X
    nation: str                    # ethnic group name (resident) or nationality code (foreign)
    birth_date: str                # ISO
    address: str
    id_number: str
    authority: str
    valid_from: str                # ISO
    valid_to: str                  # ISO or "long-term"
    photo_wlt: bytes = b""
    fingerprint: bytes = b""
    extra: dict = field(default_factory=dict)
    id_number_valid: bool = False


def _u(text: bytes, a: int, b: int) -> str:
    return text[a:b].decode("utf-16-le", errors="replace").replace("\x00", "").strip()


def _iso8(s: str) -> str:
    s = s.strip()
    if s == LONG_TERM:
        return "long-term"
    if len(s) == 8 and s.isdigit():
        try:
            return dt.date(int(s[:4]), int(s[4:6]), int(s[6:8])).isoformat()
        except ValueError:
            pass
    raise CardError("GA/T 467 text: a date field is not YYYYMMDD; lift the card and place it again")


def _check_id(number: str, permit: bool = False) -> bool:
    """GB 11643 through the core's validator; a residence permit's number must also carry
    one of the permit address codes (810000/820000/830000)."""
    from kiosk.identity import is_valid_resident_id
    from kiosk.identity.gb11643 import PERMIT_ADDRESS_CODES
    if permit and number[:6] not in PERMIT_ADDRESS_CODES:
        return False
    return is_valid_resident_id(number)


def parse_base_info(text: bytes, photo: bytes = b"", fingerprint: bytes = b"") -> BaseInfo:
    if len(text) != 256:
        raise FrameError(f"GA/T 467 text block has {len(text)} bytes (expected 256)")
    kind = text[248:250].decode("utf-16-le", errors="replace")
    if kind == "I":
        english = _u(text, 0, 120)
        chinese = _u(text, 158, 188)
        info = BaseInfo("foreign_permanent", chinese or english, SEX_CODES.get(_u(text, 120, 122), "X"),
                        _u(text, 152, 158), _iso8(_u(text, 220, 236)), "", _u(text, 122, 152),
                        _u(text, 240, 248), _iso8(_u(text, 188, 204)), _iso8(_u(text, 204, 220)),
                        photo, fingerprint, {"english_name": english, "chinese_name": chinese,
                                             "card_version": _u(text, 236, 240)})
        info.id_number_valid = len(info.id_number) in (15, 18)
        return info
    card_type = "hk_mo_tw_permit" if kind == "J" else "resident"
    nation_code = _u(text, 32, 36)
    info = BaseInfo(card_type, _u(text, 0, 30), SEX_CODES.get(_u(text, 30, 32), "X"),
                    NATION_CODES.get(nation_code, "") if card_type == "resident" else "",
                    _iso8(_u(text, 36, 52)), _u(text, 52, 122), _u(text, 122, 158), _u(text, 158, 188),
                    _iso8(_u(text, 188, 204)), _iso8(_u(text, 204, 220)), photo, fingerprint)
    if card_type == "hk_mo_tw_permit":
        info.extra = {"pass_number": _u(text, 220, 238), "issue_count": _u(text, 238, 242)}
    else:
        info.extra = {"nation_code": nation_code}
    info.id_number_valid = _check_id(info.id_number, permit=card_type == "hk_mo_tw_permit")
    return info


def build_base_text(info: dict) -> bytes:
    """The 256-byte text block from fields (simulator and tests). Dates as YYYYMMDD or 长期."""
    def f(s: str, nbytes: int) -> bytes:
        b = s.encode("utf-16-le")[:nbytes]
        return b + " ".encode("utf-16-le") * ((nbytes - len(b)) // 2)
    if info.get("card_type") == "foreign_permanent":
        t = (f(info["english_name"], 120) + f(info["sex"], 2) + f(info["id_number"], 30) + f(info["nation"], 6) +
             f(info.get("name", ""), 30) + f(info["valid_from"], 16) + f(info["valid_to"], 16) + f(info["birth"], 16) +
             f(info.get("card_version", "01"), 4) + f(info["authority"], 8) + f("I", 2) + f("", 6))
    else:
        tail = f("", 36)
        if info.get("card_type") == "hk_mo_tw_permit":
            tail = f(info["pass_number"], 18) + f(info["issue_count"], 4) + f("", 6) + f("J", 2) + f("", 6)
        t = (f(info["name"], 30) + f(info["sex"], 2) + f(info.get("nation", ""), 4) + f(info["birth"], 16) +
             f(info["address"], 70) + f(info["id_number"], 36) + f(info["authority"], 30) +
             f(info["valid_from"], 16) + f(info["valid_to"], 16) + tail)
    assert len(t) == 256, len(t)
    return t


def split_base_reply(data: bytes, with_fingerprint: bool) -> tuple[bytes, bytes, bytes]:
    """(text, photo, fingerprint) from the data of a 30 01 / 30 10 reply."""
    if with_fingerprint:
        if len(data) < 6:
            raise FrameError("GA/T 467 base info reply too short for its length fields")
        tl, pl, fl = (int.from_bytes(data[i:i + 2], "big") for i in (0, 2, 4))
        off = 6
    else:
        if len(data) < 4:
            raise FrameError("GA/T 467 base info reply too short for its length fields")
        tl, pl = int.from_bytes(data[0:2], "big"), int.from_bytes(data[2:4], "big")
        fl, off = 0, 4
    if off + tl + pl + fl != len(data):
        raise FrameError(f"GA/T 467 base info lengths ({tl}+{pl}+{fl}) do not match the reply ({len(data) - off})")
    return data[off:off + tl], data[off + tl:off + tl + pl], data[off + tl + pl:]


# --- WLT photo plug-in --------------------------------------------------------------------

class WltDecoder:
    """The vendor's WLT decoder through ctypes: int fn(const char *wlt, char *out, int save_bmp).

    Output 38862 bytes ("BM" file) or 38556 bytes of 102x126 BGR; returned as PNG bytes."""

    def __init__(self, spec: str):
        import ctypes
        path, _, symbol = spec.partition(":")
        self.lib = ctypes.CDLL(path)
        self.fn = getattr(self.lib, symbol or "unpack")
        self.fn.restype = ctypes.c_int
        self._ctypes = ctypes

    def decode(self, wlt: bytes) -> bytes | None:
        import io
        from PIL import Image
        c = self._ctypes
        src = c.create_string_buffer(bytes(wlt), len(wlt))
        out = c.create_string_buffer(38862 + 1024)
        rc = self.fn(src, out, 0)
        if rc != 1:
            return None
        raw = out.raw
        if raw[:2] == b"BM":
            im = Image.open(io.BytesIO(raw[:38862]))
        else:
            im = Image.frombytes("RGB", (102, 126), raw[:38556], "raw", "BGR")
        buf = io.BytesIO()
        im.save(buf, "PNG")
        return buf.getvalue()


def load_wlt_decoder(spec: str | None) -> WltDecoder | None:
    if not spec:
        return None
    try:
        return WltDecoder(spec)
    except (OSError, AttributeError) as e:
        log.warning("WLT decoder %s unavailable: %s", spec, e)
        return None


def ga467_dict(info: BaseInfo, decoder: WltDecoder | None = None) -> dict:
    """The fixed keys of `kiosk card read --serial --json` (issue 4)."""
    decoded = None
    if decoder and info.photo_wlt:
        try:
            decoded = decoder.decode(info.photo_wlt)
        except Exception:  # a vendor library crash-free failure: no photo, say so
            log.warning("WLT decoder failed", exc_info=True)
            decoded = None
    photo = {"format": "wlt", "bytes": len(info.photo_wlt), "decoded": bool(decoded)}
    if decoded:
        photo["_bmp"] = decoded
    return {"source": "ga467", "card_type": info.card_type, "name": info.name, "sex": info.sex,
            "nation": info.nation, "birth_date": info.birth_date, "address": info.address,
            "id_number": info.id_number, "authority": info.authority, "valid_from": info.valid_from,
            "valid_to": info.valid_to, "photo": photo}


def to_identity(info: BaseInfo, *, photo_png: bytes | None = None):
    """`kiosk.identity.Identity` for a GA/T 467 read (the SAM authenticated the card)."""
    from kiosk.identity import Identity
    doc_type = {"resident": "resident_id", "hk_mo_tw_permit": "hmt_residence_permit",
                "foreign_permanent": "foreign_permanent_resident"}[info.card_type]
    is_gb = info.card_type != "foreign_permanent" and info.id_number_valid
    return Identity(source="ga467", verification="chip_signature_valid",
                    id_number=info.id_number if is_gb else "",
                    document_number=info.extra.get("pass_number") or info.id_number,
                    document_type=doc_type, name_zh=info.name if info.card_type != "foreign_permanent"
                    else info.extra.get("chinese_name", ""),
                    full_name=info.extra.get("english_name", ""), sex=info.sex,
                    nationality="CHN" if info.card_type == "resident" else
                    (info.nation if info.card_type == "foreign_permanent" else ""),
                    birth_date=dt.date.fromisoformat(info.birth_date),
                    valid_from=dt.date.fromisoformat(info.valid_from),
                    expiry_date=None if info.valid_to == "long-term" else dt.date.fromisoformat(info.valid_to),
                    long_term=info.valid_to == "long-term", address=info.address,
                    nation=info.nation if info.card_type == "resident" else "", authority=info.authority,
                    photo=photo_png)


# --- the reader -------------------------------------------------------------------------------

class Ga467Reader:
    """A GA/T 467 reader on a serial port. Use from one thread (the reader's owner)."""

    POLL_S = 0.3

    def __init__(self, port, device: str = "", *, sleep=time.sleep, clock=time.monotonic):
        self.port = port          # pyserial-like: write(), read(n), timeout attribute
        self.device = device
        self.decoder = FrameDecoder()
        self.sleep, self.clock = sleep, clock

    @classmethod
    def open(cls, device: str, baudrate: int = 115200) -> "Ga467Reader":
        import serial
        try:
            port = serial.Serial(device, baudrate, timeout=0.05)
        except (serial.SerialException, OSError) as e:
            raise CardError(f"cannot open the ID card reader at {device} ({e}); check the cable "
                            "and cards.ga467_serial") from None
        return cls(port, device)

    def close(self) -> None:
        try:
            self.port.close()
        except Exception:
            pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def exchange(self, cmd: tuple[int, int], data: bytes = b"", timeout: float = 2.0) -> Response:
        self.port.reset_input_buffer() if hasattr(self.port, "reset_input_buffer") else None
        self.decoder = FrameDecoder()
        self.port.write(encode_command(cmd[0], cmd[1], data))
        deadline = self.clock() + timeout
        while self.clock() < deadline:
            chunk = self.port.read(4096)
            if chunk:
                for resp in self.decoder.feed(chunk):
                    return resp
        raise ReaderTimeout(f"the ID card reader at {self.device or 'serial port'} stopped answering "
                            f"(command {cmd[0]:02X} {cmd[1]:02X}); check its cable and power")

    def status(self) -> Response:
        return self.exchange(CMD_STATUS)

    def find_card(self) -> bool:
        r = self.exchange(CMD_FIND)
        if r.sw3 == 0x9F:
            return True
        if r.sw3 == 0x80:
            return False
        raise CardError(f"ID card reader: {sw3_message(r.sw3)} (SW3 {r.sw3:02X})")

    def select_card(self) -> None:
        r = self.exchange(CMD_SELECT)
        if r.sw3 != 0x90:
            raise CardError(f"ID card reader: {sw3_message(r.sw3)} (SW3 {r.sw3:02X}); "
                            "lift the card and place it again")

    def read_base_info(self, with_fingerprint: bool = False) -> BaseInfo:
        r = self.exchange(CMD_READ_BASE_FP if with_fingerprint else CMD_READ_BASE, timeout=3.0)
        if r.sw3 != 0x90:
            raise CardError(f"ID card reader: {sw3_message(r.sw3)} (SW3 {r.sw3:02X}); "
                            "lift the card and place it again")
        text, photo, fp = split_base_reply(r.data, with_fingerprint)
        return parse_base_info(text, photo, fp)

    def read_card(self, timeout: float = 3.0, with_fingerprint: bool = False) -> BaseInfo:
        """Poll for a card (every 300 ms), select it and read it."""
        deadline = self.clock() + timeout
        while not self.find_card():
            if self.clock() >= deadline:
                raise CardRemoved("no ID card on the reader; place the card on the reader and try again")
            self.sleep(self.POLL_S)
        self.select_card()
        return self.read_base_info(with_fingerprint)
