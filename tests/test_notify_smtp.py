"""Score cards and link notices delivered to a real SMTP server on loopback (aiosmtpd)."""
from __future__ import annotations

import datetime as dt
import email
import email.policy
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.header import decode_header, make_header
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from bs4 import BeautifulSoup
from sqlalchemy import select

from checks.result import Advice, BrokenLink, CentreResult, ScorePart, SectionVerdict
from common.config import Config, ConfigError
from ibcmon.config import load_config
from ibcmon.deliver import notify_links, notify_scorecards
from store.db import Database
from store.models import (
    RUN_COMPLETE,
    Centre,
    CentreVisit,
    Delivery,
    Grading,
    LinkCheck,
    Run,
    Score,
)

AS_OF = dt.date(2026, 11, 20)
SECTIONS = [
    ("about", "Об ИБЦ"),
    ("work_plan", "План работы"),
    ("news", "Новости"),
    ("catalogue", "Электронный каталог"),
]


# --- the world: centres, an audit with a grading, a link check ---------------------------------

@dataclass
class CentreSpec:
    name: str
    email: str | None
    score: float | None
    grade: str | None
    missing: list[str] = field(default_factory=list)  # section ids
    librarian: str | None = "Мария Ивановна Петрова"
    status: str = "ok"


CENTRES = [
    CentreSpec("МБОУ СОШ № 5 г. Амурска", "sosh5@amursk.example", 78, "хорошо", ["catalogue"]),
    CentreSpec("МБОУ Гимназия № 1 г. Хабаровска", "gym1@khv.example", 91, "отлично", []),
    CentreSpec("МКОУ ООШ с. Троицкое", "troitskoe@example.ru; zavuch@example.ru", 41,
               "удовлетворительно", ["work_plan", "news"], librarian=None),
    CentreSpec("МБОУ СОШ № 2 р.п. Ванино", None, 65, "хорошо", ["news"]),
    CentreSpec("МБОУ СОШ с. Бельго", "belgo@example.ru", None, None, [], status="unreachable"),
]


def centre_result(centre_id: int, spec: CentreSpec) -> CentreResult:
    url = f"http://school{centre_id}.example/ibc/"
    details = [SectionVerdict(id=sid, title=title, present=sid not in spec.missing, weight=10.0,
                              points=0.0 if sid in spec.missing else 10.0) for sid, title in SECTIONS]
    audited = spec.status == "ok"
    return CentreResult(
        centre_id=centre_id, name=spec.name, municipality="Амурский район", url=url,
        final_url=url, status=spec.status,
        reason=None if audited else "сервер не отвечает",
        librarian=spec.librarian, email=spec.email, in_registry=True,
        last_updated=dt.date(2026, 10, 1) if audited else None,
        freshness="fresh" if audited else "unknown",
        sections={s.id: s.present for s in details} if audited else {},
        section_details=details if audited else [],
        broken_links=[BrokenLink(url=f"{url}old.pdf", found_on=url, status=404)] if audited else [],
        parts=[ScorePart("completeness", "Наполнение", 60, (spec.score or 0) * 0.6),
               ScorePart("freshness", "Обновление", 40, (spec.score or 0) * 0.4)] if audited else [],
        score=spec.score, grade=spec.grade,
        advice=[Advice(f"section:{sid}", f"Разместите раздел «{dict(SECTIONS)[sid]}»", 10.0)
                for sid in spec.missing],
    )


def make_world(db: Database, specs: list[CentreSpec] = CENTRES, as_of: dt.date = AS_OF) -> dict[str, Any]:
    """An audit run graded on `as_of`, with one Score per centre, as the grading stage stores it."""
    with db.session() as session:
        started = dt.datetime.combine(as_of, dt.time(3, 0))
        run = Run(kind="audit", status=RUN_COMPLETE, root_url="http://rribc.example/",
                  started_at=started, finished_at=started + dt.timedelta(minutes=40), as_of=as_of)
        session.add(run)
        session.flush()
        grading = Grading(run_id=run.id, as_of=as_of, rulebook_name="default", rulebook_hash="x" * 64)
        session.add(grading)
        session.flush()
        results = []
        for i, spec in enumerate(specs, start=1):
            key = f"school{i}.example/ibc"
            centre = session.scalars(select(Centre).where(Centre.key == key)).first()
            if centre is None:
                centre = Centre(key=key, name=spec.name, municipality="Амурский район",
                                url=f"http://school{i}.example/ibc/", librarian=spec.librarian,
                                email=spec.email, in_registry=True)
                session.add(centre)
                session.flush()
            session.add(CentreVisit(run_id=run.id, centre_id=centre.id, name=spec.name,
                                    municipality=centre.municipality, listed_url=centre.url,
                                    final_url=centre.url, status=spec.status))
            result = centre_result(centre.id, spec)
            results.append(result)
            session.add(Score(grading_id=grading.id, centre_id=centre.id, status=spec.status,
                              score=spec.score, grade=spec.grade, freshness=result.freshness,
                              last_updated=result.last_updated, result=_jsonable(result.to_dict())))
        return {"run_id": run.id, "grading_id": grading.id, "results": results}


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def make_linkcheck_run(db: Database, centre_ids: list[int]) -> int:
    """A nightly link check: two new broken links on the first centre, one on two centres
    (shared), one still broken (told before) and one pending (one bad night) elsewhere."""
    a, b, c = centre_ids[:3]
    with db.session() as session:
        run = Run(kind="linkcheck", status=RUN_COMPLETE, started_at=dt.datetime(2026, 11, 21, 2, 30),
                  finished_at=dt.datetime(2026, 11, 21, 2, 40),
                  stats={"linkcheck_history": {"new_broken": 3}, "linkcheck_alarm_after": 2})
        session.add(run)
        session.flush()

        def check(url: str, change: str, status: int | None, error: str | None, *owners: int) -> None:
            session.add(LinkCheck(
                run_id=run.id, url=url, verdict="broken", http_status=status, error=error,
                change=change, streak=2 if change == "new_broken" else 5 if change == "still_broken" else 1,
                broken_since=dt.datetime(2026, 11, 20, 2, 30),
                sources=[{"centre_id": o, "page_url": f"http://school{o}.example/ibc/",
                          "text": "Положение об ИБЦ", "fragment": ""} for o in owners],
            ))

        check("http://school1.example/ibc/polozhenie.pdf", "new_broken", 404, None, a)
        check("http://gone.example/", "new_broken", None, "соединение отклонено", a, c)
        check("http://old.example/still", "still_broken", 404, None, b)
        check("http://flaky.example/", "pending", 503, None, b)
        return run.id


# --- the SMTP server -----------------------------------------------------------------------

def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Recorder:
    """An aiosmtpd handler that keeps what it receives and can refuse chosen recipients."""

    def __init__(self) -> None:
        self.received: list[tuple[str, list[str], bytes]] = []
        self.reject: set[str] = set()

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                          rcpt_options: list[str]) -> str:
        if address in self.reject:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted for delivery"

    def messages(self) -> list[EmailMessage]:
        return [email.message_from_bytes(raw, policy=email.policy.default)  # type: ignore[misc]
                for _, _, raw in self.received]


class SmtpServer:
    def __init__(self, port: int | None = None, **kwargs: Any) -> None:
        self.port = port or free_port()
        self.handler = Recorder()
        self.kwargs = kwargs
        self.controller: Controller | None = None

    def start(self) -> SmtpServer:
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port, **self.kwargs)
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    server = SmtpServer().start()
    yield server
    server.stop()



def smtp_config(port: int, tmp_path: Path) -> Config:
    config = Config()
    config.smtp.host = "127.0.0.1"
    config.smtp.port = port
    config.smtp.sender = "monitoring@rribc.example"
    config.smtp.reply_to = "metodist@rribc.example"
    config.smtp.timeout = 5.0
    config.smtp.outbox = str(tmp_path / "outbox")
    return config


NO_ENV: dict[str, str] = {}


def deliveries(db: Database, kind: str = "scorecard") -> list[Delivery]:
    with db.session() as session:
        return list(session.scalars(select(Delivery).where(Delivery.kind == kind).order_by(Delivery.id)))


def decoded(message: EmailMessage, name: str) -> str:
    """A header decoded by RFC 2047 rules (whitespace between encoded words ignored).

    Python's own parser (policy.default) shows a space where a display name is split
    between two encoded words; mail clients do not.
    """
    raw = email.message_from_bytes(bytes(message))[name]
    return str(make_header(decode_header(raw)))


def html_of(message: EmailMessage) -> BeautifulSoup:
    part = message.get_body(("html",))
    assert part is not None
    return BeautifulSoup(part.get_content(), "html.parser")


def text_of(message: EmailMessage) -> str:
    part = message.get_body(("plain",))
    assert part is not None
    return str(part.get_content())


# --- score cards ------------------------------------------------------------------------------

def test_each_centre_with_an_address_gets_exactly_one_message_with_its_own_card(
    db: Database, smtp_server: SmtpServer, tmp_path: Path
) -> None:
    world = make_world(db)
    config = smtp_config(smtp_server.port, tmp_path)

    report = notify_scorecards(db, config, env=NO_ENV)

    assert report.exit_code == 0
    assert {o.name for o in report.sent} == {c.name for c in CENTRES if c.email}
    assert [o.name for o in report.no_address] == ["МБОУ СОШ № 2 р.п. Ванино"]
    messages = smtp_server.handler.messages()
    assert len(messages) == 4
    envelopes = sorted(addr for _, rcpts, _ in smtp_server.handler.received for addr in rcpts)
    assert envelopes == sorted([
        "sosh5@amursk.example", "gym1@khv.example", "troitskoe@example.ru", "zavuch@example.ru",
        "belgo@example.ru",
    ])
    by_subject = {decoded(m, "Subject"): m for m in messages}
    assert set(by_subject) == {str(m["Subject"]) for m in messages}
    amursk = by_subject["Мониторинг страницы ИБЦ: МБОУ СОШ № 5 г. Амурска — «хорошо» (78 баллов)"]
    assert "Мониторинг страницы ИБЦ: МБОУ Гимназия № 1 г. Хабаровска — «отлично» (91 балл)" in by_subject
    assert ("Мониторинг страницы ИБЦ: МКОУ ООШ с. Троицкое — «удовлетворительно» (41 балл)"
            in by_subject)
    assert "Мониторинг страницы ИБЦ: МБОУ СОШ с. Бельго — страница не открывается" in by_subject

    # the card of each centre, with its own score and its own missing sections
    for result in world["results"]:
        if not result.email:
            continue
        message = next(m for m in messages if result.name in str(m["Subject"]))
        soup = html_of(message)
        page = soup.get_text(" ", strip=True)
        assert result.name in page
        for other in CENTRES:
            if other.name != result.name:
                assert other.name not in page
        if result.score is not None:
            assert str(round(result.score)) in page
            missing = [s.title for s in result.section_details if not s.present]
            present = [s.title for s in result.section_details if s.present]
            for title in missing + present:
                assert title in page
            for title in missing:  # shown as missing (✗) in the checklist or the advice
                assert f"Разместите раздел «{title}»" in page
        text = text_of(message)
        assert result.name in text
    assert "Здравствуйте, Мария Ивановна Петрова!" in html_of(amursk).get_text(" ", strip=True)
    assert "Электронный каталог" in text_of(amursk)

    # headers: sender, the librarian's name, Message-ID and Date, reply-to the methodologist
    assert str(amursk["From"]) == "monitoring@rribc.example"
    assert decoded(amursk, "To") == "Мария Ивановна Петрова <sosh5@amursk.example>"
    assert amursk["Message-ID"].startswith("<") and amursk["Message-ID"].endswith("@rribc.example>")
    assert amursk["Date"].datetime is not None
    assert str(amursk["Reply-To"]) == "metodist@rribc.example"
    raw_subject = next(raw for _, rcpt, raw in smtp_server.handler.received
                       if rcpt == ["sosh5@amursk.example"]).split(b"\r\n\r\n")[0]
    assert b"=?utf-8?" in raw_subject.lower()  # RFC 2047 encoded, ASCII on the wire

    rows = deliveries(db)
    assert sorted(r.status for r in rows) == ["no_address", "sent", "sent", "sent", "sent"]
    assert all(r.message_id for r in rows if r.status == "sent")


def test_a_rerun_sends_nothing_twice(db: Database, smtp_server: SmtpServer, tmp_path: Path) -> None:
    make_world(db)
    config = smtp_config(smtp_server.port, tmp_path)
    first = notify_scorecards(db, config, env=NO_ENV)
    second = notify_scorecards(db, config, env=NO_ENV)

    assert len(first.sent) == 4
    assert second.sent == [] and len(second.skipped) == 4
    assert len(second.no_address) == 1  # still listed, not an error
    assert len(smtp_server.handler.received) == 4
    assert [r.status for r in deliveries(db)].count("no_address") == 1  # refreshed, not repeated


def test_refused_connection_is_logged_per_centre_and_retried_without_duplicates(
    db: Database, tmp_path: Path
) -> None:
    make_world(db)
    port = free_port()  # nothing listens here yet
    config = smtp_config(port, tmp_path)

    down = notify_scorecards(db, config, env=NO_ENV)
    assert down.exit_code == 2
    assert len(down.failed) == 4 and down.sent == []
    assert all("не удалось подключиться к SMTP-серверу 127.0.0.1" in (o.error or "") for o in down.failed)
    failed_rows = [r for r in deliveries(db) if r.status == "failed"]
    assert len(failed_rows) == 4 and all(r.error for r in failed_rows)

    server = SmtpServer(port).start()
    try:
        retry_only = notify_scorecards(db, config, env=NO_ENV, retry_only=True)
        assert len(retry_only.sent) == 4
        again = notify_scorecards(db, config, env=NO_ENV)
        assert again.sent == [] and len(again.skipped) == 4
        assert len(server.handler.received) == 4
        recipients = [r for _, rcpts, _ in server.handler.received for r in rcpts]
        assert len(recipients) == len(set(recipients))
    finally:
        server.stop()
    statuses = [r.status for r in deliveries(db)]
    assert statuses.count("failed") == 4 and statuses.count("sent") == 4


def test_a_refused_recipient_fails_alone_and_the_others_go_on(
    db: Database, smtp_server: SmtpServer, tmp_path: Path
) -> None:
    make_world(db)
    smtp_server.handler.reject.add("gym1@khv.example")
    config = smtp_config(smtp_server.port, tmp_path)

    report = notify_scorecards(db, config, env=NO_ENV)
    assert [o.name for o in report.failed] == ["МБОУ Гимназия № 1 г. Хабаровска"]
    assert "550" in (report.failed[0].error or "")
    assert len(report.sent) == 3

    smtp_server.handler.reject.clear()
    retry = notify_scorecards(db, config, env=NO_ENV)
    assert [o.name for o in retry.sent] == ["МБОУ Гимназия № 1 г. Хабаровска"]
    assert len(smtp_server.handler.received) == 4


def test_login_with_the_password_from_the_environment(db: Database, tmp_path: Path) -> None:
    make_world(db)
    seen: list[tuple[str, str]] = []

    def authenticator(server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> AuthResult:
        assert isinstance(auth_data, LoginPassword)
        seen.append((auth_data.login.decode(), auth_data.password.decode()))
        ok = auth_data.password == b"s3cret-42"
        return AuthResult(success=ok, handled=False)  # handled=False: the server answers 535

    server = SmtpServer(authenticator=authenticator, auth_require_tls=False,
                        auth_exclude_mechanism=["LOGIN"]).start()
    try:
        config = smtp_config(server.port, tmp_path)
        config.smtp.username = "rribc"
        with pytest.raises(ConfigError, match="IBCMON_SMTP_PASSWORD"):
            notify_scorecards(db, config, env=NO_ENV)
        wrong = notify_scorecards(db, config, env={"IBCMON_SMTP_PASSWORD": "wrong"})
        assert len(wrong.failed) == 4 and "535" in (wrong.failed[0].error or "")
        report = notify_scorecards(db, config, env={"IBCMON_SMTP_PASSWORD": "s3cret-42"})
        assert len(report.sent) == 4
        assert seen[-1] == ("rribc", "s3cret-42")
        cyrillic = notify_scorecards(db, config, env={"IBCMON_SMTP_PASSWORD": "пароль"}, only="Амурска")
        assert cyrillic.failed == [] and len(cyrillic.skipped) == 1  # already sent: no login at all
    finally:
        server.stop()


def test_environment_overrides_host_port_and_sender(db: Database, smtp_server: SmtpServer,
                                                    tmp_path: Path) -> None:
    make_world(db)
    file = tmp_path / "ibcmon.toml"  # a wrong host and port in the file
    file.write_text(f'[smtp]\nhost = "192.0.2.1"\nport = 1\ntimeout = 5.0\noutbox = "{tmp_path / "outbox"}"\n',
                    encoding="utf-8")
    env = {"IBCMON_SMTP_HOST": "127.0.0.1", "IBCMON_SMTP_PORT": str(smtp_server.port),
           "IBCMON_SMTP_SENDER": "РРИБЦ <noreply@rribc.example>"}
    config = load_config(file, env=env)  # the environment over the file, in ibcmon.config
    report = notify_scorecards(db, config, only="Амурска", env=NO_ENV)
    assert len(report.sent) == 1
    (message,) = smtp_server.handler.messages()
    assert message["From"].addresses[0].display_name == "РРИБЦ"
    assert smtp_server.handler.received[0][0] == "noreply@rribc.example"


def test_only_one_centre_by_id_or_name(db: Database, smtp_server: SmtpServer, tmp_path: Path) -> None:
    world = make_world(db)
    config = smtp_config(smtp_server.port, tmp_path)
    gym_id = world["results"][1].centre_id
    assert [o.centre_id for o in notify_scorecards(db, config, only=str(gym_id), env=NO_ENV).sent] == [gym_id]
    assert [o.name for o in notify_scorecards(db, config, only="троицкое", env=NO_ENV).sent] == [
        "МКОУ ООШ с. Троицкое"
    ]
    with pytest.raises(ConfigError, match="нет центра"):
        notify_scorecards(db, config, only="Нет такой школы", env=NO_ENV)


# --- the dry run -----------------------------------------------------------------------------

def test_dry_run_writes_eml_files_and_does_not_block_the_real_sending(
    db: Database, smtp_server: SmtpServer, tmp_path: Path
) -> None:
    make_world(db)
    config = smtp_config(smtp_server.port, tmp_path)
    outbox = tmp_path / "preview"

    dry = notify_scorecards(db, config, dry_run=True, outbox=outbox, env=NO_ENV)
    files = sorted(outbox.glob("*.eml"))
    assert len(dry.sent) == 4 and len(files) == 4
    assert smtp_server.handler.received == []
    parsed = [email.message_from_bytes(f.read_bytes(), policy=email.policy.default) for f in files]
    subjects = {str(m["Subject"]) for m in parsed}
    assert "Мониторинг страницы ИБЦ: МБОУ СОШ № 5 г. Амурска — «хорошо» (78 баллов)" in subjects
    assert all(m.get_body(("html",)) is not None and m.get_body(("plain",)) is not None for m in parsed)
    assert {r.status for r in deliveries(db)} == {"dry_run", "no_address"}

    again = notify_scorecards(db, config, dry_run=True, outbox=outbox, env=NO_ENV)
    assert again.sent == [] and len(again.skipped) == 4

    real = notify_scorecards(db, config, env=NO_ENV)
    assert len(real.sent) == 4 and len(smtp_server.handler.received) == 4


def test_dry_run_needs_no_password_and_no_server(db: Database, tmp_path: Path) -> None:
    make_world(db)
    config = smtp_config(free_port(), tmp_path)
    config.smtp.username = "rribc"
    report = notify_scorecards(db, config, dry_run=True, env=NO_ENV)
    assert len(report.sent) == 4
    assert len(list((tmp_path / "outbox").glob("scorecard-*.eml"))) == 4


def test_nothing_to_send_without_a_graded_audit(db: Database, tmp_path: Path) -> None:
    config = smtp_config(free_port(), tmp_path)
    report = notify_scorecards(db, config, env=NO_ENV)
    assert report.run_id is None and report.outcomes == [] and report.exit_code == 0
    assert notify_links(db, config, env=NO_ENV).outcomes == []


# --- link notices ----------------------------------------------------------------------------

def test_link_notice_goes_only_to_centres_with_new_broken_links_once(
    db: Database, smtp_server: SmtpServer, tmp_path: Path
) -> None:
    world = make_world(db)
    ids = [r.centre_id for r in world["results"]]
    run_id = make_linkcheck_run(db, ids)
    config = smtp_config(smtp_server.port, tmp_path)

    report = notify_links(db, config, env=NO_ENV)

    assert report.run_id == run_id
    # centre 1: two new broken links; centre 3: the shared one; centre 2: only still broken
    # and pending links (already told / one bad night): no notice
    assert sorted(o.centre_id for o in report.sent) == [ids[0], ids[2]]
    messages = {str(m["Subject"]): m for m in smtp_server.handler.messages()}
    first = messages["Мониторинг страницы ИБЦ: МБОУ СОШ № 5 г. Амурска — не открываются 2 ссылки"]
    third = messages["Мониторинг страницы ИБЦ: МКОУ ООШ с. Троицкое — не открывается 1 ссылка"]
    page = html_of(first).get_text(" ", strip=True).replace("\u00a0", " ")
    assert "polozhenie.pdf" in page and "gone.example" in page
    assert "страница не найдена (404)" in page and "соединение отклонено" in page
    assert "2 ночи подряд" in page
    assert "old.example" not in page and "flaky.example" not in page
    assert "gone.example" in text_of(third) and "polozhenie.pdf" not in text_of(third)

    again = notify_links(db, config, env=NO_ENV)
    assert again.sent == [] and len(again.skipped) == 2
    assert len(smtp_server.handler.received) == 2
    assert {r.run_id for r in deliveries(db, "links")} == {run_id}


def test_the_next_audit_sends_new_cards_with_the_trend(
    db: Database, smtp_server: SmtpServer, tmp_path: Path
) -> None:
    make_world(db)
    config = smtp_config(smtp_server.port, tmp_path)
    assert len(notify_scorecards(db, config, env=NO_ENV).sent) == 4
    spring = [CentreSpec(c.name, c.email, (c.score or 0) + 5 if c.score is not None else None, c.grade,
                         [], c.librarian, c.status) for c in CENTRES]
    second = make_world(db, spring, as_of=dt.date(2027, 3, 15))

    report = notify_scorecards(db, config, env=NO_ENV)

    assert report.run_id == second["run_id"] and len(report.sent) == 4
    assert len(smtp_server.handler.received) == 8
    latest = {str(m["Subject"]): m for m in smtp_server.handler.messages()[4:]}
    amursk = latest["Мониторинг страницы ИБЦ: МБОУ СОШ № 5 г. Амурска — «хорошо» (83 балла)"]
    page = html_of(amursk).get_text(" ", strip=True).replace("\u00a0", " ")
    assert "20.11.2026 78 хорошо" in page  # its trend: the autumn audit ...
    assert "15.03.2027 (текущее) 83 хорошо" in page  # ... and this one


# --- STARTTLS and SSL ---------------------------------------------------------------------------

def _self_signed(tmp_path: Path) -> tuple[Path, Path]:
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=2))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                       critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


@pytest.mark.parametrize("security", ["starttls", "ssl"])
def test_starttls_and_ssl_with_a_verified_certificate(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, security: str
) -> None:
    import ssl

    from ibcmon.deliver import smtp as smtp_module

    cert, key = _self_signed(tmp_path)
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_context.load_cert_chain(cert, key)
    options: dict[str, Any] = (
        {"tls_context": server_context, "require_starttls": True} if security == "starttls"
        else {"ssl_context": server_context}
    )
    make_world(db)
    config = smtp_config(free_port(), tmp_path)
    config.smtp.security = security
    server = SmtpServer(config.smtp.port, **options).start()
    try:
        # the client trusts only the system's CAs: the self-signed server is refused ...
        refused = notify_scorecards(db, config, env=NO_ENV, only="Амурска")
        assert len(refused.failed) == 1 and "CERTIFICATE_VERIFY_FAILED" in (refused.failed[0].error or "")
        # ... and accepted once its certificate is trusted
        trusting = ssl.create_default_context
        monkeypatch.setattr(smtp_module.ssl, "create_default_context", lambda: trusting(cafile=str(cert)))
        report = notify_scorecards(db, config, env=NO_ENV)
    finally:
        server.stop()
    assert len(report.sent) == 4
    assert len(server.handler.received) == 4
