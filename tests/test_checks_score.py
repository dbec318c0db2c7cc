"""Score, grade and advice for one centre (pure: built from HTML strings)."""
from __future__ import annotations

import datetime as dt

import pytest
from checks_fixtures import AS_OF, centre_input, doc, rulebook

from checks.freshness import PreviousVisit
from checks.result import CentreResult
from checks.score import grade_centre
from checks.site import LinkVerdict

FULL = (
    "<h2>Контакты</h2><p>Педагог-библиотекарь: Иванова М. П., тел. 8 (42155) 2-18-40</p>"
    "<h2>Режим работы</h2><p>Понедельник – пятница: 8:30 – 16:30</p>"
    "<h2>О библиотеке</h2><p>Читальный зал на 12 мест, фонд 14 520 экз.</p>"
    "<h2>Нормативные документы</h2><p><a href='/biblioteka/polozhenie.pdf'>Положение об ИБЦ (PDF)</a></p>"
    "<h2>План работы</h2><p><a href='/biblioteka/plan.docx'>План работы ИБЦ на 2026–2027 учебный год</a></p>"
    "<h2>Новости</h2><p>16 ноября 2026, 10:28 — Встреча с писателем в читальном зале.</p>"
    "<h2>Электронные ресурсы</h2><p><a href='http://litres.test/'>ЛитРес: Школа</a></p>"
    "<h2>Электронный каталог</h2><p><a href='http://opac.test/'>Поиск книг в фонде</a></p>"
    "<h2>Новые поступления</h2><ul><li>В. Арсеньев. Дерсу Узала</li></ul>"
    "<h2>Книжные выставки</h2><ul><li>«Край, в котором я живу»</li></ul>"
    "<h2>Методическая копилка</h2><p><a href='/biblioteka/urok.docx'>Сценарий урока</a></p>"
    "<h2>Проекты</h2><p>«Литературная карта Хабаровского края»: учащиеся собирают сведения.</p>"
    "<h2>Обратная связь</h2><form><textarea name='q'></textarea></form>"
    "<h2>Информационная безопасность</h2><p>Памятка о безопасном интернете для родителей.</p>"
    "<h2>Обеспеченность учебниками</h2><p>На 2026–2027 учебный год — 100 %.</p>"
    "<h2>Мы ВКонтакте</h2><p><a href='https://vk.com/ibc'>Сообщество библиотеки</a></p>"
)
DOCS = [doc("http://school.test/biblioteka/polozhenie.pdf"), doc("http://school.test/biblioteka/plan.docx"),
        doc("http://school.test/biblioteka/urok.docx")]


def grade(body: str, *others: object, as_of: dt.date = AS_OF, **kw: object) -> CentreResult:
    return grade_centre(centre_input(body, *others, **kw), rulebook(), as_of)  # type: ignore[arg-type]


def test_full_page_scores_all_but_https() -> None:
    result = grade(FULL, *DOCS, viewport=True)
    assert all(result.sections.values())
    assert result.freshness == "fresh" and result.last_updated == dt.date(2026, 11, 16)
    assert result.work_plan_current is True
    parts = {p.id: p.points for p in result.parts}
    assert parts == {"completeness": 60.0, "freshness": 25.0, "technical": 11.0}
    assert result.score == 96.0 and result.grade == "отлично"
    assert result.advice[0].text.startswith("Попросите администратора сайта школы включить защищённое соединение (HTTPS)")


def test_https_page_without_problems_scores_100() -> None:
    url = "https://school.test/biblioteka/"
    docs = [doc(d.url.replace("http:", "https:")) for d in DOCS]
    result = grade(FULL, *docs, url=url, viewport=True)
    assert result.score == 100.0 and result.advice == []


def test_formula_with_gaps() -> None:
    body = ("<h2>Контакты</h2><p>Телефон: 8 (42155) 2-18-40</p>"
            "<h2>План работы</h2><p><a href='/biblioteka/plan.docx'>План работы на 2025–2026 учебный год</a></p>"
            "<h2>Новости</h2><p>01.06.2026 — Итоги года.</p>"
            "<h2>Новые поступления</h2><p>Раздел в разработке</p>")
    result = grade(body, doc("http://school.test/biblioteka/plan.docx"))
    rb = rulebook()
    total = rb.section_weight_total
    present = rb.sections["contacts"].weight + rb.sections["work_plan"].weight + rb.sections["news"].weight
    parts = {p.id: p.points for p in result.parts}
    assert parts["completeness"] == pytest.approx(60 * present / total, abs=0.01)
    # 172 days: aging (0.5 of 70 %), and last year's plan earns nothing
    assert result.freshness == "aging" and result.days_since_update == 172
    assert parts["freshness"] == pytest.approx(25 * 0.7 * 0.5)
    assert result.work_plan_current is False
    assert parts["technical"] == pytest.approx(15 * 8 / 15)  # links 5 + title 3
    assert result.score == pytest.approx(round(sum(parts.values()), 1))
    assert result.grade == "неудовлетворительно"
    texts = [a.text for a in result.advice]
    assert "Разместите план работы ИБЦ на 2026–2027 учебный год" in texts
    assert any(t.startswith("Наполните раздел «Новые поступления»") for t in texts)
    assert [a.points for a in result.advice] == sorted((a.points for a in result.advice), reverse=True)
    assert next(v for v in result.section_details if v.id == "new_arrivals").empty


def test_regrading_later_moves_the_class() -> None:
    body = "<h2>Новости</h2><p>01.06.2026 — Итоги года.</p>"
    assert grade(body, as_of=dt.date(2026, 8, 1)).freshness == "fresh"
    assert grade(body, as_of=dt.date(2026, 11, 20)).freshness == "aging"
    assert grade(body, as_of=dt.date(2027, 3, 1)).freshness == "stale"
    # before the news was written, it does not exist yet
    assert grade(body, as_of=dt.date(2026, 5, 1)).freshness == "unknown"


def test_broken_links_from_the_link_check() -> None:
    body = "<p><a href='http://gone.test/'>Старый каталог</a> <a href='/biblioteka/old.pdf'>Архив</a></p>"
    verdicts = {
        "http://gone.test/": LinkVerdict("http://gone.test/", "broken", None, "соединение отклонено",
                                         ({"centre_id": 1, "page_url": "http://school.test/biblioteka/", "text": "Старый каталог"},)),
        "http://school.test/biblioteka/old.pdf": LinkVerdict(
            "http://school.test/biblioteka/old.pdf", "broken", 404, None,
            ({"centre_id": 1, "page_url": "http://school.test/biblioteka/", "text": "Архив"},)),
        "http://blocked.test/": LinkVerdict("http://blocked.test/", "blocked", 403),
    }
    result = grade(body, link_verdicts=verdicts, link_checked=True)
    assert {(b.url, b.internal) for b in result.broken_links} == {
        ("http://gone.test/", False), ("http://school.test/biblioteka/old.pdf", True)}
    assert result.unverified_links == 1
    links = [a for a in result.advice if a.check_id == "broken_links"]
    assert len(links) == 2 and all(a.text.startswith("Исправьте или удалите неработающую ссылку") for a in links)
    assert {p.id: p.points for p in result.parts}["technical"] == pytest.approx(15 * (5 * 0.6 + 3) / 15)


def test_broken_links_from_the_crawl_without_link_check() -> None:
    body = "<p><a href='/biblioteka/old.pdf'>План 2019 (PDF)</a></p>"
    result = grade(body, doc("http://school.test/biblioteka/old.pdf", status=404))
    assert [(b.url, b.status, b.text) for b in result.broken_links] == [
        ("http://school.test/biblioteka/old.pdf", 404, "План 2019 (PDF)")]


def test_text_change_since_the_previous_run() -> None:
    body = "<h2>О библиотеке</h2><p>Читальный зал на 12 мест.</p>"
    centre = centre_input(body, previous=PreviousVisit(3, dt.date(2026, 5, 20), "old-hash"))
    centre.snapshots[0].text_hash = "new-hash"
    result = grade_centre(centre, rulebook(), AS_OF)
    assert result.text_changed is True
    assert result.last_updated == dt.date(2026, 5, 20)
    assert result.last_updated_evidence is not None and "изменился" in result.last_updated_evidence.text
    assert any(f.check_id == "text_changed" and f.passed for f in result.findings)


@pytest.mark.parametrize("status", ["unreachable", "error", "not_found", "blocked_by_robots", "not_auditable"])
def test_a_centre_that_did_not_answer_gets_no_grade(status: str) -> None:
    result = grade("<h2>Новости</h2><p>16.11.2026 — Новость</p>", status=status, reason="страница не открылась")
    assert (result.score, result.grade, result.status) == (None, None, status)
    assert result.reason == "страница не открылась"
    assert result.sections == {} and result.findings == [] and result.freshness == "unknown"
    assert len(result.advice) == 1 and result.advice[0].points == 0


def test_result_round_trips_through_its_dict() -> None:
    result = grade(FULL, *DOCS)
    assert CentreResult.from_dict(result.to_dict()) == result


def test_fast_result_dict_equals_to_dict() -> None:
    from checks.grade import result_dict

    result = grade(FULL, *DOCS)
    assert result_dict(result) == result.to_dict()
