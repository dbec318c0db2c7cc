"""Discovery: reading the registry of centres off the regional centre's site.

Pure parsing functions of (decoded HTML, URL), tested on saved HTML strings:

- `find_listing_links`: on the root page, the links to the listing pages, by their
  text (`discovery.listing_keywords`: "Интернет-представительства ИБЦ", "МИБЦ", ...);
- `parse_listing`: the centres of a listing page, from lists under municipality headings
  and from tables, leaving out the site's chrome (menus, footer, sidebar), social and
  resource links, documents and links back to the regional site;
- `parse_with_selector`: the fallback when heuristics cannot work (a CSS selector from
  `discovery.listing_selector`);
- `merge_centres`: one entry per centre (same `centre_key`).

A malformed href in the listing is reported (`ListingResult.malformed`), never a crash.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from common import words
from common.extract import element_text, is_chrome, parse_html
from common.urls import absolute, centre_key, document_type, host_of, is_social, is_valid_url

HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
ENTRY_TAGS = {"li", "p", "dd", "dt"}
MUNICIPALITY_WORDS = re.compile(
    r"район|округ|город|\bг\.|муниципал|поселени|хабаровск|комсомольск|\bмр\b|\bго\b",
    re.IGNORECASE,
)
GENERIC_LINK_TEXTS = {
    "сайт", "ссылка", "перейти", "страница", "страница ибц", "подробнее", "здесь", "тут",
    "открыть", "перейти на сайт", "сайт ибц", "страница библиотеки",
}
RESOURCE_HOSTS = (
    "xn--90ax2c.xn--p1ai", "rusneb.ru", "prlib.ru", "litres.ru", "nlr.ru", "rsl.ru",
    "edu.ru", "edu.gov.ru", "gosuslugi.ru", "www.gosuslugi.ru", "minjust.gov.ru",
    "khabkrai.ru", "consultant.ru", "garant.ru", "wikipedia.org", "yandex.ru", "google.com",
    "kremlin.ru", "culture.ru", "rgdb.ru", "rusla.ru", "pushkinlibrary.kht.ru", "fgosreestr.ru",
)
CONTENT_SELECTORS = (
    "//main", "//*[@role='main']", "//article", "//*[contains(concat(' ', normalize-space(@class), ' '), ' entry-content ')]",
    "//*[@id='content']", "//*[contains(concat(' ', normalize-space(@class), ' '), ' content ')]",
)
TABLE_ROLES = {
    "municipality": re.compile(r"муницип|район|округ|территор|город", re.IGNORECASE),
    "url": re.compile(r"сайт|ссылк|адрес|страниц|url|интернет|представительств", re.IGNORECASE),
    "name": re.compile(r"наименован|название|учрежден|организац|ибц|оу\b|школ", re.IGNORECASE),
}

# a listing row is a centre only if it looks like one: it names a school, a centre or an
# organisation (or is the bare address of its page) ...
ORGANISATION_WORDS = re.compile(
    words.school_marks_pattern() + r"|школ|гимнази|лице[йяюе]"
    r"|интернат|библиотек|медиатек|центр|колледж|кадет|учрежден|организац|№",
    re.IGNORECASE,
)
# what only a school's or a centre's name holds ("ЛитРес: Школа" is a resource's name)
SCHOOL_MARKS = re.compile(words.school_marks_pattern(short_kinds=False) + "|№", re.IGNORECASE)
# ... and is not a national resource by its name (wherever it is hosted) ...
RESOURCE_NAMES = re.compile(
    r"\bнэб\b|национальн\w* электронн\w* библиотек|литрес|litres|президентск\w* библиотек"
    r"|киберленинк|\bргдб\b|\bргб\b|\bрнб\b|российск\w* государственн\w* (?:детск\w* )?библиотек"
    r"|культура\.рф|госуслуг|википеди|консультант\s*плюс|гарант",
    re.IGNORECASE,
)
# ... nor a "see also" line of links
SEE_ALSO = re.compile(
    r"^(?:полезные (?:ресурсы|ссылки)|интернет-ресурсы|ресурсы|ссылки|см\.? также|смотрите также"
    r"|наши партнеры|партнеры|это интересно|рекомендуем)\s*(?::|-|$)|^(?:см\.?|смотрите) также\b",
    re.IGNORECASE,
)


@dataclass
class ListedCentre:
    """One centre as read off a listing page."""

    name: str
    municipality: str | None
    url: str
    listed_on: str
    aliases: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return centre_key(self.url)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "municipality": self.municipality, "url": self.url,
                "listed_on": self.listed_on, "aliases": list(self.aliases)}


@dataclass
class ListingResult:
    centres: list[ListedCentre] = field(default_factory=list)
    left_out: list[dict[str, Any]] = field(default_factory=list)  # {"url", "text", "reason"}
    malformed: list[dict[str, Any]] = field(default_factory=list)  # {"href", "text", "municipality", "listed_on", "reason"}

    def extend(self, other: ListingResult) -> None:
        self.centres.extend(other.centres)
        self.left_out.extend(other.left_out)
        self.malformed.extend(other.malformed)


def norm(text: str) -> str:
    """Casefolded, ё → е, dashes unified, spaces collapsed: for keyword matching."""
    text = text.casefold().replace("ё", "е")
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    return " ".join(text.split())


def matches_keywords(text: str, keywords: list[str]) -> bool:
    text = norm(text)
    return any(norm(k) in text for k in keywords if k.strip())


def is_municipality(text: str) -> bool:
    return bool(text) and len(text) < 150 and bool(MUNICIPALITY_WORDS.search(text))


def is_resource(url: str) -> bool:
    host = host_of(url).split(":", 1)[0]
    return any(host == h or (host.endswith("." + h) and h != "gosuslugi.ru") for h in RESOURCE_HOSTS)


def find_listing_links(html_text: str, url: str, keywords: list[str]) -> list[tuple[str, str]]:
    """Links on the regional site's page `url` whose text names a listing of centres."""
    doc = parse_html(html_text)
    found: dict[str, str] = {}
    for a in doc.iter("a"):
        href = a.get("href")
        text = element_text(a) or (a.get("title") or "")
        if not href or not matches_keywords(text, keywords):
            continue
        target = absolute(href, url)
        if not target or not is_valid_url(target) or host_of(target) != host_of(url):
            continue
        if document_type(target):
            continue
        target = target.split("#", 1)[0]
        found.setdefault(target, text)
    return list(found.items())


def page_is_listing(html_text: str, keywords: list[str]) -> bool:
    """The page's title or a heading names a listing of centres."""
    doc = parse_html(html_text)
    texts = [element_text(e) for e in doc.iter("title", *HEADING_TAGS)]
    return any(matches_keywords(t, keywords) for t in texts)


def content_root(doc: Any) -> Any:
    for xpath in CONTENT_SELECTORS:
        found = doc.xpath(xpath)
        if found:
            return found[0]
    body = doc.find("body")
    return body if body is not None else doc


def _pseudo_heading(element: Any) -> str | None:
    """`<p><strong>Бикинский район</strong></p>`: a heading typed in a WYSIWYG editor."""
    if element.tag not in ("p", "div") or element.find(".//a") is not None:
        return None
    text = element_text(element)
    if not text or len(text) > 150:
        return None
    bold = " ".join(element_text(b) for b in element.iter("strong", "b"))
    return text if bold and norm(bold) == norm(text) else None


def _entry_name(entry_text: str, link_text: str, url: str) -> str:
    """The centre's name: the entry's text without URLs and separators, else the link's text."""
    text = re.sub(r"(https?://|www\.)\S+", " ", entry_text)
    text = _trim(text)
    if norm(link_text) in GENERIC_LINK_TEXTS:
        text = _trim(re.sub(re.escape(link_text), " ", text, flags=re.IGNORECASE))
    if text:
        return text
    if link_text and not re.match(r"(https?://|www\.)", link_text, re.IGNORECASE):
        return link_text
    return host_of(url) or url


def _trim(text: str) -> str:
    text = re.sub(r"\(\s*\)", " ", text)
    text = re.sub(r"\s+", " ", text).strip(" \t—–-:,;|")
    return text[:-1].rstrip(" \t—–-:,;|") if text.endswith("(") else text


# an href that tried to be an absolute URL and failed: "http//school.ru", "www.school.ru"
_BROKEN_ABSOLUTE = re.compile(r"^(?:h?tt?ps?(?::/{0,2}|/{1,2})(?!/)|www\.|[\w-]+(?:\.[\w-]+)*\.(?:ru|рф|su|com|org|net)(?:/|$))", re.IGNORECASE)


class _Reader:
    """Collects centres, left-out links and malformed entries of one listing page."""

    def __init__(self, url: str, root_url: str) -> None:
        self.url = url
        # the regional site: its root's host and the listing page's own host
        self.regional_hosts = {host_of(root_url), host_of(url)} - {""}
        self.result = ListingResult()
        self._left: set[tuple[str, str]] = set()

    def leave_out(self, url: str, text: str, reason: str) -> None:
        if (url, reason) not in self._left:
            self._left.add((url, reason))
            self.result.left_out.append({"url": url, "text": text, "reason": reason})

    def classify(self, href: str) -> tuple[str | None, str | None]:
        """(absolute URL, reason to leave it out or None); URL None = malformed."""
        raw = href.strip()
        if re.match(r"(mailto|tel|javascript|skype|viber|whatsapp):", raw, re.IGNORECASE):
            return raw, "not_http"
        if raw.startswith("#") or not raw:
            return raw, "not_http"
        if not re.match(r"https?://", raw, re.IGNORECASE) and _BROKEN_ABSOLUTE.match(raw):
            return None, None
        target = absolute(raw, self.url)
        if target is None or not is_valid_url(target):
            return None, None
        if host_of(target) in self.regional_hosts:
            return target, "regional_site"
        if document_type(target):
            return target, "document"
        if is_resource(target):
            return target, "resource"
        return target, None

    def take_entry(self, entry: Any, municipality: str | None, name_hint: str | None = None,
                   links: list[Any] | None = None, text: str | None = None) -> None:
        """One list item / paragraph / table row: a centre, a malformed entry or left-out links."""
        anchors = links if links is not None else [a for a in entry.iter("a") if a.get("href") is not None]
        entry_text = text if text is not None else element_text(entry)
        chosen: tuple[str, str] | None = None
        social: tuple[str, str] | None = None
        hosts: set[str] = set()
        for a in anchors:
            href, link_text = a.get("href") or "", element_text(a)
            target, reason = self.classify(href)
            if target is None:
                if chosen is None and social is None:
                    self.result.malformed.append({
                        "href": href, "text": name_hint or entry_text or link_text,
                        "municipality": municipality, "listed_on": self.url,
                        "reason": "неверный адрес",
                    })
                    return
                continue
            if reason:
                self.leave_out(target, link_text, reason)
            elif is_social(target):
                social = social or (target, link_text)
            else:
                hosts.add(host_of(target))
                chosen = chosen or (target, link_text)
        pick = chosen or social
        if pick is None:
            return
        target, link_text = pick
        name = name_hint or _entry_name(entry_text, link_text, target)
        reason = self.not_a_centre(entry_text, name, link_text, len(hosts))
        if reason:
            self.leave_out(target, link_text, reason)
            return
        self.result.centres.append(ListedCentre(name=name, municipality=municipality, url=target, listed_on=self.url))

    @staticmethod
    def not_a_centre(entry_text: str, name: str, link_text: str, sites: int = 1) -> str | None:
        """Why a row with a link is not a centre: a "see also" line, links to three sites or
        more in one line, a resource named by its name, a row that names no school or centre;
        None when it looks like a centre."""
        if SEE_ALSO.match(norm(entry_text)):
            return "see_also"
        if sites > 2:
            return "link_sentence"
        if RESOURCE_NAMES.search(link_text) and not SCHOOL_MARKS.search(entry_text):
            return "resource"
        bare_url = re.fullmatch(r"(?:https?://|www\.)\S+", link_text.strip(), re.IGNORECASE)
        if not bare_url and not ORGANISATION_WORDS.search(name) and not ORGANISATION_WORDS.search(entry_text):
            return "not_a_centre"
        return None


def _table_grid(table: Any) -> list[list[Any]]:
    """The table's rows as lists of cells, rowspan/colspan expanded (a cell repeats)."""
    grid: list[list[Any]] = []
    pending: dict[int, tuple[Any, int]] = {}  # column -> (cell, rows left)
    rows = [r for r in table.iter("tr") if next(r.iterancestors("table"), None) is table]
    for tr in rows:
        row: list[Any] = []
        cells = [c for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")]
        col = 0
        queue = list(cells)
        while queue or col in pending:
            if col in pending:
                cell, left = pending[col]
                row.append(cell)
                if left <= 1:
                    del pending[col]
                else:
                    pending[col] = (cell, left - 1)
                col += 1
                continue
            cell = queue.pop(0)
            span = max(1, min(_int(cell.get("colspan")), 20))
            rowspan = max(1, min(_int(cell.get("rowspan")), 500))
            for _ in range(span):
                row.append(cell)
                if rowspan > 1:
                    pending[col] = (cell, rowspan - 1)
                col += 1
        grid.append(row)
    return grid


def _int(value: str | None) -> int:
    try:
        return int(value or 1)
    except ValueError:
        return 1


def _read_table(reader: _Reader, table: Any, municipality: str | None) -> None:
    grid = _table_grid(table)
    roles: dict[str, int] = {}
    start = 0
    if grid:
        first = grid[0]
        is_header = all(c.tag == "th" for c in first) or not any(c.find(".//a") is not None for c in first)
        if is_header:
            start = 1
            for i, cell in enumerate(first):
                text = element_text(cell)
                for role, pattern in TABLE_ROLES.items():
                    if role not in roles and pattern.search(text):
                        roles[role] = i
                        break
    current = municipality
    for row in grid[start:]:
        distinct = list(dict.fromkeys(row))
        anchors = [a for c in distinct for a in c.iter("a") if a.get("href") is not None]
        if "url" in roles and roles["url"] < len(row):
            url_cell_anchors = [a for a in row[roles["url"]].iter("a") if a.get("href") is not None]
            anchors = url_cell_anchors or anchors
        if not anchors:
            texts = [element_text(c) for c in distinct if element_text(c)]
            if len(texts) == 1 and is_municipality(texts[0]):
                current = texts[0]  # a section row: "Бикинский муниципальный район"
            elif texts and "name" in roles:
                reader.result.malformed.append({
                    "href": "", "text": element_text(row[roles["name"]]) if roles["name"] < len(row) else texts[0],
                    "municipality": current, "listed_on": reader.url, "reason": "нет адреса",
                })
            continue
        muni = current
        if "municipality" in roles and roles["municipality"] < len(row):
            muni = element_text(row[roles["municipality"]]) or current
        name = None
        if "name" in roles and roles["name"] < len(row) and roles["name"] != roles.get("url"):
            name = element_text(row[roles["name"]]) or None
        elif len(distinct) > 1:
            link_cells = {c for c in distinct if c.find(".//a") is not None}
            others = [element_text(c) for c in distinct if c not in link_cells and element_text(c)
                      and element_text(c) != muni and not re.fullmatch(r"\d+\.?", element_text(c))]
            name = others[0] if others else None
        reader.take_entry(row[0], muni, name_hint=name, links=anchors,
                          text=" ".join(element_text(c) for c in distinct))


def parse_listing(html_text: str, url: str, root_url: str) -> ListingResult:
    """The centres listed on the page at `url` (a page of the regional site at `root_url`)."""
    doc = parse_html(html_text)
    reader = _Reader(url, root_url)
    root = content_root(doc)
    # links of the chrome outside the content are reported as left out
    for a in doc.iter("a"):
        if a.get("href") is not None and not _inside(a, root):
            target = absolute(a.get("href") or "", url)
            if target:
                reader.leave_out(target, element_text(a), "chrome")
    has_municipalities = any(
        is_municipality(element_text(h)) for h in root.iter(*HEADING_TAGS)
    ) or any(_pseudo_heading(p) and is_municipality(_pseudo_heading(p) or "") for p in root.iter("p", "div")) or any(
        is_municipality(element_text(b)) for b in root.iter("strong", "b"))
    heading: str | None = None
    skip: Any = None
    for event, element in etree.iterwalk(root, events=("start", "end")):
        if not isinstance(element.tag, str):
            continue
        if event == "end":
            if element is skip:
                skip = None
            continue
        if skip is not None:
            continue
        tag = element.tag.lower()
        if element is not root and is_chrome(element):
            skip = element
            for a in element.iter("a"):
                target = absolute(a.get("href") or "", url)
                if target:
                    reader.leave_out(target, element_text(a), "chrome")
            continue
        if tag in HEADING_TAGS or _pseudo_heading(element):
            heading = element_text(element)
            continue
        municipality = heading if heading and is_municipality(heading) else None
        if tag == "table":
            skip = element
            _read_table(reader, element, municipality)
            continue
        if tag in ENTRY_TAGS and element.find(".//a") is not None:
            nested = any(c.tag in ("ul", "ol", "table") for c in element.iter() if c is not element)
            if nested:
                continue  # a list item holding a sub-list: its items are the entries
            skip = element
            segments = _br_segments(element)
            linked = [1 for _t, links in segments if links]
            if len(linked) > 1 or (len(segments) > 1 and any(not links and is_municipality(t) for t, links in segments)):
                # several centres in one paragraph, one a line: "<b>Район</b><br><a>…</a><br><a>…</a>"
                for text, links in segments:
                    if not links:
                        if is_municipality(text):
                            municipality = heading = text
                        continue
                    if municipality is None and has_municipalities:
                        for a in links:
                            target = absolute(a.get("href") or "", url)
                            if target:
                                reader.leave_out(target, element_text(a), "not_under_municipality")
                        continue
                    reader.take_entry(element, municipality, links=links, text=text)
                continue
            if has_municipalities and municipality is None:
                for a in element.iter("a"):
                    target = absolute(a.get("href") or "", url)
                    if target:
                        reader.leave_out(target, element_text(a), "not_under_municipality")
                continue
            if tag == "p" and municipality is None:
                continue  # prose outside any municipality: not a list of centres
            reader.take_entry(element, municipality)
    return reader.result


def _br_segments(element: Any) -> list[tuple[str, list[Any]]]:
    """The lines of an element split at its `<br>` children: [(text, links), ...]."""
    segments: list[tuple[str, list[Any]]] = [("", [])]

    def add(text: str, links: list[Any] | None = None) -> None:
        last_text, last_links = segments[-1]
        segments[-1] = (last_text + text, last_links + (links or []))

    add(element.text or "")
    for child in element:
        if not isinstance(child.tag, str):
            add(child.tail or "")
            continue
        if child.tag == "br":
            segments.append(("", []))
        else:
            anchors = [child] if child.tag == "a" else list(child.iter("a"))
            add(element_text(child) + " ", [a for a in anchors if a.get("href") is not None])
        add(child.tail or "")
    return [(" ".join(text.split()), links) for text, links in segments if text.strip() or links]


def _inside(element: Any, root: Any) -> bool:
    return element is root or any(a is root for a in element.iterancestors())


def parse_with_selector(html_text: str, url: str, root_url: str, selector: str) -> ListingResult:
    """The fallback: every link matched by the CSS `selector` (or inside what it matches)."""
    from lxml.cssselect import CSSSelector

    doc = parse_html(html_text)
    reader = _Reader(url, root_url)
    try:
        matched = CSSSelector(selector)(doc)
    except Exception as exc:  # cssselect raises several parse error types
        raise ValueError(f"неверный CSS-селектор {selector!r}: {exc}") from exc
    headings: list[tuple[Any, str]] = []
    order = {el: i for i, el in enumerate(doc.iter())}
    for h in doc.iter(*HEADING_TAGS):
        headings.append((order[h], element_text(h)))
    for element in matched:
        anchors = [element] if element.tag == "a" else list(element.iter("a"))
        for a in anchors:
            if a.get("href") is None:
                continue
            position = order.get(a, 0)
            before = [t for pos, t in headings if pos < position and is_municipality(t)]
            entry = a.getparent() if a.getparent() is not None and a.getparent().tag in ENTRY_TAGS else a
            reader.take_entry(entry, before[-1] if before else None, links=[a])
    return reader.result


def merge_centres(entries: list[ListedCentre]) -> tuple[list[ListedCentre], list[dict[str, Any]]]:
    """One entry per `centre_key`; the later listings become aliases of the first."""
    by_key: dict[str, ListedCentre] = {}
    merged: list[dict[str, Any]] = []
    for entry in entries:
        kept = by_key.get(entry.key)
        if kept is None:
            by_key[entry.key] = ListedCentre(entry.name, entry.municipality, entry.url, entry.listed_on,
                                             list(entry.aliases))
            continue
        if entry.url != kept.url and entry.url not in kept.aliases:
            kept.aliases.append(entry.url)
        if not kept.municipality and entry.municipality:
            kept.municipality = entry.municipality
        merged.append({"key": entry.key, "kept": kept.url, "merged": entry.url, "name": entry.name,
                       "listed_on": entry.listed_on, "reason": "тот же адрес"})
    return list(by_key.values()), merged
