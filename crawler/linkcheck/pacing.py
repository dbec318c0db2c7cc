"""Per-platform politeness and per-host budgets for the link check.

Hosts of one platform (`crawler.platforms`: a `[politeness] shared_domains` domain, or
one address) share a `Platform`: its queue, pace and pause. For each platform:

- at most `concurrency_per_host` requests at once (`PriorityGate`, which also counts
  who waits); a request answered with 429/503 keeps its place through the pause, so its
  retry comes as soon as the host allows (a server that forgets a client after a quiet
  spell would answer a late retry with a new 429);
- `delay` seconds between the starts of two requests. A 429 or 503 with `Retry-After`
  pauses the whole platform that long and slows it down (the delay doubles, up to
  `MAX_BACKOFF_DELAY`); each success brings the delay back a step (× `RECOVERY`) until
  it is the configured one again.

For each host, two budgets: a deadline (`max_host_time` from the start of the check,
and the whole check's `max_time`), and the time the host may keep us waiting beyond its
normal pace (`max_host_wait`: the pauses its Retry-After asked for, and whatever each
answer took beyond `SLOW_ANSWER` seconds; and `TIMEOUTS_IN_ROW` requests in a row
without an answer end it at once). A request that cannot start within them, or is still
running when they run out, is cut. A host that is merely big (hundreds of quick answers)
never spends its waiting budget, nor does one whose few dead pages time out among good
answers (those are confirmed and reported broken); one that limits or stalls spends it
fast.
"""
from __future__ import annotations

import asyncio
import heapq
import itertools
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from protego import Protego

MIN_BACKOFF_DELAY = 0.25  # seconds between requests at least, once a host asked us to slow down
MAX_BACKOFF_DELAY = 4.0  # the slowest pace a host is brought to by its 429/503 answers
RECOVERY = 0.5  # the delay is multiplied by this after each success, down to the configured one
SLOW_ANSWER = 3.0  # seconds an answer may take before the rest counts against `max_host_wait`
TIMEOUTS_IN_ROW = 3  # requests in a row that got no answer in time: the host stalls, cut the rest

FIRST = 1  # the default gate priority (lower goes first)
YIELD_TO_RETRY = 0.02  # seconds a new URL's request looks again while a retry waits its turn
# A timer may wake a hair before the time it was set for (the loop fires timers within its
# clock's resolution, and `now + delay` rounds): a start this close is due, not another
# YIELD_TO_RETRY away.
TIME_SLACK = 1e-6


class PriorityGate:
    """A semaphore whose waiters go in (priority, arrival) order."""

    def __init__(self, limit: int) -> None:
        self.limit = max(1, limit)
        self.active = 0
        self._waiters: list[tuple[int, int, asyncio.Future[None]]] = []
        self._order = itertools.count()

    @property
    def waiting(self) -> int:
        return sum(1 for _p, _n, fut in self._waiters if not fut.done())

    async def acquire(self, priority: int = FIRST) -> None:
        if self.active < self.limit and not self.waiting:
            self.active += 1
            return
        fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._waiters, (priority, next(self._order), fut))
        try:
            await fut
        except asyncio.CancelledError:
            if fut.done() and not fut.cancelled():
                self.release()  # woken and cancelled at once: pass the slot on
            raise

    def release(self) -> None:
        self.active -= 1
        while self._waiters and self.active < self.limit:
            _p, _n, fut = heapq.heappop(self._waiters)
            if not fut.done():
                self.active += 1
                fut.set_result(None)

    @asynccontextmanager
    async def slot(self, priority: int = FIRST) -> AsyncIterator[None]:
        await self.acquire(priority)
        try:
            yield
        finally:
            self.release()


class Platform:
    """The politeness budget hosts of one platform share (`crawler.platforms`): the queue
    (`concurrency_per_host` at once), the pace (`delay` between starts) and the pause a
    Retry-After asked for. A host on a platform of its own has one to itself."""

    def __init__(self, key: str, concurrency: int, delay: float) -> None:
        self.key = key
        self.label = key  # what the progress line calls it (its domain, or its one host)
        self.hosts: set[str] = set()
        self.gate = PriorityGate(concurrency)
        self.base_delay = delay
        self.delay = delay
        self.next_start = 0.0  # loop time: the earliest start of the next request
        self.paused_until = 0.0  # loop time: Retry-After
        self.pause_asked = 0.0  # seconds the last Retry-After asked for
        self.limited = 0  # 429/503 answers that asked us to wait
        self.waiting_turn = 0
        self.retries_waiting = 0
        # new requests waiting for their turn, in the order they came (first come, first
        # served: the order of the night's list, `turns`, is the order of the requests)
        self.turns: list[int] = []
        self._tickets = itertools.count()
        self.in_flight: dict[int, float] = {}  # id -> loop time the request started

    def ticket(self) -> int:
        number = next(self._tickets)
        self.turns.append(number)
        return number

    def join(self, host: str) -> None:
        self.hosts.add(host)
        if len(self.hosts) == 1:
            self.label = host
        elif self.label in self.hosts:  # more than one site now: name the platform itself
            self.label = self.key.removeprefix("addr:")

    @property
    def queued(self) -> int:
        """Requests waiting for this platform (for its gate or its turn) or in flight."""
        return self.gate.waiting + self.waiting_turn + len(self.in_flight)

    def status(self, now: float) -> str:
        """Why requests to this platform are waiting, in Russian (for the progress line)."""
        if self.paused_until > now:
            return f"просил подождать {self.pause_asked:g} с (осталось {self.paused_until - now:.0f} с)"
        if self.in_flight:
            longest = now - min(self.in_flight.values())
            if longest >= 2.0:
                return f"отвечает медленно (ждём ответа {longest:.0f} с)"
        if self.delay > self.base_delay:
            return f"просил обращаться реже: {self.delay:.2g} с между запросами"
        sites = f", сайтов на нём: {len(self.hosts)}" if len(self.hosts) > 1 else ""
        return f"в очереди: {self.queued}{sites}"


class HostState:
    """One host's time budgets and robots.txt; its queue, pace and pause are its platform's."""

    def __init__(self, key: str, concurrency: int, delay: float, deadline: float,
                 wait_budget: float = float("inf"), platform: Platform | None = None) -> None:
        self.key = key
        self.platform = platform or Platform(key, concurrency, delay)
        self.platform.join(key)
        self.deadline = deadline  # loop time: this host's budget ends here
        self.wait_budget = wait_budget  # seconds it may keep us waiting (`max_host_wait`)
        self.waited = 0.0  # of them spent: Retry-After pauses, answers beyond SLOW_ANSWER
        self.timeouts_in_row = 0  # requests that ran out of time with no answer in between
        self.cut = 0  # requests not made (or stopped) because a budget was spent
        self.busy = 0  # this host's requests in flight
        self.head_refused = False
        self.insecure = False  # its TLS certificate did not verify: checked without verifying
        self.robots: asyncio.Task[Protego | None] | None = None
        self.joined: asyncio.Future[None] | None = None  # its platform is known (DNS asked)

    def move_to(self, platform: Platform) -> None:
        """Join the platform DNS named (before the host's first request)."""
        self.platform.hosts.discard(self.key)
        self.platform = platform
        platform.join(self.key)

    # the platform's queue and pace, as the checker sees them through the host
    @property
    def gate(self) -> PriorityGate:
        return self.platform.gate

    @property
    def in_flight(self) -> dict[int, float]:
        return self.platform.in_flight

    @property
    def delay(self) -> float:
        return self.platform.delay

    @property
    def paused_until(self) -> float:
        return self.platform.paused_until

    @property
    def queued(self) -> int:
        return self.platform.queued

    def exhausted(self, now: float) -> bool:
        """The host has kept us waiting long enough: its waiting budget is spent, or its
        last `TIMEOUTS_IN_ROW` requests all ran out of time (it stalls on everything)."""
        return self.waited >= self.wait_budget or self.timeouts_in_row >= TIMEOUTS_IN_ROW

    def stall_unsure(self) -> bool:
        """Timeouts in a row, but answers of this host still to come (one may reset them):
        a stalling URL of the host's is no proof yet that the host stalls on everything."""
        return self.timeouts_in_row >= TIMEOUTS_IN_ROW and self.waited < self.wait_budget and self.busy > 0

    def time_left(self, now: float) -> float:
        """How long a request starting now may run before it spends the waiting budget."""
        return SLOW_ANSWER + max(0.0, self.wait_budget - self.waited)

    def answered(self, elapsed: float, status: int | None, timed_out: bool) -> None:
        """A request ended: a slow answer spends the waiting budget by its slowness; a
        timeout is one URL's trouble (it is confirmed later), unless they come in a row."""
        if timed_out:
            self.timeouts_in_row += 1
        elif status is not None:
            self.timeouts_in_row = 0
            self.waited += max(0.0, elapsed - SLOW_ANSWER)

    async def wait_turn(self, deadline: float, retry: bool = False) -> bool:
        """Wait until this host may get a request (its platform's pace and pause); False
        when that would be at or after `deadline`, or the host's waiting budget is spent
        (the caller cuts the request instead of waiting). A `retry` after a Retry-After
        goes first: a new URL's request waits while one is pending (else each new 429
        would push it back); it is made even when that pause spent the waiting budget.
        New requests go in the order they came (`Platform.turns`), never overtaken by a
        luckier wake-up. Timeouts in a row with answers of the host still to come wait
        for those answers before the host is given up (`stall_unsure`)."""
        loop = asyncio.get_running_loop()
        p = self.platform
        p.waiting_turn += 1
        p.retries_waiting += int(retry)
        ticket = None if retry else p.ticket()
        try:
            while True:
                now = loop.time()
                start = max(p.next_start, p.paused_until)
                if start >= deadline:
                    return False
                if self.exhausted(now) and not retry:
                    if not self.stall_unsure():
                        return False
                    await asyncio.sleep(YIELD_TO_RETRY)  # what the requests in flight say decides
                    continue
                if start <= now + TIME_SLACK and (retry or (not p.retries_waiting and p.turns[0] == ticket)):
                    p.next_start = now + p.delay
                    return True
                # a pause may begin (or grow) meanwhile: look again after sleeping
                await asyncio.sleep(max(start - now, YIELD_TO_RETRY))
        finally:
            p.waiting_turn -= 1
            p.retries_waiting -= int(retry)
            if ticket is not None:
                p.turns.remove(ticket)

    def back_off(self, seconds: float) -> None:
        """A 429/503 asked us to wait: the whole platform waits that long, then goes slower;
        the pause counts against this host's waiting budget."""
        p = self.platform
        now = asyncio.get_running_loop().time()
        until = now + seconds
        self.waited += max(0.0, until - max(p.paused_until, now))  # overlapping pauses count once
        p.paused_until = max(p.paused_until, until)
        p.pause_asked = seconds
        p.limited += 1
        slower = max(p.delay * 2, p.base_delay * 2, MIN_BACKOFF_DELAY)
        p.delay = max(p.base_delay, min(slower, MAX_BACKOFF_DELAY))
        p.next_start = max(p.next_start, now + p.delay)  # the slower pace from now on

    def recover(self) -> None:
        """A success: one step back towards the configured delay."""
        p = self.platform
        if p.delay > p.base_delay:
            step = p.delay * RECOVERY
            p.delay = p.base_delay if step - p.base_delay < 0.01 else step

    def status(self, now: float) -> str:
        return self.platform.status(now)
