"""Service definitions and the catalogue as loaded objects (read-only views on the JSON)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from kiosk.errors import NotFoundError

# Channels through which this hall takes a service; "department" alone means the
# citizen must go to the department's own office (not available at this hall).
HALL_CHANNELS = ("counter", "self-service")

# Display names of the service categories (the `category` enum of service.schema.json),
# in the order a screen offers them: the catalogue files carry only the codes.
CATEGORY_NAMES: dict[str, dict[str, str]] = {
    "household_registration": {"zh": "户籍办理", "en": "Household registration"},
    "resident_id": {"zh": "居民身份证", "en": "Resident ID card"},
    "residence_permit": {"zh": "居住证", "en": "Residence permit"},
    "civil_affairs": {"zh": "婚姻与民政", "en": "Marriage and civil affairs"},
    "social_security": {"zh": "社会保障", "en": "Social security"},
    "medical_insurance": {"zh": "医疗保障", "en": "Medical insurance"},
    "housing_fund": {"zh": "住房公积金", "en": "Housing provident fund"},
    "business_registration": {"zh": "企业登记", "en": "Business registration"},
    "tax": {"zh": "税务", "en": "Tax"},
    "vehicles": {"zh": "车辆与驾驶证", "en": "Vehicles and driving licences"},
    "health": {"zh": "卫生健康", "en": "Health"},
    "education": {"zh": "教育", "en": "Education"},
    "immigration": {"zh": "出入境", "en": "Exit and entry"},
    "real_estate": {"zh": "不动产", "en": "Real estate"},
    "other": {"zh": "其他", "en": "Other"},
}


def canonical_json(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


@dataclass(frozen=True)
class ServiceDefinition:
    data: Mapping[str, Any]
    source: str = ""  # file it came from (for messages)

    @property
    def id(self) -> str:
        return self.data["id"]

    @property
    def version(self) -> str:
        return self.data["version"]

    @property
    def name_zh(self) -> str:
        return self.data["name"]["zh"]

    @property
    def name_en(self) -> str:
        return self.data["name"]["en"]

    def name(self, lang: str = "zh") -> str:
        return self.data["name"]["en" if lang.startswith("en") else "zh"]

    @property
    def department(self) -> str:
        return self.data["department"]

    @property
    def category(self) -> str:
        return self.data["category"]

    @property
    def fields(self) -> list[dict]:
        return list(self.data.get("fields", []))

    @property
    def materials(self) -> list[dict]:
        return list(self.data.get("materials", []))

    def field(self, field_id: str) -> dict:
        for f in self.fields:
            if f["id"] == field_id:
                return f
        raise NotFoundError(f"service {self.id}: no field '{field_id}'")

    def material(self, material_id: str) -> dict:
        for m in self.materials:
            if m["id"] == material_id:
                return m
        raise NotFoundError(f"service {self.id}: no material '{material_id}'")

    @property
    def time_limit_days(self) -> int:
        return int(self.data["time_limit_days"])

    @property
    def fee(self) -> dict:
        return dict(self.data["fee"])

    @property
    def one_visit(self) -> bool:
        return bool(self.data["one_visit"])

    @property
    def high_frequency(self) -> bool:
        return bool(self.data.get("high_frequency", False))

    @property
    def channels(self) -> list[str]:
        return list(self.data["channels"])

    @property
    def available_here(self) -> bool:
        return any(c in HALL_CHANNELS for c in self.channels)

    @property
    def self_service(self) -> bool:
        return "self-service" in self.channels

    @property
    def sha256(self) -> str:
        return hashlib.sha256(canonical_json(self.data).encode()).hexdigest()

    def summary(self, lang: str | None = None) -> dict:
        d = {"id": self.id, "version": self.version, "name_zh": self.name_zh, "name_en": self.name_en,
             "department": self.department, "category": self.category, "one_visit": self.one_visit,
             "high_frequency": self.high_frequency, "channels": self.channels,
             "time_limit_days": self.time_limit_days, "fee": self.fee["amount"],
             "materials": len(self.materials)}
        return d

    def to_dict(self) -> dict:
        return json.loads(canonical_json(self.data))


@dataclass
class Catalog:
    version: str
    departments: dict[str, dict]
    services: dict[str, ServiceDefinition]
    manifest: dict = field(default_factory=dict)
    origin: str = ""  # directory or "store"
    _index: Any = field(default=None, repr=False, compare=False)

    def __len__(self) -> int:
        return len(self.services)

    def __iter__(self):
        return iter(self.services.values())

    def get(self, service_id: str) -> ServiceDefinition:
        try:
            return self.services[service_id]
        except KeyError:
            raise NotFoundError(f"service '{service_id}' is not in catalogue {self.version}; "
                                "`kiosk catalog list` shows the services") from None

    def department_name(self, dep_id: str, lang: str = "zh") -> str:
        d = self.departments.get(dep_id)
        return d["en" if lang.startswith("en") else "zh"] if d else dep_id

    @staticmethod
    def category_name(code: str, lang: str = "zh") -> str:
        names = CATEGORY_NAMES.get(code)
        return names["en" if lang.startswith("en") else "zh"] if names else code

    def categories(self, channel: str | None = None) -> list[tuple[str, int]]:
        """(category code, number of services) for the categories that have a service offered
        through `channel` (any channel: None), in CATEGORY_NAMES order (unknown codes last)."""
        counts: dict[str, int] = {}
        for s in self.services.values():
            if channel is None or channel in s.channels:
                counts[s.category] = counts.get(s.category, 0) + 1
        order = list(CATEGORY_NAMES)
        return sorted(counts.items(), key=lambda kv: (order.index(kv[0]) if kv[0] in order else len(order), kv[0]))

    def in_category(self, code: str, channel: str | None = None, lang: str = "zh") -> list[ServiceDefinition]:
        """The services of a category offered through `channel`, frequent ones first, then by name."""
        lg = "en" if lang.startswith("en") else "zh"
        return sorted((s for s in self.services.values()
                       if s.category == code and (channel is None or channel in s.channels)),
                      key=lambda s: (not s.high_frequency, s.name(lg)))

    def build_index(self) -> None:
        """Build the search index now (a screen calls this at start-up, not on the first key)."""
        if self._index is None:
            from kiosk.catalog.search import SearchIndex
            self._index = SearchIndex.build(self.services.values(), departments=self.departments)

    def search(self, query: str, limit: int = 20) -> list:
        """Ranked search (see kiosk.catalog.search); the index is built on first use."""
        self.build_index()
        return self._index.search(query, limit=limit)

    @classmethod
    def from_definitions(cls, version: str, departments: Iterable[dict], defs: Iterable[Mapping[str, Any]],
                         origin: str = "") -> "Catalog":
        return cls(version=version, departments={d["id"]: dict(d) for d in departments},
                   services={d["id"]: ServiceDefinition(d) for d in defs}, origin=origin)
