"""Registry fields: control characters cleaned, e-mail fields strict (issue 11, 3a)."""
from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from test_notify_smtp import CentreSpec, SmtpServer, deliveries, make_world, smtp_config

from crawler.registry import import_registry_csv, read_registry
from ibcmon.cli import run
from ibcmon.deliver import notify_scorecards
from store.db import Database
from store.models import Centre

INJECTED = "lib@example.org\r\nBcc: other@example.net"


def registry_file(tmp_path: Path) -> Path:
    path = tmp_path / "registry.csv"
    rows = [
        "name,municipality,url,librarian,email",
        f'"МБОУ СОШ № 1\r\nс. Мирное",Хабаровский район,http://school1.example/ibc/,"Иванова\x00 Мария",'
        f'"{INJECTED}"',
        "МБОУ СОШ № 2,Хабаровский район,http://school2.example/ibc/,Петрова,a@school2.example; b@school2.example",
        "МБОУ СОШ № 3,Хабаровский район,http://school3.example/ibc/,Сидорова,c@school3.example d@school3.example",
    ]
    path.write_bytes("\n".join(rows).encode("utf-8") + b"\n")
    return path


def test_fields_are_cleaned_and_a_bad_email_field_is_named_by_its_line(tmp_path: Path) -> None:
    rows = read_registry(registry_file(tmp_path))
    first, second, third = rows
    assert first.name == "МБОУ СОШ № 1 с. Мирное" and first.librarian == "Иванова Мария"
    assert first.email is None and first.problem is not None and first.problem.startswith("строка 2:")
    assert second.email == "a@school2.example; b@school2.example" and second.problem is None
    assert third.email is None and third.problem is not None and third.problem.startswith("строка 6:")  # the row starts on line 6


def test_the_import_command_reports_the_line(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    code = run(["registry", "import", str(registry_file(tmp_path)), "--db", f"sqlite:///{tmp_path / 'r.sqlite'}"])
    assert code == 0
    _, err = capfd.readouterr()
    assert "строка 2:" in err and "строка 6:" in err and "письма этому ИБЦ не отправляются" in err


def test_an_injected_bcc_mails_nobody(db: Database, tmp_path: Path) -> None:
    counts = import_registry_csv(db, registry_file(tmp_path))
    assert any(p.startswith("строка 2:") for p in counts["problems"])
    with db.session() as session:
        centre = session.scalars(select(Centre).where(Centre.key == "school1.example/ibc")).one()
        assert centre.email is None and "\n" not in centre.name and "\r" not in centre.name
    make_world(db, [CentreSpec("МБОУ СОШ № 1 с. Мирное", None, 70, "хорошо"),
                    CentreSpec("МБОУ СОШ № 2", None, 80, "хорошо")])
    server = SmtpServer().start()
    try:
        report = notify_scorecards(db, smtp_config(server.port, tmp_path), None, env={})
    finally:
        server.stop()
    recipients = [address for _, tos, _ in server.handler.received for address in tos]
    assert "lib@example.org" not in recipients and "other@example.net" not in recipients
    assert sorted(recipients) == ["a@school2.example", "b@school2.example"]
    statuses = {d.centre_id: d.status for d in deliveries(db)}
    assert sorted(statuses.values()) == ["no_address", "sent"]
    assert report.no_address


def test_a_stored_injected_field_is_never_mailed(db: Database, tmp_path: Path) -> None:
    """A field stored before this rule (or written by hand) is refused at delivery too."""
    make_world(db, [CentreSpec("МБОУ СОШ № 1", INJECTED, 70, "хорошо")])
    report = notify_scorecards(db, smtp_config(1, tmp_path), None, dry_run=True, outbox=tmp_path / "out")
    assert not list((tmp_path / "out").glob("*.eml")) if (tmp_path / "out").exists() else True
    assert [d.status for d in deliveries(db)] == ["no_address"]
    assert report.no_address
