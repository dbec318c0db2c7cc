"""Russian content for the centres' pages: section blocks, news, date forms.

Each block function takes the centre's `CentreBuilder`, returns an HTML fragment and
marks the section it fills (or declares it empty), so the truth follows the content.
"""
from __future__ import annotations

import datetime as dt
from html import escape

from ibcmon.sample import documents
from ibcmon.sample.centre import (
    GOV_IP,
    LITRES_IP,
    NEB_IP,
    PRLIB_IP,
    CentreBuilder,
)

MONTHS_GEN = [
    "января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
    "октября", "ноября", "декабря",
]
MONTHS_NOM = [
    "Январь", "Февраль", "Март", "Апрель", "Май", "Июнь", "Июль", "Август", "Сентябрь",
    "Октябрь", "Ноябрь", "Декабрь",
]
WEEKDAYS = ["Понедельник", "Вторник", "Среда", "Четверг", "Пятница", "Суббота", "Воскресенье"]

EMPTY_TEXTS = ["Раздел в разработке", "Страница находится в стадии наполнения"]


# -- date forms ------------------------------------------------------------------------
def d_words(day: dt.date, time: str | None = None) -> str:
    """`12 марта 2025[, 10:28]` (Госвеб, most sites)."""
    text = f"{day.day} {MONTHS_GEN[day.month - 1]} {day.year}"
    return f"{text}, {time}" if time else text


def d_joomla(day: dt.date) -> str:
    """`12 Март 2025` (Joomla's nominative months)."""
    return f"{day.day:02d} {MONTHS_NOM[day.month - 1]} {day.year}"


def d_dots(day: dt.date, time: str | None = None) -> str:
    text = f"{day.day:02d}.{day.month:02d}.{day.year}"
    return f"{text}, {time}" if time else text


def d_stamp(day: dt.date) -> str:
    return f"{day.year}.{day.month:02d}.{day.day:02d}"


def d_iso(day: dt.date, time: str = "10:00") -> str:
    return f"{day.isoformat()}T{time}:00+10:00"


# -- news ------------------------------------------------------------------------------
NEWS_POOL: list[tuple[str, str]] = [
    ("Всероссийский конкурс юных чтецов «Живая классика»",
     "В библиотеке прошёл школьный этап конкурса «Живая классика». Шестиклассники читали "
     "отрывки из произведений Н. Задорнова, В. Арсеньева и Г. Ходжера. Победители представят "
     "школу на муниципальном этапе."),
    ("Библиотечный урок «Как устроена книга»",
     "Для учащихся 2-х классов проведён библиотечный урок: ребята узнали, из каких частей "
     "состоит книга, что такое титульный лист, аннотация и оглавление, и сами собрали "
     "книжку-малышку."),
    ("Акция «Подари книгу школьной библиотеке»",
     "Благодарим родителей и учеников, принявших участие в акции: фонд пополнился 87 "
     "книгами, среди них энциклопедии и современная детская проза."),
    ("Неделя детской и юношеской книги",
     "Весенние каникулы прошли под знаком книги: громкие чтения, викторина по сказкам "
     "народов Приамурья и встреча с местным краеведом."),
    ("Литературная гостиная «Дальневосточные писатели — детям»",
     "Учащиеся 5–7 классов познакомились с творчеством Всеволода Сысоева и Петра Комарова, "
     "а также подготовили буктрейлеры по прочитанным книгам."),
    ("Посвящение первоклассников в читатели",
     "Первоклассники впервые пришли в библиотеку, узнали правила обращения с книгой и "
     "получили свои первые читательские формуляры."),
    ("Выставка «Моя малая Родина — Хабаровский край»",
     "В читальном зале открыта книжная выставка, посвящённая истории и природе края. "
     "Представлены издания о Хабаровске, Амуре и коренных народах края."),
    ("Квест «Тайны библиотеки» для пятиклассников",
     "Команды пятиклассников искали книги по шифрам, разгадывали загадки о писателях и "
     "знакомились с расстановкой фонда по ББК."),
    ("Итоги конкурса рисунков «Любимый литературный герой»",
     "На конкурс поступило 42 работы. Лучшие рисунки размещены в рекреации второго этажа."),
    ("Урок цифровой грамотности «Безопасность в сети»",
     "Педагог-библиотекарь рассказала ученикам 7-х классов о правилах безопасного "
     "поведения в интернете и о том, как отличить достоверный источник от фейка."),
    ("Встреча с ветераном педагогического труда",
     "В рамках проекта «Читающая мама – читающая школа – читающая страна» в библиотеке "
     "прошли семейные чтения с участием родителей."),
    ("Книжный марафон «Читаем вместе»",
     "Стартовал общешкольный книжный марафон: за месяц ученики 3–6 классов прочитали "
     "более 300 книг. Лидеры марафона получат грамоты."),
    ("Новые книги для читального зала",
     "Фонд пополнился энциклопедиями издательства «Росмэн» и комплектом книг серии "
     "«Школьная библиотека»."),
    ("Всероссийский день чтения",
     "В библиотеке прошли громкие чтения рассказов о природе Дальнего Востока."),
    ("Летние чтения «Книжное лето»",
     "В пришкольном лагере прошли летние чтения: ребята читали вслух сказки народов "
     "Приамурья, рисовали иллюстрации и составили свой рейтинг лучших книг лета."),
]


def news_text(index: int) -> tuple[str, str]:
    return NEWS_POOL[index % len(NEWS_POOL)]


# -- blocks ----------------------------------------------------------------------------
def heading(level: str, text: str, cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    return f"<{level}{attr}>{escape(text)}</{level}>"


def empty_block(b: CentreBuilder, sid: str, title: str, h: str = "h2", variant: int = 0) -> str:
    b.mark_empty(sid)
    return f"{heading(h, title)}\n<p><em>{EMPTY_TEXTS[variant % 2]}</em></p>\n"


def contacts(b: CentreBuilder, h: str = "h2", title: str = "Контакты", mailto: bool = False,
             position: str = "Педагог-библиотекарь") -> str:
    b.mark("contacts")
    email = (f'<a href="mailto:{b.email}">{b.email}</a>' if mailto else escape(b.email))
    email_line = f"<li>E-mail: {email}</li>" if b.email else ""
    return (
        f"{heading(h, title)}\n<ul class=\"contacts\">"
        f"<li>{escape(position)}: <strong>{escape(b.librarian)}</strong></li>"
        f"<li>Телефон: {escape(b.phone)}</li>{email_line}</ul>\n"
    )


def work_hours(b: CentreBuilder, h: str = "h2", title: str = "Режим работы", variant: int = 0) -> str:
    b.mark("work_hours")
    if variant % 2:
        rows = ("<tr><td>Понедельник – пятница</td><td>8:00 – 16:00</td></tr>"
                "<tr><td>Суббота</td><td>9:00 – 13:00</td></tr>"
                "<tr><td>Воскресенье</td><td>выходной</td></tr>")
        return (f"{heading(h, title)}\n<table class=\"hours\">{rows}</table>\n"
                "<p>Санитарный день — последняя пятница месяца.</p>\n")
    return (f"{heading(h, title)}\n<p>Понедельник – пятница: 8:30 – 16:30, перерыв 12:30 – 13:00.</p>"
            "<p>Суббота, воскресенье — выходные дни. Последний четверг месяца — санитарный день.</p>\n")


def about(b: CentreBuilder, h: str = "h2", title: str = "Паспорт ИБЦ", area: int = 64,
          seats: int = 12, fund: int = 14520) -> str:
    b.mark("about")
    fund_s = f"{fund:,}".replace(",", "\u00a0")
    return (
        f"{heading(h, title)}\n<p>Информационно-библиотечный центр — структурное подразделение "
        f"школы, обеспечивающее учебно-воспитательный процесс. Цели и задачи: формирование "
        f"информационной культуры, поддержка чтения, доступ к информационным ресурсам.</p>"
        f"<ul><li>Площадь помещения: {area} м²</li><li>Читальный зал: {seats} посадочных мест</li>"
        f"<li>Книжный фонд: {fund_s} экз.</li><li>Компьютеры с выходом в интернет: 3</li></ul>\n"
    )


def regulations(b: CentreBuilder, prefix: str = "/files", h: str = "h2",
                title: str = "Нормативные документы", order_year: int = 2019) -> str:
    b.mark("regulations")
    b.add(f"{prefix}/polozhenie-ob-ibc.pdf", documents.pdf(
        "Положение об информационно-библиотечном центре",
        ["Utverzhdeno prikazom ot 01.09.2019 No 215"]))
    b.add(f"{prefix}/pravila-polzovaniya.pdf", documents.pdf(
        "Правила пользования библиотекой", ["Utverzhdeno prikazom ot 01.09.2019"]))
    b.add(f"{prefix}/poryadok-dostupa.pdf", documents.pdf(
        "Порядок доступа педагогических работников к информационным ресурсам"))
    approved = b.false_date(f"01.09.{order_year}")
    return (
        f"{heading(h, title)}\n<ul class=\"docs\">"
        f'<li><a href="{prefix}/polozhenie-ob-ibc.pdf">Положение об ИБЦ (PDF)</a> — утверждено '
        f"приказом от {approved} № 215</li>"
        f'<li><a href="{prefix}/pravila-polzovaniya.pdf">Правила пользования библиотекой (PDF)</a></li>'
        f'<li><a href="{prefix}/poryadok-dostupa.pdf">Порядок доступа педагогических работников '
        f"к информационно-телекоммуникационным сетям и базам данных (PDF)</a></li></ul>\n"
    )


def work_plan(b: CentreBuilder, year: str, path: str, h: str = "h2", as_docx: bool = True) -> str:
    b.mark("work_plan")
    b.work_plan_year = year
    title = f"План работы ИБЦ на {year} учебный год"
    if as_docx:
        b.add(path, documents.docx(title, [
            "1. Работа с фондом: комплектование, списание, расстановка.",
            "2. Массовая работа: библиотечные уроки, выставки, конкурсы.",
            "3. Работа с педагогами: информирование о новых поступлениях.",
        ]))
        kind = "DOCX"
    else:
        b.add(path, documents.pdf(title))
        kind = "PDF"
    return (f"{heading(h, 'План работы')}\n<p><a href=\"{path}\">{escape(title)} ({kind})</a></p>\n")


def e_resources(b: CentreBuilder, h: str = "h2", title: str = "Электронные образовательные ресурсы") -> str:
    b.mark("e_resources")
    w = b.world
    return (
        f"{heading(h, title)}\n<ul class=\"eor\">"
        f'<li><a href="{w.url(LITRES_IP, "/school/")}">ЛитРес: Школа</a> — электронная библиотека '
        f"для учеников и педагогов (доступ по логину от библиотекаря)</li>"
        f'<li><a href="{w.url(NEB_IP, "/")}">Национальная электронная библиотека (НЭБ)</a></li>'
        f'<li><a href="{w.url(PRLIB_IP, "/")}">Президентская библиотека им. Б. Н. Ельцина</a></li>'
        "</ul>\n"
    )


def catalog(b: CentreBuilder, path: str = "/katalog/", h: str = "h2") -> str:
    b.mark("catalog")
    b.page(path, simple_page(
        "Электронный каталог",
        "<h1>Электронный каталог</h1><form action=\"/katalog/\" method=\"get\">"
        "<label>Автор или заглавие: <input name=\"q\"></label> <button>Найти</button></form>"
        "<p>Каталог ведётся в АИБС «MARC-SQL». В каталоге 9 846 записей.</p>"))
    return (f"{heading(h, 'Электронный каталог')}\n<p>Поиск книг в фонде библиотеки: "
            f"<a href=\"{path}\">открыть электронный каталог</a>.</p>\n")


BOOKS = [
    ("Н. Задорнов", "Амур-батюшка"), ("В. Арсеньев", "Дерсу Узала"),
    ("Г. Ходжер", "Амурские сказки"), ("Е. Велтистов", "Приключения Электроника"),
    ("А. Гиваргизов", "Со шкафом на лыжах"), ("Н. Евдокимова", "Лето пахнет солью"),
    ("Е. Пастернак", "Хочу в лес!"), ("А. Жвалевский", "Время всегда хорошее"),
]


def new_arrivals(b: CentreBuilder, h: str = "h2", title: str = "Новые поступления", n: int = 4) -> str:
    b.mark("new_arrivals")
    items = "".join(f"<li>{escape(a)}. {escape(t)}</li>" for a, t in BOOKS[:n])
    return f"{heading(h, title)}\n<ul class=\"new-books\">{items}</ul>\n"


def exhibitions(b: CentreBuilder, h: str = "h2", title: str = "Книжные выставки") -> str:
    b.mark("exhibitions")
    anniversary = b.false_date("130 лет со дня рождения Е. Л. Шварца (1896)")
    return (
        f"{heading(h, title)}\n<ul><li>«Край, в котором я живу» — книги о Хабаровском крае</li>"
        f"<li>«Писатель-юбиляр»: {escape(anniversary)}</li>"
        "<li>«Читаем о войне» — к Дню Победы</li></ul>\n"
    )


def methodical(b: CentreBuilder, path: str, h: str = "h2", title: str = "Методическая копилка") -> str:
    b.mark("methodical")
    b.add(path, documents.docx("Сценарий библиотечного урока «Откуда пришла книга»", [
        "Цель: познакомить учащихся с историей книги.",
        "Оборудование: презентация, выставка книг.",
    ]))
    return (f"{heading(h, title)}\n<p>В помощь педагогу: "
            f"<a href=\"{path}\">сценарий библиотечного урока «Откуда пришла книга» (DOCX)</a>.</p>\n")


def projects(b: CentreBuilder, path: str, h: str = "h2", title: str = "Проекты") -> str:
    b.mark("projects")
    b.page(path, simple_page(
        "Литературная карта Хабаровского края",
        "<h1>Проект «Литературная карта Хабаровского края»</h1>"
        "<p>Учащиеся собирают сведения о писателях и поэтах, чья жизнь связана с нашим "
        "районом, и наносят их на интерактивную карту. Участвуют 5–9 классы.</p>"))
    return (f"{heading(h, title)}\n<ul><li><a href=\"{path}\">«Литературная карта Хабаровского "
            f"края»</a></li><li>«Читающая мама – читающая школа – читающая страна»</li></ul>\n")


def feedback(b: CentreBuilder, h: str = "h2", title: str = "Обратная связь", form: bool = True) -> str:
    b.mark("feedback")
    if form:
        body = ("<form class=\"feedback\" action=\"/feedback/\" method=\"post\">"
                "<label>Ваше имя <input name=\"name\"></label>"
                "<label>Вопрос библиотекарю <textarea name=\"q\"></textarea></label>"
                "<button type=\"submit\">Отправить</button></form>")
    else:
        body = (f"<p>Задать вопрос библиотекарю: <a href=\"mailto:{b.email}\">{b.email}</a></p>")
    return f"{heading(h, title)}\n{body}\n"


def safe_internet(b: CentreBuilder, h: str = "h2", title: str = "Информационная безопасность") -> str:
    b.mark("safe_internet")
    w = b.world
    return (
        f"{heading(h, title)}\n<p>Памятка для учащихся и родителей о безопасном интернете. "
        f"Библиотека регулярно сверяет фонд с "
        f"<a href=\"{w.url(GOV_IP, '/extremist-materials/')}\">Федеральным списком экстремистских "
        f"материалов</a>.</p>\n"
    )


def textbooks(b: CentreBuilder, h: str = "h2", title: str = "Обеспеченность учебниками",
              year: str = "2026–2027") -> str:
    b.mark("textbooks")
    return (
        f"{heading(h, title)}\n<p>Обеспеченность учащихся учебниками на {year} учебный год — 100 %. "
        f"Учебный фонд: 6 420 экз.</p>\n"
    )


def social(b: CentreBuilder, slug: str, h: str = "h2", title: str = "Мы ВКонтакте") -> str:
    b.mark("social")
    return (f"{heading(h, title)}\n<p><a href=\"https://vk.com/{slug}\">Сообщество библиотеки "
            f"ВКонтакте</a> · <a href=\"https://t.me/{slug}\">Telegram-канал</a></p>\n")


def simple_page(title: str, body: str, charset: str = "utf-8") -> str:
    return (f"<!DOCTYPE html><html lang=\"ru\"><head><meta charset=\"{charset}\">"
            f"<title>{escape(title)}</title></head><body>{body}"
            f"<p><a href=\"/\">На главную</a></p></body></html>")
