"""Crawl errors are stored as a code next to their text, and outputs say the code's words
(issue 18, point 6).

A real crawl of a sample world, in the crawl's own child process with a resolver hook (as
tests/test_security_dns.py: no real DNS is asked): a school whose page answers too late
(timeout), one whose host name has no address (DNS), one whose page is over the byte cap
(too large). The pages and the visits keep their text (the detail) and get the code; the
score card of the graded run says the code's Russian words. Old rows (no code) and code
`other` are said by their stored text; migration 0006 adds the columns to a store that
has rows already.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import ssl
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from scrapy.exceptions import IgnoreRequest
from sqlalchemy import select, text
from twisted.internet import error as txerror

from checks.grade import grade_run, load_audit_result
from checks.result import CentreResult, RunInfo
from common.config import Config
from common.labels import CRAWL_ERROR, crawl_reason, status_sentence
from crawler.run import DB_ENV, child_command, start_run
from crawler.status import describe_failure
from ibcmon.sample import SampleServer
from ibcmon.sample.world import SLOW, Resource, World
from reports.card import render_card_html, render_card_text
from reports.export import export_csv, export_json
from store.db import Database, open_database
from store.models import CentreVisit, Page

pytestmark = pytest.mark.slow

REGIONAL = "127.0.0.2"
SLOW_HOST = "127.0.0.51"
BIG_HOST = "127.0.0.52"
NOWHERE = "nowhere.example"

# the crawl child (`python -m crawler ARGS`) with a resolver that knows no NOWHERE
HOOK = f"""
import socket, sys
from crawler.child import main

real_gethostbyname, real_getaddrinfo = socket.gethostbyname, socket.getaddrinfo

def gethostbyname(name):
    if name == {NOWHERE!r}:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
    return real_gethostbyname(name)

def getaddrinfo(host, *args, **kwargs):
    if host == {NOWHERE!r}:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
    return real_getaddrinfo(host, *args, **kwargs)

socket.gethostbyname, socket.getaddrinfo = gethostbyname, getaddrinfo
sys.exit(main(sys.argv[1:]))
"""

TIMEOUT_WORDS = CRAWL_ERROR["timeout"]
DNS_WORDS = CRAWL_ERROR["dns"]
TOO_LARGE_WORDS = CRAWL_ERROR["too_large"]


def world(port: int) -> World:
    w = World(port=port)
    slow = w.host(SLOW_HOST, "slow")
    slow.add("/ibc/", Resource(body=b"<html><body>late</body></html>", behaviour=SLOW, delay=2.0))
    big = w.host(BIG_HOST, "big")
    big.page("/ibc/", "<html><head><title>Библиотека</title></head><body>" + "<p>архив</p>" * 80_000)
    centres = [(w.url(SLOW_HOST, "/ibc/"), "Школа медленная"),
               (f"http://{NOWHERE}:{port}/ibc/", "Школа без адреса"),
               (w.url(BIG_HOST, "/ibc/"), "Школа с огромной страницей")]
    items = "".join(f'<li><a href="{url}">{name}</a></li>' for url, name in centres)
    w.host(REGIONAL, "regional").page(
        "/", "<html><body><main><h1>Интернет-представительства ИБЦ</h1><h2>Бикинский район</h2>"
             f"<ul>{items}</ul></main></body></html>")
    return w


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, int]]:
    config = Config()
    config.crawl.delay = 0.0
    config.crawl.timeout = 1.0
    config.crawl.retries = 0
    config.crawl.max_response_bytes = 100_000  # the big page (~880 KB) is refused
    db = open_database(f"sqlite:///{tmp_path_factory.mktemp('codes') / 'codes.sqlite'}")
    with SampleServer(world) as server:
        root = server.world.url(REGIONAL, "/")
        run_id = start_run(db, config, root)
        cmd = child_command(run_id, root, None, "ERROR")
        cmd = [sys.executable, "-c", HOOK, *cmd[3:]]  # `python -m crawler ARGS` with the hook
        done = subprocess.run(cmd, env={**os.environ, DB_ENV: db.url}, capture_output=True, text=True,
                              timeout=120)
        assert done.returncode == 0, done.stderr[-2000:]
    yield db, run_id
    db.dispose()


def _visits(crawled: tuple[Database, int]) -> dict[str, tuple[CentreVisit, list[Page]]]:
    db, run_id = crawled
    with db.session() as session:
        visits = session.scalars(select(CentreVisit).where(CentreVisit.run_id == run_id)).all()
        return {v.name: (v, list(session.scalars(select(Page).where(
            Page.run_id == run_id, Page.centre_id == v.centre_id)))) for v in visits}


@pytest.mark.parametrize(("name", "status", "code", "detail"), [
    ("Школа медленная", "unreachable", "timeout", "тайм-аут"),
    ("Школа без адреса", "unreachable", "dns", "DNS"),
    ("Школа с огромной страницей", "error", "too_large", "слишком большая"),
])
def test_the_crawl_stores_the_code_next_to_the_text(crawled: tuple[Database, int], name: str, status: str,
                                                    code: str, detail: str) -> None:
    visit, pages = _visits(crawled)[name]
    assert (visit.status, visit.reason_code) == (status, code), (visit.status, visit.reason_code, visit.reason)
    assert detail in (visit.reason or "")  # the text is kept
    [page] = pages
    assert page.http_status is None and page.error_code == code
    assert page.error and page.error != CRAWL_ERROR[code]  # the technical detail, not the words


def test_the_card_says_the_codes_words(crawled: tuple[Database, int]) -> None:
    db, run_id = crawled
    result = load_audit_result(db, grading_id=grade_run(db, run_id, dt.date(2026, 3, 1)))
    by_name = {c.name: c for c in result.centres}
    for name, words in [("Школа медленная", TIMEOUT_WORDS), ("Школа без адреса", DNS_WORDS),
                        ("Школа с огромной страницей", TOO_LARGE_WORDS)]:
        centre = by_name[name]
        assert words in render_card_html(centre, result.run, standalone=False), name
        assert words in render_card_text(centre, result.run), name
    assert DNS_WORDS in export_csv(result)
    exported = {c["name"]: c for c in json.loads(export_json(result))["centres"]}
    assert exported["Школа без адреса"]["reason_code"] == "dns"


def _centre(reason: str | None, code: str | None) -> CentreResult:
    return CentreResult(1, "МБОУ СОШ № 5", None, "http://x.ru/ibc/", None, "unreachable", reason=reason,
                        reason_code=code)


RUN = RunInfo(id=1, kind="audit", status="complete", root_url=None, started_at=dt.datetime(2026, 3, 1, 9),
              finished_at=None, as_of=dt.date(2026, 3, 1))


@pytest.mark.parametrize(("reason", "code", "shown", "hidden"), [
    ("DNSLookupError: nowhere.example", "dns", DNS_WORDS, "DNSLookupError"),  # the code's words
    ("сайт не ответил вовремя (тайм-аут)", None, "сайт не ответил вовремя", None),  # an old row: its text
    ("ошибка загрузки: WeirdError", "other", "WeirdError", None),  # `other`: the text says more
    ("сервер не ответил", "a_code_of_a_later_version", "сервер не ответил", None),
])
def test_the_card_falls_back_to_the_text(reason: str, code: str | None, shown: str, hidden: str | None) -> None:
    card = render_card_html(_centre(reason, code), RUN, standalone=False)
    assert shown in card
    if hidden:
        assert hidden not in card


def test_notes_after_the_reason_are_kept() -> None:
    stored = "сайт не ответил вовремя (тайм-аут); обход прерван до завершения"
    assert crawl_reason("timeout", stored) == f"{TIMEOUT_WORDS}; обход прерван до завершения"
    assert status_sentence("unreachable", "x", "dns") == f"Страница не открывается: {DNS_WORDS}"


def test_migration_0006_adds_the_columns_to_a_store_with_rows(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    old = open_database(url, migrate=False)
    old.upgrade("0005")
    with old.engine.begin() as connection:
        connection.execute(text("INSERT INTO run (id, kind, status, started_at, discovery, stats, settings) "
                                "VALUES (1, 'crawl', 'complete', '2026-03-01 09:00:00', '{}', '{}', '{}')"))
        connection.execute(text("INSERT INTO centre (id, key, name, url, in_registry, first_seen, last_seen) "
                                "VALUES (1, 'x.ru/ibc', 'Школа', 'http://x.ru/ibc/', 0, "
                                "'2026-03-01 09:00:00', '2026-03-01 09:00:00')"))
        connection.execute(text("INSERT INTO centre_visit (run_id, centre_id, name, listed_url, aliases, status, "
                                "reason, pages, bytes) VALUES (1, 1, 'Школа', 'http://x.ru/ibc/', '[]', "
                                "'unreachable', 'старый текст', 0, 0)"))
    old.dispose()
    db = open_database(url, migrate=True)
    with db.session() as session:
        visit: Any = session.scalars(select(CentreVisit)).one()
        assert (visit.reason, visit.reason_code) == ("старый текст", None)
        session.add(Page(run_id=1, centre_id=1, url="http://x.ru/ibc/", final_url="http://x.ru/ibc/",
                         error="TimeoutError", error_code="timeout"))
    with db.session() as session:
        assert session.scalars(select(Page.error_code)).one() == "timeout"
    assert crawl_reason(None, "старый текст") == "старый текст"
    db.dispose()


def _never_received(cause: BaseException) -> BaseException:
    from twisted.python.failure import Failure
    from twisted.web.client import ResponseNeverReceived

    try:
        raise cause
    except BaseException:
        return ResponseNeverReceived([Failure()])


@pytest.mark.parametrize(("make", "status", "code"), [
    (lambda: _never_received(ssl.SSLError(1, "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed")),
     "unreachable", "tls"),
    (lambda: _never_received(ConnectionResetError("reset")), "unreachable", "no_answer"),
    (lambda: IgnoreRequest("Forbidden by robots.txt"), "blocked_by_robots", "robots"),
    (lambda: IgnoreRequest("Cancelling download of x: expected response size (9) larger than DOWNLOAD_MAXSIZE (1)"),
     "error", "too_large"),
    (lambda: txerror.ConnectionRefusedError(), "unreachable", "refused"),
    (lambda: KeyError("odd"), "error", "other"),
])
def test_failures_get_their_codes(make: Any, status: str, code: str) -> None:
    failed = describe_failure(make())
    assert (failed.status, failed.code) == (status, code)
    assert failed.reason  # the Russian text is kept next to the code
    assert code in CRAWL_ERROR


def test_every_code_the_crawler_stores_has_words() -> None:
    from crawler import status

    codes = {status.TIMEOUT, status.DNS, status.REFUSED, status.NO_CONNECTION, status.TLS, status.NO_ANSWER,
             status.BROKEN_ANSWER, status.TOO_LARGE, status.HTTP_STATUS, status.ROBOTS, status.REDIRECT_LOOP,
             status.SOCIAL, status.NOT_ALLOWED, status.OTHER}
    assert codes == set(CRAWL_ERROR)
