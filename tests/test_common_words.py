"""The words every stage shares (common/words.toml, common/words.py): one copy of the
months, weekdays, library and school words, read the same by the crawler, the checks and
the reports."""
from __future__ import annotations

import ast
import datetime as dt
import re
from pathlib import Path

import pytest
from test_arch_layers import ROOT, project_files

from checks import dates, freshness, page, site
from common import extract, words
from crawler import centre, discovery
from reports.fmt import fmt_date


@pytest.mark.parametrize(("word", "number"), [
    ("января", 1), ("Январь", 1), ("янв.", 1), ("февр", 2), ("марта", 3), ("май", 5), ("мая", 5),
    ("мае", 5), ("Сент.", 9), ("сен", 9), ("нояб.", 11), ("декабре", 12), ("мартовский", None),
    ("ма", None),
])
def test_a_month_in_any_written_form_has_its_number(word: str, number: int | None) -> None:
    assert words.month_number(word) == number


def test_the_tables_are_whole() -> None:
    assert [m.number for m in words.MONTHS] == list(range(1, 13))
    assert [d.short for d in words.WEEKDAYS] == ["пн", "вт", "ср", "чт", "пт", "сб", "вс"]
    assert words.MONTHS_GENITIVE[8] == "сентября"


def test_alternation_puts_longer_words_first() -> None:
    group = words.alternation(["мар", "марта", "март"])
    assert group == "(?:марта|март|мар)"
    assert re.fullmatch(group, "марта") and not re.fullmatch(group, "ма")


def test_the_stages_read_dates_by_the_same_months() -> None:
    found = dates.find_dates("Опубликовано 9 сент. 2026 г. и 12 декабря 2025")
    assert [(f.date, f.form) for f in found][:2] == [(dt.date(2026, 9, 9), "words"), (dt.date(2025, 12, 12), "words")]
    assert fmt_date(dt.date(2026, 5, 9)) == "9\u00a0мая 2026"
    assert page._FEED_DATE.search("Выставка, 3 мая 2026")
    assert freshness._bare_date_line("Воскресенье, 29 ноября 2026 г.")
    assert extract.is_clock_line("Пятница, 26.04.2024, 21:19")
    assert extract.is_clock_line("Пятницу, 26.04.2024, 21:19")  # the accusative of the table


def test_the_crawler_and_the_checks_tell_a_library_alike() -> None:
    assert centre.LIBRARY_WORDS.pattern == site.LIBRARY_WORDS.pattern
    for text in ("Школьная библиотека", "ИБЦ школы № 5", "Медиатека", "информационно-библиотечный центр"):
        assert centre.LIBRARY_WORDS.search(text), text
    assert not centre.LIBRARY_WORDS.search("ибцх и книги")


@pytest.mark.parametrize(("name", "organisation", "school"), [
    ("МБОУ СОШ № 5", True, True), ("КГБОУ ШИ 3", True, True), ("СШ 2", True, False),
    ("ИБЦ гимназии", True, True), ("ЛитРес: Школа", True, False), ("Национальная электронная", False, False),
])
def test_discovery_knows_school_names_from_the_shared_table(name: str, organisation: bool, school: bool) -> None:
    assert bool(discovery.ORGANISATION_WORDS.search(name)) is organisation
    assert bool(discovery.SCHOOL_MARKS.search(name)) is school


def _code_strings(path: Path) -> list[str]:
    """The string literals of a module, its docstrings left out (they may give examples)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {id(node.body[0].value) for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            and node.body and isinstance(node.body[0], ast.Expr)}
    return [n.value for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs]


def test_month_and_weekday_names_are_written_once() -> None:
    """No module spells the months or weekdays out in its code but the words table (the
    sample world's generator aside: it writes pages, it does not read them)."""
    spelled = re.compile(r"сентябр|октябр|ноябр|понедельник|пятниц")
    holders = sorted(str(p.relative_to(ROOT)) for p in project_files()
                     if "sample" not in p.parts and any(spelled.search(s) for s in _code_strings(p)))
    assert holders == [], holders
