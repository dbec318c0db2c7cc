"""Formatting for the reader: Russian numbers, dates, plurals; safe links and short text.

These are Jinja filters (see reports.env) and plain functions for the text card and the
terminal. They format; they never decide a verdict.
"""
from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

from common.vocabulary import plural  # the one Russian plural (checks use it too)
from common.words import MONTHS_GENITIVE  # the one table of month names

NBSP = "\u00a0"
# bidi overrides/isolates and C0/C1 controls (except tab/newline): dropped from plain text
_CONTROL = re.compile("[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_SPACES = re.compile(r"\s+")
SAFE_SCHEMES = ("http", "https", "mailto")


def fmt_num(value: float | int | None, digits: int = 1, empty: str = "—") -> str:
    """72.5 -> "72,5"; 72.0 -> "72"; None -> "—"."""
    if value is None:
        return empty
    rounded = round(float(value), digits)
    if rounded == int(rounded):
        return str(int(rounded))
    return f"{rounded:.{digits}f}".rstrip("0").replace(".", ",")


def fmt_int(value: int | None, empty: str = "—") -> str:
    """12345 -> "12 345" (thin groups, as Russian print does)."""
    if value is None:
        return empty
    return f"{int(value):,}".replace(",", NBSP)


def fmt_percent(share: float | None, empty: str = "—") -> str:
    """0.87 -> "87 %"; a value above 1 is taken as already a percentage."""
    if share is None:
        return empty
    value = float(share) * 100 if float(share) <= 1 else float(share)
    return f"{fmt_num(value, 1)}{NBSP}%"


def as_date(value: object) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def as_datetime(value: object) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, str) and value:
        try:
            return dt.datetime.fromisoformat(value)
        except ValueError:
            return None
    return None


def fmt_date(value: object, empty: str = "—") -> str:
    """2026-11-20 -> "20 ноября 2026"."""
    day = as_date(value)
    if day is None:
        return empty if value in (None, "") else str(value)
    return f"{day.day}{NBSP}{MONTHS_GENITIVE[day.month - 1]} {day.year}"


def fmt_date_short(value: object, empty: str = "—") -> str:
    """2026-11-20 -> "20.11.2026"."""
    day = as_date(value)
    return day.strftime("%d.%m.%Y") if day else empty


def fmt_datetime(value: object, empty: str = "—") -> str:
    """"20 ноября 2026, 14:05"."""
    moment = as_datetime(value)
    if moment is None:
        return empty
    return f"{fmt_date(moment.date())}, {moment:%H:%M}"


def fmt_duration(seconds: float | None, empty: str = "—") -> str:
    """3725 -> "1 ч 02 мин"; 192 -> "3 мин 12 с"; 4.2 -> "4 с"."""
    if seconds is None:
        return empty
    total = int(round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}{NBSP}ч {minutes:02d}{NBSP}мин"
    if minutes:
        return f"{minutes}{NBSP}мин {secs:02d}{NBSP}с"
    return f"{secs}{NBSP}с"


def count(n: int | None, one: str, few: str, many: str) -> str:
    """count(3, "центр", "центра", "центров") -> "3 центра"."""
    return f"{fmt_int(n or 0)}{NBSP}{plural(n or 0, one, few, many)}"


def unreached_text(unreached: int, longest_wait: int) -> str:
    """What a link check's time budgets left for the next night, in one sentence (or "")."""
    if not unreached:
        return ""
    links = plural(unreached, "ссылка", "ссылки", "ссылок")
    text = (f"Не дошла очередь этой ночью (вышло время на сайт или на всю проверку): "
            f"{unreached}{NBSP}{links}; в следующую ночь они проверяются первыми.")
    if longest_wait > 1:
        nights = plural(longest_wait, "ночь", "ночи", "ночей")
        text += f" Дольше всех ссылка не проверялась {longest_wait}{NBSP}{nights} подряд."
    return text


def points(n: float | None) -> str:
    """"8 баллов", "2,5 балла", "1 балл"."""
    return f"{fmt_num(n)}{NBSP}{plural(n or 0, 'балл', 'балла', 'баллов')}"


def safe_url(url: object) -> str | None:
    """The URL if it is safe to put in an href (http, https, mailto), else None.

    A crawled page can link to `javascript:` or `data:`; such a link is shown as text only.
    """
    if not isinstance(url, str):
        return None
    candidate = _CONTROL.sub("", url).strip()
    if not candidate or any(ch.isspace() for ch in candidate[:12]):
        return None
    try:
        scheme = urlsplit(candidate).scheme.lower()
    except ValueError:
        return None
    return candidate if scheme in SAFE_SCHEMES else None


def clean_text(text: object) -> str:
    """Plain text for e-mail and terminal: control and bidi-override characters removed."""
    if text is None:
        return ""
    return _CONTROL.sub("", str(text))


def shorten(text: object, limit: int = 200) -> str:
    """One line, at most `limit` characters (a 10,000-character heading becomes a line)."""
    if text is None:
        return ""
    line = _SPACES.sub(" ", str(text)).strip()
    if len(line) <= limit:
        return line
    return line[: limit - 1].rstrip() + "…"


def display_url(url: object, limit: int = 80) -> str:
    """A URL for reading: without the scheme, shortened."""
    if not isinstance(url, str):
        return ""
    shown = re.sub(r"^https?://", "", url)
    return shorten(shown.rstrip("/") if shown.count("/") == 1 else shown, limit)
