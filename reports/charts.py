"""Chart geometry for the inline SVG charts (the macros of `_charts.html`).

Only numbers are computed here (positions, lengths); labels go to the templates, which
escape them. Bar charts have no viewBox: bar lengths are percentages of the chart's width
and text keeps its size, with the label above each bar, so they read on a phone as well as
on a wide screen. The trend line scales with a viewBox.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from reports.figures import TrendPoint
from reports.fmt import fmt_date_short, fmt_num, shorten

WIDTH = 400  # the trend chart's viewBox width
BAR_ROW = 40  # label line + bar, px
BAR_SPAN = 84.0  # per cent of the width the longest bar may take (the rest for its value)


@dataclass
class Bar:
    label: str  # shortened for the chart
    full_label: str
    value: float
    shown: str  # the value as printed
    colour: str
    y: float  # top of the row, px
    length: float  # per cent of the chart's width


@dataclass
class BarChart:
    title: str
    bars: list[Bar]
    height: int = 0
    empty: bool = False
    track: bool = False  # draw the full scale behind each bar (a 0–100 scale)
    track_width: float = BAR_SPAN


def bar_chart(
    title: str,
    items: Sequence[tuple[str, float | None, str]],
    *,
    max_value: float | None = None,
    shown: Callable[[float], str] | None = None,
) -> BarChart:
    """Horizontal bars for (label, value, colour) items; a value of None draws no bar."""
    numbers = [v for _, v, _ in items if v is not None]
    top = max_value if max_value is not None else max(numbers, default=0)
    scale = BAR_SPAN / top if top else 0.0
    to_text = shown or (lambda v: fmt_num(v))
    bars = []
    for i, (label, value, colour) in enumerate(items):
        bars.append(
            Bar(
                label=shorten(label, 60),
                full_label=label,
                value=value or 0.0,
                shown=to_text(value) if value is not None else "—",
                colour=colour,
                y=i * BAR_ROW,
                length=round(max((value or 0.0) * scale, 0.0 if not value else 0.5), 2),
            )
        )
    return BarChart(
        title, bars, height=max(len(bars) * BAR_ROW, 1), empty=not numbers, track=max_value is not None
    )


@dataclass
class Dot:
    x: float
    y: float
    label: str  # the value
    when: str  # the x label
    current: bool
    show_when: bool = True  # with many audits, only every few dates are printed


@dataclass
class TrendChart:
    title: str
    dots: list[Dot]
    width: int
    height: int
    left: int
    bottom: int
    gridlines: list[tuple[float, str]] = field(default_factory=list)

    @property
    def polyline(self) -> str:
        return " ".join(f"{d.x:.1f},{d.y:.1f}" for d in self.dots)


def trend_chart(title: str, points: Sequence[TrendPoint], *, width: int = WIDTH, height: int = 200) -> TrendChart:
    """A line of scores (0–100) over audits, spaced evenly (audits are twice a year)."""
    left, right, top, bottom = 30, 34, 16, height - 30
    inset = 22  # keeps the first and last values clear of the axis labels and the edge
    plotted = [p for p in points if p.score is not None]
    span = width - left - right - 2 * inset

    def y_of(score: float) -> float:
        return bottom - (bottom - top) * max(0.0, min(score, 100.0)) / 100

    dots = []
    for i, point in enumerate(plotted):
        x = left + inset + (span / 2 if len(plotted) == 1 else span * i / (len(plotted) - 1))
        when = fmt_date_short(point.when) if point.when else (f"№{point.run_id}" if point.run_id else "")
        dots.append(Dot(round(x, 1), round(y_of(point.score or 0.0), 1), fmt_num(point.score), when, point.current))
    step = max(1, -(-len(dots) // 7))
    for i, dot in enumerate(dots):
        dot.show_when = i % step == 0 or i == len(dots) - 1
    grid = [(round(y_of(v), 1), str(v)) for v in (0, 25, 50, 75, 100)]
    return TrendChart(title, dots, width, height, left, bottom, grid)
