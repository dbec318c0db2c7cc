"""`ibcmon linkcheck` shows its progress while a slow host holds the check (and `-q` hides it).

The command runs in a subprocess, as a user would type it; its stderr lines are read as
they come, each stamped with the time it arrived.
"""
from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from pathlib import Path

import pytest
from aiohttp import web
from test_linkcheck_engine import MiniServer, ok
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


def test_progress_lines_at_least_every_5_seconds(tmp_path: Path, server: MiniServer) -> None:
    command = _setup(tmp_path, server, slow=4)
    started = time.monotonic()
    lines, code = _stamped_stderr(command)
    assert code == 0, lines
    during = [(t, text) for t, text in lines if "проверка ссылок, адресов" in text or "проверено" in text]
    assert len(during) >= 3, lines
    stamps = [started] + [t for t, _text in during]
    assert max(b - a for a, b in zip(stamps, stamps[1:], strict=False)) <= 5.0 + 0.5, lines
    assert time.monotonic() - started > 12  # a slow check: 4 answers of 3 s, one host, one at a time
    texts = [text for _t, text in lines]
    # the line names the host everyone waits on, and why
    assert any("ждём 127.0.0.2:" in t and "просил подождать 4 с" in t for t in texts), texts
    assert any("ждём 127.0.0.2:" in t and "отвечает медленно" in t for t in texts), texts


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
