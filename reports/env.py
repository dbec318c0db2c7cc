"""The Jinja environment of the reports: autoescape on, templates shipped in reports/templates.

Everything a crawled page said reaches the reader through these templates, escaped; the
filters below format numbers and dates in Russian and refuse unsafe link targets.
"""
from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from common.labels import (
    REPRESENTATION,
    freshness_words,
    representation_label,
    run_state,
    status_label,
    status_sentence,
)
from reports import fmt, labels


def _freshness_label(code: str | None) -> str:
    """«давно не обновлялась»: one page's freshness (no class is «дата не найдена»)."""
    return freshness_words(code or "unknown").label


def _freshness_plural(code: str) -> str:
    """«Давно не обновлялись»: centres of a freshness class, in the overview."""
    return freshness_words(code).plural


def _evidence_kind(kind: str | None) -> str:
    return labels.EVIDENCE_KINDS.get(kind or "", kind or "")


def _record_columns(items: Iterable[Any]) -> list[str]:
    """The keys of a list of records, in order of first appearance (internal ones left out)."""
    columns: dict[str, None] = {}
    for item in items:
        if isinstance(item, Mapping):
            for key in item:
                if key not in labels.HIDDEN_KEYS:
                    columns.setdefault(str(key))
    return list(columns)


def _is_records(value: Any) -> bool:
    return isinstance(value, list | tuple) and bool(value) and all(isinstance(v, Mapping) for v in value)


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("reports", "templates"),
        autoescape=select_autoescape(
            enabled_extensions=("html", "htm", "xml", "svg"),
            disabled_extensions=("txt",),
            default_for_string=True,
            default=True,
        ),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        num=fmt.fmt_num,
        int=fmt.fmt_int,
        percent=fmt.fmt_percent,
        date=fmt.fmt_date,
        date_short=fmt.fmt_date_short,
        datetime=fmt.fmt_datetime,
        duration=fmt.fmt_duration,
        plural=fmt.plural,
        count=fmt.count,
        points=fmt.points,
        safe_url=fmt.safe_url,
        shorten=fmt.shorten,
        display_url=fmt.display_url,
        clean=fmt.clean_text,
        status_label=status_label,
        status_sentence=status_sentence,
        run_state=run_state,
        http_problem=labels.http_problem,
        freshness_label=_freshness_label,
        freshness_plural=_freshness_plural,
        evidence_kind=_evidence_kind,
        record_columns=_record_columns,
        representation=representation_label,
    )
    env.tests["records"] = _is_records
    env.globals.update(
        FRESHNESS_COLOURS=labels.FRESHNESS_COLOURS,
        STAT_LABELS=labels.STAT_LABELS,
        DISCOVERY_LABELS=labels.DISCOVERY_LABELS,
        NO_GRADE_COLOUR=labels.NO_GRADE_COLOUR,
        VALUE_LABELS=labels.VALUE_LABELS,
        HIDDEN_KEYS=labels.HIDDEN_KEYS,
        REPRESENTATION_LABELS=REPRESENTATION,
    )
    return env


@lru_cache(maxsize=1)
def table_script() -> tuple[Markup, str]:
    """The overview's inline script and its CSP hash ("sha256-..."): no other script runs."""
    env = environment()
    assert env.loader is not None
    source, _, _ = env.loader.get_source(env, "_table.js")
    digest = base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii")
    return Markup(source), f"sha256-{digest}"
