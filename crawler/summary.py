"""The one-screen summary of a crawl run, and the list of recent runs (Russian text)."""
from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import func, select

from store.db import Database
from store.models import CentreVisit, Page, Run

STATUS_LABELS = {
    "ok": "страница открывается",
    "unreachable": "не открывается",
    "error": "ошибка сайта",
    "not_found": "страница не найдена",
    "blocked_by_robots": "закрыта для проверки (robots.txt)",
    "not_auditable": "соцсеть: смотреть вручную",
}
RUN_LABELS = {"running": "идёт", "crawled": "идёт", "complete": "завершён", "incomplete": "прерван",
              "failed": "ошибка"}
KIND_LABELS = {"crawl": "обход", "audit": "обход", "linkcheck": "проверка ссылок", "recheck": "проверка заново"}


def _duration(run: Run) -> str:
    if not run.finished_at:
        return "—"
    seconds = int((run.finished_at - run.started_at).total_seconds())
    return f"{seconds // 60} мин {seconds % 60} с" if seconds >= 60 else f"{seconds} с"


def crawl_summary(db: Database, run_id: int) -> str:
    with db.session() as session:
        run = session.get(Run, run_id)
        if run is None:
            return f"Обход №{run_id} не найден."
        visits = list(session.scalars(select(CentreVisit).where(CentreVisit.run_id == run_id)))
        pages = session.scalar(select(func.count(Page.id)).where(Page.run_id == run_id)) or 0
        discovery: dict[str, Any] = run.discovery or {}
        stats: dict[str, Any] = run.stats or {}
        lines = [f"Обход №{run.id}: {RUN_LABELS.get(run.status, run.status)}, "
                 f"длительность {_duration(run)}"]
        if run.error:
            lines.append(f"  Ошибка: {run.error}")
        listing = discovery.get("listing_pages") or []
        lines.append(f"Найдено ИБЦ: {discovery.get('centres_found', len(visits))} "
                     f"(страниц со списками: {len(listing)})")
        if discovery.get("message"):
            lines.append(f"  {discovery['message']}")
        extras = []
        if discovery.get("duplicates_merged"):
            extras.append(f"объединено повторов: {len(discovery['duplicates_merged'])}")
        if discovery.get("malformed"):
            extras.append(f"неверных адресов в списке: {len(discovery['malformed'])}")
        if extras:
            lines.append("  " + ", ".join(extras))
        for status, count in Counter(v.status for v in visits).most_common():
            lines.append(f"  {STATUS_LABELS.get(status, status):<30} {count:>4}")
        megabytes = (stats.get("bytes") or 0) / 1_000_000
        lines.append(f"Страниц и документов: {pages} ({f'{megabytes:.1f}'.replace('.', ',')} МБ, запросов: {stats.get('requests', 0)})")
        registry = discovery.get("registry") or {}
        if registry.get("registry_size"):
            share = registry.get("placed_share") or 0
            lines.append(f"Реестр: размещено на сайте {registry['placed']} из {registry['registry_size']} "
                         f"({share:.0%}); нет на сайте: {len(registry['missing_from_site'])}, "
                         f"нет в реестре: {len(registry['unknown_to_registry'])}")
        return "\n".join(lines)


def runs_table(db: Database, limit: int = 20) -> str:
    with db.session() as session:
        runs = list(session.scalars(select(Run).order_by(Run.id.desc()).limit(limit)))
        if not runs:
            return "Запусков пока нет."
        centre_counts = dict(session.execute(
            select(CentreVisit.run_id, func.count(CentreVisit.id))
            .where(CentreVisit.run_id.in_([r.id for r in runs])).group_by(CentreVisit.run_id)).all())
        page_counts = dict(session.execute(
            select(Page.run_id, func.count(Page.id))
            .where(Page.run_id.in_([r.id for r in runs])).group_by(Page.run_id)).all())
        lines = [f"{'№':>5}  {'вид':<15} {'состояние':<10} {'начат (UTC)':<17} {'ИБЦ':>5} {'страниц':>8}"]
        for run in runs:
            lines.append(
                f"{run.id:>5}  {KIND_LABELS.get(run.kind, run.kind):<15} {RUN_LABELS.get(run.status, run.status):<10} "
                f"{run.started_at:%Y-%m-%d %H:%M} {centre_counts.get(run.id, 0):>5} {page_counts.get(run.id, 0):>8}")
            note = _run_note(run)
            if note:
                lines.append(f"{'':>7}{note}")
        return "\n".join(lines)


def _run_note(run: Run) -> str:
    """Under a run that is not done: the phase it is in, or why it stopped (one line)."""
    from crawler.run import PHASE_LABELS

    if run.status in ("running", "crawled"):
        return f"этап: {PHASE_LABELS.get(run.phase or '', run.phase)}" if run.phase else ""
    if run.status in ("incomplete", "failed") and run.error:
        return f"причина: {run.error.splitlines()[0][:200]}"
    return ""
