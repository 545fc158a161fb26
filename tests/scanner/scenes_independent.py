"""An independent generator of document photos with ground-truth corners.

Written from first principles, separately from tests/scanner/docsynth.py, so the page
detector can be measured on pictures whose construction nobody tuned it on. The scene is
built the way a camera sees it rather than by pasting a page on a picture:

1. A desk plane in world millimetres carries a procedural surface (wood planks, fabric
   weave, scratched laminate, a keyboard with clutter, newspaper, floor tiles, a glossy
   table, a green cutting mat). Other sheets lie on it; the page lies on top, rotated,
   possibly curled or folded (a height field, so its edges bend in the photo).
2. A pinhole camera (document-camera straight down, or a hand-held phone tilted up to
   ~32 degrees and rolled) projects desk and page; every pixel is traced back to the desk
   or the page (the curled page by a fixed-point solve), so perspective is exact and the
   desk texture foreshortens with the page.
3. Light: a lamp gradient, soft and hard cast shadows, the phone/camera body's own shadow,
   contact shadows under the sheets, reflections on a glossy table, glare on laminated
   cards, vignetting, a white-balance error.
4. Things above the desk: a thumb/hand holding a corner or an edge, a pen, a mug, a phone,
   coins near the corners (occluders drawn after projection, with their own shadows).
5. The lens bends straight lines (barrel distortion), the picture may be shaken (motion
   blur) or out of focus (disk blur), the sensor adds shot + read + chroma noise, the phone
   sharpens, and the file is a JPEG.

Ground truth: `Scene.corners`, the page's four corners in output pixels, clockwise from the
page's own top-left (the top-left of its content), after the lens distortion. Everything is
drawn from `numpy.random.default_rng(seed)`: the same seed gives the same bytes.

    from scenes_independent import make_scene
    s = make_scene(7)           # s.image (BGR uint8), s.corners (4x2), s.background, s.paper
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import cv2
import numpy as np

# name -> (width mm, height mm); the receipt's length is drawn per scene.
PAPERS = {
    "A4": (210.0, 297.0),
    "A5": (148.0, 210.0),
    "letter": (215.9, 279.4),
    "ID-1": (85.6, 53.98),
    "passport": (125.0, 88.0),
    "receipt": (80.0, 0.0),
}
PAPER_WEIGHTS = {"A4": 0.34, "A5": 0.14, "letter": 0.12, "ID-1": 0.14, "passport": 0.12, "receipt": 0.14}

BACKGROUNDS = ("wood", "fabric", "laminate", "keyboard", "newspaper", "tiles", "glossy", "cutting_mat")

FRAME_SIZES = ((1280, 960), (1920, 1080), (1600, 1200), (1024, 768), (960, 1280), (1440, 1080))

WORDS = ("the of and to in is was for on that by with as at from this be are or an which "
         "register household certificate applicant date address signature office number page "
         "contract party agreement residence permit name birth issued valid until total amount "
         "payment fee stamp approved district street city code reference annex copy original "
         "section article notice marriage education employment declaration hereby confirm").split()


@dataclass
class Scene:
    image: np.ndarray            # BGR uint8, the "photo"
    corners: np.ndarray          # 4x2 float64, clockwise from the page's own top-left
    background: str
    paper: str
    seed: int
    tags: dict = field(default_factory=dict)   # what was applied (camera, curl, occluder, ...)
    mrz: list[str] | None = None  # the MRZ printed on a passport page / card back (valid check digits)


# ----------------------------------------------------------------------------- noise helpers

def _smooth_noise(rng, h, w, cell, octaves=3):
    """Fractal value noise in [-1, 1]-ish: random grids of decreasing cell size, upsampled."""
    out = np.zeros((h, w), np.float32)
    amp, total = 1.0, 0.0
    for _ in range(octaves):
        gh, gw = max(2, int(h / cell) + 2), max(2, int(w / cell) + 2)
        g = rng.standard_normal((gh, gw)).astype(np.float32)
        out += amp * cv2.resize(g, (w, h), interpolation=cv2.INTER_CUBIC)
        total += amp
        amp *= 0.5
        cell = max(2.0, cell / 2.0)
    return out / total


def _blur(img, sigma):
    """Gaussian blur; a wide one is done on a reduced copy (same look, a fraction of the time)."""
    if sigma <= 6:
        return cv2.GaussianBlur(img, (0, 0), sigma)
    h, w = img.shape[:2]
    k = sigma / 3.0
    small = cv2.resize(img, (max(2, int(w / k)), max(2, int(h / k))), interpolation=cv2.INTER_AREA)
    small = cv2.GaussianBlur(small, (0, 0), 3.0)
    return cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)


def _colour(bgr):
    return np.array(bgr, np.float32).reshape(1, 1, 3)


def _text_line(rng, n_chars):
    words, n = [], 0
    while n < n_chars:
        w = str(rng.choice(WORDS))
        if rng.random() < 0.12:
            w = w.capitalize()
        if rng.random() < 0.06:
            w = str(int(rng.integers(1, 99999)))
        words.append(w)
        n += len(w) + 1
    return " ".join(words)


def _put(img, text, org, scale, colour, thick=1, font=cv2.FONT_HERSHEY_SIMPLEX):
    """putText on a float image (OpenCV 5 draws text on 8-bit images only): draw the glyphs
    into a small 8-bit coverage patch and blend the colour through it."""
    thick = max(1, int(thick))
    (tw, th), base = cv2.getTextSize(text, font, float(scale), thick)
    x, y = int(org[0]), int(org[1])
    x0, y0 = max(0, x - thick), max(0, y - th - thick)
    x1, y1 = min(img.shape[1], x + tw + thick), min(img.shape[0], y + base + thick)
    if x1 <= x0 or y1 <= y0:
        return
    patch = np.zeros((y1 - y0, x1 - x0), np.uint8)
    cv2.putText(patch, text, (x - x0, y - y0), font, float(scale), 255, thick, cv2.LINE_AA)
    a = patch.astype(np.float32)[..., None] / 255.0
    img[y0:y1, x0:x1] = img[y0:y1, x0:x1] * (1 - a) + a * np.array(colour, np.float32).reshape(1, 1, -1)


# ----------------------------------------------------------------------------- desk surfaces
# Each returns a float32 BGR texture in [0, 1] of size (th, tw) at s pixels per millimetre.

def _wood(rng, th, tw, s):
    ang = rng.uniform(0, math.pi)
    yy, xx = np.mgrid[0:th, 0:tw].astype(np.float32) / s
    along = xx * math.cos(ang) + yy * math.sin(ang)
    across = -xx * math.sin(ang) + yy * math.cos(ang)
    plank_w = rng.uniform(90, 180)
    plank = np.floor(across / plank_w)
    warp = _smooth_noise(rng, th, tw, 60 * s, 3) * rng.uniform(4, 12)
    period = rng.uniform(2.5, 7.0)
    phase = (plank * 37.7) % 13.0
    rings = np.sin(2 * math.pi * (across + warp + phase * 3 + 0.015 * along) / period)
    rings = np.sign(rings) * np.abs(rings) ** 0.6
    streak_src = rng.standard_normal((max(2, th // 3), max(2, tw // 40))).astype(np.float32)
    streaks = cv2.resize(streak_src, (tw, th), interpolation=cv2.INTER_LINEAR)
    if abs(math.cos(ang)) < 0.7:
        streaks = cv2.resize(rng.standard_normal((max(2, th // 40), max(2, tw // 3))).astype(np.float32), (tw, th))
    palettes = [(0.45, 0.62, 0.80), (0.25, 0.38, 0.55), (0.55, 0.70, 0.82), (0.18, 0.26, 0.38), (0.62, 0.74, 0.80)]
    base = _colour(palettes[int(rng.integers(len(palettes)))])
    tone = 1 + 0.10 * rings + 0.05 * streaks + 0.06 * np.sin(plank * 2.1)[..., None][..., 0]
    img = base * tone[..., None]
    # dark gaps between planks
    gap = np.abs(((across / plank_w) % 1.0) - 0.0) * plank_w
    gap = np.minimum(gap, plank_w - gap)
    img *= (1 - 0.45 * np.exp(-(gap * s / 1.2) ** 2))[..., None]
    return img


def _fabric(rng, th, tw, s):
    p = rng.uniform(0.8, 2.2)                        # thread pitch, mm
    yy, xx = np.mgrid[0:th, 0:tw].astype(np.float32) / s
    ang = rng.uniform(-0.4, 0.4)
    u = xx * math.cos(ang) + yy * math.sin(ang)
    v = -xx * math.sin(ang) + yy * math.cos(ang)
    over = ((np.floor(u / p) + np.floor(v / p)) % 2).astype(np.float32)
    warp_t = 0.5 + 0.5 * np.cos(2 * math.pi * (v / p))
    weft_t = 0.5 + 0.5 * np.cos(2 * math.pi * (u / p))
    weave = over * warp_t + (1 - over) * weft_t
    c1 = rng.uniform(0.15, 0.85, 3)
    c2 = np.clip(c1 * rng.uniform(0.6, 1.3, 3), 0, 1)
    img = (_colour(c1) * (1 - over[..., None]) + _colour(c2) * over[..., None])
    if rng.random() < 0.5:                            # tartan stripes
        sw = rng.uniform(8, 30)
        band = ((np.floor(u / sw) % 3 == 0) | (np.floor(v / sw) % 4 == 0)).astype(np.float32)
        img = img * (1 - 0.35 * band[..., None]) + 0.35 * band[..., None] * _colour(rng.uniform(0.1, 0.9, 3))
    img *= (0.82 + 0.18 * weave)[..., None]
    img *= (1 + 0.06 * _smooth_noise(rng, th, tw, 40 * s))[..., None]
    return img


def _laminate(rng, th, tw, s):
    base = rng.choice([(0.92, 0.93, 0.93), (0.86, 0.88, 0.89), (0.80, 0.87, 0.92), (0.90, 0.92, 0.95), (0.72, 0.74, 0.75)])
    img = np.ones((th, tw, 3), np.float32) * _colour(base)
    img *= (1 + 0.025 * _smooth_noise(rng, th, tw, 80 * s))[..., None]
    img += 0.012 * rng.standard_normal((th, tw, 1)).astype(np.float32)
    scratches = np.zeros((th, tw), np.float32)
    for _ in range(int(rng.integers(40, 160))):
        x0, y0 = rng.uniform(0, tw), rng.uniform(0, th)
        L = rng.uniform(5, 90) * s
        a = rng.uniform(0, math.pi)
        x1, y1 = x0 + L * math.cos(a), y0 + L * math.sin(a)
        cv2.line(scratches, (int(x0), int(y0)), (int(x1), int(y1)), float(rng.uniform(0.3, 1.0)), 1, cv2.LINE_AA)
    sign = 1.0 if rng.random() < 0.6 else -1.0
    img += sign * 0.06 * scratches[..., None]
    for _ in range(int(rng.integers(0, 4))):            # a coffee ring or a stain
        c = (int(rng.uniform(0, tw)), int(rng.uniform(0, th)))
        cv2.circle(img, c, int(rng.uniform(20, 45) * s), (0.05, 0.1, 0.15), max(1, int(1.5 * s)), cv2.LINE_AA)
    return img


def _keyboard(rng, th, tw, s):
    img = _laminate(rng, th, tw, s) * 0.9
    dark = rng.random() < 0.6
    body_c = (0.12, 0.12, 0.13) if dark else (0.85, 0.86, 0.86)
    key_c = (0.18, 0.18, 0.19) if dark else (0.95, 0.95, 0.95)
    ink = (0.9, 0.9, 0.9) if dark else (0.15, 0.15, 0.15)
    kb = np.zeros((int(150 * s), int(450 * s), 3), np.float32) + _colour(body_c)
    pitch = 19.0 * s
    for r in range(6):
        x = 8 * s + (r * 0.25 % 1) * pitch
        while x + pitch < kb.shape[1] - 8 * s:
            wk = pitch * (rng.choice([1, 1, 1, 1, 1.5, 2]) if r in (0, 4, 5) else 1)
            x0, y0 = int(x + 1.5 * s), int(8 * s + r * pitch + 1.5 * s)
            x1, y1 = int(x + wk - 1.5 * s), int(8 * s + (r + 1) * pitch - 1.5 * s)
            cv2.rectangle(kb, (x0, y0), (x1, y1), key_c, -1, cv2.LINE_AA)
            cv2.rectangle(kb, (x0, y0), (x1, y1), tuple(c * 0.7 for c in key_c), 1, cv2.LINE_AA)
            _put(kb, chr(65 + int(rng.integers(26))), (x0 + 3 * s, y0 + 7 * s), 0.02 * s * 8, ink, 1)
            x += wk
    # place the keyboard and a mouse, cables across
    M = cv2.getRotationMatrix2D((kb.shape[1] / 2, kb.shape[0] / 2), float(rng.uniform(-20, 20)), 1.0)
    M[:, 2] += (rng.uniform(-0.3, 0.7) * tw, rng.uniform(-0.2, 0.6) * th)
    mask = cv2.warpAffine(np.ones(kb.shape[:2], np.float32), M, (tw, th))
    warped = cv2.warpAffine(kb, M, (tw, th))
    img = img * (1 - mask[..., None]) + warped * mask[..., None]
    for _ in range(int(rng.integers(1, 4))):
        pts = np.cumsum(rng.normal(0, 60 * s, (6, 2)), axis=0) + (rng.uniform(0, tw), rng.uniform(0, th))
        cv2.polylines(img, [pts.astype(np.int32)], False, (0.08, 0.08, 0.08), max(1, int(4 * s)), cv2.LINE_AA)
    c = (int(rng.uniform(0, tw)), int(rng.uniform(0, th)))
    cv2.ellipse(img, c, (int(30 * s), int(50 * s)), float(rng.uniform(0, 180)), 0, 360, body_c, -1, cv2.LINE_AA)
    return img


def _newspaper(rng, th, tw, s):
    paper = rng.uniform(0.78, 0.88)
    img = np.ones((th, tw, 3), np.float32) * _colour((paper - 0.03, paper, paper + 0.01))
    col_w, gutter = rng.uniform(45, 65), 5.0
    ink = (0.18, 0.18, 0.2)
    fs = 2.2 * s / 22
    x = 0.0
    while x * s < tw:
        y = rng.uniform(0, 20)
        while y * s < th:
            kind = rng.random()
            if kind < 0.08:      # headline
                _put(img, _text_line(rng, 14).upper(), (x * s, (y + 8) * s), fs * 3.2, ink, max(1, int(0.6 * s)))
                y += 14
            elif kind < 0.14:    # halftone picture
                h = rng.uniform(30, 60)
                cv2.rectangle(img, (int(x * s), int(y * s)), (int((x + col_w) * s), int((y + h) * s)),
                              (paper * 0.55,) * 3, -1)
                y += h + 4
            else:
                for _ in range(int(rng.integers(5, 20))):
                    _put(img, _text_line(rng, int(col_w / 1.9)), (x * s, (y + 2.5) * s), fs, ink, 1)
                    y += 3.6
                y += 3
        x += col_w + gutter
    img += 0.02 * _smooth_noise(rng, th, tw, 30 * s)[..., None]
    return img


def _tiles(rng, th, tw, s):
    size = rng.uniform(150, 400)
    grout = rng.uniform(2, 7)
    yy, xx = np.mgrid[0:th, 0:tw].astype(np.float32) / s
    ang = rng.uniform(0, math.pi / 2)
    u = xx * math.cos(ang) + yy * math.sin(ang)
    v = -xx * math.sin(ang) + yy * math.cos(ang)
    iu, iv = np.floor(u / size), np.floor(v / size)
    fu, fv = u - iu * size, v - iv * size
    d = np.minimum(np.minimum(fu, size - fu), np.minimum(fv, size - fv))
    base = rng.choice([(0.85, 0.86, 0.86), (0.55, 0.60, 0.66), (0.30, 0.35, 0.42), (0.75, 0.80, 0.85), (0.40, 0.42, 0.45)])
    stretch = rng.uniform(3, 6)       # veins run mostly one way
    vsrc = _smooth_noise(rng, max(8, th // 4), max(8, int(tw / stretch / 4)), 30 * s / 4, 4)
    vein = cv2.resize(vsrc, (tw, th), interpolation=cv2.INTER_CUBIC)
    vein = np.exp(-(vein / 0.05) ** 2) * (rng.uniform(0.2, 0.6) * (0.5 + 0.5 * _smooth_noise(rng, th, tw, 80 * s, 2)))
    tile_var = np.sin(iu * 12.9898 + iv * 78.233) * 0.05
    img = _colour(base) * (1 + tile_var - 0.25 * vein)[..., None]
    gmask = np.clip((grout / 2 - d) * s + 0.5, 0, 1)[..., None]
    img = img * (1 - gmask) + gmask * _colour(rng.choice([(0.5, 0.5, 0.5), (0.75, 0.78, 0.8), (0.2, 0.2, 0.2)]))
    return img


def _glossy(rng, th, tw, s):
    base = rng.choice([(0.06, 0.06, 0.07), (0.10, 0.14, 0.22), (0.22, 0.12, 0.06), (0.93, 0.93, 0.93), (0.30, 0.30, 0.32)])
    img = np.ones((th, tw, 3), np.float32) * _colour(base)
    img *= (1 + 0.05 * _smooth_noise(rng, th, tw, 120 * s))[..., None]
    return img


def _cutting_mat(rng, th, tw, s):
    base = rng.choice([(0.25, 0.45, 0.15), (0.30, 0.30, 0.30), (0.45, 0.30, 0.12)])
    img = np.ones((th, tw, 3), np.float32) * _colour(base)
    line = tuple(min(1.0, c * 1.9 + 0.15) for c in base)
    for k in range(0, int(tw / s / 10) + 1):
        cv2.line(img, (int(k * 10 * s), 0), (int(k * 10 * s), th), line, 1 if k % 5 else 2, cv2.LINE_AA)
        if k % 5 == 0:
            _put(img, str(k), (k * 10 * s + 2, 8 * s), 0.15 * s / 3, line, 1)
    for k in range(0, int(th / s / 10) + 1):
        cv2.line(img, (0, int(k * 10 * s)), (tw, int(k * 10 * s)), line, 1 if k % 5 else 2, cv2.LINE_AA)
    img *= (1 + 0.03 * _smooth_noise(rng, th, tw, 30 * s))[..., None]
    return img


SURFACES = {"wood": _wood, "fabric": _fabric, "laminate": _laminate, "keyboard": _keyboard,
            "newspaper": _newspaper, "tiles": _tiles, "glossy": _glossy, "cutting_mat": _cutting_mat}


# ----------------------------------------------------------------------------- page content

def _paper_colour(rng, kind):
    if kind == "receipt":
        return np.array([0.97, 0.96, 0.95]) * rng.uniform(0.9, 1.0)
    tint = rng.choice([(0.97, 0.98, 0.98), (0.90, 0.95, 0.97), (0.96, 0.96, 0.93), (0.85, 0.93, 0.96), (0.98, 0.97, 0.99)])
    return np.array(tint) * rng.uniform(0.88, 1.0)


def _photo(rng, h, w):
    """A small procedural photograph: sky/ground gradient with a face-like blob."""
    h, w = max(4, h), max(4, w)
    yy = np.linspace(0, 1, h, dtype=np.float32)[:, None]
    top, bot = rng.uniform(0.2, 0.95, 3), rng.uniform(0.1, 0.8, 3)
    img = (top[None, None] * (1 - yy[..., None]) + bot[None, None] * yy[..., None]) * np.ones((h, w, 1), np.float32)
    cv2.ellipse(img, (w // 2, int(h * 0.45)), (max(1, w // 4), max(1, h // 3)), 0, 0, 360,
                tuple(float(c) for c in rng.uniform(0.35, 0.8, 3) * (0.55, 0.7, 0.95)), -1, cv2.LINE_AA)
    cv2.ellipse(img, (w // 2, h), (max(1, int(w * 0.45)), max(1, h // 3)), 0, 180, 360,
                tuple(float(c) for c in rng.uniform(0.05, 0.6, 3)), -1, cv2.LINE_AA)
    return img.astype(np.float32)


def _paste(img, patch, x, y):
    x, y = int(x), int(y)
    h = min(patch.shape[0], img.shape[0] - y)
    w = min(patch.shape[1], img.shape[1] - x)
    if h > 0 and w > 0:
        img[y:y + h, x:x + w] = patch[:h, :w]


def _stamp(img, rng, cx, cy, r, sp):
    col = rng.choice([(0.75, 0.2, 0.15), (0.25, 0.2, 0.8), (0.5, 0.2, 0.55)])
    layer = np.zeros(img.shape[:2], np.float32)
    cv2.circle(layer, (int(cx), int(cy)), int(r), 1.0, max(1, int(0.9 * sp)), cv2.LINE_AA)
    cv2.circle(layer, (int(cx), int(cy)), int(r * 0.78), 1.0, max(1, int(0.4 * sp)), cv2.LINE_AA)
    cv2.drawMarker(layer, (int(cx), int(cy)), 1.0, cv2.MARKER_STAR, int(r * 0.6), max(1, int(0.5 * sp)))
    M = cv2.getRotationMatrix2D((float(cx), float(cy)), float(rng.uniform(-40, 40)), 1.0)
    layer = cv2.warpAffine(layer, M, (img.shape[1], img.shape[0]))
    layer *= rng.uniform(0.5, 0.9)
    img[:] = img * (1 - layer[..., None]) + layer[..., None] * _colour(col)


def _signature(img, rng, x, y, w, sp):
    t = np.linspace(0, 1, 80)
    xs = x + t * w
    ys = y + np.sin(t * rng.uniform(10, 25)) * 3 * sp + np.sin(t * 3.1) * 2 * sp
    pts = np.stack([xs, ys], 1).astype(np.int32)
    cv2.polylines(img, [pts], False, (0.55, 0.2, 0.1), max(1, int(0.35 * sp)), cv2.LINE_AA)


def _render_document(rng, W, H, sp, kind):
    """A4 / A5 / letter page: header, paragraphs, a table, a form, a stamp, a photo."""
    tw, th = int(round(W * sp)), int(round(H * sp))
    img = np.ones((th, tw, 3), np.float32) * _paper_colour(rng, kind)[None, None].astype(np.float32)
    ink = (0.12, 0.1, 0.1)
    m = rng.uniform(14, 26)
    fs = (2.3 * sp) / 22
    y = m
    if rng.random() < 0.35:          # coloured letterhead band
        cv2.rectangle(img, (0, 0), (tw, int(rng.uniform(18, 35) * sp)), tuple(rng.uniform(0.2, 0.8, 3)), -1)
        y = 40
    if rng.random() < 0.2:           # certificate frame near the edge (a hard case: a quad inside the page)
        inset = rng.uniform(6, 12) * sp
        cv2.rectangle(img, (int(inset), int(inset)), (int(tw - inset), int(th - inset)),
                      tuple(rng.uniform(0.1, 0.6, 3)), max(1, int(1.2 * sp)), cv2.LINE_AA)
    _put(img, _text_line(rng, 22).upper(), (m * sp, (y + 6) * sp), fs * 1.8, ink, max(1, int(0.45 * sp)))
    y += 14
    blocks = list(rng.permutation(["text", "table", "form", "text", "photo"]))
    while y < H - m - 10 and blocks:
        b = blocks.pop()
        if b == "text":
            for _ in range(int(rng.integers(4, 12))):
                if y > H - m:
                    break
                n = int((W - 2 * m) / 1.75 * rng.uniform(0.6, 1.0))
                _put(img, _text_line(rng, n), (m * sp, y * sp), fs, ink)
                y += rng.uniform(4.2, 5.5)
            y += 4
        elif b == "table":
            rows, cols = int(rng.integers(3, 9)), int(rng.integers(2, 6))
            rh, cw = rng.uniform(6, 9), (W - 2 * m) / cols
            for r in range(rows + 1):
                yy = (y + r * rh) * sp
                cv2.line(img, (int(m * sp), int(yy)), (int((W - m) * sp), int(yy)), ink, max(1, int(0.25 * sp)), cv2.LINE_AA)
            for c in range(cols + 1):
                xx = (m + c * cw) * sp
                cv2.line(img, (int(xx), int(y * sp)), (int(xx), int((y + rows * rh) * sp)), ink, max(1, int(0.25 * sp)), cv2.LINE_AA)
            for r in range(rows):
                for c in range(cols):
                    _put(img, _text_line(rng, int(cw / 2.4))[: int(cw / 2.2)], ((m + c * cw + 1.5) * sp, (y + r * rh + rh * 0.7) * sp), fs * 0.9, ink)
            if rng.random() < 0.5:
                cv2.rectangle(img, (int(m * sp), int(y * sp)), (int((W - m) * sp), int((y + rh) * sp)), (0.85, 0.85, 0.85), -1)
            y += rows * rh + 6
        elif b == "form":
            for _ in range(int(rng.integers(2, 6))):
                if y > H - m - 8:
                    break
                _put(img, str(rng.choice(WORDS)).capitalize() + ":", (m * sp, (y + 5) * sp), fs, ink)
                cv2.rectangle(img, (int((m + 35) * sp), int(y * sp)), (int((W - m) * sp), int((y + 7) * sp)), ink, 1, cv2.LINE_AA)
                if rng.random() < 0.5:
                    _put(img, _text_line(rng, 14), ((m + 37) * sp, (y + 5) * sp), fs, (0.5, 0.2, 0.1))
                y += 10
            for k in range(int(rng.integers(0, 4))):
                x0 = (m + k * 40) * sp
                cv2.rectangle(img, (int(x0), int(y * sp)), (int(x0 + 4 * sp), int((y + 4) * sp)), ink, 1, cv2.LINE_AA)
                _put(img, str(rng.choice(WORDS)), (x0 + 6 * sp, (y + 4) * sp), fs, ink)
            y += 8
        elif b == "photo":
            ph, pw = rng.uniform(30, 60), rng.uniform(30, 80)
            x0 = rng.uniform(m, W - m - pw)
            if y + ph < H - m:
                _paste(img, _photo(rng, int(ph * sp), int(pw * sp)), x0 * sp, y * sp)
                y += ph + 5
    if rng.random() < 0.6:
        _signature(img, rng, rng.uniform(m, W / 2) * sp, (H - m - 8) * sp, rng.uniform(30, 60) * sp, sp)
    if rng.random() < 0.55:
        _stamp(img, rng, rng.uniform(0.5, 0.85) * tw, rng.uniform(0.6, 0.9) * th, rng.uniform(12, 20) * sp, sp)
    return img


def _render_receipt(rng, W, H, sp):
    tw, th = int(round(W * sp)), int(round(H * sp))
    img = np.ones((th, tw, 3), np.float32) * _paper_colour(rng, "receipt")[None, None].astype(np.float32)
    ink = (0.25, 0.22, 0.22)
    fs = 2.0 * sp / 22
    y = 8.0
    _put(img, _text_line(rng, 12).upper()[:16], (10 * sp, (y + 4) * sp), fs * 1.6, ink, max(1, int(0.4 * sp)))
    y += 12
    while y < H - 30:
        if rng.random() < 0.12:
            for x in np.arange(4, W - 4, 2.5):
                cv2.line(img, (int(x * sp), int(y * sp)), (int((x + 1.2) * sp), int(y * sp)), ink, 1)
            y += 4
        else:
            _put(img, _text_line(rng, 18)[:20], (5 * sp, y * sp), fs, ink, 1, cv2.FONT_HERSHEY_PLAIN)
            _put(img, f"{rng.uniform(0.5, 99):7.2f}", ((W - 22) * sp, y * sp), fs, ink, 1, cv2.FONT_HERSHEY_PLAIN)
            y += 4.2
    x = 8.0
    while x < W - 8:                                  # a barcode at the bottom
        bw = rng.choice([0.3, 0.6, 0.9])
        if rng.random() < 0.55:
            cv2.rectangle(img, (int(x * sp), int((H - 22) * sp)), (int((x + bw) * sp), int((H - 8) * sp)), ink, -1)
        x += bw + 0.3
    # thermal paper fades at its ends
    yy = np.linspace(0, 1, th, dtype=np.float32)[:, None, None]
    img = 1 - (1 - img) * (0.7 + 0.3 * np.sin(np.pi * yy))
    return img


_MRZ_VALUES = {**{str(d): d for d in range(10)}, **{chr(65 + i): 10 + i for i in range(26)}, "<": 0}
_SURNAMES = ("MUSTERMANN", "ERIKSSON", "WANG", "NGUYEN", "GARCIA<LOPEZ", "OKAFOR", "SMITH", "KOWALSKA")
_GIVEN = ("ANNA<MARIA", "LI", "JOHN", "MEI<LING", "CARLOS", "ADA", "PIOTR", "SOFIA<ELENA")


def _check(field_: str) -> str:
    """ICAO 9303 check digit (weights 7, 3, 1), written here independently of the product."""
    return str(sum(_MRZ_VALUES[c] * (7, 3, 1)[i % 3] for i, c in enumerate(field_)) % 10)


def _valid_mrz(rng, kind):
    """MRZ lines with every check digit right (TD3 passport: 2 x 44; TD1 card: 3 x 30)."""
    alnum = "ABCDEFGHIJKLMNPRSTUVWXYZ0123456789"
    doc = "".join(alnum[int(rng.integers(len(alnum)))] for _ in range(9))
    dob = f"{int(rng.integers(40, 99)):02d}{int(rng.integers(1, 13)):02d}{int(rng.integers(1, 29)):02d}"
    exp = f"{int(rng.integers(27, 36)):02d}{int(rng.integers(1, 13)):02d}{int(rng.integers(1, 29)):02d}"
    nat = str(rng.choice(["UTO", "D<<", "CHN", "VNM", "ESP", "NGA"]))
    sex = str(rng.choice(["M", "F", "<"]))
    name = str(rng.choice(_SURNAMES)) + "<<" + str(rng.choice(_GIVEN))
    if kind == "passport":
        pers = "<" * 14
        l1 = ("P<" + nat + name + "<" * 44)[:44]
        core = doc + _check(doc) + nat + dob + _check(dob) + sex + exp + _check(exp) + pers + "<"
        comp = core[0:10] + core[13:20] + core[21:43]
        return [l1, core + _check(comp)]
    l1 = ("I<" + nat + doc + _check(doc) + "<" * 30)[:30]
    l2 = dob + _check(dob) + sex + exp + _check(exp) + nat + "<" * 11
    comp = l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29]
    return [l1, l2 + _check(comp), (name + "<" * 30)[:30]]


# OCR-B (Debian's fonts-ocr-b), as on real documents; a plain monospaced face if absent
_MONO_FONTS = ("/usr/share/fonts/opentype/ocr-b/OCRB.otf", "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
               "/usr/share/fonts/truetype/noto/NotoMono-Regular.ttf")


def _draw_mrz(img, lines, x_mm, y_mm, sp):
    """MRZ at ICAO's 10 characters per inch (2.54 mm pitch) and ~4.2 mm line spacing, in
    OCR-B (or another monospaced face) through Pillow; Hershey if none."""
    pitch = 2.54 * sp
    try:
        from PIL import Image, ImageDraw, ImageFont
        font = None
        for f in _MONO_FONTS:
            try:
                advance = ImageFont.truetype(f, 100).getlength("M") / 100    # per em
                font = ImageFont.truetype(f, max(6, int(round(pitch / advance))))
                break
            except OSError:
                continue
        if font is None:
            raise OSError("no monospaced font")
        h_line = int(4.2 * sp)
        w = int(pitch * len(lines[0]) + 2 * sp)
        patch = Image.new("L", (w, h_line * len(lines) + int(2 * sp)), 0)
        d = ImageDraw.Draw(patch)
        for k, ln in enumerate(lines):
            d.text((0, k * h_line), ln, fill=255, font=font)
        a = np.asarray(patch, np.float32)[..., None] / 255.0
        x0, y0 = int(x_mm * sp), int(y_mm * sp)
        hh, ww = min(a.shape[0], img.shape[0] - y0), min(a.shape[1], img.shape[1] - x0)
        img[y0:y0 + hh, x0:x0 + ww] *= (1 - 0.9 * a[:hh, :ww])
    except (ImportError, OSError):
        for k, ln in enumerate(lines):
            _put(img, ln, (x_mm * sp, (y_mm + 3 + k * 4.2) * sp), (2.4 * sp) / 22, (0.05, 0.05, 0.05), 1,
                 cv2.FONT_HERSHEY_PLAIN)


def _render_id(rng, W, H, sp, kind):
    """ID-1 card (front or back with a 3-line MRZ) or a passport data page (2-line MRZ)."""
    tw, th = int(round(W * sp)), int(round(H * sp))
    yy, xx = np.mgrid[0:th, 0:tw].astype(np.float32) / sp
    c1, c2 = rng.uniform(0.6, 0.97, 3), rng.uniform(0.55, 0.95, 3)
    t = (xx / W)[..., None]
    img = (c1[None, None] * (1 - t) + c2[None, None] * t).astype(np.float32)
    guilloche = np.zeros_like(xx)
    for k in range(3):
        f = rng.uniform(0.15, 0.5)
        guilloche += np.sin(xx * f + 4 * np.sin(yy * f * 0.7 + k)) * np.cos(yy * f * 1.3)
    img *= (1 - 0.05 * (np.abs(guilloche) < 0.15))[..., None]
    ink = (0.15, 0.12, 0.1)
    fs = (1.6 * sp) / 22 if kind == "ID-1" else (2.0 * sp) / 22
    back = kind == "ID-1" and rng.random() < 0.35
    mrz = None
    if kind == "ID-1" and not back:
        cv2.rectangle(img, (int(4 * sp), int(3 * sp)), (int((W - 4) * sp), int(9 * sp)), tuple(rng.uniform(0.1, 0.6, 3)), -1)
        _put(img, "IDENTITY CARD", (6 * sp, 7.5 * sp), fs * 1.3, (1, 1, 1), max(1, int(0.3 * sp)))
        _paste(img, _photo(rng, int(30 * sp), int(23 * sp)), 4 * sp, 12 * sp)
        y = 15.0
        for _ in range(6):
            _put(img, str(rng.choice(WORDS)).upper(), (30 * sp, y * sp), fs * 0.8, (0.4, 0.3, 0.3))
            _put(img, _text_line(rng, 12).upper()[:18], (30 * sp, (y + 3) * sp), fs, ink)
            y += 6.5
        cv2.rectangle(img, (int(6 * sp), int(44 * sp)), (int(16 * sp), int(51 * sp)), (0.3, 0.7, 0.85), -1, cv2.LINE_AA)
    elif kind == "ID-1":
        mrz = _valid_mrz(rng, "ID-1")
        _draw_mrz(img, mrz, 3.5, H - 15.5, sp)
        cv2.rectangle(img, (int(6 * sp), int(6 * sp)), (int(30 * sp), int(22 * sp)), (0.75, 0.62, 0.3), -1, cv2.LINE_AA)
    else:   # passport data page
        _paste(img, _photo(rng, int(45 * sp), int(35 * sp)), 5 * sp, 18 * sp)
        _put(img, "PASSPORT", (5 * sp, 10 * sp), fs * 1.6, ink, max(1, int(0.4 * sp)))
        y = 20.0
        for _ in range(7):
            _put(img, str(rng.choice(WORDS)), (45 * sp, y * sp), fs * 0.7, (0.4, 0.3, 0.3))
            _put(img, _text_line(rng, 14).upper()[:22], (45 * sp, (y + 3.5) * sp), fs, ink)
            y += 7.5
        mrz = _valid_mrz(rng, "passport")
        _draw_mrz(img, mrz, 5.0, H - 12.5, sp)
    return img, mrz


def _render_page(rng, kind, W, H, sp):
    """(page texture, MRZ lines printed on it or None)."""
    if kind == "receipt":
        return _render_receipt(rng, W, H, sp), None
    if kind in ("ID-1", "passport"):
        return _render_id(rng, W, H, sp, kind)
    return _render_document(rng, W, H, sp, kind), None


# ----------------------------------------------------------------------------- camera

def _rot(ax, ay, az):
    cx, sx, cy, sy, cz, sz = math.cos(ax), math.sin(ax), math.cos(ay), math.sin(ay), math.cos(az), math.sin(az)
    Rx = np.array([[1, 0, 0], [0, cx, -sx], [0, sx, cx]])
    Ry = np.array([[cy, 0, sy], [0, 1, 0], [-sy, 0, cy]])
    Rz = np.array([[cz, -sz, 0], [sz, cz, 0], [0, 0, 1]])
    return Rz @ Rx @ Ry


class _Camera:
    """Pinhole camera over the desk plane z = 0 (world z grows away from the camera, so a
    sheet lifted towards the lens has negative z). Canvas = frame plus a margin `pad`."""

    def __init__(self, w, h, pad, f, R, look_at, dist):
        self.w, self.h, self.pad, self.f = w, h, pad, f
        self.R = R
        self.t = -R @ np.array([look_at[0], look_at[1], 0.0]) + np.array([0.0, 0.0, dist])
        self.cx, self.cy = w / 2 + pad, h / 2 + pad
        K = np.array([[f, 0, self.cx], [0, f, self.cy], [0, 0, 1.0]])
        self.H = K @ np.column_stack([R[:, 0], R[:, 1], self.t])
        self.Hinv = np.linalg.inv(self.H)

    def project(self, X, Y, Z):
        P = np.tensordot(self.R, np.stack([X, Y, Z]), axes=1) + self.t.reshape(3, *([1] * np.ndim(X)))
        return self.f * P[0] / P[2] + self.cx, self.f * P[1] / P[2] + self.cy

    def desk_at(self, u, v):
        m = [[float(v_) for v_ in row] for row in self.Hinv]    # python floats keep float32 arrays float32
        d = m[2][0] * u + m[2][1] * v + m[2][2]
        return ((m[0][0] * u + m[0][1] * v + m[0][2]) / d,
                (m[1][0] * u + m[1][1] * v + m[1][2]) / d)


@dataclass
class _Sheet:
    W: float
    H: float
    cx: float          # centre on the desk, mm
    cy: float
    phi: float         # rotation on the desk
    lift: object = None   # f(s, t) -> lift in mm (towards the camera), s, t in [0, 1]
    rounded: float = 0.0  # corner radius, mm

    def to_world(self, u, v, with_lift=True):
        c, s = math.cos(self.phi), math.sin(self.phi)
        du, dv = u - self.W / 2, v - self.H / 2
        X = self.cx + c * du - s * dv
        Y = self.cy + s * du + c * dv
        Z = -self.lift(u / self.W, v / self.H) if (self.lift is not None and with_lift) else np.zeros_like(X)
        return X, Y, Z

    def from_world(self, X, Y):
        c, s = math.cos(self.phi), math.sin(self.phi)
        dx, dy = X - self.cx, Y - self.cy
        return c * dx + s * dy + self.W / 2, -s * dx + c * dy + self.H / 2


def _lift_function(rng, kind, W, H):
    """Paper shape: flat, a curled edge, a half-opened fold, or a gentle wave (cards stay flat)."""
    if kind in ("ID-1",):
        return None, "flat"
    r = rng.random()
    L = max(W, H)
    if kind == "receipt":
        r = r * 0.5 + 0.25  # receipts curl
    if r < 0.35:
        return None, "flat"
    if r < 0.6:
        axis, edge = int(rng.integers(2)), int(rng.integers(2))
        s0, amp = rng.uniform(0.55, 0.8), rng.uniform(0.015, 0.06) * L

        def curl(s, t, axis=axis, edge=edge, s0=s0, amp=amp):
            q = s if axis == 0 else t
            q = q if edge else 1 - q
            return amp * np.clip((q - s0) / (1 - s0), 0, None) ** 2
        return curl, "curl"
    if r < 0.8:
        axis, s1, amp = int(rng.integers(2)), rng.uniform(0.3, 0.7), rng.uniform(0.01, 0.035) * L
        ridge = rng.random() < 0.5

        def fold(s, t, axis=axis, s1=s1, amp=amp, ridge=ridge):
            q = s if axis == 0 else t
            d = np.abs(q - s1)
            return amp * (np.clip(1 - d / max(s1, 1 - s1), 0, None) if ridge else d / max(s1, 1 - s1))
        return fold, "fold"
    amp, fr = rng.uniform(0.004, 0.012) * L, rng.uniform(1, 2.5)
    ph = rng.uniform(0, 6.28)

    def wave(s, t, amp=amp, fr=fr, ph=ph):
        return amp * (1 + np.sin(2 * np.pi * fr * s + ph) * np.cos(np.pi * t))
    return wave, "wave"


# ----------------------------------------------------------------------------- compositing

def _draw_sheet(canvas, cam, sheet, tex, sp, light_dir, rng, shade=True, contact=0.3):
    """Trace every canvas pixel near the sheet back to sheet coordinates and blend it in."""
    hc, wc = canvas.shape[:2]
    uu = np.array([0, sheet.W, sheet.W, 0, sheet.W / 2, 0, sheet.W / 2, sheet.W])
    vv = np.array([0, 0, sheet.H, sheet.H, 0, sheet.H / 2, sheet.H, sheet.H / 2])
    px, py = cam.project(*sheet.to_world(uu, vv))
    m = 12
    x0, x1 = int(max(0, np.floor(px.min()) - m)), int(min(wc, np.ceil(px.max()) + m))
    y0, y1 = int(max(0, np.floor(py.min()) - m)), int(min(hc, np.ceil(py.max()) + m))
    if x1 <= x0 or y1 <= y0:
        return None
    gy, gx = np.mgrid[y0:y1, x0:x1].astype(np.float64)
    X, Y = cam.desk_at(gx, gy)
    u, v = sheet.from_world(X, Y)
    if sheet.lift is not None:
        for _ in range(4):          # solve project(sheet(u, v) lifted) = pixel
            fx, fy = cam.project(*sheet.to_world(u, v))
            flat_x, flat_y = cam.project(*sheet.to_world(u, v, with_lift=False))
            X, Y = cam.desk_at(flat_x + (gx - fx), flat_y + (gy - fy))
            u, v = sheet.from_world(X, Y)
    # pixels per mm, for anti-aliased edges
    ppm = float(np.hypot(px[1] - px[0], py[1] - py[0]) / sheet.W)
    dist = np.minimum(np.minimum(u, sheet.W - u), np.minimum(v, sheet.H - v))
    if sheet.rounded > 0:
        r = sheet.rounded
        cu = np.clip(u, r, sheet.W - r)
        cv_ = np.clip(v, r, sheet.H - r)
        corner = (np.abs(u - cu) > 0) & (np.abs(v - cv_) > 0)
        dist = np.where(corner, r - np.hypot(u - cu, v - cv_), dist)
    alpha = np.clip(dist * ppm + 0.5, 0, 1).astype(np.float32)
    mapx = (u * sp - 0.5).astype(np.float32)
    mapy = (v * sp - 0.5).astype(np.float32)
    page = cv2.remap(tex, mapx, mapy, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    if shade and sheet.lift is not None:
        eps = 1e-3
        dzu = (sheet.lift((u + eps * sheet.W) / sheet.W, v / sheet.H) - sheet.lift(u / sheet.W, v / sheet.H)) / (eps * sheet.W)
        dzv = (sheet.lift(u / sheet.W, (v + eps * sheet.H) / sheet.H) - sheet.lift(u / sheet.W, v / sheet.H)) / (eps * sheet.H)
        c, s = math.cos(sheet.phi), math.sin(sheet.phi)
        gxw, gyw = c * dzu - s * dzv, s * dzu + c * dzv      # slope in world axes
        lam = 1 + 1.6 * (gxw * light_dir[0] + gyw * light_dir[1])
        page *= np.clip(lam, 0.45, 1.25).astype(np.float32)[..., None]
    region = canvas[y0:y1, x0:x1]
    if contact > 0:    # contact shadow: the sheet's own outline, shifted away from the light and blurred
        sh = np.roll(alpha, (int(round(-light_dir[1] * 3)), int(round(-light_dir[0] * 3))), axis=(0, 1))
        sh = cv2.GaussianBlur(sh, (0, 0), 2.5)
        region *= (1 - contact * sh * (1 - alpha))[..., None]
    region[:] = region * (1 - alpha[..., None]) + page * alpha[..., None]
    return alpha, (x0, y0)


def _soft_polygon(shape, pts, blur):
    mask = np.zeros(shape, np.float32)
    cv2.fillPoly(mask, [np.round(np.asarray(pts) * 8).astype(np.int32)], 1.0, cv2.LINE_AA, shift=3)
    if blur > 0.3:
        mask = _blur(mask, blur)
    return mask


def _capsule(shape, p0, p1, width):
    mask = np.zeros(shape, np.float32)
    cv2.line(mask, (int(p0[0]), int(p0[1])), (int(p1[0]), int(p1[1])), 1.0, max(1, int(width)), cv2.LINE_AA)
    return mask


def _thumb(canvas, rng, corners, ppm, occl_tags):
    """A thumb (and the rest of the hand off-frame) pressing on the page near a corner/edge."""
    hc, wc = canvas.shape[:2]
    k = int(rng.integers(4))
    a, b = corners[k], corners[(k + 1) % 4]
    t = rng.uniform(0.0, 0.35) if rng.random() < 0.6 else rng.uniform(0.35, 0.65)
    target = a + (b - a) * t
    centre = corners.mean(axis=0)
    inward = centre - target
    inward /= np.linalg.norm(inward) + 1e-9
    tip = target + inward * rng.uniform(-4, 12) * ppm       # how far onto the page
    outward = -inward
    width = rng.uniform(17, 23) * ppm
    skin = np.array(rng.choice([(0.55, 0.66, 0.86), (0.40, 0.52, 0.72), (0.30, 0.38, 0.55), (0.62, 0.72, 0.90)]), np.float32)
    # silhouette: a thumb ~55 mm long, then the hand flaring to one side and out of the frame
    perp = np.array([-outward[1], outward[0]]) * (1 if rng.random() < 0.5 else -1)
    hw = width / 2
    far = max(wc, hc) * 1.5

    def at(dist, side):
        return tip + outward * dist + perp * side

    poly = [at(0.5 * hw, -hw), at(55 * ppm, -hw * 1.05), at(85 * ppm, -hw * 1.3), at(far, -hw * 1.3 - 0.3 * far),
            at(far, hw + 0.9 * far), at(95 * ppm, hw + 70 * ppm), at(60 * ppm, hw + 30 * ppm), at(40 * ppm, hw * 1.05),
            at(0.5 * hw, hw)]
    mask = np.zeros((hc, wc), np.float32)
    cv2.fillPoly(mask, [np.round(np.array(poly) * 8).astype(np.int32)], 1.0, cv2.LINE_AA, shift=3)
    cv2.circle(mask, (int(round(tip[0] + outward[0] * hw)), int(round(tip[1] + outward[1] * hw))), int(round(hw)), 1.0, -1, cv2.LINE_AA)
    mask = cv2.GaussianBlur(mask, (0, 0), 0.8)
    shadow = _blur(np.roll(mask, (int(6 * ppm * 0.5), int(4 * ppm * 0.5)), axis=(0, 1)), 4 * ppm)
    canvas *= (1 - 0.45 * shadow * (1 - mask))[..., None]
    # cylinder shading across the finger, brighter nail near the tip
    gy, gx = np.mgrid[0:hc, 0:wc].astype(np.float32)
    across = ((gx - tip[0]) * perp[0] + (gy - tip[1]) * perp[1]) / (width / 2 + 1e-6)
    along = ((gx - tip[0]) * outward[0] + (gy - tip[1]) * outward[1])
    shade = np.clip(np.sqrt(np.clip(1 - np.clip(np.abs(across), 0, 1) ** 2, 0, 1)), 0.35, 1.0)
    shade = np.where(along > 55 * ppm, 0.75 + 0.2 * np.exp(-along / (200 * ppm)), shade)
    hand = skin[None, None] * (0.75 + 0.35 * shade[..., None])
    nail = ((np.abs(across) < 0.55) & (along > 0.1 * width) & (along < 0.9 * width)).astype(np.float32)
    nail = cv2.GaussianBlur(nail, (0, 0), 1.0)[..., None]
    hand = hand * (1 - 0.5 * nail) + nail * 0.5 * np.array([0.8, 0.82, 0.92], np.float32)
    canvas[:] = canvas * (1 - mask[..., None]) + hand * mask[..., None]
    occl_tags.append(f"thumb@{k}")


def _object_near_corner(canvas, rng, corners, ppm, occl_tags):
    hc, wc = canvas.shape[:2]
    k = int(rng.integers(4))
    c = corners[k]
    out = c - corners.mean(axis=0)
    out /= np.linalg.norm(out) + 1e-9
    kind = str(rng.choice(["pen", "mug", "phone", "coins"]))
    centre = c + out * rng.uniform(-5, 40) * ppm
    mask = np.zeros((hc, wc), np.float32)
    col = np.array(rng.uniform(0.05, 0.9, 3), np.float32)
    if kind == "pen":
        a = rng.uniform(0, math.pi)
        d = np.array([math.cos(a), math.sin(a)]) * 70 * ppm
        mask = _capsule((hc, wc), centre - d, centre + d, 9 * ppm)
    elif kind == "mug":
        r = rng.uniform(38, 45) * ppm
        cv2.circle(mask, (int(centre[0] + out[0] * r), int(centre[1] + out[1] * r)), int(r), 1.0, -1, cv2.LINE_AA)
    elif kind == "phone":
        a = rng.uniform(0, 180)
        box = cv2.boxPoints(((float(centre[0] + out[0] * 40 * ppm), float(centre[1] + out[1] * 40 * ppm)), (70 * ppm, 145 * ppm), float(a)))
        mask = _soft_polygon((hc, wc), box, 0.6)
        col = np.array([0.06, 0.06, 0.07], np.float32)
    else:
        for _ in range(int(rng.integers(2, 5))):
            p = centre + rng.normal(0, 12, 2) * ppm
            cv2.circle(mask, (int(p[0]), int(p[1])), int(rng.uniform(8, 13) * ppm), 1.0, -1, cv2.LINE_AA)
        col = np.array([0.35, 0.6, 0.75], np.float32)
    shadow = _blur(np.roll(mask, (int(5 * ppm), int(3 * ppm)), axis=(0, 1)), 3 * ppm)
    canvas *= (1 - 0.4 * shadow * (1 - mask))[..., None]
    obj = np.ones_like(canvas) * col[None, None]
    hl = _capsule((hc, wc), centre - 20 * ppm, centre + 20 * ppm, 3 * ppm)   # a specular streak
    obj = obj + 0.35 * cv2.GaussianBlur(hl, (0, 0), 2)[..., None]
    if kind == "mug":
        rim = np.zeros((hc, wc), np.float32)
        cc = (int(centre[0] + out[0] * 40 * ppm), int(centre[1] + out[1] * 40 * ppm))
        cv2.circle(rim, cc, int(32 * ppm), 1.0, -1, cv2.LINE_AA)
        obj = obj * (1 - rim[..., None]) + rim[..., None] * np.array([0.05, 0.1, 0.18], np.float32)
    canvas[:] = canvas * (1 - mask[..., None]) + obj * mask[..., None]
    occl_tags.append(f"{kind}@{k}")


def _undistort_radius(rd, k1):
    return rd * (1 + k1 * rd * rd)


def _distort_points(pts, cam, k1, w, h):
    """Ideal canvas points -> output pixels through barrel distortion r_u = r_d (1 + k1 r_d^2)."""
    out = []
    for x, y in pts:
        dx, dy = (x - cam.cx) / cam.f, (y - cam.cy) / cam.f
        ru = math.hypot(dx, dy)
        rd = ru
        for _ in range(30):              # Newton on r_d (1 + k1 r_d^2) = r_u
            g = rd * (1 + k1 * rd * rd) - ru
            rd -= g / (1 + 3 * k1 * rd * rd)
        sc = rd / ru if ru > 1e-12 else 1.0
        out.append((w / 2 + dx * sc * cam.f, h / 2 + dy * sc * cam.f))
    return np.array(out)


# ----------------------------------------------------------------------------- the scene

def make_scene(seed: int, *, size: tuple[int, int] | None = None, background: str | None = None,
               paper: str | None = None) -> Scene:
    """One photo. `size` (w, h), `background` (one of BACKGROUNDS) and `paper` (one of
    PAPERS) pin those choices; everything else follows from `seed`."""
    rng = np.random.default_rng(seed)
    bg = background or str(rng.choice(BACKGROUNDS))
    kind = paper or str(rng.choice(list(PAPER_WEIGHTS), p=list(PAPER_WEIGHTS.values())))
    w, h = size or FRAME_SIZES[int(rng.integers(len(FRAME_SIZES)))]
    tags: dict = {}

    W, H = PAPERS[kind]
    if kind == "receipt":
        H = rng.uniform(140, 260)
    # page on the desk: mostly upright, sometimes turned a quarter, receipts anywhere
    phi = rng.normal(0, 0.25)
    if rng.random() < 0.15:
        phi += math.pi / 2 * rng.choice([-1, 1])
    if kind == "receipt" or rng.random() < 0.04:
        phi = rng.uniform(-math.pi, math.pi)
    lift, shape = _lift_function(rng, kind, W, H)
    sheet = _Sheet(W, H, 0.0, 0.0, float(phi), lift, 3.18 if kind == "ID-1" else (4.0 if kind == "passport" else 0.0))
    tags["shape"] = shape

    # camera: a document camera looking straight down, or a phone held at an angle
    handheld = rng.random() < 0.55
    hfov = math.radians(rng.uniform(52, 72))
    f = (w / 2) / math.tan(hfov / 2)
    if handheld:
        tilt = math.radians(rng.uniform(8, 32))
        tdir = rng.uniform(0, 2 * math.pi)
        R = _rot(tilt * math.cos(tdir), tilt * math.sin(tdir), rng.normal(0, 0.2))
    else:
        R = _rot(rng.normal(0, 0.04), rng.normal(0, 0.04), rng.normal(0, 0.06))
    tags["camera"] = "phone" if handheld else "document_camera"
    k1 = rng.uniform(0.0, 0.05) if rng.random() < 0.6 else 0.0
    pad = int(0.08 * max(w, h)) + 8
    target = rng.uniform(0.42, 0.9)      # page's extent relative to the frame
    look = np.array(rng.normal(0, 0.08, 2) * (W, H))
    dist = 600.0
    corners_ideal = None
    for _ in range(40):
        cam = _Camera(w, h, pad, f, R, look, dist)
        cu, cvv = cam.project(*sheet.to_world(np.array([0, W, W, 0.0]), np.array([0, 0, H, H.__float__()])))
        pts = np.stack([cu, cvv], 1)
        ext = max((pts[:, 0].max() - pts[:, 0].min()) / w, (pts[:, 1].max() - pts[:, 1].min()) / h)
        dist *= ext / target
        cam = _Camera(w, h, pad, f, R, look, dist)
        cu, cvv = cam.project(*sheet.to_world(np.array([0, W, W, 0.0]), np.array([0, 0, H, float(H)])))
        ideal = np.stack([cu, cvv], 1)
        out = _distort_points(ideal, cam, k1, w, h)
        margin = 0.02 * min(w, h)
        if (out[:, 0].min() > margin and out[:, 1].min() > margin and out[:, 0].max() < w - margin
                and out[:, 1].max() < h - margin):
            corners_ideal = ideal
            break
        # recentre on the page and step back a little
        look = look * 0.5
        target *= 0.95
    if corners_ideal is None:
        raise RuntimeError(f"scene {seed}: no camera placement keeps the page in the frame")
    tags["k1"] = round(float(k1), 4)

    # --- desk texture over the part of the desk the canvas sees
    hc, wc = h + 2 * pad, w + 2 * pad
    bx = np.concatenate([np.linspace(0, wc, 9), np.full(9, wc), np.linspace(0, wc, 9), np.zeros(9)])
    by = np.concatenate([np.zeros(9), np.linspace(0, hc, 9), np.full(9, hc), np.linspace(0, hc, 9)])
    DX, DY = cam.desk_at(bx, by)
    DX = np.clip(DX, -1500, 1500)
    DY = np.clip(DY, -1500, 1500)
    ppm_page = float(np.hypot(*(corners_ideal[1] - corners_ideal[0])) / W)
    span = max(DX.max() - DX.min(), DY.max() - DY.min())
    s_bg = float(min(1.4 * ppm_page, 1800.0 / span))
    tw_, th_ = int((DX.max() - DX.min()) * s_bg) + 4, int((DY.max() - DY.min()) * s_bg) + 4
    surface = SURFACES[bg](rng, th_, tw_, s_bg).astype(np.float32)
    gy, gx = np.mgrid[0:hc, 0:wc].astype(np.float32)
    X, Y = cam.desk_at(gx, gy)
    canvas = cv2.remap(surface, ((X - DX.min()) * s_bg).astype(np.float32), ((Y - DY.min()) * s_bg).astype(np.float32),
                       cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT)
    del X, Y, gx, gy
    # far parts of a tilted desk are out of the focal plane
    if handheld:
        canvas = cv2.GaussianBlur(canvas, (0, 0), 0.6)

    light_dir = np.array([math.cos(rng.uniform(0, 6.28)), math.sin(rng.uniform(0, 6.28))])
    light_dir /= np.linalg.norm(light_dir)

    # --- other sheets lying around (under the page)
    # Another sheet is either mostly hidden under the page or cut by the frame edge: a second
    # complete page in view would make "the" page ambiguous, which no real photo intends.
    n_other = int(rng.choice([0, 0, 0, 1, 1, 2]))
    placed = 0
    page_c = corners_ideal.mean(axis=0)
    for i in range(n_other):
        ow, oh = PAPERS[str(rng.choice(["A4", "A5", "letter"]))]
        for _try in range(25):
            ang = rng.uniform(0, 2 * math.pi)
            # only a sheet no larger than the page can hide under it; a receipt or a card
            # lying on a whole A4 sheet would make that sheet the obvious "page"
            under = rng.random() < 0.35 and max(ow, oh) <= 1.05 * max(W, H)
            reach = (rng.uniform(0.1, 0.35) if under else rng.uniform(0.7, 1.6)) * (max(W, H) / 2 + max(ow, oh) / 2)
            other = _Sheet(ow, oh, math.cos(ang) * reach, math.sin(ang) * reach, float(rng.uniform(-math.pi, math.pi)))
            ou, ov = cam.project(*other.to_world(np.array([0, ow, ow, 0.0]), np.array([0, 0, oh, oh])))
            inside = (ou > pad) & (ou < pad + w) & (ov > pad) & (ov < pad + h)
            if under or inside.sum() <= 2:
                break
        else:
            continue
        osp = max(1.0, ppm_page * 1.2)
        otex = _render_document(rng, ow, oh, osp, "A4")
        _draw_sheet(canvas, cam, other, otex, osp, light_dir, rng, shade=False, contact=rng.uniform(0.1, 0.35))
        placed += 1
    del page_c
    n_other = placed
    tags["other_sheets"] = n_other

    # --- the page itself
    sp = float(np.clip(1.4 * ppm_page, 3.0, 12.0))
    tex, mrz = _render_page(rng, kind, W, H, sp)
    # paper texture: fibres and a little unevenness
    tex = tex * (1 + 0.02 * _smooth_noise(rng, tex.shape[0], tex.shape[1], 25 * sp)[..., None]) \
        + 0.01 * rng.standard_normal(tex.shape[:2] + (1,)).astype(np.float32)
    if shape == "fold":
        pass
    res = _draw_sheet(canvas, cam, sheet, tex.astype(np.float32), sp, light_dir, rng, contact=rng.uniform(0.15, 0.5))
    page_alpha = np.zeros((hc, wc), np.float32)
    if res is not None:
        a, (x0, y0) = res
        page_alpha[y0:y0 + a.shape[0], x0:x0 + a.shape[1]] = a

    # --- light: lamp gradient, a big soft shadow, a hard shadow, the camera's own shadow
    gy, gx = np.mgrid[0:hc, 0:wc].astype(np.float32)
    gxn, gyn = gx / wc - 0.5, gy / hc - 0.5
    la = rng.uniform(0, 6.28)
    light = 1 + rng.uniform(0, 0.45) * (gxn * math.cos(la) + gyn * math.sin(la))
    spot = np.exp(-((gxn - rng.uniform(-0.4, 0.4)) ** 2 + (gyn - rng.uniform(-0.4, 0.4)) ** 2) / rng.uniform(0.05, 0.3))
    light = light * (0.85 + rng.uniform(0, 0.3) * spot)
    low_light = rng.random() < 0.12
    light *= rng.uniform(0.35, 0.55) if low_light else rng.uniform(0.85, 1.1)
    tags["low_light"] = low_light
    shade = np.ones((hc, wc), np.float32)
    shadows = []
    if rng.random() < 0.4:      # soft shadow of a person or a shelf
        side = rng.uniform(0, 6.28)
        c = np.array([wc / 2, hc / 2]) + np.array([math.cos(side), math.sin(side)]) * rng.uniform(0.3, 0.7) * max(wc, hc)
        pts = c + rng.normal(0, 0.35, (7, 2)) * max(wc, hc)
        shade *= 1 - rng.uniform(0.2, 0.55) * _soft_polygon((hc, wc), cv2.convexHull(pts.astype(np.float32))[:, 0], rng.uniform(15, 60))
        shadows.append("soft")
    if rng.random() < 0.25:     # hard shadow: a straight object edge across the page
        p = corners_ideal.mean(axis=0) + rng.normal(0, 0.15, 2) * max(w, h)
        a = rng.uniform(0, math.pi)
        d, n = np.array([math.cos(a), math.sin(a)]), np.array([-math.sin(a), math.cos(a)])
        L = 3 * max(wc, hc)
        pts = np.array([p - d * L, p + d * L, p + d * L + n * L, p - d * L + n * L])
        shade *= 1 - rng.uniform(0.25, 0.5) * _soft_polygon((hc, wc), pts, rng.uniform(0.8, 3))
        shadows.append("hard")
    if handheld and rng.random() < 0.45 or (not handheld and rng.random() < 0.25):   # the phone/camera body's shadow
        c = corners_ideal.mean(axis=0) + rng.normal(0, 0.2, 2) * (w, h)
        box = cv2.boxPoints(((float(c[0]), float(c[1])), (rng.uniform(0.12, 0.25) * w, rng.uniform(0.25, 0.45) * h), float(rng.uniform(0, 180))))
        shade *= 1 - rng.uniform(0.15, 0.4) * _soft_polygon((hc, wc), box, rng.uniform(6, 25))
        shadows.append("camera")
    tags["shadows"] = shadows
    canvas *= (light * shade)[..., None]
    # shadows are bluish under daylight
    if shadows and rng.random() < 0.5:
        canvas[..., 0] *= 1 + 0.08 * (1 - shade)

    # --- glossy table: window reflections on the desk (not on the matte page)
    if bg == "glossy":
        a = rng.uniform(0, math.pi)
        d = (gx - wc * rng.uniform(0.2, 0.8)) * math.cos(a) + (gy - hc * rng.uniform(0.2, 0.8)) * math.sin(a)
        width = rng.uniform(0.05, 0.2) * max(wc, hc)
        refl = np.exp(-(d / width) ** 8) * rng.uniform(0.25, 0.6)
        refl += 0.2 * np.exp(-((d - 1.8 * width) / (0.3 * width)) ** 2)
        canvas += (refl * (1 - page_alpha))[..., None].astype(np.float32)
    # glare on laminated cards and passports
    if kind in ("ID-1", "passport") and rng.random() < 0.5:
        c = corners_ideal[int(rng.integers(4))] * 0.4 + corners_ideal.mean(axis=0) * 0.6
        g = np.exp(-(((gx - c[0]) / (0.06 * w)) ** 2 + ((gy - c[1]) / (0.03 * w)) ** 2))
        canvas += (0.7 * g * page_alpha)[..., None]
        tags["glare"] = True
    del gxn, gyn, light, shade, spot

    # --- things above the desk near the corners
    occl: list[str] = []
    ppm_img = ppm_page
    if rng.random() < 0.3:
        _thumb(canvas, rng, corners_ideal, ppm_img, occl)
    if rng.random() < 0.25:
        _object_near_corner(canvas, rng, corners_ideal, ppm_img, occl)
    tags["occluders"] = occl

    # --- vignetting and white balance
    r2 = ((gx - cam.cx) ** 2 + (gy - cam.cy) ** 2) / (cam.f ** 2)
    canvas *= (1 / (1 + rng.uniform(0, 0.6) * r2) ** 2)[..., None].astype(np.float32) ** 0.5
    wb = np.array([rng.normal(1, 0.08), 1.0, rng.normal(1, 0.08)], np.float32)
    if rng.random() < 0.2:
        wb = np.array([0.75, 0.95, 1.2], np.float32)    # tungsten lamp, camera left on daylight
    canvas *= wb.reshape(1, 1, 3)
    del gx, gy, r2

    # --- lens: barrel distortion from the canvas into the output frame
    oy, ox = np.mgrid[0:h, 0:w].astype(np.float32)
    dx, dy = (ox - w / 2) / f, (oy - h / 2) / f
    fac = 1 + k1 * (dx * dx + dy * dy)
    mapx = (cam.cx + dx * fac * f).astype(np.float32)
    mapy = (cam.cy + dy * fac * f).astype(np.float32)
    img = cv2.remap(canvas, mapx, mapy, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT)
    del canvas, oy, ox, dx, dy, fac, mapx, mapy
    corners = _distort_points(corners_ideal, cam, k1, w, h)

    # --- optics and sensor
    if rng.random() < 0.35:          # lateral chromatic aberration: red and blue images differ in scale
        e = rng.uniform(0.0008, 0.003)
        for ch, sc_ in ((0, 1 + e), (2, 1 - e)):
            M = cv2.getRotationMatrix2D((w / 2, h / 2), 0.0, sc_)
            img[..., ch] = cv2.warpAffine(np.ascontiguousarray(img[..., ch]), M, (w, h), flags=cv2.INTER_LINEAR,
                                          borderMode=cv2.BORDER_REFLECT)
        tags["chromatic_aberration"] = round(float(e), 4)
    if not handheld and rng.random() < 0.1:   # 50 Hz lamp flicker against a webcam's rolling shutter
        rows = np.arange(h, dtype=np.float32)[:, None, None]
        img *= 1 + rng.uniform(0.02, 0.05) * np.sin(2 * np.pi * rows / rng.uniform(h / 6, h / 2) + rng.uniform(0, 6.28))
        tags["flicker"] = True
    blur = []
    if rng.random() < 0.3:           # defocus: a disk
        r = rng.uniform(1.0, 3.5)
        k = np.zeros((int(2 * r) + 3, int(2 * r) + 3), np.float32)
        cv2.circle(k, (k.shape[1] // 2, k.shape[0] // 2), int(round(r)), 1.0, -1, cv2.LINE_AA)
        img = cv2.filter2D(img, -1, k / k.sum())
        blur.append(f"defocus{r:.1f}")
    if rng.random() < 0.25:          # hand shake: a line
        L = rng.uniform(3, 11)
        a = rng.uniform(0, 180)
        n = int(L) | 1
        k = np.zeros((n, n), np.float32)
        k[n // 2, :] = 1
        k = cv2.warpAffine(k, cv2.getRotationMatrix2D((n / 2 - 0.5, n / 2 - 0.5), a, 1.0), (n, n))
        img = cv2.filter2D(img, -1, k / max(k.sum(), 1e-6))
        blur.append(f"motion{L:.0f}")
    tags["blur"] = blur
    if rng.random() < 0.5:           # the phone's tone curve: gamma and an S-curve
        x = np.clip(img, 0, 1) ** rng.uniform(0.85, 1.15)
        c = rng.uniform(0.0, 0.3)
        img = x - c * np.sin(2 * np.pi * x) / (2 * np.pi)
    img = np.clip(img, 0, 1.2) * 255.0
    gain = 1.0 / max(0.3, float(np.median(img)) / 150.0) if low_light else 1.0
    shot = rng.uniform(0.2, 1.2) * (2.0 if low_light else 1.0)
    read = rng.uniform(0.5, 3.0) * (2.0 if low_light else 1.0)
    sigma = np.sqrt(shot * np.clip(img, 0, None) / 10 + read ** 2)
    img = img + sigma * rng.standard_normal(img.shape, dtype=np.float32)
    chroma = cv2.resize(rng.standard_normal((h // 4, w // 4, 3)).astype(np.float32), (w, h)) * read * 0.8
    img = (img + chroma) * gain
    if rng.random() < 0.5:           # phone sharpening
        img = cv2.addWeighted(img, 1.6, cv2.GaussianBlur(img, (0, 0), 1.2), -0.6, 0)
    img8 = np.clip(img, 0, 255).astype(np.uint8)
    q = int(rng.integers(45, 96))
    ok, buf = cv2.imencode(".jpg", img8, [cv2.IMWRITE_JPEG_QUALITY, q])
    img8 = cv2.imdecode(buf, cv2.IMREAD_COLOR)
    tags["jpeg_q"] = q
    return Scene(img8, corners.astype(np.float64), bg, kind, seed, tags, mrz)


def scenes(n: int, seed0: int = 0, **kw):
    """n scenes with seeds seed0, seed0 + 1, ..."""
    for i in range(n):
        yield make_scene(seed0 + i, **kw)


if __name__ == "__main__":      # write a few to look at: python scenes_independent.py OUTDIR [N]
    import sys
    from pathlib import Path
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/scenes_independent")
    out.mkdir(parents=True, exist_ok=True)
    for sc in scenes(int(sys.argv[2]) if len(sys.argv) > 2 else 16):
        im = sc.image.copy()
        cv2.polylines(im, [np.round(sc.corners).astype(np.int32)], True, (0, 0, 255), 2)
        cv2.circle(im, tuple(np.round(sc.corners[0]).astype(int)), 8, (0, 255, 0), -1)
        cv2.imwrite(str(out / f"{sc.seed:05d}_{sc.background}_{sc.paper}.jpg"), sc.image)
        cv2.imwrite(str(out / f"{sc.seed:05d}_gt.jpg"), im)
