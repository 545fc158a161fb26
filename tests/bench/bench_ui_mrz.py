"""The chip's BAC key from the document camera, as the UI reads it (ui.scanning.MrzRun):
seconds from opening the camera until two frames agree, with every whole frame OCR'd
(the earlier way, crop="frame") and with OCR only on a page found at rest, cropped to it
(crop="page"). The live document-camera simulator plays the passport page (8 MP, 5 fps,
real time: empty desk 1.2 s, page sliding in 1.2 s, resting 5 s, taken away 1.2 s).

    .venv/bin/python tests/bench/bench_ui_mrz.py [runs]

Prints, per strategy: time to the BAC key (each run, median), MRZ reads (read_mrz calls), mean read
time, frames skipped (no page / moving)."""

import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

EXPECTED = {"document_number": "L898902C", "birth_date": "690806", "expiry_date": "940623"}


def one_run(crop: str, timeout: float = 60.0) -> tuple[float | None, dict]:
    from kiosk.config import defaults
    from ui.scanning import MrzRun
    cfg = defaults().with_overrides(camera__source="simulator:passport", kiosk__simulated_devices=True)
    got: dict = {}
    done = threading.Event()

    def on_mrz(fields):
        got.update(fields)
        done.set()

    run = MrzRun(cfg, on_preview=lambda *a: None, on_mrz=on_mrz, on_status=lambda st: None,
                 post=lambda fn: fn(), crop=crop)
    t0 = time.perf_counter()
    th = threading.Thread(target=run.run, daemon=True)
    th.start()
    ok = done.wait(timeout)
    took = time.perf_counter() - t0
    run.stop()
    th.join(10)
    if ok and got != EXPECTED:
        raise SystemExit(f"{crop}: wrong BAC key read")
    return (took if ok else None), dict(run.stats)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    print(f"BAC key from the camera simulator, {runs} runs per strategy (time from opening the camera)")
    for crop in ("frame", "page"):
        times, stats = [], []
        for _ in range(runs):
            t, st = one_run(crop)
            times.append(t)
            stats.append(st)
        ok = [t for t in times if t is not None]
        ocr = sum(s["ocr"] for s in stats)
        ocr_s = sum(s["ocr_s"] for s in stats)
        print(f"  {crop:5s}: " + ", ".join("timeout" if t is None else f"{t:.1f} s" for t in times)
              + (f"; median {statistics.median(ok):.1f} s" if ok else "")
              + f"; MRZ reads {ocr} (mean {ocr_s / max(ocr, 1) * 1000:.0f} ms each)"
              + f"; frames {sum(s['frames'] for s in stats)}, skipped: no page {sum(s['no_page'] for s in stats)},"
              + f" moving {sum(s['moving'] for s in stats)}", flush=True)


if __name__ == "__main__":
    main()
