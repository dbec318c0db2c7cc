"""The methodologist's corrections, applied on top of the rules' verdicts by grading.

A correction names a field and its corrected value:

| field | values |
|---|---|
| `section:<id>` | `present`, `absent`, `empty` |
| `last_updated` | an ISO date |
| `status` | a centre status (`ok`, `unreachable`, …) |

`Overrides.adjust` sets the verdicts on a `CheckContext` before the checks run, so the
score, the grade, the freshness class and the advice all follow the corrected verdicts;
`Overrides.applied` then lists what was corrected with the rules' own value as `old`.
Pure: no store, no network.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from checks.base import CentreInput, CheckContext
from checks.freshness import DateEvidence
from checks.result import SectionVerdict

SECTION_VALUES = ("present", "absent", "empty")
SECTION_PREFIX = "section:"


@dataclass(frozen=True)
class Override:
    field: str
    new: str
    note: str
    by: str
    at: str | None = None  # ISO timestamp of the correction
    needs_recheck: bool = False
    carried: bool = False


def section_value(verdict: SectionVerdict) -> str:
    return "present" if verdict.present else "empty" if verdict.empty else "absent"


def valid_value(field_name: str, value: str, statuses: tuple[str, ...]) -> bool:
    if field_name.startswith(SECTION_PREFIX):
        return value in SECTION_VALUES
    if field_name == "last_updated":
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            return False
        return True
    if field_name == "status":
        return value in statuses
    return False


@dataclass
class Overrides:
    """One centre's corrections for one grading."""

    items: list[Override]
    applied: list[dict[str, Any]] = field(default_factory=list)

    def _record(self, item: Override, old: str | None) -> None:
        self.applied.append({"field": item.field, "old": old, "new": item.new, "note": item.note,
                             "by": item.by, "at": item.at, "needs_recheck": item.needs_recheck,
                             "carried": item.carried})

    def centre(self, centre: CentreInput) -> CentreInput:
        """The centre with its status corrected (before grading decides whether to grade)."""
        for item in self.items:
            if item.field == "status" and item.new != centre.status:
                self._record(item, centre.status)
                reason = None if item.new == "ok" else "состояние уточнено методистом РРИБЦ"
                return dataclasses.replace(centre, status=item.new, reason=reason)
        return centre

    def adjust(self, ctx: CheckContext) -> None:
        """Set the corrected section verdicts and last update on the context."""
        for item in self.items:
            if item.field.startswith(SECTION_PREFIX):
                verdict = ctx.sections.get(item.field[len(SECTION_PREFIX):])
                if verdict is None or item.new not in SECTION_VALUES:
                    continue
                self._record(item, section_value(verdict))
                verdict.present = item.new == "present"
                verdict.empty = item.new == "empty"
            elif item.field == "last_updated":
                try:
                    date = dt.date.fromisoformat(item.new)
                except ValueError:
                    continue
                last, changed = ctx.update
                self._record(item, last.date.isoformat() if last else None)
                text = "дата уточнена методистом РРИБЦ"
                ctx.update = (DateEvidence(date, "correction", text, ctx.site.main_url), changed)  # type: ignore[misc]
