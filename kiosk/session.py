"""One citizen's visit, and the ONE operation that wipes it.

A `Session` holds everything that belongs to the person in front of the terminal:
their identity, the service they picked, form values, captured pages (temporary
files under the session's own directory), the draft case id, the language and
accessibility choices they made. `Session.end(reason)` wipes all of it:

- every registered wipe hook runs (release the card reader, cancel print jobs not yet
  started, discard the draft case in the store, clear the clipboard ...); a failing
  hook is logged and counted, never stops the wipe;
- the session's temporary directory is deleted (camera captures, previews);
- every field is reset to the defaults and a new session id is issued, so nothing the
  previous citizen did is reachable from the new session.

Pure Python: no Qt, no devices. The UI (and the counter's "next citizen") call `end()`;
tests call it without a screen. The returned `WipeReport` says what was wiped, with
counts only (no personal data).
"""

from __future__ import annotations

import logging
import shutil
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

log = logging.getLogger(__name__)

WipeHook = Callable[["Session"], None]


@dataclass(frozen=True)
class WipeReport:
    reason: str
    session_id: str
    files_removed: int
    hooks_run: int
    hook_failures: int


@dataclass
class SessionDefaults:
    language: str = "zh_CN"
    large_text: bool = False
    high_contrast: bool = False


class Session:
    """The state of one visit. Attributes are plain data; `end()` wipes them."""

    def __init__(self, tmp_root: Path | str, defaults: SessionDefaults | None = None,
                 new_id: Callable[[], str] = lambda: uuid.uuid4().hex):
        self._tmp_root = Path(tmp_root)
        self._defaults = defaults or SessionDefaults()
        self._new_id = new_id
        self._hooks: list[tuple[str, WipeHook]] = []
        self._lock = threading.Lock()
        self._reset()

    # -- state -------------------------------------------------------------------------
    def _reset(self) -> None:
        self.id: str = self._new_id()
        self.language: str = self._defaults.language
        self.large_text: bool = self._defaults.large_text
        self.high_contrast: bool = self._defaults.high_contrast
        self.identity: Any = None           # kiosk.identity.Identity once identified
        self.service_id: str | None = None
        self.form_values: dict[str, Any] = {}
        self.materials: dict[str, list[Path]] = {}   # material id -> captured page files
        self.draft_case_id: str | None = None
        self.case_number: str | None = None
        self.extra: dict[str, Any] = {}     # anything else a screen keeps for this visit
        self.extensions: int = 0            # "I need more time" taps

    @property
    def tmp_dir(self) -> Path:
        """This session's own temporary directory (created on first use)."""
        d = self._tmp_root / f"session-{self.id}"
        d.mkdir(parents=True, exist_ok=True, mode=0o700)
        return d

    def new_temp_file(self, suffix: str = "") -> Path:
        return self.tmp_dir / f"{uuid.uuid4().hex}{suffix}"

    def add_material_file(self, material_id: str, path: Path) -> None:
        self.materials.setdefault(material_id, []).append(Path(path))

    @property
    def has_citizen_data(self) -> bool:
        return bool(self.identity is not None or self.service_id or self.form_values or self.materials
                    or self.draft_case_id or self.case_number or self.extra)

    # -- wiping ------------------------------------------------------------------------
    def on_wipe(self, name: str, hook: WipeHook) -> None:
        """Register `hook(session)` to run at every wipe, before the state is cleared
        (so it can still see, e.g., the draft case id it must discard)."""
        self._hooks.append((name, hook))

    def end(self, reason: str = "done") -> WipeReport:
        """Wipe everything of this visit and start a fresh, empty session."""
        with self._lock:
            old_id = self.id
            failures = 0
            for name, hook in self._hooks:
                try:
                    hook(self)
                except Exception:  # one broken hook must not leave the rest of the data behind
                    failures += 1
                    log.exception("session wipe hook %s failed", name)
            removed = self._remove_tmp()
            self._reset()
            report = WipeReport(reason, old_id, removed, len(self._hooks), failures)
            log.info("session wiped: reason=%s files=%d hooks=%d failures=%d",
                     reason, removed, len(self._hooks), failures)
            return report

    def _remove_tmp(self) -> int:
        removed = 0
        files = {p for paths in self.materials.values() for p in paths}
        d = self._tmp_root / f"session-{self.id}"
        if d.exists():
            files |= {p for p in d.rglob("*") if p.is_file()}
        for p in files:
            try:
                p.unlink()
                removed += 1
            except FileNotFoundError:
                pass
            except OSError:
                log.warning("session wipe: cannot remove a temporary file", exc_info=True)
        shutil.rmtree(d, ignore_errors=True)
        return removed

