"""One thread owns one printer port.

`PrinterPort(uri)` starts a thread that alone touches the link. Callers (the UI, the
print queue, the command line) get `concurrent.futures.Future`s back and never block
on I/O unless they choose to wait. Status changes are pushed to listeners (the UI
turns them into Qt signals). Device trouble is a `PrinterStatus`, never a crash.

`port_for(uri)` returns the process-wide port for a URI, so two parts of the program
never open the same printer twice.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Callable

from kiosk.errors import DeviceError
from devices.printer import status as st
from devices.printer.link import Link, open_link, parse_uri

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SendResult:
    ok: bool                     # all bytes handed to the printer and no fault seen afterwards
    before: st.PrinterStatus     # status that allowed (or refused) the send
    after: st.PrinterStatus | None
    bytes_sent: int
    seconds: float
    error: str = ""              # one line, no personal data

    def to_dict(self) -> dict:
        return {"ok": self.ok, "bytes_sent": self.bytes_sent, "seconds": round(self.seconds, 3),
                "error": self.error, "status": (self.after or self.before).to_dict()}


_STOP = object()


class PrinterPort:
    """The owner thread of one printer. Thread-safe front; single-threaded back."""

    def __init__(self, uri: str, *, link_factory: Callable[..., Link] = open_link,
                 status_timeout: float = 0.8, io_timeout: float = 5.0,
                 clock: Callable[[], float] = time.monotonic):
        self.uri = parse_uri(uri)
        self._link = link_factory(self.uri, timeout=io_timeout)
        self.status_timeout = status_timeout
        self._clock = clock
        self._jobs: queue.Queue = queue.Queue()
        self._listeners: list[Callable[[st.PrinterStatus], None]] = []
        self._last: st.PrinterStatus = st.unknown("not asked yet", two_way=self.uri.two_way)
        self._thread = threading.Thread(target=self._run, name=f"printer:{self.uri.scheme}", daemon=True)
        self._thread.start()

    # ---- front (any thread) ----
    @property
    def last_status(self) -> st.PrinterStatus:
        return self._last

    def add_listener(self, callback: Callable[[st.PrinterStatus], None]) -> None:
        """callback(status) runs on the port thread whenever the status changes."""
        self._listeners.append(callback)

    def status(self) -> "Future[st.PrinterStatus]":
        return self._submit(self._do_status)

    def send(self, data: bytes, *, check_first: bool = True) -> "Future[SendResult]":
        """Send one whole receipt. With check_first, a printer that reports paper out,
        cover open, offline or an error gets nothing (the job waits) instead of a
        half slip that it may or may not print later."""
        return self._submit(lambda: self._do_send(bytes(data), check_first))

    def close(self, timeout: float = 5.0) -> None:
        self._jobs.put(_STOP)
        self._thread.join(timeout)

    # ---- back (port thread only) ----
    def _submit(self, fn) -> Future:
        fut: Future = Future()
        if not self._thread.is_alive():
            fut.set_exception(DeviceError(f"printer {self.uri.text}: port is closed"))
            return fut
        self._jobs.put((fn, fut))
        return fut

    def _run(self) -> None:
        while True:
            item = self._jobs.get()
            if item is _STOP:
                self._link.close()
                return
            fn, fut = item
            if not fut.set_running_or_notify_cancel():
                continue
            try:
                fut.set_result(fn())
            except BaseException as e:  # delivered to the caller, never kills the thread
                fut.set_exception(e)
            finally:
                if not self._link.persistent:
                    self._link.close()

    def _publish(self, s: st.PrinterStatus) -> st.PrinterStatus:
        changed = s.to_dict() != self._last.to_dict()
        self._last = s
        if changed:
            for cb in list(self._listeners):
                try:
                    cb(s)
                except Exception:  # a listener's bug must not stop the printer
                    log.exception("printer status listener failed")
        return s

    def _do_status(self) -> st.PrinterStatus:
        if not self._link.two_way:
            try:
                self._link.open()
            except DeviceError as e:
                return self._publish(st.PrinterStatus(online=False, error="link", detail=str(e),
                                                      citizen_line="打印机未连接，请工作人员处理；您的办件已保存"))
            return self._publish(st.unknown(f"{self.uri.scheme} link is one-way: status cannot be read"))
        replies: dict[int, int | None] = {}
        try:
            for n in st.QUERIES:
                replies[n] = self._link.ask(st.query_bytes(n), self.status_timeout)
                if n == 1 and replies[n] is None:
                    break  # silent printer: do not wait four timeouts
        except DeviceError as e:
            return self._publish(st.PrinterStatus(online=False, error="link", detail=str(e), two_way=True,
                                                  citizen_line="打印机未连接，请工作人员处理；您的办件已保存"))
        return self._publish(st.decode(replies))

    def _do_send(self, data: bytes, check_first: bool) -> SendResult:
        t0 = self._clock()
        before = self._do_status() if check_first else self._last
        if check_first and not before.can_print:
            return SendResult(False, before, None, 0, self._clock() - t0, before.detail or "printer not ready")
        try:
            self._link.write(data)
        except DeviceError as e:
            after = self._publish(st.PrinterStatus(online=False, error="link", detail=str(e),
                                                   two_way=self.uri.two_way))
            return SendResult(False, before, after, 0, self._clock() - t0, str(e))
        after = self._do_status() if self._link.two_way else None
        # Every byte was handed over. Only a fault the printer itself reports right after
        # (paper ran out, cover opened mid-slip) means the slip is incomplete and must be
        # printed again; no answer or a dropped link afterwards cannot tell us more, and
        # printing again then would risk a second slip.
        ok = after is None or not after.known or after.error == "link" or after.can_print
        err = "" if ok else f"printer reported a fault after the slip was sent: {after.detail}"
        return SendResult(ok, before, after, len(data), self._clock() - t0, err)


_PORTS: dict[str, PrinterPort] = {}
_PORTS_LOCK = threading.Lock()


def port_for(uri: str, **kw) -> PrinterPort:
    """The one port of this process for a printer URI (created on first use)."""
    key = parse_uri(uri).text
    with _PORTS_LOCK:
        port = _PORTS.get(key)
        if port is None or not port._thread.is_alive():
            port = _PORTS[key] = PrinterPort(uri, **kw)
        return port


def close_all() -> None:
    with _PORTS_LOCK:
        ports = list(_PORTS.values())
        _PORTS.clear()
    for p in ports:
        p.close()
