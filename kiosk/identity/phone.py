"""Mainland China mobile numbers: 11 digits, optional +86 / 0086 prefix.

Rules: `mobile.format` (11 digits starting with 1), `mobile.segment` (a network
segment the MIIT has allocated to mobile, data-only or virtual operators).
"""

from __future__ import annotations

import re
import unicodedata

from kiosk.identity.errors import RuleError

# Three-digit segments allocated for mobile use (incl. 14x data cards and 17x virtual operators).
SEGMENTS = frozenset(
    [f"13{d}" for d in range(10)]
    + ["145", "146", "147", "148", "149"]
    + ["150", "151", "152", "153", "155", "156", "157", "158", "159"]
    + ["162", "165", "166", "167"]
    + [f"17{d}" for d in range(9)]
    + [f"18{d}" for d in range(10)]
    + ["190", "191", "192", "193", "195", "196", "197", "198", "199"]
)


def parse_mobile(text: str) -> str:
    """Return the 11-digit number or raise `RuleError`."""
    s = re.sub(r"[\s\-()]", "", unicodedata.normalize("NFKC", str(text or "")))
    for prefix in ("+86", "0086"):
        if s.startswith(prefix):
            s = s[len(prefix):]
            break
    else:
        if len(s) == 13 and s.startswith("86"):
            s = s[2:]
    if not re.fullmatch(r"1[0-9]{10}", s):
        raise RuleError("mobile.format", "mobile number must be 11 digits starting with 1", field="phone")
    if s[:3] not in SEGMENTS:
        raise RuleError("mobile.segment", "mobile number: the first 3 digits are not a mobile network segment",
                        field="phone")
    return s


def is_valid_mobile(text: str) -> bool:
    try:
        parse_mobile(text)
        return True
    except RuleError:
        return False
