"""The crawl's time budget per centre (`[crawl] max_centre_time`).

Each centre's requests carry that centre's deadline (`meta["ibc_deadline"]`, in
`time.monotonic()`, set when its crawl starts). `BudgetedHTTPHandler`, the crawl's
download handler for http and https (Scrapy's public `DOWNLOAD_HANDLERS`), calls `enforce`
when a request leaves the host's queue for the network: a downloader middleware would be
too early, since it runs before the request waits in the host's queue. Past the deadline
the request is dropped
(`IgnoreRequest` with `BUDGET_SPENT`; the spider keeps what the centre's crawl fetched
and gives the reason); before it, the request may run only until it (`download_timeout`
cut to the time left, at least `MIN_TIMEOUT`).
"""
from __future__ import annotations

import time

from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response

BUDGET_SPENT = "ibcmon: centre time budget spent"
MIN_TIMEOUT = 1.0  # a request sent just before the deadline still gets this long


def enforce(request: Request) -> None:
    deadline = request.meta.get("ibc_deadline")
    if deadline is None:
        return
    left = deadline - time.monotonic()
    if left <= 0:
        raise IgnoreRequest(BUDGET_SPENT)
    timeout = request.meta.get("download_timeout")
    request.meta["download_timeout"] = max(MIN_TIMEOUT, min(timeout, left) if timeout else left)


class BudgetedHTTPHandler(HTTP11DownloadHandler):
    """Scrapy's HTTP/1.1 handler, asked only while the request's centre has time left."""

    async def download_request(self, request: Request) -> Response:
        enforce(request)
        return await super().download_request(request)
