"""`check_run_links`: the link check of one run, stage by stage.

extract (the run's stored pages) → collect (unique URLs, where each stands) → filter
(mailto:, social networks, config patterns) → check (network, or the crawl's own answer)
→ store (`LinkCheck` rows) → history (nightly runs only).

Where the rows go:
- an audit or crawl run is checked *in place*: its `LinkCheck` rows sit in the same run,
  so its score, report and export carry them; a page its crawl fetched takes the
  crawl's answer (`from_crawl`, no new request);
- `ibcmon linkcheck` makes a run of kind `linkcheck` whose `settings["source_run"]` names
  the crawl or audit whose pages it reads (nothing is copied). Its links are all checked
  afresh (the source may be months old), unless the source is a crawl made for it just
  now (`--recrawl`). Only linkcheck runs advance the nightly history.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

import httpx
from sqlalchemy import delete

from common.config import Config, network_policy
from crawler.linkcheck.check import Known, LinkChecker, Outcome, outcome_from_known
from crawler.linkcheck.collect import Target, collect
from crawler.linkcheck.extract import crawl_results, extract_links, page_anchors, stored_html
from crawler.linkcheck.filter import CHECK, LinkFilter
from crawler.linkcheck.history import advance_history
from crawler.linkcheck.turns import Turns, load_turns
from crawler.linkcheck.urls import fragment_text
from crawler.linkcheck.verdict import BROKEN, EXCLUDED, VERDICTS
from store.models import LinkCheck, Run

Progress = Callable[[str], None]


@dataclass
class LinkcheckSummary:
    run_id: int
    source_run_id: int
    urls: int = 0  # unique URLs, excluded ones included
    checked: int = 0  # checked over the network
    from_crawl: int = 0  # took the crawl's answer
    requests: int = 0  # HTTP requests made (robots.txt included)
    verdicts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(VERDICTS, 0))
    anchors_missing: int = 0  # links whose #fragment names nothing on the target page
    cut: int = 0  # URLs left unchecked (blocked) because a time budget was spent
    longest_wait: int = 0  # of them, the most nights in a row one has not been reached (this one included)
    elapsed_s: float = 0.0
    history: dict[str, int] | None = None  # changes, when the nightly history advanced

    @property
    def broken(self) -> int:
        return self.verdicts.get(BROKEN, 0)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["broken"] = self.broken
        return data


def check_run_links(
    db: Any,
    config: Config,
    run_id: int,
    *,
    progress: Progress | None = None,
    source_run_id: int | None = None,
    reuse_crawl: bool | None = None,
    history: bool | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> LinkcheckSummary:
    """Check every link on the pages of a run and store the verdicts in run `run_id`.

    `source_run_id` (default: `run.settings["source_run"]`, else the run itself) is the
    run whose pages are read; `reuse_crawl` (default: source is the run itself) takes the
    crawl's answer for the pages it fetched; `history` (default: the run is a linkcheck
    run) advances the nightly history.
    """
    started = time.monotonic()
    with db.session() as session:
        run = session.get(Run, run_id)
        if run is None:
            raise LookupError(f"запуск №{run_id} не найден")
        source = source_run_id or int((run.settings or {}).get("source_run") or run_id)
        reuse = (source == run_id) if reuse_crawl is None else reuse_crawl
        advance = (run.kind == "linkcheck") if history is None else history
        found = extract_links(session, source)
        known = crawl_results(session, source) if reuse else {}
        lc = config.linkcheck
        targets = collect(found, LinkFilter(lc.exclude, lc.exclude_hosts))
        to_check = [url for url, t in targets.items() if t.action == CHECK and url not in known]
        # what the last nights could not reach goes first, then the longest unchecked
        turns = load_turns(session, to_check, run_id)
    to_check = turns.order(to_check)
    if progress:
        progress(f"ссылок на страницах: {len(found)}, разных адресов: {len(targets)}, "
                 f"из них по ответам обхода: {len(targets) - len(to_check) - _excluded(targets)}")
    checker = LinkChecker(lc, config.general.user_agent, known=known, progress=progress, transport=transport,
                          policy=network_policy(config), shared_domains=config.politeness.shared_domains)
    outcomes = checker.run(to_check)
    summary = LinkcheckSummary(run_id=run_id, source_run_id=source, urls=len(targets), checked=len(to_check),
                               requests=checker.requests, cut=checker.cut,
                               longest_wait=_longest_wait(turns, outcomes))
    with db.session() as session:
        html = stored_html(session, source, _anchor_targets(targets, outcomes))
        summary.anchors_missing = _mark_anchors(targets, outcomes, html)
        session.execute(delete(LinkCheck).where(LinkCheck.run_id == run_id))
        for url, target in targets.items():
            row = _row(run_id, target, outcomes.get(url), known.get(url))
            summary.verdicts[row.verdict] = summary.verdicts.get(row.verdict, 0) + 1
            summary.from_crawl += int(row.from_crawl)
            session.add(row)
        session.flush()
        if advance:
            summary.history = advance_history(session, run_id, lc.alarm_after)
        summary.elapsed_s = round(time.monotonic() - started, 3)
        run = session.get(Run, run_id)
        assert run is not None
        stats = dict(run.stats or {})
        stats["linkcheck"] = summary.to_dict()
        run.stats = stats
    return summary


def _longest_wait(turns: Turns, outcomes: dict[str, Outcome]) -> int:
    return max((turns.nights(url) for url, o in outcomes.items() if o.cut), default=0)


def _excluded(targets: dict[str, Target]) -> int:
    return sum(1 for t in targets.values() if t.action != CHECK)


def _row(run_id: int, target: Target, outcome: Outcome | None, known: Known | None) -> LinkCheck:
    if target.action != CHECK:
        return LinkCheck(run_id=run_id, url=target.url, verdict=EXCLUDED, error=target.reason,
                         sources=target.sources, attempts=0, from_crawl=False, redirects=[], streak=0)
    if outcome is None:
        assert known is not None
        outcome = outcome_from_known(target.url, known)
    return LinkCheck(
        run_id=run_id, url=target.url, verdict=outcome.verdict, http_status=outcome.http_status,
        error=outcome.error, final_url=outcome.final_url, redirects=outcome.redirects,
        attempts=outcome.attempts, from_crawl=outcome.from_crawl, elapsed_ms=outcome.elapsed_ms,
        sources=target.sources, warning=outcome.warning, streak=0,
    )


def checkable_fragment(fragment: str) -> bool:
    """A fragment that should name an element: not empty, not #top, not an app route."""
    if not fragment or fragment.lower() == "top":
        return False
    return not (fragment.startswith(("!", "/")) or "=" in fragment or ":~:" in fragment)


def _anchor_targets(targets: dict[str, Target], outcomes: dict[str, Outcome]) -> set[str]:
    urls: set[str] = set()
    for url, target in targets.items():
        if any(s["internal"] and checkable_fragment(s["fragment"]) for s in target.sources):
            urls.add(url)
            outcome = outcomes.get(url)
            if outcome is not None and outcome.final_url:
                urls.add(outcome.final_url)
    return urls


def _mark_anchors(targets: dict[str, Target], outcomes: dict[str, Outcome], html: dict[str, str]) -> int:
    missing = 0
    cache: dict[str, set[str]] = {}
    for url, target in targets.items():
        outcome = outcomes.get(url)
        page = html.get(url)
        if page is None and outcome is not None and outcome.final_url:
            page = html.get(outcome.final_url)
        if page is None:
            continue
        for source in target.sources:
            if not (source["internal"] and checkable_fragment(source["fragment"])):
                continue
            anchors = cache.get(url)
            if anchors is None:
                anchors = cache[url] = page_anchors(page)
            fragment = source["fragment"]
            if fragment not in anchors and fragment_text(fragment) not in anchors:
                source["anchor_missing"] = True
                missing += 1
    return missing
