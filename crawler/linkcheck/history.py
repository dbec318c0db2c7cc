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

The change and the streak are also written on the run's `LinkCheck` rows, so the digest
of any past run can be rebuilt from that run alone. History advances once per run:
a second call for the same run changes nothing.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from crawler.linkcheck.verdict import BROKEN, OK, REDIRECTED
from store.models import LinkCheck, LinkState, Run

NEW_BROKEN = "new_broken"
STILL_BROKEN = "still_broken"
PENDING = "pending"
FIXED = "fixed"
RECOVERED = "recovered"
CHANGES = (NEW_BROKEN, STILL_BROKEN, PENDING, FIXED, RECOVERED)


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
    stats = dict(run.stats or {})
    stats["linkcheck_history"] = counts
    stats["linkcheck_alarm_after"] = alarm_after
    run.stats = stats
    session.flush()
    return counts


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
