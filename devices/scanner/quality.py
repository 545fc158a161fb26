"""Quality gate: is this capture good enough to keep? Each problem is a code the UI
can explain to a citizen:

  no_page     no page found                       (blocks)
  page_cut    a corner at or beyond the frame edge (blocks)
  page_small  the page covers < 10 % of the frame  (blocks; for a smaller paper format,
              a card or a passport page, 10 % scaled by its area over an A4's)
  blurry      edges too soft (see `sharpness`)     (blocks)
  glare       a clipped, colourless patch > 1 %    (blocks)
  low_dpi     effective DPI under 150              (blocks)
  dpi_warn    effective DPI under 200              (warning only: ok stays true)

Blur is measured on the straightened page at its native scale as the edge slope
relative to the local contrast at strong edges (95th percentile): a sharp edge rises
over ~1-2 px whatever the ink contrast, and the Gaussian pre-smoothing and
percentile make it insensitive to sensor noise (noise sigma 0 -> 16 moves it by
< 0.01 while a blur of sigma 1.5 moves it by ~0.09). `blur` = 1 - slope / 0.32, so
about 0 is sharp, 0.27 is sigma 1.5 px, 0.45 sigma 3 px. The threshold is calibrated
per camera with `calibrate_blur` (config camera.blur_threshold; 0 = default 0.35).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from devices.scanner.geometry import polygon_area
from devices.scanner.rectify import PAPERS_MM, effective_dpi, side_lengths, warp

BLOCKING = ("no_page", "page_cut", "page_small", "blurry", "glare", "low_dpi")
WARNINGS = ("dpi_warn",)
DEFAULT_BLUR_THRESHOLD = 0.35


@dataclass
class Thresholds:
    blur: float = DEFAULT_BLUR_THRESHOLD   # block when blur > this
    glare: float = 0.01                    # block when the clipped fraction > this
    dpi_block: float = 150.0
    dpi_warn: float = 200.0
    min_area: float = 0.10                 # fraction of the frame
    edge_margin: float = 0.004             # fraction of the long side

    @classmethod
    def from_config(cls, config) -> "Thresholds":
        t = cls()
        try:
            b = float(config["camera.blur_threshold"])
            if b > 0:
                t.blur = b
        except (KeyError, TypeError):
            pass
        return t


@dataclass
class Quality:
    ok: bool
    problems: list[str] = field(default_factory=list)
    blur: float | None = None
    glare: float | None = None
    dpi: float | None = None

    def as_dict(self) -> dict:
        r = lambda v, n: None if v is None else round(float(v), n)  # noqa: E731
        return {"ok": self.ok, "problems": list(self.problems), "blur": r(self.blur, 3),
                "glare": r(self.glare, 4), "dpi": r(self.dpi, 1)}


def no_page() -> Quality:
    return Quality(False, ["no_page"])


def edge_slope(grey: np.ndarray) -> float | None:
    """95th percentile of gradient / local contrast at strong edges (None: no edges)."""
    g = grey.astype(np.float32)
    gs = cv2.GaussianBlur(g, (0, 0), 1.0)
    gx = cv2.Sobel(gs, cv2.CV_32F, 1, 0, ksize=3) / 8
    gy = cv2.Sobel(gs, cv2.CV_32F, 0, 1, ksize=3) / 8
    mag = cv2.magnitude(gx, gy)
    k = np.ones((9, 9), np.uint8)
    con = cv2.dilate(gs, k) - cv2.erode(gs, k)
    m = con > 40
    if int(m.sum()) < 200:
        return None
    return float(np.percentile(mag[m] / con[m], 95))


def blur_amount(page_grey: np.ndarray) -> float | None:
    s = edge_slope(page_grey)
    return None if s is None else float(np.clip(1 - s / 0.32, 0, 1))


def glare_fraction(page_bgr: np.ndarray) -> float:
    hsv = cv2.cvtColor(page_bgr, cv2.COLOR_BGR2HSV)
    clipped = (hsv[..., 2] >= 250) & (hsv[..., 1] <= 30)
    return float(clipped.mean())


def _area_vs_a4(paper: str) -> float:
    """A smaller format's area over an A4's (1 for A4 and larger, and for 'free'): a card
    that fills a document camera's A4-sized view as a card does is not 'too small' (its
    resolution is the DPI check's business)."""
    if paper not in PAPERS_MM:
        return 1.0
    (a, b), (a4a, a4b) = PAPERS_MM[paper], PAPERS_MM["A4"]
    return min(1.0, (a * b) / (a4a * a4b))


def assess(image: np.ndarray, quad, *, paper: str = "A4", thresholds: Thresholds | None = None,
           scale: float = 1.0) -> Quality:
    """Check a page found at `quad` (pixels of `image`). `scale`: original pixels per
    image pixel (image downscaled for speed -> DPI is computed at full size)."""
    t = thresholds or Thresholds()
    if quad is None:
        return no_page()
    q = np.asarray(quad, np.float64).reshape(4, 2)
    h, w = image.shape[:2]
    problems: list[str] = []
    m = max(2.0, t.edge_margin * max(w, h))
    if (q[:, 0] < m).any() or (q[:, 1] < m).any() or (q[:, 0] > w - 1 - m).any() or (q[:, 1] > h - 1 - m).any():
        problems.append("page_cut")
    if polygon_area(q) < t.min_area * _area_vs_a4(paper) * w * h:
        problems.append("page_small")
    # measure on the page at its native scale, at most 800 px wide
    pw, ph = side_lengths(q)
    s = min(1.0, 800.0 / max(pw, 1.0))
    size = (max(8, round(pw * s)), max(8, round(ph * s)))
    page = warp(image, q, size)
    grey = cv2.cvtColor(page, cv2.COLOR_BGR2GRAY) if page.ndim == 3 else page
    blur = blur_amount(grey)
    if blur is not None and blur > t.blur:
        problems.append("blurry")
    glare = glare_fraction(page) if page.ndim == 3 else float((page >= 250).mean())
    if glare > t.glare:
        problems.append("glare")
    dpi = effective_dpi(q * scale, paper)
    if dpi is not None:
        if dpi < t.dpi_block:
            problems.append("low_dpi")
        elif dpi < t.dpi_warn:
            problems.append("dpi_warn")
    ok = not any(p in BLOCKING for p in problems)
    return Quality(ok, problems, blur, glare, dpi)


def calibrate_blur(samples: list[tuple[np.ndarray, np.ndarray]], margin: float = 0.12) -> float:
    """A camera's blur threshold from known-good captures [(image, quad), ...]: the
    median blur of the good ones plus a margin (cf. reference §A2 'calibrate per camera')."""
    vals = []
    for img, quad in samples:
        pw, ph = side_lengths(quad)
        s = min(1.0, 800.0 / max(pw, 1.0))
        page = warp(img, quad, (max(8, round(pw * s)), max(8, round(ph * s))))
        b = blur_amount(cv2.cvtColor(page, cv2.COLOR_BGR2GRAY) if page.ndim == 3 else page)
        if b is not None:
            vals.append(b)
    if not vals:
        return DEFAULT_BLUR_THRESHOLD
    return float(min(0.8, np.median(vals) + margin))
