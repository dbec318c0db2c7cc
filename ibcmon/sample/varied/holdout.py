"""Held-out variation: wording and formats that only worlds of seeds above 1000 use.

The rules are developed against seeds 1–1000; seeds 1001+ add what is below, so the
final check («on worlds whose seeds you did not tune to») also meets wording and
formatting nobody tuned to. Rules developers: please do not read this file or tune on
seeds above 1000 — use them to check, and when they fail, move the kind into
vocabulary.py (the development vocabulary) before fixing the rule.
Every item is from real school-library pages.
"""
from __future__ import annotations

import datetime as dt
import random
from html import escape

from ibcmon.sample.varied import dates as d

HOLDOUT_SEED = 1000  # seeds above this use the held-out variation

EXTRA_TITLES: dict[str, list[str]] = {
    "contacts": ["Наши координаты", "Контакты библиотеки", "Где нас найти"],
    "work_hours": ["Расписание работы", "Мы работаем", "Режим работы ИБЦ"],
    "about": ["История библиотеки", "Визитная карточка", "Паспорт ИБЦ", "Общие сведения"],
    "regulations": ["Положения", "Нормативные документы ИБЦ", "Правила пользования"],
    "work_plan": ["Планы и отчёты", "Годовой план работы", "Планы работы"],
    "news": ["Анонсы", "Новости ИБЦ", "Наша жизнь", "Библиотечные уроки и мероприятия"],
    "e_resources": ["Электронные книги", "Онлайн-библиотеки", "Цифровые ресурсы"],
    "catalog": ["Электронный каталог ИБЦ", "Найти книгу"],
    "new_arrivals": ["Новое в фонде", "Новые издания", "Пополнение фонда"],
    "exhibitions": ["Выставки", "Виртуальная выставка", "Выставочная деятельность"],
    "methodical": ["Методическая работа", "Для педагогов", "В помощь учителю"],
    "projects": ["Проекты ИБЦ", "Акции и проекты"],
    "feedback": ["Спросите библиотекаря", "Ваши отзывы и предложения", "Гостевая книга"],
    "safe_internet": ["Интернет-безопасность", "Медиабезопасность", "Безопасный интернет для детей"],
    "textbooks": ["Учебная литература", "Информация об учебниках", "Учебники и учебные пособия"],
    "social": ["ИБЦ ВКонтакте", "Наша страница ВКонтакте"],
}
EMPTY_MARKERS = ["Раздел наполняется", "Материалы готовятся к публикации", "Раздел находится в разработке"]
MONTHS_ABBR = ["янв.", "февр.", "марта", "апр.", "мая", "июня", "июля", "авг.", "сент.", "окт.",
               "нояб.", "дек."]


def heading(rng: random.Random, title: str, plain: str) -> str:
    """A heading as untidy pages write it: capitals, a colon, a number, a folding block."""
    form = rng.randrange(5)
    if form == 0:
        return plain.replace(escape(title), escape(title.upper()))
    if form == 1:
        return plain.replace(escape(title), escape(title) + ":")
    if form == 2:
        return plain.replace(escape(title), f"{rng.randrange(1, 9)}. {escape(title)}")
    if form == 3:
        return f'<p style="text-align:center"><span style="font-size:14pt"><b>{escape(title)}</b></span></p>'
    return f'<p><u><em>{escape(title)}</em></u></p>'


def list_date(rng: random.Random, day: dt.date) -> str:
    """Date forms of the held-out worlds: abbreviated months, ISO text, «г.» after dots."""
    form = rng.randrange(3)
    if form == 0:
        return f'<span class="date">{day.day} {MONTHS_ABBR[day.month - 1]} {day.year}</span>'
    if form == 1:
        return f'<span class="date">{day.isoformat()}</span>'
    return f'<span class="date">{d.dots(day)} г.</span>'
