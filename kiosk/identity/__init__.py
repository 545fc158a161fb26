"""Identities and their validators (pure Python, standard library only).

`Identity` (model.py) is the one type for every identity source; `gb11643` checks
Chinese resident ID numbers, `mrz` parses and verifies ICAO 9303 zones (TD1/TD2/TD3),
`phone` checks mainland mobile numbers. Every rejection is a `RuleError` whose `rule`
names the failed check; no message ever repeats the number it checked.

May import: the standard library and `kiosk.errors` / `kiosk.privacy`. Nothing else.
"""

from kiosk.identity.errors import RuleError
from kiosk.identity.gb11643 import ResidentId, check_char, is_valid_resident_id, parse_resident_id
from kiosk.identity.model import PREFILL_FIELDS, Identity, Source, Verification
from kiosk.identity.mrz import MrzData, check_digit, format_td1, format_td2, format_td3, parse_mrz
from kiosk.identity.phone import is_valid_mobile, parse_mobile

__all__ = ["Identity", "Source", "Verification", "PREFILL_FIELDS", "RuleError", "ResidentId",
           "parse_resident_id", "is_valid_resident_id", "check_char", "MrzData", "parse_mrz",
           "check_digit", "format_td1", "format_td2", "format_td3", "parse_mobile", "is_valid_mobile"]
