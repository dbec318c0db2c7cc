"""Benchmark: the crawl of a generated world of 135 centres (~20 pages each) on loopback.

Serves `build_world(port, size=135)` with `SampleServer`, runs `crawler.run.run_crawl`
(discovery + crawl in a child process, as in production, store on SQLite in a temporary
folder) and prints pages per second and the crawler's peak memory (the child's maximum
resident set, `getrusage(RUSAGE_CHILDREN).ru_maxrss`), and the pages stored per `ok`
centre (the world has ~20 per centre under the library page, plus the school's home
page fetched as a leaf). Figures also go to bench/results/bench_crawl.json.

    .venv/bin/python -m bench.bench_crawl [--size 135] [--delay 0.25] [--per-host 2] [--total 16]

Defaults are the config's (polite) values; `--delay 0` shows the raw throughput.
"""
from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from bench import write_results
from common.config import Config
from crawler.run import run_crawl
from ibcmon.sample import SampleServer, build_world
from store.db import open_database
from store.models import CentreVisit, Page, Run


def bench(size: int, delay: float | None = None, per_host: int | None = None,
          total: int | None = None) -> dict[str, Any]:
    config = Config()
    if delay is not None:
        config.crawl.delay = delay
    if per_host is not None:
        config.crawl.concurrency_per_host = per_host
    if total is not None:
        config.crawl.concurrency_total = total
    with tempfile.TemporaryDirectory(prefix="ibcmon-bench-") as tmp, \
            SampleServer(lambda port: build_world(port, size=size)) as server:
        db_url = f"sqlite:///{Path(tmp) / 'bench.sqlite'}"
        started = time.monotonic()
        run_id = run_crawl(db_url, config, server.root_url, "crawl")
        elapsed = time.monotonic() - started
        child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        requests = len(server.requests)
        db = open_database(db_url)
        with db.session() as session:
            run = session.get(Run, run_id)
            assert run is not None
            pages = session.scalar(select(func.count(Page.id)).where(Page.run_id == run_id)) or 0
            statuses = Counter(session.scalars(select(CentreVisit.status).where(CentreVisit.run_id == run_id)))
            ok_ids = select(CentreVisit.centre_id).where(CentreVisit.run_id == run_id, CentreVisit.status == "ok")
            per_centre = sorted(session.scalars(
                select(func.count(Page.id)).where(Page.run_id == run_id, Page.centre_id.in_(ok_ids))
                .group_by(Page.centre_id)))
            status, stats = run.status, dict(run.stats)
        db.dispose()
        db_mb = (Path(tmp) / "bench.sqlite").stat().st_size / 1e6
    return {
        "centres": size, "run_status": status, "pages": pages, "requests": requests,
        "seconds": elapsed, "crawl_seconds": stats.get("duration"), "pages_per_s": pages / elapsed,
        "pages_per_ok_centre": {
            "mean": sum(per_centre) / len(per_centre) if per_centre else 0.0,
            "min": per_centre[0] if per_centre else 0, "max": per_centre[-1] if per_centre else 0,
        },
        "child_peak_mb": child_kb / 1024, "parent_peak_mb": self_kb / 1024, "statuses": dict(statuses),
        "db_mb": db_mb, "delay": config.crawl.delay, "per_host": config.crawl.concurrency_per_host,
        "total": config.crawl.concurrency_total,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--size", type=int, default=135)
    parser.add_argument("--delay", type=float, default=None, help="seconds between requests to one host")
    parser.add_argument("--per-host", type=int, default=None)
    parser.add_argument("--total", type=int, default=None)
    args = parser.parse_args(argv if argv is not None else [])
    r = bench(args.size, args.delay, args.per_host, args.total)
    print(f"crawl bench, {r['centres']} centres (delay {r['delay']} s, {r['per_host']}/host, "
          f"{r['total']} at once): run {r['run_status']}")
    print(f"  pages stored: {r['pages']} ({r['requests']} requests served) in {r['seconds']:.1f} s "
          f"(Scrapy {r['crawl_seconds']} s) = {r['pages_per_s']:.1f} pages/s")
    print(f"  peak memory: crawler (child) {r['child_peak_mb']:.0f} MB; parent + sample server "
          f"{r['parent_peak_mb']:.0f} MB; store {r['db_mb']:.1f} MB")
    ppc = r["pages_per_ok_centre"]
    print(f"  pages per ok centre: mean {ppc['mean']:.1f} (min {ppc['min']}, max {ppc['max']})")
    print(f"  centres by status: {r['statuses']}")
    print(f"  figures written to {write_results('bench_crawl', r)}")
    return 0 if r["run_status"] == "complete" else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
