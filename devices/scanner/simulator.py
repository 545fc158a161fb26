"""A live document camera for terminals without one (the "simulated devices" mode).

`SimulatedDocCamera` looks like a `cv2.VideoCapture` (isOpened/read/get/set/release),
so `CameraSource(SIM_SOURCE, opener=open_simulator)` owns it on the camera thread like
any camera. It renders a dark desk mat and, over and over: the empty desk, a page
sliding in, the page resting (a little hand-held jitter, so auto-capture really fires),
the page being taken away. Pages alternate between a printed form with text lines and
(with `pages="both"`) a passport data page with a two-line MRZ; `pages="card"` shows an
ID-1 card at its real size next to the form's, for materials that are cards.

8 MP frames by default: like a real document camera, an A4 page comes out above the
150 dpi quality gate. Rendering is one perspective warp onto a copy of the desk plus a
precomputed noise pattern (about 40 ms a frame here). Only NumPy and OpenCV: no Qt.
Nothing personal is drawn: the passport is a specimen (UTOPIA / ERIKSSON ANNA MARIA,
ICAO 9303's example).
"""

from __future__ import annotations

import cv2
import numpy as np

SIM_SOURCE = "simulator"

# ICAO 9303's specimen data page (not a person); the same MRZ as the simulated eMRTD
# (devices.cards.sample.SPECIMEN_TD3), so the camera's MRZ opens the simulated chip.
SPECIMEN_MRZ = ("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                "L898902C<3UTO6908061F9406236ZE184226B<<<<<14")


def is_simulator(source: str) -> bool:
    return str(source).strip().lower().startswith(SIM_SOURCE)


def _order(q: np.ndarray) -> np.ndarray:
    """Corners clockwise from the top-left one."""
    q = np.asarray(q, dtype=np.float64)
    c = q.mean(0)
    q = q[np.argsort(np.arctan2(q[:, 1] - c[1], q[:, 0] - c[0]))]
    return np.roll(q, -int(np.argmin(q.sum(1))), axis=0)


def _lowfreq(rng, h: int, w: int, scale: float) -> np.ndarray:
    """A smooth random field in [-1, 1]."""
    g = rng.standard_normal((max(2, int(h / scale)), max(2, int(w / scale)))).astype(np.float32)
    out = cv2.resize(g, (w, h), interpolation=cv2.INTER_CUBIC)
    return out / (np.abs(out).max() + 1e-6)


def _text_lines(rng, img, x0, y0, x1, y1, line_h, ink=(40, 40, 40)) -> None:
    """Lines of 'words' (dark bars), like printed text seen from a metre away."""
    y = y0
    while y + line_h < y1:
        x = x0
        while x < x1:
            wlen = int(rng.integers(line_h, line_h * 6))
            if x + wlen > x1:
                break
            cv2.rectangle(img, (x, y + line_h // 5), (x + wlen, y + line_h - line_h // 5), ink, -1)
            x += wlen + max(2, line_h // 2)
        y += int(line_h * rng.uniform(1.5, 1.9))


def form_page(rng, w: int = 1500, h: int = 2121) -> np.ndarray:
    """An A4 application form: title, boxed fields, paragraphs of text lines."""
    page = np.full((h, w, 3), (232, 236, 238), np.uint8)
    m = w // 12
    cv2.putText(page, "APPLICATION FORM", (m, m + 40), cv2.FONT_HERSHEY_DUPLEX, 2.2, (30, 30, 30), 4, cv2.LINE_AA)
    y = m + 120
    for _ in range(5):                       # boxed fields with a label
        _text_lines(rng, page, m, y, m + w // 4, y + 40, 28)
        cv2.rectangle(page, (m + w // 3, y - 6), (w - m, y + 46), (60, 60, 60), 2)
        y += 90
    _text_lines(rng, page, m, y + 40, w - m, h - m * 2, 26)
    cv2.circle(page, (w - m * 2, h - m * 2), w // 14, (60, 60, 200), 6)   # a stamp
    return page


def passport_page(rng, w: int = 1500, h: int = 1056) -> np.ndarray:
    """A passport data page (ID-3, 125 x 88 mm) with the specimen's MRZ at the bottom."""
    page = np.full((h, w, 3), (214, 226, 222), np.uint8)
    tint = _lowfreq(rng, h, w, 60)[..., None] * 10
    page = np.clip(page.astype(np.float32) + tint, 0, 255).astype(np.uint8)
    m = w // 20
    cv2.putText(page, "PASSPORT  UTOPIA", (m, m + 30), cv2.FONT_HERSHEY_DUPLEX, 1.6, (50, 40, 40), 3, cv2.LINE_AA)
    ph_x1, ph_y1 = m + w // 4, m + 60 + int(h * 0.5)
    photo = 150 + 50 * _lowfreq(rng, ph_y1 - m - 60, ph_x1 - m, 12)[..., None]
    page[m + 60:ph_y1, m:ph_x1] = np.clip(photo * np.array([0.8, 0.9, 1.0]), 0, 255).astype(np.uint8)
    _text_lines(rng, page, ph_x1 + m, m + 70, w - m, ph_y1, 24)
    # MRZ: two lines in the bottom band at a fixed pitch, in OCR-B as on a real passport
    # (Debian's fonts-ocr-b); a Hershey face, one character per cell, without it
    cw = (w - 2 * m) / 44
    if not _draw_ocr_b(page, SPECIMEN_MRZ, m, h - m - 70, cw, 70):
        font, scale, thick = cv2.FONT_HERSHEY_SIMPLEX, 1.25, 3
        for i, line in enumerate(SPECIMEN_MRZ):
            yb = h - m - (1 - i) * 70
            for j, ch in enumerate(line):
                (tw, _), _ = cv2.getTextSize(ch, font, scale, thick)
                cv2.putText(page, ch, (int(m + j * cw + (cw - tw) / 2), yb), font, scale, (20, 20, 20), thick,
                            cv2.LINE_AA)
    return page


def _draw_ocr_b(page: np.ndarray, lines, x: int, baseline: int, pitch: float, line_gap: int) -> bool:
    """Draw MRZ lines in OCR-B with their first baseline at `baseline`; False without the font."""
    from devices.scanner.mrz_cells import OCR_B, advance_per_em
    from PIL import Image, ImageDraw, ImageFont
    try:
        probe = ImageFont.truetype(OCR_B, 100)
    except OSError:
        return False
    font = ImageFont.truetype(OCR_B, max(6, round(pitch / advance_per_em(probe))))
    img = Image.fromarray(page[..., ::-1].copy())
    d = ImageDraw.Draw(img)
    for i, line in enumerate(lines):
        d.text((x, baseline + i * line_gap), line, fill=(20, 20, 20), font=font, anchor="ls")
    page[:] = np.asarray(img)[..., ::-1]
    return True


def card_page(rng, w: int = 1284, h: int = 810) -> np.ndarray:
    """An ID-1 card (85.6 x 54 mm), front: a coloured band, a photo block, text lines and
    SPECIMEN across it (no person, no number)."""
    page = np.full((h, w, 3), (236, 226, 214), np.uint8)
    tint = _lowfreq(rng, h, w, 50)[..., None] * 8
    page = np.clip(page.astype(np.float32) + tint, 0, 255).astype(np.uint8)
    m = w // 18
    page[:h // 6] = (170, 120, 60)                          # a coloured band along the top
    cv2.putText(page, "SPECIMEN CARD", (m, h // 9), cv2.FONT_HERSHEY_DUPLEX, 1.6, (245, 245, 245), 3, cv2.LINE_AA)
    ph_x0, ph_y0 = w - m - w // 4, h // 6 + m
    photo = 150 + 50 * _lowfreq(rng, h - m - ph_y0, w - m - ph_x0, 12)[..., None]
    page[ph_y0:h - m, ph_x0:w - m] = np.clip(photo * np.array([0.8, 0.9, 1.0]), 0, 255).astype(np.uint8)
    _text_lines(rng, page, m, h // 6 + m, ph_x0 - m, h - m, 30)
    cv2.putText(page, "SPECIMEN", (w // 5, h * 3 // 5), cv2.FONT_HERSHEY_DUPLEX, 3.0, (90, 90, 200), 5, cv2.LINE_AA)
    return page


# each kind's page and how much of the view's height its long side takes at rest: a form
# fills most of it; a card lies at its real size next to that (85.6 of 297 mm, a little closer in)
_KINDS = {"form": (form_page, 0.86), "passport": (passport_page, 0.86), "card": (card_page, 0.34)}
SIM_KINDS = tuple(_KINDS)


class SimulatedDocCamera:
    """VideoCapture look-alike: an endless desk-and-page film, rendered as it is read."""

    def __init__(self, width: int = 3264, height: int = 2448, *, fps: float = 5.0, seed: int = 7,
                 pages: str = "form", empty_frames: int = 6, slide_frames: int = 6, rest_frames: int = 25):
        rng = np.random.default_rng(seed)
        self.w, self.h, self.fps = int(width), int(height), float(fps)
        mat = np.ones((self.h, self.w, 3), np.float32) * np.array([52, 58, 64], np.float32)
        mat += _lowfreq(rng, self.h, self.w, 40)[..., None] * 8
        self._mat = np.clip(mat, 0, 255).astype(np.uint8)
        self._noise = [rng.integers(0, 5, (self.h, self.w, 3), dtype=np.uint8) for _ in range(2)]
        kinds = ["form", "passport"] if pages == "both" else [pages]
        if not set(kinds) <= set(SIM_KINDS):
            raise ValueError(f"simulated page kind {pages!r}: use one of {', '.join(SIM_KINDS)} or both")
        self._pages = [_KINDS[k][0](rng) for k in kinds]
        self._rest = [self._resting_quad(rng, p, _KINDS[k][1]) for p, k in zip(self._pages, kinds)]
        self._rng = rng
        plan: list = []
        for p in range(len(self._pages)):
            plan += [None] * empty_frames
            plan += [("in", p, slide_frames - k) for k in range(slide_frames)]
            plan += [("rest", p, 0)] * rest_frames
            plan += [("out", p, k + 1) for k in range(slide_frames)]
        self.plan = plan
        self.i = 0
        self._open = True

    def _resting_quad(self, rng, page: np.ndarray, size: float) -> np.ndarray:
        ph, pw = page.shape[:2]
        long_side = self.h * size
        s = long_side / max(ph, pw)
        sw, sh = pw * s, ph * s
        rot = rng.uniform(-0.05, 0.05)
        pts = np.array([[-sw, -sh], [sw, -sh], [sw, sh], [-sw, sh]]) / 2
        c, si = np.cos(rot), np.sin(rot)
        pts = pts @ np.array([[c, si], [-si, c]])
        return _order(pts + [self.w / 2, self.h / 2])

    def quad_at(self, i: int) -> np.ndarray | None:
        """The page's corners in frame `i` of the cycle (None: the empty desk)."""
        step = self.plan[i % len(self.plan)]
        if step is None:
            return None
        kind, p, k = step
        q = self._rest[p].copy()
        shift = self.w * 0.12 * k
        if kind == "in":
            q[:, 0] += shift                          # comes from the right
        elif kind == "out":
            q[:, 1] += self.h * 0.12 * k              # taken away towards the citizen
        return q

    # -- VideoCapture surface -----------------------------------------------------------
    def isOpened(self) -> bool:  # noqa: N802 (OpenCV's name)
        return self._open

    def read(self):
        if not self._open:
            return False, None
        n = self.i
        self.i += 1
        step = self.plan[n % len(self.plan)]
        img = self._mat.copy()
        q = self.quad_at(n)
        if q is not None:
            if step[0] == "rest":                      # hand-held jitter, far under 1 % of the diagonal
                q = q + self._rng.normal(0, 0.5, (4, 2))
            page = self._pages[step[1]]
            ph, pw = page.shape[:2]
            m = cv2.getPerspectiveTransform(np.float32([[0, 0], [pw, 0], [pw, ph], [0, ph]]), np.float32(q))
            cv2.warpPerspective(page, m, (self.w, self.h), dst=img, flags=cv2.INTER_LINEAR,
                                borderMode=cv2.BORDER_TRANSPARENT)
        cv2.add(img, self._noise[n % 2], dst=img)
        return True, img

    def get(self, prop) -> float:
        if prop == cv2.CAP_PROP_FPS:
            return self.fps
        if prop == cv2.CAP_PROP_FRAME_WIDTH:
            return float(self.w)
        if prop == cv2.CAP_PROP_FRAME_HEIGHT:
            return float(self.h)
        return 0.0

    def set(self, prop, value) -> bool:
        return False

    def release(self) -> None:
        self._open = False


def open_simulator(source: str = SIM_SOURCE, **kw) -> SimulatedDocCamera:
    """`simulator` (forms) or `simulator:passport` / `simulator:card` / `simulator:both`."""
    _, _, kind = str(source).partition(":")
    return SimulatedDocCamera(pages=kind or kw.pop("pages", "form"), **kw)


# the simulated page for a material's paper format (the form for the rest)
SIM_KIND_OF_PAPER = {"ID-1": "card", "ID-3": "passport"}

__all__ = ["SIM_SOURCE", "SIM_KINDS", "SIM_KIND_OF_PAPER", "SimulatedDocCamera", "is_simulator", "open_simulator",
           "form_page", "passport_page", "card_page"]
