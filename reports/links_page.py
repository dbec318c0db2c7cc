"""The link report: a standalone, self-contained HTML page (Russian) of one link check.

`render_link_report(digest, link_checks)` is the stable entry point: the full report may
include the same page. Jinja2 with autoescape: every URL and link text a crawled page
held reaches the reader escaped, and only http(s) addresses become clickable.
"""
from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any
from urllib.parse import unquote, urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from common.vocabulary import BUCKET_TITLES, VERDICT_TITLES, plural
from reports.fmt import unreached_text

VERDICT_ORDER = {"broken": 0, "blocked": 1, "redirected": 2, "excluded": 3, "ok": 4}


def safe_href(url: object) -> str | None:
    """The URL if it may stand in an href (http or https), else None: shown as text only."""
    if not isinstance(url, str):
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


def display_url(url: object, limit: int = 90) -> str:
    """A URL as a reader would type it: percent-encoded Cyrillic decoded, long ones cut."""
    text = str(url or "")
    with contextlib.suppress(UnicodeDecodeError):
        text = unquote(text, errors="strict")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def days_word(n: int) -> str:
    return plural(n, "день", "дня", "дней")


def nights_word(n: int) -> str:
    return plural(n, "ночь", "ночи", "ночей")


def fmt_datetime(value: object) -> str:
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return str(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    return ""


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("reports", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(safe_href=safe_href, display_url=display_url, days_word=days_word,
                       nights_word=nights_word, datetime=fmt_datetime)
    return env


def render_link_report(
    digest: Any, link_checks: Iterable[Mapping[str, Any]], *, in_report: bool = False
) -> str:
    """The HTML page of one link check: its digest, then every link that is not simply ok.

    `in_report`: the page is links.html of the full report, with a way back to its overview.
    """
    data = digest.to_dict() if hasattr(digest, "to_dict") else dict(digest)
    rows = [dict(c) for c in link_checks]
    rows.sort(key=lambda r: (VERDICT_ORDER.get(r["verdict"], 9), r["url"]))
    problems = [r for r in rows if r["verdict"] != "ok"]
    template = _environment().get_template("links.html")
    return template.render(
        digest=data, rows=problems, total_rows=len(rows), buckets=BUCKET_TITLES,
        verdicts=VERDICT_TITLES, generated=dt.datetime.now().strftime("%d.%m.%Y %H:%M"),
        in_report=in_report,
        unreached=unreached_text(int(data.get("unreached") or 0), int(data.get("longest_wait") or 0)),
    )
