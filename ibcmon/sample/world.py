"""The sample world's data model: hosts on loopback addresses, their resources, the truth.

A `World` is plain data: for each loopback IP a `Host` with a table of `Resource`s
(status, headers, body). Dynamic answers (a widget showing the current time, a slow
link, a rate limit, a 15 MB stream, an endless calendar) are resources with a
`behaviour` or a `render` callable; `ibcmon.sample.server` serves them.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

HTML_UTF8 = "text/html; charset=utf-8"

# Behaviours the server implements (see server.py).
SLOW = "slow"  # answers after `delay` seconds
RATE_LIMITED = "rate_limited"  # 429 + Retry-After: 1 on the first request, then the resource
HEAD_REFUSED = "head_refused"  # 405 to HEAD, the resource to GET
STREAM = "stream"  # body produced by `stream()` chunk by chunk (the 15 MB page)


def route_key(path_and_query: str) -> str:
    """The key a request is looked up by: decoded path plus sorted query pairs."""
    parts = urlsplit(path_and_query)
    path = unquote(parts.path) or "/"
    if not parts.query:
        return path
    pairs = sorted(parse_qsl(parts.query, keep_blank_values=True))
    return f"{path}?{urlencode(pairs)}"


@dataclass
class Resource:
    """One answer: status, headers and a body (bytes, or rendered at request time)."""

    status: int = 200
    body: bytes = b""
    content_type: str | None = HTML_UTF8
    headers: dict[str, str] = field(default_factory=dict)
    render: Callable[[str], bytes] | None = None  # called with the request's path+query
    behaviour: str = ""
    delay: float = 0.0
    stream: Callable[[], Iterator[bytes]] | None = None
    length: int | None = None  # Content-Length of a streamed body

    def content(self, path_qs: str) -> bytes:
        if self.render is not None:
            return self.render(path_qs)
        return self.body


@dataclass
class Host:
    """A loopback address of the world: the regional site, a centre, an external resource."""

    ip: str
    label: str
    listening: bool = True  # False: nothing listens there (connection refused)
    robots: str | None = "User-agent: *\nDisallow: /admin/\n"
    routes: dict[str, Resource] = field(default_factory=dict)
    any_query: dict[str, Resource] = field(default_factory=dict)  # path -> resource, query ignored
    lazy: Callable[[str], Resource | None] | None = None  # generated worlds render on demand
    not_found_html: str = (
        "<!DOCTYPE html><html lang=\"ru\"><head><meta charset=\"utf-8\"><title>404 — Страница не найдена"
        "</title></head><body><h1>Страница не найдена</h1><p>Запрошенная страница не существует "
        "или была удалена.</p><p><a href=\"/\">На главную</a></p></body></html>"
    )

    def add(self, path: str, resource: Resource) -> Resource:
        self.routes[route_key(path)] = resource
        return resource

    def page(self, path: str, html: str, **kw: Any) -> Resource:
        return self.add(path, Resource(body=html.encode("utf-8"), **kw))

    def redirect(self, path: str, location: str, status: int = 301) -> Resource:
        return self.add(
            path, Resource(status=status, headers={"Location": location}, body=b"")
        )

    def lookup(self, path_qs: str) -> Resource | None:
        key = route_key(path_qs)
        if key == "/robots.txt" and self.robots is not None and key not in self.routes:
            return Resource(body=self.robots.encode("utf-8"), content_type="text/plain; charset=utf-8")
        found = self.routes.get(key)
        if found is None:
            found = self.any_query.get(key.split("?", 1)[0])
        if found is None and self.lazy is not None:
            found = self.lazy(key)
        return found

    def not_found(self) -> Resource:
        return Resource(status=404, body=self.not_found_html.encode("utf-8"))


@dataclass
class World:
    """Every host of the sample world, its ground truth and the regional registry."""

    port: int
    hosts: dict[str, Host] = field(default_factory=dict)
    truth_data: dict[str, Any] = field(default_factory=dict)
    registry_rows: list[dict[str, str]] = field(default_factory=list)
    kind: str = "bundled"
    # host names for some addresses (a platform's sites: g0001.gosweb.gosuslugi.ru);
    # links use them, and whoever fetches must resolve them to the address (`host_names`)
    names: dict[str, str] = field(default_factory=dict)

    @property
    def root_url(self) -> str:
        return self.url("127.0.0.1", "/")

    def url(self, ip: str, path: str = "/") -> str:
        return f"http://{self.names.get(ip, ip)}:{self.port}{path}"

    def host_names(self) -> dict[str, str]:
        """{host name: loopback address} of the named hosts (for a resolver)."""
        return {name: ip for ip, name in self.names.items()}

    def host(self, ip: str, label: str = "", **kw: Any) -> Host:
        if ip not in self.hosts:
            self.hosts[ip] = Host(ip=ip, label=label or ip, **kw)
        return self.hosts[ip]

    def listening_ips(self) -> list[str]:
        return [h.ip for h in self.hosts.values() if h.listening]

    def refused_ips(self) -> list[str]:
        return [h.ip for h in self.hosts.values() if not h.listening]

    def truth(self) -> dict[str, Any]:
        return self.truth_data

    def registry_csv(self) -> str:
        """The regional centre's own list of centres (CSV, UTF-8, with a header)."""
        out = io.StringIO()
        writer = csv.DictWriter(
            out, fieldnames=["name", "municipality", "url", "librarian", "email"], lineterminator="\n"
        )
        writer.writeheader()
        for row in self.registry_rows:
            writer.writerow(row)
        return out.getvalue()


class _Hrefs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.hrefs += [v for k, v in attrs if k == "href" and v is not None]


def extract_hrefs(html: str) -> list[str]:
    """The href of every <a> in a page, as written (used by the truth and the tests)."""
    parser = _Hrefs()
    parser.feed(html)
    parser.close()
    return parser.hrefs
