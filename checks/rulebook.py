"""The rulebook: sections, names, weights, thresholds and grade bands, read from TOML.

The default ships as `checks/rulebook.toml` (fully commented, it documents every key).
A user rulebook (config `[grading] rulebook` or `--rulebook FILE`) is deep-merged over
the default: tables merge key by key, lists and scalars are replaced, and the two helper
keys `extra_names` (per section) and `extra_markers` (`[empty]`) append to the lists.
A user file with `inherit = false` replaces the default entirely.

Anything missing, mistyped or unknown raises `ConfigError` naming the file and the key
(`sections.work_plan.weight: ожидается число`).
"""
from __future__ import annotations

import copy
import hashlib
import json
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from checks.text import PhraseSet, normalise
from common import words
from common.config import ConfigError

DEFAULT_PATH = Path(__file__).with_name("rulebook.toml")

# The canonical section ids of shared/domain/CHECKLIST.md (a rulebook must weigh them all).
SECTION_IDS = (
    "contacts", "work_hours", "about", "regulations", "work_plan", "news", "e_resources",
    "catalog", "new_arrivals", "exhibitions", "methodical", "projects", "feedback",
    "safe_internet", "textbooks", "social",
)
PART_IDS = ("completeness", "freshness", "technical")
TECHNICAL_IDS = ("https", "links", "viewport", "title")
STATUSES = ("unreachable", "error", "not_found", "blocked_by_robots", "not_auditable")


@dataclass(frozen=True)
class ProseRule:
    """What a sentence of running text must hold to show a section (`checks.prose`)."""

    subjects: tuple[str, ...]
    actions: tuple[str, ...] = ()
    needs_number: bool = False
    needs_year: bool = False
    tense: str = "any"  # any | past | present (no verb in the past: a state, not an event)
    # the subject is the sentence's subject, in the nominative («библиотека находится»),
    # not a word hanging on another («книги из фонда библиотеки занимают»)
    subject_nominative: bool = False
    # an action is the subject's genitive right after it («задачи (чего?) школьной
    # библиотеки», «цели работы ИБЦ»), not a word further on («задачи, которые решает библиотека»)
    action_of_subject: bool = False
    # words that make the sentence about something else («выставка рисунков» is no book exhibition)
    not_with: tuple[str, ...] = ()
    # words one of which must stand in the sentence («библиотека», «фонд»: books given to the
    # library, not to a contest's winners)
    needs_with: tuple[str, ...] = ()
    # words that must not be the sentence's subject: the library that gives books away
    # («библиотека подарила первоклассникам книги») receives none
    not_by: tuple[str, ...] = ()
    # words that, listed beside the subject («книг и учебников», «литература, учебники,
    # периодические издания»), make it one kind among others: the figure counts them all
    not_listed_with: tuple[str, ...] = ()
    # words of which NOT_AMONG_MIN or more, named beside the subject in a sentence that
    # reports nothing past, make it one form of work among others: «Библиотека предлагает
    # беседы, викторины, конкурсы, а также оформление выставок» lists methods, no exhibition
    not_among: tuple[str, ...] = ()
    # the figure counts the subject itself, standing right before it («3 870 книг», «21 тысяча
    # книг»), not another thing («12 000 записей о книгах»)
    count_of_subject: bool = False
    # on the library's own page (its address, title or first headings name the library) the
    # page itself names what `needs_with` asks for: «Поступило 12 новых книг» there is the
    # library's arrival, though the sentence does not say «в библиотеку»
    on_library_page: bool = False
    # an invitation to the thing shows it is there («Приглашаем читателей познакомиться с новыми
    # книгами библиотеки»): the rule holds in a sentence with an announcement word
    # ([freshness] future_words), though not in one with a verb in the future
    invited: bool = False


@dataclass(frozen=True)
class DocumentRule:
    """A document's title that shows a section without naming it: it opens with a word of a
    document («Положение», «Регламент») and names what the section is about («библиотека»,
    «фонд», «учебники»): «Положение об учебном фонде библиотеки», «Регламент работы ИБЦ»."""

    openers: tuple[str, ...]
    subjects: tuple[str, ...]
    not_with: tuple[str, ...] = ()  # «Положение о конкурсе чтецов в библиотеке» is the contest's

    @cached_property
    def opener_set(self) -> PhraseSet:
        return PhraseSet(self.openers)

    @cached_property
    def subject_set(self) -> PhraseSet:
        return PhraseSet(self.subjects)

    @cached_property
    def not_with_set(self) -> PhraseSet:
        return PhraseSet(self.not_with)

    def titles(self, stems: Sequence[str]) -> bool:
        """Are these stems (a text's `all_stems`, numbering cut off) such a document's title?"""
        return (any(p.position(stems) == 0 for p in self.opener_set.phrases)
                and self.subject_set.match(stems) is not None
                and not (self.not_with and self.not_with_set.match(stems) is not None))


@dataclass(frozen=True)
class TemplateBlockRule:
    title: str
    section: str | None  # None: a block of no section («Педагог-библиотекарь»); it only ends the one before
    fixed: tuple[str, ...] = ()  # normalised fixed text and labels under the title


@dataclass(frozen=True)
class PageTemplate:
    """A platform's fixed page (`checks.templates`): its block titles, normalised."""

    name: str
    min_blocks: int
    blocks: dict[str, TemplateBlockRule]

    @cached_property
    def own_text(self) -> frozenset[str]:
        """The template's own words, normalised: its block titles and their fixed lines."""
        return frozenset(key for block in self.blocks.values() for key in (normalise(block.title), *block.fixed))


@dataclass(frozen=True)
class SectionRule:
    id: str
    title: str
    weight: float
    names: tuple[str, ...]
    advice: str
    not_names: tuple[str, ...] = ()
    text_patterns: tuple[str, ...] = ()
    link_hosts: tuple[str, ...] = ()
    forms: bool = False
    label_names: tuple[str, ...] = ()  # count only as a label opening a paragraph ("Телефон:")
    weak_names: tuple[str, ...] = ()  # count only with the section's content behind them
    exact_names: tuple[str, ...] = ()  # count only as the whole heading or link ("Акции")
    needs_content: bool = False  # every name is weak
    body_patterns: tuple[str, ...] = ()  # what the content behind a weak name may show
    text_exclude: tuple[str, ...] = ()  # words just before a text pattern's match that cancel it
    # word beginnings one of which must stand in a text pattern's match or just after it
    # (numbered clauses are the library's rules only when they speak of it or its readers)
    text_needs: tuple[str, ...] = ()
    school_too: bool = False  # the school has one too: outside the library's path, only its own
    school_feed: bool = False  # the school's page of this kind is about other things (its news)
    dated_feed: bool = False  # a feed of dated posts shows the section
    prose: tuple[ProseRule, ...] = ()  # sentences of running text that show the section
    # a line that opens with the name and goes on (the school, the year: «Положение о
    # школьной библиотеке средней школы № 77») is the title of the section's document itself
    document_titles: bool = False
    # a page that is this section's document (its title names it) holds this section alone:
    # the other names there («Цели и задачи», «учебники») are the document's chapters
    whole_page: bool = False
    # a count after the section's label is its content («Фонд учебников – 1734»); for other
    # sections it is a line of the fund's figures («Электронные ресурсы – 221 экз.»)
    figures: bool = False
    documents: DocumentRule | None = None  # titles of the section's documents, named or not
    # a sentence of running text that shows this section (a book exhibition shown, books given
    # to the library) tells that a post's page is about the library, though its opening
    # does not name the library
    library_event: bool = False
    # a text pattern's match inside a sentence that reports an event, past or coming, is that
    # event's time, not the section («в пятницу с 14.00 до 15.00 в библиотеке прошла акция»)
    not_in_reports: bool = False
    # on a single post of the school's site the school's masthead and footer stand around the
    # post: a text pattern's match there counts only where its line or the line above names
    # the library («Телефон библиотеки: …»), and a label only where it names it; not the
    # school's phone or its reception hours
    library_line_on_posts: bool = False
    # on any page, a text pattern's match whose line or the two lines above name the school
    # («МБОУ СОШ № 17», «© 2025 Гимназия № 1») and none of them the library is the school's:
    # the site's footer or the school's card, not the library's phone
    not_on_school_lines: bool = False
    # a page's address that names the section («/iz-novykh-postuplenij/», «/pravila-polzovaniya»)
    # does not show it: «/shkolnaya-biblioteka/» is the library's folder, not its description
    not_by_address: bool = False
    # names of the section's own things, not of a section («НЭБ», «ЛитРес: Школа»): a line that
    # names one is the thing itself (a link on the page), never an empty heading
    item_names: tuple[str, ...] = ()
    # a `whole_page` section's names of a report, not a plan («Анализ работы»): a page that is
    # one tells what was done, and its chapters (fund figures, exhibitions held) show their sections
    report_names: tuple[str, ...] = ()

    @cached_property
    def item_set(self) -> PhraseSet:
        return PhraseSet(self.item_names)

    @cached_property
    def report_set(self) -> PhraseSet:
        return PhraseSet(self.report_names)

    @cached_property
    def name_set(self) -> PhraseSet:
        return PhraseSet(self.names)

    @cached_property
    def label_set(self) -> PhraseSet:
        return PhraseSet(self.label_names)

    @cached_property
    def exact_set(self) -> PhraseSet:
        return PhraseSet(self.exact_names)

    @cached_property
    def weak_set(self) -> PhraseSet:
        return PhraseSet(self.weak_names)

    @cached_property
    def body_res(self) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(p) for p in self.body_patterns)

    @cached_property
    def not_name_set(self) -> PhraseSet:
        return PhraseSet(self.not_names)

    @cached_property
    def patterns(self) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(p) for p in self.text_patterns)


@dataclass(frozen=True)
class Part:
    id: str
    title: str
    weight: float


@dataclass(frozen=True)
class GradeBand:
    name: str
    min: float


@dataclass(frozen=True)
class FreshnessRules:
    fresh_days: int
    aging_days: int
    factors: dict[str, float]
    work_plan_share: float
    min_year: int
    widget_tolerance_days: int
    last_modified_min_age_hours: float
    update_labels: tuple[str, ...]
    order_words: tuple[str, ...]
    anniversary_words: tuple[str, ...]
    widget_words: tuple[str, ...]
    future_words: tuple[str, ...]
    # words right before a date that make it the day the text was written («Сегодня, 15 октября
    # 2024, исполняется 210 лет…»): no anniversary, though an anniversary is named beside it
    today_words: tuple[str, ...] = ()
    # words anywhere in a date's sentence that make it an anniversary («1 мая 2024 года
    # писателю исполнилось бы 100 лет»), however far from the date they stand
    anniversary_sentence_words: tuple[str, ...] = ()
    # a post in the school's news feed whose title or teaser has one of these dates the library
    library_post_words: tuple[str, ...] = ()
    # a post's block of other posts («Другие новости», «Читайте также»): the dates under such
    # a title date those posts, not this one
    related_titles: tuple[str, ...] = ()
    # a news block's titles («Новости школы», «Последние новости»): dated items under such a
    # title that never speak of the library or its books are the school's news, not the library's
    news_block_titles: tuple[str, ...] = ()
    # a bare «Новости» is such a block only when closed by a link to all of them («Все новости»):
    # the widget of the school's news, not the library's own list
    news_widget_titles: tuple[str, ...] = ()
    news_widget_more: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rulebook:
    name: str
    source: str  # the user file, or "default"
    hash: str  # sha256 of the merged data (stored with each grading)
    target_centres: int
    parts: dict[str, Part]
    grades: tuple[GradeBand, ...]
    freshness: FreshnessRules
    technical: dict[str, float]
    links_limit: int
    empty_markers: tuple[str, ...]
    empty_min_chars: int
    empty_marker_slack: int
    sections: dict[str, SectionRule]
    status_advice: dict[str, str] = field(default_factory=dict)
    # running text (`checks.prose`): words that make a sentence a plan or a method, not a report
    prose_not_with: tuple[str, ...] = ()
    # phrases that cite the plan a reported event followed («согласно плану»): `not_with`
    # words inside them do not stop a sentence that tells of the past
    prose_plan_frames: tuple[str, ...] = ()
    prose_min_words: int = 4
    # the library's own words (`[prose.lists] library`) and the words that make one another
    # library (`[prose] other_libraries`: «районная», «городская» библиотека)
    prose_library: tuple[str, ...] = ()
    prose_other_libraries: frozenset[str] = frozenset()
    # words that make a library one the school's readers use online, wherever it stands
    # (`[prose] online_libraries`: «Национальная электронная библиотека»)
    prose_online_libraries: frozenset[str] = frozenset()
    # quoted names that are the thing itself, not a title (`[prose] quoted_names`: «ЛитРес:
    # Школа»): their words stay in the sentence
    prose_quoted_names: tuple[str, ...] = ()
    templates: tuple[PageTemplate, ...] = ()
    patterns: dict[str, str] = field(default_factory=dict)  # [patterns], blocks expanded
    data: dict[str, Any] = field(default_factory=dict, repr=False)
    # memo of name matches by text (menus repeat on every page): text -> result
    cache: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)

    def grade_for(self, score: float) -> str:
        for band in self.grades:
            if score >= band.min:
                return band.name
        return self.grades[-1].name

    @property
    def section_weight_total(self) -> float:
        return sum(s.weight for s in self.sections.values())


# -- loading -------------------------------------------------------------------------


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"файл правил не найден: {path}") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: ошибка в файле правил: {exc}") from exc


def deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """`override` over `base`: tables merge recursively, other values are replaced."""
    merged = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def _apply_extras(data: dict[str, Any]) -> None:
    for sid, section in (data.get("sections") or {}).items():
        if isinstance(section, dict) and "extra_names" in section:
            extra = section.pop("extra_names")
            _want_str_list(extra, f"sections.{sid}.extra_names")
            section["names"] = list(section.get("names") or []) + list(extra)
    empty = data.get("empty")
    if isinstance(empty, dict) and "extra_markers" in empty:
        extra = empty.pop("extra_markers")
        _want_str_list(extra, "empty.extra_markers")
        empty["markers"] = list(empty.get("markers") or []) + list(extra)


def rulebook_from_data(data: dict[str, Any], source: str = "data") -> Rulebook:
    """A rulebook from already-merged data (what `load_rulebook` builds from files)."""
    data = copy.deepcopy(data)
    _apply_extras(data)
    return _build(data, source)


def load_rulebook(path: str | Path | None = None) -> Rulebook:
    """The default rulebook, with the user file at `path` merged over it (if given)."""
    default = _read_toml(DEFAULT_PATH)
    source = "default"
    data = default
    if path:
        user_path = Path(path)
        user = _read_toml(user_path)
        inherit = user.pop("inherit", True)
        if not isinstance(inherit, bool):
            raise ConfigError(f"{user_path}: inherit: ожидается true или false")
        data = deep_merge(default, user) if inherit else user
        source = str(user_path)
    _apply_extras(data)
    try:
        return _build(data, source)
    except ConfigError as exc:
        raise ConfigError(f"{source if path else DEFAULT_PATH}: {exc}") from exc


# -- validation ----------------------------------------------------------------------


def _get(data: dict[str, Any], key: str) -> Any:
    node: Any = data
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            raise ConfigError(f"{key}: ключ не задан")
        node = node[part]
    return node


def _num(data: dict[str, Any], key: str, minimum: float = 0.0) -> float:
    value = _get(data, key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigError(f"{key}: ожидается число, получено {value!r}")
    if value < minimum:
        raise ConfigError(f"{key}: должно быть не меньше {minimum:g}, получено {value!r}")
    return float(value)


def _int(data: dict[str, Any], key: str, minimum: int = 0) -> int:
    value = _get(data, key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ConfigError(f"{key}: ожидается целое число, получено {value!r}")
    if value < minimum:
        raise ConfigError(f"{key}: должно быть не меньше {minimum}, получено {value!r}")
    return value


def _str(data: dict[str, Any], key: str) -> str:
    value = _get(data, key)
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{key}: ожидается непустая строка, получено {value!r}")
    return value


def _want_str_list(value: Any, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{key}: ожидается список строк, получено {value!r}")
    return tuple(value)


def _str_list(data: dict[str, Any], key: str, required: bool = True) -> tuple[str, ...]:
    try:
        value = _get(data, key)
    except ConfigError:
        if required:
            raise
        return ()
    items = _want_str_list(value, key)
    if required and not items:
        raise ConfigError(f"{key}: список не должен быть пустым")
    return items


def _known_keys(table: Any, key: str, known: set[str]) -> None:
    if not isinstance(table, dict):
        raise ConfigError(f"{key}: ожидается таблица")
    unknown = sorted(set(table) - known)
    if unknown:
        where = unknown[0] if key == ROOT else f"{key}.{unknown[0]}"
        raise ConfigError(f"{where}: неизвестный ключ (есть: {', '.join(sorted(known))})")


ROOT = "(корень)"
SECTION_KEYS = {
    "title", "weight", "names", "not_names", "text_patterns", "link_hosts", "forms", "advice",
    "label_names", "weak_names", "exact_names", "needs_content", "body_patterns", "text_exclude", "text_needs",
    "school_too",
    "school_feed", "dated_feed", "prose", "document_titles",
    "whole_page", "figures", "library_event", "documents", "not_in_reports", "library_line_on_posts",
    "not_on_school_lines", "not_by_address", "item_names", "report_names",
}
DOCUMENT_KEYS = {"openers", "subjects", "not_with"}
PROSE_KEYS = {"subjects", "actions", "needs_number", "needs_year", "tense", "subject_nominative", "action_of_subject",
              "not_with", "needs_with", "not_by", "not_listed_with", "on_library_page", "count_of_subject",
              "not_among", "invited"}
TOP_KEYS = {
    "name", "version", "plan", "score", "grades", "freshness", "technical", "empty",
    "sections", "status_advice", "prose", "templates", "patterns",
}


def _build_section(data: dict[str, Any], sid: str, lists: dict[str, tuple[str, ...]]) -> SectionRule:
    key = f"sections.{sid}"
    _known_keys(_get(data, key), key, SECTION_KEYS)
    patterns = _patterns(data, f"{key}.text_patterns")
    body_patterns = _patterns(data, f"{key}.body_patterns")
    flags = {}
    for flag in ("forms", "needs_content", "school_too", "school_feed", "dated_feed", "document_titles",
                 "whole_page", "figures", "library_event", "not_in_reports", "library_line_on_posts",
                 "not_on_school_lines", "not_by_address"):
        flags[flag] = _get(data, key).get(flag, False)
        if not isinstance(flags[flag], bool):
            raise ConfigError(f"{key}.{flag}: ожидается true или false")
    return SectionRule(
        id=sid,
        title=_str(data, f"{key}.title"),
        weight=_num(data, f"{key}.weight"),
        names=_str_list(data, f"{key}.names"),
        advice=_str(data, f"{key}.advice"),
        not_names=_str_list(data, f"{key}.not_names", required=False),
        text_patterns=patterns,
        link_hosts=tuple(h.lower() for h in _str_list(data, f"{key}.link_hosts", required=False)),
        forms=flags["forms"],
        label_names=_str_list(data, f"{key}.label_names", required=False),
        weak_names=_str_list(data, f"{key}.weak_names", required=False),
        exact_names=_str_list(data, f"{key}.exact_names", required=False),
        needs_content=flags["needs_content"],
        body_patterns=body_patterns,
        text_exclude=tuple(w.lower() for w in _str_list(data, f"{key}.text_exclude", required=False)),
        text_needs=tuple(w.lower() for w in _str_list(data, f"{key}.text_needs", required=False)),
        school_too=flags["school_too"],
        school_feed=flags["school_feed"],
        dated_feed=flags["dated_feed"],
        prose=_prose_rules(data, key, lists),
        documents=_document_rule(data, key, lists),
        document_titles=flags["document_titles"],
        whole_page=flags["whole_page"],
        figures=flags["figures"],
        library_event=flags["library_event"],
        not_in_reports=flags["not_in_reports"],
        library_line_on_posts=flags["library_line_on_posts"],
        not_on_school_lines=flags["not_on_school_lines"],
        not_by_address=flags["not_by_address"],
        item_names=_str_list(data, f"{key}.item_names", required=False),
        report_names=_str_list(data, f"{key}.report_names", required=False),
    )


def _prose_lists(data: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    """The named word lists of `[prose.lists]`: a prose rule's list (subjects, actions,
    not_with) writes «{library}» for all the words of the list `library`."""
    raw = data.get("prose", {}).get("lists", {})
    if not isinstance(raw, dict):
        raise ConfigError("prose.lists: ожидается таблица именованных списков")
    return {name: _want_str_list(items, f"prose.lists.{name}") for name, items in raw.items()}


def _with_lists(items: tuple[str, ...], lists: dict[str, tuple[str, ...]], key: str) -> tuple[str, ...]:
    out: list[str] = []
    for item in items:
        named = _BLOCK.fullmatch(item)
        if named is None:
            out.append(item)
        elif named.group(1) in lists:
            out.extend(lists[named.group(1)])
        else:
            known = ", ".join(sorted(lists)) or "нет ни одного"
            raise ConfigError(f"{key}: неизвестный список {item} (списки из [prose.lists]: {known})")
    return tuple(out)


def _document_rule(data: dict[str, Any], key: str, lists: dict[str, tuple[str, ...]]) -> DocumentRule | None:
    raw = _get(data, key).get("documents")
    if raw is None:
        return None
    where = f"{key}.documents"
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: ожидается таблица [{where}]")
    _known_keys(raw, where, DOCUMENT_KEYS)
    lists_of = {name: _with_lists(_want_str_list(raw.get(name, []), f"{where}.{name}"), lists, f"{where}.{name}")
                for name in DOCUMENT_KEYS}
    for name in ("openers", "subjects"):
        if not lists_of[name]:
            raise ConfigError(f"{where}.{name}: нужен хотя бы один элемент")
    return DocumentRule(lists_of["openers"], lists_of["subjects"], lists_of["not_with"])


def _prose_rules(data: dict[str, Any], key: str, lists: dict[str, tuple[str, ...]]) -> tuple[ProseRule, ...]:
    raw = _get(data, key).get("prose", [])
    if not isinstance(raw, list):
        raise ConfigError(f"{key}.prose: ожидается список [[{key}.prose]]")
    rules = []
    for i, item in enumerate(raw):
        where = f"{key}.prose[{i}]"
        _known_keys(item, where, PROSE_KEYS)
        subjects = _with_lists(_want_str_list(item.get("subjects", []), f"{where}.subjects"), lists,
                               f"{where}.subjects")
        if not subjects:
            raise ConfigError(f"{where}.subjects: нужен хотя бы один предмет")
        flags = {}
        for flag in ("needs_number", "needs_year", "subject_nominative", "action_of_subject", "on_library_page",
                     "count_of_subject", "invited"):
            flags[flag] = item.get(flag, False)
            if not isinstance(flags[flag], bool):
                raise ConfigError(f"{where}.{flag}: ожидается true или false")
        tense = item.get("tense", "any")
        if tense not in ("any", "past", "present"):
            raise ConfigError(f"{where}.tense: ожидается \"any\", \"past\" или \"present\"")
        actions = _with_lists(_want_str_list(item.get("actions", []), f"{where}.actions"), lists, f"{where}.actions")
        if flags["action_of_subject"] and not actions:
            raise ConfigError(f"{where}.action_of_subject: нужен список actions")
        not_with = _with_lists(_want_str_list(item.get("not_with", []), f"{where}.not_with"), lists,
                               f"{where}.not_with")
        needs_with = _with_lists(_want_str_list(item.get("needs_with", []), f"{where}.needs_with"), lists,
                                 f"{where}.needs_with")
        not_by = _with_lists(_want_str_list(item.get("not_by", []), f"{where}.not_by"), lists, f"{where}.not_by")
        not_listed_with = _with_lists(_want_str_list(item.get("not_listed_with", []), f"{where}.not_listed_with"),
                                      lists, f"{where}.not_listed_with")
        not_among = _with_lists(_want_str_list(item.get("not_among", []), f"{where}.not_among"), lists,
                                f"{where}.not_among")
        rules.append(ProseRule(subjects, actions, tense=tense, not_with=not_with, needs_with=needs_with,
                               not_by=not_by, not_listed_with=not_listed_with, not_among=not_among, **flags))
    return tuple(rules)
# a named block in a rule's regular expression: «{time_range}», «{phone}» ([patterns]);
# a quantifier such as «\d{2}» is not a name, and «\{time\}» stays a literal
_BLOCK = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
_BLOCK_NAME = re.compile(r"[a-z_][a-z0-9_]*")


def _expand(blocks: dict[str, str], pattern: str, key: str, within: tuple[str, ...] = ()) -> str:
    """`pattern` with each «{name}» replaced by the [patterns] block of that name, as a
    group; blocks may use other blocks, but not themselves."""
    def block(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in blocks:
            known = ", ".join(sorted(blocks)) or "нет ни одного"
            raise ConfigError(f"{key}: неизвестный блок {{{name}}} (блоки из [patterns]: {known})")
        if name in within:
            raise ConfigError(f"{key}: блок {{{name}}} ссылается сам на себя")
        return "(?:" + _expand(blocks, blocks[name], key, (*within, name)) + ")"

    return _BLOCK.sub(block, pattern)


# blocks from the vocabulary the crawler shares (`common/words.toml`): «{library}» is any of
# the library's own words («библиотека», «медиатека», «ИБЦ» …); the rulebook may redefine it
_SHARED_BLOCKS = {"library": f"(?i:{words.library_pattern()})"}


def _pattern_blocks(data: dict[str, Any]) -> dict[str, str]:
    """The [patterns] table, each block expanded and checked to compile."""
    raw = data.get("patterns", {})
    if not isinstance(raw, dict):
        raise ConfigError("patterns: ожидается таблица")
    for name, value in raw.items():
        if not _BLOCK_NAME.fullmatch(name):
            raise ConfigError(f"patterns.{name}: имя блока — строчные латинские буквы, цифры и «_»")
        if not isinstance(value, str):
            raise ConfigError(f"patterns.{name}: ожидается строка")
    raw = {**_SHARED_BLOCKS, **raw}
    blocks = {name: _expand(raw, value, f"patterns.{name}", (name,)) for name, value in raw.items()}
    for name, pattern in blocks.items():
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ConfigError(f"patterns.{name}: неверное регулярное выражение: {exc}") from exc
    return blocks


def _patterns(data: dict[str, Any], key: str) -> tuple[str, ...]:
    blocks = _pattern_blocks(data)
    patterns = tuple(_expand(blocks, p, f"{key}[{i}]")
                     for i, p in enumerate(_str_list(data, key, required=False)))
    for i, pattern in enumerate(patterns):
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ConfigError(f"{key}[{i}]: неверное регулярное выражение: {exc}") from exc
    return patterns


def _templates(data: dict[str, Any], section_ids: set[str]) -> tuple[PageTemplate, ...]:
    raw = data.get("templates", [])
    if not isinstance(raw, list):
        raise ConfigError("templates: ожидается список [[templates]]")
    out = []
    for i, item in enumerate(raw):
        where = f"templates[{i}]"
        _known_keys(item, where, {"name", "min_blocks", "blocks"})
        wrapped = {where: item}
        name = _str(wrapped, f"{where}.name")
        min_blocks = _int(wrapped, f"{where}.min_blocks", 1)
        blocks: dict[str, TemplateBlockRule] = {}
        for j, block in enumerate(item.get("blocks", [])):
            bwhere = f"{where}.blocks[{j}]"
            _known_keys(block, bwhere, {"titles", "section", "fixed"})
            section = block.get("section")
            if section is not None and section not in section_ids:
                raise ConfigError(f"{bwhere}.section: неизвестный раздел {section!r}")
            titles = _want_str_list(block.get("titles", []), f"{bwhere}.titles")
            fixed = tuple(normalise(f) for f in _want_str_list(block.get("fixed", []), f"{bwhere}.fixed"))
            for title in titles:
                blocks[normalise(title)] = TemplateBlockRule(title, section, fixed)
        if not blocks:
            raise ConfigError(f"{where}.blocks: нужен хотя бы один блок")
        out.append(PageTemplate(name, min_blocks, blocks))
    return tuple(out)


def _build(data: dict[str, Any], source: str) -> Rulebook:
    _known_keys(data, ROOT, TOP_KEYS)
    _known_keys(_get(data, "plan"), "plan", {"target_centres"})
    parts: dict[str, Part] = {}
    _known_keys(_get(data, "score.parts"), "score.parts", set(PART_IDS))
    for pid in PART_IDS:
        key = f"score.parts.{pid}"
        _known_keys(_get(data, key), key, {"title", "weight"})
        parts[pid] = Part(pid, _str(data, f"{key}.title"), _num(data, f"{key}.weight"))
    total = sum(p.weight for p in parts.values())
    if abs(total - 100) > 1e-6:
        raise ConfigError(f"score.parts: веса частей должны давать в сумме 100, сейчас {total:g}")

    grades_raw = _get(data, "grades")
    if not isinstance(grades_raw, list) or not grades_raw:
        raise ConfigError("grades: ожидается непустой список [[grades]]")
    grades: list[GradeBand] = []
    for i, band in enumerate(grades_raw):
        key = f"grades[{i}]"
        _known_keys(band, key, {"name", "min"})
        wrapped = {"grades": {str(i): band}}
        grades.append(GradeBand(_str(wrapped, f"grades.{i}.name"), _num(wrapped, f"grades.{i}.min")))
    if any(a.min <= b.min for a, b in zip(grades, grades[1:], strict=False)):
        raise ConfigError("grades: пороги min должны идти строго по убыванию")
    if grades[-1].min != 0:
        raise ConfigError("grades: порог последней оценки должен быть 0")

    fresh_keys = {
        "fresh_days", "aging_days", "factor_fresh", "factor_aging", "factor_stale",
        "factor_unknown", "work_plan_share", "min_year", "widget_tolerance_days",
        "last_modified_min_age_hours", "update_labels", "order_words", "anniversary_words",
        "widget_words", "future_words", "library_post_words", "today_words",
        "anniversary_sentence_words", "related_titles", "news_block_titles",
        "news_widget_titles", "news_widget_more",
    }
    _known_keys(_get(data, "freshness"), "freshness", fresh_keys)
    fresh_days = _int(data, "freshness.fresh_days", 1)
    aging_days = _int(data, "freshness.aging_days", 1)
    if aging_days <= fresh_days:
        raise ConfigError("freshness.aging_days: должно быть больше freshness.fresh_days")
    share = _num(data, "freshness.work_plan_share")
    if share > 1:
        raise ConfigError("freshness.work_plan_share: должно быть от 0 до 1")
    factors = {}
    for cls in ("fresh", "aging", "stale", "unknown"):
        factors[cls] = _num(data, f"freshness.factor_{cls}")
        if factors[cls] > 1:
            raise ConfigError(f"freshness.factor_{cls}: должно быть от 0 до 1")
    freshness = FreshnessRules(
        fresh_days=fresh_days,
        aging_days=aging_days,
        factors=factors,
        work_plan_share=share,
        min_year=_int(data, "freshness.min_year", 1900),
        widget_tolerance_days=_int(data, "freshness.widget_tolerance_days"),
        last_modified_min_age_hours=_num(data, "freshness.last_modified_min_age_hours"),
        update_labels=_str_list(data, "freshness.update_labels"),
        order_words=_str_list(data, "freshness.order_words"),
        anniversary_words=_str_list(data, "freshness.anniversary_words"),
        widget_words=_str_list(data, "freshness.widget_words"),
        future_words=_str_list(data, "freshness.future_words", required=False),
        library_post_words=_str_list(data, "freshness.library_post_words", required=False),
        today_words=_str_list(data, "freshness.today_words", required=False),
        anniversary_sentence_words=_str_list(data, "freshness.anniversary_sentence_words", required=False),
        related_titles=_str_list(data, "freshness.related_titles", required=False),
        news_block_titles=_str_list(data, "freshness.news_block_titles", required=False),
        news_widget_titles=_str_list(data, "freshness.news_widget_titles", required=False),
        news_widget_more=_str_list(data, "freshness.news_widget_more", required=False),
    )

    _known_keys(_get(data, "technical"), "technical", {*TECHNICAL_IDS, "links_limit"})
    technical = {tid: _num(data, f"technical.{tid}") for tid in TECHNICAL_IDS}
    if sum(technical.values()) <= 0:
        raise ConfigError("technical: сумма весов технических проверок должна быть больше 0")

    _known_keys(_get(data, "empty"), "empty", {"markers", "min_chars", "marker_slack_chars"})

    sections_raw = _get(data, "sections")
    if not isinstance(sections_raw, dict):
        raise ConfigError("sections: ожидается таблица")
    for sid in SECTION_IDS:
        if sid not in sections_raw:
            raise ConfigError(f"sections.{sid}: раздел чек-листа не задан")
    lists = _prose_lists(data)  # read once, used by every section's prose rules
    sections = {sid: _build_section(data, sid, lists) for sid in sections_raw}
    if sum(s.weight for s in sections.values()) <= 0:
        raise ConfigError("sections: сумма весов разделов должна быть больше 0")

    status_advice = {}
    if "status_advice" in data:
        _known_keys(data["status_advice"], "status_advice", set(STATUSES))
        status_advice = {k: _str(data, f"status_advice.{k}") for k in data["status_advice"]}
    patterns = _pattern_blocks(data)

    prose = data.get("prose", {})
    _known_keys(prose, "prose", {"not_with", "plan_frames", "min_words", "lists", "other_libraries",
                                 "online_libraries", "quoted_names"})
    prose_not_with = _str_list(data, "prose.not_with", required=False) if prose else ()
    plan_frames = _str_list(data, "prose.plan_frames", required=False) if prose else ()
    prose_min_words = _int(data, "prose.min_words", 1) if "min_words" in prose else 4
    other_libraries = _str_list(data, "prose.other_libraries", required=False) if prose else ()
    online_libraries = _str_list(data, "prose.online_libraries", required=False) if prose else ()
    quoted_names = _str_list(data, "prose.quoted_names", required=False) if prose else ()

    templates = _templates(data, set(sections))

    canonical = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return Rulebook(
        name=_str(data, "name"),
        source=source,
        hash=hashlib.sha256(canonical.encode("utf-8")).hexdigest(),
        target_centres=_int(data, "plan.target_centres"),
        parts=parts,
        grades=tuple(grades),
        freshness=freshness,
        technical=technical,
        links_limit=_int(data, "technical.links_limit", 1),
        empty_markers=_str_list(data, "empty.markers"),
        empty_min_chars=_int(data, "empty.min_chars"),
        empty_marker_slack=_int(data, "empty.marker_slack_chars"),
        sections=sections,
        status_advice=status_advice,
        prose_not_with=prose_not_with,
        prose_plan_frames=plan_frames,
        prose_min_words=prose_min_words,
        prose_library=lists.get("library", ()),
        prose_other_libraries=frozenset(other_libraries),
        prose_online_libraries=frozenset(online_libraries),
        prose_quoted_names=tuple(normalise(n) for n in quoted_names),
        templates=templates,
        patterns=patterns,
        data=data,
    )
