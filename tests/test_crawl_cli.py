"""The collect commands: crawl, registry import, db upgrade, runs; bad input at the CLI."""
from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from ibcmon.cli import run
from ibcmon.sample import SampleServer
from store.db import open_database
from store.models import Centre, Run

LISTING_PATH = "/set-ibc/internet-predstavitelstva-ibc/"


@pytest.fixture
def fast_config(tmp_path: Path) -> Path:
    path = tmp_path / "fast.toml"
    path.write_text("[crawl]\ndelay = 0.0\ntimeout = 5.0\n", encoding="utf-8")
    return path


def ibcmon(*args: str) -> int:
    return run([str(a) for a in args])


@pytest.mark.slow
def test_crawl_command_prints_a_summary(sample: SampleServer, tmp_path: Path, fast_config: Path,
                                        capfd: pytest.CaptureFixture[str]) -> None:
    db = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    assert ibcmon("crawl", sample.root_url, "--db", db, "--config", fast_config) == 0
    out, err = capfd.readouterr()
    assert "Найдено ИБЦ: 25 (страниц со списками: 2)" in out
    assert "объединено повторов: 1, неверных адресов в списке: 1" in out
    assert "не открывается" in out and "Страниц и документов:" in out
    assert "Найдено ИБЦ: 25" in err and "[25/25]" in err  # progress on stderr
    assert ibcmon("runs", "--db", db) == 0
    out, _ = capfd.readouterr()
    assert "завершён" in out and "   25" in out


@pytest.mark.slow
def test_a_listing_with_no_centres(sample: SampleServer, tmp_path: Path, fast_config: Path,
                                   capfd: pytest.CaptureFixture[str]) -> None:
    sample.override(sample.root_url + LISTING_PATH.lstrip("/"),
                    body="<html><body><h1>Интернет-представительства ИБЦ</h1><p>Список обновляется.</p></body></html>")
    sample.override(sample.root_url + "set-ibc/mibc/", status=404)
    db = f"sqlite:///{tmp_path / 'empty.sqlite'}"
    assert ibcmon("crawl", sample.root_url, "--db", db, "--config", fast_config) == 0
    out, _ = capfd.readouterr()
    assert "Найдено ИБЦ: 0" in out and "не найдено ни одного ИБЦ" in out
    database = open_database(db)
    with database.session() as session:
        run_row = session.scalars(select(Run)).one()
        assert run_row.status == "complete" and run_row.discovery["centres_found"] == 0
    database.dispose()


@pytest.mark.slow
def test_dead_regional_site(tmp_path: Path, fast_config: Path, capfd: pytest.CaptureFixture[str],
                            sample: SampleServer) -> None:
    dead = f"http://127.0.0.254:{sample.port}/"
    db = f"sqlite:///{tmp_path / 'dead.sqlite'}"
    assert ibcmon("crawl", dead, "--db", db, "--config", fast_config) == 1
    out, _ = capfd.readouterr()
    assert "сайт РРИБЦ недоступен" in out and "ошибка" in out


@pytest.mark.slow
def test_registry_url_and_selector_take_over(sample: SampleServer, tmp_path: Path,
                                             capfd: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "selector.toml"
    config.write_text('[crawl]\ndelay = 0.0\nmax_pages = 2\n\n[discovery]\nlisting_selector = "div.entry-content li"\n',
                      encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'sel.sqlite'}"
    listing = sample.root_url + LISTING_PATH.lstrip("/")
    assert ibcmon("crawl", sample.root_url, "--registry-url", listing, "--db", db, "--config", config) == 0
    out, _ = capfd.readouterr()
    assert "Найдено ИБЦ: 22 (страниц со списками: 1)" in out  # the list page only: 23 entries, one merged


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('[crawl]\nmax_pages = "many"\n', "crawl.max_pages"),
        ("[crawl]\nmax_pages = 0\n", "crawl.max_pages"),
        ("[crawl]\nconcurency_per_host = 2\n", "crawl.concurency_per_host"),
        ("[crawl\n", "ошибка в файле настроек"),
        ("[discovery]\nregistry_urls = [\"rribc.ru/list\"]\n", "discovery.registry_urls[0]"),
    ],
)
def test_broken_config_exits_3_naming_the_key(tmp_path: Path, text: str, key: str,
                                               capfd: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "bad.toml"
    config.write_text(text, encoding="utf-8")
    code = ibcmon("crawl", "http://127.0.0.1:9/", "--db", f"sqlite:///{tmp_path / 'x.sqlite'}", "--config", config)
    _, err = capfd.readouterr()
    assert code == 3
    assert key in err and len(err.strip().splitlines()) == 1


def test_bad_root_url_exits_3(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    assert ibcmon("crawl", "rribc/ru", "--db", f"sqlite:///{tmp_path / 'x.sqlite'}") == 3
    assert "неверный адрес сайта" in capfd.readouterr().err


def test_registry_import(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    db = f"sqlite:///{tmp_path / 'reg.sqlite'}"
    good = tmp_path / "reg.csv"
    good.write_bytes("name;municipality;url;librarian;email\nМБОУ СОШ № 1;Ульчский район;http://s1.test/;Иванова;a@b.ru\n"
                     .encode("cp1251"))
    assert ibcmon("registry", "import", good, "--db", db) == 0
    assert "Реестр загружен: 1 ИБЦ" in capfd.readouterr().out
    database = open_database(db)
    with database.session() as session:
        centre = session.scalars(select(Centre)).one()
        assert (centre.name, centre.librarian, centre.in_registry) == ("МБОУ СОШ № 1", "Иванова", True)
    database.dispose()
    bad = tmp_path / "bad.csv"
    bad.write_text("name,url\nШкола,http://ok.test/\nДругая,htp:/broken\n", encoding="utf-8")
    assert ibcmon("registry", "import", bad, "--db", db) == 3
    err = capfd.readouterr().err
    assert "строка 3" in err and len(err.strip().splitlines()) == 1


def test_db_upgrade_and_runs_on_an_empty_store(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    db = f"sqlite:///{tmp_path / 'new.sqlite'}"
    assert ibcmon("db", "upgrade", "--db", db) == 0
    assert "актуальном состоянии" in capfd.readouterr().out
    assert open_database(db, migrate=False).is_current()
    assert ibcmon("runs", "--db", db) == 0
    assert "Запусков пока нет" in capfd.readouterr().out


def test_db_upgrade_bad_url(capfd: pytest.CaptureFixture[str]) -> None:
    assert ibcmon("db", "upgrade", "--db", "nosuchdriver://x") == 3
