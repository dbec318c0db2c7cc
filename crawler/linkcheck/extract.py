"""The extract stage: the links of a run's stored pages, and what the crawl already knows.

Reads only the store (the crawler's `Page` rows): no network. The crawler keeps each
page's links as absolute URLs with the fragment; documents linked from a page are
links too.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crawler.linkcheck.check import Known
from crawler.linkcheck.urls import normalize_url
from store.models import Page


@dataclass(frozen=True)
class FoundLink:
    """One link as it stands on one page of a centre."""

    centre_id: int
    page_url: str  # the page it stands on (after redirects)
    href: str  # as stored by the crawler (absolute, fragment kept)
    text: str = ""


def extract_links(session: Session, run_id: int) -> list[FoundLink]:
    """Every link on every page of the run, in page order (one per page and href)."""
    rows = session.execute(
        select(Page.centre_id, Page.url, Page.final_url, Page.links, Page.documents)
        .where(Page.run_id == run_id)
        .order_by(Page.centre_id, Page.id)
    ).all()
    found: list[FoundLink] = []
    for centre_id, url, final_url, links, documents in rows:
        page_url = final_url or url
        seen: set[str] = set()
        for item in _link_items(links, documents):
            href = str(item.get("url") or "")
            if not href or href in seen:
                continue
            seen.add(href)
            found.append(FoundLink(centre_id, page_url, href, _text(item.get("text"))))
    return found


def _link_items(*lists: Iterable[object] | None) -> Iterator[dict[str, object]]:
    for items in lists:
        for item in items or ():
            if isinstance(item, dict):
                yield item
            elif isinstance(item, str):
                yield {"url": item}


def _text(value: object) -> str:
    return " ".join(str(value or "").split())[:300]


def crawl_results(session: Session, run_id: int) -> dict[str, Known]:
    """{canonical URL: what the crawl got}, under both the requested and the final URL.

    The requested URL carries the crawl's redirect hops (`Page.headers["_redirects"]`);
    the final URL answered by itself, without any.
    """
    rows = session.execute(
        select(Page.url, Page.final_url, Page.http_status, Page.error, Page.headers).where(Page.run_id == run_id)
    ).all()
    known: dict[str, Known] = {}
    for url, final_url, status, error, headers in rows:
        if status is None and not error:
            continue
        final = normalize_url(final_url) if final_url else None
        hops = (headers or {}).get("_redirects") if isinstance(headers, dict) else None
        chain = crawl_chain(hops, final)
        key = normalize_url(url) if url else None
        if key and key not in known:
            known[key] = Known(status=status, error=error, final_url=final, redirects=chain)
        if final and final not in known:
            known[final] = Known(status=status, error=error, final_url=final)
    return known


def crawl_chain(hops: object, final_url: str | None) -> list[list[Any]]:
    """The crawl's hops in the checker's form: `[[status, target], ...]`.

    The crawler stores Scrapy's `redirect_urls` with their reasons: each hop names the URL
    that *answered* with the redirect, `[[301, A], [302, B]]` for A → B → final. The
    checker records where each hop *leads*: `[[301, B], [302, final]]`. Anything that is
    not such a list (an old or hand-made row) gives no chain.
    """
    if not isinstance(hops, list) or not hops or not final_url:
        return []
    answered: list[tuple[Any, str]] = []
    for hop in hops:
        if not isinstance(hop, list | tuple) or len(hop) != 2 or not hop[1]:
            return []
        answered.append((hop[0], str(hop[1])))
    targets = [u for _, u in answered[1:]] + [final_url]
    return [[status, normalize_url(target) or target] for (status, _), target in zip(answered, targets, strict=True)]


_ANCHOR = re.compile(r"""\b(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""", re.IGNORECASE)


def page_anchors(html: str) -> set[str]:
    """The ids and `<a name>`s of a page (lenient: any id= or name= attribute counts)."""
    return {next(g for g in m.groups() if g is not None).strip() for m in _ANCHOR.finditer(html)}


def stored_html(session: Session, run_id: int, urls: set[str]) -> dict[str, str]:
    """{canonical URL: decoded HTML} of the run's pages among `urls` (for anchor checks)."""
    if not urls:
        return {}
    out: dict[str, str] = {}
    rows = session.execute(
        select(Page.url, Page.final_url, Page.html_z).where(Page.run_id == run_id, Page.html_z.is_not(None))
    ).all()
    for url, final_url, html_z in rows:
        keys = {k for k in (normalize_url(url), normalize_url(final_url or "")) if k and k in urls}
        if not keys:
            continue
        page = Page(html_z=html_z)
        html = page.html or ""
        for key in keys:
            out.setdefault(key, html)
    return out
