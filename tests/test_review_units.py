"""Review building blocks: confidence, the queue, access rules, inert snapshots, the CLI guard,
the migration of the review tables, and `ibcmon serve` as a real process on loopback."""
from __future__ import annotations

import datetime as dt
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from checks.result import CentreResult, Evidence, SectionVerdict
from common.config import Config, ConfigError
from ibcmon.cli import cli
from ibcmon.cli import run as cli_run
from ibcmon.review.auth import access_for, hash_password, host_allowed, is_loopback
from ibcmon.review.confidence import centre_verdicts, evidence_strength, level, review_queue
from ibcmon.review.snapshot import inert_html
from store.db import Database

MAIN = "http://school.example/biblioteka/"


@pytest.mark.parametrize(("kind", "page", "expected"), [
    ("heading", MAIN, "высокая"),
    ("heading", "http://school.example/biblioteka/news.html", "высокая"),
    ("menu", MAIN, "высокая"),
    ("link", MAIN, "высокая"),
    ("label", MAIN, "средняя"),
    ("title", MAIN, "высокая"),  # the page's own title names the section
    ("tab", MAIN, "высокая"),
    ("text", MAIN, "низкая"),
    ("content", MAIN, "низкая"),
    ("something_new", MAIN, "средняя"),  # a kind the rules add later: a middling default
])
def test_evidence_strength(kind: str, page: str, expected: str) -> None:
    assert level(evidence_strength(Evidence(page, kind, "Новости"), MAIN)) == expected


def test_a_word_in_a_long_page_is_weaker_than_in_a_short_one() -> None:
    ev = Evidence(MAIN, "text", "новости")
    assert evidence_strength(ev, MAIN, {MAIN: 20_000}) < evidence_strength(ev, MAIN, {MAIN: 800})


def centre(name: str, **kw: object) -> CentreResult:
    base = dict(centre_id=abs(hash(name)) % 10_000, name=name, municipality=None, url=MAIN, final_url=MAIN,
                status="ok", last_updated=dt.date(2026, 11, 1),
                last_updated_evidence=Evidence(MAIN, "date", "Новости: 01.11.2026 выставка"),
                section_details=[SectionVerdict("news", "Новости", True, evidence=[Evidence(MAIN, "heading", "Новости")])])
    base.update(kw)
    return CentreResult(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "expected"), [
    ("Новости: 01.11.2026 выставка", "высокая"),
    ("Приказ № 15 от 01.11.2026", "низкая"),
    ("К 100-летию со дня рождения писателя, 01.11.2026", "низкая"),
])
def test_a_date_near_a_trap_is_weak(text: str, expected: str) -> None:
    c = centre("А", last_updated_evidence=Evidence(MAIN, "date", text))
    date = next(v for v in centre_verdicts(c) if v.field == "last_updated")
    assert date.level == expected


@pytest.mark.parametrize(("kind", "expected"), [
    ("date_label", "высокая"),     # «Опубликовано: 28.10.2026»
    ("date_relative", "средняя"),  # «3 дня назад»: counted from the fetch
    ("date_document", "средняя"),  # a document's own date
    ("header", "низкая"),          # only the server's Last-Modified
])
def test_how_a_date_was_read_sets_its_confidence(kind: str, expected: str) -> None:
    c = centre("А", last_updated_evidence=Evidence(MAIN, kind, "28.10.2026"))
    date = next(v for v in centre_verdicts(c) if v.field == "last_updated")
    assert date.level == expected


def test_queue_weakest_first_rechecks_on_top_approved_left_out() -> None:
    weak = centre("Слабый", section_details=[SectionVerdict("news", "Новости", True, evidence=[Evidence(MAIN, "text", "новости")])])
    strong = centre("Сильный")
    recheck = centre("Проверить", corrections=[{"field": "section:news", "old": "absent", "new": "present", "note": "н",
                                                 "by": "м", "at": None, "needs_recheck": True, "carried": True}])
    approved = centre("Утверждённый", review_status="approved",
                      section_details=[SectionVerdict("news", "Новости", True, evidence=[Evidence(MAIN, "text", "н")])])
    queue = review_queue([strong, weak, recheck, approved])
    assert (queue[0].centre.name, queue[0].verdict.field) == ("Проверить", "section:news")
    assert all(q.centre.name != "Утверждённый" for q in queue)
    values = [q.verdict.confidence for q in queue]
    assert values == sorted(values)
    news = [q.centre.name for q in queue if q.verdict.field == "section:news"]
    assert news.index("Слабый") < news.index("Сильный")


def test_access_rules() -> None:
    config = Config()
    assert access_for("127.0.0.1", config, {}).loopback and is_loopback("::1") and is_loopback("localhost")
    with pytest.raises(ConfigError, match="пароль"):
        access_for("0.0.0.0", config, {})
    by_env = access_for("0.0.0.0", config, {"IBCMON_REVIEW_PASSWORD": "секрет"})
    assert by_env.check("секрет") and not by_env.check("другой")
    config.review.password_hash = hash_password("пароль")
    by_hash = access_for("192.0.2.1", config, {})
    assert by_hash.check("пароль") and not by_hash.check("")
    assert host_allowed("127.0.0.1:8027", access_for("127.0.0.1", Config(), {}))
    assert host_allowed("[::1]:8027", access_for("127.0.0.1", Config(), {}))
    assert not host_allowed("evil.example:8027", access_for("127.0.0.1", Config(), {}))
    assert not host_allowed(None, access_for("127.0.0.1", Config(), {}))


def test_serve_off_loopback_without_password_refuses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("IBCMON_REVIEW_PASSWORD", raising=False)
    assert cli_run(["--db", f"sqlite:///{tmp_path / 'x.sqlite'}", "serve", "--host", "0.0.0.0"]) == 3
    assert "задайте пароль" in capsys.readouterr().err
    assert not (tmp_path / "x.sqlite").exists(), "refused before opening the database"
    hashed = CliRunner().invoke(cli, ["serve", "--hash-password"], input="секрет\nсекрет\n")
    assert hashed.exit_code == 0 and hashed.output.strip().splitlines()[-1].startswith("pbkdf2:sha256:")


def test_inert_html_strips_everything_active() -> None:
    html = ('<html><head><meta http-equiv="refresh" content="0;url=http://x/"><base href="http://x/">'
            '<link rel="stylesheet" href="http://x/a.css"><script>alert(1)</script></head>'
            '<body onload="alert(2)"><p style="background:url(http://x/i.png)">Текст</p>'
            '<img src="http://x/i.png" alt="картинка"><a href="javascript:alert(3)">ссылка</a>'
            '<iframe src="http://x/"></iframe><form action="http://x/"><input></form></body></html>')
    out = inert_html(html)
    lowered = out.lower()
    for bad in ("<script", "refresh", "<base", "<link", "onload", "url(", "src=", "javascript:", "<iframe", "action="):
        assert bad not in lowered, bad
    assert "Текст" in out and "картинка" in out


def test_migration_matches_the_models(db: Database) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from store.models import Base

    with db.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    ours = [d for d in diff if "correction" in repr(d) or "review" in repr(d)]
    assert not ours, ours


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_answers_on_loopback(tmp_path: Path) -> None:
    port = _free_port()
    db_url = f"sqlite:///{tmp_path / 'serve.sqlite'}"
    proc = subprocess.Popen([sys.executable, "-m", "ibcmon", "--db", db_url, "serve", "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise
                time.sleep(0.2)
        assert answer.status_code == 200
        assert "Оценённых обследований нет" in answer.text
        assert answer.headers["X-Frame-Options"] == "DENY"
    finally:
        proc.terminate()
        output, _ = proc.communicate(timeout=10)
    assert f"http://127.0.0.1:{port}/" in output


def test_review_required_makes_scheduled_delivery_approved_only() -> None:
    from scheduler import job_specs

    config = Config()
    steps = {s.id: s.steps for s in job_specs(config)}
    assert ("notify",) in steps["audit"] and ("notify", "--retry") in steps["delivery-retry"]
    config.review.required = True
    steps = {s.id: s.steps for s in job_specs(config)}
    assert ("notify", "--approved-only") in steps["audit"]
    assert ("notify", "--approved-only") in steps["delivery-retry"]


def test_a_verdict_without_evidence_says_why() -> None:
    """A status, or a missing date, shows the rules' reason where there is no evidence."""
    c = centre("Без даты", last_updated=None, last_updated_evidence=None,
               last_updated_reason="на страницах нет дат публикаций")
    by_field = {v.field: v for v in centre_verdicts(c)}
    assert by_field["status"].note == "страница открылась и прочитана"
    assert by_field["last_updated"].note == "на страницах нет дат публикаций"
    down = centre("Ошибка", status="error", reason="сайт ответил ошибкой 500")
    assert centre_verdicts(down)[0].note == "сайт ответил ошибкой 500"
    # a coded reason reads in the code's Russian words, not the stored exception text
    slow = centre("Тайм-аут", status="unreachable", reason_code="timeout",
                  reason="TimeoutError: User timeout caused connection failure.")
    assert centre_verdicts(slow)[0].note == "сайт не ответил вовремя (тайм-аут)"


@pytest.mark.parametrize(("field", "value", "shown"), [
    ("last_updated", "2026-07-14", "14.07.2026"),
    ("last_updated", "", "не найдено"),
    ("section:news", "present", "есть"),
])
def test_values_are_shown_as_a_russian_reader_writes_them(field: str, value: str, shown: str) -> None:
    from ibcmon.review.views import value_label

    assert value_label(field, value) == shown
