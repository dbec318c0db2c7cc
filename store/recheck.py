"""One centre of a run replaced by a fresh crawl of it (`ibcmon recheck`), nothing lost.

The fresh crawl is a run of its own (kind `recheck`) holding just that centre: its visit,
pages and link verdicts. `swap_centre` exchanges them with the centre's rows in the
audited run, in one transaction: the audited run then holds the fresh rows (so its
report, exports, review app and `regrade` all read them), and the recheck run keeps the
rows they replaced, as the history of what the audit had seen.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from store.models import CentreVisit, LinkCheck, Page, Recheck, Run

RECHECK_KIND = "recheck"
# a visit's own columns (all but its identity) and a link verdict's, exchanged by the swap
_VISIT_COLUMNS = ("name", "municipality", "listed_url", "listed_on", "aliases", "home_url", "final_url",
                  "status", "reason", "reason_code", "http_status", "pages", "bytes", "started_at", "finished_at")
_VERDICT_COLUMNS = ("verdict", "http_status", "error", "final_url", "redirects", "attempts", "from_crawl",
                    "elapsed_ms", "checked_at", "warning", "change", "streak", "broken_since")


class SwapError(Exception):
    """The fresh crawl has nothing to put in the run's place (Russian message)."""


def _of_centre(sources: list[Any] | None, centre_id: int) -> tuple[list[Any], list[Any]]:
    """(the link's places on this centre's pages, its places elsewhere)."""
    mine: list[Any] = []
    others: list[Any] = []
    for source in sources or []:
        is_mine = isinstance(source, dict) and source.get("centre_id") == centre_id
        (mine if is_mine else others).append(source)
    return mine, others


def _swap_visits(session: Session, run_id: int, fresh_run_id: int, centre_id: int) -> None:
    old, fresh = (session.scalars(select(CentreVisit).where(CentreVisit.run_id == r, CentreVisit.centre_id == centre_id)
                                  ).first() for r in (run_id, fresh_run_id))
    if fresh is None:
        raise SwapError("повторный обход не дошёл до страницы центра")
    if old is None:  # the run had no visit of it (cannot happen through the CLI): just move
        fresh.run_id = run_id
        return
    for column in _VISIT_COLUMNS:  # (run, centre) is unique: exchange contents, not rows
        old_value, fresh_value = getattr(old, column), getattr(fresh, column)
        setattr(old, column, fresh_value)
        setattr(fresh, column, old_value)


def _swap_pages(session: Session, run_id: int, fresh_run_id: int, centre_id: int) -> None:
    old_ids = list(session.scalars(select(Page.id).where(Page.run_id == run_id, Page.centre_id == centre_id)))
    fresh_ids = list(session.scalars(select(Page.id).where(Page.run_id == fresh_run_id,
                                                           Page.centre_id == centre_id)))
    if old_ids:
        session.execute(update(Page).where(Page.id.in_(old_ids)).values(run_id=fresh_run_id))
    if fresh_ids:
        session.execute(update(Page).where(Page.id.in_(fresh_ids)).values(run_id=run_id))


def _swap_links(session: Session, run_id: int, fresh_run_id: int, centre_id: int) -> None:
    """The centre's link verdicts change places; a URL other centres link to as well keeps
    their places in the run, and takes the fresh verdict (the newer answer)."""
    old_rows = {row.url: row for row in session.scalars(select(LinkCheck).where(LinkCheck.run_id == run_id))}
    fresh_rows = {row.url: row for row in session.scalars(select(LinkCheck).where(LinkCheck.run_id == fresh_run_id))}
    for url, fresh in fresh_rows.items():
        old = old_rows.get(url)
        if old is None:
            fresh.run_id = run_id
            continue
        mine, others = _of_centre(old.sources, centre_id)
        fresh_mine, _ = _of_centre(fresh.sources, centre_id)
        for column in _VERDICT_COLUMNS:
            old_value, fresh_value = getattr(old, column), getattr(fresh, column)
            setattr(old, column, fresh_value)
            setattr(fresh, column, old_value)
        old.sources, fresh.sources = others + fresh_mine, mine
        if not mine:  # the audit did not see this link on the centre's pages: nothing to keep
            session.delete(fresh)
    session.flush()
    for url, old in old_rows.items():
        if url in fresh_rows:
            continue
        mine, others = _of_centre(old.sources, centre_id)
        if not mine:
            continue
        if not others:
            old.run_id = fresh_run_id
            continue
        old.sources = others  # shared: the centre's places go to the archive copy
        copy = LinkCheck(run_id=fresh_run_id, url=url, sources=mine,
                         **{column: getattr(old, column) for column in _VERDICT_COLUMNS})
        session.add(copy)


def swap_centre(session: Session, run_id: int, fresh_run_id: int, centre_id: int) -> None:
    """Exchange the centre's visit, pages and link verdicts between the run and its fresh
    crawl (`SwapError` when the fresh crawl did not reach the centre). The run's row is
    locked first, so two rechecks of one run take turns (PostgreSQL; SQLite has one writer)."""
    session.execute(select(Run.id).where(Run.id == run_id).with_for_update()).first()
    _swap_visits(session, run_id, fresh_run_id, centre_id)
    _swap_pages(session, run_id, fresh_run_id, centre_id)
    _swap_links(session, run_id, fresh_run_id, centre_id)
    session.flush()


def rechecks(session: Session, run_id: int | None = None, centre_id: int | None = None,
             limit: int = 1000) -> list[Recheck]:
    """The rechecks, newest first (of one run, or one centre)."""
    query = select(Recheck).order_by(Recheck.id.desc()).limit(limit)
    if run_id is not None:
        query = query.where(Recheck.run_id == run_id)
    if centre_id is not None:
        query = query.where(Recheck.centre_id == centre_id)
    return list(session.scalars(query))
