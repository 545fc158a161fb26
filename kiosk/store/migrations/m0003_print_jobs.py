"""Durable print jobs: every slip the kiosk means to print is a row before it is sent.

A job is `queued` -> `printing` -> `done`, or `failed-waiting` (paper out, cover open,
offline, link down) until the printer's status clears and the queue retries it. A
reprint is a new job with `reprint_of` pointing at the original. `payload` holds the
exact ESC/POS bytes built at enqueue time (what the preview showed); when it is NULL
(purged, or a reprint) the slip is regenerated from `case_id` + `kind` + `params`.
At most one live (not done) job per (case, kind) exists for first prints, so a retried
submit never queues a second slip for the same case.
"""


def up(db):
    db.execute("""CREATE TABLE print_jobs (
        id INTEGER PRIMARY KEY,
        case_id TEXT REFERENCES cases(id) ON DELETE SET NULL,
        kind TEXT NOT NULL CHECK (kind IN ('acknowledgement', 'queue_ticket', 'end_of_day', 'test_page')),
        printer TEXT NOT NULL DEFAULT '',
        params TEXT NOT NULL DEFAULT '{}',
        payload BLOB,
        payload_sha256 TEXT,
        state TEXT NOT NULL DEFAULT 'queued'
            CHECK (state IN ('queued', 'printing', 'done', 'failed-waiting', 'cancelled')),
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        next_attempt_at TEXT,
        printed_at TEXT,
        reprint_of INTEGER REFERENCES print_jobs(id))""")
    db.execute("CREATE INDEX print_jobs_state ON print_jobs(state, id)")
    db.execute("CREATE INDEX print_jobs_case ON print_jobs(case_id)")
    # One first-print acknowledgement per case, whatever happens to submit retries.
    db.execute("CREATE UNIQUE INDEX print_jobs_one_ack ON print_jobs(case_id) "
               "WHERE kind = 'acknowledgement' AND reprint_of IS NULL AND case_id IS NOT NULL")
