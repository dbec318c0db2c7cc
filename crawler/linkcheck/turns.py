"""Every link gets its turn: the order a night checks its URLs in, and who waited.

A night's time budgets (`max_host_wait`, `max_host_time`, `max_time`) may cut a host's
or the whole check's last URLs. Checked in a fixed order, the same tail would be cut
every night, and a link that breaks there would never be reported. So the URLs go in
this order (`Turns.order`):

1. the URLs the previous nights did not reach (cut by a budget), longest waiting first;
   a host whose budget was spent therefore comes first the next night;
2. the URLs never checked (new links);
3. the rest, the one checked longest ago first (`LinkState.last_checked`).

Each host's queue is first come, first served (`pacing.PriorityGate`), so the order of
the list is the order of each host's requests: a night that reaches at least as many of a
host's URLs as the night before left unchecked reaches all of those.

"Nights" are the nightly link-check runs (kind `linkcheck`) before this one, as their
`LinkCheck` rows say (a cut URL is `blocked` with a budget's reason); nothing new is
stored for it.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from crawler.linkcheck.verdict import BLOCKED, ERROR_TEXTS
from store.models import LinkCheck, LinkState, Run

CUT_TEXTS = frozenset({ERROR_TEXTS["host_budget"], ERROR_TEXTS["run_budget"]})
LOOKBACK = 60  # earlier nights looked at when counting a URL's unreached nights in a row
BATCH = 500  # URLs per IN (...) query


def is_cut(verdict: str | None, error: str | None) -> bool:
    """A URL a time budget left unchecked (not a verdict on the link)."""
    return verdict == BLOCKED and error in CUT_TEXTS


@dataclass
class Turns:
    """What the earlier nights say about a run's URLs."""

    last_checked: dict[str, dt.datetime] = field(default_factory=dict)
    waiting: dict[str, int] = field(default_factory=dict)  # unreached nights in a row, before this one

    def order(self, urls: Iterable[str]) -> list[str]:
        """The URLs in the order they get their turn (see the module's docstring)."""
        listed = list(dict.fromkeys(urls))
        oldest = dt.datetime.min

        def key(item: tuple[int, str]) -> tuple[int, int, dt.datetime, int]:
            index, url = item
            checked = self.last_checked.get(url)
            return (-self.waiting.get(url, 0), 0 if checked is None else 1, checked or oldest, index)

        return [url for _i, url in sorted(enumerate(listed), key=key)]

    def nights(self, url: str) -> int:
        """Nights in a row `url` has not been reached, if this night does not reach it either."""
        return self.waiting.get(url, 0) + 1


def load_turns(session: Session, urls: Iterable[str], run_id: int) -> Turns:
    """The history of `urls` before run `run_id`: when each was last checked, and how many
    nightly runs in a row (up to `LOOKBACK`) left it unchecked."""
    wanted = list(dict.fromkeys(urls))
    turns = Turns()
    for i in range(0, len(wanted), BATCH):
        chunk = wanted[i : i + BATCH]
        for url, checked in session.execute(
            select(LinkState.url, LinkState.last_checked).where(LinkState.url.in_(chunk))
        ):
            if checked is not None:
                turns.last_checked[url] = checked
    nights = session.scalars(
        select(Run.id).where(Run.kind == "linkcheck", Run.id < run_id,
                             Run.id.in_(select(LinkCheck.run_id).distinct()))
        .order_by(Run.id.desc()).limit(LOOKBACK)
    ).all()
    if not nights:
        return turns
    cut: dict[int, set[str]] = {night: set() for night in nights}
    for night, url in session.execute(
        select(LinkCheck.run_id, LinkCheck.url).where(
            LinkCheck.run_id.in_(nights), LinkCheck.verdict == BLOCKED, LinkCheck.error.in_(CUT_TEXTS))
    ):
        cut[night].add(url)
    wanted_set = set(wanted)
    for url in cut[nights[0]] & wanted_set:
        count = 0
        for night in nights:  # the latest first: count until a night that reached it
            if url not in cut[night]:
                break
            count += 1
        turns.waiting[url] = count
    return turns
