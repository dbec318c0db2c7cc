"""What stands in a section of a varied centre: its body, its labelled-paragraph form,
its content-only form and the document named for it.

A body is the section's content without its title; the caller puts the title in a
heading, a tab, a menu item or a page title, or shows no title at all.
"""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from html import escape

from ibcmon.sample.varied import dates as d
from ibcmon.sample.varied import vocabulary as v

# Sections that real pages show as a bare paragraph or list with no title, whose kind
# a reader still recognises from the content alone.
CONTENT_ONLY = ("contacts", "work_hours", "about", "e_resources", "textbooks", "social")
# Sections that are often nothing but a document named for them.
DOCUMENT_SECTIONS = {
    "regulations": ["Положение о школьной библиотеке", "Положение об ИБЦ",
                    "Правила пользования библиотекой"],
    "work_plan": ["План работы ИБЦ на {year} учебный год", "План работы библиотеки на {year} уч. год"],
    "textbooks": ["Перечень учебников на {year} учебный год", "Обеспеченность учебниками {year}"],
    "about": ["Паспорт ИБЦ", "Паспорт школьной библиотеки"],
    "safe_internet": ["Памятка «Безопасный интернет»", "Правила безопасности в сети для обучающихся"],
}


@dataclass
class Externals:
    """Loopback addresses of the resource hosts a world links to (with the port)."""

    litres: str
    neb: str
    prlib: str
    gov: str
    regional_libs: list[str] = field(default_factory=list)


@dataclass
class Person:
    name: str
    post: str
    phone: str
    email: str

    @property
    def short(self) -> str:
        last, first, patron = self.name.split()
        return f"{last} {first[0]}. {patron[0]}."


def _thousands(number: int) -> str:
    """«12 500»: thousands apart by a space, as Russian texts write them."""
    return f"{number:,}".replace(",", " ")


def _li(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{x}</li>" for x in items) + "</ul>"


def contacts(rng: random.Random, p: Person, address: str) -> str:
    lines = [f"{p.post}: {escape(p.name)}", f"Телефон: {p.phone}",
             f'E-mail: <a href="mailto:{p.email}">{p.email}</a>']
    if rng.random() < 0.5:
        lines.append(f"Адрес: {escape(address)}, 2 этаж, кабинет {rng.randrange(10, 40)}")
    return "".join(f"<p>{x}</p>" for x in lines)


def contacts_label(rng: random.Random, p: Person, address: str) -> str:
    label = rng.choice(v.SECTION_LABELS["contacts"])
    if label == "Адрес:":
        return f"<p><b>Адрес:</b> {escape(address)}, тел. {p.phone}, e-mail: {p.email}</p>"
    return f"<p><b>{label}</b> {p.phone}, {p.email} ({escape(p.post.lower())} {escape(p.short)})</p>"


def contacts_content(rng: random.Random, p: Person) -> str:
    return f"<p>{escape(p.short)}, {p.post.lower()}, тел. {p.phone}, {p.email}</p>"


def work_hours(rng: random.Random) -> str:
    start = rng.choice(["8.00", "8:30", "9.00"])
    end = rng.choice(["16.00", "16:30", "17.00", "15:30"])
    if rng.random() < 0.5:
        rows = "".join(f"<tr><td>{day}</td><td>{start}–{end}</td></tr>" for day in d.WEEKDAYS[:5])
        return (f"<table class=\"schedule\">{rows}<tr><td>Суббота, воскресенье</td><td>выходной</td></tr></table>"
                "<p>Санитарный день – последняя пятница месяца.</p>")
    return (f"<p>Понедельник – пятница: {start} – {end}<br>Обед: 12.30 – 13.00<br>"
            "Суббота, воскресенье – выходные дни</p>")


def work_hours_label(rng: random.Random) -> str:
    label = rng.choice(v.SECTION_LABELS["work_hours"])
    return (f"<p><strong>{label}</strong> понедельник – пятница {rng.choice(['8.00–16.00', '8:30–17:00', '9.00–15.30'])}, "
            "суббота, воскресенье – выходной.</p>")


def about(rng: random.Random, founded: int) -> str:
    fund = rng.randrange(8, 30) * 500
    seats = rng.randrange(10, 40)
    return (f"<p>Школьная библиотека открыта в {founded} году. Сегодня это информационно-библиотечный "
            f"центр: абонемент, читальный зал (посадочных мест – {seats}), медиатека.</p>"
            f"<p>Общий фонд – {_thousands(fund)} экз., в том числе художественная литература и "
            "справочные издания.</p><p>Цели: формирование информационной культуры и культуры чтения "
            "обучающихся, поддержка образовательного процесса.</p>")


def about_label(rng: random.Random) -> str:
    fund = rng.randrange(8, 30) * 500
    return (f"<p>Библиотечный фонд составляет {_thousands(fund)} экз., посадочных мест в читальном зале – "
            f"{rng.randrange(10, 40)}, компьютеров с выходом в интернет – {rng.randrange(2, 9)}.</p>")


def regulations(rng: random.Random, doc_links: list[str], order: dt.date) -> str:
    return (_li(doc_links) + f"<p>Утверждено приказом директора от {d.dots(order)} № "
            f"{rng.randrange(40, 300)}-о.</p>")


def regulations_label(rng: random.Random) -> str:
    return ("<p><b>Правила пользования и обязанности читателя.</b> Читатель обязан бережно относиться "
            "к книгам, возвращать их в срок – не позднее 14 дней; при утере книги заменить её равноценной.</p>")


def work_plan_inline(rng: random.Random, year: str) -> str:
    rows = ["Сентябрь – посвящение первоклассников в читатели", "Октябрь – месячник школьных библиотек",
            "Ноябрь – неделя краеведения", "Март – неделя детской книги"]
    return f"<p>План работы ИБЦ на {year} учебный год</p>" + _li(rows)


def e_resources(rng: random.Random, ext: Externals) -> str:
    items = [f'<a href="{ext.litres}school/">ЛитРес: Школа</a>',
             f'<a href="{ext.neb}">Национальная электронная библиотека (НЭБ)</a>',
             f'<a href="{ext.prlib}">Президентская библиотека им. Б. Н. Ельцина</a>']
    rng.shuffle(items)
    return _li(items[: rng.randrange(2, 4)])


def e_resources_content(rng: random.Random, ext: Externals) -> str:
    """Links whose text is their bare URL (how many real pages show them)."""
    return (f'<p>Читайте онлайн: <a href="{ext.litres}school/">https://www.litres.ru/school/</a>, '
            f'<a href="{ext.neb}">https://rusneb.ru/</a></p>')


def catalog(rng: random.Random, search_path: str) -> str:
    return (f'<p>Поиск по фонду библиотеки: <a href="{search_path}">открыть каталог</a>.</p>'
            '<form action="?" method="get"><input name="q" placeholder="Автор или заглавие">'
            "<button>Найти</button></form>")


def new_arrivals(rng: random.Random) -> str:
    books = rng.sample(v.BOOKS, 4)
    return _li([f"{a}. {escape(t)}. – М., {rng.randrange(2019, 2027)}" for a, t in books])


def exhibitions(rng: random.Random, writer: tuple[str, str]) -> str:
    topics = rng.sample(v.EXHIBITION_TOPICS, 2)
    name, born = writer
    return _li([f"Книжная выставка {topics[0]}", f"Выставка {topics[1]}",
                f"Выставка-портрет к юбилею {name} ({born})"])


def methodical(rng: random.Random, docs: list[str]) -> str:
    return "<p>Материалы для учителей и классных руководителей:</p>" + _li(
        docs + ["Рекомендательный список литературы для чтения летом"])


def projects(rng: random.Random) -> str:
    topics = rng.sample(v.PROJECT_TOPICS, 2)
    return "".join(f"<p>Проект {t}: участвуют обучающиеся 5–9 классов.</p>" for t in topics)


def feedback(rng: random.Random, p: Person, mail: bool = True) -> str:
    if not mail or rng.random() < 0.5:
        return ('<form action="/feedback/" method="post"><p>Ваше имя: <input name="name"></p>'
                '<p>Вопрос: <textarea name="q"></textarea></p><button>Отправить</button></form>')
    return f'<p>Задайте вопрос библиотекарю по почте <a href="mailto:{p.email}">{p.email}</a>.</p>'


def safe_internet(rng: random.Random, ext: Externals) -> str:
    return ("<p>Правила безопасного поведения в интернете для обучающихся и родителей.</p>"
            f'<p><a href="{ext.gov}extremist-materials/">Федеральный список экстремистских материалов</a></p>')


def textbooks(rng: random.Random, year: str) -> str:
    return (f"<p>Обеспеченность учебниками на {year} учебный год – 100 %.</p>"
            f"<p>Учебная литература – {_thousands(rng.randrange(5000, 20000))} экз.</p>")


def textbooks_label(rng: random.Random) -> str:
    label = rng.choice(v.SECTION_LABELS["textbooks"])
    return f"<p><b>{label}</b> – {rng.choice(['100 %', '100%', '98 %'])}.</p>"


def textbooks_content(rng: random.Random, year: str) -> str:
    return f"<p>В {year} учебном году обучающиеся обеспечены учебниками на 100 %.</p>"


def social(rng: random.Random, slug: str) -> str:
    return f'<p><a href="https://vk.com/{slug}">https://vk.com/{slug}</a></p>'
