"""The raster renderer: receipt blocks (kiosk.receipt) -> a 1-bit image at the
printer's dot width. The same image is the on-screen preview (PNG) and what
`devices.printer.escpos_out` sends, so the preview is what prints.

Text goes through Pillow with a CJK font (Noto Sans CJK SC), so Chinese prints on any
ESC/POS printer that can print a raster. Sizes are in printer dots (203 dpi: 24 dots
= 3 mm, the height of a printer's own Chinese font).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PIL import Image, ImageDraw

from kiosk import receipt as R
from devices.printer.fonts import load_font

SIZES = {"small": 20, "body": 24, "title": 28, "large": 32, "huge": 64}
LINE_GAP = 6          # blank dots between text lines (lets the encoder skip them cheaply)
BLOCK_GAP = 4
MARGIN = 4            # the printer adds its own physical margins
INK_THRESHOLD = 140   # 'L' -> '1': darker than this prints

# Characters that must not start a line (Chinese line-breaking rules, short list).
NO_LINE_START = set("，。、；：？！）》」』】〕,.;:?!)%」”’")
_TOKEN = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]|[^\s\u2e80-\u9fff\uf900-\ufaff"
                    r"\uff00-\uffef\u3000-\u303f]+|\s+")


@dataclass
class Rendered:
    image: Image.Image     # mode '1', width = dots; black = ink
    cut: bool              # the blocks asked for a cut at the end

    def save_png(self, path) -> None:
        self.image.save(path, format="PNG", optimize=True)


class _Canvas:
    def __init__(self, width: int, height: int = 4000):
        self.width = width
        self.img = Image.new("L", (width, height), 255)
        self.draw = ImageDraw.Draw(self.img)
        self.y = 0

    def ensure(self, h: int) -> None:
        if self.y + h > self.img.height:
            bigger = Image.new("L", (self.width, max(self.img.height * 2, self.y + h + 200)), 255)
            bigger.paste(self.img, (0, 0))
            self.img, self.draw = bigger, ImageDraw.Draw(bigger)


def _wrap(text: str, font, max_w: int, first_w: int | None = None) -> list[str]:
    """Greedy wrap: CJK breaks between characters, Latin between words."""
    lines: list[str] = []
    cur = ""
    width = first_w if first_w is not None else max_w
    for tok in _TOKEN.findall(text):
        cand = cur + tok
        if font.getlength(cand) <= width or not cur.strip() or tok[0] in NO_LINE_START and len(tok) == 1:
            if font.getlength(cand) > width and not cur.strip() and not tok.isspace():
                # a single word longer than the line: break it by characters
                for ch in tok:
                    if font.getlength(cur + ch) > width and cur:
                        lines.append(cur)
                        cur, width = "", max_w
                    cur += ch
                continue
            cur = cand
            continue
        lines.append(cur.rstrip())
        cur, width = ("" if tok.isspace() else tok), max_w
    if cur.strip() or not lines:
        lines.append(cur.rstrip())
    return lines


def _text_lines(c: _Canvas, lines: list[str], font, x0: int, align: str, size: int, *, first_x: int | None = None):
    for i, line in enumerate(lines):
        w = font.getlength(line)
        x = first_x if i == 0 and first_x is not None else x0
        if align == "center":
            x = (c.width - w) / 2
        elif align == "right":
            x = c.width - MARGIN - w
        c.ensure(size + LINE_GAP)
        c.draw.text((x, c.y), line, font=font, fill=0, anchor="la")
        c.y += _line_height(size)


def _line_height(size: int) -> int:
    return int(size * 1.18) + LINE_GAP


def _fit_size(text: str, size: int, bold: bool, max_w: int) -> int:
    """Shrink a one-line heading (the case number) until it fits the paper."""
    while size > SIZES["body"] and load_font(size, bold).getlength(text) > max_w:
        size -= 2
    return size


def render(blocks: list[R.Block], width: int) -> Rendered:
    """Render blocks to a 1-bit image `width` dots wide (a multiple of 8)."""
    if width % 8:
        raise ValueError(f"printer width {width} is not a multiple of 8 dots")
    c = _Canvas(width)
    inner = width - 2 * MARGIN
    body = load_font(SIZES["body"])
    pairs = [b for b in blocks if isinstance(b, R.Pair)]
    label_w = 0
    if pairs:
        label_w = int(max(load_font(SIZES["body"], True).getlength(p.label) for p in pairs)) + 1 + SIZES["body"] // 2
        label_w = min(label_w, inner * 2 // 5)
    cut = False
    for b in blocks:
        if isinstance(b, R.Text):
            size = SIZES.get(b.size, SIZES["body"])
            if b.size == "huge":
                size = _fit_size(b.text, size, b.bold, inner)
            font = load_font(size, b.bold)
            indent = int(b.indent * body.getlength("0"))
            if b.align == "left" and indent:
                # hanging indent: first line at the margin, the rest under the text
                lines = _wrap(b.text, font, inner - indent, first_w=inner)
                _text_lines(c, lines, font, MARGIN + indent, "left", size, first_x=MARGIN)
            else:
                _text_lines(c, _wrap(b.text, font, inner), font, MARGIN, b.align, size)
        elif isinstance(b, R.Pair):
            lf = load_font(SIZES["body"], True)
            vf = load_font(SIZES["body"], b.bold)
            lab = _wrap(b.label, lf, label_w)
            val = _wrap(b.value, vf, inner - label_w)
            y0 = c.y
            _text_lines(c, lab, lf, MARGIN, "left", SIZES["body"])
            y_lab, c.y = c.y, y0
            _text_lines(c, val, vf, MARGIN + label_w, "left", SIZES["body"])
            c.y = max(c.y, y_lab)
        elif isinstance(b, R.Rule):
            c.ensure(14)
            y = c.y + 5
            if b.style == "dashed":
                for x in range(MARGIN, width - MARGIN, 14):
                    c.draw.rectangle([x, y, min(x + 7, width - MARGIN - 1), y + 1], fill=0)
            else:
                c.draw.rectangle([MARGIN, y, width - MARGIN - 1, y + 2], fill=0)
            c.y += 14
        elif isinstance(b, R.Space):
            c.ensure(b.dots)
            c.y += b.dots
        elif isinstance(b, R.Mark):
            font = load_font(SIZES["body"], True)
            lines = _wrap(b.text, font, inner - 24)
            h = len(lines) * _line_height(SIZES["body"]) + 8
            c.ensure(h + 8)
            c.draw.rectangle([MARGIN, c.y, width - MARGIN - 1, c.y + h], fill=0)
            top = c.y
            c.y += 8
            for line in lines:
                w = font.getlength(line)
                c.draw.text(((width - w) / 2, c.y), line, font=font, fill=255, anchor="la")
                c.y += _line_height(SIZES["body"])
            c.y = top + h + 1
        elif isinstance(b, R.QR):
            qr = _qr_image(b.data, b.module_dots)
            c.ensure(qr.height + 4)
            c.img.paste(qr, ((width - qr.width) // 2, c.y + 4))
            c.y += qr.height + 8
            if b.caption:
                f = load_font(SIZES["small"])
                _text_lines(c, _wrap(b.caption, f, inner), f, MARGIN, "center", SIZES["small"])
        elif isinstance(b, R.Barcode):
            bars = _code128_modules(b.data)
            mod = max(1, min(3, inner // max(1, len(bars))))
            bw = len(bars) * mod
            x0 = (width - bw) // 2
            c.ensure(84)
            for i, bit in enumerate(bars):
                if bit == "1":
                    c.draw.rectangle([x0 + i * mod, c.y + 2, x0 + (i + 1) * mod - 1, c.y + 81], fill=0)
            c.y += 88
        elif isinstance(b, R.Ruler):
            c.ensure(48)
            y = c.y
            f = load_font(SIZES["small"])
            for x in range(0, width, 8):
                tall = 24 if x % 64 == 0 else 14 if x % 32 == 0 else 8
                c.draw.line([x, y, x, y + tall], fill=0)
                if x % 128 == 0 and x + 40 < width:
                    c.draw.text((x + 3, y + 22), str(x), font=f, fill=0, anchor="la")
            c.draw.line([width - 1, y, width - 1, y + 24], fill=0)
            c.y += 48
        elif isinstance(b, R.Cut):
            cut = True
            continue
        c.y += BLOCK_GAP
    img = c.img.crop((0, 0, width, max(c.y, 1)))
    return Rendered(img.point(lambda v: 255 if v >= INK_THRESHOLD else 0, mode="1"), cut)


def _qr_image(data: str, module_dots: int) -> Image.Image:
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M
    q = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=module_dots, border=2)
    q.add_data(data)
    q.make(fit=True)
    m = q.get_matrix()   # includes the quiet zone (border)
    n = len(m)
    small = Image.new("L", (n, n), 255)
    small.putdata([0 if v else 255 for row in m for v in row])
    return small.resize((n * module_dots, n * module_dots), Image.NEAREST)


def _code128_modules(data: str) -> str:
    import barcode
    return barcode.get("code128", data).build()[0]


def preview_png(blocks: list[R.Block], width: int, path) -> Rendered:
    r = render(blocks, width)
    r.save_png(path)
    return r
