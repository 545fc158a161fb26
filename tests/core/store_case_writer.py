"""Writes cases the way the submit transaction does at the store level (case row,
sequence number, three attachments, audit entry, all in ONE transaction). Used by the
crash test's child process and by the store benchmark. Attachment bytes are derived
from the case id, so a checker can regenerate and compare them byte for byte."""

from __future__ import annotations

import hashlib
import random
import sys
import uuid

from kiosk import audit
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
        seq = store.next_sequence(db, "case")
        number = f"330106-K01-{seq:06d}"
        db.execute("INSERT INTO cases(id, case_number, kiosk_seq, service_id, state, masked_name,"
                   " identity_enc, created_at, submitted_at, updated_at) VALUES(?,?,?,?,?,?,?,?,?,?)",
                   (case_id, number, seq, "test-service", "submitted", "张*",
                    store.encrypt_json({"name": "张三"}, case_id.encode()), now, now, now))
        for i, data in enumerate(blobs):
            store.put_attachment(db, case_id, f"material-{i}", data, "image/jpeg", f"page{i}.jpg")
        audit.append(db, "crash-test", "case.submit", number)
    return case_id, number


def main() -> None:
    """Child process: write cases forever, reporting each one only after COMMIT."""
    data_dir = sys.argv[1]
    store = Store.open(data_dir)
    # A leftover of the kind the app writes while capturing (swept on next open).
    (store.tmp_dir / f"frame-{uuid.uuid4().hex}.jpg.part").write_bytes(b"\xff\xd8" + b"0" * 1000)
    print("READY", flush=True)
    while True:
        case_id, number = write_case(store)
        print(f"COMMITTED {case_id} {number}", flush=True)


if __name__ == "__main__":
    main()


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
