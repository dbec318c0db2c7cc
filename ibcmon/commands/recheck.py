"""CLI command: recheck (one centre crawled, checked and graded again, in the run's place)."""
from __future__ import annotations

import click

from common.config import ConfigError
from ibcmon.clibase import EXIT_CONFIG, EXIT_PROBLEMS, App, common_options, pass_app
from ibcmon.progress import Progress


def change_lines(changes: list[dict[str, object]], titles: dict[str, str]) -> list[str]:
    """«раздел «Новости»: нет → есть» for each change (the corrections log's words)."""
    from ibcmon.review.views import field_label, value_label

    words = {"score": "баллы", "grade": "оценка"}
    lines = []
    for change in changes:
        field = str(change["field"])
        old, new = change.get("old"), change.get("new")
        if field == "score":
            lines.append(f"баллы: {_points(old)} → {_points(new)}")
        elif field in words:
            lines.append(f"{words[field]}: {old or '—'} → {new or '—'}")
        else:
            before, after = value_label(field, str(old) if old else None), value_label(field, str(new) if new else None)
            lines.append(f"{field_label(field, titles)}: {before} → {after}")
    return lines


def _points(value: object) -> str:
    from reports.fmt import fmt_num

    return fmt_num(float(str(value))) if value is not None else "—"


@click.command("recheck")
@common_options
@click.argument("centre_id", type=int)
@click.option("--run", "run_id", type=int, metavar="ID",
              help="Номер обследования (по умолчанию последнее завершённое).")
@click.option("--as-of", "as_of", metavar="YYYY-MM-DD", help="Дата оценки центра (по умолчанию сегодня).")
@click.option("--by", metavar="NAME", help="Кто проверяет заново, для журнала (по умолчанию имя пользователя).")
@click.option("--send", is_flag=True, help="Отправить библиотекарю новую карточку оценки.")
@click.option("--dry-run", is_flag=True, help="С --send: не отправлять, а записать письмо (.eml) в папку.")
@click.option("--outbox", type=click.Path(file_okay=False), metavar="DIR",
              help="Папка для письма при --dry-run (по умолчанию [smtp] outbox).")
@click.option("-q", "--quiet", is_flag=True, help="Не показывать ход работы.")
@pass_app
def recheck_command(app: App, centre_id: int, run_id: int | None, as_of: str | None, by: str | None,
                    send: bool, dry_run: bool, outbox: str | None, quiet: bool) -> None:
    """Проверить один центр заново: обход, ссылки и оценка сейчас, вместо прежнего результата."""
    from checks.grade import history, load_audit_result
    from ibcmon.commands.audit import parse_as_of
    from ibcmon.recheck import RecheckStopped, recheck_centre
    from ibcmon.review.service import reviewer_name
    from reports.card import render_card_text

    if (dry_run or outbox) and not send:
        raise click.UsageError("--dry-run и --outbox имеют смысл только вместе с --send")
    when = parse_as_of(as_of) if as_of else None
    try:
        outcome = recheck_centre(app.db, centre_id, run_id=run_id, as_of=when,
                                 by=(by or reviewer_name(app.config)).strip()[:200] or "методист",
                                 progress=Progress(quiet))
    except ConfigError as exc:
        message = str(exc)
        click.echo(f"{message[:1].upper()}{message[1:]}.", err=True)
        raise click.exceptions.Exit(EXIT_CONFIG) from exc
    except RecheckStopped as exc:
        message = str(exc)
        click.echo(f"{message[:1].upper()}{message[1:]}.", err=True)
        raise click.exceptions.Exit(exc.exit_code) from exc
    result = load_audit_result(app.db, outcome.run_id)
    click.echo(render_card_text(outcome.result, result.run, history(app.db, centre_id)).rstrip())
    click.echo("")
    titles = {v.id: v.title for v in outcome.result.section_details}
    click.echo(f"Проверено заново (обследование №{outcome.run_id}, прежний результат сохранён в запуске "
               f"№{outcome.archive_run_id}):")
    for line in change_lines(outcome.changes, titles) or ["ничего не изменилось"]:
        click.echo(f"  {line}")
    if outcome.flagged:
        from ibcmon.review.views import field_label

        click.echo("Проверьте снова исправления методиста: "
                   + ", ".join(field_label(f, titles) for f in outcome.flagged) + ".")
    if send:
        from ibcmon.deliver.notify import send_scorecard_now

        report = send_scorecard_now(app.db, app.config, outcome.run_id, centre_id, dry_run=dry_run, outbox=outbox)
        (item,) = report.outcomes
        words = {"sent": "отправлена", "dry_run": "записана в папку", "no_address": "не отправлена: нет адреса",
                 "failed": "не отправлена (ошибка)"}
        detail = item.path if item.status == "dry_run" else item.address if item.status == "sent" else item.error
        click.echo(f"Карточка {words.get(item.status, item.status)}" + (f": {detail}" if detail else ""))
        if item.status == "failed":
            raise click.exceptions.Exit(EXIT_PROBLEMS)


COMMANDS: list[click.Command] = [recheck_command]
