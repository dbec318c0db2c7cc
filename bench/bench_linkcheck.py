"""Benchmark: the link check of a generated 135-centre world, ibcmon against LinkChecker.

1. serve `build_world(port, size=135)` on loopback and crawl it (Scrapy, not timed);
2. for each round, time `check_run_links` in a fresh linkcheck run (every link over the
   network, no answer reused from the crawl, robots.txt obeyed, 32 requests at once,
   2 per host), then LinkChecker on the same URL list (the links of one HTML page,
   recursion level 1, `--check-extern`, robots.txt obeyed, 32 threads):
   - `polite`: the defaults, 0.1 s between requests to one host; LinkChecker
     `maxrequestspersecond = 10` (its default; it waits 0.1–0.6 s per host);
   - `unthrottled`: no delay for ibcmon; LinkChecker `maxrequestspersecond = 1000`, and
     the server sends the `LinkChecker` header that lifts LinkChecker's own limit;
3. print both times, the ratio, and whether the verdicts agree (also written to
   bench/results/bench_linkcheck.json);
4. round `hostile`: the same world again, on the same port, with the hostile shared host
   (`ibcmon/sample/hostile.py`: per-client rate limit, a 429 on each URL's first request,
   a 10 s answer, a trickle, a hang, a connection closed midway) linked from every centre;
   default settings. It prints the link-check time with and without the host (the
   `polite` round's figure), whether any verdict on the other URLs changed, how the
   hostile host's URLs ended (blocked, never broken, when refused within the budget),
   and LinkChecker's time on the same URL list.

    .venv/bin/python -m bench.bench_linkcheck [--size 135] [--round polite|unthrottled|hostile]
"""
from __future__ import annotations

import argparse
import contextlib
import csv
import dataclasses
import datetime as dt
import html
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from bench import write_results
from common.config import Config
from crawler.linkcheck import check_run_links
from crawler.run import run_crawl
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
    # shuffled (fixed seed): LinkChecker throttles per host under one global lock, so a
    # host-sorted list would make it far slower still
    shuffled = list(urls)
    random.Random(1).shuffle(shuffled)
    items = "\n".join(f'<li><a href="{html.escape(u, quote=True)}">{i}</a></li>' for i, u in enumerate(shuffled))
    path.write_text(f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>links</title></head>"
                    f"<body><ul>\n{items}\n</ul></body></html>", encoding="utf-8")


class _AnnouncingServer(SampleServer):
    """The sample server, answering with a `LinkChecker` header: LinkChecker lifts its
    own per-host rate limit only for servers that send it (for the unthrottled round)."""

    async def _send(self, request: Any, res: Any, body: bytes, head: bool) -> Any:
        res = dataclasses.replace(res, headers={**res.headers, "LinkChecker": "unthrottled"})
        return await super()._send(request, res, body, head)


def _run_linkchecker(page: Path, out_csv: Path, config: Config, workdir: Path, limit: float = 900.0) -> float:
    lc = config.linkcheck
    rc = workdir / "linkcheckerrc"
    rc.write_text(
        "[checking]\n"
        f"threads={lc.concurrency_total}\n"
        f"timeout={int(lc.timeout)}\n"
        f"maxrequestspersecond={1 / lc.delay if lc.delay else 1000:g}\n"
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
        "--timeout", str(int(lc.timeout)), "--no-status", "-v", "-o", "csv/utf-8", page.as_uri(),
    ]
    env = {**os.environ, "HOME": str(workdir), "XDG_CONFIG_HOME": str(workdir)}
    started = time.monotonic()
    # past the limit the figure is the limit itself
    with out_csv.open("wb") as out, contextlib.suppress(subprocess.TimeoutExpired):
        subprocess.run(cmd, env=env, stdout=out, stderr=subprocess.DEVNULL, check=False, timeout=limit)
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


class _ServerProcess:
    """The sample server in a child process (as a real site would be: not sharing our
    interpreter and its GIL with the checker being timed); its request log is a file."""

    def __init__(self, size: int, port: int, log: Path, hostile: bool = False) -> None:
        self.log = log
        log.write_text("", encoding="utf-8")
        cmd = [sys.executable, "-m", "bench.bench_linkcheck", "--serve", "--size", str(size),
               "--port", str(port), "--log", str(log)] + (["--hostile-world"] if hostile else [])
        root = Path(__file__).resolve().parent.parent
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=root)
        assert self.proc.stdout is not None
        self.root_url = self.proc.stdout.readline().strip()
        if not self.root_url:
            raise RuntimeError("the sample server did not start")
        self.port = int(self.root_url.rsplit(":", 1)[1].strip("/"))

    def requests(self) -> list[dict[str, Any]]:
        out = []
        for line in self.log.read_text(encoding="utf-8").splitlines():
            try:
                out.append(json.loads(line))
            except ValueError:  # a line being written right now
                continue
        return out

    def stop(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(30)


def _serve(size: int, port: int, log: str, hostile: bool = False) -> None:
    with _AnnouncingServer(lambda p: build_world(p, size=size, hostile=hostile), port=port, log_path=log) as server:
        print(server.root_url, flush=True)
        sys.stdin.read()  # until the parent closes our stdin


WITH_LINKCHECKER = True  # --no-linkchecker: ibcmon's figures only (quicker, while tuning)


def _round(db: Any, server: _ServerProcess, config: Config, source: int, tmp: Path, name: str,
           verdicts: dict[str, str] | None = None) -> dict[str, Any]:
    """One timed round: ibcmon, then LinkChecker on the same URLs, same server process."""
    with db.session() as session:
        run = Run(kind="linkcheck", status="running", settings={"source_run": source, "bench": name},
                  started_at=dt.datetime.now())
        session.add(run)
        session.flush()
        run_id = run.id
    mark = len(server.requests())
    started = time.monotonic()
    check_run_links(db, config, run_id, reuse_crawl=False, history=False)
    t_ibcmon = time.monotonic() - started
    time.sleep(0.5)  # let the server flush its log
    ours_log = server.requests()[mark:]
    with db.session() as session:
        rows = session.scalars(select(LinkCheck).where(LinkCheck.run_id == run_id)).all()
        urls = sorted(r.url for r in rows if r.verdict != "excluded")
        ours = {r.url: r.verdict for r in rows}
    page = tmp / f"links-{name}.html"
    _write_list_page(page, urls)
    out_csv = tmp / f"linkchecker-{name}.csv"
    mark = len(server.requests())
    t_lc = _run_linkchecker(page, out_csv, config, tmp, limit=900.0) if WITH_LINKCHECKER else 0.0
    time.sleep(0.5)
    theirs_log = server.requests()[mark:]
    theirs = _linkchecker_results(out_csv)
    per_url = Counter((e["host"], e["path"]) for e in ours_log if e["status"] != 429)
    if verdicts is not None:
        verdicts.update(ours)
    return {
        "round": name,
        "delay": config.linkcheck.delay,
        "urls": len(urls),
        "ibcmon_s": round(t_ibcmon, 2),
        "ibcmon_requests": len(ours_log),
        "ibcmon_max_requests_per_url": max(per_url.values(), default=0),
        "ibcmon_verdicts": dict(Counter(ours.values())),
        "linkchecker_s": round(t_lc, 2),
        "linkchecker_requests": len(theirs_log),
        "linkchecker_urls": len(theirs),
        "linkchecker_invalid": sum(1 for v in theirs.values() if not v),
        "ratio": round(t_lc / t_ibcmon, 1) if t_ibcmon else None,
        "verdicts_differ": [u for u in urls if u in theirs and theirs[u] != (ours[u] in ("ok", "redirected"))][:5],
    }


def bench(size: int = 135, quiet: bool = False,
          rounds: tuple[str, ...] = ("polite", "unthrottled", "hostile")) -> list[dict[str, Any]]:
    """Crawl a generated world once, then time each round; returns one dict per round."""
    say = (lambda *_: None) if quiet else (lambda *a: print(*a, file=sys.stderr, flush=True))
    clean: dict[str, str] = {}
    plain = tuple(r for r in rounds if r != "hostile")
    if "hostile" in rounds and "polite" not in plain:
        plain = ("polite", *plain)  # the figure the hostile round is compared with
    config = Config()
    config.crawl.delay = 0.02  # the crawl only makes the link list: not what is measured
    results = []
    with tempfile.TemporaryDirectory(prefix="ibcmon-bench-") as tmp_name:
        tmp = Path(tmp_name)
        db_url = f"sqlite:///{tmp / 'bench.sqlite'}"
        server = _ServerProcess(size, 0, tmp / "server.log")
        try:
            say(f"world of {size} centres on {server.root_url}; crawling it (not timed) …")
            started = time.monotonic()
            source = run_crawl(db_url, config, server.root_url, "crawl")
            say(f"crawl: {time.monotonic() - started:.1f} s")
            db = open_database(db_url)
            for name in plain:
                cfg = Config()
                # polite: the defaults (0.1 s between requests to a host; LinkChecker's
                # maxrequestspersecond = 10); unthrottled: no delay on either side
                cfg.linkcheck.delay = 0.0 if name == "unthrottled" else cfg.linkcheck.delay
                result = _round(db, server, cfg, source, tmp, name, clean if name == "polite" else None)
                say(f"{name}: ibcmon {result['ibcmon_s']} s, LinkChecker {result['linkchecker_s']} s")
                results.append(result)
            db.dispose()
        finally:
            server.stop()
        if "hostile" in rounds:
            results.append(_hostile_round(size, server.port, tmp, clean, results, say))
    return results


def _hostile_round(size: int, port: int, tmp: Path, clean: dict[str, str], results: list[dict[str, Any]],
                   say: Any) -> dict[str, Any]:
    """The same world on the same port plus the hostile host; default settings."""
    from ibcmon.sample.hostile import HOSTILE_IP

    db_url = f"sqlite:///{tmp / 'bench-hostile.sqlite'}"
    server = _ServerProcess(size, port, tmp / "server-hostile.log", hostile=True)
    try:
        config = Config()
        config.crawl.delay = 0.02
        source = run_crawl(db_url, config, server.root_url, "crawl")
        db = open_database(db_url)
        ours: dict[str, str] = {}
        result = _round(db, server, Config(), source, tmp, "hostile", ours)
        with db.session() as session:
            rows = session.scalars(select(LinkCheck).where(LinkCheck.run_id == select(func.max(LinkCheck.run_id))
                                                         .scalar_subquery())).all()
            hostile_rows = [r for r in rows if f"//{HOSTILE_IP}:" in r.url]
        db.dispose()
    finally:
        server.stop()
    polite = next((r for r in results if r["round"] == "polite"), None)
    changed = [u for u, v in clean.items() if u in ours and ours[u] != v]
    result.update({
        "clean_ibcmon_s": polite["ibcmon_s"] if polite else None,
        "slowdown": round(result["ibcmon_s"] / polite["ibcmon_s"], 2) if polite and polite["ibcmon_s"] else None,
        "clean_verdicts_changed": changed[:10],
        "clean_verdicts_changed_count": len(changed),
        "hostile_urls": len(hostile_rows),
        "hostile_verdicts": dict(Counter(r.verdict for r in hostile_rows)),
        # by kind of page (the first path segment): how many ended how, and why
        "hostile_outcomes": sorted(f"/{kind}/: {n} {verdict}" + (f" ({error})" if error else "")
                                   for (kind, verdict, error), n in Counter(
                                       (r.url.split("/")[3], r.verdict, r.error) for r in hostile_rows).items()),
    })
    say(f"hostile: ibcmon {result['ibcmon_s']} s (clean {result['clean_ibcmon_s']} s), "
        f"LinkChecker {result['linkchecker_s']} s")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--size", type=int, default=135)
    parser.add_argument("--round", action="append", choices=["polite", "unthrottled", "hostile"])
    parser.add_argument("--hostile-world", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--no-linkchecker", action="store_true", help="time ibcmon only")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--log", default="", help=argparse.SUPPRESS)
    args = parser.parse_args(argv if argv is not None else [])
    if args.serve:
        _serve(args.size, args.port, args.log, args.hostile_world)
        return 0
    global WITH_LINKCHECKER
    WITH_LINKCHECKER = not args.no_linkchecker
    results = bench(args.size, rounds=tuple(args.round or ("polite", "unthrottled", "hostile")))
    print(f"linkcheck bench: generated world of {args.size} centres, loopback, 32 at once")
    for r in results:
        print(f"  round {r['round']} (delay per host {r['delay']} s): {r['urls']} unique URLs")
        print(f"    ibcmon:      {r['ibcmon_s']:7.2f} s  ({r['ibcmon_requests']} requests, "
              f"at most {r['ibcmon_max_requests_per_url']} per URL)")
        print(f"    LinkChecker: {r['linkchecker_s']:7.2f} s  ({r['linkchecker_requests']} requests)")
        print(f"    ratio LinkChecker / ibcmon: {r['ratio']}×")
        print(f"    verdicts: ibcmon {r['ibcmon_verdicts']}; LinkChecker invalid {r['linkchecker_invalid']} "
              f"of {r['linkchecker_urls']}; judged differently: {r['verdicts_differ'] or 'none'}")
        if r["round"] == "hostile":
            print(f"    with the hostile host: {r['ibcmon_s']} s, without: {r['clean_ibcmon_s']} s "
                  f"({r['slowdown']}×); verdicts on the other URLs changed: {r['clean_verdicts_changed_count']}")
            print(f"    hostile host: {r['hostile_urls']} URLs, {r['hostile_verdicts']}")
            for line in r["hostile_outcomes"]:
                print(f"      {line}")
    print(f"  figures written to {write_results('bench_linkcheck', {'centres': args.size, 'rounds': results})}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
