"""What a VK community or a Telegram channel showed: its own text and its posts."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

# how far back posts are read: half a year (the freshness rules need a year at most, and
# a community posting daily gives 100 posts long before that)
MAX_POST_AGE_DAYS = 183
MAX_POSTS = 100


@dataclass
class Post:
    url: str  # the post's own address: the evidence links to it
    published: dt.datetime  # UTC
    text: str
    links: list[dict[str, Any]] = field(default_factory=list)  # [{"url", "text"}]
    pinned: bool = False
    repost: bool = False  # a repost of another community's post (VK) or a forwarded message


@dataclass
class Community:
    kind: str  # common.urls.VK | TELEGRAM
    url: str  # the address as listed
    title: str
    about: str  # description, contacts, site, addresses: the community's own text
    links: list[dict[str, Any]] = field(default_factory=list)
    posts: list[Post] = field(default_factory=list)


@dataclass
class Outcome:
    """One centre's reading: the community, or a status with a Russian reason."""

    status: str
    reason: str | None = None
    community: Community | None = None


def recent(posts: list[Post], now: dt.datetime) -> list[Post]:
    """The posts of the last MAX_POST_AGE_DAYS, at most MAX_POSTS, newest first by date
    (a pinned post stands first on the wall whatever its date: here it is placed by its
    date); a pinned post older than that is kept, marked, so the card can show it."""
    cutoff = now - dt.timedelta(days=MAX_POST_AGE_DAYS)
    kept = [p for p in posts if p.published >= cutoff or p.pinned]
    if not any(p.published >= cutoff for p in kept) and posts:
        # nothing in half a year: keep the newest post, so the card shows how old it is
        newest = max(posts, key=lambda p: p.published)
        kept = [newest] + [p for p in kept if p is not newest]
    return sorted(kept, key=lambda p: p.published, reverse=True)[:MAX_POSTS]
