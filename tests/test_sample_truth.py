"""The sample world's ground truth: in sync with the world, complete, self-consistent."""
from __future__ import annotations

import csv
import io
import json

from ibcmon.cli import run
from ibcmon.sample import WORLD_DATE, build_world, load_truth
from ibcmon.sample.centre import SECTION_IDS
from ibcmon.sample.truth import TRUTH_PATH, truth_template

STATUSES = {"ok", "unreachable", "error", "not_found", "blocked_by_robots", "not_auditable"}
KEYS = {
    "id", "name", "municipality", "listed_urls", "url", "platform", "status", "final_url",
    "home_url", "host", "sections", "empty_sections", "last_updated", "false_dates",
    "work_plan_current", "broken_links", "tricky_ok_links", "in_registry",
}


def test_committed_truth_equals_the_regenerated_one() -> None:
    committed = TRUTH_PATH.read_text(encoding="utf-8")
    assert committed == truth_template(), "run `ibcmon sample truth --write` and commit the file"


def test_load_truth_matches_the_world_for_any_port() -> None:
    for port in (8080, 43211):
        assert load_truth(port) == json.loads(json.dumps(build_world(port).truth()))


def test_every_centre_is_described_completely() -> None:
    truth = load_truth(8000)
    centres = truth["centres"]
    assert len(centres) >= 18
    assert len({c["id"] for c in centres}) == len(centres)
    assert len({c["host"] for c in centres}) == len(centres), "one loopback address per centre"
    for c in centres:
        assert set(c) == KEYS, c["id"]
        assert c["status"] in STATUSES
        assert list(c["sections"]) == SECTION_IDS
        assert c["url"] == c["listed_urls"][0]
        if c["last_updated"]:
            assert c["last_updated"] <= WORLD_DATE.isoformat()
        if c["status"] != "ok":
            assert not any(c["sections"].values()) and c["last_updated"] is None
    assert {c["status"] for c in centres} == STATUSES, "every fault is represented"


def test_the_world_covers_the_issue_cases() -> None:
    centres = load_truth(8000)["centres"]
    platforms = {c["platform"] for c in centres if c["status"] == "ok"}
    assert {"gosweb", "wordpress", "ucoz", "bitrix", "joomla", "longpage", "documents", "builder"} <= platforms
    assert any(len(c["listed_urls"]) == 2 for c in centres), "a centre listed twice"
    assert any(c["home_url"] for c in centres), "a centre listed by its school's home page"
    assert any(c["final_url"] != c["url"] and not c["home_url"] for c in centres), "a moved page"
    assert any(c["empty_sections"] for c in centres)
    assert any(c["status"] == "ok" and c["last_updated"] is None for c in centres)
    assert {c["work_plan_current"] for c in centres} == {True, False, None}
    broken = {b["kind"] for c in centres for b in c["broken_links"]}
    assert broken == {"internal_404", "internal_500", "external_404", "refused"}
    tricky = {t["kind"] for c in centres for t in c["tricky_ok_links"]}
    assert tricky == {"slow", "rate_limited", "head_refused", "redirect_chain", "cyrillic", "whitespace"}


def test_registry_reconciliation_cases() -> None:
    world = build_world(8000)
    truth = world.truth()
    rows = list(csv.DictReader(io.StringIO(world.registry_csv())))
    assert list(rows[0]) == ["name", "municipality", "url", "librarian", "email"]
    names = {r["name"] for r in rows}
    listed = {c["name"] for c in truth["centres"]}
    assert set(truth["registry"]["missing_from_site"]) == names - listed
    assert set(truth["registry"]["unknown_to_registry"]) == listed - names
    assert truth["registry"]["missing_from_site"] and truth["registry"]["unknown_to_registry"]
    assert any(not r["email"] for r in rows), "some centres have no e-mail in the registry"
    for c in truth["centres"]:
        assert c["in_registry"] == (c["name"] in names)


def test_cli_prints_the_truth(capsys) -> None:  # type: ignore[no-untyped-def]
    assert run(["sample", "truth", "--port", "1234"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["root_url"] == "http://127.0.0.1:1234/"
    assert data == load_truth(1234)
