"""A Scrapy downloader that keeps the per-host concurrency limit under asyncio.

Scrapy 2.19's `Downloader._process_queue` starts each download as an asyncio task and
counts a request as "transferring" only once that task runs. With no download delay the
loop pops the whole queue before any task has started, so every queued request to a
host goes out at once: the request log of the sample world showed 4–5 requests in
flight to one host with CONCURRENT_REQUESTS_PER_DOMAIN = 2. (With a delay the next pop
waits for a timer, by which time the tasks have run, so the bug hides.)

The fix reserves the transferring place when the request is popped; `_download` adds
the same request to the same set again (a no-op) and removes it when done.

A request whose centre has spent its time budget is dropped as it leaves the queue
(`crawler.budget`).
"""
from __future__ import annotations

from time import monotonic
from typing import Any

from scrapy.core.downloader import Downloader, Slot
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from scrapy.utils.asyncio import call_later
from scrapy.utils.defer import _schedule_coro

from crawler import budget


class PoliteDownloader(Downloader):
    def _process_queue(self, slot: Slot) -> None:
        if slot.latercall:
            return
        now = monotonic()
        delay = slot.download_delay()
        if delay:
            penalty = delay - now + slot.lastseen
            if penalty > 0:
                slot.latercall = call_later(penalty, self._latercall, slot)
                return
        while slot.queue and slot.free_transfer_slots() > 0:
            slot.lastseen = now
            request, queue_dfd = slot.queue.popleft()
            slot.transferring.add(request)  # reserve now: the task below starts later
            _schedule_coro(self._wait_for_download(slot, request, queue_dfd))
            if delay:
                self._process_queue(slot)
                break


    async def _download(self, slot: Slot, request: Request) -> Response:
        try:
            budget.enforce(request)  # the centre's time budget, checked as the request goes out
        except IgnoreRequest:
            slot.transferring.discard(request)  # the place reserved above, for the next one
            self._process_queue(slot)
            raise
        return await super()._download(slot, request)


def _check_compatible() -> Any:
    """The private methods this class relies on exist (a test calls this)."""
    return (Downloader._process_queue, Downloader._latercall, Downloader._wait_for_download, Downloader._download)
