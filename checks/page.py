"""A stored page as the checks see it: content vs chrome, headings and their blocks, links.

`Snapshot` is the plain data of one stored `Page` row (tests build it from HTML strings);
`PageView` parses its HTML once and answers what the checks ask:

- *chrome* (menus, headers, footers, sidebars, breadcrumbs) is told by tag, role, class
  and id; everything else in `<body>` is content;
- a *heading* is `h1`–`h6`, an element whose class names it a title (`<div
  class="block-title">`, level 6), or a short bold run opening a paragraph ("<p><b>
  Контакты</b><br>…", level 7);
- a heading's *block* is what stands behind it: for `h1`–`h6` its following siblings up
  to the next sibling heading of the same or a higher level (a sibling container holding
  a heading is an item of the block, e.g. a blog post's `<h2>` under `<h3>Новости</h3>`);
  a heading wrapped alone in a container takes the container's following siblings; a
  bold run takes the rest of its paragraph, else the next non-empty sibling.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any
from urllib.parse import urldefrag

from checks.text import normalise
from checks.tuning import FEED_DATE_LINE_CHARS, FEED_LINE_CHARS, FEED_MIN_ITEMS
from common import words
from common.extract import clean_text, is_chrome, link_text, parse_html
from common.urls import absolute, document_type

HEADING_TAGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
PSEUDO_LEVEL = 7
# what is read of a page's HTML: a library page is far smaller; a 15 MB photo archive
# must not cost seconds of every grading
MAX_HTML_CHARS = 400_000
MAX_TABLES = 200  # tables of one page read for their text (a plan's table)
MAX_LIST_ITEMS = 2000  # list items of one page read as items (not labels over the next ones)
_INVISIBLE = {"script", "style", "noscript", "template", "svg", "object", "embed", "head", "select", "option"}
_BLOCK_TAGS = {
    "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section",
    "article", "main", "header", "footer", "blockquote", "pre", "dd", "dt", "dl", "br", "hr",
    "form", "address", "figure", "figcaption", "td", "th", "caption", "center", "tbody", "nav",
}
_CONTAINER_BLOCKS = {
    "ul", "ol", "p", "div", "table", "dl", "section", "article", "form", "blockquote",
    "h1", "h2", "h3", "h4", "h5", "h6",  # an unclosed heading nests the next one
}
_PSEUDO_PARENTS = {"p", "div", "li", "td"}
# a title told by its class (`<div class="block-title">Режим работы</div>`): like an h6
CLASS_TITLE_LEVEL = 6
_CLASS_TITLE_TAGS = {"div", "span", "p", "td", "dt", "strong"}
_CLASS_TITLE_WORD = re.compile(r"^(?:[a-z0-9]+[-_])*(?:title|heading|zagolovok)(?:[-_][a-z0-9]+)*$|^etitle$")
_CLASS_TITLE_MAX_CHARS = 120
_PSEUDO_MAX_CHARS = 80
# a feed of dated posts: items and their dates ("09.11.2026", "9 ноября 2026", "Октябрь 3, 2026")
_FEED_ITEM_TAGS = {"article", "div", "li", "section", "tr", "dd", "dl"}
_MONTHS = words.alternation(words.month_forms("nominative", "genitive", "locative", english=True))
# a month in a feed's date may also be short («12 ноя 2019», «12 нояб. 2019», a theme's badge)
_DAY_MONTHS = words.alternation(words.month_forms("nominative", "genitive", "locative", short=True, english=True))
_FEED_DATE = re.compile(
    rf"(?<![\d.])\d{{1,2}}[./]\d{{1,2}}[./]\d{{4}}(?!\d)|\b\d{{1,2}}\s+{_DAY_MONTHS}\.?,?\s+\d{{4}}"
    rf"|\b{_MONTHS}\s+\d{{1,2}},\s+\d{{4}}|\b\d{{4}}-\d{{2}}-\d{{2}}\b",
    re.IGNORECASE,
)
FEED_ITEM_CHARS = 600
# a post's title has a word: a line of a layout's separators («|», «| |») is none, and a
# methodologist reading ««|»; «| |»» as the feed's evidence could not check it
_TITLE_WORD = re.compile(r"[^\W\d_]{2}")
_SPACES = re.compile(r"[ \t\u00a0\u200b\r\f\v]+")


@dataclass
class Snapshot:
    """One stored page or document of a centre (the fields of `store.models.Page` the
    checks read)."""

    url: str
    final_url: str
    http_status: int | None = 200
    error: str | None = None
    content_type: str | None = "text/html; charset=utf-8"
    headers: dict[str, Any] = field(default_factory=dict)
    fetched_at: dt.datetime | None = None
    is_document: bool = False
    title: str | None = None
    headings: list[Any] = field(default_factory=list)
    main_text: str | None = None
    text_hash: str | None = None
    links: list[Any] = field(default_factory=list)
    documents: list[Any] = field(default_factory=list)
    html: str | None = None
    depth: int = 0

    @property
    def ok(self) -> bool:
        return self.error is None and self.http_status is not None and self.http_status < 400

    @property
    def fetch_date(self) -> dt.date | None:
        return self.fetched_at.date() if self.fetched_at else None


@dataclass
class Heading:
    element: Any
    level: int
    text: str


@dataclass
class Link:
    url: str  # absolute, fragment removed
    text: str
    element: Any
    chrome: bool
    document: bool
    raw: str = ""  # the href as written


def _tag(element: Any) -> str:
    return element.tag.lower() if isinstance(element.tag, str) else ""


def own_chrome(element: Any) -> bool:
    """Is this element itself a menu, header, footer, sidebar or breadcrumb trail?"""
    return is_chrome(element)  # one detector for the crawler and the checks (common.extract)


def visible_text(element: Any, skip: set[int] | None = None, with_tail: bool = False) -> str:
    """Block-aware visible text of `element` (lines kept, spaces collapsed)."""
    chunks: list[str] = []
    _collect(element, chunks, skip or set())
    if with_tail and element.tail:
        chunks.append(element.tail)
    return _lines("".join(chunks))


def _lines(text: str) -> str:
    text = _SPACES.sub(" ", text)
    lines = (line.strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _collect(element: Any, chunks: list[str], skip: set[int]) -> None:
    """Append the visible text of `element` to `chunks` (iterative: broken HTML nests deep)."""
    stack: list[tuple[int, Any]] = [(0, element)]  # 0 open an element, 1 text, 2 close a block
    while stack:
        kind, item = stack.pop()
        if kind == 1:
            chunks.append(item)
            continue
        if kind == 2:
            chunks.append("\n")
            continue
        tag = _tag(item)
        if not tag or tag in _INVISIBLE or id(item) in skip:
            continue
        if tag in _BLOCK_TAGS:
            chunks.append("\n")
            stack.append((2, None))
        if item.text:
            chunks.append(item.text)
        for child in reversed(item):
            if child.tail:
                stack.append((1, child.tail))
            stack.append((0, child))


class PageView:
    """One snapshot, parsed once."""

    def __init__(self, snap: Snapshot) -> None:
        self.snap = snap
        self.url = snap.final_url or snap.url
        self.root: Any = None
        if snap.html and not snap.is_document:
            doc = parse_html(snap.html[:MAX_HTML_CHARS])
            body = doc.find("body")
            self.doc = doc
            self.root = body if body is not None else doc
            # keep every element proxy alive: the caches below key elements by id()
            self._alive = list(doc.iter())
        self._chrome: dict[int, bool] = {}

    # -- chrome -------------------------------------------------------------------
    def in_chrome(self, element: Any) -> bool:
        """Is the element inside a menu, header, footer, sidebar (or one itself)?"""
        path = []
        node = element
        inherited = False
        while node is not None:
            known = self._chrome.get(id(node))
            if known is not None:
                inherited = known
                break
            path.append(node)
            if node is self.root:
                break
            node = node.getparent()
        for node in reversed(path):
            inherited = own_chrome(node) or inherited
            self._chrome[id(node)] = inherited
        return inherited

    @cached_property
    def chrome_roots(self) -> set[int]:
        """Ids of the outermost chrome elements (to skip them when reading content)."""
        roots: set[int] = set()
        if self.root is None:
            return roots
        stack = [self.root]
        while stack:
            element = stack.pop()
            for child in element:
                if not _tag(child):
                    continue
                if own_chrome(child):
                    roots.add(id(child))
                else:
                    stack.append(child)
        return roots

    # -- content ------------------------------------------------------------------
    @cached_property
    def content_text(self) -> str:
        if self.root is None:
            return self.snap.main_text or ""
        return visible_text(self.root, self.chrome_roots)

    @cached_property
    def content_lines(self) -> list[str]:
        """The content's non-blank lines, stripped (a flat feed's items, a post's top lines
        and its signature are read from them)."""
        return [ln.strip() for ln in self.content_text.split("\n") if ln.strip()]

    @cached_property
    def title(self) -> str:
        if self.root is not None:
            for t in self.doc.iter("title"):
                return clean_text(t.text_content())
        return self.snap.title or ""

    @cached_property
    def has_viewport(self) -> bool:
        if self.root is None:
            return False
        for meta in self.doc.iter("meta"):
            if (meta.get("name") or "").lower() == "viewport" and "width" in (meta.get("content") or "").lower():
                return True
        return False

    @cached_property
    def headings(self) -> list[Heading]:
        """Content headings in document order (h1–h6 and bold paragraph openers)."""
        out: list[Heading] = []
        if self.root is None:
            return out
        for element in self.root.iter():
            tag = _tag(element)
            if tag in HEADING_TAGS:
                if self.in_chrome(element):
                    continue
                text = self._heading_text(element)
                if text:
                    out.append(Heading(element, HEADING_TAGS[tag], text))
            elif _is_class_title(element):
                if not self.in_chrome(element):
                    out.append(Heading(element, CLASS_TITLE_LEVEL, clean_text(element.text_content())))
            elif tag in ("b", "strong") and self._is_pseudo(element) and not self.in_chrome(element):
                out.append(Heading(element, PSEUDO_LEVEL, clean_text(element.text_content())))
        return out

    @staticmethod
    def _heading_text(element: Any) -> str:
        # a heading that swallowed its body (unclosed <h2> around a list): its own text only
        if any(_tag(c) in _CONTAINER_BLOCKS for c in element):
            parts = [element.text or ""]
            for child in element:
                if _tag(child) in _CONTAINER_BLOCKS:
                    break
                parts.append(child.text_content() + (child.tail or ""))
            return clean_text("".join(parts))
        return clean_text(element.text_content())

    @staticmethod
    def _is_pseudo(element: Any) -> bool:
        node, parent = element, element.getparent()
        # «<p><span style="font-size:14pt"><b>…</b></span></p>»: look through the spans and
        # fonts editors wrap a bold opener in
        for _ in range(_BOLD_WRAPPER_DEPTH):
            if parent is None or _tag(parent) not in _BOLD_WRAPPERS or (parent.text or "").strip():
                break
            if next((c for c in parent if _tag(c)), None) is not node:
                return False
            node, parent = parent, parent.getparent()
        if parent is None or _tag(parent) not in _PSEUDO_PARENTS:
            return False
        if (parent.text or "").strip():
            return False
        text = clean_text(element.text_content())
        first = next((c for c in parent if _tag(c)), None)
        if first is not node:
            return False
        return bool(text) and len(text) <= _PSEUDO_MAX_CHARS and bool(re.search(r"[а-яА-ЯёЁa-zA-Z]{3}", text))

    @cached_property
    def links(self) -> list[Link]:
        out: list[Link] = []
        if self.root is None:
            for item in self.snap.links or []:
                url = item.get("url") or ""
                if url.startswith(("http://", "https://")):
                    clean = urldefrag(url)[0]
                    out.append(Link(clean, item.get("text") or "", None, False, bool(document_type(clean)), url))
            return out
        for a in self.root.iter("a"):
            href = a.get("href")
            if href is None:
                continue
            resolved = _resolve(href, self.url)
            if resolved is None:
                if href.strip().lower().startswith("mailto:"):
                    out.append(Link(href.strip(), link_text(a), a, self.in_chrome(a), False, href))
                continue
            clean, is_document = resolved
            out.append(Link(clean, link_text(a), a, self.in_chrome(a), is_document, href))
        return out

    @cached_property
    def dated_items(self) -> list[str]:
        """The items of a feed of dated posts in the content: at least two sibling elements
        of one kind (`<article>`, `<div class="item">`, `<li>`), each with its own title (a
        heading or a link to a page) and a date. Dated paragraphs are not a feed."""
        best: list[str] = []
        if self.root is None:
            return best
        for parent in self.root.iter():
            if not _tag(parent) or len(parent) < 2 or self.in_chrome(parent):
                continue
            groups: dict[tuple[str, str], list[str]] = {}
            for child in parent:
                tag = _tag(child)
                # a paragraph is an item when the site marks it one (<p class="news-item">) or
                # when it is a short line: a date and a linked title, not a dated story
                if tag not in _FEED_ITEM_TAGS and not (tag == "p" and (
                    child.get("class") or len(child.text_content()) <= FEED_LINE_CHARS
                )):
                    continue
                item = self._feed_item(child)
                if item:
                    groups.setdefault((tag, child.get("class") or ""), []).append(item)
            for items in groups.values():
                if len(items) >= FEED_MIN_ITEMS and len(items) > len(best):
                    best = items
        return best or self._flat_dated_items()

    @staticmethod
    def is_date_line(line: str) -> bool:
        """A line that is a post's date and nothing else («суббота, 28 ноября 2020 г.»,
        «27.10.2014»)."""
        m = _FEED_DATE.search(line)
        if not m or len(line) > FEED_DATE_LINE_CHARS:
            return False
        rest = line[: m.start()] + line[m.end() :]
        return all(w in _DATE_LINE_WORDS for w in re.findall(r"[а-яё]+", rest.lower()))

    def _flat_dated_items(self) -> list[str]:
        """A feed laid out flat (a Blogspot archive): a line that is a date, then the post's
        title on the next line, at least twice."""
        lines = self.content_lines
        items = []
        for i, line in enumerate(lines[:-1]):
            title = lines[i + 1]
            if (self.is_date_line(line) and len(title) <= FEED_LINE_CHARS and " | " not in title
                    and _TITLE_WORD.search(title) and not _FEED_DATE.search(title)):
                items.append(title[:100])
        if len(items) < FEED_MIN_ITEMS:
            items = self._flat_items_with_details(lines)
        return items if len(items) >= FEED_MIN_ITEMS else []

    @staticmethod
    def _flat_items_with_details(lines: list[str]) -> list[str]:
        """A uCoz or WordPress list laid out flat: the post's title, a line or two of teaser,
        then its details line with the date («Добавлено (06.04.2026, 15:16) | Просмотров: 45»)."""
        items = []
        for i, line in enumerate(lines):
            if not (_FEED_DATE.search(line) and _FEED_DETAILS.search(line)) or len(line) > FEED_LINE_CHARS:
                continue
            title = next((lines[j] for j in range(i - 1, max(i - 4, -1), -1)
                          if len(lines[j]) <= FEED_LINE_CHARS and _TITLE_WORD.search(lines[j])
                          and not _FEED_DATE.search(lines[j])
                          and not _FEED_DETAILS.search(lines[j])), None)
            if title is not None and title[:100] not in items:
                items.append(title[:100])
        return items

    def _feed_item(self, element: Any) -> str | None:
        """"Title (date)" of one post, or None."""
        text = clean_text(element.text_content())[:FEED_ITEM_CHARS]
        dated = _FEED_DATE.search(text) or any(t.get("datetime") for t in element.iter("time"))
        if not dated:
            return None
        for node in element.iter():
            tag = _tag(node)
            if tag in HEADING_TAGS and clean_text(node.text_content()):
                return clean_text(node.text_content())[:100]
            if tag == "a" and node.get("href") and len(clean_text(node.text_content())) >= 3:
                resolved = _resolve(node.get("href"), self.url)
                if resolved is not None and not resolved[1]:
                    return clean_text(node.text_content())[:100]
        return None

    @cached_property
    def published_post(self) -> str | None:
        """The page is itself a published post (a dated blog entry about an event): the date
        it was published, as marked up (`article:published_time`, `<time class="published">`,
        `itemprop="datePublished"`); None for other pages."""
        if self.root is None:
            return None
        for value, element in self.time_values:
            tag = _tag(element)
            prop = (element.get("property") or element.get("itemprop") or element.get("name") or "").lower()
            classes = (element.get("class") or "").lower().split()
            if prop in ("article:published_time", "datepublished") or (tag == "time" and "published" in classes):
                return value[:40]
        return None

    @cached_property
    def _ids(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.root is None:
            return out
        for element in self.root.iter():
            value = element.get("id") if _tag(element) else None
            if value:
                out.setdefault(value, element)
        return out

    def element_by_id(self, fragment: str) -> Any | None:
        """The container a "#fragment" link opens (a tab pane); a heading or an empty
        anchor is judged as what it is, not as a pane."""
        element = self._ids.get(fragment)
        if element is None or _tag(element) in HEADING_TAGS or _tag(element) == "a":
            return None
        return element

    @cached_property
    def list_item_texts(self) -> frozenset[str]:
        """The normalised texts of the content's list items that stand in a list of two or
        more («• книжные выставки» / «• тематические мероприятия» / «• обзоры литературы»):
        what follows such an item is the next item, not its content."""
        if self.root is None:
            return frozenset()
        out: set[str] = set()
        for parent in self.root.iter("ul", "ol"):
            items = [c for c in parent if _tag(c) == "li"]
            if len(items) < 2 or self.in_chrome(parent):
                continue
            out.update(normalise(clean_text(li.text_content())) for li in items[:MAX_LIST_ITEMS])
            if len(out) >= MAX_LIST_ITEMS:
                break
        return frozenset(out)

    @cached_property
    def table_texts(self) -> list[str]:
        """The visible text of each table of the content, one line a cell (tables nested in
        another are part of its text)."""
        if self.root is None:
            return []
        out: list[str] = []
        for table in self.root.iter("table"):
            if self.in_chrome(table) or any(_tag(a) == "table" for a in table.iterancestors()):
                continue
            out.append(visible_text(table, self.chrome_roots))
            if len(out) >= MAX_TABLES:
                break
        return out

    @cached_property
    def feedback_forms(self) -> list[Any]:
        """Content forms where a visitor can write a message (a textarea)."""
        if self.root is None:
            return []
        return [f for f in self.root.iter("form") if not self.in_chrome(f) and any(True for _ in f.iter("textarea"))]

    @cached_property
    def time_values(self) -> list[tuple[str, Any]]:
        """`<time datetime>` and date meta tags of the content: [(value, element)]."""
        out: list[tuple[str, Any]] = []
        if self.root is None:
            return out
        for t in self.root.iter("time"):
            value = t.get("datetime")
            if value and not self.in_chrome(t):
                out.append((value, t))
        for meta in self.doc.iter("meta"):
            prop = (meta.get("property") or meta.get("itemprop") or meta.get("name") or "").lower()
            if prop in ("article:published_time", "article:modified_time", "datepublished", "datemodified"):
                out.append((meta.get("content") or "", meta))
        for element in self.root.iter():
            prop = (element.get("itemprop") or "").lower() if _tag(element) else ""
            if prop in ("datepublished", "datemodified") and _tag(element) not in ("meta", "time"):
                value = element.get("content") or element.get("datetime")
                if value and not self.in_chrome(element):
                    out.append((value, element))
        return out

    # -- blocks -------------------------------------------------------------------
    def block(self, heading: Heading) -> list[Any]:
        """What stands behind a heading: elements and loose text strings, in order."""
        element = heading.element
        if heading.level == PSEUDO_LEVEL:
            return self._pseudo_block(element)
        parts: list[Any] = []
        # an unclosed heading that swallowed its body
        swallowed = False
        for child in element:
            if swallowed or _tag(child) in _CONTAINER_BLOCKS:
                swallowed = True
                parts.append(child)
        if element.tail and element.tail.strip():
            parts.append(element.tail)
        parts.extend(self._siblings(element, heading.level, wrapped=False))
        if _has_content(parts):
            return parts
        # a heading alone in a wrapper: the wrapper's following siblings
        node = element
        for _ in range(3):
            parent = node.getparent()
            if parent is None or parent is self.root or self.in_chrome(parent):
                break
            if clean_text(parent.text_content()) != clean_text(node.text_content()):
                break
            node = parent
            parts = list(self._siblings(node, heading.level, wrapped=True))
            if node.tail and node.tail.strip():
                parts.insert(0, node.tail)
            if _has_content(parts):
                return parts
        return parts

    def _siblings(self, element: Any, level: int, wrapped: bool) -> Iterator[Any]:
        for sibling in element.itersiblings():
            tag = _tag(sibling)
            if not tag:
                if sibling.tail and sibling.tail.strip():
                    yield sibling.tail
                continue
            if tag in HEADING_TAGS and HEADING_TAGS[tag] <= level and not is_value_line(clean_text(sibling.text_content())):
                return
            if level >= CLASS_TITLE_LEVEL and (_is_class_title(sibling) or _is_bold_line(sibling)):
                return  # "<p><strong>Читательские проекты</strong></p>" is a title of the same rank
            if wrapped and self._opens_with_heading(sibling, level):
                return
            if self.in_chrome(sibling):
                continue
            yield sibling
            if sibling.tail and sibling.tail.strip():
                yield sibling.tail

    @staticmethod
    def _opens_with_heading(element: Any, level: int) -> bool:
        node = element
        for _ in range(4):
            if (node.text or "").strip():
                return False
            first = next((c for c in node if _tag(c)), None)
            if first is None:
                return False
            tag = _tag(first)
            if tag in HEADING_TAGS:
                return HEADING_TAGS[tag] <= level
            node = first
        return False

    def _pseudo_block(self, element: Any) -> list[Any]:
        parts: list[Any] = []
        if element.tail and element.tail.strip():
            parts.append(element.tail)
        for sibling in element.itersiblings():
            if _tag(sibling):
                parts.append(sibling)
            if sibling.tail and sibling.tail.strip():
                parts.append(sibling.tail)
        if _has_content(parts):
            return parts
        parent = element.getparent()
        for _ in range(_BOLD_WRAPPER_DEPTH):  # out of the spans the bold opener was wrapped in
            if parent is None or _tag(parent) not in _BOLD_WRAPPERS or parent.getparent() is None:
                break
            parent = parent.getparent()
        for sibling in parent.itersiblings():
            tag = _tag(sibling)
            if not tag:
                continue
            if tag in HEADING_TAGS or self.in_chrome(sibling):
                break
            if clean_text(sibling.text_content()) or _has_links(sibling):
                return [sibling]
        return parts

    def block_text(self, parts: list[Any]) -> str:
        chunks: list[str] = []
        skip = self.chrome_roots
        for part in parts:
            if isinstance(part, str):
                chunks.append(part)
            else:
                _collect(part, chunks, skip)
            chunks.append("\n")
        return _lines("".join(chunks))

    def block_links(self, parts: list[Any]) -> list[Link]:
        ids: set[int] = set()
        for part in parts:
            if not isinstance(part, str):
                ids.update(id(e) for e in part.iter("a"))
        return [link for link in self.links if link.element is not None and id(link.element) in ids]

    def block_forms(self, parts: list[Any]) -> bool:
        for part in parts:
            if not isinstance(part, str) and any(True for f in part.iter("form") for _ in f.iter("textarea")):
                return True
            if not isinstance(part, str) and _tag(part) == "form":
                return True
        return False


# hours or a figure set as a heading («с 10-00 до 17-00», «понедельник 8 - 17»): a value under
# the heading before it, not a heading of its own
_VALUE_LINE = re.compile(r"\d{1,2}(?:[.:\-]\d{2})?\s*(?:[\-–—]|до)\s*\d{1,2}(?:[.:\-]\d{2})?(?!\d)")


# the words a post's date line may hold besides the date («суббота, 28 ноября 2020 г.»);
# «Сегодня: …» is a widget, «от 15.01.2021 № 3» an order, «28.11.2026 – Собрание» an item
_FEED_DETAILS = re.compile(r"(?<![а-яё])" + words.alternation(words.FEED_DETAIL_WORDS) + r"(?![а-яё])", re.IGNORECASE)
_DATE_LINE_WORDS = frozenset([*words.weekday_forms("nominative", short=True, english=True), *words.DATE_LINE_WORDS])
# a Госвеб schedule table read line by line: «Пн», «Вт», «выходной» are cells, not headings
_VALUE_WORD = re.compile(
    r"^" + words.alternation([*words.weekday_forms("nominative", short=True), *words.SCHEDULE_CELLS])
    + r"\.?$", re.IGNORECASE)


def is_value_line(text: str) -> bool:
    return bool(text) and len(text) <= 60 and (bool(_VALUE_LINE.search(text)) or bool(_VALUE_WORD.match(text)))


_BOLD_WRAPPERS = {"span", "font", "u", "em", "i"}
_BOLD_WRAPPER_DEPTH = 3


def _is_bold_line(element: Any) -> bool:
    """A paragraph that is one bold run and nothing else: a title of a class title's rank."""
    if _tag(element) not in ("p", "div") or (element.text or "").strip():
        return False
    node = element
    # «<p><span style="font-size:14pt"><b>Читательские проекты</b></span></p>»: editors wrap
    # the bold run in spans and fonts; look through single wrappers
    for _ in range(_BOLD_WRAPPER_DEPTH):
        children = [c for c in node if _tag(c)]
        if len(children) != 1 or (children[0].tail or "").strip():
            return False
        node = children[0]
        if _tag(node) in ("b", "strong"):
            text = clean_text(element.text_content())
            return bool(text) and len(text) <= _PSEUDO_MAX_CHARS
        if _tag(node) not in _BOLD_WRAPPERS or (node.text or "").strip():
            return False
    return False


def _is_class_title(element: Any) -> bool:
    if _tag(element) not in _CLASS_TITLE_TAGS:
        return False
    classes = (element.get("class") or "").lower().split()
    if not any(_CLASS_TITLE_WORD.match(c) for c in classes):
        return False
    if any(_tag(c) in _CONTAINER_BLOCKS for c in element):
        return False
    text = clean_text(element.text_content())
    return bool(text) and len(text) <= _CLASS_TITLE_MAX_CHARS


@lru_cache(maxsize=200_000)
def _resolve(href: str, base: str) -> tuple[str, bool] | None:
    """(absolute URL without fragment, is a document) of a web link; None for others."""
    target = absolute(href, base)
    if not target or not target.startswith(("http://", "https://")):
        return None
    clean = urldefrag(target)[0]
    return clean, bool(document_type(clean))


def _has_content(parts: list[Any]) -> bool:
    for part in parts:
        if isinstance(part, str):
            if part.strip():
                return True
        elif clean_text(part.text_content()) or _has_links(part) or _tag(part) in ("img", "form", "iframe"):
            return True
    return False


def _has_links(element: Any) -> bool:
    return any(True for _ in element.iter("a", "img", "iframe", "form"))

