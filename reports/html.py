"""The static HTML report of one audit: overview, a score card per centre, run page, links.

    write_report(result, Path("ibcmon-report"))  # -> ibcmon-report/index.html

The report is self-contained (inline CSS, one small inline script guarded by a CSP hash,
charts as inline SVG), so it opens from a file and from any web server. It renders the
`AuditResult` as it is: figures come from `result.summary`, verdicts from the centres.
"""
from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checks.result import AuditResult, CentreResult
from common.labels import freshness_words
from reports.card import card_view, render_card_html, render_card_text
from reports.charts import BarChart, TrendChart, bar_chart, trend_chart
from reports.diff import CentreChange, RunDiff, diff_results
from reports.env import environment, table_script
from reports.figures import NO_MUNICIPALITY, Overview, grade_colours, network_trend, overview
from reports.fmt import fmt_int, fmt_num
from reports.labels import FRESHNESS_COLOURS, NO_GRADE_COLOUR
from reports.outdir import check_output_dir, replaced_dir

__all__ = ["render_card_html", "render_card_text", "write_report"]

logger = logging.getLogger(__name__)

MUNICIPALITY_COLOUR = "#1565c0"


@dataclass
class CentreRow:
    """One row of the overview's table."""

    centre: CentreResult
    href: str
    municipality: str
    grade_colour: str
    grade_rank: int | None
    search: str


def _rows(result: AuditResult, colours: Mapping[str, str], ranks: Mapping[str, int]) -> list[CentreRow]:
    rows = []
    for c in result.centres:
        municipality = c.municipality or NO_MUNICIPALITY
        rows.append(
            CentreRow(
                centre=c,
                href=f"centres/{c.centre_id}.html",
                municipality=municipality,
                grade_colour=colours.get(c.grade or "", NO_GRADE_COLOUR),
                grade_rank=ranks.get(c.grade) if c.grade else None,
                search=" ".join(filter(None, [c.name[:500], municipality, c.url, c.final_url]))[:2000],
            )
        )
    return rows


def _charts(ov: Overview, trend_points: list[Any]) -> dict[str, BarChart | TrendChart]:
    return {
        "grades": bar_chart(
            "Оценки: сколько центров", [(b.name, b.count, b.colour) for b in ov.grades],
            shown=lambda v: fmt_int(int(v)),
        ),
        "freshness": bar_chart(
            "Обновление страниц: сколько центров",
            [(freshness_words(k).plural, n, FRESHNESS_COLOURS[k]) for k, n in ov.freshness.items()],
            shown=lambda v: fmt_int(int(v)),
        ),
        "municipalities": bar_chart(
            "Средний балл по муниципалитетам",
            [(m.name, m.avg_score, MUNICIPALITY_COLOUR) for m in sorted(
                ov.municipalities, key=lambda m: (-(m.avg_score if m.avg_score is not None else -1), m.name)
            )],
            max_value=100.0,
            shown=fmt_num,
        ),
        "trend": trend_chart("Средний балл сети по обследованиям", trend_points),
    }


def _changed(ch: CentreChange) -> bool:
    return bool(
        ch.direction in ("up", "down") or ch.grade_changed or ch.status_changed
        or ch.sections_added or ch.sections_lost
    )


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def _link_page(result: AuditResult, link_digest: Any, link_checks: Any, common: dict[str, Any]) -> str:
    if link_digest is not None:
        try:
            from reports.links_page import render_link_report
        except ImportError:  # the link check's own page is optional: fall back to the result's links
            pass
        else:
            return str(render_link_report(
                link_digest, link_checks if link_checks is not None else [], in_report=True
            ))
    link_rows = [(c, b) for c in result.centres for b in c.broken_links]
    digest = link_digest if isinstance(link_digest, Mapping | list) else None
    template = environment().get_template("links_basic.html")
    return template.render(page="links", root="", script=None, link_rows=link_rows, digest=digest, **common)


def write_report(
    result: AuditResult,
    out_dir: Path | str,
    *,
    history: Mapping[int, Iterable[Any]] | None = None,
    previous: AuditResult | None = None,
    link_digest: Any = None,
    link_checks: Any = None,
    trend: Iterable[Any] | None = None,
) -> Path:
    """Write the report of `result` into `out_dir`; return the path of its index.html.

    history: per centre id, its past audits (see `render_card_html`); previous: the previous
    audit, for "what changed"; trend: the network's past audits as (date, avg_score,
    centres) or dicts, else taken from the summary / the previous audit; link_digest,
    link_checks: the nightly link check's data, for links.html.

    The folder is the tool's own (`reports.outdir`): a non-empty folder that ibcmon did
    not make is refused with `OutputDirError`; the new report replaces the old one whole.
    """
    final = check_output_dir(out_dir)
    with replaced_dir(final) as out:
        _write_pages(out, result, history=history, previous=previous, link_digest=link_digest,
                     link_checks=link_checks, trend=trend)
    logger.info("report of run %s written to %s (%s centres)", result.run.id, final, len(result.centres))
    return final / "index.html"


def _write_pages(
    out: Path,
    result: AuditResult,
    *,
    history: Mapping[int, Iterable[Any]] | None,
    previous: AuditResult | None,
    link_digest: Any,
    link_checks: Any,
    trend: Iterable[Any] | None,
) -> None:
    centres_dir = out / "centres"
    centres_dir.mkdir(parents=True, exist_ok=True)
    env = environment()
    ov = overview(result)
    colours = grade_colours(ov.grades)
    ranks = {band.name: i for i, band in enumerate(ov.grades)}
    has_links = link_digest is not None or link_checks is not None
    common: dict[str, Any] = {
        "run": result.run,
        "generated": dt.datetime.now().replace(microsecond=0),
        "has_links": has_links,
    }
    rows = _rows(result, colours, ranks)
    points = network_trend(result, trend, previous)
    diff: RunDiff | None = diff_results(previous, result) if previous is not None else None
    script, script_hash = table_script()

    index = env.get_template("index.html").render(
        page="index", root="", script=script, script_hash=script_hash, ov=ov, rows=rows,
        charts=_charts(ov, points), trend_points=points, diff=diff,
        diff_rows=[ch for ch in diff.changes if _changed(ch)] if diff else [],
        options={
            "municipalities": sorted({r.municipality for r in rows}),
            "grades": [b.name for b in ov.grades],
            "no_grade": any(not r.centre.grade for r in rows),
            "statuses": sorted({r.centre.status for r in rows}, key=lambda s: (s != "ok", s)),
        },
        **common,
    )
    _write(out / "index.html", index)

    failed = [c for c in result.centres if c.status != "ok"]
    run_page = env.get_template("run.html").render(
        page="run", root="", script=None, ov=ov, failed=failed, rows_total=len(rows),
        pages_total=sum(c.pages for c in result.centres),
        discovery_main={k: v for k, v in (result.run.discovery or {}).items() if k not in ("centres", "registry")},
        **common,
    )
    _write(out / "run.html", run_page)

    card_template = env.get_template("centre.html")
    for c in result.centres:
        view = card_view(c, result.run, (history or {}).get(c.centre_id), grade_colour=colours.get(c.grade or ""))
        name = f"{c.centre_id}.html"
        _write(centres_dir / name, card_template.render(page="centre", root="../", script=None, card=view, **common))

    if has_links:
        _write(out / "links.html", _link_page(result, link_digest, link_checks, common))
