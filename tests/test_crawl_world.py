"""End to end: one crawl of the bundled sample world, checked against its truth and request log.

The crawl runs once per module (a child process, as in production) on a server of its own
whose two biggest centres answer slowly, so that the per-host concurrency limit is
actually exercised; every test reads the same store and request log.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from protego import Protego
from sqlalchemy import select

from common.config import Config
from common.urls import centre_key
from crawler.registry import import_registry_csv
from crawler.run import run_crawl
from ibcmon.sample import SampleServer, build_world
from ibcmon.sample.server import max_in_flight
from ibcmon.sample.world import SLOW, World
from store.db import Database, open_database
from store.models import CentreVisit, Page, Run

pytestmark = pytest.mark.slow

SLOW_HOSTS = ("127.0.0.10", "127.0.0.14")  # Госвеб and Joomla: the most pages
MAX_PAGES = 15
PER_HOST = 2


@dataclass
class Crawled:
    db: Database
    run_id: int
    truth: dict[str, Any]
    requests: list[dict[str, Any]]
    world: World
    progress: list[str]

    def visits(self) -> list[CentreVisit]:
        with self.db.session() as session:
            return list(session.scalars(select(CentreVisit).where(CentreVisit.run_id == self.run_id)))

    def run(self) -> Run:
        with self.db.session() as session:
            run = session.get(Run, self.run_id)
            assert run is not None
            return run

    def pages(self, centre_id: int | None = None) -> list[Page]:
        with self.db.session() as session:
            query = select(Page).where(Page.run_id == self.run_id)
            if centre_id is not None:
                query = query.where(Page.centre_id == centre_id)
            return list(session.scalars(query))

    def visit_of(self, truth_centre: dict[str, Any]) -> CentreVisit:
        keys = {centre_key(u) for u in truth_centre["listed_urls"]}
        found = [v for v in self.visits() if centre_key(v.listed_url) in keys]
        assert len(found) == 1, (truth_centre["id"], found)
        return found[0]


def slow_world(port: int) -> World:
    world = build_world(port)
    for ip in SLOW_HOSTS:
        for resource in world.hosts[ip].routes.values():
            if not resource.behaviour:
                resource.behaviour, resource.delay = SLOW, 0.15
    return world


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawled]:
    tmp: Path = tmp_path_factory.mktemp("world")
    config = Config()
    config.crawl.delay = 0.0
    config.crawl.timeout = 10.0
    config.crawl.max_pages = MAX_PAGES
    config.crawl.max_depth = 10  # deep: only the page cap holds the calendar back
    config.crawl.concurrency_per_host = PER_HOST
    progress: list[str] = []
    with SampleServer(slow_world) as server:
        db = open_database(f"sqlite:///{tmp / 'world.sqlite'}")
        registry = tmp / "registry.csv"
        registry.write_text(server.world.registry_csv(), encoding="utf-8")
        import_registry_csv(db, registry)
        run_id = run_crawl(db.url, config, server.root_url, "crawl", progress.append)
        yield Crawled(db, run_id, server.truth, list(server.requests), server.world, progress)
    db.dispose()


def test_run_completes(crawled: Crawled) -> None:
    run = crawled.run()
    assert run.status == "complete", run.error
    assert run.finished_at is not None and run.stats["close_reason"] == "finished"
    assert run.stats["pages"] == len(crawled.pages()) and run.stats["store_errors"] == 0
    assert any(line.startswith("Найдено ИБЦ: 25") for line in crawled.progress)


def test_every_centre_found_with_its_municipality(crawled: Crawled) -> None:
    truth = crawled.truth["centres"]
    visits = crawled.visits()
    assert len(visits) == len(truth)
    for centre in truth:
        visit = crawled.visit_of(centre)
        assert (visit.name, visit.municipality) == (centre["name"], centre["municipality"]), centre["id"]
        assert visit.listed_on in crawled.truth["listing_pages"]


def test_listing_pages_found(crawled: Crawled) -> None:
    discovery = crawled.run().discovery
    assert sorted(p["url"] for p in discovery["listing_pages"]) == sorted(crawled.truth["listing_pages"])
    assert discovery["centres_found"] == len(crawled.truth["centres"])


def test_no_non_centre_link_taken_for_a_centre(crawled: Crawled) -> None:
    taken = set()
    for visit in crawled.visits():
        taken |= {centre_key(u) for u in [visit.listed_url, *visit.aliases]}
    for url in crawled.truth["non_centre_links"]:
        assert centre_key(url) not in taken, url


def test_malformed_listing_entry_reported(crawled: Crawled) -> None:
    malformed = crawled.run().discovery["malformed"]
    assert [m["href"] for m in malformed] == crawled.truth["malformed_listing_entries"]


def test_duplicates_merged(crawled: Crawled) -> None:
    doubles = [c for c in crawled.truth["centres"] if len(c["listed_urls"]) > 1]
    assert doubles
    for centre in doubles:
        visit = crawled.visit_of(centre)
        assert {centre_key(u) for u in [visit.listed_url, *visit.aliases]} == {
            centre_key(u) for u in centre["listed_urls"]}
    merged = crawled.run().discovery["duplicates_merged"]
    assert {m["merged"] for m in merged} >= {u for c in doubles for u in c["listed_urls"][1:]}


def test_every_centre_has_its_true_status(crawled: Crawled) -> None:
    for centre in crawled.truth["centres"]:
        visit = crawled.visit_of(centre)
        assert visit.status == centre["status"], (centre["id"], visit.reason)
        if visit.status != "ok":
            assert visit.reason, centre["id"]


def test_final_and_home_urls(crawled: Crawled) -> None:
    for centre in crawled.truth["centres"]:
        visit = crawled.visit_of(centre)
        if centre["status"] in ("ok", "not_auditable"):
            assert visit.final_url == centre["final_url"], centre["id"]
        assert visit.home_url == centre["home_url"], centre["id"]


def test_windows_1251_text_is_right(crawled: Crawled) -> None:
    centre = next(c for c in crawled.truth["centres"] if c["platform"] == "ucoz")
    pages = {p.url: p for p in crawled.pages(crawled.visit_of(centre).centre_id)}
    library = pages[centre["url"]]
    assert library.encoding == "cp1251" and "Наши контакты" in (library.main_text or "")
    short = next(p for url, p in pages.items() if url.endswith("/index/rezhim_raboty/0-15"))
    assert short.encoding == "cp1251"
    assert "Санитарный день — последняя пятница месяца." in (short.main_text or "")
    assert short.html is not None and "Режим работы" in short.html


def test_page_cap_holds_the_calendar_back(crawled: Crawled) -> None:
    for visit in crawled.visits():
        assert len(crawled.pages(visit.centre_id)) <= MAX_PAGES + 1  # + the school's home page
    calendar = [r for r in crawled.requests if r["path"].startswith("/calendar/")]
    assert 1 <= len(calendar) <= MAX_PAGES


def test_the_15_mb_page_is_cut_and_the_crawl_goes_on(crawled: Crawled) -> None:
    big = [p for p in crawled.pages() if p.url.endswith("/foto/arhiv-2025.html")]
    assert len(big) == 1
    page = big[0]
    assert page.truncated and page.http_status == 200
    assert Config().crawl.max_response_bytes <= page.size < Config().crawl.max_response_bytes + 1_000_000
    assert page.title == "Фотоархив 2025"


def test_documents_fetched_for_headers_only(crawled: Crawled) -> None:
    documents = [p for p in crawled.pages() if p.is_document]
    assert documents and all(p.size == 0 and p.html is None for p in documents)
    assert {p.http_status for p in documents} >= {200, 404}
    card = [p for p in documents if "/file/card?id=" in p.url]
    assert card and all("content-disposition" in p.headers for p in card)


def test_every_request_is_a_page_row(crawled: Crawled) -> None:
    """A later link check must never re-request what the crawl fetched."""
    stored: set[str] = set()
    for page in crawled.pages():
        stored |= {page.url, page.final_url} | {u for _s, u in page.headers.get("_redirects", [])}
    for request in crawled.requests:
        if request["host"].startswith("127.0.0.1:") or request["path"] == "/robots.txt":
            continue  # the regional site (discovery) and robots.txt are not centre pages
        assert f"http://{request['host']}{request['path']}" in stored, request


def test_no_request_to_a_path_robots_txt_disallows(crawled: Crawled) -> None:
    robots: dict[str, Protego] = {}
    for request in crawled.requests:
        ip = request["host"].split(":")[0]
        if ip not in robots:
            resource = crawled.world.hosts[ip].lookup("/robots.txt")
            text = resource.content("/robots.txt").decode() if resource and resource.status == 200 else ""
            robots[ip] = Protego.parse(text)
        if request["path"] != "/robots.txt":
            assert robots[ip].can_fetch(request["path"], "ibcmon"), request
    assert not [r for r in crawled.requests if r["path"].startswith("/admin/")]
    blocked = next(c for c in crawled.truth["centres"] if c["status"] == "blocked_by_robots")
    host = blocked["host"]
    assert [r["path"] for r in crawled.requests if r["host"].startswith(host + ":")] == ["/robots.txt"]


def test_never_more_than_the_configured_requests_at_once_per_host(crawled: Crawled) -> None:
    by_host: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for request in crawled.requests:
        by_host[request["host"]].append(request)
    peaks = {host: max_in_flight(reqs) for host, reqs in by_host.items()}
    assert max(peaks.values()) <= PER_HOST, peaks
    # the slow hosts show the limit is reached, so the check above is not vacuous
    assert any(peaks[h] == PER_HOST for h in peaks if h.split(":")[0] in SLOW_HOSTS), peaks


def test_user_agent_is_honest(crawled: Crawled) -> None:
    assert {r["ua"] for r in crawled.requests} == {Config().general.user_agent}


def test_registry_reconciled(crawled: Crawled) -> None:
    registry = crawled.run().discovery["registry"]
    assert [e["name"] for e in registry["missing_from_site"]] == crawled.truth["registry"]["missing_from_site"]
    assert [e["name"] for e in registry["unknown_to_registry"]] == crawled.truth["registry"]["unknown_to_registry"]
    assert 0 < registry["placed_share"] < 1


def test_visits_count_their_pages(crawled: Crawled) -> None:
    for visit in crawled.visits():
        assert visit.pages == len(crawled.pages(visit.centre_id)), visit.name
        if visit.status == "not_auditable":
            assert visit.pages == 0


def test_no_page_is_requested_twice(crawled: Crawled) -> None:
    """Only a 5xx retry and the hops of a redirect loop ask the same URL again."""
    seen: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for request in crawled.requests:
        seen[(request["host"], request["method"], request["path"])].append(request["status"])
    for key, statuses in seen.items():
        if len(statuses) > 1:
            assert all(s >= 500 or 300 <= s < 400 for s in statuses), (key, statuses)
