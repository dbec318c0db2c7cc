"""The hand-made bundled world: the regional site, 25 centres, external hosts, the truth."""
from __future__ import annotations

from typing import Any

from ibcmon.sample import bundled_a as a
from ibcmon.sample import bundled_b as bb
from ibcmon.sample.centre import CentreBuilder
from ibcmon.sample.regional import (
    LISTING_PATH,
    MIBC_PATH,
    ListingEntry,
    build_regional,
    non_centre_links,
)
from ibcmon.sample.social import social_centres
from ibcmon.sample.world import World

AS_OF = "2026-11-20"

# A listing entry whose href is malformed (no colon): not a centre anyone can audit.
MALFORMED_HREF = "http//school12-khv.ru/biblioteka"
MALFORMED_ENTRY = ("г. Хабаровск", "МБОУ СОШ № 12 г. Хабаровска", MALFORMED_HREF)

# In the registry, not on the site.
REGISTRY_ONLY = {
    "name": "МБОУ СОШ с. Сикачи-Алян",
    "municipality": "Хабаровский муниципальный район",
    "url": "http://127.0.0.31:{port}/biblioteka/",
    "librarian": "Гейкер Раиса Андреевна",
    "email": "sikachi.school@example.ru",
}

# The order of groups on listing page 1 (cities first, then districts as on the real site).
MUNICIPALITY_ORDER = [
    "г. Хабаровск", "г. Комсомольск-на-Амуре", "Амурский муниципальный район",
    "Бикинский муниципальный район", "Ванинский муниципальный район",
    "Верхнебуреинский муниципальный район", "Вяземский муниципальный район",
    "Комсомольский муниципальный район", "Нанайский муниципальный район",
    "Николаевский муниципальный район", "Охотский муниципальный округ",
    "Район имени Лазо", "Район имени Полины Осипенко", "Советско-Гаванский муниципальный район",
    "Солнечный муниципальный район", "Тугуро-Чумиканский муниципальный район",
    "Ульчский муниципальный район", "Хабаровский муниципальный район",
    "Аяно-Майский муниципальный район",
]


def centres(w: World) -> list[CentreBuilder]:
    out = [
        a.gosweb_centre(w), a.wordpress_centre(w), a.ucoz_centre(w), a.bitrix_centre(w),
        a.joomla_centre(w), a.longpage_centre(w), a.documents_centre(w), a.builder_centre(w),
        bb.sparse_centre(w), bb.dateless_centre(w), bb.home_listed_centre(w), bb.moved_centre(w),
        bb.malformed_centre(w), bb.calendar_centre(w), bb.big_page_centre(w),
    ]
    out += bb.fault_centres(w)
    out.append(bb.mibc_gosweb_centre(w))
    out += social_centres(w)  # VK communities and a Telegram channel, served by ibcmon.sample.social
    return out


def _listing_entries(w: World, built: list[CentreBuilder]) -> tuple[list[ListingEntry], list[ListingEntry]]:
    listing: list[ListingEntry] = []
    table: list[ListingEntry] = []
    for b in built:
        urls = b.listed_urls()
        texts = b.listed_text or [b.name] * len(urls)
        target = table if b.listing == "table" else listing
        for url, text in zip(urls, texts, strict=True):
            target.append(ListingEntry(b.municipality, text, url))
    listing.append(ListingEntry(*MALFORMED_ENTRY))
    listing.sort(key=lambda e: MUNICIPALITY_ORDER.index(e.municipality))
    return listing, table


def build_bundled(port: int) -> World:
    w = World(port=port, kind="bundled")
    a.externals(w)
    built = centres(w)
    listing, table = _listing_entries(w, built)
    build_regional(w, listing, table)
    for b in built:
        if b.ip in w.hosts:
            _assets(b)
    w.registry_rows = [b.registry_row() for b in built if b.in_registry]
    extra = dict(REGISTRY_ONLY)
    extra["url"] = extra["url"].format(port=port)
    w.registry_rows.insert(9, extra)
    centre_urls = {u for b in built for u in b.listed_urls()}
    w.truth_data = _truth(w, built, centre_urls)
    return w


def _assets(b: CentreBuilder) -> None:
    """Style sheets and the robots-disallowed /admin/ page that the chrome links to."""
    from ibcmon.sample.platforms import admin_page
    from ibcmon.sample.world import Resource

    host = b.host
    if not host.listening:
        return
    admin_page(b)
    for path in ("/netcat_template/css/gosweb.css",):
        if b.platform == "gosweb":
            host.add(path, Resource(body=b".gw-body{}", content_type="text/css"))


def _truth(w: World, built: list[CentreBuilder], centre_urls: set[str]) -> dict[str, Any]:
    return {
        "as_of": AS_OF,
        "root_url": w.root_url,
        "listing_pages": [w.url("127.0.0.1", LISTING_PATH), w.url("127.0.0.1", MIBC_PATH)],
        "non_centre_links": non_centre_links(w, centre_urls, {MALFORMED_HREF}),
        "malformed_listing_entries": [MALFORMED_HREF],
        "registry": {
            "missing_from_site": [REGISTRY_ONLY["name"]],
            "unknown_to_registry": [b.name for b in built if not b.in_registry],
        },
        "centres": [b.truth() for b in built],
    }
