"""The check registry and what a check is given.

A check is a small class: an `id`, a Russian `title`, the score `part` its points go to,
a docstring whose first line describes it, and `evaluate(ctx) -> list[Finding]`.
The checks are listed, and so registered, in `checks.registry` (which imports the modules
that define them: this module imports none of them). `ibcmon checks` lists them, and a
test asserts every check is documented in `checks/CHECKS.md`.

`CheckContext` holds one centre's stored data (`CentreInput`), the rulebook and the audit
date, and works out once, lazily, what several checks share (the library pages, the
section verdicts, the dates).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import ClassVar

from checks.broken_links import find_broken_links
from checks.freshness import (
    DateEvidence,
    PreviousVisit,
    apply_text_change,
    classify,
    collect_dates,
    newest,
)
from checks.page import Snapshot
from checks.result import Advice, BrokenLink, Finding, SectionVerdict
from checks.rulebook import Rulebook
from checks.site import CentreSite, LinkVerdict


@dataclass
class CentreInput:
    """One centre in one run, as stored: the visit and its pages (no network)."""

    centre_id: int
    name: str
    municipality: str | None
    listed_url: str
    final_url: str | None
    status: str
    reason: str | None = None
    reason_code: str | None = None  # common.labels.CRAWL_ERROR; None on visits older than the codes
    home_url: str | None = None
    pages: int = 0
    librarian: str | None = None
    email: str | None = None
    in_registry: bool = False
    snapshots: list[Snapshot] = field(default_factory=list)
    # the link checker's verdicts on the links of this centre's pages (url -> verdict)
    link_verdicts: dict[str, LinkVerdict] = field(default_factory=dict)
    link_checked: bool = False  # the run has link-check results at all
    previous: PreviousVisit | None = None


class CheckContext:
    """One centre, the rulebook and the audit date; shared analyses computed once."""

    def __init__(self, centre: CentreInput, rulebook: Rulebook, as_of: dt.date) -> None:
        self.centre = centre
        self.rulebook = rulebook
        self.as_of = as_of

    @cached_property
    def site(self) -> CentreSite:
        c = self.centre
        return CentreSite(c.snapshots, c.final_url, self.rulebook, c.home_url, c.link_verdicts)

    @cached_property
    def sections(self) -> dict[str, SectionVerdict]:
        from checks.sections import section_verdicts

        return section_verdicts(self.site)

    @cached_property
    def dates(self) -> list[DateEvidence]:
        return collect_dates(self.site, self.rulebook.freshness, self.as_of)

    @cached_property
    def update(self) -> tuple[DateEvidence | None, bool | None]:
        """(the last update, changed since the previous run?)."""
        main = self.site.main
        return apply_text_change(
            newest(self.dates), self.centre.previous, main.text_hash if main else None,
            self.site.main_url, self.as_of,
        )

    @cached_property
    def no_date_reason(self) -> str:
        """Why there is no update date («на страницах нет дат публикаций», …)."""
        from checks.freshness import no_date_reason

        return no_date_reason(self.site, self.dates, self.rulebook.freshness)

    @property
    def last_update(self) -> DateEvidence | None:
        return self.update[0]

    @cached_property
    def freshness(self) -> tuple[str, int | None]:
        last = self.last_update
        return classify(last.date if last else None, self.as_of, self.rulebook.freshness)

    @cached_property
    def work_plan_current(self) -> bool | None:
        """None without a work plan; else whether it names the current учебный год."""
        from checks.freshness import names_school_year
        from checks.sections import section_texts

        plan = self.sections.get("work_plan")
        if plan is None or not plan.present:
            return None
        return any(names_school_year(t, self.as_of) for t in section_texts(self.site, "work_plan"))

    @cached_property
    def broken_links(self) -> list[BrokenLink]:
        c = self.centre
        return find_broken_links(self.site, centre_id=c.centre_id, link_checked=c.link_checked,
                                 link_verdicts=c.link_verdicts, snapshots=c.snapshots)

    @cached_property
    def unverified_links(self) -> int:
        return sum(1 for v in self.centre.link_verdicts.values() if v.verdict == "blocked")

    def part_weight(self, part: str) -> float:
        return self.rulebook.parts[part].weight


class Check:
    """Base of every check: subclasses set `id`, `title`, `part` and a docstring."""

    id: ClassVar[str] = ""
    title: ClassVar[str] = ""
    part: ClassVar[str] = ""

    def __init__(self, rulebook: Rulebook) -> None:
        self.rulebook = rulebook

    @classmethod
    def description(cls) -> str:
        """The first line of the docstring."""
        return (cls.__doc__ or "").strip().splitlines()[0] if cls.__doc__ else ""

    def evaluate(self, ctx: CheckContext) -> list[Finding]:
        raise NotImplementedError

    def advise(self, ctx: CheckContext, findings: list[Finding]) -> list[Advice]:
        """What to fix, with the points it would recover (default: one per failed finding)."""
        return [
            Advice(f.check_id, f.advice, round(f.max_points - f.points, 3))
            for f in findings
            if not f.passed and f.advice
        ]

    def finding(self, passed: bool, message: str, points: float, max_points: float,
                advice: str | None = None, **kw: object) -> Finding:
        return Finding(
            check_id=str(kw.pop("check_id", self.id)),
            title=str(kw.pop("title", self.title)),
            passed=passed,
            message=message,
            points=round(points, 3),
            max_points=round(max_points, 3),
            evidence=list(kw.pop("evidence", [])),  # type: ignore[call-overload]
            part=self.part,
            advice=None if passed else advice,
        )

