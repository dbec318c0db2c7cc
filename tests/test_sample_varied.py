"""Varied sample worlds: deterministic, really varied, their truth matches what is served,
and `ibcmon sample eval` audits one against its truth with figures in range."""
from __future__ import annotations

import datetime as dt
from collections import deque
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx
import pytest

from ibcmon.cli import run as cli_run
from ibcmon.sample.server import SampleServer
from ibcmon.sample.varied import build_varied, world_summary
from ibcmon.sample.varied import dates as vd
from ibcmon.sample.world import World, extract_hrefs

TODAY = dt.date(2026, 11, 26)


def _bodies(w: World) -> dict[tuple[str, str], bytes]:
    return {(ip, key): res.body for ip, host in w.hosts.items() for key, res in host.routes.items()}


def test_the_same_seed_gives_the_same_world_and_another_seed_another() -> None:
    a, b = build_varied(8000, seed=5, today=TODAY), build_varied(8000, seed=5, today=TODAY)
    assert a.truth() == b.truth()
    assert _bodies(a) == _bodies(b)
    other = build_varied(8000, seed=6, today=TODAY)
    assert other.truth()["centres"] != a.truth()["centres"]


def test_worlds_vary_platforms_layouts_statuses_and_freshness() -> None:
    seen: dict[str, set[str]] = {"platform": set(), "layout": set(), "status": set(), "freshness": set()}
    presentations: set[str] = set()
    for seed in range(1, 6):
        w = build_varied(8000, seed=seed, today=TODAY)
        summary = world_summary(w)
        assert summary["centres"] == 30
        for key in seen:
            seen[key] |= set(summary[key])
        for c in w.truth()["centres"]:
            presentations |= set(c["presentation"].values())
    assert seen["platform"] == {"gosweb", "wordpress", "ucoz", "bitrix", "joomla", "html"}
    assert seen["layout"] == {"menu", "sidebar", "tabs", "onepage", "perpage", "blog"}
    assert {"ok", "error", "not_found", "unreachable"} <= seen["status"]
    assert {"fresh", "aging", "stale", "unknown"} <= seen["freshness"]
    assert {"heading", "label", "content", "tab", "page", "document", "inline", "blog"} <= presentations


def _reachable(client: httpx.Client, start: str, depth: int = 2) -> dict[str, bytes]:
    """Every page and document of the start URL's host within `depth` links of it."""
    host = urlsplit(start).netloc
    seen: dict[str, bytes] = {}
    queue = deque([(start, 0)])
    while queue:
        url, level = queue.popleft()
        if url in seen:
            continue
        response = client.get(url)
        if response.status_code != 200:
            continue
        seen[url] = response.content
        if level >= depth or "html" not in response.headers.get("content-type", ""):
            continue
        for href in extract_hrefs(response.content.decode("cp1251" if "1251" in response.text[:300] else "utf-8")):
            target = urljoin(url, href.strip()).split("#", 1)[0]
            if urlsplit(target).netloc == host and target not in seen:
                queue.append((target, level + 1))
    return seen


@pytest.fixture(scope="module", params=[14, 1003], ids=["seed14", "held-out-seed1003"])
def served(request: pytest.FixtureRequest) -> Any:
    with SampleServer(lambda port: build_varied(port, seed=request.param, today=TODAY)) as server:
        yield server


def test_every_section_of_the_truth_is_served_within_two_links_of_the_library_page(served: SampleServer) -> None:
    checked = 0
    with httpx.Client(timeout=10, follow_redirects=False) as client:
        for c in served.truth["centres"]:
            if c["status"] == "unreachable":
                with pytest.raises(httpx.ConnectError):
                    client.get(c["url"])
                continue
            if c["status"] != "ok":
                assert client.get(c["final_url"]).status_code == {"error": 500, "not_found": 404}[c["status"]]
                continue
            listed = client.get(c["url"])
            assert listed.status_code == 200, c["id"]
            if c["home_url"]:  # listed by the school's home page, which links the library page
                assert c["final_url"] in {urljoin(c["url"], h) for h in extract_hrefs(listed.text)}
            pages = _reachable(client, c["final_url"])
            for sid, present in c["sections"].items():
                if present:
                    assert c["section_urls"][sid] in pages, (c["id"], sid, c["section_urls"][sid])
                    checked += 1
    assert checked > 100


def test_the_newest_date_of_the_truth_is_shown_on_a_page(served: SampleServer) -> None:
    """As of a day that is not today, no relative date («вчера») is printed: every newest
    date stands on a page in one of the platforms' absolute forms."""
    as_of = dt.date.fromisoformat(served.truth["as_of"])
    with httpx.Client(timeout=10) as client:
        for c in served.truth["centres"]:
            if c["status"] != "ok" or not c["last_updated"]:
                continue
            day = dt.date.fromisoformat(c["last_updated"])
            assert day <= as_of
            pages = _reachable(client, c["final_url"], depth=3)
            text = b" ".join(pages.values()).decode("utf-8", "replace")
            text += b" ".join(pages.values()).decode("cp1251", "replace")
            forms = [vd.dots(day), day.isoformat(), f"/{day:%Y/%m/%d}/", vd.words(day), vd.nominative(day),
                     vd.wp_month_first(day)]
            assert any(f in text for f in forms), (c["id"], c["last_updated"])


def test_the_listing_shows_every_centre_and_a_resources_paragraph_is_no_centre(served: SampleServer) -> None:
    listing = httpx.get(served.truth["listing_pages"][0], timeout=10).text
    for c in served.truth["centres"]:
        for url in c["listed_urls"]:
            assert f'href="{url}"' in listing.replace("&amp;", "&"), (c["id"], url)
        if len(c["listed_urls"]) > 1:  # listed twice: the short address redirects to the page
            again = httpx.get(c["listed_urls"][1], follow_redirects=True, timeout=10)
            assert str(again.url) == c["final_url"]
    assert all(url not in {c["url"] for c in served.truth["centres"]} for url in served.truth["non_centre_links"])


@pytest.mark.slow
def test_eval_audits_a_small_world_and_prints_figures_in_range(tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    out = tmp_path / "eval.json"
    code = cli_run(["sample", "eval", "--seeds", "2", "--centres", "6", "--as-of", TODAY.isoformat(),
                    "--json", str(out), "--quiet", "--verbose"])
    assert code == 0
    printed = capsys.readouterr().out
    assert printed.splitlines()[0].split()[:2] == ["seed", "found"]
    data = json.loads(out.read_text(encoding="utf-8"))
    fig = data["seeds"][0]
    assert fig["seed"] == 2 and fig["centres"] == 6
    assert fig["found"] + fig["missed"] == 6
    assert fig["found"] >= 5 and fig["duplicates"] == 0
    for key in ("precision", "recall", "status_share", "date_share", "freshness_share"):
        assert 0.0 <= fig[key] <= 1.0, key
    assert fig["status_share"] == 1.0
    assert fig["tp"] > 10
    assert data["overall"]["centres"] == 6


def test_a_world_whose_audit_failed_counts_every_centre_missed() -> None:
    from ibcmon.sample import evaluate as ev

    truth = build_varied(8000, seed=4, size=6, today=TODAY).truth()
    fig = ev.compare(4, truth, None)
    assert (fig.found, fig.missed, fig.false) == (0, 6, 0)
    assert [k for k, _n in ev.mismatch_kinds(fig.mismatches)] == ["пропущен центр"]
    assert ev.parse_seeds("1-3,7, 5") == [1, 2, 3, 5, 7]
    with pytest.raises(ValueError):
        ev.parse_seeds("5-1")


def test_an_interrupt_during_a_worlds_audit_stops_the_whole_evaluation() -> None:
    """Ctrl-C or SIGTERM (the CLI turns SIGTERM into KeyboardInterrupt) while a world is being
    audited stops `sample eval` altogether (exit 130 in the CLI): the next world must not
    start, nor the table show the world as audited and failed."""
    import os
    import signal

    from ibcmon.sample import evaluate as ev

    seen: list[str] = []

    def terminate_during_the_crawl(line: str) -> None:
        seen.append(line)
        if len(seen) == 3:  # the crawl is under way: SIGTERM as `kill` sends it
            os.kill(os.getpid(), signal.SIGTERM)

    with pytest.raises(KeyboardInterrupt):
        ev.evaluate_seed(3, 6, TODAY, progress=terminate_during_the_crawl)
    assert len(seen) >= 3


def test_relative_dates_only_when_the_world_is_audited_today() -> None:
    def relative_forms(today: dt.date | None) -> int:
        count = 0
        for seed in range(1, 6):
            for body in _bodies(build_varied(8000, seed=seed, today=today)).values():
                count += body.count("вчера".encode()) + body.count(" назад".encode())
        return count

    assert relative_forms(None) > 0  # as of the real today: «вчера», «3 дня назад»
    assert relative_forms(TODAY) == 0


def test_held_out_seeds_add_wording_the_development_seeds_never_use() -> None:
    from ibcmon.sample.varied.holdout import EXTRA_TITLES
    from ibcmon.sample.varied.vocabulary import SECTION_TITLES

    extra = {t for titles in EXTRA_TITLES.values() for t in titles} - {
        t for titles in SECTION_TITLES.values() for t in titles}

    def used(seeds: range) -> set[str]:
        return {t for s in seeds for c in build_varied(8000, seed=s, today=TODAY).truth()["centres"]
                for t in c["titles"].values()}

    assert not used(range(1, 6)) & extra
    assert len(used(range(1001, 1004)) & extra) >= 10
    assert build_varied(8000, seed=1001, today=TODAY).truth()["holdout"] is True
