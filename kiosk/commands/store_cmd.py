"""placeholder"""


def register_backup(subparsers):
    pass


def register_audit(subparsers):
    pass
