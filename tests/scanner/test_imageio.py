import io

import cv2
import numpy as np
import pytest
from PIL import Image

from devices.scanner.imageio import decode_image, load_image
from kiosk.errors import InputError


def _jpeg(img, orientation=None):
    pil = Image.fromarray(img[:, :, ::-1])
    buf = io.BytesIO()
    if orientation:
        exif = pil.getexif()
        exif[0x0112] = orientation
        pil.save(buf, "JPEG", exif=exif.tobytes())
    else:
        pil.save(buf, "JPEG")
    return buf.getvalue()


def test_phone_photo_stored_sideways_is_read_as_displayed():
    img = np.full((300, 400, 3), 60, np.uint8)
    data = _jpeg(img, orientation=6)            # display rotated 90 degrees clockwise
    li = decode_image(data)
    assert li.image.shape[:2] == (400, 300) and li.original_size == (300, 400) and li.scale == 1


def test_large_photo_is_decoded_reduced_with_the_right_scale():
    img = np.full((3000, 4000, 3), 60, np.uint8)
    li = decode_image(_jpeg(img), max_pixels=1_000_000)
    assert li.image.shape[:2] == (750, 1000) and li.scale == 0.25 and li.original_size == (4000, 3000)
    png = cv2.imencode(".png", img[:1000, :1000])[1].tobytes()
    li = decode_image(png, max_pixels=250_000)            # PNG: decoded, then resized down
    assert li.image.shape[0] * li.image.shape[1] <= 250_000 and li.scale == pytest.approx(0.5, abs=0.01)


@pytest.mark.parametrize("data,what", [(b"", "empty"), (b"GIF89a-not-really", "not an image"),
                                       (b"\x89PNG\r\n\x1a\n" + b"\0" * 30, "not an image")])
def test_bad_bytes(data, what):
    with pytest.raises(InputError, match=what):
        decode_image(data, "x")


def test_truncated_jpeg_and_png(tmp_path):
    img = np.random.default_rng(0).integers(0, 255, (200, 200, 3), np.uint8)
    j = _jpeg(img)
    with pytest.raises(InputError, match="truncated"):
        decode_image(j[: len(j) // 2], "x.jpg")
    p = cv2.imencode(".png", img)[1].tobytes()
    with pytest.raises(InputError, match="truncated"):
        decode_image(p[:-30], "x.png")
    with pytest.raises(InputError, match="directory"):
        load_image(tmp_path)
