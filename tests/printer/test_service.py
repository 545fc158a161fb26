"""PrinterService, the object the UI holds: preview = print, queue on a worker thread,
status pushed to a listener, retry when paper comes back."""

import io
import threading
import time

import numpy as np
from PIL import Image

import escpos_reader as er
from tests_support import add_service_case

from kiosk.config import defaults
from kiosk.store import Store
from devices.printer.service import PrinterService


def test_service_prints_after_paper_out_and_preview_matches(tmp_path, loopback):
    data = tmp_path / "data"
    cfg = defaults().with_overrides(kiosk__data_dir=str(data), printer__uri=loopback.uri, printer__retry_s=1)
    number = add_service_case(data)
    statuses, rounds = [], []
    got_round = threading.Event()
    loopback.set_state("paper_out")
    svc = PrinterService(cfg, lambda: Store.open(data, config=cfg), on_status=statuses.append,
                         on_queue=lambda r: (rounds.append(r), got_round.set())).start()
    store = Store.open(data, config=cfg)
    try:
        preview = svc.preview_case(store, number)
        png = svc.preview_case_png(store, number)
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        assert np.array_equal(np.asarray(Image.open(io.BytesIO(png)).convert("1")), np.asarray(preview))
        job = svc.print_case(store, number)
        assert svc.print_case(store, number) == job          # once per case
        time.sleep(0.6)
        assert loopback.printed == [] and svc.jobs(store)[0]["state"] in ("queued", "failed-waiting", "printing")
        loopback.set_state("ok")
        assert loopback.wait_printed(1, timeout=10)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and svc.jobs(store)[0]["state"] != "done":
            time.sleep(0.05)
        assert svc.jobs(store)[0]["state"] == "done"
        page = loopback.printed[0].page(576)
        assert np.array_equal(np.asarray(page), np.asarray(preview))   # the preview is what printed
        assert "error" in [s.state for s in statuses] and statuses[-1].state == "ready"
        re_job = svc.reprint_case(store, number)
        assert loopback.wait_printed(2, timeout=10)
        assert svc.jobs(store)[0]["id"] == re_job and svc.jobs(store)[0]["reprint_of"] == job
    finally:
        svc.stop()
        store.close()
    assert len(loopback.printed) == 2 and not loopback.refused
    assert rounds


def test_slip_owed_by_a_crash_before_enqueue_is_printed_at_start(tmp_path, loopback):
    """The app died between committing the case and queueing its slip: the next start
    queues it (recent cases only), exactly once."""
    data = tmp_path / "data"
    cfg = defaults().with_overrides(kiosk__data_dir=str(data), printer__uri=loopback.uri, printer__retry_s=1)
    recent = add_service_case(data)
    old = add_service_case(data)
    with Store.open(data, config=cfg) as s:
        s.conn.execute("UPDATE cases SET submitted_at='2020-01-01T00:00:00+00:00' WHERE case_number=?", (old,))
    for _ in range(2):  # a second start finds the job and queues nothing more
        svc = PrinterService(cfg, lambda: Store.open(data, config=cfg)).start()
        try:
            assert loopback.wait_printed(1, timeout=10)
            time.sleep(0.5)
        finally:
            svc.stop()
    assert len(loopback.printed) == 1
    with Store.open(data, config=cfg) as s:
        jobs = s.conn.execute("SELECT c.case_number FROM print_jobs j JOIN cases c ON c.id=j.case_id").fetchall()
    assert [r[0] for r in jobs] == [recent]
