"""Helpers for the checks' tests: snapshots and sites built from HTML strings."""
from __future__ import annotations

import datetime as dt
from typing import Any

from checks.base import CentreInput
from checks.page import Snapshot
from checks.rulebook import Rulebook, load_rulebook
from checks.site import CentreSite, LinkVerdict

LIB = "http://school.test/biblioteka/"
FETCHED = dt.datetime(2026, 11, 20, 3, 0)
AS_OF = dt.date(2026, 11, 20)

_RULEBOOK: Rulebook | None = None


def rulebook() -> Rulebook:
    global _RULEBOOK
    if _RULEBOOK is None:
        _RULEBOOK = load_rulebook()
    return _RULEBOOK


def page_html(body: str, title: str = "Библиотека", menu: str = "", viewport: bool = False) -> str:
    """A school-site page: a site-wide menu (chrome), the content, a footer."""
    meta = '<meta name="viewport" content="width=device-width, initial-scale=1">' if viewport else ""
    return (
        f'<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8">{meta}<title>{title}</title></head><body>'
        '<header><div class="logo"><a href="/">МБОУ СОШ № 1</a></div>'
        '<nav class="main-menu"><ul><li><a href="/">Главная</a></li><li><a href="/novosti/">Новости</a></li>'
        f'<li><a href="/kontakty/">Контакты</a></li><li><a href="/dokumenty/">Документы</a></li>{menu}</ul></nav>'
        f'</header><main><h1>{title}</h1>{body}</main>'
        '<footer class="footer"><p>© 2014–2026 МБОУ СОШ № 1. Телефон школы: +7 (4212) 00-00-00</p></footer>'
        "</body></html>"
    )


def snap(url: str, html: str | None = None, status: int = 200, **kw: Any) -> Snapshot:
    kw.setdefault("fetched_at", FETCHED)
    kw.setdefault("final_url", url)
    return Snapshot(url=url, html=html, http_status=status, **kw)


def doc(url: str, status: int = 200) -> Snapshot:
    return Snapshot(url=url, final_url=url, http_status=status, is_document=True, fetched_at=FETCHED,
                    content_type="application/pdf")


def site_of(body: str, *others: Snapshot, url: str = LIB, menu: str = "",
            verdicts: dict[str, LinkVerdict] | None = None, home_url: str | None = None) -> CentreSite:
    main = snap(url, page_html(body, menu=menu))
    return CentreSite([main, *others], url, rulebook(), home_url, verdicts)


def centre_input(body: str, *others: Snapshot, url: str = LIB, status: str = "ok", **kw: Any) -> CentreInput:
    main = snap(url, page_html(body, viewport=kw.pop("viewport", False)))
    return CentreInput(centre_id=kw.pop("centre_id", 1), name="МБОУ СОШ № 1", municipality="Бикинский муниципальный район",
                       listed_url=url, final_url=url, status=status, snapshots=[main, *others], **kw)
