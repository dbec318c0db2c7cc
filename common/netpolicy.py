"""Where the tool may connect: only http(s), and by default only to public addresses.

A centre's page (which anyone can edit) or the regional listing could name any URL:
the monitoring host's own services on loopback (its PostgreSQL, Redis), a cloud's
metadata service at 169.254.169.254, the private network. By default neither the
crawler nor the link checker connects to loopback, link-local, private, shared,
multicast or reserved addresses. The decision is made on the addresses a host name
resolves to (every one of them must be allowed), and again on every redirect hop,
since each hop is a new request. `allow_private` (`[network] allow_private = true`,
set by the sample world, the demo and the tests) turns the address rule off;
`allow_networks` lets named networks through while it is on.

Both stages use this module: the crawler through `crawler.netguard` (a Scrapy
downloader middleware), the link checker through `guarded_transport` (an httpx
transport that checks each request and connects to the very address it checked).
"""
from __future__ import annotations

import asyncio
import ipaddress
import os
import socket
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import httpx

ALLOW_PRIVATE_ENV = "IBCMON_ALLOW_PRIVATE"
SCHEMES = frozenset({"http", "https"})
MAX_ADDRESSES_TRIED = 3  # of a name with several addresses, when a connection fails

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

# the Russian reason a librarian reads on a link that was not checked (verdict `excluded`)
REASON_PRIVATE = "адрес во внутренней сети ({address}): такие ссылки не проверяются"
REASON_SCHEME = "адрес не http и не https: такие ссылки не открываются"


def allow_private_default() -> bool:
    """`[network] allow_private` when the config file does not say: $IBCMON_ALLOW_PRIVATE."""
    return os.environ.get(ALLOW_PRIVATE_ENV, "").strip().lower() in ("1", "true", "yes")


class AddressNotAllowed(Exception):
    """A request the policy forbids; `reason` is the Russian text for the verdict."""

    def __init__(self, reason: str, address: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.address = address


def parse_networks(values: Iterable[str]) -> tuple[IPNetwork, ...]:
    """CIDR strings ("10.20.0.0/16", "192.168.1.5") as networks; ValueError names a bad one."""
    networks = []
    for value in values:
        try:
            networks.append(ipaddress.ip_network(value.strip(), strict=False))
        except ValueError as exc:
            raise ValueError(f"не сеть и не адрес: {value!r}") from exc
    return tuple(networks)


def is_public(address: IPAddress) -> bool:
    """A global unicast address (IPv4-mapped IPv6 judged by its IPv4 part)."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


@dataclass(frozen=True)
class NetworkPolicy:
    allow_private: bool = False
    allow_networks: tuple[IPNetwork, ...] = field(default_factory=tuple)

    @classmethod
    def from_settings(cls, allow_private: bool, allow_networks: Iterable[str] = ()) -> NetworkPolicy:
        return cls(allow_private=allow_private, allow_networks=parse_networks(allow_networks))

    @classmethod
    def default(cls) -> NetworkPolicy:
        return cls(allow_private=allow_private_default())

    def address_allowed(self, address: IPAddress) -> bool:
        if self.allow_private or is_public(address):
            return True
        return any(address in network for network in self.allow_networks)

    def check_scheme(self, url: str) -> None:
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme not in SCHEMES:
            raise AddressNotAllowed(REASON_SCHEME)

    def check_addresses(self, addresses: Iterable[str]) -> None:
        """Every address must be allowed (a name resolving to one private address is refused)."""
        for text in addresses:
            address = ipaddress.ip_address(text.split("%", 1)[0])
            if not self.address_allowed(address):
                raise AddressNotAllowed(REASON_PRIVATE.format(address=address), str(address))


def ip_literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        return None


async def resolve(host: str, port: int) -> list[str]:
    """The host's addresses, as the connection would find them (getaddrinfo, TCP)."""
    if ip_literal(host) is not None:
        return [host.strip("[]")]
    loop = asyncio.get_running_loop()
    infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class GuardedTransport(httpx.AsyncBaseTransport):
    """An httpx transport that refuses what the policy forbids, request by request.

    With follow_redirects every hop is a request of its own, so every hop is checked.
    When the address rule is on, the request goes to the very address that was checked
    (the URL's host replaced by it; Host header and TLS server name keep the name), so a
    second DNS answer cannot send it elsewhere.
    """

    DNS_TTL = 60.0  # seconds an answer is reused (a host's next URLs need no new lookup)

    def __init__(self, inner: httpx.AsyncBaseTransport, policy: NetworkPolicy) -> None:
        self.inner = inner
        self.policy = policy
        self._dns: dict[tuple[str, int], tuple[float, list[str]]] = {}

    async def _addresses(self, host: str, port: int) -> list[str]:
        now = time.monotonic()
        cached = self._dns.get((host, port))
        if cached is not None and now - cached[0] < self.DNS_TTL:
            return cached[1]
        addresses = await resolve(host, port)
        self._dns[(host, port)] = (now, addresses)
        return addresses

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        self.policy.check_scheme(str(url))
        if self.policy.allow_private:
            return await self.inner.handle_async_request(request)
        host = url.host
        port = url.port or (443 if url.scheme == "https" else 80)
        addresses = await self._addresses(host, port)
        if not addresses:
            raise httpx.ConnectError(f"no address for {host}", request=request)
        self.policy.check_addresses(addresses)
        if ip_literal(host) is not None:
            return await self.inner.handle_async_request(request)
        # IPv4 first (schools' hosting seldom routes IPv6); the next address only when
        # the connection itself failed, as a browser would
        ordered = sorted(addresses, key=lambda a: ":" in a)[:MAX_ADDRESSES_TRIED]
        for address in ordered[:-1]:
            try:
                return await self.inner.handle_async_request(_pinned(request, address))
            except httpx.ConnectError:
                continue
        return await self.inner.handle_async_request(_pinned(request, ordered[-1]))

    async def aclose(self) -> None:
        await self.inner.aclose()


def _pinned(request: httpx.Request, address: str) -> httpx.Request:
    """The same request sent to `address`: Host header and TLS name stay the host's name."""
    extensions: dict[str, Any] = dict(request.extensions)
    if request.url.scheme == "https":
        extensions.setdefault("sni_hostname", request.url.host)
    target = request.url.copy_with(host=address)
    return httpx.Request(request.method, target, headers=request.headers, stream=request.stream,
                         extensions=extensions)
