"""A hostile sample world on loopback for tests/test_security_*.py.

One regional listing (127.0.0.1) and three centres, each on an address of its own:

- `127.0.0.91` «=HYPERLINK…» centre: a plain library page whose links carry formula texts
  and point at the bomb host;
- `127.0.0.92` the bomb host: `robots.txt` gzip that inflates to ~2 GB, `/bomba/`
  refuses HEAD and answers GET with 5 KB of `Content-Encoding: gzip, gzip` (~2 GB
  inflated), `/kniga/` a plain page;
- `127.0.0.93` a centre whose page refreshes to `mailto:` (and is otherwise fine);
- `127.0.0.94` a centre whose page itself is the `gzip, gzip` bomb.
"""
from __future__ import annotations

import functools
import http.server
import struct
import threading
import zlib
from typing import Any

MB = 1 << 20
FORMULA_TEXTS = ("=HYPERLINK(\"http://evil.example/\",\"Каталог\")", "+cmd|' /C calc'!A0",
                 "@SUM(1+1)*cmd|' /C calc'!A0", "-2+3")
FORMULA_NAME = "=HYPERLINK(\"http://evil.example/\",\"ИБЦ школы № 1\")"


def gzip_of_zeros(total: int) -> bytes:
    """A valid gzip member of `total` zero bytes, built without compressing them all: after a
    full flush deflate forgets its history, so one compressed megabyte can be repeated."""
    block = b"\0" * MB
    comp = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    head = comp.compress(block) + comp.flush(zlib.Z_FULL_FLUSH)
    again = comp.compress(block) + comp.flush(zlib.Z_FULL_FLUSH)
    end = comp.flush(zlib.Z_FINISH)[:-8]  # the trailer counted only two blocks
    crc = 0
    for _ in range(total // MB):
        crc = zlib.crc32(block, crc)
    return head + again * (total // MB - 1) + end + struct.pack("<II", crc, total & 0xFFFFFFFF)


@functools.cache
def bombs() -> tuple[bytes, bytes]:
    """(robots.txt gzip bomb of ~2 GB, `gzip, gzip` bomb of ~2 GB in about 5 KB)."""
    robots = inner = gzip_of_zeros(2048 * MB)
    outer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    double = outer.compress(inner) + outer.flush()
    return robots, double


def _page(title: str, body: str, head: str = "") -> bytes:
    return (f'<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>{title}</title>{head}</head>'
            f"<body><main><h1>{title}</h1>{body}</main></body></html>").encode()


LIBRARY_BODY = (
    "<h2>Контакты</h2><p>Педагог-библиотекарь Иванова Ирина Ивановна, телефон 8 (4212) 00-00-00, "
    "почта ibc@school.example</p><h2>Новости</h2><div class=\"news\"><p>12.11.2026 Выставка «Книги-юбиляры».</p>"
    "<p>05.11.2026 Библиотечный урок для 5-х классов.</p></div><h2>Режим работы</h2>"
    "<p>Понедельник–пятница с 9:00 до 17:00.</p>"
)


class HostileWorld:
    """Serves the world on loopback until `close()`; `log` lists (host, method, path)."""

    def __init__(self) -> None:
        import html

        robots, double = bombs()
        self.log: list[tuple[str, str, str]] = []
        bomb = "http://127.0.0.92:{port}"
        self.answers: dict[tuple[str, str], tuple[int, dict[str, str], bytes]] = {}
        self.servers: list[http.server.ThreadingHTTPServer] = []
        world = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _answer(self, head: bool) -> None:
                host = self.server.server_address[0]
                path = self.path.split("?")[0]
                world.log.append((host, self.command, path))
                status, headers, body = world.answers.get(
                    (host, path), (404, {"Content-Type": "text/html; charset=utf-8"}, _page("Нет", "")))
                if head and host == "127.0.0.92" and path == "/bomba/":
                    status, body = 405, b""
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if not head:
                    self.wfile.write(body)

            def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
                self._answer(False)

            def do_HEAD(self) -> None:  # noqa: N802
                self._answer(True)

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

        ports = {}
        for ip in ("127.0.0.1", "127.0.0.91", "127.0.0.92", "127.0.0.93", "127.0.0.94"):
            server = http.server.ThreadingHTTPServer((ip, 0), Handler)
            server.daemon_threads = True
            self.servers.append(server)
            ports[ip] = server.server_address[1]
            threading.Thread(target=functools.partial(server.serve_forever, 0.1), daemon=True).start()

        def url(ip: str, path: str) -> str:
            return f"http://{ip}:{ports[ip]}{path}"

        html_type = {"Content-Type": "text/html; charset=utf-8"}
        self.root_url = url("127.0.0.1", "/")
        self.listing_url = url("127.0.0.1", "/set-ibc/")
        self.bomb_url = url("127.0.0.92", "/bomba/")
        self.big_centre_url = url("127.0.0.94", "/biblioteka/")
        names = [(url("127.0.0.91", "/biblioteka/"), FORMULA_NAME),
                 (url("127.0.0.93", "/biblioteka/"), "ИБЦ школы № 3"),
                 (self.big_centre_url, "ИБЦ школы № 4")]
        items = "".join(f'<li><a href="{u}">{html.escape(n)}</a></li>' for u, n in names)
        listing = _page("Интернет-представительства ИБЦ",
                        f"<article class=\"entry-content\"><h3>Амурский муниципальный район</h3><ul>{items}</ul></article>")
        links = [(self.bomb_url, FORMULA_TEXTS[0]), (url("127.0.0.92", "/kniga/"), FORMULA_TEXTS[1]),
                 (self.big_centre_url, FORMULA_TEXTS[2])] + [(url("127.0.0.92", f"/kniga/?n={i}"), t) for i, t in enumerate(FORMULA_TEXTS[3:])]
        anchors = "".join(f'<p><a href="{u}">{html.escape(t)}</a></p>' for u, t in links)
        del bomb
        gz = {"Content-Type": "text/plain", "Content-Encoding": "gzip"}
        double_gz = {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip, gzip"}
        self.answers = {
            ("127.0.0.1", "/"): (200, html_type, _page("РРИБЦ", '<a href="/set-ibc/">Интернет-представительства ИБЦ</a>')),
            ("127.0.0.1", "/set-ibc/"): (200, html_type, listing),
            ("127.0.0.91", "/biblioteka/"): (200, html_type, _page("Информационно-библиотечный центр", LIBRARY_BODY + anchors)),
            ("127.0.0.92", "/robots.txt"): (200, gz, robots),
            ("127.0.0.92", "/bomba/"): (200, double_gz, double),
            ("127.0.0.92", "/kniga/"): (200, html_type, _page("Книга", "<p>Книга месяца.</p>")),
            ("127.0.0.93", "/biblioteka/"): (200, html_type, _page(
                "Информационно-библиотечный центр", LIBRARY_BODY,
                head='<meta http-equiv="refresh" content="0; url=mailto:ibc@school.example">')),
            ("127.0.0.94", "/biblioteka/"): (200, double_gz, double),
        }

    def close(self) -> None:
        for server in self.servers:
            server.shutdown()
            server.server_close()
