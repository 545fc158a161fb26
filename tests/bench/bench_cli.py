"""Wall time of `kiosk --help` (target < 300 ms) and of `kiosk config check`."""

import statistics
import subprocess
import sys
import time
from pathlib import Path

KIOSK = str(Path(sys.executable).parent / "kiosk")


def wall(args, n=15):
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        subprocess.run([KIOSK, *args], capture_output=True, check=False)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), max(times)


def main() -> None:
    for args in (["--help"], ["config", "check"]):
        med, mx = wall(args)
        print(f"kiosk {' '.join(args):<14} median {med:6.1f} ms   max {mx:6.1f} ms"
              + ("   (target < 300 ms: " + ("met)" if med < 300 else "NOT met)") if args == ["--help"] else ""))


if __name__ == "__main__":
    main()
