"""URL normalisation for the link check: one spelling per link, so each is checked once.

Hrefs come from real pages: whitespace around them, Cyrillic paths, IDN hosts, stray
`%` signs. `normalize_url` turns each into the form a browser would request
(`common.urls.browser_url`, on w3lib: ASCII, percent-encoded UTF-8 path and query, IDNA
host, no default port, dot segments resolved) and splits off the fragment, which is
checked separately against the target page's anchors.
"""
from __future__ import annotations

import re
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

from common.urls import browser_url

# Characters a browser strips around an href, and tabs/newlines it drops inside one.
_STRIP = " \t\n\r\f\v\u00a0\u200b\u2028\u2029\ufeff"
_INNER_WS = re.compile(r"[\t\n\r]")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def clean_href(raw: str) -> str:
    """The href as a browser reads it: trimmed, tabs and newlines inside dropped."""
    return _INNER_WS.sub("", raw.strip(_STRIP))


def split_url(raw: str, base: str | None = None) -> tuple[str, str] | None:
    """(url without fragment, fragment) in canonical form; None if it is no URL at all.

    Non-HTTP schemes (mailto:, ftp:) come back with only the scheme lower-cased, for
    the filter to sort out.
    """
    href = clean_href(raw)
    if not href and base is None:
        return None
    if base:
        try:
            href = urljoin(base, href)
        except ValueError:
            return None
    try:
        parts = urlsplit(href)
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        return (f"{scheme}:{href.split(':', 1)[1]}" if scheme else href), ""
    try:
        if not parts.hostname:
            return None
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
        url = browser_url(urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, "")))
    except ValueError:
        return None
    return url, parts.fragment


def normalize_url(raw: str, base: str | None = None) -> str | None:
    """The canonical URL without its fragment (see `split_url`)."""
    split = split_url(raw, base)
    return split[0] if split else None


def host_key(url: str) -> str:
    """The politeness key of a URL: host and port (lower-case, as normalised)."""
    parts = urlsplit(url)
    return parts.netloc.rpartition("@")[2]


def hostname(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def fragment_text(fragment: str) -> str:
    """A fragment as it names an id on the page (percent-decoded)."""
    return unquote(fragment)
