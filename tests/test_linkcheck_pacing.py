"""Adaptive per-host pacing and time budgets of the link check, against loopback servers.

Every assertion is read from the server's own request log (start and end of each
request): the pause a Retry-After asked for, the delay coming back after successes,
the requests in flight at once, and the time a run takes against its budgets.

The tests on `vserver` run the server and the checker in one loop on a virtual clock
(`run_virtual`): their times are exact, to the microsecond of the loop's clock, on any
machine. The hostile host of the sample world (its trickle, hang and rate limit, served
from a thread of its own) stays on the wall clock: its margins are generous, and say why.
"""
from __future__ import annotations

import asyncio
import email.utils
import time
from collections.abc import Iterator
from typing import Any

import pytest
from aiohttp import web
from test_linkcheck_engine import MiniServer, fast_config, ok, run, run_virtual

from crawler.linkcheck.pacing import MIN_BACKOFF_DELAY
from crawler.linkcheck.verdict import ERROR_TEXTS
from ibcmon.sample.hostile import HOSTILE_IP, HostileState, add_hostile, hostile_urls
from ibcmon.sample.server import SampleServer, max_in_flight
from ibcmon.sample.world import World

HOST_CUT = ERROR_TEXTS["host_budget"]


def starts(log: list[dict[str, Any]], host: str = "127.0.0.1") -> list[dict[str, Any]]:
    return sorted((e for e in log if e["host"] == host and e["path"] != "/robots.txt"), key=lambda e: e["start"])


def test_pacing_follows_retry_after_and_the_retry_goes_first(vserver: MiniServer) -> None:
    """A 429 pauses the whole host for its Retry-After; its retry is the next request, and
    the host is slower from then on."""
    server = vserver
    def limited(_request: web.Request, hit: int) -> web.Response:
        return web.Response(status=429, headers={"Retry-After": "1"}) if hit == 0 else ok(_request, hit)

    server.routes["/limited"] = limited
    for i in range(6):
        server.routes[f"/p{i}"] = ok
    urls = [server.url("/limited")] + [server.url(f"/p{i}") for i in range(6)]
    results = run_virtual(server, urls, fast_config(concurrency_per_host=1, delay=0.05)).results
    assert all(o.verdict == "ok" for o in results.values())
    log = starts(server.log)
    first_429 = next(i for i, e in enumerate(log) if e["status"] == 429)
    assert first_429 == 0 and log[0]["start"] == pytest.approx(0.05)  # after robots.txt, one delay
    refused_at = log[first_429]["end"]
    after = log[first_429 + 1:]
    assert len(after) == 7, "the retry and the host's six other URLs"
    assert after[0]["path"] == "/limited" and after[0]["status"] == 200  # the retry first ...
    assert after[0]["start"] == pytest.approx(refused_at + 1.0)  # ... the moment the host allows
    # then the slower pace (MIN_BACKOFF_DELAY), halved by each success down to the 0.05 s
    gaps = [b["start"] - a["start"] for a, b in zip(after, after[1:], strict=False)]
    slow = MIN_BACKOFF_DELAY
    assert gaps == pytest.approx([slow, slow / 2, slow / 4, 0.05, 0.05, 0.05])


def test_retry_after_as_an_http_date(vserver: MiniServer) -> None:
    """A date is an instant of the wall clock: the checker's own (`wall_clock`) says how far."""
    server, wall = vserver, 1_800_000_000.0  # the wall clock, stopped for the test

    def limited(_request: web.Request, hit: int) -> web.Response:
        if hit == 0:
            when = email.utils.formatdate(wall + 2, usegmt=True)
            return web.Response(status=503, headers={"Retry-After": when})
        return ok(_request, hit)

    server.routes["/maintenance"] = limited
    url = server.url("/maintenance")
    assert run_virtual(server, [url], wall_clock=lambda: wall).results[url].verdict == "ok"
    log = starts(server.log)
    assert len(log) == 2
    assert log[1]["start"] - log[0]["end"] == pytest.approx(2.0)  # the date, to the second


def test_the_delay_comes_back_after_successes(vserver: MiniServer) -> None:
    """One 429 slows the host down; each success brings the delay a step back."""
    server = vserver
    def limited(_request: web.Request, hit: int) -> web.Response:
        return web.Response(status=429, headers={"Retry-After": "0"}) if hit == 0 else ok(_request, hit)

    server.routes["/limited"] = limited
    for i in range(14):
        server.routes[f"/p{i}"] = ok
    urls = [server.url("/limited")] + [server.url(f"/p{i}") for i in range(14)]
    results = run_virtual(server, urls, fast_config(concurrency_per_host=1, delay=0.05)).results
    assert all(o.verdict == "ok" for o in results.values())
    log = starts(server.log)
    gaps = [b["start"] - a["start"] for a, b in zip(log, log[1:], strict=False)]
    refused = next(i for i, e in enumerate(log) if e["status"] == 429)
    # slowed down after the 429 (Retry-After: 0 asks for no pause, only the slower pace:
    # the retry and the next request each wait it), then faster again step by step, as each
    # success halves the delay, back to the configured 0.05 s
    slow = MIN_BACKOFF_DELAY
    assert gaps[refused:] == pytest.approx([slow, slow, slow / 2, slow / 4] + [0.05] * 11)


def test_never_more_than_concurrency_per_host(vserver: MiniServer) -> None:
    server = vserver

    async def slow(_request: web.Request, hit: int) -> web.Response:
        await asyncio.sleep(0.15)
        if hit == 0 and _request.path.endswith("3"):
            return web.Response(status=429, headers={"Retry-After": "1"})
        return ok(_request, hit)

    for i in range(16):
        server.routes[f"/s{i}"] = slow
    urls = [server.url(f"/s{i}") for i in range(16)]
    results = run_virtual(server, urls, fast_config(concurrency_per_host=2, delay=0.0)).results
    assert all(o.verdict == "ok" for o in results.values())
    log = starts(server.log)
    assert len(log) == 18  # each URL once, and the retries of the two 429s (/s3, /s13)
    assert max_in_flight(log) == 2


def test_host_budget_cuts_one_host_and_the_others_go_on(vserver: MiniServer) -> None:
    server = vserver
    slow_ip, other_ip = server.ips

    async def slow(_request: web.Request, _hit: int) -> web.Response:
        await asyncio.sleep(1.0)
        return ok(_request, 0)

    for i in range(10):
        server.routes[f"/slow{i}"] = slow
        server.routes[f"/fast{i}"] = ok
    slow_urls = [server.url(f"/slow{i}", slow_ip) for i in range(10)]
    fast_urls = [server.url(f"/fast{i}", other_ip) for i in range(10)]
    check = run_virtual(server, slow_urls + fast_urls, fast_config(concurrency_per_host=1, max_host_time=2.5))
    results = check.results
    assert check.elapsed == pytest.approx(2.5)  # the budget, not 10 slow answers
    verdicts = [results[u].verdict for u in slow_urls]
    assert verdicts.count("ok") == 2 and verdicts.count("blocked") == 8 and "broken" not in verdicts
    assert all(results[u].error == HOST_CUT and results[u].cut for u in slow_urls if results[u].verdict == "blocked")
    assert all(results[u].verdict == "ok" for u in fast_urls)
    asked = {path for (ip, method, path) in server.hits if ip == slow_ip and method == "*" and path != "/robots.txt"}
    assert len(asked) == 3  # two answered, the third stopped at the budget


def test_the_whole_check_ends_within_max_time(vserver: MiniServer) -> None:
    server = vserver

    async def slow(_request: web.Request, _hit: int) -> web.Response:
        await asyncio.sleep(0.6)
        return ok(_request, 0)

    for i in range(12):
        server.routes[f"/slow{i}"] = slow
    urls = [server.url(f"/slow{i}", ip) for i in range(6) for ip in server.ips]
    check = run_virtual(server, urls, fast_config(concurrency_per_host=1, max_time=1.5))
    results = check.results
    assert check.elapsed == pytest.approx(1.5)
    verdicts = [o.verdict for o in results.values()]
    # each host: two answers of 0.6 s, the third cut at 1.5 s, the rest never asked
    assert "broken" not in verdicts and verdicts.count("ok") == 4 and verdicts.count("blocked") == 8
    assert {o.error for o in results.values() if o.verdict == "blocked"} == {ERROR_TEXTS["run_budget"]}


def test_retry_after_longer_than_allowed_is_blocked_never_broken(vserver: MiniServer) -> None:
    server = vserver

    server.routes["/busy"] = lambda r, h: web.Response(status=503, headers={"Retry-After": "600"})
    server.routes["/rest"] = lambda r, h: web.Response(status=429, headers={"Retry-After": "3600"})
    server.routes["/after"] = ok
    busy, rest, after = server.url("/busy"), server.url("/rest", server.ips[1]), server.url("/after", server.ips[1])
    check = run_virtual(server, [busy, rest, after], fast_config(concurrency_per_host=1, max_retry_after=5.0))
    results = check.results
    assert check.elapsed == 0.0  # nothing waited for
    assert results[busy].verdict == "blocked" and results[busy].http_status == 503
    assert results[rest].verdict == "blocked"
    # the host asked for an hour's rest: its other URL is not asked, and not called broken
    assert results[after].verdict == "blocked" and results[after].error == HOST_CUT
    assert server.count("/after", server.ips[1]) == 0


# -- the hostile host of the sample world ---------------------------------------------------
# These stay on the wall clock: the hostile host is the sample world's own server, in a
# thread of its own, with real trickles, hangs and a rate limit that forgets on the wall
# clock. Their margins are wide enough for a busy machine, and still far below what the
# failure they guard against would take.
@pytest.fixture
def hostile() -> Iterator[SampleServer]:
    def build(port: int) -> World:
        world = World(port=port, kind="hostile")
        add_hostile(world, HostileState(rate_limit=50, forget_after=3.0))
        return world

    with SampleServer(build) as srv:
        yield srv


def test_trickle_hang_close_and_slow_cost_at_most_the_timeout(hostile: SampleServer) -> None:
    """Each stalling request is cut at `timeout` (a trickle never goes quiet, so only a total
    limit stops it); three in a row without an answer and the host is left: its
    confirming tries are cut, blocked, never broken."""
    bad = hostile_urls(hostile.world)
    config = fast_config(timeout=1.5, confirm_delay=0.2, concurrency_per_host=4)
    started = time.monotonic()
    results = run(list(bad.values()), config)
    elapsed = time.monotonic() - started
    # the first tries, together, each cut at the timeout (1.5 s); one after another, or
    # with their confirming tries, they would take 6 s and more
    assert elapsed < 1.5 + 3.0
    for kind in ("trickle", "hang", "slow", "close"):
        outcome = results[bad[kind]]
        assert outcome.verdict == "blocked" and outcome.error == HOST_CUT, kind
    first_tries = [e for e in hostile.requests if e["path"] != "/robots.txt"]
    assert len(first_tries) <= 4  # no confirming request to a host that stalls on everything
    assert max_in_flight(first_tries) <= 4


def test_a_dead_page_among_good_ones_is_confirmed_broken(hostile: SampleServer) -> None:
    """One hanging URL on a host that answers its other pages: a timeout, confirmed later,
    is `broken` (the host's budget is not spent by it)."""
    world = hostile.world
    hang = hostile_urls(world)["hang"]
    books = [world.url(HOSTILE_IP, f"/kniga/{n}/") for n in range(6)]
    results = run([hang, *books], fast_config(timeout=1.0, confirm_delay=0.2, concurrency_per_host=1))
    assert results[hang].verdict == "broken" and results[hang].error == ERROR_TEXTS["timeout"]
    # the confirming try, cut at the timeout (1 s; a hang uncut would last the whole run)
    assert results[hang].elapsed_ms <= 1000 + 1000
    assert all(results[u].verdict == "ok" for u in books)


def test_each_urls_first_429_is_retried_before_the_host_forgets(hostile: SampleServer) -> None:
    """/katalog/ answers each URL's first request with 429 and forgets after 3 s of quiet:
    a retry left to the end of the run would get a new 429."""
    world = hostile.world
    catalog = [world.url(HOSTILE_IP, f"/katalog/{k}/") for k in range(3)]
    books = [world.url(HOSTILE_IP, f"/kniga/{n}/") for n in range(20)]
    results = run(catalog + books, fast_config(concurrency_per_host=1, delay=0.05, max_retry_after=5.0))
    assert all(results[u].verdict == "ok" for u in catalog + books)
    log = [e for e in hostile.requests if e["path"].startswith("/katalog/")]
    assert sum(1 for e in log if e["status"] == 429) == 3  # one each: never a second
    assert len(log) == 6


def test_a_host_that_keeps_us_waiting_spends_its_budget(vserver: MiniServer) -> None:
    """Each URL's first request gets 429 + Retry-After: 1: after `max_host_wait` seconds of
    such pauses the host's other URLs are cut (blocked), and the other host goes on."""
    server = vserver
    limiting_ip, other_ip = server.ips

    def first_429(request: web.Request, hit: int) -> web.Response:
        return web.Response(status=429, headers={"Retry-After": "1"}) if hit == 0 else ok(request, hit)

    for i in range(10):
        server.routes[f"/k{i}"] = first_429
        server.routes[f"/f{i}"] = ok
    limited = [server.url(f"/k{i}", limiting_ip) for i in range(10)]
    fine = [server.url(f"/f{i}", other_ip) for i in range(10)]
    check = run_virtual(server, limited + fine, fast_config(concurrency_per_host=2, delay=0.0, max_host_wait=2.5))
    results = check.results
    # k0 and k1 each wait 1 s (the same second: it counts once), k2 and k3 one more each:
    # 3 s > 2.5 s, and k3's retry, whose pause spent the budget, is the host's last request
    assert check.elapsed == pytest.approx(4.0)
    verdicts = [results[u].verdict for u in limited]
    assert "broken" not in verdicts
    assert verdicts.count("ok") == 4
    assert all(results[u].error == HOST_CUT for u in limited if results[u].verdict == "blocked")
    assert all(results[u].verdict == "ok" for u in fine)
    log = starts(server.log, limiting_ip)
    refusals = [e for e in log if e["status"] == 429]
    assert [e["start"] for e in refusals] == pytest.approx([0.0, 0.0, 1.75, 3.0])
    assert len(log) == 8  # four refusals and their retries: none made once the budget was spent


def test_the_hostile_host_joins_a_generated_world_only_when_asked() -> None:
    from ibcmon.sample import build_world

    plain, hostile = build_world(8080, size=6), build_world(8080, size=6, hostile=True)
    assert HOSTILE_IP not in plain.hosts and HOSTILE_IP in hostile.hosts
    assert plain.truth() == hostile.truth()  # the truth of the centres is the same world's
    for index in range(6):
        centre = hostile.truth()["centres"][index]
        path = centre["url"].split(":8080", 1)[1]
        page = hostile.hosts[centre["host"]].lookup(path)
        assert page is not None
        html = page.content(path).decode()
        assert f"{HOSTILE_IP}:8080/kniga/{index}/" in html and f"{HOSTILE_IP}:8080/katalog/" in html
        plain_html = plain.hosts[centre["host"]].lookup(path).content(path).decode()  # type: ignore[union-attr]
        assert HOSTILE_IP not in plain_html
