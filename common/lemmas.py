"""Russian words by their dictionary form: tokens, lemmas, sentences and phrase sets.

The rules name things in words («выставка», «учебник», «о библиотеке»), and pages write
them in any case and number («выставку», «выставкой», «учебниками»). This module reads
both sides on lemmas, so one listed word covers every inflected form:

- razdel cuts text into tokens and sentences (hyphenated words such as
  «педагог-библиотекарь» stay one token, and so do «10-00» and «18.09.17»);
- pymorphy3 with its Russian dictionaries gives each word form its normal form.

Lemmas are lower-case with «ё» written «е», so «Ёлка» and «елка» are one word.

Speed: a word form is analysed once (a bounded cache by form), and a text is tokenised
once (`tokens_of`, a cache bounded by both entries and characters), so grading reads
the same page text for several checks at the cost of one tokenisation.
"""
from __future__ import annotations

import bisect
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import razdel

if TYPE_CHECKING:
    import pymorphy3

# a word form's analysis is cached: about 200,000 forms cover a region's sites many times
LEMMA_CACHE_SIZE = 200_000
# razdel's pieces of one whitespace-free chunk («выставку,» «10-00»), kept by chunk
CHUNK_CACHE_SIZE = 200_000
CHUNK_CACHED_CHARS = 200  # a longer chunk (a code, a blob) is cut afresh each time
# tokenised texts kept for reuse: at most this many, and at most this many characters
TOKENS_CACHE_ENTRIES = 4096
TOKENS_CACHE_CHARS = 8_000_000
# a phrase word written "=форма" matches that word form only, not its other forms
EXACT_MARK = "="
MIN_COMPOUND_PART = 4  # a shorter part of a hyphenated noun («кол-во») is no word of its own
# decoration, not words: quotes between words do not break a phrase
_QUOTES = frozenset("«»\"'„“”‘’‹›")
# what may close a token that razdel left glued to it («17-00,»)
_TRAILING_PUNCT = ",;:!?)]}»\"'…"
_NUMBER_JOINERS = frozenset("-–—.:/,")

_analyzer: pymorphy3.MorphAnalyzer | None = None
_analyzer_lock = threading.Lock()


def _morph() -> pymorphy3.MorphAnalyzer:
    """The one analyser, built on first use (loading the dictionaries takes a moment)."""
    global _analyzer
    if _analyzer is None:
        with _analyzer_lock:
            if _analyzer is None:
                import pymorphy3

                _analyzer = pymorphy3.MorphAnalyzer(lang="ru")
    return _analyzer


def fold(text: str) -> str:
    """Lower case with «ё» as «е»: the spelling lemmas and exact forms are compared in."""
    return text.lower().replace("ё", "е")


@dataclass(frozen=True, slots=True)
class Token:
    """One token of a text: its spelling, its normal form and where it stands."""

    text: str
    lemma: str  # normal form, lower case, ё → е; for a non-word, the folded text
    start: int
    stop: int
    tag: str = ""  # pymorphy3's tag, "" for non-words
    is_word: bool = False
    is_number: bool = False
    # every normal form the dictionary allows for this form («стали»: сталь, стать)
    lemmas: frozenset[str] = frozenset()
    # every tag the dictionary allows («пришли»: прийти in the past, прислать imperative)
    tags: frozenset[str] = frozenset()

    @property
    def form(self) -> str:
        """The spelling as written, folded: what an exact ("=") phrase word compares."""
        return fold(self.text)


@dataclass(frozen=True, slots=True)
class _Analysis:
    lemma: str
    tag: str
    lemmas: frozenset[str]
    tags: frozenset[str]


@lru_cache(maxsize=LEMMA_CACHE_SIZE)
def _analyse(form: str) -> _Analysis:
    """The analysis of one lower-case word form (cached: the hot path of every check)."""
    morph = _morph()
    parses = morph.parse(form)
    best = parses[0]
    lemma = fold(best.normal_form)
    if morph.word_is_known(form):
        # a known word may have several dictionary readings; guesses for unknown words
        # are left out, their odd normal forms would match listed words by accident
        lemmas = frozenset(fold(p.normal_form) for p in parses) | {lemma}
        tags = frozenset(str(p.tag) for p in parses)
    else:
        lemmas = frozenset({lemma})
        tags = frozenset({str(best.tag)})
    if "-" in form.strip("-") and str(best.tag).startswith("NOUN"):
        lemmas |= _part_lemmas(form)
    return _Analysis(lemma, str(best.tag), lemmas, tags)


def _part_lemmas(form: str) -> frozenset[str]:
    """A hyphenated noun is also each of its noun parts: a «мини-выставка» is a «выставка»,
    an «игра-викторина» a «викторина», an «игра-путешествие» an «игра» (two nouns in
    apposition name one thing, and either may be the one the rulebook lists), so the rulebook
    need not list every compound. A part shorter than MIN_COMPOUND_PART («кол-во», «час-…»)
    is not read alone."""
    morph = _morph()
    found: set[str] = set()
    for part in (form.split("-", 1)[0], form.rsplit("-", 1)[1]):
        if len(part) >= MIN_COMPOUND_PART and morph.word_is_known(part):
            found |= {fold(p.normal_form) for p in morph.parse(part) if str(p.tag).startswith("NOUN")}
    return frozenset(found)


def lemma(word: str) -> str:
    """The normal form of one word, lower case, «ё» as «е»: lemma("Выставкой") == "выставка"."""
    return _analyse(word.lower()).lemma


def lemma_cache_info() -> object:
    """The word-form cache's hits, misses and bound (functools' CacheInfo)."""
    return _analyse.cache_info()


def _is_number(text: str) -> bool:
    """Digits, possibly joined by - – . : / , («10-00», «18.09.17», «1–4», «11 994» no)."""
    if not text[0].isdigit() or not text[-1].isdigit():
        return False
    return all(c.isdigit() or c in _NUMBER_JOINERS for c in text)


def _pieces(text: str) -> Iterable[tuple[int, int, str]]:
    """razdel's tokens, with closing punctuation it left glued to a token cut off."""
    for sub in razdel.tokenize(text):
        piece = sub.text
        cut = len(piece)
        while cut > 1 and piece[cut - 1] in _TRAILING_PUNCT:
            cut -= 1
        yield sub.start, sub.start + cut, piece[:cut]
        for i in range(cut, len(piece)):
            yield sub.start + i, sub.start + i + 1, piece[i]


# a piece's reading: text, lemma, tag, is_word, is_number, lemmas, tags
_Reading = tuple[str, str, str, bool, bool, frozenset[str], frozenset[str]]
_CHUNK = re.compile(r"\S+")


def _read(piece: str) -> _Reading:
    if any(c.isalpha() for c in piece):
        found = _analyse(piece.lower())
        return piece, found.lemma, found.tag, True, False, found.lemmas, found.tags
    folded = fold(piece)
    return piece, folded, "", False, _is_number(piece), frozenset({folded}), frozenset()


def _read_chunk(chunk: str) -> tuple[tuple[int, int, _Reading], ...]:
    return tuple((start, stop, _read(piece)) for start, stop, piece in _pieces(chunk))


# razdel never joins tokens across whitespace, so a text's tokens are its chunks' tokens;
# chunks repeat far more than texts do (menus, footers, common words), so they are cached
_read_chunk_cached = lru_cache(maxsize=CHUNK_CACHE_SIZE)(_read_chunk)


def tokenize(text: str) -> list[Token]:
    """Every token of `text` with its lemma and its character offsets in `text`."""
    tokens = []
    for chunk in _CHUNK.finditer(text):
        word = chunk.group()
        base = chunk.start()
        read = _read_chunk_cached if len(word) <= CHUNK_CACHED_CHARS else _read_chunk
        for start, stop, (piece, lem, tag, is_word, is_number, lemmas, tags) in read(word):
            tokens.append(Token(piece, lem, base + start, base + stop, tag, is_word, is_number, lemmas, tags))
    return tokens


class _TextCache:
    """Tokenised texts, least recently used first out, bounded by entries and characters."""

    def __init__(self, entries: int, chars: int) -> None:
        self.entries = entries
        self.chars = chars
        self._held = 0
        self._items: OrderedDict[str, tuple[Token, ...]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, text: str) -> tuple[Token, ...]:
        with self._lock:
            found = self._items.get(text)
            if found is not None:
                self._items.move_to_end(text)
                return found
        tokens = tuple(tokenize(text))
        if len(text) > self.chars:
            return tokens  # too big to keep: keeping it would push out everything else
        with self._lock:
            if text not in self._items:
                self._items[text] = tokens
                self._held += len(text)
                while len(self._items) > self.entries or self._held > self.chars:
                    old, _ = self._items.popitem(last=False)
                    self._held -= len(old)
        return tokens

    def __len__(self) -> int:
        return len(self._items)

    @property
    def held_chars(self) -> int:
        return self._held

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._held = 0


_TOKENS = _TextCache(TOKENS_CACHE_ENTRIES, TOKENS_CACHE_CHARS)


def tokens_of(text: str) -> tuple[Token, ...]:
    """`tokenize(text)`, shared: the same text is tokenised once while it stays cached."""
    return _TOKENS.get(text)


def tokens_cache() -> _TextCache:
    """The cache behind `tokens_of` (for tests and benchmarks: its size, `clear()`)."""
    return _TOKENS


# a quoted title may hold full stops («Ленинград. Блокада. Подвиг»): razdel's sentences that
# open a «…» are joined with the ones after it until it closes, up to this many
MAX_QUOTE_JOINS = 4


def sentences(text: str) -> list[tuple[int, int]]:
    """The (start, stop) character spans of the sentences of `text` (razdel), a quoted
    title with full stops inside kept in its sentence."""
    out: list[tuple[int, int]] = []
    joins = 0
    for s in razdel.sentenize(text):
        if out and joins and _open_quotes(text[out[-1][0]:out[-1][1]]) > 0:
            out[-1] = (out[-1][0], s.stop)
            joins -= 1
            continue
        out.append((s.start, s.stop))
        joins = MAX_QUOTE_JOINS
    return out


def _open_quotes(sentence: str) -> int:
    return sentence.count("«") - sentence.count("»")


def words(text: str) -> list[Token]:
    """The word tokens of `text` (letters in them), in order."""
    return [t for t in tokens_of(text) if t.is_word]


@dataclass(frozen=True, slots=True)
class PhraseMatch:
    """Where a listed phrase stands in a text."""

    phrase: str  # the phrase as listed
    start: int  # character offsets in the text
    stop: int
    first_token: int  # indexes into the text's matchable tokens (see PhraseSet.find)
    last_token: int


@dataclass(frozen=True, slots=True)
class _Key:
    """One phrase word: a lemma, or (exact) a folded word form. `also`: the word as written
    when it is itself a dictionary form other than its first reading's lemma: «устав» is first
    read as a gerund of «устать», yet a rulebook writes it meaning the statute («Уставом»)."""

    value: str
    exact: bool = False
    also: str = ""

    def matches(self, token: Token) -> bool:
        if self.exact:
            return token.form == self.value
        return self.value in token.lemmas or (bool(self.also) and self.also in token.lemmas)


def _matchable(tokens: Sequence[Token]) -> list[int]:
    """The indexes of the tokens a phrase is matched on: all but quotes."""
    return [i for i, t in enumerate(tokens) if t.text not in _QUOTES]


def _tokens(text: str | Sequence[Token]) -> Sequence[Token]:
    return tokens_of(text) if isinstance(text, str) else text


class PhraseSet:
    """Phrases of one or more words, matched on lemmas.

    Each phrase is lemmatised once; a text's tokens match a phrase when they are the
    phrase's tokens in the same order, each word by any of its normal forms, so
    «книжную выставку» matches «книжная выставка». Punctuation and numbers must stand
    as in the phrase; quotes are ignored on both sides. A word written with a leading
    "=" («=мая») matches that form only (folded: case and ё aside), for the rare word
    whose lemma is ambiguous or too broad.
    """

    def __init__(self, phrases: Iterable[str]) -> None:
        self.phrases: tuple[str, ...] = tuple(dict.fromkeys(p.strip() for p in phrases if p.strip()))
        self._order = {phrase: n for n, phrase in enumerate(self.phrases)}
        # the first word's key values -> (phrase, its keys), longest phrases first
        self._by_first: dict[str, list[tuple[str, tuple[_Key, ...]]]] = {}
        self._exact_first: dict[str, list[tuple[str, tuple[_Key, ...]]]] = {}
        for phrase in self.phrases:
            keys = self._keys(phrase)
            if not keys:
                raise ValueError(f"в словосочетании «{phrase}» нет ни одного слова")
            table = self._exact_first if keys[0].exact else self._by_first
            table.setdefault(keys[0].value, []).append((phrase, keys))
            if keys[0].also:
                table.setdefault(keys[0].also, []).append((phrase, keys))
        for table in (self._by_first, self._exact_first):
            for entries in table.values():
                entries.sort(key=lambda entry: -len(entry[1]))

    @staticmethod
    def _keys(phrase: str) -> tuple[_Key, ...]:
        keys: list[_Key] = []
        tokens = tokenize(phrase.replace(EXACT_MARK, " " + EXACT_MARK + " "))
        for token in (tokens[i] for i in _matchable(tokens)):
            if token.text == EXACT_MARK:
                keys.append(_Key("", exact=True))  # filled by the next token
            elif keys and keys[-1].exact and not keys[-1].value:
                keys[-1] = _Key(token.form, exact=True)
            elif token.is_word:
                own = token.form if token.form != token.lemma and token.form in token.lemmas else ""
                keys.append(_Key(token.lemma, also=own))
            else:
                keys.append(_Key(token.form))
        return tuple(k for k in keys if k.value)

    def __len__(self) -> int:
        return len(self.phrases)

    def __repr__(self) -> str:
        return f"PhraseSet({list(self.phrases)!r})"

    def _candidates(self, token: Token) -> Iterable[tuple[str, tuple[_Key, ...]]]:
        yield from self._exact_first.get(token.form, ())
        for value in token.lemmas:
            yield from self._by_first.get(value, ())

    def _at(self, tokens: Sequence[Token], index: list[int], i: int) -> list[PhraseMatch]:
        """The phrases starting at the i-th matchable token, longest first."""
        found = []
        for phrase, keys in dict(self._candidates(tokens[index[i]])).items():  # (once, if listed by two readings)
            end = i + len(keys)
            if end <= len(index) and all(k.matches(tokens[index[i + j]]) for j, k in enumerate(keys)):
                first, last = index[i], index[end - 1]
                found.append((len(keys), phrase, PhraseMatch(phrase, tokens[first].start,
                                                             tokens[last].stop, first, last)))
        found.sort(key=lambda f: (-f[0], self._order[f[1]]))
        return [f[2] for f in found]

    def find(self, text: str | Sequence[Token], overlapping: bool = False) -> list[PhraseMatch]:
        """The phrases standing in `text` (a string or its tokens), in text order.

        By default the longest phrase wins at each place and matches do not overlap
        («книжная выставка» rather than «выставка» inside it); `overlapping=True` gives
        every phrase at every place. Token indexes are those of `tokens_of(text)`.
        """
        tokens = _tokens(text)
        index = _matchable(tokens)
        matches: list[PhraseMatch] = []
        i = 0
        while i < len(index):
            here = self._at(tokens, index, i)
            if overlapping:
                matches.extend(here)
                i += 1
            elif here:
                matches.append(here[0])
                i = bisect.bisect_right(index, here[0].last_token)  # the token after the match
            else:
                i += 1
        return matches

    def matches(self, text: str | Sequence[Token]) -> bool:
        """Whether any phrase stands anywhere in `text`."""
        tokens = _tokens(text)
        index = _matchable(tokens)
        return any(self._at(tokens, index, i) for i in range(len(index)))

    def find_at_start(self, text: str | Sequence[Token]) -> PhraseMatch | None:
        """The longest phrase that starts at the first word of `text`, or None.

        Punctuation, numbers and quotes before the first word may be skipped («1. Новости»),
        or be the phrase's own beginning."""
        tokens = _tokens(text)
        index = _matchable(tokens)
        for i, at in enumerate(index):
            here = self._at(tokens, index, i)
            if here:
                return here[0]
            if tokens[at].is_word:
                break
        return None
