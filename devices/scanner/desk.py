"""The empty desk: what the document camera sees with nothing on it.

A document camera is fixed over its desk, so the desk's own pattern (a cutting mat's
grid, a checked cloth, wood grain, the edge of a blotter) lies in the same place in
every frame. The detector can take a rectangle of such a pattern, or a shadow's outline
on it, for a page -- and auto-capture would then photograph an empty desk. With the
empty desk on record, a quad whose inside still shows the desk's pattern as it was
recorded is the desk, not a page: a sheet laid there covers that pattern.

The comparison is of the pattern, not of the light: both pictures are locally
normalised (each pixel minus its neighbourhood's mean, over its neighbourhood's
spread), which a lamp, a gradient or a person's shadow scales but does not change, and
correlated inside the quad. A plain desk has no pattern to compare; there the record
says nothing and the detector decides alone, as without one.

The record is a small grey picture (no personal data: the desk is empty) stored in
the data directory; the technician takes it (`kiosk scan desk`, technician screen).

May import: OpenCV, NumPy, `kiosk.errors`. No Qt.
"""

from __future__ import annotations

import logging
from pathlib import Path

import cv2
import numpy as np

from kiosk.errors import InputError
from kiosk.fsutil import replace_file

SIZE = 320            # long side of the recorded picture (px): the pattern's scale, not its detail
SIGMA = 4.0           # neighbourhood of the local normalisation (px at SIZE)
NOISE = 4.0           # grey levels: spread below this counts as sensor noise, not pattern
BARE_SIMILARITY = 0.7  # correlation of the patterns inside a quad from which it is the bare desk
MIN_PATTERN = 0.45    # RMS of the recorded pattern inside a quad below which it says nothing
ASPECT_TOLERANCE = 0.02

log = logging.getLogger(__name__)


def record_path(config) -> Path:
    """Where this station's empty desk is kept (camera.empty_desk, else the data directory)."""
    return Path(config["camera.empty_desk"] or config.data_dir / "scanner" / "empty-desk.png")


def recorded(config) -> "EmptyDesk | None":
    """This station's empty desk, or None when none is recorded. A damaged record is a
    warning in the log and no record (pages are then found as without one), not an error."""
    path = record_path(config)
    if not path.exists():
        return None
    try:
        return EmptyDesk.load(path)
    except InputError as e:
        log.warning("empty desk not used: %s", e)
        return None


def _pattern(grey: np.ndarray) -> np.ndarray:
    g = grey.astype(np.float32)
    d = g - cv2.GaussianBlur(g, (0, 0), SIGMA)
    spread = cv2.GaussianBlur(d * d, (0, 0), SIGMA)
    return d / np.sqrt(spread + NOISE * NOISE)


def _small_grey(image: np.ndarray, size: tuple[int, int] | None = None) -> np.ndarray:
    """Grey, SIZE on the long side, or exactly `size` (w, h): the record's own."""
    grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image
    if size is None:
        h, w = grey.shape[:2]
        s = SIZE / max(h, w)
        size = (max(1, round(w * s)), max(1, round(h * s)))
    return cv2.resize(grey, size, interpolation=cv2.INTER_AREA)


def page_in_view(image: np.ndarray) -> bool:
    """Is there a page on the desk? The detector finds one AND the page network sees a
    page inside it (a pattern of an empty desk can fool the first, rarely both). Without
    the network, any quad counts: recording over a page would hide that spot's pages."""
    from devices.scanner import pagenet
    from devices.scanner.detect import detect_page
    det = detect_page(image)
    if det is None:
        return False
    prob = pagenet.page_probability(image)
    if prob is None:
        return True
    h, w = image.shape[:2]
    mask = np.zeros(prob.shape, np.uint8)
    q = det.quad * [prob.shape[1] / w, prob.shape[0] / h]
    cv2.fillPoly(mask, [np.round(q).astype(np.int32)], 1)
    inside = prob[mask.astype(bool)]
    return bool(inside.size) and float(inside.mean()) >= 0.5


def record(image: np.ndarray, path: str | Path) -> dict:
    """Record `image` (the cleared desk) at `path`: {"path", "width", "height", "pattern"
    (its strength), "plain" (no pattern: nothing on it is taken for a page anyway)}.
    Whether a page lies on it is the caller's question (`page_in_view`)."""
    desk = EmptyDesk.from_image(image)
    saved = desk.save(path)
    strength = round(desk.pattern_strength(), 2)
    return {"path": str(saved), "width": int(desk.grey.shape[1]), "height": int(desk.grey.shape[0]),
            "pattern": strength, "plain": strength < MIN_PATTERN}


class EmptyDesk:
    """The recorded empty desk. `similarity(image, quad)` in -1..1 (None when the two
    cannot be compared); `is_bare(image, quad)`: the quad is the desk itself."""

    def __init__(self, grey: np.ndarray):
        if grey.ndim != 2 or min(grey.shape) < 16:
            raise ValueError("an empty-desk picture is a grey image at least 16 px on each side")
        self.grey = grey
        self.aspect = grey.shape[1] / grey.shape[0]
        self._pattern = _pattern(grey)
        self._last = None           # (frame, its pattern): the frame last compared

    @classmethod
    def from_image(cls, image: np.ndarray) -> "EmptyDesk":
        """From a camera frame (BGR or grey) of the desk with nothing on it."""
        return cls(_small_grey(image))

    @classmethod
    def load(cls, path: str | Path) -> "EmptyDesk":
        path = Path(path)
        if not path.is_file():
            raise InputError(f"{path}: no such file (record the empty desk: kiosk scan desk)")
        grey = cv2.imread(str(path), cv2.IMREAD_GRAYSCALE)
        if grey is None or min(grey.shape) < 16:
            raise InputError(f"{path}: not an empty-desk picture (record it again: kiosk scan desk)")
        return cls(grey)

    def save(self, path: str | Path) -> Path:
        """Write the record as PNG, whole or not at all (a temp file beside it, then a rename)."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        ok, buf = cv2.imencode(".png", self.grey)
        if not ok:      # pragma: no cover - encoding a uint8 grey image does not fail
            raise InputError(f"{path}: the empty-desk picture could not be encoded")
        replace_file(path, buf.tobytes())
        return path

    def fits(self, shape) -> bool:
        """Frames of this shape (h, w, ...) can be compared with the record (the same aspect)."""
        h, w = shape[:2]
        return abs(w / h - self.aspect) <= ASPECT_TOLERANCE * self.aspect

    def pattern_strength(self) -> float:
        """RMS of the normalised pattern over the whole desk: about 0.25 for a plain desk
        (noise only), 0.8-0.95 for a grid or wood grain. The technician sees it."""
        return float(np.sqrt(np.mean(self._pattern ** 2)))

    def similarity(self, image: np.ndarray, quad) -> float | None:
        """Correlation of the desk's pattern and this frame's inside `quad` (the frame's
        pixels). None: another camera shape, a quad too small to judge, or a plain desk
        there (nothing to compare)."""
        if not self.fits(image.shape):
            return None
        h, w = image.shape[:2]
        ph, pw = self.grey.shape
        q = np.asarray(quad, np.float64).reshape(4, 2) * [pw / w, ph / h]
        mask = np.zeros((ph, pw), np.uint8)
        cv2.fillPoly(mask, [np.round(q).astype(np.int32)], 1)
        # off the quad's border: the page's own edge and shadow are not the desk
        mask = cv2.erode(mask, np.ones((5, 5), np.uint8)).astype(bool)
        if mask.sum() < 200:
            return None
        a = self._pattern[mask]
        if float(np.sqrt(np.mean(a * a))) < MIN_PATTERN:
            return None
        last = self._last          # (one tuple: read whole even if another thread swaps it)
        if last is None or last[0] is not image:
            # the detector asks about several hypotheses of one frame: its pattern once
            last = self._last = (image, _pattern(_small_grey(image, (pw, ph))))
        b = last[1][mask]
        energy = float(np.sqrt(np.dot(a, a) * np.dot(b, b)))
        return float(np.dot(a, b) / energy) if energy > 0 else None

    def is_bare(self, image: np.ndarray, quad) -> bool:
        s = self.similarity(image, quad)
        return s is not None and s >= BARE_SIMILARITY
