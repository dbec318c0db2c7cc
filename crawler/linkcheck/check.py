"""The check stage: httpx + asyncio, polite, at most three requests per URL and run.

For each canonical URL (fragment stripped):

1. robots.txt of its host, fetched once per host (Protego), obeyed by default;
2. HEAD, redirects followed by hand (each hop recorded as `[status, url]`, loops
   detected); where HEAD fails with a 4xx/5xx (405, 501, 403, a HEAD-only 404 ...),
   GET for the headers only (streamed, closed early; a small part of the body is read
   for 403/5xx to spot a challenge page). A host that refused HEAD once gets GET only;
3. 429 and 503 with Retry-After: waited (the whole host waits, its delay grows and then
   comes back step by step, see `pacing`), at most `RETRY_AFTER_TRIES` times; the retry
   keeps its place at the host (made as soon as it allows). A Retry-After above
   `linkcheck.max_retry_after` ends as `blocked`, never `broken`;
4. timeouts, connection and DNS errors, 5xx: a second try later in the run, after every
   first try is done (and at least `linkcheck.confirm_delay` seconds later); only a
   failure that try confirms is `broken`.

Every exchange (method, URL) is made once per run and shared by every chain that passes
through it, and the confirming GET is one more, so a URL gets HEAD, GET and one
confirming GET at most (Retry-After retries aside). Hops to pages the crawl already
fetched take the crawl's answer, and the crawl's own hops from there (`Known.redirects`).
Per host: `concurrency_per_host` requests at once and `delay` seconds between the starts
of two requests; `concurrency_total` overall.

Time: each request is limited to `timeout` seconds in all (a server trickling a byte a
second is cut as surely as a silent one); each host has `max_host_time` seconds from the
start of the check, may keep us waiting `max_host_wait` seconds in all (see `pacing`),
and the whole check has `max_time`. A request that cannot be made (or finish) within
them is cut, and its URL ends as `blocked` with the reason «сайт отвечал слишком
медленно / ограничил число запросов»; the other hosts go on.
Every `PROGRESS_EVERY` seconds a progress line tells how far the check is and which
host the most requests are waiting for, and why.

Clock: every pace, pause, budget and measured time is read from the running event loop's
clock (`loop.time()`, `asyncio.sleep`, `asyncio.timeout`), never from `time.monotonic`:
the loop is the one clock, so a loop on a virtual clock (the tests' `looptime`) runs the
whole check on it. A Retry-After given as an HTTP date is an instant of the wall clock
(`wall_clock`, `time.time` unless a test gives another).
"""
from __future__ import annotations

import asyncio
import contextlib
import email.utils
import logging
import socket
import ssl
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx
from protego import Protego

from common.config import LinkcheckConfig
from common.netpolicy import AddressNotAllowed, NetworkPolicy, ip_literal, resolve
from crawler.linkcheck.bodies import drain, encoding_problem, read_decoded
from crawler.linkcheck.clients import HostClients
from crawler.linkcheck.pacing import HostState, Platform
from crawler.linkcheck.urls import host_key, hostname, split_url
from crawler.linkcheck.verdict import (
    BLOCKED,
    BLOCKED_KINDS,
    BROKEN,
    ERROR_TEXTS,
    OK,
    REDIRECT_STATUSES,
    classify_status,
    error_verdict,
    redirect_verdict,
)
from crawler.platforms import address_key, shared_domain

logger = logging.getLogger(__name__)

MAX_REDIRECTS = 10
RETRY_AFTER_TRIES = 3  # waits a 429/503 may ask for, per exchange
PROGRESS_EVERY = 4.0  # seconds between progress lines during a check
SNIPPET_BYTES = 16_384  # of a 403/5xx body, to recognise a challenge page
SMALL_BODY_BYTES = 65_536  # a GET body this small is read, to keep the connection
ROBOTS_MAX_BYTES = 512_000
KEPT_HEADERS = ("server", "set-cookie", "location", "retry-after", "content-type") + (
    "cf-ray", "cf-mitigated", "x-ddos-protection", "x-sucuri-id", "x-qrator",
)

Progress = Callable[[str], None]


@dataclass
class Known:
    """What the crawl of the same run saw for a URL (no new request is made for it).

    `redirects` are the crawl's hops in the checker's own form, `[[status, target], ...]`
    (see `crawler.linkcheck.extract.crawl_chain`), so a crawled URL that answered with a
    permanent redirect is `redirected` exactly as if the checker had requested it.
    """

    status: int | None
    error: str | None = None
    final_url: str | None = None
    redirects: list[list[Any]] = field(default_factory=list)


@dataclass
class Exchange:
    """One request and its answer (or the failure to get one)."""

    method: str
    url: str
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    snippet: str = ""
    error_kind: str | None = None
    error_detail: str = ""
    requests: int = 0  # requests made, Retry-After retries included
    elapsed: float = 0.0
    skipped: bool = False  # HEAD not sent: the host refused HEAD meanwhile
    waited: float = 0.0  # seconds the Retry-After answers made this exchange wait

    @property
    def location(self) -> str | None:
        return self.headers.get("location")


@dataclass
class Outcome:
    """The verdict on one URL."""

    url: str
    verdict: str
    http_status: int | None = None
    error: str | None = None
    final_url: str | None = None
    redirects: list[list[Any]] = field(default_factory=list)
    attempts: int = 0
    elapsed_ms: int = 0
    warning: str | None = None
    transient: bool = False  # a failure waiting for its confirming try
    from_crawl: bool = False
    failed_at: float = 0.0  # loop time of the transient failure
    cut: bool = False  # a time budget was spent before the URL could be checked

    def to_dict(self) -> dict[str, Any]:
        return {
            "url": self.url, "verdict": self.verdict, "http_status": self.http_status,
            "error": self.error, "final_url": self.final_url, "redirects": self.redirects,
            "attempts": self.attempts, "elapsed_ms": self.elapsed_ms, "warning": self.warning,
            "from_crawl": self.from_crawl,
        }


def error_kind(exc: BaseException) -> str:
    """Sort a network exception into timeout / dns / refused / ssl / connect / protocol."""
    if isinstance(exc, AddressNotAllowed):
        return "not_allowed"  # the network policy: never connected, never broken
    if isinstance(exc, TimeoutError | httpx.TimeoutException):
        return "timeout"
    if isinstance(exc, httpx.InvalidURL | httpx.UnsupportedProtocol | ValueError):
        return "invalid"
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and len(chain) < 10:
        chain.append(current)
        current = current.__cause__ or current.__context__
    for item in chain:
        if isinstance(item, socket.gaierror):
            return "dns"
        if isinstance(item, ConnectionRefusedError):
            return "refused"
        if isinstance(item, ssl.SSLError | ssl.CertificateError):
            return "ssl"
    text = " ".join(str(item) for item in chain).lower()
    if any(s in text for s in ("name or service not known", "nodename nor servname", "name resolution", "getaddrinfo", "no address associated")):
        return "dns"
    if "refused" in text or "errno 111" in text or "connect call failed" in text:
        return "refused"
    if "certificate" in text or "ssl" in text:
        return "ssl"
    if isinstance(exc, httpx.ConnectError):
        return "connect"
    if isinstance(exc, httpx.TransportError | OSError):
        return "protocol"
    return "other"


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (now if now is not None else time.time()))


class LinkChecker:
    """Checks a list of URLs in one event loop; `run()` returns {url: Outcome}."""

    def __init__(
        self,
        config: LinkcheckConfig,
        user_agent: str,
        *,
        known: Mapping[str, Known] | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        progress: Progress | None = None,
        policy: NetworkPolicy | None = None,
        shared_domains: Iterable[str] = (),
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        self.config = config
        self.wall_clock = wall_clock  # for Retry-After dates only: pacing runs on the loop's clock
        self.shared_domains = [d.lower().rstrip(".") for d in shared_domains]
        self.policy = policy
        self.user_agent = user_agent
        self.known = dict(known or {})
        self.transport = transport
        self.progress = progress
        self.hosts: dict[str, HostState] = {}
        self.platforms: dict[str, Platform] = {}  # hosts that share a politeness budget
        self.exchanges: dict[tuple[str, str], asyncio.Task[Exchange]] = {}
        self.requests = 0
        self.done = 0
        self.total = 0
        self.phase = "first"
        self.cut = 0  # URLs left unchecked because a time budget was spent
        self.deadline = 0.0  # loop time: the whole check's budget ends here
        self.progress_every = PROGRESS_EVERY
        self._clients: HostClients | None = None
        self._global: asyncio.Semaphore | None = None

    # -- public -----------------------------------------------------------------------
    def run(self, urls: Iterable[str]) -> dict[str, Outcome]:
        """Check every URL (asyncio.run: one fresh loop per call, restartable)."""
        return asyncio.run(self.check_all(list(dict.fromkeys(urls))))

    async def check_all(self, urls: list[str]) -> dict[str, Outcome]:
        self.hosts.clear()
        self.platforms.clear()
        self.exchanges.clear()
        self.deadline = asyncio.get_running_loop().time() + self.config.max_time
        self._global = asyncio.Semaphore(max(1, self.config.concurrency_total))
        self._clients = HostClients(
            headers=self._headers(), timeout=self.config.timeout,
            per_host=max(1, self.config.concurrency_per_host), transport=self.transport,
            policy=self.policy,
        )
        ticker = asyncio.ensure_future(self._tick()) if self.progress is not None else None
        try:
            return await self._check_all(urls)
        finally:
            if ticker is not None:
                ticker.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await ticker
            await self._clients.aclose()
            self._clients = None

    # -- the two passes ---------------------------------------------------------------
    async def _check_all(self, urls: list[str]) -> dict[str, Outcome]:
        total = self.total = len(urls)
        self._say(f"проверка ссылок, адресов: {total}")
        first = await asyncio.gather(*(self._first(url) for url in urls))
        results = {o.url: o for o in first}
        pending = [o for o in first if o.transient]
        if pending:
            self._say(f"повторная проверка адресов, не ответивших с первого раза: {len(pending)}")
            self.phase, self.done, self.total = "confirm", 0, len(pending)
            # the second try's exchanges are fresh: forget the first pass's shared ones
            confirmed = await asyncio.gather(*(self._confirm(o) for o in pending))
            for outcome in confirmed:
                results[outcome.url] = outcome
        self.phase = "done"
        self.cut = sum(1 for o in results.values() if o.cut)
        line = f"проверено адресов: {total}, запросов: {self.requests}"
        if self.cut:
            line += f"; не дождались ответа (ограничение времени): {self.cut}"
        self._say(line)
        return results

    async def _first(self, url: str) -> Outcome:
        try:
            outcome = await self._resolve(url, confirm=False)
        except Exception:  # a bug must not stop the run, nor call a link broken
            logger.exception("checking %s failed", url)
            outcome = Outcome(url=url, verdict=BLOCKED, error=ERROR_TEXTS["other"])
        self.done += 1
        return outcome

    # -- progress ---------------------------------------------------------------------
    async def _tick(self) -> None:
        while True:
            await asyncio.sleep(self.progress_every)
            self._say(self.status_line())

    def status_line(self) -> str:
        """How far the check is, and the platform (or host) most requests wait for, and why."""
        what = "повторная проверка" if self.phase == "confirm" else "проверено"
        line = f"{what} {self.done} из {self.total}, запросов: {self.requests}"
        busiest = max(self.platforms.values(), key=lambda p: p.queued, default=None)
        if busiest is not None and busiest.queued:
            now = asyncio.get_running_loop().time()
            line += f"; ждём {busiest.label}: {busiest.status(now)}"
        return line

    async def _confirm(self, first: Outcome) -> Outcome:
        loop = asyncio.get_running_loop()
        deadline = min(self.deadline, self._host(first.url).deadline)
        wait = min(first.failed_at + self.config.confirm_delay, deadline) - loop.time()
        if wait > 0:
            await asyncio.sleep(wait)
        try:
            outcome = await self._resolve(first.url, confirm=True)
        except Exception:
            logger.exception("confirming %s failed", first.url)
            outcome = Outcome(url=first.url, verdict=BLOCKED, error=ERROR_TEXTS["other"])
        self.done += 1
        outcome.attempts += first.attempts
        outcome.transient = False
        if outcome.verdict == BROKEN and first.verdict == BROKEN and outcome.error != first.error:
            logger.debug("%s: first %s, then %s", first.url, first.error, outcome.error)
        return outcome

    # -- one URL ----------------------------------------------------------------------
    async def _resolve(self, url: str, *, confirm: bool) -> Outcome:
        loop = asyncio.get_running_loop()
        started = loop.time()
        outcome = await self._follow(url, confirm=confirm)
        outcome.elapsed_ms = round((loop.time() - started) * 1000)
        if outcome.transient:
            outcome.failed_at = loop.time()
        return outcome

    async def _follow(self, url: str, *, confirm: bool) -> Outcome:
        chain: list[list[Any]] = []
        seen = {url}
        current = url
        attempts = 0
        warning: str | None = None
        while True:
            if chain and current in self.known:
                return self._from_known(url, current, chain, attempts, warning)
            if not await self._allowed(current):
                return self._outcome(url, current, chain, attempts, error_verdict("robots"), None, warning)
            host = self._host(current)
            await self._join_platform(host, current)
            if host.insecure:
                warning = "сертификат HTTPS не прошёл проверку"
            method = "GET" if (confirm or host.head_refused) else "HEAD"
            ex = await self._exchange(method, current, confirm=confirm)
            attempts += ex.requests
            if method == "HEAD" and (ex.skipped or self._needs_get(ex)):
                ex = await self._exchange("GET", current, confirm=False)
                attempts += ex.requests
            if ex.error_kind is not None:
                outcome = self._outcome(url, current, chain, attempts, error_verdict(ex.error_kind), ex.status, warning)
                outcome.cut = ex.error_kind in ("host_budget", "run_budget")
                return outcome
            assert ex.status is not None
            if ex.status in REDIRECT_STATUSES and ex.location:
                split = split_url(ex.location, current)
                if split is None:
                    return self._outcome(url, current, chain, attempts, error_verdict("invalid"), ex.status, warning)
                target = split[0]
                chain.append([ex.status, target])
                if not target.startswith(("http://", "https://")):
                    # a redirect to mailto: or the like: the link does lead somewhere
                    return self._outcome(url, target, chain, attempts, classify_status(200), ex.status, warning)
                if target in seen:
                    return self._outcome(url, target, chain, attempts, error_verdict("loop"), ex.status, warning)
                if len(chain) > MAX_REDIRECTS:
                    return self._outcome(url, target, chain, attempts, error_verdict("too_many_redirects"), ex.status, warning)
                seen.add(target)
                current = target
                continue
            verdict = classify_status(ex.status, ex.headers, ex.snippet)
            return self._outcome(url, current, chain, attempts, verdict, ex.status, warning)

    @staticmethod
    def _needs_get(ex: Exchange) -> bool:
        """GET only where it can change the verdict: HEAD failed with 4xx/5xx (not 429)."""
        if ex.error_kind in BLOCKED_KINDS:
            return False  # out of time, or the host asked for a rest: GET would not help
        if ex.error_kind == "protocol":
            return True  # some servers drop the connection on HEAD
        return ex.status is not None and ex.status >= 400 and ex.status != 429

    def _outcome(
        self, url: str, final: str, chain: list[list[Any]], attempts: int,
        verdict: Any, status: int | None, warning: str | None,
    ) -> Outcome:
        name, error = verdict.verdict, verdict.error
        if name == OK and chain:
            name, error = redirect_verdict(url, chain)
        return Outcome(
            url=url, verdict=name, http_status=status, error=error, final_url=final,
            redirects=chain, attempts=attempts, warning=warning, transient=verdict.transient,
        )

    def _from_known(self, url: str, current: str, chain: list[list[Any]], attempts: int, warning: str | None) -> Outcome:
        """A hop reached a page the crawl fetched: its answer (and its own hops) end the chain."""
        outcome = outcome_from_known(url, self.known[current], before=chain)
        outcome.from_crawl = False  # requests were made for the first hops
        outcome.attempts = attempts
        outcome.warning = warning
        return outcome

    # -- robots.txt -------------------------------------------------------------------
    async def _allowed(self, url: str) -> bool:
        if not self.config.obey_robots:
            return True
        host = self._host(url)
        if host.robots is None:
            host.robots = asyncio.ensure_future(self._fetch_robots(host, url))
        robots = await host.robots
        return robots is None or bool(robots.can_fetch(url, self.user_agent))

    async def _fetch_robots(self, host: HostState, url: str) -> Protego | None:
        """robots.txt of the host; missing, unreachable or broken = everything allowed."""
        scheme = url.split(":", 1)[0]
        robots_url = f"{scheme}://{host.key}/robots.txt"
        assert self._clients is not None and self._global is not None
        deadline, _kind = self._limit(host)
        loop = asyncio.get_running_loop()
        try:
            async with host.gate.slot():
                if not await host.wait_turn(deadline):
                    return None
                async with self._global:
                    self.requests += 1
                    client = await self._clients.acquire(host.key, host.insecure)
                    host.in_flight[id(robots_url)] = loop.time()
                    try:
                        async with asyncio.timeout(min(self.config.timeout, 10.0, max(0.0, deadline - loop.time()))):
                            body = await _get_robots(client, robots_url)
                    finally:
                        host.in_flight.pop(id(robots_url), None)
                        self._clients.release(host.key, host.insecure)
        except Exception as exc:  # a dead host: the link check itself will say so
            logger.debug("robots.txt of %s: %s", host.key, exc)
            return None
        if body is None:
            return None  # missing, refused, or in an encoding we do not inflate: everything allowed
        text = body.decode("utf-8", errors="replace")
        try:
            return Protego.parse(text)
        except Exception:  # a malformed file allows everything, as crawlers agree
            return None

    # -- exchanges --------------------------------------------------------------------
    def _host(self, url: str) -> HostState:
        key = host_key(url)
        host = self.hosts.get(key)
        if host is None:
            deadline = asyncio.get_running_loop().time() + self.config.max_host_time
            known = self._platform_key(hostname(url))
            host = HostState(key, self.config.concurrency_per_host, self.config.delay, deadline,
                             self.config.max_host_wait, self._platform(known or key))
            self.hosts[key] = host
            if known is not None:  # no DNS needed to know its platform
                host.joined = asyncio.get_running_loop().create_future()
                host.joined.set_result(None)
        return host

    # -- platforms (crawler.platforms) ------------------------------------------------
    def _platform_key(self, name: str) -> str | None:
        """The platform of a host known without DNS: a shared domain, or an address."""
        domain = shared_domain(name, self.shared_domains)
        if domain is not None:
            return domain
        if ip_literal(name) is not None:
            return address_key(name.strip("[]"))
        return None

    def _platform(self, key: str) -> Platform:
        platform = self.platforms.get(key)
        if platform is None:
            platform = Platform(key, self.config.concurrency_per_host, self.config.delay)
            self.platforms[key] = platform
        return platform

    async def _join_platform(self, host: HostState, url: str) -> None:
        """Before a host's first request: hosts whose names resolve to one address share
        its platform (DNS asked once per host, within the timeout)."""
        if host.joined is None:
            host.joined = asyncio.ensure_future(self._find_platform(host, url))
        await asyncio.shield(host.joined)

    async def _find_platform(self, host: HostState, url: str) -> None:
        parts = host.key.rpartition(":")
        port = int(parts[2]) if parts[2].isdigit() else (443 if url.startswith("https:") else 80)
        try:
            async with asyncio.timeout(min(self.config.timeout, 10.0)):
                addresses = await resolve(hostname(url), port)
        except Exception:  # no answer: a platform of its own; its request says what is wrong
            return
        if addresses:
            address = sorted(addresses, key=lambda a: ":" in a)[0]  # IPv4 first, as connections go
            self.platforms.pop(host.key, None)
            host.move_to(self._platform(address_key(address)))

    def _limit(self, host: HostState) -> tuple[float, str]:
        """The loop time this host's requests must end by, and the budget that sets it."""
        if host.deadline < self.deadline:
            return host.deadline, "host_budget"
        return self.deadline, "run_budget"

    async def _exchange(self, method: str, url: str, *, confirm: bool) -> Exchange:
        """One exchange per (method, URL) and run, shared by every chain that needs it."""
        key = ("CONFIRM" if confirm else method, url)
        task = self.exchanges.get(key)
        if task is None:
            task = asyncio.ensure_future(self._exchange_with_retries(method, url))
            self.exchanges[key] = task
            return await asyncio.shield(task)
        shared = await asyncio.shield(task)
        # a shared exchange cost this link nothing
        return Exchange(
            method=shared.method, url=shared.url, status=shared.status, headers=shared.headers,
            snippet=shared.snippet, error_kind=shared.error_kind, error_detail=shared.error_detail,
            requests=0, elapsed=shared.elapsed, skipped=shared.skipped,
        )

    async def _exchange_with_retries(self, method: str, url: str) -> Exchange:
        """The request, and its Retry-After retries: the slot at the host is kept through
        the pause, so the retry is the host's next request, made as soon as it allows."""
        host = self._host(url)
        requests = 0
        waits = 0
        waited = 0.0
        async with host.gate.slot():
            if method == "HEAD" and host.head_refused:
                return Exchange(method=method, url=url, skipped=True)
            while True:
                ex = await self._request(host, method, url, retry=waits > 0)
                if ex.error_kind in BLOCKED_KINDS:
                    break
                requests += 1
                if ex.status not in (429, 503):
                    if ex.error_kind is None:
                        host.recover()
                    break
                seconds = parse_retry_after(ex.headers.get("retry-after"), self.wall_clock())
                if seconds is None and ex.status == 503:
                    break  # a plain server error: confirmed later, not waited for
                if seconds is None:
                    seconds = max(1.0, host.delay * 2)
                if seconds > self.config.max_retry_after:
                    if ex.status == 429:
                        host.back_off(seconds)  # the whole host asked for a rest: its URLs are cut
                    ex.error_kind = "wait_refused"  # asks more than we wait: blocked, never broken
                    break
                if waits >= RETRY_AFTER_TRIES:
                    break  # a 429 still: blocked; a 503 still: a server error, confirmed later
                # the host's waiting budget spent already: not waited for (this pause
                # still counts, and stops the host's other URLs)
                spent = host.exhausted(asyncio.get_running_loop().time())
                host.back_off(seconds)
                deadline, kind = self._limit(host)
                if host.paused_until >= deadline or spent:
                    # the pause would outlast a budget: cut now, not then
                    ex.error_kind = "host_budget" if spent else kind
                    host.cut += 1
                    break
                waits += 1
                waited += seconds
        if ex.error_kind == "ssl" and not host.insecure and url.startswith("https:"):
            # Certificates a browser accepts (Russian CAs, missing intermediates) fail
            # here; the link works for readers, so check it without verifying.
            host.insecure = True
            again = await self._exchange_with_retries(method, url)
            again.requests += requests
            return again
        ex.requests = requests
        ex.waited = waited
        return ex

    async def _request(self, host: HostState, method: str, url: str, retry: bool = False) -> Exchange:
        """One request, in the host's turn and within the time budgets (the caller holds a
        slot of the host's gate)."""
        assert self._clients is not None and self._global is not None
        ex = Exchange(method=method, url=url)
        insecure = host.insecure
        deadline, budget = self._limit(host)
        loop = asyncio.get_running_loop()
        if not await host.wait_turn(deadline, retry):
            ex.error_kind = "host_budget" if host.exhausted(loop.time()) else budget
            host.cut += 1
            return ex
        async with self._global:
            now = loop.time()
            if host.time_left(now) < deadline - now:
                budget = "host_budget"  # the host's waiting budget runs out first
            limit = min(self.config.timeout, deadline - now, host.time_left(now))
            if limit <= 0 or (host.exhausted(now) and not retry):
                ex.error_kind = budget
                host.cut += 1
                return ex
            self.requests += 1
            started = loop.time()
            client = await self._clients.acquire(host.key, insecure)
            host.in_flight[id(ex)] = loop.time()
            host.busy += 1
            try:
                # the whole exchange, not only each read: a trickling server is cut too
                async with asyncio.timeout(limit):
                    await self._send(client, ex)
            except Exception as exc:
                ex.error_kind = error_kind(exc)
                ex.error_detail = f"{type(exc).__name__}: {exc}"[:300]
                if ex.error_kind == "timeout" and limit < self.config.timeout:
                    ex.error_kind = budget  # stopped by the budget, not by its own timeout
                    host.cut += 1
            finally:
                host.in_flight.pop(id(ex), None)
                host.busy -= 1
                self._clients.release(host.key, insecure)
            ex.elapsed = loop.time() - started
            host.answered(ex.elapsed, ex.status, ex.error_kind == "timeout")
        if method == "HEAD" and ex.status in (405, 501):
            host.head_refused = True  # before the next request to the host picks its method
        return ex

    async def _send(self, client: httpx.AsyncClient, ex: Exchange) -> None:
        request = client.build_request(ex.method, ex.url)
        response = await client.send(request, stream=True)
        try:
            ex.status = response.status_code
            ex.headers = {
                name: response.headers.get(name, "") for name in KEPT_HEADERS if name in response.headers
            }
            refused = encoding_problem(response.headers)
            if refused is not None and 200 <= response.status_code < 300:
                # `gzip, gzip` or an unknown encoding: never inflated, and not a verdict on the link
                ex.error_kind, ex.error_detail = "encoding", f"Content-Encoding: {refused}"
            elif ex.method == "GET" and (response.status_code == 403 or response.status_code >= 500):
                snippet = await read_decoded(response, SNIPPET_BYTES)
                ex.snippet = (snippet or b"").decode("utf-8", errors="replace")
            elif ex.method == "HEAD" or _small_body(response):
                # read to the end (raw: never inflated), or httpcore drops the connection
                await drain(response, SMALL_BODY_BYTES)
        finally:
            await response.aclose()

    def _headers(self) -> dict[bytes, bytes]:
        # The configured User-Agent names the regional centre in Russian: sent as UTF-8
        # (as Scrapy does), since httpx would only take ASCII text.
        return {b"User-Agent": self.user_agent.encode("utf-8"), b"Accept": b"*/*", b"Accept-Encoding": b"identity"}

    def _say(self, message: str) -> None:
        if self.progress is not None:
            self.progress(message)


def _small_body(response: httpx.Response) -> bool:
    length = response.headers.get("content-length", "")
    return length.isdigit() and int(length) <= SMALL_BODY_BYTES


async def _get_robots(client: httpx.AsyncClient, url: str) -> bytes | None:
    """robots.txt, redirects followed by hand (httpx would inflate each hop's body whole),
    at most `ROBOTS_MAX_BYTES` decoded bytes; None when it is missing or unreadable."""
    for _hop in range(MAX_REDIRECTS):
        response = await client.send(client.build_request("GET", url), stream=True)
        try:
            location = response.headers.get("location")
            if response.status_code in REDIRECT_STATUSES and location:
                url = str(response.url.join(location))
                if not url.startswith(("http://", "https://")):
                    return None
                continue
            if response.status_code != 200:
                return None
            return await read_decoded(response, ROBOTS_MAX_BYTES)
        finally:
            await response.aclose()
    return None


def outcome_from_known(url: str, known: Known, *, before: list[list[Any]] | None = None) -> Outcome:
    """The verdict on a URL the crawl fetched in the same run (no request).

    The crawl's redirect hops are judged by the checker's own rules: a loop is `broken`,
    a permanent move to another address `redirected` (`verdict.redirect_verdict`).
    `before`: hops the checker itself followed to reach the crawled URL.
    """
    chain: list[list[Any]] = [list(hop) for hop in before or []]
    seen = {url} | {str(hop[1]) for hop in chain}
    final = known.final_url or (str(chain[-1][1]) if chain else url)
    for hop_status, target in known.redirects:
        chain.append([hop_status, target])
        if target in seen:
            return _known_outcome(url, error_verdict("loop"), _int(hop_status), target, chain)
        if len(chain) > MAX_REDIRECTS:
            return _known_outcome(url, error_verdict("too_many_redirects"), _int(hop_status), target, chain)
        seen.add(target)
    if known.status is not None:
        verdict = classify_status(known.status)
        status: int | None = known.status
    else:
        verdict = error_verdict(_crawl_error_kind(known.error or ""))
        status = None
    return _known_outcome(url, verdict, status, final, chain)


def _known_outcome(url: str, verdict: Any, status: int | None, final: str, chain: list[list[Any]]) -> Outcome:
    name, error = verdict.verdict, verdict.error
    if name == OK and chain:
        name, error = redirect_verdict(url, chain)
    return Outcome(url=url, verdict=name, http_status=status, error=error, final_url=final,
                   redirects=chain, from_crawl=True)


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) else None


def _crawl_error_kind(text: str) -> str:
    low = text.lower()
    if text.startswith(AddressNotAllowed.__name__):  # the crawl obeyed the network policy
        return "not_allowed"
    if "DOWNLOAD_MAXSIZE" in text or "max size" in low:
        return "too_large"  # it answered, but over the crawl's cap (before the URL's words below)
    if "robots" in low:
        return "robots"
    if "max redirections" in low:  # Scrapy's IgnoreRequest after REDIRECT_MAX_TIMES hops
        return "too_many_redirects"
    if "timeout" in low or "timed out" in low or "время ожидания" in low:
        return "timeout"
    if "dns" in low or "not known" in low or "не найден" in low:
        return "dns"
    if "refused" in low or "отклон" in low:
        return "refused"
    if "ssl" in low or "certificate" in low or "сертификат" in low:
        return "ssl"
    return "connect"


def check_urls(
    urls: Iterable[str],
    config: LinkcheckConfig,
    user_agent: str,
    *,
    known: Mapping[str, Known] | None = None,
    progress: Progress | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    policy: NetworkPolicy | None = None,
    shared_domains: Iterable[str] = (),
) -> dict[str, Outcome]:
    """Check canonical URLs (see `crawler.linkcheck.urls.normalize_url`) in a fresh loop."""
    checker = LinkChecker(config, user_agent, known=known, progress=progress, transport=transport,
                          policy=policy, shared_domains=shared_domains)
    return checker.run(urls)
