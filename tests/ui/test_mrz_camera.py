"""The chip's BAC key from the document camera (ui.scanning.MrzRun): OCR only on a page
found at rest and cropped to it, never on the empty desk or a page still sliding in;
the GUI thread keeps running meanwhile (the live camera simulator, 8 MP, 5 fps)."""

import threading

import numpy as np

SPECIMEN = {"document_number": "L898902C", "birth_date": "690806", "expiry_date": "940623"}


def test_page_crop_keeps_the_page_and_stays_inside_the_frame():
    from ui.scanning import page_crop
    img = np.zeros((1000, 2000, 3), np.uint8)
    quad = [[500, 200], [1500, 210], [1490, 900], [510, 890]]
    crop = page_crop(img, quad)
    assert 1000 <= crop.shape[1] <= 1000 + 2 * 21 + 2 and 700 <= crop.shape[0] <= 700 + 2 * 21 + 2
    edge = page_crop(img, [[-50, -20], [2100, 0], [2050, 1100], [0, 990]])     # a page over the edges
    assert edge.shape[:2] == (1000, 2000)


def test_mrz_run_reads_only_pages_at_rest():
    from kiosk.config import defaults
    from ui.scanning import MrzRun
    cfg = defaults().with_overrides(camera__source="simulator:passport", kiosk__simulated_devices=True)
    got, done = {}, threading.Event()
    run = MrzRun(cfg, on_preview=lambda *a: None, on_mrz=lambda f: (got.update(f), done.set()),
                 on_status=lambda st: None, post=lambda fn: fn())
    th = threading.Thread(target=run.run, daemon=True)
    th.start()
    try:
        assert done.wait(30), run.stats
    finally:
        run.stop()
        th.join(10)
    assert got == SPECIMEN
    st = run.stats
    # the empty desk and the page sliding in were looked at, not OCR'd
    assert st["no_page"] >= 3 and st["moving"] >= 1, st
    assert 2 <= st["ocr"] <= 4, st        # two agreeing reads (read_mrz calls), hardly a wasted one


def test_mrz_from_the_camera_in_the_app_with_the_gui_stall(kiosk_app, qtbot):
    k = kiosk_app("counter", camera__source="simulator:passport")
    qtbot.waitUntil(lambda: not k.tasks.busy, timeout=10000)
    k.heartbeat.start()
    with qtbot.waitSignal(k.flow.mrzFound, timeout=30000) as sig:
        k.flow.scanMrz()
    assert dict(zip(("document_number", "birth_date", "expiry_date"), sig.args)) == SPECIMEN
    assert not k.flow.property("mrzScanning")
    print(f"\n[stall] MRZ from the camera simulator: longest GUI-thread gap {k.heartbeat.longest_gap_ms:.1f} ms "
          f"over {k.heartbeat.beats} heartbeats")
    assert k.heartbeat.longest_gap_ms < 250      # target < 100 ms; room for a loaded CI machine
