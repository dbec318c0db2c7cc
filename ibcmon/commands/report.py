"""CLI commands: report, export, diff (the outputs of a graded audit).

The reading and rendering live in `ibcmon.reporting` (the audit pipeline uses it too).
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import sys
from pathlib import Path

import click

from common.config import ConfigError
from ibcmon.clibase import App, common_options, pass_app
from ibcmon.clihelp import IsoDate
from ibcmon.reporting import graded_result, render_run_report

logger = logging.getLogger(__name__)

AS_OF = IsoDate()
ALLOW_INCOMPLETE = click.option(
    "--allow-incomplete", is_flag=True,
    help="Использовать и незавершённое обследование (прерванное, с ошибкой или ещё идущее).")


def _as_date(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value else None


# -- commands -----------------------------------------------------------------------------

@click.command("report")
@common_options
@click.option("--run", "run_id", type=int, metavar="ID", help="Номер обследования (по умолчанию последнее).")
@click.option("--out", "out_dir", metavar="DIR", help="Папка отчёта (по умолчанию из настроек: ibcmon-report).")
@click.option("--as-of", "as_of", type=AS_OF, metavar="YYYY-MM-DD", help="Дата оценки, если обследование ещё не оценено.")
@ALLOW_INCOMPLETE
@pass_app
def report(app: App, run_id: int | None, out_dir: str | None, as_of: dt.datetime | None,
           allow_incomplete: bool) -> None:
    """Подготовить HTML-отчёт обследования: обзор, карточки центров, сведения об обследовании."""
    from reports.outdir import check_output_dir

    out = check_output_dir(out_dir or app.config.general.reports_dir)
    index = render_run_report(app.db, out, run_id, as_of=_as_date(as_of), rulebook=app.config.grading.rulebook,
                              allow_incomplete=allow_incomplete)
    click.echo(str(index))


@click.command("export")
@common_options
@click.option("--format", "fmt", type=click.Choice(["json", "csv", "xlsx"]), required=True, help="Формат выгрузки.")
@click.option("--run", "run_id", type=int, metavar="ID", help="Номер обследования (по умолчанию последнее).")
@click.option("--out", "out_file", metavar="FILE", help="Файл; без него JSON и CSV выводятся на экран.")
@click.option("--as-of", "as_of", type=AS_OF, metavar="YYYY-MM-DD", help="Дата оценки, если обследование ещё не оценено.")
@click.option("--delimiter", default=",", show_default=True, help="Разделитель CSV (для русского Excel: ';').")
@ALLOW_INCOMPLETE
@pass_app
def export(app: App, fmt: str, run_id: int | None, out_file: str | None, as_of: dt.datetime | None, delimiter: str,
           allow_incomplete: bool) -> None:
    """Выгрузить результат обследования: JSON, CSV или книгу Excel (XLSX)."""
    from reports.export import export_csv, export_json, export_xlsx

    if len(delimiter) != 1:
        raise ConfigError("--delimiter: нужен один символ")
    result = graded_result(app.db, run_id, _as_date(as_of), app.config.grading.rulebook,
                           allow_incomplete=allow_incomplete, what="выгрузка")
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
