"""Native text mode (`[printer] text_mode = "gb18030"`): for printers with a built-in
GB18030 Chinese font, text goes as characters (FS & ... FS .) and only the QR code,
barcodes and rulers go as rasters. A slip is then a few KB instead of ~30 KB, which
matters on 9600-baud serial printers (~5 s instead of ~30 s).

Layout is by character cells (Font A: 12x24 dots, a Chinese character takes two
cells), so the preview is drawn cell by cell from the same line list that is encoded:
glyph shapes differ from the printer's ROM font, the positions and wrapping do not.
Verify on the exact model first (python-escpos #678: not every Chinese printer is
GB18030); the raster mode is the safe default.
"""

from __future__ import annotations

import time
import unicodedata
from dataclasses import dataclass

from PIL import Image, ImageDraw

from kiosk import receipt as R
from devices.printer import escpos_out, render
from devices.printer.fonts import load_font

CELL_W, CELL_H = 12, 24
LINE_H = 30                 # ESC 2 default line spacing on 203-dpi printers (1/6 inch ~ 30 dots... rounded)
SIZE_FLAGS = {"huge": 0x11, "large": 0x01, "title": 0x01}   # GS ! n: 0x10 double width, 0x01 double height
ALIGN = {"left": 0, "center": 1, "right": 2}


@dataclass
class Line:
    text: str
    align: str = "left"
    bold: bool = False
    size: str = "body"
    reverse: bool = False


@dataclass
class Picture:
    image: Image.Image      # full-width 1-bit image (QR, barcode, ruler)


def cells(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WFA" else 1 for ch in s)   # GB fonts: ambiguous = wide


def _wrap(text: str, cols: int, first: int | None = None) -> list[str]:
    out, cur, width = [], "", first if first is not None else cols
    for ch in text:
        if cells(cur) + cells(ch) > width and cur:
            # keep Latin words whole where we can
            if ch != " " and " " in cur and unicodedata.east_asian_width(ch) not in "WFA":
                head, _, tail = cur.rpartition(" ")
                out.append(head)
                cur = tail
            else:
                out.append(cur.rstrip())
                cur = ""
            width = cols
            if ch == " ":
                continue
        cur += ch
    out.append(cur.rstrip())
    return out


def layout(blocks, dots: int) -> tuple[list, bool]:
    cols = dots // CELL_W
    out: list = []
    cut = False
    pairs = [b for b in blocks if isinstance(b, R.Pair)]
    label_cols = min(max((cells(p.label) for p in pairs), default=0) + 2, cols * 2 // 5)
    for b in blocks:
        if isinstance(b, R.Text):
            c = cols // 2 if b.size == "huge" else cols
            if b.indent and b.align == "left":
                lines = _wrap(b.text, c - b.indent, first=c)
                out += [Line(lines[0], "left", b.bold, b.size)]
                out += [Line(" " * b.indent + ln, "left", b.bold, b.size) for ln in lines[1:]]
            else:
                out += [Line(ln, b.align, b.bold, b.size) for ln in _wrap(b.text, c)]
        elif isinstance(b, R.Pair):
            vals = _wrap(b.value, cols - label_cols)
            label = b.label + " " * (label_cols - cells(b.label))
            out.append(Line(label + vals[0], "left", b.bold))
            out += [Line(" " * label_cols + v, "left", b.bold) for v in vals[1:]]
        elif isinstance(b, R.Rule):
            out.append(Line(("- " * cols)[:cols] if b.style == "dashed" else "-" * cols))
        elif isinstance(b, R.Space):
            out.append(Line(""))
        elif isinstance(b, R.Mark):
            out += [Line(ln, "center", True, "body", True) for ln in _wrap(b.text, cols)]
        elif isinstance(b, (R.QR, R.Barcode, R.Ruler)):
            out.append(Picture(render.render([b], dots).image))
        elif isinstance(b, R.Cut):
            cut = True
    return out, cut


def encode(lines, *, profile: str, dots: int, cut: bool) -> bytes:
    d = escpos_out.make_dummy(profile, dots)
    d.hw("INIT")
    d._raw(b"\x1c\x26")                           # FS &: Chinese (GB18030) character mode on
    state = {"align": 0, "bold": False, "size": 0, "reverse": False}
    for ln in lines:
        if isinstance(ln, Picture):
            pic = escpos_out.encode(ln.image, profile=profile, dots=dots, cut=False, init=False)
            d._raw(pic)
            state["align"] = 0                    # escpos_out leaves alignment at left
            continue
        want = {"align": ALIGN[ln.align], "bold": ln.bold, "size": SIZE_FLAGS.get(ln.size, 0),
                "reverse": ln.reverse}
        if want["align"] != state["align"]:
            d._raw(b"\x1ba" + bytes([want["align"]]))
        if want["bold"] != state["bold"]:
            d._raw(b"\x1bE" + bytes([int(want["bold"])]))
        if want["size"] != state["size"]:
            d._raw(b"\x1d!" + bytes([want["size"]]))
        if want["reverse"] != state["reverse"]:
            d._raw(b"\x1dB" + bytes([int(want["reverse"])]))
        state = want
        d._raw(ln.text.encode("gb18030") + b"\n")
    for cmd, off in ((b"\x1ba", 0), (b"\x1bE", False), (b"\x1d!", 0), (b"\x1dB", False)):
        d._raw(cmd + bytes([int(off)]))
    d._raw(b"\x1c\x2e")                           # FS .: character mode off
    if cut:
        d.cut()
    return d.output


def preview(lines, dots: int) -> Image.Image:
    font = load_font(CELL_H - 2)
    bold = load_font(CELL_H - 2, True)
    parts: list[Image.Image] = []
    for ln in lines:
        if isinstance(ln, Picture):
            parts.append(ln.image.convert("L"))
            continue
        sx = 2 if SIZE_FLAGS.get(ln.size, 0) & 0x10 else 1
        sy = 2 if SIZE_FLAGS.get(ln.size, 0) & 0x01 else 1
        w = cells(ln.text) * CELL_W
        cell = Image.new("L", (max(w, 1), CELL_H), 0 if ln.reverse else 255)
        dr = ImageDraw.Draw(cell)
        x = 0
        for ch in ln.text:
            cw = cells(ch) * CELL_W
            dr.text((x + cw / 2, CELL_H - 3), ch, font=bold if ln.bold else font,
                    fill=255 if ln.reverse else 0, anchor="ms")
            x += cw
        cell = cell.resize((cell.width * sx, cell.height * sy), Image.NEAREST)
        row = Image.new("L", (dots, LINE_H * sy), 255)
        width = min(cell.width, dots)
        x0 = 0 if ln.align == "left" else (dots - width) // 2 if ln.align == "center" else dots - width
        row.paste(cell.crop((0, 0, width, cell.height)), (x0, (LINE_H - CELL_H) * sy // 2))
        parts.append(row)
    img = Image.new("L", (dots, max(1, sum(p.height for p in parts))), 255)
    y = 0
    for p in parts:
        img.paste(p, (0, y))
        y += p.height
    return img.point(lambda v: 255 if v >= render.INK_THRESHOLD else 0, mode="1")


def build(blocks, settings):
    from devices.printer.slips import BuiltSlip
    t0 = time.perf_counter()
    lines, cut = layout(blocks, settings.dots)
    img = preview(lines, settings.dots)
    t1 = time.perf_counter()
    data = encode(lines, profile=settings.profile, dots=settings.dots, cut=cut)
    return BuiltSlip(data, img, (t1 - t0) * 1000, (time.perf_counter() - t1) * 1000)
