"""Click's own words in Russian through its gettext calls (issue 18, point 3).

The catalogue ibcmon/locale/ru/LC_MESSAGES/ibcmon.po translates the strings Click marks for
gettext; the committed ibcmon.mo is what Python's gettext reads. These tests read the
installed Click's source, so a Click that adds or rewords a string fails here (this replaced
the upper bound on Click's version), and run the CLI under an English locale."""
from __future__ import annotations

import gettext
import os
import string
import subprocess
import sys
import tomllib
from fnmatch import fnmatch
from importlib import metadata
from pathlib import Path

import click
import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from ibcmon.cli import run as cli
from ibcmon.clihelp import DOMAIN, LOCALE_DIR

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = LOCALE_DIR / "ru" / "LC_MESSAGES"

# strings Click marks that a librarian never reads, left in English on purpose
NOT_TRANSLATED = {
    "d",  # a single letter inside Click's editor helper
    "Name '{name}' defined twice",
    "Boolean option {decl!r} cannot use the same flag for true/false.",
    "Could not determine name for option with declarations {decls!r}",
    "No options defined but a name was passed ({name}). Did you mean to declare an argument instead?"
    " Did you mean to pass '--{name}'?",
    "Arguments take exactly one parameter declaration, got {length}: {decls}.",
    "Unknown color {colour!r}",
    "Choice({choices})",
    "Unknown standard stream '{name}'",
    # the Path type's names: fixed when a command is declared, shown as FILE/DIRECTORY/PATH,
    # and our file messages do not use them
    "file", "directory", "path",
}


def catalogue() -> Catalog:
    with (CATALOGUE / f"{DOMAIN}.po").open("rb") as source:
        return read_po(source)


def marked_by_click() -> set[str | tuple[str, ...]]:
    """Every string (or singular/plural pair) the installed Click passes to gettext."""
    found: set[str | tuple[str, ...]] = set()
    for _file, _line, msgid, _comments, _context in extract_from_dir(
            Path(click.__file__).parent, method_map=[("**.py", "python")],
            keywords={"_": None, "ngettext": (1, 2)}):
        found.add(msgid)
    return found


def _names(text: str) -> set[str]:
    return {field.split("!")[0].split(".")[0] for _, field, _, _ in string.Formatter().parse(text) if field}


def _forms(message: Message) -> list[str]:
    return list(message.string) if isinstance(message.string, (list, tuple)) else [message.string]


def test_every_string_click_shows_a_user_has_a_russian_translation() -> None:
    po = catalogue()
    untranslated = []
    for msgid in marked_by_click():
        key = msgid[0] if isinstance(msgid, tuple) else msgid
        if key in NOT_TRANSLATED:
            continue
        message = po.get(key)
        if message is None or not all(_forms(message)):
            untranslated.append(msgid)
    assert not untranslated, f"Click {metadata.version('click')} shows these in English: {untranslated}"


def test_translations_use_only_the_placeholders_click_fills() -> None:
    """A name Click does not pass would make its `.format()` fail, a lost %(...)s a
    `%` error: each translation uses a subset of its English's placeholders."""
    for message in catalogue():
        if not message.id:
            continue
        english = message.id if isinstance(message.id, tuple) else (message.id,)
        allowed = set().union(*(_names(text) for text in english))
        for form in _forms(message):
            if form:
                assert _names(form) <= allowed, (message.id, form)
                assert ("%(" in form) == ("%(" in english[0]), (message.id, form)


def test_the_committed_mo_is_the_compiled_po() -> None:
    """`make catalogue` was run after the last edit of the .po: the .mo answers the same."""
    with (CATALOGUE / f"{DOMAIN}.mo").open("rb") as compiled:
        mo = gettext.GNUTranslations(compiled)
    translated = 0
    for message in catalogue():
        if not message.id or not all(_forms(message)):
            continue
        translated += 1
        if isinstance(message.id, tuple):
            singular, plural = message.id[0], message.id[1]
            for n, form in ((1, 0), (3, 1), (5, 2), (21, 0), (11, 2)):
                assert mo.ngettext(singular, plural, n) == message.string[form], (message.id, n)
        else:
            assert mo.gettext(message.id) == message.string, message.id
    assert translated >= 55


def test_the_wheel_ships_the_catalogue() -> None:
    """The .mo is package data: an install from PyPI needs no gettext tools to compile it."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = pyproject["tool"]["setuptools"]["package-data"]["ibcmon"]
    relative = (CATALOGUE / f"{DOMAIN}.mo").relative_to(ROOT / "ibcmon").as_posix()
    assert any(fnmatch(relative, pattern) for pattern in patterns)


def test_click_is_the_current_release_without_an_upper_bound() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    (requirement,) = [r for r in project["dependencies"] if r.startswith("click")]
    assert "<" not in requirement
    assert tuple(int(x) for x in metadata.version("click").split(".")[:3]) >= (8, 5, 1)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = cli(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_help_markers_and_version_are_russian(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "export", "--help")
    assert code == 0 and "Формат выгрузки.  [обязательно]" in " ".join(out.split("\n"))
    code, out, _ = _run(capsys, "jobs", "--help")
    assert code == 0 and "--limit ЧИСЛО" in out and "[по умолчанию: 20;" in out
    code, out, _ = _run(capsys, "--version")
    assert code == 0 and out.startswith("ibcmon, версия ")


def test_a_group_without_its_command_shows_russian_help_and_exits_3(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "db")
    text = out + err
    assert code == 3 and "Использование: ibcmon db [ПАРАМЕТРЫ] КОМАНДА [АРГУМЕНТЫ]..." in text
    assert "Команды:" in text and "Usage:" not in text


def _ibcmon_in_english_locale(*argv: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LANG": "en_US.UTF-8", "LC_ALL": "en_US.UTF-8", "LC_MESSAGES": "en_US.UTF-8",
           "LANGUAGE": "en_US:en", "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-c", "from ibcmon.cli import main; main()", *argv],
                          capture_output=True, text=True, env=env, timeout=60, check=False)


def test_russian_whatever_the_locale() -> None:
    """Python's gettext takes the language from the environment; an English one changes nothing."""
    done = _ibcmon_in_english_locale("audit", "--bogus")
    assert done.returncode == 3 and done.stdout == ""
    assert done.stderr.strip() == ("Ошибка: Неизвестный параметр --bogus. Может быть, '--out'? "
                                   "Попробуйте «ibcmon audit --help» для справки.")
    done = _ibcmon_in_english_locale("crawl", "--help")
    assert done.returncode == 0 and done.stdout.startswith("Использование: ibcmon crawl [ПАРАМЕТРЫ]")
    assert "\nПараметры:\n" in done.stdout and "Показать эту справку и выйти." in done.stdout
