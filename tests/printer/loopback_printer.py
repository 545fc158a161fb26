"""A loopback network printer for tests: a real TCP server on 127.0.0.1.

It records every byte it receives, parses the stream with `escpos_reader` (so a DLE EOT
inside raster data is never mistaken for a query), answers DLE EOT 1-4 from a scripted
state, and "prints" a slip at each cut only if the printer could print at that moment
(paper in, cover closed, online). Slips cut while it could not are kept in `refused`.

States: ok, near_end, paper_out, cover_open, offline, cutter_error, silent (never
answers status queries, still prints). `script(after_bytes=N, state=...)` switches the
state once N bytes of print data have arrived (paper running out mid-slip).
"""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass, field

import escpos_reader as er

# replies to DLE EOT 1, 2, 3, 4 (fixed bits 0x12 always set)
REPLIES = {
    "ok":           {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12},
    "near_end":     {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x1E},
    "paper_out":    {1: 0x1A, 2: 0x32, 3: 0x12, 4: 0x7E},
    "cover_open":   {1: 0x1A, 2: 0x16, 3: 0x12, 4: 0x12},
    "offline":      {1: 0x1A, 2: 0x12, 3: 0x12, 4: 0x12},
    "cutter_error": {1: 0x1A, 2: 0x52, 3: 0x1A, 4: 0x12},
    "silent":       {},
}
CAN_PRINT = {"ok", "near_end", "silent"}


@dataclass
class PrintedSlip:
    tokens: list
    state: str
    at: float

    def page(self, width: int):
        return er.page(self.tokens, width)


class LoopbackPrinter:
    def __init__(self, state: str = "ok", *, host: str = "127.0.0.1", port: int = 0):
        self.state = state
        self._lock = threading.Lock()
        self.received = bytearray()       # every byte from every connection, in order
        self.queries: list[int] = []      # DLE EOT n seen
        self.printed: list[PrintedSlip] = []
        self.refused: list[PrintedSlip] = []
        self.connections = 0
        self.hang_up_after_cut = False    # some print servers close the socket after a job
        self._script: list[tuple[int, str]] = []
        self._print_bytes = 0
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind((host, port))
        self._sock.listen(8)
        self._sock.settimeout(0.1)
        self.host, self.port = self._sock.getsockname()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    @property
    def uri(self) -> str:
        return f"tcp://{self.host}:{self.port}?timeout=2"

    def set_state(self, state: str) -> None:
        assert state in REPLIES, state
        with self._lock:
            self.state = state

    def script(self, *, after_bytes: int, state: str) -> None:
        with self._lock:
            self._script.append((self._print_bytes + after_bytes, state))

    def start(self) -> "LoopbackPrinter":
        t = threading.Thread(target=self._accept, name="loopback-accept", daemon=True)
        t.start()
        self._threads.append(t)
        return self

    def stop(self) -> None:
        self._stop.set()
        try:
            self._sock.close()
        except OSError:
            pass
        for t in self._threads:
            t.join(2)

    def wait_printed(self, n: int, timeout: float = 5.0) -> bool:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if len(self.printed) >= n:
                return True
            time.sleep(0.01)
        return len(self.printed) >= n

    # ---- server side ----
    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            self.connections += 1
            t = threading.Thread(target=self._serve, args=(conn,), name="loopback-conn", daemon=True)
            t.start()
            self._threads.append(t)

    def _serve(self, conn: socket.socket) -> None:
        buf = b""
        current: list = []
        conn.settimeout(0.1)
        with conn:
            while not self._stop.is_set():
                try:
                    chunk = conn.recv(65536)
                except socket.timeout:
                    continue
                except OSError:
                    return
                if not chunk:
                    return
                with self._lock:
                    self.received += chunk
                buf += chunk
                tokens, used = er.parse(buf)
                buf = buf[used:]
                for t in tokens:
                    if t.cmd == "DLE_EOT":
                        with self._lock:
                            self.queries.append(t.args[0])
                            reply = REPLIES[self.state].get(t.args[0])
                        if reply is not None:
                            conn.sendall(bytes([reply]))
                        continue
                    current.append(t)
                    with self._lock:
                        self._print_bytes += len(t.data) + 3
                        for threshold, state in list(self._script):
                            if self._print_bytes >= threshold:
                                self.state = state
                                self._script.remove((threshold, state))
                        if t.cmd == "CUT":
                            slip = PrintedSlip(current, self.state, time.monotonic())
                            (self.printed if self.state in CAN_PRINT else self.refused).append(slip)
                            current = []
                            if self.hang_up_after_cut:
                                return
