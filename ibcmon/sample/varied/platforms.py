"""Platform templates of varied worlds: where pages live and how a page and a dated item look.

Each platform answers: the library page's path, a section page's path, where the news
list and news items live (often outside the library page's path: WordPress
`/category/biblioteka/` and `/2026/10/28/…/`, uCoz `/news/`, Joomla's blog, Госвеб's
`/novosti/…`), the page chrome (header, school menu, library menu, sidebar, footer) and
the date forms of a news list and of a news item.
"""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from html import escape

from ibcmon.sample.varied import dates as d

TODAY_MARK = "@@TODAY@@"  # replaced at request time by the uCoz / widget "today" date

SCHOOL_PAGES = [("/svedeniya/", "Сведения об образовательной организации"),
                ("/novosti-shkoly/", "Новости школы"), ("/roditelyam/", "Родителям"),
                ("/kontakty-shkoly/", "Контакты")]


@dataclass
class Chrome:
    """What one page shows around its main content."""

    school: str
    title: str
    main: str
    lib_path: str
    lib_title: str
    menu: list[tuple[str, str]]  # the library's own menu (header sub-menu or a list)
    aside: str = ""
    since: int = 2014
    year: int = 2026
    today_widget: bool = False
    school_footer: str = ""  # the school's address, phone, hours (HTML)


def _school_menu(c: Chrome, sub: str = "") -> str:
    items = ['<li><a href="/">Главная</a></li>']
    items += [f'<li><a href="{p}">{escape(t)}</a></li>' for p, t in SCHOOL_PAGES]
    items.append(f'<li><a href="{c.lib_path}">{escape(c.lib_title)}</a>{sub}</li>')
    return "".join(items)


def _sub(c: Chrome, cls: str = "sub-menu") -> str:
    if not c.menu:
        return ""
    return f'<ul class="{cls}">' + "".join(
        f'<li><a href="{escape(p)}">{escape(t)}</a></li>' for p, t in c.menu) + "</ul>"


def _footer(c: Chrome) -> str:
    return (f'<footer>{c.school_footer}<p>© {c.since}–{c.year} {escape(c.school)}. Все права защищены.</p>'
            '<p><a href="/admin/">Вход</a></p></footer>')


def _widget(c: Chrome) -> str:
    return f'<div class="today">Сегодня: {TODAY_MARK}</div>' if c.today_widget else ""


def gosweb(c: Chrome) -> str:
    return (
        '<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8">'
        f"<title>{escape(c.title)} | {escape(c.school)}</title><meta name=\"generator\" content=\"NetCat\">"
        f'</head><body class="gw-body"><header class="gw-header"><div class="gw-logo"><a href="/">'
        f'{escape(c.school)}</a></div>{_widget(c)}<nav class="gw-menu"><ul>{_school_menu(c, _sub(c, "gw-submenu"))}'
        f'</ul></nav></header><div class="gw-breadcrumbs"><a href="/">Главная</a> / '
        f'<a href="{c.lib_path}">{escape(c.lib_title)}</a></div><div class="gw-layout">'
        f'<main class="gw-content"><h1 class="gw-title">{escape(c.title)}</h1>{c.main}</main>'
        f'{c.aside}</div><div class="gw-footer">{_footer(c)}<p>Работает на платформе «Госвеб»</p></div>'
        "</body></html>"
    )


def wordpress(c: Chrome) -> str:
    return (
        '<!DOCTYPE html><html lang="ru-RU"><head><meta charset="UTF-8">'
        f"<title>{escape(c.title)} – {escape(c.school)}</title>"
        '<meta name="generator" content="WordPress 6.5.3"></head><body class="page">'
        f'<header class="site-header"><p class="site-title"><a href="/">{escape(c.school)}</a></p>'
        f'{_widget(c)}<nav class="main-navigation"><ul class="menu">{_school_menu(c, _sub(c))}</ul></nav></header>'
        f'<div id="content" class="site-content"><main id="main" class="site-main"><article class="page">'
        f'<h1 class="entry-title">{escape(c.title)}</h1><div class="entry-content">{c.main}</div>'
        f'</article></main>{c.aside}</div>{_footer(c)}</body></html>'
    )


def ucoz(c: Chrome) -> str:
    left = (f'<div class="block"><div class="blocktitle">Меню сайта</div><ul class="uMenuRoot">'
            f"{_school_menu(c, _sub(c, 'uMenuSub'))}</ul></div>")
    return (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'
        f"<title>{escape(c.title)} - {escape(c.school)}</title></head><body>"
        f'<div id="header"><h1 class="logo"><a href="/">{escape(c.school)}</a></h1>'
        f'<div class="date">{TODAY_MARK}</div></div>'
        f'<table class="main" width="100%"><tr><td class="sidebar" valign="top">{left}{c.aside}</td>'
        f'<td class="content" valign="top"><h2 class="pageTitle">{escape(c.title)}</h2>{c.main}</td></tr></table>'
        f'<div id="footer">{_footer(c)}<p>Хостинг от <a href="https://www.ucoz.ru/">uCoz</a></p></div>'
        "</body></html>"
    )


def bitrix(c: Chrome) -> str:
    return (
        '<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8">'
        f"<title>{escape(c.title)}</title><link href=\"/bitrix/templates/school/styles.css\" rel=\"stylesheet\">"
        f'</head><body><div id="panel"></div><div class="header"><a class="logo" href="/">{escape(c.school)}</a>'
        f'{_widget(c)}</div><div class="top-menu"><ul>{_school_menu(c, _sub(c, "child"))}</ul></div>'
        f'<div class="workarea"><div class="left-column">{c.aside}</div><div class="content">'
        f'<h1>{escape(c.title)}</h1>{c.main}</div></div>{_footer(c)}</body></html>'
    )


def joomla(c: Chrome) -> str:
    return (
        '<!DOCTYPE html><html lang="ru-ru" dir="ltr"><head><meta charset="utf-8">'
        '<meta name="generator" content="Joomla! - Open Source Content Management">'
        f"<title>{escape(c.title)}</title></head><body class=\"site\"><header class=\"header\">"
        f'<a class="brand" href="/">{escape(c.school)}</a>{_widget(c)}</header>'
        f'<nav class="navigation"><ul class="nav menu mod-list">{_school_menu(c, _sub(c, "nav-child"))}</ul></nav>'
        f'<div class="row-fluid"><main id="content" role="main" class="span9"><div class="item-page">'
        f'<div class="page-header"><h2 itemprop="headline">{escape(c.title)}</h2></div>'
        f'<div itemprop="articleBody">{c.main}</div></div></main>'
        f'<div id="aside" class="span3">{c.aside}</div></div>{_footer(c)}</body></html>'
    )


def html(c: Chrome) -> str:
    menu = " | ".join(f'<a href="{p}">{escape(t)}</a>' for p, t in [("/", "Главная"), *SCHOOL_PAGES])
    lib_menu = ""
    if c.menu:
        lib_menu = '<div class="libmenu">' + " | ".join(
            f'<a href="{escape(p)}">{escape(t)}</a>' for p, t in c.menu) + "</div>"
    return (
        '<html><head><meta charset="utf-8">'
        f"<title>{escape(c.title)}</title></head><body><div class=\"top\"><b>{escape(c.school)}</b>"
        f'{_widget(c)}<br>{menu} | <a href="{c.lib_path}">{escape(c.lib_title)}</a></div>{lib_menu}'
        f'<table width="100%"><tr><td valign="top">{c.aside}</td><td valign="top">'
        f"<h1>{escape(c.title)}</h1>{c.main}</td></tr></table>{_footer(c)}</body></html>"
    )


CHROME = {"gosweb": gosweb, "wordpress": wordpress, "ucoz": ucoz, "bitrix": bitrix,
          "joomla": joomla, "html": html}


@dataclass
class Urls:
    """Where a platform keeps a centre's pages."""

    platform: str
    lib_path: str
    counter: int = 17

    def page(self, slug: str) -> str:
        self.counter += 1
        p = self.platform
        if p == "gosweb":
            return f"{self.lib_path}/{slug}"
        if p == "wordpress":
            return f"{self.lib_path}{slug}/"
        if p == "ucoz":
            return f"/index/{slug}/0-{self.counter}"
        if p == "bitrix":
            return f"/biblioteka/{slug}/index.php"
        if p == "joomla":
            return f"{self.lib_path}/{slug}"
        return f"{self.lib_path.rsplit('/', 1)[0]}/{slug}.html"

    def news_list(self) -> str:
        return {"gosweb": f"{self.lib_path}/novosti-biblioteki", "wordpress": "/category/biblioteka/",
                "ucoz": "/news/", "bitrix": "/biblioteka/news/index.php",
                "joomla": "/index.php/novosti-biblioteki",
                }.get(self.platform, f"{self.lib_path.rsplit('/', 1)[0]}/novosti.html")

    def news_item(self, day: dt.date, slug: str, n: int) -> str:
        p = self.platform
        if p == "gosweb":
            return f"/novosti/{slug}-{n}"
        if p == "wordpress":
            return f"/{day.year}/{day.month:02d}/{day.day:02d}/{slug}/"
        if p == "ucoz":
            return f"/news/{slug}/{day.isoformat()}-{n}"
        if p == "bitrix":
            return f"/biblioteka/news/detail.php?ELEMENT_ID={400 + n}"
        if p == "joomla":
            return f"/index.php/novosti-biblioteki/{100 + n}-{slug}"
        return f"{self.lib_path.rsplit('/', 1)[0]}/novosti/{n}.html"

    def doc(self, name: str) -> str:
        p = self.platform
        if p == "gosweb":
            return f"/netcat_files/{self.counter}/{name}"
        if p == "wordpress":
            return f"/wp-content/uploads/2026/09/{name}"
        if p == "ucoz":
            return f"/biblioteka/{name}"
        if p == "bitrix":
            return f"/upload/iblock/{self.counter:03d}/{name}"
        if p == "joomla":
            return f"/images/biblioteka/{name}"
        return f"{self.lib_path.rsplit('/', 1)[0]}/files/{name}"


def library_path(platform: str, rng: random.Random) -> str:
    if platform == "gosweb":
        return rng.choice([
            "/svedeniya-ob-obrazovatelnoy-organizatsii/materialno-tehnicheskoe-obespechenie-dostupnaya-sreda/biblioteka",
            "/roditelyam-i-uchenikam/biblioteka"])
    if platform == "ucoz":
        return f"/index/{rng.choice(['biblioteka', 'ibc', 'shkolnaja_biblioteka'])}/0-{rng.randrange(5, 16)}"
    return {"wordpress": rng.choice(["/biblioteka/", "/ibc/"]), "bitrix": "/biblioteka/index.php",
            "joomla": rng.choice(["/index.php/biblioteka", "/biblioteka"]),
            }.get(platform, rng.choice(["/biblioteka/index.html", "/ibc/index.html", "/library.html"]))


def list_date(platform: str, day: dt.date, today: dt.date, rng: random.Random, relative: bool = True) -> str:
    """How a news list shows an item's date (HTML).

    Relative forms («вчера», «3 дня назад») only when `relative`: they are read against the
    day of the fetch, so a world audited as of another day must not print them. The same
    random draws are made either way, so the rest of the world does not change.
    """
    want_rel, variant = rng.random() < 0.5, rng.random()
    hh, mm, views = rng.randrange(8, 18), rng.randrange(60), rng.randrange(3, 90)
    shown = rng.choice([d.dots(day), d.words(day), d.wp_month_first(day)])
    rel = d.relative(day, today) if want_rel and relative else None
    if platform == "gosweb":
        return f'<span class="item-date">{escape(rel or d.words(day))}, {hh}:{mm:02d}</span>'
    if platform == "wordpress":
        if rel and variant < 0.5:
            return f'<span class="posted-on">Опубликовано {rel}</span>'
        return f'<span class="posted-on">Опубликовано <time class="entry-date published" datetime="{d.iso(day)}">{shown}</time></span>'
    if platform == "ucoz":
        return f'<div class="eDetails">Добавлено ({d.dots(day)}, {hh}:{mm:02d}) | Просмотров: {views}</div>'
    if platform == "bitrix":
        return f'<span class="news-date-time">{d.dots(day)}</span>'
    if platform == "joomla":
        if variant < 0.5:
            return f'<dd class="published"><time datetime="{d.iso(day)}">Опубликовано: {d.words(day)}</time></dd>'
        return f'<dd class="create">Создано: {d.nominative(day)}</dd>'
    if rel:
        return f"<i>{rel}</i>"
    return f"<b>{d.dots(day) if variant < 0.5 else d.words(day, True)}</b>"


def item_date(platform: str, day: dt.date, rng: random.Random) -> str:
    """How a news item's own page shows its date (HTML)."""
    if platform == "gosweb":
        return f'<div class="item-date">{d.words(day)}, {rng.randrange(8, 18)}:{rng.randrange(60):02d}</div>'
    if platform == "wordpress":
        return f'<div class="entry-meta"><time class="entry-date published" datetime="{d.iso(day)}">{d.wp_month_first(day)}</time></div>'
    if platform == "ucoz":
        return (f'<div class="eDetails">Категория: Новости библиотеки | Просмотров: {rng.randrange(3, 90)} | '
                f"Добавил: admin | Дата: {d.dots(day)}</div>")
    if platform == "bitrix":
        return f'<span class="news-date-time">{d.dots(day)}</span>'
    if platform == "joomla":
        return f'<dl class="article-info"><dd class="published">Опубликовано: {d.words(day)}</dd></dl>'
    return f"<p>Дата: {d.dots(day)}</p>"
