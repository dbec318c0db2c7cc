"""Reading a run's link verdicts back, per centre, for the grader, reports and exports."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from common.vocabulary import VERDICT_TITLES
from crawler.linkcheck.verdict import BLOCKED, BROKEN
from store.models import LinkCheck


def link_check_to_dict(check: LinkCheck | dict[str, Any]) -> dict[str, Any]:
    """One `LinkCheck` as plain data (the JSON export's `links[]`)."""
    if isinstance(check, dict):
        return check
    return {
        "url": check.url,
        "verdict": check.verdict,
        "verdict_title": VERDICT_TITLES.get(check.verdict, check.verdict),
        "http_status": check.http_status,
        "error": check.error,
        "warning": check.warning,
        "final_url": check.final_url,
        "redirects": check.redirects or [],
        "attempts": check.attempts,
        "from_crawl": check.from_crawl,
        "elapsed_ms": check.elapsed_ms,
        "checked_at": check.checked_at.isoformat() if check.checked_at else None,
        "change": check.change,
        "streak": check.streak,
        "broken_since": check.broken_since.isoformat() if check.broken_since else None,
        "sources": check.sources or [],
    }


def _by_centre(session: Session, run_id: int, verdict: str) -> dict[int, list[dict[str, Any]]]:
    checks = session.scalars(
        select(LinkCheck).where(LinkCheck.run_id == run_id, LinkCheck.verdict == verdict).order_by(LinkCheck.url)
    ).all()
    out: dict[int, list[dict[str, Any]]] = {}
    for check in checks:
        seen: set[int] = set()
        for source in check.sources or []:
            centre_id = int(source["centre_id"])
            if centre_id in seen:
                continue  # one entry per centre and URL, on the first page it stands on
            seen.add(centre_id)
            out.setdefault(centre_id, []).append({
                "url": check.url,
                "found_on": source["page_url"],
                "status": check.http_status,
                "error": check.error,
                "text": source.get("text") or None,
                "internal": bool(source.get("internal")),
            })
    return out


def broken_links_by_centre(session: Session, run_id: int) -> dict[int, list[dict[str, Any]]]:
    """{centre_id: [{url, found_on, status, error, text, internal}]} of the run's broken links."""
    return _by_centre(session, run_id, BROKEN)


def unverified_by_centre(session: Session, run_id: int) -> dict[int, list[dict[str, Any]]]:
    """The same shape for links that could not be checked (`blocked`: "не удалось проверить")."""
    return _by_centre(session, run_id, BLOCKED)


def anchor_warnings_by_centre(session: Session, run_id: int) -> dict[int, list[dict[str, Any]]]:
    """Internal links whose #fragment names nothing on the target page (a warning, not broken)."""
    checks = session.scalars(select(LinkCheck).where(LinkCheck.run_id == run_id)).all()
    out: dict[int, list[dict[str, Any]]] = {}
    for check in checks:
        for source in check.sources or []:
            if source.get("anchor_missing"):
                out.setdefault(int(source["centre_id"]), []).append({
                    "url": f"{check.url}#{source['fragment']}", "found_on": source["page_url"],
                    "text": source.get("text") or None, "fragment": source["fragment"],
                })
    return out
