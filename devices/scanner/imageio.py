"""Reading photos safely: typed errors for files that are not images, empty or
truncated, and a reduced decode for huge photos so a 50-megapixel file does not
need 150 MB of pixels (JPEG decodes at 1/2, 1/4 or 1/8 directly in libjpeg)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from kiosk.errors import InputError

MAX_PIXELS = 16_000_000        # decode larger photos at a reduced scale
_REDUCED = {2: cv2.IMREAD_REDUCED_COLOR_2, 4: cv2.IMREAD_REDUCED_COLOR_4, 8: cv2.IMREAD_REDUCED_COLOR_8}


@dataclass
class LoadedImage:
    image: np.ndarray          # BGR uint8
    scale: float               # original pixels = image pixels / scale
    original_size: tuple[int, int]   # (width, height) of the file's image


def _header_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) as displayed -- EXIF orientation applied, as OpenCV's decoder
    does -- from the header, without decoding pixels (Pillow reads lazily)."""
    import io
    import warnings

    from PIL import Image
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")          # huge images: we decode them reduced
            Image.MAX_IMAGE_PIXELS = None
            with Image.open(io.BytesIO(data)) as im:
                w, h = im.size
                try:
                    orientation = im.getexif().get(0x0112, 1)
                except Exception:
                    orientation = 1
                return (h, w) if orientation in (5, 6, 7, 8) else (w, h)
    except Exception:
        return None


def _looks_truncated(data: bytes) -> bool:
    if data[:3] == b"\xff\xd8\xff":                      # JPEG must end with EOI
        return b"\xff\xd9" not in data[-1024:]
    if data[:8] == b"\x89PNG\r\n\x1a\n":                  # PNG must end with IEND
        return b"IEND" not in data[-64:]
    return False


def decode_image(data: bytes, name: str = "image", max_pixels: int = MAX_PIXELS) -> LoadedImage:
    if not data:
        raise InputError(f"{name}: empty file; choose a JPEG or PNG photo")
    size = _header_size(data)
    if size is None:
        raise InputError(f"{name}: not an image (unknown format); choose a JPEG or PNG photo")
    if _looks_truncated(data):
        raise InputError(f"{name}: truncated image (the file ends early, {len(data)} bytes); copy it again")
    w, h = size
    factor = 1
    while w * h / (factor * factor) > max_pixels and factor < 8:
        factor *= 2
    flags = _REDUCED[factor] if factor > 1 else cv2.IMREAD_COLOR
    buf = np.frombuffer(data, np.uint8)
    img = cv2.imdecode(buf, flags)
    if img is None:
        raise InputError(f"{name}: the image data cannot be decoded; choose a JPEG or PNG photo")
    if img.shape[0] * img.shape[1] > max_pixels:      # formats without a reduced decode
        s = (max_pixels / (img.shape[0] * img.shape[1])) ** 0.5
        img = cv2.resize(img, (int(img.shape[1] * s), int(img.shape[0] * s)), interpolation=cv2.INTER_AREA)
    return LoadedImage(img, img.shape[1] / w, (w, h))


def load_image(path: str | os.PathLike, max_pixels: int = MAX_PIXELS) -> LoadedImage:
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{p}: file not found") from None
    except IsADirectoryError:
        raise InputError(f"{p}: is a directory, not an image") from None
    except PermissionError:
        raise InputError(f"{p}: cannot read (permission denied)") from None
    return decode_image(data, str(p), max_pixels)
