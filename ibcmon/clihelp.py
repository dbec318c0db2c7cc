"""Click's own words in Russian, through Click's gettext hooks, and usage errors as one line.

Click marks its English strings ("Usage:", "Options:", "[default: 20]", "Missing argument",
"Invalid value for ...") with `gettext.gettext`, which looks them up in the process's text
domain for the languages in LANGUAGE/LC_ALL/LC_MESSAGES/LANG. `install_russian_messages()`
makes that domain our catalogue, ibcmon/locale/ru/LC_MESSAGES/ibcmon.po, and the language
Russian. The .mo beside the .po is committed, so an install from PyPI needs no compiler;
`make catalogue` rebuilds it and tests/test_cli_messages.py checks that the two agree and
that every string Click marks has a translation.

What Click does not mark for gettext is set on the commands by `use_russian_help()`:
"[OPTIONS]", "COMMAND [ARGS]..." and the type names it shows as metavars (INTEGER, TEXT).
"""
from __future__ import annotations

import datetime as dt
import errno
import gettext
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import click

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "ibcmon"

OPTIONS_METAVAR = "[ПАРАМЕТРЫ]"
SUBCOMMAND_METAVAR = "КОМАНДА [АРГУМЕНТЫ]..."
# Click shows an option's value as its type's name in capitals; these names are not marked
# for gettext (our own metavars, FILE, DIR, URL, ID, are those of the README)
TYPE_METAVARS = {"integer": "ЧИСЛО", "integer range": "ЧИСЛО", "float": "ЧИСЛО", "float range": "ЧИСЛО",
                 "text": "ТЕКСТ"}


def install_russian_messages() -> None:
    """Make Click's `gettext` calls answer from our Russian catalogue, whatever the locale.

    Python's gettext picks the language from the environment on every call, so LANGUAGE
    (the variable GNU gettext reads first) is set to Russian for this process: the CLI
    speaks only Russian. Call it before the commands are declared."""
    gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    gettext.textdomain(DOMAIN)
    os.environ["LANGUAGE"] = "ru"


def _russian_metavars(command: click.Command) -> None:
    if command.options_metavar == "[OPTIONS]":
        command.options_metavar = OPTIONS_METAVAR
    if isinstance(command, click.Group):
        command.subcommand_metavar = SUBCOMMAND_METAVAR
    for param in command.params:
        if isinstance(param, click.Option) and param.metavar is None and not (param.is_flag or param.count):
            russian = TYPE_METAVARS.get(param.type.name)
            if russian is not None:
                param.metavar = russian if param.nargs == 1 else f"{russian}..."


def use_russian_help(commands: Iterable[click.Command]) -> None:
    """Russian metavars for every command (and the commands of every group, recursively)."""
    for command in commands:
        _russian_metavars(command)
        if isinstance(command, click.Group):
            use_russian_help(command.commands.values())


class IsoDate(click.DateTime):
    """A date as YYYY-MM-DD, named for the reader as ГГГГ-ММ-ДД (Click would show strptime's
    "%Y-%m-%d" in the help and in the error)."""

    name = "дата"

    def __init__(self) -> None:
        super().__init__(formats=["%Y-%m-%d"])

    def get_metavar(self, param: click.Parameter, ctx: click.Context) -> str:
        return "ГГГГ-ММ-ДД"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> dt.datetime:
        if isinstance(value, dt.datetime):
            return value
        try:
            return dt.datetime.strptime(value, "%Y-%m-%d")
        except ValueError:
            self.fail(f"«{value}» — ожидается дата ГГГГ-ММ-ДД.", param, ctx)


def usage_error_line(exc: click.UsageError) -> str:
    """One line for a Click usage error, from Click's own (translated) words: the error,
    then where the command's help is."""
    _ = gettext.gettext
    message = " ".join(exc.format_message().split())  # "Choose from:\n\t..." on the same line
    line = _("Error: {message}").format(message=message)
    command = exc.ctx.command_path if exc.ctx is not None else "ibcmon"
    return f"{line} " + _("Try '{command} {option}' for help.").format(command=command, option="--help")


# errno -> (what went wrong, in Russian; True when the path the user gave is at fault)
FILE_ERRORS: dict[int, tuple[str, bool]] = {
    errno.EISDIR: ("это папка, а нужен файл", True),
    errno.ENOTDIR: ("часть пути — не папка", True),
    errno.ENOENT: ("нет такого файла или папки", True),
    errno.EACCES: ("нет прав доступа", True),
    errno.EPERM: ("нет прав доступа", True),
    errno.EROFS: ("файловая система только для чтения", True),
    errno.ENOSPC: ("на диске нет места", False),
}


def file_error_line(exc: OSError) -> tuple[str, bool]:
    """One Russian line for a failed read or write of a file, and whether the path is bad
    (a bad argument, exit 3) rather than the machine (exit 1)."""
    why, bad_path = FILE_ERRORS.get(exc.errno or 0, (exc.strerror or type(exc).__name__, False))
    return f"Ошибка файла {exc.filename}: {why}", bad_path


__all__ = ["IsoDate", "file_error_line", "install_russian_messages", "usage_error_line", "use_russian_help"]
