"""The audit pipeline: crawl → link check → grade → report, each stage reading the store.

`ibcmon audit`, `ibcmon demo` and the scheduler's audit job all run this one function.
The crawl itself runs in a child process (one Scrapy crawl per OS process), so this
function can be called any number of times from one long-lived process.
"""
from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from checks.result import AuditResult
from common.config import Config, ConfigError
from store.db import Database

logger = logging.getLogger(__name__)


@dataclass
class AuditOutcome:
    run_id: int
    grading_id: int
    report_path: Path
    result: AuditResult
    broken_links: int


class AuditStopped(Exception):
    """The crawl left nothing to grade (failed, interrupted, no centre found).

    Nothing is graded and no report is written, so the previous report stays as it was;
    `exit_code` is the CLI's (1 failure, 3 bad start URL or settings, 130 interrupted).
    """

    def __init__(self, message: str, exit_code: int, run_id: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code
        self.run_id = run_id

    @property
    def interrupted(self) -> bool:
        """Stopped by Ctrl-C or SIGTERM (exit code 130), not by a failure."""
        return self.exit_code == 130


@dataclass(frozen=True)
class CrawlStop:
    """Why the work after the crawl of `run_id` cannot go on: the one decision the audit
    and `linkcheck --recrawl` share (each says it in its own words)."""

    run_id: int
    kind: str  # "incomplete", "failed", "no_centres", "no_pages"
    exit_code: int  # the CLI's: 130 interrupted, 1 failure, 3 bad start URL or settings
    phase: str | None = None  # where an interrupted crawl stopped
    error: str | None = None  # why a crawl failed, as the run stored it


def crawl_stop(db: Database, run_id: int, *, pages_needed: bool = False) -> CrawlStop | None:
    """None when the crawl of `run_id` left something to work on: it is neither interrupted
    nor failed, it found centres, and (`pages_needed`, for the link check) stored pages."""
    from sqlalchemy import func, select

    from store.models import RUN_FAILED, RUN_INCOMPLETE, CentreVisit, Page, Run

    with db.session() as session:
        run = session.get(Run, run_id)
        visits = session.scalar(select(func.count(CentreVisit.id)).where(CentreVisit.run_id == run_id)) or 0
        pages = session.scalar(select(func.count(Page.id)).where(Page.run_id == run_id)) or 0
        status, error, phase = (run.status, run.error, run.phase) if run is not None else (RUN_FAILED, None, None)
    if status == RUN_INCOMPLETE:
        return CrawlStop(run_id, "incomplete", 130, phase=phase)
    if status == RUN_FAILED:
        return CrawlStop(run_id, "failed", 1, error=error)
    if not visits:
        return CrawlStop(run_id, "no_centres", 3)
    if pages_needed and not pages:
        return CrawlStop(run_id, "no_pages", 3)
    return None


def crawl_outcome(db: Database, run_id: int, root_url: str) -> AuditStopped | None:
    """Why the audit cannot go on after the crawl of `run_id`, or None when it can."""
    from crawler.run import stopped_reason

    stop = crawl_stop(db, run_id)
    if stop is None:
        return None
    if stop.kind == "incomplete":
        return AuditStopped(f"обследование №{run_id} {stopped_reason(stop.phase)} и отмечено как незавершённое; "
                            "оценка и отчёт не делались", stop.exit_code, run_id)
    if stop.kind == "failed":
        return AuditStopped(f"обследование №{run_id} не выполнено: {stop.error or 'обход завершился с ошибкой'}",
                            stop.exit_code, run_id)
    _settle_empty(db, run_id)
    return AuditStopped(f"обследование №{run_id}: на странице {root_url} не найден список ИБЦ; "
                        "укажите адрес сайта РРИБЦ или страницы со списком ([discovery] registry_urls "
                        "в настройках)", stop.exit_code, run_id)


def _settle_empty(db: Database, run_id: int) -> None:
    """An audit whose crawl found no centre goes no further: `failed`, with the reason."""
    from sqlalchemy import update

    from store.models import RUN_CRAWLED, RUN_FAILED, Run, utcnow

    with db.session() as session:
        session.execute(update(Run).where(Run.id == run_id, Run.status == RUN_CRAWLED).values(
            status=RUN_FAILED, finished_at=utcnow(), error="на сайте не найден список ИБЦ"))


def run_audit(
    db: Database,
    config: Config,
    *,
    root_url: str,
    as_of: dt.date,
    out_dir: Path,
    progress: Callable[[str], None],
) -> AuditOutcome:
    from checks.grade import grade_run, load_audit_result
    from common.config import vk_token
    from common.urls import is_valid_url
    from crawler.linkcheck import check_run_links
    from crawler.run import run_config, run_crawl, stopped_reason
    from crawler.social.run import read_social_run
    from ibcmon.phases import RunPhases
    from store.models import PHASE_GRADING, PHASE_LINKCHECK, PHASE_REPORT

    if not is_valid_url(root_url):
        raise ConfigError(f"неверный адрес сайта: {root_url!r} (ожидается http:// или https://)")
    progress(f"Обход: {root_url}")
    live_config = config
    run_id = run_crawl(db.url, config, root_url, kind="audit", progress=progress)
    stopped = crawl_outcome(db, run_id, root_url)
    if stopped is not None:
        raise stopped
    config = run_config(db, run_id)  # one source of settings per run: the run's own copy
    config.social.vk_token = vk_token(live_config)  # the secret is not kept with the run
    # the run is `crawled`: complete only once its link check, grading and report are done
    try:
        with RunPhases(db, run_id) as phases:
            read_social_run(db, config, run_id, as_of=as_of, progress=progress)
            phases.enter(PHASE_LINKCHECK)
            progress(f"Проверка ссылок (обследование №{run_id})")
            link_summary = check_run_links(db, config, run_id, progress=progress)
            phases.enter(PHASE_GRADING)
            progress(f"Оценка на {as_of:%d.%m.%Y}")
            grading_id = grade_run(db, run_id, as_of, config.grading.rulebook or None)
            result = load_audit_result(db, run_id=run_id, grading_id=grading_id)
            phases.enter(PHASE_REPORT)
            progress("Отчёт")
            report_path = write_full_report(db, result, out_dir)
    except KeyboardInterrupt as exc:  # Ctrl-C or SIGTERM (see ibcmon.cli): the run is incomplete
        raise AuditStopped(f"обследование №{run_id} {stopped_reason(phases.phase)} и отмечено как "
                           "незавершённое", 130, run_id) from exc
    broken = sum(len(c.broken_links) for c in result.centres)
    logger.debug("link summary: %s", link_summary)
    return AuditOutcome(run_id, grading_id, report_path, result, broken)


def write_full_report(db: Database, result: AuditResult, out_dir: Path) -> Path:
    """The HTML report with what the store knows beyond this run: trends, the previous
    audit, the run's link checks (the same code path as `ibcmon report`)."""
    from ibcmon.reporting import render_run_report

    return render_run_report(db, out_dir, result.run.id, allow_incomplete=True)  # it is being completed
