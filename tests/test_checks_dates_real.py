"""Dates in the forms real library pages print them (issue 15, point 5): two-digit years in
a dated paragraph, update stamps in a page's footer, library posts in the school's news
module, and dates without a year (still unread)."""
from __future__ import annotations

import datetime as dt

import pytest
from checks_fixtures import AS_OF, LIB, page_html, rulebook, site_of, snap

from checks.base import CentreInput
from checks.dates import find_dates
from checks.freshness import collect_dates, newest
from checks.score import grade_centre
from checks.site import CentreSite

D = dt.date
FETCH = D(2026, 11, 20)  # checks_fixtures.FETCHED
SITE_STAMP_REASON = "дата обновления одна на всех страницах сайта школы: это дата сайта, а не библиотеки"


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



# -- 2. an update stamp anywhere on the library's page; the site's stamp is not the library's


HOME = "http://school.test/"
ABOUT = "http://school.test/svedeniya/"


def school_page(content: str, footer: str = "", title: str = "Библиотека") -> str:
    """A school-site page with a footer of its own."""
    return (f'<html><head><title>{title}</title></head><body><header><nav class="menu"><a href="/">Главная</a>'
            f'</nav></header><main><h1>{title}</h1>{content}</main>'
            f'<footer class="footer"><p>© 2014–2026 МБОУ СОШ № 1</p>{footer}</footer></body></html>')


def stamped_site(lib_footer: str, other_footer: str) -> CentreSite:
    lib = snap(LIB, school_page("<p>Режим работы: 8:00 – 16:00</p><p>Добавлено: 14.03.2026</p>", lib_footer))
    others = [snap(HOME, school_page("<p>Добро пожаловать!</p>", other_footer, "МБОУ СОШ № 1")),
              snap(ABOUT, school_page("<p>Основные сведения</p>", other_footer, "Сведения"))]
    return CentreSite([lib, *others], LIB, rulebook(), home_url=HOME)


@pytest.mark.parametrize(
    ("footer", "expected"),
    [
        ("<p>Последнее обновление: 24.09.2026</p>", D(2026, 9, 24)),
        ("<p>Дата изменения: 12.10.2026</p>", D(2026, 10, 12)),
        ("<div class='updated'>Обновлено 2 ноября 2026 г.</div>", D(2026, 11, 2)),
    ],
)
def test_an_update_stamp_in_the_library_pages_footer_dates_it(footer: str, expected: dt.date) -> None:
    """The school's other pages carry no stamp, or another one: this stamp is the page's."""
    for other in ("", "<p>Последнее обновление: 01.02.2026</p>"):
        last = newest(collect_dates(stamped_site(footer, other), rulebook().freshness, AS_OF))
        assert last is not None and (last.date, last.kind) == (expected, "label"), other


def test_a_stamp_on_every_page_of_the_school_site_is_the_sites() -> None:
    stamp = "<p>Последнее обновление: 19.11.2026</p>"
    site = stamped_site(stamp, stamp)
    dates = collect_dates(site, rulebook().freshness, AS_OF)
    last = newest(dates)
    assert last is not None and last.date == D(2026, 3, 14)  # the library's own post
    assert any(d.rejected == "site_stamp" and d.date == D(2026, 11, 19) for d in dates)


def test_the_reason_says_the_only_stamp_is_the_sites() -> None:
    stamp = "<p>Дата изменения: 19.11.2026</p>"
    pages = [snap(LIB, school_page("<p>Режим работы: 8:00 – 16:00</p>", stamp)),
             snap(HOME, school_page("<p>Добро пожаловать!</p>", stamp, "МБОУ СОШ № 1"))]
    centre = CentreInput(centre_id=1, name="МБОУ СОШ № 1", municipality="Бикинский муниципальный район",
                         listed_url=LIB, final_url=LIB, status="ok", snapshots=pages, home_url=HOME)
    result = grade_centre(centre, rulebook(), AS_OF)
    assert result.last_updated is None
    assert result.to_dict()["last_updated_reason"] == SITE_STAMP_REASON


# -- 3. posts about the library in the school's news module -----------------------------


SCHOOL_FEED = "http://school.test/news/"
LIB_BODY = f'<p><a href="{SCHOOL_FEED}">Новости школы</a></p><p>Режим работы: 8:00 – 16:00</p><p>14.03.2026 — урок</p>'


def feed_last(items: str, title: str = "Новости школы") -> object:
    return last_of(LIB_BODY, snap(SCHOOL_FEED, page_html(items, title=title)))


def ucoz_item(slug: str, day: str, title: str, teaser: str) -> str:
    return (f'<div class="eTitle"><a href="/news/{slug}/{day}-3">{title}</a></div>'
            f'<div class="eMessage">{teaser}</div><div class="eDetails">Добавлено ({day[8:]}.{day[5:7]}.{day[:4]},'
            ' 14:22) | Просмотров: 12</div>')


def test_a_library_post_in_the_schools_ucoz_news_module_dates_the_library() -> None:
    items = (ucoz_item("itogi_sportivnogo_dnja", "2026-11-10", "Итоги спартакиады", "Поздравляем победителей!")
             + ucoz_item("konkurs_chtecov", "2026-10-28", "Конкурс чтецов", "Ученики читали стихи о маме.")
             + ucoz_item("sobranie", "2026-10-20", "Родительское собрание", "Собрание 9-х классов."))
    last = feed_last(items)
    assert last is not None and last.date == D(2026, 10, 28)  # type: ignore[attr-defined]


def test_a_teaser_about_the_library_is_enough() -> None:
    items = (ucoz_item("itogi", "2026-11-10", "Итоги спартакиады", "Поздравляем победителей!")
             + ucoz_item("den_materi", "2026-10-28", "День матери",
                         "В школьной библиотеке оформлена выставка рисунков."))
    last = feed_last(items)
    assert last is not None and last.date == D(2026, 10, 28)  # type: ignore[attr-defined]


def test_a_gosweb_news_list_dates_the_library_by_its_library_items() -> None:
    def item(day: str, slug: str, title: str) -> str:
        return (f'<div class="object-item"><div class="item-head">{day}</div>'
                f'<a class="item-title" href="/novosti/{slug}">{title}</a></div>')

    items = (item("16 ноября 2026", "vybory-2", "Выборы в совет старшеклассников")
             + item("9 ноября 2026", "nedelya-3", "Неделя детской книги в ИБЦ")
             + item("2 ноября 2026", "ekskursiya-4", "Экскурсия в музей"))
    last = feed_last(items, title="Новости")
    assert last is not None and last.date == D(2026, 11, 9)  # type: ignore[attr-defined]


def test_school_posts_about_other_things_do_not_date_the_library() -> None:
    items = (ucoz_item("itogi", "2026-11-10", "Итоги спартакиады", "Поздравляем победителей!")
             + ucoz_item("sobranie", "2026-10-20", "Родительское собрание", "Собрание 9-х классов."))
    last = feed_last(items)
    assert last is not None and last.date == D(2026, 3, 14)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("link", "address", "expected"),
    [
        ("/news/0-0-0-15", "/news/urok_chtenija/2026-04-16-1", D(2026, 4, 16)),  # uCoz news
        ("/blog/0-255", "/blog/vstrecha/2026-09-11-255", D(2026, 9, 11)),  # uCoz blog
        ("/?p=123", "/2026/03/12/urok-chteniya/", D(2026, 3, 12)),  # WordPress
        ("/news/?id=5", "/news/2026-03-12", D(2026, 3, 12)),
    ],
)
def test_a_single_post_about_the_library_is_dated_by_its_address(link: str, address: str,
                                                                 expected: dt.date) -> None:
    """The library page links the post by a short address that redirects to its dated one."""
    body = f'<p><a href="{link}">Урок внеклассного чтения</a></p><p>Режим работы: 8:00 – 16:00</p>'
    post = snap("http://school.test" + link, page_html(
        "<p>Ребята пришли в читальный зал и узнали о старых книгах.</p>", title="Урок внеклассного чтения"),
        final_url="http://school.test" + address)
    last = last_of(body, post)
    assert last is not None and last.date == expected  # type: ignore[attr-defined]


def test_a_single_post_is_dated_from_its_text() -> None:
    address = "http://school.test/novosti/vstrecha-s-pisatelem-7"
    body = f'<p><a href="{address}">Встреча</a></p><p>Режим работы: 8:00 – 16:00</p>'
    post = snap(address, page_html("<p>18.09.26. В библиотеке прошла встреча с писателем.</p>",
                                   title="Встреча с писателем"))
    last = last_of(body, post)
    assert last is not None and last.date == D(2026, 9, 18)  # type: ignore[attr-defined]


def test_a_single_school_post_about_other_things_does_not_date_the_library() -> None:
    address = "http://school.test/novosti/sportivnyj-prazdnik-2"
    body = f'<p><a href="{address}">Спортивный праздник</a></p><p>Режим работы: 8:00 – 16:00</p>'
    post = snap(address, page_html("<p>30.10.2026 команды соревновались в эстафете.</p>",
                                   title="Спортивный праздник"))
    assert last_of(body, post) is None


def test_a_school_feed_at_a_post_like_address_is_read_item_by_item() -> None:
    """«/news/index.php» is the school's list, not one post about the library."""
    feed = "http://school.test/news/index.php"
    items = (ucoz_item("itogi", "2026-11-10", "Итоги спартакиады", "Поздравляем победителей!")
             + ucoz_item("urok", "2026-10-28", "Урок в библиотеке", "Ребята узнали о книгах.")
             + ucoz_item("sobranie", "2026-10-20", "Родительское собрание", "Собрание 9-х классов."))
    body = f'<p><a href="{feed}">Новости школы</a></p><p>14.03.2026 — урок</p>'
    last = last_of(body, snap(feed, page_html(items, title="Новости школы")))
    assert last is not None and last.date == D(2026, 10, 28)  # type: ignore[attr-defined]


def test_an_edit_stamp_after_an_abbreviation_dates_the_post() -> None:
    from ibcmon.sample import realset

    text = ("Неделя детской книги в библиотеке\n24.10.2023 17:26 (ред.14.11.2023 17:31)\n"
            "В библиотеке прошла неделя детской книги для учеников начальных классов.")
    page = realset.RealPage("x", "http://school.test/news/nedelya", "post", "other", frozenset(), None, text)
    result = realset.grade_page(page, rulebook())
    assert result.last_updated == D(2023, 11, 14)
    assert result.last_updated_evidence is not None and result.last_updated_evidence.kind == "date_label"


def test_a_documents_approval_date_with_its_minutes_number_is_no_update() -> None:
    body = ("<h2>Положение о школьной библиотеке</h2><p>ПРИНЯТО</p><p>на педагогическом совете</p>"
            "<p>30.08.2013г., протокол № 1</p><p>Библиотека обслуживает учащихся и педагогов школы.</p>")
    assert last_of(body) is None


@pytest.mark.parametrize(
    "act",
    [
        "по методическим рекомендациям МР 3.1/2.1.0195-20 (19.06.2020) о профилактике COVID-19",
        "по СанПиН 2.4.3648-20 от 28.09.2020 года",
        "по закону 273-ФЗ от 29.12.2012",
        "по закону «О персональных данных» № 152-ФЗ, 27.07.2006",
        "по Гражданскому кодексу (№ 51-ФЗ от 30.11.1994, в ред. от 06.12.2011)",
    ],
)
def test_a_normative_acts_date_after_its_code_is_no_update(act: str) -> None:
    """A normative act is dated by its code alone, without «№» or «приказ» before it."""
    assert last_of(f"<p>Библиотека работает {act}.</p>") is None


@pytest.mark.parametrize("line", ["Урок в 10-А классе (12.03.2024)", "Урок в 5.1 классе (12.03.2024)"])
def test_a_class_before_a_date_is_no_code(line: str) -> None:
    found = last_of(f"<p>{line}: ребята узнали, как устроена книга.</p>")
    assert getattr(found, "date", None) == D(2024, 3, 12)


@pytest.mark.parametrize(("text", "expected"), [
    # only what will be: the date is the event's, not the post's
    ("<p>10 декабря 2025 в библиотеке прошёл урок.</p><p>Занятия после каникул начнутся 12 января 2026 года.</p>",
     D(2025, 12, 10)),
    ("<p>10 декабря 2025 в библиотеке прошёл урок.</p><p>Одна ученица примет участие 12 марта 2026 года.</p>",
     D(2025, 12, 10)),
    # what was, then what will be, in one sentence: the sentence reports
    ("<p>Урок прошёл 10 декабря 2025 года, и ребята придут снова.</p>", D(2025, 12, 10)),
])
def test_a_date_in_a_sentence_only_of_the_future_is_no_update(text: str, expected: dt.date) -> None:
    found = last_of(text)
    assert getattr(found, "date", None) == expected


@pytest.mark.parametrize("title", ["Свежие записи", "Похожие материалы"])
def test_a_platforms_widget_of_other_posts_does_not_date_the_post(title: str) -> None:
    body = (f"<p>10 декабря 2025</p><p>В библиотеке прошёл урок для третьих классов.</p>"
            f"<p>{title}</p><p>20.12.2025 Новогодний концерт</p>")
    assert getattr(last_of(body), "date", None) == D(2025, 12, 10)


def test_a_blogspot_post_named_by_a_number_is_not_dated_by_it() -> None:
    """/2024/04/22.html is April 2024, post «22»: not 22 April."""
    from checks.dates import dates_in_url

    assert dates_in_url("https://ibc.blogspot.com/2024/04/22.html") == []
    # a second post of the same name gets a number: «25 октября …» twice is 25_25.html
    assert dates_in_url("https://ibc.blogspot.com/2010/10/25_25.html?m=1") == []
    assert dates_in_url("https://school.test/2024/04/22/vystavka/") == [D(2024, 4, 22)]
    assert dates_in_url("https://school.test/news/2024-04-22.html") == [D(2024, 4, 22)]



# -- a post's block of other posts ----------------------------------------------------


def test_other_posts_listed_under_a_post_do_not_date_it() -> None:
    """«Другие новости» under a post lists other posts with their dates: the post keeps its own."""
    body = ("<p>31 октября 2026</p><p>Весь октябрь в библиотеке шёл месячник школьных библиотек.</p>"
            "<h3>Другие новости</h3><p>Итоги школьного этапа олимпиады по математике</p><p>7 ноября 2026</p>")
    found = last_of(body)
    assert found is not None and found.date == D(2026, 10, 31), found  # type: ignore[attr-defined]
    # without that title, the later date is the newest date of the page
    found = last_of(body.replace("<h3>Другие новости</h3>", ""))
    assert found is not None and found.date == D(2026, 11, 7), found  # type: ignore[attr-defined]


def test_the_schools_news_column_set_as_text_does_not_date_the_library() -> None:
    """A site laid out without a sidebar's markup shows the school's news column as lines
    under «Новости школы»: dated items that never speak of the library are the school's.
    A news block whose items are the library's own dates it."""
    library = ("<h2>Режим работы</h2><p>Понедельник – пятница с 9.00 до 16.00.</p>"
               "<p>Фонд библиотеки насчитывает 12 540 экземпляров.</p>")
    column = ("<h3>Новости школы</h3><p>14.10.2024 Осенний кросс</p><p>Выпускной вечер (05.06.2024)</p>"
              "<p>20.11.2024 Итоги муниципального этапа олимпиады школьников</p><p>Все новости</p>")
    assert last_of(library + column) is None
    own = column.replace("Осенний кросс", "Библиотечный урок «Как построена книга»")
    found = last_of(library + own)
    assert found is not None and found.date == D(2024, 11, 20), found  # type: ignore[attr-defined]
    # a bare «Новости» is the school's widget only when «Все новости» closes it
    widget = column.replace("Новости школы", "Новости")
    assert last_of(library + widget) is None
    found = last_of(library + widget.replace("<p>Все новости</p>", ""))
    assert found is not None and found.date == D(2024, 11, 20), found  # type: ignore[attr-defined]


def test_the_schools_news_column_shows_no_library_news() -> None:
    """The same column's title is no news section of the library; the library's own column is."""
    from checks.sections import section_verdicts

    column = ("<h3>Последние новости</h3><p>14.10.2024 Осенний кросс</p><p>05.06.2024 Выпускной вечер</p>"
              "<p>20.11.2024 Итоги муниципального этапа олимпиады школьников</p>")
    library = "<p>Фонд библиотеки насчитывает 12 540 экземпляров.</p>"
    assert not section_verdicts(site_of(library + column))["news"].present
    own = column.replace("Осенний кросс", "В библиотеке прошёл урок «Как построена книга»")
    assert section_verdicts(site_of(library + own))["news"].present


@pytest.mark.parametrize(("text", "expected"), [
    ("Tuesday, March 12, 2024", D(2024, 3, 12)),  # Blogspot in an English interface
    ("March 12, 2024", D(2024, 3, 12)),
    ("12 March 2024", D(2024, 3, 12)),
    ("Posted on Oct 3, 2025", D(2025, 10, 3)),
])
def test_a_blog_in_an_english_interface_prints_english_dates(text: str, expected: dt.date) -> None:
    from checks.page import PageView

    assert [f.date for f in find_dates(text, FETCH)] == [expected]
    assert PageView.is_date_line("Tuesday, March 12, 2024")
