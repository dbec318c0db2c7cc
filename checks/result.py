"""The audit result: one object that feeds every output.

The HTML report, the per-centre e-mail, the JSON/CSV/XLSX exports and the terminal
summary all read an `AuditResult` (DESIGN.md: "One result object feeds every output").
`to_dict()` is the JSON export contract of DESIGN.md: `{"run": {...}, "centres": [...]}`
with, per centre, at least name, municipality, url, final_url, status, last_updated,
freshness, sections, broken_links, score, grade.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field, fields
from typing import Any

FRESHNESS_CLASSES = ("fresh", "aging", "stale", "unknown")


@dataclass
class Evidence:
    """What shows a verdict: the page and the heading, menu item, link or document."""

    page_url: str
    kind: str  # heading | title | menu | tab | link | document | label | content | form | date… | header
    text: str
    url: str | None = None  # the linked target, when the evidence is a link or a document


@dataclass
class SectionVerdict:
    id: str
    title: str  # Russian title from the rulebook
    present: bool
    empty: bool = False  # named on the page, but nothing stands behind it ("раздел в разработке")
    weight: float = 0.0
    points: float = 0.0  # points this section earned in the score
    evidence: list[Evidence] = field(default_factory=list)
    # False where the representation cannot hold the section (a VK community has no
    # «Нормативные документы» page): neither present nor missing, out of the score
    applicable: bool = True
    note: str | None = None  # why not applicable (Russian): «не применимо для сообщества ВКонтакте»


@dataclass
class BrokenLink:
    url: str
    found_on: str
    status: int | None = None  # HTTP status, if any
    error: str | None = None  # short reason (Russian), e.g. "соединение отклонено"
    text: str | None = None  # the link's text on the page
    internal: bool = False


@dataclass
class Finding:
    """The outcome of one check for one centre."""

    check_id: str
    title: str  # Russian
    passed: bool
    message: str = ""  # Russian, for the librarian
    points: float = 0.0  # points earned
    max_points: float = 0.0
    evidence: list[Evidence] = field(default_factory=list)
    part: str = ""  # the score part the points belong to (completeness | freshness | technical)
    advice: str | None = None  # what to do when it did not pass (Russian, imperative)


@dataclass
class Advice:
    """One thing to fix, with the points it would recover."""

    check_id: str
    text: str  # Russian, imperative: "Разместите план работы ИБЦ на 2025–2026 учебный год"
    points: float


@dataclass
class ScorePart:
    id: str  # completeness | freshness | technical | ...
    title: str  # Russian
    weight: float  # share of 100
    points: float  # earned, 0..weight


@dataclass
class CentreResult:
    centre_id: int
    name: str
    municipality: str | None
    url: str  # as listed
    final_url: str | None
    status: str  # ok | unreachable | error | not_found | blocked_by_robots | not_auditable
    reason: str | None = None  # why a centre could not be audited (Russian, as stored)
    # the reason's code (common.labels.CRAWL_ERROR): outputs say its words, see crawl_reason
    reason_code: str | None = None
    representation: str = "site"  # site | vk | telegram (common.urls.representation_kind)
    home_url: str | None = None  # when listed by the school's home page
    pages: int = 0
    librarian: str | None = None
    email: str | None = None
    in_registry: bool = False
    last_updated: dt.date | None = None
    last_updated_evidence: Evidence | None = None
    last_updated_reason: str | None = None  # why no update date was found (Russian)
    freshness: str = "unknown"
    days_since_update: int | None = None
    work_plan_current: bool | None = None
    text_changed: bool | None = None  # main text changed since the previous run
    # section id -> present; None where the section does not apply (a VK community)
    sections: dict[str, bool | None] = field(default_factory=dict)
    section_details: list[SectionVerdict] = field(default_factory=list)
    broken_links: list[BrokenLink] = field(default_factory=list)
    unverified_links: int = 0  # links that could not be checked ("не удалось проверить")
    findings: list[Finding] = field(default_factory=list)
    parts: list[ScorePart] = field(default_factory=list)
    score: float | None = None  # 0..100; None where the centre could not be audited
    grade: str | None = None  # Russian band name
    advice: list[Advice] = field(default_factory=list)
    # the methodologist's corrections applied by grading: [{field, old, new, note, by, at,
    # needs_recheck, carried}] (field: section:<id> | last_updated | status)
    corrections: list[dict[str, Any]] = field(default_factory=list)
    review_status: str = "pending"  # pending | approved (this run), read from the store on load
    # checked again on demand after the audit (`ibcmon recheck`): {"at", "as_of", "by"}; the
    # score is then as of `as_of`, the day of the recheck
    rechecked: dict[str, Any] | None = None

    def corrected(self, field_name: str) -> dict[str, Any] | None:
        """The correction applied to one field (`section:news`, `last_updated`, `status`)."""
        return next((c for c in self.corrections if c.get("field") == field_name), None)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["last_updated"] = self.last_updated.isoformat() if self.last_updated else None
        data["review"] = {"status": data.pop("review_status"), "corrections": data.pop("corrections")}
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CentreResult:
        """The inverse of `to_dict` (unknown keys are ignored, missing ones take defaults)."""
        known = {f.name for f in fields(cls)}
        kw = {k: v for k, v in data.items() if k in known}
        review = data.get("review")
        if isinstance(review, dict):  # `to_dict` keeps the corrections under "review"
            kw.setdefault("corrections", list(review.get("corrections") or []))
            kw.setdefault("review_status", str(review.get("status") or "pending"))
        if kw.get("last_updated"):
            kw["last_updated"] = dt.date.fromisoformat(kw["last_updated"])
        if kw.get("last_updated_evidence"):
            kw["last_updated_evidence"] = _make(Evidence, kw["last_updated_evidence"])
        kw["section_details"] = [
            _make(SectionVerdict, {**s, "evidence": [_make(Evidence, e) for e in s.get("evidence", [])]})
            for s in kw.get("section_details", [])
        ]
        kw["broken_links"] = [_make(BrokenLink, b) for b in kw.get("broken_links", [])]
        kw["findings"] = [
            _make(Finding, {**f, "evidence": [_make(Evidence, e) for e in f.get("evidence", [])]})
            for f in kw.get("findings", [])
        ]
        kw["parts"] = [_make(ScorePart, p) for p in kw.get("parts", [])]
        kw["advice"] = [_make(Advice, a) for a in kw.get("advice", [])]
        return cls(**kw)


def _make(cls: Any, data: dict[str, Any]) -> Any:
    known = {f.name for f in fields(cls)}
    return cls(**{k: v for k, v in data.items() if k in known})


@dataclass
class RunInfo:
    id: int
    kind: str
    status: str
    root_url: str | None
    started_at: dt.datetime
    finished_at: dt.datetime | None
    as_of: dt.date
    grading_id: int | None = None
    rulebook: str | None = None
    stats: dict[str, Any] = field(default_factory=dict)
    discovery: dict[str, Any] = field(default_factory=dict)

    @property
    def duration_s(self) -> float | None:
        if self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["started_at"] = self.started_at.isoformat()
        data["finished_at"] = self.finished_at.isoformat() if self.finished_at else None
        data["as_of"] = self.as_of.isoformat()
        data["duration_s"] = self.duration_s
        return data


@dataclass
class AuditResult:
    run: RunInfo
    centres: list[CentreResult]
    # the regional plan's figures (see checks.summary): listed vs target, registry placement,
    # freshness and grade distributions, previous audit's figures
    summary: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "run": self.run.to_dict(),
            "summary": self.summary,
            "centres": [c.to_dict() for c in self.centres],
        }
