"""Click's own words in Russian: the help's headings and markers, and usage errors as one line.

Click writes its help chrome ("Usage:", "Options:", "[default: 20]", "Show this message and
exit.") and its argument errors ("Invalid value for '--as-of': ...") in English. The CLI
gives every command `RuContext` (a Russian help formatter) and prints a usage error with
`usage_error_line()`: one Russian line naming the option and the command's help.
"""
from __future__ import annotations

import errno
import re
from collections.abc import Iterable

import click

HEADINGS = {"Options": "Параметры", "Commands": "Команды", "Arguments": "Аргументы"}
HELP_TEXTS = {
    "Show this message and exit.": "Показать эту справку и выйти.",
    "Show the version and exit.": "Показать версию программы и выйти.",
}
# Click's type names (our own metavars, FILE, DIR, URL, ID, are those of the README)
METAVARS = {"INTEGER RANGE": "ЧИСЛО", "FLOAT RANGE": "ЧИСЛО", "INTEGER": "ЧИСЛО", "FLOAT": "ЧИСЛО",
            "TEXT": "ТЕКСТ"}
USAGE_ARGS = {"[OPTIONS]": "[ПАРАМЕТРЫ]", "COMMAND": "КОМАНДА", "[ARGS]...": "[АРГУМЕНТЫ]..."}


def _metavar(text: str) -> str:
    for english, russian in METAVARS.items():
        text = re.sub(rf"(?<![\w-]){english}(?![\w-])", russian, text)
    return text


def _help_text(text: str) -> str:
    for english, russian in HELP_TEXTS.items():
        text = text.replace(english, russian)
    text = re.sub(r"\[default: ", "[по умолчанию: ", text)
    text = text.replace("[required]", "[обязательно]").replace("; required]", "; обязательно]")
    return text


class RuHelpFormatter(click.HelpFormatter):
    """Click's help layout with Russian headings, markers and type names."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        args = " ".join(USAGE_ARGS.get(word, word) for word in args.split(" "))
        super().write_usage(prog, args, prefix="Использование: ")

    def write_heading(self, heading: str) -> None:
        super().write_heading(HEADINGS.get(heading, heading))

    def write_dl(self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        super().write_dl([(_metavar(term), _help_text(text)) for term, text in rows], col_max, col_spacing)


class RuContext(click.Context):
    formatter_class = RuHelpFormatter


def use_russian_help(commands: Iterable[click.Command]) -> None:
    """Give every command (and the commands of every group, recursively) `RuContext`."""
    for command in commands:
        command.context_class = RuContext
        if isinstance(command, click.Group):
            use_russian_help(command.commands.values())


MESSAGES: list[tuple[str, str]] = [
    (r"'(.*)' is not a valid integer( range)?\.", r"«\1» — не целое число"),
    (r"'(.*)' is not a valid float( range)?\.", r"«\1» — не число"),
    (r"'(.*)' is not one of (.*)\.", r"«\1» — нет среди допустимых значений: \2"),
    (r"'(.*)' does not match the formats? .*", r"«\1» — ожидается дата ГГГГ-ММ-ДД"),
    (r"(.*) is not in the range (.*)\.", r"\1 — вне допустимых пределов (\2)"),
    (r"(?:File|Directory|Path) '(.*)' is a directory\.", r"«\1» — это папка, а нужен файл"),
    (r"(?:File|Directory|Path) '(.*)' is a file\.", r"«\1» — это файл, а нужна папка"),
    (r"(?:File|Directory|Path) '(.*)' does not exist\.", r"«\1» не существует"),
    (r"No such command '(.*?)'\. Did you mean '(.*)'\?", r"нет такой команды «\1» (может быть, \2?)"),
    (r"No such command '(.*)'\.", r"нет такой команды «\1»"),
    (r"No such option: (\S+)(?: Did you mean (.*)\?)?", r"неизвестный параметр \1"),
    (r"Got unexpected extra arguments? \((.*)\)", r"лишние аргументы: \1"),
    (r"Option '(.*)' requires an argument\.", r"параметру \1 нужно значение"),
    (r"Option '(.*)' requires (\d+) arguments\.", r"параметру \1 нужно значений: \2"),
    (r"Option '(.*)' does not take a value\.", r"параметр \1 не принимает значения"),
    (r"Missing command\.", r"не указана команда"),
]


def _translate(message: str) -> str:
    for pattern, replacement in MESSAGES:
        if re.fullmatch(pattern, message.strip(), flags=re.DOTALL):
            return re.sub(pattern, replacement, message.strip(), flags=re.DOTALL)
    return message


def _param_name(param: click.Parameter | None) -> str:
    if param is None:
        return ""
    if isinstance(param, click.Option):
        return "/".join(param.opts)
    return param.human_readable_name


def usage_error_line(exc: click.UsageError) -> str:
    """One Russian line for a Click usage error, pointing to the command's help."""
    param = getattr(exc, "param", None)
    name = _param_name(param)
    if isinstance(exc, click.MissingParameter):
        what = "аргумент" if isinstance(param, click.Argument) else "параметр"
        message = f"не указан обязательный {what} {name}".rstrip()
    elif isinstance(exc, click.NoSuchOption):
        message = f"неизвестный параметр {exc.option_name}"
        if exc.possibilities:
            message += f" (может быть, {', '.join(sorted(exc.possibilities))}?)"
    elif isinstance(exc, click.BadParameter):
        detail = _translate(exc.message)
        message = f"неверное значение {name}: {detail}" if name else detail
    else:
        message = _translate(exc.format_message())
    command = exc.ctx.command_path if exc.ctx is not None else "ibcmon"
    return f"Ошибка в команде: {message} (справка: {command} --help)"


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


__all__ = ["RuContext", "RuHelpFormatter", "file_error_line", "usage_error_line", "use_russian_help"]
