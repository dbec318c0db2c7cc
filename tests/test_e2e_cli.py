"""The CLI used end to end as the regional centre's staff would, on bad input and interruptions.

Regression tests for what a walk through the README found: an audit that went on after its
crawl failed, was interrupted or found no centre (and overwrote the last good report);
report/export picking an interrupted run; database URLs that ended in a traceback-like
message or showed a password; Click's English usage errors and help; the comparison's
truncated statuses; a clock widget counted as an edit; a registry file without an e-mail
column wiping the stored addresses.
"""
from __future__ import annotations

import json
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
import pytest
from sqlalchemy import func, select

from common.config import Config
from common.extract import is_clock_line, text_hash
from crawler.registry import import_registry_csv
from crawler.run import start_run
from ibcmon.cli import cli as cli_group
from ibcmon.cli import run as cli
from ibcmon.sample import WORLD_DATE, SampleServer
from store.db import open_database
from store.models import RUN_COMPLETE, RUN_FAILED, RUN_INCOMPLETE, Centre, CentreVisit, Grading, Run

AS_OF = WORLD_DATE.isoformat()


def call(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = cli(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def one_russian_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip() and not line.startswith("[")]
    assert len(lines) == 1, err
    assert "Traceback" not in err and "Usage:" not in err and "Error:" not in err, err
    assert any("а" <= ch <= "я" for ch in lines[0].lower()), err
    return lines[0]


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# -- fake crawls: the pipeline's decisions after the crawl, without a crawl ---------------

def fake_crawl(status: str, centres: int = 1, error: str | None = None) -> Callable[..., int]:
    """A `run_crawl` stand-in that stores a run with `centres` unreachable centres."""

    def run_crawl(db_url: str, _config: Any, root_url: str, kind: str = "crawl", *_a: Any, **_k: Any) -> int:
        db = open_database(db_url)
        run_id = start_run(db, Config(), root_url, kind)
        with db.session() as session:
            for i in range(centres):
                url = f"http://school{i}.example.ru/biblioteka/"
                centre = session.scalars(select(Centre).where(Centre.key == url)).first()
                if centre is None:
                    centre = Centre(key=url, name=f"МБОУ СОШ № {i + 1}", url=url)
                    session.add(centre)
                    session.flush()
                session.add(CentreVisit(run_id=run_id, centre_id=centre.id, name=centre.name, listed_url=url,
                                        status="unreachable", reason="сайт не ответил вовремя (тайм-аут)"))
            run = session.get(Run, run_id)
            assert run is not None
            run.status, run.error = status, error
        return run_id

    return run_crawl



def gradings(db_url: str) -> int:
    with open_database(db_url).session() as session:
        return int(session.scalar(select(func.count(Grading.id))) or 0)


@pytest.mark.parametrize(
    ("status", "centres", "code", "words"),
    [
        (RUN_INCOMPLETE, 1, 130, "прервано"),
        (RUN_FAILED, 0, 1, "сайт РРИБЦ недоступен"),
        (RUN_COMPLETE, 0, 3, "не найден список ИБЦ"),
    ],
)
def test_audit_stops_after_a_crawl_with_nothing_to_grade(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, db_url: str,
    status: str, centres: int, code: int, words: str,
) -> None:
    monkeypatch.setattr("crawler.run.run_crawl", fake_crawl(status, centres, "сайт РРИБЦ недоступен"))
    out_dir = tmp_path / "report"
    out_dir.mkdir()
    (out_dir / "index.html").write_text("прошлый отчёт", encoding="utf-8")
    result = call(capsys, "--db", db_url, "audit", "http://rribc.example.ru/", "--as-of", AS_OF,
                  "--out", str(out_dir), "-q")
    assert result[0] == code
    assert words in one_russian_line(result[2])
    assert (out_dir / "index.html").read_text(encoding="utf-8") == "прошлый отчёт"  # the last report stays
    assert gradings(db_url) == 0  # nothing graded, so nothing is mailed as "the latest audit"


def test_audit_goes_on_after_a_good_crawl(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, db_url: str,
) -> None:
    monkeypatch.setattr("crawler.run.run_crawl", fake_crawl(RUN_COMPLETE, 2))
    code, out, _ = call(capsys, "--db", db_url, "audit", "http://rribc.example.ru/", "--as-of", AS_OF,
                        "--out", str(tmp_path / "report"), "-q")
    assert code == 0 and (tmp_path / "report" / "index.html").exists() and gradings(db_url) == 1


@pytest.mark.parametrize("url", ["not-a-url", "ftp://rribc.example.ru/", "http//rribc.example.ru"])
def test_audit_rejects_a_bad_start_url_before_any_run(capsys: pytest.CaptureFixture[str], db_url: str,
                                                      url: str) -> None:
    code, _, err = call(capsys, "--db", db_url, "audit", url, "--as-of", AS_OF, "-q")
    assert code == 3 and "неверный адрес сайта" in one_russian_line(err)
    with open_database(db_url).session() as session:
        assert session.scalar(select(func.count(Run.id))) == 0


def test_audit_of_a_site_that_refuses_connections(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                  db_url: str) -> None:
    root = f"http://127.0.0.1:{closed_port()}/"
    code, out, err = call(capsys, "--db", db_url, "audit", root, "--as-of", AS_OF, "--out", str(tmp_path / "r"), "-q")
    assert code == 1 and out == ""
    assert "не выполнено" in one_russian_line(err)
    assert not (tmp_path / "r").exists()
    with open_database(db_url).session() as session:
        assert [r.status for r in session.scalars(select(Run))] == [RUN_FAILED]


def test_audit_of_pages_without_a_listing(capsys: pytest.CaptureFixture[str], sample: SampleServer,
                                          tmp_path: Path, db_url: str) -> None:
    centre_page = sample.truth["centres"][0]["listed_urls"][0]
    code, _, err = call(capsys, "--db", db_url, "audit", centre_page, "--as-of", AS_OF, "-q",
                        "--out", str(tmp_path / "r"))
    assert code == 3 and "не найден список ИБЦ" in one_russian_line(err)
    robots = sample.root_url.rstrip("/") + "/robots.txt"
    code, _, err = call(capsys, "--db", db_url, "audit", robots, "--as-of", AS_OF, "-q", "--out", str(tmp_path / "r"))
    line = one_russian_line(err)
    assert code == 1 and "не веб-страница" in line and "кодом ошибки 200" not in line
    assert not (tmp_path / "r").exists()


def test_report_and_export_prefer_a_complete_run_over_a_later_interrupted_one(
    capsys: pytest.CaptureFixture[str], db_url: str,
) -> None:
    complete = fake_crawl(RUN_COMPLETE, 3)(db_url, None, "http://rribc.example.ru/", "audit")
    fake_crawl(RUN_INCOMPLETE, 1)(db_url, None, "http://rribc.example.ru/", "audit")
    code, out, _ = call(capsys, "--db", db_url, "export", "--format", "json", "--as-of", AS_OF)
    assert code == 0 and json.loads(out)["run"]["id"] == complete
    code, out, _ = call(capsys, "--db", db_url, "regrade", "--as-of", AS_OF)
    assert code == 0 and f"№{complete}" in out.splitlines()[0]


def test_export_and_report_without_a_usable_audit(capsys: pytest.CaptureFixture[str], db_url: str) -> None:
    for argv in (["export", "--format", "json"], ["report"], ["regrade"]):
        code, out, err = call(capsys, "--db", db_url, *argv)
        assert code == 3 and out == "" and "ibcmon audit" in one_russian_line(err)
    failed = fake_crawl(RUN_FAILED, 0)(db_url, None, "http://rribc.example.ru/", "audit")
    code, out, err = call(capsys, "--db", db_url, "export", "--format", "json")
    assert code == 3 and out == "" and "--allow-incomplete" in one_russian_line(err)  # not complete (issue 16)
    code, out, _ = call(capsys, "--db", db_url, "export", "--format", "json", "--allow-incomplete")
    assert code == 0 and json.loads(out)["run"]["id"] == failed  # all there is: its report says why


# -- databases ------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "url", ["foo://x", "mysql://u@127.0.0.1/x", "postgresql+psycopg2://u@127.0.0.1/x",
            "postgresql+psycopg://u:s3cret@127.0.0.1:{port}/x"],
)
def test_bad_database_urls_are_one_line_and_exit_3(capsys: pytest.CaptureFixture[str], url: str) -> None:
    code, _, err = call(capsys, "--db", url.format(port=closed_port()), "runs")
    line = one_russian_line(err)
    assert code == 3 and ("базы данных" in line or "база данных" in line)
    assert "s3cret" not in err and "sqlalche.me" not in err


def test_db_upgrade_hides_the_password(capsys: pytest.CaptureFixture[str], pg_url: str) -> None:
    with_password = pg_url.replace("postgres@", "postgres:s3cret@", 1)
    code, out, _ = call(capsys, "--db", with_password, "db", "upgrade")
    assert code == 0 and "s3cret" not in out and "***" in out


# -- Click's own words ----------------------------------------------------------------------

@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["report", "--as-of", "2026-13-45"], "Неверное значение '--as-of': «2026-13-45» — ожидается дата ГГГГ-ММ-ДД."),
        (["export", "--format", "pdf"], "«pdf» — нет среди допустимых значений: 'json', 'csv', 'xlsx'."),
        (["export"], "Не указан обязательный параметр '--format'. Допустимые значения: json, csv, xlsx."),
        (["diff", "1"], "Не указан обязательный аргумент 'RUN_B'."),
        (["diff", "1", "x"], "Неверное значение 'RUN_B': «x» — не число."),
        (["jobs", "--limit", "0"], "0 — вне допустимых пределов (1<=x<=10000)."),
        (["audt"], "Нет такой команды «audt». Может быть, 'audit'?"),
        (["audit", "--bogus"], "Неизвестный параметр --bogus."),
        (["audit", "--bas"], "Может быть, одно из: '--as-of', '--db'?"),
        # Click raises this one without the command's context: the help named is the program's
        (["audit", "--out"], "Параметру --out не хватает значения (нужно: 1)."),
        (["runs", "extra"], "Лишние аргументы: extra."),
        (["registry", "import", "."], "«.» — это папка, а нужен файл."),
    ],
)
def test_usage_errors_are_one_russian_line(capsys: pytest.CaptureFixture[str], db_url: str,
                                           argv: list[str], words: str) -> None:
    code, out, err = call(capsys, "--db", db_url, *argv)
    line = one_russian_line(err)
    command = " ".join(["ibcmon", *(word for word in argv[:2] if word in USAGE_COMMANDS)])
    command = "ibcmon" if argv[-1] == "--out" else command
    assert code == 3 and out == "" and line.startswith("Ошибка: ") and words in line, line
    assert line.endswith(f" Попробуйте «{command} --help» для справки."), line


USAGE_COMMANDS = {"report", "export", "diff", "jobs", "audit", "runs", "registry", "import"}


def _commands(group: click.Group, prefix: list[str]) -> list[list[str]]:
    found = [prefix]
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            found += _commands(command, [*prefix, name])
        else:
            found.append([*prefix, name])
    return found


def _command(path: list[str]) -> click.Command:
    command: click.Command = cli_group
    for name in path:
        assert isinstance(command, click.Group)
        command = command.commands[name]
    return command


def test_every_help_is_in_russian(capsys: pytest.CaptureFixture[str]) -> None:
    for path in _commands(cli_group, []):
        code, out, _ = call(capsys, *path, "--help")
        assert code == 0, path
        for english in ("Usage:", "Options:", "Commands:", "Show this message", "[default:", "[required]",
                        "[OPTIONS]", "COMMAND", "INTEGER", "TEXT"):
            assert english not in out, (path, english)
        assert out.startswith(f"Использование: {' '.join(['ibcmon', *path])} [ПАРАМЕТРЫ]"), path
        assert "\nПараметры:\n" in out and "Показать эту справку и выйти." in out, path
        if isinstance(_command(path), click.Group):
            assert "КОМАНДА [АРГУМЕНТЫ]..." in out and "\nКоманды:\n" in out, path
    code, out, _ = call(capsys, "--version")
    assert code == 0 and "версия" in out


# -- what the commands print and store ------------------------------------------------------

def test_diff_names_the_status_of_a_page_in_full(capsys: pytest.CaptureFixture[str], db_url: str) -> None:
    first = fake_crawl(RUN_COMPLETE, 1)(db_url, None, "http://rribc.example.ru/", "audit")
    second = fake_crawl(RUN_COMPLETE, 1)(db_url, None, "http://rribc.example.ru/", "audit")
    code, out, _ = call(capsys, "--db", db_url, "diff", str(first), str(second))
    assert code == 0 and "Не открывается" in out and "Не отк " not in out


@pytest.mark.parametrize(
    ("line", "clock"),
    [
        ("Пятница, 26.04.2024, 21:19", True),
        ("Сегодня: 26 ноября 2026 г.", True),
        ("21:19", True),
        ("План работы на 2026–2027 учебный год", False),
        ("2026–2027", False),
        ("Просмотров: 48", False),
        ("Тел. 8 (42137) 7-12-03", False),
        ("8:00 – 16:00", False),  # opening hours are the page's content
        ("Пн–Пт: 9:00–17:00", False),
    ],
)
def test_clock_lines(line: str, clock: bool) -> None:
    assert is_clock_line(line) is clock


def test_a_clock_widget_is_not_an_edit() -> None:
    page = "Библиотека\n{}\nПлан работы на 2026–2027 учебный год"
    assert text_hash(page.format("Пятница, 26.04.2024, 21:19")) == text_hash(page.format("Суббота, 27.04.2024, 09:02"))
    assert text_hash(page.format("x")) != text_hash(page.format("y"))
    assert text_hash("Новости  библиотеки\n") == text_hash("Новости библиотеки")


def test_registry_without_an_email_column_keeps_the_addresses(tmp_path: Path, db_url: str) -> None:
    full = tmp_path / "full.csv"
    full.write_text("name,municipality,url,librarian,email\n"
                    "МБОУ СОШ № 1,Амурский район,http://school1.example.ru/ibc/,Иванова И. И.,ibc1@example.ru\n",
                    encoding="utf-8")
    short = tmp_path / "short.csv"
    short.write_text("name;url\nМБОУ СОШ № 1;http://school1.example.ru/ibc/\n", encoding="utf-8")
    db = open_database(db_url)
    import_registry_csv(db, full)
    import_registry_csv(db, short)
    with db.session() as session:
        centre = session.scalars(select(Centre)).one()
        assert (centre.email, centre.librarian, centre.municipality) == (
            "ibc1@example.ru", "Иванова И. И.", "Амурский район")
    cleared = tmp_path / "cleared.csv"
    cleared.write_text("name,url,email\nМБОУ СОШ № 1,http://school1.example.ru/ibc/,\n", encoding="utf-8")
    import_registry_csv(db, cleared)  # an empty cell of a column the file has: the address is gone
    with db.session() as session:
        assert session.scalars(select(Centre)).one().email is None


def test_output_paths_that_cannot_be_written(capsys: pytest.CaptureFixture[str], tmp_path: Path, db_url: str) -> None:
    fake_crawl(RUN_COMPLETE, 1)(db_url, None, "http://rribc.example.ru/", "audit")
    a_file = tmp_path / "export.json"
    a_file.write_text("{}", encoding="utf-8")
    for argv in (["export", "--format", "json", "--out", str(tmp_path)],
                 ["export", "--format", "xlsx", "--out", str(tmp_path)],
                 ["report", "--out", str(a_file)]):
        code, _, err = call(capsys, "--db", db_url, *argv, "--as-of", AS_OF)
        line = one_russian_line(err)
        assert code == 3 and line.startswith("Ошибка файла") and "Errno" not in line
    assert a_file.read_text(encoding="utf-8") == "{}"


def test_notify_mails_the_latest_complete_audit(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                db_url: str) -> None:
    complete = fake_crawl(RUN_COMPLETE, 2)(db_url, None, "http://rribc.example.ru/", "audit")
    interrupted = fake_crawl(RUN_INCOMPLETE, 1)(db_url, None, "http://rribc.example.ru/", "audit")
    for run_id in (complete, interrupted):  # both graded by hand
        assert call(capsys, "--db", db_url, "regrade", "--run", str(run_id), "--as-of", AS_OF)[0] == 0
    code, out, _ = call(capsys, "--db", db_url, "notify", "--dry-run", "--outbox", str(tmp_path / "out"))
    assert code == 0 and f"обследование №{complete} " in out


def _with_page(db_url: str, run_id: int) -> None:
    from store.models import Page

    with open_database(db_url).session() as session:
        visit = session.scalars(select(CentreVisit).where(CentreVisit.run_id == run_id)).first()
        assert visit is not None
        session.add(Page(run_id=run_id, centre_id=visit.centre_id, url=visit.listed_url, final_url=visit.listed_url,
                         http_status=200, main_text="Библиотека", links=[]))


def test_nightly_linkcheck_reads_the_latest_complete_crawl(db_url: str) -> None:
    from ibcmon.commands.links import find_source_run

    complete = fake_crawl(RUN_COMPLETE, 2)(db_url, None, "http://rribc.example.ru/", "audit")
    interrupted = fake_crawl(RUN_INCOMPLETE, 1)(db_url, None, "http://rribc.example.ru/", "audit")
    for run_id in (complete, interrupted):
        _with_page(db_url, run_id)
    with open_database(db_url).session() as session:
        assert find_source_run(session, None).id == complete


@pytest.mark.parametrize(("status", "code"), [(RUN_FAILED, 1), (RUN_INCOMPLETE, 130), (RUN_COMPLETE, 3)])
def test_linkcheck_recrawl_that_brought_nothing_checks_nothing(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, db_url: str, status: str, code: int,
) -> None:
    monkeypatch.setattr("crawler.run.run_crawl", fake_crawl(status, 0, "сайт РРИБЦ недоступен"))
    result = call(capsys, "--db", db_url, "linkcheck", "--recrawl", "-q")
    assert result[0] == code and "проверка ссылок не делалась" in one_russian_line(result[2])
    with open_database(db_url).session() as session:
        assert session.scalar(select(func.count(Run.id)).where(Run.kind == "linkcheck")) == 0


def test_the_crawl_outcome_is_decided_once_for_the_audit_and_the_link_check(db_url: str) -> None:
    """`ibcmon.pipeline.crawl_stop` decides for both: the audit grades a crawl whose centres
    stored no page (each is graded unreachable), the link check has nothing to check."""
    from ibcmon.pipeline import crawl_stop

    db = open_database(db_url)
    try:
        cases = {
            fake_crawl(RUN_INCOMPLETE, 1)(db_url, None, "http://rribc.example.ru/", "audit"): ("incomplete", 130),
            fake_crawl(RUN_FAILED, 0, "нет сети")(db_url, None, "http://rribc.example.ru/", "audit"): ("failed", 1),
            fake_crawl(RUN_COMPLETE, 0)(db_url, None, "http://rribc.example.ru/", "audit"): ("no_centres", 3),
        }
        for run_id, (kind, code) in cases.items():
            for pages_needed in (False, True):
                stop = crawl_stop(db, run_id, pages_needed=pages_needed)
                assert stop is not None and (stop.kind, stop.exit_code, stop.run_id) == (kind, code, run_id)
        assert crawl_stop(db, list(cases)[1]).error == "нет сети"  # type: ignore[union-attr]
        no_page = fake_crawl(RUN_COMPLETE, 2)(db_url, None, "http://rribc.example.ru/", "audit")
        assert crawl_stop(db, no_page) is None
        assert crawl_stop(db, no_page, pages_needed=True).kind == "no_pages"  # type: ignore[union-attr]
        _with_page(db_url, no_page)
        assert crawl_stop(db, no_page, pages_needed=True) is None
    finally:
        db.dispose()
