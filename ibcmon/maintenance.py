"""Keeping the store small: old page snapshots go, the scores that make trends stay.

`cleanup` deletes the page snapshots (`Page`, with their HTML) and link verdicts
(`LinkCheck`) of runs older than `[schedule] retention_days`, and old job logs. Runs,
centre visits, gradings, scores and the delivery log are kept, so trends across audits
and "what was sent" survive. The newest finished run of each kind is never touched, so
the current audit can always be regraded. The weekly scheduler job runs `ibcmon cleanup`.
"""
from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from sqlalchemy import delete, func, select, text

from store.db import Database
from store.models import RUN_RUNNING, JobRun, LinkCheck, Page, Run, utcnow

logger = logging.getLogger(__name__)


def _protected(session: Any) -> set[int]:
    """The newest finished run of each kind."""
    newest = (
        select(Run.kind, func.max(Run.started_at).label("latest"))
        .where(Run.status != RUN_RUNNING).group_by(Run.kind).subquery()
    )
    rows = session.execute(
        select(Run.id).join(newest, (Run.kind == newest.c.kind) & (Run.started_at == newest.c.latest))
    ).scalars()
    return set(rows)


def cleanup(
    db: Database,
    retention_days: int,
    *,
    now: dt.datetime | None = None,
    dry_run: bool = False,
    vacuum: bool = False,
) -> dict[str, Any]:
    """Delete snapshots of runs older than `retention_days`; returns what was (or would be) deleted."""
    if retention_days < 1:
        raise ValueError("retention_days must be at least 1")
    now = now or utcnow()
    cutoff = now - dt.timedelta(days=retention_days)
    counts: dict[str, Any] = {"cutoff": cutoff.isoformat(timespec="seconds"), "runs": 0, "pages": 0,
                              "link_checks": 0, "job_runs": 0}
    with db.session() as session:
        keep = _protected(session)
        old_runs = [
            r for r in session.scalars(
                select(Run).where(Run.started_at < cutoff, Run.status != RUN_RUNNING).order_by(Run.id)
            ) if r.id not in keep
        ]
        run_ids = [r.id for r in old_runs]
    for run_id in run_ids:
        with db.session() as session:  # one transaction per run: short write locks on SQLite
            pages = session.scalar(select(func.count()).select_from(Page).where(Page.run_id == run_id)) or 0
            checks = session.scalar(
                select(func.count()).select_from(LinkCheck).where(LinkCheck.run_id == run_id)
            ) or 0
            if not pages and not checks:
                continue
            counts["runs"] += 1
            counts["pages"] += pages
            counts["link_checks"] += checks
            if dry_run:
                continue
            session.execute(delete(Page).where(Page.run_id == run_id))
            session.execute(delete(LinkCheck).where(LinkCheck.run_id == run_id))
            run = session.get(Run, run_id)
            if run is not None:  # say so on the run: its pages can no longer be regraded
                run.stats = {**(run.stats or {}), "snapshots_deleted": now.isoformat(timespec="seconds")}
    with db.session() as session:
        old_jobs = select(JobRun.id).where(JobRun.started_at < cutoff, JobRun.outcome != "running")
        counts["job_runs"] = session.scalar(select(func.count()).select_from(old_jobs.subquery())) or 0
        if not dry_run:
            session.execute(delete(JobRun).where(JobRun.id.in_(old_jobs)))
    if vacuum and not dry_run:  # give the space back to the disk (SQLite) / the server
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM"))
    logger.info("cleanup: %s", counts)
    return counts
