"""A real crawl of a hostile page (own loopback server): its content reaches the report inert.

The centre's listing name holds a script, its headings quotes, angle brackets, a
right-to-left override and 10,000 characters, its links `javascript:` targets and markup in
their texts. Crawled, link-checked and graded for real, then rendered and read back.
"""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from report_fixtures import HOSTILE_SITE_NAME, assert_card_matches, crawl_hostile_site

from checks.result import AuditResult
from reports.card import render_card_html, render_card_text
from reports.env import table_script
from reports.export import export_csv, export_json
from reports.html import write_report

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> tuple[AuditResult, Path]:
    workdir = tmp_path_factory.mktemp("hostile")
    result = crawl_hostile_site(workdir)
    write_report(result, workdir / "report")
    return result, workdir / "report"


def _pages(out: Path) -> list[Path]:
    return [out / "index.html", out / "run.html", *sorted((out / "centres").glob("*.html"))]


def test_the_hostile_centre_was_crawled_and_graded(crawled: tuple[AuditResult, Path]) -> None:
    result, _ = crawled
    (centre,) = result.centres
    assert centre.name == HOSTILE_SITE_NAME and centre.status == "ok" and centre.score is not None
    assert any("onerror" in e.text for s in centre.section_details for e in s.evidence)
    assert any("<script>" in (b.text or "") for b in centre.broken_links)


def test_nothing_of_it_runs(crawled: tuple[AuditResult, Path]) -> None:
    _, out = crawled
    source, _ = table_script()
    for path in _pages(out):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        scripts = page.find_all("script")
        assert all(s.string == str(source) for s in scripts), path.name
        assert len(scripts) == (1 if path.name == "index.html" else 0)
        assert page.find(["img", "iframe", "b", "object", "embed"]) is None, path.name
        for element in page.find_all(True):
            assert not any(a.lower().startswith("on") for a in element.attrs), (path.name, element.name)
            href = element.get("href")
            assert not href or not href.lower().lstrip().startswith(("javascript:", "data:")), href


def test_it_reads_as_text(crawled: tuple[AuditResult, Path]) -> None:
    result, out = crawled
    (centre,) = result.centres
    card_html = (out / "centres" / f"{centre.centre_id}.html").read_text(encoding="utf-8")
    assert_card_matches(card_html, json.loads(export_json(result))["centres"][0])
    card = BeautifulSoup(card_html, "html.parser")
    assert card.select_one("h1").get_text() == HOSTILE_SITE_NAME
    text = card.get_text()
    assert 'Контакты "><img src=x onerror="window.__pwned=2">' in text
    assert "'кавычки' & <угловые скобки>" in text
    assert max(len(s) for s in card.find_all(string=True) if s.parent.name != "style") < 1000
    index = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert index.select_one("table#centres td.name a").get_text() == HOSTILE_SITE_NAME


def test_the_e_mail_card_and_exports_are_safe_too(crawled: tuple[AuditResult, Path]) -> None:
    result, _ = crawled
    (centre,) = result.centres
    html = BeautifulSoup(render_card_html(centre, result.run), "html.parser")
    assert html.find("script") is None and html.find("img") is None
    assert "\u202e" not in render_card_text(centre, result.run)
    (row,) = csv.DictReader(io.StringIO(export_csv(result)[1:]))
    assert row["name"] == HOSTILE_SITE_NAME
