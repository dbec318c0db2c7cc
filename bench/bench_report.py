"""Benchmark: writing the HTML report of 1,000 generated centres (no store, no network).

The audit result is synthetic (tests/report_fixtures.py: every status, a hostile centre,
broken links, advice), with a previous audit for "what changed" and three past audits per
centre for the trends, so every part of the report is drawn. `write_report` is timed a few
times into a temporary folder. The target is under 10 seconds. Figures also go to
bench/results/bench_report.json.

    .venv/bin/python -m bench.bench_report [--centres 1000] [--repeat 3]
"""
from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import write_results

TARGET_SECONDS = 10.0
TESTS = Path(__file__).resolve().parent.parent / "tests"


def _inputs(centres: int) -> tuple[Any, Any, dict[int, list[dict[str, Any]]]]:
    if str(TESTS) not in sys.path:
        sys.path.insert(0, str(TESTS))
    from report_fixtures import make_previous, make_result, previous_summary

    result = make_result(centres)
    previous = make_previous(result)
    result.summary["previous"] = previous_summary(previous)
    history = {
        c.centre_id: [
            {"run_id": i + 1, "as_of": result.run.as_of - dt.timedelta(days=182 * (3 - i)),
             "score": 40.0 + 5 * i + (c.centre_id % 10), "grade": "удовлетворительно"}
            for i in range(3)
        ]
        for c in result.centres
    }
    return result, previous, history


def bench(centres: int, repeat: int) -> dict[str, Any]:
    from reports.html import write_report

    result, previous, history = _inputs(centres)
    times = []
    with tempfile.TemporaryDirectory(prefix="ibcmon-bench-report-") as tmp:
        for _ in range(repeat):
            started = time.perf_counter()
            write_report(result, Path(tmp), history=history, previous=previous)
            times.append(time.perf_counter() - started)
        files = [p for p in Path(tmp).rglob("*.html")]
        size = sum(p.stat().st_size for p in files)
        index_size = (Path(tmp) / "index.html").stat().st_size
    return {"centres": len(result.centres), "times": times, "files": len(files), "bytes": size, "index_bytes": index_size}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--centres", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv if argv is not None else [])
    r = bench(args.centres, args.repeat)
    best, median = min(r["times"]), statistics.median(r["times"])
    print(f"report bench: {r['centres']} centres → {r['files']} HTML files, {r['bytes'] / 1e6:.1f} MB "
          f"(index.html {r['index_bytes'] / 1e6:.2f} MB)")
    print(f"  write_report: best {best:.2f} s, median {median:.2f} s over {len(r['times'])} runs "
          f"({1000 * median / max(r['centres'], 1):.2f} ms per centre); target < {TARGET_SECONDS:.0f} s")
    print(f"  figures written to {write_results('bench_report', {**r, 'best': best, 'median': median})}")
    return 0 if median < TARGET_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
