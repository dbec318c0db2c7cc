"""A crawl stopped half way (SIGTERM to the child, or to the `ibcmon crawl` parent)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from common.config import Config
from crawler.run import run_crawl
from ibcmon.sample import SampleServer
from store.db import Database, open_database
from store.models import Centre, CentreVisit, Page, Run

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server() -> Iterator[SampleServer]:
    with SampleServer() as srv:
        yield srv


def slow_config() -> Config:
    config = Config()
    config.crawl.delay = 0.25  # slow enough to be stopped half way
    config.crawl.timeout = 5.0
    return config


def assert_consistent(db: Database, run_id: int) -> None:
    with db.session() as session:
        pages = list(session.scalars(select(Page).where(Page.run_id == run_id)))
        centre_ids = set(session.scalars(select(Centre.id)))
        assert all(p.centre_id in centre_ids for p in pages)
        for visit in session.scalars(select(CentreVisit).where(CentreVisit.run_id == run_id)):
            stored = sum(1 for p in pages if p.centre_id == visit.centre_id)
            assert visit.status in ("ok", "unreachable", "error", "not_found", "blocked_by_robots", "not_auditable")
            assert stored == visit.pages, visit.name  # a visit is written with (or after) its pages
        run = session.get(Run, run_id)
        assert run is not None and run.stats.get("pages", 0) == len(pages)


def test_sigterm_to_the_child_leaves_the_run_incomplete(server: SampleServer, tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'kill.sqlite'}")
    killed: list[int] = []

    def progress(line: str) -> None:
        if line.startswith("[1/") and not killed:
            with db.session() as session:
                pid = session.scalars(select(Run.pid).order_by(Run.id.desc())).first()
            assert pid is not None and pid != os.getpid()
            os.kill(pid, signal.SIGTERM)
            killed.append(pid)

    started = time.monotonic()
    run_id = run_crawl(db.url, slow_config(), server.root_url, "crawl", progress)
    assert killed and time.monotonic() - started < 30
    with db.session() as session:
        run = session.get(Run, run_id)
        assert run is not None and run.status == "incomplete" and run.finished_at is not None
        assert run.stats["close_reason"] == "shutdown"
        visits = session.scalar(select(func.count(CentreVisit.id)).where(CentreVisit.run_id == run_id))
        assert 1 <= (visits or 0) < 25
    assert_consistent(db, run_id)
    # the next run works on the same store
    config = Config()
    config.crawl.delay = 0.0
    next_id = run_crawl(db.url, config, server.root_url, "crawl")
    with db.session() as session:
        run = session.get(Run, next_id)
        assert run is not None and run.status == "complete"
        assert session.scalar(select(func.count(CentreVisit.id)).where(CentreVisit.run_id == next_id)) == 25
    assert_consistent(db, next_id)
    db.dispose()


def test_sigkill_to_the_child_is_settled_by_the_parent(server: SampleServer, tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'kill9.sqlite'}")
    killed: list[int] = []

    def progress(line: str) -> None:
        if line.startswith("Найдено ИБЦ") and not killed:
            with db.session() as session:
                pid = session.scalars(select(Run.pid).order_by(Run.id.desc())).first()
            assert pid is not None
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)

    run_id = run_crawl(db.url, slow_config(), server.root_url, "crawl", progress)
    with db.session() as session:
        run = session.get(Run, run_id)
        assert run is not None and run.status == "incomplete" and run.error
    assert_consistent(db, run_id)
    db.dispose()


def test_sigterm_to_the_cli_is_forwarded(server: SampleServer, tmp_path: Path) -> None:
    config_file = tmp_path / "slow.toml"
    config_file.write_text("[crawl]\ndelay = 0.25\ntimeout = 5.0\n", encoding="utf-8")
    db_url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    proc = subprocess.Popen(
        [sys.executable, "-m", "ibcmon", "crawl", server.root_url, "--db", db_url, "--config", str(config_file)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
    )
    assert proc.stderr is not None
    for line in proc.stderr:
        if "[1/" in line:
            proc.send_signal(signal.SIGTERM)
            break
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "прерван" in out or "прерван" in err
    db = open_database(db_url)
    with db.session() as session:
        run = session.scalars(select(Run)).one()
        assert run.status == "incomplete"
        assert run.pid is not None
    # the child is gone too: nothing left running
    with pytest.raises(ProcessLookupError):
        os.kill(run.pid, 0)
    db.dispose()
