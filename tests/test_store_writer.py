"""The store writer, runs and the registry, on SQLite and on PostgreSQL."""
from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, inspect, select

from common.config import Config
from crawler.pages import base_page
from crawler.pipeline import StoreWriter
from crawler.registry import RegistryError, import_registry, read_registry, reconcile
from crawler.run import finish_run, mark_dead_runs, start_run
from store.db import Database, open_database
from store.models import Centre, CentreVisit, Page, Run


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    url = f"sqlite:///{tmp_path / 'store.sqlite'}" if request.param == "sqlite" else request.getfixturevalue("pg_url")
    database = open_database(url)
    yield database
    database.dispose()


def centre(key: str = "s.test/lib", name: str = "МБОУ СОШ № 1") -> dict[str, Any]:
    return {"key": key, "name": name, "municipality": "Бикинский муниципальный район", "url": f"http://{key}/"}


def page(url: str, **fields: Any) -> dict[str, Any]:
    data = base_page(url, 0, False)
    data.update(http_status=200, title="Библиотека", headings=[[1, "Библиотека"]], main_text="Новости библиотеки",
                links=[{"url": "http://s.test/x", "text": "Икс"}], html="<h1>Библиотека</h1>", size=20)
    data.update(fields)
    return data


def visit(info: dict[str, Any], status: str = "ok", pages: int = 1) -> dict[str, Any]:
    return {"centre": info, "name": info["name"], "municipality": info["municipality"], "listed_url": info["url"],
            "listed_on": "http://rribc.test/list/", "aliases": [], "home_url": None, "final_url": info["url"],
            "status": status, "reason": None, "http_status": 200, "pages": pages, "bytes": 20,
            "started_at": None, "finished_at": None}


def test_migrations_applied_on_first_use(db: Database) -> None:
    assert db.is_current()
    with db.engine.connect() as connection:
        tables = set(inspect(connection).get_table_names())
    assert {"run", "centre", "centre_visit", "page", "alembic_version"} <= tables


def test_writer_stores_pages_visits_and_discovery(db: Database) -> None:
    run_id = start_run(db, Config(), "http://rribc.test/")
    writer = StoreWriter(db, run_id)
    info = centre()
    writer.add({"type": "discovery", "data": {"centres_found": 1, "left_out": [{"url": "x", "reason": "chrome"}]}})
    writer.add({"type": "page", "centre": info, "page": page("http://s.test/lib/")})
    writer.add({"type": "page", "centre": info, "page": page("http://s.test/lib/a", http_status=None,
                                                                error="DownloadTimeoutError", html=None, size=0)})
    writer.add({"type": "visit", "visit": visit(info, pages=2)})
    writer.flush()
    with db.session() as session:
        run = session.get(Run, run_id)
        assert run is not None and run.discovery["centres_found"] == 1
        assert run.stats["pages"] == 2 and run.stats["by_status"] == {"200": 1, "error": 1}
        centres = session.scalars(select(Centre)).all()
        assert [(c.key, c.name) for c in centres] == [("s.test/lib", "МБОУ СОШ № 1")]
        pages = session.scalars(select(Page).order_by(Page.id)).all()
        assert pages[0].html == "<h1>Библиотека</h1>" and pages[0].links == [{"url": "http://s.test/x", "text": "Икс"}]
        assert pages[0].headings == [[1, "Библиотека"]]
        assert pages[1].error == "DownloadTimeoutError" and pages[1].html is None
        visits = session.scalars(select(CentreVisit)).all()
        assert [(v.centre_id, v.status, v.pages) for v in visits] == [(centres[0].id, "ok", 2)]


def test_writer_batches_and_each_batch_is_one_transaction(db: Database) -> None:
    run_id = start_run(db, Config(), "http://rribc.test/")
    writer = StoreWriter(db, run_id)
    info = centre()
    for i in range(5):
        writer.add({"type": "page", "centre": info, "page": page(f"http://s.test/lib/{i}")})
    with db.session() as session:  # nothing written until the batch is full (or a flush)
        assert session.scalar(select(func.count(Page.id))) == 0
    writer.flush()
    with db.session() as session:
        assert session.scalar(select(func.count(Page.id))) == 5


def test_a_failed_batch_is_rolled_back_and_the_writer_goes_on(db: Database) -> None:
    run_id = start_run(db, Config(), "http://rribc.test/")
    writer = StoreWriter(db, run_id)
    writer.buffer.append({"type": "page", "centre": centre(), "page": page("http://s.test/lib/")})
    writer.buffer.append({"type": "page", "centre": centre(), "page": {"url": "broken item"}})
    writer.flush()
    assert writer.counts["store_errors"] == 2
    writer.add({"type": "page", "centre": centre(), "page": page("http://s.test/lib/ok")})
    writer.flush()
    with db.session() as session:
        assert [p.url for p in session.scalars(select(Page))] == ["http://s.test/lib/ok"]


def test_centre_upsert_keeps_registry_fields_and_visit_is_one_per_run(db: Database) -> None:
    with db.session() as session:
        session.add(Centre(key="s.test/lib", name="Старое имя", url="http://s.test/lib/", librarian="Иванова И. И.",
                           email="ibc@s.test", in_registry=True))
    run_id = start_run(db, Config(), "http://rribc.test/")
    writer = StoreWriter(db, run_id)
    writer.add({"type": "visit", "visit": visit(centre(), status="error")})
    writer.add({"type": "visit", "visit": visit(centre(), status="ok")})
    writer.flush()
    with db.session() as session:
        c = session.scalars(select(Centre)).one()
        assert (c.name, c.librarian, c.email, c.in_registry) == ("МБОУ СОШ № 1", "Иванова И. И.", "ibc@s.test", True)
        assert [v.status for v in session.scalars(select(CentreVisit))] == ["ok"]


def test_runs_finish_and_dead_runs_are_marked_incomplete(db: Database) -> None:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(done.stdout)
    run_id = start_run(db, Config(), "http://rribc.test/")
    with db.session() as session:
        run = session.get(Run, run_id)
        assert run is not None and run.status == "running" and run.settings["crawl"]["max_pages"] == 40
        run.pid = dead_pid
    alive = start_run(db, Config(), "http://rribc.test/")  # marks the dead one on the way
    with db.session() as session:
        dead = session.get(Run, run_id)
        assert dead is not None and dead.status == "incomplete" and dead.finished_at is not None
        assert session.get(Run, alive).status == "running"  # type: ignore[union-attr]
    assert mark_dead_runs(db) == []
    finish_run(db, alive, "complete", stats={"pages": 0})
    with db.session() as session:
        run = session.get(Run, alive)
        assert run is not None and run.status == "complete" and run.stats["pages"] == 0
        assert run.discovery["registry"]["registry_size"] == 0


def test_long_urls_fit_the_columns(db: Database) -> None:
    run_id = start_run(db, Config(), "http://rribc.test/")
    writer = StoreWriter(db, run_id)
    long_url = "http://s.test/lib/?q=" + "x" * 3000
    from crawler.pages import page_from_failure

    writer.add({"type": "page", "centre": centre(), "page": page_from_failure(long_url, long_url, 1, False, "e")})
    writer.flush()
    assert writer.counts["store_errors"] == 0


# -- the registry ------------------------------------------------------------------------
REGISTRY = (
    "name,municipality,url,librarian,email\n"
    "МБОУ СОШ № 1,Бикинский муниципальный район,http://s1.test/lib/,Иванова И. И.,ibc1@s.test\n"
    "МБОУ СОШ № 2,Бикинский муниципальный район,s2.test/biblioteka,,\n"
    "МБОУ СОШ № 3,Ванинский муниципальный район,http://s3.test/,Петрова П. П.,ibc3@s.test\n"
)


def write(tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "registry.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_registry_utf8_comma_and_cp1251_semicolon(tmp_path: Path) -> None:
    rows = read_registry(write(tmp_path, REGISTRY))
    assert [(r.name, r.url, r.email) for r in rows][1] == ("МБОУ СОШ № 2", "http://s2.test/biblioteka", None)
    cp = write(tmp_path, REGISTRY.replace(",", ";"), "cp1251", "cp.csv")
    assert [r.librarian for r in read_registry(cp)] == ["Иванова И. И.", None, "Петрова П. П."]
    russian = write(tmp_path, "Наименование;Район;Сайт;ФИО;E-mail\nШкола;Ульчский район;http://u.test/;;\n", name="ru.csv")
    assert read_registry(russian)[0].municipality == "Ульчский район"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "файл пуст"),
        ("title,address\nШкола,http://x.test/\n", "строка 1: нет столбцов name, url"),
        ("name,url\nШкола,\n", "строка 2: не указан адрес"),
        ("name,url\nШкола,http://x.test/\n,http://y.test/\n", "строка 3: не указано наименование"),
        ("name,url\nШкола,http://x .test/\n", "строка 2: неверный адрес"),
        ("name,url\nШкола,http://x.test/\nДубль,https://x.test\n", "строка 3: адрес https://x.test уже указан в строке 2"),
        ("name,url\n", "нет ни одной строки"),
    ],
)
def test_registry_errors_name_the_line(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(RegistryError, match=message):
        read_registry(write(tmp_path, text))


def test_registry_missing_file(tmp_path: Path) -> None:
    with pytest.raises(RegistryError, match="не удаётся прочитать"):
        read_registry(tmp_path / "nope.csv")


def test_registry_import_and_reconcile(db: Database, tmp_path: Path) -> None:
    with db.session() as session:
        assert import_registry(session, write(tmp_path, REGISTRY)) == {"rows": 3, "created": 3, "updated": 0, "removed": 0, "problems": []}
    run_id = start_run(db, Config(), "http://rribc.test/")
    writer = StoreWriter(db, run_id)
    listed = [centre("s1.test/lib", "МБОУ СОШ № 1"), centre("new.test", "Новая школа")]
    for info in listed:
        writer.add({"type": "visit", "visit": visit(info)})
    moved = visit(centre("s3-old.test", "МБОУ СОШ № 3"))
    moved["final_url"] = "http://s3.test/"  # listed by an old address that redirects to the registry's one
    writer.add({"type": "visit", "visit": moved})
    writer.flush()
    with db.session() as session:
        result = reconcile(session, run_id)
    assert [e["name"] for e in result["missing_from_site"]] == ["МБОУ СОШ № 2"]
    assert [e["name"] for e in result["unknown_to_registry"]] == ["Новая школа"]
    assert result["placed_share"] == pytest.approx(2 / 3, abs=1e-3)
    # a new registry without № 3: it leaves the registry, its librarian stays on the centre
    with db.session() as session:
        counts = import_registry(session, write(tmp_path, "\n".join(REGISTRY.splitlines()[:3]) + "\n"))
        assert counts == {"rows": 2, "created": 0, "updated": 2, "removed": 1, "problems": []}
        c3 = session.scalars(select(Centre).where(Centre.key == "s3.test")).one()
        assert (c3.in_registry, c3.librarian) == (False, "Петрова П. П.")
