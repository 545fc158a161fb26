"""Receipt printing figures: build time (render + ESC/POS encode) of a typical
acknowledgement slip at 576 and 384 dots, its byte size, the wire time at 9600 and
115200 baud (8N1), and a real send to the loopback TCP printer.
Targets: built in < 100 ms; a slip < 40 KB."""

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "printer")]

from kiosk import receipt as R                      # noqa: E402
from devices.printer import slips                   # noqa: E402
from devices.printer.link import transfer_seconds   # noqa: E402
from sample_data import TZ, ack_data                # noqa: E402


def main() -> None:
    cases = [("80 mm TM-T20II", slips.PrinterSettings(profile="TM-T20II", dots=576)),
             ("58 mm POS-5890", slips.PrinterSettings(profile="POS-5890", dots=384, paper_mm=58)),
             ("80 mm native GB18030", slips.PrinterSettings(profile="TM-T20II", dots=576, text_mode="gb18030"))]
    t0 = time.perf_counter()
    slips.build(R.acknowledgement(ack_data(), tz=TZ), cases[0][1])
    cold = (time.perf_counter() - t0) * 1000
    print(f"first slip in a fresh process (font + profile load): {cold:6.1f} ms")
    for label, settings in cases:
        for lang in ("zh_CN", "en"):
            blocks = R.acknowledgement(ack_data(), lang=lang, tz=TZ)
            times, rtimes, etimes = [], [], []
            for _ in range(15):
                t = time.perf_counter()
                s = slips.build(blocks, settings)
                times.append((time.perf_counter() - t) * 1000)
                rtimes.append(s.render_ms)
                etimes.append(s.encode_ms)
            n = len(s.data)
            full = settings.dots // 8 * s.image.height
            med = statistics.median(times)
            print(f"{label} {lang:<5} build median {med:5.1f} ms (render {statistics.median(rtimes):5.1f}, "
                  f"encode {statistics.median(etimes):4.1f}; max {max(times):5.1f})  "
                  f"{n / 1024:5.1f} KiB ({n} B; full raster would be {full / 1024:5.1f} KiB)  "
                  f"wire 9600: {transfer_seconds(n, 9600):5.1f} s  115200: {transfer_seconds(n, 115200):4.2f} s  "
                  f"[targets <100 ms: {'met' if med < 100 else 'NOT met'}; <40 KB: "
                  f"{'met' if n < 40_000 else 'NOT met'}]")
    # a real send over TCP to the loopback printer (parsing included on the server side)
    from loopback_printer import LoopbackPrinter
    from devices.printer.port import PrinterPort
    lp = LoopbackPrinter().start()
    port = PrinterPort(lp.uri, status_timeout=0.5)
    data = slips.build(R.acknowledgement(ack_data(), tz=TZ), cases[0][1]).data
    try:
        res = [port.send(data).result(30) for _ in range(5)]
        lp.wait_printed(5)
    finally:
        port.close()
        lp.stop()
    print(f"TCP loopback send incl. DLE EOT before/after: median {statistics.median(r.seconds for r in res) * 1000:5.1f} ms"
          f" for {len(data)} B ({len(lp.printed)} slips printed)")


if __name__ == "__main__":
    main()
