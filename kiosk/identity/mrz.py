"""ICAO Doc 9303 machine-readable zones: TD1 (3 x 30), TD2 (2 x 36), TD3 (2 x 44).

`parse_mrz(lines)` checks the alphabet, line lengths, every check digit (document
number, birth date, expiry, TD3 personal number, composite) and real dates, and
returns `MrzData`; a failure raises `RuleError` naming the rule (`mrz.line_length`,
`mrz.alphabet`, `mrz.document_number_check`, `mrz.birth_date_check`,
`mrz.expiry_date_check`, `mrz.personal_number_check`, `mrz.composite_check`,
`mrz.birth_date`, `mrz.expiry_date`, `mrz.sex`, `mrz.format`; with `strict_layout`, for OCR
input, also `mrz.issuing_state`, `mrz.nationality`, `mrz.document_number`, `mrz.name`). Long document numbers
(more than 9 characters) continue in the optional data, as 9303 Part 5/6 describe.
`format_td1/td2/td3` build valid zones (tests, simulators, training mode).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Sequence

from kiosk.identity.countries import MRZ_STATES
from kiosk.identity.errors import RuleError

LENGTHS = {"TD1": (30, 3), "TD2": (36, 2), "TD3": (44, 2)}
_ALPHABET = re.compile(r"[A-Z0-9<]*")
_MRZ_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<")


def char_value(ch: str) -> int:
    if ch.isdigit():
        return int(ch)
    if "A" <= ch <= "Z":
        return ord(ch) - 55
    if ch == "<":
        return 0
    raise ValueError(f"not an MRZ character: {ch!r}")


def check_digit(field: str) -> str:
    """ICAO 9303 Part 3 check digit: weights 7, 3, 1 repeating, sum mod 10."""
    return str(sum(char_value(c) * (7, 3, 1)[i % 3] for i, c in enumerate(field)) % 10)


@dataclass(frozen=True, repr=False)
class MrzData:
    format: str               # TD1, TD2, TD3
    document_code: str        # "P", "I", "ID", "AC", ... (fillers stripped)
    issuing_state: str
    document_number: str      # full number, long numbers included
    nationality: str
    birth_date: date | None   # None when the zone says unknown (fillers)
    sex: str                  # M, F or X (unspecified)
    expiry_date: date | None
    surname: str
    given_names: str
    optional_data: str        # TD3 personal number / TD2 optional / TD1 optional 1 (after a long number)
    optional_data_2: str = ""  # TD1 line 2 optional data

    def __repr__(self) -> str:
        from kiosk.privacy import mask_id
        return f"MrzData({self.format}, {self.document_code}, {self.issuing_state}, {mask_id(self.document_number)})"

    @property
    def document_type(self) -> str:
        return "passport" if self.document_code.startswith("P") else "id_card" if self.format != "TD3" else "travel_document"

    def to_identity(self, *, source: str = "mrz", verification: str = "checksums_only"):
        from kiosk.identity.model import Identity
        full = " ".join(p for p in (self.given_names, self.surname) if p)
        return Identity(source=source, verification=verification, document_number=self.document_number,
                        document_type=self.document_type, document_code=self.document_code,
                        issuing_state=self.issuing_state, nationality=self.nationality,
                        surname=self.surname, given_names=self.given_names, full_name=full,
                        sex=self.sex, birth_date=self.birth_date, expiry_date=self.expiry_date,
                        personal_number=self.optional_data.replace("<", "") if self.format == "TD3" else "")


def split_lines(lines: Sequence[str] | str) -> list[str]:
    if isinstance(lines, str):
        lines = lines.split("\n")
    return [ln.strip().replace(" ", "") for ln in lines if ln.strip()]


def detect_format(lines: list[str]) -> str:
    n = len(lines)
    length = len(lines[0]) if lines else 0
    if n == 3:
        fmt = "TD1"
    elif n == 2 and length > 40:
        fmt = "TD3"
    elif n == 2:
        fmt = "TD2"
    else:
        raise RuleError("mrz.line_count", f"MRZ must have 2 lines (TD2, TD3) or 3 lines (TD1), got {n}", field="mrz")
    want = LENGTHS[fmt][0]
    for i, ln in enumerate(lines, 1):
        if len(ln) != want:
            raise RuleError("mrz.line_length",
                            f"MRZ {fmt} line {i} must have {want} characters, has {len(ln)}", field="mrz")
    return fmt


def _check_alphabet(lines: list[str]) -> None:
    for i, ln in enumerate(lines, 1):
        if not _ALPHABET.fullmatch(ln):
            pos = next(j for j, c in enumerate(ln, 1) if c not in _MRZ_CHARS)
            raise RuleError("mrz.alphabet",
                            f"MRZ line {i} position {pos}: only A-Z, 0-9 and < are allowed", field="mrz")


def _verify(field: str, digit: str, rule: str, what: str, *, filler_ok: bool = False) -> None:
    if filler_ok and digit == "<" and set(field) <= {"<"}:
        return
    if not digit.isdigit() or check_digit(field) != digit:
        raise RuleError(rule, f"MRZ: the {what} check digit does not match", field="mrz")


def _date(yymmdd: str, rule: str, what: str, *, kind: str, today: date) -> date | None:
    if "<" in yymmdd:
        if kind == "birth":
            return None  # unknown (parts of the) birth date: 9303 allows fillers there
        raise RuleError(rule, f"MRZ: the {what} must be a date (YYMMDD)", field="mrz")
    if not yymmdd.isdigit():
        raise RuleError(rule, f"MRZ: the {what} must be digits (YYMMDD)", field="mrz")
    yy, mm, dd = int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:6])
    if kind == "birth":  # a birth date is never in the future
        year = 2000 + yy if 2000 + yy <= today.year else 1900 + yy
    else:               # expiry: within the next 50 years, else the past century
        year = 2000 + yy if 2000 + yy <= today.year + 50 else 1900 + yy
    try:
        d = date(year, mm, dd)
    except ValueError:
        raise RuleError(rule, f"MRZ: the {what} is not a real date", field="mrz") from None
    if kind == "birth" and d > today:
        raise RuleError(rule, f"MRZ: the {what} is in the future", field="mrz")
    return d


def _name(field: str) -> tuple[str, str]:
    surname, _, given = field.partition("<<")
    clean = lambda s: " ".join(p for p in s.split("<") if p)  # noqa: E731
    return clean(surname), clean(given)


def _document_number(number9: str, digit: str, optional: str) -> tuple[str, str, str]:
    """Return (full number, its check digit, what is left of the optional data).

    Long numbers: position 10 of the number field holds `<`, the optional data holds
    the rest of the number followed by the real check digit, then fillers."""
    if digit == "<" and optional and optional[0] != "<":
        body = optional.split("<", 1)[0]
        if len(body) < 2:
            raise RuleError("mrz.document_number_check",
                            "MRZ: a long document number must continue in the optional data", field="mrz")
        rest = optional[len(body):]
        return number9 + body[:-1], body[-1], rest
    return number9, digit, optional


# Positions that can only hold digits (dates, check digits), per format: (line, start, end).
_NUMERIC = {"TD3": [(1, 9, 10), (1, 13, 20), (1, 21, 28), (1, 42, 44)],
            "TD2": [(1, 9, 10), (1, 13, 20), (1, 21, 28), (1, 35, 36)],
            "TD1": [(0, 14, 15), (1, 0, 7), (1, 8, 15), (1, 29, 30)]}
# Letters OCR reads instead of digits (Tesseract on MRZ fonts).
_OCR_DIGIT = str.maketrans({"O": "0", "Q": "0", "D": "0", "I": "1", "L": "1", "Z": "2", "S": "5", "G": "6",
                            "B": "8"})


def fix_ocr_digits(lines: list[str], fmt: str) -> tuple[list[str], int]:
    """Replace look-alike letters in digit-only positions; return (lines, changes).
    Safe because those positions never hold letters; the check digits still decide."""
    out = list(lines)
    changes = 0
    for li, a, b in _NUMERIC[fmt]:
        seg = out[li][a:b]
        if fmt == "TD1" and (li, a) == (0, 14) and seg == "<":
            continue  # long document number marker
        fixed = "".join(c if c == "<" else c.translate(_OCR_DIGIT) for c in seg)
        changes += sum(1 for x, y in zip(seg, fixed) if x != y)
        out[li] = out[li][:a] + fixed + out[li][b:]
    return out, changes


_CODE_3 = re.compile(r"[A-Z]{1,3}<*")     # a state or nationality: letters, fillers after them
_NUMBER_9 = re.compile(r"[A-Z0-9]+<*")    # a document number: fillers only after it


def _check_layout(state: str, nationality: str, number9: str, names: str) -> None:
    """Fields that must look like themselves: a line OCR shifted by one character (an
    extra or lost letter, then cut or padded to length) can still pass the check digits
    by chance -- measured once in 24 photos -- but not these. The state and nationality
    must also be codes ICAO knows (kiosk/identity/countries.py): a misaligned cell
    reader passed every check digit with the state "LSP" (independent photo 810082)."""
    if not _CODE_3.fullmatch(state) or state.replace("<", "") not in MRZ_STATES:
        raise RuleError("mrz.issuing_state", "MRZ: the issuing state is not a country code", field="mrz")
    if not _CODE_3.fullmatch(nationality) or nationality.replace("<", "") not in MRZ_STATES:
        raise RuleError("mrz.nationality", "MRZ: the nationality is not a country code", field="mrz")
    if not _NUMBER_9.fullmatch(number9):
        raise RuleError("mrz.document_number", "MRZ: the document number has a filler before its end", field="mrz")
    if not names[:1].isalpha():
        raise RuleError("mrz.name", "MRZ: the name field does not start with a letter", field="mrz")


def parse_mrz(lines: Sequence[str] | str, *, today: date | None = None, fix_ocr: bool = False,
              strict_layout: bool = False) -> MrzData:
    """Parse and verify a machine-readable zone; raise `RuleError` on the first failed rule.

    `fix_ocr=True` (OCR input) first turns look-alike letters (O, I, S, B, Z...) into
    digits where only digits may stand; every check digit must still pass.
    `strict_layout=True` (OCR input) also checks that the state, nationality, document
    number and name fields have their shapes (see _check_layout); a chip's or a typed
    zone is not held to it (a real document may bend them, e.g. a nationality of fillers)."""
    today = today or date.today()
    ls = split_lines(lines)
    ls = [ln.upper() if ln.isascii() else ln for ln in ls]
    _check_alphabet(ls)
    fmt = detect_format(ls)
    if fix_ocr:
        ls, _ = fix_ocr_digits(ls, fmt)
    if fmt == "TD1":
        l1, l2, l3 = ls
        code, state, number9, names = l1[0:2], l1[2:5], l1[5:14], l3
        num, num_cd, opt1 = _document_number(number9, l1[14], l1[15:30])
        birth, birth_cd, sex, exp, exp_cd = l2[0:6], l2[6], l2[7], l2[8:14], l2[14]
        nat, opt2, composite = l2[15:18], l2[18:29], l2[29]
        composite_field = l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29]
        personal = None
    else:
        l1, l2 = ls
        code, state, number9, names = l1[0:2], l1[2:5], l2[0:9], l1[5:]
        birth, birth_cd, sex, exp, exp_cd, nat = l2[13:19], l2[19], l2[20], l2[21:27], l2[27], l2[10:13]
        if fmt == "TD3":
            num, num_cd, opt1 = number9, l2[9], l2[28:42]
            personal = (l2[28:42], l2[42])
            composite = l2[43]
            composite_field = l2[0:10] + l2[13:20] + l2[21:43]
        else:
            num, num_cd, opt1 = _document_number(number9, l2[9], l2[28:35])
            personal = None
            composite = l2[35]
            composite_field = l2[0:10] + l2[13:20] + l2[21:35]
        opt2 = ""
    surname, given = _name(names)
    if code[0] not in "PIACV":
        raise RuleError("mrz.format", "MRZ: the document code must start with P, I, A, C or V", field="mrz")
    if strict_layout:
        _check_layout(state, nat, number9, names)
    _verify(num, num_cd, "mrz.document_number_check", "document number")
    _verify(birth, birth_cd, "mrz.birth_date_check", "date of birth")
    _verify(exp, exp_cd, "mrz.expiry_date_check", "date of expiry")
    if personal is not None:
        _verify(personal[0], personal[1], "mrz.personal_number_check", "personal number", filler_ok=True)
    _verify(composite_field, composite, "mrz.composite_check", "composite")
    if sex not in ("M", "F", "<", "X"):
        raise RuleError("mrz.sex", "MRZ: sex must be M, F or <", field="mrz")
    birth_date = _date(birth, "mrz.birth_date", "date of birth", kind="birth", today=today)
    expiry_date = _date(exp, "mrz.expiry_date", "date of expiry", kind="expiry", today=today)
    return MrzData(format=fmt, document_code=code.replace("<", ""), issuing_state=state.replace("<", ""),
                   document_number=num.replace("<", ""), nationality=nat.replace("<", ""),
                   birth_date=birth_date, sex="X" if sex == "<" else sex, expiry_date=expiry_date,
                   surname=surname, given_names=given, optional_data=opt1.rstrip("<"),
                   optional_data_2=opt2.rstrip("<"))


# ---- building zones (tests, simulators) ------------------------------------------------

def _pad(s: str, n: int) -> str:
    s = s.upper().replace(" ", "<")
    if len(s) > n:
        raise ValueError(f"field longer than {n}")
    return s + "<" * (n - len(s))


def _name_field(surname: str, given: str, n: int) -> str:
    s = surname.replace(" ", "<") + ("<<" + given.replace(" ", "<") if given else "")
    return _pad(s[:n], n)


def _num_fields(number: str, opt_len: int, optional: str) -> tuple[str, str]:
    """(9-char number field + check digit, optional data field) for TD1/TD2 long numbers."""
    if len(number) <= 9:
        return _pad(number, 9) + check_digit(_pad(number, 9)), _pad(optional, opt_len)
    extra = number[9:] + check_digit(number)
    return number[:9] + "<", _pad(extra + ("<" + optional if optional else ""), opt_len)


def _yymmdd(d: date | None) -> str:
    return d.strftime("%y%m%d") if d else "<<<<<<"


def format_td3(*, document_number: str, birth_date: date, expiry_date: date, surname: str,
               given_names: str = "", issuing_state: str = "UTO", nationality: str = "UTO",
               sex: str = "F", personal_number: str = "", code: str = "P") -> list[str]:
    l1 = _pad(code, 2) + _pad(issuing_state, 3) + _name_field(surname, given_names, 39)
    num = _pad(document_number, 9)
    pn = _pad(personal_number, 14)
    pn_cd = check_digit(pn) if personal_number else "<"
    body = (num + check_digit(num) + _pad(nationality, 3) + _yymmdd(birth_date) + check_digit(_yymmdd(birth_date))
            + ("<" if sex == "X" else sex) + _yymmdd(expiry_date) + check_digit(_yymmdd(expiry_date)) + pn + pn_cd)
    comp = body[0:10] + body[13:20] + body[21:43]
    return [l1, body + check_digit(comp)]


def format_td2(*, document_number: str, birth_date: date, expiry_date: date, surname: str,
               given_names: str = "", issuing_state: str = "UTO", nationality: str = "UTO",
               sex: str = "F", optional: str = "", code: str = "I") -> list[str]:
    l1 = _pad(code, 2) + _pad(issuing_state, 3) + _name_field(surname, given_names, 31)
    numf, opt = _num_fields(document_number, 7, optional)
    body = (numf + _pad(nationality, 3) + _yymmdd(birth_date) + check_digit(_yymmdd(birth_date))
            + ("<" if sex == "X" else sex) + _yymmdd(expiry_date) + check_digit(_yymmdd(expiry_date)) + opt)
    comp = body[0:10] + body[13:20] + body[21:35]
    return [l1, body + check_digit(comp)]


def format_td1(*, document_number: str, birth_date: date, expiry_date: date, surname: str,
               given_names: str = "", issuing_state: str = "UTO", nationality: str = "UTO",
               sex: str = "F", optional: str = "", optional_2: str = "", code: str = "I") -> list[str]:
    numf, opt1 = _num_fields(document_number, 15, optional)
    l1 = _pad(code, 2) + _pad(issuing_state, 3) + numf + opt1
    l2 = (_yymmdd(birth_date) + check_digit(_yymmdd(birth_date)) + ("<" if sex == "X" else sex)
          + _yymmdd(expiry_date) + check_digit(_yymmdd(expiry_date)) + _pad(nationality, 3) + _pad(optional_2, 11))
    comp = l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29]
    return [l1, l2 + check_digit(comp), _name_field(surname, given_names, 30)]
