"""Pure parts of the link check: URL normalisation, filters, verdicts, anchors (no network)."""
from __future__ import annotations

import pytest

from common.config import LinkcheckConfig
from crawler.linkcheck.extract import page_anchors
from crawler.linkcheck.filter import CHECK, EXCLUDE, SKIP, LinkFilter
from crawler.linkcheck.pipeline import checkable_fragment
from crawler.linkcheck.urls import normalize_url, split_url
from crawler.linkcheck.verdict import classify_status, is_trivial_move, redirect_verdict


@pytest.mark.parametrize(("raw", "base", "expected"), [
    ("  http://Example.RU:80/a b?q=1#frag \n", None, ("http://example.ru/a%20b?q=1", "frag")),
    ("/документы/положение.pdf", "http://127.0.0.16:8080/biblioteka/",
     ("http://127.0.0.16:8080/%D0%B4%D0%BE%D0%BA%D1%83%D0%BC%D0%B5%D0%BD%D1%82%D1%8B/%D0%BF%D0%BE%D0%BB%D0%BE%D0%B6%D0%B5%D0%BD%D0%B8%D0%B5.pdf", "")),
    ("http://x.ru/%D0%B0%20b", None, ("http://x.ru/%D0%B0%20b", "")),  # already encoded: kept
    ("http://x.ru/100%", None, ("http://x.ru/100%25", "")),  # a stray % is encoded
    ("https://школа.рф/библиотека", None, ("https://xn--80atdl2c.xn--p1ai/%D0%B1%D0%B8%D0%B1%D0%BB%D0%B8%D0%BE%D1%82%D0%B5%D0%BA%D0%B0", "")),
    ("https://x.ru:443", None, ("https://x.ru/", "")),
    ("http://x.ru/a\\b", None, ("http://x.ru/a/b", "")),
    ("news/\n1/", "http://x.ru/lib/", ("http://x.ru/lib/news/1/", "")),
    ("#contacts", "http://x.ru/lib/", ("http://x.ru/lib/", "contacts")),
    ("?page=2", "http://x.ru/lib/?page=1", ("http://x.ru/lib/?page=2", "")),
])
def test_split_url(raw: str, base: str | None, expected: tuple[str, str]) -> None:
    assert split_url(raw, base) == expected


def test_normalize_rejects_non_urls() -> None:
    assert normalize_url("http://") is None
    assert normalize_url("http://x.ru:port/") is None
    assert normalize_url("mailto:a@b.ru") == "mailto:a@b.ru"


@pytest.mark.parametrize(("url", "action"), [
    ("mailto:ibc@school.ru", SKIP), ("tel:+74212000000", SKIP), ("javascript:void(0)", SKIP),
    ("data:text/plain,x", SKIP), ("", SKIP),
    ("ftp://files.school.ru/plan.doc", EXCLUDE),
    ("https://vk.com/club123", EXCLUDE), ("https://m.vk.com/club123", EXCLUDE), ("https://ok.ru/group/1", EXCLUDE),
    ("https://t.me/school", EXCLUDE), ("https://intranet.school.ru/", EXCLUDE),
    ("https://notvk.com/", CHECK), ("https://litres.ru/school", CHECK), ("http://127.0.0.1:8000/a", CHECK),
])
def test_filter(url: str, action: str) -> None:
    lc = LinkcheckConfig(exclude=[r"^https?://intranet\."])
    assert LinkFilter(lc.exclude, lc.exclude_hosts).decide(url).action == action


@pytest.mark.parametrize(("status", "headers", "body", "verdict", "transient"), [
    (200, {}, "", "ok", False),
    (204, {}, "", "ok", False),
    (404, {}, "", "broken", False),
    (410, {}, "", "broken", False),
    (400, {}, "", "broken", False),
    (500, {}, "", "broken", True),
    (503, {}, "", "broken", True),
    (503, {"server": "ddos-guard"}, "", "blocked", False),
    (403, {}, "", "blocked", False),
    (403, {"cf-ray": "abc"}, "", "blocked", False),
    (401, {}, "", "blocked", False),
    (429, {}, "", "blocked", False),
    (999, {}, "", "blocked", False),
])
def test_classify_status(status: int, headers: dict[str, str], body: str, verdict: str, transient: bool) -> None:
    result = classify_status(status, headers, body)
    assert (result.verdict, result.transient) == (verdict, transient)


def test_status_texts_are_russian() -> None:
    assert classify_status(404).error == "страница не найдена (404)"
    assert classify_status(500).error == "ошибка сервера (500)"
    assert classify_status(403, {"server": "cloudflare"}).error == "защита сайта от роботов (403)"


@pytest.mark.parametrize(("old", "new", "trivial"), [
    ("http://x.ru/a", "https://x.ru/a", True),
    ("http://x.ru/a", "http://x.ru/a/", True),
    ("http://x.ru/a", "http://www.x.ru/a", True),
    ("http://x.ru/a", "http://x.ru/b", False),
    ("http://x.ru/a", "http://y.ru/a", False),
])
def test_trivial_moves(old: str, new: str, trivial: bool) -> None:
    assert is_trivial_move(old, new) is trivial


def test_redirect_verdicts() -> None:
    assert redirect_verdict("http://x.ru/old", [[301, "http://x.ru/tmp"], [302, "http://x.ru/new"]])[0] == "redirected"
    assert redirect_verdict("http://x.ru/a", [[302, "http://x.ru/login"]])[0] == "ok"
    assert redirect_verdict("http://x.ru/a", [[301, "https://x.ru/a"], [302, "https://x.ru/b"]])[0] == "ok"


def test_anchors() -> None:
    html = """<h2 id="contacts">К</h2><a name='plan'></a><div id=hours></div><p id="раздел">"""
    assert page_anchors(html) == {"contacts", "plan", "hours", "раздел"}
    assert [checkable_fragment(f) for f in ("", "top", "!/news", "/route", "page=2", ":~:text=x", "plan")] == [
        False, False, False, False, False, False, True]
