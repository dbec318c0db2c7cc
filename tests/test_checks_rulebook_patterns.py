"""Named pattern blocks in the rulebook ([patterns]): «{time_range}», «{phone}», «{weekday}»
and «{time}» are written once and expanded into the sections' regular expressions at load;
an unknown block is a load error naming the key."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from checks.rulebook import load_rulebook
from common import words
from common.config import ConfigError


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "rules.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_default_rulebook_defines_the_blocks() -> None:
    blocks = load_rulebook().patterns
    assert {"time", "time_range", "weekday", "phone"} <= set(blocks)
    assert "{" + "time}" not in blocks["time_range"]  # expanded
    assert re.search(blocks["time_range"], "работаем 8.00 – 16.00")
    assert re.search(blocks["time_range"], "с 10.00 до 18.00")
    assert re.search(blocks["phone"], "тел. +7 (4212) 12-34-56")
    assert not re.search(blocks["phone"], "фонд 12 540 экз.")


def test_the_weekday_block_knows_every_weekday_of_the_shared_table() -> None:
    weekday = re.compile(load_rulebook().patterns["weekday"])
    for form in words.weekday_forms("nominative", "accusative", short=True):
        assert weekday.fullmatch(form) and weekday.fullmatch(form.upper()), form


def test_a_section_pattern_uses_blocks(tmp_path: Path) -> None:
    rb = load_rulebook(write(tmp_path, """
[sections.work_hours]
text_patterns = ['{weekday}[^\\n]{0,40}?{time_range}']
body_patterns = ['тел\\.?\\s*{phone}']
"""))
    rule = rb.sections["work_hours"]
    assert "{" + "weekday}" not in rule.text_patterns[0] and "{0,40}" in rule.text_patterns[0]
    (pattern,) = rule.patterns
    assert pattern.search("Пн–Пт: 9:00–17:00") and pattern.search("в субботу с 10.00 до 14.00")
    assert not pattern.search("Пн–Пт: по записи")
    (body,) = rule.body_res
    assert body.search("тел. 8 (42135) 2-18-40")


def test_a_user_block_may_use_another_and_override_one(tmp_path: Path) -> None:
    rb = load_rulebook(write(tmp_path, """
[patterns]
time = '\\d{1,2}[.:\\-]\\d{2}'
evening = 'до\\s*{time}'
[sections.work_hours]
text_patterns = ['{evening}']
"""))
    (pattern,) = rb.sections["work_hours"].patterns
    assert pattern.search("с 10-00 до 17-00")  # the user's own {time} reaches {time_range} too
    assert re.search(rb.patterns["time_range"], "с 10-00 до 17-00")


def test_the_library_block_comes_from_the_shared_vocabulary(tmp_path: Path) -> None:
    """«{library}» is the library's own words of `common/words.toml` (the crawler's too); a
    rulebook may redefine it."""
    library = load_rulebook().patterns["library"]
    for text in ("Положение о школьной библиотеке", "ПОЛОЖЕНИЕ О МЕДИАТЕКЕ", "об ИБЦ", "библиотечно-информационном"):
        assert re.search(library, text), text
    assert not re.search(library, "Положение о конкурсе чтецов")
    rb = load_rulebook(write(tmp_path, "[patterns]\nlibrary = '(?i:книжн\\w+ центр)'\n"))
    assert re.search(rb.patterns["library"], "Книжный центр") and not re.search(rb.patterns["library"], "ИБЦ")


@pytest.mark.parametrize(("text", "key", "why"), [
    ("[sections.news]\ntext_patterns = ['{holidays}']\n", "sections.news.text_patterns[0]", "{holidays}"),
    ("[sections.contacts]\nbody_patterns = ['x', '{phone} {fax}']\n", "sections.contacts.body_patterns[1]", "{fax}"),
    ("[patterns]\nlate = '{later}'\n", "patterns.late", "{later}"),
    ("[patterns]\nloop = 'a{loop}'\n", "patterns.loop", "сам на себя"),
    ("[patterns]\nping = '{pong}'\npong = '{ping}'\n", "patterns.ping", "сам на себя"),
    ("[patterns]\nbad = '(['\n", "patterns.bad", "регулярное выражение"),
    ("[patterns]\nBad-Name = 'x'\n", "patterns.Bad-Name", "имя блока"),
    ("[patterns]\nnum = 5\n", "patterns.num", "строка"),
    ("patterns = 'x'\n", "patterns", "таблица"),
])
def test_a_bad_block_is_a_load_error_naming_the_key(tmp_path: Path, text: str, key: str, why: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_rulebook(write(tmp_path, text))
    message = str(caught.value)
    assert f": {key}: " in message and why in message, message  # after the file's path


def test_quantifiers_and_escaped_braces_are_not_blocks(tmp_path: Path) -> None:
    rb = load_rulebook(write(tmp_path, """
[sections.news]
text_patterns = ['\\d{2}\\.\\d{2,4} \\{novosti\\}']
"""))
    (pattern,) = rb.sections["news"].patterns
    assert pattern.search("12.2026 {novosti}")
