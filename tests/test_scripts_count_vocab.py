"""scripts/count_vocab.py: it counts the regular expressions and Russian words in code."""
from __future__ import annotations

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "count_vocab.py"
spec = importlib.util.spec_from_file_location("count_vocab", SCRIPT)
assert spec is not None and spec.loader is not None
count_vocab = importlib.util.module_from_spec(spec)
spec.loader.exec_module(count_vocab)

SOURCE = '''
"""Модуль: docstrings are not counted."""
import re

MONTH = re.compile(r"(январ[ья]|феврал[ья])\\s+\\d{4}", re.IGNORECASE)
WORDS = ("библиотека", "ибц")
NOTE = "Добавьте раздел «Новости» на страницу библиотеки"


def f(text):
    """Ничего."""
    return re.search("книг", text) or re.sub(r"\\bтел\\b", "", text)
'''


def test_counts_pattern_calls_literals_and_words() -> None:
    c = count_vocab.count_source(SOURCE)
    assert c["re_calls"] == 3
    assert c["pattern_literals"] == 3  # the three first arguments; "" is no regex
    assert "модуль" not in c["russian_words"] and "ничего" not in c["russian_words"]
    assert c["russian_words"].count("библиотеки") == 1
    # words that match (patterns, short lower-case literals), not the advice's words
    assert c["vocabulary"] == {"январ", "ья", "феврал", "библиотека", "ибц", "книг", "тел"}


def test_counts_the_packages_at_a_revision_too() -> None:
    now = count_vocab.count(None)
    assert set(now) == {"checks", "crawler"} and now["checks"]["re_calls"] > 0
