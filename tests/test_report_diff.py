"""Comparing two audits: per-centre moves, sections, updates, new and gone centres."""
from __future__ import annotations

import copy
import datetime as dt
import json

from report_fixtures import make_previous, make_result, run_info

from checks.result import AuditResult
from reports.diff import diff_results, render_diff_text


def _pair() -> tuple[AuditResult, AuditResult]:
    new = make_result(20, hostile=False)
    old = copy.deepcopy(new)
    old.run = run_info(5, new.run.as_of - dt.timedelta(days=182))
    return old, new


def test_identical_audits_have_no_changes() -> None:
    old, new = _pair()
    diff = diff_results(old, new)
    assert diff.improved == diff.worsened == 0
    assert diff.unchanged == len(new.centres)
    assert not diff.added and not diff.removed
    assert all(not c.sections_added and not c.sections_lost for c in diff.changes)


def test_score_grade_sections_and_update_moves() -> None:
    old, new = _pair()
    ok_ids = [c.centre_id for c in new.centres if c.status == "ok"]
    up, down = (next(c for c in new.centres if c.centre_id == i) for i in ok_ids[:2])
    old_up = next(c for c in old.centres if c.centre_id == up.centre_id)
    old_up.score = (up.score or 0) - 10
    old_up.grade = "прежняя оценка"
    sid = next(k for k, v in up.sections.items() if v)
    old_up.sections[sid] = False
    old_up.last_updated = (up.last_updated or new.run.as_of) - dt.timedelta(days=100)
    up.last_updated = up.last_updated or new.run.as_of
    old_down = next(c for c in old.centres if c.centre_id == down.centre_id)
    old_down.score = (down.score or 0) + 5.5
    gone = next(k for k, v in down.sections.items() if not v)
    old_down.sections[gone] = True
    old_down.last_updated = down.last_updated
    down.text_changed = False

    diff = diff_results(old, new)
    by_id = {c.centre_id: c for c in diff.changes}
    assert by_id[up.centre_id].direction == "up" and by_id[up.centre_id].delta == 10
    assert by_id[up.centre_id].grade_changed and by_id[up.centre_id].sections_added == [sid]
    assert by_id[up.centre_id].updated is True
    assert by_id[down.centre_id].direction == "down" and by_id[down.centre_id].delta == -5.5
    assert by_id[down.centre_id].sections_lost == [gone]
    if down.last_updated is not None:
        assert by_id[down.centre_id].updated is False
    assert diff.improved == 1 and diff.worsened == 1
    assert diff.changes[0].centre_id == up.centre_id  # biggest move first
    assert diff.title(sid) != sid  # the rulebook's title


def test_failed_centre_has_no_sections_or_update_verdict() -> None:
    old, new = _pair()
    failed = next(c for c in new.centres if c.status != "ok")
    diff = diff_results(old, new)
    change = next(c for c in diff.changes if c.centre_id == failed.centre_id)
    assert change.updated is None and change.direction == "same"


def test_new_and_removed_centres_and_outputs() -> None:
    new = make_result(20)
    old = make_previous(new)
    diff = diff_results(old, new)
    assert [r.centre_id for r in diff.added] == [new.centres[0].centre_id]
    assert [r.centre_id for r in diff.removed] == [999]
    data = json.loads(json.dumps(diff.to_dict(), ensure_ascii=False))
    assert data["counts"]["added"] == 1 and data["old_run"]["as_of"] == old.run.as_of.isoformat()
    assert {"delta", "direction", "sections_added", "updated"} <= set(data["changes"][0])
    text = render_diff_text(diff)
    assert "Обследование №5" in text and "Новые центры:" in text and "Выбывшие центры:" in text
    assert "\u202e" not in text  # bidi overrides from page text do not reach the terminal
    assert len(text.splitlines()) == 3 + 2 + len(diff.changes) + 2 + 1 + 2 + 1
