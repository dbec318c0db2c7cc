"""The digest of one link-check run: what broke, what stays broken, what was fixed.

Built from the run's `LinkCheck` rows alone (their `change` and `streak` were written when
the history advanced) and the removed links the history kept in `Run.stats`, so any past
run's digest can be rebuilt. Per centre:

- `new_broken`: failed `alarm_after` nights in a row, this night for the first time
  counted (the librarian is told);
- `still_broken`: alarmed before and still failing, with the days since it first failed;
- `pending`: failed this night, not yet enough nights to alarm anyone;
- `fixed`: alarmed before, works now;
- `removed`: alarmed before, and no page of the centre links to it any more ("убрана со
  страницы"): listed once, with where it stood and what was wrong with it;
- `broken`: runs without history (an audit's own check): every confirmed broken link;
- `unverified`: could not be checked ("не удалось проверить"), never counted as broken;
- `redirected`: works but moved: the link should be updated;
- `anchors`: internal links whose #fragment names nothing on the target page (warning).

`unreached`: the URLs a time budget left unchecked this night (they go first the next
night, `turns`), and `longest_wait`: the most nights in a row one of them has waited.

A broken (fixed, removed) URL that stands on the pages of several centres is listed once, in
`shared`, with its centres, rather than once per centre.
"""
from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crawler.linkcheck.history import FIXED, NEW_BROKEN, PENDING, REMOVED, STILL_BROKEN
from crawler.linkcheck.turns import is_cut
from crawler.linkcheck.verdict import BLOCKED, BROKEN, REDIRECTED, VERDICTS
from store.models import Centre, CentreVisit, LinkCheck, Run

BUCKETS = ("new_broken", "still_broken", "pending", "broken", "fixed", "removed", "unverified", "redirected")
SHARED_BUCKETS = frozenset({"new_broken", "still_broken", "pending", "broken", "fixed", "removed"})


@dataclass
class DigestLink:
    url: str
    bucket: str
    verdict: str
    status: int | None = None
    error: str | None = None
    final_url: str | None = None
    streak: int = 0
    broken_since: str | None = None  # ISO date of the first failed night
    days_broken: int | None = None
    internal: bool = False
    found_on: list[dict[str, Any]] = field(default_factory=list)  # [{page_url, text, fragment}]
    centres: list[dict[str, Any]] = field(default_factory=list)  # shared links: [{centre_id, name, found_on}]


@dataclass
class CentreDigest:
    centre_id: int
    name: str
    municipality: str | None = None
    url: str | None = None
    new_broken: list[DigestLink] = field(default_factory=list)
    still_broken: list[DigestLink] = field(default_factory=list)
    pending: list[DigestLink] = field(default_factory=list)
    broken: list[DigestLink] = field(default_factory=list)
    fixed: list[DigestLink] = field(default_factory=list)
    removed: list[DigestLink] = field(default_factory=list)
    unverified: list[DigestLink] = field(default_factory=list)
    redirected: list[DigestLink] = field(default_factory=list)
    anchors: list[dict[str, Any]] = field(default_factory=list)  # [{url, fragment, page_url, text}]

    def is_empty(self) -> bool:
        return not any(getattr(self, b) for b in BUCKETS) and not self.anchors


@dataclass
class Digest:
    run_id: int
    source_run_id: int | None
    kind: str
    started_at: str
    alarm_after: int
    history: bool  # the nightly history advanced in this run (new/still/pending/fixed/removed filled)
    unreached: int = 0  # URLs a time budget left unchecked this night
    longest_wait: int = 0  # nights in a row the longest waiting of them has not been reached
    totals: dict[str, int] = field(default_factory=dict)
    centres: list[CentreDigest] = field(default_factory=list)
    shared: list[DigestLink] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def centre(self, centre_id: int) -> CentreDigest | None:
        return next((c for c in self.centres if c.centre_id == centre_id), None)

    def for_centre(self, centre_id: int) -> dict[str, list[DigestLink]]:
        """One centre's buckets, its shared links included (for its librarian's notice)."""
        own = self.centre(centre_id)
        out = {b: list(getattr(own, b)) if own else [] for b in BUCKETS}
        for link in self.shared:
            if any(c["centre_id"] == centre_id for c in link.centres):
                out[link.bucket].append(link)
        return out

    def links(self, bucket: str) -> list[DigestLink]:
        """Every link of a bucket, shared ones once."""
        found = [link for c in self.centres for link in getattr(c, bucket)]
        return found + [link for link in self.shared if link.bucket == bucket]


def bucket_of(check: LinkCheck) -> str | None:
    if check.verdict == BROKEN:
        return check.change if check.change in (NEW_BROKEN, STILL_BROKEN, PENDING) else "broken"
    if check.change == FIXED:
        return "fixed"
    if check.verdict == REDIRECTED:
        return "redirected"
    if check.verdict == BLOCKED:
        return "unverified"
    return None


def build_digest(db: Any, run_id: int) -> Digest:
    """The digest of run `run_id` (a `store.Database` or an open `Session`)."""
    if isinstance(db, Session):
        return _build(db, run_id)
    with db.session() as session:
        return _build(session, run_id)


def _build(session: Session, run_id: int) -> Digest:
    run = session.get(Run, run_id)
    if run is None:
        raise LookupError(f"запуск №{run_id} не найден")
    from common.config import LinkcheckConfig

    stats = run.stats or {}
    source = int((run.settings or {}).get("source_run") or run_id)
    checks = session.scalars(select(LinkCheck).where(LinkCheck.run_id == run_id).order_by(LinkCheck.url)).all()
    removed = [item for item in stats.get("linkcheck_removed") or [] if isinstance(item, dict)]
    history = "linkcheck_history" in stats
    digest = Digest(
        run_id=run_id, source_run_id=source, kind=run.kind, started_at=run.started_at.isoformat(),
        alarm_after=int(stats.get("linkcheck_alarm_after") or LinkcheckConfig().alarm_after),
        history=history,
    )
    totals = dict.fromkeys(VERDICTS, 0) | dict.fromkeys(BUCKETS, 0)
    totals |= {"urls": len(checks), "from_crawl": 0, "anchors_missing": 0, "recovered": 0}
    ids = _centre_ids(checks) | {int(s["centre_id"]) for item in removed for s in item.get("sources") or []}
    centres = _centres(session, source, ids)
    for check in checks:
        digest.unreached += int(is_cut(check.verdict, check.error))
        totals[check.verdict] = totals.get(check.verdict, 0) + 1
        totals["from_crawl"] += int(check.from_crawl)
        totals["recovered"] += int(check.change == "recovered")
        for source_item in check.sources or []:
            if source_item.get("anchor_missing"):
                totals["anchors_missing"] += 1
                _centre(centres, source_item["centre_id"]).anchors.append({
                    "url": check.url, "fragment": source_item["fragment"],
                    "page_url": source_item["page_url"], "text": source_item.get("text") or "",
                })
        bucket = bucket_of(check)
        if bucket is None:
            continue
        if bucket not in VERDICTS:  # "broken"/"redirected" are counted as verdicts already
            totals[bucket] += 1
        _place(digest, centres, _link(check, bucket, run.started_at), check.sources or [])
    for item in sorted(removed, key=lambda x: str(x.get("url"))):
        totals[REMOVED] += 1
        _place(digest, centres, _removed_link(item, run.started_at), item.get("sources") or [])
    digest.totals = totals
    if digest.unreached:
        waited = int((stats.get("linkcheck") or {}).get("longest_wait") or 0)
        digest.longest_wait = max(1, waited)
    digest.centres = sorted((c for c in centres.values() if not c.is_empty()), key=lambda c: (c.name, c.centre_id))
    return digest


def _place(digest: Digest, centres: dict[int, CentreDigest], link: DigestLink, sources: list[dict[str, Any]]) -> None:
    """A link into its centre's bucket, or once into `shared` when several centres carry it."""
    by_centre = _group_sources(sources)
    if link.bucket in SHARED_BUCKETS and len(by_centre) > 1:
        link.centres = [
            {"centre_id": cid, "name": _centre(centres, cid).name, "found_on": items}
            for cid, items in sorted(by_centre.items(), key=lambda kv: _centre(centres, kv[0]).name)
        ]
        link.found_on = [item for items in by_centre.values() for item in items]
        digest.shared.append(link)
        return
    for cid, items in by_centre.items():
        own = DigestLink(**{**asdict(link), "found_on": items, "centres": []})
        getattr(_centre(centres, cid), link.bucket).append(own)


def _centre_ids(checks: Iterable[LinkCheck]) -> set[int]:
    return {int(s["centre_id"]) for c in checks for s in (c.sources or [])}


def _centres(session: Session, source_run: int, ids: set[int]) -> dict[int, CentreDigest]:
    out: dict[int, CentreDigest] = {}
    if not ids:
        return out
    visits = {
        v.centre_id: v for v in session.scalars(
            select(CentreVisit).where(CentreVisit.run_id == source_run, CentreVisit.centre_id.in_(ids))
        )
    }
    for centre in session.scalars(select(Centre).where(Centre.id.in_(ids))):
        visit = visits.get(centre.id)
        out[centre.id] = CentreDigest(
            centre_id=centre.id,
            name=visit.name if visit else centre.name,
            municipality=visit.municipality if visit else centre.municipality,
            url=(visit.final_url or visit.listed_url) if visit else centre.url,
        )
    return out


def _centre(centres: dict[int, CentreDigest], centre_id: Any) -> CentreDigest:
    cid = int(centre_id)
    if cid not in centres:
        centres[cid] = CentreDigest(centre_id=cid, name=f"ИБЦ №{cid}")
    return centres[cid]


def _group_sources(sources: list[dict[str, Any]]) -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = {}
    for s in sources:
        out.setdefault(int(s["centre_id"]), []).append(
            {"page_url": s["page_url"], "text": s.get("text") or "", "fragment": s.get("fragment") or ""}
        )
    return out


def _removed_link(item: dict[str, Any], now: dt.datetime) -> DigestLink:
    """A removed link as the run that last judged it saw it (`history._forget_removed`)."""
    since = None
    if item.get("broken_since"):
        with contextlib.suppress(TypeError, ValueError):
            since = dt.datetime.fromisoformat(str(item["broken_since"]))
    return DigestLink(
        url=str(item.get("url") or ""), bucket=REMOVED, verdict=str(item.get("verdict") or BROKEN),
        status=item.get("http_status"), error=item.get("error"), final_url=item.get("final_url"),
        streak=int(item.get("streak") or 0),
        broken_since=since.date().isoformat() if since else None,
        days_broken=max(0, (now - since).days) if since else None,
        internal=any(bool(s.get("internal")) for s in item.get("sources") or []),
    )


def _link(check: LinkCheck, bucket: str, now: dt.datetime) -> DigestLink:
    since = check.broken_since if check.verdict == BROKEN else None
    return DigestLink(
        url=check.url, bucket=bucket, verdict=check.verdict, status=check.http_status,
        error=check.error, final_url=check.final_url, streak=check.streak or 0,
        broken_since=since.date().isoformat() if since else None,
        days_broken=max(0, (now - since).days) if since else None,
        internal=any(bool(s.get("internal")) for s in check.sources or []),
    )
