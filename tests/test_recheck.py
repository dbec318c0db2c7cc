"""`ibcmon recheck`: one centre crawled, checked and graded again in the run's place.

The sample world is served on loopback and crawled into a real SQLite store; then one
centre's library page changes, and `ibcmon recheck` replaces that centre's result: the
JSON export and the card show the new verdicts, the old grading and the old page stay in
the store, the log names who, when and what changed, a correction whose verdict moved is
«проверьте снова», and `--send` mails the new card to a real SMTP server on loopback.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from review_fixtures import audit, pick_target
from sqlalchemy import select
from test_notify_smtp import SmtpServer

from checks.result import CentreResult
from crawler.registry import import_registry_csv
from ibcmon.cli import cli
from ibcmon.sample import WORLD_DATE, SampleServer
from store.db import Database, open_database
from store.models import CentreVisit, Correction, Grading, Page, Recheck, Run, Score

pytestmark = pytest.mark.slow

# the library page after the librarian's "fix": one heading, nothing else of the sections
BARE_PAGE = ("<!DOCTYPE html><html lang='ru'><head><meta charset='utf-8'><title>Библиотека</title></head>"
             "<body><h1>Информационно-библиотечный центр</h1><p>Страница перестраивается.</p></body></html>")


def export(db_url: str, tmp_path: Path, name: str) -> dict[int, dict[str, Any]]:
    out = tmp_path / name
    result = CliRunner().invoke(cli, ["--db", db_url, "export", "--format", "json", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return {c["centre_id"]: c for c in json.loads(out.read_text(encoding="utf-8"))["centres"]}


def stored_score(db: Database, grading_id: int, centre_id: int) -> CentreResult:
    with db.session() as session:
        data = session.scalar(select(Score.result).where(Score.grading_id == grading_id, Score.centre_id == centre_id))
    assert data is not None
    return CentreResult.from_dict(data)


@pytest.fixture
def audited(sample: SampleServer, tmp_path: Path) -> tuple[Database, str, int]:
    db_url = f"sqlite:///{tmp_path / 'recheck.sqlite'}"
    db = open_database(db_url)
    registry = tmp_path / "registry.csv"
    registry.write_text(sample.world.registry_csv(), encoding="utf-8")
    import_registry_csv(db, registry)
    return db, db_url, audit(db, sample)


def test_recheck_replaces_one_centre(audited: tuple[Database, str, int], sample: SampleServer,
                                     tmp_path: Path) -> None:
    db, db_url, run_id = audited
    target = pick_target(db, run_id, with_email=True)
    cid, sid = target.centre_id, target.section
    before = export(db_url, tmp_path, "before.json")
    present_before = [s for s, v in before[cid]["sections"].items() if v and s != sid]
    assert present_before, "the page shows more than one section"
    runner = CliRunner()
    fixed = runner.invoke(cli, ["--db", db_url, "review", "set", str(cid), "--section", f"{sid}=empty",
                                "--note", "раздел назван, но пуст"])
    assert fixed.exit_code == 0, fixed.output
    with db.session() as session:
        old_grading = session.scalar(select(Grading.id).where(Grading.run_id == run_id).order_by(Grading.id.desc()))
        old_hash = session.scalar(select(Page.text_hash).where(Page.run_id == run_id, Page.centre_id == cid,
                                                               Page.final_url == target.centre.final_url))
    assert old_grading is not None

    sample.override(target.centre.final_url or "", body=BARE_PAGE)
    done = runner.invoke(cli, ["--db", db_url, "recheck", str(cid), "--as-of", WORLD_DATE.isoformat(),
                               "--by", "Мария Петровна", "-q"])
    assert done.exit_code == 0, done.output
    # the card as the e-mail's text part has it, then what changed
    assert target.centre.name[:40] in done.output
    assert "ЧТО ЕСТЬ НА СТРАНИЦЕ" in done.output
    assert "Страница проверена заново" in done.output
    assert "Проверено заново (обследование №" in done.output
    assert "→ нет" in done.output
    titles = {v["id"]: v["title"] for v in before[cid]["section_details"]}
    for s in present_before:  # the card's checklist shows the fresh verdicts
        assert f"[✗] {titles[s]}" in done.output
    assert "Проверьте снова исправления методиста" in done.output
    assert re.search(r"баллы: \d+(,\d)? → \d+(,\d)?\n", done.output), "the score as a Russian reader writes it"

    # the export: the new verdicts, the other centres as they were
    after = export(db_url, tmp_path, "after.json")
    centre = after[cid]
    assert all(centre["sections"][s] is False for s in present_before)
    assert centre["score"] < before[cid]["score"]
    assert centre["rechecked"]["by"] == "Мария Петровна"
    assert centre["rechecked"]["as_of"] == WORLD_DATE.isoformat()
    (fix,) = centre["review"]["corrections"]
    assert (fix["field"], fix["new"], fix["needs_recheck"]) == (f"section:{sid}", "empty", True)
    assert fix["old"] == "absent", "the rules' own verdict is now the fresh page's"
    others = {k: (v["score"], v["sections"]) for k, v in after.items() if k != cid}
    assert others == {k: (v["score"], v["sections"]) for k, v in before.items() if k != cid}

    # the history: the old grading and the old page are kept, the run holds the new page
    with db.session() as session:
        log = session.scalars(select(Recheck).where(Recheck.run_id == run_id)).one()
        archive = session.get(Run, log.archive_run_id)
        assert archive is not None and archive.kind == "recheck" and archive.status == "complete"
        new_hash = session.scalar(select(Page.text_hash).where(Page.run_id == run_id, Page.centre_id == cid,
                                                               Page.final_url == target.centre.final_url))
        kept_hash = session.scalar(select(Page.text_hash).where(Page.run_id == archive.id, Page.centre_id == cid,
                                                                Page.final_url == target.centre.final_url))
        visits = session.scalar(select(CentreVisit.id).where(CentreVisit.run_id == run_id,
                                                             CentreVisit.centre_id == cid))
        flagged = session.scalars(select(Correction.needs_recheck).where(Correction.centre_id == cid)).all()
    assert kept_hash == old_hash and new_hash != old_hash
    assert visits is not None
    assert flagged == [True]
    assert log.old_grading_id == old_grading and log.new_grading_id != old_grading
    old = stored_score(db, old_grading, cid)
    assert all(old.sections[s] for s in present_before), "the old result stays in the old grading"
    assert log.by == "Мария Петровна" and log.at is not None
    fields = {c["field"]: (c["old"], c["new"]) for c in log.changes}
    for s in present_before:
        assert fields[f"section:{s}"] == ("present", "absent")
    assert "score" in fields

    # `regrade` of the run reads the fresh crawl, and the runs list names the recheck run
    regraded = runner.invoke(cli, ["--db", db_url, "regrade", "--as-of", WORLD_DATE.isoformat()])
    assert regraded.exit_code == 0, regraded.output
    assert all(export(db_url, tmp_path, "regraded.json")[cid]["sections"][s] is False for s in present_before)
    runs = runner.invoke(cli, ["--db", db_url, "runs"])
    assert "проверка заново" in runs.output


def test_report_card_says_the_page_was_rechecked(audited: tuple[Database, str, int], sample: SampleServer,
                                                  tmp_path: Path) -> None:
    db, db_url, run_id = audited
    target = pick_target(db, run_id)
    sample.override(target.centre.final_url or "", body=BARE_PAGE)
    runner = CliRunner()
    done = runner.invoke(cli, ["--db", db_url, "recheck", str(target.centre_id), "--as-of", "2026-11-25", "-q"])
    assert done.exit_code == 0, done.output
    out = tmp_path / "report"
    made = runner.invoke(cli, ["--db", db_url, "report", "--run", str(run_id), "--out", str(out)])
    assert made.exit_code == 0, made.output
    card = (out / "centres" / f"{target.centre_id}.html").read_text(encoding="utf-8")
    assert 'data-rechecked="2026-11-25"' in card and "страница проверена заново" in card


def test_recheck_send_mails_the_new_card(audited: tuple[Database, str, int], sample: SampleServer,
                                         tmp_path: Path) -> None:
    db, db_url, run_id = audited
    target = pick_target(db, run_id, with_email=True)
    sample.override(target.centre.final_url or "", body=BARE_PAGE)
    server = SmtpServer().start()
    try:
        config = tmp_path / "ibcmon.toml"
        config.write_text(f'[smtp]\nhost = "127.0.0.1"\nport = {server.port}\nsender = "monitoring@rribc.example"\n'
                          'timeout = 5.0\n', encoding="utf-8")
        done = CliRunner().invoke(cli, ["--db", db_url, "--config", str(config), "recheck", str(target.centre_id),
                                        "--as-of", WORLD_DATE.isoformat(), "--send", "-q"])
        assert done.exit_code == 0, done.output
        assert "Карточка отправлена" in done.output
        (message,) = server.handler.messages()
    finally:
        server.stop()
    assert message["To"] and target.centre.email and target.centre.email.split(";")[0].strip() in str(message["To"])
    text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "Страница проверена заново" in text
    assert "[✗]" in text


@pytest.mark.parametrize("args, line", [
    (["recheck", "999999"], "нет центра №999999"),
    (["recheck", "1", "--run", "424242"], "Обследование №424242 не найдено"),
])
def test_unknown_centre_or_run_is_one_line_and_exit_3(audited: tuple[Database, str, int], args: list[str],
                                                      line: str) -> None:
    _db, db_url, _run = audited
    done = CliRunner().invoke(cli, ["--db", db_url, *args])
    assert done.exit_code == 3, done.output
    lines = done.output.strip().splitlines()
    assert len(lines) == 1 and line in lines[0], done.output


def test_review_app_recheck_button_runs_it_in_a_subprocess(audited: tuple[Database, str, int],
                                                           sample: SampleServer) -> None:
    """The button's POST needs the CSRF token; the recheck runs in a process of its own while
    a progress page refreshes, and the centre page then shows the new verdicts and the log."""
    import os
    import time

    from review_fixtures import csrf_of

    from common.config import Config
    from ibcmon.review.app import create_app

    db, _db_url, run_id = audited
    target = pick_target(db, run_id)
    cid, sid = target.centre_id, target.section
    app = create_app(db, Config())
    client = app.test_client()
    html = client.get(f"/runs/{run_id}/centres/{cid}").get_data(as_text=True)
    assert "Проверить заново" in html
    refused = client.post(f"/runs/{run_id}/centres/{cid}/recheck", data={})
    assert refused.status_code == 403
    sample.override(target.centre.final_url or "", body=BARE_PAGE)
    started = client.post(f"/runs/{run_id}/centres/{cid}/recheck", data={"csrf_token": csrf_of(html)})
    assert started.status_code == 303
    progress_url = started.headers["Location"]
    job = app.extensions["ibcmon_rechecks"].get(progress_url.rsplit("/", 1)[1])
    assert job is not None and job.process.pid != os.getpid()
    deadline = time.monotonic() + 120
    answer = client.get(progress_url)
    seen_progress = False
    while answer.status_code == 200 and time.monotonic() < deadline:
        page = answer.get_data(as_text=True)
        assert 'http-equiv="refresh"' in page
        seen_progress = True
        time.sleep(0.5)
        answer = client.get(progress_url)
    assert seen_progress
    assert answer.status_code == 303, answer.get_data(as_text=True)
    shown = client.get(answer.headers["Location"]).get_data(as_text=True)
    assert "Центр проверен заново" in shown
    row = re.search(rf'id="v-section-{sid}" data-field="[^"]+" data-value="(\w+)"', shown)
    assert row is not None and row.group(1) == "absent"
    assert 'id="recheck-log"' in shown and "→ нет" in shown
    log = client.get("/corrections").get_data(as_text=True)
    assert 'id="rechecks"' in log
    with db.session() as session:
        (entry,) = session.scalars(select(Recheck)).all()
    assert entry.by and entry.centre_id == cid
    app.extensions["ibcmon_rechecks"].close()


def test_failed_recheck_changes_nothing(audited: tuple[Database, str, int], sample: SampleServer,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """A recheck whose crawl is interrupted leaves the audited run exactly as it was."""
    from ibcmon.recheck import RecheckStopped, recheck_centre

    db, _db_url, run_id = audited
    target = pick_target(db, run_id)
    with db.session() as session:
        gradings = session.scalars(select(Grading.id)).all()
        pages = session.scalars(select(Page.id).where(Page.run_id == run_id)).all()

    def interrupted(*_args: Any, **_kwargs: Any) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr("crawler.linkcheck.check_run_links", interrupted)
    sample.override(target.centre.final_url or "", body=BARE_PAGE)
    with pytest.raises(RecheckStopped) as stopped:
        recheck_centre(db, target.centre_id, run_id=run_id, as_of=WORLD_DATE, by="тест", progress=lambda _m: None)
    assert stopped.value.exit_code == 130
    with db.session() as session:
        assert session.scalars(select(Grading.id)).all() == gradings
        assert session.scalars(select(Page.id).where(Page.run_id == run_id)).all() == pages
        assert session.scalars(select(Recheck)).all() == []


def test_swap_keeps_other_centres_places_on_shared_links(db: Database) -> None:
    """The link verdicts change places per centre: a URL only this centre had moves to the
    recheck run, one the fresh crawl found moves in, and a URL shared with another centre keeps
    that centre's places in the run and takes the fresh verdict."""
    from store.models import Centre, LinkCheck
    from store.recheck import swap_centre

    with db.session() as session:
        c, d = Centre(key="c", name="C", url="http://c/"), Centre(key="d", name="D", url="http://d/")
        audit_run, fresh_run = Run(kind="audit", status="complete"), Run(kind="recheck", status="complete")
        session.add_all([c, d, audit_run, fresh_run])
        session.flush()
        for run, status in ((audit_run, "ok"), (fresh_run, "unreachable")):
            session.add(CentreVisit(run_id=run.id, centre_id=c.id, name="C", listed_url="http://c/", status=status))
        at = {"centre_id": c.id, "page_url": "http://c/"}
        other = {"centre_id": d.id, "page_url": "http://d/"}
        session.add_all([
            LinkCheck(run_id=audit_run.id, url="http://gone/", verdict="broken", sources=[at]),
            LinkCheck(run_id=audit_run.id, url="http://shared/", verdict="broken", sources=[at, other]),
            LinkCheck(run_id=audit_run.id, url="http://only-d/", verdict="ok", sources=[other]),
            LinkCheck(run_id=fresh_run.id, url="http://shared/", verdict="ok", sources=[at]),
            LinkCheck(run_id=fresh_run.id, url="http://new/", verdict="ok", sources=[at]),
        ])
        session.flush()
        ids = (audit_run.id, fresh_run.id, c.id)
        did = d.id
    with db.session() as session:
        swap_centre(session, *ids)
    with db.session() as session:
        rows = {(r.run_id, r.url): (r.verdict, sorted(s["centre_id"] for s in r.sources))
                for r in session.scalars(select(LinkCheck))}
        visits = {v.run_id: v.status for v in session.scalars(select(CentreVisit))}
    audit_id, fresh_id, cid = ids
    assert rows == {
        (audit_id, "http://shared/"): ("ok", sorted([cid, did])),
        (audit_id, "http://only-d/"): ("ok", [did]),
        (audit_id, "http://new/"): ("ok", [cid]),
        (fresh_id, "http://shared/"): ("broken", [cid]),
        (fresh_id, "http://gone/"): ("broken", [cid]),
    }
    assert visits == {audit_id: "unreachable", fresh_id: "ok"}


def test_review_app_stops_a_recheck_past_its_time_limit(audited: tuple[Database, str, int],
                                                        sample: SampleServer) -> None:
    import time

    from review_fixtures import csrf_of

    from common.config import Config
    from ibcmon.review.app import create_app

    db, _db_url, run_id = audited
    target = pick_target(db, run_id)
    with db.session() as session:
        gradings = session.scalars(select(Grading.id)).all()
    app = create_app(db, Config())
    jobs = app.extensions["ibcmon_rechecks"]
    # far less than a recheck needs (a new interpreter, the CLI's imports, a crawl child):
    # the progress page, asked just past the limit, finds it still running and stops it
    jobs.limit = 0.2
    client = app.test_client()
    html = client.get(f"/runs/{run_id}/centres/{target.centre_id}").get_data(as_text=True)
    started = client.post(f"/runs/{run_id}/centres/{target.centre_id}/recheck", data={"csrf_token": csrf_of(html)})
    progress_url = started.headers["Location"]
    time.sleep(0.4)
    answer = client.get(progress_url)
    page = answer.get_data(as_text=True)
    assert answer.status_code == 500, page
    assert "не уложилась в отведённое время" in page and "Результат обследования не изменился" in page
    job = jobs.get(progress_url.rsplit("/", 1)[1])
    assert job is not None and job.process.poll() is not None, "the recheck process is gone"
    with db.session() as session:
        assert session.scalars(select(Grading.id)).all() == gradings
        assert session.scalars(select(Recheck)).all() == []
    jobs.close()


def test_a_second_recheck_of_the_same_centre_waits_for_the_first(audited: tuple[Database, str, int]) -> None:
    from crawler.run import owner_fields

    db, db_url, run_id = audited
    target = pick_target(db, run_id)
    with db.session() as session:
        visit = session.scalars(select(CentreVisit).where(CentreVisit.run_id == run_id,
                                                          CentreVisit.centre_id == target.centre_id)).one()
        session.add(Run(kind="recheck", status="running", root_url=visit.listed_url, **owner_fields()))
    done = CliRunner().invoke(cli, ["--db", db_url, "recheck", str(target.centre_id), "-q"])
    assert done.exit_code == 3, done.output
    assert "уже проверяется заново" in done.output
