"""Politeness per platform: the sites of one platform share one concurrency and delay.

A generated world whose centres are all sites of Госвеб (`g0001.gosweb.gosuslugi.ru`, …,
each served on its own loopback address, the names resolved by a test resolver hook,
`resolver_hook/loopback_names.py`) is crawled (Scrapy, in a child process) and link-checked; the
server's request log shows that the platform as a whole never had more than the
configured concurrency in flight, in the crawl and in the link check.
"""
from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from resolver_hook import loopback_names
from test_linkcheck_engine import MiniServer, fast_config, ok
from test_linkcheck_history import linkcheck_run

from common.config import Config, ConfigError, config_from_dict
from crawler.linkcheck import check_run_links
from crawler.linkcheck.check import LinkChecker
from crawler.platforms import shared_domain
from crawler.run import run_crawl
from ibcmon.sample import SampleServer, build_world
from ibcmon.sample.server import max_in_flight
from store.db import open_database

pytestmark = pytest.mark.slow

PLATFORM = "gosweb.gosuslugi.ru"
CENTRES = 30  # enough for a per-host limit to let ~16 requests overlap
PER_HOST = 2
ANSWER_SECONDS = 0.05  # every centre's answer takes this long, so that requests overlap


class SlowCentres(SampleServer):
    """The sample server, each answer of a platform's site delayed a little."""

    async def _respond(self, request: Any, ip: str, res: Any, path_qs: str) -> Any:
        if ip in self.world.names:
            await asyncio.sleep(ANSWER_SECONDS)
        return await super()._respond(request, ip, res, path_qs)


def platform_config() -> Config:
    cfg = Config()
    cfg.network.allow_private = True
    cfg.crawl.delay = 0.001
    cfg.crawl.concurrency_per_host = PER_HOST
    cfg.crawl.max_pages = 6
    cfg.linkcheck.delay = 0.0
    cfg.linkcheck.concurrency_per_host = PER_HOST
    cfg.linkcheck.confirm_delay = 0.2
    return cfg


@pytest.fixture(scope="module")
def world() -> Iterator[SlowCentres]:
    with SlowCentres(lambda port: build_world(port, size=CENTRES, pages_per_centre=5, platform=PLATFORM)) as srv:
        names = srv.world.host_names()
        assert len(names) == CENTRES and all(n.endswith("." + PLATFORM) for n in names)
        loopback_names.install(names)  # this process: the link check
        saved = {k: os.environ.get(k) for k in (loopback_names.ENV, "PYTHONPATH")}
        hook = str(Path(loopback_names.__file__).parent)  # the crawl's child: sitecustomize
        os.environ[loopback_names.ENV] = json.dumps(names)
        os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (hook, saved["PYTHONPATH"]) if p)
        try:
            yield srv
        finally:
            loopback_names.uninstall()
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value


@pytest.fixture(scope="module")
def crawled(world: SlowCentres, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, int, list[str], list[dict[str, Any]]]:
    db_url = f"sqlite:///{tmp_path_factory.mktemp('platform') / 'p.sqlite'}"
    world.reset_log()
    lines: list[str] = []
    run_id = run_crawl(db_url, platform_config(), world.root_url, "crawl", progress=lines.append)
    return db_url, run_id, lines, list(world.requests)


def platform_requests(world: SampleServer, log: list[dict[str, Any]]) -> list[dict[str, Any]]:
    ips = set(world.world.names)
    return [e for e in log if e["host"].split(":")[0] in ips]


def test_the_crawl_never_sends_a_platform_more_than_its_concurrency(
    world: SlowCentres, crawled: tuple[str, int, list[str], list[dict[str, Any]]]
) -> None:
    db_url, run_id, lines, log = crawled
    on_platform = platform_requests(world, log)
    hosts = {e["host"] for e in on_platform}
    listening = {ip for ip in world.world.names if world.world.hosts[ip].listening}
    assert {h.split(":")[0] for h in hosts} == listening  # every site was crawled, by its name
    assert len(on_platform) > 5 * CENTRES
    assert max_in_flight(on_platform) == PER_HOST  # 30 sites × 2 before: one platform now
    assert any(f"ждём {PLATFORM}: в очереди" in line for line in lines), lines[-5:]
    db = open_database(db_url)
    try:
        from sqlalchemy import select

        from store.models import CentreVisit

        with db.session() as session:
            statuses = [v.status for v in session.scalars(select(CentreVisit).where(CentreVisit.run_id == run_id))]
        assert statuses.count("ok") >= CENTRES - 3  # the world's few unreachable/error centres aside
    finally:
        db.dispose()


def test_the_link_check_never_sends_a_platform_more_than_its_concurrency(
    world: SlowCentres, crawled: tuple[str, int, list[str], list[dict[str, Any]]]
) -> None:
    db_url, crawl_id, _lines, _log = crawled
    db = open_database(db_url)
    try:
        lc_id = linkcheck_run(db, crawl_id, 20)
        world.reset_log()
        progress: list[str] = []
        cfg = platform_config()
        summary = check_run_links(db, cfg, lc_id, progress=progress.append)
    finally:
        db.dispose()
    on_platform = platform_requests(world, world.requests)
    assert len({e["host"] for e in on_platform}) >= CENTRES - 3
    assert summary.checked > 3 * CENTRES and summary.cut == 0
    assert max_in_flight(on_platform) == PER_HOST
    assert max_in_flight(world.requests) > PER_HOST  # the other hosts were not held to it


def test_hosts_on_one_address_share_one_budget(server: MiniServer) -> None:
    """Two names that resolve to the same address are one platform for the link check."""
    async def slow(request: Any, hit: int) -> Any:
        await asyncio.sleep(0.1)
        return ok(request, hit)

    for i in range(12):
        server.routes[f"/p{i}"] = slow
    port = server.port
    loopback_names.install({"one.example.test": "127.0.0.1", "two.example.test": "127.0.0.1"})
    try:
        urls = [f"http://{name}:{port}/p{i}" for name in ("one.example.test", "two.example.test") for i in range(6)]
        checker = LinkChecker(fast_config(concurrency_per_host=2), "ibcmon-test")
        results = checker.run(urls)
    finally:
        loopback_names.uninstall()
    assert all(o.verdict == "ok" for o in results.values()), results
    assert max_in_flight([e for e in server.log if e["path"] != "/robots.txt"]) == 2


@pytest.mark.parametrize(("host", "expected"), [
    ("g0001.gosweb.gosuslugi.ru", PLATFORM),
    ("GOSWEB.gosuslugi.ru.", PLATFORM),
    ("school5.ucoz.ru", "ucoz.ru"),
    ("gosuslugi.ru", None),
    ("notucoz.ru", None),
])
def test_shared_domain(host: str, expected: str | None) -> None:
    assert shared_domain(host, Config().politeness.shared_domains) == expected


def test_shared_domains_are_checked() -> None:
    assert config_from_dict({"politeness": {"shared_domains": ["tilda.ws"]}}).politeness.shared_domains == ["tilda.ws"]
    for bad in ("*.ucoz.ru", "https://ucoz.ru/", "ucoz", ""):
        with pytest.raises(ConfigError, match="politeness.shared_domains"):
            config_from_dict({"politeness": {"shared_domains": [bad]}})


