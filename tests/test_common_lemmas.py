"""Russian words by their dictionary form (common/lemmas.py): one listed word covers every
inflected form, offsets point into the original text, and the caches stay bounded."""
from __future__ import annotations

import pytest

from common import lemmas
from common.lemmas import PhraseSet, Token, lemma, sentences, tokenize, tokens_of


@pytest.mark.parametrize(("form", "normal"), [
    ("выставку", "выставка"), ("выставкой", "выставка"), ("выставки", "выставка"),
    ("учебниками", "учебник"), ("Учебников", "учебник"), ("педагогам", "педагог"),
    ("новостях", "новость"), ("Ёлка", "елка"), ("ещё", "еще"), ("БИБЛИОТЕКИ", "библиотека"),
])
def test_inflected_forms_have_one_lemma_lower_case_without_yo(form: str, normal: str) -> None:
    assert lemma(form) == normal


def test_tokens_keep_offsets_into_the_original_text() -> None:
    text = "В читальном зале — книжная выставка «Ёлка», 358 экз. учебников."
    tokens = tokenize(text)
    assert all(text[t.start:t.stop] == t.text for t in tokens)
    words = [t for t in tokens if t.is_word]
    assert [t.lemma for t in words] == ["в", "читальный", "зал", "книжный", "выставка", "елка", "экз",
                                        "учебник"]
    assert all(t.tag for t in words)
    assert all(t.tag == "" and not t.is_word for t in tokens if t.text in "—«»,.")
    number = next(t for t in tokens if t.text == "358")
    assert number.is_number and not number.is_word and number.lemma == "358"


@pytest.mark.parametrize("word", ["педагог-библиотекарь", "кто-то", "Интернет-ресурсы", "из-за"])
def test_hyphenated_words_stay_one_token(word: str) -> None:
    tokens = tokenize(f"Здесь {word} работает.")
    assert word in [t.text for t in tokens]
    assert next(t for t in tokens if t.text == word).is_word


@pytest.mark.parametrize(("text", "phrase"), [
    ("оформлена книжная мини-выставка «Осень»", "книжная выставка"),
    ("провели игру-викторину по сказкам", "викторина"),
    ("педагога-библиотекаря школы", "библиотекарь"),
    ("подготовили игру-путешествие по сказкам", "игра"),  # two nouns in apposition: either
    ("открылась выставка-викторина", "выставка"),
])
def test_a_hyphenated_noun_is_also_each_of_its_noun_parts(text: str, phrase: str) -> None:
    assert [m.phrase for m in PhraseSet([phrase]).find(text)] == [phrase]


def test_a_short_part_is_not_read_alone() -> None:
    assert PhraseSet(["во", "кол"]).find("кол-во книг") == []
    assert PhraseSet(["=педагогам"]).find("педагогу-библиотекарю") == []


@pytest.mark.parametrize(("text", "number"), [
    ("Работаем с 10-00 до 17-00, кроме субботы.", "17-00"),
    ("Работаем с 10-00 до 17-00, кроме субботы.", "10-00"),
    ("Опубликовано 18.09.17. Автор: библиотекарь", "18.09.17"),
    ("учебники для 1–4 классов", "1–4"),
    ("в 2023 году", "2023"),
])
def test_numbers_are_tokens_of_their_own_without_trailing_punctuation(text: str, number: str) -> None:
    tokens = tokenize(text)
    found = [t for t in tokens if t.text == number]
    assert found and found[0].is_number and text[found[0].start:found[0].stop] == number


def test_sentences_are_spans_of_the_text() -> None:
    text = "Библиотека открыта. Т. е. ждём всех! Выставка «Книги о войне» — до 9 мая."
    spans = sentences(text)
    assert [text[a:b] for a, b in spans] == [
        "Библиотека открыта.", "Т. е. ждём всех!", "Выставка «Книги о войне» — до 9 мая."]


def test_a_quoted_title_with_full_stops_stays_in_its_sentence() -> None:
    text = "У выставки «Ленинград. Блокада. Подвиг» ребята познакомились с книгами. Потом была викторина."
    assert [text[a:b] for a, b in sentences(text)] == [
        "У выставки «Ленинград. Блокада. Подвиг» ребята познакомились с книгами.", "Потом была викторина."]
    # a quote never closed joins only a few sentences, not the rest of the page
    runaway = "Открыт «клуб. " + " ".join(f"Предложение {n}." for n in range(10))
    assert len(sentences(runaway)) > 3


def test_a_phrase_set_matches_every_inflected_form() -> None:
    found = PhraseSet(["выставка", "учебник"])
    for text in ("оформлена книжная выставка", "провели выставку", "с выставкой книг",
                 "экспонаты выставки", "358 экз. учебников", "работа с учебниками"):
        assert found.matches(text), text
    assert not found.matches("выставочный зал и учебный план")


def test_matches_carry_the_listed_phrase_and_offsets() -> None:
    found = PhraseSet(["книжная выставка", "выставка", "о библиотеке"])
    text = "В зале оформлена книжную выставку. Всё о «библиотеке» — здесь; выставки тоже."
    matches = found.find(text)
    assert [(m.phrase, text[m.start:m.stop]) for m in matches] == [
        ("книжная выставка", "книжную выставку"), ("о библиотеке", "о «библиотеке"),
        ("выставка", "выставки")]
    tokens = tokens_of(text)
    first = matches[0]
    assert tokens[first.first_token].text == "книжную" and tokens[first.last_token].text == "выставку"
    every = found.find(text, overlapping=True)
    assert ("выставка", "выставку") in [(m.phrase, text[m.start:m.stop]) for m in every]


def test_words_in_a_phrase_must_stand_together_and_in_order() -> None:
    found = PhraseSet(["книжная выставка"])
    assert not found.matches("выставка книжная")
    assert not found.matches("книжная полка, выставка")
    assert not found.matches("книжная, выставка")


def test_find_at_start_wants_the_phrase_at_the_first_word() -> None:
    found = PhraseSet(["новости", "новости библиотеки"])
    assert found.find_at_start("Новости библиотеки школы").phrase == "новости библиотеки"  # type: ignore[union-attr]
    assert found.find_at_start("1. «Новости»").phrase == "новости"  # type: ignore[union-attr]
    assert found.find_at_start("Последние новости") is None
    assert found.find_at_start("") is None


def test_an_exact_word_matches_its_own_form_only() -> None:
    by_lemma, exact = PhraseSet(["май"]), PhraseSet(["=мая"])
    assert by_lemma.matches("в мае") and by_lemma.matches("9 мая")
    assert exact.matches("9 Мая") and not exact.matches("в мае")
    mixed = PhraseSet(["до =мая"])
    assert mixed.matches("до мая") and not mixed.matches("до мае")


def test_a_word_written_in_a_dictionary_form_matches_that_reading_too() -> None:
    # «устав» is first read as a gerund of «устать»; a list that writes it means the statute
    statute = PhraseSet(["устав школа"])
    assert statute.matches("руководствуется Уставом школы") and statute.matches("устав школы")
    assert [m.phrase for m in statute.find("устав школы, Уставом школы", overlapping=True)] == ["устав школа"] * 2


def test_a_phrase_accepts_tokens_already_cut() -> None:
    tokens = tokenize("Выдача учебников")
    assert PhraseSet(["выдача учебников"]).find(tokens)[0].stop == len("Выдача учебников")
    assert isinstance(tokens[0], Token)


def test_a_phrase_without_words_is_refused() -> None:
    with pytest.raises(ValueError, match="«=»"):
        PhraseSet(["="])


def test_the_lemma_cache_is_bounded() -> None:
    assert lemmas._analyse.cache_parameters()["maxsize"] == lemmas.LEMMA_CACHE_SIZE
    lemma("читателям")
    before = lemmas.lemma_cache_info().hits  # type: ignore[attr-defined]
    lemma("Читателям")  # the same form, other case: one cache entry
    assert lemmas.lemma_cache_info().hits == before + 1  # type: ignore[attr-defined]


def test_the_token_cache_is_bounded_by_entries_and_characters(monkeypatch: pytest.MonkeyPatch) -> None:
    cache = lemmas._TextCache(entries=3, chars=60)
    monkeypatch.setattr(lemmas, "_TOKENS", cache)
    texts = [f"Текст номер {n} о выставке" for n in range(5)]  # 24 characters each
    for text in texts:
        assert tokens_of(text) == tuple(tokenize(text))
    assert len(cache) == 2 and cache.held_chars <= 60
    assert tokens_of(texts[-1]) is tokens_of(texts[-1])  # kept: tokenised once
    big = "выставка " * 20
    tokens_of(big)
    assert big not in cache._items and len(cache) == 2  # too big to keep, nothing pushed out
    cache.clear()
    assert len(cache) == 0 and cache.held_chars == 0
