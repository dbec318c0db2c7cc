"""The HTML report, read back with BeautifulSoup: centres, figures, cards, safety, edge cases."""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from report_fixtures import (
    HOSTILE_NAME,
    assert_card_matches,
    assert_figures_match_export,
    make_previous,
    make_result,
    previous_summary,
    run_info,
)

from checks.result import AuditResult
from reports.diff import diff_results
from reports.env import table_script
from reports.export import export_json
from reports.fmt import fmt_num
from reports.html import write_report

pytestmark = pytest.mark.filterwarnings("ignore::bs4.MarkupResemblesLocatorWarning")


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def audit() -> tuple[AuditResult, AuditResult]:
    result = make_result(20)
    previous = make_previous(result)
    result.summary["previous"] = previous_summary(previous)
    return result, previous


@pytest.fixture(scope="module")
def report(audit: tuple[AuditResult, AuditResult], tmp_path_factory: pytest.TempPathFactory) -> Path:
    result, previous = audit
    history = {c.centre_id: [{"run_id": 3, "as_of": "2025-11-20", "score": 40.0, "grade": "неудовлетворительно"}]
               for c in result.centres[:8]}
    out = tmp_path_factory.mktemp("report")
    index = write_report(result, out, previous=previous, history=history)
    assert index == out / "index.html"
    return out


def test_every_centre_is_listed_once(report: Path, audit: tuple[AuditResult, AuditResult]) -> None:
    result, _ = audit
    rows = soup(report / "index.html").select("table#centres tbody tr")
    ids = [int(r["data-centre-id"]) for r in rows]
    assert sorted(ids) == sorted(c.centre_id for c in result.centres)
    assert len(ids) == len(set(ids))
    for row in rows:
        link = row.select_one("td.name a")
        assert link is not None and (report / link["href"]).is_file()


def test_figures_equal_the_exports(report: Path, audit: tuple[AuditResult, AuditResult]) -> None:
    result, _ = audit
    exported = json.loads(export_json(result))
    index_html = (report / "index.html").read_text(encoding="utf-8")
    assert_figures_match_export(index_html, exported)
    page = BeautifulSoup(index_html, "html.parser")
    assert "из 135" in page.select_one("#fig-listed").get_text()
    # the table's scores are the export's scores
    scores = {c["centre_id"]: c["score"] for c in exported["centres"]}
    for row in page.select("table#centres tbody tr"):
        score = scores[int(row["data-centre-id"])]
        cell = row.select_one("td.score")
        assert cell.get_text(strip=True) == fmt_num(score)
        assert cell["data-sort"] == ("" if score is None else str(score))
    for centre in exported["centres"]:
        assert_card_matches((report / "centres" / f"{centre['centre_id']}.html").read_text(encoding="utf-8"), centre)


def test_each_card_shows_the_graded_checklist(report: Path, audit: tuple[AuditResult, AuditResult]) -> None:
    result, _ = audit
    for centre in result.centres:
        card = soup(report / "centres" / f"{centre.centre_id}.html")
        if centre.status != "ok":
            continue
        shown = {tr["data-section"]: tr["data-present"] == "1" for tr in card.select("table.checklist tr[data-section]")}
        assert shown == centre.sections
        marks = {tr["data-section"]: tr.select_one("td.mark").get_text(strip=True)
                 for tr in card.select("table.checklist tr[data-section]")}
        assert all(marks[sid] == ("✓" if present else "✗") for sid, present in centre.sections.items())
        assert card.select_one(".score").get_text(strip=True) == fmt_num(centre.score)
        parts = {tr["data-part"]: tr.get_text(" ", strip=True) for tr in card.select("table.parts tr[data-part]")}
        assert set(parts) == {p.id for p in centre.parts}
        advice = [li["data-check"] for li in card.select("ol.advice li")]
        expected = sorted(centre.advice, key=lambda a: -a.points)
        assert advice == [a.check_id for a in expected]
        assert len(card.select("ul.broken li")) == len(centre.broken_links)


def test_failed_centres_show_the_status_in_words_and_no_grade(report: Path, audit: tuple[AuditResult, AuditResult]) -> None:
    result, _ = audit
    unreachable = next(c for c in result.centres if c.status == "unreachable")
    card = soup(report / "centres" / f"{unreachable.centre_id}.html")
    assert card.select_one(".status-text").get_text(strip=True) == "Страница не открывается: сервер отклонил соединение"
    assert card.select_one(".score") is None and card.select_one("table.checklist") is None
    row = soup(report / "index.html").select_one(f'table#centres tr[data-centre-id="{unreachable.centre_id}"]')
    assert row.select_one("td.score").get_text(strip=True) == "—"
    assert "нет оценки" in row.get_text()


def test_card_trend_lists_past_audits(report: Path, audit: tuple[AuditResult, AuditResult]) -> None:
    result, _ = audit
    with_history = result.centres[7]
    card = soup(report / "centres" / f"{with_history.centre_id}.html")
    rows = card.select("table.trend tbody tr")
    assert len(rows) == 2 and "20.11.2025" in rows[0].get_text() and "текущее" in rows[1].get_text()
    assert card.select_one(".trend-chart svg") is not None
    lonely = soup(report / "centres" / f"{result.centres[-1].centre_id}.html")
    assert "первое обследование" in lonely.get_text()


def test_run_page(report: Path, audit: tuple[AuditResult, AuditResult]) -> None:
    result, _ = audit
    page = soup(report / "run.html")
    failed = page.select("table.failed tbody tr")
    assert {r["data-status"] for r in failed} == {"unreachable", "error", "not_found", "blocked_by_robots", "not_auditable"}
    assert "сервер отклонил соединение" in page.select_one("table.failed").get_text()
    assert page.select_one("#duration").get_text(strip=True) == "14\u00a0мин 37\u00a0с"
    text = page.get_text(" ", strip=True)
    assert "Страницы со списком центров" in text
    assert page.select_one('#discovery + .panel a[href="http://rribc.khv.example/set-ibc/page/2/"]') is not None
    assert "ошибка в адресе" in text  # a malformed entry
    assert "МБОУ СОШ № 99 (с. Дуки)" in text  # registry: missing from the site


def test_changes_since_the_previous_audit(report: Path, audit: tuple[AuditResult, AuditResult]) -> None:
    result, previous = audit
    diff = diff_results(previous, result)
    page = soup(report / "index.html")
    assert int(page.select_one("#diff-up .value")["data-value"]) == diff.improved
    assert int(page.select_one("#diff-down .value")["data-value"]) == diff.worsened
    assert int(page.select_one("#diff-added .value")["data-value"]) == len(diff.added) == 1
    assert "Выбыли из списка" in page.select_one("#diff-listing").get_text()
    # the network trend: the previous audit and this one
    assert len(page.select("#chart-trend svg circle")) == 2


def test_filters_offer_every_municipality_grade_and_status(report: Path, audit: tuple[AuditResult, AuditResult]) -> None:
    result, _ = audit
    page = soup(report / "index.html")
    options = {o["value"] for o in page.select("#f-municipality option") if o["value"]}
    assert options == {c.municipality for c in result.centres}
    statuses = {o["value"] for o in page.select("#f-status option") if o["value"]}
    assert statuses == {c.status for c in result.centres}
    grades = {o["value"] for o in page.select("#f-grade option") if o["value"]}
    assert {c.grade for c in result.centres if c.grade} <= grades and "-" in grades
    assert page.select_one("#controls").has_attr("hidden")  # shown by the script; without it the table reads


# -- safety ---------------------------------------------------------------------------

def _assert_inert(page: BeautifulSoup, *, script_allowed: bool) -> None:
    scripts = page.find_all("script")
    if script_allowed:
        source, digest = table_script()
        assert len(scripts) == 1 and scripts[0].string == str(source)
        csp = page.select_one('meta[http-equiv="Content-Security-Policy"]')["content"]
        assert f"script-src '{digest}'" in csp
    else:
        assert scripts == []
        assert "script-src" not in page.select_one('meta[http-equiv="Content-Security-Policy"]')["content"]
    for element in page.find_all(True):
        assert not [a for a in element.attrs if a.lower().startswith("on")], element.name
        for attr in ("href", "src", "action", "formaction", "xlink:href"):
            value = element.get(attr)
            if value:
                assert re.match(r"^(https?:|mailto:|[\w./#-]+$|\.\./)", value), value
    assert page.find("img") is None and page.find("iframe") is None and page.find("b") is None


def test_hostile_content_is_inert(report: Path, audit: tuple[AuditResult, AuditResult]) -> None:
    result, _ = audit
    hostile = next(c for c in result.centres if c.name == HOSTILE_NAME)
    index = soup(report / "index.html")
    _assert_inert(index, script_allowed=True)
    row = index.select_one(f'table#centres tr[data-centre-id="{hostile.centre_id}"]')
    assert row.select_one("td.name a").get_text() == HOSTILE_NAME  # shown as text, whole
    card = soup(report / "centres" / f"{hostile.centre_id}.html")
    _assert_inert(card, script_allowed=False)
    assert card.select_one("h1").get_text() == HOSTILE_NAME
    assert card.select_one("h1")["dir"] == "auto"
    text = card.get_text()
    assert "javascript:alert(2)" not in [a.get("href") for a in card.find_all("a")]
    assert '"><img src=x onerror="window.__pwned=2">' in text  # the link text, as text
    # the 10,000-character heading is cut to a line
    assert max(len(s) for s in card.find_all(string=True) if s.parent.name not in ("style", "script")) < 1000
    assert "очень длинный заголовок" in text
    _assert_inert(soup(report / "run.html"), script_allowed=False)


def test_the_script_in_the_report_is_the_shipped_one(report: Path) -> None:
    index = (report / "index.html").read_text(encoding="utf-8")
    assert index.count("<script") == 1
    assert "<script>window.__pwned=1</script>" not in index


# -- edge cases -----------------------------------------------------------------------

def test_a_run_with_no_centres_still_renders(tmp_path: Path) -> None:
    empty = AuditResult(run=run_info(9), centres=[], summary={})
    index = write_report(empty, tmp_path)
    page = soup(index)
    assert page.select_one("#no-centres") is not None
    assert page.select("table#centres") == []
    assert "Центров в обследовании нет" in soup(tmp_path / "run.html").get_text()
    assert list((tmp_path / "centres").iterdir()) == []


def test_a_run_where_every_centre_failed_says_so(tmp_path: Path) -> None:
    result = make_result(12)
    result.centres = [c for c in result.centres if c.status != "ok"]
    result.summary = {}  # no grader's summary: the figures are counted from the centres
    page = soup(write_report(result, tmp_path))
    assert page.select_one("#all-failed") is not None
    assert len(page.select("table#centres tbody tr")) == 5
    assert page.select_one("#fig-avg .value").get_text(strip=True).startswith("—")
    assert "Нет данных для диаграммы" in page.select_one("#chart-grades").get_text()


def test_bare_result_without_summary(tmp_path: Path) -> None:
    result = make_result(20, with_summary=False)
    page = soup(write_report(result, tmp_path))
    assert int(page.select_one("#fig-listed .value")["data-value"]) == 20
    grades = {s["data-grade"]: int(s["data-value"]) for s in page.select("#fig-grades [data-grade]")}
    assert sum(grades.values()) == sum(1 for c in result.centres if c.grade)


def test_rerender_removes_cards_of_centres_no_longer_there(tmp_path: Path) -> None:
    result = make_result(20)
    write_report(result, tmp_path)
    result.centres = result.centres[:10]
    write_report(result, tmp_path)
    assert len(list((tmp_path / "centres").glob("*.html"))) == 10


def test_link_page_from_the_link_check_or_our_own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = make_result(20)
    write_report(result, tmp_path / "none")
    assert not (tmp_path / "none" / "links.html").exists()
    monkeypatch.setitem(sys.modules, "reports.links_page", None)  # the link check's page missing
    write_report(result, tmp_path / "own", link_digest={"run_id": 1})
    page = soup(tmp_path / "own" / "links.html")
    assert len(page.select("table.links tbody tr")) == sum(len(c.broken_links) for c in result.centres)
    _assert_inert(page, script_allowed=False)
    assert soup(tmp_path / "own" / "index.html").select_one('nav a[href="links.html"]') is not None
