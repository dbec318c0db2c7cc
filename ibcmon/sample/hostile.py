"""A hostile shared host for generated worlds: what a link check must survive.

On the real network every centre links to the same big sites (НЭБ, ЛитРес, the
Президентская библиотека, regional libraries); one of them limiting robots, or
answering slowly, must not hold the nightly check for hours. `add_hostile(world)` puts
such a host at `HOSTILE_IP` and `hostile_links(world, index)` gives centre `index` its
links there. Every answer of the host:

- counts against a per-client rate limit: above `RATE_LIMIT` requests in a second
  (from one client address) → 429 with `Retry-After: 1`;
- `/katalog/<k>/`: each URL's first request → 429 with `Retry-After: 1`; the URL is
  forgotten after `FORGET_AFTER` seconds without a request to it (so a retry that comes
  late gets a new 429);
- `/kniga/<n>/`: a plain page (the rate limit aside);
- `/medlenno/`: answers after `SLOW_SECONDS`;
- `/po-baitu/`: trickles its status line and headers, a byte a second (a read timeout
  never fires; only a total time limit stops it);
- `/zavisanie/`: accepts the connection and says nothing (for `HANG_SECONDS`);
- `/obryv/`: closes the connection in the middle of the answer.

`ibcmon sample serve --centres 135 --hostile` serves a generated world with it; the
bundled world and its truth are unchanged.
"""
from __future__ import annotations

import asyncio
import collections
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from ibcmon.sample.world import Host, Resource, World, route_key

HOSTILE_IP = "127.0.0.240"
RATE_LIMIT = 8  # requests a second from one client before 429
FORGET_AFTER = 30.0  # seconds of quiet after which a /katalog/ URL answers 429 again
SLOW_SECONDS = 10.0
HANG_SECONDS = 120.0  # bounded: the server stops by itself
TRICKLE_SECONDS = 60.0
CATALOG_URLS = 12  # distinct /katalog/<k>/ pages the centres share

PLAIN, FIRST_429, SLOW, TRICKLE, HANG, CLOSE = "plain", "first_429", "slow", "trickle", "hang", "close"
BAD_PATHS = {SLOW: "/medlenno/", TRICKLE: "/po-baitu/", HANG: "/zavisanie/", CLOSE: "/obryv/"}

Sender = Callable[[web.Request, Resource, bytes, bool], Awaitable[web.StreamResponse]]


class _Abort(asyncio.CancelledError):
    """Ends a handler that wrote its own (broken) answer on the raw connection."""


@dataclass
class HostileState:
    """What the host remembers: recent requests per client, last request per URL."""

    rate_limit: int = RATE_LIMIT
    forget_after: float = FORGET_AFTER
    recent: dict[str, collections.deque[float]] = field(default_factory=dict)
    seen: dict[str, float] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def over_limit(self, client: str, now: float) -> bool:
        with self.lock:
            times = self.recent.setdefault(client, collections.deque())
            while times and times[0] <= now - 1.0:
                times.popleft()
            times.append(now)
            return len(times) > self.rate_limit

    def first_time(self, url: str, now: float) -> bool:
        """True on a URL's first request (or the first after `forget_after` s of quiet)."""
        with self.lock:
            last = self.seen.get(url)
            self.seen[url] = now
            return last is None or now - last > self.forget_after


@dataclass
class HostileResource(Resource):
    """An answer of the hostile host; `SampleServer` hands the request to `respond`."""

    kind: str = PLAIN
    state: HostileState | None = None

    async def respond(self, request: web.Request, path_qs: str, send: Sender) -> web.StreamResponse:
        head = request.method == "HEAD"
        state = self.state or HostileState()
        now = time.monotonic()
        client = request.remote or "?"
        if state.over_limit(client, now):
            return await send(request, _too_many(), b"", head)
        if self.kind == FIRST_429 and state.first_time(route_key(path_qs), now):
            return await send(request, _too_many(), b"", head)
        if self.kind == SLOW:
            await asyncio.sleep(self.delay or SLOW_SECONDS)
        elif self.kind == TRICKLE:
            await _trickle(request)
        elif self.kind == HANG:
            await _hang(request)
        elif self.kind == CLOSE:
            _close_midway(request, head)
        return await send(request, self, self.content(path_qs), head)


def _too_many() -> Resource:
    return Resource(status=429, headers={"Retry-After": "1"}, body="Слишком много запросов".encode(),
                    content_type="text/plain; charset=utf-8")


def _transport(request: web.Request) -> asyncio.Transport:
    transport = request.transport
    if transport is None:
        raise _Abort()
    return transport  # type: ignore[return-value]


async def _trickle(request: web.Request) -> None:
    transport = _transport(request)
    data = b"HTTP/1.1 200 OK\r\nX-Padding: " + b"." * int(TRICKLE_SECONDS) + b"\r\n"
    for i in range(len(data)):
        if transport.is_closing():
            break
        transport.write(data[i:i + 1])
        await asyncio.sleep(1.0)
    transport.close()
    raise _Abort()


async def _hang(request: web.Request) -> None:
    transport = _transport(request)
    waited = 0.0
    while waited < HANG_SECONDS and not transport.is_closing():
        await asyncio.sleep(0.5)
        waited += 0.5
    transport.close()
    raise _Abort()


def _close_midway(request: web.Request, head: bool) -> None:
    transport = _transport(request)
    if head:
        transport.write(b"HTTP/1.1 200 OK\r\nContent-Ty")
    else:
        transport.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                        b"Content-Length: 5000\r\n\r\n<!DOCTYPE html><html><body><p>The beginn")
    transport.close()
    raise _Abort()


def _page(title: str) -> bytes:
    return (f'<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>{title}</title></head>'
            f"<body><h1>{title}</h1><p>Электронная библиотека.</p></body></html>").encode()


class _Pages:
    """The hostile host's answers, made on request."""

    def __init__(self, state: HostileState) -> None:
        self.state = state

    def __call__(self, key: str) -> Resource | None:
        for kind, path in BAD_PATHS.items():
            if key == path:
                return HostileResource(body=_page("Страница"), kind=kind, state=self.state)
        parts = key.strip("/").split("/")
        if key == "/":
            return HostileResource(body=_page("Электронная библиотека"), state=self.state)
        if len(parts) == 2 and parts[1].isdigit() and parts[0] in ("katalog", "kniga"):
            kind = FIRST_429 if parts[0] == "katalog" else PLAIN
            return HostileResource(body=_page(f"Книга {parts[1]}"), kind=kind, state=self.state)
        return None


def add_hostile(world: World, state: HostileState | None = None) -> Host:
    """Put the hostile host into `world` (at `HOSTILE_IP`)."""
    host = world.host(HOSTILE_IP, "hostile")
    host.lazy = _Pages(state or HostileState())
    return host


def hostile_links(world: World, index: int) -> list[tuple[str, str]]:
    """(URL, link text) of centre `index`'s links to the hostile host."""
    bad = list(BAD_PATHS.values())
    return [
        (world.url(HOSTILE_IP, f"/kniga/{index}/"), "Книга месяца в электронной библиотеке"),
        (world.url(HOSTILE_IP, f"/katalog/{index % CATALOG_URLS}/"), "Каталог электронной библиотеки"),
        (world.url(HOSTILE_IP, bad[index % len(bad)]), "Электронная библиотека: подборка"),
    ]


def hostile_urls(world: World) -> dict[str, str]:
    """{kind: URL} of the host's misbehaving pages (for tests)."""
    return {kind: world.url(HOSTILE_IP, path) for kind, path in BAD_PATHS.items()}


__all__: list[Any] = [
    "HOSTILE_IP", "HostileResource", "HostileState", "add_hostile", "hostile_links", "hostile_urls",
]
