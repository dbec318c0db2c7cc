"""A verdict taken from running text carries its sentence everywhere a person reads it
(issue 15): the card (HTML and text), the JSON export, and the review queue, which shows
these verdicts first."""
from __future__ import annotations

import datetime as dt
import json

from checks_fixtures import rulebook

from checks.result import AuditResult, CentreResult, RunInfo
from ibcmon.review.confidence import review_queue
from ibcmon.sample import realset
from reports.card import render_card_html, render_card_text
from reports.export import export_json

SENTENCE = "В читальном зале оформлена книжная выставка к юбилею Пушкина."
RUN = RunInfo(id=1, kind="audit", status="complete", root_url=None, started_at=dt.datetime(2026, 11, 30),
              finished_at=None, as_of=dt.date(2026, 11, 30))


def graded() -> CentreResult:
    text = ("Школьная библиотека\nРежим работы\nПн–Пт 9.00–17.00\n"
            f"{SENTENCE}\nБиблиотека находится на втором этаже, рядом с актовым залом.")
    page = realset.RealPage("x", "http://school.test/biblioteka/", "centre", "other", frozenset(), None, text)
    result = realset.grade_page(page, rulebook())
    result.name = "МБОУ СОШ № 1 — ИБЦ"
    return result


def test_the_sentence_is_the_evidence_in_the_card_and_the_export() -> None:
    result = graded()
    verdict = next(v for v in result.section_details if v.id == "exhibitions")
    assert verdict.present and verdict.evidence[0].kind == "sentence" and verdict.evidence[0].text == SENTENCE
    text = render_card_text(result, RUN)
    assert f"найдено в тексте: «{SENTENCE}»" in text
    html = render_card_html(result, RUN)
    assert SENTENCE in html and "предложение в тексте" in html
    exported = json.loads(export_json(AuditResult(RUN, [result])))
    details = exported["centres"][0]["section_details"]
    evidence = next(d for d in details if d["id"] == "exhibitions")["evidence"][0]
    assert evidence == {"page_url": "http://school.test/biblioteka/", "kind": "sentence", "text": SENTENCE, "url": None}


def test_the_review_queue_puts_sentence_verdicts_ahead_of_headings() -> None:
    queue = review_queue([graded()])
    fields = [item.verdict.field for item in queue]
    sentence_fields = [f for f in fields if f in ("section:exhibitions", "section:about")]
    heading_field = "section:work_hours"
    assert sentence_fields and heading_field in fields
    assert max(fields.index(f) for f in sentence_fields) < fields.index(heading_field)
