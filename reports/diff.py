"""What changed between two audits, per centre: score, grade, sections, updates, new and gone.

`diff_results(old, new)` compares two `AuditResult`s (centres matched by their stable
`centre_id`); the report shows it on the overview and `ibcmon diff` prints it.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from checks.result import AuditResult, CentreResult
from common.labels import status_label
from reports.fmt import clean_text, fmt_date_short, fmt_num, shorten

SAME = 0.05  # score moves smaller than this are "no change"


@dataclass
class RunRef:
    id: int
    as_of: dt.date


@dataclass
class CentreRef:
    centre_id: int
    name: str
    municipality: str | None
    url: str
    status: str
    score: float | None
    grade: str | None


@dataclass
class CentreChange:
    centre_id: int
    name: str
    municipality: str | None
    old_status: str
    new_status: str
    old_score: float | None
    new_score: float | None
    old_grade: str | None
    new_grade: str | None
    sections_added: list[str] = field(default_factory=list)  # section ids
    sections_lost: list[str] = field(default_factory=list)
    old_last_updated: dt.date | None = None
    new_last_updated: dt.date | None = None
    updated: bool | None = None  # updated since the old audit; None: cannot tell

    @property
    def delta(self) -> float | None:
        if self.old_score is None or self.new_score is None:
            return None
        return round(self.new_score - self.old_score, 1)

    @property
    def direction(self) -> str:
        """up | down | same | unknown (a score missing on either side)."""
        delta = self.delta
        if delta is None:
            return "unknown" if self.old_score != self.new_score else "same"
        if delta >= SAME:
            return "up"
        if delta <= -SAME:
            return "down"
        return "same"

    @property
    def grade_changed(self) -> bool:
        return self.old_grade != self.new_grade

    @property
    def status_changed(self) -> bool:
        return self.old_status != self.new_status


@dataclass
class RunDiff:
    old_run: RunRef
    new_run: RunRef
    changes: list[CentreChange]  # centres in both audits, biggest move first
    added: list[CentreRef]  # listed now, not before
    removed: list[CentreRef]  # listed before, not now
    section_titles: dict[str, str] = field(default_factory=dict)

    def count(self, direction: str) -> int:
        return sum(1 for c in self.changes if c.direction == direction)

    @property
    def improved(self) -> int:
        return self.count("up")

    @property
    def worsened(self) -> int:
        return self.count("down")

    @property
    def unchanged(self) -> int:
        return self.count("same")

    @property
    def updated(self) -> int:
        return sum(1 for c in self.changes if c.updated)

    @property
    def not_updated(self) -> int:
        return sum(1 for c in self.changes if c.updated is False)

    def title(self, section_id: str) -> str:
        return self.section_titles.get(section_id, section_id)

    def to_dict(self) -> dict[str, Any]:
        def plain(obj: Any) -> Any:
            data = asdict(obj)
            for key, value in data.items():
                if isinstance(value, dt.date):
                    data[key] = value.isoformat()
            return data

        changes = []
        for change in self.changes:
            item = plain(change)
            item.update(delta=change.delta, direction=change.direction, grade_changed=change.grade_changed)
            changes.append(item)
        return {
            "old_run": plain(self.old_run),
            "new_run": plain(self.new_run),
            "counts": {
                "improved": self.improved,
                "worsened": self.worsened,
                "unchanged": self.unchanged,
                "updated": self.updated,
                "not_updated": self.not_updated,
                "added": len(self.added),
                "removed": len(self.removed),
            },
            "changes": changes,
            "added": [plain(c) for c in self.added],
            "removed": [plain(c) for c in self.removed],
        }


def _ref(centre: CentreResult) -> CentreRef:
    return CentreRef(centre.centre_id, centre.name, centre.municipality, centre.url, centre.status, centre.score, centre.grade)


def _updated(old: CentreResult, new: CentreResult) -> bool | None:
    if old.status != "ok" or new.status != "ok":
        return None
    if new.last_updated and (old.last_updated is None or new.last_updated > old.last_updated):
        return True
    if new.text_changed:
        return True
    if new.last_updated is None and old.last_updated is None:
        return new.text_changed
    return False


def _change(old: CentreResult, new: CentreResult) -> CentreChange:
    both_ok = old.status == "ok" and new.status == "ok"
    old_present = {k for k, v in old.sections.items() if v}
    new_present = {k for k, v in new.sections.items() if v}
    order = list(new.sections) + [k for k in old.sections if k not in new.sections]
    return CentreChange(
        centre_id=new.centre_id,
        name=new.name,
        municipality=new.municipality,
        old_status=old.status,
        new_status=new.status,
        old_score=old.score,
        new_score=new.score,
        old_grade=old.grade,
        new_grade=new.grade,
        sections_added=[k for k in order if k in new_present - old_present] if both_ok else [],
        sections_lost=[k for k in order if k in old_present - new_present] if both_ok else [],
        old_last_updated=old.last_updated,
        new_last_updated=new.last_updated,
        updated=_updated(old, new),
    )


def diff_results(old: AuditResult, new: AuditResult) -> RunDiff:
    """Compare two audits centre by centre (matched by `centre_id`)."""
    old_by_id = {c.centre_id: c for c in old.centres}
    new_ids = {c.centre_id for c in new.centres}
    changes = [_change(old_by_id[c.centre_id], c) for c in new.centres if c.centre_id in old_by_id]
    changes.sort(key=lambda ch: (-(abs(ch.delta) if ch.delta is not None else 0.0), ch.name))
    titles: dict[str, str] = {}
    for centre in [*old.centres, *new.centres]:
        for verdict in centre.section_details:
            titles[verdict.id] = verdict.title
    return RunDiff(
        old_run=RunRef(old.run.id, old.run.as_of),
        new_run=RunRef(new.run.id, new.run.as_of),
        changes=changes,
        added=[_ref(c) for c in new.centres if c.centre_id not in old_by_id],
        removed=[_ref(c) for c in old.centres if c.centre_id not in new_ids],
        section_titles=titles,
    )


def _cell(text: str, width: int) -> str:
    text = shorten(clean_text(text), width)
    return text + " " * (width - len(text))


def render_diff_text(diff: RunDiff, *, name_width: int = 40) -> str:
    """A terminal table of the comparison (the output of `ibcmon diff`)."""
    lines = [
        f"Обследование №{diff.old_run.id} ({fmt_date_short(diff.old_run.as_of)}) → "
        f"№{diff.new_run.id} ({fmt_date_short(diff.new_run.as_of)})",
        f"Баллы выросли: {diff.improved}, снизились: {diff.worsened}, без изменений: {diff.unchanged}; "
        f"обновлялись: {diff.updated}, не обновлялись: {diff.not_updated}; "
        f"новых центров: {len(diff.added)}, выбыло: {len(diff.removed)}",
        "",
    ]
    header = f"{_cell('Центр', name_width)}  {'Было':>6} {'Стало':>6} {'Δ':>6}  {_cell('Оценка', 28)}  Обновлялась  Разделы"
    lines += [header, "-" * len(header)]
    for ch in diff.changes:
        delta = "" if ch.delta is None else (f"+{fmt_num(ch.delta)}" if ch.delta > 0 else fmt_num(ch.delta))
        old = fmt_num(ch.old_score) if ch.old_status == "ok" and ch.old_score is not None else "—"
        new = fmt_num(ch.new_score) if ch.new_status == "ok" and ch.new_score is not None else "—"
        # a page that could not be audited has its status, in full, where the grade would be
        before = ch.old_grade if ch.old_status == "ok" else status_label(ch.old_status)
        after = ch.new_grade if ch.new_status == "ok" else status_label(ch.new_status)
        grade = f"{before or '—'} → {after or '—'}" if before != after else (after or "—")
        updated = {True: "да", False: "нет", None: "—"}[ch.updated]
        sections = "; ".join([f"+{diff.title(s)}" for s in ch.sections_added]
                             + [f"−{diff.title(s)}" for s in ch.sections_lost])
        lines.append(
            f"{_cell(ch.name, name_width)}  {old:>6} {new:>6} {delta:>6}  {_cell(grade, 28)}  {updated:<11}  {sections}".rstrip()
        )
    for title, refs in (("Новые центры", diff.added), ("Выбывшие центры", diff.removed)):
        if refs:
            lines += ["", f"{title}:"]
            lines += [f"  {shorten(clean_text(r.name), 70)} — {clean_text(r.url)}" for r in refs]
    return "\n".join(lines) + "\n"
