"""The VK key never shows: not in `ps`, the logs, the store, the report or the exports.

A whole `ibcmon audit` of the bundled world runs in a child process with the key in
$IBCMON_VK_TOKEN, against the bundled fakes of VK and t.me (on loopback); while it runs,
every process's command line is read, and afterwards every output is searched."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from openpyxl import load_workbook

from ibcmon.sample import SampleServer, build_world
from ibcmon.sample.fakesocial import FakeSocial
from ibcmon.sample.social import CHANNELS, COMMUNITIES

KEY = "vk1.a.SECRET-service-key-7f3a9c0e5b2d4a61"


def _command_lines() -> str:
    return subprocess.run(["ps", "-eww", "-o", "args"], capture_output=True, text=True, check=True).stdout


def test_the_vk_key_appears_nowhere(tmp_path: Path) -> None:
    db = tmp_path / "ibcmon.sqlite"
    out = tmp_path / "report"
    with SampleServer(build_world) as server, FakeSocial(COMMUNITIES, CHANNELS, token=KEY) as fake:
        config = tmp_path / "ibcmon.toml"
        config.write_text(
            "[network]\nallow_private = true\n[crawl]\ndelay = 0.05\n[linkcheck]\ndelay = 0.0\n"
            f'[social]\nvk_api_url = "{fake.vk_api_url}"\ntelegram_preview_url = "{fake.preview_url}"\n',
            encoding="utf-8")
        env = {**os.environ, "IBCMON_VK_TOKEN": KEY, "IBCMON_CONFIG": str(config), "IBCMON_DB": f"sqlite:///{db}"}
        child = subprocess.Popen(
            [sys.executable, "-m", "ibcmon", "-vv", "audit", server.root_url, "--as-of", "2026-11-20",
             "--out", str(out)],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        seen = 0
        deadline = time.monotonic() + 300
        while child.poll() is None and time.monotonic() < deadline:
            assert KEY not in _command_lines()
            seen += 1
            time.sleep(0.2)
        stdout, stderr = child.communicate(timeout=60)
        used = set(fake.tokens_seen)
    assert child.returncode == 0, stderr[-2000:]
    assert seen > 3  # the command lines were read while the audit ran
    assert used == {KEY}  # the key did reach VK (in the request body)
    assert "ВКонтакте" in stdout and "Оценено" in stdout
    assert KEY not in stdout and KEY not in stderr  # the log, at debug level
    assert KEY.encode() not in db.read_bytes()
    for path in out.rglob("*"):
        if path.is_file():
            assert KEY.encode() not in path.read_bytes(), path
    exports = {}
    for fmt in ("json", "csv", "xlsx"):
        target = tmp_path / f"audit.{fmt}"
        done = subprocess.run([sys.executable, "-m", "ibcmon", "export", "--format", fmt, "--out", str(target)],
                              env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr[-2000:]
        exports[fmt] = target
    assert KEY not in exports["json"].read_text(encoding="utf-8")
    assert '"representation": "vk"' in exports["json"].read_text(encoding="utf-8")
    assert KEY not in exports["csv"].read_text(encoding="utf-8-sig")
    book = load_workbook(exports["xlsx"])
    cells = " ".join(str(c.value) for sheet in book for row in sheet.iter_rows() for c in row)
    assert KEY not in cells and "ВКонтакте" in cells


def test_without_a_key_the_audit_says_once_how_to_enable_the_check(tmp_path: Path) -> None:
    with SampleServer(build_world) as server, FakeSocial(COMMUNITIES, CHANNELS, token=KEY) as fake:
        config = tmp_path / "ibcmon.toml"
        config.write_text(
            "[network]\nallow_private = true\n[crawl]\ndelay = 0.05\n[linkcheck]\ndelay = 0.0\n"
            f'[social]\nvk_api_url = "{fake.vk_api_url}"\ntelegram_preview_url = "{fake.preview_url}"\n',
            encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if k != "IBCMON_VK_TOKEN"}
        env.update(IBCMON_CONFIG=str(config), IBCMON_DB=f"sqlite:///{tmp_path / 'ibcmon.sqlite'}")
        done = subprocess.run([sys.executable, "-m", "ibcmon", "audit", server.root_url, "--as-of", "2026-11-20",
                               "--out", str(tmp_path / "report")], env=env, capture_output=True, text=True,
                              timeout=300)
        vk_calls = list(fake.calls)
    assert done.returncode == 0, done.stderr[-2000:]
    assert vk_calls == []
    assert (done.stdout + done.stderr).count("IBCMON_VK_TOKEN") == 1
    assert "Оценено: сайт — 16, Telegram — 1" in done.stdout  # the channel needs no key
