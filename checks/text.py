"""Normalised words and phrase matching for Russian section names.

Pages name the same section in many word forms ("Положение о библиотеке / об ИБЦ / о
школьном ИБЦ"), so names are matched on normalised, stemmed words, never on exact
strings:

- `normalise`: lowercase, ё→е, every run of non-letters/digits becomes one space;
- `stem`: strips one Russian inflectional ending (keeps a stem of at least 3 letters);
- two stems match when they are equal, or when the shorter is long (≥ 6 letters) and a
  prefix of the other, or (≥ 7 letters) a prefix of it but for its last letter ("выставк" / "выставок", "информац" /
  "информационн");
- a name's word written with `=` ("=педагогам") matches that very form only, so «29
  педагогов» is not the section «Педагогам»;
- a `Phrase` (a rulebook name) matches a text when its content words (stop words such as
  "о", "об", "на" dropped) occur in the text in order, with at most `GAP` other words
  between two of them ("положение о школьном ИБЦ" matches "положение об ИБЦ");
- a phrase that opens with a stop word ("о библиотеке", "об ИБЦ", "в помощь педагогу")
  keeps its stop words and must open the text: "о библиотеке" must not match every
  "библиотека", nor "Положение о библиотеке".
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from checks.tuning import GAP, MIN_PREFIX, STEM_EXTRA_LETTERS

_NON_WORD = re.compile(r"[^0-9a-zа-я]+")

STOP_WORDS = frozenset(
    ["о", "об", "обо", "в", "во", "на", "и", "или", "для", "по", "с", "со", "к", "ко", "за", "из", "от", "до", "у", "а", "the", "of", "and"]
)

# Inflectional endings, longest first; one is stripped from a word of 4+ letters.
_ENDINGS = sorted(
    ["иями", "ями", "ами", "иях", "ях", "ах", "ией", "ием", "ей", "ем", "ом", "ой", "ий", "ый", "ая", "яя", "ое", "ее", "ые", "ие", "ых", "их", "ым", "им", "ыми", "ими", "ого", "его", "ому", "ему", "ую", "юю", "ов", "ев", "ию", "ия", "ии", "ья", "ье", "ьи", "ью", "ью", "а", "я", "ы", "и", "е", "о", "у", "ю", "ь", "й"],
    key=len,
    reverse=True,
)


def normalise(text: str) -> str:
    """Lowercase, ё→е, punctuation and symbols to single spaces, trimmed; a word set in
    spaced capitals is one word again («П Л А Н РАБОТЫ» → «план работы»)."""
    if _SPACED_HINT.search(text):  # (the cheap test first: every text of a page passes here)
        text = _SPACED_CAPITALS.sub(lambda m: m.group(0).replace(" ", ""), text)
    return _NON_WORD.sub(" ", text.lower().replace("ё", "е")).strip()


# a word set in spaced capitals, three letters or more: «П Л А Н»; the hint is what such a word
# must hold, and is found twice as fast
_SPACED_CAPITALS = re.compile(r"(?<!\S)[А-ЯЁ](?: [А-ЯЁ]){2,}(?!\S)")
_SPACED_HINT = re.compile(r"[А-ЯЁ] [А-ЯЁ] ")


_STOP_FORMS = {"об": "о", "обо": "о", "во": "в", "со": "с", "ко": "к"}


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """Strip one inflectional ending, keeping at least three letters."""
    if word in _STOP_FORMS:
        return _STOP_FORMS[word]
    if len(word) < 4 or not word.isalpha():
        return word
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


class Stem(str):
    """A text word's stem that remembers the word as written (for `=form` names)."""

    form: str

    def __new__(cls, value: str, form: str) -> Stem:
        obj = super().__new__(cls, value)
        obj.form = form
        return obj


EXACT = "="  # a name's word written "=педагогам" matches that form only, not "педагогов"


def stems_match(a: str, b: str) -> bool:
    """Whether a name's stem `a` matches a text's stem `b` (the hot path of every name)."""
    if a == b:
        return True
    if a.startswith(EXACT):
        return a[1:] == getattr(b, "form", b)
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) < MIN_PREFIX or len(long_) - len(short) > STEM_EXTRA_LETTERS:
        return False  # (a compound is another word: «документовыдача» is no «документ»)
    if long_.startswith(short):
        return True
    return len(short) >= MIN_PREFIX + 1 and long_.startswith(short[:-1])


def words(text: str) -> list[str]:
    return normalise(text).split()


def content_stems(text: str) -> list[str]:
    """The stems of the text's words, stop words dropped."""
    return [stem(w) for w in words(text) if w not in STOP_WORDS]


def all_stems(text: str) -> list[str]:
    """The stems of all the text's words (what phrases are matched against); each keeps its
    word as written, for names that want one form."""
    return [Stem(stem(w), w) for w in words(text)]


@dataclass(frozen=True)
class Phrase:
    """One name of a section (or a marker), ready for matching."""

    source: str
    stems: tuple[str, ...]
    strict: bool = False  # opens with a stop word: matched at the start of the text only
    prefixes: frozenset[str] = frozenset()  # set from the stems (see __post_init__)

    @classmethod
    def of(cls, text: str) -> Phrase:
        exact = {normalise(w) for w in text.split() if w.startswith(EXACT)}
        ws = words(text)

        def key(w: str) -> str:
            return EXACT + w if w in exact else stem(w)

        if ws and ws[0] in STOP_WORDS:
            return cls(text, tuple(key(w) for w in ws), strict=True)
        return cls(text, tuple(key(w) for w in ws if w not in STOP_WORDS))

    def __post_init__(self) -> None:
        # the first three letters of each word: a text that lacks one cannot hold the name
        # (two stems match only when they begin alike), so most names are ruled out at once
        object.__setattr__(self, "prefixes", _prefixes(self.stems))

    def found_in(self, text_stems: Sequence[str]) -> bool:
        return self.position(text_stems) >= 0

    def position(self, text_stems: Sequence[str]) -> int:
        """Where the phrase starts in the text (its first word's index), or -1."""
        if not self.stems:
            return -1
        first, rest = self.stems[0], self.stems[1:]
        starts = text_stems[:1] if self.strict else text_stems
        for start, word in enumerate(starts):
            if stems_match(first, word) and _rest_follows(rest, text_stems, start + 1):
                return start
        return -1


@lru_cache(maxsize=4096)
def _prefixes(stems: tuple[str, ...]) -> frozenset[str]:
    return frozenset(s.lstrip(EXACT)[:3] for s in stems)


def text_prefixes(text_stems: Sequence[str]) -> frozenset[str]:
    """What `Phrase.prefixes` is checked against: the first three letters of each word."""
    return frozenset(s[:3] for s in text_stems)


# a conjunction inside a gap joins two attributes of one word («новая художественная и
# методическая литература»): it adds no word of its own to the gap
_GAP_JOINS = frozenset({"и", "или"})


def _rest_follows(rest: Sequence[str], text_stems: Sequence[str], pos: int) -> bool:
    for needed in rest:
        skipped = 0
        for at in range(pos, len(text_stems)):
            word = text_stems[at]
            if stems_match(needed, word):
                pos = at + 1
                break
            if word not in _GAP_JOINS:
                skipped += 1
                if skipped > GAP:
                    return False
        else:
            return False
    return True


class PhraseSet:
    """A list of phrases; `match(text)` returns the first phrase found in the text."""

    def __init__(self, phrases: Iterable[str]) -> None:
        self.phrases = [Phrase.of(p) for p in phrases if p.strip()]

    def match(self, text: str | Sequence[str]) -> Phrase | None:
        """The first phrase found in `text` (a string, or its `all_stems`)."""
        text_stems = all_stems(text) if isinstance(text, str) else text
        for phrase in self.phrases:
            if phrase.found_in(text_stems):
                return phrase
        return None

    def __bool__(self) -> bool:
        return bool(self.phrases)


@lru_cache(maxsize=10_000)
def _normalised_phrase(phrase: str) -> str:
    return normalise(phrase)


def strip_phrases(text: str, phrases: Iterable[str]) -> str:
    """The normalised text with every normalised phrase cut out (for empty markers)."""
    norm = normalise(text)
    for phrase in phrases:
        target = _normalised_phrase(phrase)
        if target and target in norm:
            norm = re.sub(rf"(?<!\S){re.escape(target)}(?!\S)", " ", norm)
    return " ".join(norm.split())


def letters_count(text: str) -> int:
    """How many letters and digits the text holds (what 'something written' means)."""
    return len(_NON_WORD.sub("", text.lower().replace("ё", "е")))


# -- file names: "plan-raboty-ibts-na-2026-2027.pdf" names "План работы ИБЦ" -------------

_TRANSLIT = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
    "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}
# transliteration schemes differ (ц: ts/c/tc, х: kh/h, ж: zh/j, й: y/j/i); a skeleton of
# consonants, with the digraphs folded, is what they share
_DIGRAPHS = (("shch", "s"), ("sch", "s"), ("sh", "s"), ("ch", "c"), ("zh", "z"), ("kh", "h"),
             ("ts", "c"), ("tc", "c"), ("tz", "c"), ("x", "h"), ("w", "v"))
_VOWELS = re.compile(r"[aeiouyj]+")
MIN_SKELETON = 2


@lru_cache(maxsize=50_000)
def skeleton(word: str) -> str:
    """The consonant skeleton of a word in Latin or Cyrillic letters ("работы" → "rbt")."""
    latin = "".join(_TRANSLIT.get(ch, ch) for ch in word.lower().replace("ё", "е"))
    for digraph, single in _DIGRAPHS:
        latin = latin.replace(digraph, single)
    return _VOWELS.sub("", re.sub(r"[^a-z]", "", latin))


def slug_names(phrase: Phrase, slug_words: Sequence[str]) -> bool:
    """Does a file name's words (transliterated) hold the phrase's content words in order?
    Only phrases of two content words or more: one short word would match too much."""
    wanted = [skeleton(s) for s in phrase.stems if s not in STOP_WORDS]
    if len(wanted) < 2 or any(len(w) < MIN_SKELETON for w in wanted):
        return False
    skeletons = [skeleton(w) for w in slug_words]
    pos = 0
    for need in wanted:
        for i in range(pos, min(len(skeletons), pos + GAP + 1)):
            if skeletons[i].startswith(need) or (len(skeletons[i]) >= 3 and need.startswith(skeletons[i])):
                pos = i + 1
                break
        else:
            return False
    return True
