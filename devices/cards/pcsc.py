"""PC/SC reader discovery and card presence through pyscard's low-level `scard` API.

Call only from the thread that owns pyscard (`service.CardService` has that thread).
Readers named `Virtual PCD ...` (vsmartcard) are dropped unless `allow_virtual`:
a virtual reader must never feed a production kiosk a forged card.
"""

from __future__ import annotations

import time

from devices.cards.errors import CardError

VIRTUAL_PREFIXES = ("Virtual PCD",)


def is_virtual(name: str) -> bool:
    return name.startswith(VIRTUAL_PREFIXES)


class PcscScanner:
    """One PC/SC context; `scan()` -> {reader name: card present}."""

    def __init__(self):
        self._ctx = None

    def _context(self):
        from smartcard import scard
        if self._ctx is None:
            rc, ctx = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
            if rc != scard.SCARD_S_SUCCESS:
                raise CardError(f"PC/SC service unavailable ({scard.SCardGetErrorMessage(rc).strip()}); "
                                "start pcscd (systemctl start pcscd)")
            self._ctx = ctx
        return self._ctx

    def close(self) -> None:
        from smartcard import scard
        if self._ctx is not None:
            scard.SCardReleaseContext(self._ctx)
            self._ctx = None

    def scan(self) -> dict[str, bool]:
        from smartcard import scard
        ctx = self._context()
        rc, names = scard.SCardListReaders(ctx, [])
        if rc in (scard.SCARD_E_NO_READERS_AVAILABLE,) or (rc == scard.SCARD_S_SUCCESS and not names):
            return {}
        if rc != scard.SCARD_S_SUCCESS:
            # the daemon restarted or went away: drop the context and try once more next scan
            self.close()
            raise CardError(f"PC/SC reader list failed ({scard.SCardGetErrorMessage(rc).strip()})")
        states = [(n, scard.SCARD_STATE_UNAWARE) for n in names]
        rc, result = scard.SCardGetStatusChange(ctx, 0, states)
        if rc not in (scard.SCARD_S_SUCCESS, scard.SCARD_E_TIMEOUT):
            self.close()
            raise CardError(f"PC/SC status failed ({scard.SCardGetErrorMessage(rc).strip()})")
        out = {}
        for name, state, _atr in result:
            out[name] = bool(state & scard.SCARD_STATE_PRESENT) and not bool(state & scard.SCARD_STATE_MUTE)
        return out


def list_readers(allow_virtual: bool = False, scanner: PcscScanner | None = None) -> list[dict]:
    """[{"name", "card_present", "virtual"}] for the readers we may use."""
    sc = scanner or PcscScanner()
    try:
        found = sc.scan()
    finally:
        if scanner is None:
            sc.close()
    return [{"name": n, "card_present": p, "virtual": is_virtual(n)}
            for n, p in sorted(found.items()) if allow_virtual or not is_virtual(n)]


def wait_for_card(reader: str, timeout: float = 5.0, scanner: PcscScanner | None = None,
                  sleep=time.sleep, clock=time.monotonic, present: bool = True) -> bool:
    """True once `reader` shows a card (or, with present=False, shows none) within `timeout`."""
    sc = scanner or PcscScanner()
    deadline = clock() + timeout
    try:
        while True:
            if bool(sc.scan().get(reader)) == present:
                return True
            if clock() >= deadline:
                return False
            sleep(0.05)
    finally:
        if scanner is None:
            sc.close()
