"""Outbox hook (placeholder until sync lands)."""


def on_case_submitted(tx, case):
    return None
