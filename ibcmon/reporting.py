"""Reading a graded audit and writing its HTML report (for `ibcmon report`, `ibcmon audit`
and the scheduler's audit job alike).

Each reads the audit result of a run (`checks.grade.load_audit_result`); a run that was
never graded is graded first (`checks.grade.grade_run`), with `as_of` or the run's own
audit date. App layer, but no CLI: `ibcmon.pipeline` calls `render_run_report()` from here.
"""
from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any

from sqlalchemy import select

from common.config import ConfigError

logger = logging.getLogger(__name__)

AUDIT_KINDS = ("crawl", "audit")


# -- reading a graded result -----------------------------------------------------------

def find_run(db: Any, run_id: int | None) -> Any:
    """The run to report on: `run_id`, or the newest crawl/audit run with centres, a complete
    one first (an interrupted run is never picked over it). Missing: ConfigError."""
    from store.models import RUN_COMPLETE, CentreVisit, Run

    with db.session() as session:
        if run_id is not None:
            run = session.get(Run, run_id)
            if run is None:
                raise ConfigError(f"обследование №{run_id} не найдено в базе")
            if run.kind not in AUDIT_KINDS:
                raise ConfigError(f"запуск №{run_id} — не обследование: укажите номер обследования")
            return run
        has_visits = select(CentreVisit.id).where(CentreVisit.run_id == Run.id).exists()
        audits = select(Run).where(Run.kind.in_(AUDIT_KINDS)).order_by(Run.id.desc()).limit(1)
        # a run that found no centre is still reported (its report says why) when it is all there is
        for query in (audits.where(has_visits, Run.status == RUN_COMPLETE), audits.where(has_visits), audits):
            run = session.scalars(query).first()
            if run is not None:
                return run
        raise ConfigError("в базе нет ни одного обследования: сначала запустите `ibcmon audit`")


def _latest_grading_id(db: Any, run_id: int, as_of: dt.date | None) -> int | None:
    from store.models import Grading

    with db.session() as session:
        query = select(Grading.id).where(Grading.run_id == run_id)
        if as_of is not None:
            query = query.where(Grading.as_of == as_of)
        return session.scalars(query.order_by(Grading.id.desc()).limit(1)).first()


def graded_result(db: Any, run_id: int | None, as_of: dt.date | None = None, rulebook: str | None = None,
                  *, allow_incomplete: bool = True, what: str = "отчёт") -> Any:
    """The `AuditResult` of a run, grading it first if it has no grading (for `as_of`).

    Unless `allow_incomplete`, a run whose work is not all done (interrupted, failed, still
    going) is refused (`crawler.run.RunNotComplete`, naming `what` is not made of it)."""
    from checks.grade import grade_run, load_audit_result
    from crawler.run import require_complete

    run = find_run(db, run_id)
    if not allow_incomplete:
        require_complete(db, run.id, what)
    grading_id = _latest_grading_id(db, run.id, as_of)
    if grading_id is None:
        when = as_of or run.as_of or dt.date.today()
        logger.info("run %s has no grading for %s: grading it", run.id, when)
        grading_id = grade_run(db, run.id, when, rulebook_path=rulebook or None)
    return load_audit_result(db, grading_id=grading_id)


def _previous(db: Any, result: Any) -> Any:
    """The previous audit's result, when the summary names one that was graded."""
    previous = (result.summary or {}).get("previous")
    prev_id = previous.get("run_id") if isinstance(previous, dict) else None
    if not prev_id or _latest_grading_id(db, int(prev_id), None) is None:
        return None
    from checks.grade import load_audit_result

    return load_audit_result(db, run_id=int(prev_id))


def _histories(db: Any, result: Any) -> dict[int, list[Any]]:
    try:
        from checks.grade import history
    except ImportError:
        return {}
    return {c.centre_id: list(history(db, c.centre_id)) for c in result.centres}


def network_trend(db: Any, upto_run_id: int) -> list[dict[str, Any]]:
    """The network over past audits: each run's latest grading's stored figures."""
    from store.models import Grading, Run

    points: dict[int, dict[str, Any]] = {}
    with db.session() as session:
        rows = session.execute(
            select(Grading, Run).join(Run, Run.id == Grading.run_id)
            .where(Run.kind.in_(AUDIT_KINDS), Run.id <= upto_run_id).order_by(Grading.id)
        ).all()
        for grading, run in rows:
            summary = grading.summary or {}
            points[run.id] = {
                "run_id": run.id, "as_of": grading.as_of,
                "avg_score": summary.get("avg_score"), "centres": summary.get("centres_listed"),
            }
    return sorted(points.values(), key=lambda p: (p["as_of"], p["run_id"]))


def _link_data(db: Any, run_id: int) -> tuple[Any, Any]:
    """The run's own link check (digest and rows), if links were checked for it."""
    from store.models import LinkCheck

    with db.session() as session:
        checks = list(session.scalars(select(LinkCheck).where(LinkCheck.run_id == run_id)))
    if not checks:
        return None, None
    from crawler.linkcheck.digest import build_digest
    from crawler.linkcheck.results import link_check_to_dict

    return build_digest(db, run_id), [link_check_to_dict(c) for c in checks]


def render_run_report(
    db: Any, out_dir: Path | str, run_id: int | None = None, *, as_of: dt.date | None = None,
    rulebook: str | None = None, allow_incomplete: bool = False,
) -> Path:
    """Write the HTML report of a run (graded first if needed); return index.html's path.
    A run whose work is not all done is refused unless `allow_incomplete`."""
    from reports.html import write_report

    result = graded_result(db, run_id, as_of, rulebook, allow_incomplete=allow_incomplete)
    digest, link_checks = _link_data(db, result.run.id)
    return write_report(
        result, Path(out_dir), history=_histories(db, result), previous=_previous(db, result),
        link_digest=digest, link_checks=link_checks, trend=network_trend(db, result.run.id),
    )
