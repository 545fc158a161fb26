"""BER-TLV as used by ISO 7816-4 and ICAO 9303 (tags of 1-3 bytes, definite lengths).

`parse(data)` returns a list of `Tlv`; constructed values are parsed lazily with
`Tlv.children()`. Every malformed input raises `CardDataError` naming the offset.
"""

from __future__ import annotations

from dataclasses import dataclass

from devices.cards.errors import CardDataError


@dataclass(frozen=True)
class Tlv:
    tag: int
    value: bytes
    offset: int = 0          # where the tag starts in the parsed buffer
    raw_len: int = 0         # bytes of tag + length + value

    @property
    def constructed(self) -> bool:
        first = self.tag
        while first > 0xFF:
            first >>= 8
        return bool(first & 0x20)

    def children(self) -> list["Tlv"]:
        return parse(self.value, base=self.offset + self.raw_len - len(self.value))

    def find(self, tag: int) -> "Tlv | None":
        return find(self.children(), tag)


def read_tag(data: bytes, pos: int, base: int = 0) -> tuple[int, int]:
    """(tag, next position)."""
    if pos >= len(data):
        raise CardDataError(f"TLV truncated: tag expected at byte {base + pos}")
    tag = data[pos]
    pos += 1
    if tag & 0x1F == 0x1F:  # multi-byte tag: continue while bit 8 is set
        for _ in range(3):
            if pos >= len(data):
                raise CardDataError(f"TLV truncated: tag continues past the end at byte {base + pos}")
            b = data[pos]
            tag = (tag << 8) | b
            pos += 1
            if not b & 0x80:
                break
        else:
            raise CardDataError(f"TLV tag longer than 4 bytes at byte {base + pos}")
    return tag, pos


def read_length(data: bytes, pos: int, base: int = 0) -> tuple[int, int]:
    """(length, next position). Definite lengths only (up to 4 length bytes)."""
    if pos >= len(data):
        raise CardDataError(f"TLV truncated: length expected at byte {base + pos}")
    b = data[pos]
    pos += 1
    if b < 0x80:
        return b, pos
    n = b & 0x7F
    if n == 0 or n > 4:
        raise CardDataError(f"TLV length form 0x{b:02X} not supported at byte {base + pos - 1}")
    if pos + n > len(data):
        raise CardDataError(f"TLV truncated: length bytes run past the end at byte {base + pos}")
    return int.from_bytes(data[pos:pos + n], "big"), pos + n


def header_length(data: bytes) -> tuple[int, int]:
    """For the first bytes of a file: (header size, total file size). Used to size reads."""
    _tag, pos = read_tag(data, 0)
    length, pos = read_length(data, pos)
    return pos, pos + length


def parse_one(data: bytes, pos: int = 0, base: int = 0) -> tuple[Tlv, int]:
    start = pos
    tag, pos = read_tag(data, pos, base)
    length, pos = read_length(data, pos, base)
    end = pos + length
    if end > len(data):
        raise CardDataError(
            f"TLV tag {tag:X} at byte {base + start}: length {length} runs past the end ({len(data) - pos} left)")
    return Tlv(tag, bytes(data[pos:end]), base + start, end - start), end


def parse(data: bytes, base: int = 0) -> list[Tlv]:
    """All TLVs in `data`. Padding bytes 00/FF between objects are skipped (ISO 7816-4)."""
    out = []
    pos = 0
    while pos < len(data):
        if data[pos] in (0x00, 0xFF):
            pos += 1
            continue
        tlv, pos = parse_one(data, pos, base)
        out.append(tlv)
    return out


def find(items: list[Tlv], tag: int) -> Tlv | None:
    for t in items:
        if t.tag == tag:
            return t
    return None


def encode_length(n: int) -> bytes:
    if n < 0x80:
        return bytes([n])
    body = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body


def encode_tag(tag: int) -> bytes:
    return tag.to_bytes(max(1, (tag.bit_length() + 7) // 8), "big")


def encode(tag: int, value: bytes) -> bytes:
    return encode_tag(tag) + encode_length(len(value)) + value
