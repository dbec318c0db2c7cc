"""The network policy in the crawl (`common.netpolicy`): a resolver and a downloader middleware.

Scrapy 2.19 resolves names through one resolver object installed on the reactor
(`TWISTED_DNS_RESOLVER`, by default `CachingThreadedResolver`): the middleware's
`reactor.resolve()` and the download's connection (Twisted's `HostnameEndpoint`, through
`reactor.nameResolver`, which wraps the same object) both ask it. `GuardedResolver`
takes its place, so the policy is applied where the address is decided:

- an answer is checked before anyone sees it; a forbidden one is refused
  (`AddressRefused`), never cached;
- only checked answers are cached, and the download reads the same cache, so it connects
  to the very address the middleware checked; an answer missing from the cache (evicted,
  say) is looked up and checked again, never used unchecked;
- a name that cannot be resolved fails the request (the DNS error), fail closed: a second
  lookup by the download can no longer lead to an address nobody checked.

`NetworkGuardMiddleware` runs before any request leaves (robots.txt included, and every
redirect hop, which RedirectMiddleware makes a new request): only http and https, and a
forbidden address ends the request as `AddressNotAllowed` (an `IgnoreRequest`: the page
is stored with the Russian reason, the centre is `not_auditable`).
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request
from scrapy.resolver import CachingThreadedResolver
from scrapy.utils.datatypes import LocalCache
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet import defer
from twisted.internet.error import DNSLookupError

from common import netpolicy
from common.netpolicy import NetworkPolicy, ip_literal

ALLOW_PRIVATE_SETTING = "IBCMON_ALLOW_PRIVATE"
ALLOW_NETWORKS_SETTING = "IBCMON_ALLOW_NETWORKS"


def policy_from_settings(settings: Any) -> NetworkPolicy:
    return NetworkPolicy.from_settings(
        settings.getbool(ALLOW_PRIVATE_SETTING), settings.getlist(ALLOW_NETWORKS_SETTING))


class AddressNotAllowed(IgnoreRequest, netpolicy.AddressNotAllowed):
    """A request the network policy forbids (never sent)."""

    def __init__(self, reason: str, address: str = "") -> None:
        netpolicy.AddressNotAllowed.__init__(self, reason, address)


class AddressRefused(DNSLookupError, netpolicy.AddressNotAllowed):
    """The resolver's refusal: a name whose address the policy forbids has no address for us."""

    def __init__(self, reason: str, address: str = "") -> None:
        netpolicy.AddressNotAllowed.__init__(self, reason, address)


class GuardedResolver(CachingThreadedResolver):
    """Scrapy's caching threaded resolver that hands out checked addresses only."""

    def __init__(self, reactor: Any, cache_size: int, timeout: float, policy: NetworkPolicy) -> None:
        super().__init__(reactor, cache_size, timeout)
        self.policy = policy
        # a cache of our own: Scrapy's module-wide `dnscache` may hold answers nobody checked
        self.checked: LocalCache[str, str] = LocalCache(max(cache_size, 1))

    @classmethod
    def from_crawler(cls, crawler: Any, reactor: Any) -> GuardedResolver:
        settings = crawler.settings
        size = settings.getint("DNSCACHE_SIZE") if settings.getbool("DNSCACHE_ENABLED") else 0
        return cls(reactor, size, settings.getfloat("DNS_TIMEOUT"), policy_from_settings(settings))

    def getHostByName(self, name: str, timeout: Sequence[int] = ()) -> defer.Deferred[str]:  # noqa: N802 (Twisted's name)
        if self.policy.allow_private or ip_literal(name) is not None:
            return super().getHostByName(name, timeout)  # the rule is off; a literal is checked by the middleware
        if name in self.checked:
            return defer.succeed(self.checked[name])
        # the lookup itself, uncached (ThreadedResolver's), with Scrapy's DNS_TIMEOUT
        lookup: defer.Deferred[str] = super(CachingThreadedResolver, self).getHostByName(name, (self.timeout,))  # type: ignore[arg-type]
        return lookup.addCallback(self.checked_answer, name)

    def checked_answer(self, address: str, name: str) -> str:
        """The answer for `name`, once the policy allows it (then cached), or AddressRefused."""
        try:
            self.policy.check_addresses([address])
        except netpolicy.AddressNotAllowed as exc:
            raise AddressRefused(exc.reason, exc.address) from None
        self.checked[name] = address
        return address


class NetworkGuardMiddleware:
    def __init__(self, policy: NetworkPolicy) -> None:
        self.policy = policy

    @classmethod
    def from_crawler(cls, crawler: Any) -> NetworkGuardMiddleware:
        return cls(policy_from_settings(crawler.settings))

    async def process_request(self, request: Request) -> None:
        try:
            self.policy.check_scheme(request.url)
        except netpolicy.AddressNotAllowed as exc:
            raise AddressNotAllowed(exc.reason) from None
        if self.policy.allow_private:
            return
        host = urlparse_cached(request).hostname or ""
        try:
            if ip_literal(host) is not None:
                addresses = [host]
            else:
                from twisted.internet import reactor

                # GuardedResolver (the crawl's TWISTED_DNS_RESOLVER) checks and pins the
                # answer; a failed lookup fails the request here (DNSLookupError), closed
                addresses = [await maybe_deferred_to_future(reactor.resolve(host))]  # type: ignore[attr-defined,arg-type]
            self.policy.check_addresses(addresses)
        except netpolicy.AddressNotAllowed as exc:
            raise AddressNotAllowed(exc.reason, exc.address) from None
