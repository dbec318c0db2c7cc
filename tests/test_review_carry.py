"""Corrections across regrading and audits, on the sample world (real crawls, real SQLite).

A correction made with `ibcmon review set` survives `ibcmon regrade`; the next audit of
the unchanged world carries it over as it was; after the library page's text changes it
is still applied but marked «проверьте снова» (in the store, the export and the app).
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

from checks.grade import load_audit_result
from common.config import Config
from ibcmon.cli import cli
from ibcmon.cli import run as cli_run
from ibcmon.review.app import create_app
from ibcmon.sample import SampleServer
from store.db import open_database
from store.models import Correction, Page

pytestmark = pytest.mark.slow


def export(db_url: str, tmp_path: Path, name: str) -> dict[int, dict[str, Any]]:
    out = tmp_path / name
    assert cli_run(["--db", db_url, "export", "--format", "json", "--out", str(out)]) == 0
    return {c["centre_id"]: c for c in json.loads(out.read_text(encoding="utf-8"))["centres"]}


def changed_html(html: str) -> str:
    """The same page with one more paragraph in its content (its main text changes)."""
    extra = "<p>Новая книжная выставка «Читаем всей семьёй» открыта в читальном зале до конца месяца.</p>"
    found = re.search(r"</h[1-3]>", html)
    assert found is not None
    return html[:found.end()] + extra + html[found.end():]


def test_correction_survives_regrade_and_audits(sample: SampleServer, tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'carry.sqlite'}"
    db = open_database(db_url)
    first = audit(db, sample)
    target = pick_target(db, first)
    cid, sid = target.centre_id, target.section
    runner = CliRunner()
    fixed = runner.invoke(cli, ["--db", db_url, "review", "set", str(cid), "--section", f"{sid}=absent",
                                "--note", "это не раздел, а одна строка меню"])
    assert fixed.exit_code == 0, fixed.output
    assert "«нет»" in fixed.output
    assert runner.invoke(cli, ["--db", db_url, "review", "approve", str(cid)]).exit_code == 0

    # regrade: the correction is applied again, the approval stays
    assert cli_run(["--db", db_url, "regrade", "--as-of", "2026-11-20"]) == 0
    centre = export(db_url, tmp_path, "regraded.json")[cid]
    assert centre["sections"][sid] is False
    assert centre["review"]["status"] == "approved"
    (fix,) = centre["review"]["corrections"]
    assert {k: fix[k] for k in ("field", "old", "new", "note")} == {
        "field": f"section:{sid}", "old": "present", "new": "absent", "note": "это не раздел, а одна строка меню"}
    assert fix["by"] and fix["at"]

    # a new audit of the unchanged world: carried over as it was, the new run is not approved yet
    second = audit(db, sample)
    centre = export(db_url, tmp_path, "second.json")[cid]
    assert centre["sections"][sid] is False
    assert centre["review"]["status"] == "pending"
    assert centre["review"]["corrections"][0]["needs_recheck"] is False
    assert centre["review"]["corrections"][0]["carried"] is True

    # the library page's text changes: still applied, but «проверьте снова»
    with db.session() as session:
        html = session.scalars(select(Page).where(Page.run_id == second, Page.centre_id == cid,
                                                  Page.final_url == target.centre.final_url)).first()
        assert html is not None and html.html
        original = html.html
    sample.override(target.centre.final_url or "", body=changed_html(original))
    third = audit(db, sample)
    with db.session() as session:
        hashes = session.execute(select(Page.run_id, Page.text_hash).where(
            Page.centre_id == cid, Page.final_url == target.centre.final_url)).all()
        assert len({h for _r, h in hashes}) == 2, "the override changed the page's main text"
        rows = session.scalars(select(Correction).where(Correction.centre_id == cid).order_by(Correction.id)).all()
    assert [(r.run_id, r.needs_recheck) for r in rows] == [(first, False), (second, False), (third, True)]
    result = load_audit_result(db, third)
    centre_result = next(c for c in result.centres if c.centre_id == cid)
    assert centre_result.sections[sid] is False
    assert centre_result.corrections[0]["needs_recheck"] is True

    listed = runner.invoke(cli, ["--db", db_url, "review", "list", "--pending"])
    assert listed.exit_code == 0 and "проверьте снова" in listed.output
    client = create_app(db, Config()).test_client()
    page = client.get(f"/runs/{third}/centres/{cid}").get_data(as_text=True)
    assert "проверьте снова" in page
    queue = client.get(f"/runs/{third}/queue").get_data(as_text=True)
    first_row = re.search(r'<tr data-centre-id="(\d+)" data-field="([^"]+)"', queue)
    assert first_row is not None and (int(first_row.group(1)), first_row.group(2)) == (cid, f"section:{sid}"), \
        "a correction to recheck heads the queue"
    db.dispose()
