"""The one-screen terminal summary of an audit result (same result object as the report)."""
from __future__ import annotations

from collections import Counter

from checks.result import AuditResult
from common.labels import freshness_words, representation_label, status_label
from common.urls import SITE, TELEGRAM, VK
from reports.fmt import fmt_num, plural


def audit_summary(result: AuditResult) -> str:
    centres = result.centres
    lines = [
        f"Обследование №{result.run.id} на {result.run.as_of:%d.%m.%Y}: "
        f"{len(centres)} {plural(len(centres), 'центр', 'центра', 'центров')}",
    ]
    statuses = Counter(c.status for c in centres)
    lines.append("Состояние страниц:")
    for status, count in statuses.most_common():
        lines.append(f"  {status_label(status).lower():<32} {count:>4}")
    graded = [c for c in centres if c.score is not None]
    if graded:
        average = sum(c.score or 0 for c in graded) / len(graded)
        lines.append(f"Средний балл: {fmt_num(average)} из 100 (оценено {len(graded)} "
                     f"{plural(len(graded), 'центр', 'центра', 'центров')})")
        kinds = Counter(c.representation for c in graded)
        if set(kinds) != {SITE}:  # say how many of each kind only when not all are sites
            lines.append("Оценено: " + ", ".join(f"{representation_label(k)} — {kinds[k]}"
                                                 for k in (SITE, VK, TELEGRAM) if kinds.get(k)))
        grades = Counter(c.grade for c in graded)
        lines.append("Оценки: " + ", ".join(f"{g} — {n}" for g, n in grades.most_common()))
        fresh = Counter(c.freshness for c in graded)
        lines.append("Обновление:")
        for key in ("fresh", "aging", "stale", "unknown"):
            lines.append(f"  {freshness_words(key).summary:<32} {fresh.get(key, 0):>4}")
    broken = sum(len(c.broken_links) for c in centres)
    lines.append(f"Неработающих ссылок: {broken}")
    for note in result.run.stats.get("social_notes") or []:  # no VK key, or VK refused it: once
        lines.append(f"{note[:1].upper()}{note[1:]}")
    registry = result.summary.get("registry") or {}
    missing = registry.get("missing_from_site") or []
    if missing:
        lines.append(f"Есть в реестре, но нет на сайте РРИБЦ: {len(missing)}")
    return "\n".join(lines)
