"""Exports: the JSON contract, CSV for any spreadsheet, the XLSX workbook with the same numbers."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from report_fixtures import HOSTILE_NAME, SECTIONS, make_result, run_info

from checks.result import AuditResult
from reports.export import CSV_COLUMNS, export_csv, export_json, export_xlsx, section_ids
from reports.figures import overview
from reports.fmt import clean_text

CONTRACT_KEYS = {"name", "municipality", "url", "final_url", "status", "last_updated", "freshness",
                 "sections", "broken_links", "score", "grade"}


@pytest.fixture(scope="module")
def result() -> AuditResult:
    r = make_result(20)
    r.centres[7].name = "=HYPERLINK(\"http://evil.example\",\"жми\")"
    r.centres[8].municipality = "+7 (4212) 00-00-00\x01"
    return r


def test_json_has_the_design_shape(result: AuditResult) -> None:
    data = json.loads(export_json(result))
    assert set(data) == {"run", "summary", "centres"}
    assert data["run"]["id"] == result.run.id and data["run"]["as_of"] == "2026-11-20"
    assert len(data["centres"]) == len(result.centres)
    for centre, original in zip(data["centres"], result.centres, strict=True):
        assert set(centre) >= CONTRACT_KEYS
        assert centre["status"] in {"ok", "unreachable", "error", "not_found", "blocked_by_robots", "not_auditable"}
        assert centre["freshness"] in {"fresh", "aging", "stale", "unknown"}
        assert centre["score"] == original.score
        assert centre["last_updated"] == (original.last_updated.isoformat() if original.last_updated else None)
        for link in centre["broken_links"]:
            assert {"url", "found_on", "status", "error"} <= set(link)
        assert set(centre["sections"]) <= {sid for sid, _, _ in SECTIONS}
    assert "<script>" in export_json(result)  # data, not markup: JSON keeps page text as it was
    assert "г. Хабаровск" in export_json(result)  # ensure_ascii=False: Cyrillic as is


def test_csv_rows_columns_and_bom(result: AuditResult) -> None:
    text = export_csv(result)
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    sids = section_ids(result.centres)
    assert list(rows[0]) == [*CSV_COLUMNS, *sids, "broken_links", "representation"]
    assert len(rows) == len(result.centres)
    for row, centre in zip(rows, result.centres, strict=True):
        assert int(row["centre_id"]) == centre.centre_id
        assert row["score"] == ("" if centre.score is None else str(centre.score))
        if centre.status == "ok":
            assert {sid: row[sid] == "1" for sid in sids} == centre.sections
            assert int(row["broken_links"]) == len(centre.broken_links)
        else:
            assert all(row[sid] == "" for sid in sids) and row["broken_links"] == ""
    assert rows[5]["name"] == HOSTILE_NAME
    assert rows[7]["name"].startswith("'=")  # never a formula in a spreadsheet
    assert rows[8]["municipality"].startswith("'+")
    semicolon = export_csv(result, delimiter=";")
    assert semicolon.splitlines()[0].startswith("\ufeffcentre_id;name;")


def test_xlsx_holds_the_same_numbers_as_the_json(result: AuditResult, tmp_path: Path) -> None:
    path = export_xlsx(result, tmp_path / "audit.xlsx")
    data = json.loads(export_json(result))
    book = load_workbook(path)
    assert book.sheetnames == ["Центры", "Муниципалитеты", "Сводка"]
    sheet = book["Центры"]
    header = [c.value for c in sheet[1]]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}{sheet.max_row}"
    assert all(c.font.bold for c in sheet[1])
    assert sheet.column_dimensions["A"].width >= 30
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(data["centres"])
    titles = {s.id: s.title for c in result.centres for s in c.section_details}
    for row, centre in zip(rows, data["centres"], strict=True):
        cells = dict(zip(header, row, strict=True))
        assert cells["Баллы"] == centre["score"]
        assert cells["Оценка"] == centre["grade"]
        last = cells["Последнее обновление"]
        assert (last.date().isoformat() if isinstance(last, dt.datetime) else last) == centre["last_updated"]
        if centre["status"] == "ok":
            assert {sid: cells[titles[sid]] == 1 for sid in centre["sections"]} == centre["sections"]
            assert cells["Неработающие ссылки"] == len(centre["broken_links"])
            for part in centre["parts"]:
                assert cells[f"{part['title']}, баллы"] == part["points"]
    # page text stays text: no formulas, no control characters
    formulas = [c for r in sheet.iter_rows() for c in r if c.data_type == "f"]
    assert formulas == []
    assert rows[7][0].startswith("=HYPERLINK")
    assert "\x01" not in rows[8][1]
    municipalities = {r[0]: (r[1], r[2]) for r in book["Муниципалитеты"].iter_rows(min_row=2, values_only=True)}
    assert municipalities == {clean_text(m["name"]): (m["centres"], m["avg_score"]) for m in data["summary"]["by_municipality"]}
    summary = {r[0]: r[1] for r in book["Сводка"].iter_rows(min_row=2, values_only=True)}
    assert summary["Центров в списке на сайте РРИБЦ"] == data["summary"]["centres_listed"]
    assert summary["Средний балл"] == data["summary"]["avg_score"]
    assert summary["Цель по плану"] == 135
    assert summary["Доля центров реестра, размещённых на сайте РРИБЦ"] == data["summary"]["registry"]["placed_share"]
    ov = overview(result)
    assert summary["Страниц проверено"] == ov.audited == data["summary"]["by_status"]["ok"]


def test_exports_of_an_empty_audit(tmp_path: Path) -> None:
    empty = AuditResult(run=run_info(3), centres=[])
    assert json.loads(export_json(empty))["centres"] == []
    assert export_csv(empty).count("\n") == 1
    book = load_workbook(export_xlsx(empty, tmp_path / "empty.xlsx"))
    assert book["Центры"].max_row == 1


def test_the_readme_example_is_valid_and_has_the_contract_keys() -> None:
    import re

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Report, exports, comparison"):]
    example = json.loads(re.search(r"```json\n(.*?)```", section, re.S).group(1))
    assert set(example) == {"run", "summary", "centres"}
    assert set(example["centres"][0]) >= CONTRACT_KEYS
