"""One copy of each piece of knowledge (issue 11, point 6): the chrome detector, the
Russian plural, the social-network hosts and the URL normaliser, each in one place that
every stage uses, so that the crawler, the link check and the checks cannot disagree."""
from __future__ import annotations

import re

import pytest
from test_arch_layers import project_files

from checks.page import own_chrome
from checks.updates import days_ru
from common.config import Config
from common.extract import is_chrome, parse_html
from common.urls import SOCIAL_HOSTS, browser_url, centre_key, is_social, page_key
from common.vocabulary import plural
from crawler.linkcheck.filter import LinkFilter
from crawler.linkcheck.urls import normalize_url
from reports.fmt import plural as fmt_plural
from reports.links_page import days_word

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
