"""Background work for the GUI: the GUI thread never waits on I/O.

`TaskManager.store(fn, on_done, on_error)` runs `fn` on ONE serial thread (the store
writer: SQLite writes are serialised, and a `Store` belongs to one thread);
`TaskManager.io(fn, ...)` runs it on a small parallel pool (device tests, HTTP).
Results and exceptions come back to the GUI thread through a queued signal, and the
callbacks run there. `post(fn)` lets any thread (a device callback, the sync worker)
hand a closure to the GUI thread the same way.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable

from ui.qt import QObject, Qt, Signal, Slot

log = logging.getLogger(__name__)


class TaskManager(QObject):
    _deliver = Signal(object)   # a closure to run on the GUI thread
    busyChanged = Signal()

    def __init__(self, on_unhandled: Callable[[BaseException], None] | None = None, parent=None):
        super().__init__(parent)
        self._serial = ThreadPoolExecutor(max_workers=1, thread_name_prefix="store-writer")
        self._parallel = ThreadPoolExecutor(max_workers=3, thread_name_prefix="io")
        self._on_unhandled = on_unhandled
        self._pending = 0
        self._closed = False
        self._owners: dict[str, ThreadPoolExecutor] = {}
        self._deliver.connect(self._run_closure, Qt.ConnectionType.QueuedConnection)

    # -- submitting ----------------------------------------------------------------
    def store(self, fn: Callable[[], Any], on_done: Callable[[Any], None] | None = None,
              on_error: Callable[[BaseException], None] | None = None) -> None:
        """Run `fn()` on the serial store thread; callbacks on the GUI thread."""
        self._submit(self._serial, fn, on_done, on_error)

    def io(self, fn: Callable[[], Any], on_done: Callable[[Any], None] | None = None,
           on_error: Callable[[BaseException], None] | None = None) -> None:
        self._submit(self._parallel, fn, on_done, on_error)

    def device(self, owner: str, fn: Callable[[], Any], on_done: Callable[[Any], None] | None = None,
               on_error: Callable[[BaseException], None] | None = None, *, busy: bool = True) -> None:
        """Run `fn()` on the one thread that owns device `owner` (created on first use):
        a device library is only ever touched from its owner thread."""
        if owner not in self._owners:
            self._owners[owner] = ThreadPoolExecutor(max_workers=1, thread_name_prefix=owner)
        self._submit(self._owners[owner], fn, on_done, on_error, busy=busy)

    def post(self, closure: Callable[[], None]) -> None:
        """Run `closure()` on the GUI thread (safe from any thread)."""
        if not self._closed:
            self._deliver.emit(closure)

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def _submit(self, executor, fn, on_done, on_error, busy: bool = True) -> None:
        """`busy=False` for loops that run as long as a screen is open (the camera):
        they do not count as work the screen waits for."""
        if self._closed:
            return
        if busy:
            self._pending += 1
            if self._pending == 1:
                self.busyChanged.emit()

        def work():
            try:
                result = fn()
            except BaseException as e:  # delivered to the GUI thread, never swallowed
                err = e
                self.post(lambda: self._finish(None, err, on_done, on_error, busy))
            else:
                self.post(lambda: self._finish(result, None, on_done, on_error, busy))

        executor.submit(work)

    def _finish(self, result, error, on_done, on_error, busy: bool = True) -> None:
        if busy:
            self._pending -= 1
            if self._pending == 0:
                self.busyChanged.emit()
        if error is not None:
            if on_error is not None:
                on_error(error)
            elif self._on_unhandled is not None:
                self._on_unhandled(error)
            else:
                log.error("background task failed", exc_info=(type(error), error, error.__traceback__))
        elif on_done is not None:
            on_done(result)

    @Slot(object)
    def _run_closure(self, closure) -> None:
        closure()

    def shutdown(self, wait: bool = True) -> None:
        self._closed = True
        for ex in (self._serial, self._parallel, *self._owners.values()):
            ex.shutdown(wait=wait, cancel_futures=True)
