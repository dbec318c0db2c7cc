"""Content dates in text and URLs, and the rules that reject dates that are not updates.

Forms read (CHECKLIST.md): `12 марта 2025[, 10:28]`, `12 Март 2025` (Joomla's nominative
months), `12 мар. 2025`, `12.03.2025[, 14:22]`, ISO 8601 (`2025-03-12`, `<time datetime>`),
`2025.09.29` (signature stamps), and dates inside URLs (`/news/2025-03-12`,
`/2025/03/12/slug`); also `28/10/2026`, `28-10-2026`, `28.10.26` (after "Добавлено",
"Опубликовано", "Дата" …, before a time or «г.», opening a line, or closing a sentence
«…урок 18.09.17.»), month first (`Октябрь 27, 2021`) and, given
the fetch date, relative dates (`вчера`, `3 дня назад`, `сегодня, 10:15`).

Own regular expressions, not dateparser or htmldate, because (measured on this project's
samples): `dateparser.search.search_dates` reads `01.09.2019` as 9 January (month first),
turns bare years ("© 2014–2026") into dates, and takes ~100 ms per text;
`htmldate.find_date` returns one date per page with no context, so it cannot tell a widget
or an order date from a news date, and takes ~0.2 s per page. A grading of 135 centres
must take seconds.

`judge_context` rejects, from the words around a date (rulebook `[freshness]` lists):
- `order`: the date of an order or a document ("утверждено приказом от 01.09.2019",
  "Приказ № 215 от 01.09.2019", "от 01.09.2019 № 215");
- `anniversary`: birth years, anniversaries ("130 лет со дня рождения ... (1892)"), and
  every date before `min_year`;
- `widget`: the current date shown by a site widget ("Пятница, 26.04.2024, 21:19"): a date
  within `widget_tolerance_days` of the fetch date next to a weekday or "сегодня";
- `founding`: "Библиотека основана 1 сентября 2006 г.";
- `signature`: an electronic-signature stamp ("Действителен с 2026.09.29");
and marks `label` dates ("Обновлено: 12.03.2025"). Dates after the audit date (future
events) are rejected by the caller, which knows the audit date.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import parse_qsl, unquote, urlsplit

from checks.rulebook import FreshnessRules
from checks.text import normalise
from checks.tuning import ORDER_NUMBER_CHARS, SENTENCE_REACH
from common import words
from common.lemmas import tokens_of

# a month's name or its short form («сентября», «Сентябрь», «сент.», «March»): common/words.toml
_MONTH_WORD = "(" + words.alternation(words.month_forms("nominative", "genitive", short=True, english=True)) + r")\.?"
_TIME = r"(?:\s*(?:,|\s|в)\s*(\d{1,2}):(\d{2}))?"
_WORDS = re.compile(
    r"(?<!\d)(\d{1,2})\s+" + _MONTH_WORD + r",?\s+(\d{4})(?!\d)(?:\s*г(?:ода|\.)?)?" + _TIME,
    re.IGNORECASE,
)
# month first: «Октябрь 27, 2021», «октября 27, 2021 г.» (some WordPress themes)
_MONTH_FIRST = re.compile(
    r"(?<![\w])" + _MONTH_WORD + r"\s+(\d{1,2}),?\s+(\d{4})(?!\d)(?:\s*г(?:ода|\.)?)?" + _TIME,
    re.IGNORECASE,
)
# relative dates, counted from the day the page was fetched: «вчера», «3 дня назад»,
# «неделю назад», «5 часов назад»; «сегодня» / «вчера» only as a post's date (followed by a
# time, or alone on its line), never inside a sentence («Сегодня это центр …»)
_RELATIVE_AGO = re.compile(
    r"(?<![\w])(?:(\d{1,3})\s+|(одну|один|две|два|три|четыре|пять|шесть)\s+)?"
    r"(дн(?:я|ей)|день|недел[юиь]|месяц(?:а|ев)?|час(?:а|ов)?|минут[ыу]?|секунд[ыу]?)\s+назад"
    + _TIME,
    re.IGNORECASE,
)
_RELATIVE_DAY = re.compile(r"(?<![\w])(сегодня|вчера|позавчера)\b" + _TIME, re.IGNORECASE)
_NUMBER_WORDS = {"один": 1, "одну": 1, "два": 2, "две": 2, "три": 3, "четыре": 4, "пять": 5, "шесть": 6}
_UNIT_DAYS = {"дн": 1, "де": 1, "не": 7, "ме": 30, "ча": 0, "ми": 0, "се": 0}
_DAY_WORDS = {"сегодня": 0, "вчера": 1, "позавчера": 2}
# not after a digit or a number's dot («1.14.11.2023»), but after an abbreviation's dot
# («ред.14.11.2023», «обн.01.09.2026»)
_DOTS = re.compile(r"(?<!\d)(?<!\d\.)(\d{1,2})\.(\d{1,2})\.(\d{4})(?![\d])(?:\s*г(?:ода|\.)?)?" + _TIME)
# 28/10/2026, 28-10-2026 (some themes and Битрикс templates)
_SLASHES = re.compile(r"(?<![\d/\-.])(\d{1,2})([/-])(\d{1,2})\2(\d{4})(?![\d/\-])" + _TIME)
# 28.10.26: a two-digit year only where the context dates something (`_short_year_dated`):
# after a publication label, before a time of day or «г.», opening a line («18.09.17 в ИБЦ
# прошёл…») or closing a sentence («…прошёл урок 18.09.17.»); never inside a longer run of
# numbers («1.10.26.5», an address 10.10.10.10)
_SHORT_YEAR = re.compile(
    r"(?:(?:добавлено|опубликовано|дата|создано|обновлено|изменено)\W{0,4}\s*)?"
    r"(?<![\d.])(\d{1,2})\.(\d{2})\.(\d{2})(?!\d)(?!\.\d)(\s*г(?:ода|\.)?(?!\w))?" + _TIME,
    re.IGNORECASE)
# what opens a line before a date that opens it: a list mark, a bracket
_LINE_LEAD = " \t•·*–—-(["
# a phone written with dots («тел. 22.12.13») is not a date
_PHONE_BEFORE = re.compile(r"(?:тел|телефон|факс|т)\.?\s*:?\s*$", re.IGNORECASE)
_STAMP = re.compile(r"(?<![\d.])(\d{4})\.(\d{2})\.(\d{2})(?![\d.])")
_ISO = re.compile(r"(?<![\d\-])(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?(?![\d])")
# a news site's path may drop the leading zeros (`/2024/7/12/131915`): a one-digit day must
# end its path segment, or `/2023/10/5-klass…` would read a post's name as its day
_URL_DATE = re.compile(r"(?<!\d)(\d{4})([-/_])(\d{1,2})\2(\d{2}(?!\d)|\d(?=/|$))")
# the rest of a Blogspot post's name after its leading figures: `.html`, `_25.html`
_BLOG_POST_NAME = re.compile(r"(?:_\d+)?\.html?$", re.IGNORECASE)
# Joomla makes an alias of the creation time when a title has no Latin letters
# (`/2017-01-13-21-30-20/biblioteka/item/352-…`): in a folder it dates the category, not the post
_JOOMLA_ALIAS_TIME = re.compile(r"-\d{2}-\d{2}-\d{2}(?=/)")
# a static site's page named by its day, Russian order: `/31_01_13.htm`, `/12-03-2019.html`
_URL_DAY_NAME = re.compile(r"/(\d{1,2})([-_.])(\d{1,2})\2(\d{4}|\d{2})\.s?html?$", re.IGNORECASE)
# a post's alias that opens with its day, Russian order, after the CMS's number:
# `/193-02-12-2014-mezhdunarodnyj-den-invalidov` (in the last segment only: a folder's
# date dates the category)
_URL_DAY_SLUG = re.compile(r"/(?:\d+-)?(\d{1,2})-(\d{1,2})-(\d{4})(?:-[^/]*)?/?$")
# a post named by its creation time, `news/22-04-19_13-18-47` (day, month, two-digit
# year, then the time): the time makes the two-digit year safe to read
_URL_TIME_NAME = re.compile(r"(?<![\d-])(\d{2})-(\d{2})-(\d{2})_([01]\d|2[0-3])-[0-5]\d-[0-5]\d(?![\d-])")


@dataclass(frozen=True)
class FoundDate:
    """One date in a text: where it stands, and whether a time of day follows it."""

    date: dt.date
    start: int
    end: int
    has_time: bool
    form: str  # words | dots | stamp | iso | relative


def _month(word: str) -> int | None:
    return words.month_number(word)


def _make(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _short_year_dated(text: str, m: re.Match[str]) -> bool:
    """Does the context make `dd.mm.yy` a date: a label before it, a time or «г.» after it,
    or a zero-padded day that opens a line or closes a sentence? A one-digit day without
    these is a section or version number («1.10.26.»), and a phone's digits follow «тел.»."""
    if m.start(1) > m.start() or m.group(4) or m.group(5):
        return True
    if len(m.group(1)) != 2 or _PHONE_BEFORE.search(text[max(0, m.start(1) - 12): m.start(1)]):
        return False
    line_start = text.rfind("\n", 0, m.start(1)) + 1
    if not text[line_start: m.start(1)].strip(_LINE_LEAD):
        return True
    return text[m.end(): m.end() + 1] == "." and not text[m.end() + 1: m.end() + 2].strip()


def _short_year_dates(text: str, fetched: dt.date | None) -> list[FoundDate]:
    """`dd.mm.yy` dates (`_short_year_dated`), none after the fetch year. Lines numbered
    «12.10.14.», «12.10.15.» (a regulation's points: the same day and month, another
    "year") are numbering, not dates."""
    found = []
    for m in _SHORT_YEAR.finditer(text):
        day = _make(2000 + int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if day and (fetched is None or day.year <= fetched.year) and _short_year_dated(text, m):
            found.append(FoundDate(day, m.start(1), m.end(), m.group(5) is not None, "dots"))
    years: dict[tuple[int, int], set[int]] = {}
    for f in found:
        years.setdefault((f.date.month, f.date.day), set()).add(f.date.year)
    return [f for f in found if len(years[(f.date.month, f.date.day)]) == 1]


def _relative_dates(text: str, fetched: dt.date) -> list[FoundDate]:
    found = []
    for m in _RELATIVE_AGO.finditer(text):
        count = int(m.group(1)) if m.group(1) else _NUMBER_WORDS.get((m.group(2) or "").lower(), 1)
        unit = _UNIT_DAYS[m.group(3).lower()[:2]]
        hours = count if m.group(3).lower().startswith("час") else 0
        days = count * unit + hours // 24
        found.append(FoundDate(fetched - dt.timedelta(days=days), m.start(), m.end(),
                               m.group(4) is not None, "relative"))
    for m in _RELATIVE_DAY.finditer(text):
        has_time = m.group(2) is not None
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end())
        rest = text[m.end(): len(text) if line_end < 0 else line_end].strip(" ,.:;–—-\t")
        if has_time or (not text[line_start:m.start()].strip() and not rest):
            days = _DAY_WORDS[m.group(1).lower()]
            found.append(FoundDate(fetched - dt.timedelta(days=days), m.start(), m.end(), has_time, "relative"))
    return found


# A line is read for dates many times over (as a feed item, a post's date line, a
# section's content); remembering the short ones saves most of the date scanning.
_CACHED_TEXT_CHARS = 300
_CACHED_TEXTS = 4096


def find_dates(text: str, fetched: dt.date | None = None) -> list[FoundDate]:
    """Every date in `text`, in order, in any of the forms above (overlaps removed);
    relative dates («вчера», «3 дня назад») too when the fetch date is known."""
    if len(text) <= _CACHED_TEXT_CHARS:
        return list(_find_dates_in_line(text, fetched))
    return _find_dates(text, fetched)


@lru_cache(maxsize=_CACHED_TEXTS)
def _find_dates_in_line(text: str, fetched: dt.date | None) -> tuple[FoundDate, ...]:
    return tuple(_find_dates(text, fetched))


def _find_dates(text: str, fetched: dt.date | None) -> list[FoundDate]:
    found: list[FoundDate] = []
    for m in _MONTH_FIRST.finditer(text):
        month = _month(m.group(1))
        day = _make(int(m.group(3)), month, int(m.group(2))) if month else None
        if day:
            found.append(FoundDate(day, m.start(), m.end(), m.group(4) is not None, "words"))
    if fetched is not None:
        found += _relative_dates(text, fetched)
    for m in _WORDS.finditer(text):
        month = _month(m.group(2))
        day = _make(int(m.group(3)), month, int(m.group(1))) if month else None
        if day:
            found.append(FoundDate(day, m.start(), m.end(), m.group(4) is not None, "words"))
    for m in _DOTS.finditer(text):
        day = _make(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if day:
            found.append(FoundDate(day, m.start(), m.end(), m.group(4) is not None, "dots"))
    for m in _SLASHES.finditer(text):
        day = _make(int(m.group(4)), int(m.group(3)), int(m.group(1)))
        if day:
            found.append(FoundDate(day, m.start(), m.end(), m.group(5) is not None, "dots"))
    found += _short_year_dates(text, fetched)
    for m in _STAMP.finditer(text):
        day = _make(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if day:
            found.append(FoundDate(day, m.start(), m.end(), False, "stamp"))
    for m in _ISO.finditer(text):
        day = _make(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if day:
            found.append(FoundDate(day, m.start(), m.end(), m.group(4) is not None, "iso"))
    found.sort(key=lambda f: (f.start, -f.end))
    result: list[FoundDate] = []
    for item in found:
        if result and item.start < result[-1].end:
            continue
        result.append(item)
    return result


def parse_iso(value: str) -> dt.date | None:
    """The date of an ISO 8601 value (`<time datetime>`, meta tags, JSON)."""
    m = _ISO.search(value.strip())
    return _make(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None


def dates_in_url(url: str) -> list[dt.date]:
    """Dates in a URL: `/news/2025-03-12`, `/2025/03/12/slug`, `/2025_03_12.pdf`,
    `/31_01_13.htm`, `/193-02-12-2014-slug`, `?p=news/22-04-19_13-18-47`, a calendar's
    day view `?day=23&month=09&year=2022`."""
    parts = urlsplit(url)
    path = unquote(parts.path)
    out = []
    for m in _URL_DATE.finditer(path):
        if m.group(2) == "/" and _BLOG_POST_NAME.match(path, m.end()):
            # a Blogspot post /2024/04/22.html or /2010/10/25_25.html: the month, then the post's
            # name made of its title's figures (and a number against doubles), not a day
            continue
        if _JOOMLA_ALIAS_TIME.match(path, m.end()) and "/" in path[m.end():].strip("/"):
            continue  # a Joomla category's alias made of its creation time: not the post's date
        day = _make(int(m.group(1)), int(m.group(3)), int(m.group(4)))
        if day:
            out.append(day)
    query = dict(parse_qsl(parts.query))
    if all(query.get(key, "").isdigit() for key in ("day", "month", "year")):
        # a calendar's day view: `index.php?day=23&month=09&year=2022`
        day = _make(int(query["year"]), int(query["month"]), int(query["day"]))
        if day:
            out.append(day)
    named = _URL_DAY_NAME.search(path)
    if named:
        year = int(named.group(4))
        day = _make(year if year > 99 else 2000 + year, int(named.group(3)), int(named.group(1)))
        if day and day not in out:
            out.append(day)
    slug = _URL_DAY_SLUG.search(path)
    if slug:
        day = _make(int(slug.group(3)), int(slug.group(2)), int(slug.group(1)))
        if day and day not in out:
            out.append(day)
    for stamp in _URL_TIME_NAME.finditer(f"{path}?{unquote(parts.query)}"):
        day = _make(2000 + int(stamp.group(3)), int(stamp.group(2)), int(stamp.group(1)))
        if day and day not in out:
            out.append(day)
    for found in find_dates(path.replace("/", " ").replace("_", " ")):
        if found.form in ("dots", "stamp") and found.date not in out:
            out.append(found.date)
    return out


# -- context ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ContextRules:
    """The word lists of the rulebook's `[freshness]`, prepared for `judge_context`."""

    update_labels: tuple[str, ...]
    order_words: tuple[str, ...]
    anniversary_words: tuple[str, ...]
    widget_words: tuple[str, ...]
    future_words: tuple[str, ...]
    today_words: tuple[str, ...]
    anniversary_sentence_words: tuple[str, ...]
    min_year: int
    widget_tolerance_days: int

    @classmethod
    def of(cls, rules: FreshnessRules) -> ContextRules:
        return cls(
            update_labels=tuple(normalise(x) for x in rules.update_labels),
            order_words=tuple(normalise(x) for x in rules.order_words),
            anniversary_words=tuple(normalise(x) for x in rules.anniversary_words),
            widget_words=tuple(normalise(x) for x in rules.widget_words),
            future_words=tuple(normalise(x) for x in rules.future_words),
            today_words=tuple(normalise(x) for x in rules.today_words),
            anniversary_sentence_words=tuple(normalise(x) for x in rules.anniversary_sentence_words),
            min_year=rules.min_year,
            widget_tolerance_days=rules.widget_tolerance_days,
        )


# a site's clock: the weekday, the date and the time on one line («Суббота, 27.04.2024, 02:49»,
# uCoz's header) is today's date whenever the page was saved, not a post's date
_CLOCK_LINE = re.compile(
    r"^\s*" + words.alternation(words.weekday_forms("nominative")) + r",?\s+\d{1,2}\.\d{2}\.\d{4},?\s+\d{1,2}:\d{2}\s*$",
    re.IGNORECASE)  # matched against the date's own line

# a founding date ("Библиотека основана 1 сентября 2006 г.") is history, not an update;
# kept in code beside the rulebook's lists ("создано" is Joomla's publication label)
FOUNDING_WORDS = words.FOUNDING_STEMS

# an electronic-signature stamp dates the signing of a document ("Документ подписан
# электронной подписью … Действителен с 2026.09.29"), not an update of the page
SIGNATURE_WORDS = words.SIGNATURE_STEMS

_DOC_WORDS = ("положени", "правил", "устав", "программ", "документ", "письм", "порядок", "инструкц")
_NUMBER_AFTER = re.compile(r"^\s*(?:г(?:ода|\.)?\s*)?(?:№|n\s*\d|no\.?\s*\d)", re.IGNORECASE)
# a normative act's code just before its date: «СанПиН 2.4.3648-20 от 28.09.2020»,
# «МР 3.1/2.1.0195-20 (19.06.2020)», «273-ФЗ от 29.12.2012», «№ 152-ФЗ, 27.07.2006»; dotted
# groups, then «-» or «/», so that neither a date («12.03.2024 (вторник)») nor a class («10-А»)
# reads as a code
_CODE_BEFORE = re.compile(r"(?:\d+(?:\.\d+)+[-/][\w./-]*\w|\d+-ФЗ)\s*(?:от\s*|\(\s*|,\s*)$", re.IGNORECASE)


def _starts(word: str, stems: Sequence[str]) -> bool:
    return any(word.startswith(s) for s in stems)


_SENTENCE_END = re.compile(r"[!?\n]|\.\s")


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence text[start:end] stands in (up to SENTENCE_REACH characters either side):
    a date's, or a section pattern's match (`checks.sections.content_match`)."""
    before = text[max(0, start - SENTENCE_REACH) : start]
    after = text[end : end + SENTENCE_REACH]
    ends = list(_SENTENCE_END.finditer(before))
    first = ends[-1].end() if ends else 0
    stop = _SENTENCE_END.search(after)
    return before[first:] + text[start:end] + (after[: stop.start()] if stop else after)


def _only_future(sentence: str) -> bool:
    """Does the sentence tell only of what will be: a verb in the future tense («занятия
    начнутся 12 января», «примет участие 12 марта») and none in the past?"""
    tenses = {("futr" if "futr" in t.tag else "past") for t in tokens_of(sentence)
              if t.tag.startswith("VERB") and ("futr" in t.tag or "past" in t.tag)}
    return tenses == {"futr"}


def judge_context(
    text: str, found: FoundDate, rules: ContextRules, fetched: dt.date | None = None
) -> str | None:
    """Why the date is not an update (`order`, `anniversary`, `founding`, `signature`,
    `widget`, `future` for an announced event), `label` for an
    "обновлено …" date, or None for an ordinary content date."""
    if found.date.year < rules.min_year:
        return "anniversary"
    before_raw = text[max(0, found.start - 80) : found.start]
    after_raw = text[found.end : found.end + 60]
    before = normalise(before_raw).split()[-6:]
    after = normalise(after_raw).split()[:6]
    near = before[-3:] + after[:3]
    near_fetch = fetched is not None and abs((found.date - fetched).days) <= rules.widget_tolerance_days
    if before and before[-1] in rules.today_words and not near_fetch:
        return None  # «Сегодня, 15 октября 2024, исполняется 210 лет…»: the day of writing
    single = tuple(w for w in rules.anniversary_words if " " not in w)
    phrases = tuple(w for w in rules.anniversary_words if " " in w)  # «лет со дня»
    window = " " + " ".join(before + after) + " "
    if any(_starts(w, single) for w in near) or any(f" {p} " in window for p in phrases):
        return "anniversary"
    raw_sentence = sentence_around(text, found.start, found.end)
    sentence = " " + " ".join(normalise(raw_sentence).split()) + " "
    if any(f" {word} " in sentence for word in rules.anniversary_sentence_words):
        return "anniversary"  # «1 мая 2024 года писателю исполнилось бы 100 лет»
    if any(_starts(w, FOUNDING_WORDS) for w in before[-3:]):
        return "founding"
    if any(_starts(w, SIGNATURE_WORDS) or w == "эп" for w in before[-6:] + after[:3]):
        return "signature"
    line_start = text.rfind("\n", 0, found.start) + 1
    line_end = text.find("\n", found.end)
    if _CLOCK_LINE.match(text[line_start : line_end if line_end >= 0 else len(text)]):
        return "widget"
    if (
        near_fetch
        and found.form != "relative"
        and any(w in rules.widget_words for w in before[-3:] + after[:1])
    ):
        return "widget"
    if any(f" {word} " in sentence for word in rules.future_words) or _only_future(raw_sentence):
        return "future"  # «с 9 по 15 февраля пройдёт акция»: an announced event, not an update
    label_zone = " " + " ".join(before[-4:]) + " "
    if " в ред " in label_zone:
        return "order"  # «№ 51-ФЗ от 30.11.1994, в ред. от 06.12.2011»: an act's edition, not the page's
    if any(f" {label} " in label_zone for label in rules.update_labels):  # whole words: «ред», not «среда»
        return "label"
    if any(_starts(w, rules.order_words) for w in before[-5:]):
        return "order"
    if _NUMBER_AFTER.match(after_raw) or _CODE_BEFORE.search(before_raw):
        return "order"
    if after and _starts(after[0], rules.order_words) and "№" in after_raw[:ORDER_NUMBER_CHARS]:
        return "order"  # «30.08.2013, протокол № 1» under a document's approval block
    if before and before[-1] == "от" and ("№" in before_raw or any(_starts(w, _DOC_WORDS) for w in before)):
        return "order"
    return None

