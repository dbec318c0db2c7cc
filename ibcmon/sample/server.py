"""Serve a sample `World` on loopback: every host on the same port, in a background thread.

    with SampleServer(lambda port: build_world(port, size=135)) as srv:
        ...  # srv.root_url, srv.requests, srv.truth, srv.override(url, status=404)

The request log (`srv.requests`, and JSON lines in `log_path`) records for each request
the host, method, path, status, start and end times and User-Agent, so tests can check
per-host concurrency and robots.txt compliance.
"""
from __future__ import annotations

import asyncio
import contextlib
import errno
import json
import logging
import resource as rlimit
import socket
import threading
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import aiohttp
from aiohttp import web

from common.urls import path_and_query
from ibcmon.sample.hostile import HostileResource
from ibcmon.sample.world import (
    HEAD_REFUSED,
    RATE_LIMITED,
    SLOW,
    STREAM,
    Resource,
    World,
    route_key,
)

logger = logging.getLogger(__name__)

WorldSource = World | Callable[[int], World] | None


def max_in_flight(entries: list[dict[str, Any]]) -> int:
    """The most requests of a request log that were in flight at once (from start/end).

    An answer that ends at the same instant another starts does not overlap it.
    """
    events = sorted([(e["start"], 1) for e in entries] + [(e["end"], -1) for e in entries])
    current = peak = 0
    for _time, step in events:
        current += step
        peak = max(peak, current)
    return peak


def _raise_nofile_limit(needed: int) -> None:
    soft, hard = rlimit.getrlimit(rlimit.RLIMIT_NOFILE)
    if soft < hard and (needed > soft // 2 or soft < 4096):
        with contextlib.suppress(ValueError, OSError):
            rlimit.setrlimit(rlimit.RLIMIT_NOFILE, (hard, hard))


def _listen(ip: str, port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((ip, port))
        sock.listen(512)
        sock.setblocking(False)
    except OSError:
        sock.close()
        raise
    return sock


def _connectable(ip: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(0.2)
        return probe.connect_ex((ip, port)) == 0


def _bind_all(ips: list[str], refused: list[str], port: int) -> tuple[int, list[socket.socket]]:
    """Bind every IP on one port (a free one when port is 0); refused IPs must stay dead."""
    for _attempt in range(50):
        socks: list[socket.socket] = []
        try:
            first = _listen(ips[0], port)
            socks.append(first)
            chosen = first.getsockname()[1]
            for ip in ips[1:]:
                socks.append(_listen(ip, chosen))
            if any(_connectable(ip, chosen) for ip in refused):
                raise OSError(errno.EADDRINUSE, "a refused host answers on this port")
            return chosen, socks
        except OSError:
            for s in socks:
                s.close()
            if port:
                raise
    raise OSError(errno.EADDRINUSE, "no port free on every sample host")


class SampleServer:
    """The sample world served by aiohttp in a background thread (a context manager)."""

    def __init__(self, world: WorldSource = None, port: int = 0, log_path: str | None = None) -> None:
        self._source = world
        self._wanted_port = port
        self.log_path = log_path
        self.port = 0
        self._world: World | None = None
        self.requests: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        # requests whose handler has not logged yet: a client may have its whole answer
        # before the handler's last line runs, so a log reset waits for them
        self._in_flight = 0
        self._settled = threading.Condition(self._lock)
        self._overrides: dict[tuple[str, str], Resource] = {}
        self._hits: dict[tuple[str, str], int] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self._log_file: Any = None

    # -- the world -------------------------------------------------------------------
    def _make_world(self, port: int) -> World:
        src = self._source
        if src is None:
            from ibcmon.sample.bundled import build_bundled

            return build_bundled(port)
        if isinstance(src, World):
            return src
        return src(port)

    @property
    def world(self) -> World:
        """The world being served (available once started)."""
        if self._world is None:
            raise RuntimeError("the sample server is not started")
        return self._world

    @property
    def root_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    @property
    def truth(self) -> dict[str, Any]:
        return self.world.truth()

    # -- life cycle ------------------------------------------------------------------
    def __enter__(self) -> SampleServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> SampleServer:
        if self._thread is not None:
            return self
        probe = self._make_world(self._wanted_port)
        port = probe.port if isinstance(self._source, World) else self._wanted_port
        ips = probe.listening_ips()
        _raise_nofile_limit(len(ips) + 64)
        self.port, socks = _bind_all(ips, probe.refused_ips(), port)
        self._world = probe if probe.port == self.port else self._make_world(self.port)
        if self.log_path:
            self._log_file = open(self.log_path, "a", encoding="utf-8")  # noqa: SIM115
        self._thread = threading.Thread(target=self._run, args=(socks,), name="sample-server", daemon=True)
        self._thread.start()
        self._ready.wait(60)
        if self._error is not None:
            raise RuntimeError(f"sample server failed to start: {self._error}") from self._error
        logger.info("sample world on %s (%d hosts)", self.root_url, len(ips))
        return self

    def _run(self, socks: list[socket.socket]) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        asyncio.set_event_loop(loop)
        try:
            loop.run_until_complete(self._serve(socks))
        except BaseException as exc:  # reported to start()
            self._error = exc
            self._ready.set()
            return
        self._ready.set()
        try:
            loop.run_forever()
        finally:
            loop.run_until_complete(self._shutdown())
            loop.close()

    async def _serve(self, socks: list[socket.socket]) -> None:
        app = web.Application(client_max_size=1024**2)
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=0.5)
        await self._runner.setup()
        for sock in socks:
            await web.SockSite(self._runner, sock).start()

    async def _shutdown(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def stop(self) -> None:
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return
        loop.call_soon_threadsafe(loop.stop)
        thread.join(15)
        self._thread = None
        self._loop = None
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None

    def serve_forever(self) -> None:
        """Block until the thread ends (used by `ibcmon sample serve`)."""
        while self._thread is not None and self._thread.is_alive():
            self._thread.join(0.5)

    # -- test helpers ----------------------------------------------------------------
    def _key(self, url: str) -> tuple[str, str]:
        url = url.strip()
        return urlsplit(url).hostname or "", route_key(path_and_query(url) or "/")

    def override(
        self, url: str, status: int | None = None, body: str | bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        """Change one URL's answer until `clear_overrides()`; unset parts keep the original."""
        ip, key = self._key(url)
        host = self.world.hosts.get(ip)
        base = host.lookup(key) if host else None
        if base is None:
            base = Resource(status=404)
        new = Resource(
            status=status if status is not None else base.status,
            body=base.body, content_type=base.content_type, headers=dict(base.headers),
            render=base.render, behaviour=base.behaviour, delay=base.delay,
            stream=base.stream, length=base.length,
        )
        if body is not None:
            new.body = body.encode("utf-8") if isinstance(body, str) else body
            new.render = None
            new.stream = None
            new.behaviour = "" if new.behaviour == STREAM else new.behaviour
        if headers:
            new.headers.update(headers)
        with self._lock:
            self._overrides[(ip, key)] = new

    def clear_overrides(self) -> None:
        with self._lock:
            self._overrides.clear()
            self._hits.clear()

    def reset_state(self) -> None:
        """Forget per-URL state (the 429 link answers 429 again on its next request)."""
        with self._lock:
            self._hits.clear()

    def reset_log(self, settle: float = 1.0) -> None:
        """Empty the log, after the requests still being answered (at most `settle` s)
        have logged, so that none of them lands in the next test's log."""
        with self._settled:
            self._settled.wait_for(lambda: self._in_flight == 0, timeout=settle)
            self.requests.clear()

    def settle(self, timeout: float = 1.0) -> None:
        """Wait (at most `timeout` s) until every request answered so far has logged: a
        client may hold its whole answer before the handler's last line runs."""
        with self._settled:
            self._settled.wait_for(lambda: self._in_flight == 0, timeout=timeout)

    def requests_to(self, ip: str) -> list[dict[str, Any]]:
        prefix = f"{ip}:"
        with self._lock:
            return [r for r in self.requests if r["host"].startswith(prefix)]

    # -- serving ---------------------------------------------------------------------
    def _log(self, entry: dict[str, Any]) -> None:
        with self._lock:
            self.requests.append(entry)
            self._in_flight -= 1
            self._settled.notify_all()
            if self._log_file is not None:
                self._log_file.write(json.dumps(entry, ensure_ascii=False) + "\n")
                self._log_file.flush()

    def _find(self, ip: str, path_qs: str) -> Resource:
        key = route_key(path_qs)
        with self._lock:
            over = self._overrides.get((ip, key))
        if over is not None:
            return over
        host = self.world.hosts.get(ip)
        if host is None:
            return Resource(status=404, body=b"no such host")
        return host.lookup(path_qs) or host.not_found()

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        start = time.time()
        sockname = request.transport.get_extra_info("sockname") if request.transport else None
        ip = sockname[0] if sockname else (request.host.split(":")[0])
        path_qs = request.raw_path
        status = 500
        with self._lock:
            self._in_flight += 1
        try:
            res = self._find(ip, path_qs)
            status = res.status
            response = await self._respond(request, ip, res, path_qs)
            status = response.status
            return response
        finally:
            self._log({
                "host": f"{ip}:{self.port}", "method": request.method, "path": path_qs,
                "status": status, "start": start, "end": time.time(),
                "ua": request.headers.get("User-Agent", ""),
            })

    async def _respond(
        self, request: web.Request, ip: str, res: Resource, path_qs: str
    ) -> web.StreamResponse:
        head = request.method == "HEAD"
        if isinstance(res, HostileResource):  # the hostile host (hostile.py) answers itself
            return await res.respond(request, path_qs, self._send)
        if res.behaviour == SLOW and res.delay:
            await asyncio.sleep(res.delay)
        if res.behaviour == HEAD_REFUSED and head:
            return await self._send(request, Resource(
                status=405, headers={"Allow": "GET"}, body=b"Method Not Allowed",
                content_type="text/plain; charset=utf-8"), b"", head)
        if res.behaviour == RATE_LIMITED:
            key = (ip, route_key(path_qs))
            with self._lock:
                hits = self._hits.get(key, 0)
                self._hits[key] = hits + 1
            if hits == 0:
                return await self._send(request, Resource(
                    status=429, headers={"Retry-After": "1"}, body="Слишком много запросов".encode(),
                    content_type="text/plain; charset=utf-8"), b"", head)
        if res.behaviour == STREAM and res.stream is not None:
            return await self._stream(request, res, head)
        body = res.content(path_qs)
        return await self._send(request, res, body, head)

    async def _send(
        self, request: web.Request, res: Resource, body: bytes, head: bool
    ) -> web.StreamResponse:
        if not body and res.body:
            body = res.body
        response = web.StreamResponse(status=res.status)
        if res.content_type:
            response.headers["Content-Type"] = res.content_type
        for name, value in res.headers.items():
            response.headers[name] = value
        response.content_length = len(body)
        await response.prepare(request)
        if not head and body:
            await response.write(body)
        await response.write_eof()
        return response

    async def _stream(self, request: web.Request, res: Resource, head: bool) -> web.StreamResponse:
        response = web.StreamResponse(status=res.status)
        if res.content_type:
            response.headers["Content-Type"] = res.content_type
        for name, value in res.headers.items():
            response.headers[name] = value
        if res.length is not None:
            response.content_length = res.length
        await response.prepare(request)
        if not head and res.stream is not None:
            try:
                for chunk in res.stream():
                    await response.write(chunk)
            except (ConnectionError, aiohttp.ClientConnectionResetError):
                # the client stopped reading (a crawler's byte cap does that on purpose)
                return response
        await response.write_eof()
        return response
