"""What every command module shares: the App (config and database, opened lazily),
the --db/--config options and the exit codes.

Command modules import these from here, never from `ibcmon.cli`, which imports every
command module to register it (the way datasette keeps its CLI's pieces apart).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from ibcmon.config import Config, ConfigError, load_config, resolve_db_url

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
