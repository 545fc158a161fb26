"""Outbox hook (placeholder until sync lands)."""


def on_case_submitted(db, case, store=None):
    return None
