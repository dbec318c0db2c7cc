"""What is kept of a fetched HTML page: title, headings, main text, links, documents.

Pure functions of (decoded HTML, URL): tested on saved HTML strings, no network.
The main text is the visible text without scripts, styles and the site's chrome (menus,
sidebars, footers) where the markup tells them apart; when removing the chrome would
leave next to nothing, the whole body's text is kept instead.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from lxml import etree, html

from common import words
from common.urls import absolute, document_type

MAIN_TEXT_CAP = 200_000  # characters of main text kept per page
HTML_CAP = 2_000_000  # characters of decoded HTML kept per page
LINK_TEXT_CAP = 300

_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_INVISIBLE = {"script", "style", "noscript", "template", "svg", "object", "embed", "head"}
_CHROME_TAGS = {"nav", "aside"}
_EDGE_TAGS = {"header", "footer"}  # chrome unless inside an article / main
# class or id words of site chrome; one list for the crawler's main text, the discovery of
# listings and the checks (checks.page), so that they never disagree on what a menu is
_CHROME_WORD = re.compile(
    r"^(?:[a-z0-9]+[-_])*(?:nav|navbar|navigation|menu|mainmenu|topmenu|leftmenu|umenuroot|sidebar"
    r"|header|footer|breadcrumbs?|crumbs|copy|copyright|cookie|topbar|banner|share)(?:[-_][a-z0-9]+)*$"
)
_BLOCK = {
    "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section",
    "article", "main", "header", "footer", "blockquote", "pre", "dd", "dt", "dl", "br", "hr",
    "form", "address", "figure", "figcaption", "td", "th", "caption", "center",
}
_SPACES = re.compile(r"[ \t\u00a0\u200b\r\f\v]+")


@dataclass
class PageContent:
    title: str | None = None
    headings: list[list[Any]] = field(default_factory=list)  # [[level, text], ...]
    main_text: str = ""
    text_hash: str | None = None
    links: list[dict[str, Any]] = field(default_factory=list)  # [{"url", "text"}]
    documents: list[dict[str, Any]] = field(default_factory=list)  # [{"url", "text", "type"}]
    html: str = ""


def parse_html(text: str) -> html.HtmlElement:
    """An lxml document for any text, however broken; an empty page for no markup at all."""
    text = _XML_DECL.sub("", text, count=1).replace("\x00", "")
    try:
        return html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return html.document_fromstring("<html><body></body></html>")


def clean_text(text: str) -> str:
    """Whitespace collapsed to single spaces."""
    return _SPACES.sub(" ", text.replace("\n", " ")).strip()


def element_text(element: Any) -> str:
    try:
        return clean_text(element.text_content())
    except ValueError:
        return ""


def _tag(element: Any) -> str:
    return element.tag.lower() if isinstance(element.tag, str) else ""


def is_chrome(element: Any) -> bool:
    """Is this element itself a menu, header, footer, sidebar or breadcrumb trail? Told by tag,
    role, class or id; a nav, aside, header or footer inside an article or main is content."""
    tag = _tag(element)
    if tag in _CHROME_TAGS:
        return not any(_tag(a) in ("article", "main") for a in element.iterancestors())
    role = (element.get("role") or "").lower()
    if role in ("navigation", "banner", "contentinfo", "complementary"):
        return True
    if tag in _EDGE_TAGS:
        return not any(_tag(a) in ("article", "main") for a in element.iterancestors())
    names = f"{element.get('class') or ''} {element.get('id') or ''}".lower().split()
    return any(_CHROME_WORD.match(w) for w in names)


def visible_text(root: Any, skip_chrome: bool) -> str:
    """Block-aware visible text of `root` (lines kept, spaces collapsed)."""
    chunks: list[str] = []
    skipping: Any = None
    for event, element in etree.iterwalk(root, events=("start", "end", "comment", "pi")):
        if event in ("comment", "pi") or not isinstance(element.tag, str):
            if skipping is None and element.tail:
                chunks.append(element.tail)
            continue
        tag = element.tag.lower()
        if event == "start":
            if skipping is not None:
                continue
            if tag in _INVISIBLE or (skip_chrome and is_chrome(element)):
                skipping = element
                continue
            if tag in _BLOCK:
                chunks.append("\n")
            if element.text:
                chunks.append(element.text)
        else:
            if skipping is element:
                skipping = None
            elif skipping is not None:
                continue
            elif tag in _BLOCK:
                chunks.append("\n")
            if skipping is None and element.tail:
                chunks.append(element.tail)
    lines = (_SPACES.sub(" ", line).strip() for line in "".join(chunks).split("\n"))
    return "\n".join(line for line in lines if line)


# A line that is nothing but a date and time, "Пятница, 26.04.2024, 21:19": a CMS's clock
# widget (uCoz prints one in every header) shows the time of the request, not an edit.
_CLOCK_WORDS = words.alternation([
    *words.weekday_forms("nominative", "accusative", short=True),
    "сегодня", "сейчас", "время", "дата", "г", "год", "года", "ч", "мин",
    *words.month_forms("nominative", "genitive", "locative"),
])
_CLOCK_LINE = re.compile(rf"(?:(?:{_CLOCK_WORDS})(?![а-яё])|\d+|[\s.,:;/|\-–—])+", re.IGNORECASE)
_CLOCK_TIME = re.compile(r"\d{1,2}:\d{2}")
_CLOCK_DATE = re.compile(r"\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{1,2}\s+[а-яё]{3,}", re.IGNORECASE)


def is_clock_line(line: str) -> bool:
    """A line of a date/time widget only (it changes on every request, not with the page):
    one moment, a date and at most one time; "9:00 – 17:00" is opening hours, not a clock."""
    line = line.strip()
    times = len(_CLOCK_TIME.findall(line))
    moment = times == 1 or (times == 0 and _CLOCK_DATE.search(line) is not None)
    return moment and _CLOCK_LINE.fullmatch(line) is not None


def text_hash(text: str) -> str:
    """sha256 of the text with whitespace normalised, clock lines left out (a changed page
    changes the hash; the time of the request shown in a header does not)."""
    lines = (line for line in text.splitlines() if not is_clock_line(line))
    return hashlib.sha256(" ".join(" ".join(lines).split()).encode("utf-8")).hexdigest()


def link_text(a: Any) -> str:
    text = element_text(a)
    if not text:
        for img in a.iter("img"):
            text = clean_text(img.get("alt") or img.get("title") or "")
            if text:
                break
    if not text:
        text = clean_text(a.get("title") or a.get("aria-label") or "")
    return text[:LINK_TEXT_CAP]


def base_url(doc: Any, url: str) -> str:
    for base in doc.iter("base"):
        href = base.get("href")
        if href:
            return absolute(href, url) or url
    return url


def extract_links(doc: Any, url: str) -> list[dict[str, Any]]:
    """Every `<a href>` of the page: absolute URL (fragment kept) and its text.

    A href that cannot be made into a URL is kept as written, marked `malformed`.
    """
    base = base_url(doc, url)
    links: list[dict[str, Any]] = []
    for a in doc.iter("a"):
        href = a.get("href")
        if href is None:
            continue
        target = absolute(href, base)
        entry: dict[str, Any] = {"url": target if target is not None else href.strip(), "text": link_text(a)}
        if target is None:
            entry["malformed"] = True
        links.append(entry)
    return links


def extract_documents(links: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: set[str] = set()
    documents = []
    for link in links:
        if link.get("malformed"):
            continue
        kind = document_type(link["url"])
        if kind and link["url"] not in seen:
            seen.add(link["url"])
            documents.append({"url": link["url"], "text": link["text"], "type": kind})
    return documents


def extract_headings(doc: Any) -> list[list[Any]]:
    headings = []
    for element in doc.iter("h1", "h2", "h3", "h4", "h5", "h6"):
        text = element_text(element)
        if text:
            headings.append([int(element.tag[1]), text[:500]])
    return headings


def extract_title(doc: Any) -> str | None:
    for title in doc.iter("title"):
        text = element_text(title)
        return text[:1000] or None
    return None


def main_text(doc: Any) -> str:
    body = doc.find("body")
    root = body if body is not None else doc
    text = visible_text(root, skip_chrome=True)
    if len(text) < 100:
        full = visible_text(root, skip_chrome=False)
        if len(full) > 2 * len(text):
            text = full
    return text[:MAIN_TEXT_CAP]


def extract_page(html_text: str, url: str) -> PageContent:
    """Everything kept of an HTML page (decoded text) fetched from `url`."""
    doc = parse_html(html_text)
    links = extract_links(doc, url)
    text = main_text(doc)
    return PageContent(
        title=extract_title(doc),
        headings=extract_headings(doc),
        main_text=text,
        text_hash=text_hash(text),
        links=links,
        documents=extract_documents(links),
        html=html_text[:HTML_CAP],
    )
