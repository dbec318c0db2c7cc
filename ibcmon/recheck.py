"""One centre again, on demand: crawl, link check and grade just that centre now, and put
the result in the run's place (`ibcmon recheck`, the review app's «Проверить заново»).

The crawl runs in a child process (one Scrapy crawl per process), as a run of kind
`recheck` with the run's own settings; so does its link check. Nothing of the audited run
changes until all of that is done; then one transaction exchanges the centre's rows
(`store.recheck.swap_centre`: the recheck run keeps the old ones), grades the centre into
a new grading of the run (`checks.grade.grade_centre_anew`: the old grading keeps the old
score), flags the corrections whose verdict moved «проверьте снова», takes back an
approval of what changed, and logs who, when and what changed (`store.models.Recheck`).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from checks.grade import grade_centre_anew, grade_inputs, load_inputs
from checks.overrides import SECTION_PREFIX
from checks.result import CentreResult
from checks.rulebook import load_rulebook
from common.config import ConfigError
from store.db import Database
from store.models import (
    RUN_COMPLETE,
    RUN_LIVE,
    CentreVisit,
    Grading,
    Recheck,
    Run,
    Score,
    utcnow,
)
from store.recheck import RECHECK_KIND, SwapError, swap_centre

AUDIT_KINDS = ("crawl", "audit")
SHOWN_FIELDS = ("status", "last_updated", "score", "grade")


class RecheckStopped(Exception):
    """The fresh crawl did not end well: nothing in the run was changed (`exit_code`: the CLI's)."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


@dataclass
class RecheckOutcome:
    recheck_id: int
    run_id: int
    centre_id: int
    archive_run_id: int
    result: CentreResult
    changes: list[dict[str, Any]]
    flagged: list[str]  # the corrected fields now marked «проверьте снова»


def target_run(db: Database, run_id: int | None) -> int:
    """The audit to recheck in: the one named, else the newest complete graded one
    (`ConfigError`, one Russian line, when there is none or it will not do)."""
    from ibcmon.deliver.sources import latest_graded_run

    if run_id is None:
        found = latest_graded_run(db)
        if found is None:
            raise ConfigError("в базе нет ни одного оценённого обследования: сначала запустите `ibcmon audit`")
        run_id = found
    with db.session() as session:
        run = session.get(Run, run_id)
        graded = session.scalar(select(Grading.id).where(Grading.run_id == run_id).limit(1))
        if run is None or run.kind not in AUDIT_KINDS:
            raise ConfigError(f"обследование №{run_id} не найдено")
        if run.status != RUN_COMPLETE:
            raise ConfigError(f"обследование №{run_id} не завершено: в нём центр заново не проверяется")
        if graded is None:
            raise ConfigError(f"обследование №{run_id} ещё не оценено: `ibcmon regrade --run {run_id}`")
    return run_id


def _listed(db: Database, run_id: int, centre_id: int) -> dict[str, Any]:
    """The centre as the run listed it (what the fresh crawl starts from)."""
    from crawler.run import mark_dead_runs

    mark_dead_runs(db)
    with db.session() as session:
        visit = session.scalars(select(CentreVisit).where(CentreVisit.run_id == run_id,
                                                          CentreVisit.centre_id == centre_id)).first()
        if visit is None:
            raise ConfigError(f"в обследовании №{run_id} нет центра №{centre_id}")
        busy = session.scalar(select(Run.id).where(Run.kind == RECHECK_KIND, Run.status.in_(RUN_LIVE),
                                                   Run.root_url == visit.listed_url))
        if busy is not None:
            raise ConfigError(f"центр №{centre_id} уже проверяется заново (запуск №{busy}): дождитесь конца")
        return {"name": visit.name, "municipality": visit.municipality, "url": visit.listed_url,
                "listed_on": visit.listed_on, "aliases": list(visit.aliases or [])}


def _fresh_crawl(db: Database, run_id: int, listed: dict[str, Any], progress: Callable[[str], None]) -> int:
    """Crawl and link-check the centre as a run of its own; its id (`RecheckStopped` if cut)."""
    from crawler.linkcheck import check_run_links
    from crawler.run import run_config, run_crawl, stopped_reason

    config = run_config(db, run_id)  # the audit's own settings: the centre is crawled as it was
    fresh = run_crawl(db.url, config, listed["url"], kind=RECHECK_KIND, progress=progress, centres=[listed])
    with db.session() as session:
        run = session.get(Run, fresh)
        status, error, phase = (run.status, run.error, run.phase) if run else ("failed", None, None)
    if status != RUN_COMPLETE:
        why = error or stopped_reason(phase)
        code = 1 if status == "failed" else 130
        raise RecheckStopped(f"повторный обход (запуск №{fresh}) не завершён: {why}; обследование №{run_id} "
                             "не изменилось", code)
    progress(f"Проверка ссылок (запуск №{fresh})")
    try:
        check_run_links(db, config, fresh, progress=progress)
    except KeyboardInterrupt as exc:
        raise RecheckStopped(f"проверка ссылок прервана; обследование №{run_id} не изменилось", 130) from exc
    return fresh


def visible(result: CentreResult, field: str) -> str | None:
    """A verdict as a reader sees it (corrections applied), as text."""
    if field.startswith(SECTION_PREFIX):
        sid = field[len(SECTION_PREFIX):]
        verdict = next((v for v in result.section_details if v.id == sid), None)
        if verdict is None:
            return None
        return "present" if verdict.present else "empty" if verdict.empty else "absent"
    if field == "last_updated":
        return result.last_updated.isoformat() if result.last_updated else None
    if field == "score":
        return f"{result.score:.1f}" if result.score is not None else None
    if field == "grade":
        return result.grade
    return result.status


def rules_value(result: CentreResult, field: str) -> str | None:
    """The rules' own verdict (under a correction: the value it corrected)."""
    applied = result.corrected(field)
    return applied.get("old") if applied is not None else visible(result, field)


def changes_between(old: CentreResult | None, new: CentreResult) -> list[dict[str, Any]]:
    """What a reader sees changed: status, each section, the last update, score, grade."""
    if old is None:
        return [{"field": "status", "old": None, "new": new.status}]
    sections = [f"{SECTION_PREFIX}{v.id}" for v in new.section_details]
    sections += [f"{SECTION_PREFIX}{v.id}" for v in old.section_details if f"{SECTION_PREFIX}{v.id}" not in sections]
    out = []
    for field in ("status", *sections, "last_updated", "score", "grade"):
        before, after = visible(old, field), visible(new, field)
        if before != after:
            out.append({"field": field, "old": before, "new": after})
    return out


def _flag_corrections(session: Any, run_id: int, centre_id: int, old: CentreResult | None,
                      rules: CentreResult) -> list[str]:
    """Mark «проверьте снова» the live corrections whose rules' verdict the recheck moved, or
    whose evidence page's text changed (as after an audit); the fields flagged."""
    from store.review import latest_corrections, page_hash

    flagged = []
    for field, row in latest_corrections(session, run_id, [centre_id]).get(centre_id, {}).items():
        if row.new is None:
            continue
        moved = old is None or rules_value(old, field) != visible(rules, field)
        text_changed = row.page_url is not None and page_hash(session, run_id, centre_id, row.page_url) != row.text_hash
        if (moved or text_changed) and not row.needs_recheck:
            row.needs_recheck = True
            flagged.append(field)
    return flagged


def _old_result(session: Any, run_id: int, centre_id: int) -> tuple[CentreResult | None, dt.date]:
    grading = session.execute(select(Grading).where(Grading.run_id == run_id)
                              .order_by(Grading.id.desc()).limit(1)).scalar_one()
    stored = session.scalar(select(Score.result).where(Score.grading_id == grading.id, Score.centre_id == centre_id))
    return (CentreResult.from_dict(stored) if stored else None), grading.as_of


def recheck_centre(db: Database, centre_id: int, *, run_id: int | None = None, as_of: dt.date | None = None,
                   by: str, progress: Callable[[str], None]) -> RecheckOutcome:
    """Crawl, check and grade one centre now and put it in the run's place (see the module)."""
    from crawler.run import run_config
    from store.review import withdraw_approval

    run_id = target_run(db, run_id)
    listed = _listed(db, run_id, centre_id)
    progress(f"Повторная проверка центра №{centre_id} для обследования №{run_id}: {listed['url']}")
    fresh = _fresh_crawl(db, run_id, listed, progress)
    rulebook_path = run_config(db, run_id).grading.rulebook or None
    rulebook = load_rulebook(rulebook_path)
    with db.session() as session:
        old, run_as_of = _old_result(session, run_id, centre_id)
        when = as_of or max(dt.date.today(), run_as_of)
        try:
            swap_centre(session, run_id, fresh, centre_id)
        except SwapError as exc:  # the transaction is rolled back: the run is as it was
            raise RecheckStopped(f"{exc}; обследование №{run_id} не изменилось", 1) from exc
        rules = grade_inputs(load_inputs(session, run_id, [centre_id]), rulebook, when)[0]
        flagged = _flag_corrections(session, run_id, centre_id, old, rules)
        session.flush()
        at = utcnow()
        stamp = {"at": at.isoformat(timespec="seconds"), "as_of": when.isoformat(), "by": by}
        old_grading, new_grading, result = grade_centre_anew(session, run_id, centre_id, when, rulebook_path, stamp)
        changes = changes_between(old, result)
        if changes:
            withdraw_approval(session, run_id, centre_id)  # what was approved has changed
        row = Recheck(run_id=run_id, centre_id=centre_id, archive_run_id=fresh, old_grading_id=old_grading,
                      new_grading_id=new_grading, as_of=when, by=by[:200], at=at, changes=changes)
        session.add(row)
        archive = session.get(Run, fresh)
        if archive is not None:  # say what the recheck run holds now
            archive.stats = {**(archive.stats or {}), "recheck_of": run_id, "centre_id": centre_id,
                             "holds": "the rows the recheck replaced"}
        session.flush()
        recheck_id = row.id
    return RecheckOutcome(recheck_id, run_id, centre_id, fresh, result, changes, flagged)

