"""`ibcmon linkcheck`: runs, exit codes, JSON, CSV and the HTML link report."""
from __future__ import annotations

import csv
import json
from pathlib import Path

from aiohttp import web
from bs4 import BeautifulSoup
from click.testing import CliRunner
from sqlalchemy import select
from test_linkcheck_engine import MiniServer, ok
from test_linkcheck_history import links, make_crawl

from ibcmon.cli import cli
from store.db import open_database
from store.models import LinkCheck, Run

CONFIG = """
[linkcheck]
delay = 0.0
confirm_delay = 0.1
timeout = 3.0
"""


def test_linkcheck_command(tmp_path: Path, server: MiniServer) -> None:
    a, ext = server.ips
    server.routes["/ok"] = ok
    server.routes["/gone"] = lambda r, h: web.Response(status=404)
    server.routes["/moved"] = lambda r, h: web.Response(status=301, headers={"Location": "/ok"})
    server.routes["/cf"] = lambda r, h: web.Response(status=403, headers={"Server": "ddos-guard"})
    evil = server.url("/gone", ext) + '?q="><script>alert(1)</script>'
    db_url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    db = open_database(db_url)
    source = make_crawl(db, server, {"a": [("/lib", {"links": links(
        (server.url("/ok", ext), "НЭБ"), (server.url("/gone", ext), "<b>Каталог</b>"),
        (server.url("/moved", ext), "Перенесено"), (server.url("/cf", ext), "Защищён"),
        (evil, "<script>alert(2)</script>"), (server.url("/lib", a), "Сама страница"),
    )})]})
    (tmp_path / "c.toml").write_text(CONFIG, encoding="utf-8")
    out = tmp_path / "out"
    args = ["--db", db_url, "--config", str(tmp_path / "c.toml"), "linkcheck", "-q",
            "--json", str(out / "l.json"), "--csv", str(out / "l.csv"), "--html", str(out / "l.html")]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "не работают: 2" in result.output
    assert "не удалось проверить: 1" in result.output

    data = json.loads((out / "l.json").read_text(encoding="utf-8"))
    assert data["run"]["source_run"] == source
    assert data["summary"]["broken"] == 2
    verdicts = {item["url"]: item["verdict"] for item in data["links"]}
    assert verdicts[server.url("/moved", ext)] == "redirected"
    assert verdicts[server.url("/cf", ext)] == "blocked"
    assert data["digest"]["history"] is True
    assert data["digest"]["totals"]["pending"] == 2  # one night is not an alarm
    assert data["digest"]["totals"]["redirected"] == 1 and data["digest"]["totals"]["broken"] == 2

    with (out / "l.csv").open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    gone = next(r for r in rows if r["url"] == server.url("/gone", ext))
    assert gone["verdict"] == "broken" and gone["centre"] == "ИБЦ a" and gone["link_text"] == "<b>Каталог</b>"

    html = (out / "l.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("script") is None  # nothing a page said runs in the report
    assert "<script>alert" not in html
    assert soup.select("#pending tr.b-pending")
    assert soup.find(string=lambda s: s and "не удалось проверить" in s.lower())

    # a second night: the same links broken again are now alarmed; --fail-on-broken → 2
    result = CliRunner().invoke(cli, args[:-6] + ["--fail-on-broken", "--run", str(source)])
    assert result.exit_code == 2, result.output
    assert "Неработающие — новые: 2, по-прежнему не работают: 0" in result.output
    with db.session() as s:
        kinds = [r.kind for r in s.scalars(select(Run).order_by(Run.id))]
        assert kinds == ["crawl", "linkcheck", "linkcheck"]
        # a link-check run keeps the settings it ran with, as every run does (no DB URL)
        settings = s.get(Run, 2).settings
        assert settings["source_run"] == source
        assert settings["linkcheck"]["timeout"] == 3.0 and settings["linkcheck"]["confirm_delay"] == 0.1
        assert db_url not in json.dumps(settings)
        assert s.scalar(select(LinkCheck).where(LinkCheck.url == server.url("/gone", ext), LinkCheck.run_id == 3)).streak == 2


def test_linkcheck_without_a_crawl_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--db", f"sqlite:///{tmp_path / 'db.sqlite'}", "linkcheck", "-q"])
    assert result.exit_code != 0
    from ibcmon.cli import run

    assert run(["--db", f"sqlite:///{tmp_path / 'db.sqlite'}", "linkcheck", "-q"]) == 3
