"""The broken links of a centre's pages (what `CheckContext.broken_links` holds and the
`broken_links` check of `checks.technical` grades): from the run's link check (`LinkCheck`
rows whose sources are this centre's pages) when the run has one; otherwise from the crawl
itself: stored pages and documents of the centre that answered 4xx/5xx or not at all.

A module of its own, below `checks.base`: the context computes them, the check grades them.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

from checks.page import Snapshot
from checks.result import BrokenLink
from checks.site import CentreSite, LinkVerdict


def _short_error(status: int | None, error: str | None) -> str | None:
    if error:
        return error
    return f"HTTP {status}" if status else None


def find_broken_links(site: CentreSite, *, centre_id: int, link_checked: bool,
                      link_verdicts: Mapping[str, LinkVerdict], snapshots: Iterable[Snapshot]) -> list[BrokenLink]:
    """The broken links of one centre's pages: the link check's verdicts when the run has
    them (`link_checked`), else the centre's stored pages that failed."""
    out: list[BrokenLink] = []
    seen: set[tuple[str, str]] = set()
    if link_checked:
        for verdict in link_verdicts.values():
            if verdict.verdict != "broken":
                continue
            sources = [s for s in verdict.sources if s.get("centre_id") in (None, centre_id)]
            for source in sources or [{"page_url": site.main_url}]:
                key = (verdict.url, str(source.get("page_url") or ""))
                if key in seen:
                    continue
                seen.add(key)
                out.append(BrokenLink(
                    url=verdict.url, found_on=str(source.get("page_url") or site.main_url),
                    status=verdict.http_status, error=_short_error(verdict.http_status, verdict.error),
                    text=source.get("text") or None, internal=site.internal(verdict.url),
                ))
        return out
    failed = [s for s in snapshots if not s.ok and s is not site.main]
    if not failed:
        return out
    pages = site.library_pages or ([site.main] if site.main else [])
    for snap in failed:
        targets = {u for u in (snap.url, snap.final_url) if u}
        found = False
        for page in pages:
            for link in site.view(page).links:
                if link.url in targets or site.same_page(link.url, snap):
                    key = (snap.url, site.view(page).url)
                    if key not in seen:
                        seen.add(key)
                        out.append(BrokenLink(
                            url=link.url, found_on=site.view(page).url, status=snap.http_status,
                            error=_short_error(snap.http_status, snap.error), text=link.text or None,
                            internal=site.internal(link.url),
                        ))
                    found = True
        if not found:
            out.append(BrokenLink(url=snap.url, found_on=site.main_url, status=snap.http_status,
                                  error=_short_error(snap.http_status, snap.error),
                                  internal=site.internal(snap.url)))
    return out
