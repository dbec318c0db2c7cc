"""The letters themselves: subjects, addresses, headers, the card wrapping, and `ibcmon notify`."""
from __future__ import annotations

import datetime as dt
import email
import email.policy
from email.header import decode_header, make_header
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from test_notify_smtp import SmtpServer, free_port, make_world

from checks.result import BrokenLink, CentreResult, RunInfo, SectionVerdict
from common.config import ConfigError
from ibcmon.cli import cli
from ibcmon.config import load_config
from ibcmon.deliver.card import letter_html, letter_text, links_letter, render_card
from ibcmon.deliver.message import (
    build_message,
    links_subject,
    parse_recipients,
    scorecard_subject,
)
from ibcmon.deliver.smtp import SmtpSettings
from store.db import open_database


def centre(score: float | None, grade: str | None, status: str = "ok", name: str = "МБОУ СОШ № 5 г. Амурска") -> CentreResult:
    return CentreResult(centre_id=1, name=name, municipality=None, url="http://s.example/",
                        final_url=None, status=status, score=score, grade=grade)


@pytest.mark.parametrize(("score", "grade", "expected"), [
    (78, "хорошо", "Мониторинг страницы ИБЦ: МБОУ СОШ № 5 г. Амурска — «хорошо» (78 баллов)"),
    (91.4, "отлично", "Мониторинг страницы ИБЦ: МБОУ СОШ № 5 г. Амурска — «отлично» (91 балл)"),
    (42.6, "удовлетворительно", "Мониторинг страницы ИБЦ: МБОУ СОШ № 5 г. Амурска — «удовлетворительно» (43 балла)"),
    (11, "плохо", "Мониторинг страницы ИБЦ: МБОУ СОШ № 5 г. Амурска — «плохо» (11 баллов)"),
    (0, None, "Мониторинг страницы ИБЦ: МБОУ СОШ № 5 г. Амурска — 0 баллов"),
])
def test_scorecard_subject_names_the_school_and_the_grade(score: float, grade: str | None, expected: str) -> None:
    assert scorecard_subject(centre(score, grade)) == expected


@pytest.mark.parametrize(("status", "words"), [
    ("unreachable", "страница не открывается"),
    ("not_found", "страница не найдена"),
    ("blocked_by_robots", "страница закрыта для проверки"),
    ("something_new", "страница не проверена"),
])
def test_subject_of_a_centre_without_a_score(status: str, words: str) -> None:
    assert scorecard_subject(centre(None, None, status)).endswith(f" — {words}")


def test_subject_is_one_line_even_for_a_hostile_name() -> None:
    subject = scorecard_subject(centre(50, "хорошо", name="Школа\r\nBcc: victim@example.com\u202e" + "я" * 500))
    assert "\n" not in subject and "\r" not in subject and "\u202e" not in subject
    assert len(subject) < 400


@pytest.mark.parametrize(("count", "expected"), [
    (1, "не открывается 1 ссылка"), (2, "не открываются 2 ссылки"), (5, "не открываются 5 ссылок"),
    (21, "не открывается 21 ссылка"),
])
def test_links_subject(count: int, expected: str) -> None:
    assert links_subject("Школа", count) == f"Мониторинг страницы ИБЦ: Школа — {expected}"


@pytest.mark.parametrize(("raw", "valid", "invalid"), [
    ("ibc@school.ru", ["ibc@school.ru"], []),
    ("a@x.ru; b@y.ru, a@x.ru", ["a@x.ru", "b@y.ru"], []),
    ("mailto:ibc@school.ru", ["ibc@school.ru"], []),
    ("<ibc@school.ru>", ["ibc@school.ru"], []),
    ("библиотека@школа.рф", [], ["библиотека@школа.рф"]),  # a Cyrillic mailbox needs SMTPUTF8
    ("ibc@школа.рф", ["ibc@" + "школа.рф".encode("idna").decode()], []),
    ("нет адреса", [], ["нет адреса"]),
    ("a@x.ru b@y.ru", [], ["a@x.ru b@y.ru"]),  # several only when separated by ';' or ','
    ("a@x.ru; не знаю", [], ["не знаю"]),  # one bad part: nobody, rather than a guess
    ("lib@example.org\r\nBcc: other@example.net", [], ["lib@example.org Bcc: other@example.net"]),
    ("", [], []),
    (None, [], []),
])
def test_parse_recipients(raw: str | None, valid: list[str], invalid: list[str]) -> None:
    parsed = parse_recipients(raw, "Мария Ивановна")
    assert [a.addr_spec for a in parsed.addresses] == valid
    assert parsed.invalid == invalid


NAMES = [
    "МБОУ СОШ № 1 г. Вяземского",
    "МИБЦ Хабаровского муниципального района (МБОУ СОШ с. Мирное)",
    "МБОУ «Гимназия № 9» г. Комсомольска-на-Амуре",
    "МКОУ СОШ с. Чумикан",
]


@pytest.mark.parametrize("name", NAMES + [f"Школа {'№ ' * n}{n}" for n in range(0, 40, 3)])
@pytest.mark.parametrize("grade", ["удовлетворительно", "неудовлетворительно", "хорошо"])
def test_subjects_and_names_decode_exactly(name: str, grade: str) -> None:
    """CPython's default folding can drop a space between encoded words: not in our letters."""
    subject = scorecard_subject(centre(59, grade, name=name))
    librarian = f"{name.split()[-1]} Ольга Викторовна"
    to = parse_recipients("ibc@school.ru", librarian).addresses
    raw = bytes(build_message(sender="РРИБЦ <noreply@rribc.example>", to=to, subject=subject,
                              text="т", html="<p>т</p>"))
    assert all(b < 128 for b in raw)
    assert all(len(line) <= 998 for line in raw.split(b"\n"))
    classic = email.message_from_bytes(raw)
    assert str(make_header(decode_header(classic["Subject"]))) == subject
    assert str(make_header(decode_header(classic["To"]))) == f"{librarian} <ibc@school.ru>"
    assert str(make_header(decode_header(classic["From"]))) == "РРИБЦ <noreply@rribc.example>"
    modern = email.message_from_bytes(raw, policy=email.policy.default)
    assert str(modern["Subject"]) == subject
    assert modern["To"].addresses[0].addr_spec == "ibc@school.ru"


def test_message_headers_and_parts() -> None:
    to = parse_recipients("ibc@school.ru", "Мария Ивановна").addresses
    message = build_message(sender="РРИБЦ <noreply@rribc.example>", to=to, subject="Тема — «тест»",
                            text="Текст письма", html="<p>Карточка</p>", reply_to="metodist@rribc.example")
    raw = bytes(message)
    assert all(b < 128 for b in raw)  # 7-bit on the wire: headers RFC 2047, bodies base64
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert str(parsed["Subject"]) == "Тема — «тест»"
    assert str(make_header(decode_header(email.message_from_bytes(raw)["To"]))) == "Мария Ивановна <ibc@school.ru>"
    assert parsed["Message-ID"].endswith("@rribc.example>")
    assert parsed["Date"].datetime.tzinfo is not None
    assert parsed["Auto-Submitted"] == "auto-generated"
    assert parsed.get_content_type() == "multipart/alternative"
    assert parsed.get_body(("plain",)).get_content().strip() == "Текст письма"
    assert parsed.get_body(("html",)).get_content().strip() == "<p>Карточка</p>"


def test_letter_wraps_a_card_document_and_a_fragment() -> None:
    document = '<!DOCTYPE html><html><body class="x"><article>КАРТОЧКА</article></body></html>'
    html = letter_html(document, librarian="Анна <b>Петровна</b>", audit_date="20 ноября 2026",
                       reply_to="m@rribc.example")
    soup = BeautifulSoup(html, "html.parser")
    assert len(soup.find_all("body")) == 1
    texts = [t.strip() for t in soup.body.find_all(string=True) if t.strip()]
    assert texts[0] == "Здравствуйте, Анна <b>Петровна</b>!"  # escaped, shown as text
    assert soup.body.find("b") is None
    assert texts.index("КАРТОЧКА") < texts.index("m@rribc.example")
    fragment = letter_html("<article>КАРТОЧКА</article>", librarian=None, audit_date="—", reply_to="")
    assert "<body>" in fragment and "Здравствуйте!" in fragment


def test_what_a_page_says_stays_inert_in_the_letter() -> None:
    hostile = CentreResult(
        centre_id=7, name='<script>alert("x")</script>Школа', municipality=None,
        url="javascript:alert(1)", final_url=None, status="ok", score=50, grade="хорошо",
        librarian="<img src=x onerror=alert(2)>",
        section_details=[SectionVerdict("about", "<img src=x onerror=alert(1)>", present=False)],
        broken_links=[BrokenLink(url="http://a.example/<b>", found_on="http://a.example/", status=404,
                                 text="<iframe src=//evil.example>")],
    )
    run = RunInfo(id=1, kind="audit", status="complete", root_url=None,
                  started_at=dt.datetime(2026, 11, 20), finished_at=None, as_of=dt.date(2026, 11, 20))
    card_html, card_text = render_card(hostile, run)
    html = letter_html(card_html, librarian=hostile.librarian, audit_date="20 ноября 2026", reply_to="")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("script") is None and soup.find("img") is None and soup.find("iframe") is None
    assert not [a for a in soup.find_all("a") if a.get("href", "").startswith("javascript")]
    assert '<script>alert("x")</script>Школа' in soup.get_text()
    assert "Здравствуйте, <img src=x onerror=alert(2)>!" in soup.get_text()
    text = letter_text(card_text, librarian=hostile.librarian, audit_date="—", reply_to="")
    assert '<script>alert("x")</script>Школа' in text


def test_links_letter_escapes_link_texts() -> None:
    html, text = links_letter(
        name="Школа", librarian=None, checked_on="21 ноября 2026", nights=2, reply_to="",
        links=[BrokenLink(url="javascript:alert(1)", found_on="http://s.example/", status=404,
                          text="<script>x</script>")],
    )
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("script") is None
    assert not [a for a in soup.find_all("a") if "javascript" in a.get("href", "")]
    assert "javascript:alert(1)" in text


def test_smtp_settings_from_config_and_environment(tmp_path: Path) -> None:
    file = tmp_path / "c.toml"
    file.write_text('[smtp]\nsecurity = "STARTTLS"\npassword_env = "MY_SMTP_SECRET"\nusername = "user"\n',
                    encoding="utf-8")
    config = load_config(file, env={"IBCMON_SMTP_PORT": "587"})  # the environment over the file
    settings = SmtpSettings.from_config(config, {"MY_SMTP_SECRET": "pw"})
    assert (settings.security, settings.port, settings.password) == ("starttls", 587, "pw")
    with pytest.raises(ConfigError, match="MY_SMTP_SECRET"):
        SmtpSettings.from_config(config, {})
    assert SmtpSettings.from_config(config, {}, need_password=False).password is None
    with pytest.raises(ConfigError, match=r"smtp\.security: ожидается одно из: 'none', 'starttls', 'ssl'"):
        config.smtp.security = "tls1.3"
    with pytest.raises(ConfigError, match=r"IBCMON_SMTP_PORT \(smtp\.port\): ожидается целое число"):
        load_config(file, env={"IBCMON_SMTP_PORT": "x"})


# --- the command ---------------------------------------------------------------------------

def _config_file(tmp_path: Path, port: int) -> Path:
    path = tmp_path / "ibcmon.toml"
    path.write_text(
        f'[smtp]\nhost = "127.0.0.1"\nport = {port}\nsender = "monitoring@rribc.example"\n'
        f'timeout = 5.0\noutbox = "{tmp_path / "outbox"}"\n', encoding="utf-8")
    return path


def test_notify_command_summary_and_exit_codes(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'ibcmon.sqlite'}"
    db = open_database(url)
    make_world(db)
    db.dispose()
    port = free_port()
    runner = CliRunner()
    args = ["--db", url, "--config", str(_config_file(tmp_path, port)), "notify"]

    dry = runner.invoke(cli, [*args, "--dry-run", "--outbox", str(tmp_path / "preview")])
    assert dry.exit_code == 0, dry.output
    assert "записано в папку: 4" in dry.output and "нет адреса: 1" in dry.output
    assert "МБОУ СОШ № 2 р.п. Ванино" in dry.output
    assert len(list((tmp_path / "preview").glob("*.eml"))) == 4

    down = runner.invoke(cli, args)  # nothing listens on the port
    assert down.exit_code == 2, down.output
    assert "не отправлено (ошибка): 4" in down.output and "не удалось подключиться" in down.output

    server = SmtpServer(port).start()
    try:
        sent = runner.invoke(cli, args)
        assert sent.exit_code == 0, sent.output
        assert "отправлено: 4" in sent.output
        again = runner.invoke(cli, [*args, "--only", "Амурска"])
        assert again.exit_code == 0
        assert "пропущено (уже отправлено раньше): 1" in again.output and "отправлено: 0" in again.output
    finally:
        server.stop()
    assert len(server.handler.received) == 4

    unknown = runner.invoke(cli, [*args, "--only", "Нет такой"])
    assert unknown.exit_code == 3 or "нет центра" in str(unknown.exception)
    links = runner.invoke(cli, [*args, "--links"])
    assert links.exit_code == 0 and "ещё не проводилась" in links.output
