"""Health checks for `kiosk doctor` (placeholder)."""


def checks(ctx):
    return []
