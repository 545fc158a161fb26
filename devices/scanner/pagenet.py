"""The page-region network: a small convolutional net (about 0.2 M weights, shipped in
assets/scanner/pagenet.onnx, run with OpenCV's DNN module -- no extra runtime) that says,
for each cell of a 64x48 grid over the frame, how likely it is to be page.

The detector uses it as a second opinion, not as the answer: edges still place the
sides to the pixel; the net tells a whole page from a part of one (a coloured header,
a photo, a text block, one half of a folded sheet) and from a sheet next to it, which
edge evidence alone cannot. Trained by tests/scanner/pagenet_train.py on generated
scenes only; without the model file the detector runs on edges alone.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import cv2
import numpy as np

NET_W, NET_H = 128, 96      # the net's input (the frame squeezed to this, any aspect)
OUT_W, OUT_H = 64, 48       # its answer grid
MODEL_PATH = Path(__file__).resolve().parents[2] / "assets" / "scanner" / "pagenet.onnx"

_local = threading.local()
log = logging.getLogger(__name__)


def net_input(image: np.ndarray, *, scaled: bool = True) -> np.ndarray:
    """The frame as the net sees it: BGR, NET_W x NET_H, channels first; `scaled`
    gives float32 in 0..1 with a batch axis, otherwise uint8 (the training set's form)."""
    if image.ndim == 2:
        image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    small = cv2.resize(image, (NET_W, NET_H), interpolation=cv2.INTER_AREA)
    chw = np.ascontiguousarray(small.transpose(2, 0, 1))
    if not scaled:
        return chw
    return (chw[None].astype(np.float32)) * (1.0 / 255.0)


def _net():
    # one per thread and model file: a cv2.dnn.Net is not safe to share between threads
    nets = getattr(_local, "nets", None)
    if nets is None:
        nets = _local.nets = {}
    key = str(MODEL_PATH)
    if key not in nets:
        nets[key] = None
        if MODEL_PATH.is_file():
            try:
                nets[key] = cv2.dnn.readNetFromONNX(key)
            except cv2.error:
                # a damaged file: detection goes on with edges alone (and says why, once)
                log.warning("page network %s unreadable; detecting pages from edges alone", key, exc_info=True)
    return nets[key]


def available() -> bool:
    return _net() is not None


def page_probability(image: np.ndarray) -> np.ndarray | None:
    """OUT_H x OUT_W float32 in 0..1 (page likelihood per cell), or None without a model."""
    net = _net()
    if net is None:
        return None
    net.setInput(net_input(image))
    logit = net.forward()[0, 0]
    return 1.0 / (1.0 + np.exp(-logit))


def region_iou(image: np.ndarray, quad) -> float | None:
    """How well `quad` (pixels of `image`) matches the network's page region: the IoU of
    the quad with the probability map (soft: the mass inside over the union). None
    without a model. One inference, about 2.5 ms."""
    prob = page_probability(image)
    if prob is None:
        return None
    h, w = image.shape[:2]
    q = np.asarray(quad, np.float64).reshape(4, 2) * [OUT_W / w, OUT_H / h]
    mask = np.zeros((OUT_H, OUT_W), np.float32)
    cv2.fillPoly(mask, [np.round(q * 8).astype(np.int32).reshape(-1, 1, 2)], 1.0, cv2.LINE_AA, shift=3)
    inter = float((prob * mask).sum())
    return inter / max(float(mask.sum() + prob.sum()) - inter, 1e-6)
