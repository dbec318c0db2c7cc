"""Dates as each platform prints them, the traps around them, which pages date the library,
and the reason given when no date is found: tables of HTML snippets."""
from __future__ import annotations

import datetime as dt

import pytest
from checks_fixtures import AS_OF, LIB, page_html, rulebook, site_of, snap

from checks.base import CheckContext
from checks.dates import ContextRules, find_dates, judge_context
from checks.freshness import collect_dates, dated_pages, newest, no_date_reason
from checks.site import CentreSite

D = dt.date
FETCH = D(2026, 11, 20)  # checks_fixtures.FETCHED


def last_of(body: str, *others: object, as_of: dt.date = AS_OF) -> object:
    site = site_of(body, *others)  # type: ignore[arg-type]
    return newest(collect_dates(site, rulebook().freshness, as_of))


@pytest.mark.parametrize(
    ("platform", "body", "expected", "kind"),
    [
        ("ucoz module list", '<div class="eTitle"><a href="/news/vystavka/2026-10-28-14">Выставка</a></div>'
         '<div class="eDetails">Добавлено (28.10.2026, 14:22) | Просмотров: 12</div>', D(2026, 10, 28), "text"),
        ("ucoz entry", '<div class="eMessage">Неделя книги</div><div class="eDetails">Дата: 28.10.2026 | '
         'Автор: admin</div>', D(2026, 10, 28), "text"),
        ("ucoz added, no url date", '<div class="eDetails">Добавлено (28.10.2026, 14:22)</div>',
         D(2026, 10, 28), "text"),
        ("joomla published", '<dl class="article-info"><dd class="published">Опубликовано: 28 октября 2026'
         '</dd></dl><p>Встреча с писателем</p>', D(2026, 10, 28), "text"),
        ("joomla created, nominative", '<dd class="create">Создано: 28 Октябрь 2026</dd><p>Урок</p>',
         D(2026, 10, 28), "text"),
        ("bitrix", '<div class="news-item"><span class="news-date-time">28.10.2026</span>'
         '<a href="/biblioteka/news/detail.php?ELEMENT_ID=42">Конкурс чтецов</a></div>', D(2026, 10, 28), "text"),
        ("wordpress time", '<article><h2 class="entry-title">Неделя книги</h2><span class="posted-on">'
         '<time class="entry-date" datetime="2026-10-28T10:00:00+10:00">Опубликовано</time></span></article>',
         D(2026, 10, 28), "time"),
        ("wordpress published", '<article><p class="meta">Опубликовано 20.09.2026 автором admin</p></article>',
         D(2026, 9, 20), "text"),
        ("wordpress url", '<article><h2><a href="/2026/10/28/nedelya-knigi/">Неделя книги</a></h2></article>',
         D(2026, 10, 28), "url"),
        ("one page, dated paragraph", '<p>12 октября 2026 г. в ИБЦ прошла встреча с писателем.</p>',
         D(2026, 10, 12), "text"),
        ("month first", '<p class="date">Октябрь 27, 2025</p><p>Библиотечный урок</p>', D(2025, 10, 27), "text"),
        ("relative: yesterday", '<div class="post"><span class="date">Вчера, 10:15</span> Викторина</div>',
         FETCH - dt.timedelta(days=1), "relative"),
        ("relative: days ago", '<div class="post"><span class="date">3 дня назад</span> Викторина</div>',
         FETCH - dt.timedelta(days=3), "relative"),
        ("relative: today with time", '<div class="post">Сегодня, 8:44 — акция «Подари книгу»</div>',
         FETCH, "relative"),
        ("relative: weeks", '<div class="post"><span>2 недели назад</span> Квест</div>',
         FETCH - dt.timedelta(days=14), "relative"),
        ("update label", '<p>Страница обновлена: 02.09.2026</p>', D(2026, 9, 2), "label"),
    ],
)
def test_platform_date_forms(platform: str, body: str, expected: dt.date, kind: str) -> None:
    last = last_of(body)
    assert last is not None, platform
    assert (last.date, last.kind) == (expected, kind), platform  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("trap", "html"),
    [
        ("copyright years", "<p>© 2012–2026 ИБЦ МБОУ СОШ № 1</p>"),
        ("future announcement", "<p>Анонс. 13 декабря 2026 г. в ИБЦ состоится встреча с писателем.</p>"),
        ("founding date", "<p>Библиотека основана 1 сентября 2006 г.</p>"),
        ("school founded", "<p>Школа образована 01.09.2004.</p>"),
        ("writer's birthday", "<p>125 лет со дня рождения писателя (19 ноября 1901)</p>"),
        ("order date", "<p>Положение об ИБЦ утверждено приказом от 29.08.2026 № 112</p>"),
        ("document number", "<p>Приказ № 45 от 01.09.2026</p>"),
        ("e-signature stamp", "<p>ДОКУМЕНТ ПОДПИСАН ЭЛЕКТРОННОЙ ПОДПИСЬЮ. Владелец: Иванова И. И. "
         "Действителен с 2026.09.29 по 2027.12.22</p>"),
        ("e-signature date", "<p>Подписано ЭП 12.11.2026</p>"),
        ("today widget", "<div>Сегодня: 20 ноября 2026 г.</div>"),
        ("weekday widget", "<div>Пятница, 20.11.2026, 21:19</div>"),
        ("'today' in a sentence", "<p>Сегодня это информационно-библиотечный центр.</p>"),
        ("relative in a sentence", "<p>Много лет назад в школе открылась библиотека.</p>"),
    ],
)
def test_false_dates_stay_rejected(trap: str, html: str) -> None:
    body = "<h2>Новости</h2><p>03.03.2026 — библиотечный урок</p>" + html
    last = last_of(body)
    assert last is not None and last.date == D(2026, 3, 3), trap  # type: ignore[attr-defined]


def test_ucoz_header_today_widget_is_not_an_update() -> None:
    html = ('<html><head><meta charset="windows-1251"><title>ИБЦ - Школа</title></head><body>'
            '<div id="header"><div class="today">Сегодня: 20.11.2026</div></div>'
            '<div id="content"><h1>ИБЦ</h1><p>Режим работы: 8:00 – 16:00</p></div></body></html>')
    site = CentreSite([snap(LIB, html)], LIB, rulebook())
    dates = collect_dates(site, rulebook().freshness, AS_OF)
    assert newest(dates) is None
    assert no_date_reason(site, dates, rulebook().freshness) == "на страницах нет дат публикаций"


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        ("Библиотека основана 1 сентября 2006 г.", "founding"),
        ("Опубликовано: 28 октября 2026", None),
        ("Создано: 28 Октябрь 2026", None),
        ("Добавлено (28.10.2026, 14:22)", None),
        ("Вчера, 10:15", None),  # a relative date is never a "today" widget
    ],
)
def test_context_of_platform_forms(text: str, verdict: str | None) -> None:
    ctx = ContextRules.of(rulebook().freshness)
    found = find_dates(text, FETCH)
    assert found, text
    assert judge_context(text, found[-1], ctx, fetched=FETCH) == verdict


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("28/10/2026", D(2026, 10, 28)),
        ("28-10-2026", D(2026, 10, 28)),
        ("Добавлено: 28.10.26", D(2026, 10, 28)),
        ("Добавлено (28.10.26, 14:22)", D(2026, 10, 28)),
        ("28.10.26 14:22", D(2026, 10, 28)),
        ("вс, 29 нояб. 2026", D(2026, 11, 29)),
        ("1 февр. 2026", D(2026, 2, 1)),
        ("28 сентября, 2026", D(2026, 9, 28)),
    ],
)
def test_more_date_forms(text: str, expected: dt.date) -> None:
    assert [f.date for f in find_dates(text)] == [expected]


@pytest.mark.parametrize("text", ["версия 1.10.26", "фонд 12.10.26", "Тел. 8-924-123-45-67", "т. 2-45-17"])
def test_not_dates_either(text: str) -> None:
    assert find_dates(text, FETCH) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20 дней назад, 8:44", FETCH - dt.timedelta(days=20)),
        ("позавчера", FETCH - dt.timedelta(days=2)),
        ("неделю назад", FETCH - dt.timedelta(days=7)),
        ("5 часов назад", FETCH),
        ("30 часов назад", FETCH - dt.timedelta(days=1)),
    ],
)
def test_relative_dates_count_from_the_fetch(text: str, expected: dt.date) -> None:
    assert [f.date for f in find_dates(text, FETCH)] == [expected]
    assert find_dates(text) == []  # without a fetch date there is nothing to count from


# -- which pages date the library --------------------------------------------------


SCHOOL_NEWS = "http://school.test/novosti-shkoly/"
LIB_NEWS = "http://school.test/category/biblioteka/"


def test_school_news_linked_from_the_library_page_does_not_date_it() -> None:
    body = (f'<p><a href="{SCHOOL_NEWS}">Новости школы</a></p><h2>Новости</h2>'
            "<p>14.03.2026 — библиотечный урок</p>")
    school = snap(SCHOOL_NEWS, page_html("<p>26.11.2026 – Итоги школьной спартакиады</p>"
                                         "<p>Библиотека и ИБЦ поздравляют</p>", title="Новости школы"))
    site = site_of(body, school)
    assert school in site.library_pages and school not in dated_pages(site)
    last = newest(collect_dates(site, rulebook().freshness, AS_OF))
    assert last is not None and last.date == D(2026, 3, 14)


def test_school_pages_at_the_root_do_not_date_a_root_level_library_page() -> None:
    lib = "http://school.test/library.html"
    school = snap(SCHOOL_NEWS, page_html("<p>26.11.2026 – Итоги школьной спартакиады</p>", title="Новости школы"))
    site = CentreSite([snap(lib, page_html(f'<p><a href="{SCHOOL_NEWS}">Новости школы</a></p>'
                                           "<p>Режим работы: 8–16</p>")), school], lib, rulebook())
    dates = collect_dates(site, rulebook().freshness, AS_OF)
    assert newest(dates) is None
    assert no_date_reason(site, dates, rulebook().freshness) == "даты есть только на страницах школы, а не ИБЦ"


def test_library_news_outside_the_path_is_read_for_dates() -> None:
    """WordPress: «События» of the library page lead to /category/biblioteka/."""
    body = f'<p><a href="{LIB_NEWS}">События</a></p><p>Режим работы: 8:00 – 16:00</p>'
    news = snap(LIB_NEWS, page_html(
        '<article><h2><a href="/2026/09/20/urok/">Библиотечный урок</a></h2>'
        '<time datetime="2026-09-20T10:00:00+10:00">20.09.2026</time></article>', title="Библиотека"))
    last = last_of(body, news)
    assert last is not None and last.date == D(2026, 9, 20)  # type: ignore[attr-defined]


# -- the reason for a missing date ----------------------------------------------------


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("<p>Режим работы: 8:00 – 16:00</p>", "на страницах нет дат публикаций"),
        ("<p>Анонс. 13 декабря 2026 г. в ИБЦ состоится встреча.</p>", "даты только в анонсах событий"),
        # an announcement whose day has passed by the audit still dates no update
        ("<p>С 9 по 15 февраля 2026 года в ИБЦ пройдёт акция «Дарите книги с любовью».</p>",
         "даты только в анонсах событий"),
        ("<p>Положение об ИБЦ утверждено приказом от 29.08.2026 № 112</p>",
         "даты только в документах (приказы, положения)"),
        ("<p>Библиотека основана 1 сентября 2006 г.</p>", "только дата основания библиотеки"),
        ("<p>Сертификат: 01DA2B. Действителен с 2026.09.29 по 2027.12.22</p>",
         "даты только в документах (электронные подписи)"),
        ("<p>Анонс: 13 декабря 2026 г. состоится встреча.</p><p>Анонс: 14 декабря 2026 г. конкурс.</p>"
         "<p>Утверждено приказом от 29.08.2026 № 1</p>",
         "на страницах только даты, которые не говорят об обновлении: анонсы событий, даты документов"),
    ],
)
def test_reason_for_a_missing_date(body: str, reason: str) -> None:
    from checks_fixtures import centre_input

    ctx = CheckContext(centre_input(body), rulebook(), AS_OF)
    assert ctx.last_update is None
    assert ctx.no_date_reason == reason


def test_card_and_json_carry_the_reason_and_the_evidence() -> None:
    from checks_fixtures import centre_input

    from checks.score import grade_centre

    without = grade_centre(centre_input("<p>Режим работы: 8:00 – 16:00</p>"), rulebook(), AS_OF)
    assert without.last_updated is None
    assert without.to_dict()["last_updated_reason"] == "на страницах нет дат публикаций"
    fresh = grade_centre(centre_input("<p>Обновлено: 02.09.2026</p>"), rulebook(), AS_OF)
    data = fresh.to_dict()
    assert data["last_updated_reason"] is None
    assert data["last_updated_evidence"] == {"page_url": LIB, "kind": "date_label",
                                             "text": "Обновлено: 02.09.2026", "url": None}


def test_a_bare_today_date_repeated_on_every_page_is_a_widget() -> None:
    """uCoz: the header's date in a table layout the chrome filter does not know."""
    def ucoz(body: str) -> str:
        return ('<html><body><table><tr><td class="top">20.11.2026</td></tr>'
                f'<tr><td class="main"><h1>ИБЦ</h1>{body}</td></tr></table></body></html>')

    other = LIB + "index/pravila/0-5"
    site = CentreSite([snap(LIB, ucoz(f'<p><a href="{other}">Правила</a></p><p>14.03.2026 — урок</p>')),
                       snap(other, ucoz("<p>Правила пользования библиотекой</p>"))], LIB, rulebook())
    last = newest(collect_dates(site, rulebook().freshness, AS_OF))
    assert last is not None and last.date == D(2026, 3, 14)
    # a news item of the fetch day has its title beside it: it stays
    site = CentreSite([snap(LIB, ucoz("<p>20.11.2026 — конкурс чтецов</p>"))], LIB, rulebook())
    last = newest(collect_dates(site, rulebook().freshness, AS_OF))
    assert last is not None and last.date == D(2026, 11, 20)


def test_cards_show_the_date_evidence_and_the_reason() -> None:
    from checks_fixtures import centre_input

    from checks.result import RunInfo
    from checks.score import grade_centre
    from reports.card import render_card_html, render_card_text

    run = RunInfo(id=1, kind="audit", status="done", root_url=None, started_at=dt.datetime(2026, 11, 20, 3),
                  finished_at=None, as_of=AS_OF)
    dated = grade_centre(centre_input("<p>Страница обновлена: 02.09.2026</p>"), rulebook(), AS_OF)
    html = render_card_html(dated, run, standalone=False)
    assert "Страница обновлена: 02.09.2026" in html and "надпись «обновлено»" in html
    assert "«Страница обновлена: 02.09.2026» (надпись «обновлено»)" in render_card_text(dated, run)
    undated = grade_centre(centre_input("<p>Анонс. 13 декабря 2026 г. состоится встреча.</p>"), rulebook(), AS_OF)
    reason = "даты только в анонсах событий"
    assert reason in render_card_html(undated, run, standalone=False)
    assert f"Дату последнего обновления найти не удалось: {reason}." in render_card_text(undated, run)


@pytest.mark.parametrize(
    ("items", "dated"),
    [
        # the library's menu leads to the uCoz news module: library news date the library
        ("<p>28.10.2026 – В библиотеке прошёл конкурс чтецов</p><p>12.10.2026 – Книжная выставка "
         "в читальном зале ИБЦ</p>", True),
        # ... the school's feed about other things does not
        ("<p>28.10.2026 – Итоги спартакиады</p><p>12.10.2026 – Родительское собрание 9-х классов</p>", False),
    ],
)
def test_a_feed_the_library_menu_leads_to_dates_it_when_about_the_library(items: str, dated: bool) -> None:
    news = "http://school.test/news/"
    body = ('<div class="block"><div class="title">Библиотека</div>'
            f'<ul><li><a href="{news}">Новости</a></li></ul></div><p>14.03.2026 — урок</p>')
    feed = snap(news, page_html(items, title="Новости"))
    last = last_of(body, feed)
    assert last is not None and last.date == (D(2026, 10, 28) if dated else D(2026, 3, 14))  # type: ignore[attr-defined]
