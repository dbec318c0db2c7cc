"""URL normalisation for the link check: one spelling per link, so each is checked once.

Hrefs come from real pages: whitespace around them, Cyrillic paths, IDN hosts, stray
`%` signs. `normalize_url` turns each into the form a browser would request (ASCII,
percent-encoded UTF-8 path and query, IDNA host, no default port) and splits off the
fragment, which is checked separately against the target page's anchors.
"""
from __future__ import annotations

import re
from urllib.parse import quote, unquote, urljoin, urlsplit, urlunsplit

# Characters a browser strips around an href, and tabs/newlines it drops inside one.
_STRIP = " \t\n\r\f\v\u00a0\u200b\u2028\u2029\ufeff"
_INNER_WS = re.compile(r"[\t\n\r]")
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_PATH_SAFE = "/%:@!$&'()*+,;=-._~"
_QUERY_SAFE = "/%:@!$&'()*+,;=-._~?[]"
_DEFAULT_PORTS = {"http": 80, "https": 443}


def clean_href(raw: str) -> str:
    """The href as a browser reads it: trimmed, tabs and newlines inside dropped."""
    return _INNER_WS.sub("", raw.strip(_STRIP))


def _encode_host(host: str) -> str:
    host = host.strip(".").lower()
    if host.isascii():
        return host
    try:
        import idna

        return idna.encode(host, uts46=True).decode("ascii")
    except Exception:  # idna is strict (e.g. emoji); fall back to Python's IDNA 2003
        try:
            return host.encode("idna").decode("ascii")
        except UnicodeError:
            return host


def _quote_part(value: str, safe: str) -> str:
    return quote(_BAD_PERCENT.sub("%25", value), safe=safe)


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
        hostname = parts.hostname or ""
        port = parts.port
    except ValueError:  # a port that is not a number
        return None
    if not hostname:
        return None
    host = _encode_host(hostname)
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        host = f"{host}:{port}"
    userinfo = parts.netloc.rpartition("@")[0] if "@" in parts.netloc else ""
    netloc = f"{userinfo}@{host}" if userinfo else host
    path = _quote_part(parts.path.replace("\\", "/"), _PATH_SAFE) or "/"
    query = _quote_part(parts.query, _QUERY_SAFE)
    return urlunsplit((scheme, netloc, path, query, "")), parts.fragment


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
