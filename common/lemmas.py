"""TEMPORARY stand-in (replaced by the helper's module at merge)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pymorphy3
import razdel

_MORPH = pymorphy3.MorphAnalyzer()


@dataclass(frozen=True)
class Token:
    text: str
    lemma: str
    start: int
    stop: int
    tag: str
    is_word: bool
    is_number: bool


@lru_cache(maxsize=200_000)
def _parse(word: str) -> tuple[str, str]:
    p = _MORPH.parse(word)[0]
    return p.normal_form.replace("ё", "е"), str(p.tag)


def lemma(word: str) -> str:
    return _parse(word.lower())[0]


def tokenize(text: str) -> list[Token]:
    out = []
    for t in razdel.tokenize(text):
        w = t.text
        is_word = any(c.isalpha() for c in w)
        is_number = any(c.isdigit() for c in w) and not is_word
        lem, tag = _parse(w.lower()) if is_word else (w.lower(), "")
        out.append(Token(w, lem, t.start, t.stop, tag, is_word, is_number))
    return out


def sentences(text: str) -> list[tuple[int, int]]:
    return [(s.start, s.stop) for s in razdel.sentenize(text)]


@dataclass(frozen=True)
class PhraseMatch:
    phrase: str
    start: int
    stop: int
    first_token: int
    last_token: int


class PhraseSet:
    def __init__(self, phrases):
        self.phrases = tuple(phrases)
        self._seqs = [(p, tuple(lemma(w) for w in p.split())) for p in self.phrases]

    def find(self, tokens):
        if isinstance(tokens, str):
            tokens = tokenize(tokens)
        words = [(i, t) for i, t in enumerate(tokens) if t.is_word or t.is_number]
        out = []
        for k in range(len(words)):
            for p, seq in self._seqs:
                if k + len(seq) <= len(words) and all(words[k + j][1].lemma == seq[j] for j in range(len(seq))):
                    i0, i1 = words[k][0], words[k + len(seq) - 1][0]
                    out.append(PhraseMatch(p, tokens[i0].start, tokens[i1].stop, i0, i1))
        return out

    def matches(self, text):
        return bool(self.find(text))
