"""The report in a real browser: headless Chromium (Debian's package) driven by Playwright.

Opens the report from disk and from a loopback web server, sorts and filters the table,
searches, opens a score card, proves the hostile centre's content stays inert and fits a
phone's screen, and saves screenshots to tests/artifacts/ (look at them).

Without Chromium the tests skip (install: `apt-get install chromium`); with
IBCMON_REQUIRE_BROWSER=1 (CI) they fail instead. IBCMON_CHROMIUM names another binary.
"""
from __future__ import annotations

import concurrent.futures
import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from report_fixtures import (
    HOSTILE_NAME,
    HOSTILE_SITE_NAME,
    crawl_hostile_site,
    make_previous,
    make_result,
    previous_summary,
)

from reports.html import write_report

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARTIFACTS = Path(__file__).parent / "artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
PHONE = {"width": 390, "height": 844}


def chromium_path() -> str | None:
    """Debian's Chromium; IBCMON_CHROMIUM names another binary (or, set to "", none)."""
    if "IBCMON_CHROMIUM" in os.environ:
        candidates = [os.environ["IBCMON_CHROMIUM"]]
    else:
        candidates = ["/usr/bin/chromium", shutil.which("chromium") or ""]
    return next((c for c in candidates if c and Path(c).is_file()), None)


def _unavailable(reason: str) -> None:
    message = f"{reason}: install it with `apt-get install chromium` (Debian's package)"
    if os.environ.get("IBCMON_REQUIRE_BROWSER") == "1":
        pytest.fail(f"IBCMON_REQUIRE_BROWSER=1 and {message}")
    pytest.skip(message)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = chromium_path()
    if executable is None:
        _unavailable("headless Chromium not found")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright (Python) is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def report_dir(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    result = make_result(20)
    previous = make_previous(result)
    result.summary["previous"] = previous_summary(previous)
    history = {c.centre_id: [{"run_id": 3, "as_of": "2025-11-20", "score": 38.0, "grade": "неудовлетворительно"},
                             {"run_id": 5, "as_of": "2026-05-22", "score": 55.0, "grade": "удовлетворительно"}]
               for c in result.centres}
    out = tmp_path_factory.mktemp("browser-report")
    write_report(result, out, previous=previous, history=history)
    ARTIFACTS.mkdir(exist_ok=True)
    return out, result


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ru-RU")
    page = context.new_page()
    page.errors = []  # type: ignore[attr-defined]
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.on("console", lambda msg: page.errors.append(msg.text) if msg.type == "error" else None)
    page.on("dialog", lambda dialog: (page.errors.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    yield page
    context.close()


def visible_ids(page: Any) -> list[int]:
    return [int(x) for x in page.eval_on_selector_all(
        "table#centres tbody tr:not([hidden])", "rows => rows.map(r => r.dataset.centreId)")]


def column(page: Any, index: int) -> list[str]:
    return page.eval_on_selector_all(
        "table#centres tbody tr:not([hidden])",
        f"rows => rows.map(r => r.cells[{index}].getAttribute('data-sort'))",
    )


def test_sort_filter_search_and_open_a_card(page: Any, report_dir: tuple[Path, Any]) -> None:
    out, result = report_dir
    page.goto((out / "index.html").as_uri())
    assert page.is_visible("#controls")  # the script ran (its CSP hash matched)
    assert page.inner_text("#shown") == f"Показано: {len(result.centres)} из {len(result.centres)}"

    # sort by score: ascending, centres without a score last; then descending
    page.click("table#centres th:nth-child(3) button.sort")
    scores = column(page, 2)
    numbers = [float(s) for s in scores if s]
    assert numbers == sorted(numbers) and scores[len(numbers):] == [""] * (len(scores) - len(numbers))
    assert page.get_attribute("table#centres th:nth-child(3)", "aria-sort") == "ascending"
    page.click("table#centres th:nth-child(3) button.sort")
    numbers = [float(s) for s in column(page, 2) if s]
    assert numbers == sorted(numbers, reverse=True)
    # sort by name (Russian collation)
    page.click("table#centres th:nth-child(1) button.sort")
    names = column(page, 0)
    assert names == sorted(names, key=lambda n: n.lower()) or names[0] <= names[-1]

    # filter by municipality, then grade, then status
    page.select_option("#f-municipality", "г. Хабаровск")
    expected = {c.centre_id for c in result.centres if c.municipality == "г. Хабаровск"}
    assert set(visible_ids(page)) == expected
    assert page.inner_text("#shown") == f"Показано: {len(expected)} из {len(result.centres)}"
    page.click("#f-reset")
    grade = next(c.grade for c in result.centres if c.grade)
    page.select_option("#f-grade", grade)
    assert set(visible_ids(page)) == {c.centre_id for c in result.centres if c.grade == grade}
    page.select_option("#f-grade", "-")
    assert set(visible_ids(page)) == {c.centre_id for c in result.centres if not c.grade}
    page.click("#f-reset")
    page.select_option("#f-status", "unreachable")
    assert visible_ids(page) == [c.centre_id for c in result.centres if c.status == "unreachable"]
    page.click("#f-reset")

    # the search box: by name, by municipality, "ё" = "е", nothing found
    page.fill("#f-search", "№ 112")
    assert visible_ids(page) == [112]
    page.fill("#f-search", "ванинский")
    assert set(visible_ids(page)) == {c.centre_id for c in result.centres if c.municipality == "Ванинский муниципальный район"}
    page.fill("#f-search", "нет такого центра")
    assert visible_ids(page) == [] and page.inner_text("#shown").startswith("Показано: 0")
    page.fill("#f-search", "")
    page.screenshot(path=str(ARTIFACTS / "report-overview.png"), full_page=True)

    # open a score card from the table
    target = next(c for c in result.centres if c.status == "ok" and c.name != HOSTILE_NAME and c.broken_links)
    page.click(f'table#centres tr[data-centre-id="{target.centre_id}"] td.name a')
    page.wait_for_url(f"**/centres/{target.centre_id}.html")
    assert page.inner_text("h1") == target.name
    marks = page.eval_on_selector_all("table.checklist tr[data-section]", "rows => rows.map(r => [r.dataset.section, r.dataset.present])")
    assert {sid: flag == "1" for sid, flag in marks} == target.sections
    assert page.is_visible(".trend-chart svg")
    page.screenshot(path=str(ARTIFACTS / "report-card.png"), full_page=True)
    page.click("a.back")
    page.wait_for_url("**/index.html#centres-title")
    assert page.errors == []


def test_hostile_content_stays_inert_and_fits_a_phone(browser: Any, report_dir: tuple[Path, Any]) -> None:
    out, result = report_dir
    hostile = next(c for c in result.centres if c.name == HOSTILE_NAME)
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    problems: list[str] = []
    page.on("dialog", lambda dialog: (problems.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    for path in (out / "index.html", out / "centres" / f"{hostile.centre_id}.html", out / "run.html"):
        page.goto(path.as_uri())
        assert page.evaluate("window.__pwned") is None
        assert page.evaluate("document.querySelectorAll('img, iframe, b, i').length") == 0
        # nothing wider than the screen: long words wrap, huge headings were cut
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path.name
    page.goto((out / "centres" / f"{hostile.centre_id}.html").as_uri())
    assert page.evaluate("document.querySelector('h1').innerText") == HOSTILE_NAME
    page.screenshot(path=str(ARTIFACTS / "report-card-hostile-phone.png"), full_page=True)
    page.goto((out / "index.html").as_uri())
    page.screenshot(path=str(ARTIFACTS / "report-overview-phone.png"))
    assert problems == []
    context.close()


def test_a_crawled_hostile_page_stays_inert_in_the_browser(browser: Any, tmp_path: Path) -> None:
    # the link check runs its own asyncio loop: not in this thread, where Playwright's runs
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        result = pool.submit(crawl_hostile_site, tmp_path).result(timeout=120)
    out = tmp_path / "report"
    write_report(result, out)
    (centre,) = result.centres
    context = browser.new_context(viewport=PHONE, is_mobile=True)
    page = context.new_page()
    problems: list[str] = []
    page.on("dialog", lambda dialog: (problems.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    for path in (out / "index.html", out / "centres" / f"{centre.centre_id}.html"):
        page.goto(path.as_uri())
        assert page.evaluate("window.__pwned") is None, path.name
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path.name
    assert page.inner_text("h1") == HOSTILE_SITE_NAME
    page.screenshot(path=str(ARTIFACTS / "report-card-crawled-hostile-phone.png"), full_page=True)
    assert problems == []
    context.close()


def test_the_report_works_from_a_web_server(page: Any, report_dir: tuple[Path, Any]) -> None:
    out, result = report_dir
    handler = functools.partial(QuietHandler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/index.html")
        assert page.is_visible("#controls")
        page.fill("#f-search", "№ 113")
        assert visible_ids(page) == [113]
        page.click('table#centres tr[data-centre-id="113"] td.name a')
        page.wait_for_url("**/centres/113.html")
        page.click("header.top nav a[href='../run.html']")
        page.wait_for_url("**/run.html")
        assert page.is_visible("table.failed")
        assert page.errors == []
    finally:
        server.shutdown()
        server.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's name
        pass
