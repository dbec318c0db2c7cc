"""CLI commands: notify, schedule, jobs, cleanup (delivery and the scheduler)."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import click
from sqlalchemy import select

from common.config import ConfigError
from ibcmon.clibase import EXIT_CONFIG, EXIT_PROBLEMS, App, common_options, pass_app

STATUS_WORDS = {
    "sent": "отправлено",
    "dry_run": "записано в папку",
    "skipped": "пропущено (уже отправлено раньше)",
    "no_address": "нет адреса",
    "failed": "не отправлено (ошибка)",
}
OUTCOME_WORDS = {
    "running": "идёт",
    "ok": "готово",
    "problems": "готово, есть замечания",
    "failed": "ошибка",
    "timeout": "превышено время выполнения",
    "interrupted": "прервано",
    "missed": "пропущено",
}


def _local(moment: dt.datetime | None, zone: str) -> str:
    """A naive UTC time from the store, in the schedule's zone (Хабаровск)."""
    if moment is None:
        return "—"
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M")


def _echo_report(report: object) -> None:
    from ibcmon.deliver import DeliveryReport
    from reports import fmt

    assert isinstance(report, DeliveryReport)
    what = "Карточки оценки" if report.kind == "scorecard" else "Уведомления о неработающих ссылках"
    if report.dry_run:
        what += " (пробный запуск: письма не отправляются)"
    if report.run_id is None or report.note and not report.outcomes:
        click.echo(f"{what}: {report.note or 'рассылать нечего'}.")
        if report.held:
            click.echo(f"  не утверждены после проверки (не отправлялись): {report.held}")
        return
    when = f" от {fmt.fmt_date(report.run_date)}" if report.run_date else ""
    run_word = "обследование" if report.kind == "scorecard" else "проверка ссылок"
    click.echo(f"{what}, {run_word} №{report.run_id}{when}:")
    done_status = "dry_run" if report.dry_run else "sent"
    for status in (done_status, "skipped", "no_address", "failed"):
        items = report.of(status)
        label = STATUS_WORDS[status]
        if status == "skipped" and report.dry_run:
            label = "пропущено (уже записано раньше)"
        click.echo(f"  {label}: {len(items)}")
        if status in ("no_address", "failed"):
            for item in items:
                click.echo(f"    - {item.name} (№{item.centre_id}): {item.error or ''}".rstrip(": "))
    if report.held:
        click.echo(f"  не утверждены после проверки (не отправлялись): {report.held}")
    if report.dry_run and report.outbox:
        click.echo(f"Папка с письмами: {report.outbox}")


@click.command("notify")
@common_options
@click.option("--run", "run_id", type=int, metavar="ID",
              help="Номер обследования (с --links — номер проверки ссылок); по умолчанию последний.")
@click.option("--dry-run", is_flag=True, help="Не отправлять, а записать письма (.eml) в папку.")
@click.option("--only", metavar="CENTRE", help="Только этот центр: номер или часть названия.")
@click.option("--links", is_flag=True, help="Уведомления о новых неработающих ссылках (после ночной проверки).")
@click.option("--outbox", type=click.Path(file_okay=False), metavar="DIR",
              help="Папка для писем при --dry-run (по умолчанию [smtp] outbox).")
@click.option("--retry", is_flag=True, help="Только письма, которые в прошлый раз не ушли.")
@click.option("--approved-only/--all-centres", "approved_only", default=None,
              help="Только центры, утверждённые после проверки оценок (по умолчанию — как [review] required).")
@click.option("--allow-incomplete", is_flag=True,
              help="Рассылать и по незавершённому запуску (прерванному, с ошибкой или ещё идущему).")
@pass_app
@click.pass_context
def notify_command(
    ctx: click.Context, app: App, run_id: int | None, dry_run: bool, only: str | None, links: bool,
    outbox: str | None, retry: bool, approved_only: bool | None, allow_incomplete: bool,
) -> None:
    """Разослать библиотекарям карточки оценки (или уведомления о ссылках)."""
    from ibcmon.deliver import notify_links, notify_scorecards

    if links:
        report = notify_links(app.db, app.config, run_id, dry_run=dry_run, only=only, outbox=outbox, retry_only=retry,
                              allow_incomplete=allow_incomplete)
    else:
        report = notify_scorecards(app.db, app.config, run_id, dry_run=dry_run, only=only, outbox=outbox,
                                   retry_only=retry, approved_only=approved_only, allow_incomplete=allow_incomplete)
    _echo_report(report)
    if report.exit_code:
        ctx.exit(EXIT_PROBLEMS)


@click.command("schedule")
@common_options
@click.option("--list", "list_only", is_flag=True, help="Показать задания и время следующего запуска.")
@click.option("--run-now", metavar="JOB", help="Выполнить одно задание сейчас (как по расписанию).")
@pass_app
@click.pass_context
def schedule_command(ctx: click.Context, app: App, list_only: bool, run_now: str | None) -> None:
    """Запустить планировщик (ночная проверка ссылок, обследования, рассылка, очистка)."""
    import scheduler

    config = app.config
    if list_only:
        zone = config.schedule.timezone
        click.echo(f"Расписание (хабаровское время, {zone}):")
        for job in scheduler.scheduled_jobs(config, app.db):
            when = job.next_run.strftime("%Y-%m-%d %H:%M %Z") if job.next_run else "не запланировано"
            note = "" if job.stored else " (планировщик ещё не запускался)"
            click.echo(f"  {job.spec.id:<15} {when}{note}")
            click.echo(f"      {job.spec.title}; cron: {' | '.join(job.spec.schedule)}")
            click.echo(f"      команды: {' ; '.join('ibcmon ' + ' '.join(s) for s in job.spec.steps)}")
        holder = scheduler.lock_holder(app.db)
        if holder is None:
            click.echo("Планировщик сейчас не запущен.")
        else:
            click.echo(f"Планировщик запущен: процесс {holder.pid} на «{holder.host.partition('|')[0]}», "
                       f"последний сигнал {_local(holder.heartbeat, zone)}.")
        return
    if run_now:
        outcome = scheduler.run_now(config, app.db, app.config_path, run_now)
        click.echo(f"Задание {run_now}: {OUTCOME_WORDS.get(outcome, outcome)}.")
        if outcome not in scheduler.CONTINUE_AFTER:
            ctx.exit(EXIT_PROBLEMS)
        return
    def announce(message: str) -> None:
        click.echo(message, err=True)

    try:
        scheduler.serve(config, app.db_url, app.config_path, announce=announce)
    except scheduler.SchedulerLockedError as exc:
        click.echo(str(exc)[:1].upper() + str(exc)[1:], err=True)
        ctx.exit(EXIT_CONFIG)


@click.command("jobs")
@common_options
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 10_000),
              help="Сколько последних запусков показать.")
@click.option("--show", "show_id", type=int, metavar="ID", help="Показать вывод одного запуска.")
@pass_app
def jobs_command(app: App, limit: int, show_id: int | None) -> None:
    """Последние запуски заданий планировщика."""
    from store.models import JobRun

    zone = app.config.schedule.timezone
    with app.db.session() as session:
        if show_id is not None:
            row = session.get(JobRun, show_id)
            if row is None:
                raise ConfigError(f"запуск задания №{show_id} не найден")
            click.echo(f"№{row.id} {row.job_id}: {OUTCOME_WORDS.get(row.outcome, row.outcome)}, "
                       f"код {row.exit_code if row.exit_code is not None else '—'}")
            click.echo(f"команда: {' '.join(row.command or [])}")
            click.echo(f"начало {_local(row.started_at, zone)}, конец {_local(row.finished_at, zone)}")
            click.echo(row.log_tail or "(вывода нет)")
            return
        rows = session.scalars(select(JobRun).order_by(JobRun.id.desc()).limit(limit)).all()
    if not rows:
        click.echo("Задания ещё не запускались.")
        return
    click.echo(f"{'№':>5}  {'задание':<15} {'начало (' + zone + ')':<26} {'длит.':>8}  {'код':>4}  итог / команда")
    for row in rows:
        duration = "—"
        if row.finished_at is not None:
            seconds = int((row.finished_at - row.started_at).total_seconds())
            duration = f"{seconds // 60}:{seconds % 60:02d}"
        code = "—" if row.exit_code is None else str(row.exit_code)
        shown = " ".join(_job_args(row.command or []))
        click.echo(f"{row.id:>5}  {row.job_id:<15} {_local(row.started_at, zone):<26} {duration:>8}  {code:>4}  "
                   f"{OUTCOME_WORDS.get(row.outcome, row.outcome)}  {shown}".rstrip())


def _job_args(command: list[str]) -> list[str]:
    """The ibcmon arguments of a job's command, without python, --db and --config."""
    args = list(command[3:]) if command[1:3] == ["-m", "ibcmon"] else list(command)
    while args[:1] and args[0] in ("--db", "--config"):
        args = args[2:]
    return args


@click.command("cleanup")
@common_options
@click.option("--retention-days", type=click.IntRange(1), metavar="N",
              help="Хранить снимки страниц N дней (по умолчанию [schedule] retention_days).")
@click.option("--dry-run", is_flag=True, help="Только посчитать, что было бы удалено.")
@click.option("--vacuum", is_flag=True, help="Затем сжать файл базы (VACUUM).")
@pass_app
def cleanup_command(app: App, retention_days: int | None, dry_run: bool, vacuum: bool) -> None:
    """Удалить старые снимки страниц и результаты проверки ссылок (оценки остаются)."""
    from ibcmon.maintenance import cleanup

    days = retention_days or app.config.schedule.retention_days
    counts = cleanup(app.db, days, dry_run=dry_run, vacuum=vacuum)
    verb = "будет удалено" if dry_run else "удалено"
    click.echo(
        f"Снимки старше {days} дн.: {verb} страниц {counts['pages']}, результатов проверки ссылок "
        f"{counts['link_checks']} (запусков: {counts['runs']}), журналов заданий {counts['job_runs']}."
    )


COMMANDS: list[click.Command] = [notify_command, schedule_command, jobs_command, cleanup_command]
