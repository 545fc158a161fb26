"""Reading an MRZ band by its fixed pitch, without tesseract.

ICAO 9303 prints the MRZ in OCR-B at a fixed pitch (10 characters per inch) and every
position holds a character (the empty ones a printed filler '<'), so once the band is
found and straightened, a line of n characters (30 for TD1, 36 for TD2, 44 for TD3) is n
equal cells: the grid starts at the line's first glyph or ends at its last, with its
boundaries in the gaps between glyphs. A page straightened from corners a few px off
leaves the band sloping (it is sheared level first) and its characters a little wider
at one end of a line than at the other (the grid's pitch may change evenly along the
line, `bend`). Each cell is matched (normalised correlation,
two pixels of slack each way) against glyph templates rendered from the fonts on the
machine -- OCR-B (Debian's fonts-ocr-b), what real documents use, and three monospaced
faces for documents set in those -- using the one face (and blur) that fits the whole
line best, and only the characters ICAO allows at each position (a digit in a date, a
letter in a name). Cells whose runner-up came close give variant readings; the check
digits choose -- except between characters they cannot tell apart (G, Q and 6 weigh the
same in every check digit), where a close second reading makes the frame ambiguous, and
where more than half the cells of the BAC key's fields are close calls (too many for
the variants to try), nothing is read.

Why not only tesseract: its English model reads OCR-B's filler '<' as K, S, E or X
and inserts letters into filler runs, so a card's composite check fails on most reads
and a passport's names come out garbled. On 60 independent generated photos with an
OCR-B zone, tesseract alone read the BAC key from 4 (true corners) and 7 (detected
corners); this reader, tesseract after it, 34 and 26 when written, 39 and 31 with the
blurred glyphs, the positions' characters and the twins (60 held-out photos: 40 and 29,
tesseract alone 3 and 1), with no wrong key. The cells alone, BAC keys from true /
detected corners: 39 / 34 before levelling, bent grids and the desk-sliver rule of
mrz.find_band, 42 / 35 after (held out: 40 / 30 before, 39 / 34 after, the last two
fewer for refusing keys made mostly of close calls, which had let a wrong key through).
`tests/bench/bench_mrz.py` reports 24 of them.

No Qt, no I/O beyond reading the font files once.
"""

from __future__ import annotations

import functools
import itertools
from pathlib import Path

import cv2
import numpy as np

from kiosk.identity.mrz import char_value

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"
OCR_B = "/usr/share/fonts/opentype/ocr-b/OCRB.otf"     # Debian's fonts-ocr-b
GLYPH_FONTS = (
    OCR_B,
    "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansMono-Regular.ttf",
    "/usr/share/fonts/truetype/noto/NotoMono-Regular.ttf",
)
CELL_W, CELL_H = 24, 32       # a character cell, normalised (templates and the page alike)
WORK_SCALE = 3.0              # the band is read with characters this many cells tall (then sampled down)
_PAD = 2                      # px of slack around a cell the template may shift within
ABOVE, BELOW = 0.1, 0.2       # a cell reaches this far (x cap height) above the caps and below the
                              # baseline: Q's tail is what tells it from O
EDGE = 0.4                    # a line's glyphs: rows inked at this fraction of its densest
GAP_WEIGHT = 2.0              # a cell boundary through a glyph costs this many columns of ink
INKED = 0.3                   # a column of a glyph: this much of a typical glyph column's ink
CLOSE_MARGIN = 0.08           # a cell whose runner-up correlates within this may be either
BLURS = (0.0, 1.0, 2.0, 3.0)  # glyphs also as a coarse photo shows them (Gaussian sigma, cell px)
GRID_AGREE = 0.25             # lines' grids this close (x the pitch, at their start and their end) agree
TWIN_MARGIN = 0.06            # a check-digit twin this close may be either (see _variants)
ROW_TRIES = ((0, 0), (-0.06, 0), (0.06, 0), (0, -0.06), (0, 0.06))   # (top, bottom) moves of a line's rows, x cap height
LEVEL_STRIPS = 24             # a band's slope is measured on this many vertical strips (see _level)
LEVEL_REACH = 0.3             # ... in each line's rows and this much (x cap height) above and below
LEVEL_MIN = 0.1               # ... and corrected from this much (x cap height over the band's width)
BENDS = np.array([0.0, -0.02, 0.02, -0.04, 0.04, -0.06, 0.06, -0.08, 0.08, -0.1, 0.1])   # pitch changes along a line tried (see _cells)
KEY_UNSURE = 0.5              # ... more than this fraction of the key's cells close calls: no reading (see read_band_lines)
LINE_LENGTHS = {3: (30,), 2: (44, 36)}   # lines in the band -> characters per line

# A check digit weighs each character's value (0-9, A=10 .. Z=35, '<'=0) by 7, 3 or 1,
# modulo 10: characters whose values differ by a multiple of 10 (G 16, Q 26 and 6; S 28
# and 8; '<', A, K and U) are twins no check digit can tell apart.
_VALUE = np.array([char_value(c) for c in ALPHABET])
_TWINS = (_VALUE[:, None] % 10 == _VALUE[None, :] % 10) & ~np.eye(len(ALPHABET), dtype=bool)

# What each position of each line may hold (ICAO 9303 parts 4-6): a letter or filler
# ("a": document code, states, sex, names), a digit or filler ("d": dates, check digits),
# or either ("x": document number, optional data). A glyph is read as the likeliest
# character its position allows: a Z-like shape in a birth date is a 2 or a 7, not a Z
# for the parser to turn into a 2 (photo 850063: ZZ -> 22, every check passing, was 77).
_LAYOUTS = {
    (2, 44): ("a" * 44, "x" * 9 + "d" + "aaa" + "d" * 7 + "a" + "d" * 7 + "x" * 14 + "dd"),
    (2, 36): ("a" * 36, "x" * 9 + "d" + "aaa" + "d" * 7 + "a" + "d" * 7 + "x" * 7 + "d"),
    (3, 30): ("a" * 5 + "x" * 9 + "d" + "x" * 15, "d" * 7 + "a" + "d" * 7 + "aaa" + "x" * 11 + "d", "a" * 30),
}
# the cells of the BAC key's fields (document number, birth and expiry dates, with their
# check digits) in each line, by (lines, characters per line)
_KEY_CELLS = {
    (2, 44): ((), (*range(0, 10), *range(13, 20), *range(21, 28))),
    (2, 36): ((), (*range(0, 10), *range(13, 20), *range(21, 28))),
    (3, 30): (tuple(range(5, 15)), (*range(0, 7), *range(8, 15)), ()),
}
_KINDS = {"a": np.array([c.isalpha() or c == "<" for c in ALPHABET]),
          "d": np.array([c.isdigit() or c == "<" for c in ALPHABET]),
          "x": np.ones(len(ALPHABET), bool)}


def _allowed(n_lines: int, n: int, i: int) -> np.ndarray | None:
    """(n, len(ALPHABET)) bool: the characters line i's positions may hold, or None for
    a layout ICAO does not define."""
    layout = _LAYOUTS.get((n_lines, n))
    return None if layout is None else np.stack([_KINDS[k] for k in layout[i]])


def advance_per_em(font) -> float:
    """A monospaced PIL font's character advance as a share of its size (0.6 for most
    faces, 0.72 for OCR-B): what sets the size that prints an MRZ at a given pitch."""
    return font.getlength("M") / font.size


@functools.lru_cache(maxsize=1)
def templates() -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """(class index per template (T,), font index per template (T,), templates (T,
    CELL_H * CELL_W), zero-mean, unit norm), or None without any of GLYPH_FONTS. Each
    glyph is drawn in its cell (one advance wide, from a little above the capitals to a
    little below the baseline) at a large size, in three stroke weights, each also
    blurred as a coarse photo shows it (BLURS: at 4-5 px/mm a stroke spreads over 2-3 px,
    and sharp glyphs took such an H for an M, a G for a Q). A face is one font at one
    blur: the one that fits a line best reads it."""
    from PIL import Image, ImageDraw, ImageFont
    classes, fonts, rows = [], [], []
    for fi, path in enumerate(GLYPH_FONTS):
        if not Path(path).is_file():
            continue
        try:
            font = ImageFont.truetype(path, 96)
        except OSError:
            continue
        adv = font.getlength("M")              # one cell: the advance
        _, top, _, base = font.getbbox("M")
        cap = base - top
        above, h = int(round(ABOVE * cap)), int(round((1 + ABOVE + BELOW) * cap))
        for ci, ch in enumerate(ALPHABET):
            img = Image.new("L", (int(np.ceil(adv)), h), 0)
            ImageDraw.Draw(img).text((0, above - top), ch, fill=255, font=font)
            ink = np.asarray(img, np.float32) / 255.0
            for weight in (-1, 0, 1):          # thin, as drawn, bold (print and blur vary)
                g = ink if weight == 0 else (cv2.dilate if weight > 0 else cv2.erode)(
                    ink, np.ones((5, 5), np.uint8))
                t = cv2.resize(cv2.GaussianBlur(g, (0, 0), 2.0), (CELL_W, CELL_H), interpolation=cv2.INTER_AREA)
                for bi, sigma in enumerate(BLURS):
                    b = cv2.GaussianBlur(t, (0, 0), sigma, borderType=cv2.BORDER_REPLICATE) if sigma else t
                    b = b.ravel() - b.mean()
                    n = np.linalg.norm(b)
                    if n > 1e-6:
                        classes.append(ci)
                        fonts.append(fi * len(BLURS) + bi)      # a "face": one font at one blur
                        rows.append(b / n)
    if not rows:
        return None
    return np.array(classes), np.array(fonts), np.array(rows, np.float32)


def _ink(grey: np.ndarray, char_h: float) -> np.ndarray:
    """0..1 darkness against the local paper (print and guilloche backgrounds vary)."""
    k = max(3, int(round(char_h * 1.5)) | 1)
    paper = cv2.morphologyEx(grey, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    dark = cv2.subtract(paper, grey).astype(np.float32)
    hi = float(np.percentile(dark, 99.5))
    return np.clip(dark / max(hi, 8.0), 0, 1)


def _strokes(ink: np.ndarray) -> np.ndarray:
    """The strokes (Otsu on the ink: a soft shadow's residue is faint), 0/1 float32."""
    u8 = (ink * 255).astype(np.uint8)
    t, _ = cv2.threshold(u8, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return (u8 > t).astype(np.float32)


def _level(ink: np.ndarray, strokes: np.ndarray, cap: float, rows: list[tuple[int, int]]) -> np.ndarray:
    """The band's ink (`strokes`: its _strokes) sheared so its lines run level. A page corner placed a few px off
    straightens the band with its lines sloping (a few px over its width): rows measured
    straight across then cut the ends of the lines. The slope is fitted to the middle
    of each line's ink in LEVEL_STRIPS vertical strips (capitals, digits and fillers
    all centre at mid-height); under LEVEL_MIN x cap height over the band's width the
    band is left as it is."""
    h, w = ink.shape
    edges = np.linspace(0, w, LEVEL_STRIPS + 1).astype(int)
    strips = np.add.reduceat(strokes, edges[:-1], axis=1)                  # (h, strips)
    xs = (edges[:-1] + edges[1:]) / 2 - w / 2
    fits = []
    for y0, y1 in rows:
        pad = int(round(LEVEL_REACH * (y1 - y0)))
        a, b = max(0, y0 - pad), min(h, y1 + pad)
        mass = strips[a:b].sum(axis=0)
        if not mass.any():
            continue
        keep = mass > 0.3 * float(np.median(mass[mass > 0]))     # (a strip past the line's end has none)
        if keep.sum() < LEVEL_STRIPS // 2:
            continue
        ys = (strips[a:b] * np.arange(a, b)[:, None]).sum(axis=0)[keep] / mass[keep]
        slope, _ = np.polyfit(xs[keep], ys, 1, w=np.sqrt(mass[keep]))
        fits.append((float(mass[keep].sum()), float(slope)))
    if not fits:
        return ink
    slope = sum(m * s for m, s in fits) / sum(m for m, _ in fits)
    if abs(slope) * w < LEVEL_MIN * cap:
        return ink
    return cv2.warpAffine(ink, np.float32([[1, 0, 0], [-slope, 1, slope * w / 2]]), (w, h), flags=cv2.INTER_LINEAR)


def _line_rows(strokes: np.ndarray, n_lines: int) -> list[tuple[int, int]]:
    """The n_lines text rows of the band, top to bottom (capital top to baseline): runs
    of rows with strokes (the band's _strokes), over the columns the text spans."""
    cols = np.nonzero(strokes.mean(axis=0) > 0.02)[0]
    if len(cols):
        lo, hi = np.percentile(cols, [5, 95]).astype(int)
        strokes = strokes[:, lo:hi + 1]
    prof = cv2.GaussianBlur(strokes.mean(axis=1)[:, None], (1, 3), 0).ravel()
    on = prof > 0.35 * float(prof.max())
    runs, start = [], None
    for y, v in enumerate(np.append(on, False)):
        if v and start is None:
            start = y
        elif not v and start is not None:
            runs.append((start, y))
            start = None
    if len(runs) < n_lines:
        return []
    runs = sorted(sorted(runs, key=lambda r: r[1] - r[0])[-n_lines:])
    caps = []
    for y0, y1 in runs:              # widen to the glyphs' own extent (a weaker threshold)
        while y0 > 0 and prof[y0 - 1] > EDGE * prof[y0:y1].max():
            y0 -= 1
        while y1 < len(prof) and prof[y1] > EDGE * prof[y0:y1].max():
            y1 += 1
        caps.append((y0, y1))
    # every line has the same capitals; a line mostly of fillers ('<' sits mid-height)
    # measures short, so it gets the tallest line's height around its own middle
    tall = max(y1 - y0 for y0, y1 in caps)
    return [(y0, y1) if y1 - y0 >= 0.9 * tall else
            (max(0, round((y0 + y1 - tall) / 2)), min(len(prof), round((y0 + y1 + tall) / 2))) for y0, y1 in caps]


def _line_image(ink: np.ndarray, caps: list[tuple[int, int]], i: int, top: int = 0, bottom: int = 0) -> np.ndarray:
    """Line i's strip: its capitals' rows (moved by top/bottom px) plus the cell's margins
    above and below, with any rows of the neighbouring lines in those margins blanked
    (tightly set lines)."""
    y0, y1 = caps[i]
    y0, y1 = y0 + top, y1 + bottom
    cap = y1 - y0
    a, b = max(0, y0 - int(round(ABOVE * cap))), min(ink.shape[0], y1 + int(round(BELOW * cap)))
    line = ink[a:b].copy()
    for j, (o0, o1) in enumerate(caps):
        if j != i and o1 > a and o0 < b:
            line[max(o0, a) - a:min(o1, b) - a] = 0
    return line


def _grid_shapes(n: int, bends: np.ndarray) -> np.ndarray:
    """(bends, n+1): the cell boundaries of an n-cell grid from 0 at pitch 1, its pitch
    changing evenly from (1 - bend) at the first cell to (1 + bend) at the last (the
    ends stay where the even grid has them)."""
    k = np.arange(n + 1, dtype=np.float64)
    return k[None, :] + np.asarray(bends, np.float64)[:, None] * k * (k - n) / n


def _cell_edges(left: float, pitch: float, bend: float, n: int) -> np.ndarray:
    """The n+1 cell boundaries of a grid from `left` at `pitch` with `bend` (_grid_shapes)."""
    return left + pitch * _grid_shapes(n, [bend])[0]


def _cells(line: np.ndarray, n: int) -> tuple[float, float, float] | None:
    """(x of the first cell's left edge, pitch, bend) of a line of n characters. The pitch
    comes from the ink's extent and from the profile's period (the gaps between glyphs
    recur every cell); the grid starts at the first inked column or ends at the last
    one, and of those the one that takes in the most ink and puts its cell boundaries on
    the gaps wins -- a photo's edge or a stray mark on one side of the text is left
    outside, not read as a character. A page corner placed a few px off straightens
    the band in a slightly wrong perspective, the characters a little wider at one end
    than at the other: the pitch may change evenly along the line (`bend`, see
    _cell_edges) when that puts the cell boundaries on the gaps better."""
    col = line.sum(axis=0).astype(np.float64)
    # (against the glyphs' typical column, not the darkest: a guilloche or a frame line
    # beside the text must not count as its first or last character)
    inked = np.nonzero(col > INKED * float(np.percentile(col, 90)))[0]
    edge = max(3, line.shape[0] // 5)        # (the crop's own edge: the page's rim, a shadow)
    inked = inked[(inked >= edge) & (inked < line.shape[1] - edge)]
    if len(inked) < n:
        return None
    x0, x1 = float(inked[0]), float(inked[-1] + 1)
    p0 = (x1 - x0) / (n - 0.3)               # a glyph fills ~70 % of its cell
    c = col - col.mean()
    lags = np.arange(max(2, int(0.8 * p0)), int(1.25 * p0) + 2)
    lags = lags[lags < len(c) // 2]
    pitches = [p0 * np.linspace(0.96, 1.04, 9)]
    if len(lags):
        ac = np.array([float(np.dot(c[:-k], c[k:])) / (len(c) - k) for k in lags])
        pitches.append(lags[int(np.argmax(ac))] * np.linspace(0.98, 1.02, 5))
    cum = np.concatenate([[0.0], np.cumsum(col)])
    xs = np.arange(len(cum), dtype=np.float64)

    def fit(ps, bends):
        # every pitch x start x bend at once; the grid starts at the first glyph or ends
        # at the last one (junk beside the text can be on either side, not on both)
        p = ps[:, None, None, None]
        starts = np.concatenate([x0 + np.linspace(-0.35, 0.05, 9)[None] * ps[:, None],
                                 x1 - n * ps[:, None] + np.linspace(-0.05, 0.35, 9)[None] * ps[:, None]], axis=1)
        edges = starts[:, :, None, None] + _grid_shapes(n, bends)[None, None] * p   # (P, S, bends, n+1)
        inside = np.interp(edges[..., -1], xs, cum) - np.interp(edges[..., 0], xs, cum)
        # (a band around each boundary, not its one column: of the phases whose
        # boundaries all fall in gaps, the one that centres them)
        on_gaps = ((np.interp(edges + 0.15 * p, xs, cum) - np.interp(edges - 0.15 * p, xs, cum)) / (0.3 * p)).sum(axis=-1)
        score = inside / p[..., 0] - GAP_WEIGHT * on_gaps
        i, j, b = np.unravel_index(int(np.argmax(score)), score.shape)
        return float(score[i, j, b]), float(starts[i, j]), float(ps[i]), float(bends[b])

    # the even grid first; then the bends, at its pitch and a percent either side (a
    # bend keeps the grid's ends, but the even grid's pitch is a compromise between them)
    even = fit(np.concatenate(pitches), np.zeros(1))
    best = max(even, fit(even[2] * np.array([0.99, 1.0, 1.01]), BENDS), key=lambda t: t[0])
    return best[1], best[2], best[3]


def _classify(line: np.ndarray, left: float, pitch: float, n: int, T, face: int | None = None,
              allowed: np.ndarray | None = None, bend: float = 0.0):
    """The line read against the glyphs of one face (`face`, or the one whose glyphs fit
    the whole line best: one document, one face -- a dotted zero in one face must not
    pass for another face's B). Returns (text, per cell (margin to the runner-up,
    position, the runner-up character) -- where a cell was close, the check digits may
    prefer the other --, the mean correlation of the chosen glyphs, the face, and per
    cell (margin, position, character) of its likeliest check-digit twin). `allowed`:
    the characters each position may hold (_allowed)."""
    classes, fonts, tmpl = T
    sx = CELL_W / pitch
    big = cv2.resize(line, (max(1, int(round(line.shape[1] * sx))), CELL_H), interpolation=cv2.INTER_AREA)
    big = cv2.copyMakeBorder(big, _PAD, _PAD, _PAD + CELL_W, _PAD + CELL_W, cv2.BORDER_CONSTANT, value=0)
    # every cell at every shift of up to _PAD px, as rows of one matrix
    win = np.lib.stride_tricks.sliding_window_view(big, (CELL_H, CELL_W))     # (2*_PAD+1, W, CELL_H, CELL_W)
    cx = np.round(_cell_edges(left, pitch, bend, n)[:-1] * sx).astype(int) + CELL_W + _PAD
    cx = np.clip(cx, _PAD, win.shape[1] - 1 - _PAD)
    cols = cx[:, None] + np.arange(-_PAD, _PAD + 1)[None, :]                 # (n, shifts x)
    P = win[:, cols].transpose(1, 0, 2, 3, 4).reshape(n, -1, CELL_H * CELL_W).astype(np.float32)
    P -= P.mean(axis=2, keepdims=True)
    P /= np.linalg.norm(P, axis=2, keepdims=True) + 1e-6
    if face is None:        # (chosen on every other cell: a third of the work)
        fit = (P[::2] @ tmpl.T).max(axis=1)
        face = max(set(fonts.tolist()), key=lambda f: float(fit[:, fonts == f].max(axis=1).sum()))
    mine = fonts == face
    best_t = (P @ tmpl[mine].T).max(axis=1)                                   # (n, the face's templates)
    per_class = np.full((n, len(ALPHABET)), -2.0, np.float32)
    np.maximum.at(per_class, (slice(None), classes[mine]), best_t)
    if allowed is not None:
        per_class[~allowed] = -2.0
    order = np.argsort(per_class, axis=1)[:, ::-1]
    text = "".join(ALPHABET[i] for i in order[:, 0])
    top = per_class[np.arange(n), order[:, 0]]
    margin = top - per_class[np.arange(n), order[:, 1]]
    close = [(float(margin[k]), k, ALPHABET[order[k, 1]]) for k in range(n)]
    # the likeliest check-digit twin of each cell's glyph (see _variants)
    twin_scores = np.where(_TWINS[order[:, 0]], per_class, -2.0)
    twin = np.argmax(twin_scores, axis=1)
    twins = [(float(top[k] - twin_scores[k, twin[k]]), k, ALPHABET[twin[k]]) for k in range(n)]
    return text, close, float(top.mean()), face, twins


def _variants(text: str, close, twins=()) -> list[tuple[float, str]]:
    """(cost, reading): the reading itself (cost 0), then with close cells swapped for
    their runner-up, one subset at a time (the 3 closest under CLOSE_MARGIN); a swap
    costs its cell's margin. A cell whose check-digit twin came within TWIN_MARGIN is
    swapped for it too, however many cells are closer: the check digits cannot refuse
    that reading, so only the caller's agreement rule can (on independent photos, 6UCG
    read as 6UCQ with every check passing; the twin was 0.011 behind)."""
    near = sorted(c for c in close if c[0] < CLOSE_MARGIN)[:3]
    near += [t for t in sorted(twins)[:2] if t[0] < TWIN_MARGIN and (t[1], t[2]) not in {(k, c) for _, k, c in near}]
    out = []
    for mask in range(1 << len(near)):
        chosen = [near[b] for b in range(len(near)) if mask >> b & 1]
        if len({k for _, k, _ in chosen}) < len(chosen):
            continue                    # (one cell, two different swaps)
        t = list(text)
        for _, k, ch in chosen:
            t[k] = ch
        out.append((sum(m for m, _, _ in chosen), "".join(t)))
    return out


def read_band_lines(grey_band: np.ndarray, n_lines: int, char_h: float,
                    max_variants: int = 128) -> list[tuple[float, list[str]]]:
    """Candidate readings of a straightened MRZ band crop (grey) as (cost, lines), the
    likeliest first: for each line length that fits (TD3 and TD2 both have two lines),
    the plain reading (cost 0) and variants with close cells swapped (the cost is how
    much less those cells looked like what they became), at most `max_variants` per
    line length. Empty without fonts or when the band does not split into n_lines rows."""
    T = templates()
    if T is None or n_lines not in LINE_LENGTHS:
        return []
    # work at a size where a character is ~3x the template's height: enough detail to
    # place the grid, little enough to be quick
    f = float(np.clip(WORK_SCALE * CELL_H / max(char_h, 1.0), 0.25, 4.0))
    g = cv2.resize(grey_band, None, fx=f, fy=f, interpolation=cv2.INTER_AREA if f < 1 else cv2.INTER_CUBIC)
    ink = _ink(g, char_h * f)
    strokes = _strokes(ink)
    rows = _line_rows(strokes, n_lines)
    if rows:
        levelled = _level(ink, strokes, char_h * f, rows)
        if levelled is not ink:             # (the rows again only when it was sheared)
            ink = levelled
            rows = _line_rows(_strokes(ink), n_lines)
    if not rows:
        return []
    readings = []
    faces: dict[int, int] = {}      # line -> the face that fits it (on its first strip)
    for n in LINE_LENGTHS[n_lines]:
        allowed = [_allowed(n_lines, n, i) for i in range(len(rows))]

        def read_line(i, grid=None):
            # the rows' measure can be a few px off (fillers, a shadow, print beside the
            # line): the strip whose cells match their glyphs best is the line
            best = None
            cap = rows[i][1] - rows[i][0]
            for top, bottom in ROW_TRIES:
                line = _line_image(ink, rows, i, round(top * cap), round(bottom * cap))
                at = grid or _cells(line, n)
                if at is None:
                    continue
                text, close, fit, faces[i], twins = _classify(line, at[0], at[1], n, T, faces.get(i), allowed[i],
                                                              bend=at[2])
                if best is None or fit > best[0]:
                    best = (fit, text, close, twins, at)
            return best

        lines = [read_line(i) for i in range(len(rows))]
        if any(b is None for b in lines):
            continue
        # ICAO sets every line from the same left margin at the same pitch: a line of
        # mostly fillers (faint, easily misplaced by a glyph or two) is also read on the
        # grid of the line that fits best, and keeps whichever fits it better
        anchor = max(lines, key=lambda b: b[0])[4]
        for i, b in enumerate(lines):
            if abs(b[4][0] - anchor[0]) > GRID_AGREE * anchor[1] or abs(b[4][1] - anchor[1]) > GRID_AGREE * anchor[1] / n:
                other = read_line(i, anchor)
                if other is not None and other[0] > b[0]:
                    lines[i] = other
        # the variants try the 3 closest cells: when more than KEY_UNSURE of the key's
        # cells are close calls, a reading that passes every check digit may still hold
        # two errors that cancel (independent photo 810021 at 4.3 px/mm, corners 5 %
        # off: T read as 1 and 0 as O in one document number); no reading then
        key_cells = _KEY_CELLS[n_lines, n]
        unsure = sum(1 for b, cells in zip(lines, key_cells) for m, k, _ in b[2] if k in cells and m < CLOSE_MARGIN)
        if unsure > KEY_UNSURE * sum(len(cells) for cells in key_cells):
            continue
        per_line = [_variants(*b[1:4]) for b in lines]
        # (each length its own share: a grid of the wrong length over blank cells has
        # many readings as likely as its first)
        readings += sorted(((sum(c for c, _ in combo), [t for _, t in combo])
                            for combo in itertools.product(*per_line)), key=lambda r: r[0])[:max_variants]
    readings.sort(key=lambda r: r[0])
    return readings
