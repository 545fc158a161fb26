"""A synthetic passport data page (TD3) or ID card back (TD1) carrying a given MRZ, for
the MRZ reader's tests: in OCR-B (Debian's fonts-ocr-b), the face real documents use,
or in a plain monospaced face (`font="mono"`: a document set in something else)."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from devices.scanner.mrz_cells import OCR_B, advance_per_em   # the face the reader knows

FONTS = ["/usr/share/fonts/truetype/noto/NotoSansMono-Regular.ttf",
         "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"]

TD3 = ["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
       "L898902C36UTO7408122F1204159ZE184226B<<<<<10"]
TD1 = ["I<UTOD231458907<<<<<<<<<<<<<<<",
       "7408122F1204159UTO<<<<<<<<<<<6",
       "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"]


def _font(size, faces=None):
    for f in faces or FONTS:
        try:
            return ImageFont.truetype(f, size)
        except OSError:
            continue
    if faces:       # (a silent fallback would test the reader on the wrong face)
        raise OSError(f"none of {faces} is installed (make setup-test installs fonts-ocr-b)")
    return ImageFont.load_default()


def passport_page(lines=TD3, width=1250, seed=0, font: str = "ocr-b") -> np.ndarray:
    """BGR image of a document page with printed fields above and the MRZ at the bottom,
    the MRZ in `font` ("ocr-b", or "mono" for a plain monospaced face)."""
    rng = np.random.default_rng(seed)
    n = len(lines[0])
    height = int(width / (1.42 if n == 44 else 1.586))
    img = Image.new("RGB", (width, height), (236, 232, 222))
    d = ImageDraw.Draw(img)
    d.rectangle([40, 40, 40 + width // 4, 40 + int(height * 0.45)], fill=(150, 140, 130))  # photo
    small = _font(max(12, width // 50))
    y = 50
    for label in ("Surname / Nom", "ERIKSSON", "Given names", "ANNA MARIA", "Date of birth 12 AUG 74"):
        d.text((width // 4 + 80, y), label, fill=(40, 40, 60), font=small)
        y += int(width / 28)
    faces = [OCR_B] if font == "ocr-b" else FONTS
    fs = int(width * 0.92 / (advance_per_em(_font(100, faces)) * n))
    font = _font(fs, faces)
    y0 = height - int(fs * 1.35) * len(lines) - int(height * 0.05)
    for i, ln in enumerate(lines):
        d.text((int(width * 0.035), y0 + i * int(fs * 1.35)), ln, fill=(20, 20, 20), font=font)
    arr = np.asarray(img)[:, :, ::-1].astype(np.float32)
    arr += rng.standard_normal(arr.shape) * 3
    return np.clip(arr, 0, 255).astype(np.uint8)
