"""The card service: ONE thread owns pyscard; readers, cards and reads become callbacks.

Public API for the UI (it wraps the callbacks in queued Qt signals):

    svc = CardService(on_event=..., on_status=..., allow_virtual=False, csca_dir=...)
    svc.start()
    job = svc.read_icao(reader_name, AccessKey.from_mrz(doc, birth, expiry), on_done, on_progress=None)
    job = svc.probe(reader_name, on_done)       # the technician's timed test read -> ProbeResult
    svc.stop()

- `on_event(ReaderEvent)`: kind in reader_added / reader_removed / card_inserted /
  card_removed, with the reader name. Debounced: a reader (or card) counts as gone only
  after it is missing on `missing_scans` consecutive scans.
- `on_status(ServiceStatus)`: state connected / connecting / error / disconnected, a
  `citizen` line and a technician `detail` (pcscd down, no reader, ...). Never raises.
- `on_done(ReadResult)`: `ok`, `identity` (kiosk.identity.Identity, photo included),
  `data` (results.icao_dict), `details` (DG11/DG12, photo problem), `document` (the full
  IcaoDocument), or `error_code`, `citizen`, `detail`.
- `on_progress(file_name, bytes_done, bytes_total)` while reading.
- `probe` -> `on_done(ProbeResult)`: connect (ATR) and SELECT the eMRTD application, both
  timed, and whether the reader is virtual. Nothing beyond the ATR and the status word is
  read from the card: no personal data.

A reader that stops answering during a read or a probe (one APDU, or the connect, pending
longer than `apdu_timeout` s, config `cards.apdu_timeout_s`): pyscard cannot be interrupted, so the
owner thread is abandoned where it blocks. The watchdog thread delivers `on_done` with
error_code "reader_timeout" and detail "reader stopped answering: unplug and replug the
reader", sets the status to error with that detail, and starts a new owner thread; the
late result of the abandoned thread is dropped. Reads on that reader fail at once until
the blocked call returns or the reader leaves the bus (unplugged).

Callbacks run on the service thread (or, for a reader that stopped answering, on the
watchdog thread): keep them short (emit a signal, put on a queue).
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from dataclasses import asdict, dataclass, field
from typing import Callable

from devices.cards.errors import AccessDenied, CardError, CardRemoved
from kiosk.errors import KioskError
from devices.cards.pcsc import PcscScanner, is_virtual
from devices.cards.watchdog import CITIZEN_STOPPED, READER_STOPPED, timeout_message

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReaderEvent:
    kind: str          # reader_added | reader_removed | card_inserted | card_removed
    reader: str
    virtual: bool = False


@dataclass(frozen=True)
class ServiceStatus:
    state: str         # connected | connecting | error | disconnected
    citizen: str
    detail: str = ""


SELECT_EMRTD = bytes.fromhex("00A4040C07A0000002471001")    # ICAO 9303-10: SELECT the eMRTD application


@dataclass(frozen=True)
class ProbeResult:
    """A test read: the reader answers, how fast, and what kind of card it holds."""
    ok: bool
    reader: str
    virtual: bool
    atr: str = ""              # hex
    connect_ms: float = 0.0    # reader connect until the ATR is there
    select_ms: float = 0.0     # SELECT eMRTD round trip
    sw: str = ""               # the card's answer to the SELECT, e.g. 9000 (6A82: not a passport chip)
    detail: str = ""           # why it failed (one line, no personal data)
    error_code: str = ""       # e.g. reader_timeout

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class ReadResult:
    ok: bool
    reader: str = ""
    data: dict | None = None
    details: dict | None = None
    document: object | None = None
    identity: object | None = None     # kiosk.identity.Identity
    error_code: str = ""
    citizen: str = ""
    detail: str = ""


class ReaderMonitor:
    """Turns successive scans ({reader: card present}) into debounced events.

    Pure logic: `step(scan)` is called by the owner thread; testable with fake scans.
    """

    def __init__(self, on_event: Callable[[ReaderEvent], None], *, missing_scans: int = 2,
                 allow_virtual: bool = False):
        self.on_event = on_event
        self.missing_scans = max(1, missing_scans)
        self.allow_virtual = allow_virtual
        self.readers: dict[str, bool] = {}     # reported state: reader -> card present
        self._missing: dict[str, int] = {}     # reader -> consecutive scans without it
        self._card_absent: dict[str, int] = {}  # reader -> consecutive scans without its card

    def step(self, scan: dict[str, bool]) -> list[ReaderEvent]:
        events = []
        scan = {n: p for n, p in scan.items() if self.allow_virtual or not is_virtual(n)}
        for name, present in scan.items():
            self._missing.pop(name, None)
            if name not in self.readers:
                self.readers[name] = False
                events.append(ReaderEvent("reader_added", name, is_virtual(name)))
            if present:
                self._card_absent.pop(name, None)
                if not self.readers[name]:
                    self.readers[name] = True
                    events.append(ReaderEvent("card_inserted", name, is_virtual(name)))
            elif self.readers[name]:
                n = self._card_absent.get(name, 0) + 1
                self._card_absent[name] = n
                if n >= self.missing_scans:
                    self.readers[name] = False
                    self._card_absent.pop(name, None)
                    events.append(ReaderEvent("card_removed", name, is_virtual(name)))
        for name in list(self.readers):
            if name in scan:
                continue
            n = self._missing.get(name, 0) + 1
            self._missing[name] = n
            if n >= self.missing_scans:
                had_card = self.readers.pop(name)
                self._missing.pop(name, None)
                self._card_absent.pop(name, None)
                if had_card:
                    events.append(ReaderEvent("card_removed", name, is_virtual(name)))
                events.append(ReaderEvent("reader_removed", name, is_virtual(name)))
        for e in events:
            try:
                self.on_event(e)
            except Exception:  # a broken listener must not stop the monitor
                log.exception("reader event callback failed")
        return events


_CLAIM = threading.Lock()


@dataclass
class _Job:
    kind: str
    args: tuple
    on_done: Callable[[ReadResult], None]
    on_progress: Callable[[str, int, int], None] | None = None
    cancelled: threading.Event = field(default_factory=threading.Event)
    finished: bool = False

    def timed_out(self, reader: str, detail: str):
        """The result the watchdog delivers when the reader stopped answering."""
        if self.kind == "probe":
            return ProbeResult(False, reader, is_virtual(reader), detail=detail, error_code="reader_timeout")
        return ReadResult(False, reader, error_code="reader_timeout", citizen=CITIZEN_STOPPED, detail=detail)

    def claim(self) -> bool:
        """True exactly once: whoever claims the job delivers its result (the other is dropped)."""
        with _CLAIM:
            if self.finished:
                return False
            self.finished = True
            return True


@dataclass
class _Active:
    """The read in progress, as the watchdog sees it."""
    job: _Job
    reader: str
    generation: int
    started: float                     # time.monotonic() when the read began (covers the connect)
    transport: object | None = None


class CardService:
    """Owner thread of pyscard: scans readers between jobs, runs reads one at a time."""

    def __init__(self, *, on_event: Callable[[ReaderEvent], None] | None = None,
                 on_status: Callable[[ServiceStatus], None] | None = None,
                 allow_virtual: bool = False, csca_dir: str | None = None, interval: float = 0.25,
                 missing_scans: int = 2, scanner_factory: Callable[[], object] = PcscScanner,
                 transport_factory: Callable[[str], object] | None = None, apdu_timeout: float = 10.0,
                 clock: Callable[[], float] = time.monotonic):
        self.on_status = on_status or (lambda s: None)
        self.monitor = ReaderMonitor(on_event or (lambda e: None), missing_scans=missing_scans,
                                     allow_virtual=allow_virtual)
        self.allow_virtual = allow_virtual
        self.csca_dir = csca_dir
        self.interval = interval
        self._scanner_factory = scanner_factory
        self._transport_factory = transport_factory
        self._jobs: queue.Queue[_Job | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self.status = ServiceStatus("connecting", "Starting the card reader...", "")
        self._store = None
        self.apdu_timeout = apdu_timeout
        self._clock = clock
        self._lock = threading.Lock()          # guards the fields below and the status
        self._generation = 0                   # bumped when a blocked owner thread is abandoned
        self._active: _Active | None = None
        self.stuck: dict[str, int] = {}        # reader -> generation of the thread blocked on it
        self._watchdog: threading.Thread | None = None

    # --- public ------------------------------------------------------------------------
    def start(self) -> None:
        if self._thread is None:
            self._stop.clear()
            self._start_owner()
            self._watchdog = threading.Thread(target=self._watch, name="card-watchdog", daemon=True)
            self._watchdog.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._jobs.put(None)
        for th in (self._thread, self._watchdog):
            if th:
                th.join(timeout)  # an owner blocked in the driver is a daemon: left behind
        self._thread = self._watchdog = None

    def read_icao(self, reader: str, key, on_done: Callable[[ReadResult], None],
                  on_progress: Callable[[str, int, int], None] | None = None) -> _Job:
        """Queue a read; `on_done(ReadResult)` is called once, on the service thread (or on the
        watchdog thread when the reader stopped answering)."""
        job = _Job("icao", (reader, key), on_done, on_progress)
        self._jobs.put(job)
        return job

    def probe(self, reader: str, on_done: Callable[[ProbeResult], None]) -> _Job:
        """Queue a timed test read (connect + SELECT eMRTD); `on_done(ProbeResult)` is called
        once, on the service thread (or on the watchdog thread when the reader stopped
        answering: error_code "reader_timeout")."""
        job = _Job("probe", (reader,), on_done)
        self._jobs.put(job)
        return job

    # --- thread ----------------------------------------------------------------------------
    def _set_status(self, st: ServiceStatus) -> None:
        with self._lock:
            if st == self.status:
                return
            self.status = st
        try:
            self.on_status(st)
        except Exception:
            log.exception("status callback failed")

    def _start_owner(self) -> None:
        with self._lock:
            gen = self._generation
        self._thread = threading.Thread(target=self._run, args=(gen,), name=f"pyscard-owner-{gen}", daemon=True)
        self._thread.start()

    def _current(self, gen: int) -> bool:
        with self._lock:
            return gen == self._generation

    def _watch(self) -> None:
        """Abandons an owner thread whose read has waited longer than `apdu_timeout` on one step."""
        period = max(0.02, min(0.2, self.apdu_timeout / 5))
        while not self._stop.wait(period):
            with self._lock:
                act = self._active
                if act is None:
                    continue
                since = act.started if act.transport is None else getattr(act.transport, "in_flight_since", None)
                if since is None or self._clock() - since <= self.apdu_timeout:
                    continue
                self._active = None
                self.stuck[act.reader] = act.generation
                self._generation += 1
            log.warning("card reader stopped answering (no answer within %g s); owner thread abandoned",
                        self.apdu_timeout)
            detail = timeout_message(self.apdu_timeout)
            if act.job.claim():
                _safe_call(act.job.on_done, act.job.timed_out(act.reader, detail))
            self._set_status(ServiceStatus("error", CITIZEN_STOPPED, f"{READER_STOPPED}: {act.reader}"))
            if not self._stop.is_set():
                self._start_owner()

    def _run(self, gen: int = 0) -> None:
        scanner = None
        while not self._stop.is_set() and self._current(gen):
            try:
                if scanner is None:
                    scanner = self._scanner_factory()
                scan = scanner.scan()
                self.monitor.step(scan)
                usable = [n for n in scan if self.allow_virtual or not is_virtual(n)]
                with self._lock:
                    for name in [r for r in self.stuck if r not in scan]:
                        del self.stuck[name]  # unplugged: a new one may work
                    stuck = [r for r in self.stuck if r in usable]
                if stuck:
                    self._set_status(ServiceStatus("error", CITIZEN_STOPPED, f"{READER_STOPPED}: {', '.join(stuck)}"))
                elif usable:
                    self._set_status(ServiceStatus("connected", "Card reader ready.", ", ".join(usable)))
                else:
                    self._set_status(ServiceStatus("disconnected", "Card reader not connected: ask staff for help.",
                                                   "no PC/SC reader found"))
            except CardError as e:
                self._set_status(ServiceStatus("error", "Card reader unavailable: ask staff for help.", str(e)))
                scanner = None
            except Exception as e:  # a driver bug must not kill the owner thread
                log.exception("reader scan failed")
                self._set_status(ServiceStatus("error", "Card reader unavailable: ask staff for help.",
                                               f"{type(e).__name__}: {e}"))
                scanner = None
            try:
                job = self._jobs.get(timeout=self.interval)
            except queue.Empty:
                continue
            if job is None:
                break
            self._do(job, gen)
        if scanner is not None and hasattr(scanner, "close"):
            try:
                scanner.close()
            except Exception:  # a context of a daemon that went away
                log.debug("scanner close failed", exc_info=True)

    def _csca(self):
        from devices.cards.passive_auth import CscaStore
        if self._store is None:
            self._store = CscaStore.load(self.csca_dir)
        return self._store

    def _do(self, job: _Job, gen: int = 0) -> None:
        from devices.cards.icao import IcaoReader
        from devices.cards.results import icao_details, icao_dict, icao_identity
        from devices.cards.transport import PyscardTransport
        reader = job.args[0]
        with self._lock:
            blocked = reader in self.stuck
        if blocked:  # a thread is still stuck on it: a new read would block as well
            if job.claim():
                _safe_call(job.on_done, job.timed_out(reader, f"{READER_STOPPED} (an earlier read is still blocked on it)"))
            return
        act = _Active(job, reader, gen, self._clock())
        with self._lock:
            self._active = act
        if job.kind == "probe":
            return self._do_probe(job, act)
        key = job.args[1]
        result: ReadResult
        t = None
        try:
            if is_virtual(reader) and not self.allow_virtual:
                raise CardError(f"reader {reader!r} is virtual and virtual readers are disabled")
            t = (self._transport_factory or PyscardTransport)(reader)
            act.transport = t
            doc = IcaoReader(t, progress=job.on_progress).read(key, self._csca())
            result = ReadResult(True, reader, icao_dict(doc), icao_details(doc), doc, icao_identity(doc))
        except AccessDenied as e:
            result = ReadResult(False, reader, error_code=e.code,
                                citizen="The chip refused access: check the document number and dates.", detail=str(e))
        except CardRemoved as e:
            result = ReadResult(False, reader, error_code=e.code,
                                citizen="The document was moved: place it on the reader again and keep it still.",
                                detail=str(e))
        except KioskError as e:
            result = ReadResult(False, reader, error_code=e.code,
                                citizen="The document could not be read: lift it and place it again.", detail=str(e))
        except Exception as e:
            log.exception("card read crashed")
            result = ReadResult(False, reader, error_code="internal",
                                citizen="The document could not be read: ask staff for help.",
                                detail=f"{type(e).__name__}: {e}")
        finally:
            self._finish(act, t)
        self._deliver(job, result)

    def _finish(self, act: _Active, transport) -> None:
        with self._lock:
            if self._active is act:
                self._active = None
            if self.stuck.get(act.reader) == act.generation:
                del self.stuck[act.reader]  # the blocked call came back: the reader answers again
        if transport is not None:
            transport.close()

    @staticmethod
    def _deliver(job: _Job, result) -> None:
        if not job.claim():
            log.info("late result of an abandoned %s dropped (ok=%s)", job.kind, result.ok)
            return
        try:
            job.on_done(result)
        except Exception:
            log.exception("%s callback failed", job.kind)

    def _do_probe(self, job: _Job, act: _Active) -> None:
        from devices.cards.transport import PyscardTransport
        reader = act.reader
        virtual = is_virtual(reader)
        t0 = time.perf_counter()
        t = None
        try:
            if virtual and not self.allow_virtual:
                result = ProbeResult(False, reader, True, detail="virtual readers are disabled (cards.allow_virtual)")
            else:
                t = (self._transport_factory or PyscardTransport)(reader)
                act.transport = t
                connected = time.perf_counter()
                _data, sw = t.transmit(SELECT_EMRTD)
                selected = time.perf_counter()
                result = ProbeResult(True, reader, virtual, atr=bytes(t.atr).hex().upper(),
                                     connect_ms=round((connected - t0) * 1000, 1),
                                     select_ms=round((selected - connected) * 1000, 1), sw=f"{sw:04X}")
        except KioskError as e:
            result = ProbeResult(False, reader, virtual, connect_ms=round((time.perf_counter() - t0) * 1000, 1),
                                 detail=str(e), error_code=e.code)
        except Exception as e:  # a driver bug is a failed test, never a dead owner thread
            log.exception("test read crashed")
            result = ProbeResult(False, reader, virtual, detail=f"{type(e).__name__}: {e}", error_code="internal")
        finally:
            self._finish(act, t)
        self._deliver(job, result)


class Ga467Service:
    """Owner thread of a GA/T 467 serial reader: polls for a card at the reader's pace.

        svc = Ga467Service(device, on_read=..., on_event=..., on_status=..., decoder_path="")
        svc.start() ... svc.stop()

    A card on the reader is read once (`on_read(ReadResult)` with `identity`, `data` =
    ga467_dict without photo bytes, `details` with the WLT bytes / decoded PNG); the next
    read happens after the card was lifted (`on_event` card_removed). A failed read asks
    the citizen to lift the card and place it again; the port is reopened after errors.
    With `read_present=False` a card already on the reader when the service starts is not
    read (a card the previous citizen left behind): only a card placed afterwards is.
    """

    def __init__(self, device: str, *, baudrate: int = 115200, on_read=None, on_event=None, on_status=None,
                 decoder_path: str = "", poll_s: float = 0.3, reader_factory=None, read_present: bool = True):
        self.device, self.baudrate = device, baudrate
        self.on_read = on_read or (lambda r: None)
        self.on_event = on_event or (lambda e: None)
        self.on_status = on_status or (lambda s: None)
        self.decoder_path = decoder_path
        self.poll_s = poll_s
        self.read_present = read_present
        self._reader_factory = reader_factory
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.status = ServiceStatus("connecting", "Starting the ID card reader...", device)

    def start(self) -> None:
        if self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="ga467-owner", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join(timeout)
            self._thread = None

    def _set_status(self, st: ServiceStatus) -> None:
        if st != self.status:
            self.status = st
            _safe_call(self.on_status, st)

    def _open(self):
        from devices.cards.ga467 import Ga467Reader
        return (self._reader_factory or Ga467Reader.open)(self.device, self.baudrate)

    def _run(self) -> None:
        from devices.cards.ga467 import ga467_dict, load_wlt_decoder, to_identity
        decoder = load_wlt_decoder(self.decoder_path)
        reader = None
        card_on = False
        first = True
        while not self._stop.is_set():
            try:
                if reader is None:
                    reader = self._open()
                    reader.status()
                    self._set_status(ServiceStatus("connected", "ID card reader ready.", self.device))
                present = reader.find_card()
                if first:
                    first = False
                    card_on = present and not self.read_present   # already there: wait until lifted
                if present and not card_on:
                    card_on = True
                    _safe_call(self.on_event, ReaderEvent("card_inserted", self.device))
                    try:
                        reader.select_card()
                        info = reader.read_base_info()
                        data = ga467_dict(info, decoder)
                        png = data["photo"].pop("_bmp", None)
                        result = ReadResult(True, self.device, data,
                                            {"photo_wlt": info.photo_wlt, "photo_png": png, "extra": info.extra,
                                             "id_number_valid": info.id_number_valid,
                                             "photo_note": "" if png else "photo cannot be shown: "
                                             "no WLT decoder configured (cards.wlt_decoder)"},
                                            info, to_identity(info, photo_png=png))
                    except CardError as e:
                        card_on = False  # try again on the next poll
                        result = ReadResult(False, self.device, error_code=e.code,
                                            citizen="The card could not be read: lift it and place it again.",
                                            detail=str(e))
                    except KioskError as e:  # e.g. an ID number that fails GB 11643
                        result = ReadResult(False, self.device, error_code=e.code,
                                            citizen="The card could not be read: ask staff for help.",
                                            detail=str(e))
                    _safe_call(self.on_read, result)
                elif not present and card_on:
                    card_on = False
                    _safe_call(self.on_event, ReaderEvent("card_removed", self.device))
            except KioskError as e:
                self._set_status(ServiceStatus("error", "ID card reader unavailable: ask staff for help.", str(e)))
                if reader is not None:
                    reader.close()
                reader = None
                self._stop.wait(1.0)  # reopen slowly: the cable may be out
                continue
            except Exception as e:
                log.exception("GA/T 467 poll failed")
                self._set_status(ServiceStatus("error", "ID card reader unavailable: ask staff for help.",
                                               f"{type(e).__name__}: {e}"))
                if reader is not None:
                    reader.close()
                reader = None
                self._stop.wait(1.0)
                continue
            self._stop.wait(self.poll_s)
        if reader is not None:
            reader.close()


def _safe_call(fn, arg) -> None:
    try:
        fn(arg)
    except Exception:
        log.exception("card service callback failed")
