"""Subcommands: not built yet (placeholder so the entry point loads)."""


def register(subparsers):
    pass
