"""Exports of one audit result: JSON (the contract of DESIGN.md), CSV and an XLSX workbook.

All three read the same `AuditResult` as the HTML report, so their figures agree with it.
Text a crawled page supplied cannot become a spreadsheet formula: in CSV such a cell gets a
leading apostrophe, in XLSX it is written as a string, and characters a workbook cannot
hold are dropped.
"""
from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from checks.result import AuditResult, CentreResult
from common.labels import (
    crawl_reason,
    freshness_words,
    representation_label,
    status_label,
    status_sentence,
)
from reports.csvfile import write_csv
from reports.figures import overview
from reports.fmt import clean_text

CSV_COLUMNS = (
    "centre_id", "name", "municipality", "url", "final_url", "status", "reason",
    "score", "grade", "freshness", "last_updated",
)  # then one column per section id (1/0, empty where not applicable), "broken_links", "representation"
REVIEW_WORDS = {"pending": "не утверждён", "approved": "утверждён"}


def corrected_fields(centre: CentreResult) -> str:
    """The corrected verdicts of a centre, e.g. "section:news last_updated" ("" for none)."""
    return " ".join(str(c.get("field")) for c in centre.corrections)


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def export_json(result: AuditResult) -> str:
    """`{"run": {...}, "summary": {...}, "centres": [...]}`, UTF-8 text, indented."""
    return json.dumps(result.to_dict(), ensure_ascii=False, indent=2, default=_json_default) + "\n"


def section_ids(centres: Iterable[CentreResult]) -> list[str]:
    """Every section id the centres were checked for, in the rulebook's order."""
    ids: dict[str, None] = {}
    for centre in centres:
        for verdict in centre.section_details:
            ids.setdefault(verdict.id)
        for sid in centre.sections:
            ids.setdefault(sid)
    return list(ids)


def section_titles(centres: Iterable[CentreResult]) -> dict[str, str]:
    titles: dict[str, str] = {}
    for centre in centres:
        for verdict in centre.section_details:
            titles.setdefault(verdict.id, verdict.title)
    return titles


def _flag(centre: CentreResult, sid: str) -> int | None:
    if centre.status != "ok" or centre.sections.get(sid) is None:  # None: not applicable
        return None
    return 1 if centre.sections[sid] else 0


def export_csv(result: AuditResult, *, delimiter: str = ",") -> str:
    """One row per centre; section columns 1/0 (empty where the centre was not audited).

    Starts with a UTF-8 byte order mark so that Excel reads Cyrillic right.
    """
    sids = section_ids(result.centres)
    buffer = io.StringIO()
    write_csv(buffer, [*CSV_COLUMNS, *sids, "broken_links", "representation"], (_csv_row(c, sids) for c in result.centres),
              delimiter=delimiter)
    return "\ufeff" + buffer.getvalue()


def _csv_row(c: CentreResult, sids: list[str]) -> list[Any]:
    row: list[Any] = [
        c.centre_id, c.name, c.municipality, c.url, c.final_url, c.status, crawl_reason(c.reason_code, c.reason),
        c.score, c.grade, c.freshness, c.last_updated.isoformat() if c.last_updated else None,
    ]
    row += [_flag(c, sid) for sid in sids]
    row.append(len(c.broken_links) if c.status == "ok" else None)
    row.append(c.representation)
    return row


# -- XLSX -----------------------------------------------------------------------------

def _cell_text(value: Any) -> Any:
    if isinstance(value, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        return ILLEGAL_CHARACTERS_RE.sub("", clean_text(value))[:32000]
    return value


def _append(sheet: Any, values: list[Any]) -> None:
    sheet.append([_cell_text(v) for v in values])
    for cell in sheet[sheet.max_row]:
        if cell.data_type == "f":  # text that begins with "=": keep it text
            cell.data_type = "s"


def _format_sheet(sheet: Any, widths: Sequence[float], number_formats: dict[int, str] | None = None) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    header_fill = PatternFill("solid", fgColor="DDE6F0")
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    for column, number_format in (number_formats or {}).items():
        for row in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
            for cell in row:
                cell.number_format = number_format
    sheet.freeze_panes = "A2"
    if sheet.max_row >= 1 and sheet.max_column >= 1:
        sheet.auto_filter.ref = f"A1:{get_column_letter(sheet.max_column)}{sheet.max_row}"


def _centres_sheet(book: Any, result: AuditResult) -> None:
    sheet = book.active
    sheet.title = "Центры"
    sids = section_ids(result.centres)
    titles = section_titles(result.centres)
    parts: dict[str, str] = {}
    for c in result.centres:
        for part in c.parts:
            parts.setdefault(part.id, part.title)
    headers = [
        "Центр", "Муниципалитет", "Адрес в списке", "Проверенная страница", "Состояние",
        "Причина", "Баллы", "Оценка", "Обновление", "Последнее обновление",
        *[f"{title}, баллы" for title in parts.values()],
        *[titles.get(sid, sid) for sid in sids],
        "Неработающие ссылки", "Проверка методистом", "Уточнённые отметки", "Представительство",
    ]
    _append(sheet, headers)
    for c in result.centres:
        earned = {p.id: p.points for p in c.parts}
        _append(sheet, [
            c.name, c.municipality, c.url, c.final_url, status_label(c.status),
            status_sentence(c.status, c.reason, c.reason_code) if c.status != "ok" else None,
            c.score, c.grade,
            freshness_words(c.freshness).label if c.status == "ok" else None,
            c.last_updated,
            *[earned.get(pid) for pid in parts],
            *[_flag(c, sid) for sid in sids],
            len(c.broken_links) if c.status == "ok" else None,
            REVIEW_WORDS.get(c.review_status, c.review_status), corrected_fields(c) or None,
            representation_label(c.representation),
        ])
    first_part = 11
    widths = [45, 30, 40, 40, 22, 40, 9, 20, 22, 14] + [12] * len(parts) + [11] * len(sids) + [12, 16, 24, 16]
    formats = {7: "0.0", 10: "DD.MM.YYYY"}
    formats.update({first_part + i: "0.0" for i in range(len(parts))})
    _format_sheet(sheet, widths, formats)


def _municipalities_sheet(book: Any, result: AuditResult) -> None:
    sheet = book.create_sheet("Муниципалитеты")
    _append(sheet, ["Муниципалитет", "Центров", "Средний балл"])
    for row in overview(result).municipalities:
        _append(sheet, [row.name, row.centres, row.avg_score])
    _format_sheet(sheet, [45, 12, 14], {3: "0.0"})


def _summary_sheet(book: Any, result: AuditResult) -> None:
    ov = overview(result)
    sheet = book.create_sheet("Сводка")
    rows: list[list[Any]] = [
        ["Показатель", "Значение"],
        ["Обследование №", result.run.id],
        ["Дата обследования", result.run.as_of],
        ["Центров в списке на сайте РРИБЦ", ov.listed],
        ["Цель по плану", ov.target],
        ["Центров в прошлом обследовании", ov.previous_listed],
        ["Доля центров реестра, размещённых на сайте РРИБЦ", ov.registry.placed_share],
        ["Средний балл", ov.avg_score],
        ["Средний балл в прошлом обследовании", ov.previous_avg],
        ["Страниц проверено", ov.audited],
        ["Не удалось проверить", ov.not_audited],
    ]
    rows += [[f"Обновление: {freshness_words(k).plural.lower()}", n] for k, n in ov.freshness.items()]
    rows += [[f"Оценка «{band.name}»", band.count] for band in ov.grades]
    rows += [[f"Оценено: {representation_label(kind)}", n] for kind, n in ov.representations.items()]
    for values in rows:
        _append(sheet, values)
    sheet["B3"].number_format = "DD.MM.YYYY"
    sheet["B7"].number_format = "0.0%"
    _format_sheet(sheet, [48, 16])
    sheet.auto_filter.ref = None


def export_xlsx(result: AuditResult, path: Path | str) -> Path:
    """Write the workbook: sheets "Центры", "Муниципалитеты" and "Сводка"."""
    from openpyxl import Workbook

    book = Workbook()
    _centres_sheet(book, result)
    _municipalities_sheet(book, result)
    _summary_sheet(book, result)
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    book.save(target)
    return target
