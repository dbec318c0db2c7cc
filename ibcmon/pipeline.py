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
from ibcmon.config import Config
from store.db import Database

logger = logging.getLogger(__name__)


@dataclass
class AuditOutcome:
    run_id: int
    grading_id: int
    report_path: Path
    result: AuditResult
    broken_links: int


def run_audit(
    db: Database,
    config: Config,
    *,
    config_path: str | None,
    root_url: str,
    as_of: dt.date,
    out_dir: Path,
    progress: Callable[[str], None],
) -> AuditOutcome:
    from checks.grade import grade_run, load_audit_result
    from crawler.linkcheck import check_run_links
    from crawler.run import run_crawl

    progress(f"Обход: {root_url}")
    run_id = run_crawl(db.url, config_path, root_url, kind="audit", progress=progress)
    progress(f"Проверка ссылок (запуск {run_id})")
    link_summary = check_run_links(db, config, run_id, progress=progress)
    progress(f"Оценка на {as_of:%d.%m.%Y}")
    grading_id = grade_run(db, run_id, as_of, config.grading.rulebook or None)
    result = load_audit_result(db, run_id=run_id, grading_id=grading_id)
    progress("Отчёт")
    report_path = write_full_report(db, result, out_dir)
    broken = sum(len(c.broken_links) for c in result.centres)
    logger.debug("link summary: %s", link_summary)
    return AuditOutcome(run_id, grading_id, report_path, result, broken)


def write_full_report(db: Database, result: AuditResult, out_dir: Path) -> Path:
    """The HTML report with what the store knows beyond this run: trends, the previous
    audit, the run's link checks (the same code path as `ibcmon report`)."""
    from ibcmon.commands.report import render_run_report

    return render_run_report(db, out_dir, result.run.id)
