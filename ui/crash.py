"""The crash hook: a citizen never sees a traceback.

Any exception nobody handled (in a slot called from QML, in a callback on the GUI
thread, in a background thread) is logged with its traceback (the log's
PersonalDataFilter masks ID numbers) and reported to the application through a
queued signal; the application shows an apology, wipes the session and returns to
its start screen.
"""

from __future__ import annotations

import logging
import sys
import threading

from ui.qt import QObject, Qt, Signal

log = logging.getLogger("ui.crash")


class CrashHook(QObject):
    crashed = Signal(str)   # the exception's type name (never its message: it may hold data)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._old_sys = None
        self._old_thread = None
        self.count = 0

    def install(self) -> "CrashHook":
        self._old_sys, sys.excepthook = sys.excepthook, self._sys_hook
        self._old_thread, threading.excepthook = threading.excepthook, self._thread_hook
        return self

    def uninstall(self) -> None:
        if self._old_sys is not None:
            sys.excepthook = self._old_sys
            threading.excepthook = self._old_thread
            self._old_sys = self._old_thread = None

    def report(self, exc: BaseException) -> None:
        self._handle(type(exc), exc, exc.__traceback__)

    def _sys_hook(self, etype, value, tb) -> None:
        if issubclass(etype, KeyboardInterrupt):
            return self._old_sys(etype, value, tb) if self._old_sys else None
        self._handle(etype, value, tb)

    def _thread_hook(self, args) -> None:
        self._handle(args.exc_type, args.exc_value, args.exc_traceback)

    def _handle(self, etype, value, tb) -> None:
        self.count += 1
        log.error("unhandled %s; the session is reset", etype.__name__, exc_info=(etype, value, tb))
        # Emitting from another thread is queued to our (GUI) thread by Qt.
        self.crashed.emit(etype.__name__)


def connect_queued(signal, slot) -> None:
    signal.connect(slot, Qt.ConnectionType.QueuedConnection)
