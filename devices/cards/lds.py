"""ICAO 9303 Part 10 logical data structure: EF.COM, DG1, DG2, DG11, DG12.

Each parser takes the whole raw file (outer tag included) and returns plain data; any
malformed input raises `CardDataError` naming the file and byte offset.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from devices.cards import tlv
from devices.cards.errors import CardDataError
from devices.cards.mrz_fields import parse_mrz

# data group number -> (file id, short file id, outer tag)
DG_TAGS = {1: 0x61, 2: 0x75, 3: 0x63, 4: 0x76, 5: 0x65, 6: 0x66, 7: 0x67, 8: 0x68, 9: 0x69, 10: 0x6A,
           11: 0x6B, 12: 0x6C, 13: 0x6D, 14: 0x6E, 15: 0x6F, 16: 0x70}
TAG_TO_DG = {v: k for k, v in DG_TAGS.items()}
FID_COM, FID_SOD = 0x011E, 0x011D
FID_CARD_ACCESS = 0x011C


def dg_fid(n: int) -> int:
    return 0x0100 + n


def _outer(raw: bytes, tag: int, name: str) -> tlv.Tlv:
    try:
        t, end = tlv.parse_one(raw)
    except CardDataError as e:
        raise CardDataError(f"{name}: {e}") from None
    if t.tag != tag:
        raise CardDataError(f"{name}: outer tag {t.tag:X} (expected {tag:X}) at byte 0")
    return t


def _children(t: tlv.Tlv, name: str) -> list[tlv.Tlv]:
    try:
        return t.children()
    except CardDataError as e:
        raise CardDataError(f"{name}: {e}") from None


def parse_com(raw: bytes) -> dict:
    """EF.COM: LDS version, Unicode version and the list of data groups present."""
    items = _children(_outer(raw, 0x60, "EF.COM"), "EF.COM")
    tags = tlv.find(items, 0x5C)
    lds = tlv.find(items, 0x5F01)
    uni = tlv.find(items, 0x5F36)
    dgs = sorted({TAG_TO_DG[b] for b in (tags.value if tags else b"") if b in TAG_TO_DG})
    return {"lds_version": lds.value.decode("latin-1") if lds else "",
            "unicode_version": uni.value.decode("latin-1") if uni else "", "data_groups": dgs}


def parse_dg1(raw: bytes) -> dict:
    items = _children(_outer(raw, 0x61, "DG1"), "DG1")
    mrz = tlv.find(items, 0x5F1F) or tlv.find(items, 0x5F02)
    if mrz is None:
        raise CardDataError("DG1: MRZ object 5F1F missing")
    try:
        text = mrz.value.decode("ascii")
    except UnicodeDecodeError as e:
        raise CardDataError(f"DG1: MRZ is not ASCII at byte {mrz.offset + e.start}") from None
    fields = parse_mrz(text)
    fields["mrz"] = text
    return fields


@dataclass
class FaceImage:
    format: str          # "jpeg" | "jpeg2000"
    width: int
    height: int
    data: bytes          # the encoded image as stored on the chip

    def as_png(self) -> bytes:
        from PIL import Image
        out = io.BytesIO()
        Image.open(io.BytesIO(self.data)).save(out, "PNG")
        return out.getvalue()


_MAGIC = [(b"\xff\xd8\xff", "jpeg"), (b"\x00\x00\x00\x0cjP  \r\n", "jpeg2000"), (b"\xff\x4f\xff\x51", "jpeg2000")]


def _image_start(buf: bytes) -> tuple[int, str]:
    best = None
    for magic, fmt in _MAGIC:
        i = buf.find(magic)
        if i >= 0 and (best is None or i < best[0]):
            best = (i, fmt)
    if best is None:
        raise CardDataError("DG2: no JPEG or JPEG 2000 image in the biometric record")
    return best


def _decode(data: bytes, fmt: str) -> FaceImage:
    from PIL import Image, UnidentifiedImageError
    try:
        im = Image.open(io.BytesIO(data))
        im.load()
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as e:
        raise CardDataError(f"DG2: face image ({fmt}) cannot be decoded: {type(e).__name__}") from None
    except Exception as e:  # Pillow plug-ins raise assorted errors on hostile input
        raise CardDataError(f"DG2: face image ({fmt}) cannot be decoded: {type(e).__name__}") from None
    return FaceImage(fmt, im.width, im.height, data)


def parse_dg2(raw: bytes, *, decode: bool = True) -> FaceImage:
    """First face of DG2 (ISO 19794-5 in 5F2E/7F2E; ISO 39794-5 best effort)."""
    outer = _outer(raw, 0x75, "DG2")
    group = tlv.find(_children(outer, "DG2"), 0x7F61)
    if group is None:
        raise CardDataError("DG2: biometric group template 7F61 missing")
    record = None
    for inst in _children(group, "DG2"):
        if inst.tag == 0x7F60:
            for obj in _children(inst, "DG2"):
                if obj.tag in (0x5F2E, 0x7F2E):
                    record = obj
                    break
        if record:
            break
    if record is None:
        raise CardDataError("DG2: no biometric data block (5F2E/7F2E)")
    buf = record.value
    start = None
    fmt = None
    if buf[:4] == b"FAC\x00" and len(buf) >= 46:
        # 14-byte general header, 20-byte face header, 8 bytes per feature point, 12-byte image info
        points = int.from_bytes(buf[18:20], "big")
        info = 14 + 20 + 8 * points
        if info + 12 <= len(buf):
            fmt = {0: "jpeg", 1: "jpeg2000"}.get(buf[info + 1])
            start = info + 12
    if start is None or fmt is None or not any(buf[start:].startswith(m) for m, _ in _MAGIC):
        start, fmt = _image_start(buf)
    data = buf[start:]
    if not decode:
        return FaceImage(fmt, 0, 0, data)
    return _decode(data, fmt)


def _text(t: tlv.Tlv | None) -> str:
    if t is None:
        return ""
    return t.value.decode("utf-8", errors="replace").replace("<<", ", ").replace("<", " ").strip()


def _date8(t: tlv.Tlv | None) -> str:
    """YYYYMMDD (or 4-byte BCD) -> YYYY-MM-DD; '' when absent or not a date."""
    if t is None:
        return ""
    v = t.value
    s = v.hex() if len(v) == 4 else v.decode("ascii", errors="replace")
    if len(s) == 8 and s.isdigit():
        return f"{s[0:4]}-{s[4:6]}-{s[6:8]}"
    return ""


def parse_dg11(raw: bytes) -> dict:
    items = _children(_outer(raw, 0x6B, "DG11"), "DG11")
    others = []
    a0 = tlv.find(items, 0xA0)
    for t in (_children(a0, "DG11") if a0 else []) + items:
        if t.tag == 0x5F0F:
            others.append(_text(t))
    full = tlv.find(items, 0x5F0E)
    return {"full_name": _text(full), "other_names": others,
            "personal_number": _text(tlv.find(items, 0x5F10)),
            "full_birth_date": _date8(tlv.find(items, 0x5F2B)),
            "place_of_birth": _text(tlv.find(items, 0x5F11)),
            "address": _text(tlv.find(items, 0x5F42)),
            "telephone": _text(tlv.find(items, 0x5F12)),
            "profession": _text(tlv.find(items, 0x5F13))}


def parse_dg12(raw: bytes) -> dict:
    items = _children(_outer(raw, 0x6C, "DG12"), "DG12")
    return {"issuing_authority": _text(tlv.find(items, 0x5F19)),
            "date_of_issue": _date8(tlv.find(items, 0x5F26))}


# --- builders (simulator and tests) ---------------------------------------------

def build_com(dgs: list[int], lds: str = "0107") -> bytes:
    body = tlv.encode(0x5F01, lds.encode()) + tlv.encode(0x5F36, b"040000") + \
        tlv.encode(0x5C, bytes(DG_TAGS[n] for n in dgs))
    return tlv.encode(0x60, body)


def build_dg1(mrz: str) -> bytes:
    return tlv.encode(0x61, tlv.encode(0x5F1F, mrz.encode("ascii")))


def build_dg2(image: bytes, fmt: str, width: int, height: int) -> bytes:
    face = (bytes(4) + b"\x00\x00" + b"\x00" * 14 + bytes([0x01, 0 if fmt == "jpeg" else 1]) +
            width.to_bytes(2, "big") + height.to_bytes(2, "big") + b"\x01\x02\x00\x00\x00\x00")
    face_block = (len(face) + len(image)).to_bytes(4, "big") + face[4:] + image
    rec = b"FAC\x00010\x00" + (14 + len(face_block)).to_bytes(4, "big") + b"\x00\x01" + face_block
    header = tlv.encode(0xA1, tlv.encode(0x80, b"\x01\x01") + tlv.encode(0x87, b"\x01\x01") +
                        tlv.encode(0x88, b"\x00\x08"))
    inst = tlv.encode(0x7F60, header + tlv.encode(0x5F2E, rec))
    return tlv.encode(0x75, tlv.encode(0x7F61, tlv.encode(0x02, b"\x01") + inst))


def build_dg11(fields: dict) -> bytes:
    m = [(0x5F0E, "full_name"), (0x5F10, "personal_number"), (0x5F11, "place_of_birth"),
         (0x5F42, "address"), (0x5F12, "telephone"), (0x5F13, "profession")]
    objs = [(t, fields[k].encode("utf-8")) for t, k in m if fields.get(k)]
    if fields.get("full_birth_date"):
        objs.append((0x5F2B, fields["full_birth_date"].replace("-", "").encode()))
    body = b"".join(tlv.encode(t, v) for t, v in objs)
    others = fields.get("other_names") or []
    if others:
        body += tlv.encode(0xA0, tlv.encode(0x02, bytes([len(others)])) +
                           b"".join(tlv.encode(0x5F0F, o.encode("utf-8")) for o in others))
    tags = b"".join(tlv.encode_tag(t) for t, _ in objs) + (b"\xA0" if others else b"")
    return tlv.encode(0x6B, tlv.encode(0x5C, tags) + body)


def build_dg12(fields: dict) -> bytes:
    objs = []
    if fields.get("issuing_authority"):
        objs.append((0x5F19, fields["issuing_authority"].encode("utf-8")))
    if fields.get("date_of_issue"):
        objs.append((0x5F26, fields["date_of_issue"].replace("-", "").encode()))
    tags = b"".join(tlv.encode_tag(t) for t, _ in objs)
    return tlv.encode(0x6C, tlv.encode(0x5C, tags) + b"".join(tlv.encode(t, v) for t, v in objs))
