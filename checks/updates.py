"""The update checks: the last content update, the current work plan, text changes."""
from __future__ import annotations

from checks.base import Check, CheckContext
from checks.freshness import school_year_label
from checks.result import Finding
from common.labels import freshness_words
from common.vocabulary import plural


def days_ru(n: int) -> str:
    return f"{n} {plural(n, 'день', 'дня', 'дней')}"


class FreshnessCheck(Check):
    """Как давно обновлялась страница ИБЦ: дата последнего обновления содержания.

    Points: `freshness × (1 − work_plan_share) × factor[class]`, the class counted from the
    audit date with the rulebook's thresholds (fresh ≤ 90 days, aging ≤ 183, else stale).
    """

    id = "freshness"
    title = "Обновление страницы"
    part = "freshness"

    def evaluate(self, ctx: CheckContext) -> list[Finding]:
        rules = self.rulebook.freshness
        max_points = ctx.part_weight(self.part) * (1 - rules.work_plan_share)
        cls, days = ctx.freshness
        points = max_points * rules.factors[cls]
        last = ctx.last_update
        if last is None or days is None:
            reason = ctx.no_date_reason
            message = f"Дата последнего обновления не найдена: {reason}"
            advice = ("Указывайте даты у новостей и материалов ИБЦ: дата публикации показывает, "
                      f"что страница обновляется (сейчас {reason})")
            evidence = []
        else:
            message = (f"Последнее обновление: {last.date:%d.%m.%Y} ({days_ru(days)} назад) — "
                       f"{freshness_words(cls).finding}")
            advice = (f"Обновите страницу ИБЦ: последнее обновление {last.date:%d.%m.%Y}, "
                      f"{days_ru(days)} назад; публикуйте новости не реже одного раза в "
                      f"{days_ru(rules.fresh_days)}")
            evidence = [last.evidence()]
        return [self.finding(cls == "fresh", message, points, max_points, advice, evidence=evidence)]


class WorkPlanCheck(Check):
    """Размещён ли план работы ИБЦ на текущий учебный год (он начинается 1 сентября)."""

    id = "work_plan_current"
    title = "План работы на текущий учебный год"
    part = "freshness"

    def evaluate(self, ctx: CheckContext) -> list[Finding]:
        max_points = ctx.part_weight(self.part) * self.rulebook.freshness.work_plan_share
        year = school_year_label(ctx.as_of)
        current = ctx.work_plan_current
        if current:
            message = f"План работы на {year} учебный год размещён"
        elif current is None:
            message = "Плана работы на странице нет"
        else:
            message = f"План работы есть, но не на {year} учебный год"
        advice = f"Разместите план работы ИБЦ на {year} учебный год"
        evidence = ctx.sections["work_plan"].evidence if "work_plan" in ctx.sections else []
        return [self.finding(bool(current), message, max_points if current else 0.0, max_points,
                             advice, evidence=evidence)]


class TextChangedCheck(Check):
    """Изменился ли текст страницы ИБЦ с прошлого обследования (для сведения, без баллов)."""

    id = "text_changed"
    title = "Изменения с прошлого обследования"
    part = "freshness"

    def evaluate(self, ctx: CheckContext) -> list[Finding]:
        changed = ctx.update[1]
        previous = ctx.centre.previous
        if changed is None or previous is None:
            return []
        if changed:
            message = f"Текст страницы изменился после обследования {previous.date:%d.%m.%Y}"
        else:
            message = f"Текст страницы не менялся после обследования {previous.date:%d.%m.%Y}"
        return [self.finding(changed, message, 0.0, 0.0, None)]
