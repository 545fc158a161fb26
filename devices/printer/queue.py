"""The durable print queue (table `print_jobs`, migration m0003).

Every slip is a row before a byte goes to the printer, so a print that fails (paper
out, cover open, offline, link down) never loses, blocks or duplicates a case:

    queued --claim--> printing --sent & status ok--> done
                          \\--refused / failed------> failed-waiting --retry--> printing ...

- A job is claimed with a conditional UPDATE, so two workers (the app and a CLI
  command) never send the same job twice.
- Before sending, the port asks the printer (DLE EOT); a printer that reports a fault
  gets nothing and the job waits: no half slip that the printer might print later.
- Jobs left `printing` by a crash are put back to waiting by `recover()` (the slip may
  have come out: at worst a second copy, never none).
- A reprint is a new job whose `reprint_of` names the original.

`PrintWorker` runs the queue on its own thread: on `wake()` (new job), on a printer
status change that clears a fault, and every `retry_s` seconds.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Callable

from kiosk.errors import NotFoundError, StateError
from devices.printer.port import PrinterPort, SendResult

log = logging.getLogger(__name__)

KINDS = ("acknowledgement", "queue_ticket", "end_of_day", "test_page")
WAITING = ("queued", "failed-waiting")


def _iso(dt: datetime) -> str:
    return dt.astimezone(timezone.utc).isoformat(timespec="milliseconds")


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


@dataclass(frozen=True)
class JobResult:
    job_id: int
    state: str            # done | failed-waiting | printing (still sending) | skipped (claimed elsewhere)
    error: str = ""
    status: dict | None = None

    def to_dict(self) -> dict:
        return {"job_id": self.job_id, "state": self.state, "error": self.error, "status": self.status}


def enqueue(db, *, kind: str, payload: bytes, case_id: str | None = None, params: dict | None = None,
            printer: str = "", reprint_of: int | None = None, now: datetime | None = None) -> int:
    """Insert a job inside the caller's transaction; returns its id. A first
    acknowledgement for a case that already has one returns the existing job."""
    if kind not in KINDS:
        raise ValueError(f"print job kind {kind!r}")
    if kind == "acknowledgement" and case_id and reprint_of is None:
        row = db.execute("SELECT id FROM print_jobs WHERE case_id=? AND kind='acknowledgement' "
                         "AND reprint_of IS NULL", (case_id,)).fetchone()
        if row:
            return row[0]
    ts = _iso(now or _utcnow())
    cur = db.execute(
        "INSERT INTO print_jobs(case_id, kind, printer, params, payload, payload_sha256, state, created_at,"
        " updated_at, next_attempt_at, reprint_of) VALUES(?,?,?,?,?,?, 'queued', ?,?,?,?)",
        (case_id, kind, printer, json.dumps(params or {}, ensure_ascii=False, sort_keys=True), payload,
         hashlib.sha256(payload).hexdigest(), ts, ts, ts, reprint_of))
    return cur.lastrowid


class PrintQueue:
    """Queue operations on one store. Use from one thread (the store's connection)."""

    def __init__(self, store, port: PrinterPort | None, *, retry_s: float = 15, send_timeout: float = 60,
                 actor: str = "kiosk", clock: Callable[[], datetime] = _utcnow):
        self.store = store
        self.port = port
        self.retry_s = retry_s
        self.send_timeout = send_timeout
        self.actor = actor
        self.clock = clock

    # ---- writing jobs ----
    def submit(self, *, kind: str, payload: bytes, case_id: str | None = None, params: dict | None = None,
               reprint_of: int | None = None) -> int:
        with self.store.transaction() as db:
            job_id = enqueue(db, kind=kind, payload=payload, case_id=case_id, params=params,
                             printer=self.port.uri.text if self.port else "", reprint_of=reprint_of,
                             now=self.clock())
            if reprint_of is not None:
                _audit(db, self.actor, "receipt.reprint", case_id or "", {"job": job_id, "reprint_of": reprint_of})
        return job_id

    def reprint(self, job_id: int, payload: bytes) -> int:
        """A new job for the same case and kind, pointing at the original."""
        orig = self.job(job_id)
        return self.submit(kind=orig["kind"], payload=payload, case_id=orig["case_id"],
                           params=orig["params"], reprint_of=orig["reprint_of"] or orig["id"])

    def first_acknowledgement(self, case_id: str) -> dict | None:
        """The case's first-print acknowledgement job (at most one exists), or None."""
        row = self.store.conn.execute("SELECT * FROM print_jobs WHERE case_id=? AND kind='acknowledgement' "
                                      "AND reprint_of IS NULL", (case_id,)).fetchone()
        return _row(row) if row else None

    def reprint_case(self, case_id: str, payload: bytes) -> int:
        """Another copy of a case's slip; the first one if the case never had a job here."""
        first = self.first_acknowledgement(case_id)
        if first is None:
            return self.submit(kind="acknowledgement", payload=payload, case_id=case_id)
        return self.reprint(first["id"], payload)

    def cancel(self, job_id: int) -> None:
        with self.store.transaction() as db:
            n = db.execute("UPDATE print_jobs SET state='cancelled', updated_at=? WHERE id=? AND state IN "
                           "('queued','failed-waiting')", (_iso(self.clock()), job_id)).rowcount
            if not n:
                raise StateError(f"print job {job_id} is not waiting; only a waiting job can be cancelled")
            _audit(db, self.actor, "receipt.cancelled", "", {"job": job_id})

    def recover(self, older_than_s: float | None = None) -> int:
        """Jobs a crash left in `printing` wait again (the slip may be incomplete). Only
        those untouched for longer than any send can take (default: send_timeout + 60 s),
        so a job another process is printing right now is left alone."""
        age = self.send_timeout + 60 if older_than_s is None else older_than_s
        now = self.clock()
        with self.store.transaction() as db:
            return db.execute("UPDATE print_jobs SET state='failed-waiting', updated_at=?, next_attempt_at=?,"
                              " last_error='interrupted while printing; will print again'"
                              " WHERE state='printing' AND updated_at <= ?",
                              (_iso(now), _iso(now), _iso(now - timedelta(seconds=age)))).rowcount

    # ---- reading ----
    def job(self, job_id: int) -> dict:
        row = self.store.conn.execute("SELECT * FROM print_jobs WHERE id=?", (job_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"print job {job_id} not found (`kiosk printer jobs` lists them)")
        return _row(row)

    def jobs(self, *, limit: int = 50, states: tuple[str, ...] | None = None, case_id: str | None = None) -> list[dict]:
        sql, args = "SELECT * FROM print_jobs", []
        where = []
        if states:
            where.append(f"state IN ({','.join('?' * len(states))})")
            args += list(states)
        if case_id:
            where.append("case_id=?")
            args.append(case_id)
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY id DESC LIMIT ?"
        args.append(limit)
        return [_row(r) for r in self.store.conn.execute(sql, args)]

    def waiting(self) -> int:
        return self.store.conn.execute("SELECT count(*) FROM print_jobs WHERE state IN ('queued','failed-waiting')"
                                       ).fetchone()[0]

    # ---- printing ----
    def due(self, now: datetime | None = None) -> list[int]:
        now_s = _iso(now or self.clock())
        return [r[0] for r in self.store.conn.execute(
            "SELECT id FROM print_jobs WHERE state IN ('queued','failed-waiting') "
            "AND (next_attempt_at IS NULL OR next_attempt_at <= ?) ORDER BY id", (now_s,))]

    def process(self, job_ids: list[int] | None = None, *, force: bool = False) -> list[JobResult]:
        """Print due jobs (or the given ones) in order; stop at the first failure, since
        the printer is then not ready for the next one either."""
        if self.port is None:
            raise StateError("no printer configured: set [printer] uri or pass --printer URI")
        ids = job_ids if job_ids is not None else self.due(None if not force else self.clock() + timedelta(days=3650))
        results = []
        for jid in ids:
            r = self._print_one(jid)
            results.append(r)
            if r.state in ("failed-waiting", "printing"):
                break
        return results

    def _print_one(self, job_id: int) -> JobResult:
        now = self.clock()
        with self.store.transaction() as db:
            claimed = db.execute("UPDATE print_jobs SET state='printing', attempts=attempts+1, updated_at=? "
                                 "WHERE id=? AND state IN ('queued','failed-waiting')",
                                 (_iso(now), job_id)).rowcount
            row = db.execute("SELECT payload, case_id, kind, reprint_of, attempts FROM print_jobs WHERE id=?",
                             (job_id,)).fetchone()
        if not claimed:
            return JobResult(job_id, "skipped", "not waiting (printed, cancelled or claimed by another worker)")
        payload, case_id, kind, reprint_of, attempts = row
        fut = self.port.send(payload)
        try:
            res: SendResult = fut.result(self.send_timeout)
            ok, err, status = res.ok, res.error, (res.after or res.before).to_dict()
            sent = res.bytes_sent
        except FutureTimeout:
            # Still sending (a very slow link): the job stays `printing` so nobody sends it
            # again meanwhile; recover() makes it wait again once it is stale.
            err = f"printer still receiving after {self.send_timeout:.0f} s"
            with self.store.transaction() as db:
                db.execute("UPDATE print_jobs SET last_error=? WHERE id=?", (err, job_id))
            return JobResult(job_id, "printing", err, None)
        except Exception as e:  # the port reports trouble as values; anything else is still not a crash here
            ok, err, status, sent = False, f"{type(e).__name__}: {e}", None, 0
        now = self.clock()
        with self.store.transaction() as db:
            if ok:
                db.execute("UPDATE print_jobs SET state='done', printed_at=?, updated_at=?, last_error='' WHERE id=?",
                           (_iso(now), _iso(now), job_id))
                _audit(db, self.actor, "receipt.printed", case_id or "",
                       {"job": job_id, "kind": kind, "bytes": sent, "reprint_of": reprint_of, "attempts": attempts})
            else:
                db.execute("UPDATE print_jobs SET state='failed-waiting', last_error=?, updated_at=?, "
                           "next_attempt_at=? WHERE id=?",
                           (err[:300], _iso(now), _iso(now + timedelta(seconds=self.retry_s)), job_id))
                if attempts == 1:
                    _audit(db, self.actor, "receipt.print_waiting", case_id or "",
                           {"job": job_id, "kind": kind, "error": err[:200]})
        log.info("print job %s (%s): %s %s", job_id, kind, "done" if ok else "waiting", err)
        return JobResult(job_id, "done" if ok else "failed-waiting", err, status)


def _row(r) -> dict:
    d = dict(r)
    d["params"] = json.loads(d.get("params") or "{}")
    payload = d.pop("payload", None)
    d["bytes"] = len(payload) if payload is not None else None
    return d


def _audit(db, actor, action, subject, detail) -> None:
    from kiosk import audit
    audit.append(db, actor, action, subject, detail)


def cases_owed_a_slip(conn, since_iso: str) -> list[str]:
    """Cases submitted since `since_iso` that have no acknowledgement job: the app died
    between committing the case and queueing its slip."""
    return [r[0] for r in conn.execute(
        "SELECT c.id FROM cases c WHERE c.submitted_at >= ? AND c.state NOT IN ('draft', 'withdrawn')"
        " AND NOT EXISTS (SELECT 1 FROM print_jobs j WHERE j.case_id = c.id AND j.kind = 'acknowledgement')"
        " ORDER BY c.submitted_at", (since_iso,))]


class PrintWorker:
    """Runs a PrintQueue on its own thread (with its own store connection).

    `open_store()` is called on the worker thread (a Store belongs to one thread).
    Wakes on `wake()`, when the printer's status turns printable, and every retry_s.
    `on_change(summary)` is called after every round with {"waiting": n, "results": [...]}.
    """

    def __init__(self, open_store: Callable[[], object], port: PrinterPort, *, retry_s: float = 15,
                 on_change: Callable[[dict], None] | None = None,
                 on_start: Callable[[object], None] | None = None):
        self._open_store = open_store
        self.on_start = on_start  # called once on the worker thread with its store
        self.port = port
        self.retry_s = retry_s
        self.on_change = on_change
        self._wake = threading.Event()
        self._stop = threading.Event()
        port.add_listener(lambda s: self._wake.set() if s.can_print else None)
        self._thread = threading.Thread(target=self._run, name="print-queue", daemon=True)

    def start(self) -> "PrintWorker":
        self._thread.start()
        return self

    def wake(self) -> None:
        self._wake.set()

    def stop(self, timeout: float = 10) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout)

    def _run(self) -> None:
        store = self._open_store()
        try:
            if self.on_start:
                try:
                    self.on_start(store)
                except Exception:  # recovery trouble must not stop printing
                    log.exception("print worker start-up step failed")
            q = PrintQueue(store, self.port, retry_s=self.retry_s)
            while not self._stop.is_set():
                try:
                    q.recover()
                    forced = self._wake.is_set()
                    self._wake.clear()      # a wake() during the round triggers another round
                    results = q.process(force=forced)
                    if self.on_change:
                        self.on_change({"waiting": q.waiting(), "results": [r.to_dict() for r in results]})
                except Exception:  # keep the worker alive; the next round retries
                    log.exception("print queue round failed")
                if q.waiting():
                    # poll the printer while something waits: a cleared fault wakes us early
                    self._wake.wait(self.retry_s)
                    if not self._wake.is_set() and not self._stop.is_set():
                        try:
                            self.port.status().result(10)
                        except Exception:
                            pass
                else:
                    self._wake.wait(self.retry_s)
        finally:
            store.close()
