"""A synthetic passport data page (TD3) or ID card back (TD1) carrying a given MRZ, for
the MRZ reader's tests: in OCR-B (Debian's fonts-ocr-b), the face real documents use,
or in a plain monospaced face (`font="mono"`: a document set in something else), and
a photo of such a page lying on a desk."""

from __future__ import annotations

import cv2
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


def photo_of(page, frame=(1920, 1080), fill=0.7, seed=0):
    """The page lying on a desk, photographed from slightly off-axis."""
    rng = np.random.default_rng(seed)
    W, H = frame
    h, w = page.shape[:2]
    s = fill * min(W / w, H / h)
    cx, cy = W / 2 + rng.uniform(-0.05, 0.05) * W, H / 2 + rng.uniform(-0.05, 0.05) * H
    dst = np.array([[-w / 2, -h / 2], [w / 2, -h / 2], [w / 2, h / 2], [-w / 2, h / 2]]) * s
    a = rng.uniform(-0.12, 0.12)
    R = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
    dst = dst @ R.T + [cx, cy] + rng.normal(0, 0.012 * W, (4, 2))
    desk = np.empty((H, W, 3), np.float32)
    desk[:] = (70, 85, 100)
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    desk *= (0.8 + 0.4 * xx / W)[..., None]
    M = cv2.getPerspectiveTransform(np.float32([[0, 0], [w, 0], [w, h], [0, h]]), dst.astype(np.float32))
    img = cv2.warpPerspective(page.astype(np.float32), M, (W, H), dst=desk, borderMode=cv2.BORDER_TRANSPARENT)
    img *= (0.85 + 0.25 * yy / H)[..., None]
    img += rng.normal(0, 3, img.shape)
    ok, buf = cv2.imencode(".jpg", np.clip(img, 0, 255).astype(np.uint8), [cv2.IMWRITE_JPEG_QUALITY, 85])
    return cv2.imdecode(buf, cv2.IMREAD_COLOR), dst
