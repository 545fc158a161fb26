"""Core tables: meta, sequences, audit log, operators, cases, attachments."""


def up(db):
    for sql in SCHEMA:
        db.execute(sql)


SCHEMA = [
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE sequences (name TEXT PRIMARY KEY, value INTEGER NOT NULL)",
    """CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY,
        ts TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        subject TEXT NOT NULL DEFAULT '',
        detail TEXT NOT NULL DEFAULT '{}',
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL UNIQUE)""",
    """CREATE TABLE operators (
        username TEXT PRIMARY KEY,
        display_name TEXT NOT NULL DEFAULT '',
        role TEXT NOT NULL CHECK (role IN ('clerk', 'supervisor', 'technician')),
        salt BLOB NOT NULL,
        pin_hash BLOB NOT NULL,
        failed_attempts INTEGER NOT NULL DEFAULT 0,
        locked_until REAL NOT NULL DEFAULT 0,
        disabled INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL)""",
    """CREATE TABLE cases (
        id TEXT PRIMARY KEY,
        case_number TEXT UNIQUE,
        kiosk_seq INTEGER UNIQUE,
        service_id TEXT NOT NULL,
        service_version TEXT NOT NULL DEFAULT '',
        state TEXT NOT NULL,
        citizen_key TEXT,
        masked_name TEXT NOT NULL DEFAULT '',
        identity_enc BLOB,
        form_enc BLOB,
        channel TEXT NOT NULL DEFAULT 'counter',
        operator TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        submitted_at TEXT,
        updated_at TEXT NOT NULL,
        promised_date TEXT)""",
    "CREATE INDEX cases_citizen ON cases(citizen_key)",
    "CREATE INDEX cases_state ON cases(state)",
    "CREATE INDEX cases_submitted ON cases(submitted_at)",
    """CREATE TABLE attachments (
        id TEXT PRIMARY KEY,
        case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        material_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        mime TEXT NOT NULL,
        filename TEXT NOT NULL DEFAULT '',
        size INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        created_at TEXT NOT NULL,
        purged_at TEXT)""",
    "CREATE INDEX attachments_case ON attachments(case_id)",
    """CREATE TABLE attachment_blobs (
        attachment_id TEXT PRIMARY KEY REFERENCES attachments(id) ON DELETE CASCADE,
        data BLOB NOT NULL)""",
]
