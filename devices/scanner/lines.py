"""Straight-line evidence for the page detector: line segments (OpenCV's LSD) merged
into long lines. A page's border is a straight step; LSD finds it from the local
gradient orientation alone, so a border whose edge chain is broken or wiggly (noise,
JPEG, a finger over it) still comes out as one long line, where a Hough vote over a
Canny map can miss it. Pure NumPy + cv2; no other scanner imports."""

from __future__ import annotations

import cv2
import numpy as np

_LSD = None
LSD_SCALE = 0.5     # LSD works on a half-size copy: a border is long, and it costs a third


def _detector():
    global _LSD
    if _LSD is None:
        _LSD = cv2.createLineSegmentDetector(cv2.LSD_REFINE_NONE, LSD_SCALE)
    return _LSD


def segments(gray: np.ndarray) -> np.ndarray:
    """(N, 4) float64 segments x0, y0, x1, y1 of a uint8 grey image."""
    if min(gray.shape[:2]) < 16:          # LSD's pyramid needs a few pixels
        return np.empty((0, 4))
    s = _detector().detect(gray)[0]
    return np.empty((0, 4)) if s is None else s.reshape(-1, 4).astype(np.float64)


def merged_lines(segs: np.ndarray, min_support: float, max_lines: int,
                 d_theta: float = np.deg2rad(2.5), d_rho: float = 2.5, ridge_px: float = 0.0,
                 weight=None) -> np.ndarray:
    """Group nearly collinear segments into lines; a line's support is the summed length
    of its segments (a border broken by a hand still adds up). Returns (rho, theta) rows
    in cv2.HoughLines' convention (theta in [0, pi)), strongest first, each with support
    of at least `min_support` px."""
    if not len(segs):
        return np.empty((0, 2))
    d = segs[:, 2:] - segs[:, :2]
    ln = np.hypot(d[:, 0], d[:, 1])
    keep = ln >= 0.25 * min_support          # short bits (texture, text) never make a border
    segs, d, ln = segs[keep], d[keep], ln[keep]
    if not len(segs):
        return np.empty((0, 2))
    mid = (segs[:, :2] + segs[:, 2:]) / 2
    if ridge_px:
        # a thin line (print, a grid line, a vein) gives two segments of opposite
        # direction a pixel or two apart (LSD orients a segment by its gradient); a
        # border is a single step. Drop the pairs: borders only.
        phi = np.arctan2(d[:, 1], d[:, 0])
        u = d / ln[:, None]
        anti = np.abs(((phi[:, None] - phi[None, :]) % (2 * np.pi)) - np.pi) < np.deg2rad(12)
        rel = mid[None, :, :] - mid[:, None, :]                      # (i, j, 2)
        dist_n = np.abs(rel[..., 0] * u[:, None, 1] - rel[..., 1] * u[:, None, 0])
        along = np.abs((rel * u[:, None, :]).sum(-1))
        near = anti & (dist_n < ridge_px) & (along < 0.5 * (ln[:, None] + ln[None, :]))
        keep = ~near.any(axis=1)
        segs, d, ln, mid = segs[keep], d[keep], ln[keep], mid[keep]
        if not len(segs):
            return np.empty((0, 2))
    if weight is not None:
        # evidence per segment (e.g. how different the two sides are), 0..1
        w_ = np.asarray(weight(segs), np.float64)
        keep = w_ > 0
        segs, d, ln, mid = segs[keep], d[keep], ln[keep] * w_[keep], mid[keep]
        if not len(segs):
            return np.empty((0, 2))
    theta = (np.arctan2(d[:, 1], d[:, 0]) + np.pi / 2) % np.pi
    rho = mid[:, 0] * np.cos(theta) + mid[:, 1] * np.sin(theta)
    order = np.argsort(ln)[::-1]
    lines: list[list[float]] = []           # rho, theta, support
    for i in order:
        r, t, l_ = rho[i], theta[i], ln[i]
        for L in lines:
            dt = abs(t - L[1])
            if dt < d_theta and abs(r - L[0]) < d_rho:
                L[2] += l_
                break
            if np.pi - dt < d_theta and abs(r + L[0]) < d_rho:
                L[2] += l_
                break
        else:
            lines.append([r, t, l_])
    arr = np.array(lines)
    arr = arr[arr[:, 2] >= min_support]
    arr = arr[np.argsort(arr[:, 2])[::-1]][:max_lines]
    return arr[:, :2].copy()
