"""Hostile probes kept as a suite: a hostile sample world on loopback (tests/security_world.py).

A real crawl, link check and grading of the world run in a child process whose peak RSS
is read from the kernel (`os.wait4`): a robots.txt gzip bomb of ~2 GB and a 5 KB
`gzip, gzip` bomb must not inflate (peak under 300 MB), and every answer gets a sensible
verdict. A refresh to `mailto:` leaves its centre graded; `linkcheck --csv` of formula
link texts and centre names reads back with no live cell.
"""
from __future__ import annotations

import csv
import json
import os
import resource
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from security_world import FORMULA_NAME, FORMULA_TEXTS, HostileWorld, bombs

pytestmark = pytest.mark.slow

PEAK_RSS_LIMIT = 300 * 1024 * 1024
ADDRESS_SPACE_GUARD = 4 << 30  # an old, inflating reader fails here instead of eating the machine

AUDIT_SCRIPT = """
import datetime, json, sys
from checks.grade import grade_run, load_audit_result
from common.config import Config
from crawler.linkcheck import check_run_links
from crawler.run import run_crawl
from store.db import open_database

db_url, root, listing = sys.argv[1:4]
config = Config()
config.network.allow_private = True
config.crawl.delay = 0.0
config.crawl.timeout = 20.0
config.linkcheck.delay = 0.0
config.linkcheck.timeout = 20.0
config.discovery.registry_urls = [listing]
db = open_database(db_url)
run_id = run_crawl(db.url, config, root, "audit")
check_run_links(db, config, run_id)
result = load_audit_result(db, grading_id=grade_run(db, run_id, datetime.date(2026, 11, 20)))
print(json.dumps({"run_id": run_id, "centres": [
    {"url": c.url, "name": c.name, "status": c.status, "reason": c.reason, "score": c.score,
     "broken": [b.url for b in c.broken_links]} for c in result.centres]}))
"""


# The audit is started by a small launcher that reports the audit's peak RSS. The kernel
# counts a forked child's peak from the moment of the fork, the parent's resident pages
# included: forked straight from pytest, the audit would carry the test session's own memory
# (about 300 MB late in a full run, against 133 MB alone). The launcher is a fresh,
# small interpreter, so what it measures is the audit and its crawl child only.
LAUNCHER = """
import os, sys
pid = os.posix_spawn(sys.executable, [sys.executable, *sys.argv[1:]], os.environ)
_pid, status, usage = os.wait4(pid, 0)  # the audit and its reaped crawl child
with open(os.environ["IBCMON_PEAK_RSS_FILE"], "w") as out:
    out.write(str(usage.ru_maxrss))  # kilobytes on Linux
sys.exit(os.waitstatus_to_exitcode(status))
"""


def _guard() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE_GUARD, ADDRESS_SPACE_GUARD))


@pytest.fixture(scope="module")
def world() -> Iterator[HostileWorld]:
    bombs()  # built once, before any clock starts
    served = HostileWorld()
    yield served
    served.close()


@pytest.fixture(scope="module")
def audited(world: HostileWorld, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    db_url = f"sqlite:///{tmp_path_factory.mktemp('security')}/hostile.sqlite"
    workdir = Path(db_url.removeprefix("sqlite:///")).parent
    peak_file = workdir / "peak_rss.txt"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1]), "IBCMON_ALLOW_PRIVATE": "1",
           "IBCMON_PEAK_RSS_FILE": str(peak_file)}
    with (workdir / "out.txt").open("wb") as out, (workdir / "err.txt").open("wb") as err:
        proc = subprocess.Popen([sys.executable, "-c", LAUNCHER, "-c", AUDIT_SCRIPT, db_url, world.root_url,
                                 world.listing_url], stdout=out, stderr=err, env=env, preexec_fn=_guard,
                                start_new_session=True)
    # bounded, even on a regression: the whole group, launcher and audit
    killer = threading.Timer(600, lambda: os.killpg(proc.pid, signal.SIGKILL))
    killer.start()
    try:
        proc.wait()
    finally:
        killer.cancel()
    assert proc.returncode == 0, (workdir / "err.txt").read_text(errors="replace")[-3000:]
    data = json.loads((workdir / "out.txt").read_text().strip().splitlines()[-1])
    data["db_url"] = db_url
    data["peak_rss"] = int(peak_file.read_text()) * 1024  # kilobytes on Linux
    return data


def _centre(audited: dict[str, Any], host: str) -> dict[str, Any]:
    return next(c for c in audited["centres"] if host in c["url"])


def test_bombs_do_not_inflate(audited: dict[str, Any]) -> None:
    assert audited["peak_rss"] < PEAK_RSS_LIMIT, f"peak RSS {audited['peak_rss'] / 2**20:.0f} MB"


def test_a_refresh_to_mailto_leaves_the_centre_graded(audited: dict[str, Any]) -> None:
    centre = _centre(audited, "127.0.0.93")
    assert centre["status"] == "ok", centre
    assert centre["score"] is not None


def test_a_page_over_the_cap_is_too_large_not_a_broken_link(audited: dict[str, Any]) -> None:
    big = _centre(audited, "127.0.0.94")
    assert big["status"] == "error" and "страница слишком большая" in (big["reason"] or ""), big
    linking = _centre(audited, "127.0.0.91")
    assert linking["status"] == "ok", linking
    assert not any("127.0.0.94" in url for url in linking["broken"]), linking["broken"]


def test_bomb_links_get_a_clear_verdict(audited: dict[str, Any]) -> None:
    from sqlalchemy import select

    from store.db import open_database
    from store.models import LinkCheck

    db = open_database(audited["db_url"])
    try:
        with db.session() as s:
            checks = {c.url: c for c in s.scalars(select(LinkCheck))}
    finally:
        db.dispose()
    bomb = next(c for url, c in checks.items() if url.endswith("/bomba/"))
    assert bomb.verdict == "blocked" and "сжат" in (bomb.error or ""), (bomb.verdict, bomb.error)
    big = next(c for url, c in checks.items() if "127.0.0.94" in url)
    assert big.verdict == "blocked" and big.error == "страница слишком большая", (big.verdict, big.error)
    plain = next(c for url, c in checks.items() if "/kniga/" in url)
    assert plain.verdict == "ok", (plain.verdict, plain.error)  # the bomb robots.txt was read, bounded


def _live(cell: str) -> bool:
    return cell.lstrip(" ").startswith(("=", "+", "-", "@", "\t", "\r"))


def test_linkcheck_csv_has_no_live_cell(audited: dict[str, Any], world: HostileWorld, tmp_path: Path) -> None:
    from click.testing import CliRunner
    from openpyxl import Workbook

    from ibcmon.cli import cli

    out = tmp_path / "links.csv"
    result = CliRunner().invoke(cli, ["--db", audited["db_url"], "linkcheck", "--run", str(audited["run_id"]),
                                      "--csv", str(out), "-q"], env={"IBCMON_ALLOW_PRIVATE": "1"})
    assert result.exit_code in (0, 2), result.output
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines(keepends=True)))
    cells = [cell for row in rows for cell in row]
    texts = {row[3] for row in rows[1:]}
    assert all("'" + t in texts for t in FORMULA_TEXTS), texts  # every formula text, kept as text
    name = _centre(audited, "127.0.0.91")["name"]
    assert name.startswith("=") and FORMULA_NAME.startswith(name.split("(")[0]), name
    assert "'" + name in {row[1] for row in rows[1:]}, "the centre's name, kept as text"
    assert [cell for cell in cells if _live(cell)] == []
    sheet = Workbook().active
    for row in rows:
        sheet.append(row)
    assert [c.coordinate for r in sheet.iter_rows() for c in r if c.data_type == "f"] == []


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "   =1+1", "  @x"])
def test_the_csv_writer_makes_formulas_text(text: str, tmp_path: Path) -> None:
    from reports.csvfile import write_csv

    path = tmp_path / "t.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        write_csv(fh, ["a"], [[text], ["Обычный текст"]])
    rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
    assert rows[1] == ["'" + text] and rows[2] == ["Обычный текст"]
