"""The database password stays out of command lines, logs and the store (issue 11, 2)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from common.config import Config
from crawler.run import run_crawl
from ibcmon.sample import SampleServer
from ibcmon.sample.world import World
from store.db import DatabaseError, mask_url, open_database
from store.models import Run

SECRET = "s3cret-Pa55"


def tiny_world(port: int) -> World:
    w = World(port=port)
    regional = w.host("127.0.0.1", "regional")
    regional.page("/", '<html><body><nav><a href="/list/">Интернет-представительства ИБЦ</a></nav></body></html>')
    regional.page("/list/", "<html><body><main><h1>ИБЦ</h1><h2>Бикинский район</h2><ul>"
                            f'<li><a href="{w.url("127.0.0.60", "/lib/")}">Школа № 1</a></li></ul></main></body></html>')
    w.host("127.0.0.60", "lib").page("/lib/", "<html><head><title>Библиотека</title></head><body><h1>ИБЦ</h1>"
                                              "<p>Режим работы: понедельник — пятница.</p></body></html>")
    return w


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == pid:
            found.append(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="needs /proc")
def test_the_crawl_child_gets_no_password_on_its_command_line(pg_url: str) -> None:
    url = pg_url.replace("postgres@", f"postgres:{SECRET}@", 1)  # trust auth: any password is accepted
    assert SECRET in url
    config = Config()
    config.crawl.delay = 0.0
    config.network.allow_private = True
    seen: list[str] = []

    def progress(_line: str) -> None:
        for pid in _children(os.getpid()):
            try:
                cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            if "crawler" in cmdline:
                seen.append(cmdline)

    with SampleServer(tiny_world) as server:
        run_id = run_crawl(url, config, server.root_url, "crawl", progress)
    assert seen, "the crawl child was never seen running"
    assert all(SECRET not in line for line in seen), seen[0]
    db = open_database(url)
    try:
        with db.session() as session:
            run = session.get(Run, run_id)
            assert run is not None and run.status == "complete"
            assert SECRET not in repr(run.settings) and SECRET not in repr(run.discovery)
        assert SECRET not in repr(db) and SECRET not in db.shown_url
    finally:
        db.dispose()


def test_mask_url_hides_the_password() -> None:
    assert mask_url(f"postgresql+psycopg://ibc:{SECRET}@db.local:5432/ibc") == \
        "postgresql+psycopg://ibc:***@db.local:5432/ibc"
    assert mask_url("sqlite:////var/lib/ibcmon/ibcmon.sqlite") == "sqlite:////var/lib/ibcmon/ibcmon.sqlite"
    assert SECRET not in mask_url(f"weird url://ibc:{SECRET}@host/x")


def test_a_bad_url_error_does_not_show_the_password() -> None:
    with pytest.raises(DatabaseError) as caught:
        open_database(f"nosuchdriver://ibc:{SECRET}@host/x")
    assert SECRET not in str(caught.value)
