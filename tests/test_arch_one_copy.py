"""One copy of each piece of knowledge (issue 11, point 6): the chrome detector, the
Russian plural, the social-network hosts and the URL normaliser, each in one place that
every stage uses, so that the crawler, the link check and the checks cannot disagree.
And one table of code → Russian words (issue 18, point 2): common/labels.py, with grade
names and section titles from the rulebook."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from test_arch_layers import ROOT, project_files

from checks.page import own_chrome
from checks.rulebook import load_rulebook
from checks.updates import days_ru
from common import labels
from common.config import Config
from common.extract import is_chrome, parse_html
from common.urls import SOCIAL_HOSTS, browser_url, centre_key, is_social, page_key
from common.vocabulary import plural
from crawler.linkcheck.filter import LinkFilter
from crawler.linkcheck.urls import normalize_url
from reports.fmt import plural as fmt_plural
from reports.links_page import days_word
from store import models

CHROME_PAGE = """<html><body>
<nav id="top">меню</nav>
<div class="share-buttons">Поделиться</div><div class="site-header">шапка</div>
<div class="umenuroot">меню uCoz</div><div class="breadcrumbs">крошки</div>
<main><article><nav class="toc">оглавление статьи</nav><p class="text">текст</p></article></main>
<div class="content">содержание</div>
</body></html>"""


def test_the_crawler_and_the_checks_tell_chrome_alike() -> None:
    root = parse_html(CHROME_PAGE)
    elements = [e for e in root.iter() if isinstance(e.tag, str)]
    verdicts = {(e.tag, e.get("class") or e.get("id")): is_chrome(e) for e in elements}
    assert [is_chrome(e) for e in elements] == [own_chrome(e) for e in elements]
    assert verdicts[("nav", "top")] and verdicts[("div", "share-buttons")] and verdicts[("div", "umenuroot")]
    assert verdicts[("div", "site-header")] and verdicts[("div", "breadcrumbs")]
    assert not verdicts[("nav", "toc")]  # a table of contents inside an article is content
    assert not verdicts[("div", "content")]


@pytest.mark.parametrize(("n", "word"), [(1, "день"), (3, "дня"), (11, "дней"), (21, "день"), (112, "дней"),
                                         (104, "дня")])
def test_one_russian_plural(n: int, word: str) -> None:
    assert plural(n, "день", "дня", "дней") == word
    assert fmt_plural is plural
    assert days_ru(n) == f"{n} {word}" and days_word(n) == word


def test_the_plural_rule_is_written_once() -> None:
    rule = re.compile(r"%\s*10\s*==\s*1\b")
    holders = [p.name for p in project_files() if rule.search(p.read_text(encoding="utf-8"))]
    assert holders == ["vocabulary.py"]


def test_the_link_check_skips_exactly_the_social_networks_the_crawler_does_not_crawl() -> None:
    assert Config().linkcheck.exclude_hosts == list(SOCIAL_HOSTS)
    link_filter = LinkFilter((), Config().linkcheck.exclude_hosts)
    for host in SOCIAL_HOSTS:
        for url in (f"https://{host}/school9", f"https://m.{host}/school9"):
            assert is_social(url)
            assert link_filter.decide(url).action == "exclude", url
    assert not is_social("https://school9.ru/vk.com/")


@pytest.mark.parametrize(("raw", "expected"), [
    ("http://X.ru/a/../b", "http://x.ru/b"),
    ("http://x.ru/a/./b/../c/", "http://x.ru/a/c/"),
    ("http://x.ru:80/lib/../ibc/index.php", "http://x.ru/ibc/index.php"),
    ("http://школа.рф/Библиотека", "http://xn--80atdl2c.xn--p1ai/%D0%91%D0%B8%D0%B1%D0%BB%D0%B8%D0%BE%D1%82%D0%B5%D0%BA%D0%B0"),
])
def test_dot_segments_and_spelling_normalise_on_w3lib(raw: str, expected: str) -> None:
    assert browser_url(raw) == expected
    assert normalize_url(raw) == expected  # the link check's spelling is the same one


def test_keys_resolve_dot_segments_too() -> None:
    assert page_key("http://x.ru/a/../b") == page_key("http://x.ru/b") == "http://x.ru/b"
    assert centre_key("http://x.ru/lib/../ibc/index.php") == centre_key("https://x.ru/ibc/") == "x.ru/ibc"
    assert page_key("http://x.ru/p?b=2&a=1") == "http://x.ru/p?a=1&b=2"


# --- one table of code → Russian words (issue 18, point 2) -------------------------------

LABELS_MODULE = ROOT / "common" / "labels.py"
TEMPLATES = [*sorted((ROOT / "reports" / "templates").glob("*.html")),
             *sorted((ROOT / "ibcmon" / "review" / "templates").glob("*.html"))]
# codes that also name other things (a link verdict "ok", a job outcome "running" or
# "failed", a discovery note's "error", a date's "unknown"): a table keyed by them alone
# is not a second copy of these
SHARED_CODES = {"ok", "error", "unknown", "running", "failed"}
CODE_FAMILIES = {
    "centre statuses": set(labels.CENTRE_STATUS) - SHARED_CODES,
    "freshness classes": set(labels.FRESHNESS) - SHARED_CODES,
    "run states": set(labels.RUN_STATE) - SHARED_CODES,
    "run phases": set(labels.RUN_PHASE),
    "run kinds": set(labels.RUN_KIND),
    "crawl errors": set(labels.CRAWL_ERROR) - SHARED_CODES - {labels.OTHER_ERROR},
}
# the same words for another thing: a link that does not open, a section's page
OTHER_MEANINGS = {
    ("checks/sections.py", "страница не открывается"),  # the page a section link leads to
    ("reports/labels.py", "страница не найдена"),  # HTTP 404 of a link
    ("reports/labels.py", "не открывается"),  # a link that gave no answer
    ("ibcmon/deliver/message.py", "не открывается"),  # the links e-mail's verb
    # the link check's reason for a link whose host has no address (see OWN_TABLES)
    ("crawler/linkcheck/verdict.py", "сайта с таким адресом нет (ошибка DNS)"),
}
# the link check's failure kinds (ERROR_TEXTS: a verdict on a link, with budget and
# redirect kinds the crawl has not) are a table of their own for now; folding it into
# CRAWL_ERROR is a change of the link check's words, left for its own step
OWN_TABLES = {("crawler/linkcheck/verdict.py", "crawl errors")}
COMMON_WORDS = {"идёт", "ошибка"}  # a job's outcome, a phase's cause: words, not a table's copy


def _store_constants() -> dict[str, str]:
    """store.models' code constants (RUN_CRAWLED -> "crawled"): a table may be keyed by them."""
    return {k: v for k, v in vars(models).items() if k.isupper() and isinstance(v, str)}


def _table_words() -> set[str]:
    words: set[str] = set()
    for table in (labels.CENTRE_STATUS, labels.FRESHNESS, labels.RUN_STATE):
        for forms in table.values():
            words |= {w.casefold() for w in vars(forms).values() if w}
    words |= {w.casefold() for w in labels.CRAWL_ERROR.values()}
    return words - COMMON_WORDS


def _code_tables(tree: ast.AST) -> list[tuple[int, str]]:
    """Dict displays keyed by two or more codes of one family, with Russian values."""
    constants = _store_constants()
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Dict):
            continue
        keys = set()
        for key, value in zip(node.keys, node.values, strict=True):
            if not (isinstance(value, ast.Constant) and isinstance(value.value, str)
                    and re.search("[а-яё]", value.value, re.IGNORECASE)):
                continue
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                keys.add(key.value)
            elif isinstance(key, ast.Name) and key.id in constants:
                keys.add(constants[key.id])
        found += [(node.lineno, family) for family, codes in CODE_FAMILIES.items() if len(keys & codes) >= 2]
    return found


def _second_copies() -> list[str]:
    words = _table_words()
    wrong = []
    for path in project_files():
        if path == LABELS_MODULE:
            continue
        where = path.relative_to(ROOT).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        wrong += [f"{where}:{line}: a table of {family}" for line, family in _code_tables(tree)
                  if (where, family) not in OWN_TABLES]
        for node in ast.walk(tree):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                    and node.value.strip().casefold() in words and (where, node.value.strip()) not in OTHER_MEANINGS):
                wrong.append(f"{where}:{node.lineno}: {node.value!r} is the table's word")
    for path in TEMPLATES:  # a cell's whole text or a quoted string, not a word in a sentence
        text = path.read_text(encoding="utf-8")
        for word in words:
            if re.search(rf"[\"'>]\s*{re.escape(word)}\s*[\"'<]", text, re.IGNORECASE):
                wrong.append(f"{path.relative_to(ROOT).as_posix()}: {word!r} is the table's word")
    return wrong


def test_one_table_of_code_words() -> None:
    """Statuses, freshness classes, run states, kinds and phases are named in common/labels.py
    only: a second table of them (keyed by their codes, or spelling their words) fails here."""
    assert _second_copies() == []


def test_a_second_table_would_be_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import test_arch_one_copy as this

    copy = tmp_path / "copy.py"
    copy.write_text('A = {RUN_CRAWLED: "идёт", RUN_COMPLETE: "готов"}\n'
                    'B = {"fresh": "свежая", "stale": "старая"}\n'
                    'C = "Страница закрыта для автоматической проверки"\n', encoding="utf-8")
    monkeypatch.setattr(this, "project_files", lambda: [copy])
    monkeypatch.setattr(this, "ROOT", tmp_path)
    monkeypatch.setattr(this, "TEMPLATES", [])
    found = _second_copies()
    assert [f.split(": ", 1)[1] for f in found] == [
        "a table of run states", "a table of freshness classes",
        "'Страница закрыта для автоматической проверки' is the table's word"]


def test_grade_names_and_section_titles_are_the_rulebooks() -> None:
    """The outputs take grade names and section titles from the rulebook (and the grading
    that used it), never from a copy in the code. The sample world writes the sites' own
    pages, where those words are the pages' text."""
    rulebook = load_rulebook()
    words = {band.name for band in rulebook.grades} | {s.title for s in rulebook.sections.values()}
    wrong = []
    for path in project_files():
        if "sample" in path.relative_to(ROOT).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.strip() in words:
                wrong.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value!r}")
    for path in TEMPLATES:
        text = path.read_text(encoding="utf-8")
        wrong += [f"{path.relative_to(ROOT)}: {w!r}" for w in words if re.search(rf"[\"'>]{re.escape(w)}[\"'<]", text)]
    assert wrong == []
