"""The `ibcmon` command line: a Click group with one small function per command.

Commands live in `ibcmon/commands/*.py`. Domain errors become one clear line and a
documented exit code here, at the boundary:
0 done; 1 unexpected failure; 2 done, and problems found (a check command);
3 bad configuration or arguments.
"""
from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from common.config import Config, ConfigError, load_config, resolve_db_url
from ibcmon.clihelp import file_error_line, usage_error_line, use_russian_help
from reports.outdir import OutputDirError

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_PROBLEMS = 2
EXIT_CONFIG = 3

F = TypeVar("F", bound=Callable[..., Any])


class App:
    """What every command needs: the resolved config and the database, opened lazily."""

    def __init__(self) -> None:
        self.config_path: str | None = None
        self.db_option: str | None = None
        self._config: Config | None = None
        self._db: Any = None

    @property
    def config(self) -> Config:
        if self._config is None:
            self._config = load_config(self.config_path)
        return self._config

    @property
    def db_url(self) -> str:
        from store.db import default_db_url

        return resolve_db_url(self.db_option, self.config) or default_db_url()

    @property
    def db(self) -> Any:
        """The `store.Database` (an empty store is created; one that is behind is refused)."""
        if self._db is None:
            from store.db import DatabaseError, open_database

            try:
                self._db = open_database(self.db_url)
            except DatabaseError as exc:
                raise ConfigError(str(exc)) from exc
        return self._db


def _set_db(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value:
        ctx.ensure_object(App).db_option = value


def _set_config(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value:
        app = ctx.ensure_object(App)
        app.config_path = value
        app._config = load_config(value)  # fail early, naming the key, whatever the command


def common_options(func: F) -> F:
    """--db and --config, accepted before or after the command's name."""
    func = click.option(
        "--config", "config_path", metavar="FILE", expose_value=False, callback=_set_config,
        envvar="IBCMON_CONFIG", help="Файл настроек (TOML); или переменная IBCMON_CONFIG.",
    )(func)
    func = click.option(
        "--db", "db_url", metavar="URL", expose_value=False, callback=_set_db,
        envvar="IBCMON_DB", help="Адрес базы данных (SQLAlchemy URL); или переменная IBCMON_DB.",
    )(func)
    return func


pass_app = click.make_pass_decorator(App, ensure=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@common_options
@click.option("-v", "--verbose", count=True, help="Подробный журнал (-vv: отладка).")
@click.version_option(package_name="ibcmon", help="Показать версию и выйти.", message="%(prog)s, версия %(version)s")
@click.pass_context
def cli(ctx: click.Context, verbose: int) -> None:
    """ibcmon: мониторинг страниц ИБЦ Хабаровского края."""
    ctx.ensure_object(App)
    level = logging.WARNING - 10 * verbose
    logging.basicConfig(level=max(level, logging.DEBUG), format="%(levelname)s %(name)s: %(message)s")


def _register_commands() -> None:
    from ibcmon.commands import COMMAND_MODULES

    for module in COMMAND_MODULES:
        for command in getattr(module, "COMMANDS", []):
            cli.add_command(command)
    use_russian_help([cli])


_register_commands()


def main(argv: list[str] | None = None) -> None:
    """Console entry point: runs the group and maps errors to exit codes."""
    sys.exit(run(argv))


def run(argv: list[str] | None = None) -> int:
    try:
        result = cli.main(args=argv, prog_name="ibcmon", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.exceptions.Abort:
        click.echo("Прервано.", err=True)
        return 130
    except click.exceptions.NoArgsIsHelpError as exc:
        exc.show()
        return EXIT_CONFIG
    except click.UsageError as exc:
        click.echo(usage_error_line(exc), err=True)
        return EXIT_CONFIG
    except click.ClickException as exc:
        click.echo(f"Ошибка: {exc.format_message()}", err=True)
        return exc.exit_code
    except ConfigError as exc:
        click.echo(f"Ошибка настроек: {exc}", err=True)
        return EXIT_CONFIG
    except OutputDirError as exc:
        click.echo(f"Ошибка файла {exc}", err=True)
        return EXIT_CONFIG
    except KeyboardInterrupt:
        click.echo("Прервано.", err=True)
        return 130
    except OSError as exc:
        if exc.filename is None:  # not about a file the user named: the last line of defence
            logging.getLogger("ibcmon").debug("unexpected failure", exc_info=True)
            click.echo(f"Ошибка: {type(exc).__name__}: {exc}", err=True)
            return EXIT_FAILURE
        line, bad_path = file_error_line(exc)
        click.echo(line, err=True)
        return EXIT_CONFIG if bad_path else EXIT_FAILURE
    except Exception as exc:  # the last line of defence: one clear line, details in -v
        logging.getLogger("ibcmon").debug("unexpected failure", exc_info=True)
        click.echo(f"Ошибка: {type(exc).__name__}: {exc}", err=True)
        return EXIT_FAILURE
    return result if isinstance(result, int) else EXIT_OK
