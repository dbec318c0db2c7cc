"""Bundled centres, part A: the platforms (Госвеб, WordPress, uCoz, Битрикс, Joomla, …)."""
from __future__ import annotations

import datetime as dt
import json
from html import escape

from ibcmon.sample import content as c
from ibcmon.sample import documents
from ibcmon.sample import platforms as pf
from ibcmon.sample.centre import LITRES_IP, NEB_IP, PRLIB_IP, CentreBuilder
from ibcmon.sample.world import RATE_LIMITED, SLOW, Resource, World

D = dt.date

GOSWEB_LIB = ("/svedeniya-ob-obrazovatelnoy-organizatsii/"
              "materialno-tehnicheskoe-obespechenie-dostupnaya-sreda/biblioteka")
SVEDENIYA = "/svedeniya-ob-obrazovatelnoy-organizatsii"


def gosweb_centre(w: World) -> CentreBuilder:
    """c01: Госвеб (NetCat), fresh and complete; a HEAD-refusing link and an internal 404."""
    b = CentreBuilder(
        w, "c01", "127.0.0.10", "МБОУ СОШ № 5 г. Амурска", "Амурский муниципальный район",
        "gosweb", librarian="Кузнецова Ольга Викторовна", phone="+7 (42142) 2-45-17",
        email="ibc.school5.amursk@example.ru", listed_paths=[GOSWEB_LIB],
    )
    crumbs = [("/", "Главная"), (SVEDENIYA, "Сведения об образовательной организации"),
              ("/svedeniya-ob-obrazovatelnoy-organizatsii/materialno-tehnicheskoe-obespechenie-"
               "dostupnaya-sreda", "Материально-техническое обеспечение и доступная среда")]
    news = [
        (D(2026, 11, 16), "10:28", "vstrecha-s-pisatelem"),
        (D(2026, 10, 21), "14:05", "konkurs-chtetsov"),
        (D(2026, 9, 30), "09:12", "posvyashchenie-v-chitateli"),
        (D(2026, 9, 1), "08:00", "den-znaniy-v-biblioteke"),
    ]
    items = []
    for i, (day, time, slug) in enumerate(news):
        b.dated(day)
        title, text = c.news_text(i)
        href = f"{GOSWEB_LIB}/news/{slug}"
        shown = c.d_words(day, time)
        items.append(pf.gosweb_news_item(day, shown, href, title))
        b.page(href, pf.gosweb(b, title, (
            f'<div class="gw-article-date"><span class="item-date">{shown}</span></div>'
            f"<p>{escape(text)}</p>"), crumbs))
    announce = b.false_date("10 декабря 2026")
    b.page(f"{GOSWEB_LIB}/news", pf.gosweb(b, "Новости библиотеки",
                                           f'<div class="object-list">{"".join(items)}</div>', crumbs))
    b.mark("news")
    nf = "/netcat_files/"
    head_refused = b.tricky_link(w.url(LITRES_IP, "/school/catalog/"), b.url(GOSWEB_LIB), "head_refused")
    b.broken_link(b.url(f"{nf}old/plan-2019-2020.pdf"), b.url(GOSWEB_LIB), "internal_404")
    body = (
        "<p>Информационно-библиотечный центр (ИБЦ) — структурное подразделение школы.</p>"
        + c.contacts(b, "h2", "Контакты", mailto=False, position="Заведующий библиотекой")
        + c.work_hours(b, "h2", "График работы", variant=1)
        + c.about(b, "h2", "Паспорт ИБЦ", area=86, seats=20, fund=18240)
        + c.regulations(b, f"{nf}multifile/2384", "h2", "Локальные акты")
        + c.work_plan(b, "2026–2027", f"{nf}multifile/2384/plan-raboty-ibc-2026-2027.docx")
        + "<h2>Новости</h2>" + f'<div class="object-list">{"".join(items[:3])}</div>'
        + f'<p><a href="{GOSWEB_LIB}/news">Все новости библиотеки</a></p>'
        + f"<p class=\"announce\">Анонс: {announce} — районный конкурс буктрейлеров.</p>"
        + c.e_resources(b)
        + f'<p>Каталог ЛитРес для школ: <a href="{head_refused}">подборка для 5–9 классов</a>.</p>'
        + c.catalog(b, f"{GOSWEB_LIB}/katalog")
        + c.new_arrivals(b, "h2", "Новинки фонда")
        + c.exhibitions(b, "h2", "Виртуальные выставки")
        + c.methodical(b, f"{nf}multifile/2384/urok-otkuda-prishla-kniga.docx", "h2", "В помощь педагогу")
        + c.projects(b, f"{GOSWEB_LIB}/literaturnaya-karta")
        + c.feedback(b, "h2", "Задать вопрос библиотекарю")
        + c.safe_internet(b, "h2", "Безопасный интернет")
        + c.textbooks(b, "h2", "Обеспечение учебниками")
        + c.social(b, "ibc_amursk_school5")
        + f'<p>Архив: <a href="{nf}old/plan-2019-2020.pdf">План работы на 2019–2020 учебный год (PDF)</a></p>'
    )
    b.page(GOSWEB_LIB, pf.gosweb(b, "Библиотека", body, crumbs))
    b.page(SVEDENIYA, pf.gosweb(b, "Сведения об образовательной организации", (
        '<ul><li><a href="/svedeniya-ob-obrazovatelnoy-organizatsii/materialno-tehnicheskoe-'
        'obespechenie-dostupnaya-sreda">Материально-техническое обеспечение и доступная среда</a></li></ul>'),
        [("/", "Главная")]))
    b.page(crumbs[2][0], pf.gosweb(b, crumbs[2][1], f'<ul><li><a href="{GOSWEB_LIB}">Библиотека</a></li></ul>',
                                   crumbs[:2]))
    b.page("/novosti", pf.gosweb(b, "Новости школы", "<p>Новости школы публикуются в сообществе.</p>",
                                 [("/", "Главная")]))
    pf.school_home(b, GOSWEB_LIB)
    return b


def wordpress_centre(w: World) -> CentreBuilder:
    """c02: WordPress, listed twice (with and without the slash); a slow link, an external 404."""
    b = CentreBuilder(
        w, "c02", "127.0.0.11", "МАОУ «Лицей инновационных технологий» г. Хабаровска", "г. Хабаровск",
        "wordpress", librarian="Соколова Марина Игоревна", phone="+7 (4212) 45-12-80",
        email="biblioteka.lit@example.ru", listed_paths=["/biblioteka/", "/biblioteka"],
        listed_text=["МАОУ «Лицей инновационных технологий» г. Хабаровска",
                     "МАОУ «Лицей инновационных технологий» (ИБЦ)"],
    )
    b.redirect("/biblioteka", b.url("/biblioteka/"))
    menu = [("/", "Главная"), ("/biblioteka/", "Библиотека"), ("/biblioteka/novosti/", "Новости ИБЦ")]
    posts = [
        (D(2026, 11, 10), "11:30", "nedelya-knigi", 3),
        (D(2026, 10, 5), "16:45", "literaturnaya-gostinaya", 4),
        (D(2026, 9, 14), "12:00", "kvest-tayny-biblioteki", 7),
    ]
    api = []
    cards = []
    for pid, (day, time, slug, k) in enumerate(posts, start=101):
        b.dated(day)
        title, text = c.news_text(k)
        path = f"/{day.year}/{day.month:02d}/{day.day:02d}/{slug}/"
        iso = c.d_iso(day, time)
        cards.append(
            f'<article class="post"><h3 class="entry-title"><a href="{path}">{escape(title)}</a></h3>'
            f'<time class="entry-date published" datetime="{iso}">{c.d_words(day)}</time></article>')
        b.page(path, pf.wordpress(b, title, (
            f'<time class="entry-date published" datetime="{iso}">{c.d_words(day)}</time>'
            f"<p>{escape(text)}</p>"), menu))
        api.append({"id": pid, "date": iso[:19], "modified": iso[:19], "slug": slug,
                    "link": b.url(path), "title": {"rendered": title}})
    b.add("/wp-json/wp/v2/posts", Resource(
        body=json.dumps(api, ensure_ascii=False).encode("utf-8"),
        content_type="application/json; charset=UTF-8"))
    b.add("/wp-json/wp/v2/pages", Resource(
        body=json.dumps([{"id": 12, "date": "2024-09-02T09:00:00", "modified": c.d_iso(D(2026, 11, 10), "11:40")[:19],
                          "slug": "biblioteka", "link": b.url("/biblioteka/")}], ensure_ascii=False).encode(),
        content_type="application/json; charset=UTF-8"))
    b.add("/wp-json/", Resource(body=b'{"name":"school","namespaces":["wp/v2"]}',
                                content_type="application/json; charset=UTF-8"))
    b.page("/biblioteka/novosti/", pf.wordpress(b, "Новости ИБЦ", "".join(cards), menu))
    b.mark("news")
    slow = b.tricky_link(w.url(PRLIB_IP, "/collection/pamyat-voyny/"), b.url("/biblioteka/"), "slow")
    broken = b.broken_link(w.url(LITRES_IP, "/old-catalog/"), b.url("/biblioteka/"), "external_404")
    body = (
        c.about(b, "h2", "О библиотеке", area=120, seats=30, fund=21400)
        + c.contacts(b, "h2", "Контакты", mailto=False)
        + c.work_hours(b, "h2", "Время работы")
        + c.regulations(b, "/wp-content/uploads/2024/09", "h2", "Документы")
        + c.work_plan(b, "2026–2027", "/wp-content/uploads/2026/09/plan-ibc-2026-2027.docx")
        + "<h2>События</h2>" + "".join(cards)
        + c.e_resources(b, "h2", "Цифровая библиотека")
        + f'<p>Коллекция «Память о Великой Отечественной войне»: <a href="{slow}">Президентская '
        f"библиотека</a>.</p>"
        + f'<p>Старый каталог ЛитРес: <a href="{broken}">каталог для школ</a></p>'
        + c.new_arrivals(b, "h2", "Новинки", n=6)
        + c.exhibitions(b)
        + c.methodical(b, "/wp-content/uploads/2025/02/metodicheskaya-kopilka.docx")
        + c.projects(b, "/biblioteka/literaturnaya-karta/")
        + c.feedback(b, "h2", "Обратная связь", form=False)
        + c.safe_internet(b)
        + c.social(b, "lit_khv_ibc")
    )
    b.page("/biblioteka/", pf.wordpress(b, "Информационно-библиотечный центр", body, menu))
    pf.school_home(b, "/biblioteka/")
    return b


UCOZ_MENU = [("/", "Главная"), ("/index/biblioteka/0-12", "Библиотека"),
             ("/index/rezhim_raboty/0-15", "Режим работы"), ("/news/", "Новости")]


def ucoz_centre(w: World) -> CentreBuilder:
    """c03: uCoz in windows-1251 (charset only in <meta>), short pages, an outdated plan, aging."""
    b = CentreBuilder(
        w, "c03", "127.0.0.12", "МБОУ СОШ № 2 п. Ванино", "Ванинский муниципальный район",
        "ucoz", librarian="Петренко Галина Николаевна", phone="+7 (42137) 7-12-03",
        email="vanino.school2.lib@example.ru", listed_paths=["/index/biblioteka/0-12"],
    )
    news = [
        (D(2026, 7, 14), 31, 14), (D(2026, 5, 25), 28, 8), (D(2026, 4, 2), 25, 3),
        (D(2026, 2, 21), 19, 0),
    ]
    entries = []
    for day, num, k in news:
        b.dated(day)
        title, text = c.news_text(k)
        path = f"/news/{day.isoformat()}-{num}"
        entries.append(
            f'<div class="eBlock"><div class="eTitle"><a href="{path}">{escape(title)}</a></div>'
            f'<div class="eDetails">Добавлено: {c.d_dots(day)} | Автор: {escape(b.librarian.split()[0])}</div></div>')
        b.add(path, pf.ucoz_resource(b, title, (
            f"<div class=\"eMessage\"><p>{escape(text)}</p></div>"
            f'<div class="eDetails">Просмотров: 48 | Дата: {c.d_dots(day)}</div>'), UCOZ_MENU))
    b.add("/news/", pf.ucoz_resource(b, "Новости", "".join(entries), UCOZ_MENU))
    b.mark("news")
    whitespace = b.tricky_link("  /news/  ", b.url("/index/biblioteka/0-12"), "whitespace")
    b.add("/index/rezhim_raboty/0-15", pf.ucoz_short("Режим работы", (
        "<p>Пн–Пт: 9:00–17:00. Сб, Вс — выходной.</p><p>Санитарный день — последняя пятница месяца.</p>")))
    b.mark("work_hours")
    b.add("/index/pasport_biblioteki/0-16", pf.ucoz_short("Паспорт библиотеки", (
        "<p>Площадь 48 м², читальный зал на 10 мест. Фонд — 11 300 экз.</p>")))
    b.mark("about")
    b.add("/_st/my.css", Resource(body=b"body{background:#fff}", content_type="text/css"))
    plan_path = "/_ld/0/12_plan-2025-2026.docx"
    body = (
        c.contacts(b, "h3", "Наши контакты")
        + '<h3>О библиотеке</h3><p><a href="/index/pasport_biblioteki/0-16">Паспорт библиотеки</a> · '
        '<a href="/index/rezhim_raboty/0-15">Режим работы</a></p>'
        + c.work_plan(b, "2025–2026", plan_path, "h3")
        + f'<h3>Новости</h3>{"".join(entries[:2])}<p><a href="{whitespace}">Все новости</a></p>'
        + c.e_resources(b, "h3", "Полезные ссылки")
        + c.exhibitions(b, "h3")
        + c.safe_internet(b, "h3", "Безопасный интернет")
        + c.social(b, "vanino_school2_lib", "h3")
    )
    b.add("/index/biblioteka/0-12", pf.ucoz_resource(b, "Библиотека", body, UCOZ_MENU))
    b.false_date("uCoz: текущая дата в шапке («Пятница, 26.04.2024, 21:19»)")
    b.add("/", pf.ucoz_resource(b, "Главная", "<p>Сайт школы. Раздел «Библиотека» — в меню слева.</p>",
                                UCOZ_MENU))
    return b


def bitrix_centre(w: World) -> CentreBuilder:
    """c04: 1С-Битрикс, stale (28.03.2025), an outdated plan, an internal 404."""
    b = CentreBuilder(
        w, "c04", "127.0.0.13", "МБОУ СОШ № 3 г. Советская Гавань",
        "Советско-Гаванский муниципальный район", "bitrix",
        librarian="Морозова Светлана Андреевна", phone="+7 (42138) 4-33-21",
        email="sovgavan.sch3@example.ru", registry_email=False, listed_paths=["/biblioteka/"],
    )
    news = [(D(2025, 3, 28), 412, 1), (D(2025, 2, 14), 398, 10), (D(2024, 12, 3), 371, 6)]
    items = []
    for day, eid, k in news:
        b.dated(day)
        title, text = c.news_text(k)
        path = f"/biblioteka/news/index.php?ELEMENT_ID={eid}"
        items.append(f'<div class="news-item"><span class="news-date-time">{c.d_dots(day)}</span> '
                     f'<a href="{path}"><b>{escape(title)}</b></a></div>')
        b.page(path, pf.bitrix(b, title, (
            f'<span class="news-date-time">{c.d_dots(day)}</span><div class="news-detail">{escape(text)}</div>')))
    b.page("/biblioteka/news/", pf.bitrix(b, "Новости библиотеки", '<div class="news-list">' + "".join(items) + "</div>"))
    b.mark("news")
    b.broken_link(b.url("/upload/iblock/3f2/plan-2023-2024.pdf"), b.url("/biblioteka/"), "internal_404")
    b.add("/bitrix/templates/school/template_styles.css", Resource(body=b".workarea{}", content_type="text/css"))
    body = (
        c.contacts(b, "h2", "Заведующий библиотекой")
        + c.work_hours(b)
        + c.regulations(b, "/upload/iblock/a81", "h2", "Нормативные документы", order_year=2018)
        + c.work_plan(b, "2024–2025", "/upload/iblock/c07/plan-raboty-biblioteki-2024-2025.pdf", as_docx=False)
        + '<p><a href="/upload/iblock/3f2/plan-2023-2024.pdf">План работы на 2023–2024 учебный год</a></p>'
        + '<h2>Новости библиотеки</h2><div class="news-list">' + "".join(items[:2]) + "</div>"
        + c.catalog(b, "/biblioteka/katalog/")
        + c.textbooks(b, "h2", "Перечень учебников", year="2024–2025")
    )
    b.page("/biblioteka/", pf.bitrix(b, "Библиотека", body))
    b.page("/", pf.bitrix(b, b.name, '<p>Официальный сайт школы.</p><p><a href="/biblioteka/">Библиотека</a></p>'))
    return b


def joomla_centre(w: World) -> CentreBuilder:
    """c05: Joomla ("Опубликовано: 14 Октябрь 2026"); a 301 → 302 → 200 chain and an internal 500."""
    b = CentreBuilder(
        w, "c05", "127.0.0.14", "МБОУ «Гимназия № 1» г. Бикина", "Бикинский муниципальный район",
        "joomla", librarian="Ким Елена Сергеевна", phone="+7 (42155) 2-18-40",
        email="bikin.gymn1.ibc@example.ru",
        listed_paths=["/index.php?option=com_content&view=article&id=12&Itemid=101"],
    )
    lib = b.listed_paths[0]
    menu = [("/", "Главная"), (lib, "Библиотека"),
            ("/index.php?option=com_content&view=category&id=8&Itemid=102", "Новости библиотеки")]
    news = [(D(2026, 10, 14), 41, 11), (D(2026, 9, 23), 39, 2), (D(2026, 5, 12), 33, 9)]
    blog = []
    for day, aid, k in news:
        b.dated(day)
        title, text = c.news_text(k)
        path = f"/index.php?option=com_content&view=article&id={aid}&catid=8&Itemid=102"
        pub = f'<dd class="published">Опубликовано: {c.d_joomla(day)}</dd>'
        blog.append(f'<div class="blog-item"><h2><a href="{escape(path)}">{escape(title)}</a></h2>'
                    f'<dl class="article-info">{pub}</dl></div>')
        b.page(path, pf.joomla(b, title, f'<dl class="article-info">{pub}</dl><p>{escape(text)}</p>', menu))
    b.page(menu[2][0], pf.joomla(b, "Новости библиотеки", "".join(blog), menu))
    b.mark("news")
    eor = "/index.php?option=com_content&view=article&id=7&Itemid=110"
    b.page(eor, pf.joomla(b, "Электронные ресурсы", c.e_resources(b, "h3"), menu))
    b.redirect("/eor-old", b.url("/eor-temp"), 301)
    b.redirect("/eor-temp", b.url(eor), 302)
    chain = b.tricky_link("/eor-old", b.url(lib), "redirect_chain")
    err = "/index.php?option=com_jevents&task=month.calendar&Itemid=115"
    b.add(err, Resource(status=500, body="<h1>500 - Внутренняя ошибка сервера</h1>".encode()))
    b.broken_link(b.url(err), b.url(lib), "internal_500")
    body = (
        '<dl class="article-info"><dd class="published">Опубликовано: 02 Сентябрь 2024</dd></dl>'
        + c.contacts(b, "h3")
        + c.about(b, "h3", "Основные сведения", area=72, seats=16, fund=15800)
        + c.regulations(b, "/images/docs/biblioteka", "h3", "Документы")
        + c.work_plan(b, "2026–2027", "/images/docs/biblioteka/plan-2026-2027.docx", "h3")
        + "<h3>Новости</h3>" + "".join(blog[:2])
        + f'<p><a href="{escape(chain)}">Электронные образовательные ресурсы</a></p>'
        + f'<p><a href="{escape(err)}">Календарь мероприятий</a></p>'
        + c.new_arrivals(b, "h3")
        + c.exhibitions(b, "h3")
        + c.methodical(b, "/images/docs/biblioteka/metodichka-chtenie.docx", "h3")
        + c.feedback(b, "h3")
        + c.social(b, "gymn1_bikin", "h3", "Мы в социальных сетях")
    )
    b.dated(D(2024, 9, 2))
    b.page(lib, pf.joomla(b, "Библиотека", body, menu))
    b.page("/", pf.joomla(b, b.name, "<p>Добро пожаловать!</p>", menu))
    return b


def longpage_centre(w: World) -> CentreBuilder:
    """c06: everything on one long page under headings; a 429 link and a refused host link."""
    from ibcmon.sample.centre import DEAD_LINK_IP

    b = CentreBuilder(
        w, "c06", "127.0.0.15", "МБОУ СОШ с. Троицкое", "Нанайский муниципальный район",
        "longpage", librarian="Бельды Наталья Петровна", phone="+7 (42156) 4-11-06",
        email="troitskoe.ibc@example.ru", listed_paths=["/biblioteka.html"],
    )
    rate = b.tricky_link(w.url(NEB_IP, "/collections/"), b.url("/biblioteka.html"), "rate_limited")
    refused = b.broken_link(w.url(DEAD_LINK_IP, "/biblioteka/"), b.url("/biblioteka.html"), "refused")
    news = [(D(2026, 10, 12), "14:22", 12), (D(2026, 9, 18), "10:05", 6), (D(2026, 6, 1), "12:30", 13)]
    items = ""
    for day, time, k in news:
        b.dated(day)
        title, text = c.news_text(k)
        items += f'<div class="news"><p class="date">{c.d_dots(day, time)}</p><h4>{escape(title)}</h4><p>{escape(text)}</p></div>'
    b.mark("news")
    birth = b.false_date("Г. Г. Ходжер (1929–2006)")
    body = (
        '<div class="toc"><a href="#kontakty">Контакты</a> · <a href="#novosti">Новости</a> · '
        '<a href="#eor">ЭОР</a></div>'
        + '<a id="kontakty"></a>' + c.contacts(b, mailto=True)
        + c.work_hours(b, variant=1)
        + c.about(b, "h2", "О библиотеке", area=54, seats=8, fund=9870)
        + c.regulations(b, "/docs")
        + c.work_plan(b, "2026–2027", "/docs/plan-2026-2027.pdf", as_docx=False)
        + '<a id="novosti"></a><h2>Новости и мероприятия</h2>' + items
        + '<a id="eor"></a>' + c.e_resources(b, "h2", "ЭОР")
        + f'<p>Коллекции НЭБ: <a href="{rate}">подборки для школьников</a></p>'
        + f'<p>Районная библиотека (партнёр): <a href="{refused}">сайт библиотеки</a></p>'
        + c.catalog(b, "/katalog/")
        + c.new_arrivals(b)
        + c.exhibitions(b)
        + f"<p>Выставка «Сказки народов Амура»: {escape(birth)}.</p>"
        + c.projects(b, "/literaturnaya-karta.html")
        + c.feedback(b, "h2", "Задать вопрос библиотекарю", form=False)
        + c.safe_internet(b)
        + c.textbooks(b, "h2", "Учебный фонд")
        + c.social(b, "troitskoe_ibc")
    )
    b.page("/biblioteka.html", pf.plain(b, "Школьная библиотека", body, [("/", "Главная")]))
    pf.school_home(b, "/biblioteka.html", "Школьная библиотека")
    return b


def documents_centre(w: World) -> CentreBuilder:
    """c07: a page of linked documents; a Cyrillic path; an "обновлено" label as the only date."""
    b = CentreBuilder(
        w, "c07", "127.0.0.16", "МБОУ СОШ № 1 г. Вяземского", "Вяземский муниципальный район",
        "documents", librarian="Лебедева Ирина Александровна", phone="+7 (42153) 3-10-55",
        email="vyazemsky1.lib@example.ru", listed_paths=["/biblioteka/"],
    )
    b.add("/документы/положение.pdf", documents.pdf("Положение об ИБЦ", ["Utverzhdeno 01.09.2020"]))
    cyr = b.tricky_link("/документы/положение.pdf", b.url("/biblioteka/"), "cyrillic")
    b.mark("regulations")
    b.add("/files/pravila-polzovaniya-bibliotekoy.pdf", documents.pdf("Правила пользования библиотекой"))
    b.add("/files/plan-raboty-ibc-2026-2027.docx", documents.docx(
        "План работы ИБЦ на 2026–2027 учебный год", ["Раздел 1. Формирование фонда."]))
    b.mark("work_plan")
    b.work_plan_year = "2026–2027"
    b.add("/files/pasport-ibc.pdf", documents.pdf("Паспорт ИБЦ"))
    b.mark("about")
    b.add("/files/spisok-uchebnikov-2026-2027.pdf", documents.pdf("Список учебников на 2026–2027 учебный год"))
    b.mark("textbooks")
    b.add("/files/ekstremistskie-materialy-sverka.pdf", documents.pdf("Акт сверки с Федеральным списком экстремистских материалов"))
    b.mark("safe_internet")
    updated = b.dated(D(2026, 9, 2))
    body = (
        f'<p class="updated">Страница обновлена: {c.d_dots(updated)}</p>'
        + f"<p>Педагог-библиотекарь: {escape(b.librarian)}, тел. {escape(b.phone)}, "
        f"e-mail: {escape(b.email)}</p>"
        + "<h2>Документы ИБЦ</h2><ul class=\"docs\">"
        f'<li><a href="{cyr}">Положение об ИБЦ (PDF)</a></li>'
        '<li><a href="/files/pravila-polzovaniya-bibliotekoy.pdf">Правила пользования библиотекой (PDF)</a></li>'
        '<li><a href="/files/plan-raboty-ibc-2026-2027.docx">План работы ИБЦ на 2026–2027 учебный год (DOCX)</a></li>'
        '<li><a href="/files/pasport-ibc.pdf">Паспорт ИБЦ (PDF)</a></li>'
        '<li><a href="/files/spisok-uchebnikov-2026-2027.pdf">Обеспеченность учебниками: список учебников '
        "на 2026–2027 учебный год (PDF)</a></li>"
        '<li><a href="/files/ekstremistskie-materialy-sverka.pdf">Информационная безопасность: акт сверки '
        "с Федеральным списком экстремистских материалов (PDF)</a></li></ul>"
    )
    b.mark("contacts")
    b.page("/biblioteka/", pf.plain(b, "Библиотека", body, [("/", "Главная"), ("/biblioteka/", "Библиотека")]))
    pf.school_home(b, "/biblioteka/")
    return b


def builder_centre(w: World) -> CentreBuilder:
    """c08: a regional school-site builder (documents at /file/card?id=N); МИБЦ; only Last-Modified."""
    b = CentreBuilder(
        w, "c08", "127.0.0.17", "МИБЦ Хабаровского муниципального района (МБОУ СОШ с. Мирное)",
        "Хабаровский муниципальный район", "builder", librarian="Гончаренко Татьяна Юрьевна",
        phone="+7 (4212) 49-71-22", email="mibc.mirnoe@example.ru", listing="table",
        listed_paths=["/page/biblioteka"],
    )
    cards = {
        101: ("Положение о МИБЦ", "regulations"),
        102: ("Паспорт МИБЦ", "about"),
        103: ("Методические рекомендации по ведению страницы ИБЦ", "methodical"),
    }
    links = ""
    for fid, (title, sid) in cards.items():
        res = documents.pdf(title, filename=f"file_{fid}.pdf")
        res.headers["Content-Disposition"] = f'attachment; filename="file_{fid}.pdf"'
        b.add(f"/file/card?id={fid}", res)
        b.mark(sid)
        links += f'<li><a href="/file/card?id={fid}">{escape(title)}</a></li>'
    b.dated(D(2026, 8, 14))
    body = (
        c.contacts(b, "h2", "Руководитель МИБЦ", position="Руководитель МИБЦ")
        + c.work_hours(b, variant=1)
        + f"<h2>Документы</h2><ul>{links}</ul>"
        + c.e_resources(b, "h2", "Электронные ресурсы")
        + c.projects(b, "/page/literaturnaya-karta")
    )
    page = b.page("/page/biblioteka", pf.plain(b, "Муниципальный ИБЦ", body, [("/", "Главная")]))
    page.headers["Last-Modified"] = "Fri, 14 Aug 2026 05:12:00 GMT"
    pf.school_home(b, "/page/biblioteka", "МИБЦ")
    return b


def externals(w: World) -> None:
    """The imitations of external resource hosts linked from the centres' pages."""
    litres = w.host(LITRES_IP, "ext-litres")
    litres.page("/", c.simple_page("ЛитРес", "<h1>ЛитРес</h1><p>Электронные книги.</p>"))
    litres.page("/school/", c.simple_page("ЛитРес: Школа", "<h1>ЛитРес: Школа</h1><p>Электронная "
                                                            "библиотека для школ.</p>"))
    from ibcmon.sample.world import HEAD_REFUSED
    litres.page("/school/catalog/", c.simple_page("Каталог ЛитРес: Школа", "<h1>Каталог</h1>"),
                behaviour=HEAD_REFUSED)
    neb = w.host(NEB_IP, "ext-neb")
    neb.page("/", c.simple_page("НЭБ", "<h1>Национальная электронная библиотека</h1>"))
    neb.page("/collections/", c.simple_page("Коллекции НЭБ", "<h1>Коллекции</h1>"), behaviour=RATE_LIMITED)
    prlib = w.host(PRLIB_IP, "ext-prlib")
    prlib.page("/", c.simple_page("Президентская библиотека", "<h1>Президентская библиотека</h1>"))
    prlib.page("/collection/pamyat-voyny/", c.simple_page(
        "Память о Великой Отечественной войне", "<h1>Коллекция</h1>"), behaviour=SLOW, delay=3.0)
    from ibcmon.sample.centre import DEAD_LINK_IP, GOV_IP
    gov = w.host(GOV_IP, "ext-gov")
    gov.page("/", c.simple_page("Министерство образования и науки Хабаровского края", "<h1>Министерство</h1>"))
    gov.page("/extremist-materials/", c.simple_page(
        "Федеральный список экстремистских материалов", "<h1>Федеральный список экстремистских материалов</h1>"))
    w.host(DEAD_LINK_IP, "ext-dead", listening=False)
