"""Idle detection: warn after N s without input, count down, then say "expired".

Installed as an application-wide event filter: key, mouse, wheel and touch events
restart the idle timer. While the warning shows, only `extend()` ("I need more time")
keeps the session; the countdown is >= 20 s (WCAG 2.2.1). Times are in milliseconds so
tests can run it fast.
"""

from __future__ import annotations

import math

from ui.qt import Property, QElapsedTimer, QEvent, QObject, QTimer, Signal, Slot

ACTIVITY = {QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.MouseButtonPress,
            QEvent.Type.MouseButtonRelease, QEvent.Type.MouseMove, QEvent.Type.Wheel,
            QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd, QEvent.Type.TouchCancel}


class IdleWatcher(QObject):
    warningChanged = Signal()
    secondsLeftChanged = Signal()
    expired = Signal()

    def __init__(self, warning_ms: int, countdown_ms: int, parent=None):
        super().__init__(parent)
        self.warning_ms = warning_ms
        self.countdown_ms = countdown_ms
        self._armed = False
        self._warning = False
        self._seconds_left = 0
        self._idle = QTimer(self, singleShot=True)
        self._idle.timeout.connect(self._start_warning)
        self._tick = QTimer(self, interval=200)
        self._tick.timeout.connect(self._on_tick)
        self._since_warning = QElapsedTimer()

    # -- QML-facing -----------------------------------------------------------------
    @Property(bool, notify=warningChanged)
    def warning(self) -> bool:
        return self._warning

    @Property(int, notify=secondsLeftChanged)
    def secondsLeft(self) -> int:
        return self._seconds_left

    @Slot()
    def extend(self) -> None:
        """"I need more time": hide the warning, start the idle period again."""
        self._set_warning(False)
        if self._armed:
            self._idle.start(self.warning_ms)

    # -- control ---------------------------------------------------------------------
    def arm(self, on: bool) -> None:
        """Watch only while there is something to protect (a citizen's session)."""
        if on == self._armed:
            return
        self._armed = on
        self._set_warning(False)
        if on:
            self._idle.start(self.warning_ms)
        else:
            self._idle.stop()

    @property
    def armed(self) -> bool:
        return self._armed

    def poke(self) -> None:
        if self._armed and not self._warning:
            self._idle.start(self.warning_ms)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt name)
        if self._armed and not self._warning and event.type() in ACTIVITY:
            self._idle.start(self.warning_ms)
        return False

    # -- internals -------------------------------------------------------------------
    def _start_warning(self) -> None:
        if not self._armed:
            return
        self._since_warning.start()
        self._set_seconds(math.ceil(self.countdown_ms / 1000))
        self._set_warning(True)
        self._tick.start()

    def _on_tick(self) -> None:
        left = self.countdown_ms - self._since_warning.elapsed()
        if left <= 0:
            self._set_warning(False)
            self._armed = False
            self.expired.emit()
            return
        self._set_seconds(math.ceil(left / 1000))

    def _set_warning(self, on: bool) -> None:
        if not on:
            self._tick.stop()
        if on != self._warning:
            self._warning = on
            self.warningChanged.emit()

    def _set_seconds(self, s: int) -> None:
        if s != self._seconds_left:
            self._seconds_left = s
            self.secondsLeftChanged.emit()
