"""The one interface in front of every card: `transmit(apdu: bytes) -> (data: bytes, sw: int)`.

Implementations:
- `PyscardTransport`: a real PC/SC reader (pyscard), used only on the pyscard thread;
- `ScriptedTransport`: replays a transcript (unit tests, the ICAO worked example);
- `SimulatorTransport`: an in-process card object (`process(apdu) -> rapdu`), e.g. the
  eMRTD simulator without pcscd.

`BaseTransport.transmit` fetches `61xx` remainders with GET RESPONSE and resends a
command with the Le the card asks for on `6Cxx` (plain APDUs only: under secure
messaging the ICAO layer re-protects the plain command instead). It also counts APDUs
and the time spent inside the transport, for the benchmark, and marks when the APDU now
on the wire was sent (`in_flight_since`, monotonic clock): a watchdog on another thread
(watchdog.py) reads it to tell a reader that stopped answering.
"""

from __future__ import annotations

import time
from typing import Protocol

from devices.cards.errors import CardError, CardRemoved, ReaderTimeout


class Transport(Protocol):
    def transmit(self, apdu: bytes, *, fix_le: bool = True) -> tuple[bytes, int]: ...


class BaseTransport:
    reader_name = ""
    atr = b""

    def __init__(self):
        self.apdu_count = 0
        self.transport_s = 0.0
        self.in_flight_since: float | None = None   # time.monotonic() when the pending APDU was sent

    def _raw(self, apdu: bytes) -> tuple[bytes, int]:
        raise NotImplementedError

    def _send(self, apdu: bytes) -> tuple[bytes, int]:
        t0 = time.perf_counter()
        self.in_flight_since = time.monotonic()
        try:
            return self._raw(apdu)
        finally:
            self.in_flight_since = None
            self.transport_s += time.perf_counter() - t0
            self.apdu_count += 1

    def transmit(self, apdu: bytes, *, fix_le: bool = True) -> tuple[bytes, int]:
        data, sw = self._send(apdu)
        if fix_le and sw >> 8 == 0x6C and len(apdu) >= 4:
            # wrong Le: the card tells the right one; resend once with it
            from devices.cards.bac import _split_apdu
            _data, le = _split_apdu(apdu)
            data, sw = self._send((apdu if le is None else apdu[:-1]) + bytes([sw & 0xFF]))
        out = bytearray(data)
        rounds = 0
        while sw >> 8 == 0x61:
            rounds += 1
            if rounds > 64:
                raise CardError("card keeps announcing more data (61xx); remove and insert the card again")
            more, sw = self._send(bytes([apdu[0] & 0x03, 0xC0, 0, 0, sw & 0xFF]))
            out += more
        return bytes(out), sw

    def reconnect(self) -> None:
        """Reset the card (a new session); overridden where the transport can."""

    def close(self) -> None:
        pass


class ScriptedTransport(BaseTransport):
    """Replays [(expected command or None, response bytes incl. SW)]. A mismatch is a test failure."""

    def __init__(self, script, atr: bytes = b"\x3b\x80\x80\x01\x01"):
        super().__init__()
        self.script = list(script)
        self.pos = 0
        self.atr = atr
        self.reader_name = "Scripted"

    def _raw(self, apdu):
        if self.pos >= len(self.script):
            raise ReaderTimeout(f"scripted card: no answer scripted for APDU #{self.pos + 1}")
        expected, resp = self.script[self.pos]
        if expected is not None and bytes(expected) != bytes(apdu):
            raise AssertionError(f"APDU #{self.pos + 1}: expected {bytes(expected).hex()} got {bytes(apdu).hex()}")
        self.pos += 1
        if resp is None:
            raise CardRemoved("card removed during the read; place it on the reader again")
        return bytes(resp[:-2]), int.from_bytes(resp[-2:], "big")

    def done(self) -> bool:
        return self.pos == len(self.script)


class SimulatorTransport(BaseTransport):
    """An in-process card: any object with `process(apdu) -> rapdu` and `atr`."""

    def __init__(self, card):
        super().__init__()
        self.card = card
        self.atr = getattr(card, "atr", b"")
        self.reader_name = "Simulator"

    def _raw(self, apdu):
        r = self.card.process(bytes(apdu))
        if r is None or len(r) < 2:
            raise CardRemoved("card removed during the read; place it on the reader again")
        return bytes(r[:-2]), int.from_bytes(r[-2:], "big")

    def reconnect(self):
        if hasattr(self.card, "reset"):
            self.card.reset()


class PyscardTransport(BaseTransport):
    """A pyscard connection. Create and use it on the one thread that owns pyscard."""

    def __init__(self, reader_name: str, connect_timeout: float = 1.0):
        super().__init__()
        from smartcard.System import readers
        from smartcard.Exceptions import CardConnectionException, NoCardException
        self.reader_name = reader_name
        match = [r for r in readers() if str(r) == reader_name]
        if not match:
            raise CardError(f"reader {reader_name!r} not found; check the cable or run `kiosk card readers`")
        self._conn = match[0].createConnection()
        # a card that has just arrived may still be powering up: retry briefly
        deadline = time.monotonic() + connect_timeout
        while True:
            try:
                self._conn.connect()
                break
            except NoCardException:
                if time.monotonic() >= deadline:
                    raise CardRemoved(f"no card on reader {reader_name!r}; place the document on the reader") from None
            except CardConnectionException as e:
                if time.monotonic() >= deadline:
                    raise CardError(f"cannot connect to the card on {reader_name!r} ({_short(e)}); "
                                    "place the document on the reader again") from None
            time.sleep(0.05)
        self.atr = bytes(self._conn.getATR())

    def _raw(self, apdu):
        from smartcard.Exceptions import CardConnectionException
        try:
            data, sw1, sw2 = self._conn.transmit(list(apdu))
        except CardConnectionException as e:
            raise CardRemoved(f"card removed or not answering ({_short(e)}); "
                              "place the document on the reader again and keep it still") from None
        return bytes(data), (sw1 << 8) | sw2

    def reconnect(self):
        from smartcard.Exceptions import CardConnectionException
        from smartcard.scard import SCARD_RESET_CARD
        try:
            self._conn.reconnect(disposition=SCARD_RESET_CARD)
        except (CardConnectionException, TypeError):
            try:
                self._conn.disconnect()
                self._conn.connect()
            except CardConnectionException as e:
                raise CardRemoved(f"card lost during reset ({_short(e)}); place it on the reader again") from None

    def close(self):
        for step in ("disconnect", "release"):  # release the PC/SC context now, not in __del__
            try:
                getattr(self._conn, step, lambda: None)()
            except Exception:  # already gone: nothing to release
                pass


def _short(e: Exception) -> str:
    return str(e).splitlines()[0][:120] if str(e) else type(e).__name__
