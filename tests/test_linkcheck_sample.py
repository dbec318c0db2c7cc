"""The link check on the bundled sample world: truth found, no false alarms, politeness.

One real crawl of the world (Scrapy, in a child process) per module; the link check runs
in place on it (as the audit does) and as separate nightly linkcheck runs.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from test_linkcheck_history import linkcheck_run

from common.config import Config
from crawler.linkcheck import build_digest, check_run_links
from crawler.linkcheck.urls import normalize_url
from crawler.run import run_crawl
from ibcmon.sample import SampleServer
from ibcmon.sample.server import max_in_flight
from store.db import Database, open_database
from store.models import LinkCheck, LinkState, Page, Run

pytestmark = pytest.mark.slow


def config() -> Config:
    cfg = Config()
    cfg.crawl.delay = 0.02
    cfg.linkcheck.delay = 0.05
    cfg.linkcheck.confirm_delay = 0.5
    cfg.linkcheck.timeout = 8.0  # the slow link answers after 3 s
    return cfg


@pytest.fixture(scope="module")
def crawled(sample_server: SampleServer, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, int]:
    """(db url, run id) of an audit-kind crawl of the bundled world."""
    db_url = f"sqlite:///{tmp_path_factory.mktemp('lc') / 'sample.sqlite'}"
    run_id = run_crawl(db_url, config(), sample_server.root_url, "crawl")
    return db_url, run_id


def copy_db(crawled: tuple[str, int], tmp_path: Path) -> Database:
    """A private copy of the crawled database (each test writes its own link checks)."""
    import shutil

    src = Path(crawled[0].removeprefix("sqlite:///"))
    dst = tmp_path / "copy.sqlite"
    db = open_database(crawled[0])
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.dispose()
    shutil.copy(src, dst)
    return open_database(f"sqlite:///{dst}")


def verdicts(db: Database, run_id: int) -> dict[str, LinkCheck]:
    with db.session() as s:
        return {c.url: c for c in s.scalars(select(LinkCheck).where(LinkCheck.run_id == run_id))}


def truth_links(truth: dict[str, Any], key: str) -> list[tuple[str, dict[str, Any]]]:
    out = []
    for centre in truth["centres"]:
        for link in centre[key]:
            url = normalize_url(link["url"], link["found_on"])
            assert url is not None
            out.append((url, link))
    return out


def assert_truth(rows: dict[str, LinkCheck], truth: dict[str, Any]) -> None:
    for url, link in truth_links(truth, "broken_links"):
        assert url in rows, (link["kind"], url)
        assert rows[url].verdict == "broken", (link["kind"], url, rows[url].verdict, rows[url].error)
    for url, link in truth_links(truth, "tricky_ok_links"):
        assert url in rows, (link["kind"], url)
        assert rows[url].verdict in ("ok", "redirected"), (link["kind"], url, rows[url].verdict, rows[url].error)
    kinds = {link["kind"] for _, link in truth_links(truth, "tricky_ok_links")}
    assert kinds >= {"slow", "rate_limited", "head_refused", "redirect_chain", "cyrillic", "whitespace"}
    kinds = {link["kind"] for _, link in truth_links(truth, "broken_links")}
    assert kinds >= {"internal_404", "internal_500", "external_404", "refused"}


def assert_polite(requests: list[dict[str, Any]], cfg: Config) -> None:
    per_url = Counter((e["host"], e["path"]) for e in requests if e["status"] != 429)
    assert per_url and max(per_url.values()) <= 3, per_url.most_common(3)
    by_host: dict[str, list[dict[str, Any]]] = {}
    for e in requests:
        by_host.setdefault(e["host"], []).append(e)
    for host, entries in by_host.items():
        assert max_in_flight(entries) <= cfg.linkcheck.concurrency_per_host, host
    assert {e["ua"] for e in requests} == {cfg.general.user_agent}


def test_in_place_check_finds_the_truth_without_refetching(
    sample: SampleServer, crawled: tuple[str, int], tmp_path: Path
) -> None:
    db = copy_db(crawled, tmp_path)
    run_id = crawled[1]
    with db.session() as s:
        fetched = {normalize_url(p.url) for p in s.scalars(select(Page).where(Page.run_id == run_id))}
    cfg = config()
    summary = check_run_links(db, cfg, run_id)
    rows = verdicts(db, run_id)
    assert_truth(rows, sample.truth)
    assert summary.from_crawl > 0 and summary.history is None
    again = [e for e in sample.requests if normalize_url(f"http://{e['host']}{e['path']}") in fetched]
    assert again == []  # the crawl's answer is taken for every page it fetched
    assert_polite(sample.requests, cfg)
    assert build_digest(db, run_id).links("broken")
    # the crawl followed the 301 → 302 → 200 chain: its hops are judged as the checker would
    chain = next(url for url, link in truth_links(sample.truth, "tricky_ok_links") if link["kind"] == "redirect_chain")
    assert rows[chain].from_crawl and rows[chain].verdict == "redirected"
    assert [hop[0] for hop in rows[chain].redirects] == [301, 302]


def test_fresh_check_of_every_link(sample: SampleServer, crawled: tuple[str, int], tmp_path: Path) -> None:
    """A nightly run checks every link itself, internal pages included."""
    db = copy_db(crawled, tmp_path)
    cfg = config()
    cfg.linkcheck.concurrency_per_host = 1
    run_id = linkcheck_run(db, crawled[1], 1)
    summary = check_run_links(db, cfg, run_id)
    assert summary.from_crawl == 0 and summary.history is not None
    rows = verdicts(db, run_id)
    assert_truth(rows, sample.truth)
    assert all(not r.from_crawl for r in rows.values())
    assert_polite(sample.requests, cfg)
    chain = next(url for url, link in truth_links(sample.truth, "tricky_ok_links") if link["kind"] == "redirect_chain")
    assert [hop[0] for hop in rows[chain].redirects] == [301, 302] and rows[chain].verdict == "redirected"
    limited = [e for e in sample.requests if e["status"] == 429]
    assert limited, "the rate-limited link asked us to wait"


def test_nights_with_overrides(sample: SampleServer, crawled: tuple[str, int], tmp_path: Path) -> None:
    db = copy_db(crawled, tmp_path)
    cfg = config()
    cfg.linkcheck.obey_robots = False
    external = [(u, link) for u, link in truth_links(sample.truth, "tricky_ok_links") if link["kind"] == "head_refused"]
    fixed_url = external[0][0]
    internal_ok = next(u for u, link in truth_links(sample.truth, "tricky_ok_links") if link["kind"] == "cyrillic")
    refused = next(u for u, link in truth_links(sample.truth, "broken_links") if link["kind"] == "refused")

    def night(day: int) -> Any:
        sample.reset_state()
        run_id = linkcheck_run(db, crawled[1], day)
        check_run_links(db, cfg, run_id)
        return build_digest(db, run_id)

    sample.override(fixed_url, status=404)
    d1 = night(1)
    assert fixed_url in {link.url for link in d1.links("pending")}
    d2 = night(2)
    assert fixed_url in {link.url for link in d2.links("new_broken")}
    assert refused in {link.url for link in d2.links("new_broken")}
    sample.clear_overrides()
    sample.override(internal_ok, status=500)  # one bad night for the Cyrillic document
    d3 = night(3)
    assert [link.url for link in d3.links("fixed")] == [fixed_url]
    assert internal_ok in {link.url for link in d3.links("pending")}
    (still,) = [link for link in d3.links("still_broken") if link.url == refused]
    assert still.days_broken == 2 and still.streak == 3
    sample.clear_overrides()
    d4 = night(4)
    assert d4.links("fixed") == [] and d4.links("new_broken") == []
    assert internal_ok not in {link.url for link in d4.links("pending")}
    assert d4.totals["recovered"] == 1
    with db.session() as s:
        states = {st.url: st for st in s.scalars(select(LinkState))}
    assert states[internal_ok].streak == 0 and not states[internal_ok].alarmed
    assert states[fixed_url].streak == 0 and states[fixed_url].last_ok == dt.datetime(2026, 11, 4, 2, 30)
    assert states[refused].streak == 4 and states[refused].alarmed
    assert states[refused].broken_since == dt.datetime(2026, 11, 1, 2, 30)


def test_cli_recrawl_reuses_the_fresh_crawl(sample: SampleServer, tmp_path: Path) -> None:
    """`ibcmon linkcheck --recrawl`: crawl, then check; no second request for a crawled page."""
    import json

    from ibcmon.cli import run

    (tmp_path / "c.toml").write_text(
        f'[general]\nroot_url = "{sample.root_url}"\n[crawl]\ndelay = 0.02\n'
        "[linkcheck]\ndelay = 0.05\nconfirm_delay = 0.5\ntimeout = 8.0\n", encoding="utf-8")
    db_url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    out = tmp_path / "links.json"
    code = run(["--db", db_url, "--config", str(tmp_path / "c.toml"), "linkcheck", "--recrawl", "-q",
                "--fail-on-broken", "--json", str(out), "--html", str(tmp_path / "links.html")])
    assert code == 2  # the world has broken links
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["run"]["recrawl"] is True and data["summary"]["from_crawl"] > 0
    rows = {item["url"]: item for item in data["links"]}
    for url, link in truth_links(sample.truth, "broken_links"):
        assert rows[url]["verdict"] == "broken", (link, rows[url])
    db = open_database(db_url)
    with db.session() as s:
        source = s.get(Run, data["run"]["source_run"])
        check_run = s.get(Run, data["run"]["id"])
        assert source is not None and source.kind == "crawl" and check_run is not None
        fetched = {normalize_url(p.url) for p in s.scalars(select(Page).where(Page.run_id == source.id))}
        since = check_run.started_at.replace(tzinfo=dt.UTC).timestamp()
    after = [e for e in sample.requests if e["start"] >= since]
    assert after, "the link check made requests of its own"
    assert [e for e in after if normalize_url(f"http://{e['host']}{e['path']}") in fetched] == []
    assert (tmp_path / "links.html").read_text(encoding="utf-8").count("<table") >= 1
