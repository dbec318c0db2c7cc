"""Date forms, false dates, school years and freshness classes, as tables."""
from __future__ import annotations

import datetime as dt

import pytest
from checks_fixtures import AS_OF, FETCHED, LIB, doc, rulebook, site_of, snap

from checks.dates import ContextRules, dates_in_url, find_dates, judge_context, parse_iso
from checks.freshness import (
    PreviousVisit,
    apply_text_change,
    classify,
    collect_dates,
    names_school_year,
    newest,
    school_year_label,
)

D = dt.date


@pytest.fixture(scope="module")
def ctx() -> ContextRules:
    return ContextRules.of(rulebook().freshness)


@pytest.mark.parametrize(
    ("text", "expected", "has_time"),
    [
        ("12 марта 2025", D(2025, 3, 12), False),
        ("Опубликовано 12 марта 2025, 10:28", D(2025, 3, 12), True),
        ("11 декабря 2025, 10:28", D(2025, 12, 11), True),
        ("1 сентября 2026 г.", D(2026, 9, 1), False),
        ("12 Март 2025", D(2025, 3, 12), False),  # Joomla: nominative month
        ("Опубликовано: 02 Сентябрь 2024", D(2024, 9, 2), False),
        ("14 Май 2026", D(2026, 5, 14), False),
        ("12 мая 2025", D(2025, 5, 12), False),
        ("3 мар. 2025", D(2025, 3, 3), False),
        ("12.03.2025", D(2025, 3, 12), False),
        ("12.03.2025, 14:22", D(2025, 3, 12), True),
        ("Добавлено: 02.09.2026 | Автор", D(2026, 9, 2), False),
        ("2025-03-12", D(2025, 3, 12), False),
        ("2025-03-12T10:28:00+10:00", D(2025, 3, 12), True),
        ("подписано 2025.09.29", D(2025, 9, 29), False),
        ("18 ОКТЯБРЯ 2026", D(2026, 10, 18), False),
    ],
)
def test_date_forms(text: str, expected: dt.date, has_time: bool) -> None:
    found = find_dates(text)
    assert [f.date for f in found] == [expected]
    assert found[0].has_time is has_time


@pytest.mark.parametrize(
    "text",
    ["© 2014–2026", "План на 2026–2027 учебный год", "2026-2027", "31.02.2025", "8.30 – 16.30",
     "Тел. 8 (42142) 2-45-17", "фонд 18 240 экз.", "(1929–2006)", "32 марта 2025"],
)
def test_not_dates(text: str) -> None:
    assert find_dates(text) == []


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://s.test/news/2025-03-12", [D(2025, 3, 12)]),
        ("http://s.test/news/2026-07-14-31", [D(2026, 7, 14)]),
        ("http://s.test/2026/11/10/nedelya-knigi/", [D(2026, 11, 10)]),
        ("http://s.test/files/otchet_12.03.2025.pdf", [D(2025, 3, 12)]),
        ("http://s.test/files/plan-2026-2027.docx", []),
        ("http://s.test/calendar/?month=2026-12", []),
        # a static site's page named by its day (day, month, year)
        ("http://s.test/31_01_13.htm", [D(2013, 1, 31)]),
        ("http://s.test/news/12-03-2019.html", [D(2019, 3, 12)]),
        ("http://s.test/13_31_01.htm", []),
        ("http://s.test/muzej/193-02-12-2014-den-invalidov", [D(2014, 12, 2)]),
        ("http://s.test/news/02-12-2014", [D(2014, 12, 2)]),
        ("http://s.test/02-12-2014-arhiv/193-vstrecha", []),
        ("http://s.test/god-2014-2015/12-2014-itogi", []),
        ("http://s.test/?p=news/22-04-19_13-18-47", [D(2019, 4, 22)]),
        ("http://s.test/news/22-04-19_31-18-47", []),
        ("http://s.test/docs/22-04-19.pdf", []),
        ("http://s.test/31_01_13/photo.jpg", []),
        # a calendar's day view
        ("http://s.test/index.php?day=23&month=09&year=2022", [D(2022, 9, 23)]),
        ("http://s.test/index.php?month=09&year=2022", []),
        # a news site's path without leading zeros; a post's name that opens with a figure
        ("http://s.test/mur/2024/7/12/131915", [D(2024, 7, 12)]),
        ("http://s.test/2024/1/5", [D(2024, 1, 5)]),
        ("http://s.test/2023/10/5-klass-v-biblioteke/", []),
        # Joomla's alias made of a creation time: a folder's dates its category, the last its post
        ("http://s.test/index.php/by/2017-01-13-21-30-20/biblioteka/item/352-vstrecha", []),
        ("http://s.test/index.php/novosti/2019-03-12-08-15-40", [D(2019, 3, 12)]),
    ],
)
def test_dates_in_urls(url: str, expected: list[dt.date]) -> None:
    assert dates_in_url(url) == expected


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        ("утверждено приказом от 01.09.2019 № 215", "order"),
        ("Приказ № 45 от 01.09.2019", "order"),
        ("Положение об ИБЦ от 30.08.2019 № 12", "order"),
        ("Утв. 01.09.2020", "order"),
        ("протокол педсовета 28.08.2025", "order"),
        ("родился 12 марта 1900 г.", "anniversary"),
        ("К 80-летию Победы: 9 мая 1945 года", "anniversary"),
        ("9 мая 2025 — 80 лет со дня Победы", "anniversary"),
        ("Пятница, 20.11.2026, 21:19", "widget"),
        ("Сегодня: 20 ноября 2026", "widget"),
        # «сегодня» far from the fetch names the day the text was written, anniversary or not
        ("Сегодня, 15 октября 2024, исполняется 210 лет со дня рождения поэта", None),
        ("Сегодня, 19 ноября 2026, в библиотеке прошёл урок", "widget"),
        ("15 октября 2024 исполняется 210 лет со дня рождения поэта", "anniversary"),
        ("1 мая 2024 года писателю и драматургу Виктору Астафьеву исполнилось бы 100 лет", "anniversary"),
        ("1 мая 2024 года ребята исполнили песни о весне", None),
        # a holiday's founding is its history; an institution («учреждение») dates nothing away
        ("Праздник учредил Священный Синод 25 декабря 2009 года", "anniversary"),
        ("Указом от 5 мая 2010 года учреждён День славянской письменности", "anniversary"),
        ("12 мая 2026 года в учреждении прошёл урок", None),
        ("Обновлено: 17.02.2026", "label"),
        ("Последнее изменение 03.10.2026", "label"),
        ("Страница обновлена: 02.09.2026", "label"),
        ("16 ноября 2026, 10:28 Встреча с писателем", None),
        ("Добавлено: 02.09.2026 | Автор: Петренко", None),
        # an announced event's date is no update, though it is past by the time of the audit
        ("С 9 по 15 февраля 2026 года пройдёт акция «Дарите книги с любовью»", "future"),
        ("15 ноября 2026 г. в ИБЦ состоится встреча с писателем", "future"),
        ("15 ноября 2026 г. в ИБЦ прошла встреча с писателем", None),
        ("Ребята! Приглашаем вас в акцию волонтёров, которую проводит библиотека с 10 по 24 мая 2015 г.", "future"),
        ("Приглашаем всех читателей. Акция прошла 24 мая 2015 г.", None),
    ],
)
def test_date_context(ctx: ContextRules, text: str, verdict: str | None) -> None:
    found = find_dates(text)
    assert found, text
    assert judge_context(text, found[-1], ctx, fetched=D(2026, 11, 20)) == verdict


def test_weekday_date_far_from_the_fetch_is_not_a_widget(ctx: ContextRules) -> None:
    text = "Пятница, 13.03.2026 — библиотечный урок"
    assert judge_context(text, find_dates(text)[0], ctx, fetched=D(2026, 11, 20)) is None


def test_a_clock_line_is_a_widget_whenever_the_page_was_saved(ctx: ContextRules) -> None:
    """uCoz's header clock («Суббота, 27.04.2024, 02:49») on a page saved long ago is still
    the clock, not a post's date; a post's own weekday and date without the time is a date."""
    text = "Наша библиотека\nСуббота, 27.04.2024, 02:49\nПриветствую Вас Гость | RSS"
    assert judge_context(text, find_dates(text)[0], ctx, fetched=D(2026, 11, 20)) == "widget"
    post = "Суббота, 27.04.2024\nВ библиотеке прошёл урок."
    assert judge_context(post, find_dates(post)[0], ctx, fetched=D(2026, 11, 20)) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2026-11-10T11:30:00+10:00", D(2026, 11, 10)), ("2026-08-01", D(2026, 8, 1)), ("нет", None)],
)
def test_parse_iso(value: str, expected: dt.date | None) -> None:
    assert parse_iso(value) == expected


@pytest.mark.parametrize(
    ("as_of", "label", "yes", "no"),
    [
        (D(2026, 11, 20), "2026–2027", ["2026–2027", "2026-2027", "2026/2027", "2026–27", "2026 - 2027"],
         ["2025–2026", "2027–2028", "2026–2028", "12026–2027"]),
        (D(2026, 8, 31), "2025–2026", ["2025–2026", "2025/26"], ["2026–2027"]),
        (D(2026, 9, 1), "2026–2027", ["2026—2027"], ["2025–2026"]),
        (D(2027, 3, 15), "2026–2027", ["2026-27"], ["2027–2028"]),
    ],
)
def test_school_year(as_of: dt.date, label: str, yes: list[str], no: list[str]) -> None:
    assert school_year_label(as_of) == label
    for text in yes:
        assert names_school_year(f"План работы ИБЦ на {text} учебный год", as_of), text
    for text in no:
        assert not names_school_year(f"План работы ИБЦ на {text} учебный год", as_of), text


@pytest.mark.parametrize(
    ("last", "expected"),
    [
        (D(2026, 11, 20), ("fresh", 0)),
        (D(2026, 8, 22), ("fresh", 90)),
        (D(2026, 8, 21), ("aging", 91)),
        (D(2026, 5, 21), ("aging", 183)),
        (D(2026, 5, 20), ("stale", 184)),
        (None, ("unknown", None)),
    ],
)
def test_classes(last: dt.date | None, expected: tuple[str, int | None]) -> None:
    assert classify(last, AS_OF, rulebook().freshness) == expected


# -- on pages -----------------------------------------------------------------------


def last_of(body: str, *others: object, as_of: dt.date = AS_OF, **kw: object) -> object:
    site = site_of(body, *others, **kw)  # type: ignore[arg-type]
    return newest(collect_dates(site, rulebook().freshness, as_of))


def test_newest_news_date_wins() -> None:
    body = ("<h2>Новости</h2><div class='item'><span class='date'>16 ноября 2026, 10:28</span> Встреча</div>"
            "<div class='item'><span class='date'>21.10.2026</span> Конкурс</div>")
    last = last_of(body)
    assert last is not None and last.date == D(2026, 11, 16) and last.kind == "text"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "false_date",
    [
        "<p>Анонс: 10 декабря 2026 — районный конкурс буктрейлеров.</p>",  # future event
        "<p>Положение об ИБЦ — утверждено приказом от 19.11.2026 № 215</p>",  # order
        "<p>130 лет со дня рождения К. Г. Паустовского (31 мая 1892)</p>",  # anniversary
        "<p>Юбилей писателя: 15 ноября 2026</p>",  # anniversary
        "<p>Сегодня: Четверг, 20.11.2026, 09:15</p>",  # widget
    ],
)
def test_false_dates_are_not_updates(false_date: str) -> None:
    body = "<h2>Новости</h2><p>03.03.2026 — библиотечный урок</p>" + false_date
    last = last_of(body)
    assert last is not None and last.date == D(2026, 3, 3)  # type: ignore[attr-defined]


def test_widget_and_copyright_in_the_chrome_are_never_read() -> None:
    """… nor a footer's update stamp that the school's other pages carry too (the site's)."""
    def page(content: str) -> str:
        return ('<html><body><div id="header"><div class="date">Четверг, 20.11.2026, 14:19</div></div>'
                f'<td class="content">{content}</td>'
                '<footer>© 2012–2026 Обновлено 19.11.2026</footer></body></html>')

    home = "http://school.test/"
    site = site_of("")
    site = type(site)([snap(LIB, page("<h1>Библиотека</h1><p>Добавлено: 14.07.2026</p>")),
                       snap(home, page("<h1>Школа</h1>"))], LIB, rulebook())
    last = newest(collect_dates(site, rulebook().freshness, AS_OF))
    assert last is not None and last.date == D(2026, 7, 14)


def test_a_date_after_the_fetch_is_future_even_when_the_audit_is_later() -> None:
    body = "<p>02.02.2026 — урок</p><p>Анонс: 10 декабря 2026 — конкурс</p>"
    last = last_of(body, as_of=D(2027, 3, 1))
    assert last is not None and last.date == D(2026, 2, 2)  # type: ignore[attr-defined]


def test_time_element_and_url_dates() -> None:
    body = ('<article><h3><a href="/2026/11/10/nedelya-knigi/">Неделя книги</a></h3>'
            '<time datetime="2026-11-10T11:30:00+10:00">десятого ноября</time></article>'
            '<p><a href="/news/2026-11-12-5">Конкурс чтецов</a></p>')
    last = last_of(body)
    assert last is not None and last.date == D(2026, 11, 12) and last.kind == "url"  # type: ignore[attr-defined]


def test_document_name_dates() -> None:
    body = '<h2>Документы</h2><p><a href="/files/otchet.pdf">Отчёт о работе 14.10.2026 (PDF)</a></p>'
    last = last_of(body, doc("http://school.test/files/otchet.pdf"))
    assert last is not None and last.date == D(2026, 10, 14) and last.kind == "document"  # type: ignore[attr-defined]


def test_last_modified_is_weaker_evidence() -> None:
    static = {"Last-Modified": "Fri, 14 Aug 2026 05:12:00 GMT"}
    body = "<h2>О библиотеке</h2><p>Читальный зал на 12 мест, фонд 14 520 экз.</p>"
    site = site_of(body)
    site.snapshots[0].headers = static
    last = newest(collect_dates(site, rulebook().freshness, AS_OF))
    assert last is not None and (last.date, last.kind) == (D(2026, 8, 14), "last_modified")
    # a content date, even older, is preferred
    site = site_of(body + "<p>Обновлено: 01.03.2026</p>")
    site.snapshots[0].headers = static
    last = newest(collect_dates(site, rulebook().freshness, AS_OF))
    assert last is not None and last.date == D(2026, 3, 1)
    # the time of the request itself (a CMS) is no evidence
    site = site_of(body)
    site.snapshots[0].headers = {"last-modified": FETCHED.strftime("%a, %d %b %Y %H:%M:%S GMT")}
    assert newest(collect_dates(site, rulebook().freshness, AS_OF)) is None


@pytest.mark.parametrize(
    ("printed", "prev_hash", "expected", "changed"),
    [
        (None, "old", D(2026, 5, 20), True),  # no date printed: the previous audit's date
        (D(2026, 3, 1), "old", D(2026, 5, 20), True),  # an older printed date
        (D(2026, 10, 1), "old", D(2026, 10, 1), True),  # a newer printed date stays
        (D(2026, 3, 1), "new", D(2026, 3, 1), False),  # unchanged text: nothing
        (None, None, None, None),  # no hash to compare
    ],
)
def test_text_change_between_runs(printed: dt.date | None, prev_hash: str | None,
                                  expected: dt.date | None, changed: bool | None) -> None:
    from checks.freshness import DateEvidence

    last = DateEvidence(printed, "text", "x", LIB) if printed else None
    previous = PreviousVisit(run_id=1, date=D(2026, 5, 20), text_hash=prev_hash)
    result, did_change = apply_text_change(last, previous, "new", LIB, AS_OF)
    assert (result.date if result else None) == expected
    assert did_change is changed


def test_why_not_dateparser() -> None:
    """Our rules against dateparser's search on the same texts (the reason it is not used:
    month-first readings of 01.09.2019, dates invented from bare years). If this starts to
    fail, dateparser improved: the choice in checks/dates.py is worth revisiting."""
    search = pytest.importorskip("dateparser.search")
    samples = {
        "Новость 12.03.2025": D(2025, 3, 12),
        "Обновлено 01.09.2026": D(2026, 9, 1),
        "Опубликовано: 12 Март 2025": D(2025, 3, 12),
        "подписано 2025.09.29": D(2025, 9, 29),
    }
    theirs_wrong = 0
    for text, expected in samples.items():
        assert [f.date for f in find_dates(text)] == [expected]
        found = search.search_dates(text, languages=["ru"]) or []
        if [d.date() for _s, d in found] != [expected]:
            theirs_wrong += 1
    copyright_dates = search.search_dates("© 2014–2026", languages=["ru"]) or []
    assert find_dates("© 2014–2026") == []
    print(f"\ndateparser wrong on {theirs_wrong}/{len(samples)} date forms; "
          f"reads {len(copyright_dates)} date(s) in a copyright line")
    assert theirs_wrong + len(copyright_dates) >= 2


def test_a_remembered_line_gives_each_caller_its_own_list() -> None:
    # short lines are remembered between calls: a caller that edits its list must not
    # change what the next caller of the same line reads
    line = "Опубликовано 12.11.2019, обновлено 14.11.2019"
    first = find_dates(line, FETCHED)
    first.clear()
    assert [f.date for f in find_dates(line, FETCHED)] == [dt.date(2019, 11, 12), dt.date(2019, 11, 14)]
    # a long text (a whole page) is read afresh, same result as the line
    page = ("Слова. " * 60) + line
    assert [f.date for f in find_dates(page, FETCHED)] == [dt.date(2019, 11, 12), dt.date(2019, 11, 14)]
