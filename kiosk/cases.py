"""Cases: one citizen's application for one service, from draft to completion.

State machine (every transition goes through `transition()`, is recorded in
`case_events` and appended to the audit chain):

    draft -> submitted -> delivered -> accepted -> completed
                                    -> needs_more -> accepted | rejected
                                    -> rejected
    draft | submitted | delivered | needs_more -> withdrawn
    (at the kiosk, `withdraw()` only before delivery: the platform's cases the department withdraws)

A draft lives in the store (identity and form encrypted at rest) and holds the id and
version of the service definition it was made with; that definition is kept in the
store, so the case still displays after the catalogue changes.

`submit()` is ONE transaction: the form is validated against the definition, every
required material must be satisfied (provided, reused, shared, or waived by a
supervisor with a reason), the case number is issued from the per-kiosk sequence, the
promised date is computed in working days, the state changes, the audit entry is
written and the submit hooks run (sync seals the packet into the outbox). A crash at
any point leaves either all of it or none of it, and a number is never issued twice.

Case numbers: `HALL-KIOSK-YYYYMMDD-SEQ-C`, e.g. `330106-K01-20261127-000042-7`: hall
code (GB/T 2260) + kiosk id + local date + per-kiosk sequence + an ISO 7064 MOD 37,36
check character over the other characters. Unique across a province without network.

Materials reuse: `reuse_offers()` lists materials the same citizen (found by blind
index, never by ID number in clear) gave in earlier cases that are still within the new
service's reuse window and the document's validity, and whose bytes are still stored.
"""

from __future__ import annotations

import json
import re
import sqlite3
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any, Callable, Iterable

from kiosk import audit
from kiosk.catalog.forms import FormResult, prefill, validate_form
from kiosk.catalog.conditions import evaluate
from kiosk.catalog.model import ServiceDefinition
from kiosk.catalog.storage import definition_at, remember_definition
from kiosk.errors import AuthError, InputError, NotFoundError, StateError
from kiosk.identity import Identity
from kiosk.privacy import mask_id, mask_name

STATES = ("draft", "submitted", "delivered", "accepted", "needs_more", "rejected", "completed", "withdrawn")
TRANSITIONS: dict[str, frozenset[str]] = {
    "draft": frozenset({"submitted", "withdrawn"}),
    "submitted": frozenset({"delivered", "withdrawn"}),
    "delivered": frozenset({"accepted", "needs_more", "rejected", "withdrawn"}),
    "needs_more": frozenset({"accepted", "rejected", "withdrawn"}),
    "accepted": frozenset({"completed"}),
    "rejected": frozenset(),
    "completed": frozenset(),
    "withdrawn": frozenset(),
}
FINAL_STATES = frozenset(s for s, nxt in TRANSITIONS.items() if not nxt)
DISPOSITIONS = ("provided", "reused", "shared", "waived")
# Which attachment types each accepted kind allows.
KIND_MIMES = {"scan": ("image/jpeg", "image/png", "image/tiff", "application/pdf"),
              "photo": ("image/jpeg", "image/png"), "pdf": ("application/pdf",)}
NUMBER_SEQUENCE = "case_number"

Clock = Callable[[], datetime]


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


def _iso(dt: datetime) -> str:
    return dt.astimezone(timezone.utc).isoformat(timespec="milliseconds")


# ---- case numbers -------------------------------------------------------------------

_ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def iso7064_mod37_36(text: str) -> str:
    """ISO/IEC 7064 MOD 37,36 (hybrid) check character for digits and capital letters."""
    m = 36
    p = m
    for ch in text:
        v = _ALNUM.index(ch)
        p = (p + v) % m or m
        p = (p * 2) % (m + 1)
    return _ALNUM[(m + 1 - p) % m]


def make_case_number(hall_code: str, kiosk_id: str, day: date, seq: int) -> str:
    if not re.fullmatch(r"[0-9]{6}", hall_code) or not re.fullmatch(r"[A-Z0-9]{1,4}", kiosk_id):
        raise InputError("case number: hall code must be 6 digits and kiosk id 1-4 capital letters/digits "
                         "(kiosk.hall_code, kiosk.kiosk_id)")
    body = f"{hall_code}-{kiosk_id}-{day:%Y%m%d}-{seq:06d}"
    return f"{body}-{iso7064_mod37_36(body.replace('-', ''))}"


_NUMBER_RE = re.compile(r"([0-9]{6})-([A-Z0-9]{1,4})-([0-9]{8})-([0-9]{6,})-([0-9A-Z])")


def parse_case_number(text: str) -> dict:
    """Check a case number's form and check character; return its parts."""
    s = (text or "").strip().upper()
    m = _NUMBER_RE.fullmatch(s)
    if not m:
        raise InputError("case number must look like 330106-K01-20261127-000042-7")
    hall, kiosk, day, seq, check = m.groups()
    if iso7064_mod37_36(s[:-2].replace("-", "")) != check:
        raise InputError("case number: the check character does not match (mistyped?)")
    try:
        d = datetime.strptime(day, "%Y%m%d").date()
    except ValueError:
        raise InputError("case number: the date part is not a real date") from None
    return {"hall_code": hall, "kiosk_id": kiosk, "date": d.isoformat(), "seq": int(seq), "number": s}


# ---- the case object ----------------------------------------------------------------

@dataclass
class Case:
    id: str
    service_id: str
    service_version: str
    catalog_version: str
    state: str
    citizen_key: str
    masked_name: str
    channel: str
    operator: str
    created_at: str
    updated_at: str
    case_number: str | None = None
    kiosk_seq: int | None = None
    submitted_at: str | None = None
    promised_date: str | None = None
    completed_at: str | None = None
    rating: int | None = None
    materials: list[dict] = field(default_factory=list)

    def __repr__(self) -> str:
        return f"Case({self.case_number or self.id[:8]}, {self.service_id}, {self.state})"

    def to_public_dict(self) -> dict:
        d = {k: getattr(self, k) for k in ("id", "case_number", "kiosk_seq", "service_id", "service_version",
                                           "catalog_version", "state", "masked_name", "channel", "operator",
                                           "created_at", "submitted_at", "updated_at", "promised_date",
                                           "completed_at")}
        d["materials"] = [{k: m[k] for k in ("material_id", "disposition", "pages", "source_case_number",
                                             "waived_by", "waive_reason", "attachments") if k in m}
                          for m in self.materials]
        return d


_COLS = ("id, case_number, kiosk_seq, service_id, service_version, catalog_version, state, citizen_key, "
         "masked_name, channel, operator, created_at, submitted_at, updated_at, promised_date, completed_at, rating")


def _row_to_case(row) -> Case:
    return Case(id=row["id"], case_number=row["case_number"], kiosk_seq=row["kiosk_seq"],
                service_id=row["service_id"], service_version=row["service_version"],
                catalog_version=row["catalog_version"], state=row["state"], citizen_key=row["citizen_key"] or "",
                masked_name=row["masked_name"], channel=row["channel"], operator=row["operator"],
                created_at=row["created_at"], submitted_at=row["submitted_at"], updated_at=row["updated_at"],
                promised_date=row["promised_date"], completed_at=row["completed_at"], rating=row["rating"])


def _load_materials(conn: sqlite3.Connection, case_id: str) -> list[dict]:
    out = []
    for r in conn.execute("SELECT cm.*, src.case_number AS source_case_number FROM case_materials cm"
                          " LEFT JOIN cases src ON src.id = cm.source_case_id WHERE cm.case_id=?"
                          " ORDER BY cm.created_at, cm.material_id", (case_id,)):
        ids = json.loads(r["attachment_ids"])
        atts = []
        if ids:
            rows = {a["id"]: a for a in conn.execute(
                f"SELECT id, material_id, mime, filename, size, sha256, created_at, purged_at FROM attachments"
                f" WHERE id IN ({','.join('?' * len(ids))})", ids)}
            atts = [dict(rows[i]) for i in ids if i in rows]
        out.append({"material_id": r["material_id"], "disposition": r["disposition"], "pages": r["pages"],
                    "source_case_id": r["source_case_id"], "source_case_number": r["source_case_number"],
                    "waived_by": r["waived_by"], "waive_reason": r["waive_reason"], "valid_until": r["valid_until"],
                    "attachments": atts})
    return out


def get_case(store, ref: str, conn: sqlite3.Connection | None = None) -> Case:
    """A case by id or case number."""
    conn = conn or store.conn
    row = conn.execute(f"SELECT {_COLS} FROM cases WHERE id=? OR case_number=?", (ref, ref.upper())).fetchone()
    if row is None:
        raise NotFoundError(f"case {ref}: not found (`kiosk cases list` shows the cases)")
    case = _row_to_case(row)
    case.materials = _load_materials(conn, case.id)
    return case


def list_cases(store, *, state: str | None = None, service_id: str | None = None, since: str | None = None,
               until: str | None = None, limit: int = 50) -> list[Case]:
    where, args = [], []
    if state:
        where.append("state=?")
        args.append(state)
    if service_id:
        where.append("service_id=?")
        args.append(service_id)
    if since:
        where.append("created_at >= ?")
        args.append(since)
    if until:
        where.append("created_at < ?")
        args.append(until)
    sql = f"SELECT {_COLS} FROM cases" + (f" WHERE {' AND '.join(where)}" if where else "") + \
        " ORDER BY created_at DESC, id LIMIT ?"
    return [_row_to_case(r) for r in store.conn.execute(sql, (*args, max(1, limit)))]


def cases_of_citizen(store, identity: Identity, *, limit: int = 20) -> list[Case]:
    """The citizen's submitted cases on this kiosk (status enquiry by ID card or chip),
    newest first: found by the blind index of `identity.lookup_key()`, never by the ID
    number in clear. Drafts are not cases the citizen has made yet: left out."""
    key = citizen_key(store, identity)
    rows = store.conn.execute(f"SELECT {_COLS} FROM cases WHERE citizen_key=? AND state != 'draft'"
                              " ORDER BY submitted_at DESC, id LIMIT ?", (key, max(1, limit)))
    return [_row_to_case(r) for r in rows]


def definition_of(store, case: Case, conn: sqlite3.Connection | None = None) -> ServiceDefinition:
    """The service definition this case was made with (not today's catalogue)."""
    return definition_at(conn or store.conn, case.service_id, case.service_version)


def identity_of(store, case: Case, conn: sqlite3.Connection | None = None) -> Identity:
    row = (conn or store.conn).execute("SELECT identity_enc FROM cases WHERE id=?", (case.id,)).fetchone()
    return Identity.from_dict(store.decrypt_json(row[0], case.id.encode()))


def form_of(store, case: Case, conn: sqlite3.Connection | None = None) -> dict:
    row = (conn or store.conn).execute("SELECT form_enc FROM cases WHERE id=?", (case.id,)).fetchone()
    return store.decrypt_json(row[0], (case.id + ":form").encode()) or {} if row and row[0] else {}


def citizen_key(store, identity: Identity) -> str:
    return store.blind_index(identity.lookup_key())


# ---- transitions --------------------------------------------------------------------

def _record(db: sqlite3.Connection, case_id: str, from_state: str | None, to_state: str, actor: str, note: str,
            at: str, subject: str, detail: dict | None = None) -> None:
    db.execute("INSERT INTO case_events(case_id, from_state, to_state, actor, note, at) VALUES (?,?,?,?,?,?)",
               (case_id, from_state, to_state, actor, note, at))
    audit.append(db, actor, f"case.{to_state}", subject, {"from": from_state, **(detail or {})})


def transition(db: sqlite3.Connection, case_id: str, to_state: str, *, actor: str, note: str = "",
               now: Clock = _utcnow) -> str:
    """Move a case to `to_state` inside the caller's transaction; returns the previous state.

    Refuses transitions the state machine does not allow (StateError). `submitted` only
    through `submit()`, which issues the number."""
    if to_state not in STATES:
        raise InputError(f"unknown case state '{to_state}' (one of {', '.join(STATES)})")
    row = db.execute("SELECT state, case_number FROM cases WHERE id=?", (case_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"case {case_id}: not found")
    current = row[0]
    if to_state not in TRANSITIONS[current]:
        raise StateError(f"case {row[1] or case_id}: cannot go from {current} to {to_state}"
                         + (f" (allowed: {', '.join(sorted(TRANSITIONS[current]))})" if TRANSITIONS[current]
                            else " (final state)"))
    if to_state == "submitted":
        raise StateError("a case is submitted only through cases.submit(), which issues its number")
    ts = _iso(now())
    db.execute("UPDATE cases SET state=?, updated_at=? WHERE id=?", (to_state, ts, case_id))
    if to_state == "completed":
        db.execute("UPDATE cases SET completed_at=? WHERE id=?", (ts, case_id))
    _record(db, case_id, current, to_state, actor, note, ts, row[1] or case_id,
            {"note_len": len(note)} if note else None)
    return current


# A case in one of these states has moved past the platform status (reports may arrive out of order).
_BEYOND = {"delivered": {"accepted", "needs_more", "rejected", "completed"}, "accepted": {"completed"},
           "needs_more": {"accepted", "rejected", "completed"}, "rejected": set(), "completed": set()}


def apply_platform_status(db: sqlite3.Connection, case_id: str, status: str, *, note: str = "",
                          actor: str = "platform", now: Clock = _utcnow) -> list[str]:
    """Bring a case to a status the platform reported (delivered, accepted, needs_more,
    rejected, completed), passing through `delivered` (and `accepted` before
    `completed`) when the kiosk missed those. Already there or past it (reports out of
    order): no-op. A withdrawn case raises StateError. Returns the states entered."""
    path = {"delivered": ["delivered"], "accepted": ["delivered", "accepted"],
            "needs_more": ["delivered", "needs_more"], "rejected": ["delivered", "rejected"],
            "completed": ["delivered", "accepted", "completed"]}.get(status)
    if path is None:
        raise InputError(f"platform status '{status}' is not a case state the kiosk follows")
    row = db.execute("SELECT state FROM cases WHERE id=?", (case_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"case {case_id}: not found")
    entered = []
    state = row[0]
    if state == status or state in _BEYOND[status]:
        return []  # already there, or a later report arrived first
    for target in path:
        if target == state or STATES.index(target) < STATES.index(state) and target != "accepted":
            continue
        if target in TRANSITIONS[state]:
            transition(db, case_id, target, actor=actor, note=note if target == status else "", now=now)
            entered.append(target)
            state = target
    if state != status:
        raise StateError(f"case {case_id}: the platform says {status} but the case is {state}")
    return entered


def discard_draft(store, case_id: str, *, actor: str, reason: str = "") -> None:
    """Delete a draft that will not be submitted (session wiped, script failed): its
    encrypted identity, form and pages go; the audit chain keeps that it existed."""
    with store.transaction() as db:
        _draft(db, case_id)
        db.execute("DELETE FROM cases WHERE id=?", (case_id,))
        audit.append(db, actor, "case.discarded", case_id, {"reason_len": len(reason)})


# Why the kiosk refuses to withdraw (StateError.code): the screens explain each in words.
WITHDRAW_DELIVERED = "withdraw_delivered"   # the platform has it: the department withdraws it there
WITHDRAW_SENDING = "withdraw_sending"       # an upload is in flight (or its outcome unknown): try again later


def _release_from_outbox(db: sqlite3.Connection, case_id: str, number: str, actor: str) -> None:
    """Take a not-yet-delivered case out of the sync outbox, in the withdraw transaction.

    The sync worker claims a row (`outbox.sending_since`, set in its own transaction)
    before it uploads and clears the claim only once it knows the platform's answer;
    a claimed row is never withdrawn here, and the worker never sends a row it could not
    claim. So a race ends either delivered (withdraw refused) or withdrawn (never sent).
    The outbox table belongs to the store's migrations (0004, 0007): plain SQL, no sync import."""
    if not db.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='outbox'").fetchone():
        return
    row = db.execute("SELECT state, sending_since FROM outbox WHERE case_id=?", (case_id,)).fetchone()
    if row is None:
        return
    if row[0] == "delivered":
        raise StateError(f"case {number}: the platform has already received it; the department must withdraw it",
                         code=WITHDRAW_DELIVERED)
    if row[1] is not None:
        raise StateError(f"case {number}: it is being sent to the platform right now; try again in a minute",
                         code=WITHDRAW_SENDING)
    db.execute("DELETE FROM outbox WHERE case_id=?", (case_id,))  # the sealed packet goes with it
    audit.append(db, actor, "sync.outbox_withdrawn", case_id, {"outbox_state": row[0]})


def withdraw(store, case_id: str, *, actor: str, reason: str = "", supervisor=None, pin: str | None = None,
             now: Clock = _utcnow) -> Case:
    """Withdraw a case at the kiosk (the citizen no longer wants it).

    Only before the platform has it: a draft, or a submitted case (it leaves the sync
    outbox in the same transaction). Delivered or later: StateError with code
    WITHDRAW_DELIVERED (the department withdraws it on the platform). With `supervisor`
    (a user name with `pin`, or an authenticated Operator) the supervisor's PIN and role
    are checked as for a waiver, and a reason of at least 4 characters is required."""
    reason = (reason or "").strip()
    if supervisor is not None:
        if len(reason) < 4:
            raise InputError("withdrawing a case needs a reason (at least 4 characters)")
        if isinstance(supervisor, str):
            if pin is None:
                raise AuthError("withdrawing a case needs the supervisor's PIN")
            from kiosk.operators import Operators
            supervisor = Operators(store).authenticate(supervisor.strip(), pin, require_role=("supervisor",))
        if getattr(supervisor, "role", None) != "supervisor":
            raise AuthError("only a supervisor can withdraw a case")
        actor = supervisor.username
    with store.transaction() as db:
        row = db.execute("SELECT id, state, case_number FROM cases WHERE id=? OR case_number=?",
                         (case_id, case_id.upper())).fetchone()
        if row is None:
            raise NotFoundError(f"case {case_id}: not found (`kiosk cases list` shows the cases)")
        case_id, state, number = row[0], row[1], row[2] or row[0]
        if state not in ("draft", "submitted") and "withdrawn" in TRANSITIONS[state]:
            raise StateError(f"case {number}: the platform has already received it ({state}); "
                             "the department must withdraw it", code=WITHDRAW_DELIVERED)
        if state == "submitted":
            _release_from_outbox(db, case_id, number, actor)
        transition(db, case_id, "withdrawn", actor=actor, note=reason, now=now)
    return get_case(store, case_id)


# ---- drafts -------------------------------------------------------------------------

def create_draft(store, service: ServiceDefinition, identity: Identity, *, operator: str = "",
                 channel: str = "counter", catalog_version: str = "", actor: str | None = None,
                 prefill_form: bool = True, now: Clock = _utcnow) -> Case:
    """A new draft for `identity` applying for `service`; the form is prefilled from the identity."""
    if not isinstance(identity, Identity):
        raise InputError("a case needs an Identity")
    if channel not in ("counter", "self-service"):
        raise InputError("channel must be counter or self-service")
    if channel not in service.channels:
        raise InputError(f"service {service.id} is not offered through the {channel} channel here "
                         f"(channels: {', '.join(service.channels)})")
    case_id = uuid.uuid4().hex
    ts = _iso(now())
    form = prefill(service, identity) if prefill_form else {}
    form = validate_form(service, form, partial=True).values
    with store.transaction() as db:
        remember_definition(db, service)
        db.execute("INSERT INTO cases(id, service_id, service_version, catalog_version, state, citizen_key,"
                   " masked_name, identity_enc, form_enc, channel, operator, created_at, updated_at)"
                   " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                   (case_id, service.id, service.version, catalog_version, "draft", citizen_key(store, identity),
                    mask_name(identity.name), store.encrypt_json(identity.to_dict(), case_id.encode()),
                    store.encrypt_json(form, (case_id + ":form").encode()), channel, operator, ts, ts))
        _record(db, case_id, None, "draft", actor or operator or channel, "", ts, case_id,
                {"service": service.id, "version": service.version, "source": identity.source.value,
                 "verification": identity.verification.value})
    return get_case(store, case_id)


def _draft(db: sqlite3.Connection, case_id: str) -> sqlite3.Row:
    row = db.execute("SELECT * FROM cases WHERE id=?", (case_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"case {case_id}: not found")
    if row["state"] != "draft":
        raise StateError(f"case {row['case_number'] or case_id} is {row['state']}; only a draft can change")
    return row


def set_fields(store, case_id: str, values: dict[str, Any], *, actor: str = "", now: Clock = _utcnow,
               today: date | None = None) -> FormResult:
    """Merge `values` into the draft's form. Valid values are stored; the result lists
    the problems of the whole form so far (required fields are not enforced until submit).
    A value of None or "" clears a field."""
    case = get_case(store, case_id)
    service = definition_of(store, case)
    with store.transaction() as db:
        _draft(db, case_id)
        form = form_of(store, case, db)
        for k, v in values.items():
            if v is None or v == "":
                form.pop(k, None)
            else:
                form[k] = v
        result = validate_form(service, form, partial=True, today=today)
        bad = {p.field for p in result.problems}
        stored = {k: v for k, v in form.items() if k not in bad}
        stored.update(result.values)
        db.execute("UPDATE cases SET form_enc=?, updated_at=? WHERE id=?",
                   (store.encrypt_json(stored, (case_id + ":form").encode()), _iso(now()), case_id))
    return result


def _material_def(service: ServiceDefinition, material_id: str) -> dict:
    try:
        return service.material(material_id)
    except NotFoundError:
        raise InputError(f"service {service.id} has no material '{material_id}' "
                         f"(materials: {', '.join(m['id'] for m in service.materials)})") from None


def _count_pages(data: bytes, mime: str) -> int:
    if mime == "application/pdf":
        return max(1, len(re.findall(rb"/Type\s*/Page(?![s\w])", data)))
    return 1


def _upsert_material(db, case_id, material_id, disposition, *, attachment_ids=(), pages=0, source_case_id=None,
                     waived_by=None, waive_reason=None, valid_until=None, ts) -> None:
    db.execute("INSERT INTO case_materials(case_id, material_id, disposition, attachment_ids, pages, source_case_id,"
               " waived_by, waive_reason, valid_until, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)"
               " ON CONFLICT(case_id, material_id) DO UPDATE SET disposition=excluded.disposition,"
               " attachment_ids=excluded.attachment_ids, pages=excluded.pages, source_case_id=excluded.source_case_id,"
               " waived_by=excluded.waived_by, waive_reason=excluded.waive_reason,"
               " valid_until=excluded.valid_until, updated_at=excluded.updated_at",
               (case_id, material_id, disposition, json.dumps(list(attachment_ids)), pages, source_case_id,
                waived_by, waive_reason, valid_until, ts, ts))


def add_material(store, case_id: str, material_id: str, files: Iterable[tuple[bytes, str, str]] | bytes, *,
                 mime: str | None = None, filename: str = "", actor: str = "", append: bool = False,
                 now: Clock = _utcnow) -> dict:
    """Attach captured pages (or a PDF) as `provided`. `files` is bytes (with `mime`) or
    an iterable of (data, mime, filename). Replaces earlier pages unless `append`."""
    if isinstance(files, (bytes, bytearray, memoryview)):
        if not mime:
            raise InputError(f"material {material_id}: give the mime type of the file")
        files = [(bytes(files), mime, filename)]
    files = list(files)
    if not files:
        raise InputError(f"material {material_id}: no file given")
    case = get_case(store, case_id)
    service = definition_of(store, case)
    mdef = _material_def(service, material_id)
    allowed = sorted({mt for k in mdef["kinds"] for mt in KIND_MIMES[k]})
    for data, mt, fn in files:
        if mt not in allowed:
            raise InputError(f"material {material_id}: a {mt} file is not accepted here "
                             f"(accepted: {', '.join(mdef['kinds'])} = {', '.join(allowed)})")
        if not data:
            raise InputError(f"material {material_id}: file {fn or '(unnamed)'} is empty")
    ts_dt = now()
    ts = _iso(ts_dt)
    valid_until = (ts_dt.date() + timedelta(days=mdef["validity_days"])).isoformat() if mdef.get("validity_days") else None
    with store.transaction() as db:
        _draft(db, case_id)
        prev = db.execute("SELECT disposition, attachment_ids, pages FROM case_materials WHERE case_id=? AND material_id=?",
                          (case_id, material_id)).fetchone()
        ids, pages = [], 0
        if append and prev is not None and prev[0] == "provided":
            ids, pages = json.loads(prev[1]), prev[2]
        elif prev is not None and prev[0] == "provided":
            # Pages replaced before submit: drop the old blobs (they never left the kiosk).
            for old in json.loads(prev[1]):
                db.execute("DELETE FROM attachments WHERE id=?", (old,))
        added = []
        for data, mt, fn in files:
            att = store.put_attachment(db, case_id, material_id, data, mt, fn)
            ids.append(att["id"])
            pages += _count_pages(data, mt)
            added.append(att)
        _upsert_material(db, case_id, material_id, "provided", attachment_ids=ids, pages=pages,
                         valid_until=valid_until, ts=ts)
        audit.append(db, actor or case.operator or case.channel, "case.material", case_id,
                     {"material": material_id, "disposition": "provided", "pages": pages, "files": len(added)})
    return {"material_id": material_id, "disposition": "provided", "pages": pages, "attachments": added}


def mark_shared(store, case_id: str, material_id: str, *, actor: str = "", now: Clock = _utcnow) -> dict:
    """Record that the material is obtained through government data sharing (not brought)."""
    case = get_case(store, case_id)
    mdef = _material_def(definition_of(store, case), material_id)
    if not mdef.get("shared"):
        raise InputError(f"material {material_id} cannot be obtained through data sharing for this service")
    with store.transaction() as db:
        _draft(db, case_id)
        _drop_provided(db, case_id, material_id)
        _upsert_material(db, case_id, material_id, "shared", ts=_iso(now()))
        audit.append(db, actor or case.operator or case.channel, "case.material", case_id,
                     {"material": material_id, "disposition": "shared"})
    return {"material_id": material_id, "disposition": "shared"}


def _drop_provided(db, case_id, material_id):
    prev = db.execute("SELECT disposition, attachment_ids FROM case_materials WHERE case_id=? AND material_id=?",
                      (case_id, material_id)).fetchone()
    if prev is not None and prev[0] == "provided":
        for old in json.loads(prev[1]):
            db.execute("DELETE FROM attachments WHERE id=?", (old,))


def waive_material(store, case_id: str, material_id: str, *, supervisor, reason: str, pin: str | None = None,
                   actor: str = "", now: Clock = _utcnow) -> dict:
    """A supervisor waives a material, with a reason. `supervisor` is an authenticated
    `Operator` with the supervisor role, or a user name together with `pin`."""
    reason = (reason or "").strip()
    if len(reason) < 4:
        raise InputError(f"waiving {material_id} needs a reason (at least 4 characters)")
    if isinstance(supervisor, str):
        if pin is None:
            raise AuthError("waiving a material needs the supervisor's PIN")
        from kiosk.operators import Operators
        supervisor = Operators(store).authenticate(supervisor, pin, require_role=("supervisor",))
    if getattr(supervisor, "role", None) != "supervisor":
        raise AuthError("only a supervisor can waive a material")
    case = get_case(store, case_id)
    _material_def(definition_of(store, case), material_id)
    with store.transaction() as db:
        _draft(db, case_id)
        _drop_provided(db, case_id, material_id)
        _upsert_material(db, case_id, material_id, "waived", waived_by=supervisor.username, waive_reason=reason,
                         ts=_iso(now()))
        audit.append(db, supervisor.username, "case.material.waived", case_id,
                     {"material": material_id, "by": supervisor.username, "clerk": actor or case.operator})
    return {"material_id": material_id, "disposition": "waived", "waived_by": supervisor.username}


def clear_material(store, case_id: str, material_id: str, *, actor: str = "") -> None:
    with store.transaction() as db:
        _draft(db, case_id)
        _drop_provided(db, case_id, material_id)
        db.execute("DELETE FROM case_materials WHERE case_id=? AND material_id=?", (case_id, material_id))
        audit.append(db, actor or "clerk", "case.material.cleared", case_id, {"material": material_id})


# ---- reuse --------------------------------------------------------------------------

@dataclass(frozen=True)
class ReuseOffer:
    material_id: str
    source_case_id: str
    source_case_number: str
    captured_at: str           # when the pages were first captured (ISO, UTC)
    reusable_until: str        # last day the reuse window allows
    valid_until: str | None    # last day the document itself is valid, if it expires
    pages: int
    attachment_ids: tuple[str, ...]

    def to_dict(self) -> dict:
        d = dict(self.__dict__)
        d["attachment_ids"] = list(self.attachment_ids)
        return d


def reuse_offers(store, case_id: str, *, today: date | None = None) -> list[ReuseOffer]:
    """Materials this citizen gave in earlier cases that the draft's service may reuse:
    same material id, reuse window (the new service's `reuse_days`) and validity not
    passed, earlier case not a draft/withdrawn/rejected, pages still stored. Newest first,
    one offer per material."""
    case = get_case(store, case_id)
    service = definition_of(store, case)
    today = today or date.today()
    wanted = {m["id"]: m for m in service.materials if m.get("reuse_days", 0) > 0}
    if not wanted or not case.citizen_key:
        return []
    q = (f"SELECT cm.material_id, cm.attachment_ids, cm.pages, cm.case_id, c.case_number, cm.valid_until"
         f" FROM case_materials cm JOIN cases c ON c.id = cm.case_id"
         f" WHERE c.citizen_key = ? AND c.id != ? AND c.state NOT IN ('draft', 'withdrawn', 'rejected')"
         f" AND cm.disposition IN ('provided', 'reused') AND cm.material_id IN ({','.join('?' * len(wanted))})"
         f" ORDER BY c.submitted_at DESC")
    best: dict[str, ReuseOffer] = {}
    for r in store.conn.execute(q, (case.citizen_key, case.id, *wanted)):
        mid = r["material_id"]
        ids = json.loads(r["attachment_ids"])
        if not ids:
            continue
        atts = store.conn.execute(f"SELECT created_at, purged_at FROM attachments WHERE id IN "
                                  f"({','.join('?' * len(ids))})", ids).fetchall()
        if len(atts) != len(ids) or any(a["purged_at"] for a in atts):
            continue  # pages no longer on this kiosk
        captured = min(a["created_at"] for a in atts)
        cap_day = datetime.fromisoformat(captured).date()
        until = cap_day + timedelta(days=wanted[mid]["reuse_days"])
        valid_until = r["valid_until"]
        if wanted[mid].get("validity_days"):
            v = cap_day + timedelta(days=wanted[mid]["validity_days"])
            valid_until = min(valid_until, v.isoformat()) if valid_until else v.isoformat()
        if today > until or (valid_until and today.isoformat() > valid_until):
            continue
        offer = ReuseOffer(mid, r["case_id"], r["case_number"] or "", captured, until.isoformat(), valid_until,
                           r["pages"], tuple(ids))
        if mid not in best or offer.captured_at > best[mid].captured_at:
            best[mid] = offer
    return [best[m] for m in wanted if m in best]


def reuse_material(store, case_id: str, material_id: str, *, source_case_id: str | None = None,
                   actor: str = "", today: date | None = None, now: Clock = _utcnow) -> dict:
    """Use an offered earlier capture for this material (it must be among `reuse_offers`)."""
    offers = {o.material_id: o for o in reuse_offers(store, case_id, today=today)}
    offer = offers.get(material_id)
    if offer is None or (source_case_id and offer.source_case_id != source_case_id
                         and offer.source_case_number != source_case_id):
        raise InputError(f"material {material_id}: no earlier capture can be reused (none given, or the reuse "
                         "window or the document's validity has passed) [reuse.window_expired]")
    case = get_case(store, case_id)
    with store.transaction() as db:
        _draft(db, case_id)
        _drop_provided(db, case_id, material_id)
        _upsert_material(db, case_id, material_id, "reused", attachment_ids=offer.attachment_ids, pages=offer.pages,
                         source_case_id=offer.source_case_id, valid_until=offer.valid_until, ts=_iso(now()))
        audit.append(db, actor or case.operator or case.channel, "case.material", case_id,
                     {"material": material_id, "disposition": "reused", "from": offer.source_case_number})
    return {"material_id": material_id, "disposition": "reused", "source_case_number": offer.source_case_number}


# ---- readiness and submit -----------------------------------------------------------

def material_status(service: ServiceDefinition, form: dict, materials: list[dict]) -> list[dict]:
    """Per material of the service: required now?, disposition, satisfied?, why not."""
    have = {m["material_id"]: m for m in materials}
    out = []
    for m in service.materials:
        required = bool(m.get("required")) or ("required_if" in m and evaluate(m["required_if"], form))
        got = have.get(m["id"])
        problem = None
        if got is None:
            problem = "missing" if required else None
        elif got["disposition"] == "provided" and got["pages"] < m.get("min_pages", 1):
            problem = f"needs at least {m.get('min_pages', 1)} page(s), has {got['pages']}"
        out.append({"material_id": m["id"], "required": required, "disposition": got["disposition"] if got else None,
                    "satisfied": problem is None and (got is not None or not required), "problem": problem,
                    "shared_possible": bool(m.get("shared")), "name_zh": m["name"]["zh"], "name_en": m["name"]["en"]})
    return out


def check_ready(store, case_id: str, *, today: date | None = None) -> dict:
    """Everything that stops a submit: form problems and unsatisfied materials."""
    case = get_case(store, case_id)
    service = definition_of(store, case)
    form = form_of(store, case)
    result = validate_form(service, form, today=today)
    mats = material_status(service, result.values, case.materials)
    return {"ready": result.ok and all(m["satisfied"] for m in mats),
            "form_problems": [p.to_dict() for p in result.problems],
            "materials": mats}


def case_payload(store, case: Case, conn: sqlite3.Connection | None = None) -> dict:
    """The full case for the submit hooks and the sealed packet (personal data: never log)."""
    conn = conn or store.conn
    return {"id": case.id, "case_number": case.case_number, "kiosk_seq": case.kiosk_seq,
            "service_id": case.service_id, "service_version": case.service_version,
            "catalog_version": case.catalog_version, "channel": case.channel, "operator": case.operator,
            "created_at": case.created_at, "submitted_at": case.submitted_at, "promised_date": case.promised_date,
            "identity": identity_of(store, case, conn).to_dict(), "form": form_of(store, case, conn),
            "materials": [{"material_id": m["material_id"], "disposition": m["disposition"], "pages": m["pages"],
                           "source_case_number": m["source_case_number"], "waived_by": m["waived_by"],
                           "waive_reason": m["waive_reason"],
                           "attachments": [{k: a[k] for k in ("id", "sha256", "size", "mime", "filename")}
                                           for a in m["attachments"]]}
                          for m in case.materials]}


def submit(store, case_id: str, *, actor: str = "", hall_code: str | None = None, kiosk_id: str | None = None,
           calendar=None, now: Clock = _utcnow, run_hooks: bool = True) -> Case:
    """Validate and submit a draft in ONE transaction (see the module docstring).

    Raises InputError naming the first problem (`check_ready` lists them all),
    StateError if the case is not a draft. Returns the submitted case with its number
    and promised date."""
    from kiosk.workdays import default_calendar
    cfg = getattr(store, "config", None)
    hall_code = hall_code or (cfg["kiosk.hall_code"] if cfg is not None else "330106")
    kiosk_id = kiosk_id or (cfg["kiosk.kiosk_id"] if cfg is not None else "K01")
    calendar = calendar or default_calendar(cfg)
    case = get_case(store, case_id)
    service = definition_of(store, case)
    moment = now()
    local_day = moment.astimezone().date()
    with store.transaction() as db:
        _draft(db, case_id)
        form = form_of(store, case, db)
        result = validate_form(service, form, today=local_day)
        if not result.ok:
            p = result.problems[0]
            more = f" (and {len(result.problems) - 1} more)" if len(result.problems) > 1 else ""
            raise InputError(f"cannot submit: {p}{more}")
        mats = material_status(service, result.values, _load_materials(db, case_id))
        missing = [m for m in mats if not m["satisfied"]]
        if missing:
            m = missing[0]
            raise InputError(f"cannot submit: material '{m['material_id']}' {m['problem']}"
                             + (f" (and {len(missing) - 1} more)" if len(missing) > 1 else "")
                             + "; provide it, reuse an earlier one, mark it shared or have a supervisor waive it")
        # Materials the form made irrelevant are dropped, so the accounting counts what was needed.
        needed = {m["material_id"] for m in mats if m["required"] or m["disposition"]}
        seq = store.next_sequence(db, NUMBER_SEQUENCE)
        number = make_case_number(hall_code, kiosk_id, local_day, seq)
        promise = calendar.promise(local_day, service.time_limit_days)
        ts = _iso(moment)
        db.execute("UPDATE cases SET state='submitted', case_number=?, kiosk_seq=?, submitted_at=?, updated_at=?,"
                   " promised_date=?, form_enc=? WHERE id=?",
                   (number, seq, ts, ts, promise["date"],
                    store.encrypt_json(result.values, (case_id + ":form").encode()), case_id))
        dispositions = {d: sum(1 for m in mats if m["disposition"] == d) for d in DISPOSITIONS}
        _record(db, case_id, "draft", "submitted", actor or case.operator or case.channel, "", ts, number,
                {"service": service.id, "version": service.version, "promised": promise["date"],
                 "calendar": promise["calendar"], "materials": dispositions,
                 "required": sum(1 for m in mats if m["required"]), "needed": len(needed)})
        submitted = get_case(store, case_id, conn=db)
        if run_hooks:
            store.run_submit_hooks(db, case_payload(store, submitted, db))
    return get_case(store, case_id)


def public_form(service: ServiceDefinition, form: dict) -> dict:
    """Form values with personal ones masked, for `cases show` and screens."""
    out = {}
    for f in service.fields:
        if f["id"] not in form:
            continue
        v = form[f["id"]]
        if f["type"] in ("id_number",) or f.get("checksum") in ("gb11643", "luhn"):
            v = mask_id(str(v))
        elif f["type"] == "phone":
            from kiosk.privacy import mask_phone
            v = mask_phone(str(v))
        elif f["type"] in ("address", "signature", "email") or f.get("prefill") in ("name", "name_zh", "full_name",
                                                                                    "address"):
            v = mask_name(str(v)) if f["type"] != "signature" else "(signed)"
        out[f["id"]] = v
    return out
