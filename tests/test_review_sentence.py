"""Issue 15, end to end: a section read from a sentence of running text reaches the review
app with its sentence, and the review queue puts it ahead of verdicts that stand on a heading.

One library page of the sample world gains a paragraph reporting an exhibition (and loses no
heading); the world is crawled and graded into a real SQLite store and the app reads it back.
"""
from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from bs4 import BeautifulSoup
from review_fixtures import audit

from checks.grade import load_audit_result
from common.config import Config
from ibcmon.review.app import create_app
from ibcmon.sample import SampleServer
from store.db import open_database

pytestmark = pytest.mark.slow

SENTENCE = "В читальном зале библиотеки оформлена книжная выставка «Писатели Приамурья» к юбилею края."


def test_sentence_verdict_reaches_the_review_app(sample: SampleServer, tmp_path: Path) -> None:
    centre = next(c for c in sample.truth["centres"]
                  if c["status"] == "ok" and c["sections"] and not c["sections"].get("exhibitions"))
    answer = httpx.get(centre["final_url"])
    page = answer.text
    assert "</body>" in page
    # the page keeps its own encoding (some sample pages are windows-1251)
    sample.override(centre["final_url"],
                    body=page.replace("</body>", f"<p>{SENTENCE}</p></body>", 1).encode(answer.encoding or "utf-8"))
    db = open_database(f"sqlite:///{tmp_path / 'review.sqlite'}")
    try:
        run_id = audit(db, sample)
        graded = next(c for c in load_audit_result(db, run_id).centres if c.name == centre["name"])
        verdict = next(v for v in graded.section_details if v.id == "exhibitions")
        assert verdict.present and verdict.evidence[0].kind == "sentence" and SENTENCE in verdict.evidence[0].text

        client = create_app(db, Config()).test_client()
        html = client.get(f"/runs/{run_id}/centres/{graded.centre_id}").get_data(as_text=True)
        row = BeautifulSoup(html, "lxml").select_one('table#verdicts tbody tr[data-field="section:exhibitions"]')
        assert row is not None and "предложение в тексте" in row.text and SENTENCE in row.text

        queue = BeautifulSoup(client.get(f"/runs/{run_id}/queue").get_data(as_text=True), "lxml")
        rows = [(tr["data-centre-id"], tr["data-field"], tr.select("td")[4].text)
                for tr in queue.select("table#queue tbody tr")]
        ours = [r for r in rows if r[0] == str(graded.centre_id)]
        sentence_at = next(i for i, r in enumerate(ours) if r[1] == "section:exhibitions")
        headings_at = [i for i, r in enumerate(ours) if r[2].startswith("заголовок")]
        assert headings_at and sentence_at < min(headings_at), "the sentence verdict comes before the headings"
    finally:
        db.dispose()
