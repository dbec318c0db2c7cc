"""Benchmark: the link check of a generated 135-centre world, ibcmon against LinkChecker.

1. serve `build_world(port, size=135)` on loopback and crawl it (Scrapy, not timed);
2. time `check_run_links` in a fresh linkcheck run: every link over the network (no
   answers reused from the crawl), robots.txt obeyed, config defaults (32 at once,
   2 per host, 0.1 s between requests to one host);
3. write the same URL list (every URL ibcmon checked) as links of one HTML page and time
   LinkChecker on it: recursion level 1, `--check-extern`, robots.txt obeyed, the same
   number of threads (32) and the same per-host pace (maxrequestspersecond = 10);
4. print both times, the ratio and how the verdicts compare.

    .venv/bin/python -m bench.bench_linkcheck [--size 135]
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import html
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import select

from crawler.linkcheck import check_run_links
from crawler.run import run_crawl
from ibcmon.config import Config
from ibcmon.sample import SampleServer, build_world
from store.db import open_database
from store.models import LinkCheck, Run


def _linkchecker() -> str:
    here = Path(sys.executable).parent / "linkchecker"
    found = str(here) if here.exists() else shutil.which("linkchecker")
    if not found:
        raise SystemExit("LinkChecker is not installed (pip install linkchecker)")
    return found


def _write_list_page(path: Path, urls: list[str]) -> None:
    items = "\n".join(f'<li><a href="{html.escape(u, quote=True)}">{i}</a></li>' for i, u in enumerate(urls))
    path.write_text(f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>links</title></head>"
                    f"<body><ul>\n{items}\n</ul></body></html>", encoding="utf-8")


def _run_linkchecker(page: Path, out_csv: Path, config: Config, workdir: Path) -> float:
    lc = config.linkcheck
    rc = workdir / "linkcheckerrc"
    rc.write_text(
        "[checking]\n"
        f"threads={lc.concurrency_total}\n"
        f"timeout={int(lc.timeout)}\n"
        f"maxrequestspersecond={1 / lc.delay if lc.delay else 10:g}\n"
        "recursionlevel=1\n"
        f"useragent={config.general.user_agent.encode('ascii', 'replace').decode()}\n"
        "[filtering]\n"
        "checkextern=1\n",
        encoding="utf-8",
    )
    # LinkChecker run as root drops to `nobody`: it must be able to read the page
    for path in (workdir, page, rc):
        path.chmod(0o755 if path.is_dir() else 0o644)
    cmd = [
        _linkchecker(), "-f", str(rc), "-r", "1", "-t", str(lc.concurrency_total), "--check-extern",
        "--timeout", str(int(lc.timeout)), "--no-status", "-o", "csv/utf-8", page.as_uri(),
    ]
    env = {**os.environ, "HOME": str(workdir), "XDG_CONFIG_HOME": str(workdir)}
    started = time.monotonic()
    with out_csv.open("wb") as out:
        subprocess.run(cmd, env=env, stdout=out, stderr=subprocess.DEVNULL, check=False)
    return time.monotonic() - started


def _linkchecker_results(out_csv: Path) -> dict[str, bool]:
    """{url: valid} from LinkChecker's CSV (comment lines start with #)."""
    results: dict[str, bool] = {}
    if not out_csv.exists():
        return results
    lines = [ln for ln in out_csv.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    for row in csv.DictReader(lines, delimiter=";"):
        url = row.get("url") or row.get("urlname") or ""
        if url.startswith("http"):
            results[url] = row.get("valid", "").strip().lower() in ("true", "1")
    return results


def bench(size: int = 135, quiet: bool = False) -> dict[str, Any]:
    say = (lambda *_: None) if quiet else (lambda *a: print(*a, file=sys.stderr, flush=True))
    config = Config()
    config.crawl.delay = 0.02  # the crawl only makes the link list: not what is measured
    with tempfile.TemporaryDirectory(prefix="ibcmon-bench-") as tmp_name:
        tmp = Path(tmp_name)
        db_url = f"sqlite:///{tmp / 'bench.sqlite'}"
        with SampleServer(lambda port: build_world(port, size=size)) as server:
            say(f"world of {size} centres on {server.root_url}; crawling it (not timed) …")
            started = time.monotonic()
            source = run_crawl(db_url, config, server.root_url, "crawl")
            say(f"crawl: {time.monotonic() - started:.1f} s")
            db = open_database(db_url)
            with db.session() as session:
                run = Run(kind="linkcheck", status="running", settings={"source_run": source},
                          started_at=dt.datetime.now())
                session.add(run)
                session.flush()
                run_id = run.id
            server.reset_log()
            server.reset_state()
            started = time.monotonic()
            summary = check_run_links(db, config, run_id, reuse_crawl=False)
            t_ibcmon = time.monotonic() - started
            ibcmon_requests = len(server.requests)
            with db.session() as session:
                rows = session.scalars(select(LinkCheck).where(LinkCheck.run_id == run_id)).all()
                urls = sorted(r.url for r in rows if r.verdict != "excluded")
                ours = {r.url: r.verdict for r in rows}
            say(f"ibcmon: {len(urls)} URLs in {t_ibcmon:.1f} s ({ibcmon_requests} requests)")
            page = tmp / "links.html"
            _write_list_page(page, urls)
            server.reset_log()
            server.reset_state()
            out_csv = tmp / "linkchecker.csv"
            t_lc = _run_linkchecker(page, out_csv, config, tmp)
            lc_requests = len(server.requests)
            theirs = _linkchecker_results(out_csv)
            say(f"LinkChecker: {len(theirs)} URLs in {t_lc:.1f} s ({lc_requests} requests)")
            db.dispose()
    disagree = [
        u for u in urls if u in theirs and theirs[u] != (ours[u] in ("ok", "redirected"))
    ]
    return {
        "centres": size,
        "urls": len(urls),
        "ibcmon_s": round(t_ibcmon, 2),
        "ibcmon_requests": ibcmon_requests,
        "ibcmon_verdicts": dict(Counter(ours.values())),
        "linkchecker_s": round(t_lc, 2),
        "linkchecker_requests": lc_requests,
        "linkchecker_urls": len(theirs),
        "linkchecker_invalid": sum(1 for v in theirs.values() if not v),
        "ratio": round(t_lc / t_ibcmon, 2) if t_ibcmon else None,
        "verdicts_differ": len(disagree),
        "differ_examples": disagree[:5],
        "summary_requests": summary.requests,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=135)
    args = parser.parse_args(argv if argv is not None else [])
    result = bench(args.size)
    print(f"linkcheck bench, {result['centres']} centres, {result['urls']} unique URLs")
    print(f"  ibcmon:      {result['ibcmon_s']:7.2f} s  ({result['ibcmon_requests']} requests)")
    print(f"  LinkChecker: {result['linkchecker_s']:7.2f} s  ({result['linkchecker_requests']} requests)")
    print(f"  ratio: LinkChecker / ibcmon = {result['ratio']}×")
    print(f"  verdicts: ibcmon {result['ibcmon_verdicts']}; LinkChecker invalid: {result['linkchecker_invalid']}; "
          f"URLs judged differently: {result['verdicts_differ']} {result['differ_examples']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
