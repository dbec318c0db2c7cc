"""The link-check engine against a tiny aiohttp server on loopback (no sample world).

Each test gets its own server (own port; several loopback addresses where a test needs
several hosts). The server logs every request with its start and end, so the tests can
count requests per URL and measure overlaps per host.

Tests of time (pacing, budgets, Retry-After) use `vserver` and `run_virtual`: the server
and the checker share one event loop whose clock is virtual (`looptime`): a sleep, a
timeout or a Retry-After pause takes no real time, the clock jumps to the next timer
when nothing else can happen, and the server's log is stamped with the same loop time,
so the timings the tests read are exact, whatever the machine's load.
"""
from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import looptime
import pytest
from aiohttp import web

from common.config import LinkcheckConfig
from crawler.linkcheck.check import Known, LinkChecker, Outcome, check_urls, parse_retry_after
from crawler.linkcheck.urls import normalize_url
from ibcmon.sample.server import max_in_flight

Handler = Callable[[web.Request, int], Any]
# Loop turns with nothing to do before the virtual clock jumps to the next timer (looptime's
# own default is 42): the answer of the server in the same loop comes through loopback at
# once, but a busy machine may deliver it a little later; a jump before it arrives would
# run out a timeout that never ran out. A few hundred turns cost milliseconds per jump.
NOOP_CYCLES = 400


@dataclass
class MiniServer:
    """aiohttp in a thread; `routes[path](request, hit_number)` returns a web.Response."""

    ips: list[str] = field(default_factory=lambda: ["127.0.0.1"])
    routes: dict[str, Handler] = field(default_factory=dict)
    log: list[dict[str, Any]] = field(default_factory=list)
    port: int = 0
    hits: dict[tuple[str, str, str], int] = field(default_factory=dict)
    clock: Callable[[], float] = time.time  # what the log's start and end are read from

    def url(self, path: str, ip: str | None = None) -> str:
        return f"http://{ip or self.ips[0]}:{self.port}{path}"

    def count(self, path: str, ip: str | None = None) -> int:
        ip = ip or self.ips[0]
        return sum(1 for e in self.log if e["path"] == path and e["host"] == ip)

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        start = self.clock()
        ip = request.transport.get_extra_info("sockname")[0] if request.transport else "?"
        key = (ip, request.method, request.path_qs)
        hit = self.hits.get((ip, "*", request.path_qs), 0)
        self.hits[(ip, "*", request.path_qs)] = hit + 1
        self.hits[key] = self.hits.get(key, 0) + 1
        status = 500
        try:
            handler = self.routes.get(request.path)
            if handler is None:
                response = web.Response(status=404, text="нет такой страницы")
            else:
                response = await handler(request, hit) if asyncio.iscoroutinefunction(handler) else handler(request, hit)
            status = response.status
            return response
        finally:
            self.log.append({"host": ip, "method": request.method, "path": request.path_qs,
                             "status": status, "start": start, "end": self.clock(),
                             "ua": request.headers.get("User-Agent", "")})

    async def serve(self) -> None:
        """Listen on every address, in the running loop."""
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self.runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=0.2)
        await self.runner.setup()
        for ip in self.ips:
            site = web.TCPSite(self.runner, ip, self.port)
            await site.start()
            if not self.port:
                self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    def start(self) -> None:
        """Serve from a thread of its own, on the wall clock."""
        ready = threading.Event()
        self.loop = asyncio.new_event_loop()

        def run() -> None:
            asyncio.set_event_loop(self.loop)
            self.loop.run_until_complete(self.serve())
            ready.set()
            self.loop.run_forever()
            self.loop.run_until_complete(self.runner.cleanup())
            pending = asyncio.all_tasks(self.loop)
            for task in pending:  # handlers still sleeping (the slow answers)
                task.cancel()
            self.loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
            self.loop.close()

        self.thread = threading.Thread(target=run, daemon=True)
        self.thread.start()
        ready.wait(10)

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)

    # -- on a virtual clock, in the checker's own loop ----------------------------------
    def start_virtual(self) -> None:
        """Serve in a loop on a virtual clock (`looptime`, starting at 0), which
        `run_virtual` then runs the checker in: one loop, one clock."""
        self.loop = looptime.new_event_loop(start=0.0, noop_cycles=NOOP_CYCLES)
        self.clock = self.loop.time
        self.loop.run_until_complete(self.serve())

    def stop_virtual(self) -> None:
        self.loop.run_until_complete(self.runner.cleanup())
        pending = asyncio.all_tasks(self.loop)
        for task in pending:
            task.cancel()
        if pending:
            self.loop.run_until_complete(asyncio.wait(pending))
        self.loop.close()


def ok(_request: web.Request, _hit: int) -> web.Response:
    return web.Response(text="<html><body>ok</body></html>", content_type="text/html")


def fast_config(**kw: Any) -> LinkcheckConfig:
    base: dict[str, Any] = {"delay": 0.0, "timeout": 5.0, "confirm_delay": 0.2, "max_retry_after": 5.0}
    base.update(kw)
    return LinkcheckConfig(**base)


def run(urls: list[str], config: LinkcheckConfig | None = None, **kw: Any) -> dict[str, Any]:
    return check_urls(urls, config or fast_config(), "ibcmon-test/1.0 (+test)", **kw)


@dataclass
class VirtualRun:
    """What `run_virtual` saw: the verdicts, and the loop times the check began and ended."""

    results: dict[str, Outcome]
    began: float
    ended: float

    @property
    def elapsed(self) -> float:
        return self.ended - self.began


def run_virtual(server: MiniServer, urls: list[str], config: LinkcheckConfig | None = None,
                **kw: Any) -> VirtualRun:
    """The check of `urls`, in the loop of a `vserver` (its virtual clock)."""
    checker = LinkChecker(config or fast_config(), "ibcmon-test/1.0 (+test)", **kw)
    began = server.loop.time()
    results = server.loop.run_until_complete(checker.check_all(list(dict.fromkeys(urls))))
    return VirtualRun(results, began, server.loop.time())


def test_ok_404_and_head_then_get(server: MiniServer) -> None:
    server.routes["/ok"] = ok

    def no_head(request: web.Request, _hit: int) -> web.Response:
        if request.method == "HEAD":
            return web.Response(status=405)
        return ok(request, 0)

    server.routes["/no-head"] = no_head
    urls = [server.url("/ok"), server.url("/missing"), server.url("/no-head")]
    results = run(urls)
    assert results[urls[0]].verdict == "ok"
    assert results[urls[1]].verdict == "broken"
    assert results[urls[1]].error == "страница не найдена (404)"
    assert results[urls[1]].http_status == 404
    assert results[urls[2]].verdict == "ok"
    methods = [e["method"] for e in server.log if e["path"] == "/no-head"]
    assert methods == ["HEAD", "GET"]
    # a 404 to HEAD is confirmed by GET right away, never more
    assert [e["method"] for e in server.log if e["path"] == "/missing"] == ["HEAD", "GET"]
    assert all(e["ua"] == "ibcmon-test/1.0 (+test)" for e in server.log)


def test_head_refused_once_means_get_for_the_host(server: MiniServer) -> None:
    def no_head(request: web.Request, _hit: int) -> web.Response:
        return web.Response(status=501) if request.method == "HEAD" else ok(request, 0)

    for i in range(6):
        server.routes[f"/p{i}"] = no_head
    urls = [server.url(f"/p{i}") for i in range(6)]
    results = run(urls, fast_config(concurrency_per_host=1))
    assert {r.verdict for r in results.values()} == {"ok"}
    heads = [e for e in server.log if e["method"] == "HEAD" and e["path"] != "/robots.txt"]
    assert len(heads) == 1


def test_redirect_chain_and_verdicts(server: MiniServer) -> None:
    server.routes["/old"] = lambda r, h: web.Response(status=301, headers={"Location": "/temp"})
    server.routes["/temp"] = lambda r, h: web.Response(status=302, headers={"Location": "/new"})
    server.routes["/new"] = ok
    server.routes["/login"] = lambda r, h: web.Response(status=302, headers={"Location": "/new"})
    server.routes["/slash"] = lambda r, h: web.Response(status=301, headers={"Location": "/slash/"})
    server.routes["/slash/"] = ok
    server.routes["/a"] = lambda r, h: web.Response(status=301, headers={"Location": "/b"})
    server.routes["/b"] = lambda r, h: web.Response(status=308, headers={"Location": "/a"})
    urls = [server.url(p) for p in ("/old", "/login", "/slash", "/a")]
    results = run(urls)
    old = results[urls[0]]
    assert old.verdict == "redirected"
    assert old.redirects == [[301, server.url("/temp")], [302, server.url("/new")]]
    assert old.final_url == server.url("/new")
    assert results[urls[1]].verdict == "ok"  # temporary: the link is right as it is
    assert results[urls[2]].verdict == "ok"  # an added slash is not worth a librarian's time
    loop = results[urls[3]]
    assert loop.verdict == "broken"
    assert loop.error == "циклическая переадресация"
    # /new is reached by two chains but requested once
    assert server.count("/new") == 1


def test_retry_after_429_then_ok(vserver: MiniServer) -> None:
    server = vserver

    def limited(request: web.Request, hit: int) -> web.Response:
        if hit == 0:
            return web.Response(status=429, headers={"Retry-After": "1"})
        return ok(request, hit)

    server.routes["/limited"] = limited
    server.routes["/always429"] = lambda r, h: web.Response(status=429, headers={"Retry-After": "1"})
    urls = [server.url("/limited"), server.url("/always429", ip="127.0.0.2")]
    check = run_virtual(server, urls)
    results = check.results
    assert results[urls[0]].verdict == "ok"
    assert results[urls[1]].verdict == "blocked"
    assert results[urls[1]].error == "сайт просит обращаться реже (429)"
    hits = [e for e in server.log if e["path"] == "/limited"]
    assert len(hits) == 2 and hits[1]["start"] - hits[0]["start"] == pytest.approx(1.0)
    # /always429 waited three times (RETRY_AFTER_TRIES), and each wait slowed its host down
    always = [e["start"] for e in server.log if e["path"] == "/always429"]
    assert len(always) == 4 and check.elapsed == pytest.approx(always[-1]) and always[-1] >= 3.0


def test_5xx_confirmed_later_and_transient_5xx_passes(server: MiniServer) -> None:
    server.routes["/down"] = lambda r, h: web.Response(status=500)
    server.routes["/flaky"] = lambda r, h: web.Response(status=503) if h < 2 else ok(r, h)
    urls = [server.url("/down"), server.url("/flaky")]
    results = run(urls)
    down = results[urls[0]]
    assert down.verdict == "broken" and down.error == "ошибка сервера (500)"
    assert [e["method"] for e in server.log if e["path"] == "/down"] == ["HEAD", "GET", "GET"]
    assert results[urls[1]].verdict == "ok"
    assert server.count("/flaky") == 3


def test_refused_and_timeout_get_a_second_try(vserver: MiniServer) -> None:
    server = vserver

    async def slow(request: web.Request, hit: int) -> web.Response:
        await asyncio.sleep(2.0 if hit == 0 else 0.0)
        return ok(request, hit)

    async def always_slow(request: web.Request, hit: int) -> web.Response:
        await asyncio.sleep(2.0)
        return ok(request, hit)

    server.routes["/slow-once"] = slow
    server.routes["/always-slow"] = always_slow
    refused = "http://127.0.0.254:9/"
    urls = [server.url("/slow-once"), server.url("/always-slow", ip="127.0.0.2"), refused]
    check = run_virtual(server, urls, fast_config(timeout=1.0))
    results = check.results
    assert results[urls[0]].verdict == "ok"
    assert results[urls[1]].verdict == "broken"
    assert results[urls[1]].error == "сайт не ответил вовремя"
    # each try cut at the timeout exactly; the second 0.2 s (confirm_delay) after the first
    assert results[urls[1]].elapsed_ms == 1000 and check.elapsed == pytest.approx(1.0 + 0.2 + 1.0)
    assert results[refused].verdict == "broken"
    assert results[refused].error == "сервер отклонил соединение"
    assert results[refused].attempts == 2


def test_bot_protection_is_blocked_never_broken(server: MiniServer) -> None:
    server.routes["/cf"] = lambda r, h: web.Response(
        status=403, headers={"Server": "cloudflare", "CF-RAY": "1"}, text="<title>Just a moment...</title>")
    server.routes["/plain403"] = lambda r, h: web.Response(status=403, text="Forbidden")
    server.routes["/challenge"] = lambda r, h: web.Response(status=503, text="<div>DDoS-Guard checking your browser</div>")
    urls = [server.url(p) for p in ("/cf", "/plain403", "/challenge")]
    results = run(urls)
    assert [results[u].verdict for u in urls] == ["blocked", "blocked", "blocked"]
    assert results[urls[0]].error == "защита сайта от роботов (403)"


def test_robots_txt_is_obeyed_and_fetched_once(server: MiniServer) -> None:
    server.routes["/robots.txt"] = lambda r, h: web.Response(text="User-agent: *\nDisallow: /private/\n")
    server.routes["/private/x"] = ok
    server.routes["/public"] = ok
    urls = [server.url("/private/x"), server.url("/public"), server.url("/missing")]
    results = run(urls)
    assert results[urls[0]].verdict == "excluded"
    assert results[urls[0]].error == "проверка запрещена файлом robots.txt сайта"
    assert server.count("/private/x") == 0
    assert server.count("/robots.txt") == 1
    results = run(urls, fast_config(obey_robots=False))
    assert results[urls[0]].verdict == "ok"


def test_per_host_concurrency_and_delay(vserver: MiniServer) -> None:
    server = vserver

    async def slowish(request: web.Request, hit: int) -> web.Response:
        await asyncio.sleep(0.05)
        return ok(request, hit)

    for i in range(30):
        server.routes[f"/p{i}"] = slowish
    urls = [server.url(f"/p{i}", ip=ip) for i in range(30) for ip in server.ips]
    results = run_virtual(server, urls, fast_config(concurrency_per_host=2, delay=0.02)).results
    assert {r.verdict for r in results.values()} == {"ok"}
    for ip in server.ips:
        entries = [e for e in server.log if e["host"] == ip and e["path"] != "/robots.txt"]
        assert max_in_flight(entries) == 2
        starts = sorted(e["start"] for e in entries)
        assert min(b - a for a, b in zip(starts, starts[1:], strict=False)) == pytest.approx(0.02)
    assert max_in_flight(server.log) == 4  # hosts are checked in parallel


def test_known_crawl_answers_make_no_request(server: MiniServer) -> None:
    server.routes["/to-crawled"] = lambda r, h: web.Response(status=301, headers={"Location": "/crawled"})
    crawled = server.url("/crawled")
    urls = [server.url("/to-crawled")]
    results = run(urls, known={crawled: Known(status=200)})
    assert results[urls[0]].verdict == "redirected"
    assert server.count("/crawled") == 0


def test_restartable_in_one_process(server: MiniServer) -> None:
    server.routes["/ok"] = ok
    for _ in range(3):
        assert run([server.url("/ok")])[server.url("/ok")].verdict == "ok"


def test_cyrillic_and_whitespace(server: MiniServer) -> None:
    server.routes["/книги/новинки"] = ok
    url = normalize_url("  " + server.url("/книги/новинки") + " \n")
    assert url is not None and url.endswith("/%D0%BA%D0%BD%D0%B8%D0%B3%D0%B8/%D0%BD%D0%BE%D0%B2%D0%B8%D0%BD%D0%BA%D0%B8")
    assert run([url])[url].verdict == "ok"


@pytest.mark.parametrize(("value", "expected"), [("5", 5.0), ("", None), (None, None), ("soon", None)])
def test_parse_retry_after(value: str | None, expected: float | None) -> None:
    assert parse_retry_after(value) == expected
