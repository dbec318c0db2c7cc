"""Posts about the library in the school's own news module.

Many libraries have no feed of their own: their events are posts in the school's news
(a uCoz `/news/` module, a Госвеб news list, a WordPress category). Such a post dates the
library when its title or teaser is about the library (rulebook `[freshness]
library_post_words`); the school's posts about other things do not. Two shapes:

- a single post (`/news/slug/2021-04-16-1`, `/blog/x/2015-09-11-255`, `/2021/03/12/slug`,
  `/news/2025-03-12`, or a page marked `article:published_time`): its title or opening;
- an item of a feed page: its title (a link to the post), the lines up to the next item,
  and the date line before the title where the feed prints dates first (Госвеб, Битрикс).
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from checks.dates import dates_in_url, find_dates
from checks.page import PageView
from checks.rulebook import FreshnessRules
from checks.text import normalise
from checks.tuning import (
    ITEM_DATE_LINE_CHARS,
    ITEM_LINES,
    ITEM_TEASER_CHARS,
    ITEM_TITLE_MAX_CHARS,
    NEWS_BLOCK_MAX_LINES,
    NEWS_BLOCK_MIN_ITEMS,
    NEWS_ITEM_CHARS,
    READ_MORE_LINKS,
)
from common import words

# a word of a text about the library: its name, or a book or reader word («книг», «читател»)
LIBRARY_TEXT_WORDS = re.compile(words.library_talk_pattern(), re.IGNORECASE)

# a post's address: a news or blog module's entry (nubex's `/new/55129.html`, `/events/8044.html`
# included), or a date in the path
_POST_PATH = re.compile(
    r"/(?:news|new|novosti|novost|blogs?|publ|post|posts|stati|sobytiya|meropriyatiya|events?)/[^/?#]+"
    r"|/\d{4}/\d{2}/\d{2}/[^/?#]+|/\d{4}-\d{2}-\d{2}(?:-\d+)?(?:[/?#]|$)"
    # a blog's month and post (Blogspot /2014/10/blog-post_43.html)
    r"|/(?:19|20)\d\d/[01]\d/[^/]+\.html?$"
    # a Госвеб news item anywhere, the library's own section included (…/biblioteka/novosti_97.html,
    # …/novosti/novosti-193_139.html)
    r"|/(?:novosti|news)(?:-\d+)?_\d+\.html?$"
    # an item by its number and its name (`/e/98398-oplata-za-uchebniki`, Joomla's `/4857-1-maya…`);
    # a number alone (`/item/1032889`) is as often a page as a post
    r"|/\d{3,}-[^/]+$", re.IGNORECASE)
# a post's address in the query: WordPress's plain permalink `?p=4037`, or a news module's
# item by its number (`index.php?component=public_news&new_id=40474`, `?news_id=12`)
_WORDPRESS_POST = re.compile(r"^p=\d+$")
_ITEM_ID = re.compile(r"(?:^|&)[a-z_]*id=\d+", re.IGNORECASE)
# a blog's archive of a year or a month (Blogspot and WordPress /2017/, /2019/11/, WordPress's
# `?m=201702`) or of a label (Blogspot /search/label/Выставки); a WordPress category is one
# only with posts' teasers on it (`category_listing`)
_ARCHIVE_PATH = re.compile(r"/(?:19|20)\d\d(?:/[01]\d)?/?$|/search/label/[^/?#]+/?$")
_ARCHIVE_QUERY = re.compile(r"(?:^|&)m=(?:19|20)\d\d(?:[01]\d)?(?:&|$)")
# a news module's list: a uCoz news or blog category (/news/1-0-5, /blog/1-0-2) or month
# (/news/2021-10), a news section's own list (Госвеб …/novosti/, /news/, /meropriyatiya/)
_NEWS_LIST_PATH = re.compile(
    r"/(?:news|blog)/(?:[\w-]+/)?\d+-0-\d+/?$|/(?:news|blog)/(?:19|20)\d\d-[01]\d/?$"
    r"|/(?:news|novosti|blog|meropriyatiya|sobytiya)/?$", re.IGNORECASE)
# uCoz's news of one day (/news/2017-04-26; a post is /news/slug/2017-04-26-123): dated by its
# address as a post is, and a list where the page shows no post of its own
_NEWS_DAY_PATH = re.compile(r"/(?:news|blog)/(?:19|20)\d\d-[01]\d-[0-3]\d/?$", re.IGNORECASE)
# a later page of a list of posts: WordPress's /page/3/ (of the blog, a category or an author),
# Joomla's ?start=150, Битрикс's ?PAGEN_1=4 (not ?page=: Drupal pages a node's comments too)
_LATER_PAGE_PATH = re.compile(r"/page/[1-9]\d*/?$", re.IGNORECASE)
_LATER_PAGE_QUERY = re.compile(r"(?:^|&)(?:start|PAGEN_\d)=[1-9]\d*(?:&|$)", re.IGNORECASE)
# a category or tag of posts: WordPress's /category/biblioteka/, /tag/knigi/, ?cat=4, Joomla's
# category blog (?view=category&layout=blog). Schools keep the library's own pages in such a
# category too, so the address alone makes no feed: the page must show posts' teasers
_CATEGORY_PATH = re.compile(r"/(?:category|tag)/[^?#]+$", re.IGNORECASE)
_CATEGORY_QUERY = re.compile(r"(?:^|&)(?:cat|tag)=[\w-]+(?:&|$)|(?:^|&)layout=blog(?:&|$)", re.IGNORECASE)
LATER_PAGE = "страница списка записей"
_READ_MORE_PHRASES = tuple(t for t in words.READ_MORE_TEXTS if " " in t)  # «читать далее», not «далее»
_READ_MORE_ENDINGS = tuple(" " + t for t in _READ_MORE_PHRASES)
READ_MORE_LINE_CHARS = 80  # «Продолжить чтение «Малой родине посвящается»»: the link and its post's name
OPENING_CHARS = 600  # the part of a post's text its dates are read from
MAX_LINES = 5_000  # lines of a feed page searched for items
MAX_TITLES = 300  # post links of a feed page considered


@dataclass(frozen=True)
class FeedItem:
    """One post of a feed: its text (title, teaser, date line) and its address."""

    text: str
    url: str


def without_school_news(text: str, rules: FreshnessRules) -> str:
    """The text with each block of the school's news blanked: a line that titles a news block
    («Новости школы», «Последние новости»; a bare «Новости» only when a «Все новости» line
    closes it) and the dated items under it («14.10.2024 Осенний кросс», «Выпускной вечер
    (05.06.2024)», a title over its date line), when at least NEWS_BLOCK_MIN_ITEMS of them are
    dated and none speaks of the library, its books or reading. A page laid out without a
    sidebar's markup shows the school's column as text."""
    blocks = {normalise(t) for t in rules.news_block_titles}
    widgets = {normalise(t) for t in rules.news_widget_titles}
    lines = text.split("\n")
    heads = [i for i, line in enumerate(lines)
             if len(line) <= NEWS_ITEM_CHARS and normalise(line.strip(" :")) in blocks | widgets]
    if not heads:
        return text
    more = {normalise(t) for t in rules.news_widget_more}
    known: dict[int, bool] = {}

    def is_dated(n: int) -> bool:
        if n not in known:
            known[n] = bool(find_dates(lines[n], None))
        return known[n]

    for i in heads:
        if not lines[i]:
            continue  # blanked with the block before it
        end = _news_block_end(lines, i, is_dated)
        if end > i and normalise(lines[i].strip(" :")) not in blocks:
            # a bare «Новости»: the block must end with the link to all the site's news
            closing = next((n for n in range(end - 1, i, -1) if lines[n].strip()), i)
            if normalise(lines[closing].strip(" .…»")) not in more:
                continue
        if end > i:
            lines[i:end] = [""] * (end - i)
    return "\n".join(lines)


def _news_block_end(lines: list[str], i: int, is_dated: Callable[[int], bool]) -> int:
    """Where the school's news block titled by line `i` ends; `i` when the lines under it
    are no such block."""
    end = i + 1
    # the block: dated lines, titles right over or under a date line, blank lines
    while end < len(lines) and end - i <= NEWS_BLOCK_MAX_LINES and (
            is_dated(end) or not lines[end].strip()
            or (len(lines[end]) <= NEWS_ITEM_CHARS
                and (is_dated(end - 1) or (end + 1 < len(lines) and is_dated(end + 1))))):
        end += 1
    block = lines[i + 1 : end]
    if sum(is_dated(n) for n in range(i + 1, end)) >= NEWS_BLOCK_MIN_ITEMS and not any(
            LIBRARY_TEXT_WORDS.search(line) for line in block):
        return end
    return i


def about_library(text: str, words: Sequence[str]) -> bool:
    """Does the text use one of the library words (beginnings of words)?"""
    return any(w.startswith(tuple(words)) for w in normalise(text).split()) if words else False


def is_post_address(url: str) -> bool:
    parts = urlsplit(url)
    if _NEWS_LIST_PATH.search(parts.path) or _later_page(parts.path, parts.query):
        return False  # /news/1-0-5 is a category of the module, /novosti/page/12 a list's page, not an entry
    if _POST_PATH.search(parts.path) or _WORDPRESS_POST.match(parts.query):
        return True
    return "news" in parts.query.lower() and _ITEM_ID.search(parts.query) is not None


def list_address(url: str) -> str | None:
    """What list of posts the address is, a feed dated or not: «архив записей блога» (a
    year, a month or a label), «список новостей» (a news module's category or list), «страница
    списка записей» (a later page of any list of posts), or None."""
    parts = urlsplit(url)
    if _ARCHIVE_PATH.search(parts.path) is not None or _ARCHIVE_QUERY.search(parts.query) is not None:
        return "архив записей блога"
    if _NEWS_LIST_PATH.search(parts.path) is not None or _NEWS_DAY_PATH.search(parts.path) is not None:
        return "список новостей"
    if _later_page(parts.path, parts.query):
        return LATER_PAGE
    return None


def _later_page(path: str, query: str) -> bool:
    return _LATER_PAGE_PATH.search(path) is not None or _LATER_PAGE_QUERY.search(query) is not None


def category_listing(view: PageView) -> str | None:
    """«рубрика записей» when the page is a category of posts (its address) that shows at
    least READ_MORE_LINKS posts' teasers, each closed by «Читать далее» or «Подробнее»."""
    parts = urlsplit(view.url)
    if _CATEGORY_PATH.search(parts.path) is None and _CATEGORY_QUERY.search(parts.query) is None:
        return None
    read_more = 0
    for line in view.content_text.split("\n")[:MAX_LINES]:
        norm = normalise(line)
        # the link alone, or at the end of its teaser («…встречает весну. Читать далее»)
        if (len(line) <= READ_MORE_LINE_CHARS and is_read_more(norm)) or norm.endswith(_READ_MORE_ENDINGS):
            read_more += 1
            if read_more >= READ_MORE_LINKS:
                return "рубрика записей"
    return None


def is_read_more(norm: str) -> bool:
    """The line is a «read more» link: the words alone («Подробнее…»), or a phrase of them
    with the post's name glued on («Продолжить чтениеМалой родине…», WordPress's hidden
    text); «Далее ребята пошли в библиотеку» is a sentence."""
    return norm in words.READ_MORE_TEXTS or norm.startswith(_READ_MORE_PHRASES)


def is_post(view: PageView) -> bool:
    """Is the page a single published post (its address or its markup says so)?"""
    return view.published_post is not None or is_post_address(view.url)


def post_opening(view: PageView) -> str:
    """The post's title (the page title's first part, the first heading) and teaser."""
    title = re.split(r"\s[|–—-]\s", view.title or "")[0]
    heading = next((h.text for h in view.headings[:2] if h.level <= 2), "")
    return f"{title}\n{heading}\n{view.content_text[:ITEM_TEASER_CHARS]}"


def dated_text(view: PageView) -> str:
    """The part of a post its date is read from: the opening of its text (a sidebar's other
    news further down is not the post's)."""
    return view.content_text[:OPENING_CHARS]


def feed_items(view: PageView) -> list[FeedItem]:
    """The posts of a feed page: a title line that links to a post, with the lines after it
    (up to the next title), or with the date line before it where the feed prints the date
    first. A page with fewer than two dated items is not a feed."""
    lines = view.content_text.split("\n")
    titles: dict[str, str] = {}
    for link in view.links:
        if not link.chrome and not link.document and len(link.text) >= 3 and is_post_address(link.url):
            titles.setdefault(link.text.strip(), link.url)
            if len(titles) >= MAX_TITLES:
                break
    if not titles:
        return []
    starts, names = [], []
    for i, line in enumerate(lines[:MAX_LINES]):
        name = _title_in(line.strip(), titles)
        if name is not None:
            starts.append(i)
            names.append(name)
    if len(starts) < 2:
        return []
    first = starts[0]
    date_first = first > 0 and _date_line(lines[first - 1])
    items = []
    for n, i in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        if date_first:
            body = lines[i - 1: i + 1] if _date_line(lines[i - 1]) else lines[i: i + 1]
            body += [ln for ln in lines[i + 1: end][:ITEM_LINES] if not _date_line(ln)]
        else:
            body = lines[i: end][:ITEM_LINES + 1]
        items.append(FeedItem("\n".join(body), titles[names[n]]))
    dated = [it for it in items if find_dates(it.text) or dates_in_url(it.url)]
    return items if len(dated) >= 2 else []


def _title_in(line: str, titles: dict[str, str]) -> str | None:
    """The post title a line is, or holds beside its date («28.10.2026 Конкурс чтецов»)."""
    if line in titles:
        return line
    if len(line) > ITEM_TITLE_MAX_CHARS:
        return None
    return next((t for t in titles if t in line and len(line) <= len(t) + ITEM_DATE_LINE_CHARS), None)


def _date_line(line: str) -> bool:
    return len(line) <= ITEM_DATE_LINE_CHARS and bool(find_dates(line))
