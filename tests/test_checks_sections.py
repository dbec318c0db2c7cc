"""Completeness: synonyms of every section, empty sections, evidence, false positives."""
from __future__ import annotations

import pytest
from checks_fixtures import LIB, doc, page_html, rulebook, site_of, snap

from checks.rulebook import SECTION_IDS
from checks.sections import section_texts, section_verdicts
from checks.site import LinkVerdict
from checks.text import PhraseSet, normalise, stem

FILLING = "<p>Здесь размещены сведения для учащихся, родителей и педагогов школы.</p>"
CONTACT_FILLING = "<p>Иванова Мария Петровна, тел. 8 (42155) 2-18-40</p>"

# (heading as written on real pages, section)
SYNONYMS = [
    ("Контакты", "contacts"), ("Контактная информация", "contacts"), ("Наши контакты", "contacts"),
    ("Заведующий библиотекой", "contacts"), ("Руководитель МИБЦ", "contacts"),
    ("Режим работы", "work_hours"), ("График работы библиотеки", "work_hours"),
    ("Время работы", "work_hours"), ("Часы работы ИБЦ", "work_hours"),
    ("О библиотеке", "about"), ("Об ИБЦ", "about"), ("Паспорт ИБЦ", "about"),
    ("Паспорт библиотеки", "about"), ("Основные сведения", "about"), ("Цели и задачи", "about"),
    ("Паспорт МИБЦ", "about"), ("Миссия библиотеки", "about"),
    ("Нормативные документы", "regulations"), ("Документы", "regulations"), ("Локальные акты", "regulations"),
    ("Положение о библиотеке", "regulations"), ("Положение об ИБЦ", "regulations"),
    ("Положение о школьном ИБЦ", "regulations"), ("Положение о школьной библиотеке", "regulations"),
    ("Положение об информационно-библиотечном центре", "regulations"),
    ("Правила пользования библиотекой", "regulations"),
    ("Порядок доступа педагогических работников к ресурсам", "regulations"),
    ("Права и обязанности читателей", "regulations"), ("Читатель обязан", "regulations"),
    ("Права читателей", "regulations"),
    ("План работы", "work_plan"), ("План работы библиотеки на 2026–2027 учебный год", "work_plan"),
    ("План работы ИБЦ", "work_plan"), ("Анализ работы за 2025–2026 учебный год", "work_plan"),
    ("Программа развития", "work_plan"),
    ("Новости", "news"), ("Новости библиотеки", "news"), ("События", "news"), ("Мероприятия", "news"),
    ("Анонсы", "news"), ("Библиотечные уроки", "news"), ("Новости и мероприятия", "news"),
    ("Электронные ресурсы", "e_resources"), ("Электронные образовательные ресурсы", "e_resources"),
    ("ЭОР", "e_resources"), ("Цифровая библиотека", "e_resources"), ("Электронная библиотека", "e_resources"),
    ("ЛитРес: Школа", "e_resources"), ("НЭБ Свет", "e_resources"),
    ("Президентская библиотека", "e_resources"),
    ("Электронный каталог", "catalog"), ("Каталог", "catalog"), ("Поиск книг", "catalog"),
    ("Новые поступления", "new_arrivals"), ("Новинки", "new_arrivals"), ("Новинки фонда", "new_arrivals"),
    ("Книжные выставки", "exhibitions"), ("Виртуальные выставки", "exhibitions"),
    ("Виртуальная выставка", "exhibitions"),
    ("Методическая копилка", "methodical"), ("В помощь педагогу", "methodical"),
    ("Методические материалы", "methodical"),
    ("Проекты", "projects"), ("Литературная карта Хабаровского края", "projects"),
    ("Читающая мама – читающая школа – читающая страна", "projects"),
    ("Обратная связь", "feedback"), ("Задать вопрос библиотекарю", "feedback"),
    ("Информационная безопасность", "safe_internet"), ("Безопасный интернет", "safe_internet"),
    ("Федеральный список экстремистских материалов", "safe_internet"),
    ("Обеспеченность учебниками", "textbooks"), ("Обеспечение учебниками", "textbooks"),
    ("Перечень учебников", "textbooks"), ("Списки учебников", "textbooks"), ("Учебный фонд", "textbooks"),
    ("Мы ВКонтакте", "social"), ("Мы в социальных сетях", "social"),
]


def test_every_section_has_synonyms_in_the_table() -> None:
    assert {sid for _text, sid in SYNONYMS} == set(SECTION_IDS)


@pytest.mark.parametrize(("heading", "section"), SYNONYMS)
def test_section_synonyms_as_headings(heading: str, section: str) -> None:
    filling = CONTACT_FILLING if section == "contacts" else FILLING
    verdicts = section_verdicts(site_of(f"<h2>{heading}</h2>{filling}"))
    assert verdicts[section].present, heading
    assert verdicts[section].evidence[0].kind == "heading"
    assert verdicts[section].evidence[0].text == heading


@pytest.mark.parametrize(
    ("text", "not_section"),
    [
        ("Библиотека", "about"),  # the page's own name is not "О библиотеке"
        ("Положение об ИБЦ", "about"),
        ("Национальная электронная библиотека", "about"),
        ("План мероприятий", "news"),
        ("Урок цифровой грамотности «Безопасность в сети»", "safe_internet"),
        ("Задать вопрос библиотекарю", "contacts"),
        ("План работы на учебный год", "textbooks"),
        ("Планирование", "work_plan"),
    ],
)
def test_names_that_are_not_the_section(text: str, not_section: str) -> None:
    verdicts = section_verdicts(site_of(f"<h2>{text}</h2>{FILLING}"))
    assert not verdicts[not_section].present


@pytest.mark.parametrize(
    ("word", "expected"),
    [("Ёлка", "елка"), ("Положение о «Библиотеке»!", "положение о библиотеке"), ("ИБЦ-2026", "ибц 2026")],
)
def test_normalise(word: str, expected: str) -> None:
    assert normalise(word) == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [("библиотека", "библиотеке"), ("новости", "новость"), ("учебниками", "учебников"),
     ("электронные", "электронная"), ("поступления", "поступление")],
)
def test_stems(a: str, b: str) -> None:
    assert stem(a) == stem(b)


def test_phrase_gap_and_strict_phrases() -> None:
    names = PhraseSet(["положение об ибц"])
    assert names.match("Положение о школьном ИБЦ")
    assert not names.match("Положение о порядке приёма в школу и об ИБЦ района")
    about = PhraseSet(["о библиотеке"])
    assert about.match("О библиотеке")
    assert not about.match("Положение о библиотеке")


# -- empty sections --------------------------------------------------------------------


@pytest.mark.parametrize(
    "behind",
    [
        "<p><em>Раздел в разработке</em></p>",
        "<p>Страница находится в стадии наполнения</p>",
        "<p>Раздел в разработке. Следите за обновлениями!</p>",
        "<p>Информация скоро появится.</p>",
        "",
        "<p>—</p>",
    ],
)
def test_heading_over_nothing_is_empty(behind: str) -> None:
    body = f"<h2>Нормативные документы</h2>{behind}<h2>Режим работы</h2><p>Пн–Пт: 8:00–16:00</p>"
    verdicts = section_verdicts(site_of(body))
    assert not verdicts["regulations"].present
    assert verdicts["regulations"].empty
    assert verdicts["work_hours"].present and not verdicts["work_hours"].empty


def test_menu_link_to_an_empty_page_or_a_404_is_empty() -> None:
    empty_page = snap("http://school.test/biblioteka/plan/", page_html("<p>Раздел в разработке</p>", title="План работы"))
    body = ('<ul class="lib-menu"><li><a href="/biblioteka/plan/">План работы</a></li>'
            '<li><a href="/biblioteka/novosti/">Новости</a></li></ul>')
    gone = snap("http://school.test/biblioteka/novosti/", "<h1>404</h1>", status=404)
    verdicts = section_verdicts(site_of(body, empty_page, gone))
    assert verdicts["work_plan"].empty and not verdicts["work_plan"].present
    assert verdicts["news"].empty and not verdicts["news"].present
    assert "404" in verdicts["news"].evidence[0].text


def test_linked_page_with_content_counts() -> None:
    page = snap("http://school.test/biblioteka/rezhim/",
                page_html("<p>Понедельник – пятница: 8:30 – 16:30.</p>", title="Режим работы"))
    verdicts = section_verdicts(site_of('<p><a href="/biblioteka/rezhim/">Режим работы</a></p>', page))
    assert verdicts["work_hours"].present
    assert "link" in {e.kind for e in verdicts["work_hours"].evidence}


def test_linked_document_counts_and_a_dead_one_does_not() -> None:
    body = ('<h2>Документы ИБЦ</h2><ul><li><a href="/files/polozhenie.pdf">Положение об ИБЦ (PDF)</a></li>'
            '<li><a href="/files/plan-2026-2027.docx">План работы ИБЦ на 2026–2027 учебный год (DOCX)</a></li>'
            '<li><a href="/files/uchebniki.pdf">Обеспеченность учебниками на 2026–2027 (PDF)</a></li></ul>')
    verdicts = section_verdicts(site_of(
        body, doc("http://school.test/files/polozhenie.pdf"), doc("http://school.test/files/plan-2026-2027.docx"),
        doc("http://school.test/files/uchebniki.pdf", status=404),
    ))
    assert verdicts["regulations"].present
    assert verdicts["work_plan"].present  # a document named for its section, in a "Документы" list
    assert any(e.kind == "document" for e in verdicts["work_plan"].evidence)
    assert not verdicts["textbooks"].present and verdicts["textbooks"].empty


def test_school_menu_is_not_the_library() -> None:
    # the site-wide menu of page_html links "Новости", "Контакты", "Документы" of the school
    school_news = snap("http://school.test/novosti/", page_html("<p>12.11.2026 Линейка.</p>", title="Новости"))
    verdicts = section_verdicts(site_of("<p>Библиотека школы.</p>", school_news))
    assert not verdicts["news"].present
    assert not verdicts["contacts"].present  # the school's phone in the footer does not count
    assert not verdicts["regulations"].present


def test_menu_item_under_the_library_counts() -> None:
    news = snap("http://school.test/biblioteka/news/",
                page_html("<div class='news-item'><span>28.03.2025</span> Библиотечный урок</div>", title="Новости"))
    menu = '<li><a href="/biblioteka/news/">Новости библиотеки</a></li>'
    verdicts = section_verdicts(site_of("<p>Библиотека школы.</p>", news, menu=menu))
    assert verdicts["news"].present
    assert "menu" in {e.kind for e in verdicts["news"].evidence}


def test_school_home_page_is_never_a_library_page() -> None:
    home = snap("http://school.test/", page_html("<h2>Новости школы</h2><p>1 сентября 2026 — линейка.</p>"))
    body = '<p><a href="/">Главная</a> · <a href="/biblioteka/plan.docx">План</a></p>'
    verdicts = section_verdicts(site_of(body, home, home_url="http://school.test/"))
    assert not verdicts["news"].present


def test_news_items_are_not_other_sections() -> None:
    body = ("<h2>Новости</h2>"
            "<div class='item'><h3><a href='/biblioteka/news/1'>Выставка «Моя малая Родина — Хабаровский край»</a></h3>"
            "<p>В читальном зале открыта книжная выставка.</p></div>"
            "<div class='item'><h3>Новые книги для читального зала</h3><p>Фонд пополнился.</p></div>"
            "<div class='item'><h3>Урок цифровой грамотности «Безопасность в сети»</h3><p>Урок.</p></div>")
    article = snap("http://school.test/biblioteka/news/1",
                   page_html("<p>Представлены издания о Хабаровске и Амуре.</p>",
                             title="Выставка «Моя малая Родина — Хабаровский край»"))
    verdicts = section_verdicts(site_of(body, article))
    assert verdicts["news"].present
    # an item's title alone is no section; the sentence reporting an exhibition is one (by
    # the real-page labelling: an exhibition held or shown counts, in a heading or in text)
    assert verdicts["exhibitions"].present and verdicts["exhibitions"].evidence[0].kind == "sentence"
    assert not verdicts["new_arrivals"].present
    assert not verdicts["safe_internet"].present


def test_exact_section_link_inside_another_block_counts() -> None:
    hours = snap("http://school.test/index/rezhim/0-15", page_html("<p>Пн–Пт: 9:00–17:00.</p>", title="Режим работы"))
    body = '<h3>О библиотеке</h3><p><a href="/index/rezhim/0-15">Режим работы</a></p>'
    verdicts = section_verdicts(site_of(body, hours, url="http://school.test/index/biblioteka/0-12"))
    assert verdicts["work_hours"].present


def test_dead_external_link_is_empty_with_link_check() -> None:
    body = '<p>Поиск книг: <a href="http://opac.test/">электронный каталог</a></p>'
    verdicts = section_verdicts(site_of(body))
    assert verdicts["catalog"].present
    dead = {"http://opac.test/": LinkVerdict("http://opac.test/", "broken", 404)}
    verdicts = section_verdicts(site_of(body, verdicts=dead))
    assert not verdicts["catalog"].present and verdicts["catalog"].empty


def test_content_evidence_contacts_feedback_social() -> None:
    body = ("<p>Педагог-библиотекарь: Иванова Мария Петровна, тел. 8 (42155) 2-18-40, "
            "e-mail: ibc@example.ru</p>"
            "<form><label>Ваш вопрос <textarea name='q'></textarea></label></form>"
            "<p><a href='https://vk.com/ibc_school'>наше сообщество</a></p>")
    verdicts = section_verdicts(site_of(body))
    assert verdicts["contacts"].present and "content" in {e.kind for e in verdicts["contacts"].evidence}
    assert verdicts["feedback"].present and "form" in {e.kind for e in verdicts["feedback"].evidence}
    assert verdicts["social"].present


def test_pseudo_headings_and_unclosed_tags() -> None:
    html = ("<html><body><table><tr><td><div class=menu><a href=/>Главная</a></div>"
            "<p><b>Контакты</b><br>Библиотекарь: Орлова В. М.<br>Телефон: +7 (42146) 2-21-90\n"
            "<p><b>Новые поступления</b><ul><li>В. Арсеньев. Дерсу Узала</ul>"
            "<h2>Новости<h2><ul><li>30.10.2026 Конкурс чтецов</ul></td></tr></table></body></html>")
    from checks.site import CentreSite

    verdicts = section_verdicts(CentreSite([snap(LIB, html)], LIB, rulebook()))
    assert verdicts["contacts"].present
    assert verdicts["new_arrivals"].present
    assert verdicts["news"].present


def test_joomla_blog_items_under_a_lower_heading() -> None:
    body = ("<h2 itemprop='headline'>Библиотека</h2><h3>Новости</h3>"
            "<div class='blog-item'><h2><a href='/n/1'>Книжный марафон «Читаем вместе»</a></h2>"
            "<dl><dd>Опубликовано: 14 Октябрь 2026</dd></dl></div><h3>Обратная связь</h3><p>Пишите нам: ibc@example.ru</p>")
    verdicts = section_verdicts(site_of(body))
    assert verdicts["news"].present and not verdicts["news"].empty


def test_work_plan_texts_hold_the_year() -> None:
    body = '<h2>План работы</h2><p><a href="/files/plan.docx">План работы ИБЦ на 2026–2027 учебный год (DOCX)</a></p>'
    site = site_of(body, doc("http://school.test/files/plan.docx"))
    assert any("2026–2027" in t for t in section_texts(site, "work_plan"))


def test_titles_told_by_their_class() -> None:
    body = ('<div class="block"><div class="block-title">Режим работы</div>'
            '<div class="block-body">Пн–Пт: 9:00–17:00</div></div>'
            '<div class="block"><div class="block-title">Новинки</div><div class="block-body"></div></div>')
    verdicts = section_verdicts(site_of(body))
    assert verdicts["work_hours"].present
    assert verdicts["new_arrivals"].empty
