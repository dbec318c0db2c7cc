"""CLI commands: regrade (grade a stored run again, no crawl) and checks (the registry)."""
from __future__ import annotations

import click

from common.config import ConfigError
from ibcmon.clibase import App, common_options, pass_app


def _latest_run_with_visits(db: object) -> int:
    from sqlalchemy import func, select

    from store.models import RUN_COMPLETE, CentreVisit, Run

    with db.session() as session:  # type: ignore[attr-defined]
        latest = select(func.max(CentreVisit.run_id))
        # a complete run first: an audit interrupted after it is not "the latest audit"
        run_id = session.scalar(latest.join(Run, Run.id == CentreVisit.run_id).where(Run.status == RUN_COMPLETE))
        if run_id is None:
            run_id = session.scalar(latest)
    if run_id is None:
        raise ConfigError("в базе нет ни одного обследования: сначала запустите `ibcmon audit`")
    return int(run_id)


@click.command()
@common_options
@click.option("--run", "run_id", type=int, metavar="ID", help="Номер обследования (по умолчанию последнее).")
@click.option("--as-of", "as_of", metavar="YYYY-MM-DD", help="Дата обследования (по умолчанию сегодня).")
@click.option("--rulebook", metavar="FILE", help="Файл правил оценки (TOML) вместо [grading] rulebook.")
@pass_app
def regrade(app: App, run_id: int | None, as_of: str | None, rulebook: str | None) -> None:
    """Оценить сохранённое обследование заново (на другую дату или по другим правилам), не обходя сайты."""
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
    click.echo(f"Расчёт оценок №{grading_id} для обследования №{run} на {audit_date:%d.%m.%Y}")
    click.echo(audit_summary(result))


@click.command("checks")
@common_options
def list_checks() -> None:
    """Список проверок: код, название и что проверяется."""
    from checks.registry import all_checks

    for check_id, cls in all_checks().items():
        click.echo(f"{check_id:<20} {cls.title}")
        click.echo(f"{'':<20} {cls.description()}")


COMMANDS: list[click.Command] = [regrade, list_checks]
