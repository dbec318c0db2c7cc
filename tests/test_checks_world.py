"""Grading the bundled sample world against its ground truth (one crawl per module).

The world is crawled once (Scrapy in a child process, as in production) into a tmp
SQLite, link-checked in place as `ibcmon audit` does, and graded with the world's audit
date. Every ok centre's last update (within 3 days), every section verdict, every empty
section and the current-plan verdict are compared with the truth; accuracies are printed.
Regrading with another --as-of moves the freshness classes with no request made.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from checks.grade import grade_run, load_audit_result
from checks.result import AuditResult, CentreResult
from common.config import Config
from crawler.linkcheck import check_run_links
from crawler.run import run_crawl
from ibcmon.cli import run as cli_run
from ibcmon.sample import WORLD_DATE, SampleServer
from store.db import Database, open_database

pytestmark = pytest.mark.slow


@dataclass
class Graded:
    db: Database
    run_id: int
    grading_id: int
    result: AuditResult
    truth: dict[str, Any]

    def centre(self, truth_centre: dict[str, Any]) -> CentreResult:
        urls = set(truth_centre["listed_urls"])
        found = [c for c in self.result.centres if c.url in urls]
        assert len(found) == 1, truth_centre["id"]
        return found[0]

    def ok_centres(self) -> list[tuple[dict[str, Any], CentreResult]]:
        return [(t, self.centre(t)) for t in self.truth["centres"] if t["status"] == "ok"]


def config() -> Config:
    cfg = Config()
    cfg.crawl.delay = 0.02
    cfg.linkcheck.delay = 0.05
    cfg.linkcheck.timeout = 8.0  # the slow link answers after 3 s
    return cfg


@pytest.fixture(scope="module")
def graded(sample_server: SampleServer, world_truth: dict[str, Any],
           tmp_path_factory: pytest.TempPathFactory) -> Graded:
    db_url = f"sqlite:///{tmp_path_factory.mktemp('grade') / 'world.sqlite'}"
    run_id = run_crawl(db_url, config(), sample_server.root_url, "crawl")
    db = open_database(db_url)
    check_run_links(db, config(), run_id)
    grading_id = grade_run(db, run_id, WORLD_DATE)
    return Graded(db, run_id, grading_id, load_audit_result(db, grading_id=grading_id), world_truth)


def test_statuses_and_no_grade_on_error_pages(graded: Graded) -> None:
    for truth in graded.truth["centres"]:
        centre = graded.centre(truth)
        assert centre.status == truth["status"], truth["id"]
        if centre.status != "ok":
            assert centre.score is None and centre.grade is None and centre.sections == {}
        else:
            assert centre.score is not None and centre.grade


def test_last_update_dates(graded: Graded) -> None:
    right = total = 0
    wrong = []
    for truth, centre in graded.ok_centres():
        want = truth["last_updated"]
        if want is None:
            assert centre.last_updated is None and centre.freshness == "unknown", (truth["id"], centre.last_updated)
            continue
        total += 1
        got = centre.last_updated
        if got is not None and abs((got - dt.date.fromisoformat(want)).days) <= 3:
            right += 1
        else:
            wrong.append((truth["id"], want, got, centre.last_updated_evidence))
    print(f"\nlast update within 3 days: {right}/{total} = {right / total:.0%}")
    assert not wrong


def test_section_verdicts(graded: Graded) -> None:
    right = total = 0
    wrong = []
    for truth, centre in graded.ok_centres():
        for sid, want in truth["sections"].items():
            total += 1
            if centre.sections.get(sid) == want:
                right += 1
            else:
                detail = next(v for v in centre.section_details if v.id == sid)
                wrong.append((truth["id"], sid, want, [(e.kind, e.text) for e in detail.evidence]))
    print(f"\nsection verdicts: {right}/{total} = {right / total:.0%}")
    assert not wrong


def test_empty_sections_are_reported_and_never_counted(graded: Graded) -> None:
    checked = 0
    for truth, centre in graded.ok_centres():
        details = {v.id: v for v in centre.section_details}
        for sid in truth["empty_sections"]:
            checked += 1
            assert not details[sid].present and details[sid].empty, (truth["id"], sid)
        for sid, verdict in details.items():
            assert not (verdict.present and verdict.empty)
            if verdict.empty:
                assert not truth["sections"][sid], (truth["id"], sid)
    print(f"\nempty sections reported: {checked}")
    assert checked > 0


def test_work_plan_current(graded: Graded) -> None:
    for truth, centre in graded.ok_centres():
        assert centre.work_plan_current == truth["work_plan_current"], truth["id"]


def test_false_dates_never_are_the_last_update(graded: Graded) -> None:
    for truth, centre in graded.ok_centres():
        if centre.last_updated is None:
            continue
        assert centre.last_updated <= WORLD_DATE
        for false in truth["false_dates"]:
            assert centre.last_updated.strftime("%d.%m.%Y") not in false, (truth["id"], false)


def test_broken_links_of_the_truth_are_reported(graded: Graded) -> None:
    for truth, centre in graded.ok_centres():
        reported = {b.url.rstrip("/") for b in centre.broken_links}
        for link in truth["broken_links"]:
            assert link["url"].rstrip("/") in reported, (truth["id"], link)


def test_regrade_moves_freshness_without_requests(graded: Graded, sample_server: SampleServer) -> None:
    before = {c.centre_id: c.freshness for c in graded.result.centres}
    sample_server.reset_log()
    code = cli_run(["regrade", "--db", graded.db.url, "--run", str(graded.run_id), "--as-of", "2027-09-01"])
    assert code == 0
    assert sample_server.requests == [], "regrade made a request"
    later = load_audit_result(graded.db, run_id=graded.run_id)
    assert later.run.as_of == dt.date(2027, 9, 1)
    moved = 0
    for centre in later.centres:
        if centre.status != "ok":
            continue
        if centre.last_updated is None:
            assert centre.freshness == "unknown"
            continue
        days = (dt.date(2027, 9, 1) - centre.last_updated).days
        assert centre.freshness == ("fresh" if days <= 90 else "aging" if days <= 183 else "stale")
        moved += before[centre.centre_id] != centre.freshness
    assert moved >= 5
    # last year's plan is now every centre's: no plan names 2027–2028
    assert not any(c.work_plan_current for c in later.centres)
    # and back: the audit date of the world gives the first grading's classes again
    assert cli_run(["regrade", "--db", graded.db.url, "--run", str(graded.run_id), "--as-of", str(WORLD_DATE)]) == 0
    again = load_audit_result(graded.db, run_id=graded.run_id)
    assert {c.centre_id: c.freshness for c in again.centres} == before

