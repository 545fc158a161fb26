"""Outbox claim (sync/ and kiosk.cases.withdraw): `outbox.sending_since` is set by the
sync worker, in its own transaction, before it uploads a case and cleared once it knows
the platform's answer. A kiosk withdrawal removes a pending row only when it is not
claimed, so a case is either delivered or withdrawn, never both."""


def up(db):
    db.execute("ALTER TABLE outbox ADD COLUMN sending_since REAL")
