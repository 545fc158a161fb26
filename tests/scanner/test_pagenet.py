"""The page-region network (devices/scanner/pagenet.py) and how the detector uses it.

Scenes come from seeds no training set used (tests/scanner/pagenet_train.py trains on
200000+ docsynth seeds); the model is the shipped file in assets/scanner/.
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from devices.scanner import detect as D
from devices.scanner import pagenet
from devices.scanner.geometry import jaccard
from docsynth import make_empty_scene, make_scene


def _grid_mask(quad, shape):
    h, w = shape
    m = np.zeros((pagenet.OUT_H, pagenet.OUT_W), np.uint8)
    q = np.asarray(quad) * [pagenet.OUT_W / w, pagenet.OUT_H / h]
    cv2.fillPoly(m, [np.round(q).astype(np.int32).reshape(-1, 1, 2)], 1)
    return m.astype(bool)


def test_the_shipped_model_loads_and_answers_a_probability_grid():
    assert pagenet.MODEL_PATH.is_file(), "assets/scanner/pagenet.onnx is part of the product"
    sc = make_scene(31)
    p = pagenet.page_probability(sc.image)
    assert p.shape == (pagenet.OUT_H, pagenet.OUT_W) and p.dtype == np.float32
    assert 0.0 <= float(p.min()) and float(p.max()) <= 1.0


@pytest.mark.parametrize("seed", [5, 17, 23])
def test_the_page_is_likely_inside_its_outline_and_unlikely_outside(seed):
    sc = make_scene(seed)
    p = pagenet.page_probability(sc.image)
    m = _grid_mask(sc.quad, sc.image.shape[:2])
    inner = cv2.erode(m.astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)
    outer = ~cv2.dilate(m.astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)
    assert float(p[inner].mean()) > 0.8
    assert float(p[outer].mean()) < 0.2


def test_an_empty_desk_has_no_page_region():
    p = pagenet.page_probability(make_empty_scene(7))
    assert float((p > 0.5).mean()) < 0.05


def test_the_whole_page_agrees_with_the_network_better_than_half_of_it():
    sc = make_scene(5)
    small = cv2.resize(sc.image, (320, 240), interpolation=cv2.INTER_AREA)
    F = D._Features(small)
    D._gate_net(F, small)
    assert F.net_on, "the region's outline runs on this page's border: the network counts here"
    q = np.asarray(sc.quad) / 4.0
    half = q.copy()
    half[2] = (q[1] + q[2]) / 2          # the bottom half cut away: the top half only
    half[3] = (q[0] + q[3]) / 2
    iou = D._net_iou(F, D._order_many(np.stack([q, half])))
    assert iou[0] > 0.8 and iou[1] < 0.6


def test_without_the_model_the_detector_runs_on_edges_alone(monkeypatch, tmp_path):
    sc = make_scene(17)
    monkeypatch.setattr(pagenet, "MODEL_PATH", tmp_path / "absent.onnx")
    assert pagenet.page_probability(sc.image) is None
    d = D.detect_page(sc.image)
    assert d is not None and jaccard(d.quad, sc.quad) > 0.9


def test_a_damaged_model_file_is_a_logged_fallback_not_a_crash(monkeypatch, tmp_path, caplog):
    bad = tmp_path / "damaged.onnx"
    bad.write_bytes(b"\x08\x07not a model")
    monkeypatch.setattr(pagenet, "MODEL_PATH", bad)
    sc = make_scene(23)
    with caplog.at_level("WARNING"):
        d = D.detect_page(sc.image)
    assert d is not None and jaccard(d.quad, sc.quad) > 0.9
    assert "edges alone" in caplog.text


@pytest.mark.parametrize("seed", [61008, 61059, 61061, 61078])
def test_pages_the_edges_alone_miss_are_found_with_the_network(seed, monkeypatch):
    # (found by a search over seeds 61000-61079 for scenes where edges alone score under
    # 0.6: a newspaper desk and pale pages on pale desks)
    sc = make_scene(seed)
    monkeypatch.setattr(D, "USE_NET", False)
    d0 = D.detect_page(sc.image)
    assert (jaccard(d0.quad, sc.quad) if d0 else 0.0) < 0.6
    monkeypatch.setattr(D, "USE_NET", True)
    d1 = D.detect_page(sc.image)
    assert d1 is not None and jaccard(d1.quad, sc.quad) > 0.9


def _edges_alone(image, monkeypatch):
    monkeypatch.setattr(D, "USE_NET", False)
    d = D.detect_page(image)
    monkeypatch.setattr(D, "USE_NET", True)
    return d


@pytest.mark.parametrize("seed", [5, 17, 5008])
def test_a_network_that_sees_no_page_does_not_veto_the_edges(seed, monkeypatch):
    # a scene unlike its training: it answers "nothing here" -- the edges decide alone
    sc = make_scene(seed)
    ref = _edges_alone(sc.image, monkeypatch)
    monkeypatch.setattr(pagenet, "page_probability", lambda img: np.zeros((pagenet.OUT_H, pagenet.OUT_W), np.float32))
    d = D.detect_page(sc.image)
    assert d is not None and np.allclose(d.quad, ref.quad)


@pytest.mark.parametrize("seed", [5, 17])
def test_a_region_no_border_confirms_is_ignored(seed, monkeypatch):
    # a confident blob in a corner of the frame where no page is: unconfirmed by edges
    # and not a clean quad, so it neither scores nor overrides
    sc = make_scene(seed)
    ref = _edges_alone(sc.image, monkeypatch)
    blob = np.zeros((pagenet.OUT_H, pagenet.OUT_W), np.float32)
    cv2.circle(blob, (8, 8), 7, 1.0, -1)
    monkeypatch.setattr(pagenet, "page_probability", lambda img: blob)
    d = D.detect_page(sc.image)
    assert d is not None and jaccard(d.quad, ref.quad) > 0.99
