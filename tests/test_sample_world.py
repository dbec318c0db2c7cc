"""The bundled sample world, served: listings, encodings, faults, link cases, the log."""
from __future__ import annotations

import time
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

import httpx
import pytest

from ibcmon.sample import SampleServer
from ibcmon.sample.centre import DEAD_LINK_IP
from ibcmon.sample.world import extract_hrefs


def links(html: str) -> list[str]:
    return extract_hrefs(html)


def centre(truth: dict[str, Any], cid: str) -> dict[str, Any]:
    return next(c for c in truth["centres"] if c["id"] == cid)


def test_listing_pages_list_every_centre_and_the_malformed_entry(sample: SampleServer) -> None:
    truth = sample.truth
    hrefs: list[str] = []
    for url in truth["listing_pages"]:
        r = httpx.get(url)
        assert r.status_code == 200
        hrefs += [urljoin(url, h) for h in links(r.text)]
    for c in truth["centres"]:
        for url in c["listed_urls"]:
            assert url in hrefs, (c["id"], url)
    page1 = httpx.get(truth["listing_pages"][0]).text
    assert 'href="http//school12-khv.ru/biblioteka"' in page1
    assert "<h3>Амурский муниципальный район</h3>" in page1
    assert "<th>Муниципальное образование</th>" in httpx.get(truth["listing_pages"][1]).text
    centre_urls = {u for c in truth["centres"] for u in c["listed_urls"]}
    assert not centre_urls & set(truth["non_centre_links"])


def test_ucoz_pages_are_windows_1251_with_the_charset_only_in_meta(sample: SampleServer) -> None:
    c03 = centre(sample.truth, "c03")
    r = httpx.get(c03["url"])
    assert r.headers["content-type"] == "text/html"
    assert b'charset=windows-1251' in r.content
    with pytest.raises(UnicodeDecodeError):
        r.content.decode("utf-8")
    assert "Информационная безопасность" in r.content.decode("cp1251") or "Безопасный интернет" in r.content.decode("cp1251")
    short = httpx.get(urljoin(c03["url"], "/index/rezhim_raboty/0-15"))
    assert len(short.content) < 1024 and "Режим работы" in short.content.decode("cp1251")
    # the header widget shows the current date: never the same as a content date
    assert time.strftime("%d.%m.%Y") in r.content.decode("cp1251")


def test_the_big_page_is_15_mb(sample: SampleServer) -> None:
    url = urljoin(centre(sample.truth, "c15")["final_url"], "/foto/arhiv-2025.html")
    assert int(httpx.head(url).headers["content-length"]) == 15 * 1024 * 1024
    size = 0
    with httpx.stream("GET", url) as r:
        for chunk in r.iter_bytes():
            size += len(chunk)
    assert size == 15 * 1024 * 1024


def test_refused_hosts_refuse(sample: SampleServer) -> None:
    for url in (centre(sample.truth, "c20")["url"], f"http://{DEAD_LINK_IP}:{sample.port}/"):
        with pytest.raises(httpx.ConnectError):
            httpx.get(url, timeout=2)


def test_every_centre_answers_as_its_status_says(sample: SampleServer) -> None:
    for c in sample.truth["centres"]:
        if c["status"] in ("not_auditable", "unreachable"):
            continue
        if c["status"] == "error" and c["id"] == "c21":
            with pytest.raises(httpx.TooManyRedirects):
                httpx.get(c["url"], follow_redirects=True)
            continue
        r = httpx.get(c["url"], follow_redirects=True)
        expected = {"ok": 200, "error": 500, "not_found": 404, "blocked_by_robots": 200}[c["status"]]
        assert r.status_code == expected, c["id"]
        if c["status"] == "ok":
            if c["home_url"]:
                assert urlsplit(c["final_url"]).path in links(r.text)
            else:
                assert str(r.url) == c["final_url"], c["id"]
    robots = httpx.get(urljoin(centre(sample.truth, "c18")["url"], "/robots.txt")).text
    assert "Disallow: /\n" in robots
    assert "Disallow: /admin/" in httpx.get(urljoin(centre(sample.truth, "c01")["url"], "/robots.txt")).text


def test_request_log_records_host_times_and_user_agent(sample: SampleServer) -> None:
    url = centre(sample.truth, "c06")["url"]
    httpx.get(url, headers={"User-Agent": "ibcmon-test/1"})
    sample.settle()  # the answer may reach the client before its handler logs it
    entry = sample.requests[-1]
    assert entry["host"] == f"127.0.0.15:{sample.port}"
    assert entry["method"] == "GET" and entry["path"] == "/biblioteka.html" and entry["status"] == 200
    assert entry["ua"] == "ibcmon-test/1"
    assert entry["start"] <= entry["end"] <= time.time()
    sample.reset_log()
    assert sample.requests == []


def test_override_changes_one_url_until_cleared(sample: SampleServer) -> None:
    url = centre(sample.truth, "c07")["url"]
    sample.override(url, status=404)
    assert httpx.get(url).status_code == 404
    sample.override(url, body="<p>Новый текст</p>")
    r = httpx.get(url)
    assert r.status_code == 200 and "Новый текст" in r.text
    sample.clear_overrides()
    assert "Документы ИБЦ" in httpx.get(url).text


def test_link_cases_behave_as_declared(sample: SampleServer) -> None:
    tricky = {t["kind"]: t for c in sample.truth["centres"] for t in c["tricky_ok_links"]}
    url = lambda kind: urljoin(tricky[kind]["found_on"], tricky[kind]["url"].strip())  # noqa: E731
    r = httpx.get(url("rate_limited"))
    assert r.status_code == 429 and r.headers["retry-after"] == "1"
    assert httpx.get(url("rate_limited")).status_code == 200
    sample.clear_overrides()
    assert httpx.get(url("rate_limited")).status_code == 429
    assert httpx.head(url("head_refused")).status_code == 405
    assert httpx.get(url("head_refused")).status_code == 200
    r = httpx.get(url("redirect_chain"), follow_redirects=True)
    assert [h.status_code for h in r.history] == [301, 302] and r.status_code == 200
    cyr = url("cyrillic")
    assert httpx.get(cyr).status_code == 200
    assert httpx.get(quote(cyr, safe=":/")).headers["content-type"] == "application/pdf"
    assert tricky["whitespace"]["url"] != tricky["whitespace"]["url"].strip()
    assert httpx.get(url("whitespace")).status_code == 200


def test_calendar_links_to_the_next_month_forever(sample: SampleServer) -> None:
    base = centre(sample.truth, "c14")["final_url"]
    url = urljoin(base, "/calendar/?month=2026-12")
    for expected in ("2027-01", "2027-02", "2027-03"):
        nxt = [h for h in links(httpx.get(url).text) if "month=" in h]
        assert nxt == [f"/calendar/?month={expected}"]
        url = urljoin(url, nxt[0])


@pytest.mark.slow
def test_generated_world_of_135_centres_starts_and_answers() -> None:
    from ibcmon.sample import build_world

    started = time.monotonic()
    with SampleServer(lambda port: build_world(port, size=135)) as srv:
        assert time.monotonic() - started < 10
        truth = srv.truth
        assert len(truth["centres"]) == 135
        hrefs: list[str] = []
        for url in truth["listing_pages"]:
            hrefs += [urljoin(url, h) for h in links(httpx.get(url).text)]
        assert all(c["url"] in hrefs for c in truth["centres"])
        ok = next(c for c in truth["centres"] if c["status"] == "ok")
        page = httpx.get(ok["url"])
        assert page.status_code == 200
        for href in links(page.text)[:8]:
            assert httpx.get(urljoin(ok["url"], href)).status_code == 200
        dead = next(c for c in truth["centres"] if c["status"] == "unreachable")
        with pytest.raises(httpx.ConnectError):
            httpx.get(dead["url"], timeout=2)
