"""Benchmarks: `python -m bench` runs every `bench_*.py` module's `main()`.

Each module prints its figures in one final block and writes them, as JSON, to
`bench/results/<name>.json` (gitignored) with `write_results`.
"""
from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

# Benchmarks serve their worlds on loopback, which the network policy refuses by default.
os.environ.setdefault("IBCMON_ALLOW_PRIVATE", "1")

RESULTS_DIR = Path(__file__).resolve().parent / "results"


def write_results(name: str, figures: dict[str, Any]) -> Path:
    """Write `figures` (plus the time of the run) to bench/results/<name>.json; its path."""
    RESULTS_DIR.mkdir(exist_ok=True)
    path = RESULTS_DIR / f"{name}.json"
    data = {"bench": name, "at": dt.datetime.now().replace(microsecond=0).isoformat(), **figures}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")
    return path
