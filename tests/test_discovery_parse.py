"""Discovery parsing on saved HTML: listing links, lists under headings, tables, fallbacks."""
from __future__ import annotations

import pytest

from common.config import DiscoveryConfig
from crawler.discovery import (
    ListedCentre,
    find_listing_links,
    merge_centres,
    page_is_listing,
    parse_listing,
    parse_with_selector,
)

ROOT = "http://rribc.test/"
KEYWORDS = DiscoveryConfig().listing_keywords

CHROME = """<header class="site-header"><nav class="main-navigation"><ul class="menu">
<li><a href="/">Главная</a></li><li><a href="/virtualnyj-muzej/">Виртуальный музей</a></li>
<li><a href="/set-ibc/">Сеть ИБЦ</a><ul class="sub-menu">
<li><a href="/set-ibc/internet-predstavitelstva-ibc/">Интернет-представительства ИБЦ</a></li>
<li><a href="/set-ibc/mibc/">МИБЦ</a></li></ul></li></ul></nav></header>"""
FOOTER = """<aside class="widget-area"><h2 class="widget-title">Свежие записи</h2><ul>
<li><a href="/2026/11/12/seminar/">Семинар руководителей ИБЦ</a></li></ul></aside>
<footer class="site-footer"><h4>Мы в соцсетях</h4><a href="https://vk.com/rribc">ВКонтакте</a>
<h4>Полезные ресурсы</h4><ul><li><a href="https://rusneb.ru/">НЭБ</a></li></ul></footer>"""


def page(body: str, title: str = "Интернет-представительства ИБЦ") -> str:
    return (f"<html><head><title>{title}</title></head><body>{CHROME}<main><article>"
            f"<h1>{title}</h1><div class=\"entry-content\">{body}</div></article></main>{FOOTER}</body></html>")


LISTING = page("""
<p>Работа сети ведётся по <a href="/docs/polozhenie.pdf">Положению о сети ИБЦ (PDF)</a>.</p>
<h2>Городские округа</h2>
<h3>г. Хабаровск</h3>
<ul><li><a href="http://lyceum.test/biblioteka/">МАОУ «Лицей» г. Хабаровска</a></li>
<li><a href="http://lyceum.test/biblioteka">МАОУ «Лицей» (ИБЦ)</a></li>
<li><a href="http//school12.test/biblioteka">МБОУ СОШ № 12</a></li></ul>
<h2>Муниципальные районы и округа</h2>
<h3>Амурский муниципальный район</h3>
<ul><li>МБОУ СОШ № 5 г. Амурска — <a href="http://amursk5.test/biblioteka">сайт</a></li>
<li><a href="https://vk.com/ibc_osipenko">МБОУ СОШ с. им. Полины Осипенко</a></li></ul>
<h3>Бикинский муниципальный район</h3>
<ul><li><a href="HTTPS://Bikin.test:443/index.php?option=com_content&amp;id=12">МБОУ «Гимназия № 1» г. Бикина</a></li></ul>
<p><a href="/set-ibc/">« Назад</a></p>
""")

TABLE = page("""<p>МИБЦ координируют работу ИБЦ района.</p>
<table><thead><tr><th>Муниципальное образование</th><th>Наименование</th><th>Ссылка</th></tr></thead>
<tbody><tr><td>Хабаровский муниципальный район</td><td>МИБЦ (МБОУ СОШ с. Мирное)</td>
<td><a href="http://mirnoe.test/page/biblioteka">http://mirnoe.test/page/biblioteka</a></td></tr>
<tr><td rowspan="2">Комсомольский муниципальный район</td><td>МИБЦ (МБОУ СОШ п. Молодёжный)</td>
<td><a href="http://molod.test/biblioteka/">сайт</a></td></tr>
<tr><td>МБОУ СОШ п. Новый Мир</td><td>нет страницы</td></tr>
<tr><td colspan="3">г. Комсомольск-на-Амуре</td></tr></tbody></table>""", "МИБЦ")


def test_listing_links_found_by_text() -> None:
    root = page('<p><a href="/set-ibc/">Сеть ИБЦ Хабаровского края</a></p><p><a href="/news/">Новости</a></p>', "Главная")
    links = [url for url, _ in find_listing_links(root, ROOT, KEYWORDS)]
    assert links == ["http://rribc.test/set-ibc/", "http://rribc.test/set-ibc/internet-predstavitelstva-ibc/",
                     "http://rribc.test/set-ibc/mibc/"]


def test_listing_links_stay_on_the_regional_site() -> None:
    html = '<a href="http://other.test/ibc/">Интернет-представительства ИБЦ</a><a href="/mibc.pdf">МИБЦ</a>'
    assert find_listing_links(html, ROOT, KEYWORDS) == []


def test_page_is_listing_by_heading() -> None:
    assert page_is_listing(LISTING, KEYWORDS)
    assert not page_is_listing(page("", "Виртуальный музей"), ["интернет-представительства"])


def test_centres_under_municipality_headings() -> None:
    result = parse_listing(LISTING, "http://rribc.test/set-ibc/internet-predstavitelstva-ibc/", ROOT)
    got = [(c.name, c.municipality, c.url) for c in result.centres]
    assert got == [
        ("МАОУ «Лицей» г. Хабаровска", "г. Хабаровск", "http://lyceum.test/biblioteka/"),
        ("МАОУ «Лицей» (ИБЦ)", "г. Хабаровск", "http://lyceum.test/biblioteka"),
        ("МБОУ СОШ № 5 г. Амурска", "Амурский муниципальный район", "http://amursk5.test/biblioteka"),
        ("МБОУ СОШ с. им. Полины Осипенко", "Амурский муниципальный район", "https://vk.com/ibc_osipenko"),
        ("МБОУ «Гимназия № 1» г. Бикина", "Бикинский муниципальный район",
         "https://Bikin.test:443/index.php?option=com_content&id=12"),
    ]
    assert all(c.listed_on.endswith("/internet-predstavitelstva-ibc/") for c in result.centres)


def test_malformed_href_is_reported_not_taken() -> None:
    result = parse_listing(LISTING, ROOT + "set-ibc/internet-predstavitelstva-ibc/", ROOT)
    assert result.malformed == [{
        "href": "http//school12.test/biblioteka", "text": "МБОУ СОШ № 12", "municipality": "г. Хабаровск",
        "listed_on": ROOT + "set-ibc/internet-predstavitelstva-ibc/", "reason": "неверный адрес"}]


def test_non_centre_links_are_left_out_with_a_reason() -> None:
    result = parse_listing(LISTING, ROOT + "set-ibc/internet-predstavitelstva-ibc/", ROOT)
    reasons = {d["url"]: d["reason"] for d in result.left_out}
    assert reasons["http://rribc.test/virtualnyj-muzej/"] == "chrome"
    assert reasons["https://vk.com/rribc"] == "chrome"
    assert reasons["https://rusneb.ru/"] == "chrome"
    assert reasons["http://rribc.test/2026/11/12/seminar/"] == "chrome"
    assert reasons["http://rribc.test/docs/polozhenie.pdf"] == "not_under_municipality"
    assert reasons["http://rribc.test/set-ibc/"] in ("chrome", "regional_site")
    taken = {c.url for c in result.centres}
    assert not taken & set(reasons)


def test_table_with_header_rowspan_and_section_rows() -> None:
    result = parse_listing(TABLE, ROOT + "set-ibc/mibc/", ROOT)
    got = [(c.name, c.municipality, c.url) for c in result.centres]
    assert got == [
        ("МИБЦ (МБОУ СОШ с. Мирное)", "Хабаровский муниципальный район", "http://mirnoe.test/page/biblioteka"),
        ("МИБЦ (МБОУ СОШ п. Молодёжный)", "Комсомольский муниципальный район", "http://molod.test/biblioteka/"),
    ]
    assert result.malformed[0]["text"] == "МБОУ СОШ п. Новый Мир"
    assert result.malformed[0]["reason"] == "нет адреса"


def test_table_without_header() -> None:
    html = page("<table><tr><td>1.</td><td>МБОУ СОШ № 7</td><td><a href='http://s7.test/'>http://s7.test/</a></td></tr>"
                "<tr><td>2.</td><td>МБОУ СОШ № 8</td><td><a href='http://s8.test/lib/'>страница</a></td></tr></table>")
    result = parse_listing(html, ROOT + "list/", ROOT)
    assert [(c.name, c.url) for c in result.centres] == [("МБОУ СОШ № 7", "http://s7.test/"),
                                                         ("МБОУ СОШ № 8", "http://s8.test/lib/")]


def test_plain_list_without_headings() -> None:
    html = page("<ul><li><a href='http://a.test/'>ИБЦ школы № 1</a></li><li><a href='https://www.prlib.ru/'>"
                "Президентская библиотека</a></li><li><a href='mailto:x@y.ru'>Написать</a></li></ul>")
    result = parse_listing(html, ROOT + "list/", ROOT)
    assert [c.url for c in result.centres] == ["http://a.test/"]
    assert {d["reason"] for d in result.left_out if d["url"] in ("https://www.prlib.ru/", "mailto:x@y.ru")} == {
        "resource", "not_http"}


def test_a_listing_with_no_centres() -> None:
    result = parse_listing(page("<p>Список обновляется.</p>"), ROOT + "list/", ROOT)
    assert result.centres == [] and result.malformed == []


def test_selector_fallback() -> None:
    html = ("<html><body><div class='weird'><b>Нанайский муниципальный район</b><h4>Нанайский муниципальный район</h4>"
            "<span class='school'><a href='http://troitskoe.test/biblioteka.html'>МБОУ СОШ с. Троицкое</a></span>"
            "<span class='school'><a href='http://[broken'>Сломанная</a></span></div>"
            "<div class='menu'><a href='http://menu.test/'>Меню</a></div></body></html>")
    result = parse_with_selector(html, ROOT + "reestr/", ROOT, "span.school")
    assert [(c.name, c.municipality, c.url) for c in result.centres] == [
        ("МБОУ СОШ с. Троицкое", "Нанайский муниципальный район", "http://troitskoe.test/biblioteka.html")]
    assert result.malformed[0]["href"] == "http://[broken"
    with pytest.raises(ValueError, match="CSS"):
        parse_with_selector(html, ROOT, ROOT, "span[")


def test_merge_duplicates_by_key() -> None:
    entries = [
        ListedCentre("Лицей", None, "http://lyceum.test/biblioteka/", ROOT + "a/"),
        ListedCentre("Лицей (ИБЦ)", "г. Хабаровск", "https://LYCEUM.test/biblioteka", ROOT + "a/"),
        ListedCentre("Лицей", "г. Хабаровск", "http://lyceum.test/biblioteka/index.php", ROOT + "b/"),
        ListedCentre("Школа", "г. Хабаровск", "http://school.test/", ROOT + "b/"),
    ]
    merged, duplicates = merge_centres(entries)
    assert [(c.url, c.municipality, c.aliases) for c in merged] == [
        ("http://lyceum.test/biblioteka/", "г. Хабаровск",
         ["https://LYCEUM.test/biblioteka", "http://lyceum.test/biblioteka/index.php"]),
        ("http://school.test/", "г. Хабаровск", []),
    ]
    assert [d["merged"] for d in duplicates] == ["https://LYCEUM.test/biblioteka",
                                                 "http://lyceum.test/biblioteka/index.php"]


def test_several_centres_in_one_paragraph() -> None:
    html = page("<p><strong>Ульчский муниципальный район</strong><br>"
                "МБОУ СОШ с. Богородское — <a href='http://bog.test/lib/'>http://bog.test/lib/</a><br>"
                "<a href='http://bulava.test/'>МБОУ СОШ с. Булава</a></p>"
                "<p><b>Солнечный муниципальный район</b><br><a href='http://sol.test/'>МБОУ СОШ № 1</a><br>"
                "<a href='https://vk.com/sol2'>МБОУ СОШ № 2</a></p>")
    result = parse_listing(html, ROOT + "list/", ROOT)
    assert [(c.name, c.municipality, c.url) for c in result.centres] == [
        ("МБОУ СОШ с. Богородское", "Ульчский муниципальный район", "http://bog.test/lib/"),
        ("МБОУ СОШ с. Булава", "Ульчский муниципальный район", "http://bulava.test/"),
        ("МБОУ СОШ № 1", "Солнечный муниципальный район", "http://sol.test/"),
        ("МБОУ СОШ № 2", "Солнечный муниципальный район", "https://vk.com/sol2"),
    ]


def test_municipality_and_one_centre_in_one_paragraph() -> None:
    html = page("<p><strong>Бикинский муниципальный район</strong><br><a href='http://b.test/'>МБОУ СОШ № 1</a></p>")
    result = parse_listing(html, ROOT + "list/", ROOT)
    assert [(c.name, c.municipality) for c in result.centres] == [("МБОУ СОШ № 1", "Бикинский муниципальный район")]


# -- a listing row is a centre only if it looks like one ------------------------------

LISTS_THEN_RESOURCES = """<h3>Бикинский муниципальный район</h3>
<ul><li><a href="http://bikin1.test/biblioteka/">МБОУ «Гимназия № 1» г. Бикина</a></li>
<li><a href="http://bikin2.test/ibc/">http://bikin2.test/ibc/</a></li></ul>
<h3>Вяземский муниципальный район</h3>
<ul><li><a href="http://vyazemsky.test/lib/">МБОУ СОШ № 2 г. Вяземского – страница ИБЦ</a></li></ul>
{tail}"""


@pytest.mark.parametrize(
    ("tail", "reason"),
    [
        # a sentence of links to national resources (hosted anywhere) after the last list
        ('<p>Полезные ресурсы: <a href="http://10.0.0.1/">НЭБ</a>, <a href="http://10.0.0.2/school/">'
         'ЛитРес: Школа</a>, <a href="http://10.0.0.3/">Президентская библиотека</a></p>', "see_also"),
        ('<p>См. также: <a href="http://kdb.test/">Краевая детская библиотека</a></p>', "see_also"),
        ('<p>Смотрите также <a href="http://kdb.test/">сайт краевой детской библиотеки</a></p>', None),
        # a resource named by its name, even on an unknown host
        ('<ul><li><a href="http://10.0.0.1/">НЭБ</a></li></ul>', "resource"),
        ('<ul><li><a href="http://10.0.0.2/">ЛитРес: Школа</a></li></ul>', "resource"),
        ('<p><a href="http://10.0.0.3/">Президентская библиотека имени Б. Н. Ельцина</a></p>', "resource"),
        # three sites in one line: a sentence of links, not a centre
        ('<p>Партнёры сети: <a href="http://a.test/">ДВГНБ</a>, <a href="http://b.test/">Книжная радуга</a>, '
         '<a href="http://c.test/">Краевая детская</a></p>', "link_sentence"),
        # a row that names no school, no centre, no organisation
        ('<ul><li><a href="http://konkurs.test/">Конкурс «Живая классика»</a></li></ul>', "not_a_centre"),
    ],
)
def test_rows_that_are_not_centres(tail: str, reason: str | None) -> None:
    html = page(LISTS_THEN_RESOURCES.format(tail=tail))
    result = parse_listing(html, ROOT + "list/", ROOT)
    assert [c.url for c in result.centres] == ["http://bikin1.test/biblioteka/", "http://bikin2.test/ibc/",
                                               "http://vyazemsky.test/lib/"]
    if reason:
        assert reason in {d["reason"] for d in result.left_out}


@pytest.mark.parametrize(
    "row",
    [
        '<li><a href="http://s.test/">МКОУ ООШ № 2 г. Николаевска-на-Амуре</a></li>',
        '<li><a href="http://s.test/">Информационно-библиотечный центр МАОУ «Лицей № 3»</a></li>',
        '<li>Школа-интернат с. Джонка — <a href="http://s.test/">сайт</a></li>',
        '<li><a href="http://s.test/ibc/">http://s.test/ibc/</a></li>',
        '<li><a href="http://s.test/">Гимназия № 5</a>, <a href="https://vk.com/ibc5">ВКонтакте</a></li>',
        '<li><a href="http://s.test/">Библиотека МБОУ СОШ п. Ванино (НЭБ-читальный зал)</a></li>',
    ],
)
def test_rows_that_are_centres(row: str) -> None:
    html = page(f"<h3>Ванинский муниципальный район</h3><ul>{row}</ul>")
    result = parse_listing(html, ROOT + "list/", ROOT)
    assert len(result.centres) == 1, result.left_out


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Библиотека (ИБЦ)", True), ("ИБЦ – библиотека", True), ("Информационно-библиотечный центр – ИБЦ", True),
     ("Библиотека", True), ("Электронная библиотека ЛитРес", False), ("Новости (ИБЦ)", False),
     ("Библиотека (ЛитРес)", False)],
)
def test_library_link_text_on_a_school_home_page(text: str, expected: bool) -> None:
    from crawler.centre import names_library

    assert names_library(text) is expected
