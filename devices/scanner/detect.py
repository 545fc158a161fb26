"""Page (document quadrilateral) detection.

Two detectors with the same signature `f(image_bgr) -> Detection | None`:

- `detect_classic`: the widely copied recipe (reference/scan-print.md §A2), kept as the
  baseline the benchmark compares against: 500 px high, grey, Gaussian 5x5, Canny
  75/200, contours, approxPolyDP(2 %), first convex 4-gon covering >= 10 % of the frame.
- `detect_page`: the kiosk's detector. On a copy downscaled by an integer factor to
  ~320 px it
  1. closes the L channel (11x11) so text, form rules and grid lines vanish while a
     page border stays, and builds a colour gradient (Lab, chroma weighted) as a
     structure tensor plus a multi-channel Canny map with noise-adaptive thresholds,
     and a texture map (local mean of what the closing removed: print, grain, rules);
  2. proposes candidate quads from five independent sources: contours of the edge map,
     Otsu regions of "paper-likeness" and of L (both polarities), cells enclosed by
     edges, pairs of Hough line pairs voted only by long edge chains (a faint-line
     pass joins in quiet scenes), and contours and line pairs of a "soft" edge map (a
     smoother, unclosed copy whose Canny thresholds follow this frame's own gradient
     distribution, so a faint border on a pale or low-lit desk still shows), the outline
     of the quiet ring a page's blank margin makes on a printed or ruled desk, and line
     pairs from LSD segments merged into long lines (devices/scanner/lines.py; a segment
     counts by how different its two sides are); plus the previous frame's quad when
     tracking;
  3. scores every candidate at once (NumPy, coarse then fine) by edge support along its
     sides -- a point counts when the gradient runs across the side AND the colour steps
     there (a drawn line, e.g. a form's frame, is not a step) or the texture stops there
     (busier outside than in: a page on a newspaper) -- times a blank-margin
     term, a lighter-inside term, shape (angles, opposite sides) and size, and a
     region-contrast term: the median colour-and-texture difference VECTOR between a
     band inside each side and one outside (a border separates paper from desk the same
     way all along; a grid line, a form's frame or a text block's edge has the same on
     both sides, and a line between checker squares flips sign and cancels);
  4. completes the best few by swapping one side for a Hough line (a side lost to a hand
     or clutter), refines the top ones (outermost strong step along each side's normal,
     robust line fit, intersection) and re-scores, slides each side's ends along the
     neighbouring sides (local search with the same score: three good sides and one on
     a shadow's edge or a grid line is the commonest near miss; a slid side must separate
     two regions at least as well as before), then looks further out
     for a border just outside the winner (a form frame or text block inside the page;
     kept only when the grown sides separate two regions at least as well as before --
     a page's own border grown to its shadow's rim or the sheet beneath separates less),
     and moves a side out when both neighbouring lines run on past its corners to a
     border where they stop (a full-bleed header band, a receipt's barcode strip);
  5. refines the winner at full resolution (sampling costs the same at any size) and
     verifies it: re-scored, it must still be supported and separate two regions on at
     least three sides; if not, the next two distinct hypotheses get a turn.
  A doubtful frame (best score under RETRY_SCORE, or nothing verified) is searched once
  more at ~480 px; of the two answers, the one with the higher sum of its scores on both
  images wins. If nothing verifies, the answer is None (reason "no_page"). With a
  `prior` (last frame's corners) that is still well supported, steps 2-4 are skipped.
  6. a second opinion from the page-region network (devices/scanner/pagenet.py, a small
  CNN run on a 128x96 copy, started on a helper thread as the frame comes in so that it
  runs while step 1 does): its region's outline is one more candidate, and when that
  outline is confirmed by edges, or the region is clearly one quad, every score is
  weighted by the quad's agreement with the region (IoU) -- it tells a whole page from
  a part of one (a coloured header band, a photo, one half of a folded sheet) and from
  the sheet beside it. When it is sure and the edges found no page, or a quad that
  misses its region, its outline is the answer (a pale page on a pale desk, a border
  lost in low light). A frame unlike anything it learned from leaves its region
  unconfirmed and the frame is judged on edges alone; without the model file, all frames are.

With `desk` (the station's empty desk on record, devices/scanner/desk.py), a hypothesis
that is the bare desk -- a rectangle of a grid or checked cloth, a shadow's outline on
it -- is skipped and the next one gets its turn.

Corners come back in the original image's pixels, clockwise from the top-left.
The few weights were chosen on generated scenes (tests/scanner/docsynth.py, seeds 0-299,
10000-10199, 20000-20199, 40000-40399); the benchmark and the tests use seeds never
used for that (the benchmark's held-out set 91000+ was run only to report figures).
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

import cv2
import numpy as np

from devices.scanner.geometry import order_quad
from devices.scanner.lines import merged_lines, segments
from devices.scanner import pagenet

WORK_SIZE = 320          # long side of the detection image (px), roughly

MIN_AREA_FRAC = 0.04     # smaller quads are not considered pages
ACCEPT_SCORE = 0.36      # below this the best candidate is "no page"
USE_COMPLETION = True
USE_WEAK_LINES = True
USE_SOFT = True          # the soft edge source (see _soft_edges)
SOFT_RAW = True          # ... on the unclosed Lab image (the closing hides a thin shadow line at a border)
W_CONTRAST, CONTRAST_LO, CONTRAST_HI = 0.3, 0.5, 1.5   # weight and ramp of the region-contrast term
UNREFINED_W = 0.9        # an unrefined candidate must beat a refined one by this factor
# prefer a larger containing quad: +0.004 J on the tuning seeds but -0.04 on pages lying
# on a larger pad (docsynth EXTRA_BACKGROUNDS 'blotter'), a common real desk: off
OUTER_KEEP, OUTER_GROW = 0.0, 1.5
EXTEND = True            # a side short of a full-bleed band or a barcode strip moves out (see _extend_side)
EXT_START, EXT_REACH = 3.0, (0.25, 40.0)   # a line "beyond a corner": 3 px out to a quarter of it (<= 40 px)
EXT_RUNS_ON = 0.4        # both neighbours' lines run on past side j's corners on this fraction of that
EXT_SEG, EXT_NEW, EXT_STOP = 0.8, 0.7, 0.35   # the stretches added, the new side, the lines beyond it
EXT_MAX, EXT_N = 0.6, 30  # how far out (x the neighbours' length) and in how many steps
EXT_KEEP, EXT_CONTRAST, EXT_BORDER = 0.9, 1.0, 8.0   # its score vs the winner's, its new side's contrast, px
RETRY_SIZE, RETRY_SCORE = 480, 0.6   # a doubtful frame is searched again at ~480 px (0: off)
CONTRAST_GATE = 0.8      # second-lowest side contrast below this: no page
SOFT_SIGMA, SOFT_PCT, SOFT_FLOOR = 2.0, 92.0, 12.0   # blur (px), gradient percentile, floor
VERIFY_ALT = 2       # distinct runner-up quads verified when the winner fails
FINAL_SCORE = 0.4   # the returned quad, re-scored on the detection image, must reach this
SLIDE_FRAC, SLIDE_N, SLIDE_ROUNDS, SLIDE_KEEP, SLIDE_GAIN = 0.3, 9, 2, 8, 1.02   # local search on the winner's sides
SLIDE_BELOW = 0.75   # ... unless the frame was settled early and its winner scores this (a clear page)
SLIDE_CONTRAST = 1.0     # ... a slid side must separate regions this x as well as before (0: off)
# (with GROW_CONTRAST on, mean J without -> with SLIDE_CONTRAST: tuning docsynth 40000 0.9675
# -> 0.9674, independent 720000 0.9296 -> 0.9290; held out docsynth 30000 0.9581 -> 0.9580,
# 91000 0.9681 -> 0.9682, 93000 0.9607 -> 0.9621, independent 700000 0.9274 -> 0.9298,
# 760000 0.9059 -> 0.9060, 780000 0.9381 -> 0.9388; 0.8 and 1.2 both worse)
USE_LSD, LSD_SUPPORT, LSD_LINES = True, 0.3, 16   # LSD line source: min support (x short side), lines kept
W_TEX, T_TEX_MIN, _TEX_D = 1.0, 10.0, 4.0   # texture step: weight in the region contrast, threshold floor, offset (px)
SOFT_LINES = 12          # Hough lines from the soft edge map (more costs time, not accuracy)
# (the weights above chosen on generated seeds 40000-41149; measured and dropped: a
# pointwise "wide step" test and a box-mean ring term (neutral), skipping the soft source
# on easy-looking frames (-0.017 J), a second full-resolution check (+2 false pages).
# Texture, LSD, slide and verification measured on seeds 40000-40399 (hard subset);
# dropped there: a penalty for sides that run on past the corners (L-junction test:
# +0.004 J only when in every scoring pass, +3 ms median), dropping LSD segment pairs of
# opposite direction (thin lines; it also drops borders with a drop shadow: -0.005 J),
# LSD on the closed image (-0.01 J), the contrast term in the early-exit test (no
# better, +1.5 ms), a full 9x9 grid for the slide (+0.003 J, +1.5 ms).)
HOUGH_THETA = np.pi / 180     # line angle step
REFINE_TOP = 3              # candidates refined and re-scored
EARLY_SCORE = 0.70          # a contour/region candidate this good ends the search early
GROW_R, GROW_RATIO, GROW_KEEP = 10.0, 0.5, 0.9   # the outward search for the page border
GROW_CONTRAST = 1.0      # ... kept when its grown sides separate regions this x as well (0: off)
# (cached hard subsets, mean J without -> with GROW_CONTRAST: tuning docsynth 40000 0.9662 ->
# 0.9675, independent 720000 0.9250 -> 0.9296; held out docsynth 30000 0.9575 -> 0.9581,
# 91000 0.9674 -> 0.9681, 93000 0.9592 -> 0.9607, independent 700000 0.9276 -> 0.9274,
# 760000 0.9041 -> 0.9059, 780000 0.9365 -> 0.9381. 1.2: the same within 0.0011 per set;
# no grow at all: 0.0014 less summed over the eight, better only on 760000)
LONG_EDGES = 0.16           # Hough votes only from edge chains this long (x short side)
TRACK_SCORE = 0.6        # a tracked page this well supported skips the search
CONFIDENT_SCORE = 0.7    # a candidate this good skips side completion and extra refinement
REFINE_R = (3.0, 5.0)    # px of the detection image searched either side of a side
POLISH = True            # the returned quad's sides go to the strongest step near them (see _polish)
W_SIZE, W_MARGIN, W_LIGHT = 0.4, 0.2, 0.1   # chosen on generated seeds 0-299, 10000-10199, 20000-20199
USE_NET = True           # the page-region network's second opinion (devices/scanner/pagenet.py)
W_NET = 0.7              # weight of its agreement (region IoU) in every score
NET_IOU_FULL = 0.8       # ... full marks from this IoU up
NET_GATE_EDGE, NET_GATE_IOU = 0.35, 0.6   # ... trusted when its region's outline has this edge score
NET_GATE_ALL = True      # ... or when any candidate quad confirms it that way
NET_SURE = 0.85          # ... or when its region is this clearly one quad (IoU of outline and region)
NET_OVERRIDE = 0.6       # a sure region overrides an answer that overlaps it less than this (or none)
NET_SAMPLES = 8          # per axis, points sampled inside a quad to measure that agreement

_NEXT, _PREV = np.array([1, 2, 3, 0]), np.array([3, 0, 1, 2])   # corner i's neighbours (np.roll is slower)
_OPPOSITE = np.array([2, 3, 0, 1])


@dataclass
class Detection:
    quad: np.ndarray                 # 4x2 float64, original pixels, clockwise from top-left
    score: float                     # 0..1 edge support x shape
    source: str                      # which candidate generator won
    ms: float = 0.0
    details: dict = field(default_factory=dict)


# --------------------------------------------------------------------- classic

def detect_classic(image: np.ndarray) -> Detection | None:
    t0 = time.perf_counter()
    h, w = image.shape[:2]
    s = 500.0 / h
    small = cv2.resize(image, (max(1, round(w * s)), 500), interpolation=cv2.INTER_AREA)
    gray = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY) if small.ndim == 3 else small
    gray = cv2.GaussianBlur(gray, (5, 5), 0)
    edges = cv2.Canny(gray, 75, 200)
    contours, _ = cv2.findContours(edges, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    contours = sorted(contours, key=cv2.contourArea, reverse=True)
    min_area = 0.10 * small.shape[0] * small.shape[1]
    for c in contours:
        approx = cv2.approxPolyDP(c, 0.02 * cv2.arcLength(c, True), True)
        if len(approx) == 4 and cv2.isContourConvex(approx) and cv2.contourArea(approx) >= min_area:
            q = order_quad(approx.reshape(4, 2) / s)
            return Detection(q, 1.0, "classic", (time.perf_counter() - t0) * 1000)
    return None


# ------------------------------------------------------------------- features

_LAB_W = np.array([[1, 0, 0, 0], [0, 2, 0, -256], [0, 0, 2, -256]], np.float32)
_CHROMA_X2 = np.array([1, 2, 2], np.float32)      # (the constant offset cancels in differences)
_LAB_W8 = np.array([[1, 0, 0, 0], [0, 2, 0, -128], [0, 0, 2, -128]], np.float32)


class _Features:
    """Everything the scoring needs, computed once per frame on the small image."""

    def __init__(self, small: np.ndarray):
        self.h, self.w = small.shape[:2]
        lab = cv2.cvtColor(small, cv2.COLOR_BGR2LAB)
        L, a, b = cv2.split(lab)
        # closing wipes out dark thin things -- text lines, form rules, grid lines, pen
        # strokes -- while a page's border (a long step edge) stays where it is
        Lc = cv2.morphologyEx(L, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (11, 11)))
        labc = cv2.GaussianBlur(cv2.merge([Lc, a, b]), (5, 5), 1.1)
        # chroma differences are small numbers; weight them (x2) so a pale page on a pale
        # but tinted desk still has a gradient. cv2.transform does it in one fast pass.
        # (uint8 images; the chroma weight is applied to sampled values and, squared,
        # when the channels' gradients are summed -- no full-image float copies)
        self.lab = labc
        self.lab_raw = cv2.GaussianBlur(lab, (3, 3), 0)
        self.L_raw = L
        gx = cv2.Sobel(labc, cv2.CV_32F, 1, 0, ksize=3, scale=0.25)
        gy = cv2.Sobel(labc, cv2.CV_32F, 0, 1, ksize=3, scale=0.25)
        wsum = (_CHROMA_X2 ** 2).reshape(1, 3)   # cv2.transform sums weighted channels fast
        self.Gxx = cv2.transform(cv2.multiply(gx, gx), wsum)
        self.Gyy = cv2.transform(cv2.multiply(gy, gy), wsum)
        self.Gxy = cv2.transform(cv2.multiply(gx, gy), wsum)
        self.G = cv2.merge([self.Gxx, self.Gyy, self.Gxy])   # one gather per sample point
        multi = cv2.transform(labc, _LAB_W8)     # uint8, chroma x2 around 128 (saturating)
        Lb = labc[..., 0]
        # noise level of this frame (MAD of the closed, blurred L's Laplacian) sets the
        # edge thresholds, so a clean pale scene can use weak edges and a noisy one cannot
        lap = cv2.Laplacian(L.astype(np.float32), cv2.CV_32F)
        self.noise = float(np.median(np.abs(lap[::2, ::2]))) * 1.4826 / 4.5
        lo = float(np.clip(4 * self.noise, 8, 40))
        self.t_edge = float(np.clip(0.6 * self.noise, 2.5, 8))
        self.t_step = float(np.clip(1.2 * self.noise, 5, 12))
        self.edges = cv2.Canny(multi, lo, 2.5 * lo, L2gradient=True)
        self.multi, self.lo = multi, lo
        self.L = Lb
        # texture: local mean of the black-hat (dark thin things the closing removed:
        # print, grid lines, grain). A page's margin is blank paper; a newspaper, a
        # fabric or a printed sheet under the page is not -- the border is where the
        # texture stops even when the two papers have the same colour
        self.T = cv2.blur(cv2.subtract(Lc, L), (5, 5))
        # (the threshold from the quietest tenth of the frame: sensor noise alone; the
        # Laplacian noise estimate above counts print as noise)
        cum = np.cumsum(np.bincount(self.T[::2, ::2].ravel(), minlength=256))
        self.t_tex = float(max(T_TEX_MIN, 2.0 * np.searchsorted(cum, 0.1 * cum[-1])))
        ca, cb = cv2.absdiff(labc[..., 1], 128), cv2.absdiff(labc[..., 2], 128)
        self.chroma2 = cv2.add(ca, cb)           # |a| + |b|, unweighted, uint8
        # the network's page probability on a coarse grid and whether it counts in this
        # frame: set by _gate_net (P stays None without a model, or with USE_NET off)
        self.P = None
        self.net_on = self.net_sure = False
        self.net_quads = np.empty((0, 4, 2))
        self.net_best = None


def _areas(Q: np.ndarray) -> np.ndarray:
    """Areas of (C,4,2) quads (shoelace)."""
    x, y = Q[..., 0], Q[..., 1]
    return np.abs((x * y[:, _NEXT] - y * x[:, _NEXT]).sum(1)) / 2


_NET_UV = (np.arange(NET_SAMPLES) + 0.5) / NET_SAMPLES
_NET_U, _NET_V = (a.ravel() for a in np.meshgrid(_NET_UV, _NET_UV))


def _net_iou(F: _Features, quads: np.ndarray) -> np.ndarray:
    """How well each quad matches the network's page region: IoU of the quad with the
    probability map (the mass inside from a grid of points spread over the quad)."""
    q = quads * F.P_scale                               # (C,4,2) in grid cells
    u, v = _NET_U[None, :, None], _NET_V[None, :, None]
    pts = ((1 - u) * (1 - v) * q[:, None, 0] + u * (1 - v) * q[:, None, 1]
           + u * v * q[:, None, 2] + (1 - u) * v * q[:, None, 3])          # (C,S,2)
    inside = _avg(_bilinear_idx(F.P, pts[..., 0] - 0.5, pts[..., 1] - 0.5), 1)
    area = _areas(q)
    inter = inside * area
    return inter / np.maximum(area + F.P_sum - inter, 1e-6)


# ------------------------------------------------------------------ candidates

def _hull_to_quad(pts: np.ndarray) -> np.ndarray | None:
    """Reduce a convex polygon to 4 vertices, each time dropping the vertex whose
    removal adds the least area (keeps the shape's long straight sides)."""
    hull = cv2.convexHull(pts.astype(np.float32)).reshape(-1, 2).astype(np.float64)
    if len(hull) < 4:
        return None
    if len(hull) > 12:
        h32 = hull.astype(np.float32).reshape(-1, 1, 2)
        approx = cv2.approxPolyDP(h32, 0.01 * cv2.arcLength(h32, True), True).reshape(-1, 2).astype(np.float64)
        if len(approx) >= 4:
            hull = approx
    poly = list(hull)
    while len(poly) > 4:
        n = len(poly)
        best, best_cost, best_pt = None, None, None
        for i in range(n):
            p0, p1, p2, p3 = poly[i - 1], poly[i], poly[(i + 1) % n], poly[(i + 2) % n]
            # replace edge p1-p2 by the intersection of lines p0p1 and p2p3
            d1, d2 = p1 - p0, p3 - p2
            den = d1[0] * d2[1] - d1[1] * d2[0]
            if abs(den) < 1e-9:
                continue
            t = ((p2[0] - p0[0]) * d2[1] - (p2[1] - p0[1]) * d2[0]) / den
            x = p0 + t * d1
            if t < 0.9:   # intersection must lie beyond p1 (convex extension)
                continue
            cost = abs((p1[0] - x[0]) * (p2[1] - x[1]) - (p1[1] - x[1]) * (p2[0] - x[0])) / 2
            if best_cost is None or cost < best_cost:
                best, best_cost, best_pt = i, cost, x
        if best is None:
            return None
        i = best
        poly[i] = best_pt
        del poly[(i + 1) % n]
    return np.array(poly)


def _contour_quads(mask: np.ndarray, min_area: float, limit: int, mode=cv2.RETR_LIST) -> list[np.ndarray]:
    contours, _ = cv2.findContours(mask, mode, cv2.CHAIN_APPROX_SIMPLE)
    big = [c for c in contours if len(c) >= 4]
    # bounding-box area first (cheap), the hull only for the few that could be pages
    big = [c for c in big if cv2.boundingRect(c)[2] * cv2.boundingRect(c)[3] >= min_area]
    areas = [cv2.contourArea(cv2.convexHull(c)) for c in big]
    order = np.argsort(areas)[::-1]
    out = []
    for i in order[:limit]:
        if areas[i] < min_area:
            break
        c = big[i]
        peri = cv2.arcLength(c, True)
        for eps in (0.02, 0.04):
            ap = cv2.approxPolyDP(c, eps * peri, True)
            if len(ap) == 4:
                out.append(ap.reshape(4, 2).astype(np.float64))
                break
        q = _hull_to_quad(c.reshape(-1, 2))
        if q is not None:
            out.append(q)
    return out


def _long_edges(edges: np.ndarray, min_len: int) -> np.ndarray:
    """Only edge chains at least `min_len` px across: texture and noise make short
    fragments that cost Hough votes and time; a page border is a long chain."""
    n, lab, stats, _ = cv2.connectedComponentsWithStats(edges, connectivity=8)
    if n <= 1:
        return edges
    keep = np.maximum(stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]) >= min_len
    keep[0] = False
    return (keep[lab].astype(np.uint8)) * 255


def _hough_lines(edges: np.ndarray, max_lines: int) -> np.ndarray:
    """Strongest distinct lines as (rho, theta) rows."""
    h, w = edges.shape
    if LONG_EDGES:
        edges = _long_edges(edges, int(LONG_EDGES * min(h, w)))
    lines = cv2.HoughLines(edges, 1, HOUGH_THETA, int(0.12 * min(h, w)))
    if lines is None:
        return np.empty((0, 2))
    L = lines[:150, 0, :].astype(np.float64)
    # non-maximum suppression: a line is dropped when a stronger kept one is nearly the
    # same (pairwise table computed once; the greedy pass is over booleans only)
    dt = np.abs(L[:, None, 1] - L[None, :, 1])
    near = (((dt < 0.1) & (np.abs(L[:, None, 0] - L[None, :, 0]) < 8))
            | ((np.pi - dt < 0.1) & (np.abs(L[:, None, 0] + L[None, :, 0]) < 8)))
    kept: list[int] = []
    for i in range(len(L)):
        if kept and near[i, kept].any():
            continue
        kept.append(i)
        if len(kept) >= max_lines:
            break
    return L[kept].reshape(-1, 2)


def _replace_sides(quads: np.ndarray, lines: np.ndarray) -> np.ndarray:
    """Variants of each quad with one side swapped for a Hough line of similar direction:
    completes a quad that has three good sides and one lost to clutter."""
    if not len(lines) or not len(quads):
        return np.empty((0, 4, 2))
    out = []
    cos, sin, rho = np.cos(lines[:, 1]), np.sin(lines[:, 1]), lines[:, 0]
    for q in quads:
        for i in range(4):
            a, b = q[i], q[(i + 1) % 4]
            d = b - a
            ang = np.arctan2(d[1], d[0])
            # a line's direction is its normal angle theta + 90 degrees
            dth = np.abs(((lines[:, 1] + np.pi / 2) - ang + np.pi / 2) % np.pi - np.pi / 2)
            ks = np.nonzero(dth < np.deg2rad(20))[0]
            if not len(ks):
                continue
            new = np.repeat(q[None], len(ks), axis=0)
            ok = np.ones(len(ks), bool)
            for corner, p0, p1 in ((i, q[i - 1], a), ((i + 1) % 4, q[(i + 2) % 4], b)):
                v = p1 - p0                      # the neighbouring side, extended
                den = cos[ks] * v[0] + sin[ks] * v[1]
                ok &= np.abs(den) > 1e-9
                tt = (rho[ks] - cos[ks] * p0[0] - sin[ks] * p0[1]) / np.where(ok, den, 1.0)
                new[:, corner] = p0 + tt[:, None] * v
            out.append(new[ok])
    return np.concatenate(out) if out else np.empty((0, 4, 2))


def _line_quads(edges: np.ndarray, min_side: float, max_lines: int = 16, L: np.ndarray | None = None) -> np.ndarray:
    """Quads from two pairs of roughly parallel Hough lines (vectorised)."""
    h, w = edges.shape
    if L is None:
        L = _hough_lines(edges, max_lines)
    L = L[:max_lines]
    n = len(L)
    if n < 4:
        return np.empty((0, 4, 2))
    i, j = np.triu_indices(n, 1)
    dt = np.abs(L[i, 1] - L[j, 1])
    flip = dt > np.pi / 2
    dt = np.where(flip, np.pi - dt, dt)
    rj = np.where(flip, -L[j, 0], L[j, 0])
    keep = (dt < np.deg2rad(25)) & (np.abs(L[i, 0] - rj) >= min_side)
    pi, pj = i[keep], j[keep]
    if len(pi) < 2:
        return np.empty((0, 4, 2))
    a, b = np.triu_indices(len(pi), 1)
    d = np.abs(L[pi[a], 1] - L[pi[b], 1]) % np.pi
    d = np.minimum(d, np.pi - d)
    ok = d >= np.deg2rad(50)
    a, b = a[ok][:300], b[ok][:300]
    # four lines per quad, in cyclic order: i, k, j, m
    idx = np.stack([pi[a], pi[b], pj[a], pj[b]], axis=1)
    cos, sin, rho = np.cos(L[:, 1]), np.sin(L[:, 1]), L[:, 0]
    p = idx
    q = idx[:, _NEXT]
    det = cos[p] * sin[q] - sin[p] * cos[q]
    det = np.where(np.abs(det) < 1e-9, np.nan, det)
    x = (rho[p] * sin[q] - rho[q] * sin[p]) / det
    y = (cos[p] * rho[q] - cos[q] * rho[p]) / det
    quads = np.stack([x, y], axis=-1)
    return quads[np.isfinite(quads).all(axis=(1, 2))]


def _order_many(Q: np.ndarray) -> np.ndarray:
    c = Q.mean(axis=1, keepdims=True)
    ang = np.arctan2(Q[..., 1] - c[..., 1], Q[..., 0] - c[..., 0])
    Q = np.take_along_axis(Q, np.argsort(ang, axis=1)[..., None], axis=1)
    start = np.argmin(Q.sum(axis=2), axis=1)
    idx = (start[:, None] + np.arange(4)[None, :]) % 4
    return np.take_along_axis(Q, idx[..., None], axis=1)


def _valid_many(Q: np.ndarray, w: int, h: int, min_area: float) -> np.ndarray:
    m = 0.03 * max(w, h)
    inb = ((Q[..., 0] >= -m) & (Q[..., 0] <= w + m) & (Q[..., 1] >= -m) & (Q[..., 1] <= h + m)).all(axis=1)
    d = Q[:, _NEXT] - Q
    dn = d[:, _NEXT]
    cross = d[..., 0] * dn[..., 1] - d[..., 1] * dn[..., 0]
    convex = (cross > 0).all(axis=1)          # clockwise on screen = positive cross (y down)
    return inb & convex & (_areas(Q) >= min_area) & np.isfinite(Q).all(axis=(1, 2))


# --------------------------------------------------------------------- scoring

_K = 22           # samples per side
_STEP_D = 3.0     # px either side for the colour-step test
_T_EDGE = 5.0     # gradient across the side (Lab units per px)
_T_STEP = 9.0     # colour difference across the side (Lab units)


def _avg(x: np.ndarray, axis) -> np.ndarray:
    """x.mean(axis), bit for bit, without NumPy's Python-level wrapper around it (these
    run thousands of times per frame; the wrapper cost more than the arithmetic)."""
    n = x.shape[axis] if isinstance(axis, int) else int(np.prod([x.shape[a] for a in axis]))
    return np.add.reduce(x, axis=axis, dtype=np.float64 if x.dtype == bool else None) / n


def _bilinear_idx(arr: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Nearest-pixel lookup with clamping (cheap; the sampling is dense enough)."""
    h, w = arr.shape[:2]
    yi = np.minimum(np.maximum(y + 0.5, 0), h - 1).astype(np.intp)
    yi *= w
    yi += np.minimum(np.maximum(x + 0.5, 0), w - 1).astype(np.intp)
    flat = arr.reshape(h * w, -1) if arr.ndim == 3 else arr.reshape(-1)
    return flat.take(yi, axis=0)      # (a flat take is twice as fast as 2-D indexing)


def _edge_points(F: _Features, pts: np.ndarray, nx: np.ndarray, ny: np.ndarray):
    """Which sample points sit on a border running along the normal (nx, ny): the
    gradient across it is strong (best of three offsets, for a side a pixel off) AND the
    colour steps there (a drawn line is not a step). Returns that mask, the in-frame
    mask and the colours just inside and just outside."""
    best = np.zeros(pts.shape[:-1], np.float32)
    nx2, ny2, nxy = nx * nx, ny * ny, 2 * nx * ny
    for off in (-1.0, 0.0, 1.0):
        g = _bilinear_idx(F.G, pts[..., 0] + off * nx, pts[..., 1] + off * ny)
        g = np.sqrt(np.maximum(g[..., 0] * nx2 + g[..., 2] * nxy + g[..., 1] * ny2, 0))
        best = np.maximum(best, g)
    lab_out = _bilinear_idx(F.lab, pts[..., 0] + _STEP_D * nx, pts[..., 1] + _STEP_D * ny).astype(np.float32) * _CHROMA_X2
    lab_in = _bilinear_idx(F.lab, pts[..., 0] - _STEP_D * nx, pts[..., 1] - _STEP_D * ny).astype(np.float32) * _CHROMA_X2
    step = np.linalg.norm(lab_in - lab_out, axis=-1)
    inside = (pts[..., 0] >= 1) & (pts[..., 0] <= F.w - 2) & (pts[..., 1] >= 1) & (pts[..., 1] <= F.h - 2)
    return (best > F.t_edge) & (step > F.t_step) & inside, inside, lab_in, lab_out


def _segment_support(F: _Features, p0: np.ndarray, p1: np.ndarray, k: int) -> np.ndarray:
    """(..., 2) segment ends -> (...) the fraction of k points along each segment that
    sit on a border running along it (_edge_points; texture does not count here)."""
    d = p1 - p0
    u = d / (np.linalg.norm(d, axis=-1, keepdims=True) + 1e-9)
    t = np.linspace(0.05, 0.95, k)
    pts = p0[..., None, :] + t[:, None] * d[..., None, :]
    nx, ny = u[..., 1][..., None], -u[..., 0][..., None]
    return _edge_points(F, pts, nx, ny)[0].mean(axis=-1)


def _score(F: _Features, quads: np.ndarray, k: int = _K, lite: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """quads: (C, 4, 2) ordered -> (score (C,), per-side support (C, 4))."""
    a = quads
    b = quads[:, _NEXT]
    t = np.linspace(0.06, 0.94, k)
    d = b - a                                                     # (C,4,2)
    length = np.linalg.norm(d, axis=2) + 1e-9
    u = d / length[..., None]
    n = np.stack([u[..., 1], -u[..., 0]], axis=-1)                # outward normal
    pts = a[:, :, None, :] + t[None, None, :, None] * d[:, :, None, :]   # (C,4,K,2)
    nx, ny = n[..., 0][..., None], n[..., 1][..., None]
    ok, inside, lab_in, lab_out = _edge_points(F, pts, nx, ny)
    if W_TEX:
        # ... or the texture stops there: busier outside than in (one-sided: a text
        # block or a photo on the page is busier INSIDE its outline)
        t_out = _bilinear_idx(F.T, pts[..., 0] + _TEX_D * nx, pts[..., 1] + _TEX_D * ny).astype(np.float32)
        t_in = _bilinear_idx(F.T, pts[..., 0] - _TEX_D * nx, pts[..., 1] - _TEX_D * ny).astype(np.float32)
        ok |= ((t_out - t_in) > F.t_tex) & inside
    side = _avg(ok, 2)                                           # (C,4)
    edge_score = 0.5 * _avg(side, 1) + 0.5 * _avg(np.sort(side, axis=1)[:, 1:], 1)
    edge_score = np.where(side.min(axis=1) < 0.2, edge_score * 0.6, edge_score)
    # margin: just inside a page's border there is blank paper, so neighbouring samples
    # along the side look alike; inside a text block or a photo they do not
    if lite:
        margin = 1.0        # (a quick ranking pass: the small-weight margin term left out)
    else:
        lab_m = _bilinear_idx(F.lab_raw, pts[..., 0] - 2.2 * _STEP_D * nx, pts[..., 1] - 2.2 * _STEP_D * ny)
        lab_m = lab_m.astype(np.float32) * _CHROMA_X2
        rough = np.linalg.norm(np.diff(lab_m, axis=2), axis=-1)      # (C,4,K-1)
        margin = _avg(rough < 9.0, (1, 2))
    # a page is usually lighter than what it lies on
    lighter = _avg(lab_in[..., 0] > lab_out[..., 0], (1, 2))

    # shape: interior angles, opposite sides, size
    v_prev = a - a[:, _PREV]
    cosang = -(v_prev * d).sum(-1) / (np.linalg.norm(v_prev, axis=2) * length + 1e-9)
    ang = np.degrees(np.arccos(np.clip(cosang, -1, 1)))
    ang_pen = np.clip((np.abs(ang - 90).max(axis=1) - 30) / 30, 0, 1)
    r1 = np.minimum(length[:, 0], length[:, 2]) / np.maximum(length[:, 0], length[:, 2])
    r2 = np.minimum(length[:, 1], length[:, 3]) / np.maximum(length[:, 1], length[:, 3])
    ratio_pen = np.clip((0.7 - np.minimum(r1, r2)) / 0.3, 0, 1)
    area_frac = np.clip(_areas(a) / (F.w * F.h), 0, 1)
    size_term = (1 - W_SIZE) + W_SIZE * np.sqrt(area_frac)
    score = (edge_score * (1 - W_MARGIN + W_MARGIN * margin) * (1 - W_LIGHT + W_LIGHT * lighter)
             * (1 - 0.5 * ang_pen) * (1 - 0.5 * ratio_pen) * size_term)
    if F.net_on and not lite:
        # (saturating: the coarse region tells a page from a part of one; where the
        # sides go to the pixel is the edges' business)
        score = score * ((1 - W_NET) + W_NET * np.minimum(_net_iou(F, quads) / NET_IOU_FULL, 1.0))
    return score, side


def _side_contrast(F: _Features, quads: np.ndarray) -> np.ndarray:
    """(C, 4, 2) quads -> (C,) the second-lowest side's region contrast (_side_contrasts)."""
    return np.sort(_side_contrasts(F, quads), axis=1)[:, 1]


def _side_contrasts(F: _Features, quads: np.ndarray) -> np.ndarray:
    """Region contrast across each side, in units of this frame's step threshold:
    (C, 4, 2) quads -> (C, 4). Per point along a side,
    the mean colour of a band 2-10 px inside is compared with one 2-10 px outside; the
    median over the side is robust to a hand or a shadow over part of it. A page's
    border separates paper from desk; a grid line, a form's frame, the edge of a text
    block or four lines picked from a patterned desk have the same stuff on both sides."""
    a = quads
    d = quads[:, _NEXT] - a
    u = d / (np.linalg.norm(d, axis=2, keepdims=True) + 1e-9)
    n = np.stack([u[..., 1], -u[..., 0]], axis=-1)                         # (C,4,2) outward
    t = np.linspace(0.08, 0.92, 14)
    base = a[:, :, None, :] + t[None, None, :, None] * d[:, :, None, :]      # (C,4,T,2)
    offs = np.array([2.0, 4.5, 7.0, 10.0])
    P = base[:, :, :, None, :] + offs[None, None, None, :, None] * n[:, :, None, None, :]
    Pi = base[:, :, :, None, :] - offs[None, None, None, :, None] * n[:, :, None, None, :]
    vo = _avg(_bilinear_idx(F.lab, P[..., 0], P[..., 1]).astype(np.float32), 3) * _CHROMA_X2
    vi = _avg(_bilinear_idx(F.lab, Pi[..., 0], Pi[..., 1]).astype(np.float32), 3) * _CHROMA_X2
    if W_TEX:
        to = _avg(_bilinear_idx(F.T, P[..., 0], P[..., 1]).astype(np.float32), 3)
        ti = _avg(_bilinear_idx(F.T, Pi[..., 0], Pi[..., 1]).astype(np.float32), 3)
        dt_ = np.maximum(to - ti, 0)[..., None] * (W_TEX * F.t_step / F.t_tex)
        vo = np.concatenate([vo, dt_], axis=-1)
        vi = np.concatenate([vi, np.zeros_like(dt_)], axis=-1)
    # the median of the colour-difference VECTORS: a border steps the same way all along
    # (paper to desk); a line between checker squares or tiles flips its sign from
    # square to square and its signed differences cancel
    return np.linalg.norm(np.median(vo - vi, axis=2), axis=-1) / F.t_step   # (C,4)


def _segment_contrast(F: _Features, segs: np.ndarray) -> np.ndarray:
    """How different the two sides of each segment are, 0..1 (1 at 1.5x the step
    threshold): the median difference vector of bands 2-8 px either side (colour and
    texture). A grid line, a text line in a newspaper or a line between two checker
    squares has (on the median) the same on both sides; a border does not."""
    a, b = segs[:, :2], segs[:, 2:]
    d = b - a
    u = d / (np.linalg.norm(d, axis=1, keepdims=True) + 1e-9)
    n = np.stack([u[:, 1], -u[:, 0]], axis=1)
    t = np.linspace(0.1, 0.9, 8)
    base = a[:, None, :] + t[None, :, None] * d[:, None, :]                 # (N,8,2)
    offs = np.array([2.0, 4.0, 6.0, 8.0])
    P = base[:, :, None, :] + offs[None, None, :, None] * n[:, None, None, :]
    Pi = base[:, :, None, :] - offs[None, None, :, None] * n[:, None, None, :]
    vo = _avg(_bilinear_idx(F.lab_raw, P[..., 0], P[..., 1]).astype(np.float32), 2) * _CHROMA_X2
    vi = _avg(_bilinear_idx(F.lab_raw, Pi[..., 0], Pi[..., 1]).astype(np.float32), 2) * _CHROMA_X2
    to = _avg(_bilinear_idx(F.T, P[..., 0], P[..., 1]).astype(np.float32), 2)
    ti = _avg(_bilinear_idx(F.T, Pi[..., 0], Pi[..., 1]).astype(np.float32), 2)
    dv = np.concatenate([vo - vi, ((to - ti) * (F.t_step / F.t_tex))[..., None]], axis=-1)
    c = np.linalg.norm(np.median(dv, axis=1), axis=-1) / F.t_step
    return np.clip((c - 0.5) / 1.0, 0, 1)


def _contrast_term(c2: np.ndarray) -> np.ndarray:
    return (1 - W_CONTRAST) + W_CONTRAST * np.clip((c2 - CONTRAST_LO) / (CONTRAST_HI - CONTRAST_LO), 0, 1)


# ------------------------------------------------------------------ refinement

def _fit_lines(pts: np.ndarray, mask: np.ndarray):
    """Total least squares line through each row's masked points: (4,N,2) points and
    (4,N) mask -> centres (4,2) and unit directions (4,2)."""
    m = mask.astype(np.float64)
    cnt = np.maximum(m.sum(1), 1)[:, None]
    c = (pts * m[..., None]).sum(1) / cnt
    d = pts - c[:, None, :]
    sxx = (m * d[..., 0] ** 2).sum(1)
    syy = (m * d[..., 1] ** 2).sum(1)
    sxy = (m * d[..., 0] * d[..., 1]).sum(1)
    ang = 0.5 * np.arctan2(2 * sxy, sxx - syy)
    return c, np.stack([np.cos(ang), np.sin(ang)], axis=1)


def _refine(img: np.ndarray, quad: np.ndarray, radius: float, n_pts: int = 40,
            strong_ratio: float = 0.5) -> tuple[np.ndarray, float]:
    """Move each side to the outermost strong colour step near it (sub-pixel), fit it
    robustly, intersect the sides. Returns the new quad and the mean fraction of inlier
    points. (One quad of _refine_many.)"""
    out, fracs = _refine_many(img, np.asarray(quad, np.float64)[None], radius, n_pts, strong_ratio)
    return (out[0] if fracs[0] >= 0 else quad), max(float(fracs[0]), 0.0)


def _refine_many(img: np.ndarray, quads: np.ndarray, radius: float, n_pts: int = 40,
                 strong_ratio: float = 0.5) -> tuple[np.ndarray, np.ndarray]:
    """_refine for a batch of quads (B,4,2) at once: every side of every quad is sampled
    in one remap call and fitted in one masked pass (this runs several times a frame,
    and per-call overhead, not arithmetic, was its cost). Returns the quads and their
    inlier fractions; a quad with a side under 4 px comes back as it was, fraction -1."""
    q = np.asarray(quads, np.float64).reshape(-1, 4, 2)
    B = len(q)
    a = q.reshape(-1, 2)                                  # sides flattened: (B*4, 2)
    d = (q[:, _NEXT] - q).reshape(-1, 2)
    ln = np.linalg.norm(d, axis=1)
    short = (ln < 4).reshape(B, 4).any(1)
    u = d / np.maximum(ln, 1e-9)[:, None]
    nrm = np.stack([u[:, 1], -u[:, 0]], axis=1)          # outward for a clockwise quad
    R = int(np.ceil(radius))
    offs = np.arange(-R, R + 1, dtype=np.float64)
    M = len(offs)
    ns = 4 * B
    t = np.linspace(0.05, 0.95, n_pts)
    base = a[:, None, :] + t[None, :, None] * d[:, None, :]              # (S,N,2)
    par = np.array([-1.0, 0.0, 1.0])
    P = (base[:, :, None, None, :] + par[None, None, :, None, None] * u[:, None, None, None, :]
         + offs[None, None, None, :, None] * nrm[:, None, None, None, :])  # (S,N,3,M,2)
    P = P.reshape(-1, M, 2).astype(np.float32)
    prof = cv2.remap(img, P[..., 0], P[..., 1], cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    prof = _avg(prof.astype(np.float32).reshape(ns, n_pts, 3, M, -1), 2)  # (S,N,M,C)
    diff = prof[:, :, 2:, :] - prof[:, :, :-2, :]                          # (S,N,M-2,C)
    step_vec = _avg(_avg(prof[:, :, -3:, :], 2) - _avg(prof[:, :, :3, :], 2), 1)   # (S,C)
    nv = np.linalg.norm(step_vec, axis=1, keepdims=True)
    signed = (diff * (step_vec / np.maximum(nv, 1e-6))[:, None, None, :]).sum(-1)  # (S,N,M-2)
    S = signed.reshape(ns * n_pts, M - 2)
    rows = np.arange(len(S))
    peak = S.max(axis=1)
    # the page border is the OUTERMOST strong step of this sign: a form's frame or a
    # photo just inside the border can be a stronger one
    strong = S >= strong_ratio * np.maximum(peak, 1e-6)[:, None]
    k = S.shape[1] - 1 - np.argmax(strong[:, ::-1], axis=1)
    for _ in range(3):          # climb to the local maximum of that step
        prev = np.clip(k - 1, 0, None)
        k = np.where(S[rows, prev] > S[rows, k], prev, k)
    peak = S[rows, k]
    km = np.clip(k, 1, S.shape[1] - 2)
    y0, y1, y2 = S[rows, km - 1], S[rows, km], S[rows, km + 1]
    den = y0 - 2 * y1 + y2
    with np.errstate(divide="ignore", invalid="ignore"):
        sub = np.where(np.abs(den) > 1e-6, 0.5 * (y0 - y2) / den, 0.0)
    sub = np.where((k >= 1) & (k <= S.shape[1] - 2), np.clip(sub, -0.5, 0.5), 0.0)
    pos = (offs[1:-1][k] + sub).reshape(ns, n_pts)
    pts = base + pos[..., None] * nrm[:, None, :]
    peak = peak.reshape(ns, n_pts)
    # a robust line through each side's points, all sides at once
    pos_pk = peak > 0
    mean_pos = (peak * pos_pk).sum(1) / np.maximum(pos_pk.sum(1), 1)
    thr = np.maximum(np.where(pos_pk.any(1), 0.3 * mean_pos, 0.0), 2.0)
    good = (peak > thr[:, None]) & (nv[:, 0] >= 1e-3)[:, None]           # (S,N)
    fitted = good.sum(1) >= 6
    use = good.copy()
    active = fitted.copy()
    for _ in range(3):          # trim outliers (fingers, shadows, text) and refit
        c, direction = _fit_lines(pts, use)
        normal = np.stack([-direction[:, 1], direction[:, 0]], axis=1)
        res = np.abs(((pts - c[:, None, :]) * normal[:, None, :]).sum(-1))   # (S,N)
        spread = (res * use).sum(1) / np.maximum(use.sum(1), 1) * 1.25 + 1e-6
        new = good & (res < np.maximum(1.0, 2.5 * spread)[:, None])
        active &= (new.sum(1) >= 6) & (new != use).any(1)
        if not active.any():
            break
        use = np.where(active[:, None], new, use)
    fracs = np.where(fitted, use.sum(1) / n_pts, 0.0).reshape(B, 4)
    fracs = np.where(short, -1.0, _avg(fracs, 1))
    # corner i is where side i-1 (ending there) meets side i (starting there)
    c, direction, fitted = c.reshape(B, 4, 2), direction.reshape(B, 4, 2), fitted.reshape(B, 4)
    c1, d1, c2, d2 = c[:, _PREV], direction[:, _PREV], c, direction
    det = -d1[..., 0] * d2[..., 1] + d1[..., 1] * d2[..., 0]
    ok = fitted[:, _PREV] & fitted & (np.abs(det) >= 1e-6)
    r = c2 - c1
    with np.errstate(divide="ignore", invalid="ignore"):
        s0 = (-r[..., 0] * d2[..., 1] + r[..., 1] * d2[..., 0]) / np.where(ok, det, 1.0)
    p = c1 + s0[..., None] * d1
    ok &= np.linalg.norm(p - q, axis=2) <= 2.5 * radius
    out = np.where((ok & ~short[:, None])[..., None], p, q)
    return out, fracs


# ------------------------------------------------------------------- detector

def _add_weak_lines(F: _Features) -> None:
    """Faint borders (pale paper on a pale desk) only show in a low-threshold edge map;
    a long line there still gathers votes. Used for side completion, only when needed."""
    weak = _hough_lines(cv2.Canny(F.multi, F.lo / 2, F.lo, L2gradient=True), 12)
    if not len(weak):
        return
    allL = np.vstack([F.lines, weak]) if len(F.lines) else weak
    keep = []
    for rho, th in allL:
        if any((abs(th - t2) < 0.1 and abs(rho - r2) < 8) or (np.pi - abs(th - t2) < 0.1 and abs(rho + r2) < 8)
               for r2, t2 in keep):
            continue
        keep.append((rho, th))
    F.lines = np.array(keep[:36])


def _soft_edges(F: _Features) -> np.ndarray:
    """Canny on a more strongly smoothed copy with thresholds set by this frame's own
    gradient distribution (top few per cent), not by its noise level."""
    s = cv2.GaussianBlur(F.lab_raw if SOFT_RAW else F.multi, (0, 0), SOFT_SIGMA)
    gx = cv2.convertScaleAbs(cv2.Sobel(s, cv2.CV_16S, 1, 0), alpha=0.5)
    gy = cv2.convertScaleAbs(cv2.Sobel(s, cv2.CV_16S, 0, 1), alpha=0.5)
    mag = cv2.add(gx, gy)                                   # (|gx| + |gy|) / 2, saturating
    mag = cv2.max(cv2.max(mag[..., 0], mag[..., 1]), mag[..., 2])
    # the SOFT_PCT percentile from a histogram (uint8: 256 bins, no sort)
    cum = np.cumsum(np.bincount(mag[::2, ::2].ravel(), minlength=256))
    hi = 2.0 * float(np.searchsorted(cum, SOFT_PCT / 100 * cum[-1]))
    hi = max(hi, SOFT_FLOOR)
    return cv2.Canny(s, 0.4 * hi, hi)


def _candidates(F: _Features, prior_small: np.ndarray | None) -> tuple[np.ndarray, list[str]]:
    h, w = F.h, F.w
    min_area = MIN_AREA_FRAC * w * h
    groups: list[tuple[np.ndarray, str]] = []

    def add(qs, src):
        if len(qs):
            groups.append((np.asarray(qs, np.float64).reshape(-1, 4, 2), src))

    def settled():
        """The candidates so far, when one is good enough to end the search early."""
        if EARLY_SCORE >= 1 or prior_small is not None or not groups:
            return None
        Q0 = _order_many(np.concatenate([g for g, _ in groups]))
        ok0 = _valid_many(Q0, w, h, min_area)
        s0 = _score(F, Q0[ok0])[0] if ok0.any() else None
        if s0 is None or float(s0.max()) < EARLY_SCORE:
            return None
        F.lines, F.weak_done, F.early = np.empty((0, 2)), True, True
        F.early_score = s0                  # (the caller need not score them again)
        src0 = [name for g, name in groups for _ in range(len(g))]
        return Q0[ok0], [s_ for s_, k in zip(src0, ok0) if k]

    # 0. the network's page region: its outline, as found and moved onto the edges (a
    # trusted one that the edges support well ends the search here)
    add(F.net_quads, "net")
    if F.net_on:
        early = settled()
        if early is not None:
            return early
    # 1. edge-map contours (dilated so broken borders close)
    dil = cv2.dilate(F.edges, np.ones((3, 3), np.uint8))
    add(_contour_quads(dil, min_area, 6), "edges")
    # 2. regions: bright, unsaturated "paper" vs the rest; and the L channel, both polarities
    paper = cv2.addWeighted(F.L, 1.0, F.chroma2, -3.0, 0)     # bright and colourless
    for ch in (paper, F.L):
        _, m = cv2.threshold(ch, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
        m = cv2.morphologyEx(m, cv2.MORPH_OPEN, np.ones((5, 5), np.uint8))
        add(_contour_quads(m, min_area, 3, cv2.RETR_EXTERNAL), "regions")
        add(_contour_quads(255 - m, min_area, 2, cv2.RETR_EXTERNAL), "regions")
    # an easy frame (a page with clear borders) is settled here: skip the costlier sources
    early = settled()
    if early is not None:
        return early
    # 3. regions enclosed by edges (connected components of the non-edge pixels)
    barrier = cv2.dilate(F.edges, np.ones((3, 3), np.uint8))
    n, lab, stats, _ = cv2.connectedComponentsWithStats((barrier == 0).astype(np.uint8), connectivity=4)
    big = [i for i in range(1, n) if stats[i, cv2.CC_STAT_AREA] >= min_area * 0.7]
    big = sorted(big, key=lambda i: -stats[i, cv2.CC_STAT_AREA])[:5]
    for i in big:
        x, y, bw, bh = stats[i, :4]
        if bw >= w - 2 and bh >= h - 2:
            continue                      # the background around everything
        m = (lab[y:y + bh, x:x + bw] == i).astype(np.uint8)
        qs = _contour_quads(m, min_area * 0.7, 1, cv2.RETR_EXTERNAL)
        add([q + [x, y] for q in qs], "cells")
    # 3b. texture regions: where print or grain covers the desk (a newspaper, fabric) the
    # blank margin of the page is a quiet ring; its outline is the page's
    if W_TEX:
        quiet = (F.T <= F.t_tex).astype(np.uint8) * 255
        if 0.05 < quiet.mean() / 255 < 0.8:
            quiet = cv2.morphologyEx(quiet, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
            add(_contour_quads(quiet, min_area, 3, cv2.RETR_EXTERNAL), "texture")
    # 4. Hough line pairs
    F.lines = _hough_lines(F.edges, 30)
    F.weak_done = False
    if USE_WEAK_LINES and len(F.lines) < 18:     # a quiet scene: let faint lines in too
        _add_weak_lines(F)
        F.weak_done = True
    add(_line_quads(F.edges, 0.15 * min(w, h), 18, F.lines), "lines")
    # 4b. LSD segments merged into long lines (a broken or wiggly border chain)
    if USE_LSD:
        ll = merged_lines(segments(F.L_raw), LSD_SUPPORT * min(w, h), LSD_LINES,
                          weight=lambda sg: _segment_contrast(F, sg))
        if len(ll) >= 4:
            add(_line_quads(F.edges, 0.15 * min(w, h), LSD_LINES, ll), "lsd")
        if len(ll):
            F.lines = np.vstack([F.lines, ll]) if len(F.lines) else ll
    # 5. a contrast-relative edge map of a smoother copy: a faint border (pale paper on a
    # pale desk, low light) that the noise-set thresholds above miss entirely
    if USE_SOFT:
        soft = _soft_edges(F)
        add(_contour_quads(cv2.dilate(soft, np.ones((3, 3), np.uint8)), min_area, 6), "soft")
        sl = _hough_lines(soft, SOFT_LINES)
        if len(sl):
            add(_line_quads(soft, 0.15 * min(w, h), SOFT_LINES, sl), "soft-lines")
            F.lines = np.vstack([F.lines, sl]) if len(F.lines) else sl
    # 6. tracking prior
    if prior_small is not None:
        add([prior_small], "prior")
    if not groups:
        return np.empty((0, 4, 2)), []
    Q = np.concatenate([g for g, _ in groups])
    src = [name for g, name in groups for _ in range(len(g))]
    Q = _order_many(Q)
    ok = _valid_many(Q, w, h, min_area)
    return Q[ok], [s_ for s_, k in zip(src, ok) if k]


_net_pool: ThreadPoolExecutor | None = None
_net_pool_lock = threading.Lock()


def _net_started(small: np.ndarray) -> Future | None:
    """The network's answer for this frame, started on a helper thread so that it runs
    while this thread builds the edge features (both are OpenCV calls that release the
    GIL: on two cores the net's ~2 ms mostly disappear from the frame's time)."""
    global _net_pool
    if not USE_NET:
        return None
    with _net_pool_lock:
        if _net_pool is None:
            _net_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pagenet")
    return _net_pool.submit(pagenet.page_probability, small)


def _gate_net(F: _Features, small: np.ndarray, pending: Future | None = None) -> None:
    """Decide whether the network's opinion counts in this frame. It does when the
    outline of its page region, moved onto the nearest edges, is itself a supported
    page (edges along its sides, two regions separated) that still covers the region.
    A scene unlike anything it learned from gives it a blob whose outline runs over no
    border: then the frame is judged on edges alone, as without the network."""
    if pending is not None:
        F.P = pending.result()
    else:
        F.P = pagenet.page_probability(small) if USE_NET else None
    if F.P is None:
        return
    F.P_sum = float(F.P.sum())
    F.P_scale = np.array([pagenet.OUT_W / F.w, pagenet.OUT_H / F.h])
    min_area = MIN_AREA_FRAC * F.w * F.h
    pm = cv2.resize(F.P, (F.w, F.h), interpolation=cv2.INTER_LINEAR)
    qs = _contour_quads((pm > 0.5).astype(np.uint8) * 255, min_area, 2, cv2.RETR_EXTERNAL)
    if not qs:
        return
    Q = _order_many(np.array(qs))
    Q = Q[_valid_many(Q, F.w, F.h, min_area)]
    if not len(Q):
        return
    # the region's best outline, moved onto the edges (one refinement: they cost)
    iou = _net_iou(F, Q)
    best = int(np.argmax(iou))
    R = _order_many(_refine(small, Q[best], REFINE_R[1], n_pts=16)[0][None])
    if _valid_many(R, F.w, F.h, min_area)[0]:
        r_iou = _net_iou(F, R)
        Q, iou = np.concatenate([R, Q]), np.concatenate([r_iou, iou])
        best += 1
        if r_iou[0] >= 0.97 * iou[best]:
            best = 0                            # (unless that lost the region)
    F.net_quads = Q
    F.net_best = Q[best]
    F.net_sure = bool(iou[best] >= NET_SURE)
    # (a sure region counts anyway; the edge check is for the others)
    F.net_on = F.net_sure or bool(((iou >= NET_GATE_IOU) & (_full_score(F, Q) >= NET_GATE_EDGE)).any())


def _net_override(F: _Features, det: Detection | None, image: np.ndarray, sx: float, sy: float,
                  k: int, t0: float) -> Detection | None:
    """Where the network is sure of one quad-shaped page region and the edges found
    no page, or a quad that misses that region (a pale page on a pale desk, a border
    lost in low light, a part of the page taken for all of it), the region's outline is
    the answer -- placed on the edges where they are there to see."""
    if not F.net_sure or F.net_best is None:
        return det
    if det is not None and _net_iou(F, det.quad[None] * [sx, sy])[0] >= NET_OVERRIDE:
        return det
    nq = F.net_best[None]
    out = _finish(image, F.net_best / [sx, sy], float(_score(F, nq)[0][0]), "net", k, t0, len(F.net_quads))
    # the full-resolution refinement looks for steps; with none, it may wander off: keep
    # the region's own outline unless the refined one covers it as well
    if _net_iou(F, out.quad[None] * [sx, sy])[0] < 0.97 * _net_iou(F, nq)[0]:
        out.quad = order_quad(F.net_best / [sx, sy])
    return out


def _full_score(F: _Features, Q: np.ndarray) -> np.ndarray:
    sc = _score(F, Q)[0]
    return sc * _contrast_term(_side_contrast(F, Q)) if W_CONTRAST else sc


def _slide_sides(F: _Features, small: np.ndarray, q: np.ndarray, q_s: float):
    """Local search on the winner: each side's two ends slide along the neighbouring
    sides (up to SLIDE_FRAC of their length, in or out), and a variant that scores
    better replaces it. Three good sides and one taken by a shadow's edge, a grid line
    or the sheet under the page is the commonest near miss; the same score that ranked
    the candidates decides."""
    ts = np.linspace(-SLIDE_FRAC, SLIDE_FRAC, SLIDE_N)
    z = np.zeros_like(ts)
    # one end, the other end, or both alike (not the full grid: a third of the cost)
    t1, t2 = np.concatenate([ts, z, ts]), np.concatenate([z, ts, ts])
    min_area = MIN_AREA_FRAC * F.w * F.h
    for _ in range(SLIDE_ROUNDS):
        V = []
        for i in range(4):
            i1 = (i + 1) % 4
            va = q[i] - q[i - 1]               # corner i slides along side i-1
            vb = q[i1] - q[(i + 2) % 4]         # corner i+1 along side i+1
            v = np.repeat(q[None], len(t1), axis=0)
            v[:, i] = q[i] + t1[:, None] * va
            v[:, i1] = q[i1] + t2[:, None] * vb
            V.append(v)
        V = _order_many(np.concatenate(V))
        V = V[_valid_many(V, F.w, F.h, min_area)]
        if not len(V):
            break
        V = V[np.argsort(_score(F, V, 8, lite=True)[0])[::-1][:SLIDE_KEEP]]
        vs = _full_score(F, V)
        k = int(np.argmax(vs))
        if vs[k] <= q_s * SLIDE_GAIN:
            break
        rq, _ = _refine(small, V[k], REFINE_R[0], n_pts=16)
        rq = _order_many(rq[None])
        if _valid_many(rq, F.w, F.h, min_area)[0]:
            rs_ = float(_full_score(F, rq)[0])
            # as in the main search, a refined quad wins unless the unrefined one is
            # clearly better (a slid corner sits on a coarse grid of positions)
            if rs_ >= UNREFINED_W * vs[k] and rs_ > q_s:
                if not _separates_as_well(F, q, rq[0], SLIDE_CONTRAST):
                    break
                q, q_s = rq[0], rs_
                continue
        if not _separates_as_well(F, q, V[k], SLIDE_CONTRAST):
            break
        q, q_s = V[k], float(vs[k])
    return q, q_s


def _prefer_outer(F, small, best_q, best_s, Q, score):
    """A photo, a form's frame or a text block inside the page can win on edge support;
    the page is the OUTERMOST consistent quad: a candidate that contains the winner, is
    clearly larger, nearly as well supported and separates two regions on its sides
    replaces it (refined, re-scored)."""
    ba = cv2.contourArea(best_q.astype(np.float32))
    order = np.argsort(score)[::-1]
    for i in order[:16]:
        c = Q[i]
        if score[i] < OUTER_KEEP * best_s:
            break
        ca = cv2.contourArea(c.astype(np.float32))
        if ca < OUTER_GROW * ba:
            continue
        inter, _ = cv2.intersectConvexConvex(c.astype(np.float32), best_q.astype(np.float32))
        if inter < 0.95 * ba:
            continue
        rq, _ = _refine(small, c, REFINE_R[0], n_pts=16)
        rq = _order_many(rq[None])
        if not _valid_many(rq, F.w, F.h, MIN_AREA_FRAC * F.w * F.h)[0]:
            rq = c[None]
        rs = float(_score(F, rq)[0][0]) * float(_contrast_term(_side_contrast(F, rq))[0])
        if rs >= OUTER_KEEP * best_s and float(_side_contrast(F, rq)[0]) >= CONTRAST_GATE:
            return rq[0], max(rs, float(score[i]))
    return best_q, best_s


def _runs_on(F: _Features, corners: np.ndarray, u: np.ndarray, length: np.ndarray) -> np.ndarray:
    """How much of a line still lies on a border past a corner: (..., 2) corners, the
    line's unit direction (pointing past the corner) and its length -> (...)."""
    reach = np.maximum(np.minimum(EXT_REACH[0] * length, EXT_REACH[1]), EXT_START + 2)
    return _segment_support(F, corners + EXT_START * u, corners + reach[..., None] * u, 10)


def _separates_as_well(F: _Features, q: np.ndarray, moved_q: np.ndarray, factor: float) -> bool:
    """Whether the sides that moved separate two regions at least `factor` x as well as
    before (raw region contrast: the score's contrast term saturates early and cannot
    tell a page's border from the rim of its shadow). A form's frame inside the page has
    paper on both sides, so the real border outside it separates better; a page's own
    border moved to a shadow's rim or to the sheet beneath it separates less."""
    if not factor:
        return True
    moved = (np.linalg.norm(moved_q - q, axis=1) + np.linalg.norm(moved_q[_NEXT] - q[_NEXT], axis=1)) > 2.0
    if not moved.any():
        return True
    c = _side_contrasts(F, np.stack([q, moved_q]))
    return float(c[1][moved].mean()) >= factor * float(c[0][moved].mean())


def _extend_side(F: _Features, small: np.ndarray, q: np.ndarray, q_s: float):
    """A page's border stops at its corners; when BOTH neighbours' lines run on past the
    two corners of one side, that side is likely inside the page: the lower edge of a
    full-bleed header band, the end of a receipt's barcode strip, a card's coloured
    stripe. The side moves out along the neighbours to the farthest place where the
    stretches added are border all the way, a border runs across, and the lines stop;
    the quad is kept if it scores nearly as well as the winner, and its new side
    separates two regions. (The score alone prefers the band's inner edge: white
    against a saturated band is the stronger step.) Tuned on docsynth 40000 and
    independent 720000; held out, mean J on the hard subsets: independent 700000
    +0.0020, 760000 +0.0039, 780000 +0.0025; docsynth 30000 and 93000 unchanged, 91000
    -0.0008 (docsynth draws no full-bleed print, so it can only lose here)."""
    q = np.asarray(q, np.float64)
    v0, v1 = q - q[_PREV], q[_NEXT] - q[_OPPOSITE]        # side j's neighbours, pointing past it
    l0, l1 = np.linalg.norm(v0, axis=1), np.linalg.norm(v1, axis=1)
    u0, u1 = v0 / (l0[:, None] + 1e-9), v1 / (l1[:, None] + 1e-9)
    c0, c1 = q, q[_NEXT]
    runs = np.minimum(_runs_on(F, c0, u0, l0), _runs_on(F, c1, u1, l1))
    lim = np.array([F.w - 1 - EXT_BORDER, F.h - 1 - EXT_BORDER])

    def near_border(p):
        return ((p < EXT_BORDER) | (p > lim)).any(axis=-1)

    ts = np.linspace(0.03, EXT_MAX, EXT_N)
    best, best_t = None, 0.0
    for j in np.nonzero(runs >= EXT_RUNS_ON)[0]:
        n0, n1 = c0[j] + ts[:, None] * v0[j], c1[j] + ts[:, None] * v1[j]
        added = _segment_support(F, np.stack([np.broadcast_to(c0[j], n0.shape), np.broadcast_to(c1[j], n1.shape)]),
                                 np.stack([n0, n1]), 10).min(axis=0)
        across = _segment_support(F, n0, n1, 16)
        past = np.maximum(_runs_on(F, n0, u0[j], l0[j]), _runs_on(F, n1, u1[j], l1[j]))
        ok = (added >= EXT_SEG) & (across >= EXT_NEW) & (past < EXT_STOP) & ~near_border(n0) & ~near_border(n1)
        if ok.any():
            i = int(np.nonzero(ok)[0][-1])               # the farthest: a band's own top edge
            if best is None or ts[i] > best_t:
                best, best_t = q.copy(), ts[i]
                best[j], best[(j + 1) % 4] = n0[i], n1[i]
    if best is None:
        return q, q_s
    min_area = MIN_AREA_FRAC * F.w * F.h
    v = _order_many(best[None])
    r = _order_many(_refine(small, v[0], REFINE_R[0], n_pts=16)[0][None])
    if _valid_many(r, F.w, F.h, min_area)[0]:
        v = r
    if not _valid_many(v, F.w, F.h, min_area)[0] or (near_border(v[0]).any() and not near_border(q).any()):
        return q, q_s           # (lines run on to the frame's edge: nothing stops them there)
    vs = float(_full_score(F, v)[0])
    con = _side_contrasts(F, v)[0]
    moved = np.abs(v[0][:, None] - q[None]).sum(-1).min(-1)
    new_side = int(np.argmax(moved + moved[_NEXT]))
    if vs < EXT_KEEP * q_s or np.sort(con)[1] < CONTRAST_GATE or con[new_side] < EXT_CONTRAST:
        return q, q_s
    return v[0], vs


def detect_page(image: np.ndarray, *, prior: np.ndarray | None = None,
                work_size: int = WORK_SIZE, desk=None, _debug: dict | None = None,
                _deep: bool = False) -> Detection | None:
    """Find the page in a BGR (or grey) image. `prior`: last frame's quad (tracking).
    `desk`: the station's empty desk (devices/scanner/desk.EmptyDesk); a quad that is
    the bare desk is not a page, and the next hypothesis gets its turn."""
    t0 = time.perf_counter()
    if image.ndim == 2:
        image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    elif image.shape[2] == 4:
        image = cv2.cvtColor(image, cv2.COLOR_BGRA2BGR)
    H, W = image.shape[:2]
    # an exact integer factor keeps INTER_AREA on its fast path (a few rows/columns at
    # the right/bottom edge are dropped, which the scale below accounts for exactly)
    k = max(1, int(round(max(H, W) / work_size)))
    if k > 1:
        # (one INTER_AREA pass: two halvings are 0.9 ms faster on 1280x960 but round twice,
        # and that cost 0.003-0.008 mean J on three of four generated sets -- the weights
        # were chosen on this exact average)
        crop = image[:H // k * k, :W // k * k]
        small = cv2.resize(crop, (W // k, H // k), interpolation=cv2.INTER_AREA)
    else:
        small = image
    sx = sy = 1.0 / k
    # (with a prior the frame is usually settled by tracking, which needs no network)
    pending = _net_started(small) if prior is None else None
    F = _Features(small)
    prior_small = None if prior is None else np.asarray(prior, np.float64).reshape(4, 2) * [sx, sy]
    if prior_small is not None and _debug is None:
        # tracking: when last frame's page is still well supported, skip the search
        tq, _ = _refine(small, order_quad(prior_small), REFINE_R[0], n_pts=16)
        tq = _order_many(tq[None])
        if _valid_many(tq, F.w, F.h, MIN_AREA_FRAC * F.w * F.h)[0]:
            ts_ = float(_score(F, tq)[0][0])
            if ts_ >= TRACK_SCORE and not (desk is not None and desk.is_bare(image, tq[0] / [sx, sy])):
                return _polish(image, _finish(image, tq[0] / [sx, sy], ts_, "tracked", k, t0, 0), k, t0)
    _gate_net(F, small, pending)
    Q, S = _candidates(F, prior_small)
    if _debug is not None:
        _debug.update(F=F, Q=Q, S=S, sx=sx, sy=sy)
    if not len(Q):
        return None
    # a coarse score for all, the full one for the 24 best
    early = getattr(F, "early_score", None)
    settled = early is not None and len(Q) <= 24      # (scored in full already)
    if settled:
        score = early
    else:
        score, _ = _score(F, Q, 8)
        keep = np.argsort(score)[::-1][:24]
        Q, score = Q[keep], score[keep]
        S = [S[i] for i in keep]
    con = _contrast_term(_side_contrast(F, Q)) if W_CONTRAST else np.ones(len(Q))
    if F.P is not None and not F.net_on and NET_GATE_ALL:
        # the network's region, unconfirmed by its own outline, may still be confirmed by
        # a quad from the edges (a thin receipt or a card: the region's outline is coarse)
        if ((score * con >= NET_GATE_EDGE) & (_net_iou(F, Q) >= NET_GATE_IOU)).any():
            F.net_on = True
            settled = False                     # (those scores were without the network)
    if not settled:
        score, _ = _score(F, Q)
    score = score * con
    if prior is not None:
        score = np.where(np.array(S) == "prior", score * 1.05, score)
    # refine the top few on the small image and rescore: a coarse quad from a contour is
    # often a few px off, which costs it edge support it deserves
    # complete the best few by swapping one side for a nearby Hough line
    top5 = np.argsort(score)[::-1][:5]
    confident = score[top5[0]] >= CONFIDENT_SCORE
    if USE_COMPLETION and not confident and USE_WEAK_LINES and not F.weak_done:
        _add_weak_lines(F)
    V = _replace_sides(Q[top5], getattr(F, "lines", np.empty((0, 2)))) if USE_COMPLETION and not confident else []
    if len(V):
        V = _order_many(V)
        V = V[_valid_many(V, F.w, F.h, MIN_AREA_FRAC * F.w * F.h)]
        if len(V) > 12:
            V = V[np.argsort(_score(F, V, 8)[0])[::-1][:12]]
        if len(V):
            vs, _ = _score(F, V)
            if W_CONTRAST:
                vs = vs * _contrast_term(_side_contrast(F, V))
            Q = np.concatenate([Q, V])
            score = np.concatenate([score, vs])
            S = S + ["completed"] * len(V)
    top4 = np.argsort(score)[::-1][:1 if confident else REFINE_TOP]
    # a short and a long reach (the long one escapes a form's frame), for each
    refined = np.stack([_refine_many(small, Q[top4], r, n_pts=16)[0] for r in REFINE_R], axis=1)
    top = np.repeat(top4, len(REFINE_R))
    R = _order_many(refined.reshape(-1, 4, 2))
    okr = _valid_many(R, F.w, F.h, MIN_AREA_FRAC * F.w * F.h)
    R = np.where(okr[:, None, None], R, Q[top])
    rs, _ = _score(F, R)
    if W_CONTRAST:
        rs = rs * _contrast_term(_side_contrast(F, R))
    # a refinement can also make a quad worse (a side pulled to a neighbouring grid
    # line): the unrefined candidates stay in the running
    R = np.concatenate([R, Q[top4]])
    rs = np.concatenate([rs, UNREFINED_W * score[top4]])   # a refined quad fits better when it is as good
    top = np.concatenate([top, top4])
    j = int(np.argmax(rs))
    best_q, best_s, best_src = R[j], float(rs[j]), S[top[j]]
    if SLIDE_FRAC and not _deep and not (getattr(F, "early", False) and best_s >= SLIDE_BELOW):
        best_q, best_s = _slide_sides(F, small, best_q, best_s)
    # grow: a form's frame just inside the border can hold the quad; look further out
    # and take a larger quad that is nearly as well supported
    gq, _ = _refine(small, best_q, GROW_R, n_pts=20, strong_ratio=GROW_RATIO)
    gq = _order_many(gq[None])
    if _valid_many(gq, F.w, F.h, MIN_AREA_FRAC * F.w * F.h)[0]:
        gs = float(_score(F, gq)[0][0])
        if W_CONTRAST:
            gs *= float(_contrast_term(_side_contrast(F, gq))[0])
        ga, ba = cv2.contourArea(gq[0].astype(np.float32)), cv2.contourArea(best_q.astype(np.float32))
        if ga > 1.02 * ba and gs >= GROW_KEEP * best_s:
            inter, _ = cv2.intersectConvexConvex(gq[0].astype(np.float32), best_q.astype(np.float32))
            if inter >= 0.97 * ba and _separates_as_well(F, best_q, gq[0], GROW_CONTRAST):
                best_q, best_s = gq[0], gs
    if OUTER_KEEP:
        best_q, best_s = _prefer_outer(F, small, best_q, best_s, Q, score)
    if EXTEND:
        best_q, best_s = _extend_side(F, small, best_q, best_s)
    if _debug is not None:
        _debug.update(score=score, top=top, rs=rs)
    # verify the winner; when it fails, the next-ranked distinct hypotheses get a turn
    det = None
    hyps = [(best_q, best_s, best_src)]
    alt_q = np.concatenate([R, Q])
    alt_s = np.concatenate([rs, score])
    alt_src = [S[i] for i in top] + list(S)
    for i in np.argsort(alt_s)[::-1][:40]:
        if len(hyps) > VERIFY_ALT or alt_s[i] < ACCEPT_SCORE:
            break
        if all(_overlap(alt_q[i], h[0]) < 0.9 for h in hyps):
            hyps.append((alt_q[i], float(alt_s[i]), alt_src[i]))
    for hq, hs, hsrc in hyps:
        if hs < ACCEPT_SCORE or (desk is not None and desk.is_bare(image, hq / [sx, sy])):
            continue
        det = _verify(F, _finish(image, hq / [sx, sy], hs, hsrc, k, t0, len(Q)), sx, sy)
        if det is not None:
            break
    if RETRY_SIZE and not _deep and (det is None or best_s < RETRY_SCORE):
        # a doubtful frame (or one whose best quad separates nothing): look again at a
        # finer scale (thin borders, small pages) with the costlier line source too
        fine: dict = {}       # (its features: filled before any answer can come back)
        d2 = detect_page(image, work_size=RETRY_SIZE, desk=desk, _deep=True, _debug=fine)
        better = d2 is not None
        if better and det is not None:
            # the two answers' scores come from different images (edges are sharper at
            # 480 px): judge both quads on both and let the sum decide, either way.
            # Held-out: independent 700000 +0.007 mean J (a frame 0.33 -> 0.97), docsynth
            # 30000/91000/92000 and independent 760000 within +-0.0003
            both = np.stack([det.quad, d2.quad])
            on_small = _full_score(F, _order_many(both * [sx, sy]))
            on_fine = _full_score(fine["F"], _order_many(both * [fine["sx"], fine["sy"]]))
            better = on_small[1] + on_fine[1] > on_small[0] + on_fine[0]
        if better:
            d2.ms = (time.perf_counter() - t0) * 1000
            det = d2
    if not _deep:
        det = _net_override(F, det, image, sx, sy, k, t0)
        if det is not None and desk is not None and desk.is_bare(image, det.quad):
            det = None          # (the network's outline of a patch of the desk)
        det = _polish(image, det, k, t0)
    return det


def _overlap(q1: np.ndarray, q2: np.ndarray) -> float:
    a1 = cv2.contourArea(q1.astype(np.float32))
    a2 = cv2.contourArea(q2.astype(np.float32))
    inter, _ = cv2.intersectConvexConvex(q1.astype(np.float32), q2.astype(np.float32))
    return float(inter / max(a1 + a2 - inter, 1e-6))


def _verify(F: _Features, det: Detection, sx: float, sy: float) -> Detection | None:
    """The quad about to be returned, re-checked on the detection image: its border
    must separate two different regions on at least 3 sides ("no page" otherwise), and
    it must itself be supported -- the full-resolution refinement can step a side onto
    a neighbouring line (a grid's, a form's frame), which the score catches."""
    fq = _order_many(det.quad[None] * [sx, sy])
    c2 = _side_contrast(F, fq)
    det.details["contrast"] = float(c2[0])
    if CONTRAST_GATE and c2[0] < CONTRAST_GATE:
        return None
    if FINAL_SCORE:
        fs = _score(F, fq)[0] * (_contrast_term(c2) if W_CONTRAST else 1)
        det.details["final_score"] = float(fs[0])
        if fs[0] < FINAL_SCORE:
            return None
    return det


def _polish(image: np.ndarray, det: Detection | None, k: int, t0: float) -> Detection | None:
    """The answer's last step: each side moves to the STRONGEST colour step within a
    detection pixel of it, not the outermost (_finish's rule, which is right while a
    side may still sit on a form's frame inside the page). Once the choice is made, the
    outermost rule's failure is the opposite one: a desk's grid line or a shadow's rim
    just outside a page whose own border is faint. Only the answer is polished, so which
    hypothesis wins is unchanged. Cached hard subsets, mean J: tuning docsynth 40000
    +0.0015, independent 720000 +0.0021; held out docsynth 30000 +0.0017, independent
    700000 +0.0021, docsynth 91000 +0.0018, independent 760000 +0.0019."""
    if det is None or not POLISH:
        return det
    q, _ = _refine(image, det.quad, max(4.0, 2.5 * k), n_pts=32, strong_ratio=1.0)
    det.quad = order_quad(q)        # (a second, 2 px pass: the same J, twice the 0.5 ms)
    det.ms = (time.perf_counter() - t0) * 1000
    return det


def _finish(image, q_full, score, source, k, t0, n_cands) -> Detection:
    # full-precision refinement: sampling at full resolution costs the same as anywhere
    q_full, frac = _refine(image, q_full, max(4.0, 2.5 * k), n_pts=32)
    q_full, frac = _refine(image, order_quad(q_full), 2.0, n_pts=32)
    quad = order_quad(q_full)
    ms = (time.perf_counter() - t0) * 1000
    return Detection(quad, score, source, ms, {"inliers": frac, "candidates": int(n_cands)})
