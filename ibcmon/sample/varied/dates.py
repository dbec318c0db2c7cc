"""Date forms of real school-library pages, and the audit-relative dates of a world.

Every form here is one a real platform prints: Госвеб «16 ноября 2026, 10:28», WordPress
`<time datetime>` and «Октябрь 27, 2021», uCoz «Добавлено (28.10.2026, 14:22)», Joomla
«Опубликовано: 28 октября 2026» / «Создано: 28 Октябрь 2026», Битрикс «28.10.2026»,
relative «вчера» / «3 дня назад» (counted from the day the page is fetched).
"""
from __future__ import annotations

import datetime as dt

MONTHS_GEN = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
              "сентября", "октября", "ноября", "декабря"]
MONTHS_NOM = ["Январь", "Февраль", "Март", "Апрель", "Май", "Июнь", "Июль", "Август",
              "Сентябрь", "Октябрь", "Ноябрь", "Декабрь"]
WEEKDAYS = ["Понедельник", "Вторник", "Среда", "Четверг", "Пятница", "Суббота", "Воскресенье"]


def dots(day: dt.date) -> str:
    return f"{day.day:02d}.{day.month:02d}.{day.year}"


def words(day: dt.date, year_mark: bool = False) -> str:
    """«28 октября 2026» or «28 октября 2026 г.»."""
    return f"{day.day} {MONTHS_GEN[day.month - 1]} {day.year}" + (" г." if year_mark else "")


def nominative(day: dt.date) -> str:
    """Joomla's «28 Октябрь 2026»."""
    return f"{day.day:02d} {MONTHS_NOM[day.month - 1]} {day.year}"


def wp_month_first(day: dt.date) -> str:
    """WordPress «F j, Y» in Russian: «Октябрь 27, 2021»."""
    return f"{MONTHS_NOM[day.month - 1]} {day.day}, {day.year}"


def iso(day: dt.date, time: str = "10:00") -> str:
    return f"{day.isoformat()}T{time}:00+10:00"


def relative(day: dt.date, today: dt.date) -> str | None:
    """«сегодня», «вчера», «3 дня назад», … or None when the gap is too long to say so."""
    days = (today - day).days
    if days == 0:
        return "сегодня"
    if days == 1:
        return "вчера"
    if 2 <= days <= 4:
        return f"{days} дня назад"
    if 5 <= days <= 20:
        return f"{days} дней назад"
    return None


def school_year(today: dt.date) -> str:
    """The current school year («2026–2027»); it turns on 1 September."""
    start = today.year if today.month >= 9 else today.year - 1
    return f"{start}–{start + 1}"


def previous_school_year(today: dt.date) -> str:
    start = (today.year if today.month >= 9 else today.year - 1) - 1
    return f"{start}–{start + 1}"


# Days between the newest real content date and the audit date: every freshness class,
# both sides of each threshold (fresh <= 90 < aging <= 183 < stale), kept 5+ days away
# from the thresholds so a class measures the date that was found, not rounding.
NEWEST_AGES = [1, 2, 3, 9, 20, 41, 63, 84, 97, 118, 140, 176, 191, 240, 320, 520, 800]
