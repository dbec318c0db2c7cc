"""Benchmark: grading 135 centres from the store (no crawl, no network), and its accuracy.

Builds the store once by crawling a generated world (`build_world(port, size=135)`,
`crawler.run.run_crawl`, no delay) into a temporary SQLite, then times
`checks.grade.grade_run` (read the run's pages, grade every centre, write the scores)
a few times. The target is under 5 seconds. It also compares the grading with the
generated world's truth (sections, last update within 3 days, current work plan).
Figures also go to bench/results/bench_grade.json.

    .venv/bin/python -m bench.bench_grade [--size 135] [--repeat 3] [--db URL --run ID]
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

from sqlalchemy import func, select

from bench import write_results
from checks.grade import grade_run, load_audit_result
from common.config import Config
from crawler.run import run_crawl
from ibcmon.sample import WORLD_DATE, SampleServer, build_world
from store.db import Database, open_database
from store.models import CentreVisit, Page

TARGET_SECONDS = 5.0


def crawl_world(db_url: str, size: int) -> tuple[int, dict[str, Any]]:
    config = Config()
    config.crawl.delay = 0.0
    config.crawl.concurrency_total = 32
    with SampleServer(lambda port: build_world(port, size=size)) as server:
        run_id = run_crawl(db_url, config, server.root_url, "crawl")
        return run_id, server.truth


def accuracy(db: Database, grading_id: int, truth: dict[str, Any]) -> dict[str, Any]:
    result = load_audit_result(db, grading_id=grading_id)
    by_url = {c.url: c for c in result.centres}
    sections = [0, 0]
    dates = [0, 0]
    plans = [0, 0]
    wrong: list[str] = []
    for t in truth.get("centres", []):
        centre = next((by_url[u] for u in t.get("listed_urls", [t.get("url")]) if u in by_url), None)
        if centre is None or t.get("status") != "ok" or centre.status != "ok":
            continue
        for sid, want in t["sections"].items():
            sections[1] += 1
            if centre.sections.get(sid) == want:
                sections[0] += 1
            elif len(wrong) < 10:
                wrong.append(f"{t['id']} {sid}: truth {want}")
        if t.get("last_updated"):
            dates[1] += 1
            want_date = dt.date.fromisoformat(t["last_updated"])
            if centre.last_updated and abs((centre.last_updated - want_date).days) <= 3:
                dates[0] += 1
            elif len(wrong) < 10:
                wrong.append(f"{t['id']} last update: truth {want_date}, got {centre.last_updated}")
        if "work_plan_current" in t:
            plans[1] += 1
            plans[0] += centre.work_plan_current == t["work_plan_current"]
    return {"sections": sections, "dates": dates, "plans": plans, "wrong": wrong}


def bench(size: int, repeat: int, db_url: str | None = None, run_id: int | None = None) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="ibcmon-bench-") as tmp:
        truth: dict[str, Any] = {}
        crawl_seconds = None
        if db_url is None or run_id is None:
            db_url = f"sqlite:///{Path(tmp) / 'grade.sqlite'}"
            started = time.monotonic()
            run_id, truth = crawl_world(db_url, size)
            crawl_seconds = time.monotonic() - started
        db = open_database(db_url)
        with db.session() as session:
            centres = session.scalar(select(func.count()).select_from(CentreVisit).where(CentreVisit.run_id == run_id))
            pages = session.scalar(select(func.count(Page.id)).where(Page.run_id == run_id))
        times = []
        grading_id = 0
        for _ in range(repeat):
            started = time.perf_counter()
            grading_id = grade_run(db, run_id, WORLD_DATE)
            times.append(time.perf_counter() - started)
        acc = accuracy(db, grading_id, truth) if truth else None
        db.dispose()
    return {"centres": centres, "pages": pages, "times": times, "crawl_seconds": crawl_seconds, "accuracy": acc}


def _pct(pair: list[int]) -> str:
    return f"{pair[0]}/{pair[1]} = {100 * pair[0] / pair[1]:.1f} %" if pair[1] else "—"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--size", type=int, default=135)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--db", default=None, help="grade a run of this store instead of crawling")
    parser.add_argument("--run", type=int, default=None)
    args = parser.parse_args(argv if argv is not None else [])
    r = bench(args.size, args.repeat, args.db, args.run)
    best, median = min(r["times"]), statistics.median(r["times"])
    print(f"grade bench: {r['centres']} centres, {r['pages']} stored pages and documents")
    if r["crawl_seconds"] is not None:
        print(f"  store built by one crawl in {r['crawl_seconds']:.1f} s (not timed below)")
    print(f"  grade_run: first (cold) {r['times'][0]:.2f} s, best {best:.2f} s, median {median:.2f} s "
          f"over {len(r['times'])} runs ({1000 * median / max(r['centres'], 1):.1f} ms per centre); "
          f"target < {TARGET_SECONDS:.0f} s")
    acc = r["accuracy"]
    if acc:
        print(f"  against the generated truth: sections {_pct(acc['sections'])}, last update ±3 days "
              f"{_pct(acc['dates'])}, work plan {_pct(acc['plans'])}")
        for line in acc["wrong"]:
            print(f"    {line}")
    print(f"  figures written to {write_results('bench_grade', {**r, 'best': best, 'median': median})}")
    return 0 if median < TARGET_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
