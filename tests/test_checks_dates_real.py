"""Dates in the forms real library pages print them (issue 15, point 5): two-digit years in
a dated paragraph, update stamps in a page's footer, library posts in the school's news
module, and dates without a year (still unread)."""
from __future__ import annotations

import datetime as dt

import pytest
from checks_fixtures import AS_OF, rulebook, site_of

from checks.dates import find_dates
from checks.freshness import collect_dates, newest

D = dt.date
FETCH = D(2026, 11, 20)  # checks_fixtures.FETCHED


def last_of(body: str, *others: object) -> object:
    site = site_of(body, *others)  # type: ignore[arg-type]
    return newest(collect_dates(site, rulebook().freshness, AS_OF))


# -- 1. two-digit years in a dated paragraph -----------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("18.09.17.", D(2017, 9, 18)),  # a post's date alone on its line, closed by a dot
        ("В читальном зале прошёл библиотечный урок 18.09.17. Ребята узнали…", D(2017, 9, 18)),
        ("18.09.17 в ИБЦ прошла встреча с писателем", D(2017, 9, 18)),
        ("– 03.10.25 – конкурс чтецов", D(2025, 10, 3)),
        ("18.09.17 г. состоялся праздник", D(2017, 9, 18)),
    ],
)
def test_two_digit_years_in_a_dated_paragraph(text: str, expected: dt.date) -> None:
    assert [f.date for f in find_dates(text, FETCH)] == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "Режим работы: с 10-00 до 17-00", "10-00", "8.00-16.00", "Перерыв с 14-00 до 15-00",
        "1.2.3.", "2.10.15. Читатель обязан бережно относиться к книгам",
        "12.10.14. Читатель имеет право…\n12.10.15. Читатель обязан…",  # a regulation's points
        "Тел. 22.12.13.", "т. 45.17.18", "версия 1.10.26", "фонд 12.10.26", "пункт 12.10.26.5",
        "адрес 10.10.10.10", "Урок 18.09.27.",  # a two-digit year after the fetch is no year of ours
    ],
)
def test_what_is_not_a_two_digit_year_date(text: str) -> None:
    assert find_dates(text, FETCH) == []


def test_a_short_dated_post_dates_the_page_and_an_order_stays_rejected() -> None:
    body = ("<h2>Новости</h2><p>18.09.25. В библиотеке прошёл урок «Книжкины именины».</p>"
            "<p>Положение утверждено приказом от 01.10.25 № 12.</p>")
    last = last_of(body)
    assert last is not None and last.date == D(2025, 9, 18)  # type: ignore[attr-defined]


# -- 4. a date without a year stays unread ---------------------------------------------


@pytest.mark.parametrize("text", ["18 сентября в ИБЦ прошёл урок", "18.09", "18.09. Конкурс чтецов",
                                  "Выставка работает с 1 по 15 ноября"])
def test_a_date_without_a_year_stays_unread(text: str) -> None:
    assert find_dates(text, FETCH) == []


def test_a_post_dated_without_a_year_gives_no_update_date() -> None:
    site = site_of("<h2>Новости</h2><p>18 сентября в библиотеке прошёл урок.</p>")
    assert newest(collect_dates(site, rulebook().freshness, AS_OF)) is None

