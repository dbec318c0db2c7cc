"""What the review pages read from the store (SQLAlchemy expressions only, ids as ints)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from checks.result import CentreResult
from store.db import Database
from store.models import CentreVisit, Correction, Grading, Page, Review, Run, Score


@dataclass
class RunRow:
    id: int
    kind: str
    status: str
    started_at: dt.datetime
    as_of: dt.date
    centres: int
    approved: int
    corrections: int


def graded_runs(db: Database, limit: int = 200) -> list[RunRow]:
    latest = select(Grading.run_id, func.max(Grading.id).label("gid")).group_by(Grading.run_id).subquery()
    with db.session() as session:
        rows = session.execute(
            select(Run, Grading.as_of).join(latest, latest.c.run_id == Run.id).join(Grading, Grading.id == latest.c.gid)
            .order_by(Run.id.desc()).limit(limit)
        ).all()
        ids = [r.id for r, _a in rows]
        visits = dict(session.execute(select(CentreVisit.run_id, func.count()).where(CentreVisit.run_id.in_(ids))
                                      .group_by(CentreVisit.run_id)).all())
        approved = dict(session.execute(select(Review.run_id, func.count()).where(Review.run_id.in_(ids))
                                        .group_by(Review.run_id)).all())
        fixes = dict(session.execute(select(Correction.run_id, func.count(func.distinct(Correction.centre_id)))
                                     .where(Correction.run_id.in_(ids), Correction.new.is_not(None))
                                     .group_by(Correction.run_id)).all())
    return [RunRow(r.id, r.kind, r.status, r.started_at, as_of, int(visits.get(r.id, 0)), int(approved.get(r.id, 0)),
                   int(fixes.get(r.id, 0))) for r, as_of in rows]


def grade_names(db: Database, run_id: int) -> list[str]:
    """The grade bands of the run's latest grading, best first, as its rulebook named them
    (empty for a grading stored before gradings kept their bands)."""
    with db.session() as session:
        summary = session.scalar(select(Grading.summary).where(Grading.run_id == run_id)
                                 .order_by(Grading.id.desc()).limit(1))
    grades = (summary or {}).get("grades") if isinstance(summary, dict) else None
    return [str(name) for name in grades] if isinstance(grades, dict) else []


@dataclass
class PageRow:
    id: int
    url: str
    final_url: str
    title: str | None
    http_status: int | None
    chars: int
    has_html: bool


def centre_pages(db: Database, run_id: int, centre_id: int) -> list[PageRow]:
    with db.session() as session:
        rows = session.execute(
            select(Page.id, Page.url, Page.final_url, Page.title, Page.http_status,
                   func.coalesce(func.length(Page.main_text), 0), Page.html_z.is_not(None))
            .where(Page.run_id == run_id, Page.centre_id == centre_id).order_by(Page.depth, Page.id).limit(500)
        ).all()
    return [PageRow(int(r[0]), r[1], r[2], r[3], r[4], int(r[5] or 0), bool(r[6])) for r in rows]


def snapshot_html(db: Database, run_id: int, page_id: int) -> str | None:
    """The stored HTML of a page of the run (None when there is none, or it is another run's)."""
    with db.session() as session:
        page = session.get(Page, page_id)
        if page is None or page.run_id != run_id or page.is_document:
            return None
        return page.html


def corrections_log(db: Database, run_id: int | None = None, limit: int = 1000) -> list[dict[str, Any]]:
    from store.models import Centre

    query = (select(Correction, Centre.name).join(Centre, Centre.id == Correction.centre_id)
             .order_by(Correction.id.desc()).limit(limit))
    if run_id is not None:
        query = query.where(Correction.run_id == run_id)
    with db.session() as session:
        return [{"id": c.id, "run_id": c.run_id, "centre_id": c.centre_id, "centre": name, "field": c.field,
                 "old": c.old, "new": c.new, "note": c.note, "by": c.by, "at": c.at,
                 "needs_recheck": c.needs_recheck, "carried": c.carried_from is not None}
                for c, name in session.execute(query).all()]


def rechecks_log(db: Database, run_id: int | None = None, centre_id: int | None = None,
                 limit: int = 1000) -> list[dict[str, Any]]:
    """The rechecks (`ibcmon recheck`, «Проверить заново»), newest first: who, when, what changed."""
    from store.models import Centre
    from store.recheck import rechecks

    with db.session() as session:
        rows = rechecks(session, run_id, centre_id, limit)
        names = dict(session.execute(select(Centre.id, Centre.name).where(
            Centre.id.in_({r.centre_id for r in rows}))).all())
        return [{"id": r.id, "run_id": r.run_id, "centre_id": r.centre_id, "centre": names.get(r.centre_id, ""),
                 "by": r.by, "at": r.at, "as_of": r.as_of, "changes": list(r.changes or []),
                 "archive_run_id": r.archive_run_id} for r in rows]


def centre_result(db: Database, run_id: int, centre_id: int) -> CentreResult | None:
    """One centre of the run's latest grading, with its review status (None when absent)."""
    with db.session() as session:
        grading_id = session.scalar(select(func.max(Grading.id)).where(Grading.run_id == run_id))
        if grading_id is None:
            return None
        stored = session.scalar(select(Score.result).where(Score.grading_id == grading_id,
                                                          Score.centre_id == centre_id))
        if stored is None:
            return None
        approved = session.scalar(select(Review.id).where(Review.run_id == run_id, Review.centre_id == centre_id))
    centre = CentreResult.from_dict(stored)
    centre.review_status = "approved" if approved is not None else "pending"
    return centre
