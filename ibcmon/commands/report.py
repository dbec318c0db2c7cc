"""CLI commands: report, export, diff (the outputs of a graded audit).

Each reads the audit result of a run (`checks.grade.load_audit_result`); a run that was
never graded is graded first (`checks.grade.grade_run`), with `--as-of` or the run's own
audit date. `render_run_report()` is what `ibcmon audit` calls to write the report too.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import sys
from pathlib import Path
from typing import Any

import click
from sqlalchemy import select

from common.config import ConfigError
from ibcmon.cli import App, common_options, pass_app

logger = logging.getLogger(__name__)

AUDIT_KINDS = ("crawl", "audit")
AS_OF = click.DateTime(formats=["%Y-%m-%d"])


# -- reading a graded result -----------------------------------------------------------

def find_run(db: Any, run_id: int | None) -> Any:
    """The run to report on: `run_id`, or the newest crawl/audit run with centres, a complete
    one first (an interrupted run is never picked over it). Missing: ConfigError."""
    from store.models import RUN_COMPLETE, CentreVisit, Run

    with db.session() as session:
        if run_id is not None:
            run = session.get(Run, run_id)
            if run is None:
                raise ConfigError(f"обследование №{run_id} не найдено в базе")
            if run.kind not in AUDIT_KINDS:
                raise ConfigError(f"запуск №{run_id} — не обследование: укажите номер обследования")
            return run
        has_visits = select(CentreVisit.id).where(CentreVisit.run_id == Run.id).exists()
        audits = select(Run).where(Run.kind.in_(AUDIT_KINDS)).order_by(Run.id.desc()).limit(1)
        # a run that found no centre is still reported (its report says why) when it is all there is
        for query in (audits.where(has_visits, Run.status == RUN_COMPLETE), audits.where(has_visits), audits):
            run = session.scalars(query).first()
            if run is not None:
                return run
        raise ConfigError("в базе нет ни одного обследования: сначала запустите `ibcmon audit`")


def _latest_grading_id(db: Any, run_id: int, as_of: dt.date | None) -> int | None:
    from store.models import Grading

    with db.session() as session:
        query = select(Grading.id).where(Grading.run_id == run_id)
        if as_of is not None:
            query = query.where(Grading.as_of == as_of)
        return session.scalars(query.order_by(Grading.id.desc()).limit(1)).first()


def graded_result(db: Any, run_id: int | None, as_of: dt.date | None = None, rulebook: str | None = None) -> Any:
    """The `AuditResult` of a run, grading it first if it has no grading (for `as_of`)."""
    from checks.grade import grade_run, load_audit_result

    run = find_run(db, run_id)
    grading_id = _latest_grading_id(db, run.id, as_of)
    if grading_id is None:
        when = as_of or run.as_of or dt.date.today()
        logger.info("run %s has no grading for %s: grading it", run.id, when)
        grading_id = grade_run(db, run.id, when, rulebook_path=rulebook or None)
    return load_audit_result(db, grading_id=grading_id)


def _previous(db: Any, result: Any) -> Any:
    """The previous audit's result, when the summary names one that was graded."""
    previous = (result.summary or {}).get("previous")
    prev_id = previous.get("run_id") if isinstance(previous, dict) else None
    if not prev_id or _latest_grading_id(db, int(prev_id), None) is None:
        return None
    from checks.grade import load_audit_result

    return load_audit_result(db, run_id=int(prev_id))


def _histories(db: Any, result: Any) -> dict[int, list[Any]]:
    try:
        from checks.grade import history
    except ImportError:
        return {}
    return {c.centre_id: list(history(db, c.centre_id)) for c in result.centres}


def network_trend(db: Any, upto_run_id: int) -> list[dict[str, Any]]:
    """The network over past audits: each run's latest grading's stored figures."""
    from store.models import Grading, Run

    points: dict[int, dict[str, Any]] = {}
    with db.session() as session:
        rows = session.execute(
            select(Grading, Run).join(Run, Run.id == Grading.run_id)
            .where(Run.kind.in_(AUDIT_KINDS), Run.id <= upto_run_id).order_by(Grading.id)
        ).all()
        for grading, run in rows:
            summary = grading.summary or {}
            points[run.id] = {
                "run_id": run.id, "as_of": grading.as_of,
                "avg_score": summary.get("avg_score"), "centres": summary.get("centres_listed"),
            }
    return sorted(points.values(), key=lambda p: (p["as_of"], p["run_id"]))


def _link_data(db: Any, run_id: int) -> tuple[Any, Any]:
    """The run's own link check (digest and rows), if links were checked for it."""
    from store.models import LinkCheck

    with db.session() as session:
        checks = list(session.scalars(select(LinkCheck).where(LinkCheck.run_id == run_id)))
    if not checks:
        return None, None
    try:
        from crawler.linkcheck.digest import build_digest
    except ImportError:
        return None, None
    return build_digest(db, run_id), checks


def render_run_report(
    db: Any, out_dir: Path | str, run_id: int | None = None, *, as_of: dt.date | None = None,
    rulebook: str | None = None,
) -> Path:
    """Write the HTML report of a run (graded first if needed); return index.html's path."""
    from reports.html import write_report

    result = graded_result(db, run_id, as_of, rulebook)
    digest, link_checks = _link_data(db, result.run.id)
    return write_report(
        result, Path(out_dir), history=_histories(db, result), previous=_previous(db, result),
        link_digest=digest, link_checks=link_checks, trend=network_trend(db, result.run.id),
    )


def _as_date(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value else None


# -- commands -----------------------------------------------------------------------------

@click.command("report")
@common_options
@click.option("--run", "run_id", type=int, metavar="ID", help="Номер обследования (по умолчанию последнее).")
@click.option("--out", "out_dir", metavar="DIR", help="Папка отчёта (по умолчанию из настроек: ibcmon-report).")
@click.option("--as-of", "as_of", type=AS_OF, metavar="YYYY-MM-DD", help="Дата оценки, если обследование ещё не оценено.")
@pass_app
def report(app: App, run_id: int | None, out_dir: str | None, as_of: dt.datetime | None) -> None:
    """Подготовить HTML-отчёт обследования: обзор, карточки центров, сведения об обследовании."""
    from reports.outdir import check_output_dir

    out = check_output_dir(out_dir or app.config.general.reports_dir)
    index = render_run_report(app.db, out, run_id, as_of=_as_date(as_of), rulebook=app.config.grading.rulebook)
    click.echo(str(index))


@click.command("export")
@common_options
@click.option("--format", "fmt", type=click.Choice(["json", "csv", "xlsx"]), required=True, help="Формат выгрузки.")
@click.option("--run", "run_id", type=int, metavar="ID", help="Номер обследования (по умолчанию последнее).")
@click.option("--out", "out_file", metavar="FILE", help="Файл; без него JSON и CSV выводятся на экран.")
@click.option("--as-of", "as_of", type=AS_OF, metavar="YYYY-MM-DD", help="Дата оценки, если обследование ещё не оценено.")
@click.option("--delimiter", default=",", show_default=True, help="Разделитель CSV (для русского Excel: ';').")
@pass_app
def export(app: App, fmt: str, run_id: int | None, out_file: str | None, as_of: dt.datetime | None, delimiter: str) -> None:
    """Выгрузить результат обследования: JSON, CSV или книгу Excel (XLSX)."""
    from reports.export import export_csv, export_json, export_xlsx

    if len(delimiter) != 1:
        raise ConfigError("--delimiter: нужен один символ")
    result = graded_result(app.db, run_id, _as_date(as_of), app.config.grading.rulebook)
    if fmt == "xlsx":
        path = export_xlsx(result, Path(out_file or f"ibcmon-export-{result.run.id}.xlsx"))
        click.echo(str(path))
        return
    text = export_json(result) if fmt == "json" else export_csv(result, delimiter=delimiter)
    if out_file:
        Path(out_file).parent.mkdir(parents=True, exist_ok=True)
        Path(out_file).write_text(text, encoding="utf-8", newline="")
        click.echo(out_file)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()


@click.command("diff")
@common_options
@click.argument("run_a", type=int)
@click.argument("run_b", type=int)
@click.option("--json", "as_json", is_flag=True, help="Вывести сравнение в JSON.")
@pass_app
def diff(app: App, run_a: int, run_b: int, as_json: bool) -> None:
    """Сравнить два обследования: что изменилось у каждого центра."""
    from reports.diff import diff_results, render_diff_text

    old = graded_result(app.db, run_a, None, app.config.grading.rulebook)
    new = graded_result(app.db, run_b, None, app.config.grading.rulebook)
    compared = diff_results(old, new)
    if as_json:
        click.echo(json.dumps(compared.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(render_diff_text(compared), nl=False)


COMMANDS: list[click.Command] = [report, export, diff]
