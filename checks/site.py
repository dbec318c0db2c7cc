"""A centre's stored pages as one small site: which pages are the library's, in what context.

The crawler stores the audited page, the pages under it, and same-host pages and
documents linked from them (DESIGN: crawler/). Not all of them speak for the library: a
school's site-wide menu links "Новости школы", the school's home page has its own news.
`CentreSite` decides:

- the *main page* is the audited page (`CentreVisit.final_url`);
- a page is a *library page* when a library page links to it from its content, or from
  its menu when the target lies under the library page's path (the crawler's scope);
  the school's home page and the site root (unless the library page is the root) never are;
- a library page reached only from inside a section's block (a news item linked from the
  "Новости" list) *inherits* that section as its context: its headings speak for that
  section only (a news item titled "Выставка …" is not the section "Книжные выставки").

`section_context` gives, for an element of a page, the sections whose blocks hold it.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any
from urllib.parse import urlsplit

from checks.page import Heading, Link, PageView, Snapshot
from checks.rulebook import Rulebook
from checks.text import STOP_WORDS, Phrase, all_stems, content_stems
from common import urls

# URL helpers are called for every link of every page: menus repeat, so memoise them
page_key = lru_cache(maxsize=200_000)(urls.page_key)
in_scope = lru_cache(maxsize=200_000)(urls.in_scope)
same_host = lru_cache(maxsize=200_000)(urls.same_host)

# words that may stand beside a section's name without making it another thing
_FILLER = [
    "библиотека", "библиотеки", "ибц", "биц", "мибц", "школьный", "школьная", "наш", "наши",
    "pdf", "doc", "docx", "xls", "xlsx", "rtf", "odt", "ppt", "pptx", "файл",
    "скачать", "страница", "раздел",
]
FILLER_STEMS = frozenset(s for w in _FILLER for s in content_stems(w))
STOP_STEMS = frozenset(all_stems(" ".join(STOP_WORDS)))


@dataclass(frozen=True)
class LinkVerdict:
    """What the link checker (or the crawl) said of one URL."""

    url: str
    verdict: str  # ok | redirected | broken | blocked | excluded
    http_status: int | None = None
    error: str | None = None
    sources: tuple[dict[str, Any], ...] = ()


@dataclass
class HeadingMatch:
    heading: Heading
    sections: dict[str, Phrase]  # section id -> the name that matched
    exact: set[str]  # sections whose name is the whole heading text
    parts: list[Any] = field(default_factory=list)  # the block


def name_matches(text: str, rulebook: Rulebook) -> tuple[dict[str, Phrase], set[str]]:
    """The sections a heading or link text names, and those it names exactly."""
    cached = rulebook.cache.get(text)
    if cached is None:
        cached = rulebook.cache[text] = _name_matches(text, rulebook)
        if len(rulebook.cache) > 100_000:
            rulebook.cache.clear()
    return cached


def _name_matches(text: str, rulebook: Rulebook) -> tuple[dict[str, Phrase], set[str]]:
    stems = all_stems(text)
    if not stems:
        return {}, set()
    found: dict[str, Phrase] = {}
    exact: set[str] = set()
    core = [s for s in stems if not s.isdigit() and s not in FILLER_STEMS and s not in STOP_STEMS]
    for sid, rule in rulebook.sections.items():
        phrase = rule.name_set.match(stems)
        if phrase is None or rule.not_name_set.match(stems):
            continue
        found[sid] = phrase
        if len(core) <= len([s for s in phrase.stems if s not in STOP_STEMS]):
            exact.add(sid)
    return found, exact


class PageAnalysis:
    """The matched headings of one page and the section context of its elements."""

    def __init__(self, view: PageView, rulebook: Rulebook) -> None:
        self.view = view
        self.matches: list[HeadingMatch] = []
        self._context: dict[int, set[str]] = {}
        self._block_ids: set[int] = set()
        for heading in view.headings:
            sections, exact = name_matches(heading.text, rulebook)
            if not sections:
                continue
            match = HeadingMatch(heading, sections, exact, view.block(heading))
            self.matches.append(match)
            for part in match.parts:
                if not isinstance(part, str):
                    self._context.setdefault(id(part), set()).update(sections)
                    self._block_ids.add(id(part))

    def context_of(self, element: Any, include_self: bool = True) -> set[str]:
        """Sections whose blocks hold `element`."""
        found: set[str] = set()
        node = element if include_self else element.getparent()
        while node is not None:
            ctx = self._context.get(id(node))
            if ctx:
                found |= ctx
            node = node.getparent()
        return found

    @cached_property
    def free_text(self) -> str:
        """Content text outside every matched heading and its block."""
        from checks.page import visible_text

        if self.view.root is None:
            return self.view.content_text
        skip = set(self.view.chrome_roots) | self._block_ids
        skip.update(id(m.heading.element) for m in self.matches)
        return visible_text(self.view.root, skip)


class CentreSite:
    """A centre's stored pages, with the library pages and their contexts worked out."""

    def __init__(
        self,
        snapshots: Iterable[Snapshot],
        final_url: str | None,
        rulebook: Rulebook,
        home_url: str | None = None,
        link_verdicts: dict[str, LinkVerdict] | None = None,
    ) -> None:
        self.rulebook = rulebook
        self.snapshots = list(snapshots)
        self.by_key: dict[str, Snapshot] = {}
        for snap in self.snapshots:
            for url in (snap.url, snap.final_url):
                if url:
                    self.by_key.setdefault(page_key(url), snap)
        self.verdicts = {page_key(k): v for k, v in (link_verdicts or {}).items()}
        self.final_url = final_url
        self.home_key = page_key(home_url) if home_url else None
        self.main: Snapshot | None = self.lookup(final_url) if final_url else None
        if self.main is None and self.snapshots:
            self.main = min(self.snapshots, key=lambda s: s.depth)
        self.main_url = (self.main.final_url or self.main.url) if self.main else (final_url or "")
        self.own_site = (urlsplit(self.main_url).path or "/") == "/"
        self._views: dict[int, PageView] = {}
        self._analyses: dict[int, PageAnalysis] = {}
        self.contexts: dict[int, set[str]] = {}  # id(snapshot) -> inherited sections
        self.empty_pages: dict[int, tuple[bool, str]] = {}  # memo of sections.page_is_empty
        self.library_pages: list[Snapshot] = []
        if self.main is not None:
            self._walk()

    # -- lookups ------------------------------------------------------------------
    def lookup(self, url: str) -> Snapshot | None:
        return self.by_key.get(page_key(url))

    def verdict(self, url: str) -> LinkVerdict | None:
        return self.verdicts.get(page_key(url))

    def view(self, snap: Snapshot) -> PageView:
        key = id(snap)
        if key not in self._views:
            self._views[key] = PageView(snap)
        return self._views[key]

    def analysis(self, snap: Snapshot) -> PageAnalysis:
        key = id(snap)
        if key not in self._analyses:
            self._analyses[key] = PageAnalysis(self.view(snap), self.rulebook)
        return self._analyses[key]

    @property
    def main_view(self) -> PageView | None:
        return self.view(self.main) if self.main is not None else None

    def is_html(self, snap: Snapshot) -> bool:
        return not snap.is_document and bool(snap.html)

    def _candidate(self, snap: Snapshot) -> bool:
        if snap is self.main:
            return True
        if not snap.ok or not self.is_html(snap):
            return False
        keys = {page_key(u) for u in (snap.url, snap.final_url) if u}
        if self.home_key and self.home_key in keys:
            return False
        path = urlsplit(snap.final_url or snap.url).path or "/"
        return not (path == "/" and not self.own_site)

    def link_counts(self, link: Link) -> bool:
        """Does this link speak for the library (content, or a menu item inside the scope)?"""
        if not link.chrome:
            return True
        return self.own_site or in_scope(link.url, self.main_url)

    # -- the walk -----------------------------------------------------------------
    def _walk(self) -> None:
        assert self.main is not None
        main = self.main
        self.contexts = {id(main): set()}
        order = [main]
        changed = True
        rounds = 0
        while changed and rounds < 6:
            changed = False
            rounds += 1
            for snap in list(order):
                if not self.is_html(snap):
                    continue
                page_ctx = self.contexts[id(snap)]
                analysis = self.analysis(snap)
                for link in self.view(snap).links:
                    if link.element is None or not self.link_counts(link):
                        continue
                    target = self.lookup(link.url)
                    if target is None or target is snap or not self._candidate(target):
                        continue
                    ctx = page_ctx | analysis.context_of(link.element)
                    key = id(target)
                    if key not in self.contexts:
                        self.contexts[key] = set(ctx)
                        order.append(target)
                        changed = True
                    elif self.contexts[key] and (not ctx or not ctx <= self.contexts[key]):
                        self.contexts[key] = set() if not ctx else self.contexts[key] | ctx
                        changed = True
        self.library_pages = [s for s in order if self.is_html(s)]

    def same_page(self, url: str, snap: Snapshot) -> bool:
        key = page_key(url)
        return key in {page_key(u) for u in (snap.url, snap.final_url) if u}

    def internal(self, url: str) -> bool:
        return bool(self.main_url) and same_host(url, self.main_url)
