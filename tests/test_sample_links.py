"""Every link on the ok centres' pages stays on loopback, and the truth's broken links are
exactly the links that fail (a small crawl of the served world, depth 2)."""
from __future__ import annotations

from collections import deque
from urllib.parse import urljoin, urlsplit

import httpx

from ibcmon.sample import SampleServer
from ibcmon.sample.world import extract_hrefs as links

SOCIAL = {"vk.com", "t.me", "ok.ru"}
SKIP_SCHEMES = ("mailto:", "tel:", "javascript:", "#")


def _crawl(client: httpx.Client, start: list[str], host: str) -> dict[str, set[str]]:
    """Links found on the centre's pages (same host, depth 2): url -> pages it is on."""
    found: dict[str, set[str]] = {}
    seen = set(start)
    queue = deque((u, 0) for u in start)
    while queue:
        page, depth = queue.popleft()
        if "/calendar/" in page or page.endswith("arhiv-2025.html"):
            continue
        r = client.get(page, follow_redirects=True)
        if r.status_code != 200 or "html" not in r.headers.get("content-type", ""):
            continue
        html = r.content.decode("cp1251" if "windows-1251" in r.text[:300] else "utf-8")
        for href in links(html):
            if not href.strip() or href.strip().startswith(SKIP_SCHEMES):
                continue
            url = urljoin(str(r.url), href.strip()).split("#")[0]
            found.setdefault(url, set()).add(page)
            parts = urlsplit(url)
            if parts.hostname == host and depth < 2 and url not in seen and not parts.path.startswith("/admin/"):
                seen.add(url)
                queue.append((url, depth + 1))
    return found


def test_links_on_ok_centres_are_loopback_and_broken_ones_are_in_the_truth(sample: SampleServer) -> None:
    failures: list[str] = []
    with httpx.Client(timeout=10) as client:
        for c in sample.truth["centres"]:
            if c["status"] != "ok":
                continue
            start = [c["final_url"]] + ([c["home_url"]] if c["home_url"] else [])
            found = _crawl(client, start, c["host"])
            tricky = {urljoin(t["found_on"], t["url"].strip()) for t in c["tricky_ok_links"]}
            expected = {b["url"]: b["found_on"] for b in c["broken_links"]}
            bad: set[str] = set()
            for url, _pages in found.items():
                host = urlsplit(url).hostname or ""
                if host in SOCIAL:
                    continue
                assert host.startswith("127."), (c["id"], url)
                if url in tricky or urlsplit(url).path.startswith("/admin/"):
                    continue
                try:
                    status = client.get(url, follow_redirects=True).status_code
                except httpx.TransportError:
                    status = 0
                if status == 0 or status >= 400:
                    bad.add(url)
            if bad != set(expected):
                failures.append(f"{c['id']}: failing {sorted(bad)} but truth says {sorted(expected)}")
            for url, page in expected.items():
                assert page in found.get(url, set()), (c["id"], url, "not on", page)
            for t in c["tricky_ok_links"]:
                assert urljoin(t["found_on"], t["url"].strip()) in found, (c["id"], t)
    assert not failures, "\n".join(failures)
