"""CLI commands: regrade (grade a stored run again, no crawl) and checks (the registry)."""
from __future__ import annotations

import click

from ibcmon.cli import App, common_options, pass_app
from ibcmon.config import ConfigError


def _latest_run_with_visits(db: object) -> int:
    from sqlalchemy import func, select

    from store.models import CentreVisit

    with db.session() as session:  # type: ignore[attr-defined]
        run_id = session.scalar(select(func.max(CentreVisit.run_id)))
    if run_id is None:
        raise ConfigError("в базе нет ни одного обхода: сначала `ibcmon audit`")
    return int(run_id)


@click.command()
@common_options
@click.option("--run", "run_id", type=int, metavar="ID", help="Номер запуска (по умолчанию последний обход).")
@click.option("--as-of", "as_of", metavar="YYYY-MM-DD", help="Дата аудита (по умолчанию сегодня).")
@click.option("--rulebook", metavar="FILE", help="Файл правил оценки (TOML) вместо [grading] rulebook.")
@pass_app
def regrade(app: App, run_id: int | None, as_of: str | None, rulebook: str | None) -> None:
    """Оценить сохранённый обход заново (другая дата аудита или правила), без обхода сайтов."""
    from checks.grade import grade_run, load_audit_result
    from ibcmon.commands.audit import parse_as_of
    from ibcmon.summary import audit_summary

    audit_date = parse_as_of(as_of)
    rulebook_path = rulebook or app.config.grading.rulebook or None
    if rulebook_path:
        from checks.rulebook import load_rulebook

        load_rulebook(rulebook_path)  # a broken rulebook fails before the database is touched
    db = app.db
    run = run_id if run_id is not None else _latest_run_with_visits(db)
    grading_id = grade_run(db, run, audit_date, rulebook_path)
    result = load_audit_result(db, grading_id=grading_id)
    click.echo(f"Оценка №{grading_id} запуска №{run} на {audit_date:%d.%m.%Y}")
    click.echo(audit_summary(result))


@click.command("checks")
@common_options
def list_checks() -> None:
    """Список проверок: идентификатор, название и что проверяется."""
    from checks.base import all_checks

    for check_id, cls in all_checks().items():
        click.echo(f"{check_id:<20} {cls.title}")
        click.echo(f"{'':<20} {cls.description()}")


COMMANDS: list[click.Command] = [regrade, list_checks]
