"""The one-screen terminal summary of an audit result (same result object as the report)."""
from __future__ import annotations

from collections import Counter

from checks.result import AuditResult
from reports.fmt import plural

STATUS_RU = {
    "ok": "проверено",
    "unreachable": "не открывается",
    "error": "ошибка сервера",
    "not_found": "страница не найдена",
    "blocked_by_robots": "закрыто robots.txt",
    "not_auditable": "не проверяется автоматически",
}
FRESHNESS_RU = {
    "fresh": "обновлялись за 3 месяца",
    "aging": "3–6 месяцев без обновлений",
    "stale": "больше полугода без обновлений",
    "unknown": "дата обновления не найдена",
}


def audit_summary(result: AuditResult) -> str:
    centres = result.centres
    lines = [
        f"Запуск {result.run.id}: {len(centres)} {plural(len(centres), 'центр', 'центра', 'центров')},"
        f" дата аудита {result.run.as_of:%d.%m.%Y}",
    ]
    statuses = Counter(c.status for c in centres)
    lines.append("Состояние страниц:")
    for status, count in statuses.most_common():
        lines.append(f"  {STATUS_RU.get(status, status):<32} {count:>4}")
    graded = [c for c in centres if c.score is not None]
    if graded:
        average = sum(c.score or 0 for c in graded) / len(graded)
        lines.append(f"Средний балл: {average:.1f} из 100 ({len(graded)} оценено)")
        grades = Counter(c.grade for c in graded)
        lines.append("Оценки: " + ", ".join(f"{g} — {n}" for g, n in grades.most_common()))
        fresh = Counter(c.freshness for c in graded)
        lines.append("Обновление:")
        for key in ("fresh", "aging", "stale", "unknown"):
            lines.append(f"  {FRESHNESS_RU[key]:<32} {fresh.get(key, 0):>4}")
    broken = sum(len(c.broken_links) for c in centres)
    lines.append(f"Битых ссылок: {broken}")
    registry = result.summary.get("registry") or {}
    missing = registry.get("missing_from_site") or []
    if missing:
        lines.append(f"В реестре, но нет на сайте РРИБЦ: {len(missing)}")
    return "\n".join(lines)
