"""A small hand-made world for the cases the bundled one does not hold.

A redirect that lands on another listed centre (merged), a timeout, a home page whose
library link is dead, windows-1251 without any charset and under a wrong header
charset, an empty page, a 403, a library link served as a PDF.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from common.config import Config
from crawler.run import run_crawl
from ibcmon.sample import SampleServer
from ibcmon.sample.world import HEAD_REFUSED, SLOW, Resource, World
from store.db import Database, open_database
from store.models import CentreVisit, Page, Run

pytestmark = pytest.mark.slow

CP1251_SHORT = ("<html><head><title>Библиотека</title></head><body><h1>Библиотека</h1>"
                "<p>Режим работы: вторник — суббота.</p></body></html>").encode("cp1251")
CP1251_META = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'
               "<title>ИБЦ</title></head><body><h1>ИБЦ</h1><p>Новые поступления фонда.</p></body></html>"
               ).encode("cp1251")


def small_world(port: int) -> World:
    w = World(port=port)
    regional = w.host("127.0.0.1", "regional")
    regional.page("/", '<html><body><nav><a href="/list/">Интернет-представительства ИБЦ</a></nav></body></html>')
    entries = [
        ("127.0.0.40", "/old", "Школа А (старый адрес)"),
        ("127.0.0.40", "/biblioteka/", "Школа А"),
        ("127.0.0.41", "/biblioteka/", "Школа медленная"),
        ("127.0.0.42", "/", "Школа с главной страницей"),
        ("127.0.0.43", "/ibc.html", "Школа uCoz"),
        ("127.0.0.44", "/ibc/", "Школа с неверной кодировкой"),
        ("127.0.0.45", "/ibc/", "Школа с пустой страницей"),
        ("127.0.0.46", "/ibc/", "Школа закрытая"),
    ]
    items = "".join(f'<li><a href="{w.url(ip, path)}">{name}</a></li>' for ip, path, name in entries)
    regional.page("/list/", f"<html><body><main><h1>ИБЦ</h1><h2>Бикинский район</h2><ul>{items}</ul></main></body></html>")
    a = w.host("127.0.0.40", "a")
    a.redirect("/old", w.url("127.0.0.40", "/biblioteka/"))
    a.page("/biblioteka/", "<html><head><title>Библиотека</title></head><body><h1>Библиотека</h1>"
                           '<a href="/biblioteka/plan.pdf">План</a> <a href="/biblioteka/big.html">Фото</a> '
                           '<a href="/biblioteka/huge.html">Архив</a></body></html>')
    a.add("/biblioteka/plan.pdf", Resource(body=b"%PDF-1.4 plan", content_type="application/pdf",
                                           behaviour=HEAD_REFUSED))
    a.page("/biblioteka/big.html", "<html><head><title>Фото</title></head><body>" + "<p>фото</p>" * 20_000)
    a.page("/biblioteka/huge.html", "<html><body>" + "<p>архив</p>" * 80_000)
    slow = w.host("127.0.0.41", "slow")
    slow.add("/biblioteka/", Resource(body=b"<html><body>late</body></html>", behaviour=SLOW, delay=1.5))
    home = w.host("127.0.0.42", "home")
    home.page("/", '<html><head><title>МБОУ СОШ № 9</title></head><body><h1>Добро пожаловать</h1>'
                   '<nav><a href="/lib/">Библиотека</a></nav></body></html>')
    w.host("127.0.0.43", "ucoz").add("/ibc.html", Resource(body=CP1251_SHORT, content_type="text/html"))
    w.host("127.0.0.44", "wrong").add("/ibc/", Resource(body=CP1251_META, content_type="text/html; charset=utf-8"))
    w.host("127.0.0.45", "empty").add("/ibc/", Resource(body=b"", content_type="text/html"))
    w.host("127.0.0.46", "closed").add("/ibc/", Resource(status=403, body=b"Forbidden", content_type="text/plain"))
    return w


REQUESTS: list[dict[str, object]] = []


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, int]]:
    config = Config()
    config.crawl.delay = 0.0
    config.crawl.timeout = 1.0
    config.crawl.retries = 0
    config.crawl.max_response_bytes = 100_000  # big.html (~220 KB) is cut, huge.html (~880 KB) refused
    db = open_database(f"sqlite:///{tmp_path_factory.mktemp('small') / 'small.sqlite'}")
    with SampleServer(small_world) as server:
        run_id = run_crawl(db.url, config, server.root_url, "crawl")
        REQUESTS[:] = server.requests
    yield db, run_id
    db.dispose()


def visits(crawled: tuple[Database, int]) -> dict[str, CentreVisit]:
    db, run_id = crawled
    with db.session() as session:
        return {v.name: v for v in session.scalars(select(CentreVisit).where(CentreVisit.run_id == run_id))}


def pages(crawled: tuple[Database, int], visit: CentreVisit) -> list[Page]:
    db, run_id = crawled
    with db.session() as session:
        return list(session.scalars(select(Page).where(Page.run_id == run_id, Page.centre_id == visit.centre_id)))


def test_run_complete(crawled: tuple[Database, int]) -> None:
    db, run_id = crawled
    with db.session() as session:
        run = session.get(Run, run_id)
        assert run is not None and run.status == "complete"
        assert len(visits(crawled)) == 7


def test_a_redirect_to_another_listed_centre_is_merged(crawled: tuple[Database, int]) -> None:
    found = visits(crawled)
    assert "Школа А (старый адрес)" not in found
    kept = found["Школа А"]
    assert kept.status == "ok" and kept.aliases and kept.aliases[0].endswith("/old")
    db, run_id = crawled
    with db.session() as session:
        run = session.get(Run, run_id)
        assert run is not None
        merged = run.discovery["duplicates_merged"]
    assert [m["merged"].rsplit("/", 1)[-1] for m in merged] == ["old"]
    assert "переадресация" in merged[0]["reason"]


def test_byte_caps(crawled: tuple[Database, int]) -> None:
    by_url = {p.url.rsplit("/", 1)[-1]: p for p in pages(crawled, visits(crawled)["Школа А"])}
    big, huge = by_url["big.html"], by_url["huge.html"]
    assert big.truncated and big.http_status == 200 and 100_000 < big.size < 200_000 and big.title == "Фото"
    assert huge.http_status is None and huge.error and "DownloadCancelledError" in huge.error


def test_document_refusing_head_is_asked_with_get(crawled: tuple[Database, int]) -> None:
    by_url = {p.url.rsplit("/", 1)[-1]: p for p in pages(crawled, visits(crawled)["Школа А"])}
    plan = by_url["plan.pdf"]
    assert plan.is_document and plan.http_status == 200 and plan.content_type == "application/pdf"
    asked = [(r["method"], r["status"]) for r in REQUESTS if str(r["path"]).endswith("/plan.pdf")]
    assert asked == [("HEAD", 405), ("GET", 200)]


def test_timeout_is_unreachable(crawled: tuple[Database, int]) -> None:
    visit = visits(crawled)["Школа медленная"]
    assert visit.status == "unreachable" and "тайм-аут" in (visit.reason or "")
    assert pages(crawled, visit)[0].error


def test_dead_library_link_on_a_home_page(crawled: tuple[Database, int]) -> None:
    visit = visits(crawled)["Школа с главной страницей"]
    assert visit.status == "not_found"
    assert visit.home_url and "127.0.0.42" in visit.home_url and visit.home_url.endswith("/")
    assert visit.final_url and visit.final_url.endswith("/lib/")


@pytest.mark.parametrize(("name", "phrase"), [("Школа uCoz", "Режим работы: вторник — суббота."),
                                              ("Школа с неверной кодировкой", "Новые поступления фонда.")])
def test_windows_1251_decoded(crawled: tuple[Database, int], name: str, phrase: str) -> None:
    visit = visits(crawled)[name]
    assert visit.status == "ok"
    page = pages(crawled, visit)[0]
    assert page.encoding == "cp1251" and phrase in (page.main_text or "")


def test_empty_page_and_403(crawled: tuple[Database, int]) -> None:
    found = visits(crawled)
    assert found["Школа с пустой страницей"].status == "ok"
    assert found["Школа закрытая"].status == "error" and "403" in (found["Школа закрытая"].reason or "")


def test_registry_urls_config(tmp_path: Path) -> None:
    """`discovery.registry_urls` replaces the heuristics: the root page need not link the list."""
    config = Config()
    config.crawl.delay = 0.0
    config.crawl.timeout = 1.0
    config.crawl.retries = 0

    def world(port: int) -> World:
        w = small_world(port)
        w.hosts["127.0.0.1"].page("/", "<html><body><p>Нет ссылок на список.</p></body></html>")
        return w

    db = open_database(f"sqlite:///{tmp_path / 'reg.sqlite'}")
    with SampleServer(world) as server:
        config.discovery.registry_urls = [server.root_url + "list/"]
        run_id = run_crawl(db.url, config, server.root_url, "crawl")
    with db.session() as session:
        run = session.get(Run, run_id)
        assert run is not None and run.discovery["mode"] == "registry_urls"
        assert run.discovery["centres_found"] == 8  # the redirect merge happens later, in the crawl
    db.dispose()


@pytest.mark.postgres
def test_crawl_into_postgres(pg_url: str) -> None:
    """The child process writes to PostgreSQL as it does to SQLite."""
    config = Config()
    config.crawl.delay = 0.0
    config.crawl.timeout = 1.0
    config.crawl.retries = 0
    db = open_database(pg_url)
    with SampleServer(small_world) as server:
        run_id = run_crawl(pg_url, config, server.root_url, "crawl")
    with db.session() as session:
        run = session.get(Run, run_id)
        assert run is not None and run.status == "complete"
        statuses = sorted(v.status for v in session.scalars(select(CentreVisit).where(CentreVisit.run_id == run_id)))
        assert statuses == ["error", "not_found", "ok", "ok", "ok", "ok", "unreachable"]
        cp = session.scalars(select(Page).where(Page.encoding == "cp1251")).all()
        assert any("Режим работы" in (p.main_text or "") for p in cp)
    db.dispose()
