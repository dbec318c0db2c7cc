"""One source of configuration per run (issue 11, point 7).

The settings an audit starts with are stored on its run (`Run.settings`) and every stage
reads them from there: the crawl child, the link check, the grading. The config file is
not read again (an in-memory change used to be lost by the crawl, which reloaded the
file). A key nobody knows is an error naming it, in a file and in a run's stored copy.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from common.config import Config, ConfigError, config_from_dict, run_settings
from crawler.run import run_config
from ibcmon.cli import run as cli_run
from ibcmon.config import load_config
from ibcmon.pipeline import run_audit
from ibcmon.sample import SampleServer
from ibcmon.sample.world import World
from store.db import Database
from store.models import LinkCheck, Page, Run

pytestmark = pytest.mark.slow


def tiny_world(port: int) -> World:
    w = World(port=port)
    regional = w.host("127.0.0.1", "regional")
    regional.page("/", '<html><body><nav><a href="/list/">Интернет-представительства ИБЦ</a></nav></body></html>')
    regional.page("/list/", '<html><body><main><h1>ИБЦ</h1><h2>Бикинский район</h2><ul>'
                            f'<li><a href="{w.url("127.0.0.50", "/ibc/")}">Школа № 1</a></li></ul></main></body></html>')
    centre = w.host("127.0.0.50", "centre")
    links = "".join(f'<a href="/ibc/p{i}.html">Страница {i}</a> ' for i in range(6))
    centre.page("/ibc/", f"<html><head><title>ИБЦ</title></head><body><h1>ИБЦ</h1>{links}"
                         '<a href="/skipme/x.html">Пропустить</a></body></html>')
    for i in range(6):
        centre.page(f"/ibc/p{i}.html", f"<html><body><h1>Страница {i}</h1></body></html>")
    centre.page("/skipme/x.html", "<html><body>x</body></html>")
    return w


def test_an_audit_runs_on_the_settings_in_memory_and_keeps_them_on_the_run(
        tmp_path: Path, db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    file = tmp_path / "ibcmon.toml"
    file.write_text("[crawl]\nmax_pages = 40\ndelay = 0.0\n", encoding="utf-8")
    monkeypatch.setenv("IBCMON_CONFIG", str(file))
    config = load_config(file)
    config.crawl.max_pages = 3  # changed in memory only: the file says 40
    config.linkcheck.delay = 0.0
    config.linkcheck.exclude = [r"/skipme/"]
    config.network.allow_private = True
    with SampleServer(tiny_world) as server:
        outcome = run_audit(db, config, root_url=server.root_url, as_of=dt.date(2026, 11, 20),
                            out_dir=tmp_path / "report", progress=lambda _line: None)
    with db.session() as session:
        run = session.get(Run, outcome.run_id)
        assert run is not None
        pages = session.scalar(select(func.count(Page.id)).where(Page.run_id == run.id))
        skipped = session.scalars(select(LinkCheck).where(LinkCheck.url.contains("/skipme/"))).all()
        settings = dict(run.settings)
    assert settings["crawl"]["max_pages"] == 3 and settings["config_file"] == str(file)
    assert settings["linkcheck"]["exclude"] == [r"/skipme/"]
    assert settings["general"]["db"] == ""  # the URL (a password, maybe) is not kept
    assert pages is not None and 1 <= pages <= 3  # the crawl child used the run's settings
    assert skipped and {c.verdict for c in skipped} == {"excluded"}  # so did the link check
    assert run_config(db, outcome.run_id).crawl.max_pages == 3


def test_a_runs_stored_settings_round_trip_and_unknown_keys_are_named() -> None:
    config = Config()
    config.crawl.max_pages = 7
    config.general.db = "postgresql+psycopg://u:secret@db/x"
    data = run_settings(config)
    assert "secret" not in repr(data)
    assert config_from_dict(data).crawl.max_pages == 7
    data["crawl"]["max_pagez"] = 3
    with pytest.raises(ConfigError, match=r"crawl\.max_pagez"):
        config_from_dict(data)
    with pytest.raises(ConfigError, match=r"\[crawling\]"):
        config_from_dict({"crawling": {}})
    with pytest.raises(ConfigError, match=r"crawl\.max_pages"):
        config_from_dict({"crawl": {"max_pages": "many"}})


def test_an_unknown_key_in_the_file_is_exit_3_naming_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = tmp_path / "bad.toml"
    file.write_text("[linkcheck]\nconcurency_total = 4\n", encoding="utf-8")
    assert cli_run(["--config", str(file), "--db", f"sqlite:///{tmp_path / 'x.sqlite'}", "runs"]) == 3
    assert "linkcheck.concurency_total" in capsys.readouterr().err
