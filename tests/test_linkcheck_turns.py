"""Every link gets its turn: what a night's time budgets could not reach goes first the next
night, so no URL stays unchecked two nights in a row while its host answers at all.

Two nightly link checks of a generated world whose centres all link to the hostile shared
host (`ibcmon/sample/hostile.py`: a rate limit, a 429 on each catalogue URL's first
request, a slow page, a hang, a trickle); its waiting budget (`max_host_wait`) cuts the
check of its URLs each night. Which URLs each night reached is read from the server's
request log.
"""
from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select
from test_linkcheck_history import linkcheck_run

from common.config import Config
from crawler.linkcheck import build_digest, check_run_links
from crawler.linkcheck.turns import Turns, is_cut, load_turns
from crawler.linkcheck.verdict import ERROR_TEXTS
from crawler.run import run_crawl
from ibcmon.commands.links import terminal_summary
from ibcmon.sample import SampleServer, build_world
from ibcmon.sample.hostile import HOSTILE_IP
from reports.links_page import render_link_report
from store.db import Database, open_database
from store.models import LinkCheck, Run

pytestmark = pytest.mark.slow

CENTRES = 24


def night_config() -> Config:
    cfg = Config()
    cfg.network.allow_private = True
    cfg.crawl.delay = 0.001
    cfg.crawl.max_pages = 4
    cfg.linkcheck.delay = 0.15  # below the host's rate limit: its catalogue's 429s spend the budget
    cfg.linkcheck.timeout = 2.0
    cfg.linkcheck.confirm_delay = 0.2
    # each of the 12 catalogue URLs makes us wait 1 s: a night reaches about two thirds
    cfg.linkcheck.max_host_wait = 8.0
    return cfg


@pytest.fixture(scope="module")
def world() -> Iterator[SampleServer]:
    with SampleServer(lambda port: build_world(port, size=CENTRES, pages_per_centre=3, hostile=True)) as srv:
        yield srv


@pytest.fixture(scope="module")
def crawled(world: SampleServer, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, int]:
    db_url = f"sqlite:///{tmp_path_factory.mktemp('turns') / 'turns.sqlite'}"
    return db_url, run_crawl(db_url, night_config(), world.root_url, "crawl")


def hostile_paths(db: Database, run_id: int, cut_only: bool = False) -> set[str]:
    with db.session() as s:
        rows = s.scalars(select(LinkCheck).where(LinkCheck.run_id == run_id)).all()
    return {urlsplit(r.url).path for r in rows if urlsplit(r.url).hostname == HOSTILE_IP
            and (not cut_only or is_cut(r.verdict, r.error))}


def forget_the_night_before(world: SampleServer) -> None:
    """Nights are hours apart: the host has forgotten which catalogue URLs it saw."""
    state = world.world.hosts[HOSTILE_IP].lazy.state  # type: ignore[union-attr]
    with state.lock:
        state.seen.clear()
        state.recent.clear()


def hostile_log(log: list[dict[str, Any]], since: float) -> list[dict[str, Any]]:
    """This night's requests to the hostile host (a slow answer of the night before aside)."""
    return sorted((e for e in log if e["host"].startswith(HOSTILE_IP + ":") and e["start"] >= since
                   and e["path"] != "/robots.txt"), key=lambda e: e["start"])


def answered(log: list[dict[str, Any]]) -> set[str]:
    """Paths that got a request, other than a 429."""
    return {e["path"] for e in log if e["status"] != 429}


def test_two_nights_leave_no_url_unchecked_twice(world: SampleServer, crawled: tuple[str, int]) -> None:
    db = open_database(crawled[0])
    try:
        reached: list[set[str]] = []
        cut: list[set[str]] = []
        summaries = []
        for day in (20, 21):
            world.reset_log()
            forget_the_night_before(world)
            since = time.time()
            run_id = linkcheck_run(db, crawled[1], day)
            summaries.append(check_run_links(db, night_config(), run_id))
            tonight = hostile_log(world.requests, since)
            reached.append(answered(tonight))
            cut.append(hostile_paths(db, run_id, cut_only=True))
        paths = hostile_paths(db, run_id)
        assert len(paths) > 20
        missed = [paths - night for night in reached]
        assert missed[0], "the hostile host must cut the first night"
        assert cut[0] >= missed[0] and summaries[0].cut >= len(cut[0])  # the store says so too
        assert not missed[0] & missed[1], sorted(missed[0] & missed[1])
        assert summaries[0].longest_wait == 1
        # the second night began with what the first could not reach (or confirm)
        assert tonight[0]["path"] in cut[0]
        assert not cut[0] & cut[1] or summaries[1].longest_wait == 2
    finally:
        db.dispose()


# -- the order, and the nights waited, on a store of its own --------------------------------
CUT = ERROR_TEXTS["host_budget"]


def night(db: Database, day: int, verdicts: dict[str, tuple[str, str | None]]) -> int:
    with db.session() as s:
        run = Run(kind="linkcheck", status="complete", started_at=dt.datetime(2026, 11, day, 2, 30),
                  stats={"linkcheck": {"longest_wait": 0}})
        s.add(run)
        s.flush()
        for url, (verdict, error) in verdicts.items():
            s.add(LinkCheck(run_id=run.id, url=url, verdict=verdict, error=error, sources=[], redirects=[]))
        return run.id


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Database]:
    db = open_database(f"sqlite:///{tmp_path / 'order.sqlite'}")
    yield db
    db.dispose()


def test_unreached_first_then_new_then_the_oldest(store: Database) -> None:
    from crawler.linkcheck.history import advance_history

    a, b, c, d, e = (f"http://h.test/{x}" for x in "abcde")
    first = night(store, 1, {a: ("ok", None), b: ("ok", None), c: ("blocked", CUT), d: ("blocked", CUT)})
    with store.session() as s:
        advance_history(s, first, 2)
    second = night(store, 2, {a: ("ok", None), b: ("blocked", CUT), c: ("blocked", CUT), d: ("ok", None)})
    with store.session() as s:
        advance_history(s, second, 2)
        turns = load_turns(s, [a, b, c, d, e], second + 1)
    assert turns.waiting == {b: 1, c: 2}
    # c waited two nights, b one; e is new; d was checked after a
    assert turns.order([a, b, c, d, e]) == [c, b, e, a, d]
    assert turns.nights(c) == 3 and turns.nights(a) == 1


def test_the_digest_and_the_links_page_say_who_waited(store: Database) -> None:
    url = "http://h.test/slow"
    with store.session() as s:
        run = Run(kind="linkcheck", status="complete", started_at=dt.datetime(2026, 11, 3, 2, 30),
                  stats={"linkcheck": {"longest_wait": 3, "cut": 2, "elapsed_s": 1.0, "requests": 5}},
                  settings={"source_run": 1})
        s.add(run)
        s.flush()
        for u in (url, url + "2"):
            s.add(LinkCheck(run_id=run.id, url=u, verdict="blocked", error=CUT, sources=[], redirects=[]))
        run_id = run.id
    digest = build_digest(store, run_id)
    assert (digest.unreached, digest.longest_wait) == (2, 3)
    text = terminal_summary(digest, {"elapsed_s": 1.0, "requests": 5})
    assert "2\u00a0ссылки" in text and "не проверялась 3\u00a0ночи подряд" in text
    page = render_link_report(digest, [])
    assert "не проверялась 3\u00a0ночи подряд" in page


def test_a_cut_is_told_from_a_verdict() -> None:
    assert is_cut("blocked", CUT) and is_cut("blocked", ERROR_TEXTS["run_budget"])
    assert not is_cut("blocked", ERROR_TEXTS["wait_refused"]) and not is_cut("broken", CUT)
    assert Turns().order(["x", "y", "x"]) == ["x", "y"]
