"""`[crawl] max_centre_time`: a slow centre keeps what was fetched and says why it stopped;
the other centres are crawled in full."""
from __future__ import annotations

import time
from pathlib import Path

import pytest
from sqlalchemy import select

from common.config import Config
from crawler.run import run_crawl
from ibcmon.sample import SampleServer
from ibcmon.sample.world import SLOW, Resource, World
from store.db import open_database
from store.models import CentreVisit, Page

pytestmark = pytest.mark.slow

SLOW_IP, FAST_IP = "127.0.0.61", "127.0.0.62"


def world(port: int) -> World:
    w = World(port=port)
    regional = w.host("127.0.0.1", "regional")
    regional.page("/", '<html><body><nav><a href="/list/">Интернет-представительства ИБЦ</a></nav></body></html>')
    items = "".join(f'<li><a href="{w.url(ip, "/biblioteka/")}">{name}</a></li>'
                    for ip, name in ((SLOW_IP, "Школа медленная"), (FAST_IP, "Школа быстрая")))
    regional.page("/list/", f"<html><body><main><h1>ИБЦ</h1><h2>Бикинский район</h2><ul>{items}</ul></main></body></html>")
    for ip in (SLOW_IP, FAST_IP):
        host = w.host(ip, ip)
        links = "".join(f'<a href="/biblioteka/r{i}/">Раздел {i}</a> ' for i in range(8))
        host.page("/biblioteka/", f"<html><head><title>Библиотека</title></head><body><h1>Библиотека</h1>{links}</body></html>")
        for i in range(8):
            page = f"<html><head><title>Раздел {i}</title></head><body><p>Раздел {i}</p></body></html>"
            kw = {"behaviour": SLOW, "delay": 0.8} if ip == SLOW_IP else {}
            host.add(f"/biblioteka/r{i}/", Resource(body=page.encode(), **kw))
    return w


def test_a_slow_centre_stops_at_its_time_budget(tmp_path: Path) -> None:
    config = Config()
    config.crawl.delay = 0.0
    config.crawl.concurrency_per_host = 1
    config.crawl.max_centre_time = 2.0
    db = open_database(f"sqlite:///{tmp_path / 'c.sqlite'}")
    with SampleServer(world) as server:
        started = time.monotonic()
        run_id = run_crawl(db.url, config, server.root_url, "crawl")
        elapsed = time.monotonic() - started
        asked = [r for r in server.requests if r["host"].startswith(SLOW_IP) and "/r" in str(r["path"])]
    with db.session() as session:
        visits = {v.name: v for v in session.scalars(select(CentreVisit).where(CentreVisit.run_id == run_id))}
        pages = {v.name: session.scalars(select(Page).where(Page.run_id == run_id,
                                                            Page.centre_id == v.centre_id)).all()
                 for v in visits.values()}
    db.dispose()
    slow, fast = visits["Школа медленная"], visits["Школа быстрая"]
    assert fast.status == "ok" and len(pages["Школа быстрая"]) == 9 and not fast.reason
    assert slow.status == "ok" and "время на обход сайта (2\u00a0с) вышло" in (slow.reason or "")
    kept = [p for p in pages["Школа медленная"] if p.http_status == 200]
    assert 2 <= len(kept) <= 5  # the library page and the sections fetched in time
    assert len(pages["Школа медленная"]) == len(kept)  # nothing stored for the dropped requests
    assert len(asked) <= 4  # the rest was never requested
    assert elapsed < 20
