"""Logging set-up: rotating files in the platform's log directory, personal data masked.

Users see one line per error; the traceback goes here. Every handler carries the
`PersonalDataFilter`, so an ID number or an MRZ line never reaches a file.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

from kiosk.privacy import PersonalDataFilter

LOG_FILE = "kiosk.log"
_configured: Path | None = None


def setup_logging(log_dir: Path, level: str = "INFO", max_bytes: int = 2_000_000, backups: int = 5) -> Path | None:
    """Configure the root logger once per process. Returns the log file, or None if
    the directory cannot be written (then logs go nowhere rather than crash the app)."""
    global _configured
    root = logging.getLogger()
    root.setLevel(level)
    path = Path(log_dir) / LOG_FILE
    if _configured == path:
        return path
    for h in list(root.handlers):
        if getattr(h, "_kiosk", False):
            root.removeHandler(h)
            h.close()
    try:
        os.makedirs(log_dir, mode=0o700, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8")
    except OSError:
        handler = logging.NullHandler()
        path = None
    handler._kiosk = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter(
        "%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s"))
    handler.addFilter(PersonalDataFilter())
    root.addHandler(handler)
    for noisy in ("urllib3", "PIL", "asyncio", "uvicorn.access"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    _configured = path
    return path
