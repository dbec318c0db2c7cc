"""`make demo` end to end: the sample world is served, audited, reported and mailed (dry run)."""
from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from ibcmon.sample import build_world, load_truth

pytestmark = pytest.mark.slow


def test_demo_writes_the_report_and_an_outbox_of_score_cards(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    done = subprocess.run(
        [sys.executable, "-m", "ibcmon", "demo", "--out", str(out), "--quiet"],
        capture_output=True, text=True, timeout=240,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    truth = load_truth(0)
    assert "Traceback" not in done.stderr

    index = out / "report" / "index.html"
    assert str(index) in done.stdout
    soup = BeautifulSoup(index.read_text(encoding="utf-8"), "lxml")
    rows = soup.select("table tbody tr")
    assert len(rows) == len(truth["centres"])
    for centre in truth["centres"]:
        assert soup.find(string=lambda s, name=centre["name"]: s is not None and name in s), centre["name"]

    registry = list(csv.DictReader(io.StringIO(build_world(0).registry_csv())))
    listed = {c["name"] for c in truth["centres"]}
    with_address = {r["name"] for r in registry if r["email"] and r["name"] in listed}
    letters = sorted((out / "outbox").glob("*.eml"))
    assert len(letters) == len(with_address)
    assert f"записано {len(letters)}" in done.stdout
    assert (out / "ibcmon.sqlite").exists()
