"""Finding a CJK font for the raster renderer (fonts-noto-cjk on Debian).

Order: `$KIOSK_CJK_FONT` (path[:index]), assets/fonts/ (a bundled font, if any),
fc-match, then known Debian/Fedora paths. `.ttc` collections hold several faces; we
want the Simplified Chinese one (Noto Sans CJK SC), whose index fc-match reports.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
from pathlib import Path

from kiosk.errors import DeviceError

ASSETS_FONTS = Path(__file__).resolve().parents[2] / "assets" / "fonts"

# (path, face index of "Noto Sans CJK SC" in that collection)
KNOWN = {
    "regular": [("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
                ("/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc", 2),
                ("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", 2),
                ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0)],
    "bold": [("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", 2),
             ("/usr/share/fonts/google-noto-cjk/NotoSansCJK-Bold.ttc", 2),
             ("/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc", 2)],
}


@functools.lru_cache(maxsize=None)
def find_cjk_font(weight: str = "regular") -> tuple[str, int]:
    """(path, face index) of a Simplified Chinese font; DeviceError if none is installed."""
    env = os.environ.get("KIOSK_CJK_FONT")
    if env:
        path, _, idx = env.partition(":")
        return path, int(idx or 0)
    for ext in ("otf", "ttf", "ttc"):
        for f in sorted(ASSETS_FONTS.glob(f"*{'Bold' if weight == 'bold' else 'Regular'}*.{ext}")):
            return str(f), 2 if ext == "ttc" else 0
    if shutil.which("fc-match"):
        pattern = "Noto Sans CJK SC:style=Bold" if weight == "bold" else "Noto Sans CJK SC:style=Regular"
        try:
            out = subprocess.run(["fc-match", "-f", "%{file}|%{index}|%{family}", pattern],
                                 capture_output=True, text=True, timeout=5).stdout
            path, idx, family = (out.split("|") + ["", "", ""])[:3]
            if path and "CJK" in family and os.path.exists(path):
                return path, int(idx or 0)
        except (OSError, subprocess.SubprocessError, ValueError):
            pass
    for path, idx in KNOWN[weight]:
        if os.path.exists(path):
            return path, idx
    if weight == "bold":
        return find_cjk_font("regular")
    raise DeviceError("no CJK font found for receipts: install fonts-noto-cjk "
                      "or set KIOSK_CJK_FONT=/path/to/font.ttc:index")


@functools.lru_cache(maxsize=64)
def load_font(size: int, bold: bool = False):
    from PIL import ImageFont
    path, index = find_cjk_font("bold" if bold else "regular")
    return ImageFont.truetype(path, size, index=index)
