"""Durable case commit: a case with three 300 KB attachments, one transaction,
synchronous=FULL, over 200 cases. Target: p95 < 40 ms on the 2-core machine."""

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core"))
from store_case_writer import write_case  # noqa: E402

from kiosk.store import Store  # noqa: E402

CASES = 200


def main() -> None:
    with tempfile.TemporaryDirectory() as d:
        store = Store.open(Path(d))
        write_case(store)  # warm-up
        times = []
        for _ in range(CASES):
            t0 = time.perf_counter()
            write_case(store)
            times.append((time.perf_counter() - t0) * 1000)
        store.close()
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    print(f"case commit, 3 x 300 KB attachments, durable (WAL + synchronous=FULL), {CASES} cases:")
    print(f"  median {statistics.median(times):.1f} ms   p95 {p95:.1f} ms   max {times[-1]:.1f} ms"
          f"   (target p95 < 40 ms: {'met' if p95 < 40 else 'NOT met'})")
    print("  (includes generating the attachment bytes, AES-GCM encryption, SHA-256, the audit entry)")


if __name__ == "__main__":
    main()
