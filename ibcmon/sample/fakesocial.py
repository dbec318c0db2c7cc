"""A local stand-in for the VK API and Telegram's channel previews, for the demo and tests.

    with FakeSocial(communities, channels, token="demo-key") as fake:
        config.social.vk_api_url = fake.vk_api_url        # http://127.0.0.1:PORT/method/
        config.social.telegram_preview_url = fake.preview_url  # http://127.0.0.1:PORT/s/

It speaks the documented JSON of `groups.getById` and `wall.get` (API 5.199:
`{"response": ...}`, or `{"error": {"error_code", "error_msg", "request_params"}}`):
error 5 for a key other than `token` (None: any key but an empty one), error 6 when a fourth call comes within one
second (VK's limit of 3 a second per key), error 15 for the wall of a closed community,
error 100 for an unknown community. `fail_first` answers that many first calls with
error 6, as a busy VK does. Every call is logged (`calls`: time, method, group) without
the key. `/s/NAME` serves a channel's preview page, or redirects to `/NAME` as t.me does
for a channel without a preview.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import socket
import threading
import time
from dataclasses import dataclass, field
from html import escape
from typing import Any

from aiohttp import web


@dataclass
class FakePost:
    id: int
    date: dt.datetime  # UTC
    text: str
    pinned: bool = False
    repost: bool = False
    link: str | None = None


@dataclass
class FakeCommunity:
    id: int
    screen_name: str
    name: str
    description: str = ""
    is_closed: int = 0  # 0 open, 1 closed, 2 private
    deactivated: str | None = None  # "deleted" | "banned"
    site: str = ""
    phone: str = ""
    links: list[tuple[str, str]] = field(default_factory=list)  # (url, name)
    posts: list[FakePost] = field(default_factory=list)  # as the wall shows them (pinned first)


@dataclass
class FakeChannel:
    name: str
    title: str
    description: str = ""
    posts: list[FakePost] = field(default_factory=list)
    preview: bool = True  # False: /s/NAME redirects to /NAME (no web preview)


class FakeSocial:
    def __init__(self, communities: list[FakeCommunity] | None = None,
                 channels: list[FakeChannel] | None = None, token: str | None = "test-key",
                 fail_first: int = 0, host: str = "127.0.0.1") -> None:
        self.communities = {c.screen_name: c for c in communities or []}
        self.by_id = {str(c.id): c for c in communities or []}
        self.channels = {c.name: c for c in channels or []}
        self.token = token
        self.fail_first = fail_first
        self.host = host
        self.port = 0
        self.calls: list[dict[str, Any]] = []  # every API call: {"time", "method", "group", "answer"}
        self.tokens_seen: set[str] = set()  # for tests: the key came in the body
        self._recent: list[float] = []
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._runner: web.AppRunner | None = None

    @property
    def vk_api_url(self) -> str:
        return f"http://{self.host}:{self.port}/method/"

    @property
    def preview_url(self) -> str:
        return f"http://{self.host}:{self.port}/s/"

    # -- life cycle ------------------------------------------------------------------
    def __enter__(self) -> FakeSocial:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> FakeSocial:
        self._thread = threading.Thread(target=self._run, name="fake-social", daemon=True)
        self._thread.start()
        if not self._ready.wait(30):
            raise RuntimeError("the fake VK API did not start")
        return self

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        asyncio.set_event_loop(loop)
        loop.run_until_complete(self._serve())
        self._ready.set()
        try:
            loop.run_forever()
        finally:
            if self._runner is not None:
                loop.run_until_complete(self._runner.cleanup())
            loop.close()

    async def _serve(self) -> None:
        app = web.Application()
        app.router.add_post("/method/{method}", self._method)
        app.router.add_get("/s/{name}", self._preview)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=0.5)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind((self.host, 0))
        self.port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()

    def stop(self) -> None:
        if self._loop is not None and self._thread is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)
        self._loop = self._thread = None

    # -- the VK API ------------------------------------------------------------------
    async def _method(self, request: web.Request) -> web.Response:
        form = await request.post()
        method = request.match_info["method"]
        now = time.monotonic()
        params = {k: str(v) for k, v in form.items() if k != "access_token"}
        token = str(form.get("access_token") or "")
        self.tokens_seen.add(token)
        group = params.get("group_id") or params.get("owner_id", "").lstrip("-")
        entry: dict[str, Any] = {"time": now, "method": method, "group": group}
        self.calls.append(entry)
        self._recent = [t for t in self._recent if now - t < 1.0] + [now]
        if not token or (self.token is not None and token != self.token):
            body = _error(5, "User authorization failed: invalid access_token (4).", params)
        elif len(self._recent) > 3 or len(self.calls) <= self.fail_first:
            body = _error(6, "Too many requests per second", params)
        elif method == "groups.getById":
            body = self._group(params)
        elif method == "wall.get":
            body = self._wall(params)
        else:
            body = _error(3, "Unknown method passed", params)
        entry["answer"] = body.get("error", {}).get("error_code", "ok")
        return web.json_response(body)

    def _find(self, name: str) -> FakeCommunity | None:
        return self.communities.get(name) or self.by_id.get(name)

    def _group(self, params: dict[str, str]) -> dict[str, Any]:
        community = self._find(params.get("group_id", ""))
        if community is None:
            return _error(100, "One of the parameters specified was missing or invalid: group_ids is undefined",
                          params)
        c = community
        group: dict[str, Any] = {"id": c.id, "name": c.name, "screen_name": c.screen_name,
                                 "is_closed": c.is_closed, "type": "group"}
        if c.deactivated:
            group["deactivated"] = c.deactivated
        else:
            group.update({
                "description": c.description, "site": c.site,
                "contacts": [{"user_id": 1, "desc": "Педагог-библиотекарь", "phone": c.phone}] if c.phone else [],
                "links": [{"id": i, "url": u, "name": n} for i, (u, n) in enumerate(c.links, 1)],
                "addresses": {"is_enabled": False},
            })
        return {"response": {"groups": [group], "profiles": []}}

    def _wall(self, params: dict[str, str]) -> dict[str, Any]:
        community = self._find(params.get("owner_id", "").lstrip("-"))
        if community is None or community.deactivated:
            return _error(18, "User was deleted or banned", params)
        if community.is_closed:
            return _error(15, "Access denied: this wall available only for community members", params)
        count = min(100, int(params.get("count") or 20))
        items = []
        for post in community.posts[:count]:
            item: dict[str, Any] = {"id": post.id, "owner_id": -community.id, "from_id": -community.id,
                                    "date": int(post.date.replace(tzinfo=dt.UTC).timestamp()),
                                    "text": "" if post.repost else post.text, "post_type": "post"}
            if post.pinned:
                item["is_pinned"] = 1
            if post.repost:
                item["copy_history"] = [{"id": 7, "owner_id": -1, "text": post.text, "date": item["date"]}]
            if post.link:
                item["attachments"] = [{"type": "link", "link": {"url": post.link, "title": "Ссылка"}}]
            items.append(item)
        return {"response": {"count": len(community.posts), "items": items}}

    # -- Telegram previews -----------------------------------------------------------
    async def _preview(self, request: web.Request) -> web.StreamResponse:
        channel = self.channels.get(request.match_info["name"])
        if channel is None or not channel.preview:
            raise web.HTTPFound(f"/{request.match_info['name']}")
        return web.Response(text=preview_html(channel), content_type="text/html")


def _error(code: int, message: str, params: dict[str, str]) -> dict[str, Any]:
    return {"error": {"error_code": code, "error_msg": message,
                      "request_params": [{"key": k, "value": v} for k, v in params.items()]}}


def preview_html(channel: FakeChannel) -> str:
    """A channel's page as t.me/s/NAME shows it (the classes the reader looks for)."""
    posts = []
    for post in channel.posts:
        forwarded = ('<div class="tgme_widget_message_forwarded_from">Forwarded from '
                     '<a class="tgme_widget_message_forwarded_from_name" href="https://t.me/other">Другой</a></div>'
                     if post.repost else "")
        link = f' <a href="{escape(post.link)}">{escape(post.link)}</a>' if post.link else ""
        iso = post.date.replace(tzinfo=dt.UTC).isoformat()
        posts.append(
            f'<div class="tgme_widget_message_wrap"><div class="tgme_widget_message text_not_supported_wrap '
            f'js-widget_message" data-post="{channel.name}/{post.id}">{forwarded}'
            f'<div class="tgme_widget_message_text js-message_text" dir="auto">{escape(post.text)}{link}</div>'
            f'<div class="tgme_widget_message_footer"><a class="tgme_widget_message_date" '
            f'href="https://t.me/{channel.name}/{post.id}"><time datetime="{iso}" class="time">'
            f'{post.date:%H:%M}</time></a></div></div></div>')
    return (f'<!DOCTYPE html><html><head><title>{escape(channel.title)} – Telegram</title></head><body>'
            f'<div class="tgme_channel_info"><div class="tgme_channel_info_header_title">'
            f'<span dir="auto">{escape(channel.title)}</span></div>'
            f'<div class="tgme_channel_info_description">{escape(channel.description)}</div></div>'
            f'<section class="tgme_channel_history js-message_history">{"".join(posts)}</section></body></html>')
