"""Machine-readable zone (ICAO 9303) from a photo of a passport or ID card page.

Locate the MRZ band (dark, dense, wide text lines near the bottom), read it cell by
cell at its fixed pitch against OCR-B glyphs (devices/scanner/mrz_cells.py, a few ms),
and if that fails OCR it with Debian's tesseract (subprocess, whitelist A-Z 0-9 <, the
slow path: ~0.15-0.3 s a call, and its English model misreads OCR-B's fillers); accept a
read only when
every check digit (and the composite) passes, after trying the usual OCR confusions
(O/0, I/1, S/5, B/8, Z/2, G/6) in numeric fields. `MrzVoter` accumulates reads over
frames and settles on a value seen twice (or once when only one frame is offered).

Two entry points:
- `read_mrz(image)`: any photo or scan (the `kiosk scan mrz` path): the cells on the whole
  picture as a page, then the page reader on the page `detect_page` finds, then tesseract
  on the whole picture, then the whole-frame band search.
- `read_mrz_in_page(image, quad=None)`: the fast path for a live camera. Give the detected
  page's corners (or a page crop and no quad): the page is straightened at its native
  scale, the band is located on a ~480 px copy (2-3 long, parallel, evenly spaced text
  lines nearest the bottom; the other orientations only if the upright one has none), and
  only the band is OCR'd, scaled so its characters are ~32 px tall (then with a local
  threshold, then at 40 and 24 px if the check digits fail: at most `max_ocr` calls).
Tesseract runs single-threaded (OMP_THREAD_LIMIT=1): on this 2-core machine its OpenMP
threads spin against each other and made each call ~3x slower.

Check digits come from the core (`kiosk.identity.mrz`), and every read this module
accepts is finally re-verified by the core's `parse_mrz` (the one authority on MRZ
rules); its `MrzData` is `Mrz.data`, ready for an `Identity`.
Never log or print the MRZ itself: it carries the document number and birth date.
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass, field

import cv2
import numpy as np

from kiosk.errors import DeviceError

TESSERACT = "/usr/bin/tesseract"
WHITELIST = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"
_VALUES = {**{str(d): d for d in range(10)}, **{chr(65 + i): 10 + i for i in range(26)}, "<": 0}
_TO_DIGIT = {"O": "0", "Q": "0", "D": "0", "I": "1", "L": "1", "Z": "2", "S": "5", "B": "8", "G": "6", "T": "7"}
_TO_ALPHA = {"0": "O", "1": "I", "2": "Z", "5": "S", "8": "B", "6": "G", "7": "Z"}


def check_digit(field_: str) -> int:
    """ICAO 9303 7-3-1 check digit (the core's), as an int."""
    from kiosk.identity.mrz import check_digit as core_check_digit
    return int(core_check_digit(field_))


def _ok(field_: str, digit: str) -> bool:
    return digit.isdigit() and check_digit(field_) == int(digit)


_CONFUSED = {"0": "O", "O": "0", "1": "I", "I": "1", "2": "Z", "Z": "27", "5": "S", "S": "5",
             "8": "B", "B": "8", "6": "G", "G": "6", "7": "Z"}


_LETTER_TO_DIGIT = {"O": "0", "I": "1", "Z": "2", "S": "5", "B": "8", "G": "6"}


def _fix_alnum(field_: str, digit: str, table: dict | None = None) -> str | None:
    """`field_` itself if its check digit passes, else the one variant with a single
    classic OCR confusion swapped that passes (the composite check is still to come)."""
    if _ok(field_, digit):
        return field_
    if not digit.isdigit():
        return None
    hits = []
    for i, c in enumerate(field_):
        for alt in (table or _CONFUSED).get(c, ""):
            v = field_[:i] + alt + field_[i + 1:]
            if _ok(v, digit):
                hits.append(v)
    return hits[0] if len(hits) == 1 else None


@dataclass
class Mrz:
    kind: str                    # TD1, TD2, TD3
    lines: list[str]
    document_number: str
    birth_date: str              # YYMMDD
    expiry_date: str             # YYMMDD
    nationality: str
    sex: str
    surname: str = ""
    given_names: str = ""
    frames: int = 1
    data: object = None          # kiosk.identity.mrz.MrzData, verified by the core

    @property
    def bac_key_fields(self) -> tuple[str, str, str]:
        """(document number, birth date, expiry date): what BAC needs."""
        return self.document_number, self.birth_date, self.expiry_date

    def as_dict(self) -> dict:
        return {"kind": self.kind, "lines": self.lines, "document_number": self.document_number,
                "birth_date": self.birth_date, "expiry_date": self.expiry_date,
                "nationality": self.nationality, "sex": self.sex, "surname": self.surname,
                "given_names": self.given_names}


def _digits(s: str) -> str:
    return "".join(_TO_DIGIT.get(c, c) for c in s)


def _alpha(s: str) -> str:
    return "".join(_TO_ALPHA.get(c, c) for c in s)


def _names(s: str) -> tuple[str, str]:
    s = s.strip("<")
    sur, _, given = s.partition("<<")
    return sur.replace("<", " ").strip(), given.replace("<", " ").strip()


def parse_td3(l1: str, l2: str) -> Mrz | None:
    if len(l1) != 44 or len(l2) != 44:
        return None
    doc, dcd = l2[0:9], _digits(l2[9])
    nat = l2[10:13]
    dob, dobcd = _digits(l2[13:19]), _digits(l2[19])
    sex = l2[20]
    exp, expcd = _digits(l2[21:27]), _digits(l2[27])
    pers, perscd = l2[28:42], l2[42] if l2[42] == "<" else _digits(l2[42])
    comp = _digits(l2[43])
    doc = _fix_alnum(doc, dcd, _LETTER_TO_DIGIT)   # part of the BAC key: only O->0 style repairs
    if doc is None or not (_ok(dob, dobcd) and _ok(exp, expcd)):
        return None
    if perscd == "<" or (perscd == "0" and not pers.strip("<")):
        if pers.strip("<"):
            return None
    else:
        pers = _fix_alnum(pers, perscd)
        if pers is None:
            return None
    l2 = doc + dcd + _alpha(nat) + dob + dobcd + sex + exp + expcd + pers + perscd + comp
    l1 = _alpha(l1)
    if not _ok(l2[0:10] + l2[13:20] + l2[21:43], comp):
        return None
    sur, given = _names(l1[5:44])
    return Mrz("TD3", [l1, l2], doc.replace("<", ""), dob, exp, _alpha(nat), sex, sur, given)


def parse_td2(l1: str, l2: str) -> Mrz | None:
    if len(l1) != 36 or len(l2) != 36:
        return None
    doc, dcd = l2[0:9], _digits(l2[9])
    dob, dobcd = _digits(l2[13:19]), _digits(l2[19])
    exp, expcd = _digits(l2[21:27]), _digits(l2[27])
    comp = _digits(l2[35])
    doc = _fix_alnum(doc, dcd, _LETTER_TO_DIGIT)   # part of the BAC key: only O->0 style repairs
    if doc is None or not (_ok(dob, dobcd) and _ok(exp, expcd)):
        return None
    l2 = doc + dcd + _alpha(l2[10:13]) + dob + dobcd + l2[20] + exp + expcd + l2[28:35] + comp
    l1 = _alpha(l1)
    if not _ok(l2[0:10] + l2[13:20] + l2[21:35], comp):
        return None
    sur, given = _names(l1[5:36])
    return Mrz("TD2", [l1, l2], doc.replace("<", ""), dob, exp, _alpha(l2[10:13]), l2[20], sur, given)


def parse_td1(l1: str, l2: str, l3: str) -> Mrz | None:
    if len(l1) != 30 or len(l2) != 30 or len(l3) != 30:
        return None
    doc, dcd = l1[5:14], _digits(l1[14])
    dob, dobcd = _digits(l2[0:6]), _digits(l2[6])
    exp, expcd = _digits(l2[8:14]), _digits(l2[14])
    comp = _digits(l2[29])
    doc = _fix_alnum(doc, dcd, _LETTER_TO_DIGIT)   # part of the BAC key: only O->0 style repairs
    if doc is None or not (_ok(dob, dobcd) and _ok(exp, expcd)):
        return None
    l1 = _alpha(l1[:5]) + doc + dcd + l1[15:]
    l2 = dob + dobcd + l2[7] + exp + expcd + _alpha(l2[15:18]) + l2[18:29] + comp
    l3 = _alpha(l3)
    if not _ok(l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29], comp):
        return None
    sur, given = _names(l3)
    return Mrz("TD1", [l1, l2, l3], doc.replace("<", ""), dob, exp, _alpha(l2[15:18]), l2[7], sur, given)


def _fix_fillers(line: str) -> str:
    """After a run of three fillers only fillers follow; OCR reads some '<' as K."""
    i = line.find("<<<")
    return line if i < 0 else line[:i] + "".join("<" if c in "K<" else c for c in line[i:])


def _parse_kind(kind: str, lines: list[str]) -> Mrz | None:
    return parse_td3(*lines) if kind == "TD3" else parse_td2(*lines) if kind == "TD2" else parse_td1(*lines)


def _prefer_zero(kind: str, lines: list[str], m: Mrz) -> Mrz:
    """'O' read twice for '0' in a document number can pass its check digit and the
    composite (24 x (7 + 3) = 240), so both readings are valid; issuers avoid the letter O
    in document numbers, so when the all-digits reading is valid too, it wins."""
    row, lo = (0, 5) if kind == "TD1" else (1, 0)
    ln = lines[row]
    alt = list(lines)
    alt[row] = ln[:lo] + ln[lo:lo + 9].replace("O", "0") + ln[lo + 9:]
    m2 = _parse_kind(kind, alt) if alt[row] != ln else None
    return m2 or m


def _length_variants(g: str, size: int, names_line: bool) -> list[str]:
    """Ways to bring an OCR'd line to `size` characters, likeliest first. Tesseract drops
    '<' inside long filler runs, so besides padding the end, each run of 2+ fillers may be
    stretched back. Only the check digits (the composite covers the filler spans) decide
    which, if any, is right; an empty list means the line is too far off."""
    d = size - len(g)
    out = []
    other_format = len(g) in (30, 36, 44) and d != 0     # a whole line of another format (TD2 vs TD3)
    if abs(d) <= 3 or (names_line and len(g) >= 12) or (g.endswith("<<") and 0 < d <= 12 and not other_format):
        out.append((g + "<" * size)[:size])
    if 0 < d <= 16 and not other_format:
        for run in list(re.finditer(r"<{2,}", g))[-4:]:
            v = g[:run.end()] + "<" * d + g[run.end():]
            if v not in out:
                out.append(v)
    return out


def parse_lines(lines: list[str]) -> Mrz | None:
    """Find a valid MRZ among OCR'd lines (any junk lines around it are ignored)."""
    clean = ["".join(c for c in ln.upper().replace(" ", "") if c in _VALUES) for ln in lines]
    clean = [_fix_fillers(c) for c in clean]
    clean = [c for c in clean if len(c) >= 20 or (len(c) >= 12 and "<<" in c)]   # a names line loses fillers
    for i in range(len(clean)):
        for kind, n, size in (("TD3", 2, 44), ("TD2", 2, 36), ("TD1", 3, 30)):
            grp = clean[i:i + n]
            if len(grp) < n:
                continue
            # OCR often drops or adds fillers: pad/cut to size. A names line (TD3/TD2 line 1,
            # TD1 line 3) is mostly fillers, so any length goes; the others must be close.
            names_line = 0 if kind != "TD1" else 2
            options = [_length_variants(g, size, k == names_line) for k, g in enumerate(grp)]
            if not all(options):
                continue
            for fixed in itertools.islice(itertools.product(*options), 64):
                m = _parse_kind(kind, list(fixed))
                if m and "O" in m.document_number:
                    m = _prefer_zero(kind, list(fixed), m)
                if m:
                    from kiosk.identity.errors import RuleError
                    from kiosk.identity.mrz import parse_mrz
                    try:
                        m.data = parse_mrz(m.lines, strict_layout=True)
                    except RuleError:
                        continue
                    return m
    return None


_TESS_ENV = {**os.environ, "OMP_THREAD_LIMIT": "1"}


def _ocr(grey: np.ndarray, tesseract: str = TESSERACT) -> list[str]:
    exe = tesseract if shutil.which(tesseract) else shutil.which("tesseract")
    if not exe:
        raise DeviceError("tesseract not installed (apt-get install tesseract-ocr)")
    ok, png = cv2.imencode(".png", grey)
    try:
        r = subprocess.run([exe, "stdin", "stdout", "--psm", "6", "-l", "eng",
                            "-c", f"tessedit_char_whitelist={WHITELIST}", "-c", "load_system_dawg=0",
                            "-c", "load_freq_dawg=0"],
                           input=png.tobytes(), capture_output=True, timeout=30, env=_TESS_ENV)
    except subprocess.TimeoutExpired:
        raise DeviceError("tesseract took longer than 30 s") from None
    if r.returncode != 0:
        raise DeviceError(f"tesseract failed (exit {r.returncode})")
    return r.stdout.decode("ascii", "replace").splitlines()


def locate_bands(grey: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Candidate MRZ boxes (x, y, w, h) in `grey`: wide blocks of dense dark text."""
    h, w = grey.shape
    s = 800.0 / w
    g = cv2.resize(grey, (800, max(8, int(h * s))), interpolation=cv2.INTER_AREA)
    rect = cv2.getStructuringElement(cv2.MORPH_RECT, (15, 5))
    bh = cv2.morphologyEx(cv2.GaussianBlur(g, (3, 3), 0), cv2.MORPH_BLACKHAT, rect)
    gx = np.abs(cv2.Sobel(bh, cv2.CV_32F, 1, 0, ksize=3))
    gx = (255 * gx / (gx.max() + 1e-6)).astype(np.uint8)
    gx = cv2.morphologyEx(gx, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (25, 5)))
    _, th = cv2.threshold(gx, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    th = cv2.morphologyEx(th, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (31, 15)))
    th = cv2.erode(th, None, iterations=2)
    cnts, _ = cv2.findContours(th, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    boxes = []
    for c in cnts:
        x, y, bw, bh_ = cv2.boundingRect(c)
        if bw > 0.45 * g.shape[1] and bw / max(bh_, 1) > 4:
            px, py = int(0.03 * bw), int(0.25 * bh_)
            x0, y0 = max(0, x - px), max(0, y - py)
            x1, y1 = min(g.shape[1], x + bw + px), min(g.shape[0], y + bh_ + py)
            boxes.append((int(x0 / s), int(y0 / s), int((x1 - x0) / s), int((y1 - y0) / s)))
    boxes.sort(key=lambda b: -(b[1] + b[3]))        # lowest first: the MRZ is at the bottom
    out = []
    if boxes:                                       # the lowest 2-3 lines together
        x0 = min(b[0] for b in boxes[:3])
        x1 = max(b[0] + b[2] for b in boxes[:3])
        y0 = min(b[1] for b in boxes[:3])
        y1 = max(b[1] + b[3] for b in boxes[:3])
        out.append((x0, y0, x1 - x0, y1 - y0))
        x0, y0 = min(b[0] for b in boxes[:2]), min(b[1] for b in boxes[:2])
        x1, y1 = max(b[0] + b[2] for b in boxes[:2]), max(b[1] + b[3] for b in boxes[:2])
        out.append((x0, y0, x1 - x0, y1 - y0))
    return out


def _prepare(crop: np.ndarray, lines_guess: int) -> np.ndarray:
    # upscale so a text line is ~40 px tall (characters ~30 px), then binarise
    target_h = max(40 * lines_guess * 1.6, crop.shape[0])
    s = min(4.0, target_h / max(crop.shape[0], 1))
    if s > 1.05:
        crop = cv2.resize(crop, None, fx=s, fy=s, interpolation=cv2.INTER_CUBIC)
    crop = cv2.GaussianBlur(crop, (3, 3), 0)
    _, bw = cv2.threshold(crop, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return cv2.copyMakeBorder(bw, 20, 20, 20, 20, cv2.BORDER_CONSTANT, value=255)


# ------------------------------------------------------------------ the page reader

LOCATE_WIDTH = 480       # the band is located on a copy this wide
MIN_PITCH = 1.0          # MRZ lines are at least this many line heights apart, centre to centre (the
                         # blobs of tightly set lines measure ~1.05-1.1: 1.1 missed 5 of 60 bands)
# (character height, binarisation) tried in turn, one tesseract call each: the LSTM
# misreads a different character at each scale, and a global (Otsu) threshold loses
# strokes where glare or a shadow crosses the band, which a local one keeps. On
# independent generated photos (seeds 830000+/840000+, true corners, 60 pages) the
# adaptive pass second raised BAC keys read in 3 calls from 20 to 27 (Otsu at 32/40/24).
OCR_PASSES = ((32, "otsu"), (32, "adaptive"), (40, "otsu"), (24, "otsu"))
PITCH_AMBIGUOUS = 0.06   # readings this close in likelihood must agree on the BAC key
PAGE_MAX = 2000          # a straightened page is kept at most this wide (native scale below)


@dataclass
class Band:
    """An MRZ candidate in page pixels: box (x, y, w, h), its text lines, char height."""
    box: tuple[int, int, int, int]
    lines: int
    char_h: float
    score: float


def find_band(page_grey: np.ndarray) -> Band | None:
    """The MRZ band of an upright page: the lowest group of 2-3 long text lines of even
    pitch and similar extent (each wider than half the page). Works on a LOCATE_WIDTH copy."""
    h, w = page_grey.shape[:2]
    s = LOCATE_WIDTH / float(w)
    g = cv2.resize(page_grey, (LOCATE_WIDTH, max(8, round(h * s))), interpolation=cv2.INTER_AREA) if s < 1 else page_grey
    s = g.shape[1] / float(w)
    gw, gh = g.shape[1], g.shape[0]
    # dark strokes against their surroundings, joined along the line into one blob per line
    k = max(7, (gw // 40) | 1)
    bh = cv2.morphologyEx(g, cv2.MORPH_BLACKHAT, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    _, th = cv2.threshold(bh, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    th = cv2.morphologyEx(th, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (max(5, gw // 45), 1)))
    n, lab, stats, _ = cv2.connectedComponentsWithStats(th, connectivity=8)
    # pieces of one text line (a run of thin '<' fillers may break off) are joined into a
    # row; a piece on the page's top or bottom edge, or a sliver on its left or right
    # edge, is the desk showing past a corner placed a pixel out (along the top or
    # bottom it is long and thin like a line of text and pushed the band's first line
    # out of a card's three; slivers down a side joined the line beside them and made
    # it taller and wider than its neighbour)
    sliver = max(3, gw // 120)
    pieces = sorted((int(y + bh_ / 2), int(x), int(y), int(bw), int(bh_)) for x, y, bw, bh_, _a in stats[1:]
                    if 2 <= bh_ <= 0.12 * gh and bw >= 2 and 0 < y and y + bh_ < gh
                    and not (bw <= sliver and (x == 0 or x + bw >= gw)))
    merged: list[list[int]] = []          # x0, y0, x1, y1, ink width
    for yc, x, y, bw, bh_ in pieces:
        for r in merged:
            rh = r[3] - r[1]
            if abs(yc - (r[1] + r[3]) / 2) < 0.45 * max(rh, bh_) and min(r[3], y + bh_) - max(r[1], y) > 0.4 * min(rh, bh_):
                r[0], r[1], r[2], r[3], r[4] = min(r[0], x), min(r[1], y), max(r[2], x + bw), max(r[3], y + bh_), r[4] + bw
                break
        else:
            merged.append([x, y, x + bw, y + bh_, bw])
    rows = []
    for x0, y0, x1, y1, ink in merged:
        bw, bh_ = x1 - x0, y1 - y0
        if bw >= 0.5 * gw and bw >= 8 * bh_ and ink >= 0.6 * bw and bh_ <= 0.12 * gh:
            rows.append((x0, y0, bw, bh_))
    if not rows:
        return None
    rows.sort(key=lambda r: r[1])
    best = None
    for i in range(len(rows)):
        for nl in (3, 2):
            grp = rows[i:i + nl]
            if len(grp) < nl:
                continue
            hs = [r[3] for r in grp]
            pitch = [grp[j + 1][1] - grp[j][1] for j in range(nl - 1)]
            ch = float(np.median(hs))
            if min(pitch) < MIN_PITCH * ch or max(pitch) > 3.2 * ch or max(pitch) > 1.35 * min(pitch):
                continue
            x0s, x1s = [r[0] for r in grp], [r[0] + r[2] for r in grp]
            if max(x0s) - min(x0s) > 0.12 * gw or max(x1s) - min(x1s) > 0.15 * gw:
                continue
            if max(hs) > 1.8 * min(hs):
                continue
            bottom = (grp[-1][1] + grp[-1][3]) / gh
            width = (max(x1s) - min(x0s)) / gw
            score = width + 0.6 * bottom + 0.05 * nl
            if best is None or score > best[0]:
                best = (score, grp, nl, ch)
    if best is None:
        return None
    score, grp, nl, ch = best
    x0 = min(r[0] for r in grp)
    x1 = max(r[0] + r[2] for r in grp)
    y0, y1 = grp[0][1], grp[-1][1] + grp[-1][3]
    pad_x, pad_y = max(0.04 * (x1 - x0), 1.5 * ch), 0.6 * ch
    bx0, by0 = max(0.0, x0 - pad_x), max(0.0, y0 - pad_y)
    bx1, by1 = min(gw, x1 + pad_x), min(gh, y1 + pad_y)
    return Band((int(bx0 / s), int(by0 / s), int(np.ceil((bx1 - bx0) / s)), int(np.ceil((by1 - by0) / s))),
                nl, ch / s, score)


def _straighten(grey: np.ndarray, quad) -> np.ndarray:
    from devices.scanner.geometry import order_quad
    from devices.scanner.rectify import side_lengths, warp
    q = order_quad(quad)
    pw, ph = side_lengths(q)
    s = min(1.0, PAGE_MAX / max(pw, ph, 1.0))
    return warp(grey, q, (max(16, round(pw * s)), max(16, round(ph * s))))


def _ocr_band(page: np.ndarray, band: Band, tesseract: str, char_px: float,
              binarise: str = "otsu") -> Mrz | None:
    """One tesseract call on the band scaled so characters are `char_px` tall, made black
    and white with one threshold ("otsu") or one per neighbourhood ("adaptive")."""
    x, y, w, h = band.box
    crop = page[y:y + h, x:x + w]
    if crop.size == 0:
        return None
    f = float(np.clip(char_px / max(band.char_h, 1.0), 0.2, 4.0))
    if abs(f - 1) > 0.05:
        crop = cv2.resize(crop, None, fx=f, fy=f, interpolation=cv2.INTER_AREA if f < 1 else cv2.INTER_CUBIC)
    crop = cv2.GaussianBlur(crop, (3, 3), 0)
    if binarise == "adaptive":      # (a block of about two character heights)
        bw = cv2.adaptiveThreshold(crop, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY,
                                   max(15, int(char_px) * 2 + 1), 10)
    else:
        _, bw = cv2.threshold(crop, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    bw = cv2.copyMakeBorder(bw, 24, 24, 32, 32, cv2.BORDER_CONSTANT, value=255)
    return parse_lines(_ocr(bw, tesseract))


def _names_end_in_fillers(m: Mrz) -> bool:
    """Once the name field's fillers start ('<<<'), only fillers follow: letters there
    mean the cells were read off their glyphs (the check digits cannot tell: names have
    none)."""
    names = m.lines[2] if m.kind == "TD1" else m.lines[0][5:]
    i = names.find("<<<")
    return i < 0 or not names[i:].strip("<")


def _read_by_pitch(page: np.ndarray, band: Band) -> Mrz | None:
    """The band read cell by cell against OCR-B glyphs (devices/scanner/mrz_cells.py):
    the likeliest candidate reading whose check digits all pass -- if every candidate
    that passes gives the same BAC key. Two close cells can swap together and still pass
    (8 for B at check weights 3 and 7 adds 30: the same check digit); such a frame is
    ambiguous when such a reading is nearly as likely (within PITCH_AMBIGUOUS of summed
    margins) and reads nothing; the next frame or tesseract decides."""
    from devices.scanner.mrz_cells import read_band_lines
    x, y, w, h = band.box
    crop = page[y:y + h, x:x + w]
    if crop.size == 0:
        return None
    first = None
    for cost, lines in read_band_lines(crop, band.lines, band.char_h):
        if first is not None and cost > first[0] + PITCH_AMBIGUOUS:
            break
        m = parse_lines(lines)
        if m is None or not _names_end_in_fillers(m):
            continue
        if first is None:
            first = (cost, m)
        elif m.bac_key_fields != first[1].bac_key_fields:
            return None
    return None if first is None else first[1]


_ROTATIONS = (None, cv2.ROTATE_180, cv2.ROTATE_90_CLOCKWISE, cv2.ROTATE_90_COUNTERCLOCKWISE)


def read_mrz_in_page(image: np.ndarray, quad=None, *, tesseract: str = TESSERACT,
                     max_ocr: int = 3, cells: bool = True) -> Mrz | None:
    """A checked MRZ from one document page, fast: `image` is a camera frame and `quad`
    the page's four corners in its pixels (any order, e.g. `detect_page(frame).quad`), or
    `image` is already the page (a crop or a scan) and `quad` is None. The band is found
    on a small copy in each orientation (the best-scoring band first) and OCR'd at a
    few text sizes: at most `max_ocr` tesseract calls (~0.15-0.3 s each), each band read by
    the cells first unless `cells` is False (a caller that already had them fail). None
    when no band reads with every check digit passing."""
    grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image
    page = _straighten(grey, quad) if quad is not None else grey
    tried = 0
    landscape_first = page.shape[1] >= page.shape[0]
    order = _ROTATIONS if landscape_first else (_ROTATIONS[2], _ROTATIONS[3], _ROTATIONS[0], _ROTATIONS[1])
    found = []
    for rot in order:
        p = page if rot is None else cv2.rotate(page, rot)
        band = find_band(p)
        if band is not None:
            found.append((band.score, rot, p, band))
    # the upright page's band is lowest; a band near the top means the page is upside down
    found.sort(key=lambda t: -t[0])
    # every scale on the best band first, then the next orientation's band
    for _, rot, p, band in found:
        m = _read_by_pitch(p, band) if cells else None     # (no tesseract call)
        if m is not None:
            return m
        for char_px, binarise in OCR_PASSES:
            if tried >= max_ocr:
                return None
            tried += 1
            m = _ocr_band(p, band, tesseract, char_px, binarise)
            if m is not None:
                return m
    return None


def read_mrz(image: np.ndarray, tesseract: str = TESSERACT) -> Mrz | None:
    """A checked MRZ from a photo/scan of a document page, or None. The image is read
    as a page by the cells, then the page found in it, then tesseract on the image as a
    page (a photo's tilted band read by tesseract first came back with a garbled name
    that no check digit covers), then bands located anywhere in it."""
    m = read_mrz_in_page(image, tesseract=tesseract, max_ocr=0)     # a scan or a page crop
    if m is not None:
        return m
    from devices.scanner.detect import detect_page                   # a photo of the page
    try:
        det = detect_page(image)
    except Exception:          # the detector is an optimisation here, never a failure
        det = None
    if det is not None:
        m = read_mrz_in_page(image, det.quad, tesseract=tesseract, max_ocr=2)
        if m is not None:
            return m
    m = read_mrz_in_page(image, tesseract=tesseract, max_ocr=1, cells=False)    # (the cells failed above)
    if m is not None:
        return m
    grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image
    h, w = grey.shape
    tries = [grey[y:y + bh, x:x + bw] for (x, y, bw, bh) in locate_bands(grey)]
    tries.append(grey[int(h * 0.65):, :])          # fall back: the bottom third (TD3/TD2)
    for crop in tries:
        if crop.size == 0:
            continue
        for lines_guess in (2, 3):
            m = parse_lines(_ocr(_prepare(crop, lines_guess), tesseract))
            if m:
                return m
    return None


@dataclass
class MrzVoter:
    """Settle on an MRZ read seen `need` times across frames (default 2)."""
    need: int = 2
    counts: Counter = field(default_factory=Counter)
    reads: dict = field(default_factory=dict)

    def add(self, m: Mrz | None) -> Mrz | None:
        if m is None:
            return None
        key = tuple(m.lines)
        self.counts[key] += 1
        self.reads[key] = m
        if self.counts[key] >= self.need:
            best = self.reads[key]
            best.frames = self.counts[key]
            return best
        return None


# -- what the citizen holding the document is told while the camera looks for the lines --

# The hints, besides the quality gate's codes (devices.scanner.quality) that HINT_PROBLEMS
# lists in the order they are told (one at a time: the first one the citizen can mend).
READING_HINTS = ("looking", "hold_still", "reading", "unreadable")
HINT_PROBLEMS = ("page_cut", "glare", "blurry", "page_small", "low_dpi")
# reads of a page at rest, with nothing wrong the quality gate can see, before the citizen
# is told the lines do not read (a fold, a worn or covered band; typing stays open)
UNREADABLE_AFTER = 4


def mrz_paper(quad) -> str:
    """The document's format by its outline's aspect: "ID-3" (a passport's data page,
    125 x 88 mm) or "ID-1" (an ID card), whichever aspect is nearer: the size the quality
    gate judges detail by."""
    from devices.scanner.rectify import PAPERS_MM, side_lengths
    w, h = side_lengths(quad)
    aspect = max(w, h) / max(min(w, h), 1e-6)
    between = sum(max(PAPERS_MM[p]) / min(PAPERS_MM[p]) for p in ("ID-3", "ID-1")) / 2
    return "ID-3" if aspect < between else "ID-1"


def reading_hint(*, found: bool, still: bool = False, problems=(), failed_reads: int = 0) -> str:
    """The hint for this moment of an MRZ read from the camera: no document in view
    ("looking"), one still moving ("hold_still"), the first quality problem on a document
    at rest (the quality gate's code: out of view, glare, blur, too small, too little
    detail -- the MRZ needs about 6 px/mm, the gate's 150 dpi), or, with none, "reading"
    until UNREADABLE_AFTER reads have failed, then "unreadable"."""
    if not found:
        return "looking"
    if not still:
        return "hold_still"
    for p in HINT_PROBLEMS:
        if p in problems:
            return p
    return "unreadable" if failed_reads >= UNREADABLE_AFTER else "reading"
