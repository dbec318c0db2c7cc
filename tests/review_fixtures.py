"""Shared by the review tests: the sample world crawled and graded into a fresh SQLite store."""
from __future__ import annotations

import re
from dataclasses import dataclass

from checks.grade import grade_run, load_audit_result
from checks.result import CentreResult
from common.config import Config
from crawler.run import run_crawl
from ibcmon.sample import WORLD_DATE, SampleServer
from store.db import Database


def fast_config() -> Config:
    cfg = Config()
    cfg.crawl.delay = 0.02
    return cfg


def audit(db: Database, server: SampleServer) -> int:
    """A new crawl of the world, graded as of the world's date (no link check): its run id."""
    run_id = run_crawl(db.url, fast_config(), server.root_url, "crawl")
    grade_run(db, run_id, WORLD_DATE)
    return run_id


@dataclass
class Target:
    """A centre whose section verdict stands on its library page itself."""

    centre: CentreResult
    section: str  # a present section, shown by a heading on the library page

    @property
    def centre_id(self) -> int:
        return self.centre.centre_id


def pick_target(db: Database, run_id: int, with_email: bool = False) -> Target:
    for centre in load_audit_result(db, run_id).centres:
        if centre.status != "ok" or (with_email and not centre.email):
            continue
        for verdict in centre.section_details:
            if verdict.present and verdict.evidence and verdict.evidence[0].page_url == centre.final_url:
                return Target(centre, verdict.id)
    raise AssertionError("no centre with a section on its library page")


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "the page has no CSRF token"
    return found.group(1)
