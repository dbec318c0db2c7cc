"""How sure the rules are of each verdict, from its evidence (0..1), and the review queue.

A heading on the library page itself is strong; a menu item or a link naming the section
is good; the content alone (a phone number, a word in the text) is weak, the weaker the
longer the page, and a sentence of running text the weakest (the queue shows it first); a date standing near a trap (an order number, an anniversary, a
founding year) or only the server's Last-Modified is weak. Kinds the rules may add later
get a middling default. A corrected verdict is certain, unless it asks to be rechecked.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any

from checks.overrides import section_value
from checks.result import CentreResult, Evidence
from common.labels import crawl_reason

KIND_STRENGTH = {"heading": 0.9, "title": 0.85, "tab": 0.8, "menu": 0.8, "link": 0.75,
                 "document": 0.75, "form": 0.6, "label": 0.55, "content": 0.45, "text": 0.4,
                 # the page's address names the section («/iz-novykh-postuplenij/»): weak, a
                 # platform may keep a fixed address whatever stands there
                 "address": 0.4,
                 # a sentence of running text («оформлена книжная выставка»): the weakest kind,
                 # so the review queue shows these verdicts first
                 "sentence": 0.35}
# dates read from what is not a publication line: counted from the fetch, or a document's own
WEAK_DATE_KINDS = {"date_relative": 0.5, "date_document": 0.5}
UNKNOWN_KIND = 0.5
OFF_MAIN_PAGE = 0.1  # a heading on another page than the library page counts a little less
LONG_PAGE_CHARS = 5000
ABSENT = 0.6  # nothing found anywhere: fairly sure, but the rules may have missed a name
EMPTY = 0.5
DATE_TRAPS = re.compile(
    r"приказ|№|постановлен|распоряжен|юбиле|лет\b|годовщин|основан|родил|рождени|век|©|copyright|"
    r"календар|архив|срок|до \d", re.IGNORECASE)
STATUS_STRENGTH = {"ok": 0.9, "unreachable": 0.85, "blocked_by_robots": 0.95, "not_auditable": 0.9,
                   "not_found": 0.6, "error": 0.5}
LEVELS = ((0.75, "высокая"), (0.5, "средняя"), (0.0, "низкая"))


def level(value: float) -> str:
    return next(name for bound, name in LEVELS if value >= bound)


def _same_page(a: str | None, b: str | None) -> bool:
    return bool(a and b) and (a or "").rstrip("/") == (b or "").rstrip("/")


def evidence_strength(ev: Evidence, main_url: str | None, page_chars: Mapping[str, int] | None = None) -> float:
    value = KIND_STRENGTH.get(ev.kind, UNKNOWN_KIND)
    if ev.kind == "heading" and not _same_page(ev.page_url, main_url):
        value -= OFF_MAIN_PAGE
    if ev.kind in ("text", "content") and page_chars and page_chars.get(ev.page_url, 0) > LONG_PAGE_CHARS:
        value -= 0.15
    return max(0.05, min(1.0, value))


def section_confidence(verdict: Any, main_url: str | None, page_chars: Mapping[str, int] | None = None) -> float:
    if verdict.present:
        strengths = sorted((evidence_strength(e, main_url, page_chars) for e in verdict.evidence), reverse=True)
        if not strengths:
            return UNKNOWN_KIND
        return round(min(1.0, strengths[0] + 0.05 * (len(strengths) - 1)), 2)
    return EMPTY if verdict.empty else ABSENT


def date_confidence(centre: CentreResult) -> float:
    ev = centre.last_updated_evidence
    if centre.last_updated is None or ev is None:
        return 0.3  # no date found: worth a look
    if ev.kind == "header":
        return 0.3
    value = 0.8 if _same_page(ev.page_url, centre.final_url) else 0.7
    value = min(value, WEAK_DATE_KINDS.get(ev.kind, value))
    if "изменился" in ev.text:
        value = 0.5
    if DATE_TRAPS.search(ev.text):
        value = 0.35
    return value


@dataclass
class Verdict:
    """One verdict of a centre as the review shows it."""

    field: str  # section:<id> | last_updated | status
    title: str
    value: str  # present|absent|empty, an ISO date (or ""), a status
    confidence: float
    evidence: list[Evidence] = dc_field(default_factory=list)
    correction: dict[str, Any] | None = None
    note: str = ""  # what the rules say where no evidence stands (a status's or a missing date's reason)

    @property
    def level(self) -> str:
        return level(self.confidence)

    @property
    def needs_recheck(self) -> bool:
        return bool(self.correction and self.correction.get("needs_recheck"))


def centre_verdicts(centre: CentreResult, page_chars: Mapping[str, int] | None = None) -> list[Verdict]:
    """Status, last update and every section, each with its confidence."""
    out = []
    status_fix = centre.corrected("status")
    out.append(Verdict("status", "Доступность страницы", centre.status,
                       1.0 if status_fix else STATUS_STRENGTH.get(centre.status, UNKNOWN_KIND), [], status_fix,
                       note=crawl_reason(centre.reason_code, centre.reason) or ("страница открылась и прочитана" if centre.status == "ok" else "")))
    if centre.status != "ok":
        return out
    date_fix = centre.corrected("last_updated")
    out.append(Verdict("last_updated", "Последнее обновление",
                       centre.last_updated.isoformat() if centre.last_updated else "",
                       1.0 if date_fix else date_confidence(centre),
                       [centre.last_updated_evidence] if centre.last_updated_evidence else [], date_fix,
                       note=centre.last_updated_reason or ""))
    for verdict in centre.section_details:
        if not verdict.applicable:  # a section a VK community cannot hold: nothing to review
            continue
        fix = centre.corrected(f"section:{verdict.id}")
        out.append(Verdict(f"section:{verdict.id}", verdict.title, section_value(verdict),
                           1.0 if fix else section_confidence(verdict, centre.final_url, page_chars),
                           list(verdict.evidence), fix))
    for v in out:
        if v.needs_recheck:
            v.confidence = 0.0
    return out


@dataclass
class QueueItem:
    centre: CentreResult
    verdict: Verdict


def review_queue(centres: list[CentreResult], limit: int | None = None) -> list[QueueItem]:
    """Verdicts of centres not yet approved, weakest first (corrections to recheck first of all)."""
    items = [QueueItem(c, v) for c in centres if c.review_status != "approved"
             for v in centre_verdicts(c) if v.correction is None or v.needs_recheck]
    items.sort(key=lambda i: (i.verdict.confidence, i.centre.name, i.verdict.field))
    return items[:limit] if limit is not None else items


def weakest(centre: CentreResult) -> float:
    values = [v.confidence for v in centre_verdicts(centre) if v.correction is None or v.needs_recheck]
    return min(values) if values else 1.0
