"""Health checks for `kiosk doctor` and the technician screen.

A check is `Check(name, status, reason)` with status ok / warn / fail. The core checks
config, store and disk; each room contributes its own through the
`kiosk.doctor_checks` entry-point group: `checks(ctx) -> list[Check]`.
"""

from __future__ import annotations

import shutil
from dataclasses import asdict, dataclass

OK, WARN, FAIL = "ok", "warn", "fail"


@dataclass
class Check:
    name: str
    status: str
    reason: str

    def to_dict(self) -> dict:
        return asdict(self)


def core_checks(ctx) -> list[Check]:
    from kiosk import audit
    from kiosk.errors import KioskError
    out: list[Check] = []
    try:
        cfg = ctx.config
        out.append(Check("config", OK, f"{cfg.path} loaded" if cfg.loaded else f"{cfg.path} absent: defaults"))
    except KioskError as e:
        return [Check("config", FAIL, str(e))]
    try:
        store = ctx.store()
    except KioskError as e:
        out.append(Check("store", FAIL, str(e)))
        return out
    integrity = store.conn.execute("PRAGMA quick_check").fetchone()[0]
    out.append(Check("store", OK if integrity == "ok" else FAIL,
                     f"{store.path}: schema {store.schema_version}, quick_check {integrity}"))
    verdict = audit.verify(store.conn)
    out.append(Check("audit", OK if verdict.ok else FAIL,
                     f"{verdict.entries} entries, chain intact" if verdict.ok else verdict.reason))
    free = shutil.disk_usage(store.data_dir).free
    out.append(Check("disk", OK if free > 1 << 30 else WARN if free > 100 << 20 else FAIL,
                     f"{free / (1 << 30):.1f} GiB free in {store.data_dir}"))
    out.append(Check("store.size", OK, table_summary(store)))
    n_ops = store.conn.execute("SELECT count(*) FROM operators").fetchone()[0]
    out.append(Check("operators", OK if n_ops else WARN,
                     f"{n_ops} accounts" if n_ops else "no operator accounts: `kiosk operators add`"))
    return out


def table_counts(store) -> dict[str, int]:
    """Rows per table, through sqlite-utils' table API (doctor and diagnostics only:
    its import costs ~0.3 s, which the case path does not pay)."""
    db = store.db
    return {name: db[name].count for name in db.table_names() if not name.startswith(("sqlite_", "search_"))}


def table_summary(store) -> str:
    counts = table_counts(store)
    keep = ("cases", "attachments", "outbox", "print_jobs", "audit_log", "ratings")
    return ", ".join(f"{k} {counts[k]}" for k in keep if k in counts)
