"""Machine-readable zone (ICAO 9303) from a photo of a passport or ID card page.

Locate the MRZ band (dark, dense, wide text lines near the bottom), OCR it with
Debian's tesseract (subprocess, whitelist A-Z 0-9 <), and accept a read only when
every check digit (and the composite) passes, after trying the usual OCR confusions
(O/0, I/1, S/5, B/8, Z/2, G/6) in numeric fields. `MrzVoter` accumulates reads over
frames and settles on a value seen twice (or once when only one frame is offered).

Check digits come from the core (`kiosk.identity.mrz`), and every read this module
accepts is finally re-verified by the core's `parse_mrz` (the one authority on MRZ
rules); its `MrzData` is `Mrz.data`, ready for an `Identity`.
Never log or print the MRZ itself: it carries the document number and birth date.
"""

from __future__ import annotations

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


def parse_lines(lines: list[str]) -> Mrz | None:
    """Find a valid MRZ among OCR'd lines (any junk lines around it are ignored)."""
    clean = ["".join(c for c in ln.upper().replace(" ", "") if c in _VALUES) for ln in lines]
    clean = [_fix_fillers(c) for c in clean]
    clean = [c for c in clean if len(c) >= 20]
    for i in range(len(clean)):
        for kind, n, size in (("TD3", 2, 44), ("TD2", 2, 36), ("TD1", 3, 30)):
            grp = clean[i:i + n]
            if len(grp) < n:
                continue
            # OCR often drops or adds fillers: pad/cut to size. A names line (TD3/TD2 line 1,
            # TD1 line 3) is mostly fillers, so any length goes; the others must be close.
            names_line = 0 if kind != "TD1" else 2
            fixed = [(g + "<" * size)[:size] if (abs(len(g) - size) <= 3 or (k == names_line and len(g) >= 20))
                     else None for k, g in enumerate(grp)]
            if None in fixed:
                continue
            m = parse_td3(*fixed) if kind == "TD3" else parse_td2(*fixed) if kind == "TD2" else parse_td1(*fixed)
            if m:
                from kiosk.identity.errors import RuleError
                from kiosk.identity.mrz import parse_mrz
                try:
                    m.data = parse_mrz(m.lines)
                except RuleError:
                    continue
                return m
    return None


def _ocr(grey: np.ndarray, tesseract: str = TESSERACT) -> list[str]:
    exe = tesseract if shutil.which(tesseract) else shutil.which("tesseract")
    if not exe:
        raise DeviceError("tesseract not installed (apt-get install tesseract-ocr)")
    ok, png = cv2.imencode(".png", grey)
    try:
        r = subprocess.run([exe, "stdin", "stdout", "--psm", "6", "-l", "eng",
                            "-c", f"tessedit_char_whitelist={WHITELIST}", "-c", "load_system_dawg=0",
                            "-c", "load_freq_dawg=0"],
                           input=png.tobytes(), capture_output=True, timeout=30)
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


def read_mrz(image: np.ndarray, tesseract: str = TESSERACT) -> Mrz | None:
    """A checked MRZ from a photo/scan of a document page, or None."""
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
