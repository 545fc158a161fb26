"""The independent scene generator's ground truth (not the detector's accuracy)."""

import sys
from pathlib import Path

import cv2
import numpy as np
import pytest

from scenes_independent import BACKGROUNDS, PAPERS, make_scene

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from bench_scanner_independent import classic_detect, smartdoc_jaccard  # noqa: E402


def _signed_area(q):
    x, y = q[:, 0], q[:, 1]
    return float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))) / 2.0


@pytest.mark.parametrize("seed", [3, 11, 28])
def test_corners_inside_clockwise_and_deterministic(seed):
    a, b = make_scene(seed), make_scene(seed)
    assert np.array_equal(a.image, b.image) and np.array_equal(a.corners, b.corners)
    h, w = a.image.shape[:2]
    c = a.corners
    assert c.shape == (4, 2)
    assert np.all(c[:, 0] > 0) and np.all(c[:, 0] < w) and np.all(c[:, 1] > 0) and np.all(c[:, 1] < h)
    assert _signed_area(c) > 0.02 * w * h      # clockwise on screen (y down) and not tiny


def test_different_seeds_differ():
    assert not np.array_equal(make_scene(1).corners, make_scene(2).corners)


@pytest.mark.parametrize("bg,paper", [("wood", "A4"), ("laminate", "ID-1"), ("newspaper", "receipt"),
                                      ("glossy", "passport")])
def test_pinned_choices_and_page_brighter_inside(bg, paper):
    s = make_scene(5, background=bg, paper=paper, size=(1024, 768))
    assert s.image.shape == (768, 1024, 3) and s.background == bg and s.paper == paper
    # the ground truth really outlines the page: along each side, just inside, the picture
    # differs from just outside (paper against desk), on at least three sides
    grey = cv2.cvtColor(s.image, cv2.COLOR_BGR2GRAY).astype(float)
    c = s.corners
    centre = c.mean(axis=0)
    steps = 0
    for k in range(4):
        p, q = c[k], c[(k + 1) % 4]
        n = np.array([q[1] - p[1], p[0] - q[0]])
        n /= np.linalg.norm(n)
        if np.dot(centre - (p + q) / 2, n) > 0:
            n = -n                                   # n points outwards
        ts = np.linspace(0.2, 0.8, 25)
        pts = p + (q - p) * ts[:, None]
        inside = [grey[int(y), int(x)] for x, y in (pts - 6 * n)]
        outside = [grey[int(np.clip(y, 0, 767)), int(np.clip(x, 0, 1023))] for x, y in (pts + 6 * n)]
        steps += np.median(np.abs(np.array(inside) - np.array(outside))) > 6
    assert steps >= 3


def test_clockwise_whatever_the_rotation():
    """Pages lie at any angle (some a quarter or half turn); corner 0 is the page's own
    top-left, so it may be anywhere on screen, but the order stays clockwise."""
    for seed in range(12):
        s = make_scene(seed, paper="receipt", size=(640, 480))
        assert _signed_area(s.corners) > 0


def test_all_kinds_exist():
    assert set(BACKGROUNDS) >= {"wood", "fabric", "laminate", "keyboard", "newspaper", "tiles", "glossy"}
    assert {"A4", "A5", "ID-1", "letter", "receipt", "passport"} <= set(PAPERS)


def test_jaccard_measure():
    gt = np.array([[100, 100], [500, 120], [480, 700], [90, 680]], float)
    assert smartdoc_jaccard(gt, gt, 1.414) == pytest.approx(1.0, abs=1e-9)
    assert smartdoc_jaccard(gt, np.roll(gt, 2, axis=0), 1.414) == pytest.approx(1.0, abs=1e-9)
    assert smartdoc_jaccard(gt, None, 1.414) == 0.0
    gt = np.array([[100, 100], [500, 100], [500, 666], [100, 666]], float)   # affine: midpoints stay midpoints
    half = gt.copy()
    half[2] = (gt[1] + gt[2]) / 2
    half[3] = (gt[0] + gt[3]) / 2
    assert smartdoc_jaccard(gt, half, 1.414) == pytest.approx(0.5, abs=1e-6)


def test_classic_baseline_finds_a_plain_page():
    img = np.full((480, 640, 3), 40, np.uint8)
    quad = np.array([[150, 80], [470, 100], [460, 420], [140, 400]], np.int32)
    cv2.fillPoly(img, [quad], (235, 235, 235))
    q = classic_detect(img)
    assert q is not None and smartdoc_jaccard(quad.astype(float), q, 1.0) > 0.95
