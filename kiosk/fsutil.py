"""File-system helpers every room shares: plain Python, imports nothing of ours.

`replace_file` is how a file that is rewritten (the config, a diagnostics bundle, the
empty desk's picture) changes: whole or not at all, durable, a temp file left behind
by nobody. `create_private_file` is how keys come to exist (the store key, the receipt key, the
kiosk's signing and hold keys, the reference platform's keys): 0600, fsynced with its
directory, created once and never overwritten, even by two processes racing to create it.
"""

from __future__ import annotations

import os
from pathlib import Path


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def create_private_file(path: Path, data: bytes) -> bytes:
    """Create `path` holding `data` (mode 0600, durable), unless it exists already; return
    the bytes that are in the file afterwards: ours, or those of whoever created it first.

    The data goes to a private temp name first, then os.link makes it `path`: link never
    replaces an existing file, so a key another process has just created (and may already
    be encrypting with) is never swapped under it; the loser reads the winner's key."""
    path = Path(path)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    tmp = path.with_name(f"{path.name}.{os.getpid()}.{os.urandom(4).hex()}.new")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        os.link(tmp, path)
    except FileExistsError:
        return path.read_bytes()
    finally:
        os.unlink(tmp)
    _fsync_dir(path.parent)
    return data


def replace_file(path: Path, data: bytes) -> None:
    """Write `data` to `path` whole or not at all: a temp file beside it (this process's
    own name), fsynced, renamed over `path`, the directory fsynced. On an OSError the temp
    file is removed and the error raised; `path` is then as it was."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
        _fsync_dir(path.parent)
    except OSError:
        tmp.unlink(missing_ok=True)
        raise
