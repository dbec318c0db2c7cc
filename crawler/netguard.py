"""The network policy in the crawl: a Scrapy downloader middleware (`common.netpolicy`).

Every request the crawl makes passes `process_request`: discovery, centre pages,
documents, robots.txt, and every redirect hop (RedirectMiddleware makes each hop a new
request, which comes through here again). Only http and https go out; by default a host
whose address is loopback, link-local, private or reserved is refused before any
connection (`AddressNotAllowed`, an `IgnoreRequest`: the page is stored with the reason,
the centre is `not_auditable`). The address is the one Scrapy's own caching resolver
gives, which is the one the download then connects to.
"""
from __future__ import annotations

from typing import Any

from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached

from common import netpolicy
from common.netpolicy import NetworkPolicy, ip_literal

ALLOW_PRIVATE_SETTING = "IBCMON_ALLOW_PRIVATE"
ALLOW_NETWORKS_SETTING = "IBCMON_ALLOW_NETWORKS"


class AddressNotAllowed(IgnoreRequest, netpolicy.AddressNotAllowed):
    """A request the network policy forbids (never sent)."""

    def __init__(self, reason: str, address: str = "") -> None:
        netpolicy.AddressNotAllowed.__init__(self, reason, address)


class NetworkGuardMiddleware:
    def __init__(self, policy: NetworkPolicy) -> None:
        self.policy = policy

    @classmethod
    def from_crawler(cls, crawler: Any) -> NetworkGuardMiddleware:
        settings = crawler.settings
        return cls(NetworkPolicy.from_settings(
            settings.getbool(ALLOW_PRIVATE_SETTING), settings.getlist(ALLOW_NETWORKS_SETTING)
        ))

    async def process_request(self, request: Request) -> None:
        try:
            self.policy.check_scheme(request.url)
        except netpolicy.AddressNotAllowed as exc:
            raise AddressNotAllowed(exc.reason) from None
        if self.policy.allow_private:
            return
        host = urlparse_cached(request).hostname or ""
        if ip_literal(host) is not None:
            addresses = [host]
        else:
            from twisted.internet import reactor

            try:
                addresses = [await maybe_deferred_to_future(reactor.resolve(host))]  # type: ignore[attr-defined,arg-type]
            except Exception:  # no such host: the download fails the same way, with its own error
                return
        try:
            self.policy.check_addresses(addresses)
        except netpolicy.AddressNotAllowed as exc:
            raise AddressNotAllowed(exc.reason, exc.address) from None
