"""The technician's PC/SC test read, timed, on pyscard's one owner thread.

`TechCardService` is `devices.cards.service.CardService` plus one job kind: connect to
the card on a reader (ATR), SELECT the eMRTD application, and time both. Nothing is
read from the card beyond its ATR and the status word: no personal data. (The job goes
through the service's own queue so pyscard stays on its thread. It leans on the
service's job queue and `_do`: a public `CardService.probe()` in devices/cards should
replace this subclass.)
"""

from __future__ import annotations

import logging
import time
from dataclasses import asdict, dataclass
from typing import Callable

from devices.cards.pcsc import is_virtual
from devices.cards.service import CardService, _Job
from kiosk.errors import KioskError

log = logging.getLogger(__name__)

SELECT_EMRTD = bytes.fromhex("00A4040C07A0000002471001")    # ICAO 9303-10: SELECT the eMRTD application


@dataclass(frozen=True)
class ProbeResult:
    ok: bool
    reader: str
    virtual: bool
    atr: str = ""              # hex
    connect_ms: float = 0.0    # reader connect until the ATR is there
    select_ms: float = 0.0     # SELECT eMRTD round trip
    sw: str = ""               # the card's answer to the SELECT, e.g. 9000 (6A82: not a passport chip)
    detail: str = ""           # why it failed (one line, no personal data)

    def as_dict(self) -> dict:
        return asdict(self)


class TechCardService(CardService):
    def probe(self, reader: str, on_done: Callable[[ProbeResult], None]) -> _Job:
        """Queue a test read; `on_done(ProbeResult)` once, on the service thread."""
        job = _Job("probe", (reader,), on_done)
        self._jobs.put(job)
        return job

    def _do(self, job: _Job, *args, **kwargs) -> None:
        if job.kind != "probe":
            return super()._do(job, *args, **kwargs)
        (reader,) = job.args
        try:
            result = self._probe(reader)
        except Exception as e:  # a driver bug is a failed test, never a dead owner thread
            log.exception("test read crashed")
            result = ProbeResult(False, reader, is_virtual(reader), detail=f"{type(e).__name__}: {e}")
        if not getattr(job, "claim", lambda: True)():      # the service's watchdog answered already
            return
        try:
            job.on_done(result)
        except Exception:
            log.exception("test read callback failed")

    def _probe(self, reader: str) -> ProbeResult:
        from devices.cards.transport import PyscardTransport
        virtual = is_virtual(reader)
        if virtual and not self.allow_virtual:
            return ProbeResult(False, reader, True, detail="virtual readers are disabled (cards.allow_virtual)")
        t0 = time.perf_counter()
        t = None
        try:
            t = (self._transport_factory or PyscardTransport)(reader)
            connected = time.perf_counter()
            _data, sw = t.transmit(SELECT_EMRTD)
            selected = time.perf_counter()
            return ProbeResult(True, reader, virtual, atr=bytes(t.atr).hex().upper(),
                               connect_ms=round((connected - t0) * 1000, 1),
                               select_ms=round((selected - connected) * 1000, 1), sw=f"{sw:04X}")
        except KioskError as e:
            return ProbeResult(False, reader, virtual, connect_ms=round((time.perf_counter() - t0) * 1000, 1),
                               detail=str(e))
        finally:
            if t is not None:
                t.close()
