"""The review app in a real browser: headless Chromium (Debian's package) through Playwright.

`ibcmon serve`'s app runs under waitress on loopback over a crawled sample world. The
browser corrects a section verdict with a note and approves the centre; then the JSON
export and `notify --dry-run --approved-only` show it. A stored snapshot laced with a
script, a refresh and an image from elsewhere runs and loads nothing.
Skips without Chromium (fails with IBCMON_REQUIRE_BROWSER=1), as the report's browser test.
"""
from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from review_fixtures import audit, pick_target
from sqlalchemy import select
from test_browser_report import ARTIFACTS, browser  # noqa: F401  (the Chromium fixture)

from common.config import Config
from crawler.registry import import_registry_csv
from ibcmon.cli import cli
from ibcmon.review.app import create_app
from ibcmon.sample import SampleServer
from store.db import Database, open_database
from store.models import Page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

HOSTILE = ('<meta http-equiv="refresh" content="0;url={base}moved">'
           '<script>document.body.setAttribute("data-pwned", "1"); fetch("{base}leak");</script>'
           '<img src="{base}tracker.png" onerror="document.title=\'pwned\'">'
           '<p id="kept">Текст страницы остаётся.</p>')


@pytest.fixture(scope="module")
def served(sample_server: SampleServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, str]]:
    import waitress

    folder = tmp_path_factory.mktemp("review-browser")
    db = open_database(f"sqlite:///{folder / 'review.sqlite'}")
    registry = folder / "registry.csv"
    registry.write_text(sample_server.world.registry_csv(), encoding="utf-8")
    import_registry_csv(db, registry)
    audit(db, sample_server)
    server = waitress.create_server(create_app(db, Config()), host="127.0.0.1", port=0, threads=2)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield db, f"http://127.0.0.1:{server.effective_port}/"  # type: ignore[union-attr]
    finally:
        server.close()
        thread.join(timeout=5)
        db.dispose()


def test_correct_approve_then_export_and_notify(browser: Any, served: tuple[Database, str],  # noqa: F811
                                                tmp_path: Path) -> None:
    db, base = served
    run_id = 1
    target = pick_target(db, run_id, with_email=True)
    cid, sid = target.centre_id, target.section
    page = browser.new_page()
    try:
        page.goto(f"{base}runs/{run_id}")
        page.select_option("#f-review", "pending")
        assert page.locator(f'#centres tr[data-centre-id="{cid}"]').is_visible()
        page.click(f'#centres tr[data-centre-id="{cid}"] a')
        row = page.locator(f"#v-section-{sid}")
        row.locator("summary").click()
        row.locator('select[name="value"]').select_option("absent")
        row.locator('input[name="note"]').fill("Раздел назван в меню, но ведёт на чужой сайт")
        row.get_by_role("button", name="Исправить").click()
        page.wait_for_selector("#saved")
        assert page.locator(f"#v-section-{sid}").get_attribute("data-value") == "absent"
        page.click("#approve")
        page.wait_for_selector("#unapprove")
        assert page.locator("#review-status").inner_text() == "утверждён"
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "review-centre.png"), full_page=True)
    finally:
        page.close()

    runner = CliRunner()
    out = tmp_path / "export.json"
    exported = runner.invoke(cli, ["--db", db.url, "export", "--format", "json", "--out", str(out)])
    assert exported.exit_code == 0, exported.output
    centre = next(c for c in json.loads(out.read_text(encoding="utf-8"))["centres"] if c["centre_id"] == cid)
    assert centre["sections"][sid] is False
    assert centre["review"]["status"] == "approved"
    (fix,) = centre["review"]["corrections"]
    assert (fix["field"], fix["old"], fix["new"]) == (f"section:{sid}", "present", "absent")
    assert fix["note"] == "Раздел назван в меню, но ведёт на чужой сайт"

    outbox = tmp_path / "outbox"
    sent = runner.invoke(cli, ["--db", db.url, "notify", "--dry-run", "--approved-only", "--outbox", str(outbox)])
    assert sent.exit_code == 0, sent.output
    assert "записано в папку: 1" in sent.output
    assert "не утверждены после проверки (не отправлялись)" in sent.output
    (letter,) = list(outbox.glob("*.eml"))
    import email
    from email import policy

    message = email.message_from_bytes(letter.read_bytes(), policy=policy.default)
    text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "отметка уточнена методистом РРИБЦ" in text


@pytest.mark.parametrize("cleaned", [True, False], ids=["cleaned", "csp-only"])
def test_snapshot_with_script_runs_nothing(browser: Any, served: tuple[Database, str],  # noqa: F811
                                           monkeypatch: pytest.MonkeyPatch, cleaned: bool) -> None:
    """Both layers hold on their own: with the HTML cleaning switched off, the CSP sandbox alone
    still keeps the script, the image and the fetch from running or loading."""
    db, base = served
    if not cleaned:
        monkeypatch.setattr("ibcmon.review.app.inert_html", lambda html: html)
    target = pick_target(db, 1)
    with db.session() as session:
        stored = session.scalars(select(Page).where(Page.run_id == 1, Page.centre_id == target.centre_id,
                                                    Page.final_url == target.centre.final_url)).first()
        assert stored is not None and stored.html
        assert "</body>" in stored.html
        if "data-pwned" not in stored.html:  # laced once for both runs of the test
            stored.html = stored.html.replace("</body>", HOSTILE.format(base=base) + "</body>", 1)
    requests: list[str] = []  # a request the CSP blocks is announced, but never answered
    page = browser.new_page()
    page.on("response", lambda response: requests.append(response.url))  # reached a server
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        page.goto(f"{base}runs/1/centres/{target.centre_id}")
        frame_element = page.wait_for_selector("iframe#snapshot")
        frame = frame_element.content_frame()
        assert frame is not None
        # by its text: the allow-list cleaning keeps the paragraph but not its id
        frame.wait_for_selector("text=Текст страницы остаётся.")
        page.wait_for_timeout(1500)  # time for a refresh or a late request to show up
        html = frame.content()
        assert "Текст страницы остаётся." in html
        assert frame.locator("body").get_attribute("data-pwned") is None, "the script did not run"
        assert ("<script" in html) is not cleaned
        assert frame.url.endswith("/snapshot"), "the frame did not move"
        assert page.title() != "pwned"
    finally:
        page.close()
    leaks = [u for u in requests if any(w in u for w in ("leak", "tracker", "moved"))]
    assert not leaks, leaks
    assert all(u.startswith(base) for u in requests), requests
    assert not dialogs
