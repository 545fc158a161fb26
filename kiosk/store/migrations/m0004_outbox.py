"""Outbox (sync/): one row per submitted case holding its sealed packet until the
platform's signed receipt, plus a small key/value table for the sync worker's state.

outbox.state: pending -> delivered (receipt stored) -> purged payload (purged_at set),
or quarantined (a reason a technician can read; `kiosk sync retry CASE` re-queues).
`sealed` = 0 while the kiosk is not enrolled: the packet is then held under a local
AES-256-GCM key and sealed to the platform at enrollment.
"""


def up(db):
    db.execute("""
        CREATE TABLE IF NOT EXISTS outbox (
            case_id          TEXT PRIMARY KEY,
            case_number      TEXT,
            kiosk_seq        INTEGER,
            service_id       TEXT,
            state            TEXT NOT NULL DEFAULT 'pending'
                             CHECK (state IN ('pending', 'delivered', 'quarantined')),
            sealed           INTEGER NOT NULL DEFAULT 1,
            packet           BLOB,
            digest           TEXT,
            size             INTEGER,
            key_id           TEXT,
            queued_at        REAL NOT NULL,
            attempts         INTEGER NOT NULL DEFAULT 0,
            next_attempt_at  REAL NOT NULL DEFAULT 0,
            last_http        INTEGER,
            last_error       TEXT,
            upload_offset    INTEGER NOT NULL DEFAULT 0,
            receipt          TEXT,
            delivered_at     REAL,
            purged_at        REAL,
            platform_status  TEXT,
            platform_note    TEXT,
            platform_status_at REAL,
            updated_at       REAL NOT NULL
        )""")
    db.execute("CREATE INDEX IF NOT EXISTS outbox_due ON outbox (state, next_attempt_at, kiosk_seq)")
    db.execute("CREATE INDEX IF NOT EXISTS outbox_seq ON outbox (kiosk_seq)")
    db.execute("""
        CREATE TABLE IF NOT EXISTS sync_state (
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL
        )""")
