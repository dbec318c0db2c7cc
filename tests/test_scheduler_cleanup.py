"""The weekly clean-up: old page snapshots go, scores (and so trends) stay."""
from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from ibcmon.cli import cli
from ibcmon.maintenance import cleanup
from store.db import Database
from store.models import (
    RUN_COMPLETE,
    Centre,
    CentreVisit,
    Grading,
    JobRun,
    LinkCheck,
    Page,
    Run,
    Score,
)

NOW = dt.datetime(2026, 11, 20, 12, 0)




def add_run(db: Database, kind: str, days_ago: int, pages: int = 3) -> int:
    with db.session() as session:
        centre = session.scalars(select(Centre)).first()
        if centre is None:
            centre = Centre(key="s.example/ibc", name="Школа", url="http://s.example/ibc/")
            session.add(centre)
            session.flush()
        started = NOW - dt.timedelta(days=days_ago)
        run = Run(kind=kind, status=RUN_COMPLETE, started_at=started, finished_at=started)
        session.add(run)
        session.flush()
        session.add(CentreVisit(run_id=run.id, centre_id=centre.id, name="Школа", listed_url=centre.url))
        for i in range(pages):
            page = Page(run_id=run.id, centre_id=centre.id, url=f"{centre.url}{i}", final_url=f"{centre.url}{i}")
            page.html = "<html><body>" + "снимок " * 200 + "</body></html>"
            session.add(page)
        session.add(LinkCheck(run_id=run.id, url=f"http://ext.example/{run.id}", verdict="ok"))
        if kind == "audit":
            grading = Grading(run_id=run.id, as_of=started.date(), rulebook_name="default", rulebook_hash="h")
            session.add(grading)
            session.flush()
            session.add(Score(grading_id=grading.id, centre_id=centre.id, status="ok", score=70.0,
                              grade="хорошо", result={"score": 70.0}))
        return run.id


def count(db: Database, model: type, run_id: int | None = None) -> int:
    with db.session() as session:
        query = select(func.count()).select_from(model)
        if run_id is not None:
            query = query.where(model.run_id == run_id)  # type: ignore[attr-defined]
        return int(session.scalar(query) or 0)


def test_old_snapshots_go_and_scores_stay(db: Database) -> None:
    old_audit = add_run(db, "audit", 600)
    older_check = add_run(db, "linkcheck", 500, pages=0)
    new_audit = add_run(db, "audit", 30)
    new_check = add_run(db, "linkcheck", 1, pages=0)
    with db.session() as session:
        session.add(JobRun(job_id="linkcheck", command=[], outcome="ok", started_at=NOW - dt.timedelta(days=450)))
        session.add(JobRun(job_id="linkcheck", command=[], outcome="ok", started_at=NOW - dt.timedelta(days=2)))

    counts = cleanup(db, 400, now=NOW)

    assert (counts["runs"], counts["pages"], counts["link_checks"], counts["job_runs"]) == (2, 3, 2, 1)
    assert count(db, Page, old_audit) == 0 and count(db, LinkCheck, old_audit) == 0
    assert count(db, LinkCheck, older_check) == 0
    assert count(db, Page, new_audit) == 3 and count(db, LinkCheck, new_check) == 1
    assert count(db, Score) == 2 and count(db, Grading) == 2  # the trend survives
    assert count(db, Run) == 4 and count(db, CentreVisit) == 4
    assert count(db, JobRun) == 1
    with db.session() as session:
        old = session.get(Run, old_audit)
        assert old is not None and "snapshots_deleted" in old.stats
    assert cleanup(db, 400, now=NOW)["pages"] == 0  # nothing left to do


def test_the_newest_run_of_each_kind_is_kept_however_old(db: Database) -> None:
    only_audit = add_run(db, "audit", 900)
    counts = cleanup(db, 30, now=NOW)
    assert counts["runs"] == 0 and count(db, Page, only_audit) == 3


def test_dry_run_counts_without_deleting(db: Database, db_url: str) -> None:
    add_run(db, "audit", 600)
    add_run(db, "audit", 10)
    assert cleanup(db, 400, now=NOW, dry_run=True)["pages"] == 3
    assert count(db, Page) == 6
    result = CliRunner().invoke(cli, ["--db", db_url, "cleanup", "--retention-days", "100", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "будет удалено страниц 3" in result.output
    assert count(db, Page) == 6
    done = CliRunner().invoke(cli, ["--db", db_url, "cleanup", "--retention-days", "100", "--vacuum"])
    assert done.exit_code == 0 and "удалено страниц 3" in done.output
    assert count(db, Page) == 3


def test_retention_must_be_positive(db: Database) -> None:
    with pytest.raises(ValueError):
        cleanup(db, 0)
