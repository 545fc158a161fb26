"""Writes cases the way the submit transaction does at the store level (case row,
sequence number, three attachments, audit entry, all in ONE transaction). Used by the
crash test's child process and by the store benchmark. Attachment bytes are derived
from the case id, so a checker can regenerate and compare them byte for byte."""

from __future__ import annotations

import hashlib
import random
import sys
import uuid

from datetime import date

from kiosk import audit
from kiosk.cases import NUMBER_SEQUENCE, make_case_number
from kiosk.store import Store, utcnow

ATTACHMENT_SIZE = 300_000
ATTACHMENTS = 3


def attachment_bytes(case_id: str, index: int, size: int = ATTACHMENT_SIZE) -> bytes:
    return random.Random(f"{case_id}/{index}").randbytes(size)


def write_case(store: Store, *, size: int = ATTACHMENT_SIZE) -> tuple[str, str]:
    case_id = uuid.uuid4().hex
    blobs = [attachment_bytes(case_id, i, size) for i in range(ATTACHMENTS)]  # prepared outside the tx
    now = utcnow()
    with store.transaction() as db:
        seq = store.next_sequence(db, NUMBER_SEQUENCE)  # the same counter the domain's submit uses
        number = make_case_number("330106", "K01", date.today(), seq)
        db.execute("INSERT INTO cases(id, case_number, kiosk_seq, service_id, state, masked_name,"
                   " identity_enc, created_at, submitted_at, updated_at) VALUES(?,?,?,?,?,?,?,?,?,?)",
                   (case_id, number, seq, "test-service", "submitted", "张*",
                    store.encrypt_json({"name": "张三"}, case_id.encode()), now, now, now))
        for i, data in enumerate(blobs):
            store.put_attachment(db, case_id, f"material-{i}", data, "image/jpeg", f"page{i}.jpg")
        audit.append(db, "crash-test", "case.submit", number)
    return case_id, number


CRASH_SERVICE = {
    "id": "crash-test", "version": "1", "name": {"zh": "断电测试", "en": "Power-cut test"},
    "department": "test", "category": "test", "keywords": {"zh": [], "en": []},
    "channels": ["counter"], "one_visit": True, "time_limit_days": 5, "fee": {"amount": 0, "currency": "CNY"},
    "fields": [],
    "materials": [{"id": f"material-{i}", "name": {"zh": f"材料{i}", "en": f"Material {i}"},
                   "kinds": ["scan"], "min_pages": 1, "required": True} for i in range(ATTACHMENTS)],
}


def write_case_through_domain(store: Store, identity) -> tuple[str, str]:
    """The real flow: draft, three materials, submit (its hooks seal into the outbox).
    The case counts as committed only once submit has returned."""
    from kiosk import cases
    from kiosk.catalog.model import ServiceDefinition
    draft = cases.create_draft(store, ServiceDefinition(CRASH_SERVICE), identity)
    for i in range(ATTACHMENTS):
        cases.add_material(store, draft.id, f"material-{i}", attachment_bytes(draft.id, i), mime="image/jpeg")
    done = cases.submit(store, draft.id, hall_code="330106", kiosk_id="K01")
    return draft.id, done.case_number


def main() -> None:
    """Child process: write cases forever, reporting each one only after COMMIT.
    argv: DATA_DIR [store|domain]."""
    data_dir = sys.argv[1]
    mode = sys.argv[2] if len(sys.argv) > 2 else "store"
    store = Store.open(data_dir)
    if mode == "domain":
        from kiosk.identity import Identity
        ident = Identity.from_dict({"source": "ga467", "verification": "chip_signature_valid",
                                    "id_number": "11010519491231002X", "name_zh": "张三丰"})
    # A leftover of the kind the app writes while capturing (swept on next open).
    (store.tmp_dir / f"frame-{uuid.uuid4().hex}.jpg.part").write_bytes(b"\xff\xd8" + b"0" * 1000)
    print("READY", flush=True)
    while True:
        case_id, number = write_case_through_domain(store, ident) if mode == "domain" else write_case(store)
        print(f"COMMITTED {case_id} {number}", flush=True)


if __name__ == "__main__":
    main()


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
