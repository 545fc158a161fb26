"""Cases and catalogue: service definitions kept by (id, version) so old cases still
display after the catalogue changes, imported catalogue versions, each case's
materials accounting (provided / reused / shared / waived) and its state history.

The search index (FTS5 + pinyin) is derived data rebuilt in memory from the active
catalogue (kiosk.catalog.search), so it is not stored here.
"""


def up(db):
    for sql in SCHEMA:
        db.execute(sql)


SCHEMA = [
    """CREATE TABLE service_definitions (
        service_id TEXT NOT NULL,
        version TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        definition TEXT NOT NULL,
        first_seen TEXT NOT NULL,
        PRIMARY KEY (service_id, version))""",
    """CREATE TABLE catalog_imports (
        catalog_version TEXT PRIMARY KEY,
        imported_at TEXT NOT NULL,
        manifest TEXT NOT NULL,
        services TEXT NOT NULL,
        active INTEGER NOT NULL DEFAULT 0)""",
    """CREATE TABLE case_materials (
        case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        material_id TEXT NOT NULL,
        disposition TEXT NOT NULL CHECK (disposition IN ('provided', 'reused', 'shared', 'waived')),
        attachment_ids TEXT NOT NULL DEFAULT '[]',
        pages INTEGER NOT NULL DEFAULT 0,
        source_case_id TEXT,
        waived_by TEXT,
        waive_reason TEXT,
        valid_until TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (case_id, material_id))""",
    "CREATE INDEX case_materials_material ON case_materials(material_id, disposition)",
    """CREATE TABLE case_events (
        id INTEGER PRIMARY KEY,
        case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        from_state TEXT,
        to_state TEXT NOT NULL,
        actor TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        at TEXT NOT NULL)""",
    "CREATE INDEX case_events_case ON case_events(case_id, id)",
    "CREATE INDEX case_events_state ON case_events(to_state, at)",
    "ALTER TABLE cases ADD COLUMN catalog_version TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE cases ADD COLUMN completed_at TEXT",
    "ALTER TABLE cases ADD COLUMN rating INTEGER",
    "CREATE INDEX cases_created ON cases(created_at)",
]
