"""A varied sample world: ~30 centres whose pages vary what the rules are sensitive to.

    from ibcmon.sample.varied import build_varied
    with SampleServer(lambda port: build_varied(port, seed=7)) as srv:
        srv.truth  # the ground truth, computed from the generator's own model

Deterministic from (seed, size, today). Seeds above 1000 also use the held-out wording
and formats of `holdout.py` (for the final check on worlds nobody tuned to). Dates are counted back from `today` (the audit
date; by default the real date, so relative dates such as «вчера» and the uCoz
"today" widget agree with the day the pages are fetched).
"""
from __future__ import annotations

import datetime as dt
import functools
import random
from html import escape
from typing import Any

from ibcmon.sample.bundled_a import externals
from ibcmon.sample.centre import GOV_IP, LITRES_IP, NEB_IP, PRLIB_IP, REGIONAL_IP
from ibcmon.sample.content import simple_page
from ibcmon.sample.generated import MUNICIPALITIES
from ibcmon.sample.regional import (
    LISTING_PATH,
    MIBC_PATH,
    ListingEntry,
    _page,
    build_regional,
    non_centre_links,
)
from ibcmon.sample.varied import content as ct
from ibcmon.sample.varied.holdout import HOLDOUT_SEED
from ibcmon.sample.varied.site import Plan, SiteBuilder, plan_centre
from ibcmon.sample.world import Host, World

REGIONAL_LIB_IPS = ["127.0.0.210", "127.0.0.211", "127.0.0.212", "127.0.0.213"]
SCHOOL_KINDS = ["МБОУ СОШ № {n}", "МАОУ СОШ № {n}", "МБОУ «Гимназия № {n}»", "МАОУ «Лицей № {n}»",
                "МКОУ ООШ № {n}", "МБОУ «СОШ № {n}»", "МБОУ СШ № {n}", "КГБОУ «Школа-интернат № {n}»"]


def varied_ip(index: int) -> str:
    return f"127.0.3.{1 + index}"


def _statuses(rng: random.Random, size: int) -> list[str]:
    """Most centres answer; about one in fifteen does not (500, 404, nothing listens)."""
    out = ["ok"] * size
    for status in ("error", "not_found", "unreachable"):
        if size >= 6 and rng.random() < 0.6:
            out[rng.randrange(size)] = status
    return out


def _listing_text(rng: random.Random, plan: Plan, url: str) -> str:
    form = rng.random()
    if form < 0.6:
        return plan.name
    if form < 0.8:
        return f"{plan.name} – страница ИБЦ"
    if form < 0.9:
        return f"Информационно-библиотечный центр {plan.name}"
    return url


def listing_html(rng: random.Random, groups: dict[str, list[ListingEntry]], world: World) -> str:
    """Municipality headings over lists or table rows; a resources paragraph may follow."""
    out = ["<p>Интернет-представительства школьных информационно-библиотечных центров "
           "Хабаровского края по муниципальным образованиям.</p>"]
    if rng.random() < 0.2:  # one table, the municipality in its first column
        rows = "".join(
            f'<tr><td>{escape(muni)}</td><td>{escape(e.text if not e.text.startswith("http") else "ИБЦ")}</td>'
            f'<td><a href="{escape(e.href)}">{escape(e.href)}</a></td></tr>'
            for muni, entries in groups.items() for e in entries)
        out.append("<table><thead><tr><th>Муниципальное образование</th><th>Образовательная организация</th>"
                   f"<th>Адрес страницы ИБЦ</th></tr></thead><tbody>{rows}</tbody></table>")
        groups = {}
    heading = rng.choice(["<h3>{}</h3>", "<h4>{}</h4>", "<p><strong>{}</strong></p>", "<h2>{}</h2>"])
    for muni, entries in groups.items():
        out.append(heading.format(escape(muni)))
        if rng.random() < 0.25:
            rows = "".join(f'<tr><td>{i}</td><td>{escape(e.text if not e.text.startswith("http") else "ИБЦ")}</td>'
                           f'<td><a href="{escape(e.href)}">{escape(e.href if e.text.startswith("http") else "ссылка")}</a></td></tr>'
                           for i, e in enumerate(entries, 1))
            out.append(f"<table><tr><th>№</th><th>Образовательная организация</th><th>Страница</th></tr>{rows}</table>")
        else:
            out.append("<ul>" + "".join(f'<li><a href="{escape(e.href)}">{escape(e.text)}</a></li>'
                                        for e in entries) + "</ul>")
    if rng.random() < 0.8:
        out.append(f'<p>Полезные ресурсы: <a href="{world.url(NEB_IP, "/")}">НЭБ</a>, '
                   f'<a href="{world.url(LITRES_IP, "/school/")}">ЛитРес: Школа</a>, '
                   f'<a href="{world.url(PRLIB_IP, "/")}">Президентская библиотека</a></p>')
    return "\n".join(out)


def _list_one_twice(xrng: random.Random, builders: list[SiteBuilder], groups: dict[str, list[ListingEntry]],
                    w: World) -> None:
    """Sometimes a centre is listed a second time, under a later heading, by its address
    without the closing slash (which redirects to it): one centre, never two."""
    candidates = [b for b in builders if b.plan.status == "ok" and not b.plan.by_home
                  and b.plan.lib_path.endswith("/") and len(b.plan.lib_path) > 1]
    if not candidates or xrng.random() >= 0.4:
        return
    b = xrng.choice(candidates)
    short = b.plan.lib_path.rstrip("/")
    w.hosts[b.plan.ip].redirect(short, b.plan.lib_path, 301)
    b.extra_listed.append(w.url(b.plan.ip, short))
    groups.setdefault("Новые участники сети", []).append(
        ListingEntry("Новые участники сети", b.plan.name, w.url(b.plan.ip, short)))


def _regional_libraries(w: World) -> list[str]:
    urls = []
    for ip, title in zip(REGIONAL_LIB_IPS, ["ДВГНБ", "Краевая детская библиотека", "Книжная радуга",
                                            "Библиотека для слепых"], strict=True):
        host = w.host(ip, f"ext-{ip}")
        host.page("/", simple_page(title, f"<h1>{escape(title)}</h1><p>Сайт библиотеки.</p>"))
        urls.append(w.url(ip, "/"))
    return urls


def build_varied(port: int, seed: int = 1, size: int = 30, today: dt.date | None = None) -> World:
    if size < 1 or size > 250:
        raise ValueError("size must be between 1 and 250")
    today = today or dt.date.today()
    rng = random.Random(f"varied-{seed}-{size}")
    w = World(port=port, kind=f"varied-{seed}")
    externals(w)
    ext = ct.Externals(litres=w.url(LITRES_IP, "/"), neb=w.url(NEB_IP, "/"), prlib=w.url(PRLIB_IP, "/"),
                       gov=w.url(GOV_IP, "/"), regional_libs=_regional_libraries(w))
    statuses = _statuses(rng, size)
    munis = rng.sample(MUNICIPALITIES, min(len(MUNICIPALITIES), max(3, size // 3)))
    builders: list[SiteBuilder] = []
    numbers: dict[str, int] = {}
    for i in range(size):
        muni, place = munis[i % len(munis)]
        numbers[muni] = numbers.get(muni, 0) + rng.randrange(1, 4)
        name = f"{rng.choice(SCHOOL_KINDS).format(n=numbers[muni])} {place}"
        ip = varied_ip(i)
        plan = plan_centre(rng, i, f"v{i + 1:02d}", ip, name, muni, place, today, statuses[i],
                           holdout=seed > HOLDOUT_SEED)
        b = SiteBuilder(plan, rng, today, ext, url=functools.partial(w.url, ip))
        b.build()
        host = w.hosts[ip] = Host(ip=ip, label=plan.cid)
        b.install(host)
        builders.append(b)
    groups: dict[str, list[ListingEntry]] = {}
    for b in builders:
        t = b.truth()
        groups.setdefault(b.plan.municipality, []).append(
            ListingEntry(b.plan.municipality, _listing_text(rng, b.plan, t["url"]), t["url"]))
    _list_one_twice(random.Random(f"varied-{seed}-{size}-twice"), builders, groups, w)
    build_regional(w, [], [])
    regional = w.hosts[REGIONAL_IP]
    regional.page(LISTING_PATH, _page(w, "Интернет-представительства ИБЦ", listing_html(rng, groups, w),
                                      [("/set-ibc/", "Сеть ИБЦ"), (None, "Интернет-представительства ИБЦ")]))
    truths = [b.truth() for b in builders]
    w.registry_rows = [
        {"name": b.plan.name, "municipality": b.plan.municipality, "url": t["url"],
         "librarian": b.plan.person.name, "email": b.plan.person.email} for b, t in zip(builders, truths, strict=True)
    ]
    centre_urls = {t["url"] for t in truths}
    w.truth_data = {
        "as_of": today.isoformat(), "seed": seed, "holdout": seed > HOLDOUT_SEED, "root_url": w.root_url,
        "listing_pages": [w.url(REGIONAL_IP, LISTING_PATH), w.url(REGIONAL_IP, MIBC_PATH)],
        "non_centre_links": non_centre_links(w, centre_urls, set()),
        "malformed_listing_entries": [],
        "registry": {"missing_from_site": [], "unknown_to_registry": []},
        "centres": truths,
    }
    return w


def world_summary(w: World) -> dict[str, Any]:
    """Counts of what a world varies (for `ibcmon sample serve --varied` and the tests)."""
    centres = w.truth_data["centres"]
    out: dict[str, Any] = {"centres": len(centres)}
    for key in ("platform", "layout", "status", "freshness"):
        counts: dict[str, int] = {}
        for c in centres:
            counts[str(c[key])] = counts.get(str(c[key]), 0) + 1
        out[key] = counts
    return out
