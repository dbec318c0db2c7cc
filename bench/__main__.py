"""Run every benchmark: each `bench/bench_*.py` module's `main()`, in name order."""
from __future__ import annotations

import importlib
import sys
from pathlib import Path


def main() -> int:
    failed = 0
    for path in sorted(Path(__file__).parent.glob("bench_*.py")):
        module = importlib.import_module(f"bench.{path.stem}")
        print(f"== {path.stem}", flush=True)
        try:
            code = module.main([])
        except Exception as exc:  # one broken benchmark must not hide the others' figures
            print(f"{path.stem} failed: {type(exc).__name__}: {exc}", file=sys.stderr)
            code = 1
        failed += int(bool(code))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
