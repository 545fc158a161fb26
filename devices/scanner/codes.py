"""QR codes and barcodes in a photo (appointment codes, e-certificates on phones),
read with zxing-cpp."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class Code:
    format: str
    text: str
    position: list[list[int]]     # four corners, clockwise from top-left

    def as_dict(self) -> dict:
        return {"format": self.format, "text": self.text, "position": self.position}


def read_codes(image: np.ndarray) -> list[Code]:
    import cv2
    import zxingcpp

    grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image
    out = []
    for r in zxingcpp.read_barcodes(grey):
        p = r.position
        pts = [[p.top_left.x, p.top_left.y], [p.top_right.x, p.top_right.y],
               [p.bottom_right.x, p.bottom_right.y], [p.bottom_left.x, p.bottom_left.y]]
        out.append(Code(str(r.format).split(".")[-1], r.text, pts))
    return out
