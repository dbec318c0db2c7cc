"""The rulebook: the shipped default, user files merged over it, clear errors naming the key."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from checks.rulebook import DEFAULT_PATH, SECTION_IDS, deep_merge, load_rulebook
from common.config import ConfigError

CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "rules.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_default_rulebook_covers_the_checklist() -> None:
    rb = load_rulebook()
    assert rb.source == "default"
    assert set(SECTION_IDS) <= set(rb.sections)
    for sid in SECTION_IDS:
        rule = rb.sections[sid]
        assert CYRILLIC.search(rule.title), sid
        assert CYRILLIC.search(rule.advice), sid
        assert rule.names and rule.weight > 0
    assert sum(p.weight for p in rb.parts.values()) == 100
    assert [b.name for b in rb.grades] == ["отлично", "хорошо", "удовлетворительно", "неудовлетворительно"]
    assert (rb.freshness.fresh_days, rb.freshness.aging_days) == (90, 183)
    assert rb.target_centres == 135
    assert "раздел в разработке" in rb.empty_markers


def test_default_rulebook_is_commented() -> None:
    lines = DEFAULT_PATH.read_text(encoding="utf-8").splitlines()
    comments = [line for line in lines if line.strip().startswith("#")]
    assert len(comments) > 40
    assert any("Формула оценки" in line for line in comments)


@pytest.mark.parametrize(
    ("score", "grade"),
    [(100, "отлично"), (85, "отлично"), (84.9, "хорошо"), (70, "хорошо"), (50, "удовлетворительно"),
     (49.9, "неудовлетворительно"), (0, "неудовлетворительно")],
)
def test_grade_bands(score: float, grade: str) -> None:
    assert load_rulebook().grade_for(score) == grade


def test_user_file_overrides_some_keys(tmp_path: Path) -> None:
    path = write(tmp_path, """
name = "Правила района"
[freshness]
fresh_days = 60
[sections.catalog]
weight = 0
[sections.news]
extra_names = ["лента событий"]
[empty]
extra_markers = ["страница ещё пишется"]
""")
    rb = load_rulebook(path)
    default = load_rulebook()
    assert rb.name == "Правила района" and rb.source == str(path)
    assert rb.freshness.fresh_days == 60 and rb.freshness.aging_days == 183
    assert rb.sections["catalog"].weight == 0
    assert rb.sections["catalog"].names == default.sections["catalog"].names
    assert "лента событий" in rb.sections["news"].names and "новости" in rb.sections["news"].names
    assert "страница ещё пишется" in rb.empty_markers and "раздел в разработке" in rb.empty_markers
    assert rb.hash != default.hash


def test_user_file_may_add_a_section(tmp_path: Path) -> None:
    path = write(tmp_path, """
[sections.virtual_museum]
title = "Виртуальный музей"
weight = 3
names = ["виртуальный музей"]
advice = "Разместите экспозицию виртуального музея"
""")
    assert "virtual_museum" in load_rulebook(path).sections


def test_prose_lists_are_named_once_and_used_everywhere(tmp_path: Path) -> None:
    """«{library}» in a prose rule stands for the whole `[prose.lists] library` list, so a
    word a district adds there counts in every rule that names the library."""
    rules = load_rulebook().sections["about"].prose
    assert "медиатека" in rules[0].subjects and "{library}" not in rules[0].subjects
    path = write(tmp_path, """
[prose.lists]
library = ["библиотека", "книжный центр"]
""")
    district = load_rulebook(path).sections["about"].prose
    assert district[0].subjects == ("библиотека", "книжный центр")
    aims = next(rule for rule in district if rule.action_of_subject)  # «задачи (чего?) библиотеки»
    assert "книжный центр" in aims.actions


def test_deep_merge_replaces_lists_and_merges_tables() -> None:
    base = {"a": {"x": 1, "y": [1, 2]}, "b": 2}
    assert deep_merge(base, {"a": {"y": [3]}}) == {"a": {"x": 1, "y": [3]}, "b": 2}
    assert base == {"a": {"x": 1, "y": [1, 2]}, "b": 2}


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("[sections.news]\nweight = \"много\"", "sections.news.weight"),
        ("[sections.news]\nnames = []", "sections.news.names"),
        ("[sections.news]\nweigth = 3", "sections.news.weigth"),
        ("[freshness]\nfresh_days = 200", "freshness.aging_days"),
        ("[freshness]\nwork_plan_share = 2", "freshness.work_plan_share"),
        ("[score.parts.completeness]\nweight = 70", "score.parts"),
        ("[[grades]]\nname = \"зачёт\"\nmin = 10", "grades"),
        ("[sections.contacts]\ntext_patterns = [\"(\"]", "sections.contacts.text_patterns[0]"),
        ("[technical]\nlinks_limit = 0", "technical.links_limit"),
        ("[sections.extra]\ntitle = \"Доп\"\nweight = 1\nnames = [\"доп\"]", "sections.extra.advice"),
        ("[status_advice]\noffline = \"x\"", "status_advice.offline"),
        ("colour = \"red\"", "colour"),
        ("[[sections.about.prose]]\nsubjects = [\"{librery}\"]", "sections.about.prose"),
        ("[prose.lists]\nlibrary = \"библиотека\"", "prose.lists.library"),
    ],
)
def test_broken_rulebook_names_the_key(tmp_path: Path, text: str, key: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as err:
        load_rulebook(path)
    assert key in str(err.value)
    assert str(path) in str(err.value)


def test_incomplete_rulebook_without_inheritance(tmp_path: Path) -> None:
    full = DEFAULT_PATH.read_text(encoding="utf-8")
    assert load_rulebook(write(tmp_path, "inherit = false\n" + full)).hash == load_rulebook().hash
    without_news = re.sub(r"\[sections\.news\].*?(?=\n\[sections\.)", "", full, flags=re.S)
    with pytest.raises(ConfigError, match=r"sections\.news"):
        load_rulebook(write(tmp_path, "inherit = false\n" + without_news))
    with pytest.raises(ConfigError, match=r"plan"):
        load_rulebook(write(tmp_path, "inherit = false\nname = \"x\"\n"))


def test_unreadable_rulebook(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="не найден"):
        load_rulebook(tmp_path / "missing.toml")
    with pytest.raises(ConfigError, match="ошибка в файле правил"):
        load_rulebook(write(tmp_path, "[sections\n"))
