"""Bundled centres, part B: sparse and dateless pages, home pages, moves, traps and faults."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from html import escape
from urllib.parse import parse_qs, urlsplit

from ibcmon.sample import content as c
from ibcmon.sample import platforms as pf
from ibcmon.sample.centre import CentreBuilder
from ibcmon.sample.world import STREAM, Resource, World

D = dt.date
BIG_PAGE_BYTES = 15 * 1024 * 1024


def sparse_centre(w: World) -> CentreBuilder:
    """c09: headings over "Раздел в разработке"; only an "Обновлено" label, stale."""
    b = CentreBuilder(
        w, "c09", "127.0.0.18", "МБОУ СОШ с. Булава", "Ульчский муниципальный район", "html",
        librarian="Актанко Людмила Васильевна", phone="+7 (42151) 5-62-14",
        email="bulava.school@example.ru", listed_paths=["/biblioteka/"],
    )
    label = b.dated(D(2026, 2, 17))
    body = (
        f'<p class="small">Обновлено: {c.d_dots(label)}</p>'
        + c.contacts(b)
        + c.work_hours(b)
        + c.empty_block(b, "regulations", "Нормативные документы", variant=1)
        + c.empty_block(b, "work_plan", "План работы", variant=0)
        + c.empty_block(b, "news", "Новости библиотеки", variant=0)
        + c.empty_block(b, "e_resources", "Электронные ресурсы", variant=1)
    )
    b.page("/biblioteka/", pf.plain(b, "Библиотека", body, [("/", "Главная")]))
    pf.school_home(b, "/biblioteka/")
    return b


def dateless_centre(w: World) -> CentreBuilder:
    """c10: content but no content date anywhere (freshness unknown); only false dates."""
    b = CentreBuilder(
        w, "c10", "127.0.0.19", "МБОУ СОШ р.п. Охотск", "Охотский муниципальный округ", "html",
        librarian="Слепцова Анна Игнатьевна", phone="+7 (42141) 9-15-07",
        email="ohotsk.ibc@example.ru", registry_email=False, listed_paths=["/ibc/"],
    )
    body = (
        c.contacts(b, "h2", "Контакты")
        + c.work_hours(b, "h2", "Режим работы", variant=1)
        + c.about(b, "h2", "О библиотеке", area=40, seats=6, fund=7600)
        + c.regulations(b, "/ibc/docs")
        + c.e_resources(b)
        + c.new_arrivals(b, "h2", "Новинки")
        + c.exhibitions(b)
        + c.safe_internet(b)
    )
    b.page("/ibc/", pf.plain(b, "Информационно-библиотечный центр", body, [("/", "Главная")]))
    pf.school_home(b, "/ibc/", "ИБЦ")
    return b


def home_listed_centre(w: World) -> CentreBuilder:
    """c11: listed by the school's home page; its menu link "Библиотека" leads to the library."""
    b = CentreBuilder(
        w, "c11", "127.0.0.20", "МБОУ СОШ № 15 г. Комсомольска-на-Амуре", "г. Комсомольск-на-Амуре",
        "html", librarian="Яковлева Дарья Олеговна", phone="+7 (4217) 54-30-11",
        email="kms15.library@example.ru", listed_paths=["/"], final_path="/biblioteka/", home_path="/",
    )
    menu = [("/", "Главная"), ("/o-shkole/", "О школе"), ("/biblioteka/", "Библиотека")]
    b.page("/", pf.plain(b, b.name, (
        "<h2>Новости школы</h2><p>1 сентября 2026 — торжественная линейка, посвящённая Дню знаний.</p>"
        "<p>Школа реализует программы начального, основного и среднего общего образования.</p>"), menu))
    b.page("/o-shkole/", pf.plain(b, "О школе", "<p>Школа открыта в 1968 году.</p>", menu))
    news = [(D(2026, 11, 5), 2), (D(2026, 10, 19), 5)]
    items = ""
    for day, k in news:
        b.dated(day)
        title, text = c.news_text(k)
        items += f"<div class=\"news\"><b>{c.d_words(day)}</b> — {escape(title)}. {escape(text)}</div>"
    b.mark("news")
    body = (
        c.contacts(b)
        + c.work_hours(b)
        + c.about(b, "h2", "Основные сведения", area=90, seats=24, fund=23100)
        + c.work_plan(b, "2026–2027", "/biblioteka/plan-2026-2027.docx")
        + "<h2>Новости</h2>" + items
        + c.e_resources(b)
        + c.new_arrivals(b)
        + c.feedback(b)
        + c.social(b, "kms15_library")
    )
    b.page("/biblioteka/", pf.plain(b, "Библиотека", body, menu))
    return b


def moved_centre(w: World) -> CentreBuilder:
    """c12: the listed page moved (301 to the new address); aging; last year's plan."""
    b = CentreBuilder(
        w, "c12", "127.0.0.21", "МБОУ «Гимназия № 9» г. Комсомольска-на-Амуре", "г. Комсомольск-на-Амуре",
        "html", librarian="Новикова Евгения Павловна", phone="+7 (4217) 59-02-48",
        email="gymn9.ibc@example.ru", listed_paths=["/ibc/"], final_path="/biblioteka-ibc/",
    )
    b.redirect("/ibc/", b.url("/biblioteka-ibc/"), 301)
    news = [(D(2026, 6, 20), 9), (D(2026, 5, 15), 4), (D(2026, 3, 3), 1)]
    items = ""
    for day, k in news:
        b.dated(day)
        title, _ = c.news_text(k)
        items += f"<li>{c.d_dots(day)} — {escape(title)}</li>"
    b.mark("news")
    body = (
        c.contacts(b, "h3")
        + c.work_hours(b, "h3")
        + c.about(b, "h3", "Паспорт библиотеки", area=70, seats=15, fund=16050)
        + c.work_plan(b, "2025–2026", "/biblioteka-ibc/plan-2025-2026.docx", "h3")
        + f"<h3>Мероприятия</h3><ul>{items}</ul>"
        + c.exhibitions(b, "h3")
        + c.textbooks(b, "h3", year="2025–2026")
    )
    b.page("/biblioteka-ibc/", pf.plain(b, "ИБЦ гимназии", body, [("/", "Главная")]))
    pf.school_home(b, "/biblioteka-ibc/", "ИБЦ")
    return b


def malformed_centre(w: World) -> CentreBuilder:
    """c13: broken HTML (unclosed tags, stray </div>, broken attributes) with content; not in the registry."""
    b = CentreBuilder(
        w, "c13", "127.0.0.22", "МБОУ СОШ № 1 р.п. Солнечный", "Солнечный муниципальный район", "html",
        librarian="Орлова Вера Михайловна", phone="+7 (42146) 2-21-90",
        email="solnechny1.lib@example.ru", in_registry=False, listed_paths=["/biblioteka.htm"],
    )
    news = [(D(2026, 10, 30), 0), (D(2026, 9, 9), 12)]
    for day, _ in news:
        b.dated(day)
    b.mark("contacts")
    b.mark("work_hours")
    b.mark("news")
    b.mark("new_arrivals")
    b.mark("social")
    broken = b.broken_link(b.url("/arhiv/2019/vystavka.htm"), b.url("/biblioteka.htm"), "internal_404")
    t0, _ = c.news_text(0)
    t1, _ = c.news_text(12)
    html = (
        "<html><head><meta charset=utf-8><title>Библиотека</title>\n<body bgcolor=#ffffff>\n"
        "<table width=100%><tr><td><font size=4><b>Библиотека школы</b></font>\n"
        "<div class=menu><a href=/>Главная</a> | <a href=/biblioteka.htm>Библиотека</div></div></div>\n"
        "<p><b>Контакты</b><br>Библиотекарь: " + escape(b.librarian)
        + "<br>Телефон: " + escape(b.phone) + "<br>E-mail: " + escape(b.email) + "\n"
        "<p><b>Режим работы</b><br>Пн-Пт 9.00-16.00<br>Сб 9.00-13.00\n"
        "<h2>Новости</h3>\n<ul><li>" + c.d_dots(news[0][0]) + " " + escape(t0) + "\n<li>"
        + c.d_dots(news[1][0]) + " " + escape(t1) + "\n</ul></div>\n"
        "<p><b>Новые поступления</b><ul><li>В. Арсеньев. Дерсу Узала<li>Н. Задорнов. Амур-батюшка</ul>\n"
        "<p align=left\"><a href='https://vk.com/solnechny_school1' target=_blank>Мы ВКонтакте</a>\n"
        "<p><a href=\"/arhiv/2019/vystavka.htm\">Архив выставок</a></td></tr>\n</div></span>\n"
        "<p><font size=2>" + b.false_date("© 2011–2026") + " " + escape(b.name) + "</font>"
        "<p><a href=/admin/>Вход</a>\n</body>\n"
    )
    assert broken
    b.page("/biblioteka.htm", html)
    pf.school_home(b, "/biblioteka.htm")
    return b


def calendar_centre(w: World) -> CentreBuilder:
    """c14: an ok page with a calendar that links to the next month forever."""
    b = CentreBuilder(
        w, "c14", "127.0.0.23", "МБОУ СОШ № 2 г. Николаевска-на-Амуре",
        "Николаевский муниципальный район", "html", librarian="Третьякова Полина Романовна",
        phone="+7 (42135) 2-44-61", email="nikol2.ibc@example.ru", listed_paths=["/biblioteka/"],
    )
    b.host.any_query["/calendar/"] = Resource(render=_calendar_page)
    b.false_date("календарь: /calendar/?month=2026-12, 2027-01, … (будущие месяцы)")
    news = [(D(2026, 11, 2), 6), (D(2026, 10, 8), 11), (D(2026, 9, 25), 7)]
    items = ""
    for day, k in news:
        b.dated(day)
        title, text = c.news_text(k)
        items += (f'<div class="news-item"><span class="date">{c.d_words(day)}</span>'
                  f"<h3>{escape(title)}</h3><p>{escape(text)}</p></div>")
    b.mark("news")
    announce = b.false_date("5 декабря 2026")
    body = (
        c.contacts(b, mailto=True)
        + c.work_hours(b)
        + c.about(b)
        + "<h2>Новости</h2>" + items
        + f"<p>Анонс: {announce} — литературный вечер «Амурские писатели».</p>"
        + '<p><a href="/calendar/?month=2026-12">Календарь мероприятий</a></p>'
        + c.exhibitions(b, "h2", "Виртуальные выставки")
        + c.methodical(b, "/biblioteka/docs/metod-rekomendatsii.docx")
        + c.projects(b, "/biblioteka/proekty/")
        + c.feedback(b)
    )
    b.page("/biblioteka/", pf.plain(b, "Библиотека", body, [("/", "Главная")]))
    pf.school_home(b, "/biblioteka/")
    return b


def _calendar_page(path_qs: str) -> bytes:
    query = parse_qs(urlsplit(path_qs).query)
    month = (query.get("month") or ["2026-12"])[0]
    try:
        year, mon = (int(x) for x in month.split("-", 1))
        if not 1 <= mon <= 12:
            raise ValueError
    except ValueError:
        year, mon = 2026, 12
    nyear, nmon = (year + 1, 1) if mon == 12 else (year, mon + 1)
    title = f"Календарь мероприятий: {c.MONTHS_NOM[mon - 1].lower()} {year}"
    html = c.simple_page(title, (
        f"<h1>{escape(title)}</h1><p>Мероприятий пока нет.</p>"
        f'<p><a href="/calendar/?month={nyear}-{nmon:02d}">Следующий месяц »</a></p>'))
    return html.encode("utf-8")


def big_page_centre(w: World) -> CentreBuilder:
    """c15: an ok page linking a 15 MB page (streamed)."""
    b = CentreBuilder(
        w, "c15", "127.0.0.24", "МБОУ СОШ п. Хор", "Район имени Лазо", "html",
        librarian="Шевченко Оксана Владимировна", phone="+7 (42154) 3-20-77",
        email="hor.school.ibc@example.ru", listed_paths=["/biblioteka/"],
    )
    b.add("/foto/arhiv-2025.html", Resource(behaviour=STREAM, stream=_big_page_chunks, length=BIG_PAGE_BYTES))
    news = [(D(2026, 8, 1), 13), (D(2026, 6, 12), 10)]
    items = ""
    for day, k in news:
        b.dated(day)
        title, _ = c.news_text(k)
        items += f"<p><time datetime=\"{day.isoformat()}\">{c.d_words(day)}</time> {escape(title)}</p>"
    b.mark("news")
    body = (
        c.contacts(b)
        + c.work_hours(b, variant=1)
        + c.work_plan(b, "2026–2027", "/biblioteka/plan-2026-2027.docx")
        + "<h2>Новости</h2>" + items
        + '<p><a href="/foto/arhiv-2025.html">Фотоархив мероприятий 2025 года</a></p>'
        + c.e_resources(b)
        + c.textbooks(b)
        + c.social(b, "hor_school_ibc")
    )
    b.page("/biblioteka/", pf.plain(b, "Библиотека", body, [("/", "Главная")]))
    pf.school_home(b, "/biblioteka/")
    return b


def _big_page_chunks() -> Iterator[bytes]:
    """15 MB of HTML, produced chunk by chunk: one 64 KB block is reused."""
    head = ('<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>Фотоархив 2025</title>'
            "</head><body><h1>Фотоархив мероприятий 2025 года</h1>\n").encode()
    tail = b"</body></html>\n"
    row = "<p>Фотография: библиотечный урок, читальный зал, 2025 год.</p>\n".encode()
    block = row * (65536 // len(row))
    remaining = BIG_PAGE_BYTES - len(head) - len(tail)
    yield head
    while remaining > 0:
        piece = block if remaining >= len(block) else block[:remaining]
        remaining -= len(piece)
        yield piece
    yield tail


def fault_centres(w: World) -> list[CentreBuilder]:
    """c16–c21: a 500, a 404, robots.txt Disallow: /, a VK page, a dead host, a redirect loop."""
    out = []
    b = CentreBuilder(w, "c16", "127.0.0.25", "МБОУ СОШ № 6 п. Чегдомын", "Верхнебуреинский муниципальный район",
                      "html", status="error", librarian="Лысенко Алла Борисовна",
                      email="chegdomyn6@example.ru", listed_paths=["/biblioteka/"])
    b.add("/biblioteka/", Resource(status=500, body=b"<h1>Internal Server Error</h1>"))
    pf.school_home(b, "/biblioteka/")
    out.append(b)

    b = CentreBuilder(w, "c17", "127.0.0.26", "МБОУ СОШ с. Аян", "Аяно-Майский муниципальный район",
                      "html", status="not_found", librarian="Захарова Ирина Петровна",
                      email="ayan.school@example.ru", listed_paths=["/biblioteka/"])
    pf.school_home(b, "/biblioteka/")  # the menu link itself is dead: the page was deleted
    out.append(b)

    b = CentreBuilder(w, "c18", "127.0.0.27", "МКОУ СОШ с. Чумикан", "Тугуро-Чумиканский муниципальный район",
                      "html", status="blocked_by_robots", librarian="Винокурова Мария Семёновна",
                      email="chumikan.school@example.ru", listed_paths=["/biblioteka/"])
    b.host.robots = "User-agent: *\nDisallow: /\n"
    b.page("/biblioteka/", pf.plain(b, "Библиотека", c.contacts(b) + c.work_hours(b)))
    b.sections.clear()
    out.append(b)

    b = CentreBuilder(w, "c19", "vk.com", "МБОУ СОШ с. им. Полины Осипенко",
                      "Район имени Полины Осипенко", "vk", status="not_auditable",
                      librarian="Гаврилова Светлана Ивановна", registry_email=False,
                      listed_full=["https://vk.com/ibc_school_osipenko"])
    out.append(b)

    b = CentreBuilder(w, "c20", "127.0.0.28",
                      "МИБЦ Комсомольского муниципального района (МБОУ СОШ п. Молодёжный)",
                      "Комсомольский муниципальный район", "html", status="unreachable", listing="table",
                      librarian="Федорова Нина Анатольевна", email="mibc.komsomolsky@example.ru",
                      listed_paths=["/biblioteka/"])
    w.host(b.ip, b.cid, listening=False)
    out.append(b)

    b = CentreBuilder(w, "c21", "127.0.0.29", "МБОУ СОШ п. Октябрьский", "Ванинский муниципальный район",
                      "bitrix", status="error", librarian="Смирнова Ольга Юрьевна",
                      email="oktyabrsky.school@example.ru", listed_paths=["/ibc/"])
    b.redirect("/ibc/", b.url("/ibc/index.php"), 302)
    b.redirect("/ibc/index.php", b.url("/ibc/"), 302)
    pf.school_home(b, "/ibc/", "ИБЦ")
    out.append(b)
    return out


def mibc_gosweb_centre(w: World) -> CentreBuilder:
    """c22: МИБЦ of Хабаровск on Госвеб (the /roditelyam-i-uchenikam/ path), in the table."""
    from ibcmon.sample.platforms import gosweb, gosweb_news_item

    lib = "/roditelyam-i-uchenikam/poleznaya-informatsiya/biblioteka"
    b = CentreBuilder(
        w, "c22", "127.0.0.30", "МИБЦ г. Хабаровска (МАОУ «Средняя школа № 51»)", "г. Хабаровск",
        "gosweb", librarian="Павлова Юлия Геннадьевна", phone="+7 (4212) 36-58-90",
        email="mibc.khv51@example.ru", listing="table", listed_paths=[lib],
    )
    crumbs = [("/", "Главная"), ("/roditelyam-i-uchenikam", "Родителям и ученикам")]
    items = []
    for i, (day, time) in enumerate([(D(2026, 9, 25), "15:40"), (D(2026, 8, 28), "11:00")]):
        b.dated(day)
        title, text = c.news_text(i + 8)
        href = f"{lib}/news/{day.isoformat()}"
        shown = c.d_words(day, time)
        items.append(gosweb_news_item(day, shown, href, title))
        b.page(href, gosweb(b, title, f'<span class="item-date">{shown}</span><p>{escape(text)}</p>', crumbs))
    b.mark("news")
    stamp = b.dated(D(2026, 8, 28))
    body = (
        c.contacts(b, "h2", "Контакты", position="Руководитель МИБЦ")
        + c.work_hours(b)
        + c.about(b, "h2", "О МИБЦ", area=110, seats=28, fund=30500)
        + c.regulations(b, "/netcat_files/multifile/51", "h2", "Нормативные документы")
        + f'<p class="ep-stamp">Документ подписан электронной подписью. Дата подписания: {c.d_stamp(stamp)} '
        "10:15:32+10'00'</p>"
        + "<h2>Новости МИБЦ</h2>" + f'<div class="object-list">{"".join(items)}</div>'
        + c.e_resources(b)
        + c.methodical(b, "/netcat_files/multifile/51/metodicheskie-materialy.docx", "h2", "Методические материалы")
        + c.projects(b, f"{lib}/proekty")
    )
    b.page(lib, gosweb(b, "Библиотека", body, crumbs))
    b.page("/roditelyam-i-uchenikam", gosweb(b, "Родителям и ученикам",
                                             f'<a href="{lib}">Библиотека</a>', [("/", "Главная")]))
    b.page(SVEDENIYA_G, gosweb(b, "Сведения об образовательной организации", "<p>Сведения.</p>", [("/", "Главная")]))
    b.page("/novosti", gosweb(b, "Новости школы", "<p>Новости школы.</p>", [("/", "Главная")]))
    pf.school_home(b, lib)
    return b


SVEDENIYA_G = "/svedeniya-ob-obrazovatelnoy-organizatsii"
