"""The application's configuration: settings resolved from the CLI, environment and file.

Precedence: command-line option > environment variable > config file > default
(`common.config`, where the settings' defaults, types and checks live). A broken or
mistyped config file gives `ConfigError` naming the file and the key. The commented
example is `ibcmon.example.toml` at the project root (a test loads it).
"""
from __future__ import annotations

import os
import tomllib
from pathlib import Path

from common.config import Config, ConfigError, config_from_dict

__all__ = ["Config", "ConfigError", "load_config", "resolve_db_url"]


def load_config(path: str | os.PathLike[str] | None = None) -> Config:
    """Read the config file at `path` (or `$IBCMON_CONFIG`); no file = all defaults."""
    config = Config()
    path = path or os.environ.get("IBCMON_CONFIG") or None
    if not path:
        return config
    file = Path(path)
    try:
        raw = tomllib.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"файл настроек не найден: {file}") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{file}: ошибка в файле настроек: {exc}") from exc
    try:
        config = config_from_dict(raw, str(file))
    except ConfigError as exc:
        raise ConfigError(f"{file}: {exc}") from exc
    config.source = str(file)
    return config


def resolve_db_url(cli_value: str | None, config: Config) -> str | None:
    """--db > $IBCMON_DB > [general] db > None (the default file, see store.db)."""
    return cli_value or os.environ.get("IBCMON_DB") or config.db_url
