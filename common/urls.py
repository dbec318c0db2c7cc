"""URL rules of the crawl: a centre's identity, its scope, what is social or a document.

`centre_key` is the normalised identity under which duplicates are merged (the same
centre listed as http and https, with and without a trailing slash or `index.php`).
`in_scope` says whether a URL lies under a centre's page (same host, path prefix).

Spelling is w3lib's: `browser_url` (safe_url_string: IDNA host, UTF-8 percent-encoding,
dot segments resolved) is the form a request goes out in, for the crawl and the link
check alike; the keys add canonicalize_url (percent-encoding and query order) and the
project's own rules (scheme, trailing slash, index files) on top.
"""
from __future__ import annotations

import posixpath
import re
from urllib.parse import urljoin, urlsplit, urlunsplit

from w3lib.url import canonicalize_url, safe_url_string

DEFAULT_PORTS = {"http": 80, "https": 443}
INDEX_FILES = ("index.php", "index.html", "index.htm", "index.shtml", "default.aspx", "default.asp")

# social networks (and their subdomains): never crawled (a browser's job), and the link
# check's default `exclude_hosts` (they refuse robots); one list for both
SOCIAL_HOSTS = (
    "vk.com", "vk.ru", "vkontakte.ru", "ok.ru", "odnoklassniki.ru", "t.me",
    "telegram.me", "telegram.org", "facebook.com", "fb.com", "instagram.com", "twitter.com",
    "x.com", "linkedin.com", "youtube.com", "youtu.be", "rutube.ru", "dzen.ru", "zen.yandex.ru",
    "tiktok.com", "max.ru", "my.mail.ru", "sferum.ru",
)

DOCUMENT_EXTENSIONS = {
    "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "pps", "ppsx", "odt", "ods", "odp",
    "rtf", "djvu", "djv", "zip", "rar", "7z", "epub", "fb2", "csv", "txt",
}
DOCUMENT_TYPES = (
    "application/pdf", "application/msword", "application/vnd.", "application/rtf",
    "application/zip", "application/x-rar", "application/x-7z", "application/epub",
    "application/octet-stream", "image/vnd.djvu", "text/csv", "text/rtf",
    "application/x-download", "application/force-download",
)
HTML_TYPES = ("text/html", "application/xhtml+xml")
# documents served by regional school-site builders without an extension in the URL
DOCUMENT_PATH_PATTERNS = (re.compile(r"/file/card$"), re.compile(r"/download/?$"))


def split_host(url: str) -> tuple[str, str, int | None]:
    """(scheme, lowercase host, port) of `url`; raises ValueError on a malformed URL."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    port = parts.port  # raises ValueError for a bad port
    if port == DEFAULT_PORTS.get(scheme):
        port = None
    return scheme, host, port


def is_valid_url(url: str) -> bool:
    """An absolute http(s) URL with a host and a sane port."""
    try:
        scheme, host, _port = split_host(url)
    except ValueError:
        return False
    if scheme not in ("http", "https") or not host:
        return False
    if "." not in host and ":" not in host and host != "localhost":
        return False  # "http://htp:/x", "http://school/": no real host
    return not re.search(r"[\s<>\"{}|\\^`]", host) and ".." not in host


_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def _dot_free(path: str) -> str:
    """`path` with `.` and `..` segments resolved (RFC 3986), as a browser requests it."""
    segments = path.split("/")
    if "." not in segments and ".." not in segments:
        return path
    return urlsplit(urljoin("http://h/", "/" + path.lstrip("/"))).path


def browser_url(url: str) -> str:
    """The URL as a browser requests it: w3lib's safe_url_string (IDNA host, UTF-8
    percent-encoding, backslashes as slashes), dot segments resolved, host lower-case,
    default port dropped, a stray `%` escaped (httpx refuses it). The fragment is kept."""
    parts = urlsplit(safe_url_string(_BAD_PERCENT.sub("%25", url.strip())))
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    port = parts.port
    if ":" in host:
        host = f"[{host}]"
    if port is not None and port != DEFAULT_PORTS.get(scheme):
        host = f"{host}:{port}"
    userinfo = parts.netloc.rpartition("@")[0] if "@" in parts.netloc else ""
    netloc = f"{userinfo}@{host}" if userinfo else host
    return urlunsplit((scheme, netloc, _dot_free(parts.path) or "/", parts.query, parts.fragment))


def _norm_path_query(path: str, query: str) -> tuple[str, str]:
    """Path and query as keys compare them: w3lib's canonical form (percent-encoding,
    sorted query), dot segments resolved, a final index file dropped."""
    canon = urlsplit(canonicalize_url(urlunsplit(("http", "h", _dot_free(path) or "/", query, ""))))
    path = canon.path or "/"
    if path.rsplit("/", 1)[-1].lower() in INDEX_FILES:
        path = path.rsplit("/", 1)[0] + "/"
    return path, canon.query


def centre_key(url: str) -> str:
    """The normalised identity of a centre's page, used to merge duplicates.

    Scheme-insensitive, lowercase host, default port dropped, trailing slash and a final
    index.php / index.html ignored, fragment dropped, query pairs kept and sorted.
    A malformed URL yields its stripped text (so it still has a stable key).
    """
    text = url.strip()
    if "://" not in text and not text.startswith("//"):
        text = "http://" + text
    try:
        _scheme, host, port = split_host(text)
    except ValueError:
        return url.strip()
    parts = urlsplit(text)
    netloc = host + (f":{port}" if port else "")
    path, query = _norm_path_query(parts.path, parts.query)
    return f"{netloc}{path.rstrip('/')}" + (f"?{query}" if query else "")


def page_key(url: str) -> str:
    """Identity of a page within a crawl: like `centre_key` but scheme and slash kept apart."""
    try:
        scheme, host, port = split_host(url)
    except ValueError:
        return url.strip()
    parts = urlsplit(url.strip())
    netloc = host + (f":{port}" if port else "")
    path, query = _norm_path_query(parts.path, parts.query)
    return urlunsplit((scheme, netloc, path, query, ""))


def path_and_query(url: str) -> str:
    """The address without scheme, host and fragment: "/news/1-0-5", "/blog/?m=201702"."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def host_of(url: str) -> str:
    """Lowercase host with a non-default port ("127.0.0.10:8080"); "" when malformed."""
    try:
        _scheme, host, port = split_host(url)
    except ValueError:
        return ""
    return host + (f":{port}" if port else "")


def scope_prefix(url: str) -> str:
    """The path prefix of a centre's scope.

    `/biblioteka/` → itself; `/biblioteka` → `/biblioteka` (and what lies under it);
    `/library/index.php` → `/library/`; `/` → the whole host.
    """
    path = urlsplit(url.strip()).path or "/"
    if path.endswith("/"):
        return path
    last = path.rsplit("/", 1)[-1]
    if "." in last:
        return posixpath.dirname(path).rstrip("/") + "/"
    return path


def in_scope(url: str, centre_url: str) -> bool:
    """Does `url` lie under the centre's page: same host (any scheme) and path prefix."""
    if not host_of(url) or host_of(url) != host_of(centre_url):
        return False
    prefix = scope_prefix(centre_url)
    path = urlsplit(url.strip()).path or "/"
    if prefix.endswith("/"):
        return path.startswith(prefix) or path + "/" == prefix
    return path == prefix or path.startswith(prefix + "/")


def same_host(url: str, other: str) -> bool:
    return bool(host_of(url)) and host_of(url) == host_of(other)


def is_social(url: str) -> bool:
    """A social-network page (VK, OK, Telegram, ...): it needs a browser, never crawled."""
    try:
        _scheme, host, _port = split_host(url)
    except ValueError:
        return False
    return any(host == h or host.endswith("." + h) for h in SOCIAL_HOSTS)


def document_type(url: str) -> str | None:
    """The document type by URL ("pdf", "docx", "file") or None for a page."""
    try:
        path = urlsplit(url.strip()).path
    except ValueError:
        return None
    last = path.rsplit("/", 1)[-1].lower()
    if "." in last:
        ext = last.rsplit(".", 1)[-1]
        if ext in DOCUMENT_EXTENSIONS:
            return ext
    if any(p.search(path) for p in DOCUMENT_PATH_PATTERNS):
        return "file"
    return None


def is_html_type(content_type: str | None) -> bool:
    if not content_type:
        return True  # no type: sniff it as HTML
    main = content_type.split(";", 1)[0].strip().lower()
    return main in HTML_TYPES


def is_document(url: str, content_type: str | None = None) -> bool:
    """A linked document (PDF, DOCX, ...), by content type when known, else by URL."""
    if content_type:
        main = content_type.split(";", 1)[0].strip().lower()
        if main in HTML_TYPES:
            return False
        if main.startswith(DOCUMENT_TYPES) or main.startswith(("image/", "audio/", "video/")):
            return True
    return document_type(url) is not None


def absolute(href: str, base: str) -> str | None:
    """`href` made absolute against `base` (whitespace stripped, fragment kept); None if malformed."""
    href = href.strip()
    # whitespace inside (a line break in the middle of an href) is what a browser drops
    href = re.sub(r"[\t\r\n]", "", href)
    try:
        joined = urljoin(base, href)
        urlsplit(joined).port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return None
    scheme, sep, rest = joined.partition(":")
    if sep and scheme.lower() in ("http", "https") and scheme != scheme.lower():
        joined = f"{scheme.lower()}:{rest}"
    return joined


def strip_fragment(url: str) -> str:
    return url.split("#", 1)[0]


# -- the kind of a centre's representation: a web site, a VK community, a Telegram channel --

SITE, VK, TELEGRAM = "site", "vk", "telegram"
# the key of a stored page's `headers` that marks a community's own text or one of its posts
# (crawler.social writes it, checks.social reads it)
SOCIAL_HEADER = "x-ibcmon-social"
VK_HOSTS = ("vk.com", "vk.ru", "vkontakte.ru")
TELEGRAM_HOSTS = ("t.me", "telegram.me")
# the first path segments of VK and Telegram addresses that are not a community's or a channel's own
_VK_NOT_COMMUNITY = frozenset({"wall", "feed", "im", "search", "groups", "apps", "video", "photo",
                               "album", "audio", "topic", "board", "market", "away.php", "share.php"})
_TELEGRAM_NOT_CHANNEL = frozenset({"joinchat", "addstickers", "share", "proxy", "socks", "iv", "c"})
_SCREEN_NAME = re.compile(r"^[A-Za-z0-9_.]{2,64}$")


def _host_in(url: str, hosts: tuple[str, ...]) -> bool:
    try:
        _scheme, host, _port = split_host(url)
    except ValueError:
        return False
    return any(host == h or host.endswith("." + h) for h in hosts)


def representation_kind(url: str | None) -> str:
    """"vk", "telegram" or "site" for a centre's listed address."""
    if url and _host_in(url, VK_HOSTS):
        return VK
    if url and _host_in(url, TELEGRAM_HOSTS):
        return TELEGRAM
    return SITE


def _first_segment(url: str) -> str:
    path = urlsplit(url.strip()).path.strip("/")
    return path.split("/", 1)[0] if path else ""


def vk_community(url: str) -> str | None:
    """The community a VK address names, as `groups.getById` takes it: "123" for
    vk.com/club123 and vk.com/public123, the screen name for vk.com/ibc_school1; None
    for an address that names no community (a post, a search, the home page)."""
    if not _host_in(url, VK_HOSTS):
        return None
    name = _first_segment(url)
    numbered = re.fullmatch(r"(?:club|public|event)(\d+)", name)
    if numbered:
        return numbered.group(1)
    if not _SCREEN_NAME.match(name) or name.lower() in _VK_NOT_COMMUNITY or re.fullmatch(r"id\d+", name):
        return None
    return name


def telegram_channel(url: str) -> str | None:
    """The public channel a Telegram address names (t.me/NAME, t.me/s/NAME), or None for a
    private invitation (t.me/+…, t.me/joinchat/…) or an address that names no channel."""
    if not _host_in(url, TELEGRAM_HOSTS):
        return None
    path = urlsplit(url.strip()).path.strip("/").split("/")
    if path and path[0] == "s" and len(path) > 1:
        path = path[1:]
    name = path[0] if path else ""
    if name.lower() in _TELEGRAM_NOT_CHANNEL or not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{3,31}", name):
        return None
    return name
