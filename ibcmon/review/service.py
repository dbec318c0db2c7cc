"""Corrections and approvals: checked, stored (`store.review`) and graded at once.

Every change goes through here, from the web app and from `ibcmon review`: the value is
checked against the field, the note is required, the rules' own value is kept as `old`,
the evidence page's text fingerprint is stored for the next audit, and the centre is
graded again in place (`checks.grade.regrade_centre`), so the report, the exports and the
cards show the corrected verdict right away.
"""
from __future__ import annotations

import datetime as dt
import getpass
from dataclasses import dataclass

from checks.grade import load_audit_result, regrade_centre
from checks.overrides import SECTION_PREFIX, SECTION_VALUES, valid_value
from checks.result import CentreResult
from common.config import Config, ConfigError
from ibcmon.deliver.sources import latest_graded_run
from ibcmon.review.queries import centre_result
from store import review as store_review
from store.db import Database
from store.models import CENTRE_STATUSES

MAX_NOTE = 2000
VALUE_WORDS = {"present": "есть", "absent": "нет", "empty": "пуст"}


def reviewer_name(config: Config) -> str:
    if config.review.reviewer:
        return config.review.reviewer[:200]
    try:
        return getpass.getuser()[:200]
    except Exception:  # no login name (a container without a passwd entry)
        return "методист"


def resolve_run(db: Database, run_id: int | None) -> int:
    """The run asked for, else the latest complete graded audit (`ConfigError` when none)."""
    if run_id is not None:
        return run_id
    found = latest_graded_run(db)
    if found is None:
        raise ConfigError("в базе нет ни одного оценённого обследования: сначала запустите `ibcmon audit`")
    return found


def find_centre(db: Database, run_id: int, centre_id: int) -> CentreResult:
    """The centre as graded in the run (`ConfigError` when the run or the centre is not there)."""
    centre = centre_result(db, run_id, centre_id)
    if centre is None:
        load_audit_result(db, run_id)  # names a missing or ungraded run
        raise ConfigError(f"в обследовании №{run_id} нет центра №{centre_id}")
    return centre


def _current(centre: CentreResult, field: str) -> tuple[str | None, str | None]:
    """(the rules' value of the field, the page that shows it) for a new correction."""
    applied = centre.corrected(field)
    value: str | None
    page: str | None
    if field.startswith(SECTION_PREFIX):
        sid = field[len(SECTION_PREFIX):]
        verdict = next((v for v in centre.section_details if v.id == sid), None)
        if verdict is None:
            raise ConfigError(f"неизвестный раздел «{sid}»")
        value = "present" if verdict.present else "empty" if verdict.empty else "absent"
        page = verdict.evidence[0].page_url if verdict.evidence else centre.final_url
    elif field == "last_updated":
        value = centre.last_updated.isoformat() if centre.last_updated else None
        ev = centre.last_updated_evidence
        page = ev.page_url if ev and ev.kind != "header" and "исправлена" not in ev.text else centre.final_url
    else:
        value, page = centre.status, centre.final_url
    if applied is not None:
        value = applied.get("old")
    return value, page


@dataclass
class Change:
    field: str
    new: str | None  # None withdraws the correction


def parse_field(field: str, value: str | None) -> Change:
    """Check a field name and its value (`ConfigError` in Russian when wrong)."""
    field = (field or "").strip()
    if not (field.startswith(SECTION_PREFIX) or field in ("last_updated", "status")):
        raise ConfigError(f"неизвестное поле «{field}»: нужно section:ID, last_updated или status")
    if value is None:
        return Change(field, None)
    value = value.strip()
    if not value:
        raise ConfigError("укажите исправленное значение")
    if not valid_value(field, value, CENTRE_STATUSES):
        if field.startswith(SECTION_PREFIX):
            raise ConfigError(f"значение раздела «{value}» не подходит: нужно {', '.join(SECTION_VALUES)}")
        if field == "last_updated":
            raise ConfigError(f"дата «{value}» не подходит: нужно ГГГГ-ММ-ДД")
        raise ConfigError(f"состояние «{value}» не подходит: нужно {', '.join(CENTRE_STATUSES)}")
    if field == "last_updated" and dt.date.fromisoformat(value) > dt.date.today() + dt.timedelta(days=1):
        raise ConfigError(f"дата «{value}» ещё не наступила")
    return Change(field, value)


def correct(db: Database, config: Config, run_id: int | None, centre_id: int, field: str, value: str | None,
            note: str, by: str | None = None) -> CentreResult:
    """Store a correction (or its withdrawal, with `value` None) and grade the centre again."""
    note = (note or "").strip()
    if not note:
        raise ConfigError("укажите примечание: почему оценка исправлена")
    if len(note) > MAX_NOTE:
        raise ConfigError(f"примечание длиннее {MAX_NOTE} знаков")
    change = parse_field(field, value)
    run = resolve_run(db, run_id)
    centre = find_centre(db, run, centre_id)
    if change.field != "status" and centre.status != "ok" and not centre.corrected("status"):
        raise ConfigError("страница центра не проверена: разделы и дату исправить нельзя, только состояние")
    old, page = _current(centre, change.field)
    with db.session() as session:
        store_review.add_correction(session, run_id=run, centre_id=centre_id, field=change.field, old=old,
                                    new=change.new, note=note, by=by or reviewer_name(config), page_url=page)
        store_review.withdraw_approval(session, run, centre_id)  # what was approved has changed
    regrade_centre(db, run, centre_id, config.grading.rulebook or None)
    return find_centre(db, run, centre_id)


def approve(db: Database, config: Config, run_id: int | None, centre_id: int, by: str | None = None,
            undo: bool = False) -> int:
    """Mark the centre reviewed for the run (or take that back); the run's id."""
    run = resolve_run(db, run_id)
    find_centre(db, run, centre_id)
    with db.session() as session:
        if undo:
            store_review.withdraw_approval(session, run, centre_id)
        else:
            store_review.approve(session, run, centre_id, by or reviewer_name(config))
    return run
