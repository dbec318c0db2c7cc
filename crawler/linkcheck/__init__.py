"""The link check: every link on the centres' pages, checked once per run, with history.

Stages (lychee-style), one module each: `extract` (links of a run's stored pages) →
`collect` (unique canonical URLs, `urls`) → `filter` (what not to check) → `check`
(httpx + asyncio, polite) → `verdict` (ok / redirected / broken / blocked / excluded) →
`history` (streaks across nightly runs, links taken off the pages) → `digest` (new broken,
still broken, fixed, removed).
`pipeline.check_run_links` runs them over one run; `results` reads verdicts back.
"""
from __future__ import annotations

from crawler.linkcheck.check import Known, LinkChecker, Outcome, check_urls
from crawler.linkcheck.digest import CentreDigest, Digest, DigestLink, build_digest
from crawler.linkcheck.history import advance_history
from crawler.linkcheck.pipeline import LinkcheckSummary, check_run_links
from crawler.linkcheck.results import (
    anchor_warnings_by_centre,
    broken_links_by_centre,
    link_check_to_dict,
    unverified_by_centre,
)

__all__ = [
    "CentreDigest",
    "Digest",
    "DigestLink",
    "Known",
    "LinkChecker",
    "LinkcheckSummary",
    "Outcome",
    "advance_history",
    "anchor_warnings_by_centre",
    "broken_links_by_centre",
    "build_digest",
    "check_run_links",
    "check_urls",
    "link_check_to_dict",
    "unverified_by_centre",
]
