"""History across nightly runs: `LinkState` per URL, and each run's change per link.

Streak rules (one step per nightly link-check run, `advance_history`):

- `broken` → streak + 1 (`broken_since` set on the first failed run). When the streak
  reaches `linkcheck.alarm_after` (default 2) the link is *alarmed*: `new_broken` in this
  run's digest, `still_broken` in the following ones; below it the change is `pending`
  (one bad night alarms nobody).
- `ok` / `redirected` → streak 0; an alarmed link becomes `fixed`, a pending one
  `recovered` (silent: nobody was told it broke).
- `blocked` (could not be checked) and `excluded` → no step: the streak and the alarm
  stay as they were; `blocked` is never counted as a failure.
- a failing URL (alarmed, or with a streak) that no page of this run links to any more →
  `removed` (alarmed: reported once in this run's digest, "убрана со страницы") or
  `dropped` (pending: silent); either way the streak and the alarm are cleared. Only when
  every page it stood on (its sources in the run that last judged it) was read again by
  this run's crawl: answered 2xx (not cut at the byte cap) or 404/410 (the page itself is
  gone). A page the crawl did not reach or could not read says nothing, so the state
  stays (no "removed" because a site was down for a night).

The change and the streak are also written on the run's `LinkCheck` rows, and the removed
links (which have no row in the run) in `Run.stats["linkcheck_removed"]`, so the digest
of any past run can be rebuilt from that run alone. History advances once per run:
a second call for the same run changes nothing.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from crawler.linkcheck.urls import normalize_url
from crawler.linkcheck.verdict import BROKEN, OK, REDIRECTED
from store.models import LinkCheck, LinkState, Page, Run

NEW_BROKEN = "new_broken"
STILL_BROKEN = "still_broken"
PENDING = "pending"
FIXED = "fixed"
RECOVERED = "recovered"
REMOVED = "removed"  # an alarmed link no page carries any more: reported once
DROPPED = "dropped"  # a pending link no page carries any more: nobody was told, silent
CHANGES = (NEW_BROKEN, STILL_BROKEN, PENDING, FIXED, RECOVERED, REMOVED, DROPPED)
GONE_PAGE_STATUSES = frozenset({404, 410})


def advance_history(session: Session, run_id: int, alarm_after: int, now: dt.datetime | None = None) -> dict[str, int]:
    """Apply the run's verdicts to `LinkState`; returns counts of changes."""
    run = session.get(Run, run_id)
    if run is None:
        raise ValueError(f"no run {run_id}")
    if (run.stats or {}).get("linkcheck_history"):
        return dict(run.stats["linkcheck_history"])
    now = now or run.started_at
    alarm_after = max(1, alarm_after)
    checks = session.scalars(select(LinkCheck).where(LinkCheck.run_id == run_id)).all()
    urls = [c.url for c in checks]
    states: dict[str, LinkState] = {}
    for i in range(0, len(urls), 500):
        for found in session.scalars(select(LinkState).where(LinkState.url.in_(urls[i : i + 500]))):
            states[found.url] = found
    counts = dict.fromkeys(CHANGES, 0)
    for check in checks:
        known = states.get(check.url)
        if check.verdict not in (OK, REDIRECTED, BROKEN):
            if known is not None:
                check.streak = known.streak
                check.broken_since = known.broken_since
            continue
        if known is not None:
            state = known
        else:
            state = LinkState(url=check.url, first_seen=now, streak=0, alarmed=False)
            session.add(state)
            states[check.url] = state
        change = _step(state, check.verdict, alarm_after, now)
        state.last_checked = now
        state.last_verdict = check.verdict
        state.last_run_id = run_id
        check.change = change
        check.streak = state.streak
        check.broken_since = state.broken_since
        if change:
            counts[change] += 1
    removed = _forget_removed(session, run, set(urls), counts)
    stats = dict(run.stats or {})
    stats["linkcheck_history"] = counts
    stats["linkcheck_alarm_after"] = alarm_after
    stats["linkcheck_removed"] = removed
    run.stats = stats
    session.flush()
    return counts


def _forget_removed(session: Session, run: Run, linked: set[str], counts: dict[str, int]) -> list[dict[str, Any]]:
    """Clear the failing states of URLs this run's pages no longer link to; the alarmed ones, listed.

    Returns `[{url, verdict, http_status, error, final_url, streak, broken_since,
    last_run_id, sources}]` (what the run that last judged the link saw), for the digest.
    """
    failing = session.scalars(
        select(LinkState).where(or_(LinkState.alarmed.is_(True), LinkState.streak > 0)).order_by(LinkState.url)
    ).all()
    candidates = [state for state in failing if state.url not in linked]
    if not candidates:
        return []
    source = int((run.settings or {}).get("source_run") or run.id)
    read = _pages_read(session, source)
    removed: list[dict[str, Any]] = []
    for state in candidates:
        last = None
        if state.last_run_id is not None:
            last = session.scalar(
                select(LinkCheck).where(LinkCheck.run_id == state.last_run_id, LinkCheck.url == state.url)
            )
        sources = list(last.sources or []) if last is not None else []
        if not sources or not all(_page_key(str(s.get("page_url") or "")) in read for s in sources):
            continue  # not every page it stood on was read tonight: nothing is known
        if state.alarmed:
            assert last is not None
            removed.append({
                "url": state.url, "verdict": last.verdict, "http_status": last.http_status,
                "error": last.error, "final_url": last.final_url, "streak": state.streak or 0,
                "broken_since": state.broken_since.isoformat() if state.broken_since else None,
                "last_run_id": state.last_run_id,
                "sources": [{k: v for k, v in s.items() if k != "anchor_missing"} for s in sources],
            })
            counts[REMOVED] += 1
        else:
            counts[DROPPED] += 1
        state.streak = 0
        state.broken_since = None
        state.alarmed = False
    return removed


def _page_key(url: str) -> str:
    return normalize_url(url) or url


def _pages_read(session: Session, run_id: int) -> set[str]:
    """Pages of the run whose links are known: read whole (2xx, not cut) or gone (404/410)."""
    rows = session.execute(
        select(Page.url, Page.final_url, Page.http_status, Page.truncated).where(Page.run_id == run_id)
    ).all()
    read: set[str] = set()
    for url, final_url, status, truncated in rows:
        if status is None or not ((200 <= status < 300 and not truncated) or status in GONE_PAGE_STATUSES):
            continue
        for raw in (url, final_url):
            if raw:
                read.add(_page_key(raw))
    return read


def _step(state: LinkState, verdict: str, alarm_after: int, now: dt.datetime) -> str | None:
    if verdict == BROKEN:
        state.streak = (state.streak or 0) + 1
        if state.broken_since is None:
            state.broken_since = now
        if state.alarmed:
            return STILL_BROKEN
        if state.streak >= alarm_after:
            state.alarmed = True
            return NEW_BROKEN
        return PENDING
    was_alarmed, had_streak = state.alarmed, (state.streak or 0) > 0
    state.streak = 0
    state.broken_since = None
    state.alarmed = False
    state.last_ok = now
    if was_alarmed:
        return FIXED
    return RECOVERED if had_streak else None
