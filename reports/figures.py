"""The overview's figures, read from `AuditResult.summary` (the grader's figures).

The summary's shape may grow, so every key is read defensively; where the summary lacks a
figure, it is counted from the centres (counting, never grading), so a report of a bare
result still renders. The same `Overview` feeds the HTML report and the XLSX workbook.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from checks.result import FRESHNESS_CLASSES, AuditResult, CentreResult
from reports.fmt import as_date
from reports.labels import GRADE_COLOURS

NO_MUNICIPALITY = "Муниципалитет не указан"


@dataclass
class GradeBand:
    name: str
    count: int
    colour: str


@dataclass
class MunicipalityRow:
    name: str
    centres: int
    avg_score: float | None


@dataclass
class TrendPoint:
    """One audit of the network (or one audit of a centre)."""

    when: dt.date | None
    run_id: int | None
    score: float | None  # the network's average, or the centre's score
    centres: int | None = None
    grade: str | None = None
    current: bool = False


@dataclass
class Registry:
    missing_from_site: list[Any] = field(default_factory=list)
    unknown_to_registry: list[Any] = field(default_factory=list)
    missing_count: int | None = None
    unknown_count: int | None = None
    placed_share: float | None = None  # 0..1


@dataclass
class Overview:
    listed: int
    target: int | None
    previous_run_id: int | None
    previous_listed: int | None
    previous_avg: float | None
    avg_score: float | None
    audited: int
    not_audited: int
    by_status: dict[str, int]
    freshness: dict[str, int]
    grades: list[GradeBand]
    registry: Registry
    municipalities: list[MunicipalityRow]
    # graded centres of each kind of representation: {"site": n, "vk": n, "telegram": n}
    representations: dict[str, int] = field(default_factory=dict)

    @property
    def listed_delta(self) -> int | None:
        return None if self.previous_listed is None else self.listed - self.previous_listed

    @property
    def avg_delta(self) -> float | None:
        if self.previous_avg is None or self.avg_score is None:
            return None
        return round(self.avg_score - self.previous_avg, 1)


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float):
        return int(value)
    return None


def _float(value: Any) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return None


def _mean(values: Iterable[float | None]) -> float | None:
    numbers = [v for v in values if v is not None]
    return round(sum(numbers) / len(numbers), 1) if numbers else None


def _as_list_and_count(value: Any) -> tuple[list[Any], int | None]:
    if isinstance(value, list | tuple):
        return list(value), len(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return [], value
    return [], None


def grade_bands(result: AuditResult) -> list[GradeBand]:
    """Grade bands, best first, with their counts and colours.

    The grader's summary lists every band of the rulebook, best first (also those nobody
    reached): that order is kept. Without it, the bands the centres have are ordered best
    to worst by their centres' mean score.
    """
    summary_grades = result.summary.get("grades")
    counts: dict[str, int] = {}
    if isinstance(summary_grades, Mapping):
        counts = {str(k): _int(v) or 0 for k, v in summary_grades.items()}
        names = list(counts)
    else:
        for centre in result.centres:
            if centre.grade:
                counts[centre.grade] = counts.get(centre.grade, 0) + 1
        names = _order_by_scores(list(counts), result.centres)
    colours = band_colours(names)
    return [GradeBand(name, counts.get(name, 0), colours[name]) for name in names]


def band_colours(names: Sequence[str]) -> dict[str, str]:
    """Each grade band's colour by its place, best first (the names are the rulebook's)."""
    return {name: GRADE_COLOURS[min(i, len(GRADE_COLOURS) - 1)] for i, name in enumerate(names)}


def _order_by_scores(names: list[str], centres: list[CentreResult]) -> list[str]:
    scores: dict[str, list[float]] = defaultdict(list)
    for centre in centres:
        if centre.grade and centre.score is not None:
            scores[centre.grade].append(centre.score)
    reached = sorted((n for n in names if scores.get(n)), key=lambda n: -(sum(scores[n]) / len(scores[n])))
    ordered = list(names)
    slots = [i for i, n in enumerate(ordered) if scores.get(n)]
    for slot, name in zip(slots, reached, strict=True):
        ordered[slot] = name
    return ordered


def grade_colours(bands: list[GradeBand]) -> dict[str, str]:
    return {band.name: band.colour for band in bands}


def municipality_rows(result: AuditResult) -> list[MunicipalityRow]:
    rows = result.summary.get("by_municipality")
    if isinstance(rows, list) and all(isinstance(r, Mapping) for r in rows):
        return [
            MunicipalityRow(str(r.get("name") or NO_MUNICIPALITY), _int(r.get("centres")) or 0, _float(r.get("avg_score")))
            for r in rows
        ]
    groups: dict[str, list[CentreResult]] = defaultdict(list)
    for centre in result.centres:
        groups[centre.municipality or NO_MUNICIPALITY].append(centre)
    return [
        MunicipalityRow(name, len(members), _mean(c.score for c in members))
        for name, members in sorted(groups.items())
    ]


def _registry(summary: Mapping[str, Any]) -> Registry:
    raw = summary.get("registry")
    if not isinstance(raw, Mapping):
        return Registry()
    missing, missing_count = _as_list_and_count(raw.get("missing_from_site"))
    unknown, unknown_count = _as_list_and_count(raw.get("unknown_to_registry"))
    share = _float(raw.get("placed_share"))
    if share is not None and share > 1:
        share = share / 100
    return Registry(missing, unknown, missing_count, unknown_count, share)


def overview(result: AuditResult) -> Overview:
    summary = result.summary or {}
    centres = result.centres
    by_status_raw = summary.get("by_status")
    if isinstance(by_status_raw, Mapping):
        by_status = {str(k): _int(v) or 0 for k, v in by_status_raw.items()}
    else:
        by_status = dict(Counter(c.status for c in centres))
    fresh_raw = summary.get("freshness")
    if isinstance(fresh_raw, Mapping):
        freshness = {k: _int(fresh_raw.get(k)) or 0 for k in FRESHNESS_CLASSES}
    else:
        tally = Counter(c.freshness for c in centres if c.status == "ok")
        freshness = {k: tally.get(k, 0) for k in FRESHNESS_CLASSES}
    previous = summary.get("previous") if isinstance(summary.get("previous"), Mapping) else None
    listed = _int(summary.get("centres_listed"))
    avg = _float(summary.get("avg_score")) if "avg_score" in summary else _mean(c.score for c in centres)
    audited = by_status.get("ok", 0)
    return Overview(
        listed=listed if listed is not None else len(centres),
        target=_int(summary.get("target")),
        previous_run_id=_int(previous.get("run_id")) if previous else None,
        previous_listed=_int(previous.get("centres_listed")) if previous else None,
        previous_avg=_float(previous.get("avg_score")) if previous else None,
        avg_score=avg,
        audited=audited,
        not_audited=sum(by_status.values()) - audited,
        by_status=by_status,
        freshness=freshness,
        grades=grade_bands(result),
        registry=_registry(summary),
        municipalities=municipality_rows(result),
        representations=_representations(summary, centres),
    )


def _representations(summary: Mapping[str, Any], centres: list[CentreResult]) -> dict[str, int]:
    """Graded centres by kind, sites first; from the summary, else counted."""
    raw = summary.get("representations")
    if isinstance(raw, Mapping):
        counts = {str(k): _int(v) or 0 for k, v in raw.items()}
    else:
        counts = dict(Counter(c.representation for c in centres if c.status == "ok" and c.score is not None))
    order = ("site", "vk", "telegram")
    return {k: counts[k] for k in sorted(counts, key=lambda k: order.index(k) if k in order else 9)}


def _point(item: Any) -> TrendPoint | None:
    """A trend point from a tuple (date, score, centres) or a dict/object with named fields."""
    if isinstance(item, TrendPoint):
        return item
    if isinstance(item, tuple | list):
        padded = list(item) + [None] * 3
        return TrendPoint(as_date(padded[0]), None, _float(padded[1]), _int(padded[2]))
    get = item.get if isinstance(item, Mapping) else lambda k, d=None: getattr(item, k, d)
    when = get("as_of") or get("date") or get("started_at")
    score = get("score") if get("score") is not None else get("avg_score")
    centres = get("centres") if get("centres") is not None else get("centres_listed")
    return TrendPoint(
        as_date(when), _int(get("run_id")), _float(score), _int(centres),
        grade=get("grade"), current=bool(get("current", False)),
    )


def trend_points(items: Iterable[Any] | None) -> list[TrendPoint]:
    """Normalise a history (tuples, dicts or objects) into points, oldest first."""
    points = [p for p in (_point(i) for i in (items or [])) if p is not None]
    points.sort(key=lambda p: (p.when or dt.date.min, p.run_id or 0))
    return points


def network_trend(result: AuditResult, trend: Iterable[Any] | None, previous: AuditResult | None) -> list[TrendPoint]:
    """The network's average score over audits: given, from the summary, or previous + this one."""
    points = trend_points(trend if trend is not None else result.summary.get("trend"))
    ov = overview(result)
    if not points:
        if previous is not None:
            prev = overview(previous)
            points.append(TrendPoint(previous.run.as_of, previous.run.id, prev.avg_score, prev.listed))
        elif ov.previous_avg is not None or ov.previous_listed is not None:
            points.append(TrendPoint(None, ov.previous_run_id, ov.previous_avg, ov.previous_listed))
    def is_current(p: TrendPoint) -> bool:
        return p.run_id == result.run.id or (p.run_id is None and p.when == result.run.as_of)

    if not any(is_current(p) for p in points):
        points.append(TrendPoint(result.run.as_of, result.run.id, ov.avg_score, ov.listed))
    for p in points:
        p.current = is_current(p)
    return points
