"""Runs every benchmark (tests/bench/bench_*.py) in its own process and prints its
figures. `make bench`. Exit 1 if any benchmark crashed."""

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    failed = []
    only = set(sys.argv[1:])
    for bench in sorted(HERE.glob("bench_*.py")):
        if only and bench.stem not in only and bench.stem.removeprefix("bench_") not in only:
            continue
        print(f"\n=== {bench.stem} ===", flush=True)
        t0 = time.perf_counter()
        r = subprocess.run([sys.executable, str(bench)], cwd=HERE.parents[1])
        print(f"--- {bench.stem}: {'ok' if r.returncode == 0 else 'FAILED'} in {time.perf_counter() - t0:.1f} s",
              flush=True)
        if r.returncode:
            failed.append(bench.stem)
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
