"""Output folders the tool owns: it deletes only what it wrote, and replaces it whole.

A folder the tool writes (the HTML report, the demo's folder) holds a marker file,
`.ibcmon-output`. The tool writes into a folder that is missing, empty or marked; a
non-empty folder without the marker is refused (`OutputDirError`, one line) and left
untouched, so `--out .` or `--out ~` never wipes anyone's files.

`replaced_dir` writes a new version into a temporary folder beside the target and
renames it into place when it is complete: an interrupted report leaves the previous
report (or nothing), never half a report.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

MARKER = ".ibcmon-output"
MARKER_TEXT = (
    "Эту папку создала программа ibcmon. При следующем запуске её содержимое будет\n"
    "заменено целиком: не храните здесь своих файлов.\n"
)
# What a folder written before the marker existed holds (a report, the demo's folder):
# such a folder is ours too, when it holds nothing else and its first name is there.
LEGACY_REPORT = ("index.html", frozenset({"index.html", "run.html", "links.html", "centres"}))
LEGACY_DEMO = ("demo.toml", frozenset({
    "demo.toml", "registry.csv", "report", "outbox", "ibcmon.sqlite", "ibcmon.sqlite-wal", "ibcmon.sqlite-shm",
}))
Legacy = tuple[str, frozenset[str]]


class OutputDirError(Exception):
    """The output folder is not the tool's to write (a one-line Russian message)."""


def is_owned(folder: Path, legacy: Legacy = LEGACY_REPORT) -> bool:
    """Missing, empty, marked, or unmarked output of an earlier version (`legacy`)."""
    if not folder.exists():
        return True
    if not folder.is_dir():
        return False
    names = {p.name for p in folder.iterdir()}
    first, known = legacy
    return not names or MARKER in names or (names <= known and first in names)


def check_output_dir(folder: Path | str, legacy: Legacy = LEGACY_REPORT) -> Path:
    """The folder, resolved; `OutputDirError` when the tool may not write there."""
    path = Path(folder).expanduser().resolve()
    if path.exists() and not path.is_dir():
        raise OutputDirError(f"{path}: это файл, а нужна папка")
    if not is_owned(path, legacy):
        raise OutputDirError(
            f"{path}: папка не пуста и создана не ibcmon; укажите пустую или новую папку "
            f"(ничего не удалено)"
        )
    if path == Path(path.anchor) or path == Path.home().resolve():
        raise OutputDirError(f"{path}: в эту папку писать нельзя, укажите отдельную папку")
    return path


def mark(folder: Path) -> None:
    (folder / MARKER).write_text(MARKER_TEXT, encoding="utf-8")


def clear_owned(folder: Path | str, legacy: Legacy = LEGACY_REPORT) -> Path:
    """Empty a folder the tool owns (or create it), marked; what it cannot own is refused."""
    path = check_output_dir(folder, legacy)
    if path.exists():
        for child in path.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
    path.mkdir(parents=True, exist_ok=True)
    mark(path)
    return path


@contextlib.contextmanager
def replaced_dir(folder: Path | str) -> Iterator[Path]:
    """Yield a fresh, marked temporary folder beside `folder`; on success it becomes `folder`.

    The previous content (owned, see `check_output_dir`) is removed only after the new
    one is complete. On an error or an interrupt the temporary folder is removed and
    `folder` is left as it was.
    """
    target = check_output_dir(folder)
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    try:
        mark(work)
        yield work
        _swap(work, target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


def _swap(new: Path, target: Path) -> None:
    """Put `new` where `target` is; the old content goes only once the new is in place."""
    check_output_dir(target)  # it may have been filled meanwhile
    new.chmod(0o755)  # mkdtemp makes it private; a report is read by others
    if target.exists() and any(target.iterdir()):
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
        os.rename(target, old / target.name)
        os.rename(new, target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        if target.exists():
            target.rmdir()
        os.rename(new, target)

