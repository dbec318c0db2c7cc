"""The one table of code → Russian words (common/labels.py, issue 18 point 2).

Every code the store can hold has its words; the outputs say the same words as before
the tables were merged; a run left `crawled` is named in Russian on the report's and the
review app's pages; the review app colours grades by the bands of the run's grading (the
rulebook's names, whatever they are) and names sections by the rulebook's titles.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from bs4 import BeautifulSoup

from checks.result import FRESHNESS_CLASSES, AuditResult, CentreResult, RunInfo
from common import labels
from common.config import Config
from crawler.summary import runs_table
from ibcmon.deliver.message import scorecard_subject
from ibcmon.review.app import create_app
from ibcmon.summary import audit_summary
from reports.labels import GRADE_COLOURS, NO_GRADE_COLOUR, STAT_LABELS
from store import models
from store.db import Database
from store.models import Centre, Correction, Grading, Run, Score

AS_OF = dt.date(2026, 11, 20)


def test_every_code_the_store_holds_has_its_words() -> None:
    assert set(labels.CENTRE_STATUS) == set(models.CENTRE_STATUSES)
    run_states = {v for k, v in vars(models).items() if k.startswith("RUN_") and isinstance(v, str)}
    assert set(labels.RUN_STATE) == run_states and "crawled" in run_states
    phases = {v for k, v in vars(models).items() if k.startswith("PHASE_") and isinstance(v, str)}
    assert set(labels.RUN_PHASE) == phases
    assert set(labels.FRESHNESS) == set(FRESHNESS_CLASSES)


@pytest.mark.parametrize(("code", "label", "sentence", "subject", "crawl"), [
    ("unreachable", "Не открывается", "Страница не открывается", "страница не открывается", "не открывается"),
    ("blocked_by_robots", "Закрыта для проверки", "Страница закрыта для автоматической проверки",
     "страница закрыта для проверки", "закрыта для проверки (robots.txt)"),
    ("not_auditable", "Не проверяется автоматически", "Страницу нельзя проверить автоматически",
     "страница проверяется только вручную", "соцсеть: смотреть вручную"),
])
def test_a_status_reads_as_it_did_in_every_output(code: str, label: str, sentence: str, subject: str,
                                                  crawl: str) -> None:
    words = labels.status_words(code)
    assert (words.label, words.sentence, words.subject, words.crawl) == (label, sentence, subject, crawl)
    assert labels.status_sentence(code, "сервер молчит") == f"{sentence}: сервер молчит"
    assert STAT_LABELS[code] == label  # as a key of the crawl's counters
    centre = CentreResult(1, "МБОУ СОШ № 5", None, "http://x.ru/ibc/", None, code)
    assert scorecard_subject(centre) == f"Мониторинг страницы ИБЦ: МБОУ СОШ № 5 — {subject}"


def test_unknown_codes_stand_for_themselves() -> None:
    assert labels.status_label("new_status") == labels.status_sentence("new_status") == "new_status"
    assert labels.freshness_words("odd").plural == "odd"
    assert labels.run_state("paused") == labels.run_state_short("paused") == "paused"
    assert labels.run_phase(None) is None and labels.run_phase("archive") == "archive"
    assert STAT_LABELS["ok"] == "В порядке"  # "ok" counts centres and links alike


def test_the_terminal_summary_says_the_same_words() -> None:
    def centre(cid: int, status: str, freshness: str = "unknown") -> CentreResult:
        score = 60.0 if status == "ok" else None
        return CentreResult(cid, f"ИБЦ {cid}", None, f"http://x{cid}.ru/", None, status, freshness=freshness,
                            score=score, grade="удовлетворительно" if score else None)

    run = RunInfo(7, "audit", "complete", "http://rribc.example/", dt.datetime(2026, 11, 20), None, AS_OF)
    result = AuditResult(run=run, centres=[centre(1, "ok", "aging"), centre(2, "unreachable"),
                                           centre(3, "ok")], summary={})
    lines = audit_summary(result).splitlines()
    assert f"  {'не открывается':<32} {1:>4}" in lines and f"  {'проверена':<32} {2:>4}" in lines
    assert f"  {'давно не обновлялись':<32} {1:>4}" in lines
    assert f"  {'дата обновления не найдена':<32} {1:>4}" in lines


def _store_graded_run(db: Database, status: str, grades: dict[str, int] | None,
                      centres: list[tuple[str, float]]) -> int:
    """A run graded by hand: centres (grade, score) in one grading whose summary keeps
    `grades` (the rulebook's bands, best first) or, for an older grading, nothing."""
    with db.session() as s:
        run = Run(kind="audit", status=status, root_url="http://rribc.example/", as_of=AS_OF, phase="report")
        s.add(run)
        s.flush()
        grading = Grading(run_id=run.id, as_of=AS_OF, rulebook_name="правила", rulebook_hash="0" * 64,
                          summary={"grades": grades} if grades is not None else {})
        s.add(grading)
        s.flush()
        for i, (grade, score) in enumerate(centres):
            row = Centre(key=f"x{run.id}-{i}.ru/ibc", name=f"ИБЦ {run.id}-{i}", url=f"http://x{run.id}-{i}.ru/ibc/")
            s.add(row)
            s.flush()
            result = CentreResult(row.id, row.name, None, row.url, row.url, "ok", score=score, grade=grade)
            s.add(Score(grading_id=grading.id, centre_id=row.id, status="ok", score=score, grade=grade,
                        result=result.to_dict()))
        return run.id


def _badges(client: Any, run_id: int) -> dict[str, str]:
    soup = BeautifulSoup(client.get(f"/runs/{run_id}").get_data(as_text=True), "lxml")
    return {b.text: b["style"].rsplit("background:", 1)[1] for b in soup.select("table#centres span.grade")}


def test_the_review_app_colours_the_rulebooks_own_bands(db: Database) -> None:
    own = _store_graded_run(db, "complete", {"высокий": 1, "средний": 0, "низкий": 1},
                            [("высокий", 90.0), ("низкий", 20.0)])
    older = _store_graded_run(db, "complete", None, [("хорошо", 75.0)])
    client = create_app(db, Config()).test_client()
    assert _badges(client, own) == {"высокий": GRADE_COLOURS[0], "низкий": GRADE_COLOURS[2]}
    # a grading that kept no bands: the configured rulebook's (отлично, хорошо, …)
    assert _badges(client, older) == {"хорошо": GRADE_COLOURS[1]}
    assert NO_GRADE_COLOUR not in _badges(client, own).values()


def test_a_crawled_run_is_named_in_russian_everywhere(db: Database) -> None:
    run_id = _store_graded_run(db, "crawled", {"отлично": 0}, [])
    client = create_app(db, Config()).test_client()
    soup = BeautifulSoup(client.get("/").get_data(as_text=True), "lxml")
    cells = [td.text for td in soup.select(f'tr[data-run-id="{run_id}"] td')]
    assert labels.RUN_STATE["crawled"].report in cells and "crawled" not in cells
    table = runs_table(db)
    assert "crawled" not in table and "этап: отчёт" in table


def test_the_corrections_log_names_a_section_by_its_rulebook_title(db: Database) -> None:
    run_id = _store_graded_run(db, "complete", {"отлично": 1}, [("отлично", 90.0)])
    with db.session() as s:
        centre_id = s.query(Score.centre_id).first()[0]  # type: ignore[index]
        s.add(Correction(run_id=run_id, centre_id=centre_id, field="section:work_hours", old="present",
                         new="absent", note="перепечатка", by="методист"))
    log = BeautifulSoup(create_app(db, Config()).test_client().get("/corrections").get_data(as_text=True), "lxml")
    assert "раздел «Режим работы»" in log.select_one("table#log").text
