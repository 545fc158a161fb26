"""The sync worker: one thread with its own store connection drains the outbox,
one idempotent request per case, and pulls status, catalogue, platform keys and the
watermark without blocking pushes for long (short timeouts, between cases).

Single flight: one drain at a time per process (a lock) and per data directory (an
flock on `sync.lock`, released by the OS even after kill -9), so the UI's worker and
`kiosk sync run` never send the same case twice concurrently.

The UI uses: `SyncWorker(open_store, settings)`, `.start()`, `.stop()`, `.trigger()`
(new case / network back), `.subscribe(callback) -> unsubscribe` (callback gets a
status dict, called from the worker thread: turn it into a queued Qt signal), and
`enroll(store, settings, url, token, ca_file)`.
"""

from __future__ import annotations

import fcntl
import logging
import os
import random
import shutil
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.errors import SyncError
from sync import backoff, crypto, outbox, rating_outbox

log = logging.getLogger(__name__)

CA_FILE = "platform-ca.pem"
RATING_CHECK_EVERY_S = 600.0  # how often delivered ratings are checked against the platform (gap after a restore)


@dataclass
class SyncSettings:
    interval_s: float = 60.0
    backoff_base_s: float = backoff.BASE_S
    backoff_cap_s: float = backoff.CAP_S
    connect_timeout_s: float = 10.0
    read_timeout_s: float = 30.0
    min_rate_bps: float = 32 * 1024
    chunk_threshold_bytes: int = 8 * 1024 * 1024
    chunk_bytes: int = 1024 * 1024
    max_inflight: int = 2
    retention_days: float = 30
    stale_warn_days: float = 2
    stale_warn_cases: int = 500
    refuse_after_days: float = 0
    kiosk_id: str = ""

    @classmethod
    def from_config(cls, cfg) -> "SyncSettings":
        s = cls()
        for f in s.__dataclass_fields__:
            v = cfg.get(f"sync.{f}")
            if v is not None:
                setattr(s, f, type(getattr(s, f))(v))
        s.kiosk_id = f"{cfg.get('kiosk.hall_code', '000000')}-{cfg.get('kiosk.kiosk_id', 'K01')}"
        return s


# ---------------------------------------------------------------------------- status and guards

def status_snapshot(conn, settings: SyncSettings, now: float) -> dict:
    st = outbox.status(conn, now)
    st.update(rating_outbox.status(conn))
    warnings = []
    age = st["oldest_pending_age_s"] or 0
    if age > settings.stale_warn_days * 86400:
        warnings.append(f"oldest undelivered case is {age / 86400:.1f} days old")
    if st["pending"] > settings.stale_warn_cases:
        warnings.append(f"{st['pending']} cases wait for delivery (limit {settings.stale_warn_cases})")
    platform_top = outbox.state_get(conn, "platform_max_seq")
    local_top = conn.execute("SELECT MAX(kiosk_seq) FROM outbox").fetchone()[0] or 0
    if platform_top and platform_top > local_top:
        warnings.append(f"the platform holds kiosk_seq up to {platform_top} but this kiosk only up to {local_top}: "
                        "restored from an old backup? raise the case sequence before taking new cases")
    st["warnings"] = warnings
    st["refuse_new_cases"] = bool(settings.refuse_after_days and age > settings.refuse_after_days * 86400)
    return st


def intake_allowed(conn, settings: SyncSettings, now: float | None = None) -> tuple[bool, str]:
    """For the UI/core before starting a case: (False, reason) past the refuse limit."""
    st = status_snapshot(conn, settings, time.time() if now is None else now)
    if st["refuse_new_cases"]:
        return False, (f"new cases are refused: the oldest undelivered case is older than "
                       f"{settings.refuse_after_days:g} days; restore the network link")
    return True, ""


def audit_head_string(conn) -> str:
    try:
        from kiosk import audit
        h = audit.head(conn)
        return f"{h['seq']}:{h['hash']}"
    except Exception:  # no audit table in a bare test store: send nothing
        return ""


# ---------------------------------------------------------------------------- enrollment

def enroll(store, settings: SyncSettings, url: str, token: str, ca_file: str | None = None,
           kiosk_id: str | None = None) -> dict:
    """Create the kiosk key, register it with a one-time token, store the platform keys
    (and the TLS CA), then seal every case held while unenrolled."""
    from sync.client import enroll_request
    kdir = outbox.keys_dir(store.conn)
    kdir.mkdir(parents=True, exist_ok=True, mode=0o700)
    ca_stored = None
    if ca_file:
        ca_stored = kdir / CA_FILE
        shutil.copyfile(ca_file, ca_stored)
        os.chmod(ca_stored, 0o644)
    key = crypto.load_or_create_ed25519(kdir / outbox.KIOSK_KEY_FILE)
    kid = kiosk_id or settings.kiosk_id
    resp = enroll_request(url, token, kid, crypto.raw_public(key), str(ca_stored) if ca_stored else None)
    from sync.client import verify_key_set
    sign_pk = crypto.unb64(resp["signing_public_key"])
    hpke = verify_key_set(resp, sign_pk)
    enr = {"kiosk_id": resp["kiosk_id"], "kiosk_key_id": resp["kiosk_key_id"], "platform_url": url.rstrip("/"),
           "platform_key_id": hpke["key_id"], "platform_public_key": hpke["public_key"],
           "platform_signing_key": resp["signing_public_key"], "ca_file": str(ca_stored) if ca_stored else None,
           "enrolled_at": time.time()}
    with store.transaction() as db:
        outbox.state_set(db, "enrollment", enr)
        sealed = outbox.seal_held(db)
        outbox._audit(db, "sync.enrolled", enr["kiosk_id"], {"platform": enr["platform_url"],
                                                             "kiosk_key_id": enr["kiosk_key_id"]})
    return dict(enr, sealed_held=sealed)


def rotate_kiosk_key(store, client) -> str:
    """Register a new kiosk signing key (request signed by the old one), then switch.
    Packets already signed with the old key still verify: the platform keeps old keys."""
    kdir = outbox.keys_dir(store.conn)
    nxt = kdir / (outbox.KIOSK_KEY_FILE + ".next")
    key = crypto.load_or_create_ed25519(nxt)
    resp = client.add_key(crypto.raw_public(key))
    os.replace(nxt, kdir / outbox.KIOSK_KEY_FILE)
    with store.transaction() as db:
        enr = outbox.enrollment(db)
        enr["kiosk_key_id"] = resp["kiosk_key_id"]
        outbox.state_set(db, "enrollment", enr)
        outbox._audit(db, "sync.kiosk_key_rotated", enr["kiosk_id"], {"kiosk_key_id": resp["kiosk_key_id"]})
    return resp["kiosk_key_id"]


# ---------------------------------------------------------------------------- the worker

@dataclass
class RunResult:
    delivered: int = 0
    failures: int = 0
    quarantined: int = 0
    reason: str = ""
    extra: dict = field(default_factory=dict)


class SyncWorker:
    def __init__(self, open_store, settings: SyncSettings | None = None, *, clock=time.time,
                 rng: random.Random | None = None, client_factory=None):
        self.open_store = open_store
        self.settings = settings or SyncSettings()
        self.clock = clock
        self.rng = rng or random.Random()
        self.client_factory = client_factory
        self._wake = threading.Event()
        self._pull_wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._flight = threading.Lock()
        self._subscribers: list = []
        self._fail_streak = 0
        self._backoff_until = 0.0
        self._claims: dict[str, float] = {}   # case id -> when this attempt claimed it (outbox.claim)
        self._last_pull = float("-inf")
        self._last_rating_check = float("-inf")
        self.phase = "stopped"

    # ------------------------------------------------------------ UI-facing API
    def subscribe(self, callback):
        self._subscribers.append(callback)
        return lambda: self._subscribers.remove(callback) if callback in self._subscribers else None

    def start(self) -> None:
        if self._thread and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._thread_main, name="sync-worker", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        self._pull_wake.set()
        if self._thread:
            self._thread.join(timeout)
            self._thread = None

    def trigger(self) -> None:
        """A new case, or the network came back: send now, forget the global backoff."""
        self._backoff_until = 0.0
        self._fail_streak = 0
        self._wake.set()

    def pull_soon(self) -> None:
        self._last_pull = float("-inf")
        self._wake.set()
        self._pull_wake.set()

    # ------------------------------------------------------------ internals
    def _notify(self, store, **extra) -> None:
        if not self._subscribers:
            return
        st = status_snapshot(store.conn, self.settings, self.clock())
        st.update(phase=self.phase, **extra)
        for cb in list(self._subscribers):
            try:
                cb(st)
            except Exception:  # a broken subscriber must not stop delivery
                log.exception("sync status subscriber failed")

    def _thread_main(self) -> None:
        """The UI's worker thread: an unexpected error (a bug, the store briefly locked)
        restarts the loop after a pause instead of silently ending delivery."""
        while not self._stop.is_set():
            try:
                self.run()
            except Exception as e:
                log.exception("sync worker stopped by an error; restarting")
                self.phase = "error"
                self.last_crash = f"{type(e).__name__}: {e}"[:300]
                self._stop.wait(self.settings.backoff_base_s)

    def _make_client(self, store, enr: dict):
        if self.client_factory:
            return self.client_factory(store, enr)
        from sync.client import PlatformClient, Timeouts
        kdir = outbox.keys_dir(store.conn)
        s = self.settings
        return PlatformClient(
            enr["platform_url"], kiosk_id=enr["kiosk_id"], key_id=enr["kiosk_key_id"],
            signing_key=crypto.load_ed25519(kdir / outbox.KIOSK_KEY_FILE),
            platform_sign_pk=crypto.unb64(enr["platform_signing_key"]), ca_file=enr.get("ca_file"),
            timeouts=Timeouts(s.connect_timeout_s, s.read_timeout_s, s.min_rate_bps),
            audit_head=lambda: audit_head_string(store.conn), chunk_threshold=s.chunk_threshold_bytes,
            chunk_size=s.chunk_bytes)

    def _lock_dir(self, store):
        path = Path(store.conn.execute("PRAGMA database_list").fetchone()[2]).parent / "sync.lock"
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise SyncError("another sync worker is running on this data directory; "
                            "stop it first (the kiosk app or another `kiosk sync run`)") from None
        return fd

    def run(self, *, once: bool = False, deadline: float | None = None) -> RunResult:
        """Drain and pull until stopped; with once=True, until nothing sealed is pending
        (or `deadline`, a clock() time, passes). Returns what happened.

        Running continuously, pulls (status, catalogue, keys, watermark, purge) run in a
        second thread with its own store connection and HTTP session, so a slow pull
        never holds up a push. With once=True they run inline between drains."""
        if not self._flight.acquire(blocking=False):
            raise SyncError("this worker is already running")
        store = self.open_store()
        lock_fd = None
        res = RunResult()
        clients: list = []
        puller = None
        try:
            lock_fd = self._lock_dir(store)
            if not once:
                puller = threading.Thread(target=self._pull_loop, name="sync-puller", daemon=True)
                puller.start()
            while not self._stop.is_set():
                enr = outbox.enrollment(store.conn)
                if not enr:
                    self.phase = "not_enrolled"
                    self._notify(store)
                    if once:
                        res.reason = "not enrolled (kiosk sync enroll --url URL --token TOKEN)"
                        return res
                    self._sleep_until(self.clock() + self.settings.interval_s)
                    continue
                if not clients:
                    clients = [self._make_client(store, enr) for _ in range(max(1, self.settings.max_inflight))]
                wake_at = self._drain(store, clients, res)
                if once:
                    now = self.clock()
                    paused = (outbox.state_get(store.conn, "paused_until") or 0) > now
                    if now - self._last_pull >= self.settings.interval_s and not paused:
                        self._last_pull = now
                        self._pulls(store, clients[0], res)
                        wake_at = min(wake_at, self.clock())  # a gap re-queue is due now
                    pending = store.conn.execute(
                        "SELECT COUNT(*) FROM outbox WHERE state = 'pending' AND sealed = 1").fetchone()[0]
                    pending += rating_outbox.pending_count(store.conn) + rating_outbox.unqueued_count(store.conn)
                    if pending == 0:
                        res.reason = "queue empty"
                        return res
                    if deadline is not None and self.clock() >= deadline:
                        res.reason = f"deadline reached with {pending} cases pending"
                        return res
                    if deadline is not None:
                        wake_at = min(wake_at, deadline)
                self._sleep_until(min(wake_at, self.clock() + self.settings.interval_s), store.conn)
            res.reason = "stopped"
            return res
        finally:
            self.phase = "stopped"
            if puller is not None:
                self._stop.set()
                self._pull_wake.set()
                puller.join(30)
            for c in clients:
                c.close()
            if lock_fd is not None:
                os.close(lock_fd)
            store.close()
            self._flight.release()

    def _pull_loop(self) -> None:
        store = self.open_store()
        client = None
        res = RunResult()
        self.pull_result = res
        try:
            while not self._stop.is_set():
                now = self.clock()
                enr = outbox.enrollment(store.conn)
                paused = (outbox.state_get(store.conn, "paused_until") or 0) > now
                if enr and not paused and now - self._last_pull >= self.settings.interval_s:
                    self._last_pull = now
                    if client is None:
                        client = self._make_client(store, enr)
                    self._pulls(store, client, res)
                    if res.extra.get("gap_resent"):
                        self._wake.set()  # re-queued cases: the push loop sends them now
                self._pull_wake.wait(self.settings.interval_s)
                self._pull_wake.clear()
        except Exception:
            log.exception("sync puller stopped by an error")
        finally:
            if client is not None:
                client.close()
            store.close()

    def _sleep_until(self, t: float, conn=None) -> None:
        """Wait until `t`, a trigger, or (given `conn`) a commit by another connection
        that queued a case: `PRAGMA data_version` moves when another connection or
        process commits, so a case submitted by the UI's writer or `kiosk cases new`
        goes out within about a second without anyone calling trigger()."""
        version = conn.execute("PRAGMA data_version").fetchone()[0] if conn is not None else None
        while True:
            delay = t - self.clock()
            if delay <= 0 or self._wake.wait(min(delay, 1.0) if conn is not None else delay):
                break
            if conn is not None:
                now_version = conn.execute("PRAGMA data_version").fetchone()[0]
                if now_version != version:
                    version = now_version
                    due = (outbox.next_due(conn, self.clock()) is not None
                           or rating_outbox.next_due(conn, self.clock()) is not None
                           or rating_outbox.unqueued_count(conn) > 0)  # a rating made or resolved
                    if due and self._hold_until(conn, self.clock()) is None:
                        break
        self._wake.clear()

    def _hold_until(self, conn, now: float) -> float | None:
        """When sending must wait (a platform-requested pause or the link backoff), until when."""
        s = self.settings
        paused = outbox.state_get(conn, "paused_until") or 0
        if paused > now + backoff.PAUSE_MAX_S * 1.2:  # the clock jumped back: don't wait for days
            paused = now
        if paused > now:
            self.phase = "paused"
            return paused
        if self._backoff_until > now + s.backoff_cap_s * 1.2:
            self._backoff_until = now
        if self._backoff_until > now:
            self.phase = "backoff"
            return self._backoff_until
        return None

    @staticmethod
    def _deliver_rating_one(client, row, packet: bytes, head: str):
        try:
            return client.deliver_rating(row[6], row[2], packet, row[3], head)
        except Exception as e:  # a bug must cost a retry, not the worker
            log.exception("sync: delivering rating %s failed unexpectedly", row[0])
            from sync.client import Outcome
            return Outcome("retry", None, f"internal error: {type(e).__name__}")

    def _queue_ratings(self, store) -> None:
        """Seal ratings made (or resolved) since the last look; trouble here never stops cases."""
        try:
            rating_outbox.queue_new(store, self.clock())
        except Exception as e:
            log.warning("sync: queuing ratings failed: %s", e)
            try:
                with store.transaction() as db:
                    outbox.state_set(db, "last_rating_error", f"{type(e).__name__}: {e}"[:300])
            except Exception:
                pass

    @staticmethod
    def _deliver_one(client, case_id: str, packet: bytes, digest: str, head: str):
        try:
            return client.deliver(case_id, packet, digest, head)
        except Exception as e:  # a bug must cost a retry, not the worker
            log.exception("sync: delivering case %s failed unexpectedly", case_id)
            from sync.client import Outcome
            return Outcome("retry", None, f"internal error: {type(e).__name__}")

    def _drain(self, store, clients, res: RunResult) -> float:
        """Send due cases until none is due; return when the next one will be.

        Up to len(clients) requests are in flight (`max_inflight`, default 2: the next
        upload starts while the platform verifies and stores the previous one, which
        hides round trip and processing time). Outcomes are applied here, one at a
        time, on this thread's connection."""
        from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
        clients = clients if isinstance(clients, list) else [clients]
        conn = store.conn
        s = self.settings
        inflight: dict = {}
        free = list(clients)
        self._queue_ratings(store)
        with ThreadPoolExecutor(max_workers=len(clients), thread_name_prefix="sync-send") as pool:
            try:
                while not self._stop.is_set():
                    now = self.clock()
                    hold = self._hold_until(conn, now)
                    row = None
                    while hold is None and free:
                        busy = [r[0] for r, _ in inflight.values()]
                        row = outbox.next_due(conn, now, horizon=now + s.backoff_cap_s * 1.2, exclude=busy)
                        if row is None:  # cases first; then ratings, through the same senders and rules
                            row = rating_outbox.next_due(conn, now, horizon=now + s.backoff_cap_s * 1.2, exclude=busy)
                        if row is None:
                            break
                        client = free.pop()
                        self.phase = "sending"
                        if rating_outbox.is_job(row[0]):
                            fut = pool.submit(self._deliver_rating_one, client, row,
                                              rating_outbox.read_packet(conn, row[0]), audit_head_string(conn))
                        else:
                            with store.transaction() as db:  # withdrawn meanwhile? then never sent
                                claimed = outbox.claim(db, row[0], now)
                            if not claimed:
                                free.append(client)
                                continue
                            self._claims[row[0]] = now
                            fut = pool.submit(self._deliver_one, client, row[0], outbox.read_packet(conn, row[0]),
                                              row[3], audit_head_string(conn))
                        inflight[fut] = (row, client)
                    if not inflight:
                        if hold is not None:
                            return hold
                        self.phase = "idle"
                        wakes = [t for t in (outbox.next_wakeup(conn), rating_outbox.next_wakeup(conn)) if t is not None]
                        return min(wakes) if wakes else now + s.interval_s
                    done, _ = wait(list(inflight), return_when=FIRST_COMPLETED)
                    for fut in done:
                        row, client = inflight.pop(fut)
                        free.append(client)
                        self._apply(store, row, fut.result(), res)
            finally:
                for fut in list(inflight):  # stopping: record what the requests in flight came to
                    row, _ = inflight.pop(fut)
                    self._apply(store, row, fut.result(), res)
        return self.clock()

    def _apply(self, store, row, out, res: RunResult) -> None:
        s = self.settings
        case_id, attempts = row[0], row[5]
        now = self.clock()
        ops = rating_outbox if rating_outbox.is_job(case_id) else outbox
        with store.transaction() as db:
            since = self._claims.pop(case_id, None)
            if ops is outbox and out.kind == "quarantine":
                outbox.release(db, case_id)          # the platform looked at it and refused it
            elif ops is outbox and since is not None and \
                    (out.kind in ("pause", "auth") or (out.http or 0) >= 400 or getattr(out, "unsent", False)):
                outbox.release(db, case_id, since)   # not taken this time, and no earlier attempt in doubt
            if out.kind == "delivered":
                ops.mark_delivered(db, case_id, out.receipt, now)
                outbox.state_set(db, "last_error", None)
                self._fail_streak, self._backoff_until = 0, 0.0
                if ops is rating_outbox:
                    res.extra["ratings_delivered"] = res.extra.get("ratings_delivered", 0) + 1
                else:
                    res.delivered += 1
            elif out.kind == "quarantine":
                ops.quarantine(db, case_id, out.http, out.reason, now)
                res.quarantined += 1
            elif out.kind == "pause":
                until = now + backoff.pause_for(out.retry_after, now, rng=self.rng)
                outbox.state_set(db, "paused_until", max(until, outbox.state_get(db, "paused_until") or 0))
                outbox.state_set(db, "last_error", f"platform asked to wait (HTTP {out.http}): {out.reason}")
                if ops is rating_outbox:
                    rating_outbox.note_error(db, case_id, out.http, out.reason)
                else:
                    db.execute("UPDATE outbox SET last_http = ?, last_error = ? WHERE case_id = ?",
                               (out.http, out.reason[:500], case_id))
                res.failures += 1
            else:  # retry / auth: back off this case and, globally, the link
                nxt = now + backoff.full_jitter(attempts, base=s.backoff_base_s, cap=s.backoff_cap_s, rng=self.rng)
                ops.mark_failed(db, case_id, out.http, out.reason, nxt, now)
                outbox.state_set(db, "last_error", out.reason)
                self._backoff_until = now + backoff.full_jitter(self._fail_streak, base=s.backoff_base_s,
                                                                cap=s.backoff_cap_s, rng=self.rng)
                self._fail_streak += 1
                res.failures += 1
        if out.kind != "delivered":
            log.info("sync: case %s not delivered: %s %s", case_id, out.kind, out.reason)
        self._notify(store, last_case=case_id, last_outcome=out.kind)

    # ------------------------------------------------------------ pulls
    def _pulls(self, store, client, res: RunResult) -> None:
        for step in (self._pull_keys, self._pull_status, self._pull_catalogue, self._check_watermark,
                     self._check_rating_gaps, self._purge):
            try:
                step(store, client, res)
            except Exception as e:  # pulls never stop pushes; the reason is kept for the status screen
                log.info("sync pull %s failed: %s", step.__name__, e)
                try:
                    with store.transaction() as db:
                        outbox.state_set(db, "last_pull_error", f"{step.__name__.strip('_')}: {e}"[:300])
                except Exception:
                    pass

    def _pull_keys(self, store, client, res) -> None:
        from sync.client import verify_key_set
        enr = outbox.enrollment(store.conn)
        hpke = verify_key_set(client.key_set(), crypto.unb64(enr["platform_signing_key"]))
        if hpke["key_id"] != enr["platform_key_id"]:
            # new cases seal to the new key; queued packets keep theirs (the platform keeps old keys)
            with store.transaction() as db:
                enr = outbox.enrollment(db)
                enr.update(platform_key_id=hpke["key_id"], platform_public_key=hpke["public_key"])
                outbox.state_set(db, "enrollment", enr)
                outbox._audit(db, "sync.platform_key_changed", enr["kiosk_id"], {"key_id": hpke["key_id"]})
            res.extra["keys_changed"] = True

    def _pull_status(self, store, client, res) -> None:
        cursor = outbox.state_get(store.conn, "status_cursor", 0)
        while True:
            page = client.status_events(cursor)
            events = page.get("events", [])
            if not events:
                return
            with store.transaction() as db:
                for ev in events:
                    outbox.set_platform_status(db, ev["case_id"], ev["status"], ev.get("note"), ev["at"])
                cursor = page["cursor"]
                outbox.state_set(db, "status_cursor", cursor)
            res.extra["status_events"] = res.extra.get("status_events", 0) + len(events)
            self._notify(store, status_events=events)

    def _pull_catalogue(self, store, client, res) -> None:
        """Fetch the published catalogue bundle if its ETag changed, validate it with the
        core's catalogue rules and make it the active catalogue. A refused bundle keeps
        the old catalogue (and the old ETag, so it is fetched again next time)."""
        import json

        from kiosk.catalog.loader import validate_bundle
        from kiosk.catalog.storage import import_catalog
        etag = outbox.state_get(store.conn, "catalogue_etag")
        code, body, new_etag = client.catalogue(etag)
        if code != 200:
            return
        target = outbox.keys_dir(store.conn).parent / "sync" / "catalogue.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".tmp")
        tmp.write_bytes(body)
        os.replace(tmp, target)
        try:
            doc = json.loads(body)
        except ValueError:
            raise SyncError("platform catalogue is not JSON; keeping the current catalogue") from None
        catalog, problems = validate_bundle(doc, "platform catalogue")
        if problems:
            raise SyncError(f"platform catalogue refused ({len(problems)} problems; first: {problems[0]}); "
                            "keeping the current catalogue")
        info = import_catalog(store, catalog, actor="sync")
        with store.transaction() as db:
            outbox.state_set(db, "catalogue_etag", new_etag)
        res.extra["catalogue"] = info
        self._notify(store, catalogue_updated=info)

    def _check_watermark(self, store, client, res) -> None:
        """Cases the kiosk thinks delivered but the platform lacks (e.g. the platform
        restored a backup) are re-sent; gaps whose payload is purged become an incident."""
        wm = client.watermark()
        missing = set(wm.get("missing", []))
        top = int(wm.get("max_seq", 0))
        rows = store.conn.execute("SELECT case_id, kiosk_seq, packet IS NOT NULL FROM outbox"
                                  " WHERE state = 'delivered' AND kiosk_seq IS NOT NULL").fetchall()
        lost = [(cid, seq, has) for cid, seq, has in rows if seq in missing or seq > top]
        with store.transaction() as db:
            outbox.state_set(db, "platform_watermark", wm.get("highest_contiguous_seq"))
            outbox.state_set(db, "platform_max_seq", top)
            if lost:
                n = outbox.requeue_for_gap(db, [cid for cid, _, has in lost if has], self.clock())
                gone = [seq for _, seq, has in lost if not has]
                if gone:
                    outbox._audit(db, "sync.gap_unrecoverable", "outbox", {"kiosk_seqs": gone[:50]})
                    outbox.state_set(db, "last_error", f"platform lacks {len(gone)} purged cases "
                                     f"(kiosk_seq {gone[:5]}...): incident, report to the platform")
                res.extra["gap_resent"] = n

    def _check_rating_gaps(self, store, client, res) -> None:
        """Ratings the kiosk thinks delivered but the platform lacks (a restored platform)
        are sent again while their packet is still within retention."""
        now = self.clock()
        if now - self._last_rating_check < max(self.settings.interval_s, RATING_CHECK_EVERY_S):
            return  # up to 1000 ids per check: not on every status pull
        items = rating_outbox.delivered_unpurged(store.conn)
        if not items:
            return
        self._last_rating_check = now
        missing = client.rating_check(items)
        if missing:
            with store.transaction() as db:
                n = rating_outbox.requeue_missing(db, missing, self.clock())
            res.extra["ratings_gap_resent"] = n
            if n:
                self._wake.set()

    def _purge(self, store, client, res) -> None:
        with store.transaction() as db:
            n = outbox.purge_delivered(db, self.clock(), self.settings.retention_days * 86400)
            rating_outbox.purge_delivered(db, self.clock(), self.settings.retention_days * 86400)
        if n:
            store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            res.extra["purged"] = res.extra.get("purged", 0) + n
