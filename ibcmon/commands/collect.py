"""CLI commands: collect (crawl, registry import, database upgrade, list of runs)."""
from __future__ import annotations

import logging

import click

from common.config import ConfigError
from ibcmon.clibase import EXIT_FAILURE, App, common_options, pass_app
from ibcmon.progress import Progress


def _scrapy_log_level() -> str:
    level = logging.getLogger().getEffectiveLevel()
    return "DEBUG" if level <= logging.DEBUG else "INFO" if level <= logging.INFO else "ERROR"


@click.command()
@common_options
@click.argument("root_url", required=False)
@click.option("--registry-url", "registry_urls", multiple=True, metavar="URL",
              help="Страница со списком ИБЦ (вместо поиска по сайту РРИБЦ); можно указать несколько.")
@click.option("-q", "--quiet", is_flag=True, help="Не показывать ход работы.")
@pass_app
def crawl(app: App, root_url: str | None, registry_urls: tuple[str, ...], quiet: bool) -> None:
    """Обход: найти ИБЦ на сайте РРИБЦ и сохранить их страницы (новый запуск)."""
    from common.urls import is_valid_url
    from crawler.run import run_crawl, run_status
    from crawler.settings import validate
    from crawler.summary import crawl_summary

    config = app.config
    root = root_url or config.general.root_url
    if not is_valid_url(root):
        raise ConfigError(f"неверный адрес сайта: {root!r} (ожидается http:// или https://)")
    for url in registry_urls:
        if not is_valid_url(url):
            raise ConfigError(f"--registry-url: неверный адрес {url!r}")
    validate(config)
    db = app.db
    run_id = run_crawl(db.url, config, root, "crawl", Progress(quiet),
                       registry_urls=list(registry_urls) or None, log_level=_scrapy_log_level())
    click.echo(crawl_summary(db, run_id))
    status = run_status(db, run_id)
    if status == "incomplete":
        click.echo("Обход прерван: запуск отмечен как незавершённый.", err=True)
        raise click.exceptions.Exit(130)
    if status == "failed":
        raise click.exceptions.Exit(EXIT_FAILURE)


@click.group()
def registry() -> None:
    """Реестр ИБЦ, который ведёт РРИБЦ."""


@registry.command("import")
@common_options
@click.argument("file", type=click.Path(dir_okay=False))
@pass_app
def registry_import(app: App, file: str) -> None:
    """Загрузить реестр из CSV-файла (столбцы name, municipality, url, librarian, email)."""
    from crawler.registry import RegistryError, import_registry_csv

    try:
        counts = import_registry_csv(app.db, file)
    except RegistryError as exc:
        raise ConfigError(str(exc)) from exc
    click.echo(f"Реестр загружен: {counts['rows']} ИБЦ (новых: {counts['created']}, "
               f"обновлено: {counts['updated']}, исключено из реестра: {counts['removed']}).")
    for problem in counts["problems"]:
        click.echo(f"{file}, {problem}", err=True)


@click.group("db")
def db_group() -> None:
    """База данных."""


@db_group.command("upgrade")
@common_options
@pass_app
def db_upgrade(app: App) -> None:
    """Обновить структуру базы данных (применить миграции)."""
    from store.db import DatabaseError, first_line, open_database

    try:
        db = open_database(app.db_url, migrate=False)
        changed = db.upgrade()  # under a lock: a second `db upgrade` at once waits, then has nothing to do
    except DatabaseError as exc:
        raise ConfigError(str(exc)) from exc
    except Exception as exc:
        raise ConfigError(f"не удалось обновить базу данных: {first_line(exc)}") from exc
    finally:
        if "db" in locals():
            db.dispose()
    what = "обновлена и теперь в актуальном состоянии" if changed else "уже в актуальном состоянии"
    click.echo(f"База данных {what}: {db.shown_url}")


@click.command()
@common_options
@click.option("-n", "--limit", default=20, show_default=True, help="Сколько последних запусков показать.")
@pass_app
def runs(app: App, limit: int) -> None:
    """Последние запуски: номер, вид, состояние, начало, ИБЦ, страницы."""
    from crawler.run import mark_dead_runs
    from crawler.summary import runs_table

    mark_dead_runs(app.db)
    click.echo(runs_table(app.db, limit))


COMMANDS: list[click.Command] = [crawl, registry, db_group, runs]
