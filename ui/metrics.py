"""Physical sizes on the screen: touch targets and text computed from the panel's DPI.

Numbers (reference/ux-and-style.md 2.1): primary touch targets at least 15 mm, nothing
interactive under ~12 mm, body text with a cap height ("I") of at least 4.8 mm (ADA
707.7.2). Pure arithmetic; `ui.app` measures the font's cap-height ratio with Qt.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

MM_PER_INCH = 25.4
TOUCH_MM = 15.0
MIN_TOUCH_MM = 12.0
CAP_MM = 4.8
LARGE_TEXT_SCALE = 1.35
# A panel that reports a DPI outside this range has a broken EDID: use the fallback.
SANE_DPI = (50.0, 600.0)
FALLBACK_DPI = 96.0


def mm_to_px(mm: float, dpi: float) -> float:
    return mm * dpi / MM_PER_INCH


def px_to_mm(px: float, dpi: float) -> float:
    return px * MM_PER_INCH / dpi


def sane_dpi(reported: float, configured: float = 0.0) -> float:
    """The configured DPI when set, else the reported one when plausible, else 96."""
    if configured and configured > 0:
        return configured
    if SANE_DPI[0] <= reported <= SANE_DPI[1]:
        return reported
    return FALLBACK_DPI


@dataclass(frozen=True)
class Sizes:
    dpi: float
    touch: int        # height of primary buttons (px)
    touch_min: int    # smallest interactive item (px)
    font: int         # body text pixel size
    title: int        # headings
    spacing: int
    cap_mm: float     # resulting cap height of body text (mm)

    def as_dict(self) -> dict:
        return asdict(self)


def compute_sizes(dpi: float, cap_ratio: float, large: bool = False) -> Sizes:
    """Sizes for a screen of `dpi` where the UI font's cap height is `cap_ratio` x its
    pixel size. `large` is the citizen's large-text switch."""
    scale = LARGE_TEXT_SCALE if large else 1.0
    cap_px = mm_to_px(CAP_MM, dpi) * scale
    font = math.ceil(cap_px / cap_ratio)
    touch = math.ceil(max(mm_to_px(TOUCH_MM, dpi), font * 2.0))
    touch_min = math.ceil(mm_to_px(MIN_TOUCH_MM, dpi))
    return Sizes(dpi=dpi, touch=touch, touch_min=touch_min, font=font, title=math.ceil(font * 1.45),
                 spacing=math.ceil(mm_to_px(3.0, dpi)), cap_mm=round(px_to_mm(font * cap_ratio, dpi), 2))
