"""The score card in an e-mail: the report's card template, wrapped in a short letter.

The card itself comes from `reports.card.render_card_html` / `render_card_text` (the same
`_card.html` partial as the centre's page in the report), so a librarian reads the same
thing in the mail and in the report. This module adds a greeting before it and, where a
reply-to address is set, a line after it; and renders the short link notice.
"""
from __future__ import annotations

import re
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from checks.result import BrokenLink, CentreResult, RunInfo
from reports import fmt, labels
from reports.card import render_card_html, render_card_text

_BODY_OPEN = re.compile(r"<body\b[^>]*>", re.IGNORECASE)
_BODY_CLOSE = re.compile(r"</body\s*>", re.IGNORECASE)


@cache
def templates() -> Environment:
    """HTML templates autoescaped; text ones (.txt) keep their line breaks as written."""
    env = Environment(
        loader=PackageLoader("ibcmon.deliver", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    return env


def render_card(
    centre: CentreResult, run: RunInfo, history: list[Any] | None = None
) -> tuple[str, str]:
    """(HTML document, plain text) of the centre's card; `history`: its past audits."""
    return (
        render_card_html(centre, run, history, standalone=True),
        render_card_text(centre, run, history),
    )


def letter_html(card_html: str, *, librarian: str | None, audit_date: str, reply_to: str) -> str:
    """The card document with a greeting before it and a signature after it."""
    env = templates()
    context = {"librarian": librarian, "audit_date": audit_date, "reply_to": reply_to}
    intro = env.get_template("intro.html").render(**context)
    outro = env.get_template("outro.html").render(**context)
    opened = _BODY_OPEN.search(card_html)
    if opened is None:  # a fragment: make it a document
        return (
            '<!DOCTYPE html>\n<html lang="ru"><head><meta charset="utf-8"></head><body>'
            f"{intro}{card_html}{outro}</body></html>"
        )
    html = card_html[: opened.end()] + intro + card_html[opened.end():]
    closes = list(_BODY_CLOSE.finditer(html))
    if not closes:
        return html + outro
    last = closes[-1].start()
    return html[:last] + outro + html[last:]


def letter_text(card_text: str, *, librarian: str | None, audit_date: str, reply_to: str) -> str:
    return templates().get_template("letter.txt").render(
        card=card_text.strip(), librarian=fmt.clean_text(librarian) or None,
        audit_date=audit_date, reply_to=reply_to,
    )


def links_letter(
    *, name: str, librarian: str | None, links: list[BrokenLink], checked_on: str,
    nights: int, reply_to: str,
) -> tuple[str, str]:
    """(HTML, text) of the short notice on newly broken links."""
    n = len({link.url for link in links})
    items = [
        {
            "url": fmt.clean_text(link.url),
            "href": fmt.safe_url(link.url),
            "shown": fmt.display_url(link.url, 100),
            "text": fmt.shorten(fmt.clean_text(link.text), 120) if link.text else "",
            "problem": labels.http_problem(link.status, link.error),
            "page_url": fmt.clean_text(link.found_on),
            "page_href": fmt.safe_url(link.found_on),
            "page_shown": fmt.display_url(link.found_on, 100),
        }
        for link in links
    ]
    context = {
        "name": fmt.clean_text(name),
        "librarian": fmt.clean_text(librarian) or None,
        "links": items,
        "checked_on": checked_on,
        "verb": fmt.plural(n, "перестала открываться", "перестали открываться", "перестали открываться"),
        "count_text": fmt.count(n, "ссылка", "ссылки", "ссылок"),
        "nights": nights,
        "nights_text": fmt.count(nights, "ночь", "ночи", "ночей"),
        "reply_to": reply_to,
    }
    env = templates()
    return env.get_template("links.html").render(**context), env.get_template("links.txt").render(**context)
