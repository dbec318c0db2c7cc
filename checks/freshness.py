"""Freshness: the date of a centre's last content update, its class, the current work plan.

Dates are read from the content of the library pages (from menus, headers and footers,
where widgets and copyright lines live, only update stamps), in every form of
`checks.dates`, and from posts about the library in the school's news
(`checks.library_posts`):

| kind | where | tier |
|---|---|---|
| `text` | dated news items and posts, any date in the content text | 1 |
| `label` | "Обновлено: 17.02.2026", "Последнее изменение …", in the content or the footer (not the school site's stamp, the same on its other pages) | 1 |
| `time` | `<time datetime>`, `article:modified_time`, `itemprop=dateModified` | 1 |
| `url` | the page's own URL or a content link's URL (`/news/2025-03-12`, `/2025/03/12/…`) | 1 |
| `document` | a linked document's name or file name ("Отчёт 12.03.2025.pdf") | 1 |
| `last_modified` | HTTP `Last-Modified` | 2 |
| `text_changed` | the main text changed since the previous run | 3 |

The last update is the newest accepted date of tier 1. `Last-Modified` is weaker
evidence (a CMS sends the time of the request; a static page the time of the file): it
counts only where no content date exists, and not when it lies within
`last_modified_min_age_hours` of the fetch. Rejected: dates after the audit date or
after the fetch (future events), and what `checks.dates.judge_context` rejects (orders,
anniversaries, widgets).

Rule for a text change between runs: where the main page's `text_hash` differs from the
previous run's, the page was edited after the previous run's fetch. If no accepted date
is newer than that fetch date, the last update becomes the previous run's fetch date
(the latest date the change is known to follow: a conservative lower bound), with
evidence kind `text_changed`.
"""
from __future__ import annotations

import datetime as dt
import email.utils
import re
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from checks.dates import ContextRules, dates_in_url, find_dates, judge_context, parse_iso
from checks.library_posts import (
    about_library,
    dated_text,
    feed_items,
    is_post,
    post_opening,
    without_school_news,
)
from checks.page import PageView, Snapshot, visible_text
from checks.result import Evidence
from checks.rulebook import FreshnessRules
from checks.site import LIBRARY_SLUGS, LIBRARY_WORDS, CentreSite
from checks.text import normalise
from common import words

CONTENT_KINDS = ("text", "label", "time", "url", "document", "relative")
MAX_TEXT_CHARS = 200_000  # content text searched for dates per page
MAX_CHROME_CHARS = 20_000  # text of one header, footer or sidebar searched for update stamps


@dataclass(frozen=True)
class DateEvidence:
    date: dt.date
    kind: str
    text: str
    page_url: str
    rejected: str | None = None  # future | order | anniversary | founding | signature | widget | dynamic | site_stamp
    chrome: bool = False  # read from the page's header, footer or sidebar (update stamps only)

    def evidence(self) -> Evidence:
        """The page, the kind of date (EVIDENCE_KINDS: `date`, `date_label`, `date_url`, …)
        and the text it was read from."""
        kind = EVIDENCE_KIND.get(self.kind, "date")
        url = self.text if self.kind in ("url", "document") and self.text.startswith("http") else None
        return Evidence(page_url=self.page_url, kind=kind, text=self.text, url=url)


EVIDENCE_KIND = {
    "text": "date", "label": "date_label", "time": "date_time", "url": "date_url",
    "document": "date_document", "relative": "date_relative", "last_modified": "header",
    "text_changed": "text_changed",
}

# why a centre has no update date, by what was rejected (most frequent first)
NO_DATE_REASONS = {
    "none": "на страницах нет дат публикаций",
    "school": "даты есть только на страницах школы, а не ИБЦ",
    "future": "даты только в анонсах событий",
    "widget": "дата только в шапке сайта (сегодняшнее число)",
    "order": "даты только в документах (приказы, положения)",
    "signature": "даты только в документах (электронные подписи)",
    "anniversary": "даты только памятные (дни рождения писателей, годовщины)",
    "founding": "только дата основания библиотеки",
    "dynamic": "на страницах нет дат публикаций, а сервер сообщает только время запроса",
    "site_stamp": "дата обновления одна на всех страницах сайта школы: это дата сайта, а не библиотеки",
}
REJECTED_SHORT = {
    "future": "анонсы событий", "widget": "сегодняшнее число в шапке сайта",
    "order": "даты документов", "signature": "даты электронных подписей",
    "anniversary": "памятные даты", "founding": "дата основания",
    "site_stamp": "дата обновления всего сайта школы",
}


@dataclass(frozen=True)
class PreviousVisit:
    """The same centre in the latest earlier run (for "changed since the last audit")."""

    run_id: int
    date: dt.date
    text_hash: str | None


def school_year(as_of: dt.date) -> tuple[int, int]:
    """The учебный год of a date: it turns on 1 September."""
    start = as_of.year if as_of.month >= 9 else as_of.year - 1
    return start, start + 1


def school_year_label(as_of: dt.date) -> str:
    start, end = school_year(as_of)
    return f"{start}–{end}"


def names_school_year(text: str, as_of: dt.date) -> bool:
    """Does the text name the current учебный год ("2026–2027", "2026-2027", "2026/27")?"""
    start, end = school_year(as_of)
    pattern = rf"(?<!\d){start}\s*(?:[-–—/]|\s)\s*(?:{end}|{end % 100:02d})(?!\d)"
    return re.search(pattern, text) is not None


def classify(last: dt.date | None, as_of: dt.date, rules: FreshnessRules) -> tuple[str, int | None]:
    """(class, days since the update) from the audit date."""
    if last is None:
        return "unknown", None
    days = (as_of - last).days
    if days <= rules.fresh_days:
        return "fresh", days
    if days <= rules.aging_days:
        return "aging", days
    return "stale", days


def _line_window(text: str, start: int, end: int) -> tuple[str, int, int]:
    """The line holding text[start:end], and the match's position inside it."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    return text[line_start:line_end], start - line_start, end - line_start


def _text_dates(text: str, kind: str, page_url: str, ctx: ContextRules,
                fetched: dt.date | None) -> list[DateEvidence]:
    out = []
    for found in find_dates(text, fetched):
        line, s, e = _line_window(text, found.start, found.end)
        local = type(found)(found.date, s, e, found.has_time, found.form)
        verdict = judge_context(line, local, ctx, fetched)
        rejected = verdict if verdict not in (None, "label") else None
        shown = line.strip()[:200]
        date_kind = "label" if verdict == "label" else "relative" if found.form == "relative" else kind
        out.append(DateEvidence(found.date, date_kind, shown, page_url, rejected))
    return out


def page_dates(view: PageView, ctx: ContextRules, rules: FreshnessRules) -> list[DateEvidence]:
    """Every date of one library page, each with its kind and, if so, why it is rejected."""
    snap = view.snap
    fetched = snap.fetch_date
    url = view.url
    out: list[DateEvidence] = []
    doc_links = [lk for lk in view.links if lk.document and not lk.chrome]
    if view.root is not None:
        skip = set(view.chrome_roots) | {id(lk.element) for lk in doc_links if lk.element is not None}
        text = visible_text(view.root, skip)[:MAX_TEXT_CHARS]
        # other posts listed under this one («Другие новости») are not it
        text = before_related(text, rules.related_titles)
        text = without_school_news(text, rules)
        out += _text_dates(text, "text", url, ctx, fetched)
        for value, _element in view.time_values:
            day = parse_iso(value)
            if day is not None:
                rejected = "anniversary" if day.year < rules.min_year else None
                out.append(DateEvidence(day, "time", value, url, rejected))
        out += chrome_stamps(view, ctx)
    elif snap.main_text:
        out += _text_dates(snap.main_text[:MAX_TEXT_CHARS], "text", url, ctx, fetched)
    for day in dates_in_url(url):
        out.append(DateEvidence(day, "url", url, url, "anniversary" if day.year < rules.min_year else None))
    for link in view.links:
        if link.chrome:
            continue
        if link.document:
            out += _text_dates(link.text, "document", url, ctx, fetched)
            for day in dates_in_url(link.url):
                out.append(DateEvidence(day, "document", link.url, url,
                                        "anniversary" if day.year < rules.min_year else None))
        elif not link.url.lower().startswith("mailto:"):
            for day in dates_in_url(link.url):
                out.append(DateEvidence(day, "url", link.url, url,
                                        "anniversary" if day.year < rules.min_year else None))
    modified = last_modified(snap.headers)
    if modified is not None:
        age_h = (snap.fetched_at - modified).total_seconds() / 3600 if snap.fetched_at else None
        rejected = "dynamic" if age_h is not None and age_h < rules.last_modified_min_age_hours else None
        out.append(DateEvidence(modified.date(), "last_modified",
                                f"Last-Modified: {snap.headers.get('last-modified') or snap.headers.get('Last-Modified')}",
                                url, rejected))
    return out


def before_related(text: str, titles: tuple[str, ...]) -> str:
    """The text up to a line that titles a block of other posts («Другие новости»)."""
    if not titles:
        return text
    wanted = {normalise(t) for t in titles}
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if i and normalise(line.strip(" :")) in wanted:
            return "\n".join(lines[:i])
    return text


def chrome_stamps(view: PageView, ctx: ContextRules) -> list[DateEvidence]:
    """Update stamps («Последнее обновление: 24.09.2026», «Дата изменения: …») in the page's
    header, footer or sidebar: a stamp dates its page wherever it stands. Other dates there
    (a "today" widget, copyright years, the school's news block) are not read."""
    if view.root is None or not view.chrome_roots:
        return []
    out = []
    for element in view.root.iter():
        if id(element) in view.chrome_roots:
            text = visible_text(element)[:MAX_CHROME_CHARS]
            out += [replace(d, chrome=True) for d in _text_dates(text, "text", view.url, ctx, view.snap.fetch_date)
                    if d.kind == "label"]
    return out


def last_modified(headers: dict[str, object]) -> dt.datetime | None:
    value = None
    for key, val in (headers or {}).items():
        if key.lower() == "last-modified":
            value = val[0] if isinstance(val, list) and val else val
    if not isinstance(value, str):
        return None
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(dt.UTC).replace(tzinfo=None)
    return parsed


def dated_pages(site: CentreSite) -> list[Snapshot]:
    """The library pages whose dates are the library's: under the library page, named for
    the library (/category/biblioteka/, «Новости библиотеки»), or led to by the library's
    own menu and about the library (a uCoz /news/ module of library news). The school's
    pages that a library page merely links (its news feed, «Сведения об образовательной
    организации») date the school, not the library."""
    return [s for s in site.library_pages
            if s is site.main or not _named_for_school(site, s) and (
                site.in_library_scope(s) or _named_for_library(site, s)
                or site.led_by_library(s) and site.about_library(s))]


# a page named for the school's own business: "Новости школы", "Жизнь лицея", "Сведения об
# образовательной организации"; its dates are the school's even where the library's page
# sits at the site's root and every page is in its path
SCHOOL_PAGE_NAME = re.compile(
    r"\b(?:школы|лицея|гимназии|интерната|учреждения)\s*$|^сведения об образовательной организации",
    re.IGNORECASE)


def _named_for_school(site: CentreSite, snap: Snapshot) -> bool:
    view = site.view(snap)
    names = [p.strip() for p in re.split(r"\s[|–—-]\s", view.title or "") if p.strip()][:1]
    names += [h.text.strip() for h in view.headings[:3] if h.level <= 2]
    if any(LIBRARY_WORDS.search(n) for n in names):
        return False
    return any(SCHOOL_PAGE_NAME.search(normalise(n)) for n in names)


def _named_for_library(site: CentreSite, snap: Snapshot) -> bool:
    """A page outside the library's path whose address, title or first headings name the
    library (a WordPress category /category/biblioteka/, «Новости библиотеки»). A short
    school page that mentions the library twice in passing is not one."""
    parts = urlsplit(snap.final_url or snap.url)
    slugs = re.split(r"[/\-_.=&?]+", f"{parts.path} {parts.query}".lower().replace(" ", "/"))
    if any(w in LIBRARY_SLUGS or w.startswith(("bibliotek", "librar")) for w in slugs):
        return True
    view = site.view(snap)
    return bool(LIBRARY_WORDS.search(view.title)) or any(
        LIBRARY_WORDS.search(h.text) for h in view.headings[:3] if h.level <= 2)


def collect_dates(site: CentreSite, rules: FreshnessRules, as_of: dt.date) -> list[DateEvidence]:
    """Every date on the centre's library pages, judged against the audit date."""
    ctx = ContextRules.of(rules)
    out: list[DateEvidence] = []
    tolerance = dt.timedelta(days=rules.widget_tolerance_days)
    own = dated_pages(site)
    pages = [(s, page_dates(site.view(s), ctx, rules)) for s in own]
    own_ids = {id(s) for s in own}
    pages += [(s, library_post_dates(site.view(s), ctx, rules)) for s in site.library_pages
              if id(s) not in own_ids]
    for snap, found in pages:
        fetched = snap.fetch_date
        for item in found:
            if item.rejected is None and (
                item.date > as_of or (fetched is not None and item.date > fetched + tolerance)
            ):
                item = replace(item, rejected="future")
            out.append(item)
    return _reject_site_stamps(_reject_site_widgets(out, site, tolerance), site)


def library_post_dates(view: PageView, ctx: ContextRules, rules: FreshnessRules) -> list[DateEvidence]:
    """The dates of a school page's posts about the library (`checks.library_posts`): a
    single post about the library, dated from its opening or its address, or the items of
    a school feed about the library, dated from their lines or their addresses."""
    if view.root is None:
        return []
    words = rules.library_post_words
    fetched = view.snap.fetch_date
    out: list[DateEvidence] = []
    items = feed_items(view)  # a list page first: «/news/index.php» is a feed, not a post
    if not items and is_post(view):
        if about_library(post_opening(view), words):
            out += _text_dates(dated_text(view), "text", view.url, ctx, fetched)
            out += [_url_date(day, view.url, view.url, rules) for day in dates_in_url(view.url)]
            published = view.published_post
            day = parse_iso(published) if published else None
            if day is not None:
                out.append(DateEvidence(day, "time", published or "", view.url,
                                        "anniversary" if day.year < rules.min_year else None))
        return out
    for item in items:
        if about_library(item.text, words):
            out += _text_dates(item.text, "text", view.url, ctx, fetched)
            out += [_url_date(day, item.url, view.url, rules) for day in dates_in_url(item.url)]
    return out


def _url_date(day: dt.date, url: str, page_url: str, rules: FreshnessRules) -> DateEvidence:
    return DateEvidence(day, "url", url, page_url, "anniversary" if day.year < rules.min_year else None)


def _reject_site_stamps(dates: list[DateEvidence], site: CentreSite) -> list[DateEvidence]:
    """An update stamp that another page of the crawl carries too, in its chrome or on a
    page of the school's, is the school site's template ("Последнее обновление сайта" in
    every footer): it dates the site, not the library."""
    stamps = [d for d in dates if d.kind == "label" and d.rejected is None]
    if not stamps:
        return dates
    own = {id(s) for s in dated_pages(site)}
    site_wide = {(d.page_url, d.date) for d in stamps if _stamp_elsewhere(site, d, own)}
    if not site_wide:
        return dates
    return [replace(d, rejected="site_stamp") if d.kind == "label" and d.rejected is None
            and (d.page_url, d.date) in site_wide else d for d in dates]


def _stamp_elsewhere(site: CentreSite, stamp: DateEvidence, own: set[int]) -> bool:
    literals = {stamp.text[f.start:f.end] for f in find_dates(stamp.text) if f.date == stamp.date}
    ctx = ContextRules.of(site.rulebook.freshness)
    for snap in site.snapshots:
        if (snap.final_url or snap.url) == stamp.page_url or not snap.ok or not site.is_html(snap):
            continue
        html = snap.html or ""
        if not any(lit and lit in html for lit in literals):  # cheap: most pages hold no such date
            continue
        view = site.view(snap)
        if any(d.date == stamp.date for d in chrome_stamps(view, ctx)):
            return True
        if id(snap) not in own and any(d.kind == "label" and d.date == stamp.date
                                       for d in page_dates(view, ctx, site.rulebook.freshness)):
            return True
    return False


# words a bare date line may hold beside the date: "Воскресенье, 29 ноября 2026 г., 21:19"
_DATE_LINE_WORDS = re.compile("^" + words.alternation([
    *words.weekday_forms("nominative", short=True), "г", "год", "года",
    *words.month_forms("nominative", "genitive")]) + "$")


def _bare_date_line(text: str) -> bool:
    line_words = re.sub(r"[\d\W_]+", " ", text.lower()).split()
    return len(text) <= 60 and all(_DATE_LINE_WORDS.match(w) for w in line_words)


def _reject_site_widgets(dates: list[DateEvidence], site: CentreSite,
                         tolerance: dt.timedelta) -> list[DateEvidence]:
    """A "today" widget without a weekday or "сегодня" beside it (uCoz headers the chrome
    filter did not recognise): the same bare date line, the day of the fetch, on two pages
    or more. A news item of that day has its title beside it."""
    fetched_on = {s.final_url or s.url: s.fetch_date for s in site.snapshots}
    seen: dict[str, set[str]] = {}
    for d in dates:
        fetched = fetched_on.get(d.page_url)
        if (d.rejected is None and d.kind == "text" and fetched is not None
                and abs(d.date - fetched) <= tolerance and _bare_date_line(d.text)):
            seen.setdefault(d.text, set()).add(d.page_url)
    widgets = {text for text, pages in seen.items() if len(pages) >= 2}
    if not widgets:
        return dates
    return [replace(d, rejected="widget")
            if d.rejected is None and d.kind == "text" and d.text in widgets else d for d in dates]


def no_date_reason(site: CentreSite, dates: list[DateEvidence], rules: FreshnessRules) -> str:
    """Why no update date was found, in Russian, for the card and the export."""
    rejected: dict[str, int] = {}
    for d in dates:
        if d.rejected:
            rejected[d.rejected] = rejected.get(d.rejected, 0) + 1
    content = {k: n for k, n in rejected.items() if k in REJECTED_SHORT}
    if len(content) == 1:
        return NO_DATE_REASONS[next(iter(content))]
    if content:
        kinds = sorted(content, key=lambda k: -content[k])
        return "на страницах только даты, которые не говорят об обновлении: " + ", ".join(
            REJECTED_SHORT[k] for k in kinds)
    ctx = ContextRules.of(rules)
    own = {id(s) for s in dated_pages(site)}
    for snap in site.library_pages:
        if id(snap) not in own and any(d.rejected is None and d.kind in CONTENT_KINDS
                                       for d in page_dates(site.view(snap), ctx, rules)):
            return NO_DATE_REASONS["school"]
    return NO_DATE_REASONS["dynamic" if "dynamic" in rejected else "none"]


def newest(dates: list[DateEvidence]) -> DateEvidence | None:
    """The last update: the newest accepted content date, else an accepted Last-Modified."""
    accepted = [d for d in dates if d.rejected is None]
    content = [d for d in accepted if d.kind in CONTENT_KINDS]
    pool = content or [d for d in accepted if d.kind == "last_modified"]
    if not pool:
        return None
    order = {k: i for i, k in enumerate(("text", "time", "label", "relative", "url", "document",
                                         "last_modified"))}
    return max(pool, key=lambda d: (d.date, -order.get(d.kind, 9)))


def apply_text_change(
    last: DateEvidence | None, previous: PreviousVisit | None, current_hash: str | None,
    main_url: str, as_of: dt.date,
) -> tuple[DateEvidence | None, bool | None]:
    """(last update, changed?) after weighing a change of the main text since `previous`."""
    if previous is None or previous.text_hash is None or current_hash is None:
        return last, None
    changed = previous.text_hash != current_hash
    if changed and previous.date <= as_of and (last is None or last.date < previous.date):
        text = f"текст страницы изменился после обследования {previous.date:%d.%m.%Y}"
        last = DateEvidence(previous.date, "text_changed", text, main_url)
    return last, changed
