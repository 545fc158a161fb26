"""Cases in a real store for printer tests (written through the store's own API)."""

import json
from datetime import datetime, timezone

from kiosk.store import Store

SERVICE = {
    "id": "hukou-move", "version": "3",
    "name": {"zh": "户口迁移", "en": "Household registration transfer"},
    "time_limit_days": 5, "fee": {"amount": 0, "currency": "CNY"},
    "materials": [
        {"id": "hukou", "name": {"zh": "居民户口簿", "en": "Household register"}, "kinds": ["scan"], "required": True},
        {"id": "photo", "name": {"zh": "近期照片", "en": "Recent photo"}, "kinds": ["photo"], "required": True},
        {"id": "marriage", "name": {"zh": "婚姻登记信息", "en": "Marriage record"}, "kinds": ["scan"],
         "required": True, "shared": True},
        {"id": "consent", "name": {"zh": "迁入地同意书", "en": "Consent of destination"}, "kinds": ["scan"],
         "required": True, "original": True},
    ],
}


def add_service_case(data_dir, *, n: int, submitted_at: str | None = None) -> str:
    now = submitted_at or datetime.now(timezone.utc).isoformat()
    number = f"330106-K01-20261127-{n:04d}"
    with Store.open(data_dir) as s, s.transaction() as db:
        db.execute("INSERT OR IGNORE INTO service_definitions(service_id, version, sha256, definition, first_seen)"
                   " VALUES(?,?,?,?,?)", (SERVICE["id"], SERVICE["version"], "x" * 64,
                                          json.dumps(SERVICE, ensure_ascii=False), now))
        db.execute("INSERT INTO cases(id, case_number, service_id, service_version, state, masked_name, created_at,"
                   " submitted_at, updated_at, promised_date) VALUES(?,?,?,?,?,?,?,?,?,?)",
                   (f"id-{n}", number, SERVICE["id"], SERVICE["version"], "submitted", "李*", now, now, now,
                    "2026-12-04"))
        for mid, disp, pages in (("hukou", "provided", 2), ("photo", "reused", 0), ("marriage", "shared", 0)):
            db.execute("INSERT INTO case_materials(case_id, material_id, disposition, pages, created_at, updated_at)"
                       " VALUES(?,?,?,?,?,?)", (f"id-{n}", mid, disp, pages, now, now))
    return number
