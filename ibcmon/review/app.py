"""The review web app (`ibcmon serve`): a Flask Blueprint over the store, served by waitress.

Pages: the runs; a run's overview (the report's sortable table plus a review column and
a «требует проверки» filter); the review queue (weakest verdicts first); a centre (every
verdict with its evidence and confidence, forms to correct it, the stored snapshot beside
it); the corrections log; a recheck's progress. Forms POST a correction, an approval or a
recheck and redirect back.

Structure: `bp` holds one small function per page or action, plus the app-wide guard
(Host, password, CSRF), the security headers and the 404 page. What they share (the
database, the config, who may come in, the recheck jobs, the table script) is one
`ReviewState` in `app.extensions`, read through `current_app` by `_state()`: no closures.
`create_app` builds that state and registers the blueprint; `app.extensions
["ibcmon_rechecks"]` is the same jobs object, for `ibcmon serve` to stop them.

Ids in URLs are `RowId` converters (a non-negative integer that fits the store's 64-bit
ids; anything else is 404 before a query): nothing else from a URL reaches a query, and
nothing reaches the file system (templates are package data, snapshots come from the
store). Every response carries a strict CSP; the one inline script is the report's table
script, allowed by its hash.
"""
from __future__ import annotations

import base64
import logging
import os
from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, Flask, Response, abort, current_app, redirect, request, session
from flask.blueprints import BlueprintSetupState
from werkzeug.routing import IntegerConverter

from checks.grade import load_audit_result
from checks.result import AuditResult
from checks.rulebook import Rulebook, load_rulebook
from common.config import Config, ConfigError
from ibcmon.review import auth, queries, service
from ibcmon.review.confidence import centre_verdicts, level, review_queue, weakest
from ibcmon.review.rechecks import RecheckJobs
from ibcmon.review.snapshot import SNAPSHOT_CSP, inert_html
from ibcmon.review.views import render
from reports.env import table_script
from reports.figures import band_colours
from reports.labels import NO_GRADE_COLOUR
from store.db import Database
from store.models import CENTRE_STATUSES

logger = logging.getLogger(__name__)

DOUBT_BELOW = 0.5  # a verdict below this confidence makes its centre "требует проверки"
QUEUE_LIMIT = 500
STATE_KEY = "ibcmon_review"

MAX_ROW_ID = 2**63 - 1  # the store's ids are signed 64-bit integers (PostgreSQL BIGINT)

SAVED_MESSAGES = {
    "fixed": "Исправление сохранено, оценка пересчитана.",
    "approved": "Центр утверждён.",
    "unapproved": "Утверждение снято.",
    "rechecked": "Центр проверен заново: результат обследования заменён новым, прежний сохранён.",
}


class RowId(IntegerConverter):
    """A store id in a URL: digits only, at most `MAX_ROW_ID`; anything else does not match (404).

    Flask's plain `int` takes any length, and a database refuses an id beyond 64 bits
    with an error (a 500), not with "no such row"."""

    def __init__(self, map: Any) -> None:  # noqa: A002 - werkzeug's own parameter name
        super().__init__(map, min=0, max=MAX_ROW_ID)


@dataclass
class ReviewState:
    """What every handler of one app shares; built once by `create_app`."""

    db: Database
    config: Config
    access: auth.Access
    jobs: RecheckJobs
    script: str
    script_hash: str
    _rulebook: list[Rulebook] = field(default_factory=list)

    def rulebook(self) -> Rulebook:
        """The configured rulebook, read once (on first need, so a page that needs none works)."""
        if not self._rulebook:
            self._rulebook.append(load_rulebook(self.config.grading.rulebook or None))
        return self._rulebook[0]


bp = Blueprint("review", __name__)


@bp.record_once
def _register_converter(setup: BlueprintSetupState) -> None:
    # recorded before any route below, so the `id` converter exists when their rules are added
    setup.app.url_map.converters["id"] = RowId


def _state() -> ReviewState:
    state: ReviewState = current_app.extensions[STATE_KEY]
    return state


def _row_id(text: str | None) -> int | None:
    """An id from a query string (`?run=`), or None when it is not one."""
    if text is None or not text.isdigit() or int(text) > MAX_ROW_ID:
        return None
    return int(text)


def _page_csp(script_hash: str) -> str:
    return ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-src 'self'; "
            f"form-action 'self'; base-uri 'none'; frame-ancestors 'none'; script-src '{script_hash}'")


def review_of(centre: Any) -> str:
    if centre.review_status == "approved":
        return "approved"
    return "corrected" if centre.corrections else "pending"


def _csrf_token() -> str:
    if "csrf" not in session:
        session["csrf"] = auth.new_token()
    return str(session["csrf"])


def _page(name: str, status: int = 200, **context: Any) -> Response:
    context.setdefault("csrf", _csrf_token())
    context.setdefault("page", "")
    context.setdefault("run_id", None)
    return Response(render(name, **context), status=status, mimetype="text/html")


def _grade_colours(run_id: int) -> dict[str, str]:
    """Grade name -> colour, as in the report: the bands of the run's grading (the
    rulebook's names, best first), or the configured rulebook's for an older grading."""
    state = _state()
    names = queries.grade_names(state.db, run_id) or [band.name for band in state.rulebook().grades]
    return band_colours(names)


def _load(run_id: int) -> AuditResult:
    try:
        return load_audit_result(_state().db, run_id)
    except ConfigError:
        abort(404)


def _who() -> str:
    """The reviewer's name: the Basic-auth user when there is a password, else the configured one."""
    state = _state()
    given = request.authorization
    if state.access.needs_login and given is not None and given.username:
        return given.username[:200]
    return service.reviewer_name(state.config)


def _approval(run_id: int, centre_id: int) -> dict[str, Any] | None:
    from store.review import approvals

    with _state().db.session() as s:
        found = approvals(s, run_id).get(centre_id)
        return {"by": found.by, "at": found.at} if found is not None else None


@bp.before_app_request
def _guard() -> Response | None:
    access = _state().access
    if not auth.host_allowed(request.host, access):
        return Response("Неверный адрес сервера (Host).", status=400, mimetype="text/plain")
    if access.needs_login:
        given = request.authorization
        if given is None or not access.check(given.password or ""):
            return Response("Нужен пароль.", status=401, mimetype="text/plain",
                            headers={"WWW-Authenticate": 'Basic realm="ibcmon", charset="UTF-8"'})
    if request.method == "POST" and not auth.same_token(session.get("csrf"), request.form.get(auth.CSRF_FIELD)):
        return _page("message.html", 403, heading="Запрос отклонён",
                     text="Форма пришла без метки защиты (CSRF) или с чужой меткой. Обновите страницу и повторите.")
    return None


@bp.after_app_request
def _headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", _page_csp(_state().script_hash))
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.app_errorhandler(404)
def _not_found(_exc: Exception) -> Response:
    return _page("message.html", 404, heading="Не найдено", text="Такой страницы нет.")


@bp.get("/")
def runs() -> Response:
    return _page("runs.html", page="runs", runs=queries.graded_runs(_state().db))


def _overview_row(c: Any, colours: dict[str, str]) -> dict[str, Any]:
    """One centre's line of the overview: its review state, weakest verdict and doubt."""
    review = review_of(c)
    low = weakest(c)
    recheck = any(fix.get("needs_recheck") for fix in c.corrections)
    return {"centre": c, "review": review, "weakest": low, "level": level(low),
            "doubt": review != "approved" and (low < DOUBT_BELOW or recheck),
            "recheck": recheck, "grade_colour": colours.get(c.grade or "", NO_GRADE_COLOUR),
            "search": " ".join(filter(None, [c.name[:300], c.municipality, c.final_url or c.url]))}


@bp.get("/runs/<id:run_id>")
def overview(run_id: int) -> Response:
    result = _load(run_id)
    colours = _grade_colours(run_id)
    rows = [_overview_row(c, colours) for c in result.centres]
    counts = {"approved": 0, "corrected": 0, "doubt": 0}
    for row in rows:
        review, fixes = row["review"], row["centre"].corrections
        counts["approved"] += review == "approved"
        counts["corrected"] += review == "corrected" or (review == "approved" and bool(fixes))
        counts["doubt"] += row["doubt"]
    statuses = sorted({c.status for c in result.centres})
    return _page("overview.html", page="overview", run_id=run_id, as_of=result.run.as_of, rows=rows,
                 counts=counts, statuses=statuses, script=_state().script)


@bp.get("/runs/<id:run_id>/queue")
def queue(run_id: int) -> Response:
    items = review_queue(_load(run_id).centres)
    return _page("queue.html", page="queue", run_id=run_id, items=items[:QUEUE_LIMIT], total=len(items))


def _snapshot_ids(pages: list[Any]) -> dict[str, int]:
    """URL (asked or final) -> id of the page whose stored HTML the centre page can show."""
    ids: dict[str, int] = {}
    for p in pages:
        if p.has_html:
            ids.setdefault(p.final_url, p.id)
            ids.setdefault(p.url, p.id)
    return ids


def _centre_page(run_id: int, centre_id: int, status: int = 200, error: str | None = None,
                 saved: str | None = None) -> Response:
    db = _state().db
    centre = queries.centre_result(db, run_id, centre_id)
    if centre is None:
        abort(404)
    pages = queries.centre_pages(db, run_id, centre_id)
    snapshot_ids = _snapshot_ids(pages)
    main = snapshot_ids.get(centre.final_url or "") or next((p.id for p in pages if p.has_html), None)
    chars = {p.final_url: p.chars for p in pages}
    rechecked = queries.rechecks_log(db, run_id, centre_id, limit=1)
    return _page("review_centre.html", status, page="centre", run_id=run_id, c=centre, review=review_of(centre),
                 last_recheck=rechecked[0] if rechecked else None,
                 titles={v.id: v.title for v in centre.section_details},
                 approval=_approval(run_id, centre_id), verdicts=centre_verdicts(centre, chars), pages=pages,
                 main_snapshot=main, snapshot_ids=snapshot_ids, statuses=CENTRE_STATUSES, error=error,
                 saved=saved, grade_colour=_grade_colours(run_id).get(centre.grade or "", NO_GRADE_COLOUR))


@bp.get("/runs/<id:run_id>/centres/<id:centre_id>")
def centre(run_id: int, centre_id: int) -> Response:
    return _centre_page(run_id, centre_id, saved=SAVED_MESSAGES.get(request.args.get("done", "")))


def _back_to_centre(run_id: int, centre_id: int, done: str) -> Response | Any:
    return redirect(f"/runs/{run_id}/centres/{centre_id}?done={done}", code=303)


@bp.post("/runs/<id:run_id>/centres/<id:centre_id>/correct")
def correct(run_id: int, centre_id: int) -> Response | Any:
    state, form = _state(), request.form
    value = None if form.get("withdraw") else form.get("value", "")
    try:
        service.correct(state.db, state.config, run_id, centre_id, form.get("field", ""), value,
                        form.get("note", ""), by=_who())
    except ConfigError as exc:
        return _centre_page(run_id, centre_id, 400, error=f"Не сохранено: {exc}.")
    return _back_to_centre(run_id, centre_id, "fixed")


@bp.post("/runs/<id:run_id>/centres/<id:centre_id>/approve")
def approve(run_id: int, centre_id: int) -> Response | Any:
    state, undo = _state(), bool(request.form.get("undo"))
    try:
        service.approve(state.db, state.config, run_id, centre_id, by=_who(), undo=undo)
    except ConfigError as exc:
        return _centre_page(run_id, centre_id, 400, error=f"Не сохранено: {exc}.")
    return _back_to_centre(run_id, centre_id, "unapproved" if undo else "approved")


@bp.post("/runs/<id:run_id>/centres/<id:centre_id>/recheck")
def recheck(run_id: int, centre_id: int) -> Response | Any:
    state = _state()
    if queries.centre_result(state.db, run_id, centre_id) is None:
        abort(404)
    job = state.jobs.start(run_id, centre_id, _who())
    return redirect(f"/rechecks/{job.token}", code=303)


@bp.get("/rechecks/<token>")
def recheck_progress(token: str) -> Response | Any:
    state = _state()
    job = state.jobs.get(token)
    if job is None:
        abort(404)
    if job.running:
        return _page("recheck_progress.html", run_id=job.run_id, job=job,
                     centre=queries.centre_result(state.db, job.run_id, job.centre_id))
    if job.returncode == 0:
        return _back_to_centre(job.run_id, job.centre_id, "rechecked")
    lines = [line for line in job.tail().splitlines() if line.strip()]
    why = "проверка не уложилась в отведённое время и остановлена" if job.timed_out else (
        lines[-1] if lines else f"процесс завершился с кодом {job.returncode}")
    return _centre_page(job.run_id, job.centre_id, 500 if job.returncode != 3 else 400,
                        error=f"Проверить заново не удалось: {why.rstrip('.')}. Результат обследования не изменился.")


@bp.get("/runs/<id:run_id>/pages/<id:page_id>/snapshot")
def snapshot(run_id: int, page_id: int) -> Response:
    html = queries.snapshot_html(_state().db, run_id, page_id)
    if html is None:
        abort(404)
    response = Response(inert_html(html), mimetype="text/html")
    response.headers["Content-Security-Policy"] = SNAPSHOT_CSP
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


@bp.get("/corrections")
def corrections() -> Response:
    state = _state()
    run_filter = _row_id(request.args.get("run"))
    titles = {sid: section.title for sid, section in state.rulebook().sections.items()}
    return _page("corrections.html", page="log", rows=queries.corrections_log(state.db, run_filter),
                 rechecks=queries.rechecks_log(state.db, run_filter), run_filter=run_filter, run_id=run_filter,
                 titles=titles)


def create_app(db: Database, config: Config, access: auth.Access | None = None) -> Flask:
    """The app over `db`; `access` says who may use it (default: loopback, no password)."""
    app = Flask(__name__)
    app.secret_key = os.urandom(32)  # sessions (the CSRF token) last as long as the server
    app.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Strict",
                      MAX_CONTENT_LENGTH=64 * 1024)
    script, script_hash = table_script()
    jobs = RecheckJobs(db.url, config)
    app.extensions[STATE_KEY] = ReviewState(db, config, access or auth.Access(loopback=True), jobs,
                                            script, script_hash)
    app.extensions["ibcmon_rechecks"] = jobs  # `ibcmon serve` stops them when it stops
    app.register_blueprint(bp)
    return app


def basic_auth_header(user: str, password: str) -> dict[str, str]:
    """For tests and scripts: the Authorization header of HTTP Basic."""
    token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
    return {"Authorization": f"Basic {token}"}
