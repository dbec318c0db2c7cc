"""Platforms: hosts that share one politeness budget, in the crawl and in the link check.

Most school sites live on a few platforms (Госвеб `*.gosweb.gosuslugi.ru`, uCoz, Народ,
Blogspot): a hundred centres there are a hundred host names on the same servers. Counted
per host name, the crawl would open `concurrency_per_host` connections to each of them at
once, and the platform's protection would throttle or ban us. So a *platform* is:

- a domain named in `[politeness] shared_domains`, for every host under it (no DNS
  needed: the platform spreads its sites over many addresses);
- otherwise the address a host name resolves to (hosts on one server share it);
- otherwise (the name does not resolve) the host itself: its download fails on its own.

Requests to one platform share its concurrency and delay. In the crawl this is Scrapy's
own download slot (`request.meta["download_slot"]`, set by `PlatformSlotMiddleware`); the
link check keeps one `pacing.Platform` per platform.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from common.netpolicy import ip_literal

if TYPE_CHECKING:  # Scrapy is imported where the crawl runs, not by the link check
    from scrapy.http import Request

SHARED_DOMAINS_SETTING = "IBCMON_SHARED_DOMAINS"
DOWNLOAD_SLOT = "download_slot"  # Scrapy's own meta key (scrapy.core.downloader.Downloader)


def shared_domain(host: str, domains: Iterable[str]) -> str | None:
    """The configured platform domain `host` belongs to (itself or a subdomain), if any."""
    name = host.lower().rstrip(".")
    for domain in domains:
        domain = domain.lower().rstrip(".")
        if name == domain or name.endswith("." + domain):
            return domain
    return None


def address_key(address: str) -> str:
    """The platform key of hosts that resolve to `address`."""
    return f"addr:{address}"


class PlatformSlotMiddleware:
    """Puts every request into its platform's download slot (Scrapy then applies
    CONCURRENT_REQUESTS_PER_DOMAIN and DOWNLOAD_DELAY per slot, i.e. per platform).

    Runs on every request, redirect hops and robots.txt included: a hop to another host
    carries the slot of the hop before it in its meta, so the slot is always set anew.
    The address comes from Scrapy's own caching resolver, which the download then uses.
    """

    def __init__(self, domains: list[str]) -> None:
        self.domains = [d.lower().rstrip(".") for d in domains]
        self._by_host: dict[str, str] = {}  # host name -> slot key (DNS asked once per host)

    @classmethod
    def from_crawler(cls, crawler: Any) -> PlatformSlotMiddleware:
        return cls(crawler.settings.getlist(SHARED_DOMAINS_SETTING))

    async def process_request(self, request: Request) -> None:
        from scrapy.utils.httpobj import urlparse_cached

        host = (urlparse_cached(request).hostname or "").lower()
        key = self._by_host.get(host)
        if key is None:
            key = await self._platform(host)
            self._by_host[host] = key
        request.meta[DOWNLOAD_SLOT] = key

    async def _platform(self, host: str) -> str:
        domain = shared_domain(host, self.domains)
        if domain is not None:
            return domain
        if ip_literal(host) is not None:
            return address_key(host.strip("[]"))
        from scrapy.utils.defer import maybe_deferred_to_future
        from twisted.internet import reactor

        try:
            address = await maybe_deferred_to_future(reactor.resolve(host))  # type: ignore[attr-defined,arg-type]
        except Exception:  # no such host: its own slot; the download reports the failure
            return host
        return address_key(str(address))


def platform_label(key: str) -> str:
    """A slot key as a reader would name it: the domain, or the address."""
    return key.removeprefix("addr:")


BUSY_QUEUE = 10  # requests waiting for one platform before the progress line names it


def busiest_platform(slots: Any) -> str:
    """«ждём платформу X: в очереди N» for the download slot most requests wait for (Scrapy's
    `engine.downloader.slots`), or "" when no platform holds up many."""
    best_key, best = "", 0
    for key, slot in dict(slots).items():
        waiting = len(getattr(slot, "queue", ()))
        if waiting > best:
            best_key, best = key, waiting
    if best < BUSY_QUEUE:
        return ""
    return f"ждём {platform_label(best_key)}: в очереди {best}"
