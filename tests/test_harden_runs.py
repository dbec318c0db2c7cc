"""Runs on a shared store (issue 11, 9 and 10): owners and heartbeats; explicit migrations."""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from common.config import Config
from common.owner import boot_id, host_name
from crawler.run import RunHeartbeat, mark_dead_runs, start_run
from ibcmon.cli import run as cli_run
from store.db import Database, StoreBehindError, open_database
from store.models import Run, utcnow

PY = sys.executable


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    url = f"sqlite:///{tmp_path / 'runs.sqlite'}" if request.param == "sqlite" else request.getfixturevalue("pg_url")
    database = open_database(url)
    yield database
    database.dispose()


def dead_pid() -> int:
    done = subprocess.run([PY, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True)
    return int(done.stdout)


def _set(db: Database, run_id: int, **values: object) -> None:
    with db.session() as session:
        run = session.get(Run, run_id)
        assert run is not None
        for key, value in values.items():
            setattr(run, key, value)


def _status(db: Database, run_id: int) -> str:
    with db.session() as session:
        run = session.get(Run, run_id)
        assert run is not None
        return run.status


# -- 9: owners and heartbeats --------------------------------------------------------------

def test_a_run_records_its_owner(store: Database) -> None:
    run_id = start_run(store, Config(), "http://rribc.test/")
    with store.session() as session:
        run = session.get(Run, run_id)
        assert run is not None
        assert run.host == host_name() and run.boot_id == (boot_id() or None) and run.heartbeat is not None


def test_a_run_of_another_host_with_a_fresh_heartbeat_is_not_marked(store: Database) -> None:
    run_id = start_run(store, Config(), "http://rribc.test/")
    # its pid does not exist here, which means nothing: it runs on another machine
    _set(store, run_id, host="crawler-2.example", boot_id="another-boot", pid=dead_pid(),
         heartbeat=utcnow() - dt.timedelta(seconds=20))
    assert mark_dead_runs(store) == []
    assert _status(store, run_id) == "running"


def test_a_run_of_another_host_whose_heartbeat_stopped_is_marked(store: Database) -> None:
    run_id = start_run(store, Config(), "http://rribc.test/")
    _set(store, run_id, host="crawler-2.example", boot_id="another-boot", pid=1,
         heartbeat=utcnow() - dt.timedelta(minutes=10))
    assert mark_dead_runs(store) == [run_id]
    assert _status(store, run_id) == "incomplete"


def test_on_its_own_host_a_run_is_judged_by_its_pid(store: Database) -> None:
    gone = start_run(store, Config(), "http://rribc.test/")
    _set(store, gone, pid=dead_pid(), heartbeat=utcnow())  # a fresh heartbeat, but the process is gone
    rebooted = start_run(store, Config(), "http://rribc.test/")
    _set(store, rebooted, boot_id="a-boot-before-the-last-reboot", heartbeat=utcnow())
    alive = start_run(store, Config(), "http://rribc.test/")  # this very process; marks the dead on its way
    assert mark_dead_runs(store) == []
    assert _status(store, gone) == "incomplete"
    assert _status(store, rebooted) == ("incomplete" if boot_id() else "running")
    assert _status(store, alive) == "running"


def test_the_heartbeat_is_refreshed(store: Database) -> None:
    run_id = start_run(store, Config(), "http://rribc.test/")
    old = utcnow() - dt.timedelta(hours=1)
    _set(store, run_id, heartbeat=old, host="somewhere-else")
    with RunHeartbeat(store, run_id, every=0.05):
        import time

        time.sleep(0.3)
    with store.session() as session:
        run = session.get(Run, run_id)
        assert run is not None and run.heartbeat is not None and run.heartbeat > old
        assert run.host == host_name()  # the beating process took the run over


# -- 10: explicit migrations ---------------------------------------------------------------

def test_a_store_that_is_behind_says_so_in_one_line(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    old = open_database(url, migrate=False)
    old.upgrade("0001")  # as an earlier version of ibcmon left it
    old.dispose()
    with pytest.raises(StoreBehindError):
        open_database(url)
    assert cli_run(["runs", "--db", url]) == 3
    err = capfd.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "ibcmon db upgrade" in err[0]
    assert cli_run(["db", "upgrade", "--db", url]) == 0
    assert cli_run(["runs", "--db", url]) == 0


def test_opening_never_migrates_a_store_that_is_behind(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    old = open_database(url, migrate=False)
    old.upgrade("0001")
    with pytest.raises(StoreBehindError):
        open_database(url)
    with old.engine.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0001"
    old.dispose()


def test_a_fresh_sqlite_file_is_created_on_first_use(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'fresh.sqlite'}")
    assert db.is_current()
    db.dispose()


def test_two_upgrades_at_once_on_postgres_both_succeed(pg_url: str) -> None:
    procs = [subprocess.Popen([PY, "-m", "ibcmon", "--db", pg_url, "db", "upgrade"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(4)]
    results = [(p.wait(120), *p.communicate()) for p in procs]
    for code, out, err in results:
        assert code == 0, err
        assert "актуальном состоянии" in out
    db = open_database(pg_url, migrate=False)
    try:
        assert db.is_current()
        with db.engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1
    finally:
        db.dispose()


def test_a_zombie_is_not_a_live_owner() -> None:
    """A child that ended but was not waited for (an orphaned crawl child in a container
    whose first process never reaps) no longer holds its run: signal 0 alone still found it."""
    import time

    from common.owner import pid_alive

    child = subprocess.Popen([sys.executable, "-c", "pass"])
    try:
        deadline = time.monotonic() + 30
        while Path(f"/proc/{child.pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z":
            assert time.monotonic() < deadline
            time.sleep(0.05)
        assert not pid_alive(child.pid)
    finally:
        child.wait()
    assert pid_alive(os.getpid())
