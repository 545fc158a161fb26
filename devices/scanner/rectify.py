"""Straightening a detected page to its real aspect at a target DPI, and the
enhancement modes: colour, grey, black-and-white (adaptive threshold) and shadow
flattening (divide by an estimate of the paper's own brightness)."""

from __future__ import annotations

import cv2
import numpy as np

from kiosk.errors import InputError

# (short side, long side) in millimetres
# (ID-1: bank and ID cards; ID-3: a passport's data page, ICAO 9303 TD3)
PAPERS_MM = {"A4": (210.0, 297.0), "A5": (148.0, 210.0), "ID-1": (53.98, 85.6), "ID-3": (88.0, 125.0),
             "letter": (215.9, 279.4)}
MODES = ("colour", "grey", "bw", "flat")


def side_lengths(quad) -> tuple[float, float]:
    """(width, height) of an ordered quad: means of opposite sides, in its pixels."""
    q = np.asarray(quad, np.float64)
    top, right = np.linalg.norm(q[1] - q[0]), np.linalg.norm(q[2] - q[1])
    bottom, left = np.linalg.norm(q[2] - q[3]), np.linalg.norm(q[3] - q[0])
    return (top + bottom) / 2, (left + right) / 2


def paper_size_mm(paper: str, quad) -> tuple[float, float] | None:
    """(width, height) in mm of `paper` in the quad's orientation; None for 'free'."""
    if paper == "free":
        return None
    if paper not in PAPERS_MM:
        raise InputError(f"paper {paper!r}: unknown (use {', '.join(PAPERS_MM)} or free)")
    short, long_ = PAPERS_MM[paper]
    w, h = side_lengths(quad)
    return (long_, short) if w > h else (short, long_)


def effective_dpi(quad, paper: str) -> float | None:
    """Pixels per inch the photo holds across the page (the poorer of the two axes)."""
    size = paper_size_mm(paper, quad)
    if size is None:
        return None
    w, h = side_lengths(quad)
    return float(min(w / (size[0] / 25.4), h / (size[1] / 25.4)))


def output_size(quad, paper: str = "A4", dpi: int = 200) -> tuple[int, int]:
    size = paper_size_mm(paper, quad)
    if size is None:                      # free: keep the measured shape and scale
        w, h = side_lengths(quad)
        return max(1, round(w)), max(1, round(h))
    return max(1, round(size[0] / 25.4 * dpi)), max(1, round(size[1] / 25.4 * dpi))


def warp(image: np.ndarray, quad, size: tuple[int, int]) -> np.ndarray:
    w, h = size
    src = np.asarray(quad, np.float32).reshape(4, 2)
    dst = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    M = cv2.getPerspectiveTransform(src, dst)
    return cv2.warpPerspective(image, M, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)


def flatten_shadows(page: np.ndarray) -> np.ndarray:
    """Divide by the paper's brightness (text removed by a closing, then smoothed)."""
    h, w = page.shape[:2]
    s = 400.0 / max(h, w)
    small = cv2.resize(page, (max(8, int(w * s)), max(8, int(h * s))), interpolation=cv2.INTER_AREA)
    bg = cv2.morphologyEx(small, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (9, 9)))
    bg = cv2.medianBlur(bg, 7)
    bg = cv2.GaussianBlur(bg, (0, 0), 3)
    bg = cv2.resize(bg, (w, h), interpolation=cv2.INTER_LINEAR)
    out = cv2.divide(page, bg, scale=245.0)
    return out


def enhance(page: np.ndarray, mode: str, dpi: int = 200) -> np.ndarray:
    if mode not in MODES:
        raise InputError(f"mode {mode!r}: unknown (use {', '.join(MODES)})")
    if mode == "colour":
        return page
    if mode == "flat":
        return flatten_shadows(page)
    grey = cv2.cvtColor(page, cv2.COLOR_BGR2GRAY) if page.ndim == 3 else page
    if mode == "grey":
        return grey
    # bw: flatten first, then a local threshold over a window of about 1/6 inch
    flat = flatten_shadows(grey)
    block = max(15, int(dpi / 6) | 1)
    return cv2.adaptiveThreshold(flat, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY, block, 12)


def rectify(image: np.ndarray, quad, *, paper: str = "A4", dpi: int = 200, mode: str = "colour") -> np.ndarray:
    """The page inside `quad` (original pixels, clockwise from top-left), straightened to
    `paper`'s aspect at `dpi` ('free': measured shape, native scale), then enhanced."""
    if mode not in MODES:
        raise InputError(f"mode {mode!r}: unknown (use {', '.join(MODES)})")
    page = warp(image, quad, output_size(quad, paper, dpi))
    return enhance(page, mode, dpi)
