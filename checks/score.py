"""Score and grade: one centre's `CentreResult` from its stored data, rulebook and date.

The score (0–100) is the sum of the rulebook's parts (default: наполнение 60,
обновление 25, техническое состояние 15):

    completeness = 60 × Σ(weight of present sections) / Σ(weight of all sections)
    freshness    = 25 × ((1 − s) × factor[class] + s × [work plan names the current year])
                   s = work_plan_share (0.3); factor: fresh 1, aging 0.5, stale 0, unknown 0
    technical    = 15 × Σ(weight of passed technical checks) / Σ(their weights)
                   (broken links: the links check's weight × max(0, 1 − broken / links_limit))

The grade is the first band of the rulebook whose minimum the score reaches. Advice is
every failed finding's Russian imperative, ordered by the points it would recover.
A centre whose page could not be audited (status not `ok`) gets its status and reason,
advice for its status, and no score, grade or section verdicts.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from checks.base import CentreInput, Check, CheckContext
from checks.registry import all_checks
from checks.result import Advice, CentreResult, ScorePart
from checks.rulebook import Rulebook
from checks.social import grade_social, is_social_input
from common.urls import representation_kind


def build_checks(rulebook: Rulebook) -> list[Check]:
    return [cls(rulebook) for cls in all_checks().values()]


def base_result(centre: CentreInput) -> CentreResult:
    return CentreResult(
        centre_id=centre.centre_id,
        name=centre.name,
        municipality=centre.municipality,
        url=centre.listed_url,
        final_url=centre.final_url,
        status=centre.status,
        reason=centre.reason,
        reason_code=centre.reason_code,
        home_url=centre.home_url,
        pages=centre.pages,
        librarian=centre.librarian,
        email=centre.email,
        in_registry=centre.in_registry,
        representation=representation_kind(centre.listed_url),
    )


def rank_advice(advice: list[Advice]) -> list[Advice]:
    """Ordered by the points they recover; the same text twice (e.g. "Разместите план
    работы ИБЦ на …" from the section and from the current-plan check) is merged."""
    merged: dict[str, Advice] = {}
    for item in advice:
        if item.text in merged:
            merged[item.text].points = round(merged[item.text].points + item.points, 3)
        else:
            merged[item.text] = Advice(item.check_id, item.text, item.points)
    ranked = sorted(enumerate(merged.values()), key=lambda pair: (-pair[1].points, pair[0]))
    return [a for _i, a in ranked]


def grade_centre(
    centre: CentreInput, rulebook: Rulebook, as_of: dt.date, checks: list[Check] | None = None,
    adjust: Callable[[CheckContext], None] | None = None,
) -> CentreResult:
    """Run every check on one centre and put its result together; `adjust` may set the
    context's verdicts first (the methodologist's corrections, `checks.overrides`)."""
    result = base_result(centre)
    if centre.status != "ok":
        text = rulebook.status_advice.get(centre.status)
        if text:
            result.advice = [Advice(f"status.{centre.status}", text, 0.0)]
        return result
    if is_social_input(centre):  # a VK community or a Telegram channel (checks.social)
        return grade_social(centre, rulebook, as_of, result, adjust)
    ctx = CheckContext(centre, rulebook, as_of)
    if adjust is not None:
        adjust(ctx)
    advice: list[Advice] = []
    for check in checks if checks is not None else build_checks(rulebook):
        findings = check.evaluate(ctx)
        result.findings.extend(findings)
        advice.extend(check.advise(ctx, findings))
    parts = []
    for pid, part in rulebook.parts.items():
        earned = sum(f.points for f in result.findings if f.part == pid)
        parts.append(ScorePart(pid, part.title, part.weight, round(min(earned, part.weight), 2)))
    result.parts = parts
    result.score = round(sum(p.points for p in parts), 1)
    result.grade = rulebook.grade_for(result.score)
    result.advice = rank_advice(advice)

    result.section_details = list(ctx.sections.values())
    result.sections = {sid: v.present for sid, v in ctx.sections.items()}
    last, changed = ctx.update
    result.last_updated = last.date if last else None
    result.last_updated_evidence = last.evidence() if last else None
    result.last_updated_reason = ctx.no_date_reason if last is None else None
    result.freshness, result.days_since_update = ctx.freshness
    result.work_plan_current = ctx.work_plan_current
    result.text_changed = changed
    result.broken_links = ctx.broken_links
    result.unverified_links = ctx.unverified_links
    return result
