"""Kills and signals against `ibcmon audit` (issue 16, point 6): a run is complete only when
all its work is done.

`ibcmon audit` runs as a real process (`python -m ibcmon`) on a small world served on
loopback: a regional list of centres on 127.0.0.2, the centres on 127.0.0.3 (crawled
slowly, so that the crawl can be caught half way), and on 127.0.0.4 external pages that
answer slowly: only the link check asks for them, so a request there means the audit is
in its link check. It is killed (`kill -9`) or stopped (SIGTERM) there; the store, the
next command and the process table must tell the truth.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from ibcmon.sample import SampleServer
from ibcmon.sample.world import SLOW, World
from store.db import Database, open_database
from store.models import Run

pytestmark = pytest.mark.slow

PUBLIC, SCHOOL, EXTERNAL = "127.0.0.2", "127.0.0.3", "127.0.0.4"
CENTRES = 8
LINKS_PER_CENTRE = 3
SLOW_ANSWER = 2.0  # seconds each external page takes: the link check lasts ≥ 24 / 2 × 2 s

CONFIG = """
[crawl]
delay = {crawl_delay}
timeout = 5.0
retries = 0
[linkcheck]
delay = 0.0
confirm_delay = 0.0
timeout = 10.0
concurrency_per_host = 2
[network]
allow_private = true
"""


def world(port: int) -> World:
    w = World(port=port)
    external = w.host(EXTERNAL, "external")
    school = w.host(SCHOOL, "school")
    for i in range(CENTRES):
        links = ""
        for j in range(LINKS_PER_CENTRE):
            external.page(f"/e{i}-{j}.html", "<html><body>ресурс</body></html>", behaviour=SLOW, delay=SLOW_ANSWER)
            links += f'<a href="{w.url(EXTERNAL, f"/e{i}-{j}.html")}">Ресурс {j}</a> '
        school.page(f"/c{i}/", f"<html><head><title>Библиотека</title></head><body><h1>ИБЦ школы № {i + 1}</h1>"
                               f'<a href="/c{i}/about.html">О нас</a> {links}</body></html>')
        school.page(f"/c{i}/about.html", "<html><body><h1>О библиотеке</h1></body></html>")
    items = "".join(f'<li><a href="{w.url(SCHOOL, f"/c{i}/")}">Школа № {i + 1}</a></li>' for i in range(CENTRES))
    w.host(PUBLIC, "public").page(
        "/", f"<html><body><main><h1>Интернет-представительства ИБЦ</h1><h2>Бикинский район</h2><ul>{items}</ul>"
             "</main></body></html>")
    return w


@pytest.fixture(scope="module")
def server() -> Iterator[SampleServer]:
    with SampleServer(world) as srv:
        yield srv


class Audit:
    """`ibcmon audit` as its own process, on a store of its own."""

    def __init__(self, server: SampleServer, tmp_path: Path, crawl_delay: float) -> None:
        self.db_url = f"sqlite:///{tmp_path / 'runs.sqlite'}"
        self.config = tmp_path / "ibcmon.toml"
        self.config.write_text(CONFIG.format(crawl_delay=crawl_delay), encoding="utf-8")
        self.out = tmp_path / "report"
        self.env = {**os.environ, "IBCMON_DB": self.db_url, "IBCMON_CONFIG": str(self.config)}
        self.env.pop("IBCMON_PARENT_PID", None)
        server.reset_log()
        self.started = time.time()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "ibcmon", "audit", server.world.url(PUBLIC, "/"), "--as-of", "2026-12-01",
             "--out", str(self.out), "-q"],
            env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.db: Database | None = None
        self.crawl_pids: set[int] = set()

    def store(self) -> Database:
        if self.db is None:
            self.db = open_database(self.db_url, migrate=False)
        return self.db

    def run(self) -> Run | None:
        try:
            with self.store().session() as session:
                run = session.scalars(select(Run).order_by(Run.id.desc())).first()
                if run is not None:
                    session.expunge(run)
                return run
        except Exception:  # the store is being created by the audit
            return None

    def wait_for(self, what: str, condition: Callable[[], bool], timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            assert self.proc.poll() is None, (what, self.proc.communicate())
            assert time.monotonic() < deadline, f"timed out waiting for {what}"
            self.note_crawl_child()
            time.sleep(0.1)
        self.note_crawl_child()

    def note_crawl_child(self) -> None:
        run = self.run()
        if run is not None and run.pid and run.pid != self.proc.pid:
            self.crawl_pids.add(run.pid)

    def in_crawl(self) -> bool:
        run = self.run()
        return run is not None and run.pid not in (None, self.proc.pid) and run.status == "running"

    def ibcmon(self, *argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "ibcmon", *argv], env=self.env, capture_output=True,
                              text=True, timeout=120)

    def children_alive(self) -> list[int]:
        """Crawl processes of this store still alive (by the pid the run recorded, and by
        scanning for any `-m crawler` process whose environment names this store)."""
        alive = [pid for pid in self.crawl_pids if pid_alive(pid)]
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                cmdline = (entry / "cmdline").read_bytes().split(b"\0")
                environ = (entry / "environ").read_bytes().split(b"\0")
            except OSError:
                continue
            if b"crawler" in cmdline and f"IBCMON_DB={self.db_url}".encode() in environ and pid_alive(int(entry.name)):
                alive.append(int(entry.name))
        return sorted(set(alive))


def pid_alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")  # a zombie has ended; only its parent has not read its status yet


def in_link_check(server: SampleServer, audit: Audit) -> Callable[[], bool]:
    """A request to the external pages, made by this audit (not one left over by the last)."""
    return lambda: any(r["start"] >= audit.started and r["path"].startswith("/e")
                       for r in server.requests_to(EXTERNAL))


def wait_gone(audit: Audit, timeout: float = 30.0) -> list[int]:
    deadline = time.monotonic() + timeout
    while audit.children_alive() and time.monotonic() < deadline:
        time.sleep(0.2)
    return audit.children_alive()


def assert_refused(audit: Audit, run_id: int) -> None:
    """`report`, `export` and `notify` refuse the incomplete run in one Russian line, exit 3."""
    for argv in (["report", "--run", str(run_id), "--out", str(audit.out)],
                 ["export", "--format", "json", "--run", str(run_id)],
                 ["notify", "--dry-run", "--run", str(run_id)]):
        done = audit.ibcmon(*argv)
        lines = done.stderr.strip().splitlines()
        assert done.returncode == 3 and done.stdout == "", (argv, done)
        assert len(lines) == 1 and f"№{run_id} не завершено" in lines[0] and "--allow-incomplete" in lines[0], lines
    done = audit.ibcmon("export", "--format", "json", "--run", str(run_id), "--allow-incomplete")
    assert done.returncode == 0, done.stderr


def test_kill_9_during_the_crawl_ends_the_child_and_leaves_the_run_incomplete(
    server: SampleServer, tmp_path: Path
) -> None:
    audit = Audit(server, tmp_path, crawl_delay=1.0)  # ≥ 16 s of crawling: caught half way
    audit.wait_for("the crawl", audit.in_crawl)
    time.sleep(1.5)
    audit.proc.kill()
    audit.proc.communicate()
    assert audit.crawl_pids
    assert wait_gone(audit) == []  # the crawl child ended with its parent
    runs = audit.ibcmon("runs")  # the next command notices the dead owner
    assert runs.returncode == 0, runs.stderr
    assert "прерван" in runs.stdout and "«обход»" in runs.stdout  # the reason, with its phase
    run = audit.run()
    assert run is not None and run.status == "incomplete", (run.status, run.error) if run else None
    assert run.phase == "crawl" and "«обход»" in (run.error or "")
    assert not (audit.out / "index.html").exists()
    time.sleep(2)
    run = audit.run()
    assert run is not None and run.status == "incomplete"  # nothing finishes it behind our back


def test_kill_9_during_the_link_check_leaves_the_run_incomplete(server: SampleServer, tmp_path: Path) -> None:
    audit = Audit(server, tmp_path, crawl_delay=0.0)
    audit.wait_for("the link check", in_link_check(server, audit))
    run = audit.run()
    assert run is not None and run.status != "complete"  # the crawl is done, the audit is not
    audit.proc.kill()
    audit.proc.communicate()
    assert wait_gone(audit) == []
    runs = audit.ibcmon("runs")
    assert runs.returncode == 0, runs.stderr
    assert "прерван" in runs.stdout and "«проверка ссылок»" in runs.stdout
    run = audit.run()
    assert run is not None and run.status == "incomplete", (run.status, run.error) if run else None
    assert run.phase == "linkcheck" and "«проверка ссылок»" in (run.error or "")
    assert_refused(audit, run.id)


def test_sigterm_during_the_link_check_exits_130_and_leaves_the_run_incomplete(
    server: SampleServer, tmp_path: Path
) -> None:
    audit = Audit(server, tmp_path, crawl_delay=0.0)
    audit.wait_for("the link check", in_link_check(server, audit))
    started = time.monotonic()
    audit.proc.send_signal(signal.SIGTERM)
    _out, err = audit.proc.communicate(timeout=60)
    assert audit.proc.returncode == 130, (audit.proc.returncode, err)  # as documented, like Ctrl-C
    assert time.monotonic() - started < 15
    assert "«проверка ссылок»" in err and "незавершённое" in err
    assert audit.children_alive() == []
    run = audit.run()  # settled by the audit itself, no later command needed
    assert run is not None and run.status == "incomplete" and run.phase == "linkcheck", run.error if run else None
    assert not (audit.out / "index.html").exists()
    assert_refused(audit, run.id)


# Run as the parent of a process that stays quiet (no pipe to break: only the parent's death
# can end it), then killed with -9 itself.
ORPHAN_PARENT = """
import os, subprocess, sys, time
child = subprocess.Popen([sys.executable, "-c", sys.argv[1], str(os.getpid())], start_new_session=True)
print(child.pid, flush=True)
time.sleep(600)
"""
ORPHAN_CHILD = """
import sys, time
from crawler.orphan import end_with_parent
end_with_parent(int(sys.argv[1]), grace=5.0)
time.sleep(600)  # a crawl that would go on for ten minutes
"""


def test_a_crawl_child_ends_when_its_parent_is_killed(tmp_path: Path) -> None:
    parent = subprocess.Popen([sys.executable, "-c", ORPHAN_PARENT, ORPHAN_CHILD], stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    # the child is told its parent's pid, as `run_crawl` tells it through IBCMON_PARENT_PID
    child_pid = int(parent.stdout.readline())
    time.sleep(1.0)
    assert pid_alive(child_pid)
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 10
    while pid_alive(child_pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not pid_alive(child_pid)
