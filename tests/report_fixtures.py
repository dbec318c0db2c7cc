"""Audit results built by hand for the report tests (and the report benchmark).

`make_result()` gives a realistic audit of ~20 centres: every status, every freshness class,
a centre with hostile content (a script in its name, quotes and angle brackets in link
texts, a 10,000-character heading, right-to-left marks, javascript: links), empty and
missing sections. `summary_for()` fills the summary the way the grader does, so figures can
be compared with the exports.
"""
from __future__ import annotations

import datetime as dt
import random
from collections import Counter, defaultdict
from typing import Any

from checks.result import (
    Advice,
    AuditResult,
    BrokenLink,
    CentreResult,
    Evidence,
    Finding,
    RunInfo,
    ScorePart,
    SectionVerdict,
)

AS_OF = dt.date(2026, 11, 20)
TARGET = 135

SECTIONS: list[tuple[str, str, float]] = [
    ("contacts", "Контакты", 6),
    ("work_hours", "Режим работы", 4),
    ("about", "О библиотеке", 4),
    ("regulations", "Нормативные документы", 5),
    ("work_plan", "План работы", 6),
    ("news", "Новости и события", 6),
    ("e_resources", "Электронные ресурсы", 4),
    ("catalog", "Электронный каталог", 3),
    ("new_arrivals", "Новые поступления", 3),
    ("exhibitions", "Книжные выставки", 3),
    ("methodical", "В помощь педагогу", 3),
    ("projects", "Проекты", 2),
    ("feedback", "Обратная связь", 3),
    ("safe_internet", "Информационная безопасность", 3),
    ("textbooks", "Обеспеченность учебниками", 3),
    ("social", "Сообщество в социальных сетях", 2),
]
COMPLETENESS = sum(w for _, _, w in SECTIONS)  # 60
BANDS = [("отлично", 85), ("хорошо", 70), ("удовлетворительно", 50), ("неудовлетворительно", 0)]
MUNICIPALITIES = [
    "г. Хабаровск", "г. Комсомольск-на-Амуре", "Амурский муниципальный район",
    "Ванинский муниципальный район", "Район имени Лазо", "Нанайский муниципальный район",
    "Николаевский муниципальный район", "Советско-Гаванский муниципальный район",
]
HOSTILE_NAME = '<script>window.__pwned=1</script>МБОУ СОШ "№ 5" <b>жирный</b> \u202eкинчорт'
HOSTILE_HEADING = "Новости " + "очень длинный заголовок " * 420  # > 10,000 characters
HOSTILE_LINK_TEXT = '"><img src=x onerror="window.__pwned=2">\'кавычки\' & <угловые скобки>'
FAILED = [
    ("unreachable", "сервер отклонил соединение"),
    ("error", "сервер ответил ошибкой 500"),
    ("not_found", "по адресу из списка страница не найдена (404)"),
    ("blocked_by_robots", "robots.txt запрещает просмотр раздела /biblioteka/"),
    ("not_auditable", "страница ВКонтакте: её можно проверить только вручную"),
]


def grade_for(score: float) -> str:
    return next(name for name, low in BANDS if score >= low)


def _freshness(days: int | None) -> str:
    if days is None:
        return "unknown"
    return "fresh" if days <= 90 else "aging" if days <= 183 else "stale"


def ok_centre(centre_id: int, rng: random.Random, *, municipality: str, name: str | None = None,
              present_share: float | None = None, days: int | None = -1, as_of: dt.date = AS_OF) -> CentreResult:
    """An audited centre with a plausible checklist, freshness, broken links and advice."""
    host = f"http://school{centre_id}.khv.example"
    page = f"{host}/biblioteka/"
    share = present_share if present_share is not None else rng.uniform(0.3, 1.0)
    details: list[SectionVerdict] = []
    advice: list[Advice] = []
    for sid, title, weight in SECTIONS:
        present = rng.random() < share
        empty = not present and rng.random() < 0.15
        evidence = [Evidence(page_url=page, kind=rng.choice(["heading", "menu", "link"]), text=title,
                             url=f"{page}{sid}/")] if present or empty else []
        if present and sid == "regulations":
            evidence.append(Evidence(page_url=f"{page}{sid}/", kind="document", text="Положение об ИБЦ (PDF)",
                                     url=f"{host}/files/polozhenie.pdf"))
        details.append(SectionVerdict(sid, title, present, empty, weight, weight if present else 0.0, evidence))
        if not present:
            advice.append(Advice(sid, f"Добавьте раздел «{title}»" + (": сейчас он пуст" if empty else ""), weight))
    if days == -1:
        days = rng.choice([None, rng.randint(3, 90), rng.randint(91, 183), rng.randint(184, 700)])
    last = as_of - dt.timedelta(days=days) if days is not None else None
    freshness = _freshness(days)
    fresh_points = {"fresh": 25.0, "aging": 12.5, "stale": 0.0, "unknown": 0.0}[freshness]
    broken = [
        BrokenLink(url=f"{host}/files/old-{i}.pdf", found_on=f"{page}documents/", status=rng.choice([404, 410, 500]),
                   text=f"Документ {i}", internal=True)
        for i in range(rng.choice([0, 0, 1, 2, 4]))
    ]
    if broken and rng.random() < 0.5:
        broken.append(BrokenLink(url="http://old-portal.example/", found_on=page, error="сайт не отвечает"))
    technical = max(0.0, 15.0 - 3.0 * len(broken))
    completeness = sum(d.points for d in details)
    if freshness != "fresh":
        advice.append(Advice("freshness", "Публикуйте новости хотя бы раз в месяц и указывайте дату", 25.0 - fresh_points))
    if broken:
        advice.append(Advice("links", "Исправьте или уберите неработающие ссылки", 15.0 - technical))
    score = round(completeness + fresh_points + technical, 1)
    plan_current = any(d.id == "work_plan" and d.present for d in details)
    return CentreResult(
        centre_id=centre_id,
        name=name or f"МБОУ СОШ № {centre_id} — ИБЦ",
        municipality=municipality,
        url=page,
        final_url=page if centre_id % 3 else f"{host}/svedeniya/biblioteka",
        status="ok",
        pages=rng.randint(3, 40),
        librarian=f"Иванова Мария Петровна ({centre_id})",
        email=f"ibc{centre_id}@school.example",
        in_registry=centre_id % 7 != 0,
        last_updated=last,
        last_updated_evidence=Evidence(page_url=f"{page}news/", kind="date", text=f"{last:%d.%m.%Y} Новость о выставке")
        if last else None,
        freshness=freshness,
        days_since_update=days,
        work_plan_current=plan_current,
        text_changed=rng.choice([True, False, None]),
        sections={d.id: d.present for d in details},
        section_details=details,
        broken_links=broken,
        unverified_links=rng.choice([0, 0, 1, 3]),
        findings=[
            Finding("freshness", "Обновление страницы", freshness == "fresh",
                    "Последнее обновление найдено" if last else "Дата обновления не найдена", fresh_points, 25.0),
            Finding("links", "Ссылки работают", not broken,
                    f"Неработающих ссылок: {len(broken)}", technical, 15.0),
        ],
        parts=[
            ScorePart("completeness", "Наполнение", COMPLETENESS, completeness),
            ScorePart("freshness", "Обновление", 25.0, fresh_points),
            ScorePart("technical", "Техническое состояние", 15.0, technical),
        ],
        score=score,
        grade=grade_for(score),
        advice=advice,
    )


def failed_centre(centre_id: int, status: str, reason: str, municipality: str) -> CentreResult:
    url = f"http://school{centre_id}.khv.example/biblioteka/"
    if status == "not_auditable":
        url = f"https://vk.com/ibc_school{centre_id}"
    return CentreResult(centre_id=centre_id, name=f"МБОУ ООШ № {centre_id}", municipality=municipality, url=url,
                        final_url=None, status=status, reason=reason, in_registry=True)


def hostile_centre(centre_id: int, rng: random.Random) -> CentreResult:
    """A centre whose pages hold markup, quotes, right-to-left marks and huge text."""
    c = ok_centre(centre_id, rng, municipality="\u202eАмурский\u200f <i>район</i>", name=HOSTILE_NAME,
                  present_share=0.8, days=30)
    c.url = "http://hostile.khv.example/biblioteka/?q=<script>alert(1)</script>&x=\"y\""
    c.final_url = "javascript:alert(document.domain)"
    c.librarian = "<img src=x onerror=alert(1)>"
    c.section_details[0].evidence = [
        Evidence(page_url="http://hostile.khv.example/biblioteka/", kind="heading", text=HOSTILE_HEADING),
        Evidence(page_url="javascript:alert(1)", kind="link", text=HOSTILE_LINK_TEXT, url="javascript:alert(2)"),
        Evidence(page_url="http://hostile.khv.example/", kind="link", text="data", url="data:text/html,<script>alert(3)</script>"),
    ]
    c.broken_links = [
        BrokenLink(url="javascript:alert(4)", found_on="http://hostile.khv.example/biblioteka/", status=404,
                   text=HOSTILE_LINK_TEXT),
        BrokenLink(url="http://hostile.khv.example/" + "a" * 3000, found_on="\u202ehttp://hostile.khv.example/",
                   error="<b>соединение</b> отклонено", text=HOSTILE_HEADING),
    ]
    c.last_updated_evidence = Evidence(page_url="http://hostile.khv.example/news/", kind="date",
                                       text="<script>alert(5)</script> 20.10.2026")
    c.findings[0].message = "<script>window.__pwned=3</script>"
    return c


def summary_for(centres: list[CentreResult], previous: dict[str, Any] | None = None) -> dict[str, Any]:
    """The summary the grader writes (the keys of checks.grade), computed for test data."""
    ok = [c for c in centres if c.status == "ok"]
    scores = [c.score for c in ok if c.score is not None]
    by_mun: dict[str, list[CentreResult]] = defaultdict(list)
    for c in centres:
        by_mun[c.municipality or "Муниципалитет не указан"].append(c)
    in_registry = [c for c in centres if c.in_registry]
    return {
        "centres_listed": len(centres),
        "target": TARGET,
        "previous": previous,
        "registry": {
            "missing_from_site": ["МБОУ СОШ № 99 (с. Дуки)", "МБОУ СОШ № 100"],
            "unknown_to_registry": [c.name for c in centres if not c.in_registry],
            "placed_share": round(len(in_registry) / (len(in_registry) + 2), 3) if centres else None,
        },
        "by_status": dict(Counter(c.status for c in centres)),
        "freshness": {k: sum(1 for c in ok if c.freshness == k) for k in ("fresh", "aging", "stale", "unknown")},
        "grades": {name: sum(1 for c in ok if c.grade == name) for name, _ in BANDS},
        "avg_score": round(sum(scores) / len(scores), 1) if scores else None,
        "by_municipality": [
            {"name": name, "centres": len(members),
             "avg_score": round(sum(s) / len(s), 1) if (s := [m.score for m in members if m.score is not None]) else None}
            for name, members in sorted(by_mun.items())
        ],
    }


def run_info(run_id: int = 7, as_of: dt.date = AS_OF) -> RunInfo:
    started = dt.datetime.combine(as_of, dt.time(3, 0))
    return RunInfo(
        id=run_id, kind="audit", status="complete", root_url="http://rribc.khv.example/",
        started_at=started, finished_at=started + dt.timedelta(minutes=14, seconds=37), as_of=as_of,
        grading_id=run_id * 10, rulebook="default (ibcmon 0.1)",
        stats={"pages": 512, "documents": 64, "requests": 901, "bytes": 48_000_000, "errors": 12},
        discovery={
            "listing_pages": ["http://rribc.khv.example/set-ibc/", "http://rribc.khv.example/set-ibc/page/2/"],
            "left_out": [{"url": "http://rribc.khv.example/about/", "text": "О центре", "reason": "ссылка сайта РРИБЦ"},
                         {"url": "javascript:void(0)", "text": "<script>alert(6)</script>", "reason": "не адрес"}],
            "malformed": [{"text": "МБОУ СОШ № 77", "url": "htp:/school77", "reason": "ошибка в адресе"}],
        },
    )


def make_result(n: int = 20, *, run_id: int = 7, as_of: dt.date = AS_OF, seed: int = 1,
                hostile: bool = True, with_summary: bool = True, previous: dict[str, Any] | None = None) -> AuditResult:
    """An audit of `n` centres: five failed ones (one per failure status), one hostile, the rest ok."""
    rng = random.Random(seed)
    centres: list[CentreResult] = []
    for i in range(n):
        centre_id = 100 + i
        municipality = MUNICIPALITIES[i % len(MUNICIPALITIES)]
        if i < len(FAILED) and n >= 10:
            status, reason = FAILED[i]
            centres.append(failed_centre(centre_id, status, reason, municipality))
        elif hostile and i == len(FAILED):
            centres.append(hostile_centre(centre_id, rng))
        else:
            centres.append(ok_centre(centre_id, rng, municipality=municipality))
    result = AuditResult(run=run_info(run_id, as_of), centres=centres)
    if with_summary:
        result.summary = summary_for(centres, previous)
    return result


def make_previous(current: AuditResult, *, run_id: int = 5, seed: int = 2) -> AuditResult:
    """The audit half a year before `current`: one centre fewer, one more, other scores."""
    as_of = current.run.as_of - dt.timedelta(days=182)
    rng = random.Random(seed)
    centres: list[CentreResult] = []
    for c in current.centres[1:]:  # the first centre is new this time
        if c.status == "ok":
            old = ok_centre(c.centre_id, rng, municipality=c.municipality or "", name=c.name, as_of=as_of)
        else:
            old = ok_centre(c.centre_id, rng, municipality=c.municipality or "", as_of=as_of)
        centres.append(old)
    centres.append(failed_centre(999, "not_found", "страница удалена", MUNICIPALITIES[0]))  # gone since
    result = AuditResult(run=run_info(run_id, as_of), centres=centres)
    result.summary = summary_for(centres)
    return result


def previous_summary(previous: AuditResult) -> dict[str, Any]:
    return {"run_id": previous.run.id, "centres_listed": len(previous.centres),
            "avg_score": previous.summary.get("avg_score")}


# -- reading a written report back (shared by the fixture tests and the sample-world tests) --

def figures_of(index_html: str) -> dict[str, Any]:
    """The overview's figures as the page shows them (data-value attributes)."""
    from bs4 import BeautifulSoup

    page = BeautifulSoup(index_html, "html.parser")

    def value(selector: str) -> str:
        element = page.select_one(selector)
        assert element is not None, selector
        return str(element["data-value"])

    avg = value("#fig-avg .value")
    registry = page.select_one("#fig-registry .value[data-value]")
    return {
        "centres_listed": int(value("#fig-listed .value")),
        "avg_score": float(avg) if avg else None,
        "placed_share": float(str(registry["data-value"])) if registry else None,
        "audited": int(value("#fig-audited .value")),
        "freshness": {str(e["data-freshness"]): int(str(e["data-value"])) for e in page.select("#fig-freshness [data-freshness]")},
        "grades": {str(e["data-grade"]): int(str(e["data-value"])) for e in page.select("#fig-grades [data-grade]")},
        "table_ids": [int(str(r["data-centre-id"])) for r in page.select("table#centres tbody tr")],
    }


def assert_figures_match_export(index_html: str, exported: dict[str, Any]) -> None:
    """The report's figures are the JSON export's figures (same result object)."""
    shown = figures_of(index_html)
    summary = exported["summary"]
    assert shown["centres_listed"] == summary["centres_listed"] == len(exported["centres"])
    assert shown["avg_score"] == summary["avg_score"]
    assert shown["placed_share"] == (summary.get("registry") or {}).get("placed_share")
    assert shown["audited"] == summary["by_status"].get("ok", 0)
    assert shown["freshness"] == summary["freshness"]
    assert shown["grades"] == summary["grades"]
    ids = shown["table_ids"]
    assert sorted(ids) == sorted(c["centre_id"] for c in exported["centres"]) and len(ids) == len(set(ids))


def assert_card_matches(card_html: str, centre: dict[str, Any]) -> None:
    """A score card shows the graded checklist, score and status of its centre (export dict)."""
    from bs4 import BeautifulSoup

    from common.labels import status_sentence
    from reports.fmt import fmt_num

    card = BeautifulSoup(card_html, "html.parser")
    if centre["status"] != "ok":
        status = card.select_one(".status-text")
        assert status is not None and status.get_text(strip=True) == status_sentence(centre["status"], centre["reason"])
        assert card.select_one(".score") is None and card.select_one("table.checklist") is None
        return
    rows = card.select("table.checklist tr[data-section]")
    assert {str(r["data-section"]): r["data-present"] == "1" for r in rows} == centre["sections"]
    score = card.select_one(".score")
    assert score is not None and score.get_text(strip=True) == fmt_num(centre["score"])
    assert len(card.select("ul.broken li")) == len(centre["broken_links"])


# -- a tiny hostile site, served on loopback, for a real crawl -------------------------------

HOSTILE_SITE_NAME = '<script>window.__pwned=1</script>МБОУ СОШ "№ 7" <b>п. Эльбан</b>'
HOSTILE_SITE_HEADING = "Новости " + "длинный заголовок новостей " * 400  # > 10,000 characters


def _hostile_pages(centre_root: str) -> dict[str, tuple[int, str]]:
    import html as html_lib

    name = html_lib.escape(HOSTILE_SITE_NAME)
    listing = f"""<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>Сеть ИБЦ</title></head>
<body><main><article class="entry-content"><h1>Интернет-представительства ИБЦ</h1>
<h3>Амурский муниципальный район</h3>
<ul><li><a href="{centre_root}/biblioteka/">{name}</a></li></ul>
</article></main></body></html>"""
    heading = html_lib.escape(HOSTILE_SITE_HEADING)
    centre = f"""<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8">
<title><script>window.__pwned=5</script>Библиотека \u202eИБЦ</title></head>
<body><main>
<h1>Информационно-библиотечный центр \u202eИБЦ\u202c</h1>
<h2>Контакты &quot;&gt;&lt;img src=x onerror=&quot;window.__pwned=2&quot;&gt;</h2>
<p>Педагог-библиотекарь Иванова Ирина Ивановна, телефон 8 (4212) 00-00-00, почта ibc@school.example</p>
<h2>{heading}</h2>
<div class="news"><p>12.11.2026 Выставка «Книги-юбиляры» &lt;script&gt;window.__pwned=3&lt;/script&gt;</p>
<p>05.11.2026 Библиотечный урок для 5-х классов о правилах пользования библиотекой.</p></div>
<h2>Режим работы</h2><p>Понедельник–пятница с 9:00 до 17:00, санитарный день — последняя пятница месяца.</p>
<p><a href="/missing.pdf">&quot;&gt;&lt;script&gt;window.__pwned=4&lt;/script&gt; &#39;кавычки&#39; &amp; &lt;угловые скобки&gt;</a></p>
<p><a href="javascript:window.__pwned=6">Обратная связь</a></p>
<script>window.__pwned = 7;</script>
</main></body></html>"""
    home = """<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>РРИБЦ</title></head>
<body><nav><a href="/set-ibc/">Интернет-представительства ИБЦ</a></nav><main><p>Региональный центр.</p></main></body></html>"""
    return {"/": (200, home), "/set-ibc/": (200, listing), "/biblioteka/": (200, centre)}


class HostileSite:
    """Two loopback hosts: a regional listing page and one hostile centre page."""

    def __init__(self) -> None:
        import functools
        import http.server
        import threading

        self.servers = []
        pages: dict[tuple[str, str], tuple[int, str]] = {}

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
                host = self.server.server_address[0]
                status, body = pages.get((host, self.path.split("?")[0]), (404, "<h1>Не найдено</h1>"))
                data = body.encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_HEAD(self) -> None:  # noqa: N802
                self.do_GET()

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

        for ip in ("127.0.0.1", "127.0.0.77"):
            server = http.server.ThreadingHTTPServer((ip, 0), Handler)
            self.servers.append(server)
            threading.Thread(target=functools.partial(server.serve_forever, 0.1), daemon=True).start()
        region, centre = (f"http://{s.server_address[0]}:{s.server_address[1]}" for s in self.servers)
        self.root_url = f"{region}/"
        self.listing_url = f"{region}/set-ibc/"
        for path, answer in _hostile_pages(centre).items():
            host = "127.0.0.77" if path == "/biblioteka/" else "127.0.0.1"
            pages[(host, path)] = answer

    def close(self) -> None:
        for server in self.servers:
            server.shutdown()
            server.server_close()


def crawl_hostile_site(workdir: Any) -> AuditResult:
    """Crawl, check links and grade the hostile site; its audit result (as of the world's date)."""
    from checks.grade import grade_run, load_audit_result
    from common.config import Config
    from crawler.linkcheck import check_run_links
    from crawler.run import run_crawl
    from store.db import open_database

    site = HostileSite()
    try:
        config = Config()
        config.crawl.delay = 0.0
        config.crawl.timeout = 5.0
        config.linkcheck.delay = 0.0
        config.linkcheck.timeout = 5.0
        config.discovery.registry_urls = [site.listing_url]
        db = open_database(f"sqlite:///{workdir}/hostile.sqlite")
        run_id = run_crawl(db.url, config, site.root_url, "crawl")
        check_run_links(db, config, run_id)
        grading = grade_run(db, run_id, AS_OF)
        result = load_audit_result(db, grading_id=grading)
        db.dispose()
        return result
    finally:
        site.close()
