"""One httpx connection pool per host, a bounded number of them open at once.

httpcore's pool scans every connection it holds for each request (and polls each idle
socket), so one shared pool over hundreds of hosts costs O(connections) per request.
A pool per host keeps that scan to the host's own one or two connections and lets a
host's next URL reuse its keep-alive connection. At most `max_open` pools stay open:
the least recently used idle one is closed first (file descriptors stay bounded).
"""
from __future__ import annotations

import ssl
from collections import OrderedDict
from dataclasses import dataclass

import certifi
import httpx

from common.netpolicy import GuardedTransport, NetworkPolicy


@dataclass
class _Entry:
    client: httpx.AsyncClient
    busy: int = 0


class HostClients:
    def __init__(
        self,
        *,
        headers: dict[bytes, bytes],
        timeout: float,
        per_host: int,
        transport: httpx.AsyncBaseTransport | None = None,
        max_open: int = 256,
        policy: NetworkPolicy | None = None,
    ) -> None:
        self.headers = headers
        self.timeout = httpx.Timeout(timeout)
        self.limits = httpx.Limits(
            max_connections=per_host + 1, max_keepalive_connections=per_host + 1, keepalive_expiry=10.0
        )
        self.transport = transport
        self.policy = policy or NetworkPolicy.default()
        self.max_open = max(1, max_open)
        self._open: OrderedDict[tuple[str, bool], _Entry] = OrderedDict()
        self._verifying: ssl.SSLContext | None = None
        self._insecure: ssl.SSLContext | None = None

    def _context(self, insecure: bool) -> ssl.SSLContext:
        # one SSL context for every pool: building one loads the CA bundle (slow)
        if insecure:
            if self._insecure is None:
                ctx = ssl.create_default_context()
                ctx.check_hostname = False
                ctx.verify_mode = ssl.CERT_NONE
                self._insecure = ctx
            return self._insecure
        if self._verifying is None:
            self._verifying = ssl.create_default_context(cafile=certifi.where())
        return self._verifying

    async def acquire(self, host: str, insecure: bool = False) -> httpx.AsyncClient:
        key = (host, insecure)
        entry = self._open.get(key)
        if entry is None:
            await self._make_room()
            entry = _Entry(httpx.AsyncClient(
                http1=True, http2=False, follow_redirects=False, timeout=self.timeout,
                limits=self.limits, headers=self.headers, verify=self._context(insecure),
                transport=self._transport(insecure),
                # proxies from the environment would bypass the network policy's check
                trust_env=self.transport is None and self.policy.allow_private,
            ))
            self._open[key] = entry
        self._open.move_to_end(key)
        entry.busy += 1
        return entry.client

    def _transport(self, insecure: bool) -> httpx.AsyncBaseTransport:
        """Every request (robots.txt and its redirects included) passes the network policy."""
        inner = self.transport or httpx.AsyncHTTPTransport(
            verify=self._context(insecure), limits=self.limits, http1=True, http2=False,
        )
        return GuardedTransport(inner, self.policy)

    def release(self, host: str, insecure: bool = False) -> None:
        entry = self._open.get((host, insecure))
        if entry is not None:
            entry.busy -= 1

    async def _make_room(self) -> None:
        while len(self._open) >= self.max_open:
            idle = next((k for k, e in self._open.items() if e.busy <= 0), None)
            if idle is None:
                return  # every pool is busy: go over the bound for a while
            entry = self._open.pop(idle)
            await entry.client.aclose()

    async def aclose(self) -> None:
        entries = list(self._open.values())
        self._open.clear()
        for entry in entries:
            await entry.client.aclose()
