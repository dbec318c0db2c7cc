"""Hostile probes of the review app: ids out of range, script URLs in a stored snapshot."""
from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from common.config import Config
from ibcmon.review.app import create_app
from ibcmon.review.snapshot import inert_html
from store.db import Database

BEYOND_64_BITS = str(2**64 + 1)


@pytest.mark.parametrize("path", [
    f"/runs/{BEYOND_64_BITS}", f"/runs/{BEYOND_64_BITS}/queue", f"/runs/1/centres/{BEYOND_64_BITS}",
    f"/runs/{BEYOND_64_BITS}/centres/1", f"/runs/1/pages/{BEYOND_64_BITS}/snapshot",
    f"/runs/{2**63}", "/runs/-1", "/runs/1/centres/-5", "/runs/1/pages/-1/snapshot",
])
def test_ids_out_of_range_are_not_found(db: Database, path: str) -> None:
    client = create_app(db, Config()).test_client()
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("value", [BEYOND_64_BITS, "-1", "x"])
def test_a_run_filter_out_of_range_is_no_filter(db: Database, value: str) -> None:
    client = create_app(db, Config()).test_client()
    assert client.get(f"/corrections?run={value}").status_code == 200


HOSTILE_SNAPSHOT = """<!DOCTYPE html><html><head><title>ИБЦ</title></head><body>
<p>Текст страницы</p>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">
 <a xlink:href="javascript:alert(1)"><text x="0" y="15">svg-ссылка</text></a>
 <a href="javascript:alert(2)"><animate attributeName="href" values="javascript:alert(3)"/>
  <text>анимация</text></a>
 <set attributeName="href" to="javascript:alert(4)"/>
</svg>
<math><mtext><a href="javascript:alert(5)">math</a></mtext></math>
<a href="https://school.example/ibc/">сайт</a> <a href="mailto:ibc@school.example">почта</a>
<a href="http://school.example/">http</a> <a href="/relative">свой адрес</a>
<a href="data:text/html,<script>alert(6)</script>">data</a> <a href="vbscript:x">vb</a>
<a href="JaVaScRiPt&colon;alert(7)">entity</a> <a href=" javascript:alert(8)">space</a>
<form action="https://evil.example/"><input name="q"></form>
<img src="https://school.example/i.png" alt="картинка" onerror="alert(9)">
</body></html>"""


def test_snapshot_keeps_only_web_and_mail_links() -> None:
    out = inert_html(HOSTILE_SNAPSHOT)
    lowered = out.lower()
    for bad in ("javascript", "xlink", "animate", "<set", "values=", "data:", "vbscript", "onerror",
                "<form", "src=", "/relative", "<svg", "<math"):
        assert bad not in lowered, bad
    page = BeautifulSoup(out, "html.parser")
    hrefs = sorted(a["href"] for a in page.find_all(href=True))
    assert hrefs == ["http://school.example/", "https://school.example/ibc/", "mailto:ibc@school.example"]
    assert "Текст страницы" in out and "картинка" in out
