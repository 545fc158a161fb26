"""Ratings (好差评): one per case and visit, with the supervisor's follow-up of bad ones."""


def up(db):
    db.execute("""CREATE TABLE ratings (
        id INTEGER PRIMARY KEY,
        case_id TEXT NOT NULL UNIQUE REFERENCES cases(id) ON DELETE CASCADE,
        level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
        reasons TEXT NOT NULL DEFAULT '[]',
        comment_enc BLOB,
        channel TEXT NOT NULL,
        created_at TEXT NOT NULL,
        follow_up TEXT NOT NULL CHECK (follow_up IN ('none', 'open', 'resolved')),
        resolved_by TEXT,
        resolved_at TEXT,
        resolution TEXT)""")
    db.execute("CREATE INDEX ratings_follow_up ON ratings(follow_up, created_at)")
