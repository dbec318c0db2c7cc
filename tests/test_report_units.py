"""Formatting, labels, chart geometry, figures and the text card: tables of cases."""
from __future__ import annotations

import datetime as dt

import pytest
from report_fixtures import HOSTILE_NAME, make_result, run_info

from checks.result import AuditResult
from common.labels import status_sentence
from reports.card import render_card_html, render_card_text
from reports.charts import bar_chart, trend_chart
from reports.figures import TrendPoint, grade_bands, network_trend, overview, trend_points
from reports.fmt import (
    clean_text,
    count,
    display_url,
    fmt_date,
    fmt_duration,
    fmt_num,
    fmt_percent,
    plural,
    points,
    safe_url,
    shorten,
)
from reports.labels import http_problem

NB = "\u00a0"


@pytest.mark.parametrize(("value", "expected"), [
    (72.5, "72,5"), (72.0, "72"), (72.04, "72"), (0, "0"), (None, "—"), (99.95, "100"), (3.14159, "3,1"),
])
def test_fmt_num(value: float | None, expected: str) -> None:
    assert fmt_num(value) == expected


@pytest.mark.parametrize(("n", "expected"), [
    (1, "центр"), (2, "центра"), (4, "центра"), (5, "центров"), (11, "центров"), (12, "центров"),
    (21, "центр"), (22, "центра"), (25, "центров"), (111, "центров"), (101, "центр"), (0, "центров"),
])
def test_plural(n: int, expected: str) -> None:
    assert plural(n, "центр", "центра", "центров") == expected


def test_counts_and_points() -> None:
    assert count(3, "центр", "центра", "центров") == f"3{NB}центра"
    assert count(1234, "центр", "центра", "центров") == f"1{NB}234{NB}центра"
    assert points(2.5) == f"2,5{NB}балла"
    assert points(8) == f"8{NB}баллов"
    assert points(1) == f"1{NB}балл"


@pytest.mark.parametrize(("value", "expected"), [
    (dt.date(2026, 11, 20), f"20{NB}ноября 2026"), ("2026-03-01", f"1{NB}марта 2026"), (None, "—"),
])
def test_fmt_date(value: object, expected: str) -> None:
    assert fmt_date(value) == expected


@pytest.mark.parametrize(("seconds", "expected"), [
    (4.2, f"4{NB}с"), (192, f"3{NB}мин 12{NB}с"), (3725, f"1{NB}ч 02{NB}мин"), (None, "—"),
])
def test_fmt_duration(seconds: float | None, expected: str) -> None:
    assert fmt_duration(seconds) == expected


@pytest.mark.parametrize(("share", "expected"), [(0.875, f"87,5{NB}%"), (1, f"100{NB}%"), (87.5, f"87,5{NB}%"), (None, "—")])
def test_fmt_percent(share: float | None, expected: str) -> None:
    assert fmt_percent(share) == expected


@pytest.mark.parametrize(("url", "safe"), [
    ("http://school.ru/a", True), ("https://school.ru/", True), ("mailto:ibc@school.ru", True),
    ("javascript:alert(1)", False), ("JaVaScRiPt:alert(1)", False), (" javascript:alert(1)", False),
    ("java\u0000script:alert(1)", False), ("data:text/html,<script>", False), ("vbscript:x", False),
    ("/relative/path", False), ("", False), (None, False), ("http://[::1", False),
])
def test_safe_url(url: str | None, safe: bool) -> None:
    assert (safe_url(url) is not None) is safe


def test_text_helpers() -> None:
    assert shorten("a  b\n\nc", 10) == "a b c"
    assert len(shorten("x" * 10_000, 200)) == 200
    assert clean_text("\u202eabc\u200f\x07") == "abc"
    assert display_url("https://school.ru/") == "school.ru"
    assert display_url("http://school.ru/biblioteka/") == "school.ru/biblioteka/"


@pytest.mark.parametrize(("status", "error", "expected"), [
    (404, None, "страница не найдена (404)"), (503, None, "сервер недоступен (503)"),
    (599, None, "ошибка сервера (599)"), (None, "соединение отклонено", "соединение отклонено"),
    (None, None, "не открывается"), (418, None, "ошибка (418)"),
    (404, "страница не найдена (404)", "страница не найдена (404)"), (502, "сбой шлюза", "сбой шлюза (502)"),
])
def test_http_problem(status: int | None, error: str | None, expected: str) -> None:
    assert http_problem(status, error) == expected


def test_status_sentence() -> None:
    assert status_sentence("unreachable", "сервер отклонил соединение") == "Страница не открывается: сервер отклонил соединение"
    assert status_sentence("weird_new_status") == "weird_new_status"


def test_bar_chart_geometry() -> None:
    chart = bar_chart("t", [("a", 10, "#000"), ("b", 5, "#111"), ("c", 0, "#222"), ("d", None, "#333")])
    lengths = [b.length for b in chart.bars]
    assert lengths[0] == pytest.approx(84.0) and lengths[1] == pytest.approx(42.0)
    assert lengths[2] == 0 and chart.bars[3].shown == "—"
    assert bar_chart("t", [("a", None, "#000")]).empty
    scaled = bar_chart("t", [("a", 50, "#000")], max_value=100)
    assert scaled.bars[0].length == pytest.approx(42.0) and scaled.track


def test_trend_chart_geometry() -> None:
    points_ = [TrendPoint(dt.date(2025, 11, 20), 1, 50.0), TrendPoint(dt.date(2026, 5, 20), 2, 100.0),
               TrendPoint(dt.date(2026, 11, 20), 3, None)]
    chart = trend_chart("t", points_)
    assert len(chart.dots) == 2  # a missing average draws no dot
    assert chart.dots[0].x < chart.dots[1].x and chart.dots[1].y < chart.dots[0].y
    single = trend_chart("t", points_[:1])
    assert single.dots[0].x == pytest.approx(chart.left + (chart.width - chart.left - 34) / 2)
    assert chart.dots[0].x > chart.left + 10
    many = trend_chart("t", [TrendPoint(dt.date(2000 + i, 1, 1), i, 50.0) for i in range(20)])
    assert sum(d.show_when for d in many.dots) <= 8 and many.dots[-1].show_when


def test_trend_points_accept_tuples_dicts_and_objects() -> None:
    class Row:
        as_of = dt.date(2026, 5, 20)
        score = 70.0
        grade = "хорошо"
        run_id = 4

    parsed = trend_points([("2025-11-20", 60.0, 130), {"as_of": "2026-11-20", "avg_score": 65.0, "centres_listed": 135}, Row()])
    assert [p.when for p in parsed] == [dt.date(2025, 11, 20), dt.date(2026, 5, 20), dt.date(2026, 11, 20)]
    assert parsed[0].centres == 130 and parsed[2].score == 65.0 and parsed[1].grade == "хорошо"


def test_network_trend_adds_the_current_audit_once() -> None:
    result = make_result(20)
    points_ = network_trend(result, [("2026-05-20", 50.0, 18), ("2026-11-20", 60.0, 20)], None)
    assert len(points_) == 2 and points_[-1].current
    assert len(network_trend(result, None, None)) == 1


def test_grade_bands_keep_the_graders_order_else_best_first() -> None:
    result = make_result(20)
    assert [b.name for b in grade_bands(result)] == list(result.summary["grades"])  # the rulebook's order
    assert grade_bands(result)[0].colour == "#2e7d32"
    del result.summary["grades"]
    names = [b.name for b in grade_bands(result)]
    counts = {n: sum(1 for c in result.centres if c.grade == n) for n in names}
    means = {n: sum(c.score or 0 for c in result.centres if c.grade == n) / counts[n] for n in names}
    assert names == sorted(names, key=lambda n: -means[n]) and all(counts.values())


def test_overview_reads_a_partial_summary_defensively() -> None:
    result = make_result(20)
    result.summary = {"centres_listed": "many", "registry": {"missing_from_site": 3, "placed_share": 95},
                      "previous": None, "by_municipality": "oops"}
    ov = overview(result)
    assert ov.listed == 20 and ov.registry.missing_count == 3 and ov.registry.placed_share == 0.95
    assert sum(m.centres for m in ov.municipalities) == 20
    empty = overview(AuditResult(run=run_info(), centres=[]))
    assert empty.listed == 0 and empty.avg_score is None and empty.grades == []


def test_text_card() -> None:
    result = make_result(20)
    ok = next(c for c in result.centres if c.status == "ok" and c.name != HOSTILE_NAME)
    text = render_card_text(ok, result.run, [{"as_of": "2026-05-20", "score": 40.0, "grade": "неудовлетворительно"}])
    assert f"ИТОГ: {fmt_num(ok.score)} из 100" in text
    assert sum(line.strip().startswith("[✓]") for line in text.splitlines()) == sum(ok.sections.values())
    assert "КАК МЕНЯЛАСЬ ОЦЕНКА" in text and "20.05.2026: 40" in text
    failed = result.centres[0]
    assert "Страница не открывается: сервер отклонил соединение." in render_card_text(failed, result.run)
    hostile = next(c for c in result.centres if c.name == HOSTILE_NAME)
    assert "\u202e" not in render_card_text(hostile, result.run)


def test_html_card_standalone_and_fragment() -> None:
    result = make_result(20)
    centre = result.centres[8]
    document = render_card_html(centre, result.run)
    assert document.startswith("<!DOCTYPE html>") and "</body>" in document and "<style" not in document
    fragment = render_card_html(centre, result.run, None, standalone=False)
    assert fragment.lstrip().startswith("<article") and "<html" not in fragment
    assert 'style="' in fragment  # inline styles for e-mail clients
    assert render_card_html(centre, result.run, grade_colour="#123456").count("#123456") == 1
