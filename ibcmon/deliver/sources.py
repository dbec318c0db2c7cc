"""What the mailer sends, read from the store: an audit's result, a link check's new breaks.

The audit result comes from `checks.grade.load_audit_result` (the same object the report
reads). While that module is not there, the result is rebuilt from the stored `Score`
rows (each holds `CentreResult.to_dict()`). New broken links come from the link check's
digest (`crawler.linkcheck.build_digest`).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
import importlib.util
import typing
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from checks.result import (
    Advice,
    AuditResult,
    BrokenLink,
    CentreResult,
    Evidence,
    Finding,
    RunInfo,
    ScorePart,
    SectionVerdict,
)
from ibcmon.config import ConfigError
from store.db import Database
from store.models import RUN_COMPLETE, Grading, Run, Score

LINKCHECK_KIND = "linkcheck"


def latest_graded_run(db: Database) -> int | None:
    """The id of the newest run that has a grading (the audit whose cards are due)."""
    with db.session() as session:
        return session.scalar(
            select(Grading.run_id).join(Run, Run.id == Grading.run_id)
            .order_by(Run.started_at.desc(), Run.id.desc()).limit(1)
        )


def latest_linkcheck_run(db: Database) -> int | None:
    with db.session() as session:
        return session.scalar(
            select(Run.id).where(Run.kind == LINKCHECK_KIND, Run.status == RUN_COMPLETE)
            .order_by(Run.started_at.desc(), Run.id.desc()).limit(1)
        )


def load_result(db: Database, run_id: int) -> AuditResult:
    """The audit result of `run_id`'s latest grading."""
    with db.session() as session:
        if session.get(Run, run_id) is None:
            raise ConfigError(f"запуск №{run_id} не найден")
        if session.scalar(select(Grading.id).where(Grading.run_id == run_id).limit(1)) is None:
            raise ConfigError(f"запуск №{run_id} ещё не оценён: сначала `ibcmon grade --run {run_id}`")
    if importlib.util.find_spec("checks.grade") is not None:
        module = importlib.import_module("checks.grade")
        loader = getattr(module, "load_audit_result", None)
        if loader is not None:
            result: AuditResult = loader(db, run_id=run_id)
            return result
    return _rebuild_result(db, run_id)


def centre_history(db: Database, centre_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """centre_id → its scores across audits (the latest grading of each run), oldest first.

    The card's trend: dicts with `as_of`, `score`, `grade`, `run_id`.
    """
    latest = select(Grading.run_id, func.max(Grading.id).label("grading_id")).group_by(Grading.run_id).subquery()
    out: dict[int, list[dict[str, Any]]] = {cid: [] for cid in centre_ids}
    with db.session() as session:
        rows = session.execute(
            select(Score.centre_id, Score.score, Score.grade, Grading.as_of, Grading.run_id)
            .join(Grading, Grading.id == Score.grading_id)
            .join(latest, latest.c.grading_id == Grading.id)
            .where(Score.centre_id.in_(centre_ids))
            .order_by(Grading.as_of, Grading.run_id)
        ).all()
    for centre_id, score, grade, as_of, run_id in rows:
        out[centre_id].append({"as_of": as_of, "score": score, "grade": grade, "run_id": run_id})
    return out


# --- the fallback: the result rebuilt from stored scores ------------------------------------

def _from_dict(cls: type[Any], data: Any) -> Any:
    """A dataclass of checks.result from its `asdict()` form (nested ones included)."""
    if data is None or not dataclasses.is_dataclass(cls):
        return data
    hints = typing.get_type_hints(cls)
    kwargs: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if f.name not in data:
            continue
        kwargs[f.name] = _convert(hints[f.name], data[f.name])
    return cls(**kwargs)


_NESTED = (Evidence, SectionVerdict, BrokenLink, Finding, Advice, ScorePart)


def _convert(annotation: Any, value: Any) -> Any:
    if value is None:
        return None
    args = typing.get_args(annotation)
    origin = typing.get_origin(annotation)
    if origin is list and args and args[0] in _NESTED:
        return [_from_dict(args[0], item) for item in value]
    for candidate in (annotation, *args):
        if candidate in _NESTED:
            return _from_dict(candidate, value)
        if candidate is dt.date and isinstance(value, str):
            return dt.date.fromisoformat(value[:10])
    return value


def centre_from_dict(data: dict[str, Any]) -> CentreResult:
    result: CentreResult = _from_dict(CentreResult, data)
    return result


def _rebuild_result(db: Database, run_id: int) -> AuditResult:
    with db.session() as session:
        run = session.get(Run, run_id)
        assert run is not None
        grading = session.scalars(
            select(Grading).where(Grading.run_id == run_id).order_by(Grading.id.desc()).limit(1)
        ).one()
        scores = session.scalars(select(Score).where(Score.grading_id == grading.id)).all()
        info = RunInfo(
            id=run.id, kind=run.kind, status=run.status, root_url=run.root_url,
            started_at=run.started_at, finished_at=run.finished_at, as_of=grading.as_of,
            grading_id=grading.id, rulebook=grading.rulebook_name, stats=dict(run.stats or {}),
            discovery=dict(run.discovery or {}),
        )
        centres = [centre_from_dict({**s.result, "centre_id": s.centre_id}) for s in scores]
    centres.sort(key=lambda c: (c.municipality or "", c.name))
    return AuditResult(run=info, centres=centres, summary=dict(grading.summary or {}))


# --- new broken links -------------------------------------------------------------------------

@dataclass
class LinkNotice:
    """The links of one centre that broke (for the required number of nights) in a run."""

    centre_id: int
    name: str
    links: list[BrokenLink]


@dataclass
class LinkNotices:
    run_id: int
    checked_at: dt.datetime
    alarm_after: int
    centres: list[LinkNotice]


def new_broken_links(db: Database, run_id: int) -> LinkNotices:
    """Per centre, the links the link-check run `run_id` counts as newly broken."""
    from crawler.linkcheck import build_digest

    with db.session() as session:
        run = session.get(Run, run_id)
        if run is None:
            raise ConfigError(f"запуск №{run_id} не найден")
        if run.kind != LINKCHECK_KIND:
            raise ConfigError(f"запуск №{run_id} — не ночная проверка ссылок ({run.kind})")
        checked_at = run.started_at
    digest = build_digest(db, run_id)
    centre_ids = {c.centre_id for c in digest.centres} | {
        int(c["centre_id"]) for link in digest.shared for c in link.centres
    }
    names = {c.centre_id: c.name for c in digest.centres}
    for link in digest.shared:
        for c in link.centres:
            names.setdefault(int(c["centre_id"]), c.get("name") or "")
    notices: list[LinkNotice] = []
    for centre_id in sorted(centre_ids):
        links = []
        for item in digest.for_centre(centre_id)["new_broken"]:
            places = item.found_on
            if item.centres:  # a shared link: only this centre's pages
                places = next(
                    (c["found_on"] for c in item.centres if int(c["centre_id"]) == centre_id), places
                )
            for place in places or [{"page_url": "", "text": ""}]:
                links.append(BrokenLink(
                    url=item.url, found_on=place.get("page_url") or "", status=item.status,
                    error=item.error, text=place.get("text") or None, internal=item.internal,
                ))
        if links:
            notices.append(LinkNotice(centre_id=centre_id, name=names.get(centre_id, ""), links=links))
    return LinkNotices(run_id=run_id, checked_at=checked_at, alarm_after=digest.alarm_after, centres=notices)
