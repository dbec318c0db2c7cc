"""The application's configuration: settings resolved from the CLI, environment and file.

Precedence, settled here and nowhere else: command-line option > environment variable >
config file > default (`common.config`, the one schema where the settings' defaults,
types and checks live). The three layers are merged as plain tables and the schema
checks the result once, so a bad value fails at load, whatever the command, with the
key's path. The commented example is `ibcmon.example.toml` at the project root (a test
loads it).

Secrets stay out of it: the SMTP and review passwords are read, when they are needed,
from the variables `[smtp] password_env` and `[review] password_env` name, and the
database URL (which may hold a password) is blanked in what a run keeps.
"""
from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from common.config import Config, ConfigError, config_error, config_from_dict

__all__ = ["ENVIRONMENT", "Config", "ConfigError", "load_config"]

CONFIG_ENV = "IBCMON_CONFIG"  # the file, when --config is not given

# The environment variables that override a key of the file (a server's unit file sets
# them). IBCMON_ALLOW_PRIVATE is not here: it is the default of [network] allow_private
# when the file does not say (common.netpolicy), for the demo, the tests and the sample.
ENVIRONMENT: dict[str, tuple[str, str]] = {
    "IBCMON_DB": ("general", "db"),
    "IBCMON_SMTP_HOST": ("smtp", "host"),
    "IBCMON_SMTP_PORT": ("smtp", "port"),
    "IBCMON_SMTP_USER": ("smtp", "username"),
    "IBCMON_SMTP_SENDER": ("smtp", "sender"),
}


def load_config(
    path: str | os.PathLike[str] | None = None,
    *,
    env: Mapping[str, str] | None = None,
    cli: Mapping[str, Mapping[str, Any]] | None = None,
) -> Config:
    """The checked settings: `cli` tables over `env` (ENVIRONMENT) over the file at `path`
    (or $IBCMON_CONFIG; none = the defaults). `ConfigError` names the file and the key."""
    env = os.environ if env is None else env
    path = path or env.get(CONFIG_ENV) or None
    file_tables = _read_file(Path(path)) if path else {}
    merged = _merge(file_tables, _from_environment(env), *([cli] if cli else []))
    try:
        config = config_from_dict(merged, check_files=True)
    except ConfigError as exc:
        raise ConfigError(f"{path}: {exc}" if path else str(exc)) from exc
    config.source = str(path) if path else None
    return config


def _read_file(file: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"файл настроек не найден: {file}") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{file}: ошибка в файле настроек: {exc}") from exc


def _from_environment(env: Mapping[str, str]) -> dict[str, dict[str, Any]]:
    """The ENVIRONMENT variables that are set (an empty one counts as unset), as tables;
    text becomes the key's type by the schema's own rules (IBCMON_SMTP_PORT=587 is 587)."""
    tables: dict[str, dict[str, Any]] = {}
    for name, (table, key) in ENVIRONMENT.items():
        text = env.get(name, "")
        if not text:
            continue
        section: Any = Config.model_fields[table].annotation
        try:
            value = TypeAdapter(section.model_fields[key].annotation).validate_strings(text)
        except ValidationError as exc:
            raise ConfigError(f"{name} ({table}.{key}): {str(config_error(exc)).lstrip(': ')}") from exc
        tables.setdefault(table, {})[key] = value
    return tables


def _merge(*layers: Mapping[str, Any]) -> dict[str, Any]:
    """Tables merged key by key, a later layer winning (a None value from an option not
    given leaves the key alone)."""
    merged: dict[str, Any] = {}
    for layer in layers:
        for table, values in layer.items():
            if not isinstance(values, Mapping) or not isinstance(merged.get(table, {}), Mapping):
                merged[table] = values  # not a table: the schema names the problem
                continue
            target = merged.setdefault(table, {})
            target.update({k: v for k, v in values.items() if v is not None})
    return merged
