"""Masking of personal data for logs, slips and screens.

`mask_id("11010519491231002X") == "1101**********002X"`. The `PersonalDataFilter`
is installed on every log handler as a second line of defence: whatever a caller
forgets, resident ID numbers and MRZ lines are masked before a record is written.
"""

from __future__ import annotations

import logging
import re


def mask_id(number: str | None) -> str:
    """Keep the first 4 and last 4 characters of an ID or document number."""
    if not number:
        return ""
    s = str(number)
    if len(s) <= 8:
        return s[:1] + "*" * (len(s) - 1) if len(s) > 1 else "*"
    return s[:4] + "*" * (len(s) - 8) + s[-4:]


def mask_name(name: str | None) -> str:
    """张三丰 -> 张**; 'ZHANG SANFENG' -> 'Z**** S******'. Keeps the first letter of each word."""
    if not name:
        return ""
    s = str(name).strip()
    if any("\u3400" <= ch <= "\u9fff" for ch in s):
        return s[0] + "*" * (len(s) - 1)
    return " ".join(w[:1] + "*" * (len(w) - 1) for w in re.split(r"[\s<]+", s) if w)


def mask_phone(phone: str | None) -> str:
    if not phone:
        return ""
    s = str(phone)
    return s[:3] + "*" * max(0, len(s) - 7) + s[-4:] if len(s) > 7 else "*" * len(s)


# 18-digit resident ID (last char may be X), 15-digit legacy ID, and MRZ-looking lines.
_ID18 = re.compile(r"(?<![0-9A-Za-z])(\d{4})\d{10}(\d{3}[\dXx])(?![0-9A-Za-z])")
_ID15 = re.compile(r"(?<![0-9A-Za-z])(\d{4})\d{7}(\d{4})(?![0-9A-Za-z])")
_MRZ = re.compile(r"[A-Z0-9<]{30,44}")


def scrub(text: str) -> str:
    """Mask anything that looks like an ID number or an MRZ line."""
    text = _ID18.sub(lambda m: m.group(1) + "*" * 10 + m.group(2), text)
    text = _ID15.sub(lambda m: m.group(1) + "*" * 7 + m.group(2), text)
    text = _MRZ.sub(lambda m: "<MRZ masked>" if "<" in m.group(0) else m.group(0), text)
    return text


class PersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            msg = record.getMessage()
        except Exception:  # a bad format string must not kill logging
            msg = str(record.msg)
        clean = scrub(msg)
        if clean != msg:
            record.msg, record.args = clean, None
        if record.exc_info and not record.exc_text:
            record.exc_text = scrub(logging.Formatter().formatException(record.exc_info))
        elif record.exc_text:
            record.exc_text = scrub(record.exc_text)
        return True
