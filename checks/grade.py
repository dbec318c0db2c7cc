"""Grading over the store: a stored run → a `Grading` and one `Score` per centre.

`grade_run` reads only what the crawl and the link check stored (`CentreVisit`, `Page`,
`LinkCheck` rows of the run, and the main page's text hash of the same centre in the
latest earlier run): it makes no request. A run can be graded any number of times under
another rulebook or audit date (`ibcmon regrade`).

`load_audit_result` rebuilds the `AuditResult` every output reads. Its `summary` dict:

| key | value |
|---|---|
| `centres_listed` | centres in the run (as listed on the regional site) |
| `target` | the network's target size (rulebook `plan.target_centres`, 135) |
| `previous` | the latest earlier graded run: `{"run_id", "centres_listed", "avg_score"}`, or None |
| `registry` | `Run.discovery["registry"]` (registry vs listing) as the crawler stored it, or `{}` |
| `by_status` | `{status: count}` over all centres (only statuses that occur) |
| `representations` | `{"site" | "vk" | "telegram": count}` of the graded centres (only kinds that occur) |
| `freshness` | `{"fresh", "aging", "stale", "unknown": count}` over the `ok` centres |
| `grades` | `{band: count}` over the `ok` centres, every band of the rulebook, best first |
| `avg_score` | mean score of the graded centres, one decimal, or None |
| `by_municipality` | `[{"name", "centres", "avg_score"}]` sorted by name ("Муниципалитет не указан" for none) |

The methodologist's corrections (`store.review`, applied by `checks.overrides`) are
applied on top of the rules' verdicts by `grade_run` (so `regrade` keeps them) and by
`regrade_centre` (one centre, in place, right after a correction); `load_audit_result`
adds each centre's review status (pending / approved) for the run.

`history(db, centre_id)` gives the centre's trend: one `HistoryPoint` (run_id, as_of,
score, grade, freshness) per graded run, oldest first.
"""
from __future__ import annotations

import datetime as dt
import logging
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from checks.base import CentreInput
from checks.freshness import PreviousVisit
from checks.overrides import Override, Overrides
from checks.page import Snapshot
from checks.result import AuditResult, CentreResult, RunInfo
from checks.rulebook import Rulebook, load_rulebook
from checks.score import build_checks, grade_centre
from checks.site import LinkVerdict
from common.config import ConfigError
from common.labels import crawl_reason
from store.db import Database
from store.models import Centre, CentreVisit, Correction, Grading, LinkCheck, Page, Run, Score
from store.recheck import RECHECK_KIND
from store.review import corrections_for_run, review_state

logger = logging.getLogger(__name__)

NO_MUNICIPALITY = "Муниципалитет не указан"
FRESHNESS_KEYS = ("fresh", "aging", "stale", "unknown")


@dataclass(frozen=True)
class HistoryPoint:
    """One graded audit of a centre (unpacks as run_id, as_of, score, grade, freshness)."""

    run_id: int
    as_of: dt.date
    score: float | None
    grade: str | None
    freshness: str

    @property
    def date(self) -> dt.date:
        return self.as_of

    def __iter__(self) -> Iterator[Any]:
        return iter((self.run_id, self.as_of, self.score, self.grade, self.freshness))


def _plain(obj: Any) -> Any:
    if hasattr(obj, "__dataclass_fields__"):
        return {name: _plain(getattr(obj, name)) for name in obj.__dataclass_fields__}
    if isinstance(obj, list | tuple):
        return [_plain(x) for x in obj]
    if isinstance(obj, dict):
        return {k: _plain(v) for k, v in obj.items()}
    return obj


def result_dict(result: CentreResult) -> dict[str, Any]:
    """`CentreResult.to_dict()`, without `dataclasses.asdict`'s deep copies (4× faster)."""
    data: dict[str, Any] = _plain(result)
    data["last_updated"] = result.last_updated.isoformat() if result.last_updated else None
    data["review"] = {"status": data.pop("review_status"), "corrections": data.pop("corrections")}
    return data


# -- reading the store -----------------------------------------------------------------


def _snapshot(page: Page) -> Snapshot:
    return Snapshot(
        url=page.url, final_url=page.final_url, http_status=page.http_status,
        # the error's words from its code; the stored text for pages older than the codes
        error=crawl_reason(page.error_code, page.error),
        content_type=page.content_type, headers=dict(page.headers or {}), fetched_at=page.fetched_at,
        is_document=page.is_document, title=page.title, headings=list(page.headings or []),
        main_text=page.main_text, text_hash=page.text_hash, links=list(page.links or []),
        documents=list(page.documents or []), html=page.html, depth=page.depth,
    )


def _link_verdicts(session: Session, run_id: int) -> tuple[dict[int, dict[str, LinkVerdict]], bool]:
    by_centre: dict[int, dict[str, LinkVerdict]] = defaultdict(dict)
    rows = session.execute(
        select(LinkCheck.url, LinkCheck.verdict, LinkCheck.http_status, LinkCheck.error, LinkCheck.sources)
        .where(LinkCheck.run_id == run_id)
    ).all()
    for url, verdict, status, error, sources in rows:
        per_centre: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for source in sources or []:
            if isinstance(source, dict) and source.get("centre_id") is not None:
                per_centre[int(source["centre_id"])].append(source)
        for centre_id, items in per_centre.items():
            by_centre[centre_id][url] = LinkVerdict(url, verdict, status, error, tuple(items))
    return by_centre, bool(rows)


def _previous_visits(session: Session, run_id: int, centre_ids: list[int]) -> dict[int, PreviousVisit]:
    """Each centre's latest earlier ok visit: its main page's text hash and fetch date."""
    if not centre_ids:
        return {}
    latest = (
        select(CentreVisit.centre_id, func.max(CentreVisit.run_id).label("run_id"))
        .join(Run, Run.id == CentreVisit.run_id)
        # a recheck run holds what an audit saw before its recheck: the audit itself is newer
        .where(CentreVisit.run_id < run_id, CentreVisit.status == "ok", Run.kind != RECHECK_KIND,
               CentreVisit.centre_id.in_(centre_ids))
        .group_by(CentreVisit.centre_id)
        .subquery()
    )
    visits = session.execute(
        select(CentreVisit.run_id, CentreVisit.centre_id, CentreVisit.final_url)
        .join(latest, (latest.c.centre_id == CentreVisit.centre_id) & (latest.c.run_id == CentreVisit.run_id))
    ).all()
    out: dict[int, PreviousVisit] = {}
    for prev_run, centre_id, final_url in visits:
        row = session.execute(
            select(Page.text_hash, Page.fetched_at)
            .where(Page.run_id == prev_run, Page.centre_id == centre_id,
                   (Page.final_url == final_url) | (Page.url == final_url))
            .limit(1)
        ).first()
        if row is not None and row[1] is not None:
            out[centre_id] = PreviousVisit(prev_run, row[1].date(), row[0])
    return out


def load_inputs(session: Session, run_id: int, centre_ids: list[int] | None = None) -> list[CentreInput]:
    """Every centre of the run (or those named) as `CentreInput` (visit, pages, link
    verdicts, previous)."""
    visit_query = (select(CentreVisit, Centre).join(Centre, Centre.id == CentreVisit.centre_id)
                   .where(CentreVisit.run_id == run_id).order_by(CentreVisit.id))
    page_query = select(Page).where(Page.run_id == run_id).order_by(Page.id)
    if centre_ids is not None:
        visit_query = visit_query.where(CentreVisit.centre_id.in_(centre_ids))
        page_query = page_query.where(Page.centre_id.in_(centre_ids))
    visits = session.execute(visit_query).all()
    pages: dict[int, list[Snapshot]] = defaultdict(list)
    for page in session.scalars(page_query):
        pages[page.centre_id].append(_snapshot(page))
    verdicts, checked = _link_verdicts(session, run_id)
    previous = _previous_visits(session, run_id, [v.centre_id for v, _c in visits])
    inputs = []
    for visit, centre in visits:
        inputs.append(CentreInput(
            centre_id=centre.id, name=visit.name or centre.name,
            municipality=visit.municipality or centre.municipality,
            listed_url=visit.listed_url, final_url=visit.final_url, status=visit.status,
            reason=visit.reason, reason_code=visit.reason_code, home_url=visit.home_url, pages=visit.pages,
            librarian=centre.librarian, email=centre.email, in_registry=centre.in_registry,
            snapshots=pages.get(centre.id, []), link_verdicts=verdicts.get(centre.id, {}),
            link_checked=checked, previous=previous.get(centre.id),
        ))
    return inputs


# -- grading ---------------------------------------------------------------------------


def _overrides(rows: list[Correction]) -> Overrides:
    return Overrides([Override(r.field, r.new or "", r.note, r.by, r.at.isoformat(timespec="seconds") if r.at else None,
                               r.needs_recheck, r.carried_from is not None) for r in rows])


def grade_with_overrides(centre: CentreInput, rulebook: Rulebook, as_of: dt.date, checks: list[Any],
                         overrides: Overrides | None) -> CentreResult:
    if overrides is None:
        return grade_centre(centre, rulebook, as_of, checks)
    result = grade_centre(overrides.centre(centre), rulebook, as_of, checks, adjust=overrides.adjust)
    result.corrections = overrides.applied
    return result


def grade_inputs(inputs: list[CentreInput], rulebook: Rulebook, as_of: dt.date,
                 corrections: dict[int, list[Correction]] | None = None) -> list[CentreResult]:
    checks = build_checks(rulebook)
    results = []
    for centre in inputs:
        rows = (corrections or {}).get(centre.centre_id)
        try:
            results.append(grade_with_overrides(centre, rulebook, as_of, checks, _overrides(rows) if rows else None))
        except Exception as exc:  # one centre's failure is a result, never the end of the run
            logger.exception("grading centre %s failed", centre.centre_id)
            failed = grade_centre(
                CentreInput(centre.centre_id, centre.name, centre.municipality, centre.listed_url,
                            centre.final_url, "error", f"ошибка оценки: {type(exc).__name__}: {exc}"),
                rulebook, as_of, checks)
            results.append(failed)
    return results


def rulebook_label(rulebook: Rulebook) -> str:
    return rulebook.name if rulebook.source == "default" else f"{rulebook.name} ({rulebook.source})"


def grade_run(db: Database, run_id: int, as_of: dt.date, rulebook_path: str | None = None) -> int:
    """Grade a stored run (no network); the new grading's id."""
    rulebook = load_rulebook(rulebook_path)
    with db.session() as session:
        run = session.get(Run, run_id)
        if run is None:
            raise ConfigError(f"запуск №{run_id} не найден")
        inputs = load_inputs(session, run_id)
        discovery = dict(run.discovery or {})
        corrections = corrections_for_run(session, run_id, [c.centre_id for c in inputs])
        results = grade_inputs(inputs, rulebook, as_of, corrections)
    summary = build_summary(results, rulebook, discovery)
    with db.session() as session:
        grading = Grading(run_id=run_id, as_of=as_of, rulebook_name=rulebook_label(rulebook)[:500],
                          rulebook_hash=rulebook.hash, summary=summary)
        session.add(grading)
        session.flush()
        session.add_all(
            Score(grading_id=grading.id, centre_id=r.centre_id, status=r.status, score=r.score,
                  grade=r.grade, freshness=r.freshness, last_updated=r.last_updated, result=result_dict(r))
            for r in results
        )
        return grading.id


def regrade_centre(db: Database, run_id: int, centre_id: int, rulebook_path: str | None = None) -> bool:
    """Grade one centre of the run's latest grading again, in place, with its corrections
    (after a correction: no need to regrade the whole run). False when the run is ungraded."""
    with db.session() as session:
        grading = session.execute(select(Grading).where(Grading.run_id == run_id)
                                  .order_by(Grading.id.desc()).limit(1)).scalar_one_or_none()
        if grading is None:
            return False
        score = session.execute(select(Score).where(Score.grading_id == grading.id, Score.centre_id == centre_id)
                                ).scalar_one_or_none()
        inputs = load_inputs(session, run_id, [centre_id])
        if score is None or not inputs:
            return False
        rulebook = load_rulebook(rulebook_path)
        rows = corrections_for_run(session, run_id, [centre_id]).get(centre_id)
        rechecked = (score.result or {}).get("rechecked")  # a recheck's own date stays the centre's
        as_of = dt.date.fromisoformat(rechecked["as_of"]) if rechecked else grading.as_of
        result = grade_inputs(inputs, rulebook, as_of, {centre_id: rows} if rows else None)[0]
        result.rechecked = rechecked
        score.status, score.score, score.grade = result.status, result.score, result.grade
        score.freshness, score.last_updated, score.result = result.freshness, result.last_updated, result_dict(result)
    return True


def grade_centre_anew(session: Session, run_id: int, centre_id: int, as_of: dt.date,
                      rulebook_path: str | None = None, rechecked: dict[str, Any] | None = None
                      ) -> tuple[int, int, CentreResult]:
    """A new grading of the run: the latest one's scores, with this centre graded again from
    the store as of `as_of` (after `ibcmon recheck` replaced its crawl). The earlier grading
    stays as it was, so the centre's earlier result is kept. (old grading id, new grading
    id, the centre's new result); `ConfigError` when the run is not graded. In the caller's
    transaction, so that the crawl it grades and the grading are stored together."""
    rulebook = load_rulebook(rulebook_path)
    old = session.execute(select(Grading).where(Grading.run_id == run_id)
                          .order_by(Grading.id.desc()).limit(1)).scalar_one_or_none()
    if old is None:
        raise ConfigError(f"запуск №{run_id} ещё не оценён: `ibcmon regrade --run {run_id}`")
    inputs = load_inputs(session, run_id, [centre_id])
    if not inputs:
        raise ConfigError(f"в обследовании №{run_id} нет центра №{centre_id}")
    rows = corrections_for_run(session, run_id, [centre_id]).get(centre_id)
    result = grade_inputs(inputs, rulebook, as_of, {centre_id: rows} if rows else None)[0]
    result.rechecked = rechecked
    scores = session.scalars(select(Score).where(Score.grading_id == old.id).order_by(Score.id)).all()
    centres = [result if s.centre_id == centre_id else CentreResult.from_dict(s.result) for s in scores]
    if all(s.centre_id != centre_id for s in scores):
        centres.append(result)
    run = session.get(Run, run_id)
    discovery = dict(run.discovery or {}) if run is not None else {}
    grading = Grading(run_id=run_id, as_of=old.as_of, rulebook_name=old.rulebook_name,
                      rulebook_hash=old.rulebook_hash, summary=build_summary(centres, rulebook, discovery))
    session.add(grading)
    session.flush()
    for s in scores:
        if s.centre_id != centre_id:
            session.add(Score(grading_id=grading.id, centre_id=s.centre_id, status=s.status, score=s.score,
                              grade=s.grade, freshness=s.freshness, last_updated=s.last_updated,
                              result=s.result))
    session.add(Score(grading_id=grading.id, centre_id=centre_id, status=result.status, score=result.score,
                      grade=result.grade, freshness=result.freshness, last_updated=result.last_updated,
                      result=result_dict(result)))
    return old.id, grading.id, result


# -- the summary -----------------------------------------------------------------------


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def build_summary(centres: list[CentreResult], rulebook: Rulebook | None = None,
                  discovery: dict[str, Any] | None = None,
                  previous: dict[str, Any] | None = None) -> dict[str, Any]:
    """The regional plan's figures for one graded run (keys: see the module docstring)."""
    ok = [c for c in centres if c.status == "ok"]
    scores = [c.score for c in ok if c.score is not None]
    bands = [b.name for b in rulebook.grades] if rulebook else sorted({c.grade for c in ok if c.grade})
    by_mun: dict[str, list[CentreResult]] = defaultdict(list)
    for c in centres:
        by_mun[c.municipality or NO_MUNICIPALITY].append(c)
    return {
        "centres_listed": len(centres),
        "target": rulebook.target_centres if rulebook else 135,
        "previous": previous,
        "registry": dict((discovery or {}).get("registry") or {}),
        "by_status": dict(Counter(c.status for c in centres)),
        # centres graded of each kind of representation (site, vk, telegram)
        "representations": dict(Counter(c.representation for c in ok if c.score is not None)),
        "freshness": {k: sum(1 for c in ok if c.freshness == k) for k in FRESHNESS_KEYS},
        "grades": {band: sum(1 for c in ok if c.grade == band) for band in bands},
        "avg_score": _mean([s for s in scores if s is not None]),
        "by_municipality": [
            {"name": name, "centres": len(members),
             "avg_score": _mean([m.score for m in members if m.score is not None])}
            for name, members in sorted(by_mun.items())
        ],
    }


def _previous_summary(session: Session, run_id: int) -> dict[str, Any] | None:
    prev = session.execute(
        select(Grading).where(Grading.run_id < run_id).order_by(Grading.run_id.desc(), Grading.id.desc()).limit(1)
    ).scalar_one_or_none()
    if prev is None:
        return None
    summary = prev.summary or {}
    listed = summary.get("centres_listed")
    avg = summary.get("avg_score")
    if listed is None:
        listed = session.scalar(select(func.count()).select_from(Score).where(Score.grading_id == prev.id))
    if avg is None:
        value = session.scalar(select(func.avg(Score.score)).where(Score.grading_id == prev.id))
        avg = round(float(value), 1) if value is not None else None
    return {"run_id": prev.run_id, "centres_listed": listed, "avg_score": avg}


def _pick_grading(session: Session, run_id: int | None, grading_id: int | None) -> Grading:
    if grading_id is not None:
        grading = session.get(Grading, grading_id)
        if grading is None:
            raise ConfigError(f"расчёт оценок №{grading_id} не найден")
        return grading
    query = select(Grading).order_by(Grading.id.desc()).limit(1)
    if run_id is not None:
        if session.get(Run, run_id) is None:
            raise ConfigError(f"запуск №{run_id} не найден")
        query = query.where(Grading.run_id == run_id)
    else:
        query = select(Grading).order_by(Grading.run_id.desc(), Grading.id.desc()).limit(1)
    grading = session.execute(query).scalar_one_or_none()
    if grading is None:
        if run_id is not None:
            raise ConfigError(f"запуск №{run_id} ещё не оценён: `ibcmon regrade --run {run_id}`")
        raise ConfigError("в базе нет ни одного оценённого обследования: сначала запустите `ibcmon audit`")
    return grading


def load_audit_result(db: Database, run_id: int | None = None, grading_id: int | None = None) -> AuditResult:
    """The audit result of a grading (default: the latest grading of the run, or of the
    latest graded run)."""
    with db.session() as session:
        grading = _pick_grading(session, run_id, grading_id)
        run = session.get(Run, grading.run_id)
        assert run is not None
        scores = session.scalars(select(Score).where(Score.grading_id == grading.id).order_by(Score.id)).all()
        centres = [CentreResult.from_dict(s.result) for s in scores]
        reviewed = review_state(session, run.id)
        for centre in centres:
            centre.review_status = "approved" if centre.centre_id in reviewed else "pending"
        stored = dict(grading.summary or {})
        info = RunInfo(
            id=run.id, kind=run.kind, status=run.status, root_url=run.root_url,
            started_at=run.started_at, finished_at=run.finished_at, as_of=grading.as_of,
            grading_id=grading.id, rulebook=grading.rulebook_name, stats=dict(run.stats or {}),
            discovery=dict(run.discovery or {}),
        )
        previous = _previous_summary(session, run.id)
    summary = build_summary(centres, None, info.discovery, previous)
    # what only the grading knew: the rulebook's target and its bands (in its order)
    summary["target"] = stored.get("target", summary["target"])
    if "grades" in stored:
        summary["grades"] = {band: sum(1 for c in centres if c.status == "ok" and c.grade == band)
                             for band in stored["grades"]}
    return AuditResult(run=info, centres=centres, summary=summary)


def history(db: Database, centre_id: int) -> list[HistoryPoint]:
    """The centre's score across graded runs (the latest grading of each), oldest first."""
    latest = select(Grading.run_id, func.max(Grading.id).label("grading_id")).group_by(Grading.run_id).subquery()
    with db.session() as session:
        rows = session.execute(
            select(Grading.run_id, Grading.as_of, Score.score, Score.grade, Score.freshness)
            .join(latest, latest.c.grading_id == Grading.id)
            .join(Score, Score.grading_id == Grading.id)
            .where(Score.centre_id == centre_id)
            .order_by(Grading.as_of, Grading.run_id)
        ).all()
    return [HistoryPoint(r[0], r[1], r[2], r[3], r[4]) for r in rows]
