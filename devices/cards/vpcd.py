"""Client side of the vsmartcard `vpcd` socket protocol (the card end).

vpcd (a pcsc-lite driver) listens on TCP 35963 (slot 0) / 35964 (slot 1); a card
emulator connects: that is "card inserted"; closing the socket is "card removed".
Frames both ways: 2-byte big-endian length + payload. From vpcd: 1-byte control
(00 power off, 01 power on, 02 reset, 04 get ATR) or a command APDU; the card answers
ATR requests and APDUs only.
"""

from __future__ import annotations

import logging
import socket
import threading

from devices.cards.errors import CardError

log = logging.getLogger(__name__)

VPCD_PORT = 35963
POWER_OFF, POWER_ON, RESET, GET_ATR = 0, 1, 2, 4


_QUICKACK = getattr(socket, "TCP_QUICKACK", None)


def _recv_exact(sock: socket.socket, n: int) -> bytes | None:
    buf = bytearray()
    while len(buf) < n:
        if _QUICKACK is not None:
            # vpcd writes the length and the payload separately; with Nagle on its side a
            # delayed ACK from ours would cost ~40 ms per APDU
            try:
                sock.setsockopt(socket.IPPROTO_TCP, _QUICKACK, 1)
            except OSError:
                pass
        chunk = sock.recv(n - len(buf))
        if not chunk:
            return None
        buf += chunk
    return bytes(buf)


class VpcdCard:
    """Connects a card object (`atr`, `process(apdu)`, `reset()`) to vpcd and serves it.

    `insert()` connects and starts serving on a thread; `remove()` closes the socket.
    `remove_after_apdus=N` pulls the card by itself after N APDUs (tests: card pulled
    mid-read). `stall_after_apdus=N` (or `stall()`) keeps the card in the field but
    leaves every later APDU unanswered: vpcd, and so pcscd's SCardTransmit, then waits
    forever, like a jammed reader (tests of the reader watchdog).
    """

    def __init__(self, card, host: str = "127.0.0.1", port: int = VPCD_PORT, *,
                 remove_after_apdus: int | None = None, stall_after_apdus: int | None = None):
        self.card, self.host, self.port = card, host, port
        self.remove_after_apdus = remove_after_apdus
        self.stall_after_apdus = stall_after_apdus
        self.stalled = threading.Event()
        self.unanswered = 0
        self.apdus = 0
        self._sock: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self.removed = threading.Event()
        self.removed.set()

    @property
    def inserted(self) -> bool:
        return not self.removed.is_set()

    def insert(self, timeout: float = 5.0) -> None:
        if self.inserted:
            return
        try:
            sock = socket.create_connection((self.host, self.port), timeout=timeout)
        except OSError as e:
            raise CardError(f"cannot reach vpcd at {self.host}:{self.port} ({e.strerror or e}); "
                            "is pcscd running with the vsmartcard-vpcd driver?") from None
        sock.settimeout(None)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._sock = sock
        self.apdus = 0
        self.stalled.clear()
        self.removed.clear()
        self._thread = threading.Thread(target=self._serve, args=(sock,), name="vpcd-card", daemon=True)
        self._thread.start()

    def stall(self) -> None:
        """From now on, APDUs get no answer (the card stays present)."""
        self.stalled.set()

    def remove(self) -> None:
        sock, self._sock = self._sock, None
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()
        if self._thread and self._thread is not threading.current_thread():
            self._thread.join(timeout=5)
        self.removed.set()

    def _serve(self, sock: socket.socket) -> None:
        try:
            while True:
                head = _recv_exact(sock, 2)
                if head is None:
                    break
                msg = _recv_exact(sock, int.from_bytes(head, "big"))
                if msg is None:
                    break
                if len(msg) == 1:
                    if msg[0] in (POWER_OFF, POWER_ON, RESET):
                        if hasattr(self.card, "reset"):
                            self.card.reset()
                    elif msg[0] == GET_ATR:
                        sock.sendall(len(self.card.atr).to_bytes(2, "big") + self.card.atr)
                    continue
                if self.remove_after_apdus is not None and self.apdus >= self.remove_after_apdus:
                    break  # pulled out of the field: no answer, socket closed
                if self.stall_after_apdus is not None and self.apdus >= self.stall_after_apdus:
                    self.stalled.set()
                if self.stalled.is_set():
                    self.unanswered += 1
                    continue  # silent: the driver keeps waiting for this answer
                self.apdus += 1
                resp = self.card.process(msg)
                sock.sendall(len(resp).to_bytes(2, "big") + resp)
        except OSError:
            pass
        finally:
            try:
                sock.close()
            except OSError:
                pass
            self._sock = None
            self.removed.set()
