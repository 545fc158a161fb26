"""Spoken guidance (EN 301 549 closed functionality, ADA 707.5) through QTextToSpeech,
where a speech engine exists. Off until the citizen turns it on; reset at the wipe.

Without a working engine (`speechd` needs speech-dispatcher running) the switch says
"not available" instead of pretending to speak.
"""

from __future__ import annotations

import logging

from ui.qt import Property, QLocale, QObject, QTextToSpeech, Signal, Slot

log = logging.getLogger(__name__)


class Speech(QObject):
    changed = Signal()

    def __init__(self, engine: str | None = None, parent=None):
        super().__init__(parent)
        self._engine_name = engine
        self._tts: QTextToSpeech | None = None
        self._enabled = False
        self._available: bool | None = None
        self.spoken: list[str] = []        # what was said this session (tests; cleared at the wipe)

    @staticmethod
    def pick_engine() -> str | None:
        """A real engine whose library is present ("mock" is Qt's test engine; speechd
        needs libspeechd, and Qt prints an error when it tries without it)."""
        from ctypes.util import find_library
        for name in QTextToSpeech.availableEngines():
            if name == "mock" or (name == "speechd" and not find_library("speechd")):
                continue
            return name
        return None

    def _engine(self) -> QTextToSpeech | None:
        if self._tts is None and self._available is not False:
            name = self._engine_name or self.pick_engine()
            if name is None:
                self._available = False
                log.info("no speech engine on this terminal: spoken guidance is not available")
                return None
            try:
                self._tts = QTextToSpeech(name, self)
                self._available = self._tts.state() != QTextToSpeech.State.Error
                if not self._available:
                    log.info("speech engine %s not usable: %s", self._tts.engine(), self._tts.errorString())
            except Exception:  # a missing plug-in is "not available", never a crash
                log.warning("no speech engine", exc_info=True)
                self._available = False
        return self._tts if self._available else None

    @Property(bool, notify=changed)
    def available(self) -> bool:
        self._engine()
        return bool(self._available)

    @Property(bool, notify=changed)
    def enabled(self) -> bool:
        return self._enabled

    @Slot()
    def toggle(self) -> None:
        self._enabled = not self._enabled and self._engine() is not None
        if not self._enabled:
            self.stop()
        self.changed.emit()

    @Slot(str, str)
    def say(self, text: str, language: str = "zh_CN") -> None:
        """Say `text` when the citizen has turned speech on (interrupting what was being said)."""
        tts = self._engine()
        if not (self._enabled and tts and text.strip()):
            return
        tts.stop()
        tts.setLocale(QLocale(language))
        tts.say(text)
        self.spoken.append(text)

    @Slot()
    def stop(self) -> None:
        if self._tts is not None:
            self._tts.stop()

    def reset(self, _session=None) -> None:
        self.stop()
        self._enabled = False
        self.spoken.clear()
        self.changed.emit()
