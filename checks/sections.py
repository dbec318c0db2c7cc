"""Completeness: which sections of the checklist a centre's pages hold, with evidence.

Evidence for a section, on the library pages of `checks.site.CentreSite` (checks/CHECKS.md
lists the kinds): a *heading* or *page title* naming it over a block; a *menu item, link or
tab* naming it, with what it opens (a stored page, a tab pane, a document, another site); a
*document* named for it (its title or its transliterated file name); a *label* opening a
paragraph ("Режим работы: …"); and the *content* itself, wherever it stands: the rulebook's
text patterns (a phone, a weekly schedule, fund figures), a form, a link to a known host, a
feed of dated posts.

A name inside a feed's block counts only when it is the whole heading or link text (a news
item "Выставка «Моя малая Родина»" does not make "Книжные выставки"); a document counts
for the section its title names wherever it is listed. Weak names ("Полезные ссылки",
"Заведующая библиотекой") count only with the section's content behind them.

Something must stand behind a name: a block with text, items, links or a form, a linked
page with content, a document that answers. A block that opens with an empty-section marker
("Раздел в разработке"), or holds a marker with little else, or next to nothing at all, a
link to a page that is itself empty, or that answers 404/500, is *empty* evidence. A section
is present when any evidence is not empty; empty when all of it is.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from checks.dates import dates_in_url, sentence_around
from checks.library_posts import (
    LATER_PAGE,
    about_library,
    category_listing,
    is_post_address,
    list_address,
    without_school_news,
)
from checks.page import Link, PageView, Snapshot
from checks.prose import (
    LIBRARY_OR_ITS_ADJECTIVE,
    library_report,
    names_only_other_libraries,
    prose_hits,
    reports_event,
    reports_past,
)
from checks.result import Evidence, SectionVerdict
from checks.rulebook import Rulebook, SectionRule
from checks.site import (
    BREADCRUMB,
    LIBRARY_WORDS,
    CentreSite,
    Named,
    address_sections,
    document_matches,
    document_title_sections,
    file_name_sections,
    host_names_library,
    joined_title,
    label_matches,
    name_matches,
    names_an_item,
    says_empty,
    titled_for_library,
)
from checks.templates import evidence_text as template_evidence
from checks.templates import template_blocks
from checks.text import all_stems, content_stems, letters_count, normalise, strip_phrases
from checks.tuning import (
    BADGE_PART_CHARS,
    CONTACT_BLOCK_LINES,
    CONTACT_WINDOW_CHARS,
    COPYRIGHT_REACH,
    EMPTY_TITLE_LINES,
    EXCLUDE_WINDOW,
    HISTORY_YEARS,
    ITEM_HEADING_LINES,
    ITEM_LINES,
    LABEL_MIN_CHARS,
    LIST_ITEM_HEADINGS,
    MASTHEAD_LINES,
    MIN_CONTENT_CHARS,
    OTHER_TITLE_CHARS,
    PART_HEADINGS,
    PART_MIN_CHARS,
    POST_OPENING_CHARS,
    POST_TITLE_CHARS,
    POST_TOP_LINES,
    SCHOOL_LINES_ABOVE,
    SCHOOL_LINES_BELOW,
    SIGNATURE_LINE_CHARS,
    SIGNATURE_LINES,
    SPEAKING_LINE_WORDS,
    TEXT_NEEDS_REACH,
    VALUE_MIN_LETTERS,
)
from common import words
from common.lemmas import tokens_of
from common.urls import path_and_query

NAV_TEXTS = frozenset(normalise(t) for t in words.NAV_TEXTS)
_KIND_ORDER = {
    "heading": 0, "title": 1, "menu": 2, "tab": 3, "link": 4, "document": 5, "label": 6, "content": 7, "form": 8,
    "address": 8, "sentence": 9,
}
MAX_EVIDENCE = 3
_URL_TEXT = re.compile(r"^\s*(?:https?://|www\.)[\w.\-]+\.[a-zа-я]{2,}(?:[/:?#]\S*)?\s*$", re.IGNORECASE)
# a label's whole body is a count («221 экземпляр», «около 3637»): a figure, not the section
_COUNT = re.compile(rf"^\s*{words.alternation(words.FIGURE_WORDS_BEFORE)}?\s*\d[\d\s\u00a0.,]*\s*"
                    rf"(?:{words.alternation(words.FIGURE_UNIT_STEMS)}\w*\.?)?\s*\.?\s*$", re.IGNORECASE)
# a school's own name in a masthead: «МБОУ СОШ № 5», «Гимназия №7», «Муниципальное бюджетное
# общеобразовательное учреждение …»
_SPELLED_FORM = "|".join(r"\w*\s+".join(form.split()) for form in words.SCHOOL_SPELLED_FORMS)
_SCHOOL_NAME = re.compile(rf"\b(?:{words.school_marks_pattern()})\b|\b(?:{words.alternation(words.SCHOOL_STEMS)})\w*\s*№"
                          rf"|\b(?:{_SPELLED_FORM})", re.IGNORECASE)
# a list's entry that opens with its date: «2024-11-15 — Выставка «…»», «15.11.2024 Урок «…»»
_DATED_TITLE = re.compile(r"^\s*(?:\d{4}-\d{2}-\d{2}|\d{1,2}\.\d{1,2}\.\d{2,4})\s*[—–-]?\s+\w")
# one item's quoted title («Выставка «Весна в стихах»»), not a stray quote mark
_QUOTED_TITLE = re.compile(r"«[^»]{3,}»|\"[^\"]{3,}\"|„[^“]{3,}“")
# a sentence that opens with its day: «5 декабря школьная библиотека открыла выставку…»
_OPENS_WITH_DAY = re.compile(rf"^(\d{{1,2}}\s+{words.alternation(words.MONTHS_GENITIVE)})\s+\w", re.IGNORECASE)
_LIBRARIAN = re.compile(words.librarian_pattern(), re.IGNORECASE)
_FIGURE_SEPARATOR = re.compile(r"\s[–—-]\s|:\s")
_TITLE_SPLIT = re.compile(r"\s+[|—–\-:/»]+\s+|\s*::\s*|\s*\|\s*")


@dataclass
class Hit:
    section: str
    evidence: Evidence
    empty: bool
    note: str = ""  # why empty (Russian)
    past: bool = False  # a sentence's evidence tells of what has been done


def is_nav_link(link: Link, site: CentreSite) -> bool:
    """"На главную", "Назад", a link to the school's home page: not content."""
    if normalise(link.text) in NAV_TEXTS:
        return True
    return not site.own_site and site.internal(link.url) and urlsplit(link.url).path in ("", "/")


def judge_body(text: str, links: list[Link], has_form: bool, site: CentreSite,
               min_chars: int | None = None, sid: str | None = None) -> tuple[bool, str]:
    """(empty, note) for what stands behind a name (of section `sid`: links naming other
    sections, a list of the page's sections after "Раздел в разработке", are not its content)."""
    rb = site.rulebook
    min_chars = rb.empty_min_chars if min_chars is None else min_chars
    if len(text) > 20 * (rb.empty_marker_slack + 100):
        return False, ""  # pages of text are never "under construction"
    nav = [lk for lk in links if is_nav_link(lk, site) or (sid is not None and _names_another(lk, sid, rb))]
    real_links = [lk for lk in links if lk not in nav]
    norm = normalise(text)
    if nav:
        norm = strip_phrases(norm, [lk.text for lk in nav])
    stripped = strip_phrases(norm, rb.empty_markers)
    has_marker = stripped != norm
    # (the page's title said again over the marker is no content: «Новости библиотеки» /
    # «Раздел находится в стадии наполнения»)
    first = next((line for line in text.split("\n")[:EMPTY_TITLE_LINES + 1]
                  if letters_count(line) and not name_matches(line, rb).exact), "")
    if has_marker and first and letters_count(strip_phrases(first, rb.empty_markers)) < min_chars:
        # "Раздел в разработке" right under the name: what follows is another thing (tabs,
        # a list of the page's sections)
        marker = next((m for m in rb.empty_markers if normalise(m) in normalise(first)), "раздел в разработке")
        return True, f"на странице только надпись «{marker}»"
    letters = letters_count(stripped)
    if has_marker and letters < rb.empty_marker_slack and not real_links and not has_form:
        marker = next((m for m in rb.empty_markers if normalise(m) in norm), "раздел в разработке")
        return True, f"на странице только надпись «{marker}»"
    if not has_marker and letters < min_chars and not real_links and not has_form:
        if sid is not None and rb.sections[sid].figures and _COUNT.match(text):
            return False, ""  # «Основной библиотечный фонд» over «3324»: the figure is the content
        return True, "за заголовком ничего нет"
    return False, ""


def _names_another(link: Link, sid: str, rb: Rulebook) -> bool:
    sections = name_matches(link.text, rb).sections
    return bool(sections) and sid not in sections


def page_is_empty(snap: Snapshot, site: CentreSite) -> tuple[bool, str]:
    """Is a linked page empty: an error, or nothing but its title and a marker?"""
    key = id(snap)
    if key not in site.empty_pages:
        site.empty_pages[key] = _page_is_empty(snap, site)
    return site.empty_pages[key]


def _page_is_empty(snap: Snapshot, site: CentreSite) -> tuple[bool, str]:
    if not snap.ok:
        status = snap.http_status
        return True, f"страница не открывается ({status})" if status else "страница не открывается"
    if not site.is_html(snap):
        return False, ""
    view = site.view(snap)
    if view.root is None:
        return False, ""
    skip = set(view.chrome_roots)
    title = next(iter(view.headings), None)
    if title is not None and title.level <= 2:
        skip.add(id(title.element))
    from checks.page import visible_text

    text = visible_text(view.root, skip)
    links = [lk for lk in view.links if not lk.chrome and lk.element is not None]
    links = [lk for lk in links if not site.same_page(lk.url, snap)]
    return judge_body(text, links, bool(view.feedback_forms), site)


def _link_target_state(link: Link, site: CentreSite, page: Snapshot) -> tuple[str, bool, str] | None:
    """(kind, empty, note) of what a link leads to; None when it leads back to its page."""
    if link.url.lower().startswith("mailto:"):
        return "link", False, ""
    if site.same_page(link.url, page):
        return None
    target = site.lookup(link.url)
    verdict = site.verdict(link.url)
    if link.document or (target is not None and target.is_document):
        if target is not None and not target.ok:
            return "document", True, f"документ не открывается ({target.http_status or target.error})"
        if verdict is not None and verdict.verdict == "broken":
            return "document", True, f"документ не открывается ({verdict.http_status or verdict.error})"
        return "document", False, ""
    if target is not None and (site.is_html(target) or not target.ok):
        empty, note = page_is_empty(target, site)
        return ("menu" if link.chrome else "link"), empty, note
    if verdict is not None and verdict.verdict == "broken":
        return "link", True, f"ссылка не открывается ({verdict.http_status or verdict.error})"
    if link.chrome:
        return None  # a menu item whose page was not fetched: nothing to show behind it
    return "link", False, ""


def host_of(url: str) -> str:
    return url.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0].split("@")[-1].lower()


def links_to_hosts(links: list[Link], hosts: tuple[str, ...]) -> bool:
    for lk in links:
        if lk.url.startswith(("http://", "https://")) and _host_in(host_of(lk.url), hosts):
            return True
        if _URL_TEXT.match(lk.text) and _host_in(host_of(lk.text.strip()), hosts):
            return True
    return False


def _host_in(host: str, hosts: tuple[str, ...]) -> bool:
    return any(host == h or host.endswith("." + h) for h in hosts)


def shows_content(rule: SectionRule, text: str, links: list[Link]) -> bool:
    """Does what stands behind a weak name hold the section's own content (a phone for
    "Контакты", a link to an electronic library for "Полезные ссылки")?"""
    hrefs = "\n".join(lk.url for lk in links)
    for pattern in (*rule.patterns, *rule.body_res):
        if hrefs and pattern.search(hrefs):
            return True
        # (a label «Педагог-библиотекарь …» over the site's footer: the phone there is the school's)
        if any(not (rule.not_on_school_lines and _school_lines(rule, text, m.start()))
               for m in pattern.finditer(text)):
            return True
    if rule.item_names and any(names_an_item(rule, item) for item in _ENUMERATION.split(text)):
        return True  # «Полезные ссылки: Президентская библиотека, НЭДБ»: the things themselves, named
    return bool(rule.link_hosts) and links_to_hosts(links, rule.link_hosts)


# what parts the items of an enumeration: «Президентская библиотека, НЭДБ; ЛитРес: Школа»
_ENUMERATION = re.compile(r"[,;\n]|:\s")


def content_match(rule: SectionRule, text: str, on_post: bool = False, rb: Rulebook | None = None) -> str | None:
    """The first match of the section's text patterns not cancelled by a word before it, nor
    (`not_in_reports`) standing in a sentence that reports an event, nor (`on_post` with
    `library_line_on_posts`) standing on a post's line that does not name the library, nor
    (`not_on_school_lines`) on the school's lines, nor (given the rulebook) on a line that
    names only another library («Городская детская библиотека №3: ул. Мира, 8, тел. 22-41-90»)."""
    for pattern in rule.patterns:
        for m in pattern.finditer(text):
            if on_post and rule.library_line_on_posts and not _library_named_near(text, m.start()):
                continue
            if rule.not_on_school_lines and _school_lines(rule, text, m.start()):
                continue
            before = text[max(0, m.start() - EXCLUDE_WINDOW) : m.start()].lower()
            if any(word in before for word in rule.text_exclude):
                continue
            if rule.text_needs and not _has_needed_word(rule, text, m.start(), m.end()):
                continue
            if rule.not_in_reports and reports_event(sentence_around(text, m.start(), m.end())):
                continue
            if rb is not None and names_only_other_libraries(_lines_up_to(text, m.start(), 0), rb):
                continue
            return m.group(0)[:200]
    return None


def _lines_up_to(text: str, start: int, above: int) -> str:
    """The line of the text that holds `start`, with up to `above` lines before it."""
    first = text.rfind("\n", 0, start) + 1
    for _ in range(above):
        if first == 0:
            break
        first = text.rfind("\n", 0, first - 1) + 1
    line_end = text.find("\n", start)
    return text[first : line_end if line_end >= 0 else len(text)]


def _library_named_near(text: str, start: int) -> bool:
    """Does the match's line, or the line above it, name the library or its librarian?"""
    return LIBRARY_WORDS.search(_lines_up_to(text, start, 1)) is not None


def _school_lines(rule: SectionRule, text: str, start: int) -> bool:
    """Is the match in the school's contact block? The block is its line and the contact lines
    right above it (a footer's address / phone / e-mail, one per line); the block itself, or
    else the nearest of the two lines above it that names anyone, names the school («МБОУ СОШ
    № 17», the footer's «©») and not the library («Библиотека МБОУ СОШ № 5, тел. …»,
    «Педагог-библиотекарь …»)."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    # (a window around the line, not the whole page: a page of a thousand phones stays fast)
    before = text[max(0, line_start - CONTACT_WINDOW_CHARS) : line_start].splitlines()
    after = text[line_end + 1 : line_end + 1 + CONTACT_WINDOW_CHARS].splitlines() if line_end >= 0 else []
    contact = _contact_lines(rule, before)
    below = _contact_lines(rule, after[:CONTACT_BLOCK_LINES], from_top=True)
    block = "\n".join([*before[len(before) - contact:], text[line_start : line_end if line_end >= 0 else None],
                        *after[:below]])
    # the footer's «© 2024 МБОУ СОШ № 4» or the school's name may stand right under its contacts
    neighbours = (*reversed(before[: len(before) - contact][-SCHOOL_LINES_ABOVE:]),
                  *after[below : below + SCHOOL_LINES_BELOW])
    for lines in (block, *neighbours):
        if LIBRARY_WORDS.search(lines) is not None or _LIBRARIAN.search(lines) is not None:
            return False
        if "©" in lines or _SCHOOL_NAME.search(lines) is not None:
            return True
    # the footer's «©» a few lines off, past a counter or «Все права защищены», with nothing of
    # the library between
    for side in (before[: len(before) - contact][-COPYRIGHT_REACH:][::-1], after[below : below + COPYRIGHT_REACH]):
        for line in side:
            if LIBRARY_WORDS.search(line) is not None or _LIBRARIAN.search(line) is not None:
                break
            if "©" in line:
                return True
    return False


def _label_on_school_lines(rule: SectionRule, text: str, line: str) -> bool:
    """Is a label line («Адрес: …», «Телефон: …») in the school's contact block (`_school_lines`)?"""
    at = text.find(line)
    return at >= 0 and _school_lines(rule, text, at)


def _contact_lines(rule: SectionRule, lines: list[str], from_top: bool = False) -> int:
    """How many of the last `lines` (`from_top`: the first) themselves hold the section's
    content (a phone, an e-mail, a street address): the rest of one contact block."""
    count = 0
    for line in (lines if from_top else reversed(lines)):
        if not any(p.search(line) for p in (*rule.patterns, *rule.body_res)):
            break
        count += 1
    return count


def _has_needed_word(rule: SectionRule, text: str, start: int, end: int) -> bool:
    """One of the section's `text_needs` in the match or just after it («ПРАВИЛА ПОЛЬЗОВАНИЯ»
    over «библиотекой»)."""
    span = text[start : end + TEXT_NEEDS_REACH].lower()
    return any(word in span for word in rule.text_needs)


def _page_body(snap: Snapshot, site: CentreSite) -> tuple[str, list[Link]]:
    view = site.view(snap)
    return view.content_text, [lk for lk in view.links if not lk.chrome]


def collect_hits(site: CentreSite) -> list[Hit]:
    hits: list[Hit] = []
    for snap in site.library_pages:
        inherited = site.contexts.get(id(snap), set())
        page_hits: list[Hit] = []
        _heading_hits(site, snap, inherited, page_hits)
        _label_and_title_hits(site, snap, inherited, page_hits)
        _link_hits(site, snap, inherited, page_hits)
        if not inherited:  # the content itself, on top-level pages
            _content_hits(site, snap, page_hits)
        if not inherited:
            page_hits = _template_hits(site, snap, page_hits)
        page_hits.extend(_address_hits(site, snap, page_hits))
        whole = _whole_page_sections(site, snap)
        if whole:
            # a work plan's own page: its chapters and tasks name other sections; a phone or a
            # schedule still counts, and so does what a year's report says has been done
            # («Анализ работы библиотеки»: «в библиотеку поступило 271 учебник»)
            page_hits = [h for h in page_hits if h.section in whole or h.evidence.kind in _PLAIN_CONTENT
                         or (h.evidence.kind == "sentence" and h.past)]
            for sid, title in whole.items():
                if not any(h.section == sid for h in page_hits):
                    empty, note = page_is_empty(snap, site)
                    page_hits.append(Hit(sid, Evidence(page_url=snap.final_url or snap.url, kind="title", text=title),
                                         empty, note))
        if not site.speaks_for_library(snap):
            if site.led_by_library(snap):
                # the library's own page elsewhere on the site (a uCoz module page of its
                # menu): all of it counts but what the school's feed of the kind shows
                own = {h.section for h in page_hits if not site.rulebook.sections[h.section].school_feed}
                own |= _own_sections(site, snap, library_link=True)
            else:
                # a school's page linked from the library's text: only the section the page
                # itself is, and a section the school has too only with its content there
                own = _own_sections(site, snap, library_link=True)
            page_hits = [h for h in page_hits if h.section in own]
        hits.extend(page_hits)
    return hits


_PLAIN_CONTENT = ("content", "form", "link")


def _address_hits(site: CentreSite, snap: Snapshot, page_hits: list[Hit]) -> list[Hit]:
    """The sections the page's address names («/iz-novykh-postuplenij/», «/pravila-polzovaniya»)
    and its text does not: the page is that section's, filled unless the page is empty. What
    the text says of the section (an empty Госвеб block, a heading) decides over the address,
    and the text must use a word of the name (`address_sections` leaves out a platform's
    fixed addresses and posts' titles)."""
    if not site.is_html(snap):
        return []
    url = snap.final_url or snap.url
    hits = []
    text_stems: set[str] | None = None
    for sid, (part, stems) in address_sections(url, site.rulebook).items():
        if any(h.section == sid for h in page_hits):
            continue
        if text_stems is None:
            text_stems = set(content_stems(site.view(snap).content_text))
        if not text_stems.intersection(stems):
            continue
        empty, note = page_is_empty(snap, site)
        hits.append(Hit(sid, Evidence(page_url=url, kind="address", text=unquote(part)), empty, note))
    return hits


def _template_hits(site: CentreSite, snap: Snapshot, page_hits: list[Hit]) -> list[Hit]:
    """On a platform's template page (`checks.templates`), each block decides its section:
    filled or empty. A heading or label that is only a block's title or fixed text is dropped
    (the block says more); what the page shows besides (a document, a sentence) stays."""
    rb = site.rulebook
    view = site.view(snap)

    def other_title(line: str, section: str) -> bool:
        # a short line that is only another section's name: the school's own block below; but
        # a title about the block's own thing («Положение о порядке пользования учебниками»
        # under «Обеспечение учащегося учебниками») is what fills it
        if len(line) > OTHER_TITLE_CHARS or line.rstrip().endswith((".", ",", ";")):
            return False
        named = label_matches(line, rb)
        return bool(named.opening) and section not in named.sections and not _about_block(line, section, rb)

    blocks = template_blocks(view.content_text, rb, other_title)
    if not blocks:
        return page_hits
    template = next(t for t in rb.templates if t.name == blocks[0].template)
    fixed = template.own_text
    kept = [h for h in page_hits
            if not (h.evidence.kind in _TEMPLATE_SHADOWED and _is_template_text(h.evidence.text, fixed))]
    for block in blocks:
        rule = rb.sections[block.section]
        # «Раздел в разработке», «Информация будет размещена позже» under a block, or only a
        # title of the block's own kind («Списки необходимых учебников на учебный год»): not filled
        own_titles = [ln for ln in block.content.split("\n") if _own_title(ln, block.section, rb)]
        rest = strip_phrases(strip_phrases(normalise(block.content), own_titles), rb.empty_markers)
        marked = letters_count(rest) < MIN_CONTENT_CHARS
        filled = (block.filled and not marked
                  and (not rule.needs_content or shows_content(rule, block.content, [])))
        ev = Evidence(page_url=view.url, kind="heading", text=template_evidence(block, filled))
        kept.append(Hit(block.section, ev, not filled, "" if filled else "блок шаблона не заполнен"))
    return kept


def _about_block(line: str, section: str, rb: Rulebook) -> bool:
    """Does the line speak of the section's own thing: a word of the section's title that is
    no library word («учебник» of «Обеспеченность учебниками»)?"""
    own = {s for s in content_stems(rb.sections[section].title) if not LIBRARY_WORDS.match(s)}
    return bool(own & set(content_stems(line)))


_TEMPLATE_SHADOWED = ("heading", "label", "title", "tab", "sentence", "content")


def _own_title(line: str, section: str, rb: Rulebook) -> bool:
    """Is the line a short title that names this section and says nothing more (no figure,
    no value after a colon, no sentence)?"""
    if len(line) > OTHER_TITLE_CHARS or any(ch.isdigit() for ch in line) or line.rstrip().endswith((".", ":")):
        return False
    return section in name_matches(line, rb).sections


def _is_template_text(text: str, fixed: frozenset[str]) -> bool:
    norm = normalise(text.split(" — ", 1)[0])
    return norm in fixed or any(f.startswith(norm) and len(norm) >= 12 for f in fixed)


def page_title_text(view: PageView, rulebook: Rulebook) -> str:
    """The page's own title: its first heading (h1), or the document title it starts when
    it is cut after a word or two («ПЛАН» / «РАБОТЫ БИБЛИОТЕКИ …» / «НА 2024/2025 УЧЕБНЫЙ ГОД»)."""
    headings = view.headings
    if not headings or headings[0].level != 1:
        return view.title or ""  # a section's own heading (h2) of a one-page site is no page title
    joined = joined_title(headings, 0, rulebook)
    if joined is not None:
        return " ".join(h.text for h in headings[: joined[0] + 1])
    return headings[0].text


def _whole_page_sections(site: CentreSite, snap: Snapshot) -> dict[str, str]:
    """The `whole_page` sections the page itself is, with the title that says so."""
    rb = site.rulebook
    if not any(r.whole_page for r in rb.sections.values()) or not site.is_html(snap):
        return {}
    view = site.view(snap)
    found: dict[str, str] = {}
    for text in (page_title_text(view, rb), *title_segments(view.title)[:1], _title_under_masthead(view.content_text),
                 _breadcrumb_title(view.content_text)):
        named = document_matches(text, rb)
        for sid in named.opening:
            rule = rb.sections[sid]
            if rule.whole_page and not (rule.report_names and rule.report_set.match(text)):
                found.setdefault(sid, text)
    return found


def _breadcrumb_title(text: str) -> str:
    """The page's own title at the end of its breadcrumb trail near the top («Главная / ИБЦ /
    План работы ИБЦ на 2025–2026 учебный год»); empty when there is none."""
    for line in text.split("\n")[:MASTHEAD_LINES]:
        parts = BREADCRUMB.split(line.strip())
        if len(parts) >= 3 and normalise(parts[0]) in NAV_TEXTS:
            return parts[-1]
    return ""


def _title_under_masthead(text: str) -> str:
    """The first line under the school's masthead: the document's own title on a document
    card that opens with the school's name («МБОУ СОШ …» / «Программа развития школьной
    библиотеки на 2024–2026 годы»); empty when the page opens otherwise."""
    end = _masthead_end(text)
    return text[end:].split("\n", 1)[0] if end else ""


def _masthead_end(text: str) -> int:
    """Where the school's masthead ends, when a page opens with one: lines naming the school
    («Гимназия № 7 г. Витебска», its address, phone and e-mail) above the first line that
    names the library. 0 when the page opens otherwise."""
    offset = 0
    school = False
    for line in text.split("\n")[:MASTHEAD_LINES]:
        if LIBRARY_WORDS.search(line):
            return offset if school else 0
        school = school or _SCHOOL_NAME.search(line) is not None
        offset += len(line) + 1
    return 0


def _figure_in(heading: str) -> bool:
    """Does a heading end with its figure after a dash or a colon («Фонд учебников – 2385»)?"""
    parts = _FIGURE_SEPARATOR.split(heading)
    return len(parts) > 1 and bool(_COUNT.match(parts[-1]))


def _heading_hits(site: CentreSite, snap: Snapshot, inherited: set[str], hits: list[Hit]) -> None:
    rb = site.rulebook
    view = site.view(snap)
    analysis = site.analysis(snap)
    school_news = _school_news_headings(view, rb)
    for match in analysis.matches:
        ctx = inherited | analysis.context_of(match.heading.element, include_self=False)
        links = [lk for lk in view.block_links(match.parts) if not site.same_page(lk.url, snap)]
        body = view.block_text(match.parts)
        has_form = view.block_forms(match.parts)
        # inside a feed's block (a news item "Выставка «…»") or on a page reached from one, only
        # the whole name counts; under another heading of mixed rank, a name counts
        in_feed = bool(inherited) or any(rb.sections[c].dated_feed for c in ctx if c in rb.sections)
        if names_only_other_libraries(match.heading.text, rb):
            continue  # «Часы работы Центральной городской библиотеки: вт–сб 10–19»: that library's
        titled = document_title_sections(match.heading.text, rb).sections
        for sid in match.sections:
            if ctx and sid not in ctx and sid not in match.exact and in_feed:
                continue
            empty, note = judge_body(body, links, has_form, site, sid=sid)
            if empty and sid in titled:
                empty, note = False, ""  # «Положение о библиотеке школы № 77»: the document's own title
            if empty and rb.sections[sid].figures and _figure_in(match.heading.text):
                empty, note = False, ""  # «Фонд учебников – 2385»: the heading carries its figure
            if empty and rb.sections[sid].library_event and _dated_item(view, match.heading, body):
                empty, note = False, ""  # «Выставка «Весна в стихах»» over «12.03.2019»: a dated post
            if empty and names_an_item(rb.sections[sid], match.heading.text) and not says_empty(body, rb):
                empty, note = False, ""  # «НЭБ» as a line of its own: the resource, not a title over it
            if empty and _parts_follow(view, match.heading, rb):
                empty, note = False, ""  # «Цели и задачи ИБЦ» over «Цель» / «…»: parts of one heading
            if empty and _items_follow(view, match.heading, rb):
                empty, note = False, ""  # «Новые поступления» over «Н. Абгарян «Манюня»»: its items
            if empty and _carries_its_value(match.heading.text, sid, rb):
                empty, note = False, ""  # «Проект «Библиодесант»: старшеклассники читают малышам»
            if sid in match.named.weak and not empty and not shows_content(rb.sections[sid], body, links):
                continue
            if match.heading.element in school_news:
                continue  # «Последние новости» over «14.10.2024 Осенний кросс»: the school's column
            ev = Evidence(page_url=view.url, kind="heading", text=match.heading.text)
            hits.append(Hit(sid, ev, empty, note))


def _school_news_headings(view: PageView, rb: Rulebook) -> set[Any]:
    """The headings that title a block of the school's news on the page («Новости» over
    «08.12.2024 Итоги олимпиады» and more such lines, none of them about the library): the
    page's lines are read, for a column set as text may make each item a heading of its own."""
    wanted = {normalise(t) for t in (*rb.freshness.news_block_titles, *rb.freshness.news_widget_titles)}
    candidates = [h for h in view.headings if normalise(h.text.strip(" :")) in wanted]
    if not candidates:
        return set()
    lines = view.content_text.split("\n")
    blanked = without_school_news(view.content_text, rb.freshness).split("\n")
    # the n-th heading of a text is the n-th line of that text
    gone: dict[str, list[bool]] = {}
    for line, left in zip(lines, blanked, strict=True):
        if normalise(line.strip(" :")) in wanted:
            gone.setdefault(normalise(line.strip(" :")), []).append(not left and bool(line.strip()))
    seen: dict[str, int] = {}
    out = set()
    for heading in candidates:
        key = normalise(heading.text.strip(" :"))
        n = seen.get(key, 0)
        seen[key] = n + 1
        if n < len(gone.get(key, [])) and gone[key][n]:
            out.add(heading.element)
    return out


def _heading_index(view: PageView, heading: Any) -> int | None:
    """Where the heading stands among the page's headings (None: not one of them)."""
    return next((i for i, h in enumerate(view.headings) if h.element is heading.element), None)


# where a heading set as a label parts its name from its value: «Новинки фонда: 48 книг»
_VALUE_SEPARATOR = re.compile(r":\s|\s[—–]\s")


def _carries_its_value(heading: str, sid: str, rb: Rulebook) -> bool:
    """Is the heading a label and its value in one line, the label naming the section and the
    value saying something of its own («Выдача учебников 1–4 кл. — 29 августа, каб. 112»,
    «Новинки фонда (октябрь 2025): 48 книг серии «Школьная библиотека»»)?"""
    unquoted = _QUOTED_TITLE.sub(lambda m: "_" * len(m.group(0)), heading)  # (a colon inside a title parts nothing)
    parts = _VALUE_SEPARATOR.split(unquoted, maxsplit=1)
    if len(parts) < 2:
        return False
    name, value = heading[: len(parts[0])], heading[len(heading) - len(parts[1]):]
    # (not the news: «Мероприятие: ознакомление с новыми книгами» is a plan's line; news are reported)
    return (not rb.sections[sid].dated_feed and sid in name_matches(name, rb).sections
            and letters_count(value) >= VALUE_MIN_LETTERS and not says_empty(value, rb))


def _items_follow(view: PageView, heading: Any, rb: Rulebook) -> bool:
    """Is the heading followed by its list's items set in its own rank: titles in quotes
    («Ю. Яковлев «Друзья мои, кони»», «Сценарий урока «Структура книги» (docx)») or things to
    do («Взять книгу на дом»), that name no section (a menu's next item «Обратная связь» is a
    neighbour) and no school (the footer's «© 2008–2024 ГУО «Браславская гимназия»»)?"""
    headings = view.headings
    at = _heading_index(view, heading)
    if at is None or _opens_with_infinitive(heading.text):
        return False  # («Познакомиться с книжными выставками» is an item itself, not a list's heading)
    items = 0
    for following in headings[at + 1 : at + 1 + LIST_ITEM_HEADINGS]:
        if following.level < heading.level:
            break
        text = following.text
        if (not (_QUOTED_TITLE.search(text) or _opens_with_infinitive(text)) or "©" in text
                or _SCHOOL_NAME.search(text) or name_matches(text, rb).opening):
            break
        items += 1
    return items > 0


def _opens_with_infinitive(text: str) -> bool:
    """Does the line open with an infinitive, as the items of a list of what one can or must
    do («В библиотеке можно» over «Взять книгу на дом», «Задачи» over «Формировать фонд»)?
    A heading, a menu's item or a title opens with a noun."""
    first = next((t for t in tokens_of(text) if t.is_word), None)
    return first is not None and first.tag.startswith("INFN")


def _parts_follow(view: PageView, heading: Any, rb: Rulebook) -> bool:
    """Is the heading followed by headings of its own parts, one of them over some text: a
    next heading made of the heading's own words («Цели и задачи работы ИБЦ» over «Цель»,
    then «Задачи» over a list)? A page that sets every title in one rank shows a section's
    parts as its neighbours, not under it."""
    headings = view.headings
    at = _heading_index(view, heading)
    if at is None:
        return False
    own = set(all_stems(heading.text))
    for part in headings[at + 1 : at + 1 + PART_HEADINGS]:
        stems = all_stems(part.text)
        if not stems or not set(stems) <= own:
            return False
        under = view.block_text(view.block(part))
        if letters_count(under) >= PART_MIN_CHARS and not says_empty(under, rb):
            return True  # (but not over «Раздел находится в стадии наполнения»)
    return False


def _dated_item(view: PageView, heading: Any, body: str) -> bool:
    """Is the heading a feed item's title over its date: it names one thing in quotes
    («Выставка одной книги «Тимур и его команда»»), or it is one of a list of titles each
    over its date, and what stands under it is only a date, in the same block or as the next
    heading line; or it opens with its date («2024-11-15 — Выставка «…»»)? A list of posts
    shows each by its title and date; the title is the post, not an empty section."""
    if _DATED_TITLE.match(heading.text):
        return True  # «2024-11-15 — Выставка-просмотр «Новинки для подростков»»: an archive's entry
    quoted = _QUOTED_TITLE.search(heading.text) is not None
    lines = [ln for ln in body.split("\n") if ln.strip()]
    if lines:
        return quoted and len(lines) == 1 and view.is_date_line(lines[0].strip())
    headings = view.headings
    at = _heading_index(view, heading)
    if at is None:
        return False
    # the date may stand after the item's furniture set as headings too («Подробности»,
    # «Автор: Библиотекарь», «Категория: Новости библиотеки», «Опубликовано: 27 Сентябрь 2024»),
    # but before the next item's quoted title
    for n, following in enumerate(headings[at + 1 : at + 1 + ITEM_HEADING_LINES], start=at + 1):
        text = following.text.strip()
        if view.is_date_line(text):
            # a title without quotes is an item where the next title is dated too: a list of
            # posts («Выдача учебников учащимся 5–11 классов» / «26 августа 2025» / «Итоги
            # летнего чтения» / «30 мая 2025»)
            return quoted or (n + 2 < len(headings) and not view.is_date_line(headings[n + 1].text.strip())
                              and view.is_date_line(headings[n + 2].text.strip()))
        if _QUOTED_TITLE.search(text):
            return False
    return False


def _label_and_title_hits(site: CentreSite, snap: Snapshot, inherited: set[str], hits: list[Hit]) -> None:
    rb = site.rulebook
    view = site.view(snap)
    on_post = is_post_address(view.url)
    # the school's masthead above the library's first line («Адрес: …, телефоны …» under the
    # school's name): its labels are the school's
    masthead = set(view.content_text[: _masthead_end(view.content_text)].split("\n"))
    for line, named, body in site.analysis(snap).labels:
        # "Обеспеченность учебниками – 100 %": a few figures after a label are its content
        empty, note = judge_body(body, [], False, site, min_chars=LABEL_MIN_CHARS)
        for sid in named.sections:
            if inherited and sid not in inherited:
                continue
            if on_post and rb.sections[sid].library_line_on_posts and not LIBRARY_WORDS.search(line):
                continue  # «Адрес: …» over a post: the school's masthead, not the library's
            if rb.sections[sid].not_on_school_lines and (
                    line[:200] in masthead or _label_on_school_lines(rb.sections[sid], view.content_text, line)):
                continue  # «Адрес: …» in the school's masthead or footer
            # a weak label's content may stand on its own line («Библиотека работает с 9 до 15»)
            if sid in named.weak and not empty and not shows_content(rb.sections[sid], f"{line}\n{body}", []):
                continue
            if _COUNT.match(body) and not rb.sections[sid].figures and not content_match(rb.sections[sid], line):
                continue  # «Электронные ресурсы – 221 экз.»: a line of the fund's figures, not the section
            if rb.sections[sid].not_in_reports and reports_event(line):
                continue  # «В выходной день – субботу – в библиотеке прошла акция»: the event's time
            hits.append(Hit(sid, Evidence(page_url=view.url, kind="label", text=line), empty, note))
    for segment in title_segments(view.title):
        named = label_matches(segment, rb)
        for sid in named.sections:
            if inherited and sid not in inherited:
                continue
            empty, note = page_is_empty(snap, site)
            if sid in named.weak and not empty and not shows_content(rb.sections[sid], *_page_body(snap, site)):
                continue
            hits.append(Hit(sid, Evidence(page_url=view.url, kind="title", text=segment), empty, note))


def title_segments(title: str) -> list[str]:
    """The parts of a page's title ("Новые поступления - МБОУ СОШ № 5" → both parts)."""
    return [p.strip() for p in _TITLE_SPLIT.split(title or "") if p.strip()][:4]


def _link_hits(site: CentreSite, snap: Snapshot, inherited: set[str], hits: list[Hit]) -> None:
    rb = site.rulebook
    view = site.view(snap)
    analysis = site.analysis(snap)
    for link in view.links:
        if link.element is None:
            continue
        target = site.lookup(link.url)
        is_doc = link.document or bool(target is not None and target.is_document)
        named = document_matches(link.text, rb) if is_doc else name_matches(link.text, rb)
        if is_doc and not named:
            # a menu item or link "Наша библиотека" to "pasport-ibts.pdf": the file's name says it
            by_file = file_name_sections(link.url, rb)
            if by_file:
                named = Named({sid: rb.sections[sid].name_set.phrases[0] for sid in by_file},
                              frozenset(), frozenset(by_file), frozenset())
        if not named:
            continue
        ctx = inherited | analysis.context_of(link.element)
        if is_doc:  # a document's title is evidence for the section it names, wherever it is listed
            wanted = list(named.sections)
        else:
            wanted = [s for s in named.sections if not ctx or s in ctx or s in named.exact]
        if not site.link_counts(link, view.url):
            # a menu item leading outside the library's path (a uCoz module page, a Joomla
            # blog): it counts where its page is the section's own ("Новинки" → a page titled
            # "Новинки") and the school has no such section of its own
            wanted = [s for s in wanted if s in _own_sections(site, target)]
        if not wanted:
            continue
        pane = _anchor_target(link, view, snap, site)
        if pane is not None:  # a tab or an anchor on the same page: what it opens is its body
            _pane_hits(site, view, link, pane, wanted, named, hits)
            continue
        state = _link_target_state(link, site, snap)
        if state is None:
            continue
        kind, empty, note = state
        page = target if target is not None and not is_doc and site.is_html(target) and target.ok else None
        for sid in wanted:
            rule = rb.sections[sid]
            own_link = not site.is_chrome(link, view.url) or site.in_library_menu(link, view.url)
            if page is not None and not site.speaks_for_library(page) and (
                (rule.school_too and not own_link) or rule.school_feed
            ) and not shows_content(rule, *_page_body(page, site)):
                continue  # the school's own news, contacts, documents
            if sid in named.weak and not empty:
                if is_doc:
                    continue
                body, links = _page_body(page, site) if page is not None else ("", [link])
                if not shows_content(rule, body, links):
                    continue
            ev = Evidence(page_url=view.url, kind=kind, text=link.text, url=link.url)
            hits.append(Hit(sid, ev, empty, note))


def _anchor_target(link: Link, view: PageView, snap: Snapshot, site: CentreSite) -> Any | None:
    """The element a same-page link opens ("#tab-3": a tab pane, an anchor further down)."""
    if "#" not in link.raw or not site.same_page(link.url, snap) or view.root is None:
        return None
    fragment = link.raw.split("#", 1)[1].strip()
    if not fragment:
        return None
    return view.element_by_id(fragment)


def _pane_hits(site: CentreSite, view: PageView, link: Link, pane: Any, wanted: list[str], named: Named,
               hits: list[Hit]) -> None:
    rb = site.rulebook
    body = view.block_text([pane])
    links = view.block_links([pane])
    has_form = view.block_forms([pane])
    for sid in wanted:
        empty, note = judge_body(body, links, has_form, site, sid=sid)
        if sid in named.weak and not empty and not shows_content(rb.sections[sid], body, links):
            continue
        hits.append(Hit(sid, Evidence(page_url=view.url, kind="tab", text=link.text, url=link.raw), empty, note))


def _own_sections(site: CentreSite, target: Snapshot | None, library_link: bool = False) -> set[str]:
    """The sections a page outside the library's path is itself: its title or first heading
    names them. Reached by the school's menu, a section the school has too (its news,
    contacts, documents) does not count; reached by the library's own link ("Режим работы"
    of a uCoz module page) it counts, but for the school's feed (its news), which counts
    only with the section's content there."""
    if target is None or not target.ok or not site.is_html(target) or not site.internal(target.final_url or target.url):
        return set()
    view = site.view(target)
    texts = title_segments(view.title) + [h.text for h in view.headings[:2] if h.level <= 2]
    found: set[str] = set()
    for text in texts:
        found.update(label_matches(text, site.rulebook).sections)
    rules = site.rulebook.sections
    out = set()
    for sid in found:
        rule = rules[sid]
        doubtful = rule.school_feed or (rule.school_too and not library_link)
        if not doubtful or (library_link and shows_content(rule, *_page_body(target, site))):
            out.add(sid)
    return out


def _content_hits(site: CentreSite, snap: Snapshot, hits: list[Hit]) -> None:
    """Content unmistakably of a section's kind, wherever it stands on the page (also under
    another section's heading): a weekly schedule, a phone, fund figures, a form, a link
    to a known electronic library or a social network."""
    rb = site.rulebook
    view = site.view(snap)
    analysis = site.analysis(snap)
    text = view.content_text
    own = text[_masthead_end(text):]  # the school's masthead's address and phone are the school's
    on_post = is_post_address(view.url)
    for sid, rule in rb.sections.items():
        found = content_match(rule, own, on_post, rb)
        if found:
            hits.append(Hit(sid, Evidence(page_url=view.url, kind="content", text=found), False))
    fetched = snap.fetch_date
    prose = prose_hits(text, rb, library_page=site.about_library(snap),
                       history_before=fetched.year - HISTORY_YEARS if fetched else None)
    for found_prose in prose:
        ev = Evidence(page_url=view.url, kind="sentence", text=found_prose.sentence)
        hits.append(Hit(found_prose.section, ev, False, past=found_prose.past))
    # the page shows the library's own event: a sentence reports it, or a heading names it
    # («И выставка» over a post's list of books)
    library_event = (any(rb.sections[h.section].library_event for h in prose)
                     or any(rb.sections[h.section].library_event and h.evidence.kind == "heading" and not h.empty
                            for h in hits))
    feed = view.dated_items
    if feed and not _items_speak_of_library(view, feed, rb.freshness.library_post_words):
        feed = []  # the school's news block beside the library's text («Лыжня России — 2025»)
    post = (view.published_post or _library_post(site, snap, library_event)) if not feed else None
    # a blog's archive or a news module's list that speaks of the library: a feed, dated or not
    listing = _listing(view, rb) if not feed and not post else None
    if listing and not (titled_for_library(view) or _speaks_of_library(text) or host_names_library(view.url)):
        listing = None
    if listing and says_empty(own, rb) and page_is_empty(snap, site)[0]:
        listing = None  # «Новости библиотеки» over «Раздел находится в стадии наполнения»: no posts yet
    if feed or post or listing:
        text = ("лента записей с датами: " + "; ".join(f"«{t}»" for t in feed[:3]) if feed
                else f"запись, опубликованная {post}: «{view.title}»" if post
                else f"{listing} по адресу {path_and_query(view.url)}: «{view.title}»")
        for sid, rule in rb.sections.items():
            if rule.dated_feed:
                hits.append(Hit(sid, Evidence(page_url=view.url, kind="content", text=text), False))
    for form in view.feedback_forms:
        ctx = analysis.context_of(form)
        for sid, rule in rb.sections.items():
            if rule.forms and (not ctx or sid in ctx):
                hits.append(Hit(sid, Evidence(page_url=view.url, kind="form", text="форма с полем для вопроса"), False))
    for link in view.links:
        if link.chrome or link.element is None or not link.url.startswith(("http://", "https://")):
            continue
        hosts = [host_of(link.url)]
        if _URL_TEXT.match(link.text):  # the text is an address: "https://www.litres.ru/school/"
            hosts.append(host_of(link.text.strip()))
        for sid, rule in rb.sections.items():
            if rule.link_hosts and any(_host_in(host, rule.link_hosts) for host in hosts):
                ev = Evidence(page_url=view.url, kind="link", text=link.text or link.url, url=link.url)
                hits.append(Hit(sid, ev, False))


def _listing(view: PageView, rb: Rulebook) -> str | None:
    """What list of posts the page is, by its address or its teasers («архив записей блога»),
    or None. A later page of any list (/page/3, ?start=150) is the library's list only where a
    post on it reports the library's event, or where the site is the library's own (its host
    names it: biblioteka236.blogspot.com): a list of the school's pages pages too."""
    listing = list_address(view.url)
    if (listing == LATER_PAGE and not host_names_library(view.url)
            and library_report(view.content_text, rb, own=True) is None):
        listing = None
    return listing or category_listing(view)


def _items_speak_of_library(view: PageView, titles: list[str], library_words: tuple[str, ...]) -> bool:
    """Does one item of the feed, its title or the lines under it, speak of books, reading or
    the library? A block of the school's own news (sports, meetings) beside the library's
    text is no feed of the library's."""
    lines = [ln.strip() for ln in view.content_text.split("\n")]
    for title in titles:
        if about_library(title, library_words):
            return True
        for i, line in enumerate(lines):
            if line and line.startswith(title) and about_library(" ".join(lines[i : i + ITEM_LINES + 1]), library_words):
                return True
    return False


def _speaks_of_library(text: str) -> bool:
    """Does a line of the text that is more than a menu item («Библиотека») name the library?"""
    return any(len(line.split()) >= SPEAKING_LINE_WORDS and LIBRARY_WORDS.search(line) for line in text.split("\n"))


def _library_post(site: CentreSite, snap: Snapshot, library_event: bool = False) -> str | None:
    """The page is itself one post about the library: its address is a post's, or a line
    that is only a date stands at its top, and its title or opening names the library, or
    its running text reports the library's own event (`library_event`: a book exhibition
    shown). Returns how it was published («27.10.2014», «по адресу записи»), or None."""
    view = site.view(snap)
    url = snap.final_url or snap.url
    post_address = bool(dates_in_url(url) or is_post_address(url))
    lines = _top_lines(view)
    opening = " ".join([view.title or "", *lines])[:POST_OPENING_CHARS]
    # a post of the school's news (by its address) that names the library only further down
    # is still the library's when it tells what happened there («лучших читателей библиотеки
    # наградили значками»); a page that is no post by its address needs more
    if (not library_event and not LIBRARY_OR_ITS_ADJECTIVE.search(opening) and not _signed_by_librarian(view)
            and not (post_address and library_report(view.content_text, site.rulebook) is not None)):
        return None
    title = page_title_text(view, site.rulebook)
    if not _NEWS_ITEM_PATH.search(urlsplit(url).path) and any(
            not site.rulebook.sections[sid].dated_feed for sid in label_matches(title, site.rulebook).sections):
        # «Сведения о библиотеке» over its date is a section's page, not a post; an item of
        # the news module («…/novosti/novosti_387.html: О сдаче учебников») is a post
        return None
    dated_line = next((ln for ln in lines if view.is_date_line(ln) and not _widget_date(ln, site, snap)), None)
    if dated_line:
        return dated_line
    # a post has a title; a page that opens with a paragraph is a post by its address only
    # where its running text reports the library's own event (an exhibition shown)
    if (len(title) <= POST_TITLE_CHARS or library_event) and post_address:
        return "по адресу записи"
    if library_event or reports_past(title):
        # a page that opens by reporting the library's event on its day is a post, whatever
        # its address (a WordPress page by its name, /poeziya-tyutcheva); so is one whose
        # headline tells what happened («В школе №45 открыли информационно-библиотечный центр»)
        for line in lines[:2]:
            opens = _OPENS_WITH_DAY.match(line)
            if opens and reports_past(line):
                return opens.group(1)
    return None




# an item of a news module or a blog by its address (not a Joomla item or a page by number)
_NEWS_ITEM_PATH = re.compile(r"/(?:news|novosti|novost|blogs?|posts?)/[^/]+$|/novosti[_-]?\d*_\d+\.html?$", re.IGNORECASE)


def _signed_by_librarian(view: PageView) -> bool:
    """The post is signed by the librarian: a short line among its last ones names them
    («Библиотекарь Мирошниченко Е.В.», «Источник: Белова Е.Н., библиотекарь школы»), as a
    school's news module prints the author of a post under it. The library named in a last
    sentence («ученики читали стихи о школьной библиотеке») signs nothing."""
    lines = view.content_lines[-SIGNATURE_LINES:]
    return any(len(ln) <= SIGNATURE_LINE_CHARS and _LIBRARIAN.search(ln) for ln in lines)


def _top_lines(view: PageView) -> list[str]:
    """A page's first lines, a date badge set over short lines («25» / «ноябрь» / «2018»,
    a Joomla or school-site template's calendar leaf) joined into the one date line it is,
    so that the badge neither hides the post's date nor pushes its opening out of reach."""
    lines = view.content_lines[:POST_TOP_LINES * 3]
    out: list[str] = []
    i = 0
    while i < len(lines) and len(out) < POST_TOP_LINES:
        for n in (3, 2):
            part = lines[i:i + n]
            if len(part) == n and all(len(x) <= BADGE_PART_CHARS for x in part) and view.is_date_line(" ".join(part)):
                out.append(" ".join(part))
                i += n
                break
        else:
            out.append(lines[i])
            i += 1
    return out


def _widget_date(line: str, site: CentreSite, snap: Snapshot) -> bool:
    """Is the date line a widget's today's date («Суббота, 27.04.2024, 02:49» in a uCoz
    header), not a post's date?"""
    from checks.dates import ContextRules, find_dates, judge_context

    found = find_dates(line)
    rules = ContextRules.of(site.rulebook.freshness)
    return bool(found) and judge_context(line, found[0], rules, snap.fetch_date) == "widget"


def section_verdicts(site: CentreSite) -> dict[str, SectionVerdict]:
    """One verdict per rulebook section (present / empty / absent) with its evidence."""
    rb = site.rulebook
    hits = collect_hits(site)
    by_section: dict[str, list[Hit]] = {sid: [] for sid in rb.sections}
    for hit in hits:
        by_section.setdefault(hit.section, []).append(hit)
    verdicts: dict[str, SectionVerdict] = {}
    for sid, rule in rb.sections.items():
        found = by_section.get(sid, [])
        full = [h for h in found if not h.empty]
        empty = [h for h in found if h.empty]
        present = bool(full)
        chosen = sorted(full or empty, key=lambda h: _KIND_ORDER.get(h.evidence.kind, 9))
        evidence: list[Evidence] = []
        for hit in chosen:
            if any(e.page_url == hit.evidence.page_url and e.text == hit.evidence.text for e in evidence):
                continue
            ev = hit.evidence
            if hit.empty and hit.note:
                ev = Evidence(ev.page_url, ev.kind, f"{ev.text} — {hit.note}", ev.url)
            evidence.append(ev)
            if len(evidence) >= MAX_EVIDENCE:
                break
        verdicts[sid] = SectionVerdict(
            id=sid,
            title=rule.title,
            present=present,
            empty=not present and bool(empty),
            weight=rule.weight,
            evidence=evidence,
        )
    return verdicts


def section_texts(site: CentreSite, sid: str) -> list[str]:
    """Every text that names a section on the library pages (headings with their blocks,
    link texts, target page titles): what the work-plan year is looked for in."""
    out: list[str] = []
    for snap in site.library_pages:
        view = site.view(snap)
        analysis = site.analysis(snap)
        for match in analysis.matches:
            if sid in match.sections:
                out.append(match.heading.text)
                out.append(view.block_text(match.parts)[:2000])
        for link in view.links:
            if link.element is None or not site.link_counts(link, view.url):
                continue
            if sid in name_matches(link.text, site.rulebook).sections:
                out.append(link.text)
                target = site.lookup(link.url)
                if target is not None and site.is_html(target) and target.ok:
                    tview = site.view(target)
                    out.append(tview.title)
                    out.extend(h.text for h in tview.headings[:3])
    return out
