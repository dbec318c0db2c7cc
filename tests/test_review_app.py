"""The review web app with Flask's test client over a real store of the crawled sample world.

Every page answers in Russian, a correction of each kind (section, last update, status)
is stored with its note and re-scores the centre, approval marks the centre, POSTs
without the CSRF token and foreign Host headers are refused, snapshots come sandboxed.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from review_fixtures import audit, csrf_of, pick_target

from checks.grade import load_audit_result
from common.config import Config
from ibcmon.cli import run as cli_run
from ibcmon.review.app import create_app
from ibcmon.review.auth import Access, hash_password
from ibcmon.sample import SampleServer
from store.db import Database, open_database

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def world(sample_server: SampleServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, int]]:
    db = open_database(f"sqlite:///{tmp_path_factory.mktemp('review') / 'review.sqlite'}")
    run_id = audit(db, sample_server)
    yield db, run_id
    db.dispose()


@pytest.fixture
def client(world: tuple[Database, int]) -> Any:
    db, _run = world
    return create_app(db, Config()).test_client()


def centre_of(db: Database, run_id: int, centre_id: int) -> Any:
    return next(c for c in load_audit_result(db, run_id).centres if c.centre_id == centre_id)


def post_form(client: Any, page_url: str, action: str, data: dict[str, str]) -> Any:
    token = csrf_of(client.get(page_url).get_data(as_text=True))
    return client.post(action, data={**data, "csrf_token": token})


def test_each_page_answers_in_russian(client: Any, world: tuple[Database, int]) -> None:
    db, run_id = world
    target = pick_target(db, run_id)
    runs = BeautifulSoup(client.get("/").get_data(as_text=True), "lxml")
    assert runs.select_one(f'tr[data-run-id="{run_id}"]') is not None
    overview = client.get(f"/runs/{run_id}")
    assert overview.status_code == 200
    soup = BeautifulSoup(overview.get_data(as_text=True), "lxml")
    rows = soup.select("table#centres tbody tr")
    assert len(rows) == len(load_audit_result(db, run_id).centres)
    assert {r["data-review"] for r in rows} <= {"pending", "corrected", "approved"}
    assert soup.select_one('select[data-filter="doubt"] option[value="yes"]').text == "требует проверки"
    assert "script-src 'sha256-" in overview.headers["Content-Security-Policy"]
    queue = BeautifulSoup(client.get(f"/runs/{run_id}/queue").get_data(as_text=True), "lxml")
    scores = [float(tr.select("td")[3].text.split()[-1].replace(",", ".")) for tr in queue.select("table#queue tbody tr")]
    assert scores and scores == sorted(scores), "the weakest verdicts come first"
    page = BeautifulSoup(client.get(f"/runs/{run_id}/centres/{target.centre_id}").get_data(as_text=True), "lxml")
    fields = [tr["data-field"] for tr in page.select("table#verdicts tbody tr")]
    assert fields[:2] == ["status", "last_updated"] and f"section:{target.section}" in fields
    frame = page.select_one("iframe#snapshot")
    assert frame.has_attr("sandbox") and not frame["sandbox"], "sandboxed, nothing allowed"
    assert client.get("/corrections").status_code == 200
    assert client.get("/runs/99999").status_code == 404
    assert client.get(f"/runs/{run_id}/centres/99999").status_code == 404


def test_snapshot_is_sandboxed_and_inert(client: Any, world: tuple[Database, int]) -> None:
    db, run_id = world
    target = pick_target(db, run_id)
    page = BeautifulSoup(client.get(f"/runs/{run_id}/centres/{target.centre_id}").get_data(as_text=True), "lxml")
    snap = client.get(page.select_one("iframe#snapshot")["src"])
    assert snap.status_code == 200
    csp = snap.headers["Content-Security-Policy"]
    assert csp.startswith("sandbox;") and "default-src 'none'" in csp and "allow-scripts" not in csp
    html = snap.get_data(as_text=True)
    assert "<script" not in html.lower() and "http-equiv" not in html.lower()
    assert "Сохранённая копия страницы" in html
    other_run = client.get(f"/runs/{run_id + 1000}/pages/1/snapshot")
    assert other_run.status_code == 404


def test_section_correction_rescores_and_is_logged(client: Any, world: tuple[Database, int]) -> None:
    db, run_id = world
    target = pick_target(db, run_id)
    before = centre_of(db, run_id, target.centre_id)
    url = f"/runs/{run_id}/centres/{target.centre_id}"
    answer = post_form(client, url, f"{url}/correct",
                       {"field": f"section:{target.section}", "value": "absent", "note": "раздел — чужая перепечатка"})
    assert answer.status_code == 303
    after = centre_of(db, run_id, target.centre_id)
    assert after.sections[target.section] is False
    assert after.score is not None and before.score is not None and after.score < before.score
    fix = after.corrected(f"section:{target.section}")
    assert fix and fix["old"] == "present" and fix["new"] == "absent" and fix["note"] == "раздел — чужая перепечатка"
    log = BeautifulSoup(client.get("/corrections").get_data(as_text=True), "lxml")
    assert "раздел — чужая перепечатка" in log.select_one("table#log").text
    # withdrawn: back to the rules' verdict
    post_form(client, url, f"{url}/correct", {"field": f"section:{target.section}", "withdraw": "1", "note": "ошибся"})
    back = centre_of(db, run_id, target.centre_id)
    assert back.sections[target.section] is True and back.score == before.score and not back.corrections


def test_last_updated_and_status_corrections(client: Any, world: tuple[Database, int]) -> None:
    db, run_id = world
    target = pick_target(db, run_id)
    url = f"/runs/{run_id}/centres/{target.centre_id}"
    post_form(client, url, f"{url}/correct", {"field": "last_updated", "value": "2024-01-15", "note": "дата в подвале"})
    centre = centre_of(db, run_id, target.centre_id)
    assert centre.last_updated is not None and centre.last_updated.isoformat() == "2024-01-15"
    assert centre.freshness == "stale"
    post_form(client, url, f"{url}/correct", {"field": "status", "value": "not_auditable", "note": "страница закрыта"})
    centre = centre_of(db, run_id, target.centre_id)
    assert centre.status == "not_auditable" and centre.score is None
    for field in ("status", "last_updated"):
        post_form(client, url, f"{url}/correct", {"field": field, "withdraw": "1", "note": "вернуть"})
    assert centre_of(db, run_id, target.centre_id).status == "ok"


def test_bad_corrections_are_refused_with_a_reason(client: Any, world: tuple[Database, int]) -> None:
    db, run_id = world
    target = pick_target(db, run_id)
    url = f"/runs/{run_id}/centres/{target.centre_id}"
    for data, words in (
        ({"field": f"section:{target.section}", "value": "absent", "note": "  "}, "примечание"),
        ({"field": f"section:{target.section}", "value": "maybe", "note": "x"}, "не подходит"),
        ({"field": "section:no_such", "value": "absent", "note": "x"}, "неизвестный раздел"),
        ({"field": "last_updated", "value": "31.12.2025", "note": "x"}, "ГГГГ-ММ-ДД"),
        ({"field": "last_updated", "value": "", "note": "x"}, "укажите исправленное значение"),
        ({"field": "../../etc/passwd", "value": "x", "note": "x"}, "неизвестное поле"),
    ):
        answer = post_form(client, url, f"{url}/correct", data)
        assert answer.status_code == 400, data
        assert words in BeautifulSoup(answer.get_data(as_text=True), "lxml").select_one("#error").text
    assert not centre_of(db, run_id, target.centre_id).corrections


def test_post_without_csrf_token_is_refused(client: Any, world: tuple[Database, int]) -> None:
    db, run_id = world
    target = pick_target(db, run_id)
    url = f"/runs/{run_id}/centres/{target.centre_id}"
    client.get(url)  # a session exists, but the form does not carry its token
    for data in ({"field": "last_updated", "value": "2024-01-15", "note": "x"},
                 {"field": "last_updated", "value": "2024-01-15", "note": "x", "csrf_token": "forged"}):
        answer = client.post(f"{url}/correct", data=data)
        assert answer.status_code == 403 and "CSRF" in answer.get_data(as_text=True)
    assert client.post(f"{url}/approve", data={}).status_code == 403
    assert centre_of(db, run_id, target.centre_id).review_status == "pending"
    assert not centre_of(db, run_id, target.centre_id).corrections


def test_approve_and_export(client: Any, world: tuple[Database, int], tmp_path: Path) -> None:
    db, run_id = world
    target = pick_target(db, run_id)
    url = f"/runs/{run_id}/centres/{target.centre_id}"
    assert post_form(client, url, f"{url}/approve", {}).status_code == 303
    assert centre_of(db, run_id, target.centre_id).review_status == "approved"
    soup = BeautifulSoup(client.get(f"/runs/{run_id}").get_data(as_text=True), "lxml")
    assert soup.select_one(f'tr[data-centre-id="{target.centre_id}"]')["data-review"] == "approved"
    out = tmp_path / "export.json"
    assert cli_run(["--db", db.url, "export", "--format", "json", "--run", str(run_id), "--out", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    by_id = {c["centre_id"]: c for c in data["centres"]}
    assert by_id[target.centre_id]["review"] == {"status": "approved", "corrections": []}
    assert all(c["review"]["status"] == "pending" for cid, c in by_id.items() if cid != target.centre_id)
    post_form(client, url, f"{url}/approve", {"undo": "1"})
    assert centre_of(db, run_id, target.centre_id).review_status == "pending"


def test_foreign_host_header_refused_on_loopback(client: Any) -> None:
    assert client.get("/", headers={"Host": "attacker.example"}).status_code == 400
    assert client.get("/", headers={"Host": "127.0.0.1:8027"}).status_code == 200


def test_password_needed_off_loopback(world: tuple[Database, int]) -> None:
    db, _run = world
    access = Access(loopback=False, password_hash=hash_password("секрет"))
    client = create_app(db, Config(), access).test_client()
    assert client.get("/").status_code == 401
    import base64

    def auth(password: str) -> dict[str, str]:
        return {"Authorization": "Basic " + base64.b64encode(f"методист:{password}".encode()).decode()}

    assert client.get("/", headers=auth("неверно")).status_code == 401
    assert client.get("/", headers={**auth("секрет"), "Host": "192.0.2.10:8027"}).status_code == 200


def test_each_app_keeps_its_own_access_and_guards_every_url(world: tuple[Database, int]) -> None:
    """The pages are one blueprint shared by every app in the process: an app with a password
    and one without, used in turn, each keep their own rule, and the guard covers URLs that
    no page answers (a 404 is still behind the password)."""
    db, _run = world
    locked = create_app(db, Config(), Access(loopback=False, password_hash=hash_password("секрет"))).test_client()
    open_ = create_app(db, Config()).test_client()
    for _ in range(2):
        assert locked.get("/", headers={"Host": "192.0.2.10:8027"}).status_code == 401
        assert open_.get("/").status_code == 200
    assert locked.get("/no-such-page", headers={"Host": "192.0.2.10:8027"}).status_code == 401
    missing = open_.get("/no-such-page")
    assert missing.status_code == 404 and "Такой страницы нет" in missing.get_data(as_text=True)
    assert missing.headers["X-Frame-Options"] == "DENY"


def test_hostile_page_text_stays_inert(client: Any, world: tuple[Database, int]) -> None:
    """A centre name and evidence carrying markup come out escaped on every page."""
    from sqlalchemy import select

    from store.models import Score

    db, run_id = world
    target = pick_target(db, run_id)
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    with db.session() as session:
        score = session.scalars(select(Score).where(Score.centre_id == target.centre_id)
                                .order_by(Score.id.desc())).first()
        assert score is not None
        saved = dict(score.result)
        details = [dict(d) for d in saved["section_details"]]
        details[0] = {**details[0], "evidence": [{"page_url": "javascript:alert(1)", "kind": "heading", "text": hostile}]}
        score.result = {**saved, "name": hostile, "section_details": details}
    try:
        for url in (f"/runs/{run_id}", f"/runs/{run_id}/queue", f"/runs/{run_id}/centres/{target.centre_id}"):
            html = client.get(url).get_data(as_text=True)
            assert "<script>alert" not in html and "<img src=x" not in html, url
            assert 'href="javascript:' not in html, url
            assert "&lt;script&gt;" in html, url
    finally:
        with db.session() as session:
            score = session.get(Score, score.id)
            assert score is not None
            score.result = saved


def test_review_required_sends_only_approved_cards(client: Any, world: tuple[Database, int], tmp_path: Path) -> None:
    from ibcmon.deliver import notify_scorecards

    db, run_id = world
    target = pick_target(db, run_id)
    url = f"/runs/{run_id}/centres/{target.centre_id}"
    config = Config()
    config.review.required = True
    nothing = notify_scorecards(db, config, run_id, dry_run=True, outbox=tmp_path / "none")
    assert not nothing.outcomes and nothing.held == len(load_audit_result(db, run_id).centres)
    post_form(client, url, f"{url}/approve", {})
    try:
        report = notify_scorecards(db, config, run_id, dry_run=True, outbox=tmp_path / "outbox")
        assert [o.centre_id for o in report.outcomes] == [target.centre_id]
        everyone = notify_scorecards(db, config, run_id, dry_run=True, outbox=tmp_path / "all", approved_only=False)
        assert len(everyone.outcomes) == len(load_audit_result(db, run_id).centres)
    finally:
        post_form(client, url, f"{url}/approve", {"undo": "1"})
