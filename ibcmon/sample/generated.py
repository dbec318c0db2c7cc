"""Generated worlds of N centres (135, 1000, …) for benchmarks, deterministic from a seed.

Each centre gets its own loopback address (127.0.1.1, 127.0.1.2, …, 250 per third
octet), a library page linking ~pages_per_centre pages (section pages, a news list
and dated news items, documents), and pages are rendered on request so a world of
1,000 centres starts in well under a second. A few faults are sprinkled: dead hosts,
pages answering 500, internal and external 404 links.

A centre's pages and documents lie under its library page's path (`_base`), so the
crawler's scope (host and path prefix, common/urls.py `in_scope`) takes them all in:
`/biblioteka/` → `/biblioteka/razdel/<id>/`, `/biblioteka/news/`, `/biblioteka/news/<i>/`,
`/biblioteka/files/…`; uCoz `/index/biblioteka/0-12` → `/index/biblioteka/0-12/news/` …
"""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from html import escape
from typing import Any

from ibcmon.sample import content as c
from ibcmon.sample import documents
from ibcmon.sample.bundled_a import externals
from ibcmon.sample.centre import (
    CURRENT_SCHOOL_YEAR,
    GOV_IP,
    LITRES_IP,
    NEB_IP,
    SECTION_IDS,
)
from ibcmon.sample.hostile import add_hostile, hostile_links
from ibcmon.sample.regional import (
    LISTING_PATH,
    MIBC_PATH,
    ListingEntry,
    build_regional,
    non_centre_links,
)
from ibcmon.sample.world import Host, Resource, World

MUNICIPALITIES = [
    ("г. Хабаровск", "г. Хабаровска"), ("г. Комсомольск-на-Амуре", "г. Комсомольска-на-Амуре"),
    ("Амурский муниципальный район", "г. Амурска"), ("Аяно-Майский муниципальный район", "с. Аян"),
    ("Бикинский муниципальный район", "г. Бикина"), ("Ванинский муниципальный район", "п. Ванино"),
    ("Верхнебуреинский муниципальный район", "п. Чегдомын"),
    ("Вяземский муниципальный район", "г. Вяземского"),
    ("Комсомольский муниципальный район", "с. Хурба"), ("Нанайский муниципальный район", "с. Троицкое"),
    ("Николаевский муниципальный район", "г. Николаевска-на-Амуре"),
    ("Охотский муниципальный округ", "р.п. Охотск"), ("Район имени Лазо", "р.п. Переяславка"),
    ("Район имени Полины Осипенко", "с. им. Полины Осипенко"),
    ("Советско-Гаванский муниципальный район", "г. Советская Гавань"),
    ("Солнечный муниципальный район", "р.п. Солнечный"),
    ("Тугуро-Чумиканский муниципальный район", "с. Чумикан"),
    ("Ульчский муниципальный район", "с. Богородское"),
    ("Хабаровский муниципальный район", "с. Тополево"),
]
PLATFORMS = ["gosweb", "wordpress", "ucoz", "bitrix", "joomla", "html"]
SECTION_TITLES = {
    "about": "Паспорт ИБЦ", "regulations": "Нормативные документы", "e_resources":
    "Электронные образовательные ресурсы", "catalog": "Электронный каталог", "new_arrivals":
    "Новые поступления", "exhibitions": "Книжные выставки", "methodical": "Методическая копилка",
    "projects": "Проекты", "feedback": "Обратная связь", "safe_internet": "Информационная безопасность",
    "textbooks": "Обеспеченность учебниками", "work_plan": "План работы",
}
FIRST = ["Ольга", "Марина", "Елена", "Наталья", "Ирина", "Татьяна", "Светлана", "Анна", "Галина"]
LAST = ["Иванова", "Петрова", "Смирнова", "Кузнецова", "Попова", "Васильева", "Соколова", "Михайлова"]
PATRON = ["Викторовна", "Игоревна", "Николаевна", "Сергеевна", "Петровна", "Андреевна"]
WORLD_DATE = dt.date(2026, 11, 20)


def generated_ip(index: int) -> str:
    return f"127.0.{1 + index // 250}.{1 + index % 250}"


def _base(lib_path: str) -> str:
    """The folder under which a centre's other pages lie, inside the library page's scope.

    `/biblioteka/` and `/biblioteka/index.php` → `/biblioteka/`; a path without a file
    name (`/…/biblioteka`, uCoz `/index/biblioteka/0-12`) → itself plus `/`; Joomla's
    `/biblioteka.html` (whose scope is the whole host) → `/biblioteka/`.
    """
    if lib_path.endswith("/"):
        return lib_path
    head, _, last = lib_path.rpartition("/")
    if "." in last:
        stem = last.split(".", 1)[0]
        return f"{head}/" if stem == "index" else f"{head}/{stem}/"
    return lib_path + "/"


@dataclass
class GenCentre:
    index: int
    ip: str
    name: str
    municipality: str
    platform: str
    status: str
    lib_path: str
    librarian: str
    sections: list[str]
    news: list[dt.date]
    plan_year: str
    broken_internal: bool
    broken_external: bool
    pages: dict[str, str] = field(default_factory=dict)  # path -> kind

    @property
    def base(self) -> str:
        return _base(self.lib_path)

    @property
    def regulations_pdf(self) -> str:
        return f"{self.base}files/polozhenie-ob-ibc.pdf"

    @property
    def old_plan_pdf(self) -> str:  # the broken internal link
        return f"{self.base}files/staryy-plan-2019.pdf"


def _plan(rng: random.Random, index: int, n: int, pages_per_centre: int) -> GenCentre:
    muni, place = MUNICIPALITIES[index % len(MUNICIPALITIES)]
    platform = PLATFORMS[rng.randrange(len(PLATFORMS))]
    roll = rng.random()
    status = "unreachable" if roll < 0.02 else "error" if roll < 0.03 else "ok"
    num = index // len(MUNICIPALITIES) + 1
    kind = rng.choice(["МБОУ СОШ", "МБОУ СОШ", "МАОУ СОШ", "МБОУ «Гимназия", "МБОУ «Лицей", "МКОУ ООШ"])
    name = f"{kind} № {num}" + ("»" if "«" in kind else "") + f" {place}"
    lib_path = {"gosweb": "/svedeniya-ob-obrazovatelnoy-organizatsii/biblioteka",
                "ucoz": "/index/biblioteka/0-12", "bitrix": "/biblioteka/index.php",
                "joomla": "/biblioteka.html"}.get(platform, "/biblioteka/")
    optional = [s for s in SECTION_TITLES if rng.random() < 0.7]
    k = max(1, min(len(optional), pages_per_centre // 3))
    sections = ["contacts", "work_hours", "news", *optional[:k]]
    n_news = max(1, pages_per_centre - 3 - k)
    freshness = rng.choice([20, 45, 80, 120, 160, 250, 400])
    newest = WORLD_DATE - dt.timedelta(days=freshness + rng.randrange(10))
    news = [newest - dt.timedelta(days=9 * i + rng.randrange(5)) for i in range(n_news)]
    return GenCentre(
        index=index, ip=generated_ip(index), name=name, municipality=muni, platform=platform,
        status=status, lib_path=lib_path,
        librarian=f"{rng.choice(LAST)} {rng.choice(FIRST)} {rng.choice(PATRON)}",
        sections=sections, news=news,
        plan_year=CURRENT_SCHOOL_YEAR if rng.random() < 0.7 else "2025–2026",
        broken_internal=rng.random() < 0.05, broken_external=rng.random() < 0.03,
    )


def _page(g: GenCentre, title: str, body: str) -> bytes:
    return (
        f'<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f'</head><body><header><a href="/">{escape(g.name)}</a> | <a href="{g.lib_path}">Библиотека</a>'
        f"</header><main><h1>{escape(title)}</h1>{body}</main>"
        f'<footer>© 2015–2026 {escape(g.name)} <a href="/admin/">Вход</a></footer></body></html>'
    ).encode()


class _Renderer:
    """Renders a generated centre's pages on request."""

    def __init__(self, world: World, g: GenCentre, pdf: bytes, hostile: bool = False) -> None:
        self.w = world
        self.g = g
        self.pdf = pdf
        self.hostile = hostile

    def __call__(self, key: str) -> Resource | None:
        g = self.g
        if g.status == "error" and key == g.lib_path:
            return Resource(status=500, body=b"<h1>500 Internal Server Error</h1>")
        if key == g.lib_path:
            return Resource(body=self.library())
        if key == "/":
            return Resource(body=_page(g, g.name, f'<p><a href="{g.lib_path}">Библиотека</a></p>'))
        if key == "/admin/":
            return Resource(body=_page(g, "Вход", "<form></form>"))
        if key == g.regulations_pdf and "regulations" in g.sections:
            return Resource(body=self.pdf, content_type=documents.PDF_TYPE)
        if not key.startswith(g.base):
            return None
        parts = key[len(g.base):].split("/")
        if parts == ["news", ""]:
            items = "".join(
                f'<li><span class="date">{c.d_words(d)}</span> <a href="{g.base}news/{i}/">'
                f"{escape(c.news_text(i + g.index)[0])}</a></li>" for i, d in enumerate(g.news))
            return Resource(body=_page(g, "Новости библиотеки", f"<ul>{items}</ul>"))
        if len(parts) == 3 and parts[0] == "news" and parts[2] == "" and parts[1].isdigit():
            i = int(parts[1])
            if i >= len(g.news):
                return None
            title, text = c.news_text(i + g.index)
            return Resource(body=_page(g, title, f"<p class=\"date\">{c.d_dots(g.news[i], '10:15')}</p><p>{escape(text)}</p>"))
        if len(parts) == 3 and parts[0] == "razdel" and parts[2] == "":
            sid = parts[1]
            if sid in SECTION_TITLES and sid in g.sections:
                return Resource(body=_page(g, SECTION_TITLES[sid], self.section(sid)))
        return None

    def library(self) -> bytes:
        g = self.g
        w = self.w
        links = "".join(
            f'<li><a href="{g.base}razdel/{sid}/">{escape(SECTION_TITLES[sid])}</a></li>'
            for sid in g.sections if sid in SECTION_TITLES)
        news = "".join(f"<li>{c.d_words(d)} — {escape(c.news_text(i + g.index)[0])}</li>"
                       for i, d in enumerate(g.news[:3]))
        extra = ""
        if g.broken_internal:
            extra += f'<p><a href="{g.old_plan_pdf}">План работы на 2019–2020 учебный год</a></p>'
        if g.broken_external:
            extra += f'<p><a href="{w.url(LITRES_IP, f"/missing/{g.index}/")}">Подборка ЛитРес</a></p>'
        if self.hostile:
            extra += "".join(f'<p><a href="{url}">{escape(text)}</a></p>' for url, text in hostile_links(w, g.index))
        body = (
            f"<h2>Контакты</h2><p>Педагог-библиотекарь: {escape(g.librarian)}, тел. +7 (4212) 00-{g.index:04d}</p>"
            "<h2>Режим работы</h2><p>Пн–Пт 8:30–16:30</p>"
            f"<h2>Разделы</h2><ul>{links}</ul>"
            f'<h2>Новости</h2><ul>{news}</ul><p><a href="{g.base}news/">Все новости</a></p>{extra}'
        )
        return _page(g, "Библиотека", body)

    def section(self, sid: str) -> str:
        w = self.w
        if sid == "regulations":
            return f'<p><a href="{self.g.regulations_pdf}">Положение об ИБЦ (PDF)</a></p>'
        if sid == "work_plan":
            return f"<p>План работы ИБЦ на {self.g.plan_year} учебный год: 1. Работа с фондом. 2. Массовая работа.</p>"
        if sid == "e_resources":
            return (f'<ul><li><a href="{w.url(LITRES_IP, "/school/")}">ЛитРес: Школа</a></li>'
                    f'<li><a href="{w.url(NEB_IP, "/")}">НЭБ</a></li></ul>')
        if sid == "safe_internet":
            return f'<p><a href="{w.url(GOV_IP, "/extremist-materials/")}">Федеральный список экстремистских материалов</a></p>'
        if sid == "feedback":
            return '<form action="/feedback/" method="post"><textarea name="q"></textarea><button>Отправить</button></form>'
        return f"<p>Материалы раздела «{escape(SECTION_TITLES[sid])}».</p><ul><li>Пункт первый</li><li>Пункт второй</li></ul>"


def _truth(w: World, g: GenCentre) -> dict[str, Any]:
    ok = g.status == "ok"
    lib = w.url(g.ip, g.lib_path)
    broken = []
    if ok and g.broken_internal:
        broken.append({"url": w.url(g.ip, g.old_plan_pdf), "found_on": lib, "kind": "internal_404"})
    if ok and g.broken_external:
        broken.append({"url": w.url(LITRES_IP, f"/missing/{g.index}/"), "found_on": lib, "kind": "external_404"})
    return {
        "id": f"g{g.index + 1:04d}", "name": g.name, "municipality": g.municipality,
        "listed_urls": [lib], "url": lib, "platform": g.platform, "status": g.status,
        "final_url": lib, "home_url": None, "host": g.ip,
        "sections": {s: ok and s in g.sections for s in SECTION_IDS}, "empty_sections": [],
        "last_updated": max(g.news).isoformat() if ok else None, "false_dates": ["© 2015–2026"],
        "work_plan_current": (g.plan_year == CURRENT_SCHOOL_YEAR) if ok and "work_plan" in g.sections else None,
        "broken_links": broken, "tricky_ok_links": [], "in_registry": True,
    }


def build_generated(port: int, size: int, pages_per_centre: int = 20, seed: int = 1,
                    hostile: bool = False, platform: str | None = None) -> World:
    """`size` centres; `hostile`: plus a shared host that misbehaves (`hostile.py`), linked
    from every centre's library page (the truth does not list those links); `platform`:
    every centre is named as a site of that platform (`g0001.gosweb.gosuslugi.ru` for
    "gosweb.gosuslugi.ru") instead of its address (`World.host_names` maps them back)."""
    if size < 1 or size > 60000:
        raise ValueError("size must be between 1 and 60000")
    rng = random.Random(seed)
    w = World(port=port, kind=f"generated-{size}")
    externals(w)
    if hostile:
        add_hostile(w)
    pdf = documents.pdf_bytes("Положение об ИБЦ")
    plans = [_plan(rng, i, size, pages_per_centre) for i in range(size)]
    if platform:
        w.names.update({g.ip: f"g{g.index + 1:04d}.{platform}" for g in plans})
    listing: list[ListingEntry] = []
    table: list[ListingEntry] = []
    for g in plans:
        host = w.hosts[g.ip] = Host(ip=g.ip, label=f"g{g.index + 1:04d}", listening=g.status != "unreachable")
        host.lazy = _Renderer(w, g, pdf, hostile)
        target = table if g.index % 15 == 14 else listing
        target.append(ListingEntry(g.municipality, g.name, w.url(g.ip, g.lib_path)))
    order = [m for m, _ in MUNICIPALITIES]
    listing.sort(key=lambda e: order.index(e.municipality))
    build_regional(w, listing, table)
    w.registry_rows = [
        {"name": g.name, "municipality": g.municipality, "url": w.url(g.ip, g.lib_path),
         "librarian": g.librarian, "email": f"ibc{g.index + 1}@example.ru"} for g in plans
    ]
    centre_urls = {w.url(g.ip, g.lib_path) for g in plans}
    w.truth_data = {
        "as_of": WORLD_DATE.isoformat(), "root_url": w.root_url,
        "listing_pages": [w.url("127.0.0.1", LISTING_PATH), w.url("127.0.0.1", MIBC_PATH)],
        "non_centre_links": non_centre_links(w, centre_urls, set()),
        "malformed_listing_entries": [],
        "registry": {"missing_from_site": [], "unknown_to_registry": []},
        "centres": [_truth(w, g) for g in plans],
    }
    return w


__all__ = ["build_generated", "generated_ip"]
