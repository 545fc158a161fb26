"""Rating delivery (sync/): one row per rating revision sealed for the platform.

A rating is revision 1; a bad rating's supervisor resolution is revision 2 (the full
rating again, follow_up = resolved). The sync worker notices ratings whose current
revision has no row here, seals them (signed by the kiosk, HPKE to the platform key)
and sends them like case packets; the core's ratings module never imports sync.

state: pending -> delivered (signed receipt stored; packet dropped after retention)
or quarantined (a reason a technician can read).
"""


def up(db):
    db.execute("""
        CREATE TABLE IF NOT EXISTS rating_outbox (
            id               TEXT PRIMARY KEY,
            case_id          TEXT NOT NULL,
            revision         INTEGER NOT NULL,
            case_number      TEXT,
            state            TEXT NOT NULL DEFAULT 'pending'
                             CHECK (state IN ('pending', 'delivered', 'quarantined')),
            packet           BLOB,
            digest           TEXT,
            size             INTEGER,
            key_id           TEXT,
            queued_at        REAL NOT NULL,
            attempts         INTEGER NOT NULL DEFAULT 0,
            next_attempt_at  REAL NOT NULL DEFAULT 0,
            last_http        INTEGER,
            last_error       TEXT,
            receipt          TEXT,
            delivered_at     REAL,
            purged_at        REAL,
            updated_at       REAL NOT NULL,
            UNIQUE (case_id, revision)
        )""")
    db.execute("CREATE INDEX IF NOT EXISTS rating_outbox_due ON rating_outbox (state, next_attempt_at, queued_at)")
