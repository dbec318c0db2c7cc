"""What every command module shares: the App (config and database, opened lazily),
the --db/--config options and the exit codes.

Command modules import these from here, never from `ibcmon.cli`, which imports every
command module to register it (the way datasette keeps its CLI's pieces apart).
"""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import click

from ibcmon.config import Config, ConfigError, load_config

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

    def cli_tables(self) -> dict[str, dict[str, Any]]:
        """The settings given as options, as tables over the environment and the file."""
        return {"general": {"db": self.db_option}}

    @property
    def config(self) -> Config:
        """Options > environment > file > defaults, checked whole (`ibcmon.config`)."""
        if self._config is None:
            self._config = load_config(self.config_path, cli=self.cli_tables())
        return self._config

    @property
    def db_url(self) -> str:
        from store.db import default_db_url

        return self.config.db_url or default_db_url()

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
        app = ctx.ensure_object(App)
        app.db_option = value
        app._config = None  # loaded already by --config: again, with the option on top


def _set_config(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value:
        app = ctx.ensure_object(App)
        app.config_path = value
        app._config = load_config(value, cli=app.cli_tables())  # fail early, naming the key


def common_options(func: F) -> F:
    """--db and --config, accepted before or after the command's name."""
    func = click.option(
        "--config", "config_path", metavar="FILE", expose_value=False, callback=_set_config,
        envvar="IBCMON_CONFIG", help="Файл настроек (TOML); или переменная IBCMON_CONFIG.",
    )(func)
    func = click.option(
        # $IBCMON_DB is read with the other variables, below the option (ibcmon.config)
        "--db", "db_url", metavar="URL", expose_value=False, callback=_set_db,
        help="Адрес базы данных (SQLAlchemy URL); или переменная IBCMON_DB.",
    )(func)
    return func


pass_app = click.make_pass_decorator(App, ensure=True)


def check_settings_first(command: click.Command) -> None:
    """Every command (each of a group's, in turn) loads and checks the settings before it
    starts: a bad value stops it with exit 3 naming the key, not the stage that uses it."""
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            check_settings_first(sub)
        return
    callback = command.callback
    if callback is None or getattr(callback, "_checks_settings", False):
        return

    @wraps(callback)
    def checked(*args: Any, **kwargs: Any) -> Any:
        _ = click.get_current_context().ensure_object(App).config
        return callback(*args, **kwargs)

    checked._checks_settings = True  # type: ignore[attr-defined]
    command.callback = checked


# the packages of the `sample` extra (pyproject.toml), which a monitoring install leaves out
SAMPLE_EXTRA = ("aiohttp",)
SAMPLE_EXTRA_MISSING = ("Образцовому миру нужно дополнение sample (пакет {name}): установите его — "
                        "pip install 'ibcmon[sample]' (из папки проекта: pip install '.[sample]').")


def need_sample_extra() -> None:
    """`ibcmon demo` and `ibcmon sample …` serve the sample world (ibcmon/sample/); without
    its extra they stop at once with one line saying how to install it, exit 3."""
    for name in SAMPLE_EXTRA:
        try:
            __import__(name)
        except ImportError:
            click.echo(SAMPLE_EXTRA_MISSING.format(name=name), err=True)
            raise click.exceptions.Exit(EXIT_CONFIG) from None
