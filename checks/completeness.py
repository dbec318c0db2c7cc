"""The completeness check: one finding per section of the rulebook."""
from __future__ import annotations

from checks.base import Check, CheckContext
from checks.freshness import school_year_label
from checks.result import Finding


class SectionsCheck(Check):
    """Есть ли на странице ИБЦ разделы чек-листа РРИБЦ и наполнен ли каждый из них.

    Each section earns `completeness × weight / Σ weights` points when present; an empty
    section (a heading over "Раздел в разработке") earns nothing and says so.
    """

    id = "sections"
    title = "Наполнение разделов"
    part = "completeness"

    def evaluate(self, ctx: CheckContext) -> list[Finding]:
        total = self.rulebook.section_weight_total or 1.0
        part = ctx.part_weight(self.part)
        year = school_year_label(ctx.as_of)
        out = []
        for sid, verdict in ctx.sections.items():
            rule = self.rulebook.sections[sid]
            max_points = part * rule.weight / total
            verdict.points = round(max_points if verdict.present else 0.0, 3)
            if verdict.present:
                message = f"Раздел «{rule.title}» есть"
                advice = None
            elif verdict.empty:
                message = f"Раздел «{rule.title}» назван, но пуст"
                advice = f"Наполните раздел «{rule.title}»: сейчас за его названием нет содержания"
            else:
                message = f"Раздела «{rule.title}» нет"
                advice = rule.advice.replace("{school_year}", year)
            out.append(self.finding(
                verdict.present, message, verdict.points, max_points, advice,
                check_id=f"{self.id}.{sid}", title=rule.title, evidence=verdict.evidence,
            ))
        return out
