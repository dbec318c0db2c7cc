"""A centre's stored pages as one small site: which pages are the library's, in what context.

The crawler stores the audited page, the pages under it, and same-host pages and
documents linked from them (DESIGN: crawler/). Not all of them speak for the library: a
school's site-wide menu links "Новости школы", the school's home page has its own news.
`CentreSite` decides:

- the *main page* is the audited page (`CentreVisit.final_url`);
- a page is a *library page* when a library page links to it from its content, or from
  its menu when the target lies under the library page's path (the crawler's scope), when
  the link is in the library's own navigation (a submenu under the library's menu item, a
  sidebar block titled "Библиотека") or when the target is about the library; the school's
  home page and the site root (unless the library page is the root) never are;
- a library page outside the path *speaks for the library* when it is about the library
  (its address, title or first heading names it, or its text keeps speaking of books and
  readers) or the library's own navigation, or a link of its text naming a section, leads to
  it (`led_by_library`); other pages (the school's "Сведения об образовательной организации")
  count only for the section their title names;
- a library page reached only from inside a section's block (a news item linked from the
  "Новости" list) *inherits* that section as its context: its headings speak for that
  section only (a news item titled "Выставка …" is not the section "Книжные выставки").

`section_context` gives, for an element of a page, the sections whose blocks hold it.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache, partial
from typing import Any, TypeVar, cast
from urllib.parse import urlsplit

from checks.library_posts import LIBRARY_TEXT_WORDS
from checks.page import Heading, Link, PageView, Snapshot
from checks.prose import has_verb, reports_event
from checks.rulebook import Rulebook, SectionRule
from checks.text import (
    STOP_WORDS,
    Phrase,
    PhraseSet,
    all_stems,
    content_stems,
    normalise,
    skeleton,
    slug_names,
    stem,
    stems_match,
    strip_phrases,
    text_prefixes,
)
from checks.tuning import (
    DOCUMENT_SLACK,
    ITEM_NAME_SLACK,
    JOINED_TITLE_HEADINGS,
    LABEL_BODY_LINES,
    LIBRARY_WORDS_PER_MENTION,
    NAME_SLACK,
    QUOTED_DOCUMENT_MIN_LINE,
    QUOTED_DOCUMENT_WORDS,
    SHORT_LABEL_WORDS,
    SITE_MENU_LINKS,
    TITLE_LINE_WORDS,
)
from common import urls, words

# URL helpers are called for every link of every page: menus repeat, so memoise them
page_key = lru_cache(maxsize=200_000)(urls.page_key)
in_scope = lru_cache(maxsize=200_000)(urls.in_scope)
same_host = lru_cache(maxsize=200_000)(urls.same_host)

# a page about the library: its address, title or first heading names it, or its text keeps
# speaking of books and readers (one mention in LIBRARY_WORDS_PER_MENTION words at least)
LIBRARY_SLUGS = frozenset({
    "biblioteka", "biblio", "bibl", "library", "lib", "ibc", "bic", "mibc", "mediateka",
    "biblioteki", "chitatelyam", "chitatel",
})
LIBRARY_WORDS = re.compile(words.library_pattern(), re.IGNORECASE)
_NUMBERING = re.compile(r"^(?:[ivx]{1,4}|[а-г]|[a-d])$")
MENU_DEPTH = 6
SITE_MENU_DEPTH = 3  # ancestors of a link looked at for an unmarked site menu

# words that make a name the school's: "Новости школы", "Документы МБОУ СОШ № 5"
SCHOOL_STEMS = frozenset(stem(w) for w in words.SCHOOL_NAME_WORDS)
_QUOTED = re.compile(r"«[^»]*»|\"[^\"]*\"|„[^“]*“")
# where an enumeration of titles parts: a comma or a semicolon before a capital letter
# («Положение о библиотеке, План работы библиотеки, Лицензия»)
_ENUMERATED = re.compile(r"[,;]\s+(?=[А-ЯЁA-Z«\"])")
# a title set in capitals inside a running line, after a lower-case word, up to its comma:
# «На странице размещены План работы ШИБЦ лицея на 2020 - 2021 учебный год, Должностная …»
_CAPITAL_TITLE = re.compile(r"(?<=[а-яё,]\s)[А-ЯЁ][а-яё]+[^,;]*")

# "Режим работы: …", "Телефон – …": a label of at most 60 characters, then a colon or a dash
_LABEL = re.compile(r"^\s*([^:\n]{2,60}?)\s*(?::|\s[\-–—]\s|[–—])\s*(.*)$")
# a table's row of two cells, the value with a figure: «Учебный фонд | 9 012» (not a menu's
# row «О библиотеке | Документы | Новости»)
_ROW_LABEL = re.compile(r"^\s*([^|\n]{2,60}?)\s+\|\s+([^|\n]*\d[^|\n]*?)\s*\|?\s*$")
# a heading that is a label and its value on one line: «Адрес: ул. Ленина, 10»
_HEADING_LABEL = re.compile(r"^\s*([^:\n]{2,40}?)\s*:\s*(\S.*)$")
# a label and its figure with nothing between: «Количество книг 4020», «Объём фонда 5754 экз.»
_FIGURE_LABEL = re.compile(
    r"^\s*([^\d\n:|–—]{2,60}?)\s+(\d[\d\s\u00a0]*(?:[.,]\d+)?\s*"
    rf"(?:%|(?:{words.alternation(words.FIGURE_UNIT_STEMS)})\w*\.?)?)\s*$", re.IGNORECASE)


def _figure_label(line: str) -> re.Match[str] | None:
    """A label and its figure («Количество книг 4020»), not a sentence that ends with its
    figure («Фонд библиотеки насчитывает 9 800 книг»)."""
    m = _FIGURE_LABEL.match(line)
    return m if m is not None and not has_verb(m.group(1)) else None


# a table's row of two cells, the value a sentence: «Правила пользования | Дайте библиотеке на
# время две книги… |» (a menu's cells are short)
_ROW_PROSE_LABEL = re.compile(r"^\s*([^|\n]{2,60}?)\s+\|\s+((?:[^|\s]+\s+){5,}[^|\n]*?)\s*\|?\s*$")
MAX_LABEL_LINES = 3000  # lines of one page read for labels

# words that may stand beside a section's name without making it another thing
FILLER_STEMS = frozenset(s for w in words.NAME_FILLER for s in content_stems(w))
STOP_STEMS = frozenset(all_stems(" ".join(STOP_WORDS)))
# words that after a year only date a name: «… в 2024–2025 учебном году»
PERIOD_STEMS = frozenset(s for w in words.NAME_PERIOD for s in content_stems(w))


@dataclass(frozen=True)
class LinkVerdict:
    """What the link checker (or the crawl) said of one URL."""

    url: str
    verdict: str  # ok | redirected | broken | blocked | excluded
    http_status: int | None = None
    error: str | None = None
    sources: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class Named:
    """The sections a heading, link or label text names."""

    sections: dict[str, Phrase]  # section id -> the name that matched
    exact: frozenset[str]  # the name is the whole text (but for filler words)
    opening: frozenset[str]  # the text opens with the name
    weak: frozenset[str]  # named only by a weak name: counts with the section's content behind it

    def __bool__(self) -> bool:
        return bool(self.sections)


NO_NAME = Named({}, frozenset(), frozenset(), frozenset())


@dataclass
class HeadingMatch:
    heading: Heading
    named: Named
    parts: list[Any] = field(default_factory=list)  # the block
    kind: str = "heading"  # heading | label

    @property
    def sections(self) -> dict[str, Phrase]:
        return self.named.sections

    @property
    def exact(self) -> frozenset[str]:
        return self.named.exact


_T = TypeVar("_T")
MEMO_LIMIT = 100_000  # cached answers per rulebook; past it the cache starts afresh (bounded memory)


def _memo(rulebook: Rulebook, key: tuple[str, str], compute: Callable[[], _T]) -> _T:
    """One cached answer per (kind, text) for the rulebook's lifetime: the same link texts
    and titles recur on every page of a site and across sites."""
    cached = rulebook.cache.get(key)
    if cached is None:
        if len(rulebook.cache) >= MEMO_LIMIT:
            rulebook.cache.clear()
        cached = rulebook.cache[key] = compute()
    return cast(_T, cached)


def name_matches(text: str, rulebook: Rulebook) -> Named:
    """The sections a heading or link text names.

    A name counts where it opens the text (filler words such as "Библиотека", "Скачать"
    may stand before it) or where at most two other words stand beside it: "Урок
    цифровой грамотности «Безопасность в сети»" is a lesson, not the section.
    """
    return _memo(rulebook, ("name", text), lambda: _name_matches(text, rulebook, label=False))


def document_matches(text: str, rulebook: Rulebook) -> Named:
    """The sections a document's title names: titles are longer ("Правила безопасности в
    сети для обучающихся"), so one more word may stand beside a name inside them."""
    return _memo(rulebook, ("document", text),
                 lambda: _name_matches(text, rulebook, label=False, slack=DOCUMENT_SLACK))


def file_name_sections(url: str, rulebook: Rulebook) -> set[str]:
    """The sections a document's file name names in transliteration:
    "plan-raboty-ibts-na-2026-2027.pdf" is the work plan, "pasport-ibts.pdf" the passport."""
    return set(_memo(rulebook, ("file", url), lambda: _file_name_sections(url, rulebook)))


def address_sections(url: str, rulebook: Rulebook) -> dict[str, tuple[str, tuple[str, ...]]]:
    """The sections a page's address names in transliteration, one of its folders or its own
    name («/chitatelyam/iz-novykh-postuplenij/…» is the new arrivals' folder, «/pravila-polzovaniya»
    the rules), each with the part that names it. Names of two content words or more only
    (`slug_names`) that open the part, short words aside («iz-novykh-postuplenij»):
    «kvest-v-poiskakh-poteryannoy-knigi» is a post's title,
    not the catalogue's «поиск книг». A platform keeps a template block's fixed address
    («/obespechenie-uchaschegosya-uchebnikami» on Госвеб) whatever the school puts there: such
    a part names nothing. «shkolnaya-biblioteka» names the library, not a part of its page, so
    sections a name alone does not show (`needs_content`, `school_feed`, `dated_feed`) and
    the description are left to the page's text. Each section comes with the part of the
    address and the stems of the name it names; each part is read once per rulebook."""
    found: dict[str, tuple[str, tuple[str, ...]]] = {}
    for part in urlsplit(url).path.split("/"):
        for sid, stems in _memo(rulebook, ("address_part", part), partial(_part_sections, part, rulebook)):
            found.setdefault(sid, (part, stems))
    return found


def _part_sections(part: str, rulebook: Rulebook) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """What one part of an address names: (section, stems of the name) in rulebook order."""
    slug = _slug_words(part)
    first = next((w for w in slug if len(w) > 2), "")
    if len(slug) < 2 or not first:
        return ()  # a name of two content words cannot stand in one word («novosti»)
    opening = skeleton(first)
    named: dict[str, tuple[str, ...]] = {}
    for sid, head, phrase in _address_names(rulebook):
        if opening.startswith(head) and slug_names(phrase, slug):
            if sid is None:
                return ()  # a platform's fixed address for a template's block, whatever stands there
            named.setdefault(sid, tuple(st for st in phrase.stems if st not in STOP_WORDS))
    return tuple(named.items())


def _address_names(rulebook: Rulebook) -> tuple[tuple[str | None, str, Phrase], ...]:
    """The names an address may name, each with the skeleton of its first content word (the
    part must open with it): the template blocks' titles first (section None: a fixed
    address), then the names of the sections an address may show."""
    def build() -> tuple[tuple[str | None, str, Phrase], ...]:
        out: list[tuple[str | None, str, Phrase]] = []
        blocks = [(None, Phrase.of(title)) for template in rulebook.templates for title in template.blocks]
        sections = [(sid, phrase) for sid, rule in rulebook.sections.items()
                    if not (rule.needs_content or rule.school_feed or rule.dated_feed or rule.not_by_address)
                    for phrase in rule.name_set.phrases]
        for sid, phrase in [*blocks, *sections]:
            head = next((st for st in phrase.stems if st not in STOP_WORDS), "")
            if head:
                out.append((sid, skeleton(head), phrase))
        return tuple(out)
    return _memo(rulebook, ("address_names", ""), build)


def _slug_words(name: str) -> list[str]:
    """The transliterated words of a file's or a folder's name, its extension dropped
    («plan-raboty-ibts-na-2026-2027.pdf» → plan, raboty, ibts, na, 2026, 2027)."""
    return [w for w in re.split(r"[^a-z0-9]+", name.rsplit(".", 1)[0].lower()) if w]


def _file_name_sections(url: str, rulebook: Rulebook) -> set[str]:
    slug = _slug_words(urlsplit(url).path.rsplit("/", 1)[-1])
    found: set[str] = set()
    if slug and not any(ch.isdigit() for ch in "".join(slug[:1])):
        for sid, rule in rulebook.sections.items():
            if rule.school_feed or rule.needs_content:
                continue  # a file is no feed of news, and a name alone is no contacts
            if any(slug_names(phrase, slug) for phrase in rule.name_set.phrases):
                found.add(sid)
    return found


def label_matches(text: str, rulebook: Rulebook) -> Named:
    """The sections a paragraph's opening label names ("Режим работы", "Телефон"):
    the label must be the name, but for one more word."""
    return _memo(rulebook, ("label", text), lambda: _name_matches(text, rulebook, label=True))


def _quoted_is(phrase: Phrase, text: str) -> bool:
    """Is a quoted part of the text the name itself: Памятка «Безопасный интернет»?"""
    for quoted in _QUOTED.findall(text):
        stems = all_stems(quoted)
        core = [s for s in stems if not _is_filler(s)]
        if phrase.found_in(stems) and len(core) <= len([s for s in phrase.stems if s not in STOP_STEMS]):
            return True
    return False


def _after_filler(stems: list[str]) -> list[str]:
    """The stems from the first that is no filler («1.», «Скачать»): where a title's own words start."""
    return stems[next((i for i, s in enumerate(stems) if not _is_filler(s)), len(stems)):]


def _core_words(stems: list[str]) -> int:
    """How many words of a name's text are its own: not filler, and not the words that
    after a year only date it («Оплата учебников в 2024–2025 учебном году» has two)."""
    count, after_year = 0, False
    for s in stems:
        if s.isdigit():
            after_year = len(s) == 4
        elif after_year and s in PERIOD_STEMS:
            continue
        else:
            after_year = False
        if not _is_filler(s):
            count += 1
    return count


def _is_filler(stem_: str) -> bool:
    # numbering ("1. Контакты", "II. Проекты", "а) Новинки") is no word of a name
    return stem_.isdigit() or stem_ in FILLER_STEMS or stem_ in STOP_STEMS or bool(_NUMBERING.match(stem_))


def _best_phrase(phrases: PhraseSet, stems: list[str], present: frozenset[str] | None = None,
                 ) -> tuple[Phrase | None, bool]:
    """The phrase found in `stems` (the longest that opens the text, else the longest found)
    and whether it opens the text; `present` (the text's `text_prefixes`) rules most out fast."""
    found: Phrase | None = None
    opening: Phrase | None = None
    for phrase in phrases.phrases:
        if present is not None and not phrase.prefixes <= present:
            continue
        if opening is not None and len(phrase.stems) <= len(opening.stems):
            continue
        pos = phrase.position(stems)
        if pos < 0:
            continue
        if all(_is_filler(s) for s in stems[:pos]):
            opening = phrase  # the longest name that opens the text: "Выставки месяца"
        elif found is None or len(phrase.stems) > len(found.stems):
            found = phrase
    return (opening, True) if opening is not None else (found, False)


def says_empty(text: str, rulebook: Rulebook) -> bool:
    """Does the text hold one of the rulebook's empty markers («Раздел в разработке»)?"""
    return strip_phrases(text, rulebook.empty_markers) != normalise(text)


def _name_matches(text: str, rulebook: Rulebook, label: bool, slack: int = NAME_SLACK) -> Named:
    stems = all_stems(text)
    if not stems:
        return NO_NAME
    if says_empty(text, rulebook):
        return NO_NAME  # «Документы не добавлены», «Новости (раздел в разработке)»
    # a name inside a quoted title is the title of one item: «В поисках потерянной книги»
    unquoted = all_stems(_QUOTED.sub(" ", text)) if _QUOTED.search(text) else stems
    present = text_prefixes(stems)
    # (a school named inside a quoted title is the title's: «Проект «Читающая мама — читающая школа»»)
    school_words = {s for s in unquoted if s in SCHOOL_STEMS}
    if school_words and LIBRARY_WORDS.search(text):
        # «Положение о школьной библиотеке средней школы № 77», «План работы ШИБЦ лицея № 1»:
        # the library's own documents, whatever school they name
        school_words = set()
    found: dict[str, Phrase] = {}
    exact: set[str] = set()
    opening: set[str] = set()
    weak: set[str] = set()
    core = _core_words(stems)
    for sid, rule in rulebook.sections.items():
        if rule.not_name_set and rule.not_name_set.match(stems):
            continue
        phrase, opens = _best_phrase(rule.name_set, stems, present)
        is_weak = rule.needs_content
        if phrase is None and rule.exact_set and not label:  # «Библиотечные уроки – 31» is a figure
            phrase, opens = _best_phrase(rule.exact_set, stems, present)
            if phrase is not None and core > len([s for s in phrase.stems if s not in STOP_STEMS]):
                phrase = None  # "Библиотечный урок «Как появилась книга»" is one lesson
        if phrase is None and rule.weak_set:
            phrase, opens = _best_phrase(rule.weak_set, stems, present)
            is_weak = True
        if phrase is None and label and rule.label_set:
            phrase, opens = _best_phrase(rule.label_set, stems, present)
        if phrase is None:
            continue
        own = len([s for s in phrase.stems if s not in STOP_STEMS])
        if label and not (opens and core <= own + 1):
            continue
        if not opens and core > own + slack:
            continue
        if core > own and unquoted is not stems and not phrase.found_in(unquoted) and not _quoted_is(phrase, text):
            continue
        if rule.school_too and school_words - set(phrase.stems):
            continue  # "Новости школы", "Контакты МБОУ СОШ № 5": the school's own section
        found[sid] = phrase
        if opens:
            opening.add(sid)
        if core <= own:
            exact.add(sid)
        if is_weak:
            weak.add(sid)
    if not label and not text.rstrip().endswith("."):
        # «Положение об учебном фонде библиотеки», «Регламент работы ИБЦ»: a document's
        # title shows its section though it holds none of the section's names (a sentence
        # that opens with «Порядок …» and ends with its full stop is no title)
        body = _after_filler(stems)
        for sid, rule in rulebook.sections.items():
            if sid not in found and rule.documents is not None and rule.documents.titles(body):
                found[sid] = rule.name_set.phrases[0]
                opening.add(sid)
    if any(rulebook.sections[sid].document_titles for sid in opening):
        # «Положение об электронной библиотеке», «План работы по профилактике…»: a text that
        # opens with a document's name is that document's title; a section named further in
        # it is what the document is about, not a section of the page
        found = {sid: phrase for sid, phrase in found.items() if sid in opening}
    if text.rstrip().endswith("!"):
        # an exclamation is a slogan or an event's title («Береги учебник!», «Живи, учебник!»),
        # not a section's name, unless the name is all of it («Новинки!»)
        found = {sid: phrase for sid, phrase in found.items() if sid in exact}
    if not found:
        return NO_NAME
    return Named(found, frozenset(exact), frozenset(opening), frozenset(weak))


BREADCRUMB = re.compile(r"\s+[*»>/|→]\s+")


def breadcrumb_tail(text: str) -> str:
    """A breadcrumb trail set as a heading («Главная * Школьная жизнь * Школьная библиотека»)
    names only the page it ends with."""
    parts = BREADCRUMB.split(text)
    return parts[-1] if len(parts) >= 3 else text


def names_an_item(rule: SectionRule, text: str) -> bool:
    """Is the line the name of one of the section's things (`item_names`: «Национальная
    электронная библиотека (НЭБ)», «ЛитРес: Школа»), with at most ITEM_NAME_SLACK other words?"""
    if not rule.item_names:
        return False
    stems = all_stems(text)
    longest = max((len(p.stems) for p in rule.item_set.phrases if p.found_in(stems)), default=0)
    return longest > 0 and len(stems) <= longest + ITEM_NAME_SLACK


def document_title_sections(text: str, rulebook: Rulebook) -> Named:
    """The `document_titles` sections whose document `text` is the whole title of: it opens
    with the name and goes on with words of its own (the school, the year)."""
    return _memo(rulebook, ("document_title", text), lambda: _document_title_sections(text, rulebook))


def _opens_with_document(text: str, rule: SectionRule) -> bool:
    """Does the text open with a document of the section's own (`documents`): «Инструкция о
    работе с Федеральным списком экстремистских материалов» (not a name met in a sentence)?"""
    if rule.documents is None:
        return False
    return rule.documents.titles(_after_filler(all_stems(text)))


def _document_title_sections(text: str, rulebook: Rulebook) -> Named:
    named = document_matches(text, rulebook)
    if named and reports_event(text):
        return NO_NAME  # «Документ стал правовой основой…» tells of a document; it is no title
    text_stems = content_stems(text)
    keep = {sid: phrase for sid, phrase in named.sections.items()
            if (rulebook.sections[sid].document_titles or _opens_with_document(text, rulebook.sections[sid]))
            and sid in named.opening
            and any(not any(stems_match(s, p) for p in phrase.stems) for s in text_stems)}
    if not keep:
        return NO_NAME
    return Named(keep, frozenset(), frozenset(keep), frozenset())




def joined_title(headings: list[Heading], first: int, rulebook: Rulebook) -> tuple[int, Named] | None:
    """(index of the last line, sections) where a heading of a word or two and the headings
    right after it make one document title; None otherwise."""
    head = headings[first].text
    if len(head.split()) > 2 or all(_is_filler(x) for x in all_stems(head)) or name_matches(head, rulebook):
        # «Библиотека» over «Документы МБОУ СОШ № 5» is the page's title, «Нормативные
        # документы» a section of its own: only a fragment («ПЛАН», «ПОЛОЖЕНИЕ») goes on below
        return None
    found: tuple[int, Named] | None = None
    text = headings[first].text
    for j in range(first + 1, min(first + JOINED_TITLE_HEADINGS, len(headings))):
        if headings[j].element is not headings[j - 1].element.getnext():
            break
        text += " " + headings[j].text
        named = document_title_sections(text, rulebook)
        if named:
            found = (j, named)
    return found


def _prefixes(norm: str, texts: set[str]) -> list[str]:
    """The texts of `texts` that open `norm` (a link standing first on a line)."""
    words_ = norm.split()
    return [t for n in range(1, min(len(words_), 12) + 1) if (t := " ".join(words_[:n])) in texts]


def _run_of(lines: list[str], run: list[str]) -> range:
    """Where `run` stands in `lines` as consecutive lines (a table's text in its page's)."""
    if run:
        for i in range(len(lines) - len(run) + 1):
            if lines[i] == run[0] and lines[i : i + len(run)] == run:
                return range(i, i + len(run))
    return range(0)


_ABOUT_QUOTE = re.compile(r"[«\"“„']\s*(?:об?|обо)\s", re.IGNORECASE)  # «Об утверждении …»


def _quotes_an_item(line: str) -> bool:
    """Does the line quote an item's title («Книжная выставка „Земля Хабаровская“»)? A quoted
    school's name («Положение о библиотеке МБОУ „СОШ № 5“») or document's name («Приказ „Об
    утверждении Положения о библиотеке“») leaves the line a document's title."""
    return any(not (set(all_stems(q)) & SCHOOL_STEMS or "№" in q or _ABOUT_QUOTE.match(q))
               for q in _QUOTED.findall(line))


# a host's word that names a library: a library's own site or blog (biblioteka236.blogspot.com,
# ibclicey76.blogspot.com, sch18-library.ucoz.ru, alekslib.ru)
_HOST_LIBRARY_WORD = re.compile(r"^(?:bibl|librar|ibc|bic|shibc|mibc)|.{3,}(?:lib|bibl?)$")


def host_names_library(url: str) -> bool:
    """Does the address's host name the library (its own blog or site), not only a school?
    The words of the host's labels but the last (the zone) are read, split at hyphens and
    digits («sch18-library» → «sch», «library»)."""
    host = urlsplit(url).hostname or ""
    labels = host.split(".")[:-1]
    return any(_HOST_LIBRARY_WORD.search(part) for label in labels for part in re.split(r"[-\d]+", label) if part)


def titled_for_library(view: PageView) -> bool:
    """Does the page's title or one of its first headings name the library?"""
    return bool(LIBRARY_WORDS.search(view.title or "")) or any(
        LIBRARY_WORDS.search(h.text) for h in view.headings[:3] if h.level <= 2)


class PageAnalysis:
    """The matched headings and labels of one page and the section context of its elements."""

    def __init__(self, view: PageView, rulebook: Rulebook) -> None:
        self.view = view
        self.rulebook = rulebook
        self.matches: list[HeadingMatch] = []
        self._context: dict[int, set[str]] = {}
        self._block_ids: set[int] = set()
        headings = view.headings
        joined_into: set[int] = set()
        for i, heading in enumerate(headings):
            if i in joined_into:
                continue
            joined = joined_title(headings, i, rulebook)
            if joined is not None:
                # «ПОЛОЖЕНИЕ» / «О БИБЛИОТЕКЕ» / «МБОУ Школы № 25»: one document title on three lines
                last, named = joined
                joined_into.update(range(i + 1, last + 1))
                text = " ".join(h.text for h in headings[i : last + 1])
                heading = Heading(headings[last].element, heading.level, text)
            else:
                named = name_matches(breadcrumb_tail(heading.text), rulebook)
            if not named:
                continue
            match = HeadingMatch(heading, named, view.block(heading))
            self.matches.append(match)
            for part in match.parts:
                if not isinstance(part, str):
                    self._context.setdefault(id(part), set()).update(named.sections)
                    self._block_ids.add(id(part))

    @cached_property
    def labels(self) -> list[tuple[str, Named, str]]:
        """Lines of the content that open with a section's label: [(label, named, body)].

        "Режим работы: пн–пт 8.00–16.00", "Телефон: 8 (42155) 2-18-40", and short title
        lines ("Правила пользования и обязанности читателя.") with what follows them.
        """
        out: list[tuple[str, Named, str]] = []
        lines = self.view.content_text.split("\n")
        # headings and links are judged on their own (their blocks, their targets)
        heading_texts = {normalise(h.text) for h in self.view.headings}
        plan_rows = self._plan_table_rows(lines, heading_texts)
        link_texts = {normalise(lk.text) for lk in self.view.links if lk.element is not None and not lk.chrome}
        for i, line in enumerate(lines[:MAX_LABEL_LINES]):
            if len(line) < 3:
                continue
            norm = normalise(line)
            if norm in heading_texts:
                out.extend(self._heading_label(line))
                continue
            if _prefixes(norm, link_texts):
                continue
            if i in plan_rows:
                continue  # a plan's row («Книжная выставка» as a form of work) is a plan's item
            out.extend(self._named_documents(line))
            if len(line.split()) <= TITLE_LINE_WORDS and not _quotes_an_item(line):
                titled = document_title_sections(line, self.rulebook)
                if titled:
                    out.append((line[:200], titled, line))
                    continue
            m = (_LABEL.match(line) or _ROW_LABEL.match(line) or _ROW_PROSE_LABEL.match(line)
                 or _figure_label(line))
            if m:
                label, rest = m.group(1), m.group(2).strip()
                named = label_matches(label, self.rulebook)
                if not named or (rest and _prefixes(normalise(rest), link_texts)):
                    continue  # "Поиск книг: <a>электронный каталог</a>": the link is judged by its target
                body = rest or self._body_after(lines, i, named)
                out.append((line[:200], named, body))
                continue
            if len(line) > 80 or len(line.split()) > SHORT_LABEL_WORDS:
                long_label = self._long_label(line, lines[i + 1 : i + 1 + LABEL_BODY_LINES])
                if long_label is not None:
                    out.append(long_label)
                    continue
            if len(line) > 80 or len(line.split()) > SHORT_LABEL_WORDS or _QUOTED.search(line):
                continue  # «Книжная выставка „Земля Хабаровская“» is an item, not a label
            named = name_matches(line, self.rulebook)
            opening = frozenset(named.opening)
            if not opening:
                continue
            named = Named({k: v for k, v in named.sections.items() if k in opening}, named.exact & opening,
                          opening, named.weak & opening)
            # an item of an enumeration («Эту память хранят:» / «документы;» / «письма;»):
            # the lines after it are the enumeration's other items, not what it holds
            # (and so is a list's item: «• книжные выставки» over «• беседы с читателями»)
            item = line.endswith((";", ",")) or norm in self.view.list_item_texts
            body = "" if item else self._body_after(lines, i, named)
            out.append((line, named, body))
        return out

    def _heading_label(self, line: str) -> list[tuple[str, Named, str]]:
        """A heading set as a label with its value («Адрес: ул. Ленина, 10, каб. 105» in bold):
        the sections only a label names (an address, a phone), with the value as their body;
        what the heading names as a heading is judged with its block."""
        m = _HEADING_LABEL.match(line) or _figure_label(line)
        if m is None:
            return []
        named = label_matches(m.group(1), self.rulebook)
        own = frozenset(named.sections) - frozenset(name_matches(line, self.rulebook).sections)
        if not own:
            return []
        sections = {sid: phrase for sid, phrase in named.sections.items() if sid in own}
        return [(line[:200], Named(sections, named.exact & own, named.opening & own, named.weak & own),
                 m.group(2).strip())]

    def _named_documents(self, line: str) -> list[tuple[str, Named, str]]:
        """The documents a running line names by their titles: in quotes («К документам
        библиотеки относятся «Положение о библиотеке гимназии» и «План работы библиотеки на
        2023–2024 учебный год»»), or as an enumeration after a colon («Документы: Положение о
        библиотеке, План работы библиотеки, Лицензия»), or by a capital mid-line («На странице
        размещены План работы ШИБЦ на 2020 - 2021 учебный год, …»). Each title shows its section as it would
        on a line of its own; a line that reports an event names its topic, not a document."""
        if len(line) <= QUOTED_DOCUMENT_MIN_LINE:
            return []
        titles = [quoted[1:-1].strip() for quoted in _QUOTED.findall(line)]
        head, colon, rest = line.partition(":")
        if colon and len(head.split()) <= SHORT_LABEL_WORDS:
            parts = _ENUMERATED.split(rest.strip())
            if len(parts) > 2:
                titles.extend(part.strip(" .;,") for part in parts)
        found = self._document_titles(titles)
        # titles in capitals count as an enumeration of two or more: one is the sentence's
        # («Порядок записи определён Положением о школьной библиотеке» tells it better whole)
        capitals = self._document_titles(
            [m.group(0).strip(" .") for m in _CAPITAL_TITLE.finditer(_QUOTED.sub(" ", line))])
        if len(capitals) >= 2:
            found.extend(capitals)
        # (the line is tokenised only when it names documents: every long line of a page passes
        # here; an event's topic is no document shown: «пришли на беседу о «Правилах пользования…»»)
        if found and reports_event(line, any_reading=True):
            return []
        return found

    def _document_titles(self, titles: list[str]) -> list[tuple[str, Named, str]]:
        """Of the titles, those of a document or a section's own thing, as labels."""
        found = []
        for title in titles:
            if len(title.split()) < QUOTED_DOCUMENT_WORDS:
                continue
            titled = document_title_sections(title, self.rulebook)
            # («Положение о школьной библиотеке» as it stands is the document too)
            items = {sid: rule.item_set.phrases[0] for sid, rule in self.rulebook.sections.items()
                     if sid not in titled.sections and names_an_item(rule, title)}
            if titled or items:
                sections = {**titled.sections, **items}
                found.append((title[:200], Named(sections, frozenset(), frozenset(sections), frozenset()), title))
        return found

    def _body_after(self, lines: list[str], i: int, named: Named) -> str:
        """The lines that stand behind a bare label: up to LABEL_BODY_LINES, but not past a
        line that is another section's title. A menu set as lines («Новые поступления» /
        «Электронный каталог» / «Виртуальные выставки») has nothing behind each item."""
        body: list[str] = []
        for line in lines[i + 1 : i + 1 + LABEL_BODY_LINES]:
            if len(line.split()) <= SHORT_LABEL_WORDS and not _QUOTED.search(line):
                other = name_matches(line, self.rulebook).opening
                if other and not other & set(named.sections):
                    break
            body.append(line)
        return "\n".join(body)

    def _plan_table_rows(self, lines: list[str], heading_texts: set[str]) -> set[int]:
        """The lines of a plan's table: the cells of a table whose head is a plan's («Дата
        проведения | Наименование мероприятия | Ответственные», a `whole_page` section's text
        pattern); where the page has no such table element (a table set as text), the lines
        from the plan's head to the next heading. Its cells name forms of work and events
        planned («Книжная выставка», «Новости литературы»), not the library's sections."""
        patterns = [rx for rule in self.rulebook.sections.values() if rule.whole_page for rx in rule.patterns]
        if not patterns:
            return set()
        tables = [t for t in self.view.table_texts if any(rx.search(t) for rx in patterns)]
        if tables:
            return {i for t in tables for i in _run_of(lines, t.split("\n"))}
        text = "\n".join(lines)
        heads = [m.end() for rx in patterns if (m := rx.search(text)) is not None]
        if not heads:
            return set()
        first = text.count("\n", 0, min(heads)) + 1
        end = next((i for i in range(first, len(lines)) if normalise(lines[i]) in heading_texts), len(lines))
        return set(range(first, end))

    def _long_label(self, line: str, following: list[str]) -> tuple[str, Named, str] | None:
        """A longer line that opens with a section's name («Режим работы информационно-
        библиотечного центра с читателями») and has the section's own content right after it
        (hours, a phone): a label too."""
        if len(line.split()) > TITLE_LINE_WORDS or _QUOTED.search(line):
            return None
        named = _memo(self.rulebook, ("long_label", line),
                      lambda: _name_matches(line, self.rulebook, label=False, slack=TITLE_LINE_WORDS))
        body = "\n".join(following)
        keep = {sid: p for sid, p in named.sections.items() if sid in named.opening
                and any(rx.search(body) for rx in (*self.rulebook.sections[sid].patterns,
                                                   *self.rulebook.sections[sid].body_res))}
        if not keep:
            return None
        return line[:200], Named(keep, frozenset(), frozenset(keep), frozenset()), body

    def context_of(self, element: Any, include_self: bool = True) -> set[str]:
        """Sections whose blocks hold `element`."""
        found: set[str] = set()
        node = element if include_self else element.getparent()
        while node is not None:
            ctx = self._context.get(id(node))
            if ctx:
                found |= ctx
            node = node.getparent()
        return found

    @cached_property
    def free_text(self) -> str:
        """Content text outside every matched heading and its block."""
        from checks.page import visible_text

        if self.view.root is None:
            return self.view.content_text
        skip = set(self.view.chrome_roots) | self._block_ids
        skip.update(id(m.heading.element) for m in self.matches)
        return visible_text(self.view.root, skip)


class CentreSite:
    """A centre's stored pages, with the library pages and their contexts worked out."""

    def __init__(
        self,
        snapshots: Iterable[Snapshot],
        final_url: str | None,
        rulebook: Rulebook,
        home_url: str | None = None,
        link_verdicts: dict[str, LinkVerdict] | None = None,
    ) -> None:
        self.rulebook = rulebook
        self.snapshots = list(snapshots)
        self.by_key: dict[str, Snapshot] = {}
        for snap in self.snapshots:
            for url in (snap.url, snap.final_url):
                if url:
                    self.by_key.setdefault(page_key(url), snap)
        self.verdicts = {page_key(k): v for k, v in (link_verdicts or {}).items()}
        self.final_url = final_url
        self.home_key = page_key(home_url) if home_url else None
        self.main: Snapshot | None = self.lookup(final_url) if final_url else None
        if self.main is None and self.snapshots:
            self.main = min(self.snapshots, key=lambda s: s.depth)
        self.main_url = (self.main.final_url or self.main.url) if self.main else (final_url or "")
        self.own_site = (urlsplit(self.main_url).path or "/") == "/"
        self._views: dict[int, PageView] = {}
        self._analyses: dict[int, PageAnalysis] = {}
        self.contexts: dict[int, set[str]] = {}  # id(snapshot) -> inherited sections
        self.empty_pages: dict[int, tuple[bool, str]] = {}  # memo of sections.page_is_empty
        self._about: dict[int, bool] = {}  # memo of about_library
        self._library_menu: dict[int, bool] = {}  # memo of in_library_menu, by element
        self._site_menus: dict[int, bool] = {}  # memo of is_chrome, by container
        # pages outside the library's path that its own menu, or a link of its text naming a
        # section, leads to ("Планирование" of the library's uCoz menu)
        self.trusted: set[int] = set()
        self.library_pages: list[Snapshot] = []
        if self.main is not None:
            self._walk()

    # -- lookups ------------------------------------------------------------------
    def lookup(self, url: str) -> Snapshot | None:
        return self.by_key.get(page_key(url))

    def verdict(self, url: str) -> LinkVerdict | None:
        return self.verdicts.get(page_key(url))

    def view(self, snap: Snapshot) -> PageView:
        key = id(snap)
        if key not in self._views:
            self._views[key] = PageView(snap)
        return self._views[key]

    def analysis(self, snap: Snapshot) -> PageAnalysis:
        key = id(snap)
        if key not in self._analyses:
            self._analyses[key] = PageAnalysis(self.view(snap), self.rulebook)
        return self._analyses[key]

    @property
    def main_view(self) -> PageView | None:
        return self.view(self.main) if self.main is not None else None

    def is_html(self, snap: Snapshot) -> bool:
        return not snap.is_document and bool(snap.html)

    def _candidate(self, snap: Snapshot) -> bool:
        if snap is self.main:
            return True
        if not snap.ok or not self.is_html(snap):
            return False
        keys = {page_key(u) for u in (snap.url, snap.final_url) if u}
        if self.home_key and self.home_key in keys:
            return False
        path = urlsplit(snap.final_url or snap.url).path or "/"
        return not (path == "/" and not self.own_site)

    def link_counts(self, link: Link, base: str | None = None) -> bool:
        """Does this link speak for the library: content, a menu item inside the scope, or
        a menu item leading to a page about the library elsewhere on the site (a WordPress
        category, a uCoz module page of the library's own menu)?"""
        if not self.is_chrome(link, base):
            return True
        if self.own_site or in_scope(link.url, self.main_url) or self.in_library_menu(link, base):
            return True
        target = self.lookup(link.url)
        return target is not None and self.is_html(target) and self.about_library(target)

    def is_chrome(self, link: Link, base: str | None = None) -> bool:
        """Is the link in a menu: marked as one (nav, .menu, header), or an unmarked list of
        links that leads to the site's home page too (a table layout's top menu)?"""
        if link.chrome:
            return True
        if link.element is None or self.own_site:
            return False
        node = link.element.getparent()
        for _ in range(SITE_MENU_DEPTH):
            if node is None or not isinstance(node.tag, str) or node.tag.lower() in ("body", "main", "article"):
                return False
            if node.tag.lower() in ("ul", "ol", "div", "p", "td", "nav", "table"):
                key = id(node)
                if key not in self._site_menus:
                    self._site_menus[key] = self._is_site_menu(node, base or self.main_url)
                return self._site_menus[key]
            node = node.getparent()
        return False

    def _is_site_menu(self, container: Any, base: str) -> bool:
        anchors = [a for a in container.iter("a") if a.get("href")]
        if len(anchors) < SITE_MENU_LINKS:
            return False
        from checks.page import _resolve

        for a in anchors:
            resolved = _resolve(a.get("href"), base)
            if resolved is not None and same_host(resolved[0], self.main_url) and (urlsplit(resolved[0]).path or "/") == "/":
                return True
        return False

    def in_library_menu(self, link: Link, base: str | None = None) -> bool:
        """Is a menu link part of the library's own navigation: a submenu under the menu
        item of the library page, or a sidebar block titled "Библиотека" / "ИБЦ"?"""
        if link.element is None or self.main is None:
            return False
        key = id(link.element)
        if key not in self._library_menu:
            self._library_menu[key] = self._in_library_menu(link.element, base or self.main_url)
        return self._library_menu[key]

    def _in_library_menu(self, element: Any, base: str) -> bool:
        node = element.getparent()
        for _ in range(MENU_DEPTH):
            if node is None or not isinstance(node.tag, str):
                return False
            tag = node.tag.lower()
            if tag == "li":
                parent_link = next((c for c in node if isinstance(c.tag, str) and c.tag.lower() == "a"), None)
                if parent_link is not None and parent_link is not element and self._is_main_href(parent_link, base):
                    return True
            elif tag in ("div", "section", "aside", "nav", "td"):
                title = next((c for c in node if isinstance(c.tag, str) and c.tag.lower() not in ("ul", "ol", "a")), None)
                if title is not None and len(title.text_content()) <= 60 and LIBRARY_WORDS.search(title.text_content()):
                    return True
            node = node.getparent()
        return False

    def _is_main_href(self, anchor: Any, base: str) -> bool:
        assert self.main is not None
        href = anchor.get("href")
        if not href:
            return False
        from checks.page import _resolve

        resolved = _resolve(href, base)
        return resolved is not None and self.same_page(resolved[0], self.main)

    def in_library_scope(self, snap: Snapshot) -> bool:
        return snap is self.main or self.own_site or in_scope(snap.final_url or snap.url, self.main_url)

    def speaks_for_library(self, snap: Snapshot) -> bool:
        """Is this page the library's: under the library page, or about the library?
        The school's general pages (its news feed, "Сведения об образовательной
        организации") found outside the library's path are not."""
        return self.in_library_scope(snap) or self.about_library(snap)

    def led_by_library(self, snap: Snapshot) -> bool:
        """Is this page outside the library's path one the library's own menu (or a link
        of its text naming a section) leads to?"""
        return id(snap) in self.trusted

    def about_library(self, snap: Snapshot) -> bool:
        key = id(snap)
        if key not in self._about:
            self._about[key] = self._about_library(snap)
        return self._about[key]

    def _about_library(self, snap: Snapshot) -> bool:
        if not snap.ok or not self.is_html(snap):
            return False
        path = urlsplit(snap.final_url or snap.url)
        slugs = re.split(r"[/\-_.=&?]+", f"{path.path} {path.query}".lower().replace(" ", "/"))
        if any(w in LIBRARY_SLUGS or w.startswith(("bibliotek", "librar")) for w in slugs):
            return True
        view = self.view(snap)
        if titled_for_library(view):
            return True
        text = view.content_text[:50_000].lower()
        words_ = max(1, len(text.split()))
        mentions = len(LIBRARY_TEXT_WORDS.findall(text))
        return mentions >= 2 and mentions * LIBRARY_WORDS_PER_MENTION >= words_

    # -- the walk -----------------------------------------------------------------
    def _walk(self) -> None:
        assert self.main is not None
        main = self.main
        self.contexts = {id(main): set()}
        order = [main]
        changed = True
        rounds = 0
        while changed and rounds < 6:
            changed = False
            rounds += 1
            for snap in list(order):
                if not self.is_html(snap):
                    continue
                page_ctx = self.contexts[id(snap)]
                analysis = self.analysis(snap)
                for link in self.view(snap).links:
                    if link.element is None or not self.link_counts(link, snap.final_url or snap.url):
                        continue
                    target = self.lookup(link.url)
                    if target is None or target is snap or not self._candidate(target):
                        continue
                    ctx = page_ctx | analysis.context_of(link.element)
                    key = id(target)
                    if self.speaks_for_library(snap) and (
                        self.in_library_menu(link, snap.final_url or snap.url)
                        or (not self.is_chrome(link, snap.final_url or snap.url) and name_matches(link.text, self.rulebook))
                    ):
                        self.trusted.add(key)
                    if key not in self.contexts:
                        self.contexts[key] = set(ctx)
                        order.append(target)
                        changed = True
                    elif self.contexts[key] and (not ctx or not ctx <= self.contexts[key]):
                        self.contexts[key] = set() if not ctx else self.contexts[key] | ctx
                        changed = True
        self.library_pages = [s for s in order if self.is_html(s)]

    def same_page(self, url: str, snap: Snapshot) -> bool:
        key = page_key(url)
        return key in {page_key(u) for u in (snap.url, snap.final_url) if u}

    def internal(self, url: str) -> bool:
        return bool(self.main_url) and same_host(url, self.main_url)
