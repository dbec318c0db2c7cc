"""Refinements of the link check: the crawl's redirect hops, links removed from the pages.

1. A URL the crawl fetched takes the crawl's answer (no request), and now its stored hops
   too: a permanent move is `redirected` with its chain, exactly as the checker says.
2. A failing link that no page links to any more is `removed` once (alarmed) or dropped
   silently (pending), and its alarm cleared, but only when the pages it stood on were
   read again: a page that could not be read tonight says nothing.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiohttp import web
from bs4 import BeautifulSoup
from click.testing import CliRunner
from sqlalchemy import select
from test_linkcheck_engine import MiniServer, ok
from test_linkcheck_history import config, linkcheck_run, links, make_crawl

from crawler.linkcheck import build_digest, check_run_links, link_check_to_dict
from crawler.linkcheck.extract import crawl_chain
from crawler.linkcheck.urls import normalize_url
from crawler.linkcheck.verdict import ERROR_TEXTS, status_text
from ibcmon.cli import cli  # before the commands it registers
from ibcmon.commands.links import terminal_summary
from ibcmon.sample import SampleServer
from reports.links_page import render_link_report
from store.db import Database, open_database
from store.models import LinkCheck, LinkState, Run


@pytest.fixture
def server() -> Iterator[MiniServer]:
    srv = MiniServer(ips=["127.0.0.1", "127.0.0.2", "127.0.0.3"])
    srv.start()
    yield srv
    srv.stop()



def rows(db: Database, run_id: int) -> dict[str, LinkCheck]:
    with db.session() as s:
        return {c.url: c for c in s.scalars(select(LinkCheck).where(LinkCheck.run_id == run_id))}


# -- 1. the crawl's redirect hops ------------------------------------------------------

def test_crawl_chain_names_where_each_hop_leads() -> None:
    # Scrapy's redirect_urls name the URL that answered each redirect; the checker, its target
    hops = [[301, "http://a.ru/old"], [302, "http://a.ru/tmp"]]
    assert crawl_chain(hops, "http://a.ru/new") == [[301, "http://a.ru/tmp"], [302, "http://a.ru/new"]]
    assert crawl_chain([[301, "http://a.ru/книги"]], "http://a.ru/книги/") == [
        [301, "http://a.ru/%D0%BA%D0%BD%D0%B8%D0%B3%D0%B8/"]]
    assert crawl_chain([], "http://a.ru/") == []
    assert crawl_chain(None, "http://a.ru/") == []
    assert crawl_chain([["301"]], "http://a.ru/") == []  # not a hop: no chain rather than a wrong one
    assert crawl_chain([[301, "http://a.ru/old"]], None) == []


def test_crawled_redirects_are_judged_as_the_checker_judges_them(db: Database, server: MiniServer) -> None:
    a, _b, ext = server.ips
    u = server.url
    # the same redirects live on the server, for the fresh check to compare with
    server.routes["/old"] = lambda r, h: web.Response(status=301, headers={"Location": "/tmp"})
    server.routes["/tmp"] = lambda r, h: web.Response(status=302, headers={"Location": "/new"})
    server.routes["/new"] = ok
    server.routes["/dir"] = lambda r, h: web.Response(status=301, headers={"Location": "/dir/"})
    server.routes["/dir/"] = ok
    server.routes["/loop"] = lambda r, h: web.Response(status=302, headers={"Location": "/loop2"})
    server.routes["/loop2"] = lambda r, h: web.Response(status=302, headers={"Location": "/loop"})
    server.routes["/to-old"] = lambda r, h: web.Response(status=301, headers={"Location": u("/old", a)})
    page_links = links((u("/old", a), "Старый адрес"), (u("/dir", a), "Раздел"), (u("/loop", a), "Круг"),
                       (u("/to-old", ext), "Внешняя ссылка на старый адрес"))
    loop_hops = [[302, u("/loop", a)], [302, u("/loop2", a)]] * 5
    source = make_crawl(db, server, {"a": [
        ("/lib", {"links": page_links}),
        ("/old", {"final_url": u("/new", a), "headers": {"_redirects": [[301, u("/old", a)], [302, u("/tmp", a)]]}}),
        ("/dir", {"final_url": u("/dir/", a), "headers": {"_redirects": [[301, u("/dir", a)]]}}),
        ("/loop", {"http_status": None, "error": "IgnoreRequest: max redirections reached",
                   "headers": {"_redirects": loop_hops}}),
    ]})
    summary = check_run_links(db, config(), source)  # in place: the crawl's answers are taken
    crawled = rows(db, source)
    for path in ("/old", "/tmp", "/new", "/dir", "/dir/", "/loop", "/loop2"):
        assert server.count(path, a) == 0, path  # no request for what the crawl fetched
    assert summary.from_crawl == 3
    old = crawled[u("/old", a)]
    assert old.from_crawl and old.verdict == "redirected" and old.error and "(301)" in old.error
    assert old.redirects == [[301, u("/tmp", a)], [302, u("/new", a)]] and old.final_url == u("/new", a)
    slash = crawled[u("/dir", a)]
    assert slash.verdict == "ok" and slash.redirects == [[301, u("/dir/", a)]]  # a trivial move
    loop = crawled[u("/loop", a)]
    assert loop.verdict == "broken" and loop.error == ERROR_TEXTS["loop"]
    assert loop.redirects == [[302, u("/loop2", a)], [302, u("/loop", a)]]
    # a hop of the checker's own chain that reaches a crawled page carries on with its hops
    via = crawled[u("/to-old", ext)]
    assert not via.from_crawl and via.verdict == "redirected"
    assert via.redirects == [[301, u("/old", a)], [301, u("/tmp", a)], [302, u("/new", a)]]

    # the checker itself, asked afresh, comes to the same verdicts and chains
    fresh = linkcheck_run(db, source, 1)
    check_run_links(db, config(), fresh)
    asked = rows(db, fresh)
    for url in (u("/old", a), u("/dir", a), u("/loop", a), u("/to-old", ext)):
        got, want = crawled[url], asked[url]
        assert not want.from_crawl
        assert (got.verdict, got.error, got.redirects, got.final_url) == (
            want.verdict, want.error, want.redirects, want.final_url), url


# -- 2. links removed from the pages ---------------------------------------------------

def test_removed_links_are_reported_once_and_their_alarm_cleared(db: Database, server: MiniServer) -> None:
    a, _b, ext = server.ips
    for path in ("/gone1", "/gone2", "/gone3", "/gone4"):
        server.routes[path] = lambda r, h: web.Response(status=404)
    gone1, gone2, gone3, gone4 = (server.url(p, ext) for p in ("/gone1", "/gone2", "/gone3", "/gone4"))
    cfg = config()
    assert cfg.linkcheck.alarm_after == 2

    def night(source: int, day: int) -> Any:
        run_id = linkcheck_run(db, source, day)
        check_run_links(db, cfg, run_id)
        return build_digest(db, run_id)

    # gone1 stands on both centres' pages, gone2 on a's library page, gone3 on a's news page
    crawl1 = make_crawl(db, server, {
        "a": [("/lib", {"links": links((gone1, "Каталог"), (gone2, "Архив"))}),
              ("/news", {"links": links((gone3, "Выставка"),)})],
        "b": [("/lib", {"links": links((gone1, "Каталог"),)})],
    })
    night(crawl1, 1)
    d2 = night(crawl1, 2)
    assert {link.url for link in d2.links("new_broken")} == {gone1, gone2, gone3}

    # the centres took gone1 off their pages; a's news page could not be read tonight (503);
    # gone4 appears and fails for the first time
    crawl2 = make_crawl(db, server, {
        "a": [("/lib", {"links": links((gone2, "Архив"), (gone4, "Новое"))}),
              ("/news", {"http_status": 503, "links": []})],
        "b": [("/lib", {"links": []})],
    })
    d3 = night(crawl2, 3)
    (removed,) = d3.links("removed")
    assert removed.url == gone1 and removed.bucket == "removed" and removed.status == 404
    assert removed.error == status_text(404) and removed.streak == 2 and removed.days_broken == 2
    assert [c["name"] for c in removed.centres] == ["ИБЦ a", "ИБЦ b"]  # shared: listed once
    assert d3.totals["removed"] == 1 and d3.history
    assert [link.url for link in d3.links("still_broken")] == [gone2]
    assert [link.url for link in d3.links("pending")] == [gone4]
    assert gone3 not in {link.url for bucket in ("removed", "fixed") for link in d3.links(bucket)}
    with db.session() as s:
        states = {st.url: st for st in s.scalars(select(LinkState))}
        assert not states[gone1].alarmed and states[gone1].streak == 0 and states[gone1].broken_since is None
        assert states[gone3].alarmed and states[gone3].streak == 2  # its page was not read: nothing known
        history3 = s.get(Run, d3.run_id).stats["linkcheck_history"]  # type: ignore[union-attr]
    assert history3["removed"] == 1 and history3["dropped"] == 0

    text = terminal_summary(d3, {"elapsed_s": 1.0, "requests": 3})
    assert "Неработающие — новые: 0, по-прежнему не работают: 1, ждут подтверждения (не открылись этой ночью): 1" in text
    assert "Устранены — исправлены: 0, убраны со страницы: 1" in text
    with db.session() as s:
        checks = s.scalars(select(LinkCheck).where(LinkCheck.run_id == d3.run_id)).all()
        html = render_link_report(d3, [link_check_to_dict(c) for c in checks])
    soup = BeautifulSoup(html, "html.parser")
    section = soup.select_one("section#removed")
    assert section is not None and section.h2 is not None and section.h2.get_text() == "Убраны со страницы"
    assert "убрана со страницы" in section.get_text() and status_text(404) in section.get_text()

    # the news page is read again, without gone3; gone4 (one bad night) is gone too: silent
    crawl3 = make_crawl(db, server, {
        "a": [("/lib", {"links": links((gone2, "Архив"),)}), ("/news", {"links": []})],
        "b": [("/lib", {"links": []})],
    })
    d4 = night(crawl3, 4)
    assert [(link.url, [c["name"] for c in link.centres] or None) for link in d4.links("removed")] == [(gone3, None)]
    (own,) = [c for c in d4.centres if c.removed]
    assert own.name == "ИБЦ a" and own.removed[0].found_on == [
        {"page_url": server.url("/news", a), "text": "Выставка", "fragment": ""}]
    assert [link.url for link in d4.links("still_broken")] == [gone2]
    with db.session() as s:
        states = {st.url: st for st in s.scalars(select(LinkState))}
        history4 = s.get(Run, d4.run_id).stats["linkcheck_history"]  # type: ignore[union-attr]
    assert history4["removed"] == 1 and history4["dropped"] == 1  # gone4: nobody was told, nobody is
    assert states[gone4].streak == 0 and not states[gone4].alarmed
    assert not states[gone3].alarmed and states[gone2].alarmed

    # removed once: the next night says nothing more; a past night's digest is rebuilt as it was
    d5 = night(crawl3, 5)
    assert d5.links("removed") == [] and d5.totals["removed"] == 0
    assert [link.url for link in build_digest(db, d3.run_id).links("removed")] == [gone1]


def test_a_link_back_on_the_page_starts_afresh(db: Database, server: MiniServer) -> None:
    """Removed, then put back still broken: one bad night alarms nobody, as for a new link."""
    _a, _b, ext = server.ips
    server.routes["/gone"] = lambda r, h: web.Response(status=404)
    gone = server.url("/gone", ext)
    with_link = {"a": [("/lib", {"links": links((gone, "Каталог"),)})]}
    cfg = config()
    nights = [
        (make_crawl(db, server, {"a": [("/lib", {"links": links((gone, "Каталог"),)})]}), "pending"),
        (make_crawl(db, server, {"a": [("/lib", {"links": links((gone, "Каталог"),)})]}), "new_broken"),
        (make_crawl(db, server, {"a": [("/lib", {"links": []})]}), "removed"),
        (make_crawl(db, server, with_link), "pending"),
    ]
    for day, (source, bucket) in enumerate(nights, start=1):
        run_id = linkcheck_run(db, source, day)
        check_run_links(db, cfg, run_id)
        digest = build_digest(db, run_id)
        assert [link.url for link in digest.links(bucket)] == [gone], (day, bucket)


# -- both, on the sample world ---------------------------------------------------------

def sample_config(tmp_path: Path, sample: SampleServer) -> Path:
    path = tmp_path / "c.toml"
    path.write_text(
        f'[general]\nroot_url = "{sample.root_url}"\n[crawl]\ndelay = 0.02\n'
        "[linkcheck]\ndelay = 0.05\nconfirm_delay = 0.5\ntimeout = 8.0\nalarm_after = 1\n", encoding="utf-8")
    return path


def truth_url(sample: SampleServer, key: str, kind: str) -> tuple[str, dict[str, Any]]:
    for centre in sample.truth["centres"]:
        for link in centre[key]:
            if link["kind"] == kind:
                url = normalize_url(link["url"], link["found_on"])
                assert url is not None
                return url, link
    raise AssertionError(kind)


@pytest.mark.slow
def test_sample_world_two_nights_link_taken_off_the_page(sample: SampleServer, tmp_path: Path) -> None:
    """`ibcmon linkcheck --recrawl` twice; between the nights a centre drops its dead link."""
    cfg = sample_config(tmp_path, sample)
    db_url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    dead, where = truth_url(sample, "broken_links", "external_404")
    chain, _ = truth_url(sample, "tricky_ok_links", "redirect_chain")

    def night(n: int) -> tuple[dict[str, Any], list[str]]:
        out = tmp_path / f"night{n}.json"
        args = ["--db", db_url, "--config", str(cfg), "linkcheck", "--recrawl", "-q", "--json", str(out)]
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0, result.output
        return dict(json.loads(out.read_text(encoding="utf-8"))), result.output.splitlines()

    def bucket(digest: dict[str, Any], name: str) -> list[dict[str, Any]]:
        return [link for c in digest["centres"] for link in c[name]] + [
            link for link in digest["shared"] if link["bucket"] == name]

    first, _ = night(1)
    assert dead in {link["url"] for link in bucket(first["digest"], "new_broken")}  # alarm_after = 1
    crawled_chain = next(item for item in first["links"] if item["url"] == chain)
    assert crawled_chain["from_crawl"] and crawled_chain["verdict"] in ("ok", "redirected")
    assert [hop[0] for hop in crawled_chain["redirects"]] == [301, 302]

    page = httpx.get(where["found_on"], timeout=10).text
    anchor = re.compile(r"<a\b[^>]*href=\"" + re.escape(where["url"]) + r"\"[^>]*>.*?</a>", re.S)
    assert anchor.search(page), "the dead link stands on its page"
    sample.override(where["found_on"], body=anchor.sub("", page))
    second, lines = night(2)
    digest = second["digest"]
    removed = bucket(digest, "removed")
    assert [link["url"] for link in removed] == [dead] and digest["totals"]["removed"] == 1
    assert removed[0]["found_on"][0]["page_url"] == where["found_on"]
    assert dead not in {item["url"] for item in second["links"]}
    # the other dead links still stand on their pages: still broken, none "removed"
    others = {normalize_url(link["url"], link["found_on"]) for c in sample.truth["centres"]
              for link in c["broken_links"]} - {dead}
    assert others and others <= {link["url"] for link in bucket(digest, "still_broken")}
    # the terminal: what needs a hand (new, still, pending), then what is settled
    at = next(i for i, line in enumerate(lines) if line.startswith("Неработающие — новые: 0, "))
    assert f"по-прежнему не работают: {len(bucket(digest, 'still_broken'))}," in lines[at]
    assert lines[at + 1] == "Устранены — исправлены: 0, убраны со страницы: 1"
    db = open_database(db_url)
    with db.session() as s:
        state = s.get(LinkState, dead)
        assert state is not None and not state.alarmed and state.streak == 0
        run_row = s.get(Run, second["run"]["id"])
        assert run_row is not None and run_row.stats["linkcheck_history"]["removed"] == 1
