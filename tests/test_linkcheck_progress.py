"""`ibcmon linkcheck` shows its progress while a slow host holds the check (and `-q` hides it).

What the lines say, and when, is read on the virtual clock (the checker in the loop of a
`vserver`): exact. The command itself runs in a subprocess, as a user would type it, on
the wall clock: its stderr lines are read as they come, each stamped with the time it
arrived, and the margins are wide.
"""
from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from pathlib import Path

import pytest
from aiohttp import web
from test_linkcheck_engine import MiniServer, fast_config, ok, run_virtual
from test_linkcheck_history import links, make_crawl

from store.db import open_database

CONFIG = """
[network]
allow_private = true  # the test hosts are loopback addresses

[linkcheck]
delay = 0.0
confirm_delay = 0.1
timeout = 8.0
concurrency_per_host = 1
"""


def _setup(tmp_path: Path, server: MiniServer, slow: int) -> list[str]:
    async def slow_answer(request: web.Request, _hit: int) -> web.Response:
        await asyncio.sleep(3.0)
        return ok(request, 0)

    def limited(request: web.Request, hit: int) -> web.Response:
        return web.Response(status=429, headers={"Retry-After": "4"}) if hit == 0 else ok(request, hit)

    a, ext = server.ips
    server.routes["/limited"] = limited
    for i in range(slow):
        server.routes[f"/slow{i}"] = slow_answer
    page_links = [(server.url("/limited", ext), "Каталог")] + [
        (server.url(f"/slow{i}", ext), f"Книга {i}") for i in range(slow)]
    db_url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    db = open_database(db_url)
    make_crawl(db, server, {"a": [("/lib", {"links": links(*page_links)})]})
    db.dispose()
    (tmp_path / "c.toml").write_text(CONFIG, encoding="utf-8")
    return [sys.executable, "-m", "ibcmon", "--db", db_url, "--config", str(tmp_path / "c.toml"), "linkcheck"]


def _stamped_stderr(command: list[str]) -> tuple[list[tuple[float, str]], int]:
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            env={"PYTHONUNBUFFERED": "1", "PATH": "/usr/bin:/bin"})
    assert proc.stderr is not None
    lines = [(time.monotonic(), line.rstrip()) for line in iter(proc.stderr.readline, "")]
    return lines, proc.wait(60)


def test_a_progress_line_every_4_seconds_names_the_host_and_why(vserver: MiniServer) -> None:
    """On the virtual clock: a line at the start, one every PROGRESS_EVERY (4 s) while the
    host holds the check (first its Retry-After pause, then its slow answer), one at the end."""
    server = vserver

    async def slow_answer(request: web.Request, _hit: int) -> web.Response:
        await asyncio.sleep(3.0)
        return ok(request, 0)

    def limited(request: web.Request, hit: int) -> web.Response:
        return web.Response(status=429, headers={"Retry-After": "5"}) if hit == 0 else ok(request, hit)

    ext = server.ips[1]
    server.routes["/limited"] = limited
    server.routes["/slow0"] = server.routes["/slow1"] = slow_answer
    urls = [server.url("/limited", ext), server.url("/slow0", ext), server.url("/slow1", ext)]
    lines: list[tuple[float, str]] = []
    # 429 at 0 s, its retry at 5 s, then the slower pace (0.25 s): /slow0 from 5.25 s to
    # 8.25 s, /slow1 from 8.25 s to 11.25 s
    run_virtual(server, urls, fast_config(confirm_delay=0.1, timeout=8.0, concurrency_per_host=1),
                progress=lambda line: lines.append((server.loop.time(), line)))
    assert [t for t, _line in lines] == pytest.approx([0.0, 4.0, 8.0, 11.25])
    host = f"127.0.0.2:{server.port}"
    assert [line for _t, line in lines] == [
        "проверка ссылок, адресов: 3",
        f"проверено 0 из 3, запросов: 2; ждём {host}: просил подождать 5 с (осталось 1 с)",
        f"проверено 1 из 3, запросов: 4; ждём {host}: отвечает медленно (ждём ответа 3 с)",
        "проверено адресов: 3, запросов: 5",
    ]


def test_the_command_shows_progress_as_it_comes(tmp_path: Path, server: MiniServer) -> None:
    command = _setup(tmp_path, server, slow=1)
    started = time.monotonic()
    lines, code = _stamped_stderr(command)
    ended = time.monotonic()
    assert code == 0, lines
    during = [(t, text) for t, text in lines if "ждём 127.0.0.2:" in text]
    assert during, lines  # the line names the host everyone waits on
    # on the wall clock: the check lasts about 7 s (a 4 s pause, a 3 s answer); a progress
    # line comes at 4 s, while the command still runs, not all at its end
    assert during[0][0] - started <= 5.0 + 1.5 and ended - during[0][0] >= 1.0, lines


def test_quiet_shows_no_progress(tmp_path: Path, server: MiniServer) -> None:
    command = _setup(tmp_path, server, slow=1)
    lines, code = _stamped_stderr(command + ["-q"])
    assert code == 0
    assert not [text for _t, text in lines if "проверено" in text or "ждём" in text], lines


def test_the_scheduler_log_gets_each_output_line_as_it_comes(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A job's progress lines reach the scheduler's log while the job runs (not only its tail)."""
    import logging

    from ibcmon import jobrun

    db = open_database(f"sqlite:///{tmp_path / 'jobs.sqlite'}")
    script = ("import sys, time\n"
              "print('проверено 1 из 3', file=sys.stderr, flush=True)\n"
              "time.sleep(0.5)\n"
              "print('проверено 3 из 3', flush=True)\n")
    with caplog.at_level(logging.INFO, logger="ibcmon.scheduler"):
        row = jobrun.run_command(db, "linkcheck", [sys.executable, "-c", script], 30)
    db.dispose()
    relayed = [r.getMessage() for r in caplog.records if r.name == "ibcmon.scheduler"]
    assert "job linkcheck: проверено 1 из 3" in relayed
    assert "job linkcheck: проверено 3 из 3" in relayed
    assert row.log_tail is not None and "проверено 1 из 3" in row.log_tail and "проверено 3 из 3" in row.log_tail
