"""The network policy: no connection to loopback, link-local or private addresses (issue 11, 3).

The worlds here serve an allowed "public" side on 127.0.0.2 (let through by
`allow_networks`, as an intranet deployment would) and a forbidden side on 127.0.0.1,
which stands for the monitoring host's own services: its request log must stay empty.
"""
from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from common.config import Config, ConfigError, LinkcheckConfig
from common.netpolicy import NetworkPolicy
from crawler.linkcheck import check_run_links
from crawler.linkcheck.check import check_urls
from crawler.linkcheck.verdict import EXCLUDED, OK
from crawler.run import run_crawl
from ibcmon.config import load_config
from ibcmon.sample import SampleServer
from ibcmon.sample.world import World
from store.db import Database, open_database
from store.models import CentreVisit, LinkCheck, Page

PUBLIC = "127.0.0.2"  # the regional site, allowed by allow_networks
SCHOOL = "127.0.0.3"  # a school's site, allowed too
ALLOWED = "127.0.0.2/31"
INNER = "127.0.0.1"  # the monitoring host itself: never to be connected to
METADATA = "http://169.254.169.254/latest/meta-data/"
PRIVATE = "http://10.23.45.67/admin/"
UA = "ibcmon-test/1.0 (+test)"


def guarded() -> NetworkPolicy:
    return NetworkPolicy.from_settings(False, [ALLOWED])


def world(port: int) -> World:
    w = World(port=port)
    inner = w.host(INNER, "inner")
    inner.page("/", "<html><body>redis, postgres</body></html>")
    inner.page("/lib/", "<html><head><title>Библиотека</title></head><body><h1>ИБЦ</h1></body></html>")
    public = w.host(PUBLIC, "public")
    public.page("/", '<html><body><nav><a href="/list/">Интернет-представительства ИБЦ</a></nav></body></html>')
    school = w.host(SCHOOL, "school")
    centres = [
        (w.url(SCHOOL, "/ok/"), "Школа № 1"),
        (w.url(INNER, "/lib/"), "Школа № 2"),
        (w.url(SCHOOL, "/go/"), "Школа № 3"),
        ("http://169.254.169.254/lib/", "Школа № 4"),
    ]
    items = "".join(f'<li><a href="{url}">{name}</a></li>' for url, name in centres)
    public.page("/list/", f"<html><body><main><h1>ИБЦ</h1><h2>Бикинский район</h2><ul>{items}</ul></main></body></html>")
    school.page("/ok/", "<html><head><title>Библиотека</title></head><body><h1>ИБЦ школы № 1</h1>"
                        f'<a href="{w.url(INNER, "/")}">Сервер</a> <a href="{METADATA}">Метаданные</a> '
                        f'<a href="{PRIVATE}">Админка</a> <a href="{w.url(SCHOOL, "/hop/")}">Переход</a> '
                        f'<a href="{w.url(SCHOOL, "/ok/about.html")}">О нас</a></body></html>')
    school.page("/ok/about.html", "<html><body><h1>О нас</h1></body></html>")
    school.redirect("/go/", w.url(INNER, "/lib/"), status=302)
    school.redirect("/hop/", w.url(INNER, "/"), status=302)
    return w


@pytest.fixture(scope="module")
def server() -> Iterator[SampleServer]:
    with SampleServer(world) as srv:
        yield srv


def fast() -> LinkcheckConfig:
    config = LinkcheckConfig()
    config.delay = 0.0
    config.confirm_delay = 0.0
    config.timeout = 3.0
    return config


def test_the_link_checker_never_connects_to_inner_addresses(server: SampleServer) -> None:
    server.reset_log()
    inner = server.world.url(INNER, "/")
    hop = server.world.url(SCHOOL, "/hop/")
    localhost = f"http://localhost:{server.port}/"
    started = time.monotonic()
    outcomes = check_urls([inner, hop, localhost, METADATA, PRIVATE], fast(), UA, policy=guarded())
    assert time.monotonic() - started < 5  # the metadata and private hosts were not even tried
    for url in (inner, hop, localhost, METADATA, PRIVATE):
        assert outcomes[url].verdict == EXCLUDED, (url, outcomes[url])
        assert "внутренней сети" in (outcomes[url].error or "")
    assert outcomes[hop].redirects == [[302, inner]]  # the hop itself is recorded
    assert server.requests_to(INNER) == []
    assert [r["path"] for r in server.requests_to(SCHOOL) if r["path"] != "/robots.txt"] == ["/hop/"]


def test_allow_private_turns_the_rule_off(server: SampleServer) -> None:
    server.reset_log()
    inner = server.world.url(INNER, "/")
    outcomes = check_urls([inner], fast(), UA, policy=NetworkPolicy(allow_private=True))
    assert outcomes[inner].verdict == OK
    assert server.requests_to(INNER)  # the same test fails if the policy blocks nothing


def test_a_name_is_connected_to_at_the_address_that_was_checked(server: SampleServer) -> None:
    """`localhost` let through by allow_networks: the request goes to the checked address."""
    server.reset_log()
    url = f"http://localhost:{server.port}/lib/"
    policy = NetworkPolicy.from_settings(False, ["127.0.0.1/32", "::1/128"])
    outcomes = check_urls([url], fast(), UA, policy=policy)
    assert outcomes[url].verdict == OK, outcomes[url]
    assert [r["path"] for r in server.requests_to(INNER) if r["path"] != "/robots.txt"] == ["/lib/"]


def test_a_refused_address_of_a_name_falls_back_to_the_next(
    server: SampleServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from common import netpolicy

    async def two_addresses(_host: str, _port: int) -> list[str]:
        return ["127.0.0.9", SCHOOL]  # nothing listens on the first

    monkeypatch.setattr(netpolicy, "resolve", two_addresses)
    server.reset_log()
    url = f"http://school.example:{server.port}/ok/about.html"
    outcomes = check_urls([url], fast(), UA, policy=NetworkPolicy.from_settings(False, ["127.0.0.0/8"]))
    assert outcomes[url].verdict == OK, outcomes[url]
    assert [r["path"] for r in server.requests_to(SCHOOL) if r["path"] != "/robots.txt"] == ["/ok/about.html"]


def test_every_address_of_a_name_must_be_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    from common import netpolicy

    async def mixed(_host: str, _port: int) -> list[str]:
        return ["93.184.216.34", "127.0.0.1"]  # a public address and this host

    monkeypatch.setattr(netpolicy, "resolve", mixed)
    url = "http://rebind.example/"
    outcomes = check_urls([url], fast(), UA, policy=NetworkPolicy(allow_private=False))
    assert outcomes[url].verdict == EXCLUDED


def test_only_http_and_https(server: SampleServer) -> None:
    outcomes = check_urls(["ftp://127.0.0.2/file.txt"], fast(), UA, policy=NetworkPolicy(allow_private=True))
    assert outcomes["ftp://127.0.0.2/file.txt"].verdict == EXCLUDED


@pytest.fixture(scope="module")
def crawled(server: SampleServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, int]]:
    config = Config()
    config.crawl.delay = 0.0
    config.crawl.timeout = 3.0
    config.crawl.retries = 0
    config.linkcheck.delay = 0.0
    config.linkcheck.confirm_delay = 0.0
    config.network.allow_private = False
    config.network.allow_networks = [ALLOWED]
    db = open_database(f"sqlite:///{tmp_path_factory.mktemp('guard') / 'guard.sqlite'}")
    server.reset_log()
    run_id = run_crawl(db.url, config, server.world.url(PUBLIC, "/"), "crawl")
    check_run_links(db, config, run_id)
    yield db, run_id
    db.dispose()


def test_the_crawl_never_connects_to_inner_addresses(server: SampleServer, crawled: tuple[Database, int]) -> None:
    db, run_id = crawled
    assert server.requests_to(INNER) == []  # neither the crawl nor the link check
    with db.session() as session:
        visits = {v.name: v for v in session.scalars(select(CentreVisit).where(CentreVisit.run_id == run_id))}
        assert visits["Школа № 1"].status == "ok"
        for name in ("Школа № 2", "Школа № 3", "Школа № 4"):  # directly, through a redirect, metadata
            assert visits[name].status == "not_auditable", (name, visits[name].reason)
            assert "внутренней сети" in (visits[name].reason or "")
        errors = [p.error for p in session.scalars(select(Page).where(Page.run_id == run_id)) if p.error]
        assert errors and all("внутренней сети" in e for e in errors)


def test_the_link_check_lists_inner_links_as_not_checked(crawled: tuple[Database, int]) -> None:
    db, run_id = crawled
    with db.session() as session:
        rows = {r.url: r for r in session.scalars(select(LinkCheck).where(LinkCheck.run_id == run_id))}
    inner = [r for url, r in rows.items() if INNER in url or "169.254" in url or "10.23" in url]
    assert len(inner) >= 3
    for row in inner:
        assert row.verdict == EXCLUDED, (row.url, row.verdict, row.error)
        assert "внутренней сети" in (row.error or "")
    assert all(r.verdict != "broken" for r in rows.values())


def test_network_settings_are_checked(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text('[network]\nallow_networks = ["10.0.0.0/33"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="network.allow_networks"):
        load_config(path)
    path.write_text('[network]\nallow_private = true\nallow_networks = ["10.0.0.0/8"]\n', encoding="utf-8")
    assert load_config(path).network.allow_private is True


def test_the_default_is_to_refuse(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("IBCMON_ALLOW_PRIVATE", raising=False)
    assert Config().network.allow_private is False
    assert NetworkPolicy.default().allow_private is False
