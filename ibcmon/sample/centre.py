"""`CentreBuilder`: one centre's site in the sample world and the truth it declares.

Section blocks (`ibcmon.sample.content`) mark the sections they put on a page, news
items record their dates, and faults and link cases are declared next to the HTML that
carries them, so the ground truth follows from what is actually served.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ibcmon.sample.world import Host, Resource, World

SECTION_IDS = [
    "contacts", "work_hours", "about", "regulations", "work_plan", "news", "e_resources",
    "catalog", "new_arrivals", "exhibitions", "methodical", "projects", "feedback",
    "safe_internet", "textbooks", "social",
]

# Addresses shared by every world.
REGIONAL_IP = "127.0.0.1"
LITRES_IP = "127.0.0.200"  # an imitation of ЛитРес: Школа
NEB_IP = "127.0.0.201"  # an imitation of НЭБ
PRLIB_IP = "127.0.0.202"  # an imitation of Президентская библиотека
GOV_IP = "127.0.0.203"  # an imitation of the ministry's / Минюст's sites
DEAD_LINK_IP = "127.0.0.254"  # nothing listens: links there are refused

CURRENT_SCHOOL_YEAR = "2026–2027"


@dataclass
class CentreBuilder:
    world: World
    cid: str
    ip: str
    name: str
    municipality: str
    platform: str
    librarian: str = ""
    phone: str = ""
    email: str = ""
    status: str = "ok"
    in_registry: bool = True
    registry_email: bool = True
    listing: str = "list"  # "list" (page 1, under a heading) or "table" (page 2, МИБЦ)
    listed_paths: list[str] = field(default_factory=list)
    listed_full: list[str] = field(default_factory=list)  # absolute URLs (VK)
    final_path: str | None = None
    home_path: str | None = None
    sections: set[str] = field(default_factory=set)
    empty: set[str] = field(default_factory=set)
    dates: list[dt.date] = field(default_factory=list)
    false_dates: list[str] = field(default_factory=list)
    work_plan_year: str | None = None
    broken: list[dict[str, str]] = field(default_factory=list)
    tricky: list[dict[str, str]] = field(default_factory=list)
    listed_text: list[str] = field(default_factory=list)
    max_dates_override: dt.date | None = None

    @property
    def host(self) -> Host:
        return self.world.host(self.ip, self.cid)

    def url(self, path: str = "/") -> str:
        return self.world.url(self.ip, path)

    def page(self, path: str, html: str, **kw: Any) -> Resource:
        return self.host.page(path, html, **kw)

    def add(self, path: str, resource: Resource) -> Resource:
        return self.host.add(path, resource)

    def redirect(self, path: str, location: str, status: int = 301) -> Resource:
        return self.host.redirect(path, location, status)

    # -- declarations -----------------------------------------------------------
    def mark(self, section: str) -> None:
        assert section in SECTION_IDS, section
        self.sections.add(section)

    def mark_empty(self, section: str) -> None:
        assert section in SECTION_IDS, section
        self.empty.add(section)

    def dated(self, day: dt.date) -> dt.date:
        self.dates.append(day)
        return day

    def false_date(self, text: str) -> str:
        self.false_dates.append(text)
        return text

    def broken_link(self, url: str, found_on: str, kind: str) -> str:
        self.broken.append({"url": url, "found_on": found_on, "kind": kind})
        return url

    def tricky_link(self, href: str, found_on: str, kind: str) -> str:
        self.tricky.append({"url": href, "found_on": found_on, "kind": kind})
        return href

    # -- truth ------------------------------------------------------------------
    def listed_urls(self) -> list[str]:
        return [self.url(p) for p in self.listed_paths] + list(self.listed_full)

    def truth(self) -> dict[str, Any]:
        ok = self.status == "ok"
        listed = self.listed_urls()
        final = self.url(self.final_path) if self.final_path else listed[0]
        newest = max(self.dates) if (ok and self.dates) else None
        if self.work_plan_year is None or not ok:
            plan: bool | None = None
        else:
            plan = self.work_plan_year == CURRENT_SCHOOL_YEAR
        return {
            "id": self.cid,
            "name": self.name,
            "municipality": self.municipality,
            "listed_urls": listed,
            "url": listed[0],
            "platform": self.platform,
            "status": self.status,
            "final_url": final,
            "home_url": self.url(self.home_path) if self.home_path else None,
            "host": self.ip,
            "sections": {s: (ok and s in self.sections) for s in SECTION_IDS},
            "empty_sections": sorted(self.empty - self.sections) if ok else [],
            "last_updated": newest.isoformat() if newest else None,
            "false_dates": list(self.false_dates),
            "work_plan_current": plan,
            "broken_links": list(self.broken),
            "tricky_ok_links": list(self.tricky),
            "in_registry": self.in_registry,
        }

    def registry_row(self) -> dict[str, str]:
        return {
            "name": self.name,
            "municipality": self.municipality,
            "url": self.listed_urls()[0],
            "librarian": self.librarian,
            "email": self.email if self.registry_email else "",
        }
