"""`Identity`: who the citizen is, whatever document said so, and how sure we are.

One type for every source: the passport/eID chip (`chip`), the Chinese resident ID
reader (`ga467`), a machine-readable zone read by OCR or typed (`mrz`), and details
typed by a clerk (`typed`). `verification` says how strongly it was checked:
`chip_signature_valid` (passive authentication passed, or the GA/T 467 SAM
authenticated the card), `checksums_only` (check digits passed, no signature), `typed`.

`repr()` never shows personal data; `to_public_dict()` is masked for screens and
logs; `to_dict()` is complete and meant only for encryption at rest and sealed packets.
"""

from __future__ import annotations

import base64
import dataclasses
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any, Mapping

from kiosk.errors import InputError
from kiosk.identity.errors import RuleError
from kiosk.privacy import mask_id, mask_name


class Source(StrEnum):
    CHIP = "chip"
    GA467 = "ga467"
    MRZ = "mrz"
    TYPED = "typed"


class Verification(StrEnum):
    CHIP_SIGNATURE_VALID = "chip_signature_valid"
    CHECKSUMS_ONLY = "checksums_only"
    TYPED = "typed"


# Which verification levels each source can honestly claim.
ALLOWED_VERIFICATION = {
    Source.CHIP: {Verification.CHIP_SIGNATURE_VALID, Verification.CHECKSUMS_ONLY},
    Source.GA467: {Verification.CHIP_SIGNATURE_VALID, Verification.CHECKSUMS_ONLY},
    Source.MRZ: {Verification.CHECKSUMS_ONLY},
    Source.TYPED: {Verification.TYPED},
}

# Document types (document_type). A resident ID's number is also in id_number.
DOCUMENT_TYPES = ("resident_id", "passport", "id_card", "travel_document", "hmt_residence_permit",
                  "foreign_permanent_resident", "other")

_DATE_FIELDS = ("birth_date", "valid_from", "expiry_date")


@dataclass(frozen=True, repr=False)
class Identity:
    source: Source
    verification: Verification
    id_number: str = ""          # GB 11643 resident ID number (18 chars) when the person has one
    document_number: str = ""    # number of the document presented (passport no.; = id_number for a resident ID)
    document_type: str = ""      # one of DOCUMENT_TYPES
    document_code: str = ""      # MRZ document code (P, I, ID, ...)
    issuing_state: str = ""      # ICAO 3-letter code (CHN, UTO, ...)
    nationality: str = ""
    surname: str = ""
    given_names: str = ""
    full_name: str = ""          # Latin full name as printed
    name_zh: str = ""            # 姓名 in Chinese characters
    sex: str = ""                # M, F, X or "" (unknown)
    birth_date: date | None = None
    valid_from: date | None = None
    expiry_date: date | None = None
    long_term: bool = False      # 长期: a resident ID valid without end date
    address: str = ""
    nation: str = ""             # 民族 (ethnic group), code or name as read
    authority: str = ""          # 签发机关 / issuing authority
    personal_number: str = ""
    photo: bytes | None = field(default=None, compare=False)
    read_at: datetime | None = field(default=None, compare=False)

    def __post_init__(self):
        try:
            object.__setattr__(self, "source", Source(self.source))
        except ValueError:
            raise InputError(f"identity: source must be one of {', '.join(s.value for s in Source)}") from None
        try:
            object.__setattr__(self, "verification", Verification(self.verification))
        except ValueError:
            raise InputError("identity: verification must be one of "
                             f"{', '.join(v.value for v in Verification)}") from None
        if self.verification not in ALLOWED_VERIFICATION[self.source]:
            raise InputError(f"identity: a {self.source.value} identity cannot claim {self.verification.value}")
        if self.sex not in ("M", "F", "X", ""):
            raise InputError("identity: sex must be M, F, X or empty")
        if self.document_type and self.document_type not in DOCUMENT_TYPES:
            raise InputError(f"identity: document_type must be one of {', '.join(DOCUMENT_TYPES)}")

    # ---- derived values -------------------------------------------------------------

    @property
    def valid_to(self) -> date | None:
        return self.expiry_date

    @property
    def name(self) -> str:
        """The name to show and to prefill: Chinese if known, else the Latin full name."""
        return self.name_zh or self.full_name or " ".join(p for p in (self.given_names, self.surname) if p)

    def is_expired(self, today: date | None = None) -> bool:
        if self.long_term or self.expiry_date is None:
            return False
        return self.expiry_date < (today or date.today())

    def lookup_key(self) -> str:
        """Stable text that names this person across visits (feed it to the store's blind index).

        The resident ID number when there is one, else state + document type + number."""
        if self.id_number:
            return f"CN-RIC:{self.id_number}"
        if self.document_number:
            return f"{self.issuing_state or '?'}:{self.document_type or self.document_code or '?'}:{self.document_number}"
        raise InputError("identity: no ID or document number to identify the citizen by")

    def prefill_values(self) -> dict[str, Any]:
        """Values a service form may prefill, by identity field name (see PREFILL_FIELDS)."""
        out = {}
        for name in PREFILL_FIELDS:
            v = getattr(self, name)
            if v not in ("", None):
                out[name] = v.isoformat() if isinstance(v, date) else v
        return out

    # ---- serialisation --------------------------------------------------------------

    def __repr__(self) -> str:
        return (f"Identity(source={self.source.value}, verification={self.verification.value}, "
                f"document_type={self.document_type or '?'}, number={mask_id(self.id_number or self.document_number)})")

    __str__ = __repr__

    def to_public_dict(self) -> dict[str, Any]:
        """Masked view for screens, logs and `--json` output."""
        return {
            "source": self.source.value, "verification": self.verification.value,
            "document_type": self.document_type, "issuing_state": self.issuing_state,
            "nationality": self.nationality,
            "id_number": mask_id(self.id_number), "document_number": mask_id(self.document_number),
            "name": mask_name(self.name), "sex": self.sex,
            "birth_year": self.birth_date.year if self.birth_date else None,
            "expiry_date": self.expiry_date.isoformat() if self.expiry_date else None,
            "long_term": self.long_term,
            "expired": self.is_expired(),
            "has_photo": bool(self.photo),
        }

    def to_dict(self, *, include_photo: bool = False) -> dict[str, Any]:
        """Everything, for encryption at rest and sealed packets only. Never log it."""
        d: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            v = getattr(self, f.name)
            if f.name == "photo":
                if include_photo and v:
                    d["photo_b64"] = base64.b64encode(v).decode("ascii")
                continue
            if isinstance(v, (date, datetime)):
                v = v.isoformat()
            elif isinstance(v, StrEnum):
                v = v.value
            d[f.name] = v
        return d

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, today: date | None = None) -> "Identity":
        """Build and check an identity from `to_dict()` output or a hand-written JSON file.

        A resident ID number is checked against GB 11643 (and supplies birth date and
        sex when they are missing); dates must be ISO dates; unknown keys are refused."""
        from kiosk.identity.gb11643 import parse_resident_id
        if not isinstance(data, Mapping):
            raise InputError("identity: expected a JSON object")
        names = {f.name for f in dataclasses.fields(cls)}
        kwargs: dict[str, Any] = {}
        for k, v in data.items():
            if k == "photo_b64":
                try:
                    kwargs["photo"] = base64.b64decode(v, validate=True)
                except Exception:
                    raise InputError("identity: photo_b64 is not valid base64") from None
                continue
            if k not in names:
                raise InputError(f"identity: unknown field '{k}'")
            if k in _DATE_FIELDS and v not in (None, ""):
                try:
                    v = date.fromisoformat(str(v))
                except ValueError:
                    raise InputError(f"identity: {k} must be an ISO date (YYYY-MM-DD)") from None
            elif k in _DATE_FIELDS:
                v = None
            elif k == "read_at" and v:
                try:
                    v = datetime.fromisoformat(str(v))
                except ValueError:
                    raise InputError("identity: read_at must be an ISO date-time") from None
            elif k == "long_term":
                v = bool(v)
            elif k not in ("read_at",) and v is not None and not isinstance(v, str):
                raise InputError(f"identity: {k} must be text")
            if v is None and k not in _DATE_FIELDS and k != "read_at":
                v = ""
            kwargs[k] = v
        for k in ("source", "verification"):
            if not kwargs.get(k):
                raise InputError(f"identity: '{k}' is required")
        if kwargs.get("id_number"):
            rid = parse_resident_id(kwargs["id_number"], today=today)
            kwargs["id_number"] = rid.number
            if kwargs.get("birth_date") is None:
                kwargs["birth_date"] = rid.birth_date
            elif kwargs["birth_date"] != rid.birth_date:
                raise RuleError("identity.birth_date_mismatch",
                                "identity: birth_date differs from the date in the ID number", field="birth_date")
            if not kwargs.get("sex"):
                kwargs["sex"] = rid.sex
            elif kwargs["sex"] != rid.sex:
                raise RuleError("identity.sex_mismatch",
                                "identity: sex differs from the sex coded in the ID number", field="sex")
            kwargs.setdefault("document_type", "resident_id")
            if kwargs.get("document_type") == "resident_id" and not kwargs.get("document_number"):
                kwargs["document_number"] = rid.number
        if not kwargs.get("id_number") and not kwargs.get("document_number"):
            raise InputError("identity: id_number or document_number is required")
        return cls(**kwargs)

    @classmethod
    def typed(cls, *, id_number: str, name_zh: str = "", full_name: str = "", address: str = "",
              today: date | None = None, **extra: Any) -> "Identity":
        """Details a clerk typed in: the ID number must pass GB 11643."""
        return cls.from_dict({"source": "typed", "verification": "typed", "id_number": id_number,
                              "name_zh": name_zh, "full_name": full_name, "address": address, **extra},
                             today=today)


# Identity fields a service definition may name in `prefill` (checked by the catalogue).
PREFILL_FIELDS = ("id_number", "document_number", "document_type", "issuing_state", "nationality",
                  "surname", "given_names", "full_name", "name_zh", "name", "sex", "birth_date",
                  "valid_from", "expiry_date", "address", "nation", "authority")
