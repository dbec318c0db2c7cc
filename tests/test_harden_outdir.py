"""Output folders: the tool deletes only what it wrote, and replaces a report whole (issue 11, 1)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from report_fixtures import make_result

from reports import html
from reports.html import write_report
from reports.outdir import MARKER, OutputDirError


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize("command", [["demo"], ["report", "--run", "1"], ["audit", "http://127.0.0.1:9/"]])
def test_a_non_empty_folder_that_is_not_ours_is_refused_untouched(tmp_path: Path, command: list[str]) -> None:
    mine = tmp_path / "mine"
    (mine / "sub").mkdir(parents=True)
    (mine / "diploma.docx").write_bytes(b"four years of work")
    (mine / "sub" / "photo.jpg").write_bytes(b"\xff\xd8")
    before = _snapshot(mine)
    done = subprocess.run(
        [sys.executable, "-m", "ibcmon", "--db", f"sqlite:///{tmp_path / 'x.sqlite'}", *command,
         "--out", str(mine)],
        capture_output=True, text=True, timeout=120, cwd=tmp_path,
    )
    assert done.returncode == 3, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "не пуста" in lines[0] and str(mine) in lines[0], done.stderr
    assert _snapshot(mine) == before
    assert sorted(p.name for p in mine.iterdir()) == ["diploma.docx", "sub"]


def test_write_report_refuses_a_foreign_folder(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("мои заметки", encoding="utf-8")
    with pytest.raises(OutputDirError, match="не пуста"):
        write_report(make_result(3), tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_a_report_is_marked_and_replaced_whole(tmp_path: Path) -> None:
    out = tmp_path / "report"
    write_report(make_result(6), out)
    assert (out / MARKER).is_file()
    (out / "centres" / "999.html").write_text("stale", encoding="utf-8")
    write_report(make_result(4), out)
    assert not (out / "centres" / "999.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report"]  # no temporary folder left


def test_an_interrupted_report_leaves_the_previous_one_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "report"
    write_report(make_result(6), out)
    before = _snapshot(out)
    calls = {"n": 0}
    real_write = html._write

    def write_then_fail(path: Path, text: str) -> None:
        calls["n"] += 1
        if calls["n"] > 3:
            raise KeyboardInterrupt  # Ctrl-C half way through the cards
        real_write(path, text)

    monkeypatch.setattr(html, "_write", write_then_fail)
    with pytest.raises(KeyboardInterrupt):
        write_report(make_result(8), out)
    assert _snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report"]


def test_a_report_of_an_earlier_version_is_still_ours(tmp_path: Path) -> None:
    out = tmp_path / "ibcmon-report"
    (out / "centres").mkdir(parents=True)
    (out / "index.html").write_text("OLD-REPORT", encoding="utf-8")
    (out / "run.html").write_text("OLD-REPORT", encoding="utf-8")
    write_report(make_result(3), out)
    assert (out / MARKER).is_file() and "OLD-REPORT" not in (out / "index.html").read_text(encoding="utf-8")
