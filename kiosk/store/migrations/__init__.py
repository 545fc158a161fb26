"""Numbered schema migrations: `mNNNN_name.py`, each with `up(db)` run inside one
transaction together with the `PRAGMA user_version` bump. Never edit a migration that
has shipped; add the next number. 0001 core (lead), 0002 cases/catalogue, 0003 print
jobs, 0004 outbox/sync, 0005 ratings, 0006 rating delivery, 0007 outbox claim (withdraw vs upload)."""
