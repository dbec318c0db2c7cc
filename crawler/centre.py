"""One centre's crawl state: its scope, what was scheduled, its status.

The spider keeps one `CentreState` per listed centre. The scope is the audited page's
host and path prefix; pages and documents linked from in-scope pages on the same host
are fetched too (not followed further); `crawl.max_depth` and `crawl.max_pages` cap it.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from common import words
from common.urls import document_type, in_scope, is_social, is_valid_url, page_key, same_host
from crawler.discovery import ListedCentre, norm

# request roles (meta["ibc_role"])
ENTRY = "entry"  # the listed URL
LIBRARY = "library"  # the library page found on a school's home page
PAGE = "page"  # an in-scope page
OUTSIDE = "outside"  # a same-host page outside the path prefix: fetched, not followed
DOCUMENT = "document"  # a linked document: headers only

MAX_URL_LENGTH = 2000

LIBRARY_WORDS = re.compile(words.library_pattern(), re.IGNORECASE)
LIBRARY_LINK = re.compile(
    r"^(?:школьная |наша )?библиотека(?: школы)?$|^(?:школьный |наш )?(?:м?ибц|биц)$|^медиатека$"
    r"|^(?:школьный )?информационно-библиотечный центр(?: \(?м?ибц\)?)?$|^(?:страница )?(?:ибц|библиотеки)$",
)


@dataclass
class CentreState:
    index: int
    listed: ListedCentre
    key: str
    scope_url: str | None = None  # the audited page (its host and path prefix are the scope)
    home_url: str | None = None
    final_url: str | None = None
    status: str | None = None
    reason: str | None = None
    reason_code: str | None = None  # common.labels.CRAWL_ERROR (crawler.status)
    http_status: int | None = None
    seen: set[str] = field(default_factory=set)
    scheduled: int = 0
    inflight: int = 0
    pages: int = 0
    bytes: int = 0
    truncated: int = 0
    time_cut: bool = False  # `crawl.max_centre_time` ran out: no further page was requested
    deadline: float = float("inf")  # time.monotonic() when `crawl.max_centre_time` runs out
    started_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None
    done: bool = False
    merged_into: int | None = None
    aliases: list[str] = field(default_factory=list)

    def claim(self, url: str) -> bool:
        """Mark `url` as scheduled for this centre; False when it was already."""
        key = page_key(url)
        if key in self.seen:
            return False
        self.seen.add(key)
        return True

    def info(self) -> dict[str, Any]:
        """What the store needs to upsert the centre."""
        return {"key": self.key, "name": self.listed.name, "municipality": self.listed.municipality,
                "url": self.listed.url}

    def visit(self) -> dict[str, Any]:
        """The CentreVisit of this run."""
        return {
            "centre": self.info(),
            "name": self.listed.name,
            "municipality": self.listed.municipality,
            "listed_url": self.listed.url,
            "listed_on": self.listed.listed_on,
            "aliases": list(dict.fromkeys(self.listed.aliases + self.aliases)),
            "home_url": self.home_url,
            "final_url": self.final_url,
            "status": self.status or "error",
            "reason": self.reason,
            "reason_code": self.reason_code,
            "http_status": self.http_status,
            "pages": self.pages,
            "bytes": self.bytes,
            "started_at": self.started_at,
            "finished_at": self.finished_at,
        }


def is_library_page(title: str | None, headings: list[list[Any]]) -> bool:
    """The page's title or first-level heading names a library (ИБЦ, библиотека, медиатека)."""
    texts = [title or ""] + [h[1] for h in headings if h[0] == 1]
    return any(LIBRARY_WORDS.search(t) for t in texts)


def names_library(text: str) -> bool:
    """Does a link's text name the library alone: «Библиотека», «ИБЦ», also two such names
    side by side («Библиотека (ИБЦ)», «ИБЦ – библиотека»)?"""
    text = norm(text).strip(" .:«»\"")
    if LIBRARY_LINK.match(text):
        return True
    parts = [p.strip(" .:«»\"") for p in re.split(r"[()\[\]/|]+|\s[–—-]\s", text)]
    parts = [p for p in parts if p]
    return 1 < len(parts) <= 3 and all(LIBRARY_LINK.match(p) for p in parts)


def find_library_link(links: list[dict[str, Any]], page_url: str) -> str | None:
    """On a school's home page, the link to its library page ("Библиотека", "ИБЦ", ...)."""
    candidates = []
    for link in links:
        if link.get("malformed") or not is_valid_url(link["url"]) or is_social(link["url"]):
            continue
        if names_library(link.get("text") or ""):
            candidates.append(link["url"].split("#", 1)[0])
    same = [u for u in candidates if same_host(u, page_url)]
    pick = (same or candidates or [None])[0]
    if pick and page_key(pick) == page_key(page_url):
        return None
    return pick


def plan_links(state: CentreState, links: list[dict[str, Any]], depth: int, role: str,
               max_depth: int, fetch_documents: bool) -> list[tuple[str, str, int]]:
    """The links of a fetched page to request next: [(url, role, depth)], in-scope pages first.

    Only in-scope pages (entry, library, page) are followed; outside pages and documents
    are leaves. Links already scheduled for this centre are skipped.
    """
    if role not in (ENTRY, LIBRARY, PAGE) or state.scope_url is None:
        return []
    scope = state.scope_url
    pages: list[tuple[str, str, int]] = []
    docs: list[tuple[str, str, int]] = []
    outside: list[tuple[str, str, int]] = []
    for link in links:
        url = link["url"]
        if link.get("malformed") or not url.lower().startswith(("http://", "https://")):
            continue
        url = url.split("#", 1)[0]
        if len(url) > MAX_URL_LENGTH or not is_valid_url(url) or not same_host(url, scope):
            continue
        if document_type(url):
            if fetch_documents:
                docs.append((url, DOCUMENT, depth + 1))
        elif depth + 1 > max_depth:
            continue
        elif in_scope(url, scope):
            pages.append((url, PAGE, depth + 1))
        else:
            outside.append((url, OUTSIDE, depth + 1))
    return pages + docs + outside
