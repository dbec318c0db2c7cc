"""The review pages' Jinja environment: the report's templates, filters and style, plus our own."""
from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

from jinja2 import ChoiceLoader, Environment, PackageLoader, StrictUndefined, select_autoescape

from reports.env import environment as report_environment

REVIEW_STATUS = {"pending": "не проверен", "corrected": "исправлен", "approved": "утверждён"}
VALUE_LABELS = {"present": "есть", "absent": "нет", "empty": "пуст"}
FIELD_LABELS = {"last_updated": "последнее обновление", "status": "состояние"}


def value_label(field: str, value: str | None) -> str:
    if value is None or value == "":
        return "—" if field != "last_updated" else "не найдено"
    if field.startswith("section:"):
        return VALUE_LABELS.get(value, value)
    if field == "status":
        from common.labels import status_label

        return status_label(value)
    if field == "last_updated":
        try:  # the date as a Russian reader writes it: 14.07.2026
            return dt.date.fromisoformat(value).strftime("%d.%m.%Y")
        except ValueError:
            return value
    return value


def field_label(field: str, titles: dict[str, str] | None = None) -> str:
    if field.startswith("section:"):
        sid = field[len("section:"):]
        return f"раздел «{(titles or {}).get(sid, sid)}»"
    return FIELD_LABELS.get(field, field)


@lru_cache(maxsize=1)
def environment() -> Environment:
    base = report_environment()
    env = Environment(
        loader=ChoiceLoader([PackageLoader("ibcmon.review", "templates"), PackageLoader("reports", "templates")]),
        autoescape=select_autoescape(default_for_string=True, default=True),
        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
    )
    env.filters.update(base.filters)
    env.tests.update(base.tests)
    env.globals.update(base.globals)
    env.filters.update(value_label=value_label, field_label=field_label)
    env.globals.update(REVIEW_STATUS=REVIEW_STATUS)
    return env


def render(name: str, **context: Any) -> str:
    return environment().get_template(name).render(**context)
