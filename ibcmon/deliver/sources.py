"""What the mailer sends, read from the store: an audit's result, a link check's new breaks.

The audit result comes from `checks.grade.load_audit_result` (the same object the report
reads), each centre's trend from `checks.grade.history`; new broken links from the link
check's digest (`crawler.linkcheck.build_digest`).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from checks.result import AuditResult, BrokenLink
from common.config import ConfigError
from store.db import Database
from store.models import RUN_COMPLETE, Grading, Run

LINKCHECK_KIND = "linkcheck"


def latest_graded_run(db: Database) -> int | None:
    """The newest graded run, a complete one first (an interrupted or failed audit graded
    by hand is not "the latest audit" that librarians hear about), or None."""
    newest = select(Grading.run_id).order_by(Grading.run_id.desc()).limit(1)
    with db.session() as session:
        complete = newest.join(Run, Run.id == Grading.run_id).where(Run.status == RUN_COMPLETE)
        return session.scalar(complete) or session.scalar(newest)


def latest_linkcheck_run(db: Database) -> int | None:
    with db.session() as session:
        return session.scalar(
            select(Run.id).where(Run.kind == LINKCHECK_KIND, Run.status == RUN_COMPLETE)
            .order_by(Run.started_at.desc(), Run.id.desc()).limit(1)
        )


def load_result(db: Database, run_id: int) -> AuditResult:
    """The audit result of `run_id`'s latest grading (the object the report reads)."""
    from checks.grade import load_audit_result

    return load_audit_result(db, run_id=run_id)


def centre_history(db: Database, centre_ids: list[int]) -> dict[int, list[Any]]:
    """centre_id → its graded audits, oldest first: the trend on its card."""
    from checks.grade import history

    return {cid: list(history(db, cid)) for cid in centre_ids}


# --- new broken links -------------------------------------------------------------------------

@dataclass
class LinkNotice:
    """The links of one centre that broke (for the required number of nights) in a run."""

    centre_id: int
    name: str
    links: list[BrokenLink]


@dataclass
class LinkNotices:
    run_id: int
    checked_at: dt.datetime
    alarm_after: int
    centres: list[LinkNotice]


def new_broken_links(db: Database, run_id: int) -> LinkNotices:
    """Per centre, the links the link-check run `run_id` counts as newly broken."""
    from crawler.linkcheck import build_digest

    with db.session() as session:
        run = session.get(Run, run_id)
        if run is None:
            raise ConfigError(f"запуск №{run_id} не найден")
        if run.kind != LINKCHECK_KIND:
            raise ConfigError(f"запуск №{run_id} — не ночная проверка ссылок ({run.kind})")
        checked_at = run.started_at
    digest = build_digest(db, run_id)
    centre_ids = {c.centre_id for c in digest.centres} | {
        int(c["centre_id"]) for link in digest.shared for c in link.centres
    }
    names = {c.centre_id: c.name for c in digest.centres}
    for link in digest.shared:
        for c in link.centres:
            names.setdefault(int(c["centre_id"]), c.get("name") or "")
    notices: list[LinkNotice] = []
    for centre_id in sorted(centre_ids):
        links = []
        for item in digest.for_centre(centre_id)["new_broken"]:
            places = item.found_on
            if item.centres:  # a shared link: only this centre's pages
                places = next(
                    (c["found_on"] for c in item.centres if int(c["centre_id"]) == centre_id), places
                )
            for place in places or [{"page_url": "", "text": ""}]:
                links.append(BrokenLink(
                    url=item.url, found_on=place.get("page_url") or "", status=item.status,
                    error=item.error, text=place.get("text") or None, internal=item.internal,
                ))
        if links:
            notices.append(LinkNotice(centre_id=centre_id, name=names.get(centre_id, ""), links=links))
    return LinkNotices(run_id=run_id, checked_at=checked_at, alarm_after=digest.alarm_after, centres=notices)
