"""Quadrilateral helpers: corner ordering, areas, polygon Jaccard (IoU), scaling."""

from __future__ import annotations

import numpy as np


def order_quad(pts) -> np.ndarray:
    """Four points ordered clockwise on screen (y down), starting at the top-left one."""
    q = np.asarray(pts, dtype=np.float64).reshape(4, 2)
    c = q.mean(axis=0)
    ang = np.arctan2(q[:, 1] - c[1], q[:, 0] - c[0])
    q = q[np.argsort(ang)]          # increasing angle = clockwise when y points down
    start = int(np.argmin(q[:, 0] + q[:, 1]))
    return np.roll(q, -start, axis=0)


def polygon_area(q) -> float:
    q = np.asarray(q, dtype=np.float64).reshape(-1, 2)
    x, y = q[:, 0], q[:, 1]
    return float(abs(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))) / 2.0)


def is_convex(q) -> bool:
    q = np.asarray(q, dtype=np.float64).reshape(-1, 2)
    d = np.roll(q, -1, axis=0) - q
    cross = d[:, 0] * np.roll(d, -1, axis=0)[:, 1] - d[:, 1] * np.roll(d, -1, axis=0)[:, 0]
    return bool(np.all(cross > 0) or np.all(cross < 0))


def jaccard(a, b) -> float:
    """Polygon intersection over union (SmartDoc's Jaccard index, in image space).
    Exact for convex quads; a non-convex one is measured on rasterised masks."""
    import cv2
    a = np.asarray(a, dtype=np.float32).reshape(-1, 2)
    b = np.asarray(b, dtype=np.float32).reshape(-1, 2)
    if is_convex(a) and is_convex(b):
        inter, _ = cv2.intersectConvexConvex(a, b)
        union = polygon_area(a) + polygon_area(b) - inter
        return float(inter / union) if union > 0 else 0.0
    lo = np.floor(np.minimum(a.min(0), b.min(0))) - 2
    hi = np.ceil(np.maximum(a.max(0), b.max(0))) + 2
    w, h = (hi - lo).astype(int)
    ma = np.zeros((h, w), np.uint8)
    mb = np.zeros((h, w), np.uint8)
    cv2.fillPoly(ma, [np.round((a - lo) * 4).astype(np.int32)], 1, shift=2)
    cv2.fillPoly(mb, [np.round((b - lo) * 4).astype(np.int32)], 1, shift=2)
    inter = np.count_nonzero(ma & mb)
    union = np.count_nonzero(ma | mb)
    return inter / union if union else 0.0


def diagonal(shape) -> float:
    h, w = shape[:2]
    return float(np.hypot(w, h))


def max_corner_shift(a, b) -> float:
    """Largest distance between corresponding corners of two ordered quads."""
    return float(np.max(np.linalg.norm(np.asarray(a, float) - np.asarray(b, float), axis=1)))


def parse_corners(text: str) -> np.ndarray:
    """'x,y,x,y,x,y,x,y' -> ordered 4x2 array; raises ValueError with a reason."""
    parts = [p for p in text.replace(";", ",").replace(" ", ",").split(",") if p]
    if len(parts) != 8:
        raise ValueError(f"expected 8 numbers x,y,x,y,x,y,x,y, got {len(parts)}")
    vals = [float(p) for p in parts]
    q = np.array(vals, dtype=np.float64).reshape(4, 2)
    if polygon_area(q) < 1.0:
        raise ValueError("the four corners enclose no area")
    return order_quad(q)
