"""CLI commands: audit (crawl + link check + grade + report) and demo (the same on the sample world)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click

from common.config import ConfigError
from ibcmon.clibase import App, common_options, need_sample_extra, pass_app
from ibcmon.progress import Progress
from ibcmon.summary import audit_summary


def parse_as_of(value: str | None) -> dt.date:
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise ConfigError(f"--as-of: ожидается дата ГГГГ-ММ-ДД, получено {value!r}") from exc


@click.command()
@common_options
@click.argument("root_url", required=False)
@click.option("--as-of", "as_of", metavar="YYYY-MM-DD", help="Дата обследования (по умолчанию сегодня).")
@click.option("--out", "out_dir", metavar="DIR", help="Папка отчёта (по умолчанию [general] reports_dir).")
@click.option("-q", "--quiet", is_flag=True, help="Не показывать ход работы.")
@pass_app
def audit(app: App, root_url: str | None, as_of: str | None, out_dir: str | None, quiet: bool) -> None:
    """Обследование: обход страниц ИБЦ, проверка ссылок, оценка и отчёт."""
    from reports.outdir import check_output_dir

    audit_date = parse_as_of(as_of)
    report_dir = check_output_dir(out_dir or app.config.general.reports_dir)  # before an hour of crawling
    outcome = _run_audit(
        app.db,
        app.config,
        root_url=root_url or app.config.general.root_url,
        as_of=audit_date,
        out_dir=report_dir,
        progress=Progress(quiet),
    )
    click.echo(audit_summary(outcome.result))
    click.echo(f"Отчёт: {outcome.report_path}")


@click.command()
@click.option("--out", "out_dir", default="demo-output", show_default=True, metavar="DIR",
              help="Папка для отчёта, писем и базы данных: новая, пустая или созданная прежним запуском "
                   "demo (тогда её содержимое заменяется).")
@click.option("-q", "--quiet", is_flag=True, help="Не показывать ход работы.")
def demo(out_dir: str, quiet: bool) -> None:
    """Демонстрация: обследование образцового мира (учебные сайты на этом компьютере, без интернета)."""
    need_sample_extra()
    from common.config import Config
    from crawler.registry import import_registry_csv
    from ibcmon.deliver import notify_scorecards
    from ibcmon.sample import WORLD_DATE, SampleServer, build_world
    from ibcmon.sample.social import demo_social
    from reports.outdir import LEGACY_DEMO, clear_owned
    from store.db import open_database

    # only a folder of the demo's own (marked) is emptied; anything else is refused untouched
    out = clear_owned(out_dir, LEGACY_DEMO)
    progress = Progress(quiet)
    config = Config()
    config.crawl.delay = 0.05  # loopback: politeness delays only slow the demo down
    config.linkcheck.delay = 0.0
    config.network.allow_private = True  # the sample world is served on loopback
    config.smtp.outbox = str(out / "outbox")
    with SampleServer(build_world) as server, demo_social() as social:
        progress(f"Образцовый мир: {server.root_url}")
        # VK and Telegram of the sample world: local fakes, any key (no real one is used)
        config.social.vk_api_url = social.vk_api_url
        config.social.telegram_preview_url = social.preview_url
        config.social.vk_token = "demo"
        db = open_database(f"sqlite:///{out / 'ibcmon.sqlite'}", migrate=True)
        registry = out / "registry.csv"
        registry.write_text(server.world.registry_csv(), encoding="utf-8")
        import_registry_csv(db, registry)
        outcome = _run_audit(
            db, config, root_url=server.root_url,
            as_of=WORLD_DATE, out_dir=out / "report", progress=progress,
        )
    delivery = notify_scorecards(db, config, outcome.run_id, dry_run=True, outbox=Path(config.smtp.outbox))
    click.echo(audit_summary(outcome.result))
    click.echo(f"Отчёт:          {outcome.report_path}")
    click.echo(f"Письма (.eml):  {config.smtp.outbox} ({delivery.summary_line()})")
    click.echo(f"База данных:    {db.shown_url}")


def _run_audit(*args: Any, **kwargs: Any) -> Any:
    """`ibcmon.pipeline.run_audit`; a crawl that left nothing to grade is one line and its exit code."""
    from ibcmon.pipeline import AuditStopped, run_audit

    try:
        return run_audit(*args, **kwargs)
    except AuditStopped as exc:
        message = str(exc)
        click.echo(f"{message[:1].upper()}{message[1:]}.", err=True)
        raise click.exceptions.Exit(exc.exit_code) from exc


COMMANDS: list[click.Command] = [audit, demo]
