"""Page chrome of the platforms the centres' pages live on (Госвеб, WordPress, uCoz, …)."""
from __future__ import annotations

import datetime as dt
from html import escape

from ibcmon.sample.centre import CentreBuilder
from ibcmon.sample.content import WEEKDAYS
from ibcmon.sample.world import Resource

ADMIN_LINK = '<a class="admin" href="/admin/">Вход для администратора</a>'


def admin_page(b: CentreBuilder) -> None:
    """/admin/ exists on every normal host but robots.txt disallows it: never requested."""
    b.page("/admin/", "<!DOCTYPE html><html lang=\"ru\"><head><meta charset=\"utf-8\">"
           "<title>Вход</title></head><body><form method=\"post\"><input name=\"login\">"
           "<input name=\"password\" type=\"password\"></form></body></html>")


def footer(b: CentreBuilder, since: int = 2014) -> str:
    years = b.false_date(f"© {since}–2026")
    return (f'<footer class="footer"><p>{years} {escape(b.name)}. Все права защищены.</p>'
            f"<p>{ADMIN_LINK}</p></footer>")


# -- Госвеб (NetCat) ------------------------------------------------------------------
def gosweb(b: CentreBuilder, title: str, body: str, crumbs: list[tuple[str, str]]) -> str:
    crumb = " / ".join(
        [f'<a href="{p}">{escape(t)}</a>' for p, t in crumbs] + [f"<span>{escape(title)}</span>"]
    )
    return (
        '<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8">'
        f"<title>{escape(title)} | {escape(b.name)}</title>"
        '<meta name="generator" content="NetCat"><link rel="stylesheet" href="/netcat_template/css/gosweb.css">'
        '</head><body class="gw-body"><header class="gw-header"><div class="gw-logo">'
        f'<a href="/">{escape(b.name)}</a></div><nav class="gw-menu"><ul>'
        '<li><a href="/svedeniya-ob-obrazovatelnoy-organizatsii">Сведения об образовательной организации</a></li>'
        '<li><a href="/novosti">Новости школы</a></li></ul></nav></header>'
        f'<div class="gw-breadcrumbs">{crumb}</div>'
        f'<main class="gw-content"><h1 class="gw-title">{escape(title)}</h1>{body}</main>'
        f'<div class="gw-footer">{footer(b, 2023)}<p>Работает на платформе «Госвеб»</p></div>'
        "</body></html>"
    )


def gosweb_news_item(day: dt.date, shown: str, href: str, title: str) -> str:
    return (
        '<div class="object-item"><div class="item-head">'
        f'<span class="item-date">{escape(shown)}</span></div>'
        f'<a class="item-title" href="{href}">{escape(title)}</a></div>'
    )


# -- WordPress ------------------------------------------------------------------------
def wordpress(b: CentreBuilder, title: str, body: str, menu: list[tuple[str, str]]) -> str:
    items = "".join(f'<li class="menu-item"><a href="{p}">{escape(t)}</a></li>' for p, t in menu)
    return (
        '<!DOCTYPE html><html lang="ru-RU"><head><meta charset="UTF-8">'
        f"<title>{escape(title)} – {escape(b.name)}</title>"
        '<meta name="generator" content="WordPress 6.5.5">'
        '<link rel="https://api.w.org/" href="/wp-json/"></head>'
        f'<body class="page-template-default"><header class="site-header"><p class="site-title">'
        f'<a href="/">{escape(b.name)}</a></p><nav class="main-navigation"><ul class="menu">{items}'
        f'</ul></nav></header><main class="site-main"><article class="page type-page">'
        f'<h1 class="entry-title">{escape(title)}</h1><div class="entry-content">{body}</div>'
        f"</article></main>{footer(b, 2015)}</body></html>"
    )


# -- uCoz (windows-1251, charset only in <meta http-equiv>) ----------------------------
UCOZ_TYPE = "text/html"  # no charset in the HTTP header: the trap


def ucoz_widget_now() -> str:
    now = dt.datetime.now()
    return f"{WEEKDAYS[now.weekday()]}, {now:%d.%m.%Y, %H:%M}"


def ucoz_resource(b: CentreBuilder, title: str, body: str, menu: list[tuple[str, str]]) -> Resource:
    """A full uCoz page; the header widget shows the current date and time at request time."""
    items = "".join(f'<li><a href="{p}">{escape(t)}</a></li>' for p, t in menu)
    foot = footer(b, 2012)

    def render(_path: str) -> bytes:
        html = (
            '<html><head>\n<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">\n'
            f"<title>{escape(title)} - {escape(b.name)}</title>\n"
            '<link type="text/css" rel="StyleSheet" href="/_st/my.css" /></head>\n'
            '<body><div id="header"><div class="date">'
            f"{ucoz_widget_now()}</div><h1 class=\"logo\">{escape(b.name)}</h1></div>\n"
            f'<table class="main"><tr><td class="sidebar"><ul class="uMenuRoot">{items}</ul></td>'
            f'<td class="content"><div class="eTitle">{escape(title)}</div>{body}</td></tr></table>\n'
            f'{foot}<div class="copy">Хостинг от <a href="/">uCoz</a></div></body></html>'
        )
        return html.encode("cp1251", errors="xmlcharrefreplace")

    return Resource(render=render, content_type=UCOZ_TYPE)


def ucoz_short(title: str, body: str) -> Resource:
    """A short (< 1 KB) page in windows-1251: too little text for charset guessing."""
    html = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'
        f"<title>{escape(title)}</title></head><body><h1>{escape(title)}</h1>{body}</body></html>"
    )
    data = html.encode("cp1251", errors="xmlcharrefreplace")
    assert len(data) < 1024, (title, len(data))
    return Resource(body=data, content_type=UCOZ_TYPE)


# -- 1С-Битрикс ----------------------------------------------------------------------
def bitrix(b: CentreBuilder, title: str, body: str) -> str:
    return (
        '<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8">'
        f"<title>{escape(title)}</title>"
        '<link href="/bitrix/templates/school/template_styles.css" rel="stylesheet"></head>'
        f'<body><div id="panel"></div><div class="header"><a href="/">{escape(b.name)}</a></div>'
        '<div class="left-menu"><ul><li><a href="/">Главная</a></li>'
        '<li><a href="/biblioteka/">Библиотека</a></li>'
        '<li><a href="/biblioteka/news/">Новости библиотеки</a></li></ul></div>'
        f'<div class="workarea"><h1>{escape(title)}</h1>{body}</div>{footer(b, 2016)}</body></html>'
    )


# -- Joomla ---------------------------------------------------------------------------
def joomla(b: CentreBuilder, title: str, body: str, menu: list[tuple[str, str]]) -> str:
    items = "".join(f'<li><a href="{escape(p)}">{escape(t)}</a></li>' for p, t in menu)
    return (
        '<!DOCTYPE html><html lang="ru-ru" dir="ltr"><head><meta charset="utf-8">'
        '<meta name="generator" content="Joomla! - Open Source Content Management">'
        f"<title>{escape(title)}</title></head><body class=\"site com_content\">"
        f'<header><a class="brand" href="/">{escape(b.name)}</a></header>'
        f'<nav class="moduletable_menu"><ul class="nav menu">{items}</ul></nav>'
        f'<main id="content"><div class="item-page"><h2 itemprop="headline">{escape(title)}</h2>'
        f"{body}</div></main>{footer(b, 2013)}</body></html>"
    )


# -- a plain school site --------------------------------------------------------------
def plain(b: CentreBuilder, title: str, body: str, menu: list[tuple[str, str]] | None = None) -> str:
    items = "".join(f'<li><a href="{escape(p)}">{escape(t)}</a></li>' for p, t in (menu or []))
    nav = f'<nav class="menu"><ul>{items}</ul></nav>' if items else ""
    return (
        '<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title></head><body><header><div class=\"school\">"
        f'<a href="/">{escape(b.name)}</a></div>{nav}</header>'
        f'<div class="content"><h1>{escape(title)}</h1>{body}</div>{footer(b)}</body></html>'
    )


def school_home(b: CentreBuilder, library_path: str, link_text: str = "Библиотека",
                extra: str = "") -> None:
    """The school's home page: a menu with the link to the library page, nothing dated."""
    menu = [("/", "Главная"), (library_path, link_text)]
    b.page("/", plain(b, b.name, (
        "<p>Добро пожаловать на официальный сайт нашей школы.</p>" + extra), menu))
