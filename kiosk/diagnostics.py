"""The diagnostics bundle a technician sends to support: a zip with the effective
configuration, versions, health checks, device lists and the recent logs. No personal
data: logs are already masked when written and are scrubbed again here, and nothing
from the store but counts goes in.
"""

from __future__ import annotations

import io
import json
import platform
import sys
import zipfile
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Any

from kiosk import __version__
from kiosk.config import Config, to_toml
from kiosk.errors import InputError, StoreError
from kiosk.fsutil import replace_file
from kiosk.privacy import scrub

LOG_TAIL_BYTES = 512 * 1024
PACKAGES = ("PySide6-Essentials", "pyscard", "opencv-python-headless", "python-escpos", "cryptography",
            "requests", "sqlite-utils", "numpy", "Pillow", "zxing-cpp", "img2pdf", "uvicorn", "starlette")


def versions() -> dict[str, Any]:
    pkgs = {}
    for name in PACKAGES:
        try:
            pkgs[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            pkgs[name] = None
    return {"kiosk": __version__, "python": sys.version.split()[0], "platform": platform.platform(),
            "machine": platform.machine(), "packages": pkgs}


def _log_tail(path: Path) -> str:
    with open(path, "rb") as f:
        f.seek(max(0, path.stat().st_size - LOG_TAIL_BYTES))
        return scrub(f.read().decode("utf-8", errors="replace"))


def write_bundle(config: Config, dest: Path | str, extra: dict[str, Any] | None = None) -> Path:
    """Write the bundle to `dest` (a .zip path, or a directory for a dated name).
    `extra` adds JSON documents, e.g. {"doctor": [...checks], "devices": {...}}."""
    dest = Path(dest)
    if dest.is_dir():
        dest = dest / f"single-door-diagnostics-{datetime.now().strftime('%Y%m%d-%H%M%S')}.zip"
    if dest.exists():
        raise InputError(f"{dest}: already exists; choose a new file name")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("README.txt", "Single Door diagnostics bundle. No personal data: logs are masked.\n")
        z.writestr("created.txt", datetime.now(timezone.utc).isoformat() + "\n")
        z.writestr("config.toml", f"# {config.path}\n" + to_toml(config))
        z.writestr("versions.json", json.dumps(versions(), indent=2))
        for name, doc in (extra or {}).items():
            z.writestr(f"{name}.json", scrub(json.dumps(doc, indent=2, ensure_ascii=False, default=str)))
        log_dir = config.log_dir
        if log_dir.is_dir():
            for p in sorted(log_dir.iterdir()):
                if p.is_file() and p.name.startswith("kiosk.log"):
                    z.writestr(f"logs/{p.name}", _log_tail(p))
    try:
        replace_file(dest, buf.getvalue())
    except OSError as e:
        raise StoreError(f"{dest}: cannot write the diagnostics bundle ({e.strerror})") from None
    return dest
