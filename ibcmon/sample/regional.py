"""The regional centre's site (an imitation of РРИБЦ's WordPress site) at 127.0.0.1.

Menu, news, "Виртуальный музей", the network page and two listings of centres:
page 1 groups links under municipality headings, page 2 (МИБЦ) is a table. Menu,
breadcrumbs, sidebar, footer, social and resource links are not centres.
"""
from __future__ import annotations

from dataclasses import dataclass
from html import escape
from urllib.parse import urljoin

from ibcmon.sample import documents
from ibcmon.sample.centre import GOV_IP, LITRES_IP, NEB_IP, PRLIB_IP, REGIONAL_IP
from ibcmon.sample.world import World, extract_hrefs

LISTING_PATH = "/set-ibc/internet-predstavitelstva-ibc/"
MIBC_PATH = "/set-ibc/mibc/"
NETWORK_PATH = "/set-ibc/"
POLICY_PDF = "/wp-content/uploads/2025/09/polozhenie-o-seti-ibc.pdf"

CITY_MUNICIPALITIES = ("г. Хабаровск", "г. Комсомольск-на-Амуре")


@dataclass
class ListingEntry:
    municipality: str
    text: str
    href: str


NEWS = [
    ("/2026/11/12/seminar-rukovoditeley-ibc/", "2026-11-12T11:05:00+10:00", "12.11.2026",
     "Семинар руководителей ИБЦ «Мониторинг интернет-представительств»",
     "Состоялся краевой семинар для руководителей информационно-библиотечных центров. "
     "Обсуждались итоги мониторинга наполнения и обновления интернет-представительств."),
    ("/2026/10/28/novaya-vystavka-virtualnogo-muzeya/", "2026-10-28T09:40:00+10:00", "28.10.2026",
     "Новая выставка Виртуального музея: «Книжная летопись Приамурья»",
     "В Виртуальном музее открыта выставка о первых книгах, изданных в Хабаровске."),
    ("/2026/09/15/konkurs-luchshiy-sayt-ibc/", "2026-09-15T15:20:00+10:00", "15.09.2026",
     "Краевой конкурс «Лучшее интернет-представительство ИБЦ»",
     "Приглашаем ИБЦ края принять участие в конкурсе. Итоги будут подведены 15 декабря 2026 года."),
]

EXHIBITIONS = [
    ("/virtualnyj-muzej/knizhnaya-letopis-priamurya/", "Книжная летопись Приамурья"),
    ("/virtualnyj-muzej/shkolnye-biblioteki-kraya/", "Школьные библиотеки края: 100 лет истории"),
    ("/virtualnyj-muzej/pisateli-dalnego-vostoka/", "Писатели Дальнего Востока — детям"),
]


def _menu() -> str:
    return (
        '<nav class="main-navigation" id="site-navigation"><ul id="primary-menu" class="menu">'
        '<li class="menu-item"><a href="/">Главная</a></li>'
        '<li class="menu-item"><a href="/o-centre/">О центре</a></li>'
        '<li class="menu-item"><a href="/category/novosti/">Новости</a></li>'
        '<li class="menu-item"><a href="/virtualnyj-muzej/">Виртуальный музей</a></li>'
        f'<li class="menu-item menu-item-has-children"><a href="{NETWORK_PATH}">Сеть ИБЦ</a>'
        '<ul class="sub-menu">'
        f'<li class="menu-item"><a href="{LISTING_PATH}">Интернет-представительства ИБЦ</a></li>'
        f'<li class="menu-item"><a href="{MIBC_PATH}">МИБЦ</a></li></ul></li>'
        '<li class="menu-item"><a href="/kontakty/">Контакты</a></li></ul></nav>'
    )


def _footer(world: World) -> str:
    return (
        '<footer id="colophon" class="site-footer"><div class="widget"><h4>Мы в соцсетях</h4>'
        '<a href="https://vk.com/rribckhv">ВКонтакте</a> '
        '<a href="https://t.me/rribckhv">Telegram</a> '
        '<a href="https://ok.ru/group/rribckhv">Одноклассники</a></div>'
        '<div class="widget"><h4>Полезные ресурсы</h4><ul>'
        f'<li><a href="{world.url(LITRES_IP, "/")}">ЛитРес: Школа</a></li>'
        f'<li><a href="{world.url(NEB_IP, "/")}">НЭБ</a></li>'
        f'<li><a href="{world.url(PRLIB_IP, "/")}">Президентская библиотека</a></li>'
        f'<li><a href="{world.url(GOV_IP, "/")}">Министерство образования и науки Хабаровского края</a></li>'
        "</ul></div><p>© 2014–2026 КГБОУ ДПО ХК ИРО, региональный ресурсный "
        "информационно-библиотечный центр</p></footer>"
    )


def _sidebar() -> str:
    items = "".join(f'<li><a href="{p}">{escape(t)}</a></li>' for p, _, _, t, _ in NEWS)
    return (
        '<aside id="secondary" class="widget-area"><section class="widget widget_recent_entries">'
        f"<h2 class=\"widget-title\">Свежие записи</h2><ul>{items}</ul></section>"
        '<section class="widget widget_archive"><h2 class="widget-title">Архивы</h2><ul>'
        '<li><a href="/2026/11/">Ноябрь 2026</a></li><li><a href="/2026/10/">Октябрь 2026</a></li>'
        '<li><a href="/2026/09/">Сентябрь 2026</a></li></ul></section>'
        '<section class="widget"><h2 class="widget-title">Поиск</h2>'
        '<form role="search" action="/" method="get"><input type="search" name="s"></form></section>'
        "</aside>"
    )


def _page(world: World, title: str, body: str, crumbs: list[tuple[str | None, str]] | None = None) -> str:
    crumb_html = ""
    if crumbs:
        parts = ['<a href="/">Главная</a>'] + [
            f'<a href="{p}">{escape(t)}</a>' if p else escape(t) for p, t in crumbs
        ]
        crumb_html = f'<div class="breadcrumbs">{" » ".join(parts)}</div>'
    return (
        '<!DOCTYPE html><html lang="ru-RU"><head><meta charset="UTF-8">'
        f"<title>{escape(title)} – РРИБЦ Хабаровского края</title>"
        '<meta name="generator" content="WordPress 6.6.2">'
        '<link rel="stylesheet" href="/wp-content/themes/rribc/style.css"></head>'
        '<body class="page"><header class="site-header"><p class="site-title">'
        '<a href="/">Региональный ресурсный информационно-библиотечный центр Хабаровского края</a></p>'
        f"{_menu()}</header><div id=\"content\" class=\"site-content\">{crumb_html}"
        f'<main id="main" class="site-main"><article><h1 class="entry-title">{escape(title)}</h1>'
        f'<div class="entry-content">{body}</div></article></main>{_sidebar()}</div>'
        f"{_footer(world)}</body></html>"
    )


def _group(entries: list[ListingEntry]) -> dict[str, list[ListingEntry]]:
    groups: dict[str, list[ListingEntry]] = {}
    for e in entries:
        groups.setdefault(e.municipality, []).append(e)
    return groups


def listing_html(world: World, entries: list[ListingEntry]) -> str:
    groups = _group(entries)
    cities = [m for m in groups if m in CITY_MUNICIPALITIES]
    districts = [m for m in groups if m not in CITY_MUNICIPALITIES]
    out = [
        "<p>На этой странице собраны интернет-представительства (страницы и сайты) школьных "
        "информационно-библиотечных центров Хабаровского края. Работа сети ведётся в "
        f'соответствии с <a href="{POLICY_PDF}">Положением о сети ИБЦ (PDF)</a>.</p>'
    ]
    for title, munis in (("Городские округа", cities), ("Муниципальные районы и округа", districts)):
        if not munis:
            continue
        out.append(f"<h2>{title}</h2>")
        for m in munis:
            items = "".join(
                f'<li><a href="{escape(e.href)}">{escape(e.text)}</a></li>' for e in groups[m]
            )
            out.append(f"<h3>{escape(m)}</h3><ul>{items}</ul>")
    out.append(f'<p><a href="{NETWORK_PATH}">« Назад</a></p>')
    return "\n".join(out)


def mibc_html(world: World, entries: list[ListingEntry]) -> str:
    rows = "".join(
        f"<tr><td>{escape(e.municipality)}</td><td>{escape(e.text)}</td>"
        f'<td><a href="{escape(e.href)}">{escape(e.href)}</a></td></tr>'
        for e in entries
    )
    return (
        "<p>Муниципальные информационно-библиотечные центры (МИБЦ) координируют работу "
        "школьных ИБЦ своего района.</p>"
        '<table class="mibc"><thead><tr><th>Муниципальное образование</th><th>Наименование</th>'
        f"<th>Ссылка</th></tr></thead><tbody>{rows}</tbody></table>"
        f'<p><a href="{NETWORK_PATH}">« Назад</a></p>'
    )


def build_regional(world: World, listing: list[ListingEntry], mibc: list[ListingEntry]) -> None:
    host = world.host(REGIONAL_IP, "regional", robots="User-agent: *\nDisallow: /wp-admin/\n")
    posts = "".join(
        f'<article class="post"><h2 class="entry-title"><a href="{p}">{escape(t)}</a></h2>'
        f'<time class="entry-date published" datetime="{iso}">{shown}</time>'
        f"<p>{escape(text)}</p></article>"
        for p, iso, shown, t, text in NEWS
    )
    host.page("/", _page(world, "Главная", (
        "<p>Региональный ресурсный информационно-библиотечный центр (РРИБЦ) координирует сеть "
        "информационно-библиотечных центров общеобразовательных организаций Хабаровского края.</p>"
        f"<h2>Новости</h2>{posts}"
        f'<p><a href="{NETWORK_PATH}">Сеть ИБЦ Хабаровского края</a></p>')))
    host.page("/o-centre/", _page(world, "О центре", (
        "<p>РРИБЦ создан на базе ХК ИРО в 2014 году. Задачи центра: методическое сопровождение "
        "ИБЦ, мониторинг их интернет-представительств, повышение квалификации библиотекарей.</p>"),
        [(None, "О центре")]))
    host.page("/category/novosti/", _page(world, "Новости", posts, [(None, "Новости")]))
    for month in ("/2026/11/", "/2026/10/", "/2026/09/"):
        host.page(month, _page(world, "Архив", posts, [(None, "Архив")]))
    for p, iso, shown, t, text in NEWS:
        host.page(p, _page(world, t, (
            f'<time class="entry-date published" datetime="{iso}">{shown}</time><p>{escape(text)}</p>'),
            [("/category/novosti/", "Новости"), (None, t)]))
    exh = "".join(f'<li><a href="{p}">{escape(t)}</a></li>' for p, t in EXHIBITIONS)
    host.page("/virtualnyj-muzej/", _page(world, "Виртуальный музей", (
        "<p>Виртуальный музей истории школьных библиотек Хабаровского края. Выставки:</p>"
        f"<ul>{exh}</ul>"), [(None, "Виртуальный музей")]))
    for p, t in EXHIBITIONS:
        host.page(p, _page(world, t, f"<p>Экспозиция «{escape(t)}»: фотографии, документы, воспоминания.</p>",
                           [("/virtualnyj-muzej/", "Виртуальный музей"), (None, t)]))
    host.page(NETWORK_PATH, _page(world, "Сеть ИБЦ", (
        "<p>Сеть информационно-библиотечных центров Хабаровского края объединяет школьные ИБЦ "
        "и муниципальные ИБЦ (МИБЦ).</p><ul>"
        f'<li><a href="{LISTING_PATH}">Интернет-представительства ИБЦ</a></li>'
        f'<li><a href="{MIBC_PATH}">Муниципальные ИБЦ (МИБЦ)</a></li>'
        f'<li><a href="{POLICY_PDF}">Положение о сети ИБЦ (PDF)</a></li></ul>'),
        [(None, "Сеть ИБЦ")]))
    host.page(LISTING_PATH, _page(world, "Интернет-представительства ИБЦ", listing_html(world, listing),
                                  [(NETWORK_PATH, "Сеть ИБЦ"), (None, "Интернет-представительства ИБЦ")]))
    host.page(MIBC_PATH, _page(world, "МИБЦ", mibc_html(world, mibc),
                               [(NETWORK_PATH, "Сеть ИБЦ"), (None, "МИБЦ")]))
    host.page("/kontakty/", _page(world, "Контакты", (
        "<p>680011, г. Хабаровск, ул. Забайкальская, 10. Телефон: +7 (4212) 21-00-00. "
        "E-mail: rribc@example.ru</p>"), [(None, "Контакты")]))
    host.add(POLICY_PDF, documents.pdf("Положение о сети информационно-библиотечных центров"))
    host.page("/wp-content/themes/rribc/style.css", "body{font-family:sans-serif}",
              content_type="text/css; charset=utf-8")


def page_links(world: World, path: str) -> list[str]:
    res = world.hosts[REGIONAL_IP].lookup(path)
    assert res is not None
    return extract_hrefs(res.content(path).decode("utf-8"))


def non_centre_links(world: World, centre_urls: set[str], malformed: set[str]) -> list[str]:
    """Every link on the listing pages and the home page that is not a centre."""
    base = world.url(REGIONAL_IP, "/")
    seen: list[str] = []
    for path in ("/", LISTING_PATH, MIBC_PATH):
        page_url = urljoin(base, path)
        for href in page_links(world, path):
            if href in malformed or href.startswith(("mailto:", "#")):
                continue
            url = urljoin(page_url, href.strip())
            if url not in centre_urls and url not in seen:
                seen.append(url)
    return seen
