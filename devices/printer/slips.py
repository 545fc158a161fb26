"""From receipt blocks to bytes for one printer: the one path that preview and print share.

    settings = PrinterSettings.from_config(cfg)           # uri, profile, dots
    slip = build(kiosk.receipt.acknowledgement(data), settings)
    slip.image      -> PIL 1-bit image (save as the preview PNG)
    slip.data       -> ESC/POS bytes (send in one write)
"""

from __future__ import annotations

import io
import time
from dataclasses import dataclass

from kiosk.errors import ConfigError
from devices.printer import escpos_out, render


@dataclass(frozen=True)
class PrinterSettings:
    uri: str = ""
    profile: str = "TM-T20II"
    dots: int = 576
    paper_mm: int = 80
    text_mode: str = "raster"
    status_timeout: float = 0.8
    retry_s: int = 15

    @classmethod
    def from_config(cls, cfg, *, uri: str | None = None) -> "PrinterSettings":
        dots = int(cfg["printer.dots"])
        if dots % 8:
            raise ConfigError(f"printer.dots: {dots} is not a multiple of 8")
        return cls(uri=uri if uri is not None else cfg["printer.uri"], profile=cfg["printer.profile"],
                   dots=dots, paper_mm=int(cfg["printer.paper_mm"]), text_mode=cfg["printer.text_mode"],
                   status_timeout=cfg.get("printer.status_timeout_ms", 800) / 1000,
                   retry_s=int(cfg.get("printer.retry_s", 15)))


@dataclass(frozen=True)
class BuiltSlip:
    data: bytes
    image: object          # PIL.Image.Image, mode '1'
    render_ms: float
    encode_ms: float

    def png_bytes(self) -> bytes:
        buf = io.BytesIO()
        self.image.save(buf, format="PNG", optimize=True)
        return buf.getvalue()


def build(blocks, settings: PrinterSettings) -> BuiltSlip:
    """Render and encode a slip entirely in memory. text_mode 'raster' (default): the
    whole slip is one raster, preview exact to the dot. 'gb18030': native Chinese text
    (devices.printer.native), a few KB; preview exact in layout, not in glyph shapes."""
    if settings.text_mode == "gb18030":
        from devices.printer import native
        return native.build(blocks, settings)
    t0 = time.perf_counter()
    r = render.render(blocks, settings.dots)
    t1 = time.perf_counter()
    data = escpos_out.encode(r.image, profile=settings.profile, dots=settings.dots, cut=r.cut)
    t2 = time.perf_counter()
    return BuiltSlip(data, r.image, (t1 - t0) * 1000, (t2 - t1) * 1000)


def warm_up(settings: PrinterSettings) -> float:
    """Load the fonts and the python-escpos profile (~0.3 s the first time) before the
    first citizen waits for a slip. Returns the milliseconds it took."""
    from kiosk import receipt as R
    t0 = time.perf_counter()
    build([R.Text("受理回执 0123 ABC", size=s) for s in render.SIZES] + [R.Text("受理", bold=True, size=s)
                                                                      for s in render.SIZES], settings)
    return (time.perf_counter() - t0) * 1000


def preview(blocks, settings: PrinterSettings, path=None):
    """The preview image (PIL) of a slip, optionally saved as PNG; identical to the print."""
    if settings.text_mode == "gb18030":
        img = build(blocks, settings).image
    else:
        img = render.render(blocks, settings.dots).image
    if path is not None:
        img.save(path, format="PNG", optimize=True)
    return img
