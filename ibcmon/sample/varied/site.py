"""One varied centre's site: its plan (what it shows and how) and the pages that show it.

`plan_centre` draws, from the world's seeded RNG, a platform, a layout, the sections
the centre has and how each is presented (heading, labelled paragraph, content only,
tab, a page of its own, a document), the age of its newest dated content and the traps
on its pages. `SiteBuilder` turns a plan into pages on a `Host`, and records as it goes
what the truth needs: every real content date, every false date, where each section is.
"""
from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from typing import Any

from ibcmon.sample import documents
from ibcmon.sample.varied import content as ct
from ibcmon.sample.varied import dates as d
from ibcmon.sample.varied import holdout as ho
from ibcmon.sample.varied import platforms as pf
from ibcmon.sample.varied import vocabulary as v
from ibcmon.sample.world import Host, Resource

SECTION_IDS = [
    "contacts", "work_hours", "about", "regulations", "work_plan", "news", "e_resources",
    "catalog", "new_arrivals", "exhibitions", "methodical", "projects", "feedback",
    "safe_internet", "textbooks", "social",
]
PLATFORMS = ["gosweb", "wordpress", "ucoz", "bitrix", "joomla", "html"]
LAYOUTS = ["menu", "sidebar", "tabs", "onepage", "perpage", "blog"]
# How likely a centre is to have each section (real pages: contacts and hours almost always).
SECTION_ODDS = {
    "contacts": 0.85, "work_hours": 0.8, "about": 0.7, "regulations": 0.6, "work_plan": 0.55,
    "news": 0.7, "e_resources": 0.6, "catalog": 0.3, "new_arrivals": 0.45, "exhibitions": 0.45,
    "methodical": 0.35, "projects": 0.3, "feedback": 0.35, "safe_internet": 0.4, "textbooks": 0.45,
    "social": 0.4,
}
TRAPS = ["links_block", "lesson_docx", "school_news_fresh", "future_event", "birthday",
         "today_widget", "empty_section"]


def slugify(text: str) -> str:
    latin = documents._translit(text).lower()
    out = "".join(ch if ch.isalnum() else "-" for ch in latin)
    while "--" in out:
        out = out.replace("--", "-")
    return out.strip("-")[:40] or "page"


@dataclass
class Plan:
    index: int
    cid: str
    ip: str
    name: str
    municipality: str
    platform: str
    layout: str
    status: str  # ok | error | not_found | unreachable
    by_home: bool  # listed by the school's home page
    lib_path: str
    person: ct.Person
    address: str
    sections: list[str]
    presentation: dict[str, str]
    titles: dict[str, str]
    newest_age: int | None
    traps: set[str]
    plan_year: str
    founded: int
    holdout: bool = False  # held-out wording and formats (seeds above 1000)


def _presentation(rng: random.Random, sid: str, layout: str, platform: str) -> str:
    """How the section is shown, given the layout: real pages mix several ways on one page."""
    if sid == "news":
        if layout in ("onepage", "tabs"):
            return "inline"
        if layout == "blog":
            return "blog"
        return "page" if rng.random() < 0.85 else "inline"
    inline = ["heading"]
    if sid in v.SECTION_LABELS:
        inline.append("label")
    if sid in ct.CONTENT_ONLY:
        inline.append("content")
    if sid in ct.DOCUMENT_SECTIONS:
        inline.append("document")
    if layout in ("onepage",):
        return rng.choice(inline)
    if layout == "tabs":
        return "tab" if rng.random() < 0.7 else rng.choice(inline)
    share = 0.85 if layout == "perpage" or platform == "ucoz" else 0.5
    if sid in ("contacts", "work_hours", "social") and rng.random() < 0.6:
        return rng.choice(inline)
    return "page" if rng.random() < share else rng.choice(inline)


def plan_centre(rng: random.Random, index: int, cid: str, ip: str, name: str, municipality: str,
                place: str, today: dt.date, status: str, holdout: bool = False) -> Plan:
    platform = rng.choice(PLATFORMS)
    layout = rng.choice(LAYOUTS)
    if platform == "ucoz" and layout in ("tabs", "blog"):
        layout = rng.choice(["perpage", "menu", "sidebar"])
    sections = [s for s in SECTION_IDS if rng.random() < SECTION_ODDS[s]]
    presentation = {s: _presentation(rng, s, layout, platform) for s in sections}
    titles = {s: rng.choice(v.SECTION_TITLES[s] + (ho.EXTRA_TITLES[s] if holdout else [])) for s in SECTION_IDS}
    dated = "news" in sections or rng.random() < 0.5
    newest_age = rng.choice(d.NEWEST_AGES) if dated else None
    person = ct.Person(
        name=f"{rng.choice(v.LAST)} {rng.choice(v.FIRST)} {rng.choice(v.PATRON)}",
        post=rng.choice(v.POSTS), phone=f"8 (42{rng.randrange(10, 99)}) {rng.randrange(20, 99)}-{rng.randrange(10, 99)}-{rng.randrange(10, 99)}",
        email=f"ibc{index + 1}@school{index + 1}.example.ru")
    traps = {t for t in TRAPS if rng.random() < 0.4}
    if platform == "ucoz":
        traps.add("today_widget")
    return Plan(
        index=index, cid=cid, ip=ip, name=name, municipality=municipality, platform=platform,
        layout=layout, status=status, by_home=rng.random() < 0.1,
        lib_path=pf.library_path(platform, rng), person=person,
        address=f"{place}, ул. Школьная, {rng.randrange(1, 60)}", sections=sections,
        presentation=presentation, titles=titles, newest_age=newest_age, traps=traps,
        plan_year=d.school_year(today) if rng.random() < 0.75 else d.previous_school_year(today),
        founded=rng.randrange(1950, 2012), holdout=holdout,
    )


def _today_text(platform: str) -> str:
    now = dt.datetime.now()
    if platform == "ucoz":
        return f"{d.WEEKDAYS[now.weekday()]}, {d.dots(now.date())}, {now:%H:%M}"
    return d.words(now.date(), True)


def _heading(rng: random.Random, title: str) -> str:
    form = rng.randrange(4)
    if form == 0:
        return f"<h2>{escape(title)}</h2>"
    if form == 1:
        return f"<h3>{escape(title)}</h3>"
    if form == 2:
        return f"<p><strong>{escape(title)}</strong></p>"
    return f'<div class="block-title">{escape(title)}</div>'


@dataclass
class SiteBuilder:
    plan: Plan
    rng: random.Random
    today: dt.date
    ext: ct.Externals
    url: Callable[[str], str]  # path -> absolute URL on the centre's host
    pages: dict[str, tuple[str, str]] = field(default_factory=dict)  # path -> (title, main)
    docs: dict[str, Resource] = field(default_factory=dict)
    menu: list[tuple[str, str]] = field(default_factory=list)
    blocks: list[str] = field(default_factory=list)  # the library page's main content
    tabs: list[tuple[str, str]] = field(default_factory=list)
    loose: list[str] = field(default_factory=list)  # content-only paragraphs
    dates: list[dt.date] = field(default_factory=list)
    false_dates: list[str] = field(default_factory=list)
    where: dict[str, str] = field(default_factory=dict)  # section -> URL that shows it
    empty: list[str] = field(default_factory=list)
    school_news_dates: list[dt.date] = field(default_factory=list)
    headed: list[int] = field(default_factory=list)  # indexes of blocks under a section heading
    blog: str = ""  # the library page's list of posts (blog layout)
    extra_listed: list[str] = field(default_factory=list)  # further listing URLs of this centre
    top: list[str] = field(default_factory=list)  # untitled paragraphs before the first heading
    tail: list[str] = field(default_factory=list)  # an empty section, a block of links
    end: list[str] = field(default_factory=list)  # a closing "updated" line

    def __post_init__(self) -> None:
        self.urls = pf.Urls(self.plan.platform, self.plan.lib_path)
        self.lib_title = self.rng.choice(v.LIBRARY_TITLES)
        # kinds added after the first worlds were published draw from their own generator,
        # so adding one changes only the centres it applies to, not every later draw
        self.xrng = random.Random(f"{self.plan.cid}/{self.plan.name}/{self.plan.lib_path}")
        self.school_footer = ""
        if self.xrng.random() < 0.35:  # the school's own address, phone and hours: not the library's
            self.school_footer = (
                f"<p>{escape(self.plan.address)} · Приёмная директора: тел. 8 (42{self.xrng.randrange(10, 99)}) "
                f"{self.xrng.randrange(20, 99)}-{self.xrng.randrange(10, 99)}-{self.xrng.randrange(10, 99)}"
                f" · e-mail: school{self.plan.index + 1}@example.ru · Режим работы школы: пн–пт 8.00–18.00</p>")

    # -- helpers ---------------------------------------------------------------------
    def heading(self, title: str) -> str:
        plain = _heading(self.rng, title)
        if self.plan.holdout and self.rng.random() < 0.4:
            return ho.heading(self.rng, title, plain)
        return plain

    def doc(self, title: str, kind: str = "pdf") -> str:
        """A document named `title`; returns the HTML link to it."""
        fname = f"{slugify(title)}.{kind}"
        path = self.urls.doc(fname)
        self.docs[path] = (documents.pdf(title) if kind == "pdf" else documents.docx(title, [title]))
        shown = f"{escape(title)} ({kind.upper()})" if self.rng.random() < 0.5 else escape(title)
        return f'<a href="{path}">{shown}</a>'

    def add_page(self, sid: str, title: str, body: str) -> str:
        path = self.urls.page(slugify(title))
        self.pages[path] = (title, body)
        self.menu.append((path, title))
        self.where[sid] = self.url(path)
        return path

    # -- sections --------------------------------------------------------------------
    def body(self, sid: str) -> str:
        p, rng = self.plan, self.rng
        if sid == "contacts":
            return ct.contacts(rng, p.person, p.address)
        if sid == "work_hours":
            return ct.work_hours(rng)
        if sid == "about":
            founded = dt.date(p.founded, 9, 1)
            self.false_dates.append(f"основана {d.dots(founded)}")
            return (f"<p>Библиотека основана {d.words(founded, True)}</p>"
                    + ct.about(rng, p.founded))
        if sid == "regulations":
            links = [self.doc(t) for t in rng.sample(ct.DOCUMENT_SECTIONS["regulations"], 2)]
            order = dt.date(self.today.year if self.today.month >= 9 else self.today.year - 1, 8, 29)
            self.false_dates.append(f"приказ от {d.dots(order)}")
            return ct.regulations(rng, links, order)
        if sid == "work_plan":
            if rng.random() < 0.6:
                name = rng.choice(ct.DOCUMENT_SECTIONS["work_plan"]).format(year=p.plan_year)
                return f"<p>{self.doc(name, rng.choice(['pdf', 'docx']))}</p>"
            return ct.work_plan_inline(rng, p.plan_year)
        if sid == "e_resources":
            return ct.e_resources(rng, self.ext)
        if sid == "catalog":
            path = self.urls.page("katalog-poisk")
            self.pages[path] = ("Поиск по каталогу", "<form><input name=\"q\"><button>Искать</button></form>"
                                "<p>Результаты поиска появятся здесь.</p>")
            return ct.catalog(rng, path)
        if sid == "new_arrivals":
            return ct.new_arrivals(rng)
        if sid == "exhibitions":
            writer = rng.choice(v.WRITERS)
            self.false_dates.append(f"дата рождения {writer[1]}")
            return ct.exhibitions(rng, writer)
        if sid == "methodical":
            docs = [self.doc(f"Методические рекомендации «{rng.choice(['Читаем вместе', 'Урок чтения', 'Работа с текстом'])}»")]
            if "lesson_docx" in p.traps:
                docs.append(self.doc(f"Сценарий библиотечного урока {rng.choice(v.LESSON_TOPICS)}", "docx"))
            return ct.methodical(rng, docs)
        if sid == "projects":
            return ct.projects(rng)
        if sid == "feedback":  # an e-mail is contacts: only where the page has contacts anyway
            return ct.feedback(rng, p.person, mail="contacts" in p.sections)
        if sid == "safe_internet":
            return ct.safe_internet(rng, self.ext)
        if sid == "textbooks":
            if rng.random() < 0.4:
                name = rng.choice(ct.DOCUMENT_SECTIONS["textbooks"]).format(year=d.school_year(self.today))
                return ct.textbooks(rng, d.school_year(self.today)) + f"<p>{self.doc(name)}</p>"
            return ct.textbooks(rng, d.school_year(self.today))
        if sid == "social":
            return f'<p><a href="https://vk.com/club{200000 + p.index}">Сообщество ИБЦ ВКонтакте</a></p>'
        raise ValueError(sid)

    def label_form(self, sid: str) -> str:
        p, rng = self.plan, self.rng
        if sid == "contacts":
            return ct.contacts_label(rng, p.person, p.address)
        if sid == "work_hours":
            return ct.work_hours_label(rng)
        if sid == "about":
            return ct.about_label(rng)
        if sid == "regulations":
            return ct.regulations_label(rng)
        if sid == "textbooks":
            return ct.textbooks_label(rng)
        if sid == "feedback":
            label = rng.choice(v.SECTION_LABELS["feedback"])
            if "contacts" not in p.sections:
                return f'<p><b>{label}</b> <a href="{self.feedback_form()}">форма вопроса библиотекарю</a></p>'
            return f'<p><b>{label}</b> <a href="mailto:{p.person.email}">{p.person.email}</a></p>'
        raise ValueError(sid)

    def feedback_form(self) -> str:
        path = self.urls.page("vopros-bibliotekaryu")
        self.pages[path] = ("Вопрос библиотекарю", ct.feedback(self.rng, self.plan.person, mail=False))
        return path

    def content_form(self, sid: str) -> str:
        p, rng = self.plan, self.rng
        if sid == "contacts":
            return ct.contacts_content(rng, p.person)
        if sid == "work_hours":
            return ct.work_hours(rng)
        if sid == "about":
            return ct.about_label(rng).replace("Библиотечный фонд составляет", "Фонд библиотеки –")
        if sid == "e_resources":
            return ct.e_resources_content(rng, self.ext)
        if sid == "textbooks":
            return ct.textbooks_content(rng, d.school_year(self.today))
        if sid == "social":
            return ct.social(rng, f"ibc_school{p.index + 1}")
        raise ValueError(sid)

    def document_form(self, sid: str) -> str:
        name = self.rng.choice(ct.DOCUMENT_SECTIONS[sid]).format(
            year=self.plan.plan_year if sid == "work_plan" else d.school_year(self.today))
        return f"<p>{self.doc(name, self.rng.choice(['pdf', 'docx']))}</p>"

    def section(self, sid: str) -> None:
        pres = self.plan.presentation[sid]
        title = self.plan.titles[sid]
        lib = self.url(self.plan.lib_path)
        if pres == "page":
            known_dates = len(self.dates)
            body = self.body(sid) + self.updated_label()
            if sid in ct.DOCUMENT_SECTIONS and self.xrng.random() < 0.3:  # the menu item is the document
                del self.dates[known_dates:]  # the page is not served: its "updated" line neither
                name = self.xrng.choice(ct.DOCUMENT_SECTIONS[sid]).format(
                    year=self.plan.plan_year if sid == "work_plan" else d.school_year(self.today))
                path = self.urls.doc(f"{slugify(name)}.pdf")
                self.docs[path] = documents.pdf(name)
                self.menu.append((path, title))
                self.where[sid] = self.url(path)
                self.plan.presentation[sid] = "nav-document"
                return
            self.add_page(sid, title, body)
            return
        self.where[sid] = lib
        if pres == "heading":
            self.headed.append(len(self.blocks))
            self.blocks.append(self.heading(title) + self.body(sid))
        elif pres == "tab":
            self.tabs.append((title, self.body(sid)))
        elif pres == "label":
            self.top.append(self.label_form(sid))
        elif pres == "content":
            self.loose.append(self.content_form(sid))
        elif pres == "document":
            self.top.append(self.document_form(sid))
            self.where[sid] = self.url(next(reversed(self.docs)))

    def updated_label(self) -> str:
        """A section page sometimes says when it was updated: a real date, older than the newest."""
        if self.plan.newest_age is None or self.rng.random() > 0.2:
            return ""
        day = self.today - dt.timedelta(days=self.plan.newest_age + self.rng.randrange(3, 60))
        self.dates.append(day)
        return f"<p class=\"updated\">{self.rng.choice(['Обновлено', 'Страница обновлена', 'Дата изменения'])}: {d.dots(day)}</p>"

    # -- news ------------------------------------------------------------------------
    def news_dates(self) -> list[dt.date]:
        age = self.plan.newest_age
        assert age is not None
        day = self.today - dt.timedelta(days=age)
        out = []
        for _ in range(self.rng.randrange(3, 8)):
            out.append(day)
            day -= dt.timedelta(days=self.rng.randrange(4, 40))
        return out

    def news(self) -> None:
        p, rng = self.plan, self.rng
        days = self.news_dates()
        self.dates += days
        events = rng.sample(v.EVENTS, len(days))
        title = p.titles["news"]
        announce = ""
        if "future_event" in p.traps:
            future = self.today + dt.timedelta(days=rng.randrange(4, 40))
            self.false_dates.append(f"анонс на {d.dots(future)}")
            announce = (f"<p><b>Анонс.</b> {d.words(future, True)} в ИБЦ состоится встреча "
                        "с детским писателем. Приглашаем!</p>")
        pres = p.presentation["news"]
        if pres == "inline":
            paras = "".join(
                f"<p>{d.words(day, True) if rng.random() < 0.6 else d.dots(day)} в ИБЦ {escape(text)}. "
                "Ребята узнали много нового.</p>" for day, (text, _t) in zip(days, events, strict=True))
            block = announce + paras
            if p.layout == "tabs":
                self.tabs.append((title, block))
            else:
                self.blocks.append(self.heading(title) + block)
            self.where["news"] = self.url(p.lib_path)
            return
        items = []
        for n, (day, (text, head)) in enumerate(zip(days, events, strict=True)):
            path = self.urls.news_item(day, slugify(head), n + 1)
            self.pages[path] = (head, pf.item_date(p.platform, day, rng)
                                + f"<p>{d.words(day, True)} в ИБЦ {escape(text)}.</p>"
                                  "<p>Благодарим всех участников!</p>")
            items.append(self.news_entry(path, head, day))
        listing = announce + "".join(items)
        if pres == "blog":
            self.blog = f'<div class="blog">{listing}</div>'
            self.where["news"] = self.url(p.lib_path)
        else:
            path = self.urls.news_list()
            self.pages[path] = (title, listing)
            self.menu.append((path, title))
            self.where["news"] = self.url(path)

    def news_entry(self, path: str, head: str, day: dt.date) -> str:
        p, rng = self.plan, self.rng
        when = pf.list_date(p.platform, day, self.today, rng, relative=self.today == dt.date.today())
        if p.holdout and rng.random() < 0.3:
            when = ho.list_date(rng, day)
        if p.platform == "gosweb":
            return f'<div class="object-item"><div class="item-head">{when}</div><a class="item-title" href="{path}">{escape(head)}</a></div>'
        if p.platform == "ucoz":
            return f'<div class="eTitle"><a href="{path}">{escape(head)}</a></div><div class="eMessage">{escape(head)}.</div>{when}'
        if p.platform == "wordpress":
            return f'<article class="post"><h2 class="entry-title"><a href="{path}">{escape(head)}</a></h2>{when}<p>{escape(head)}…</p></article>'
        if p.platform == "joomla":
            return f'<div class="item"><h2><a href="{path}">{escape(head)}</a></h2><dl class="article-info">{when}</dl><p>{escape(head)}.</p></div>'
        if p.platform == "bitrix":
            return f'<p class="news-item">{when} <a href="{path}"><b>{escape(head)}</b></a></p>'
        return f'<p>{when} <a href="{path}">{escape(head)}</a></p>'

    # -- traps -----------------------------------------------------------------------
    def traps(self) -> None:
        p, rng = self.plan, self.rng
        if "contacts" not in p.sections:
            self.top.append(f"<p>{p.person.post} – {escape(p.person.name)}</p>")
        if "links_block" in p.traps and "e_resources" not in p.sections:
            links = "".join(f'<li><a href="{u}">{escape(t)}</a></li>'
                            for u, t in zip(self.ext.regional_libs, v.REGIONAL_LINKS, strict=False))
            self.tail.append(f"{_heading(rng, rng.choice(v.LINK_BLOCK_TITLES))}<ul>{links}</ul>")
        if "lesson_docx" in p.traps and "methodical" not in p.sections:
            self.top.append(f"<p>{self.doc(f'Сценарий библиотечного урока {rng.choice(v.LESSON_TOPICS)}', 'docx')}</p>")
        if "birthday" in p.traps:
            name, born = rng.choice(v.WRITERS)
            day, month, year = (int(x) for x in born.split("."))
            self.false_dates.append(f"день рождения писателя {born}")
            self.loose.append(f"<p>{dt.date(year, month, day).day} {d.MONTHS_GEN[month - 1]} – "
                              f"день рождения {name} ({born}).</p>")
        if "empty_section" in p.traps:
            missing = [s for s in ("projects", "catalog", "methodical", "exhibitions") if s not in p.sections]
            if missing:
                sid = missing[0]
                self.empty.append(sid)
                markers = ["Раздел в разработке", "Страница находится в стадии наполнения"]
                markers += ho.EMPTY_MARKERS if p.holdout else []
                self.tail.append(self.heading(p.titles[sid]) + f"<p>{rng.choice(markers)}</p>")

    def updated_only(self) -> None:
        """A centre without news but with a dated label: its only real date."""
        if self.plan.newest_age is None or "news" in self.plan.sections:
            return
        day = self.today - dt.timedelta(days=self.plan.newest_age)
        self.dates.append(day)
        label = (f"<p><i>{self.rng.choice(['Обновлено', 'Страница обновлена', 'Последнее обновление'])}: "
                 f"{d.dots(day) if self.rng.random() < 0.6 else d.words(day, True)}</i></p>")
        if self.empty:  # nothing follows an empty section's heading (the page's last block)
            self.top.insert(0, label)
        else:
            self.end.append(label)

    # -- the whole site --------------------------------------------------------------
    def build(self) -> None:
        p = self.plan
        for sid in p.sections:
            if sid != "news":
                self.section(sid)
        if "news" in p.sections:
            self.news()
        self.traps()
        self.updated_only()
        # content-only paragraphs: under another (non-empty) section's heading, or as an intro
        # content-only paragraphs: under another section's heading, or before the first heading
        # (a paragraph after a heading belongs to it, so standalone text never follows one)
        for para in self.loose:
            if self.headed and self.rng.random() < 0.5:
                i = self.rng.choice(self.headed)
                self.blocks[i] += para
            else:
                self.top.append(para)
        self.rng.shuffle(self.top)
        self.rng.shuffle(self.blocks)
        self.school_news()

    def school_news(self) -> None:
        fresh = "school_news_fresh" in self.plan.traps
        start = self.rng.randrange(1, 6) if fresh else self.rng.randrange(30, 200)
        self.school_news_dates = [self.today - dt.timedelta(days=start + 11 * i) for i in range(4)]
        if fresh:
            self.false_dates.append(f"новости школы {d.dots(self.school_news_dates[0])}")

    def library_main(self) -> str:
        """Intro, posts, untitled paragraphs, sections under headings, tabs, then the traps
        with headings (an empty section, a block of links) and a closing "updated" line:
        nothing but its own marker ever follows an empty section's heading."""
        p = self.plan
        main = "<p>Добро пожаловать на страницу школьной библиотеки!</p>"
        if p.layout == "perpage" and self.menu:
            main += "<p>Разделы:</p><ul>" + "".join(
                f'<li><a href="{path}">{escape(t)}</a></li>' for path, t in self.menu) + "</ul>"
        main += self.blog + "".join(self.top)
        if p.layout in ("onepage", "tabs") and self.menu:
            main += "".join(f'<p><a href="{path}">{escape(t)}</a></p>' for path, t in self.menu)
        main += "".join(self.blocks)
        if self.tabs:
            heads = "".join(f'<li><a href="#tab-{i}" data-toggle="tab">{escape(t)}</a></li>'
                            for i, (t, _b) in enumerate(self.tabs))
            panes = "".join(f'<div class="tab-pane" id="tab-{i}">{b}</div>' for i, (_t, b) in enumerate(self.tabs))
            main += f'<ul class="nav nav-tabs">{heads}</ul><div class="tab-content">{panes}</div>'
        return main + "".join(self.tail + self.end)

    def chrome(self, title: str, main: str, is_lib: bool) -> str:
        p = self.plan
        menu = self.menu if p.layout in ("menu", "blog") else []
        aside = ""
        if p.layout in ("sidebar", "blog") and self.menu:
            aside = ('<aside class="sidebar"><div class="widget"><h3 class="widget-title">Библиотека</h3><ul>'
                     + "".join(f'<li><a href="{path}">{escape(t)}</a></li>' for path, t in self.menu)
                     + "</ul></div></aside>")
        if p.platform == "ucoz" and p.layout in ("perpage",) and not is_lib:
            menu = self.menu  # uCoz menus list every page of the site
        c = pf.Chrome(school=p.name, title=title, main=main, lib_path=p.lib_path, lib_title=self.lib_title,
                      menu=menu, aside=aside, since=p.founded if p.founded > 2000 else 2012,
                      year=self.today.year, today_widget="today_widget" in p.traps,
                      school_footer=self.school_footer)
        return pf.CHROME[p.platform](c)

    def install(self, host: Host) -> None:
        """Put the pages on the host (rendered now, except the "today" widget)."""
        p = self.plan
        if p.status == "unreachable":
            host.listening = False
            return
        pages: dict[str, str] = {path: self.chrome(t, m, False) for path, (t, m) in self.pages.items()}
        pages[p.lib_path] = self.chrome(self.lib_title, self.library_main(), True)
        pages["/"] = self.chrome(p.name, self.home_main(), False)
        for path, title in pf.SCHOOL_PAGES:
            main = self.home_main() if path == "/novosti-shkoly/" else f"<p>{escape(title)} – {escape(p.name)}.</p>"
            pages[path] = self.chrome(title, main, False)
        for path, page in pages.items():
            host.add(path, self.resource(page))
        for path, res in self.docs.items():
            host.add(path, res)
        host.page("/admin/", "<html><body><form method=\"post\"></form></body></html>")
        if p.status == "error":
            host.add(p.lib_path, Resource(status=500, body=b"<h1>500 Internal Server Error</h1>"))
        elif p.status == "not_found":
            del host.routes[next(k for k in host.routes if k == p.lib_path)]

    def home_main(self) -> str:
        items = "".join(f"<li>{d.dots(day)} – {escape(t)}</li>"
                        for day, t in zip(self.school_news_dates, v.SCHOOL_NEWS[self.plan.index % 4:], strict=False))
        return (f"<p>Добро пожаловать на сайт {escape(self.plan.name)}!</p><h2>Новости школы</h2><ul>{items}</ul>"
                f'<p><a href="{self.plan.lib_path}">{escape(self.lib_title)}</a></p>')

    def resource(self, page: str) -> Resource:
        platform = self.plan.platform
        charset = "windows-1251" if platform == "ucoz" else "utf-8"
        ctype = "text/html" if platform == "ucoz" else "text/html; charset=utf-8"
        if pf.TODAY_MARK in page:
            def render(_path: str, page: str = page) -> bytes:
                return page.replace(pf.TODAY_MARK, _today_text(platform)).encode(charset, "replace")
            return Resource(render=render, content_type=ctype)
        return Resource(body=page.encode(charset, "replace"), content_type=ctype)

    def truth(self) -> dict[str, Any]:
        p = self.plan
        ok = p.status == "ok"
        lib = self.url(p.lib_path)
        home = self.url("/")
        newest = max(self.dates) if ok and self.dates else None
        return {
            "id": p.cid, "name": p.name, "municipality": p.municipality,
            "listed_urls": [home if p.by_home else lib, *self.extra_listed], "url": home if p.by_home else lib,
            "platform": p.platform, "layout": p.layout, "status": p.status,
            "final_url": lib, "home_url": home if p.by_home else None, "host": p.ip,
            "sections": {s: ok and s in p.sections for s in SECTION_IDS},
            "presentation": dict(p.presentation) if ok else {},
            "titles": {sid: p.titles[sid] for sid in p.sections} if ok else {},
            "section_urls": dict(self.where) if ok else {},
            "empty_sections": list(self.empty) if ok else [],
            "last_updated": newest.isoformat() if newest else None,
            "freshness": freshness(newest, self.today) if ok else None,
            "false_dates": self.false_dates,
            "work_plan_current": (p.plan_year == d.school_year(self.today)) if ok and "work_plan" in p.sections else None,
            "broken_links": [], "tricky_ok_links": [], "in_registry": True,
        }


FRESH_DAYS = 90
AGING_DAYS = 183


def freshness(newest: dt.date | None, as_of: dt.date) -> str:
    if newest is None:
        return "unknown"
    days = (as_of - newest).days
    return "fresh" if days <= FRESH_DAYS else "aging" if days <= AGING_DAYS else "stale"
