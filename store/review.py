"""Reading and writing the review tables: corrections of verdicts and approvals.

Grading (`checks.grade`) asks `corrections_for_run` what to apply; the review app and
`ibcmon review` write through `add_correction` and `approve`. A correction belongs to a
run; `carry_over` copies each centre's latest correction from earlier runs into a new
run, flagged `needs_recheck` when the evidence page's main text changed since.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from store.models import Correction, Page, Review, utcnow


def page_hash(session: Session, run_id: int, centre_id: int, page_url: str | None) -> str | None:
    """The stored main-text fingerprint of a page of the run (None when it was not fetched)."""
    if not page_url:
        return None
    return session.execute(
        select(Page.text_hash).where(Page.run_id == run_id, Page.centre_id == centre_id,
                                     (Page.final_url == page_url) | (Page.url == page_url))
        .order_by(Page.id).limit(1)
    ).scalar_one_or_none()


def latest_corrections(session: Session, run_id: int, centre_ids: list[int] | None = None
                       ) -> dict[int, dict[str, Correction]]:
    """The latest correction per (centre, field) of one run, withdrawn ones included."""
    query = select(Correction).where(Correction.run_id == run_id).order_by(Correction.id)
    if centre_ids is not None:
        query = query.where(Correction.centre_id.in_(centre_ids))
    out: dict[int, dict[str, Correction]] = defaultdict(dict)
    for row in session.scalars(query):
        out[row.centre_id][row.field] = row
    return out


def carry_over(session: Session, run_id: int, centre_ids: list[int]) -> int:
    """Copy each centre's latest earlier correction into `run_id` where this run has none
    for that field; the copy `needs_recheck` when the evidence page's text changed (or the
    page is gone). Withdrawn corrections are not carried. The number of copies made."""
    if not centre_ids:
        return 0
    here = latest_corrections(session, run_id, centre_ids)
    newest_run = (
        select(Correction.centre_id, Correction.field, func.max(Correction.run_id).label("run_id"))
        .where(Correction.run_id < run_id, Correction.centre_id.in_(centre_ids))
        .group_by(Correction.centre_id, Correction.field).subquery()
    )
    rows = session.scalars(
        select(Correction).join(newest_run, (newest_run.c.centre_id == Correction.centre_id)
                                & (newest_run.c.field == Correction.field)
                                & (newest_run.c.run_id == Correction.run_id))
        .order_by(Correction.id)
    ).all()
    latest: dict[tuple[int, str], Correction] = {}
    for row in rows:
        latest[(row.centre_id, row.field)] = row
    made = 0
    for (centre_id, field), prev in latest.items():
        if field in here.get(centre_id, {}) or prev.new is None:
            continue
        current = page_hash(session, run_id, centre_id, prev.page_url)
        changed = current is None or current != prev.text_hash
        session.add(Correction(
            run_id=run_id, centre_id=centre_id, field=field, old=prev.old, new=prev.new, note=prev.note,
            by=prev.by, at=prev.at, page_url=prev.page_url, text_hash=current,
            needs_recheck=prev.needs_recheck or changed, carried_from=prev.id,
        ))
        made += 1
    session.flush()
    return made


def corrections_for_run(session: Session, run_id: int, centre_ids: list[int]) -> dict[int, list[Correction]]:
    """What grading applies: carried over first, then the latest live correction per field."""
    carry_over(session, run_id, centre_ids)
    out: dict[int, list[Correction]] = {}
    for centre_id, fields in latest_corrections(session, run_id, centre_ids).items():
        live = [c for c in fields.values() if c.new is not None]
        if live:
            out[centre_id] = live
    return out


def add_correction(session: Session, *, run_id: int, centre_id: int, field: str, old: str | None,
                   new: str | None, note: str, by: str, page_url: str | None) -> Correction:
    row = Correction(run_id=run_id, centre_id=centre_id, field=field, old=old, new=new, note=note, by=by,
                     at=utcnow(), page_url=page_url, text_hash=page_hash(session, run_id, centre_id, page_url),
                     needs_recheck=False)
    session.add(row)
    session.flush()
    return row


def approve(session: Session, run_id: int, centre_id: int, by: str) -> Review:
    row = session.execute(select(Review).where(Review.run_id == run_id, Review.centre_id == centre_id)
                          ).scalar_one_or_none()
    if row is None:
        row = Review(run_id=run_id, centre_id=centre_id, by=by, at=utcnow())
        session.add(row)
    else:
        row.by, row.at = by, utcnow()
    session.flush()
    return row


def withdraw_approval(session: Session, run_id: int, centre_id: int) -> None:
    row = session.execute(select(Review).where(Review.run_id == run_id, Review.centre_id == centre_id)
                          ).scalar_one_or_none()
    if row is not None:
        session.delete(row)


def approvals(session: Session, run_id: int) -> dict[int, Review]:
    return {r.centre_id: r for r in session.scalars(select(Review).where(Review.run_id == run_id))}


def review_state(session: Session, run_id: int) -> dict[int, dict[str, object]]:
    """Per centre of the run: `{"status": pending|approved, "by", "at"}` (approved ones only)."""
    return {cid: {"status": "approved", "by": r.by, "at": r.at} for cid, r in approvals(session, run_id).items()}


def corrections_log(session: Session, run_id: int | None = None, limit: int = 1000) -> list[Correction]:
    query = select(Correction).order_by(Correction.id.desc()).limit(limit)
    if run_id is not None:
        query = query.where(Correction.run_id == run_id)
    return list(session.scalars(query))


def as_iso(value: dt.datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value else None
