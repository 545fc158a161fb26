"""The printer room on one object, for the UI (and anything else long-running).

    svc = PrinterService(config, open_store=lambda: Store.open(cfg.data_dir, config=cfg),
                         on_status=..., on_queue=...).start()
    img = svc.preview_case(store, case_number, lang="zh_CN")  # PIL image = exactly what prints
    png = svc.preview_case_png(store, case_number)              # PNG bytes for QImage.fromData
    png = svc.preview_png(blocks)                               # any blocks (ticket, end of day)
    job = svc.print_blocks(store, "queue_ticket", kiosk.receipt.queue_ticket({...}))
    job = svc.print_case(store, case_id)     # after the submit COMMIT; returns at once
    svc.reprint_case(store, case_number)
    svc.status_now()  -> Future[PrinterStatus];  svc.last_status
    svc.stop()

Threads: the port thread owns the printer; the worker thread owns its own store
connection and prints queued jobs, retrying when a fault clears. Callbacks
(`on_status(PrinterStatus)`, `on_queue({"waiting": n, "results": [...]})`) run on
those threads: the UI must hop to the GUI thread (queued Qt signal) before touching
widgets. Nothing here blocks the caller on printer I/O.
"""

from __future__ import annotations

import logging
from typing import Callable

from devices.printer import slips
from devices.printer.port import port_for
from devices.printer.queue import PrintQueue, PrintWorker

log = logging.getLogger(__name__)


OWED_SLIP_WINDOW_H = 12


class PrinterService:
    def __init__(self, config, open_store: Callable[[], object], *, uri: str | None = None,
                 on_status: Callable | None = None, on_queue: Callable | None = None):
        self.config = config
        uri = uri or config["printer.uri"]
        if not uri and config["kiosk.simulated_devices"]:
            uri = f"file://{config.data_dir / 'simulated-printer.bin'}"
        self.settings = slips.PrinterSettings.from_config(config, uri=uri)
        # one owner thread per printer in this process, whoever else asks for it
        self.port = port_for(self.settings.uri, status_timeout=self.settings.status_timeout)
        if on_status:
            self.port.add_listener(on_status)
        self.worker = PrintWorker(open_store, self.port, retry_s=self.settings.retry_s, on_change=on_queue,
                                  on_start=self.queue_owed_slips)
        self._token_key = None

    def start(self) -> "PrinterService":
        try:
            slips.warm_up(self.settings)   # font and profile load now, not on the citizen's first slip
        except Exception:  # e.g. no CJK font: queued slips must still print; previews will say why
            log.warning("printer warm-up failed", exc_info=True)
        self.worker.start()
        self.port.status()
        return self

    def stop(self) -> None:
        self.worker.stop()
        self.port.close()

    # ---- status ----
    @property
    def last_status(self):
        return self.port.last_status

    def status_now(self):
        return self.port.status()

    # ---- building ----
    @property
    def token_key(self) -> bytes:
        if self._token_key is None:
            from kiosk.receipt import load_or_create_token_key
            self._token_key = load_or_create_token_key(self.config.data_dir)
        return self._token_key

    def case_blocks(self, store, case_ref: str, *, lang: str | None = None, reprint: bool = False):
        from kiosk import receipt as R
        from devices.printer import casedata
        case, data = casedata.ack_data(store, case_ref, config=self.config, token_key=self.token_key)
        data["reprint"] = reprint
        return case, R.acknowledgement(data, lang=lang or self.config["kiosk.language"])

    def preview(self, blocks):
        return slips.preview(blocks, self.settings)

    def preview_png(self, blocks) -> bytes:
        return slips.build(blocks, self.settings).png_bytes()

    def preview_case(self, store, case_ref: str, *, lang: str | None = None):
        return self.preview(self.case_blocks(store, case_ref, lang=lang)[1])

    def preview_case_png(self, store, case_ref: str, *, lang: str | None = None) -> bytes:
        """PNG bytes of the case's slip (QImage.fromData), exactly what prints."""
        return self.preview_png(self.case_blocks(store, case_ref, lang=lang)[1])

    # ---- printing (store: the caller's Store, used on the caller's thread) ----
    def print_blocks(self, store, kind: str, blocks, *, case_id: str | None = None, params: dict | None = None) -> int:
        job = PrintQueue(store, None).submit(kind=kind, payload=slips.build(blocks, self.settings).data,
                                             case_id=case_id, params=params)
        self.worker.wake()
        return job

    def print_case(self, store, case_ref: str, *, lang: str | None = None) -> int:
        """Queue the case's acknowledgement (once per case: a second call returns the same job)."""
        case, blocks = self.case_blocks(store, case_ref, lang=lang)
        return self.print_blocks(store, "acknowledgement", blocks, case_id=case["id"])

    def queue_owed_slips(self, store, *, window_h: float = OWED_SLIP_WINDOW_H) -> list[int]:
        """Queue the slips of recent cases that have none (run at start on the worker thread).
        Only recent ones: a slip hours after the citizen left helps no one, the clerk reprints."""
        from datetime import datetime, timedelta, timezone
        from devices.printer.queue import cases_owed_a_slip
        since = (datetime.now(timezone.utc) - timedelta(hours=window_h)).isoformat(timespec="milliseconds")
        jobs = []
        for case_id in cases_owed_a_slip(store.conn, since):
            try:
                jobs.append(self.print_case(store, case_id))
                log.info("queued the missing slip of a case submitted before a restart")
            except Exception:
                log.exception("cannot queue a missing slip")
        return jobs

    def reprint_case(self, store, case_ref: str, *, lang: str | None = None) -> int:
        case, blocks = self.case_blocks(store, case_ref, lang=lang, reprint=True)
        job = PrintQueue(store, None).reprint_case(case["id"], slips.build(blocks, self.settings).data)
        self.worker.wake()
        return job

    def jobs(self, store, **kw) -> list[dict]:
        return PrintQueue(store, None).jobs(**kw)
