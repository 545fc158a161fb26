"""ESC/POS bytes for a rendered slip, composed on a python-escpos `Dummy` with a
concrete profile, so a slip is built entirely in memory and sent in one write.

Size matters on serial links (a full 576-dot raster is 72 bytes per row), so the
image is cut into horizontal bands at blank rows:
  - a run of blank rows is sent as a 1-byte-wide blank raster (1 byte per row, exact
    spacing on any printer, whatever its motion units);
  - an inked band is cropped to its ink, byte-aligned, and placed with ESC a: kept
    flush left (trim the right), flush right (trim the left), or cropped symmetrically
    and centred, whichever is narrowest. Every choice puts each dot exactly where the
    preview shows it.
Bands are at most MAX_BAND rows (buffer overruns on cheap printers, python-escpos #662).
"""

from __future__ import annotations

import numpy as np
from PIL import Image

MAX_BAND = 256
ALIGN = {"left": 0, "center": 1, "right": 2}


def make_dummy(profile: str, dots: int):
    """A python-escpos Dummy with the configured profile, its width forced to `dots`."""
    from devices.printer import load_escpos
    load_escpos()
    from escpos.printer import Dummy
    d = Dummy(profile=profile)
    media = d.profile.profile_data.setdefault("media", {})
    media.setdefault("width", {})["pixels"] = dots
    return d


def bands(image: Image.Image) -> list[tuple[str, int, int, int, int]]:
    """(kind, y0, y1, x0, x1) runs: kind 'blank' or 'ink'; x range byte-aligned."""
    ink = ~np.asarray(image.convert("1"), dtype=bool)   # True = black
    h, w = ink.shape
    rows = ink.any(axis=1)
    out = []
    y = 0
    while y < h:
        y1 = y
        if not rows[y]:
            while y1 < h and not rows[y1]:
                y1 += 1
            out.append(("blank", y, y1, 0, 8))
        else:
            while y1 < h and rows[y1] and y1 - y < MAX_BAND:
                y1 += 1
            cols = np.flatnonzero(ink[y:y1].any(axis=0))
            out.append(("ink", y, y1, int(cols[0]) // 8 * 8, -(-(int(cols[-1]) + 1) // 8) * 8))
        y = y1
    return out


def encode(image: Image.Image, *, profile: str, dots: int, cut: bool = True, init: bool = True) -> bytes:
    """The whole slip as ESC/POS bytes: ESC @, bands, feed, cut."""
    if image.width != dots:
        raise ValueError(f"slip image is {image.width} dots wide, the printer takes {dots}")
    d = make_dummy(profile, dots)
    if init:
        d.hw("INIT")
    current = None
    for kind, y0, y1, x0, x1 in bands(image):
        if kind == "blank":
            for y in range(y0, y1, 2000):   # GS v 0 height field: keep well below limits
                _raster(d, np.zeros((min(2000, y1 - y), 1), dtype=np.uint8))
            continue
        left, right = x0, dots - x1
        m = min(left, right) // 8 * 8
        options = [("left", 0, x1), ("right", x0, dots), ("center", m, dots - m)]
        align, a, b = min(options, key=lambda o: o[2] - o[1])
        if align != current:
            d.set(align=align)
            current = align
        band = ~np.asarray(image.crop((a, y0, b, y1)).convert("1"), dtype=bool)
        _raster(d, np.packbits(band, axis=1))
    if current not in (None, "left"):
        d.set(align="left")
    if cut:
        d.cut()          # feeds 6 lines first (ESC d 6) so the cutter misses the QR
    return d.output


def _raster(d, packed: np.ndarray) -> None:
    """GS v 0 m xL xH yL yH data: a raster of packed rows (1 = black), normal density."""
    h, wb = packed.shape
    d._raw(b"\x1dv0\x00" + bytes((wb & 0xFF, wb >> 8, h & 0xFF, h >> 8)) + packed.tobytes())
