"""Hostile DNS answers against the crawl's network guard (issue 16, point 5).

The world: the regional site on 127.0.0.2 and a school on 127.0.0.3 (let through by
`allow_networks`, as an intranet deployment would), and 127.0.0.1 standing for the
monitoring host's own services, whose request log must stay empty. Two centres are listed
under host names, and the names are answered by a hostile resolver hook installed in the
crawl's child process (the operating system's lookups, `socket.gethostbyname` and
`socket.getaddrinfo`, replaced; no real DNS is asked):

- `flaky.example`: the first answer fails, every later one is 127.0.0.1 (the guard used to
  let a name it could not resolve through, and the download resolved it again);
- `rebind.example`: the first answer is the school's 127.0.0.3, every later one 127.0.0.1
  (DNS rebinding after the check).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from common.config import Config
from crawler.run import DB_ENV, child_command, start_run
from ibcmon.sample import SampleServer
from ibcmon.sample.world import World
from store.db import open_database
from store.models import CentreVisit, Page, Run

PUBLIC = "127.0.0.2"
SCHOOL = "127.0.0.3"
INNER = "127.0.0.1"
ALLOWED = "127.0.0.2/31"

# Run in the crawl child before `crawler.child.main`: the hostile answers, and a log of
# every lookup of the two names (so the test knows the hook was asked at all).
HOOK = """
import json, socket, sys
from crawler.child import main

log_path = sys.argv[1]
asked = {}
real_gethostbyname, real_getaddrinfo = socket.gethostbyname, socket.getaddrinfo

def answer(name):
    if name not in ("flaky.example", "rebind.example"):
        return None
    asked[name] = asked.get(name, 0) + 1
    with open(log_path, "a", encoding="utf-8") as log:
        log.write(json.dumps([name, asked[name]]) + "\\n")
    if asked[name] == 1:
        if name == "flaky.example":
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return "127.0.0.3"
    return "127.0.0.1"

def gethostbyname(name):
    address = answer(name)
    return real_gethostbyname(name) if address is None else address

def getaddrinfo(host, port, *args, **kwargs):
    address = answer(host) if isinstance(host, str) else None
    return real_getaddrinfo(address or host, port, *args, **kwargs)

socket.gethostbyname, socket.getaddrinfo = gethostbyname, getaddrinfo
sys.exit(main(sys.argv[2:]))
"""


def world(port: int) -> World:
    w = World(port=port)
    inner = w.host(INNER, "inner")
    inner.page("/", "<html><body>redis, postgres</body></html>")
    inner.page("/lib/", "<html><head><title>Библиотека</title></head><body><h1>ИБЦ: секреты</h1></body></html>")
    school = w.host(SCHOOL, "school")
    school.page("/lib/", "<html><head><title>Библиотека</title></head><body><h1>ИБЦ школы № 3</h1></body></html>")
    public = w.host(PUBLIC, "public")
    centres = [(f"http://flaky.example:{port}/lib/", "Школа № 1"),
               (f"http://rebind.example:{port}/lib/", "Школа № 2")]
    items = "".join(f'<li><a href="{url}">{name}</a></li>' for url, name in centres)
    public.page("/", "<html><body><main><h1>Интернет-представительства ИБЦ</h1><h2>Бикинский район</h2>"
                     f"<ul>{items}</ul></main></body></html>")
    return w


@pytest.fixture(scope="module")
def server() -> Iterator[SampleServer]:
    with SampleServer(world) as srv:
        yield srv


def test_a_name_whose_first_answer_fails_and_second_is_loopback_is_never_connected_to(
    server: SampleServer, tmp_path: Path
) -> None:
    config = Config()
    config.crawl.delay = 0.0
    config.crawl.timeout = 3.0
    config.crawl.retries = 2  # every retry is one more lookup the hostile resolver answers
    config.network.allow_private = False
    config.network.allow_networks = [ALLOWED]
    db = open_database(f"sqlite:///{tmp_path / 'dns.sqlite'}")
    root = server.world.url(PUBLIC, "/")
    run_id = start_run(db, config, root)
    lookups = tmp_path / "lookups.jsonl"
    cmd = child_command(run_id, root, None, "ERROR")
    cmd = [sys.executable, "-c", HOOK, str(lookups), *cmd[3:]]  # `python -m crawler ARGS` with the hook
    server.reset_log()
    done = subprocess.run(cmd, env={**os.environ, DB_ENV: db.url}, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]

    asked = [json.loads(line)[0] for line in lookups.read_text(encoding="utf-8").splitlines()]
    assert "flaky.example" in asked and "rebind.example" in asked  # the hook was the resolver asked
    assert server.requests_to(INNER) == []  # never connected to the monitoring host itself
    with db.session() as session:
        run = session.get(Run, run_id)
        assert run is not None and run.status == "complete", (run.status, run.error) if run else None
        visits = {v.name: v for v in session.scalars(select(CentreVisit).where(CentreVisit.run_id == run_id))}
        stored = " ".join(p.main_text or "" for p in session.scalars(select(Page).where(Page.run_id == run_id)))
    assert "секреты" not in stored
    assert visits["Школа № 1"].status in ("unreachable", "not_auditable"), visits["Школа № 1"].reason
    # the checked answer is the one connected to: the school's page, however DNS answers later
    assert visits["Школа № 2"].status == "ok", visits["Школа № 2"].reason
    assert [r["path"] for r in server.requests_to(SCHOOL) if r["path"] != "/robots.txt"] == ["/lib/"]
    db.dispose()
