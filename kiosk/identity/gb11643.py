"""GB 11643-1999 citizen identity numbers (公民身份号码), 18-character and legacy 15-digit.

18 characters: 6-digit address code (GB/T 2260) + birth date YYYYMMDD + 3-digit
sequence (odd = male) + ISO 7064 MOD 11-2 check character (0-9 or X). The legacy
15-digit form (issued before 1999) has a 2-digit year (19YY) and no check character;
`parse_resident_id` upgrades it to the 18-character form.

Rules, in the order they are checked: `gb11643.format`, `gb11643.address_code`,
`gb11643.birth_date`, `gb11643.check_digit`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from kiosk.identity.errors import RuleError

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)  # 2^(17-i) mod 11
CHECK_CHARS = "10X98765432"

# Province-level codes (first two digits of GB/T 2260), with names for display.
PROVINCES: dict[str, tuple[str, str]] = {
    "11": ("北京市", "Beijing"), "12": ("天津市", "Tianjin"), "13": ("河北省", "Hebei"),
    "14": ("山西省", "Shanxi"), "15": ("内蒙古自治区", "Inner Mongolia"),
    "21": ("辽宁省", "Liaoning"), "22": ("吉林省", "Jilin"), "23": ("黑龙江省", "Heilongjiang"),
    "31": ("上海市", "Shanghai"), "32": ("江苏省", "Jiangsu"), "33": ("浙江省", "Zhejiang"),
    "34": ("安徽省", "Anhui"), "35": ("福建省", "Fujian"), "36": ("江西省", "Jiangxi"),
    "37": ("山东省", "Shandong"), "41": ("河南省", "Henan"), "42": ("湖北省", "Hubei"),
    "43": ("湖南省", "Hunan"), "44": ("广东省", "Guangdong"), "45": ("广西壮族自治区", "Guangxi"),
    "46": ("海南省", "Hainan"), "50": ("重庆市", "Chongqing"), "51": ("四川省", "Sichuan"),
    "52": ("贵州省", "Guizhou"), "53": ("云南省", "Yunnan"), "54": ("西藏自治区", "Tibet"),
    "61": ("陕西省", "Shaanxi"), "62": ("甘肃省", "Gansu"), "63": ("青海省", "Qinghai"),
    "64": ("宁夏回族自治区", "Ningxia"), "65": ("新疆维吾尔自治区", "Xinjiang"),
    "71": ("台湾省", "Taiwan"), "81": ("香港特别行政区", "Hong Kong"), "82": ("澳门特别行政区", "Macao"),
    # 83: Taiwan residents' residence permits (港澳台居民居住证) use 810000/820000/830000.
    "83": ("台湾居民居住证", "Taiwan residence permit"),
}

PERMIT_ADDRESS_CODES = frozenset({"810000", "820000", "830000"})
_FORMAT18 = re.compile(r"[0-9]{17}[0-9X]")
_FORMAT15 = re.compile(r"[0-9]{15}")
EARLIEST_BIRTH = date(1880, 1, 1)


def check_char(first17: str) -> str:
    """The ISO 7064 MOD 11-2 check character of the first 17 digits."""
    if len(first17) != 17 or not first17.isdigit():
        raise ValueError("check_char needs exactly 17 digits")
    s = sum(int(d) * w for d, w in zip(first17, WEIGHTS))
    return CHECK_CHARS[s % 11]


def upgrade_15(number15: str) -> str:
    """Legacy 15-digit number -> 18 characters (century 19 inserted, check char appended)."""
    body = number15[:6] + "19" + number15[6:]
    return body + check_char(body)


@dataclass(frozen=True, repr=False)
class ResidentId:
    """A resident ID number that passed every rule. `number` is always the 18-char form."""

    number: str
    legacy_15: bool
    address_code: str
    birth_date: date
    sequence: str

    @property
    def sex(self) -> str:
        return "M" if int(self.sequence[-1]) % 2 else "F"

    @property
    def province_code(self) -> str:
        return self.address_code[:2]

    @property
    def province(self) -> tuple[str, str]:
        return PROVINCES[self.province_code]

    @property
    def masked(self) -> str:
        from kiosk.privacy import mask_id
        return mask_id(self.number)

    def __repr__(self) -> str:
        return f"ResidentId({self.masked})"

    def to_public_dict(self) -> dict:
        return {"valid": True, "number": self.masked, "length": 15 if self.legacy_15 else 18,
                "province": self.province_code, "province_zh": self.province[0], "province_en": self.province[1],
                "birth_year": self.birth_date.year, "sex": self.sex}


def normalize(text: str) -> str:
    """Full-width to ASCII (NFKC: Chinese input methods type １２３), strip spaces and
    hyphens, upper-case a trailing x."""
    return re.sub(r"[\s\-]", "", unicodedata.normalize("NFKC", str(text or ""))).upper()


def parse_resident_id(text: str, *, today: date | None = None) -> ResidentId:
    """Validate a resident ID number; raise `RuleError` naming the first rule that fails."""
    n = normalize(text)
    if _FORMAT18.fullmatch(n):
        legacy = False
        birth_s = n[6:14]
    elif _FORMAT15.fullmatch(n):
        legacy = True
        birth_s = "19" + n[6:12]
    else:
        if len(n) in (15, 18):
            what = "must be digits only (an 18-character number may end in X)"
        else:
            what = f"must have 18 characters (or 15 digits for the old form), not {len(n)}"
        raise RuleError("gb11643.format", f"ID number {what}", field="id_number")
    addr = n[:6]
    # Residence permits for Hong Kong, Macao and Taiwan residents use exactly these codes.
    if addr[:2] not in PROVINCES or (addr[2:] == "0000" and addr not in PERMIT_ADDRESS_CODES):
        raise RuleError("gb11643.address_code",
                        "ID number: the first 6 digits are not a plausible address code (GB/T 2260)",
                        field="id_number")
    try:
        born = date(int(birth_s[:4]), int(birth_s[4:6]), int(birth_s[6:8]))
    except ValueError:
        raise RuleError("gb11643.birth_date", "ID number: digits 7-14 are not a real date of birth",
                        field="id_number") from None
    today = today or date.today()
    if not EARLIEST_BIRTH <= born <= today:
        raise RuleError("gb11643.birth_date", "ID number: the date of birth is in the future or before 1880",
                        field="id_number")
    if legacy:
        full = upgrade_15(n)
    else:
        if check_char(n[:17]) != n[17]:
            raise RuleError("gb11643.check_digit", "ID number: the check character (last one) does not match",
                            field="id_number")
        full = n
    return ResidentId(number=full, legacy_15=legacy, address_code=addr, birth_date=born, sequence=full[14:17])


def is_valid_resident_id(text: str, *, today: date | None = None) -> bool:
    try:
        parse_resident_id(text, today=today)
        return True
    except RuleError:
        return False
