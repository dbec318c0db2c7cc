"""A stored page shown inert: no script, no request to the site, nothing navigates.

The response itself is locked by its headers (`SNAPSHOT_CSP`: a CSP sandbox without
scripts, forms or same origin, and no source allowed to load anything but inline styles
and data: images). The HTML is also cleaned by an allow-list (nh3, the Ammonia
sanitiser): only the text-bearing tags in `TAGS` and the attributes in `ATTRIBUTES`
survive, and a link only when it goes to an http(s) or mailto address. Everything else
(scripts, frames, forms, SVG and MathML with their `xlink:href` and `<animate values>`,
refreshes, `<base>`, styles, images' sources, relative links) is gone, so a browser
without CSP still runs and loads nothing. A deny-list would have to know every way a page
can carry a script; an allow-list needs to know only what a reviewer reads.
"""
from __future__ import annotations

import html as htmlmod
import re

import nh3

SNAPSHOT_CSP = ("sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                "form-action 'none'; base-uri 'none'; frame-ancestors 'self'")
NOTICE = ('<p style="margin:0 0 8px;padding:4px 8px;background:#fff3cd;font:13px sans-serif">'
          "Сохранённая копия страницы: скрипты и картинки отключены.</p>")
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
TAGS = frozenset({
    "a", "abbr", "address", "article", "aside", "b", "blockquote", "br", "caption", "cite", "code",
    "col", "colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure",
    "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "i", "img", "ins", "kbd", "li",
    "main", "mark", "nav", "ol", "p", "pre", "q", "s", "section", "small", "span", "strong", "sub",
    "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul",
})
ATTRIBUTES = {
    "*": {"title", "lang", "dir"},
    "a": {"href"},
    "img": {"alt", "width", "height"},  # never src: an image would be a request to the site
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "time": {"datetime"},
}
# Their text is no part of what a reader sees, or is code: dropped with the tag.
DROPPED_WITH_CONTENT = frozenset({"script", "style", "template", "title", "noscript", "textarea", "select"})
_TITLE = re.compile(r"<title[^>]*>(.*?)</title", re.IGNORECASE | re.DOTALL)
_LINK = re.compile(r"(?:https?|mailto):", re.IGNORECASE)


def _only_web_links(tag: str, attribute: str, value: str) -> str | None:
    """An `href` survives only with an absolute http(s) or mailto address."""
    if attribute == "href" and not _LINK.match(value.strip()):
        return None
    return value


def inert_html(html: str) -> str:
    """The page's readable content, cleaned by the allow-list, as a whole HTML document."""
    body = nh3.clean(
        html, tags=set(TAGS), attributes={k: set(v) for k, v in ATTRIBUTES.items()},
        clean_content_tags=set(DROPPED_WITH_CONTENT), url_schemes=set(LINK_SCHEMES),
        attribute_filter=_only_web_links, strip_comments=True, link_rel="noopener noreferrer",
    )
    found = _TITLE.search(html[:200_000])
    title = htmlmod.escape(htmlmod.unescape(found.group(1)).strip()[:300]) if found else ""
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head>'
            f"<body>{NOTICE}{body}</body></html>")
