"""Unified social credit codes (统一社会信用代码, GB 32100-2015) of companies and
organisations: 18 characters, check character mod 31. Rules: `uscc.format`,
`uscc.check_digit`.
"""

from __future__ import annotations

import re
import unicodedata

from kiosk.identity.errors import RuleError

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, S, V, Z
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_FORMAT = re.compile(r"[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}")


def check_char(first17: str) -> str:
    s = sum(ALPHABET.index(c) * w for c, w in zip(first17, WEIGHTS))
    return ALPHABET[(31 - s % 31) % 31]


def parse_uscc(text: str) -> str:
    s = re.sub(r"[\s\-]", "", unicodedata.normalize("NFKC", str(text or ""))).upper()
    if not _FORMAT.fullmatch(s):
        raise RuleError("uscc.format", "credit code must be 18 characters: digits and capital letters "
                        "except I, O, S, V, Z; characters 3-8 are digits", field="uscc")
    if check_char(s[:17]) != s[17]:
        raise RuleError("uscc.check_digit", "credit code: the check character (last one) does not match",
                        field="uscc")
    return s
