"""Crontab strings ("minute hour day month weekday") read by APScheduler 3's own parser.

One reader for the config's check (`common.config`, at load) and for the scheduler, so
that a string the config accepts is exactly one the scheduler can run. APScheduler 3
counts weekdays from Monday = 0 and crontab from Sunday = 0 ("0 4 * * 0" would be a
Monday there); names are the same in both, so numbers become names.
"""
from __future__ import annotations

from apscheduler.triggers.cron import CronTrigger

_CRON_DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")


def crontab_days(field: str) -> str:
    """A crontab weekday field (0 or 7 = Sunday) in APScheduler 3's terms (names)."""
    if field == "*":
        return field
    days: set[int] = set()
    for part in field.lower().split(","):
        body, _, step_text = part.partition("/")
        if step_text and not step_text.isdigit():
            raise ValueError(f"шаг {step_text!r} в поле дней недели {field!r}")
        step = int(step_text) if step_text else 1
        if body == "*":
            first, last = 0, 6
        else:
            lo, _, hi = body.partition("-")
            first = _day_number(lo)
            last = _day_number(hi) if hi else (6 if step_text else first)
            if hi and last == 0 and hi.strip() == "7":
                last = 7
        if step < 1:
            raise ValueError(f"шаг {step} в поле дней недели {field!r}")
        span = range(first, last + 1, step) if first <= last else [
            *range(first, 7, step), *range(0, last + 1, step)
        ]
        days.update(d % 7 for d in span)
    return ",".join(_CRON_DAYS[d] for d in (1, 2, 3, 4, 5, 6, 0) if d in days)


def _day_number(token: str) -> int:
    token = token.strip().lower()
    if token.isdigit():
        value = int(token)
        if not 0 <= value <= 7:
            raise ValueError(f"день недели {token!r} вне 0–7")
        return value
    if token[:3] in _CRON_DAYS:
        return _CRON_DAYS.index(token[:3])
    raise ValueError(f"непонятный день недели {token!r}")


def crontab_trigger(expr: str, timezone: str) -> CronTrigger:
    """A CronTrigger from "minute hour day month weekday" in `timezone`; ValueError in Russian."""
    fields = expr.split()
    if len(fields) != 5:
        raise ValueError(f"расписание {expr!r}: нужно 5 полей «минута час день месяц день_недели»")
    minute, hour, day, month, weekday = fields
    try:
        days = crontab_days(weekday)
    except ValueError as exc:
        raise ValueError(f"расписание {expr!r}: {exc}") from exc
    values = {"minute": minute, "hour": hour, "day": day, "month": month}
    try:
        return CronTrigger(**values, day_of_week=days, timezone=timezone)
    except ValueError as exc:
        raise ValueError(f"расписание {expr!r}: {_which_field(values) or exc}") from exc


# APScheduler's own words are English; the field it refused is named in Russian instead
_FIELD_WORDS = {"minute": ("минута", "0–59"), "hour": ("час", "0–23"), "day": ("день", "1–31"),
                "month": ("месяц", "1–12")}


def _which_field(values: dict[str, str]) -> str:
    for name, value in values.items():
        try:
            CronTrigger(**{name: value}, timezone="UTC")
        except ValueError:
            word, span = _FIELD_WORDS[name]
            return f"поле «{word}» {value!r} не понято (числа {span}, *, списки, диапазоны, шаг /N)"
    return ""
