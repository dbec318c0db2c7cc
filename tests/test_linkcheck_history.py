"""check_run_links over stored pages, history across nights and the digest (tiny server)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from aiohttp import web
from sqlalchemy import select
from test_linkcheck_engine import MiniServer, ok

from common.config import Config
from crawler.linkcheck import (
    broken_links_by_centre,
    build_digest,
    check_run_links,
    unverified_by_centre,
)
from store.db import Database
from store.models import Centre, CentreVisit, LinkCheck, LinkState, Page, Run


@pytest.fixture
def server() -> Iterator[MiniServer]:
    srv = MiniServer(ips=["127.0.0.1", "127.0.0.2", "127.0.0.3"])
    srv.start()
    yield srv
    srv.stop()



def config() -> Config:
    cfg = Config()
    cfg.linkcheck.delay = 0.0
    cfg.linkcheck.confirm_delay = 0.1
    cfg.linkcheck.timeout = 3.0
    return cfg


def make_crawl(db: Database, srv: MiniServer, pages: dict[str, list[tuple[str, dict[str, Any]]]]) -> int:
    """A crawl run: centre key → [(page path on its host, page fields)]; centre i on 127.0.0.(i+1)."""
    with db.session() as s:
        run = Run(kind="crawl", status="complete", root_url=srv.url("/"))
        s.add(run)
        s.flush()
        for i, (name, centre_pages) in enumerate(pages.items()):
            ip = srv.ips[i]
            centre = s.scalar(select(Centre).where(Centre.key == name))
            if centre is None:
                centre = Centre(key=name, name=f"ИБЦ {name}", url=srv.url("/", ip))
                s.add(centre)
                s.flush()
            s.add(CentreVisit(run_id=run.id, centre_id=centre.id, name=centre.name, listed_url=centre.url,
                              final_url=centre.url, status="ok"))
            for path, fields in centre_pages:
                url = srv.url(path, ip)
                html = fields.pop("html", None)
                page = Page(run_id=run.id, centre_id=centre.id, url=url, final_url=fields.pop("final_url", url),
                            http_status=fields.pop("http_status", 200), **fields)
                page.html = html
                s.add(page)
        return run.id


def linkcheck_run(db: Database, source: int, day: int) -> int:
    with db.session() as s:
        run = Run(kind="linkcheck", status="running", settings={"source_run": source},
                  started_at=dt.datetime(2026, 11, day, 2, 30))
        s.add(run)
        s.flush()
        return run.id


def links(*items: tuple[str, str]) -> list[dict[str, str]]:
    return [{"url": u, "text": t} for u, t in items]


def test_in_place_check_reuses_the_crawl(db: Database, server: MiniServer) -> None:
    a, ext = server.ips[0], server.ips[1]
    server.routes["/ext"] = ok
    server.routes["/gone"] = lambda r, h: web.Response(status=404)
    server.routes["/forbidden"] = lambda r, h: web.Response(status=403)
    page_links = links(
        (server.url("/about", a), "О библиотеке"),
        (server.url("/about#contacts", a), "Контакты"),
        (server.url("/about#nowhere", a), "Куда-то"),
        (server.url("/ext", ext), "НЭБ"),
        (server.url("/gone", ext), "Старый каталог"),
        (server.url("/forbidden", ext), "Закрытый"),
        ("mailto:ibc@example.ru", "Почта"),
        (server.url("/lib", a) + "#", "#"),
        ("https://vk.com/club1", "ВКонтакте"),
    )
    run_id = make_crawl(db, server, {"a": [
        ("/lib", {"links": page_links}),
        ("/about", {"links": [], "html": '<h2 id="contacts">Контакты</h2>'}),
    ]})
    summary = check_run_links(db, config(), run_id)
    assert server.count("/about", a) == 0 and server.count("/lib", a) == 0  # the crawl fetched them
    with db.session() as s:
        rows = {c.url: c for c in s.scalars(select(LinkCheck).where(LinkCheck.run_id == run_id))}
        about = rows[server.url("/about", a)]
        assert about.from_crawl and about.verdict == "ok"
        assert {src["fragment"]: src.get("anchor_missing", False) for src in about.sources} == {
            "": False, "contacts": False, "nowhere": True}
        assert rows[server.url("/gone", ext)].verdict == "broken"
        assert rows[server.url("/forbidden", ext)].verdict == "blocked"
        assert rows["https://vk.com/club1"].verdict == "excluded"
        assert not any(u.startswith("mailto:") for u in rows)
        assert server.url("/lib", a) not in rows
        broken = broken_links_by_centre(s, run_id)
        unverified = unverified_by_centre(s, run_id)
    assert summary.broken == 1 and summary.anchors_missing == 1 and summary.from_crawl == 1
    (centre_id, items), = broken.items()
    assert items == [{"url": server.url("/gone", ext), "found_on": server.url("/lib", a), "status": 404,
                      "error": "страница не найдена (404)", "text": "Старый каталог", "internal": False}]
    assert [i["url"] for i in unverified[centre_id]] == [server.url("/forbidden", ext)]
    digest = build_digest(db, run_id)
    assert not digest.history
    assert [link.url for link in digest.links("broken")] == [server.url("/gone", ext)]
    assert digest.totals["broken"] == 1 and digest.totals["blocked"] == 1 and digest.totals["unverified"] == 1
    assert digest.totals["excluded"] == 1 and digest.totals["anchors_missing"] == 1


def test_nights_new_broken_still_broken_fixed_and_one_bad_night(db: Database, server: MiniServer) -> None:
    a, b, ext = server.ips
    state = {"fixed_later": 404, "one_night": 200}
    server.routes["/fixed-later"] = lambda r, h: web.Response(status=state["fixed_later"])
    server.routes["/one-night"] = lambda r, h: web.Response(status=state["one_night"])
    server.routes["/dead"] = lambda r, h: web.Response(status=410)
    shared = server.url("/dead", ext)
    page_a = links((server.url("/fixed-later", ext), "ЛитРес"), (server.url("/one-night", ext), "НЭБ"), (shared, "Архив"))
    page_b = links((shared, "Архив"),)
    source = make_crawl(db, server, {"a": [("/lib", {"links": page_a})], "b": [("/lib", {"links": page_b})]})
    cfg = config()
    assert cfg.linkcheck.alarm_after == 2

    def night(day: int) -> Any:
        run_id = linkcheck_run(db, source, day)
        summary = check_run_links(db, cfg, run_id)
        assert summary.history is not None
        return build_digest(db, run_id)

    d1 = night(1)
    assert d1.history and d1.totals["new_broken"] == 0
    assert {link.url for link in d1.links("pending")} == {server.url("/fixed-later", ext), shared}
    state["one_night"] = 500
    d2 = night(2)
    assert {link.url for link in d2.links("new_broken")} == {server.url("/fixed-later", ext), shared}
    assert [link.url for link in d2.links("pending")] == [server.url("/one-night", ext)]
    # the dead link of both centres is listed once, with both centres
    (shared_link,) = d2.shared
    assert shared_link.url == shared and [c["name"] for c in shared_link.centres] == ["ИБЦ a", "ИБЦ b"]
    assert all(c.name != "ИБЦ b" for c in d2.centres)  # nothing of its own
    state["fixed_later"] = 200
    state["one_night"] = 200
    d3 = night(4)
    assert [link.url for link in d3.links("fixed")] == [server.url("/fixed-later", ext)]
    assert d3.links("new_broken") == [] and d3.links("pending") == []
    (still,) = d3.links("still_broken")
    assert still.url == shared and still.days_broken == 3 and still.streak == 3
    assert d3.totals["recovered"] == 1  # the one bad night: nobody was told, nobody is told
    with db.session() as s:
        states = {st.url: st for st in s.scalars(select(LinkState))}
    assert states[server.url("/one-night", ext)].streak == 0
    assert not states[server.url("/one-night", ext)].alarmed
    assert states[shared].alarmed and states[shared].broken_since == dt.datetime(2026, 11, 1, 2, 30)
    assert states[server.url("/fixed-later", ext)].last_ok == dt.datetime(2026, 11, 4, 2, 30)
    assert d3.to_dict()["shared"][0]["centres"][0]["name"] == "ИБЦ a"
