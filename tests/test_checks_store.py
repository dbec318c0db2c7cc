"""Grading over the store: rows in, Grading + Score rows out; the audit result; history; regrade."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from checks_fixtures import page_html

from checks.grade import build_summary, grade_run, history, load_audit_result
from checks.rulebook import load_rulebook
from common.config import ConfigError
from ibcmon.cli import run as cli_run
from store.db import Database
from store.models import Centre, CentreVisit, Grading, LinkCheck, Page, Run, Score

LIB = "http://school{n}.test/biblioteka/"
SUMMARY_KEYS = {"centres_listed", "target", "previous", "registry", "by_status", "freshness", "grades",
                "avg_score", "by_municipality", "representations"}



def body(news_date: str, extra: str = "") -> str:
    return (f"<h2>Новости</h2><p>{news_date} — Библиотечный урок для вторых классов.</p>"
            "<h2>Режим работы</h2><p>Понедельник – пятница: 8:30 – 16:30</p>" + extra)


def add_run(db: Database, centres: list[dict[str, object]], started: dt.datetime,
            discovery: dict[str, object] | None = None) -> int:
    with db.session() as session:
        run = Run(kind="audit", status="complete", root_url="http://rribc.test/", started_at=started,
                  finished_at=started + dt.timedelta(minutes=5), discovery=discovery or {})
        session.add(run)
        session.flush()
        for c in centres:
            n = c["n"]
            url = LIB.format(n=n)
            centre = session.query(Centre).filter_by(key=f"school{n}.test/biblioteka").one_or_none()
            if centre is None:
                centre = Centre(key=f"school{n}.test/biblioteka", name=f"МБОУ СОШ № {n}",
                                municipality=c.get("municipality"), url=url, in_registry=True)
                session.add(centre)
                session.flush()
            status = str(c.get("status", "ok"))
            session.add(CentreVisit(run_id=run.id, centre_id=centre.id, name=centre.name,
                                    municipality=c.get("municipality"), listed_url=url,
                                    final_url=url if status == "ok" else None, status=status,
                                    reason=None if status == "ok" else "сервер не ответил"))
            if status == "ok":
                page = Page(run_id=run.id, centre_id=centre.id, url=url, final_url=url, http_status=200,
                            fetched_at=started, text_hash=str(c.get("hash", "h")), headers={})
                page.html = page_html(str(c["body"]))
                session.add(page)
        return run.id


def test_grade_run_writes_scores_and_the_result(db: Database) -> None:
    run_id = add_run(db, [
        {"n": 1, "body": body("16.11.2026"), "municipality": "Бикинский муниципальный район"},
        {"n": 2, "body": body("01.02.2026"), "municipality": "Бикинский муниципальный район"},
        {"n": 3, "status": "unreachable", "municipality": None},
    ], dt.datetime(2026, 11, 20, 3), discovery={"registry": {"registry_size": 3, "placed_share": 0.67}})
    grading_id = grade_run(db, run_id, dt.date(2026, 11, 20))
    with db.session() as session:
        grading = session.get(Grading, grading_id)
        assert grading is not None and grading.as_of == dt.date(2026, 11, 20)
        assert grading.rulebook_hash == load_rulebook().hash
        scores = session.query(Score).filter_by(grading_id=grading_id).order_by(Score.id).all()
        assert [s.freshness for s in scores] == ["fresh", "stale", "unknown"]
        assert scores[2].score is None and scores[2].status == "unreachable"
        assert scores[0].result["sections"]["news"] is True

    result = load_audit_result(db)
    assert result.run.id == run_id and result.run.grading_id == grading_id
    assert [c.freshness for c in result.centres] == ["fresh", "stale", "unknown"]
    summary = result.summary
    assert set(summary) == SUMMARY_KEYS
    assert summary["centres_listed"] == 3 and summary["target"] == 135 and summary["previous"] is None
    assert summary["registry"] == {"registry_size": 3, "placed_share": 0.67}
    assert summary["by_status"] == {"ok": 2, "unreachable": 1}
    assert summary["freshness"] == {"fresh": 1, "aging": 0, "stale": 1, "unknown": 0}
    assert list(summary["grades"]) == ["отлично", "хорошо", "удовлетворительно", "неудовлетворительно"]
    assert sum(summary["grades"].values()) == 2
    scores_ok = [c.score for c in result.centres if c.score is not None]
    assert summary["avg_score"] == round(sum(scores_ok) / 2, 1)
    assert summary["by_municipality"] == [
        {"name": "Бикинский муниципальный район", "centres": 2, "avg_score": summary["avg_score"]},
        {"name": "Муниципалитет не указан", "centres": 1, "avg_score": None},
    ]


def test_two_runs_previous_history_and_text_change(db: Database) -> None:
    first = add_run(db, [{"n": 1, "body": body("01.04.2026"), "hash": "a"},
                         {"n": 2, "body": body("01.04.2026"), "hash": "b"}], dt.datetime(2026, 5, 20, 3))
    grade_run(db, first, dt.date(2026, 5, 20))
    # half a year later: centre 1 edited its page (no new date printed), centre 2 did not
    second = add_run(db, [{"n": 1, "body": body("01.04.2026", "<p>Новое расписание.</p>"), "hash": "a2"},
                          {"n": 2, "body": body("01.04.2026"), "hash": "b"}], dt.datetime(2026, 11, 20, 3))
    grade_run(db, second, dt.date(2026, 11, 20))
    result = load_audit_result(db, run_id=second)
    one, two = result.centres
    assert one.text_changed is True and one.last_updated == dt.date(2026, 5, 20)
    assert one.freshness == "stale"  # 184 days after the earlier audit
    assert two.text_changed is False and two.last_updated == dt.date(2026, 4, 1)
    previous = result.summary["previous"]
    assert previous["run_id"] == first and previous["centres_listed"] == 2
    trend = history(db, one.centre_id)
    assert [(p.run_id, p.as_of) for p in trend] == [(first, dt.date(2026, 5, 20)), (second, dt.date(2026, 11, 20))]
    run_id, as_of, score, grade, freshness = trend[0]
    assert (run_id, freshness) == (first, "fresh") and score is not None and grade


def test_regrade_makes_a_new_grading_and_the_latest_is_loaded(db: Database, tmp_path: Path) -> None:
    run_id = add_run(db, [{"n": 1, "body": body("01.09.2026")}], dt.datetime(2026, 11, 20, 3))
    g1 = grade_run(db, run_id, dt.date(2026, 11, 20))
    rules = tmp_path / "rules.toml"
    rules.write_text('name = "Строгие правила"\n[freshness]\nfresh_days = 30\naging_days = 60\n', encoding="utf-8")
    g2 = grade_run(db, run_id, dt.date(2026, 11, 20), str(rules))
    assert g2 > g1
    assert load_audit_result(db, run_id=run_id).centres[0].freshness == "stale"
    assert load_audit_result(db, grading_id=g1).centres[0].freshness == "fresh"
    assert "Строгие правила" in (load_audit_result(db).run.rulebook or "")
    assert len(history(db, load_audit_result(db).centres[0].centre_id)) == 1  # latest grading per run


def test_broken_links_come_from_the_link_check_rows(db: Database) -> None:
    run_id = add_run(db, [{"n": 1, "body": body("01.09.2026", "<p><a href='/biblioteka/old.pdf'>Архив</a></p>")}],
                     dt.datetime(2026, 11, 20, 3))
    with db.session() as session:
        centre_id = session.query(Centre.id).scalar()
        session.add(LinkCheck(run_id=run_id, url="http://school1.test/biblioteka/old.pdf", verdict="broken",
                              http_status=404, sources=[{"centre_id": centre_id, "page_url": LIB.format(n=1),
                                                         "text": "Архив"}]))
        session.add(LinkCheck(run_id=run_id, url="http://other.test/", verdict="broken", http_status=500,
                              sources=[{"centre_id": centre_id + 100, "page_url": "http://x.test/"}]))
    grade_run(db, run_id, dt.date(2026, 11, 20))
    centre = load_audit_result(db).centres[0]
    assert [(b.url, b.found_on, b.status, b.internal) for b in centre.broken_links] == [
        ("http://school1.test/biblioteka/old.pdf", LIB.format(n=1), 404, True)]


def test_missing_run_and_grading(db: Database) -> None:
    with pytest.raises(ConfigError, match="не найден"):
        grade_run(db, 99, dt.date(2026, 11, 20))
    with pytest.raises(ConfigError, match="ни одного оценённого"):
        load_audit_result(db)
    run_id = add_run(db, [{"n": 1, "body": body("01.09.2026")}], dt.datetime(2026, 11, 20, 3))
    with pytest.raises(ConfigError, match="ещё не оценён"):
        load_audit_result(db, run_id=run_id)


def test_summary_of_nothing() -> None:
    summary = build_summary([], load_rulebook())
    assert set(summary) == SUMMARY_KEYS and summary["avg_score"] is None and summary["centres_listed"] == 0


def test_regrade_command(db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    run_id = add_run(db, [{"n": 1, "body": body("01.09.2026")}], dt.datetime(2026, 11, 20, 3))
    code = cli_run(["regrade", "--db", db.url, "--run", str(run_id), "--as-of", "2026-11-20"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert f"обследования №{run_id}" in out and "20.11.2026" in out
    assert load_audit_result(db).centres[0].freshness == "fresh"
    assert cli_run(["regrade", "--db", db.url, "--as-of", "2027-06-01"]) == 0  # latest run by default
    assert load_audit_result(db).centres[0].freshness == "stale"


@pytest.mark.parametrize(
    "args",
    [["--as-of", "20.11.2026"], ["--as-of", "2026-13-01"], ["--run", "99"], ["--rulebook", "/nonexistent.toml"]],
)
def test_regrade_bad_arguments_exit_3(db: Database, args: list[str]) -> None:
    add_run(db, [{"n": 1, "body": body("01.09.2026")}], dt.datetime(2026, 11, 20, 3))
    assert cli_run(["regrade", "--db", db.url, *args]) == 3


def test_regrade_on_an_empty_store_exits_3(db: Database) -> None:
    assert cli_run(["regrade", "--db", db.url]) == 3
