"""A byte-level reader for the ESC/POS subset we emit (and a little more), for tests.

`parse(data)` -> (tokens, consumed): it stops before an incomplete command, so the
loopback printer can feed it a TCP stream piece by piece. `page(tokens, width)`
rebuilds the printed paper as a 1-bit image (rasters placed with their ESC a
alignment), `rasters(tokens)` lists the raster images, `text(tokens)` decodes text
spans (GB18030 inside FS & ... FS ., else CP437), `slips(tokens)` splits at cuts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from PIL import Image

ESC, GS, FS, DLE = 0x1B, 0x1D, 0x1C, 0x10


@dataclass
class Token:
    cmd: str                    # "INIT", "ALIGN", "RASTER", "TEXT", "CUT", "DLE_EOT", ...
    offset: int
    args: tuple = ()
    data: bytes = b""


class Incomplete(Exception):
    pass


def _need(buf: bytes, i: int, n: int) -> None:
    if i + n > len(buf):
        raise Incomplete


def parse(buf: bytes, *, strict: bool = True) -> tuple[list[Token], int]:
    tokens: list[Token] = []
    i = 0
    kanji = False
    while i < len(buf):
        start = i
        try:
            b = buf[i]
            if b == ESC:
                _need(buf, i, 2)
                c = buf[i + 1]
                if c == 0x40:
                    tokens.append(Token("INIT", start)); i += 2
                elif c in (0x61, 0x45, 0x21, 0x74, 0x64, 0x4A, 0x2D, 0x4D, 0x33, 0x47, 0x7B):
                    _need(buf, i, 3)
                    name = {0x61: "ALIGN", 0x45: "BOLD", 0x21: "MODE", 0x74: "CODEPAGE", 0x64: "FEED_LINES",
                            0x4A: "FEED_DOTS", 0x2D: "UNDERLINE", 0x4D: "FONT", 0x33: "LINE_SPACING",
                            0x47: "DOUBLE_STRIKE", 0x7B: "UPSIDE_DOWN"}[c]
                    tokens.append(Token(name, start, (buf[i + 2],))); i += 3
                elif c == 0x32:
                    tokens.append(Token("LINE_SPACING_DEFAULT", start)); i += 2
                elif c == 0x70:
                    _need(buf, i, 5)
                    tokens.append(Token("CASHDRAW", start, tuple(buf[i + 2:i + 5]))); i += 5
                elif c == 0x2A:
                    _need(buf, i, 5)
                    m, n = buf[i + 2], buf[i + 3] | buf[i + 4] << 8
                    size = n * (3 if m in (32, 33) else 1)
                    _need(buf, i, 5 + size)
                    tokens.append(Token("BITIMAGE_COLUMN", start, (m, n), bytes(buf[i + 5:i + 5 + size])))
                    i += 5 + size
                else:
                    if strict:
                        raise ValueError(f"unknown command ESC 0x{c:02x} at byte {start}")
                    tokens.append(Token("UNKNOWN", start, (ESC, c))); i += 2
            elif b == GS:
                _need(buf, i, 2)
                c = buf[i + 1]
                if c == 0x76:                      # GS v 0 m xL xH yL yH d...
                    _need(buf, i, 8)
                    m = buf[i + 3]
                    wb = buf[i + 4] | buf[i + 5] << 8
                    h = buf[i + 6] | buf[i + 7] << 8
                    _need(buf, i, 8 + wb * h)
                    tokens.append(Token("RASTER", start, (m, wb, h), bytes(buf[i + 8:i + 8 + wb * h])))
                    i += 8 + wb * h
                elif c == 0x56:                    # GS V m [n]
                    _need(buf, i, 3)
                    m = buf[i + 2]
                    if m in (0x41, 0x42, 0x61, 0x62, 0x67, 0x68):
                        _need(buf, i, 4)
                        tokens.append(Token("CUT", start, (m, buf[i + 3]))); i += 4
                    else:
                        tokens.append(Token("CUT", start, (m,))); i += 3
                elif c == 0x28:                    # GS ( fn pL pH data
                    _need(buf, i, 5)
                    fn = buf[i + 2]
                    size = buf[i + 3] | buf[i + 4] << 8
                    _need(buf, i, 5 + size)
                    name = {0x6B: "QR_OR_2D", 0x4C: "GRAPHICS"}.get(fn, f"GS_PAREN_{fn:02x}")
                    tokens.append(Token(name, start, (fn,), bytes(buf[i + 5:i + 5 + size]))); i += 5 + size
                elif c == 0x6B:                    # GS k m ... (m >= 65: length-prefixed)
                    _need(buf, i, 4)
                    m = buf[i + 2]
                    if m >= 65:
                        n = buf[i + 3]
                        _need(buf, i, 4 + n)
                        tokens.append(Token("BARCODE", start, (m,), bytes(buf[i + 4:i + 4 + n]))); i += 4 + n
                    else:
                        j = buf.index(0, i + 3) if 0 in buf[i + 3:] else None
                        if j is None:
                            raise Incomplete
                        tokens.append(Token("BARCODE", start, (m,), bytes(buf[i + 3:j]))); i = j + 1
                elif c in (0x21, 0x42, 0x48, 0x66, 0x68, 0x77, 0x62, 0x72, 0x61):
                    _need(buf, i, 3)
                    name = {0x21: "SIZE", 0x42: "REVERSE", 0x48: "HRI_POS", 0x66: "HRI_FONT", 0x68: "BARCODE_H",
                            0x77: "BARCODE_W", 0x62: "SMOOTH", 0x72: "STATUS_GS_r", 0x61: "ASB"}[c]
                    tokens.append(Token(name, start, (buf[i + 2],))); i += 3
                elif c in (0x4C, 0x57):
                    _need(buf, i, 4)
                    tokens.append(Token("LEFT_MARGIN" if c == 0x4C else "AREA_WIDTH", start,
                                        (buf[i + 2] | buf[i + 3] << 8,))); i += 4
                else:
                    if strict:
                        raise ValueError(f"unknown command GS 0x{c:02x} at byte {start}")
                    tokens.append(Token("UNKNOWN", start, (GS, c))); i += 2
            elif b == FS:
                _need(buf, i, 2)
                c = buf[i + 1]
                if c == 0x26:
                    kanji = True; tokens.append(Token("KANJI_ON", start)); i += 2
                elif c == 0x2E:
                    kanji = False; tokens.append(Token("KANJI_OFF", start)); i += 2
                else:
                    if strict:
                        raise ValueError(f"unknown command FS 0x{c:02x} at byte {start}")
                    tokens.append(Token("UNKNOWN", start, (FS, c))); i += 2
            elif b == DLE:
                _need(buf, i, 3)
                if buf[i + 1] == 0x04:
                    tokens.append(Token("DLE_EOT", start, (buf[i + 2],))); i += 3
                elif buf[i + 1] == 0x14:
                    _need(buf, i, 5)
                    tokens.append(Token("DLE_DC4", start, tuple(buf[i + 2:i + 5]))); i += 5
                else:
                    if strict:
                        raise ValueError(f"unknown command DLE 0x{buf[i + 1]:02x} at byte {start}")
                    tokens.append(Token("UNKNOWN", start, (DLE,))); i += 1
            elif b == 0x0A:
                tokens.append(Token("LF", start)); i += 1
            elif b in (0x0D, 0x09):
                tokens.append(Token("CR" if b == 0x0D else "HT", start)); i += 1
            elif b >= 0x20:
                j = i
                while j < len(buf) and buf[j] >= 0x20:
                    j += 1
                tokens.append(Token("TEXT", start, ("gb18030" if kanji else "cp437",), bytes(buf[i:j]))); i = j
            else:
                if strict:
                    raise ValueError(f"unexpected control byte 0x{b:02x} at byte {start}")
                tokens.append(Token("UNKNOWN", start, (b,))); i += 1
        except Incomplete:
            return tokens, start
    return tokens, i


def parse_all(data: bytes) -> list[Token]:
    tokens, used = parse(data)
    assert used == len(data), f"trailing incomplete command at byte {used} of {len(data)}"
    return tokens


def raster_image(tok: Token) -> Image.Image:
    """A GS v 0 raster as a mode-'1' image (black = ink)."""
    _m, wb, h = tok.args
    bits = np.unpackbits(np.frombuffer(tok.data, dtype=np.uint8).reshape(h, wb), axis=1).astype(bool)
    return Image.fromarray(~bits)   # True -> white in mode '1' after inversion


def rasters(tokens: list[Token]) -> list[Image.Image]:
    return [raster_image(t) for t in tokens if t.cmd == "RASTER"]


def page(tokens: list[Token], width: int) -> Image.Image:
    """The paper as the printer would lay it out: rasters stacked, aligned by ESC a."""
    align = 0
    pieces: list[tuple[int, Image.Image]] = []
    for t in tokens:
        if t.cmd == "INIT":
            align = 0
        elif t.cmd == "ALIGN":
            align = t.args[0] % 48
        elif t.cmd == "RASTER":
            pieces.append((align, raster_image(t)))
    h = sum(p.height for _, p in pieces)
    out = Image.new("1", (width, max(h, 1)), 1)
    y = 0
    for a, p in pieces:
        x = 0 if a == 0 else (width - p.width) // 2 if a == 1 else width - p.width
        out.paste(p, (x, y))
        y += p.height
    return out


def text(tokens: list[Token]) -> str:
    out = []
    for t in tokens:
        if t.cmd == "TEXT":
            out.append(t.data.decode(t.args[0], errors="replace"))
        elif t.cmd == "LF":
            out.append("\n")
    return "".join(out)


def slips(tokens: list[Token]) -> list[list[Token]]:
    """Token lists, one per cut."""
    out, cur = [], []
    for t in tokens:
        cur.append(t)
        if t.cmd == "CUT":
            out.append(cur)
            cur = []
    return out


def decode_qr(img: Image.Image) -> list[str]:
    import zxingcpp
    return [r.text for r in zxingcpp.read_barcodes(img.convert("L"))]
