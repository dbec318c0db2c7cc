"""A resolver hook for tests: host names of a sample world resolve to its loopback addresses.

The sample world serves every site on a 127.x address; a platform's sites need names
(`g0001.gosweb.gosuslugi.ru`) that no DNS knows. `install(mapping)` wraps
`socket.getaddrinfo` and `socket.gethostbyname` (what asyncio, httpx and Twisted's
threaded resolver use) so
that those names, and only those, answer with their address. A crawl's child process
gets the same hook through `sitecustomize` in this folder, put on its PYTHONPATH with the
mapping in $IBCMON_TEST_HOSTS (JSON).
"""
from __future__ import annotations

import json
import os
import socket
from typing import Any

ENV = "IBCMON_TEST_HOSTS"
_original = socket.getaddrinfo
_original_byname = socket.gethostbyname


def install(mapping: dict[str, str]) -> None:
    names = {name.lower(): ip for name, ip in mapping.items()}

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(host, bytes):
            host = host.decode("ascii", "replace")
        if isinstance(host, str) and host.lower().rstrip(".") in names:
            host = names[host.lower().rstrip(".")]
        return _original(host, *args, **kwargs)

    def gethostbyname(host: str) -> str:
        return names.get(host.lower().rstrip(".")) or _original_byname(host)

    socket.getaddrinfo = getaddrinfo
    socket.gethostbyname = gethostbyname


def uninstall() -> None:
    socket.getaddrinfo = _original
    socket.gethostbyname = _original_byname


def install_from_env() -> None:
    raw = os.environ.get(ENV)
    if raw:
        install(json.loads(raw))
