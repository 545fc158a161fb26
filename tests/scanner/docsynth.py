"""Synthetic document photos with ground-truth corners, for the page detector's tests
and benchmark (nothing public ships offline; see reference/scan-print.md §A3).

`make_scene(seed)` draws every parameter from a wide range so a detector cannot be tuned
to one look: background kind (pale plain/textured desk, wood, grid, checker, fabric,
newspaper, dark mat, paper heaps under the page), page colour and content (text, photos,
form boxes that make inner rectangles), paper aspect and orientation, perspective and
rotation, drop shadow, other objects around and under the page, a hand over an edge,
uneven light, cast shadows, glare, low light, colour cast, blur (Gaussian or motion),
sensor noise and JPEG compression. Deterministic per seed (NumPy Generator).

The ground truth is the page's four corners in frame pixels, clockwise from top-left.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

PAPERS = {"A4": 297 / 210, "A5": 210 / 148, "letter": 279.4 / 215.9, "ID-1": 85.6 / 53.98}
BACKGROUNDS = ["pale_plain", "pale_texture", "wood", "grid", "checker", "fabric", "newspaper",
               "dark_mat", "paper_heap", "clutter"]


@dataclass
class Scene:
    image: np.ndarray
    quad: np.ndarray            # 4x2 float, clockwise from the top-left corner
    params: dict = field(default_factory=dict)


def _order(q):
    q = np.asarray(q, dtype=np.float64)
    c = q.mean(0)
    q = q[np.argsort(np.arctan2(q[:, 1] - c[1], q[:, 0] - c[0]))]
    return np.roll(q, -int(np.argmin(q.sum(1))), axis=0)


def _lowfreq(rng, h, w, scale, octaves=3):
    """Smooth random field in [-1, 1] (sum of upscaled noise grids)."""
    out = np.zeros((h, w), np.float32)
    amp = 1.0
    for o in range(octaves):
        gh = max(2, int(h / scale * 2 ** o))
        gw = max(2, int(w / scale * 2 ** o))
        g = rng.standard_normal((gh, gw)).astype(np.float32)
        out += amp * cv2.resize(g, (w, h), interpolation=cv2.INTER_CUBIC)
        amp *= 0.5
    return out / (np.abs(out).max() + 1e-6)


def _text_block(rng, img, x0, y0, x1, y1, ink, line_h):
    y = y0
    while y + line_h < y1:
        x = x0
        while x < x1:
            wlen = int(rng.integers(line_h, line_h * 6))
            if x + wlen > x1:
                break
            if rng.random() < 0.92:
                cv2.rectangle(img, (x, y + line_h // 5), (x + wlen, y + line_h - line_h // 5), ink, -1)
            x += wlen + max(2, line_h // 2)
        y += int(line_h * rng.uniform(1.4, 2.0))
        if rng.random() < 0.1:
            y += line_h * 2


def _make_page(rng, pw, ph, paper_rgb):
    page = np.empty((ph, pw, 3), np.uint8)
    page[:] = paper_rgb
    # paper texture / slight unevenness
    tex = _lowfreq(rng, ph, pw, 80)[..., None] * rng.uniform(0, 6)
    page = np.clip(page.astype(np.float32) + tex, 0, 255).astype(np.uint8)
    ink = tuple(int(v) for v in rng.integers(0, 90, 3)) if rng.random() < 0.3 else (int(rng.integers(10, 80)),) * 3
    m = int(min(pw, ph) * rng.uniform(0.05, 0.12))
    line_h = max(3, int(ph * rng.uniform(0.008, 0.02)))
    kind = rng.choice(["text", "form", "photo", "id", "certificate"])
    if kind in ("form", "certificate"):
        t = max(1, int(rng.integers(1, 4)))
        col = ink if rng.random() < 0.6 else tuple(int(v) for v in rng.integers(0, 200, 3))
        cv2.rectangle(page, (m // 2, m // 2), (pw - m // 2, ph - m // 2), col, t)
        if kind == "form":
            for _ in range(int(rng.integers(2, 8))):
                yy = int(rng.integers(m, ph - m))
                cv2.line(page, (m // 2, yy), (pw - m // 2, yy), col, t)
        if kind == "certificate" and rng.random() < 0.7:
            c = (int(pw * rng.uniform(0.6, 0.8)), int(ph * rng.uniform(0.7, 0.85)))
            cv2.circle(page, c, int(min(pw, ph) * 0.09), (40, 40, 200), max(2, pw // 150))
    if kind in ("photo", "id"):
        x0, y0 = m, m
        x1, y1 = int(pw * rng.uniform(0.3, 0.6)), int(ph * rng.uniform(0.3, 0.6))
        ph_img = (rng.integers(30, 220, 3)[None, None, :] + 60 * _lowfreq(rng, y1 - y0, x1 - x0, 20)[..., None])
        page[y0:y1, x0:x1] = np.clip(ph_img, 0, 255).astype(np.uint8)
        if kind == "id":
            page[:, :] = np.clip(page.astype(np.float32) * rng.uniform(0.8, 1.0, 3), 0, 255).astype(np.uint8)
            _text_block(rng, page, x1 + m // 2, m, pw - m, ph - m, ink, max(3, line_h * 2))
        else:
            _text_block(rng, page, m, y1 + m // 2, pw - m, ph - m, ink, line_h)
    else:
        _text_block(rng, page, m, m + 2 * line_h, pw - m, ph - m, ink, line_h)
    return page


def _background(rng, h, w, kind, paper_level):
    f = np.float32
    if kind in ("pale_plain", "pale_texture"):
        base = paper_level - rng.uniform(4, 35) * rng.choice([1, 1, 1, -0.3])
        col = base * rng.uniform(0.93, 1.04, 3)
        bg = np.ones((h, w, 3), f) * col
        if kind == "pale_texture":
            bg += _lowfreq(rng, h, w, rng.uniform(8, 60))[..., None] * rng.uniform(4, 15)
            bg += rng.standard_normal((h, w, 1)).astype(f) * rng.uniform(1, 5)
    elif kind == "wood":
        col = rng.uniform([60, 90, 130], [130, 170, 220])
        y, x = np.mgrid[0:h, 0:w].astype(f)
        ang = rng.uniform(0, np.pi)
        u = x * np.cos(ang) + y * np.sin(ang)
        warp = _lowfreq(rng, h, w, 200) * rng.uniform(20, 80)
        grain = np.sin((u + warp) / rng.uniform(3, 12)) * 0.5 + 0.5
        bg = col * (0.75 + 0.3 * grain[..., None]).astype(f)
    elif kind == "grid":
        bg = np.ones((h, w, 3), f) * rng.uniform(120, 235, 3)
        step = int(rng.integers(15, 70))
        col = tuple(float(v) for v in rng.uniform(0, 200, 3))
        for x in range(int(rng.integers(0, step)), w, step):
            cv2.line(bg, (x, 0), (x, h), col, int(rng.integers(1, 4)))
        for y in range(int(rng.integers(0, step)), h, step):
            cv2.line(bg, (0, y), (w, y), col, int(rng.integers(1, 4)))
    elif kind == "checker":
        s = int(rng.integers(12, 80))
        y, x = np.mgrid[0:h, 0:w]
        ang = rng.uniform(0, np.pi / 2)
        u = (x * np.cos(ang) + y * np.sin(ang)) // s
        v = (-x * np.sin(ang) + y * np.cos(ang)) // s
        a, b = rng.uniform(30, 250, 3), rng.uniform(30, 250, 3)
        bg = np.where(((u + v) % 2 == 0)[..., None], a, b).astype(f)
    elif kind == "fabric":
        bg = np.ones((h, w, 3), f) * rng.uniform(40, 220, 3)
        bg += _lowfreq(rng, h, w, 6, 2)[..., None] * rng.uniform(10, 40)
        bg += rng.standard_normal((h, w, 3)).astype(f) * rng.uniform(5, 15)
    elif kind == "newspaper":
        bg = np.ones((h, w, 3), f) * rng.uniform(170, 230)
        tmp = bg.astype(np.uint8)
        _text_block(rng, tmp, 0, 0, w, h, (60, 60, 60), int(rng.integers(5, 14)))
        bg = tmp.astype(f)
    elif kind == "dark_mat":
        bg = np.ones((h, w, 3), f) * rng.uniform(15, 90, 3)
        bg += _lowfreq(rng, h, w, 40)[..., None] * 8
    elif kind == "marble":
        # pale stone: cloudy shading and thin dark veins at random angles
        bg = np.ones((h, w, 3), f) * (paper_level - rng.uniform(0, 30)) * rng.uniform(0.94, 1.03, 3)
        bg += _lowfreq(rng, h, w, rng.uniform(60, 200))[..., None] * rng.uniform(5, 15)
        y, x = np.mgrid[0:h, 0:w].astype(f)
        for _ in range(int(rng.integers(2, 5))):
            ang = rng.uniform(0, np.pi)
            u = x * np.cos(ang) + y * np.sin(ang) + _lowfreq(rng, h, w, 150) * rng.uniform(30, 120)
            vein = np.exp(-((np.sin(u / rng.uniform(40, 160)) / rng.uniform(0.02, 0.08)) ** 2))
            bg -= (vein * rng.uniform(20, 70))[..., None]
    elif kind == "tiles":
        # square tiles, each a little different, with grout lines lighter or darker
        s_ = int(rng.integers(60, 170))
        base = rng.uniform(90, 230, 3)
        ny_, nx_ = h // s_ + 2, w // s_ + 2
        jit = rng.uniform(0.92, 1.06, (ny_, nx_, 1))
        ox, oy = int(rng.integers(0, s_)), int(rng.integers(0, s_))
        yy, xx = (np.arange(h) + oy) // s_, (np.arange(w) + ox) // s_
        bg = np.ascontiguousarray((base * jit[yy][:, xx]).astype(f))
        grout = tuple(float(v) for v in np.clip(base * rng.choice([0.6, 1.25]), 0, 255))
        t = int(rng.integers(2, 7))
        for x0 in range(s_ - ox, w, s_):
            cv2.line(bg, (x0, 0), (x0, h), grout, t)
        for y0 in range(s_ - oy, h, s_):
            cv2.line(bg, (0, y0), (w, y0), grout, t)
    elif kind == "blotter":
        # a desk (dark or wooden tone); the larger pad under the page is drawn in make_scene
        bg = np.ones((h, w, 3), f) * rng.uniform(30, 150, 3)
        bg += _lowfreq(rng, h, w, 60)[..., None] * rng.uniform(3, 12)
    else:  # paper_heap, clutter: a desk with things on it
        bg = np.ones((h, w, 3), f) * rng.uniform(60, 220, 3)
        bg += _lowfreq(rng, h, w, 50)[..., None] * rng.uniform(5, 20)
    return np.clip(bg, 0, 255)


def _random_quad(rng, cx, cy, sw, sh, rot, jitter):
    pts = np.array([[-sw, -sh], [sw, -sh], [sw, sh], [-sw, sh]], np.float64) / 2
    c, s = np.cos(rot), np.sin(rot)
    pts = pts @ np.array([[c, s], [-s, c]])
    pts += rng.uniform(-jitter, jitter, (4, 2)) * np.array([sw, sh]).mean()
    return pts + [cx, cy]


def _paste(dst, src, quad, feather=0.0):
    """Warp image `src` onto `dst` (float32) at `quad` (TL, TR, BR, BL), anti-aliased."""
    h, w = dst.shape[:2]
    sh, sw = src.shape[:2]
    srcq = np.float32([[0, 0], [sw, 0], [sw, sh], [0, sh]])
    M = cv2.getPerspectiveTransform(srcq, np.float32(quad))
    warped = cv2.warpPerspective(src.astype(np.float32), M, (w, h), flags=cv2.INTER_AREA if False else cv2.INTER_LINEAR)
    mask = np.zeros((h, w), np.float32)
    cv2.fillPoly(mask, [np.round(np.asarray(quad) * 16).astype(np.int32)], 1.0, lineType=cv2.LINE_AA, shift=4)
    if feather:
        mask = cv2.GaussianBlur(mask, (0, 0), feather)
    m = mask[..., None]
    dst *= 1 - m
    dst += warped * m
    return mask


def _draw_clutter(rng, img, n, paper_level, under_quad=None, allow_paper=True):
    h, w = img.shape[:2]
    for _ in range(n):
        kind = rng.choice(["rect", "ellipse", "pen", "paper"] if allow_paper else ["rect", "ellipse", "pen"])
        col = tuple(float(v) for v in rng.uniform(0, 255, 3))
        if kind == "paper" or (under_quad is not None and rng.random() < 0.5):
            pw, ph = rng.uniform(0.15, 0.5) * w, rng.uniform(0.15, 0.5) * h
            if under_quad is not None and rng.random() < 0.6:
                c = under_quad[int(rng.integers(0, 4))] + rng.normal(0, 0.08, 2) * [w, h]
            else:
                c = rng.uniform([0, 0], [w, h])
            q = _random_quad(rng, c[0], c[1], pw, ph, rng.uniform(-0.6, 0.6), 0.02)
            pl = paper_level * rng.uniform(0.85, 1.02)
            sheet = np.ones((32, 32, 3), np.float32) * pl * rng.uniform(0.95, 1.03, 3)
            _paste(img, sheet, q)
            if rng.random() < 0.5:  # some print on it
                m = np.zeros((h, w), np.uint8)
                cv2.fillPoly(m, [np.int32(q)], 1)
                lines = np.zeros((h, w), np.uint8)
                _text_block(rng, lines, int(q[:, 0].min()), int(q[:, 1].min()), int(q[:, 0].max()), int(q[:, 1].max()), 1, int(rng.integers(4, 10)))
                img[(lines & m) > 0] *= 0.4
        elif kind == "rect":
            q = _random_quad(rng, rng.uniform(0, w), rng.uniform(0, h), rng.uniform(30, 300), rng.uniform(30, 300), rng.uniform(0, 3), 0.05)
            cv2.fillPoly(img, [np.int32(q)], col, lineType=cv2.LINE_AA)
        elif kind == "ellipse":
            cv2.ellipse(img, (int(rng.uniform(0, w)), int(rng.uniform(0, h))),
                        (int(rng.uniform(10, 150)), int(rng.uniform(10, 150))), rng.uniform(0, 180), 0, 360, col, -1, cv2.LINE_AA)
        else:
            p0 = rng.uniform([0, 0], [w, h])
            p1 = p0 + rng.normal(0, 200, 2)
            cv2.line(img, tuple(int(v) for v in p0), tuple(int(v) for v in p1), col, int(rng.integers(3, 14)), cv2.LINE_AA)


def _hand(rng, img, quad):
    """A skin-coloured hand reaching in from the frame edge nearest to a page side,
    covering part of that side (and sometimes a corner)."""
    h, w = img.shape[:2]
    i = int(rng.integers(0, 4))
    a, b = quad[i], quad[(i + 1) % 4]
    t = rng.uniform(0.1, 0.9)
    p = a + t * (b - a)                      # point on the side the thumb/fingers cover
    # direction to the nearest frame edge
    d_edges = [p[0], w - p[0], p[1], h - p[1]]
    e = int(np.argmin(d_edges))
    outward = [np.array([-1, 0]), np.array([1, 0]), np.array([0, -1]), np.array([0, 1])][e]
    skin = np.array([rng.uniform(60, 140), rng.uniform(110, 180), rng.uniform(160, 235)], np.float32)
    mask = np.zeros((h, w), np.uint8)
    reach = rng.uniform(0.02, 0.08) * max(h, w)      # how far the fingertips go past the side
    palm_c = p + outward * rng.uniform(0.15, 0.3) * max(h, w)
    cv2.ellipse(mask, tuple(int(v) for v in palm_c), (int(0.12 * w), int(0.14 * h)), rng.uniform(0, 180), 0, 360, 255, -1)
    side = np.array([-outward[1], outward[0]])
    for k in range(int(rng.integers(2, 5))):
        base = palm_c + side * (k - 1.5) * 0.035 * w
        tip = p - outward * reach + side * (k - 1.5) * 0.03 * w + rng.normal(0, 8, 2)
        cv2.line(mask, tuple(int(v) for v in base), tuple(int(v) for v in tip), 255, int(rng.uniform(0.02, 0.035) * w), cv2.LINE_AA)
    m = cv2.GaussianBlur(mask.astype(np.float32) / 255, (0, 0), 1.2)[..., None]
    shade = skin * (0.85 + 0.15 * _lowfreq(rng, h, w, 100)[..., None])
    img *= 1 - m
    img += shade * m


# Background kinds the detector's weights were never chosen on: `make_scene(seed,
# backgrounds=EXTRA_BACKGROUNDS)` draws one of them instead (the rest of the scene's
# random draws are unchanged, so the default scenes of every seed stay as they were).
# blotter: the page lies on a larger pad whose own border is in view (the outermost
# paper-like quad is NOT the page); marble: pale stone with veins; tiles: grout lines.
EXTRA_BACKGROUNDS = ["marble", "tiles", "blotter"]


def make_scene(seed: int, w: int = 1280, h: int = 960, *, hard: bool | None = None,
               backgrounds: list[str] | None = None) -> Scene:
    rng = np.random.default_rng(seed)
    hard = bool(rng.random() < 0.6) if hard is None else hard
    params: dict = {"seed": seed, "hard": hard}
    paper = str(rng.choice(list(PAPERS))) if rng.random() < 0.85 else "free"
    aspect = PAPERS.get(paper, rng.uniform(1.0, 1.8))
    portrait = rng.random() < 0.65
    paper_level = rng.uniform(200, 250)
    paper_rgb = paper_level * rng.uniform(0.94, 1.02, 3)
    bg_kind = str(rng.choice(BACKGROUNDS)) if hard else str(rng.choice(["dark_mat", "wood", "fabric", "pale_texture"]))
    if backgrounds:
        bg_kind = str(np.random.default_rng([seed, 7]).choice(backgrounds))
    params.update(paper=paper, portrait=portrait, background=bg_kind)

    # geometry: page size as a fraction of the frame area, rotation, perspective
    for _ in range(50):
        area_frac = rng.uniform(0.15, 0.6)
        A = area_frac * w * h
        sw = np.sqrt(A / aspect) if portrait else np.sqrt(A * aspect)
        sh = A / sw
        rot = rng.normal(0, 0.25) if rng.random() < 0.8 else rng.uniform(-np.pi / 2, np.pi / 2)
        jitter = rng.uniform(0.0, 0.09)
        quad = _random_quad(rng, 0, 0, sw, sh, rot, jitter)
        lo, hi = quad.min(0), quad.max(0)
        margin = 0.02 * max(w, h)
        if (hi - lo)[0] < w - 2 * margin and (hi - lo)[1] < h - 2 * margin:
            cx = rng.uniform(margin - lo[0], w - margin - hi[0])
            cy = rng.uniform(margin - lo[1], h - margin - hi[1])
            quad = quad + [cx, cy]
            break
    else:  # pragma: no cover - the loop always finds a fit in practice
        raise RuntimeError("no page geometry fits")
    quad = _order(quad)
    params.update(area=area_frac, rot=float(rot), jitter=float(jitter))

    img = _background(rng, h, w, bg_kind, paper_level)
    if bg_kind in ("paper_heap", "clutter") or (hard and rng.random() < 0.4):
        _draw_clutter(rng, img, int(rng.integers(2, 9)), paper_level,
                      under_quad=quad if bg_kind == "paper_heap" else None)
    if bg_kind == "blotter":
        c = quad.mean(0)
        grow = rng.uniform(1.15, 1.6)
        pad = (quad - c) * grow + c + rng.normal(0, 0.03, 2) * [w, h]
        ang = rng.normal(0, 0.08)
        R = np.array([[np.cos(ang), -np.sin(ang)], [np.sin(ang), np.cos(ang)]])
        pad = (pad - c) @ R.T + c
        pl = paper_level * rng.uniform(0.75, 1.0) if rng.random() < 0.6 else rng.uniform(40, 160)
        _paste(img, np.ones((32, 32, 3), np.float32) * pl * rng.uniform(0.9, 1.05, 3), pad)
        params["pad"] = True
    # drop shadow under the page
    if rng.random() < 0.6:
        sm = np.zeros((h, w), np.float32)
        off = rng.normal(0, 6, 2)
        cv2.fillPoly(sm, [np.int32(quad + off)], 1.0)
        sm = cv2.GaussianBlur(sm, (0, 0), rng.uniform(2, 10))
        img *= (1 - rng.uniform(0.1, 0.4) * sm)[..., None]
    # the page itself, rendered at about its on-screen size
    sides = np.linalg.norm(quad - np.roll(quad, -1, axis=0), axis=1)
    pw, ph = int(max(sides[0], sides[2]) * 1.1), int(max(sides[1], sides[3]) * 1.1)
    page = _make_page(rng, max(pw, 40), max(ph, 40), paper_rgb)
    if rng.random() < 0.5:  # upside down / mirrored text direction does not change the quad
        page = page[::-1, ::-1]
    _paste(img, page, quad)
    if hard and rng.random() < 0.35:
        _hand(rng, img, quad)
        params["hand"] = True

    # light: gradient + vignette, cast shadow, glare, low light, colour cast
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    ang = rng.uniform(0, 2 * np.pi)
    grad = ((x - w / 2) * np.cos(ang) + (y - h / 2) * np.sin(ang)) / max(w, h)
    gain = 1 + grad * (rng.uniform(0.2, 0.9) if hard else rng.uniform(0, 0.3))
    r2 = ((x - rng.uniform(0, w)) ** 2 + (y - rng.uniform(0, h)) ** 2) / (w * w)
    gain *= 1 - rng.uniform(0, 0.4) * r2
    if hard and rng.random() < 0.55:  # cast shadow of an arm/camera/person
        sm = np.zeros((h, w), np.float32)
        p0 = rng.uniform([0, 0], [w, h])
        pts = p0 + rng.normal(0, 0.35, (int(rng.integers(3, 7)), 2)) * [w, h]
        cv2.fillPoly(sm, [np.int32(cv2.convexHull(np.float32(pts)).reshape(-1, 2))], 1.0)
        sm = cv2.GaussianBlur(sm, (0, 0), rng.uniform(3, 40))
        gain *= 1 - rng.uniform(0.3, 0.65) * sm
        params["shadow"] = True
    low = hard and rng.random() < 0.25
    level = rng.uniform(0.35, 0.6) if low else rng.uniform(0.85, 1.1)
    img *= (gain * level)[..., None]
    img *= rng.uniform(0.88, 1.12, 3) if hard else rng.uniform(0.96, 1.04, 3)
    if rng.random() < 0.08:
        cx, cy = quad.mean(0) + rng.normal(0, 60, 2)
        g = np.exp(-(((x - cx) / rng.uniform(15, 50)) ** 2 + ((y - cy) / rng.uniform(10, 40)) ** 2))
        img += (g * 255)[..., None]
        params["glare"] = True

    # optics and sensor
    r = rng.random()
    if r < 0.4:
        s = rng.uniform(0.3, 2.5 if hard else 1.2)
        img = cv2.GaussianBlur(img, (0, 0), s)
        params["blur"] = float(s)
    elif r < 0.55:
        n = int(rng.integers(3, 10 if hard else 5))
        k = np.zeros((n, n), np.float32)
        k[n // 2, :] = 1 / n
        M = cv2.getRotationMatrix2D((n / 2 - 0.5, n / 2 - 0.5), rng.uniform(0, 180), 1)
        k = cv2.warpAffine(k, M, (n, n))
        img = cv2.filter2D(img, -1, k / max(k.sum(), 1e-6))
        params["motion"] = n
    noise = rng.uniform(1, 12 if (hard or low) else 5) * (1.6 if low else 1.0)
    img += rng.standard_normal(img.shape).astype(np.float32) * noise
    img = np.clip(img, 0, 255).astype(np.uint8)
    q = int(rng.integers(35 if hard else 60, 96))
    ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, q])
    img = cv2.imdecode(buf, cv2.IMREAD_COLOR)
    params.update(noise=float(noise), jpeg=q, low_light=low)
    return Scene(img, quad.astype(np.float64), params)


def make_empty_scene(seed: int, w: int = 1280, h: int = 960) -> np.ndarray:
    """A frame with no page: background and clutter only (a 'must not find' case)."""
    rng = np.random.default_rng(seed)
    kind = str(rng.choice(["dark_mat", "wood", "fabric", "pale_texture", "clutter", "grid"]))
    img = _background(rng, h, w, kind, rng.uniform(200, 250))
    if kind == "clutter":
        _draw_clutter(rng, img, int(rng.integers(1, 4)), 220, allow_paper=False)
    img += rng.standard_normal(img.shape).astype(np.float32) * 3
    return np.clip(img, 0, 255).astype(np.uint8)


DESK_KINDS = ["grid", "checker", "wood", "fabric", "pale_texture", "dark_mat"]


def _relit(rng, desk, hard: bool = True):
    """`desk` (float BGR) under another light: a gradient, now and then a person's or an
    arm's shadow, another exposure, sensor noise and JPEG."""
    h, w = desk.shape[:2]
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    ang = rng.uniform(0, 2 * np.pi)
    gain = 1 + ((x - w / 2) * np.cos(ang) + (y - h / 2) * np.sin(ang)) / max(w, h) * rng.uniform(0, 0.6)
    if hard and rng.random() < 0.7:
        sm = np.zeros((h, w), np.float32)
        pts = rng.uniform([0, 0], [w, h]) + rng.normal(0, 0.35, (5, 2)) * [w, h]
        cv2.fillPoly(sm, [np.int32(cv2.convexHull(np.float32(pts)).reshape(-1, 2))], 1.0)
        gain *= 1 - rng.uniform(0.2, 0.6) * cv2.GaussianBlur(sm, (0, 0), rng.uniform(3, 40))
    img = desk * (gain * rng.uniform(0.6, 1.1))[..., None]
    img += rng.standard_normal(img.shape).astype(np.float32) * rng.uniform(1, 8)
    ok, buf = cv2.imencode(".jpg", np.clip(img, 0, 255).astype(np.uint8),
                           [cv2.IMWRITE_JPEG_QUALITY, int(rng.integers(40, 95))])
    return cv2.imdecode(buf, cv2.IMREAD_COLOR)


def desk_session(seed: int, w: int = 1280, h: int = 960, *, kind: str | None = None, n_empty: int = 2):
    """One station's fixed desk: (record, empty, pages). `record` is the desk with nothing
    on it as the technician photographs it; `empty` are `n_empty` later frames of the same
    empty desk under other light (shadows, exposure, noise); `pages` is one frame of a
    page laid on that desk, as a Scene with its ground truth."""
    rng = np.random.default_rng([seed, 11])
    kind = kind or str(rng.choice(DESK_KINDS))
    desk = _background(rng, h, w, kind, rng.uniform(200, 250))
    desk += rng.standard_normal(desk.shape).astype(np.float32) * 3
    record = np.clip(desk, 0, 255).astype(np.uint8)
    empty = [_relit(rng, desk) for _ in range(n_empty)]
    for _ in range(50):
        quad = _order(_random_quad(rng, w / 2 + rng.normal(0, w / 10), h / 2 + rng.normal(0, h / 10),
                                   rng.uniform(0.2, 0.4) * w, rng.uniform(0.35, 0.6) * h, rng.normal(0, 0.3), 0.04))
        if quad.min() > 0.02 * w and (quad[:, 0] < 0.98 * w).all() and (quad[:, 1] < 0.98 * h).all():
            break
    with_page = desk.copy()
    _paste(with_page, _make_page(rng, 500, 700, rng.uniform(225, 245) * rng.uniform(0.97, 1.0, 3)), quad)
    page = Scene(_relit(rng, with_page), quad.astype(np.float64), {"seed": seed, "desk": kind})
    return record, empty, page


def capture_video_frames(w: int = 640, h: int = 480, seed: int = 7):
    """Frames of a document-camera session, with the page quad per frame (None when no
    page): empty mat, page slides in, rests (small jitter), stays, is taken away, mat,
    a second page rests. Returns (frames, quads, rest_spans) where rest_spans are the
    (first, last) frame indices of the two resting periods."""
    rng = np.random.default_rng(seed)
    mat = _background(rng, h, w, "dark_mat", 230)
    pages = [_make_page(rng, 300, 424, (236, 234, 228)), _make_page(rng, 280, 396, (240, 238, 235))]
    base = [_random_quad(rng, 330, 240, 240, 340, 0.08, 0.03), _random_quad(rng, 300, 250, 230, 320, -0.12, 0.03)]
    plan = ([None] * 6 + [("in", 0, k) for k in range(10)] + [("rest", 0, k) for k in range(36)]
            + [None] * 8 + [("rest", 1, k) for k in range(30)])
    frames, quads = [], []
    for step in plan:
        img = mat.copy()
        q = None
        if step is not None:
            kind, p, k = step
            q = base[p].copy()
            if kind == "in":
                q = q + [(10 - k) * 35, 0]
            else:
                q = q + rng.normal(0, 0.6, (4, 2))      # hand-held jitter, well under 1 % of the diagonal
            _paste(img, pages[p], _order(q))
            q = _order(q)
        img = np.clip(img + rng.standard_normal(img.shape).astype(np.float32) * 2, 0, 255).astype(np.uint8)
        frames.append(img)
        quads.append(q)
    rests = [(16, 51), (60, 89)]
    return frames, quads, rests


def write_video(path, frames, fps: float = 30.0) -> None:
    h, w = frames[0].shape[:2]
    vw = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), fps, (w, h))
    if not vw.isOpened():
        raise RuntimeError("cannot write MJPG video")
    for f in frames:
        vw.write(f)
    vw.release()
