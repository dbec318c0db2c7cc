"""The Scrapy spider: discovery on the regional site, then each centre's pages.

Flow: the root page → the listing pages (by link text, or `discovery.registry_urls`) →
the merged list of centres → for each centre its listed page, then (when the listed page
is a school's home page) its library page, then the pages and documents in its scope.
Every request, failed ones included, yields a page item; a centre whose last request
has answered yields its visit item. The store pipeline writes both.
"""
from __future__ import annotations

import logging
import sys
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, StopDownload
from scrapy.http import Request, Response

from common.config import Config
from common.labels import status_words
from common.urls import centre_key, is_document, is_social
from crawler import centre as cs
from crawler.budget import BUDGET_SPENT
from crawler.centre import CentreState, find_library_link, is_library_page, plan_links
from crawler.discovery import (
    ListedCentre,
    ListingResult,
    find_listing_links,
    merge_centres,
    page_is_listing,
    parse_listing,
    parse_with_selector,
)
from crawler.encoding import decode_body
from crawler.pages import looks_like_html, page_from_failure, page_from_response
from crawler.platforms import busiest_platform
from crawler.run import PROGRESS_PREFIX
from crawler.status import (
    HTTP_STATUS,
    NOT_AUDITABLE,
    OK,
    OTHER,
    REASON_INTERRUPTED,
    REASON_SOCIAL,
    REASON_TIME_CUT,
    REASON_TRUNCATED,
    SOCIAL,
    describe_failure,
    error_text,
    failure_exception,
    status_for_http,
)
from store.models import utcnow

logger = logging.getLogger(__name__)

MAX_LISTING_PAGES = 20
DOCUMENT_STOP_BYTES = 256 * 1024
MAX_LISTING_DEPTH = 2


def emit_progress(message: str) -> None:
    """A progress line for the parent process (see crawler.run)."""
    sys.stdout.write(PROGRESS_PREFIX + message.replace("\n", " ") + "\n")
    sys.stdout.flush()


class CentreSpider(scrapy.Spider):
    name = "ibcmon"

    def __init__(self, root_url: str, config: Config, run_id: int,
                 registry_urls: list[str] | None = None,
                 given_centres: list[dict[str, Any]] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # centres given as listed (`ibcmon recheck`): crawled without reading the regional site
        self.given = [ListedCentre(c["name"], c.get("municipality"), c["url"], c.get("listed_on") or c["url"],
                                   list(c.get("aliases") or [])) for c in given_centres or []]
        self.root_url = root_url
        self.config = config
        self.run_id = run_id
        self.registry_urls = list(registry_urls or config.discovery.registry_urls)
        self.centres: list[CentreState] = []
        self.listed_owner: dict[str, int] = {}
        self.final_owner: dict[str, int] = {}
        self.finished = 0
        # discovery
        self.pending: set[str] = set()
        self.visited: set[str] = set()
        self.listing_pages: list[dict[str, Any]] = []
        self.listing = ListingResult()
        self.listing_html: dict[str, str] = {}
        self.duplicates: list[dict[str, Any]] = []
        self.discovery_error: str | None = None
        self.discovery_done = False

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> CentreSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.on_headers, signal=signals.headers_received)
        crawler.signals.connect(spider.on_bytes, signal=signals.bytes_received)
        return spider

    # -- byte caps ------------------------------------------------------------------
    def on_headers(self, headers: Any, body_length: int, request: Request, spider: Any = None) -> None:
        meta = request.meta
        if "ibc_role" not in meta:
            return
        meta["ibc_received"] = 0
        content_type = headers.get(b"Content-Type") or headers.get("Content-Type")
        ctype = content_type.decode("latin-1") if isinstance(content_type, bytes) else content_type
        if meta["ibc_role"] == cs.DOCUMENT:
            meta["ibc_doc"] = True
            raise StopDownload(fail=False)  # a document: its headers are what we keep
        if ctype and is_document(request.url, ctype):
            meta["ibc_doc"] = True
            # A small body may already be read whole, and its connection back in the pool:
            # closing it now would make Twisted resend the next request on it. Only a big
            # document is worth stopping; a small one is just received and not parsed.
            if isinstance(body_length, int) and body_length > DOCUMENT_STOP_BYTES:
                raise StopDownload(fail=False)

    def on_bytes(self, data: bytes, request: Request, spider: Any = None) -> None:
        meta = request.meta
        if "ibc_role" not in meta:
            return
        received = meta.get("ibc_received", 0) + len(data)
        meta["ibc_received"] = received
        if received > self.config.crawl.max_response_bytes:
            meta["ibc_truncated"] = True
            raise StopDownload(fail=False)  # keep what came, marked truncated

    # -- discovery --------------------------------------------------------------------
    async def start(self) -> AsyncIterator[Any]:
        if self.given:
            emit_progress(f"Повторная проверка: {', '.join(c.url for c in self.given)}")
            self.listing.centres.extend(self.given)
            for item in self.finish_discovery():
                yield item
            return
        if self.registry_urls:  # the listing pages are given: the root page is not needed
            emit_progress(f"Страницы со списком ИБЦ: {', '.join(self.registry_urls)}")
            for url in self.registry_urls:
                yield self._discovery_request(url, 1)
            return
        emit_progress(f"Сайт РРИБЦ: {self.root_url}")
        yield self._discovery_request(self.root_url, 0)

    def _discovery_request(self, url: str, depth: int) -> Request:
        self.pending.add(url)
        self.visited.add(url)
        return Request(url, callback=self.parse_discovery, errback=self.discovery_failed,
                       dont_filter=True, priority=100, meta={"ibc_disc_url": url, "ibc_disc_depth": depth})

    def parse_discovery(self, response: Response) -> Iterator[Any]:
        url = response.meta["ibc_disc_url"]
        depth = response.meta["ibc_disc_depth"]
        self.pending.discard(url)
        record: dict[str, Any] = {"url": url, "final_url": response.url, "status": response.status, "centres": 0}
        html_text = ""
        content_type = response.headers.get("Content-Type")
        ctype = content_type.decode("latin-1") if content_type else None
        if response.status == 200 and looks_like_html(ctype, response.body):
            html_text, _ = decode_body(response.body, content_type)
        if depth == 0 and not html_text and response.status == 200:
            kind = (ctype or "").split(";")[0].strip() or "тип не указан"
            self.discovery_error = f"по адресу {response.url} не веб-страница ({kind}), а нужен сайт РРИБЦ"
        elif depth == 0 and not html_text:
            self.discovery_error = f"сайт РРИБЦ ответил кодом ошибки {response.status}: {response.url}"
        if html_text:
            yield from self._read_discovery_page(url, response.url, depth, html_text, record)
        if depth > 0 or record["centres"]:
            self.listing_pages.append(record)
        if not self.pending:
            yield from self.finish_discovery()

    def _read_discovery_page(self, url: str, final_url: str, depth: int, html_text: str,
                             record: dict[str, Any]) -> Iterator[Any]:
        keywords = self.config.discovery.listing_keywords
        if depth > 0 or page_is_listing(html_text, keywords):
            self.listing_html[final_url] = html_text
            if self.registry_urls and self.config.discovery.listing_selector:
                result = parse_with_selector(html_text, final_url, self.root_url,
                                             self.config.discovery.listing_selector)
            else:
                result = parse_listing(html_text, final_url, self.root_url)
            record["centres"] = len(result.centres)
            self.listing.extend(result)
            if result.centres or self.registry_urls:
                return
        if depth >= MAX_LISTING_DEPTH:
            return
        for link, _text in find_listing_links(html_text, final_url, keywords):
            if link not in self.visited and len(self.visited) < MAX_LISTING_PAGES:
                yield self._discovery_request(link, depth + 1)

    def discovery_failed(self, failure: Any) -> Iterator[Any]:
        meta = failure.request.meta
        url = meta["ibc_disc_url"]
        self.pending.discard(url)
        reason = describe_failure(failure_exception(failure)).reason
        if meta["ibc_disc_depth"] == 0:
            self.discovery_error = f"сайт РРИБЦ недоступен ({url}): {reason}"
        else:
            self.listing_pages.append({"url": url, "status": None, "error": reason, "centres": 0})
        if not self.pending:
            yield from self.finish_discovery()

    def _selector_fallback(self) -> None:
        selector = self.config.discovery.listing_selector
        if self.listing.centres or not selector or self.registry_urls:
            return
        for url, html_text in self.listing_html.items():
            self.listing.extend(parse_with_selector(html_text, url, self.root_url, selector))

    def discovery_summary(self) -> dict[str, Any]:
        left_out = list({(d["url"], d["reason"]): d for d in self.listing.left_out}.values())
        data: dict[str, Any] = {
            "root_url": self.root_url,
            "mode": "given" if self.given else "registry_urls" if self.registry_urls else "heuristics",
            "listing_pages": [p for p in self.listing_pages if p.get("centres")],
            "pages_read": self.listing_pages,
            "centres_found": len(self.centres),
            "centres": [{**c.listed.to_dict(), "key": c.key} for c in self.centres],
            "left_out": left_out,
            "malformed": self.listing.malformed,
            "duplicates_merged": self.duplicates,
        }
        if self.discovery_error:
            data["error"] = self.discovery_error
        elif not self.centres:
            data["message"] = "на страницах списка не найдено ни одного ИБЦ"
        return data

    def finish_discovery(self) -> Iterator[Any]:
        if self.discovery_done:
            return
        self.discovery_done = True
        try:
            self._selector_fallback()
        except ValueError as exc:
            self.discovery_error = str(exc)
        if self.registry_urls and not any(p.get("status") == 200 for p in self.listing_pages):
            self.discovery_error = self.discovery_error or "страницы со списком ИБЦ недоступны"
        merged, self.duplicates = merge_centres(self.listing.centres)
        self.centres = [CentreState(index=i, listed=c, key=c.key) for i, c in enumerate(merged)]
        self.listed_owner = {c.key: c.index for c in self.centres}
        for state in self.centres:
            for alias in state.listed.aliases:
                self.listed_owner.setdefault(centre_key(alias), state.index)
        yield {"type": "discovery", "data": self.discovery_summary()}
        if self.discovery_error:
            emit_progress(f"Ошибка: {self.discovery_error}")
        pages = len([p for p in self.listing_pages if p.get("centres")])
        emit_progress(f"Найдено ИБЦ: {len(self.centres)} (страниц со списками: {pages})")
        for state in self.centres:
            yield from self.start_centre(state)

    # -- centres ------------------------------------------------------------------------
    def start_centre(self, state: CentreState) -> Iterator[Any]:
        state.started_at = utcnow()
        state.deadline = time.monotonic() + self.config.crawl.max_centre_time
        url = state.listed.url
        if is_social(url):
            state.status, state.reason, state.final_url = NOT_AUDITABLE, REASON_SOCIAL, url
            state.reason_code = SOCIAL
            yield from self.maybe_finish(state)
            return
        state.claim(url)
        try:
            request = self.centre_request(state, url, cs.ENTRY, 0)
        except ValueError as exc:  # a URL Scrapy cannot request
            state.inflight -= 1
            state.status, state.reason, state.final_url = "error", f"неверный адрес: {exc}", url
            yield from self.maybe_finish(state)
            return
        yield request

    def centre_request(self, state: CentreState, url: str, role: str, depth: int,
                       method: str | None = None) -> Request:
        """A request of the centre's crawl; documents are asked with HEAD (headers are what we keep)."""
        if method is None:
            state.scheduled += 1
        state.inflight += 1
        method = method or ("HEAD" if role == cs.DOCUMENT else "GET")
        # a GET stopped after the headers must not leave a half-closed connection in the pool
        headers = {"Connection": "close"} if role == cs.DOCUMENT and method == "GET" else None
        return Request(url, method=method, headers=headers, callback=self.parse_centre_page,
                       errback=self.centre_failed, dont_filter=True, priority=-depth,
                       meta={"ibc_centre": state.index, "ibc_role": role, "ibc_depth": depth, "ibc_url": url,
                             "ibc_deadline": state.deadline})

    def _owner(self, state: CentreState, final_url: str) -> CentreState:
        """The centre a listed page belongs to: another centre when it led to that centre's page."""
        key = centre_key(final_url)
        other = self.final_owner.get(key, self.listed_owner.get(key))
        if other is None or other == state.index:
            self.final_owner.setdefault(key, state.index)
            return state
        target = self.centres[other]
        while target.merged_into is not None:
            target = self.centres[target.merged_into]
        if target is state:
            return state
        state.merged_into = target.index
        state.done = True
        target.aliases.append(state.listed.url)
        self.duplicates.append({"key": state.key, "kept": target.listed.url, "merged": state.listed.url,
                                "name": state.listed.name, "listed_on": state.listed.listed_on,
                                "reason": f"переадресация на {final_url}"})
        return target

    def parse_centre_page(self, response: Response) -> Iterator[Any]:
        meta = response.meta
        state = self.centres[meta["ibc_centre"]]
        state.inflight -= 1
        role, depth = meta["ibc_role"], meta["ibc_depth"]
        if role == cs.DOCUMENT and response.request is not None and response.request.method == "HEAD" \
                and response.status in (405, 501):
            # the server refuses HEAD: ask again with a GET stopped after the headers
            yield self.centre_request(state, meta["ibc_url"], role, depth, method="GET")
            return
        page = page_from_response(response, meta["ibc_url"], depth, role == cs.DOCUMENT)
        owner = self._owner(state, response.url) if role == cs.ENTRY else state
        owner.seen.add(cs.page_key(response.url))
        owner.pages += 1
        owner.bytes += page["size"]
        owner.truncated += int(page["truncated"])
        yield {"type": "page", "centre": owner.info(), "page": page}
        if owner is not state:
            yield {"type": "discovery", "data": {"duplicates_merged": list(self.duplicates)}}
            if owner.done:  # its visit is stored already: store it again with the alias
                yield {"type": "visit", "visit": owner.visit()}
            yield from self.maybe_finish(owner)
            return
        if role in (cs.ENTRY, cs.LIBRARY):
            yield from self._judge_entry(state, role, response, page)
        yield from self._follow(state, page, depth, role)
        yield from self.maybe_finish(state)

    def _judge_entry(self, state: CentreState, role: str, response: Response,
                     page: dict[str, Any]) -> Iterator[Any]:
        state.status, state.reason = status_for_http(response.status)
        state.reason_code = HTTP_STATUS if state.reason else None
        state.http_status = response.status
        state.final_url = response.url
        if state.status != OK:
            return
        if page["truncated"]:
            limit = self.config.crawl.max_response_bytes / 1_000_000
            state.reason = REASON_TRUNCATED.format(limit=f"{limit:g}")
        if role == cs.ENTRY and page["html"] is not None and not is_library_page(page["title"], page["headings"]):
            library = find_library_link(page["links"], response.url)
            if library and not is_social(library):
                state.home_url = response.url
                state.status, state.reason, state.reason_code = None, None, None
                if state.claim(library):
                    yield self.centre_request(state, library, cs.LIBRARY, 0)
                return
        state.scope_url = response.url

    def _follow(self, state: CentreState, page: dict[str, Any], depth: int, role: str) -> Iterator[Request]:
        if page["http_status"] is None or not 200 <= page["http_status"] < 300 or page["is_document"]:
            return
        crawl = self.config.crawl
        if time.monotonic() >= state.deadline:
            state.time_cut = True  # its time budget is spent: keep what was fetched
            return
        for url, next_role, next_depth in plan_links(state, page["links"], depth, role,
                                                     crawl.max_depth, crawl.fetch_documents):
            if state.scheduled >= crawl.max_pages or state.bytes >= crawl.max_centre_bytes:
                return
            if state.claim(url):
                try:
                    yield self.centre_request(state, url, next_role, next_depth)
                except ValueError:  # a URL Scrapy cannot request: the link check reports it
                    state.inflight -= 1
                    state.scheduled -= 1

    def centre_failed(self, failure: Any) -> Iterator[Any]:
        request = failure.request
        meta = request.meta
        state = self.centres[meta["ibc_centre"]]
        state.inflight -= 1
        role = meta["ibc_role"]
        exc = failure_exception(failure)
        if isinstance(exc, IgnoreRequest) and str(exc) == BUDGET_SPENT:
            state.time_cut = True  # dropped at the centre's deadline: nothing to store
            if role in (cs.ENTRY, cs.LIBRARY) and state.status is None:
                state.status, state.reason, state.final_url = "unreachable", None, request.url
            yield from self.maybe_finish(state)
            return
        failed = describe_failure(exc)
        page = page_from_failure(meta["ibc_url"], request.url, meta["ibc_depth"], role == cs.DOCUMENT,
                                 error_text(exc), meta, error_code=failed.code)
        yield {"type": "page", "centre": state.info(), "page": page}
        state.pages += 1
        if role in (cs.ENTRY, cs.LIBRARY):
            state.status, state.reason, state.final_url = failed.status, failed.reason, request.url
            state.reason_code = failed.code
        yield from self.maybe_finish(state)

    def maybe_finish(self, state: CentreState) -> Iterator[Any]:
        if state.inflight > 0 or state.merged_into is not None or (state.done and state.finished_at):
            return
        state.done = True
        state.finished_at = utcnow()
        if state.status is None:
            state.status, state.reason, state.reason_code = "error", "страница не дала ответа", OTHER
        if state.time_cut:
            limit = f"{self.config.crawl.max_centre_time:g}"
            state.reason = "; ".join(r for r in (state.reason, REASON_TIME_CUT.format(limit=limit)) if r)
        self.finished += 1
        yield {"type": "visit", "visit": state.visit()}
        merged = sum(1 for c in self.centres if c.merged_into is not None)
        said = state.reason or status_words(state.status).crawl
        waiting = self._busiest_platform()
        emit_progress(f"[{self.finished}/{len(self.centres) - merged}] {state.listed.name}: {said}; "
                      f"загружено страниц: {state.pages}" + (f"; {waiting}" if waiting else ""))

    def _busiest_platform(self) -> str:
        """The platform most requests wait for (crawler.platforms), for the progress line."""
        engine = getattr(getattr(self, "crawler", None), "engine", None)
        downloader = getattr(engine, "downloader", None)
        return busiest_platform(getattr(downloader, "slots", {}))

    def unfinished_visits(self) -> list[dict[str, Any]]:
        """Visits of the centres still in progress when the crawl was stopped (status known only)."""
        visits = []
        for state in self.centres:
            if state.done or state.merged_into is not None or state.status is None:
                continue
            state.finished_at = utcnow()
            visit = state.visit()
            visit["reason"] = "; ".join(r for r in (state.reason, REASON_INTERRUPTED) if r)
            visits.append(visit)
        return visits
