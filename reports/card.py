"""The score card of one centre: HTML (a report page and an e-mail body) and plain text.

The e-mail helper calls `render_card_html(centre, run, history)` and `render_card_text`;
the report's centre pages include the same partial, `_card.html`.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from checks.result import (
    Advice,
    BrokenLink,
    CentreResult,
    Evidence,
    Finding,
    RunInfo,
    ScorePart,
    SectionVerdict,
)
from reports.charts import TrendChart, trend_chart
from reports.env import environment
from reports.figures import TrendPoint, trend_points

MAX_BROKEN_SHOWN = 50
NEUTRAL_GRADE_COLOUR = "#1565c0"


@dataclass
class ChecklistItem:
    """One section of the checklist as the card shows it: the verdict and its points."""

    id: str
    title: str
    present: bool
    empty: bool
    points: float
    max_points: float
    evidence: list[Evidence]
    applicable: bool = True  # False: the representation cannot hold it (a VK community)
    note: str | None = None  # «не применимо для сообщества ВКонтакте»


@dataclass
class CardView:
    """What the `_card.html` partial reads (all presentation, nothing graded here)."""

    centre: CentreResult
    run: RunInfo
    grade_colour: str
    parts: list[ScorePart]
    max_total: float
    checklist: list[ChecklistItem]
    findings: list[Finding]  # the checks that are not sections (freshness, links, technical)
    advice: list[Advice]  # biggest recoverable points first
    broken_links: list[BrokenLink]
    broken_more: int
    trend: list[TrendPoint]
    trend_chart: TrendChart | None


def _section_check(check_id: str, section_ids: set[str]) -> bool:
    return check_id in section_ids or (check_id.startswith("sections.") and check_id[9:] in section_ids)


def _checklist(centre: CentreResult) -> list[ChecklistItem]:
    """The sections with the points each could earn.

    A section's `weight` is relative to the other sections; the points it could earn are
    its finding's `max_points` (the grader's), else its share of the completeness part.
    """
    verdicts = list(centre.section_details) or [
        SectionVerdict(id=sid, title=sid, present=bool(present)) for sid, present in centre.sections.items()
    ]
    max_by_check = {f.check_id: f.max_points for f in centre.findings}
    total_weight = sum(v.weight for v in verdicts)
    part = next((p.weight for p in centre.parts if p.id == "completeness"), total_weight)
    items = []
    for v in verdicts:
        maximum = max_by_check.get(f"sections.{v.id}", max_by_check.get(v.id))
        if maximum is None:
            maximum = v.weight * part / total_weight if total_weight else v.weight
        if not v.applicable:
            maximum = 0.0
        items.append(ChecklistItem(v.id, v.title, v.present, v.empty, v.points, round(maximum, 2), list(v.evidence),
                                   v.applicable, v.note))
    return items


def centre_trend(centre: CentreResult, run: RunInfo, history: Iterable[Any] | None) -> list[TrendPoint]:
    """The centre's audits, oldest first, this one included (marked current)."""
    points = trend_points(history)
    current = [p for p in points if p.run_id == run.id or (p.run_id is None and p.when == run.as_of)]
    if not current:
        points.append(TrendPoint(run.as_of, run.id, centre.score, grade=centre.grade))
        current = points[-1:]
    for p in points:
        p.current = p in current
    return points


def card_view(
    centre: CentreResult,
    run: RunInfo,
    history: Iterable[Any] | None = None,
    *,
    grade_colour: str | None = None,
) -> CardView:
    trend = centre_trend(centre, run, history)
    scored = [p for p in trend if p.score is not None]
    max_total = sum(p.weight for p in centre.parts) if centre.parts else 100.0
    if centre.representation != "site":  # a community's score is scaled to 100 (checks.social)
        max_total = 100.0
    return CardView(
        centre=centre,
        run=run,
        grade_colour=grade_colour or NEUTRAL_GRADE_COLOUR,
        parts=list(centre.parts),
        max_total=max_total or 100.0,
        checklist=_checklist(centre),
        findings=[f for f in centre.findings if not _section_check(f.check_id, set(centre.sections) | {s.id for s in centre.section_details})],
        advice=sorted(centre.advice, key=lambda a: -(a.points or 0.0)),
        broken_links=centre.broken_links[:MAX_BROKEN_SHOWN],
        broken_more=max(0, len(centre.broken_links) - MAX_BROKEN_SHOWN),
        trend=trend,
        trend_chart=trend_chart("Баллы страницы по обследованиям", trend, height=170) if len(scored) > 1 else None,
    )


def render_card_html(
    centre: CentreResult,
    run: RunInfo,
    history: Iterable[Any] | None = None,
    standalone: bool = True,
    *,
    grade_colour: str | None = None,
) -> str:
    """The score card as HTML: a whole document (standalone, for e-mail) or the fragment.

    `history` is the centre's past audits: dicts or objects with `as_of`/`date`, `score`,
    `grade`, `run_id` (as `checks.grade.history` gives), or (date, score) tuples.
    """
    env = environment()
    view = card_view(centre, run, history, grade_colour=grade_colour)
    if standalone:
        return env.get_template("card_email.html").render(card=view)
    return env.get_template("_card.html").render(card=view)


def render_card_text(centre: CentreResult, run: RunInfo, history: Iterable[Any] | None = None) -> str:
    """The score card as plain text (the e-mail's text part)."""
    view = card_view(centre, run, history)
    return environment().get_template("card.txt").render(card=view)
