"""`make bench`: run every tests/bench/bench_*.py and print what each reports (benchmarks report, never assert)."""

from __future__ import annotations

import importlib.util
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    benches = sorted(HERE.glob("bench_*.py"))
    started = time.perf_counter()
    for number, path in enumerate(benches, start=1):
        print(f"[{number}/{len(benches)}] {path.stem} ...", flush=True)
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for line in module.run():
            print(f"    {line}", flush=True)
    print(f"Ran {len(benches)} benchmarks in {time.perf_counter() - started:.0f} s (results above; nothing written).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
