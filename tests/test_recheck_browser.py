"""«Проверить заново» in a real browser: headless Chromium (Debian's package) through Playwright.

The review app runs under waitress on loopback over a crawled sample world; the centre's
library page changes; the browser presses «Проверить заново», follows the progress page
as it refreshes, and lands on the centre page showing the new verdicts and what changed.
Skips without Chromium (fails with IBCMON_REQUIRE_BROWSER=1), as the report's browser test.
"""
from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from review_fixtures import audit, pick_target
from test_browser_report import ARTIFACTS, browser  # noqa: F401  (the Chromium fixture)
from test_recheck import BARE_PAGE

from common.config import Config
from ibcmon.review.app import create_app
from ibcmon.sample import SampleServer
from store.db import Database, open_database

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def served(sample: SampleServer, tmp_path: Path) -> Iterator[tuple[Database, str, int]]:
    import waitress

    db = open_database(f"sqlite:///{tmp_path / 'recheck-browser.sqlite'}")
    run_id = audit(db, sample)
    app = create_app(db, Config())
    server = waitress.create_server(app, host="127.0.0.1", port=0, threads=2)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield db, f"http://127.0.0.1:{server.effective_port}/", run_id  # type: ignore[union-attr]
    finally:
        app.extensions["ibcmon_rechecks"].close()
        server.close()
        thread.join(timeout=5)
        db.dispose()


def test_press_recheck_and_see_the_new_result(browser: Any, served: tuple[Database, str, int],  # noqa: F811
                                              sample: SampleServer) -> None:
    db, base, run_id = served
    target = pick_target(db, run_id)
    cid, sid = target.centre_id, target.section
    page = browser.new_page()
    try:
        page.goto(f"{base}runs/{run_id}/centres/{cid}")
        assert page.locator(f"#v-section-{sid}").get_attribute("data-value") == "present"
        sample.override(target.centre.final_url or "", body=BARE_PAGE)
        page.click("#recheck")
        page.wait_for_selector("#recheck-progress", timeout=30_000)  # the refreshing progress page
        page.wait_for_selector("#saved", timeout=120_000)
        assert "проверен заново" in page.locator("#saved").inner_text()
        assert page.locator(f"#v-section-{sid}").get_attribute("data-value") == "absent"
        log = page.locator("#recheck-log").inner_text()
        assert "→ нет" in log and "прежний результат сохранён" in log
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "review-recheck.png"), full_page=True)
    finally:
        page.close()
