"""A fault-injecting TCP proxy for HTTP/1.1 on loopback (toxiproxy cannot be installed
here). It understands just enough HTTP (head + Content-Length body) to pick a fault
per *request*, even on keep-alive connections:

    pass            forward both ways
    reset:N         forward the head and N body bytes, then RST both sides (reset mid-upload)
    drop_response   forward the whole request, let the platform answer (it has committed),
                    then RST the client instead of relaying the answer
    blackhole       accept the request, never answer (the client times out)
    http500         answer 500 without forwarding
    http429:S       answer 429 with Retry-After: S without forwarding
    truncate:N      relay only N bytes of the answer, then close

`rate_bps` caps the link (both directions share one token bucket, like one uplink).
Runs its own asyncio loop in a daemon thread; `plan(n) -> str` picks the fault of
request number n (0-based).
"""

from __future__ import annotations

import asyncio
import socket
import struct
import threading
import time
from collections import Counter


class FaultProxy:
    def __init__(self, target_host: str, target_port: int, plan=None, rate_bps: float | None = None,
                 slice_bytes: int = 16384):
        self.target = (target_host, target_port)
        self.plan = plan or (lambda n: "pass")
        self.rate_bps = rate_bps
        self.slice = slice_bytes
        self.requests = 0
        self.log: list[tuple[float, str, str]] = []  # (time, request line, fault)
        self.faults = Counter()
        self.bytes_up = 0
        self._next_send = 0.0
        self._lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True, name="fault-proxy")
        self.port = None
        self._held: list = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> "FaultProxy":
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("fault proxy did not start")
        return self

    def stop(self) -> None:
        async def _stop():
            self._server.close()
            for w in self._held:
                w.transport.abort()
            tasks = [t for t in asyncio.all_tasks(self._loop) if t is not asyncio.current_task()]
            for t in tasks:
                t.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            self._loop.stop()
        self._loop.call_soon_threadsafe(lambda: self._loop.create_task(_stop()))
        self._thread.join(5)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)

        async def boot():
            self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
            self.port = self._server.sockets[0].getsockname()[1]
            self._ready.set()
        self._loop.run_until_complete(boot())
        self._loop.run_forever()

    # ------------------------------------------------------------------ pacing
    async def _send(self, writer, data: bytes, count_up: bool = False) -> None:
        for i in range(0, len(data), self.slice):
            piece = data[i:i + self.slice]
            if self.rate_bps:
                now = time.monotonic()
                # one shared link; no credit piles up while idle (at most one slice of burst)
                start = max(now, self._next_send)
                self._next_send = start + len(piece) * 8 / self.rate_bps
                if start > now:
                    await asyncio.sleep(start - now)
            writer.write(piece)
            await writer.drain()
            if count_up:
                self.bytes_up += len(piece)

    @staticmethod
    def _rst(writer) -> None:
        sock = writer.get_extra_info("socket")
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        except OSError:
            pass
        writer.transport.abort()

    # ------------------------------------------------------------------ one client connection
    async def _handle(self, creader, cwriter) -> None:
        up = None
        try:
            while True:
                try:
                    head = await creader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, ConnectionError):
                    return
                length = _content_length(head)
                with self._lock:
                    n = self.requests
                    self.requests += 1
                fault = self.plan(n) or "pass"
                self.log.append((time.time(), head.split(b"\r\n", 1)[0].decode("latin-1"), fault))
                kind, _, arg = fault.partition(":")
                self.faults[kind] += 1
                if kind == "blackhole":
                    self._held.append(cwriter)
                    await asyncio.sleep(3600)
                    return
                if kind in ("http500", "http429"):
                    await creader.readexactly(length)
                    if kind == "http500":
                        body = b'{"error":"injected","message":"injected 500"}'
                        resp = b"HTTP/1.1 500 Internal Server Error\r\n"
                    else:
                        body = b'{"error":"busy","message":"injected 429"}'
                        resp = b"HTTP/1.1 429 Too Many Requests\r\nRetry-After: " + (arg or "1").encode() + b"\r\n"
                    resp += (b"Content-Type: application/json\r\nConnection: close\r\nContent-Length: "
                             + str(len(body)).encode() + b"\r\n\r\n" + body)
                    cwriter.write(resp)
                    await cwriter.drain()
                    cwriter.close()
                    return
                if up is None:
                    ureader, uwriter = await asyncio.open_connection(*self.target)
                    up = (ureader, uwriter)
                ureader, uwriter = up
                limit = int(arg) if kind == "reset" else None
                uwriter.write(head)
                remaining, sent = length, 0
                while remaining:
                    piece = await creader.read(min(65536, remaining))
                    if not piece:
                        raise ConnectionError("client went away mid-body")
                    if limit is not None and sent + len(piece) >= limit:
                        await self._send(uwriter, piece[:limit - sent], True)
                        self._rst(cwriter)
                        self._rst(uwriter)
                        return
                    await self._send(uwriter, piece, True)
                    sent += len(piece)
                    remaining -= len(piece)
                rhead = await ureader.readuntil(b"\r\n\r\n")
                rlen = _content_length(rhead)
                rbody = await ureader.readexactly(rlen) if rlen else b""
                if kind == "drop_response":
                    self._rst(cwriter)
                    uwriter.close()
                    return
                if kind == "truncate":
                    data = rhead + rbody
                    cut = min(int(arg or 20), len(data) - 1)
                    cwriter.write(data[:cut])
                    await cwriter.drain()
                    self._rst(cwriter)
                    uwriter.close()
                    return
                await self._send(cwriter, rhead + rbody)
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, OSError):
            pass
        except asyncio.CancelledError:
            pass
        finally:
            for w in (cwriter, up[1] if up else None):
                if w is not None:
                    try:
                        w.close()
                    except Exception:
                        pass


def _content_length(head: bytes) -> int:
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return int(value.strip())
    return 0
