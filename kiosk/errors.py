"""Typed errors of the whole program, and their exit codes.

Every error a user may see is a `KioskError`: its message is one line that names
the problem (file, field, byte) and never carries personal data. The one presenter
(`kiosk.cli.main` on the command line, `ui` on screen) prints that line and logs the
traceback.
"""

EXIT_OK = 0
EXIT_FAILED = 1   # the operation was valid but did not succeed (device, network, ...)
EXIT_USAGE = 2    # bad usage or bad input


class KioskError(Exception):
    """Base of every error meant for a user. `str(e)` is the one-line message."""

    exit_code = EXIT_FAILED
    code = "error"

    def __init__(self, message: str, *, code: str | None = None):
        super().__init__(message)
        if code:
            self.code = code


class UsageError(KioskError):
    """Bad arguments or bad input from the user (exit 2)."""

    exit_code = EXIT_USAGE
    code = "usage"


class InputError(UsageError):
    """Input data (a file, a field, a number) that does not pass validation (exit 2)."""

    code = "invalid_input"


class ConfigError(UsageError):
    """A configuration file or key that is missing, malformed or out of range (exit 2)."""

    code = "config"


class StoreError(KioskError):
    """The local store cannot be opened or written (exit 1)."""

    code = "store"


class SchemaTooNewError(StoreError):
    """The database was written by a newer program; it is left untouched."""

    code = "schema_too_new"


class NotFoundError(KioskError):
    code = "not_found"


class AuthError(KioskError):
    """Wrong PIN, locked account, missing role."""

    code = "auth"


class DeviceError(KioskError):
    """A device did not answer or answered wrongly. Shown as a status, not a crash."""

    code = "device"


class SyncError(KioskError):
    code = "sync"


class StateError(KioskError):
    """An operation not allowed in the object's current state (e.g. case transition)."""

    code = "state"
