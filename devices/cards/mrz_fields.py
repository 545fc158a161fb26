"""Split a DG1 MRZ (TD1 90, TD2 72, TD3 88 characters) into fields, with check digits.

The authoritative validator is the core's `kiosk.identity.parse_mrz` (all check digits,
real dates); `validate_with_core()` runs it on DG1's one-string MRZ. This module keeps a
lenient split so that a chip whose MRZ fails a rule still shows its fields (flagged).
Dates stay as YYMMDD here; `to_iso_date` widens them.
"""

from __future__ import annotations

import datetime as dt

from devices.cards.bac import check_digit
from devices.cards.errors import CardDataError


def _name(field: str) -> tuple[str, str]:
    surname, _, given = field.partition("<<")
    return surname.replace("<", " ").strip(), given.replace("<", " ").strip()


def _clean(s: str) -> str:
    return s.replace("<", " ").strip()


def parse_mrz(mrz: str) -> dict:
    """Fields of a machine readable zone. Raises CardDataError on a wrong length."""
    mrz = mrz.replace("\n", "").replace("\r", "")
    n = len(mrz)
    if n == 88:
        l1, l2 = mrz[:44], mrz[44:]
        surname, given = _name(l1[5:44])
        doc, doc_cd = l2[0:9], l2[9]
        f = dict(format="TD3", document_code=_clean(l1[0:2]), issuing_state=_clean(l1[2:5]),
                 surname=surname, given_names=given, document_number=_clean(doc), nationality=_clean(l2[10:13]),
                 birth_date=l2[13:19], sex=l2[20], expiry_date=l2[21:27], optional_data=_clean(l2[28:42]))
        checks = [(doc, doc_cd), (l2[13:19], l2[19]), (l2[21:27], l2[27])]
        composite = (l2[0:10] + l2[13:20] + l2[21:43], l2[43])
    elif n in (72, 90):
        if n == 90:
            l1, l2, l3 = mrz[:30], mrz[30:60], mrz[60:]
            doc, doc_cd, opt1 = l1[5:14], l1[14], l1[15:30]
            surname, given = _name(l3)
            f = dict(format="TD1", document_code=_clean(l1[0:2]), issuing_state=_clean(l1[2:5]),
                     surname=surname, given_names=given, nationality=_clean(l2[15:18]),
                     birth_date=l2[0:6], sex=l2[7], expiry_date=l2[8:14], optional_data=_clean(opt1 + l2[18:29]))
            checks = [(l2[0:6], l2[6]), (l2[8:14], l2[14])]
            composite = (l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29], l2[29])
        else:
            l1, l2 = mrz[:36], mrz[36:]
            surname, given = _name(l1[5:36])
            doc, doc_cd, opt1 = l2[0:9], l2[9], l2[28:35]
            f = dict(format="TD2", document_code=_clean(l1[0:2]), issuing_state=_clean(l1[2:5]),
                     surname=surname, given_names=given, nationality=_clean(l2[10:13]),
                     birth_date=l2[13:19], sex=l2[20], expiry_date=l2[21:27], optional_data=_clean(opt1))
            checks = [(l2[13:19], l2[19]), (l2[21:27], l2[27])]
            composite = (l2[0:10] + l2[13:20] + l2[21:35], l2[35])
        # long document numbers continue in the optional data (ICAO 9303-5 note j)
        if doc_cd == "<" and opt1.strip("<"):
            rest = opt1.split("<")[0]
            doc, doc_cd = doc + rest[:-1], rest[-1]
        f["document_number"] = _clean(doc)
        checks.insert(0, (doc, doc_cd))
    else:
        raise CardDataError(f"DG1: MRZ has {n} characters (expected 88, 72 or 90)")
    try:
        f["check_digits_ok"] = all(check_digit(v) == c for v, c in checks) and \
            check_digit(composite[0]) == composite[1]
    except CardDataError:
        f["check_digits_ok"] = False
    f["sex"] = {"M": "M", "F": "F"}.get(f["sex"], "X")
    return f


def to_iso_date(yymmdd: str, *, future: bool, today: dt.date | None = None) -> str | None:
    """YYMMDD -> YYYY-MM-DD. Birth dates are in the past; expiry dates within 50 years ahead."""
    today = today or dt.date.today()
    try:
        yy, mm, dd = int(yymmdd[0:2]), int(yymmdd[2:4]), int(yymmdd[4:6])
    except ValueError:
        return None
    century = today.year // 100 * 100
    year = century + yy
    if future:
        if year > today.year + 50:
            year -= 100
        elif year < today.year - 50:
            year += 100
    elif year > today.year:
        year -= 100
    try:
        return dt.date(year, mm, dd).isoformat()
    except ValueError:
        return None


def split_lines(mrz: str) -> list[str]:
    """DG1 stores the MRZ as one string: cut it into its 2 or 3 lines."""
    width = {88: 44, 72: 36, 90: 30}.get(len(mrz))
    if width is None:
        raise CardDataError(f"DG1: MRZ has {len(mrz)} characters (expected 88, 72 or 90)")
    return [mrz[i:i + width] for i in range(0, len(mrz), width)]


def validate_with_core(mrz: str, today: dt.date | None = None):
    """(`kiosk.identity.MrzData`, None) or (None, rule name) for DG1's MRZ string."""
    from kiosk.identity import RuleError, parse_mrz as core_parse
    try:
        return core_parse(split_lines(mrz), today=today), None
    except RuleError as e:
        return None, e.rule
