"""The store writer: the spider's items into the database, in batches.

Each batch is one transaction, and a centre's visit is written after (or with) its
pages, so the store is consistent wherever the crawl is killed. When the spider
closes, the run's crawl is finished here: `complete` when the crawl ran to its end (an
audit's run: `crawled`, its link check and grading still to come), `incomplete` when it
was shut down early (Ctrl-C, SIGTERM, the parent's death).
"""
from __future__ import annotations

import logging
import os
import time
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from sqlalchemy import select
from sqlalchemy.orm import Session

from store.db import Database, open_database
from store.models import (
    RUN_COMPLETE,
    RUN_FAILED,
    RUN_INCOMPLETE,
    Centre,
    CentreVisit,
    Page,
    Run,
    utcnow,
)

logger = logging.getLogger(__name__)

BATCH_ITEMS = 40
BATCH_SECONDS = 2.0
PAGE_FIELDS = (
    "url", "final_url", "http_status", "error", "error_code", "content_type", "encoding", "headers", "fetched_at",
    "elapsed_ms", "depth", "size", "truncated", "is_document", "title", "headings", "main_text",
    "text_hash", "links", "documents",
)


def upsert_centre(session: Session, info: dict[str, Any]) -> Centre:
    """The `Centre` with this key, created or refreshed from the listing."""
    centre = session.scalars(select(Centre).where(Centre.key == info["key"])).first()
    now = utcnow()
    if centre is None:
        centre = Centre(key=info["key"], name=info["name"][:500], municipality=info.get("municipality"),
                        url=info["url"][:2000], first_seen=now, last_seen=now)
        session.add(centre)
    else:
        centre.name = info["name"][:500] or centre.name
        centre.municipality = info.get("municipality") or centre.municipality
        centre.url = info["url"][:2000]
        centre.last_seen = now
    session.flush()
    return centre


def page_row(run_id: int, centre_id: int, data: dict[str, Any]) -> Page:
    page = Page(run_id=run_id, centre_id=centre_id, **{k: data[k] for k in PAGE_FIELDS})
    page.html = data.get("html")
    return page


class StoreWriter:
    """Buffers items and writes them in batches (usable without Scrapy, for tests)."""

    def __init__(self, db: Database, run_id: int) -> None:
        self.db = db
        self.run_id = run_id
        self.buffer: list[dict[str, Any]] = []
        self.centre_ids: dict[str, int] = {}
        self.last_flush = time.monotonic()
        self.counts: dict[str, Any] = {"pages": 0, "documents": 0, "bytes": 0, "truncated": 0,
                                       "by_status": {}, "centres_by_status": {}, "store_errors": 0}

    def add(self, item: dict[str, Any]) -> None:
        self.buffer.append(item)
        if (len(self.buffer) >= BATCH_ITEMS or item["type"] == "discovery"
                or time.monotonic() - self.last_flush >= BATCH_SECONDS):
            self.flush()

    def _centre_id(self, session: Session, info: dict[str, Any]) -> int:
        cid = self.centre_ids.get(info["key"])
        if cid is None:
            cid = upsert_centre(session, info).id
            self.centre_ids[info["key"]] = cid
        return cid

    def _count_page(self, page: dict[str, Any]) -> None:
        c = self.counts
        c["pages"] += 1
        c["documents"] += int(bool(page["is_document"]))
        c["bytes"] += page["size"]
        c["truncated"] += int(bool(page["truncated"]))
        key = str(page["http_status"]) if page["http_status"] is not None else "error"
        c["by_status"][key] = c["by_status"].get(key, 0) + 1

    def _write(self, session: Session, item: dict[str, Any]) -> None:
        if item["type"] == "discovery":
            run = session.get(Run, self.run_id)
            assert run is not None
            run.discovery = {**(run.discovery or {}), **item["data"]}
        elif item["type"] == "page":
            session.add(page_row(self.run_id, self._centre_id(session, item["centre"]), item["page"]))
            self._count_page(item["page"])
        elif item["type"] == "visit":
            data = dict(item["visit"])
            centre_id = self._centre_id(session, data.pop("centre"))
            visit = session.scalars(select(CentreVisit).where(
                CentreVisit.run_id == self.run_id, CentreVisit.centre_id == centre_id)).first()
            if visit is None:
                visit = CentreVisit(run_id=self.run_id, centre_id=centre_id)
                session.add(visit)
            for key, value in data.items():
                setattr(visit, key, value[:2000] if isinstance(value, str) and key.endswith("url") else value)
            by = self.counts["centres_by_status"]
            by[data["status"]] = by.get(data["status"], 0) + 1

    def flush(self) -> None:
        self.last_flush = time.monotonic()
        if not self.buffer:
            return
        items, self.buffer = self.buffer, []
        try:
            with self.db.session() as session:
                for item in items:
                    self._write(session, item)
                run = session.get(Run, self.run_id)
                if run is not None:
                    run.stats = {**(run.stats or {}), **self.counts}
        except Exception:
            # a failed batch is rolled back whole; the crawl goes on
            logger.exception("could not store %d items", len(items))
            self.centre_ids.clear()
            self.counts["store_errors"] += len(items)


class StorePipeline:
    """Scrapy item pipeline around `StoreWriter`; finishes the run when the spider closes."""

    def __init__(self, crawler: Crawler, db_url: str, run_id: int) -> None:
        self.crawler = crawler
        self.db_url = db_url
        self.run_id = run_id
        self.writer: StoreWriter | None = None
        self.started = time.monotonic()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        pipeline = cls(crawler, crawler.settings["IBCMON_DB_URL"], crawler.settings.getint("IBCMON_RUN_ID"))
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def open_spider(self) -> None:
        self.writer = StoreWriter(open_database(self.db_url, migrate=False), self.run_id)

    def process_item(self, item: Any) -> Any:
        assert self.writer is not None
        self.writer.add(item)
        return item

    def close_spider(self) -> None:
        assert self.writer is not None
        spider = self.crawler.spider
        for visit in getattr(spider, "unfinished_visits", lambda: [])():
            self.writer.buffer.append({"type": "visit", "visit": visit})
        self.writer.flush()

    def spider_closed(self, spider: Any, reason: str) -> None:
        if self.writer is None:
            return
        from crawler.run import PARENT_PID_ENV, finish_run

        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        extra = {
            **self.writer.counts,
            "duration": round(time.monotonic() - self.started, 2),
            "requests": stats.get("downloader/request_count", 0),
            "responses": stats.get("downloader/response_count", 0),
            "robots_forbidden": stats.get("robotstxt/forbidden", 0),
            "retries": stats.get("retry/count", 0),
            "close_reason": reason,
            "centres_found": len(getattr(spider, "centres", [])),
        }
        status = RUN_COMPLETE if reason == "finished" else RUN_INCOMPLETE
        error = getattr(spider, "discovery_error", None)
        if error and status == RUN_COMPLETE and not extra["centres_found"]:
            status = RUN_FAILED  # the regional site could not be read at all
        # an audit's run goes back to the process that started this crawl (its link check
        # and grading follow there); a plain crawl is complete here
        parent = os.environ.get(PARENT_PID_ENV, "")
        finish_run(self.writer.db, self.run_id, status, stats=extra, error=error,
                   owner_pid=int(parent) if parent.isdigit() else None)
        self.writer.db.dispose()
