"""The collect stage: found links → unique canonical URLs with every place they stand.

Each URL is checked once per run however many pages and centres link to it; its
`sources` say where it stands (centre, page, link text, fragment, internal or not).
Links that are no links (mailto:, "#", ...) are dropped here, by the filter.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from crawler.linkcheck.extract import FoundLink
from crawler.linkcheck.filter import CHECK, EXCLUDE, LinkFilter
from crawler.linkcheck.urls import host_key, normalize_url, split_url


@dataclass
class Target:
    """A unique URL to check (or excluded), with the places it stands."""

    url: str
    action: str = CHECK  # check | exclude
    reason: str = ""  # why excluded (Russian)
    sources: list[dict[str, Any]] = field(default_factory=list)


def collect(found: Iterable[FoundLink], link_filter: LinkFilter) -> dict[str, Target]:
    targets: dict[str, Target] = {}
    page_keys: dict[str, str] = {}
    for link in found:
        split = split_url(link.href, link.page_url)
        if split is None:
            continue
        url, fragment = split
        page = page_keys.get(link.page_url)
        if page is None:
            page = normalize_url(link.page_url) or link.page_url
            page_keys[link.page_url] = page
        if url == page and not fragment:
            continue  # "#", an empty href or the page linking to itself: nothing to check
        target = targets.get(url)
        if target is None:
            decision = link_filter.decide(url)
            if decision.action not in (CHECK, EXCLUDE):
                continue
            target = Target(url=url, action=decision.action, reason=decision.reason)
            targets[url] = target
        internal = url.startswith(("http://", "https://")) and host_key(url) == host_key(page)
        source = {
            "centre_id": link.centre_id, "page_url": link.page_url, "text": link.text,
            "fragment": fragment, "internal": internal,
        }
        if source not in target.sources:
            target.sources.append(source)
    return targets
