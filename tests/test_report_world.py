"""End to end on the bundled sample world: crawl, link check, grade, then the report commands.

Two crawls of the world (the first graded half a year earlier, as the previous audit), a
link check of the second; then `ibcmon report` (which grades the second run itself),
`ibcmon export` in three formats and `ibcmon diff`, read back and compared.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from openpyxl import load_workbook
from report_fixtures import assert_card_matches, assert_figures_match_export
from sqlalchemy import select

from checks.grade import grade_run
from common.config import Config
from crawler.linkcheck import check_run_links
from crawler.registry import import_registry_csv
from crawler.run import run_crawl
from ibcmon.cli import run as cli
from ibcmon.sample import WORLD_DATE, SampleServer
from store.db import open_database
from store.models import Grading

pytestmark = pytest.mark.slow

PREVIOUS_DATE = WORLD_DATE - dt.timedelta(days=183)


@dataclass
class World:
    db_url: str
    old_run: int
    new_run: int
    out: Path
    index_path: str
    truth: dict[str, Any]


def _config() -> Config:
    config = Config()
    config.crawl.delay = 0.0
    config.crawl.timeout = 10.0
    config.linkcheck.delay = 0.02
    config.linkcheck.timeout = 8.0
    return config


def call(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = cli(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def world(sample_server: SampleServer, tmp_path_factory: pytest.TempPathFactory) -> World:
    sample_server.clear_overrides()
    tmp = tmp_path_factory.mktemp("report-world")
    db_url = f"sqlite:///{tmp / 'world.sqlite'}"
    db = open_database(db_url)
    registry = tmp / "registry.csv"
    registry.write_text(sample_server.world.registry_csv(), encoding="utf-8")
    import_registry_csv(db, registry)
    config = _config()
    old_run = run_crawl(db_url, config, sample_server.root_url, "crawl")
    grade_run(db, old_run, PREVIOUS_DATE)
    new_run = run_crawl(db_url, config, sample_server.root_url, "crawl")
    check_run_links(db, config, new_run)
    db.dispose()
    out = tmp / "report"
    code = cli(["report", "--db", db_url, "--run", str(new_run), "--out", str(out), "--as-of", WORLD_DATE.isoformat()])
    assert code == 0
    return World(db_url, old_run, new_run, out, str(out / "index.html"), sample_server.truth)


def export(world: World, capsys: pytest.CaptureFixture[str], fmt: str, *extra: str) -> str:
    code, out, err = call(capsys, "export", "--db", world.db_url, "--format", fmt, "--run", str(world.new_run), *extra)
    assert code == 0, err
    return out


def test_report_command_grades_the_run_and_writes_the_report(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    db = open_database(world.db_url)
    with db.session() as session:
        gradings = list(session.scalars(select(Grading).where(Grading.run_id == world.new_run)))
    db.dispose()
    assert [g.as_of for g in gradings] == [WORLD_DATE]
    # a second report of the same run reuses that grading
    code, out, _ = call(capsys, "report", "--db", world.db_url, "--out", str(world.out))
    assert code == 0 and out.strip() == world.index_path
    for name in ("index.html", "run.html", "links.html"):
        assert (world.out / name).is_file(), name


def test_every_centre_of_the_world_is_listed_once_with_the_exports_figures(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    exported = json.loads(export(world, capsys, "json"))
    assert exported["run"]["id"] == world.new_run and exported["run"]["as_of"] == WORLD_DATE.isoformat()
    assert len(exported["centres"]) == len(world.truth["centres"])
    index_html = Path(world.index_path).read_text(encoding="utf-8")
    assert_figures_match_export(index_html, exported)
    for centre in exported["centres"]:
        card = world.out / "centres" / f"{centre['centre_id']}.html"
        assert_card_matches(card.read_text(encoding="utf-8"), centre)
    statuses = {c["status"] for c in exported["centres"]}
    assert statuses == {"ok", "unreachable", "error", "not_found", "blocked_by_robots", "not_auditable"}


def test_the_previous_audit_and_the_trends_are_shown(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    page = BeautifulSoup(Path(world.index_path).read_text(encoding="utf-8"), "html.parser")
    assert page.select_one("#changes") is not None
    assert f"№{world.old_run}" in page.select_one("#changes .lead").get_text()
    assert len(page.select("#chart-trend svg circle")) == 2
    exported = json.loads(export(world, capsys, "json"))
    ok = next(c for c in exported["centres"] if c["status"] == "ok")
    card = BeautifulSoup((world.out / "centres" / f"{ok['centre_id']}.html").read_text(encoding="utf-8"), "html.parser")
    assert len(card.select("table.trend tbody tr")) == 2


def test_csv_and_xlsx_exports_hold_the_same_figures(world: World, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    exported = json.loads(export(world, capsys, "json"))
    text = export(world, capsys, "csv")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    assert [(int(r["centre_id"]), r["score"]) for r in rows] == [
        (c["centre_id"], "" if c["score"] is None else str(c["score"])) for c in exported["centres"]
    ]
    target = tmp_path / "audit.xlsx"
    assert export(world, capsys, "xlsx", "--out", str(target)).strip() == str(target)
    sheet = load_workbook(target)["Центры"]
    header = [c.value for c in sheet[1]]
    scores = [dict(zip(header, r, strict=True))["Баллы"] for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert scores == [c["score"] for c in exported["centres"]]


def test_diff_command(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = call(capsys, "diff", "--db", world.db_url, str(world.old_run), str(world.new_run), "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["old_run"]["id"] == world.old_run and data["new_run"]["as_of"] == WORLD_DATE.isoformat()
    assert data["counts"]["added"] == 0 and data["counts"]["removed"] == 0
    assert sum(data["counts"][k] for k in ("improved", "worsened", "unchanged")) <= len(world.truth["centres"])
    code, out, _ = call(capsys, "diff", "--db", world.db_url, str(world.old_run), str(world.new_run))
    assert code == 0 and out.startswith(f"Обследование №{world.old_run}")


@pytest.mark.parametrize("argv", [
    ["report", "--run", "999"],
    ["export", "--format", "json", "--run", "999"],
    ["diff", "1", "999"],
])
def test_a_missing_run_is_a_clear_error(world: World, capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, out, err = call(capsys, *argv, "--db", world.db_url)
    assert code == 3 and out == ""
    assert "№999 не найдено" in err and len(err.strip().splitlines()) == 1


def test_a_crawl_that_found_nothing_still_reports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import socket

    with socket.socket() as probe:  # a port nothing listens on: the regional site is down
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = Config()
    config.crawl.timeout = 2.0
    config.crawl.retries = 0
    db_url = f"sqlite:///{tmp_path / 'down.sqlite'}"
    run_crawl(db_url, config, f"http://127.0.0.1:{port}/", "audit")
    argv = ["report", "--db", db_url, "--out", str(tmp_path / "r"), "--as-of", "2026-11-20"]
    code, out, err = call(capsys, *argv)
    assert code == 3 and "--allow-incomplete" in err  # a failed run is not complete (issue 16)
    code, out, err = call(capsys, *argv, "--allow-incomplete")
    assert code == 0, err
    page = BeautifulSoup(Path(out.strip()).read_text(encoding="utf-8"), "html.parser")
    assert page.select_one("#no-centres") is not None
    run_page = BeautifulSoup((tmp_path / "r" / "run.html").read_text(encoding="utf-8"), "html.parser")
    assert "Ошибка" in run_page.select_one("#discovery + .panel").get_text()


def test_an_empty_store_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = call(capsys, "report", "--db", f"sqlite:///{tmp_path / 'empty.sqlite'}", "--out", str(tmp_path / "r"))
    assert code == 3 and out == "" and "нет ни одного обследования" in err
