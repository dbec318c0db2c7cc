"""The Russian words every stage shares, read once from common/words.toml.

Months, weekdays, the words that name a library or a school, navigation link texts, and
the founding and signature words: the crawler, the checks and the reports take them from
here, so they cannot drift apart. `alternation` turns a word list into a regular
expression group for the stages that search with regular expressions.
"""
from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

WORDS_FILE = Path(__file__).with_name("words.toml")


@dataclass(frozen=True)
class Month:
    number: int  # 1 = January
    nominative: str  # «май»
    genitive: str  # «мая»: «9 мая»
    locative: str  # «мае»: «в мае»
    short: tuple[str, ...]  # «сент», «сен»
    english: tuple[str, ...] = ()  # «march», «mar»: a blog in an English interface

    @property
    def forms(self) -> tuple[str, ...]:
        """Every written form: the full ones, then the short ones."""
        return (self.nominative, self.genitive, self.locative, *self.short)


@dataclass(frozen=True)
class Weekday:
    number: int  # 1 = Monday
    nominative: str
    accusative: str  # «в среду»
    short: str  # «ср»
    english: str = ""  # «wednesday»


def _load(path: Path = WORDS_FILE) -> dict[str, Any]:
    with path.open("rb") as fh:
        return tomllib.load(fh)


_DATA = _load()

MONTHS: tuple[Month, ...] = tuple(
    Month(n, m["nominative"], m["genitive"], m["locative"], tuple(m["short"]), tuple(m.get("english", ())))
    for n, m in enumerate(_DATA["months"], start=1)
)
WEEKDAYS: tuple[Weekday, ...] = tuple(
    Weekday(n, d["nominative"], d["accusative"], d["short"], d.get("english", ""))
    for n, d in enumerate(_DATA["weekdays"], start=1)
)
MONTHS_GENITIVE: tuple[str, ...] = tuple(m.genitive for m in MONTHS)
# any written form of a month, lower case, without a closing dot -> its number
MONTH_NUMBERS: dict[str, int] = {form: m.number for m in MONTHS for form in (*m.forms, *m.english)}

LIBRARY_STEMS: tuple[str, ...] = tuple(_DATA["library"]["stems"])
LIBRARY_WORDS: tuple[str, ...] = tuple(_DATA["library"]["words"])
LIBRARY_OWN_STEMS: tuple[str, ...] = tuple(_DATA["library"]["own_stems"])
LIBRARY_ADJECTIVE_STEMS: tuple[str, ...] = tuple(_DATA["library"]["adjective_stems"])
LIBRARIAN_WORDS: tuple[str, ...] = tuple(_DATA["library"]["librarian"])
SCHOOL_LEGAL_FORMS: tuple[str, ...] = tuple(_DATA["school"]["legal_forms"])
SCHOOL_KINDS: tuple[str, ...] = tuple(_DATA["school"]["kinds"])
SCHOOL_SHORT_KINDS: tuple[str, ...] = tuple(_DATA["school"]["short_kinds"])
SCHOOL_STEMS: tuple[str, ...] = tuple(_DATA["school"]["stems"])
SCHOOL_SPELLED_FORMS: tuple[str, ...] = tuple(_DATA["school"]["spelled_forms"])
SCHOOL_NAME_WORDS: tuple[str, ...] = tuple(_DATA["school"]["name_words"])
NAV_TEXTS: tuple[str, ...] = tuple(_DATA["navigation"]["texts"])
FOUNDING_STEMS: tuple[str, ...] = tuple(_DATA["founding"]["stems"])
SIGNATURE_STEMS: tuple[str, ...] = tuple(_DATA["signature"]["stems"])
NAME_FILLER: tuple[str, ...] = tuple(_DATA["name_filler"]["words"])
NAME_PERIOD: tuple[str, ...] = tuple(_DATA["name_period"]["words"])
LIBRARY_TALK_STEMS: tuple[str, ...] = tuple(_DATA["library_talk"]["stems"])
SCHEDULE_CELLS: tuple[str, ...] = tuple(_DATA["schedule"]["cells"])
DATE_LINE_WORDS: tuple[str, ...] = tuple(_DATA["date_line"]["words"])
READ_MORE_TEXTS: tuple[str, ...] = tuple(_DATA["read_more"]["texts"])
TOPIC_PREPOSITIONS: frozenset[str] = frozenset(_DATA["topic"]["prepositions"])
FEED_DETAIL_WORDS: tuple[str, ...] = tuple(_DATA["date_line"]["details"])
FIGURE_WORDS_BEFORE: tuple[str, ...] = tuple(_DATA["figures"]["before"])
FIGURE_UNIT_STEMS: tuple[str, ...] = tuple(_DATA["figures"]["unit_stems"])
NUMBER_MARKS: tuple[str, ...] = tuple(_DATA["figures"]["number_marks"])
NOT_COUNT_STEMS: tuple[str, ...] = tuple(_DATA["figures"]["not_count_stems"])
NOT_COUNT_WORDS: frozenset[str] = frozenset(_DATA["figures"]["not_count_words"])
THOUSAND_STEMS: tuple[str, ...] = tuple(_DATA["figures"]["thousand_stems"])


def alternation(words: Iterable[str]) -> str:
    """A non-capturing regular-expression group of `words`, escaped, longest first (so a
    word is not cut short by its own beginning): alternation(["мар", "марта"]) ->
    "(?:марта|мар)"."""
    unique = sorted(set(words), key=lambda w: (-len(w), w))
    return "(?:" + "|".join(re.escape(w) for w in unique) + ")"


def month_forms(*cases: str, short: bool = False, english: bool = False) -> list[str]:
    """The months' forms in the given cases ("nominative", "genitive", "locative"), their
    short forms when `short`, and their English names when `english`."""
    forms = [getattr(m, case) for m in MONTHS for case in cases]
    if short:
        forms += [s for m in MONTHS for s in m.short]
    if english:
        forms += [e for m in MONTHS for e in m.english]
    return forms


def weekday_forms(*cases: str, short: bool = False, english: bool = False) -> list[str]:
    """The weekdays' forms in the given cases ("nominative", "accusative"), their short
    forms when `short`, and their English names when `english`."""
    forms = [getattr(d, case) for d in WEEKDAYS for case in cases]
    if short:
        forms += [d.short for d in WEEKDAYS]
    if english:
        forms += [d.english for d in WEEKDAYS if d.english]
    return forms


def month_number(word: str) -> int | None:
    """The number of a month written in any form: month_number("Сент.") == 9."""
    return MONTH_NUMBERS.get(word.lower().rstrip("."))


def library_pattern() -> str:
    """A regular expression for a word that names a library (its stems anywhere, its
    whole words on word bounds)."""
    return "|".join([*(re.escape(s) for s in LIBRARY_STEMS), *(rf"\b{re.escape(w)}\b" for w in LIBRARY_WORDS)])


def library_or_its_adjective_pattern() -> str:
    """A word that names a library or says a thing is the library's («библиотечный урок»)."""
    return "|".join([library_pattern(), *(re.escape(s) for s in LIBRARY_ADJECTIVE_STEMS)])


def librarian_pattern() -> str:
    """A regular expression for the librarian named at a word's start («Библиотекарь …»,
    «педагог-библиотекарь», «Заведующая библиотекой …»)."""
    return "|".join(rf"(?<![а-яё]){re.escape(w)}" for w in LIBRARIAN_WORDS)


def library_talk_pattern() -> str:
    """A word of a text about the library: a library's name, or a book or reader word at
    the start of a word («книг», «читател»)."""
    return "|".join([library_pattern(), *(rf"\b{re.escape(s)}" for s in LIBRARY_TALK_STEMS)])


def school_marks_pattern(short_kinds: bool = True) -> str:
    """Whole words that mark a school's or a centre's name: a legal form («МБОУ»), a kind
    of school («СОШ»; «СШ», «ЦО» too when `short_kinds`), a centre's name («ИБЦ»)."""
    marks = [*SCHOOL_LEGAL_FORMS, *SCHOOL_KINDS, *(SCHOOL_SHORT_KINDS if short_kinds else ()), *LIBRARY_WORDS]
    return r"\b" + alternation(marks) + r"\b"
