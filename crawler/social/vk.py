"""VK communities through the VK API: `groups.getById` and `wall.get`, version API_VERSION.

Plain httpx against the documented methods (https://dev.vk.com/ru/method): two calls per
community are all we need, and the `vk-api` package would add a synchronous `requests`
stack beside the project's httpx, with its own retry and no address policy.

- The key goes in the POST body (`access_token`), never in a URL: httpx and the logs show
  the method's URL only. It is never stored (`common.config.run_settings` blanks it).
- VK allows 3 requests a second per key: `RateLimit` spaces the calls so that no 3
  calls fall within one second, and error 6 (too many requests per second) or 9 (flood
  control) waits and asks again while the community's time (`crawl.max_centre_time`) lasts.
- A key VK rejects (errors 5, 27, 28) or a quota spent for the day (29) stops the VK part
  of the run at once: one line says so, the centres stay «не проверяется автоматически».
"""
from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections import deque
from typing import Any

import httpx

from common.urls import VK, vk_community
from crawler.social.model import Community, Outcome, Post, recent
from crawler.status import ERROR, NOT_AUDITABLE, NOT_FOUND, OK

API_VERSION = "5.199"
GROUP_FIELDS = "description,contacts,links,site,addresses"
CALLS_PER_SECOND = 3
RETRY_PAUSE = 1.0  # seconds before asking again after error 6 or 9

KEY_ERRORS = {5, 27, 28, 1116}  # authorization failed: the key is invalid, expired or revoked
QUOTA_ERROR = 29  # the key's daily quota for the method is spent
RETRY_ERRORS = {6, 9, 10}  # too many per second, flood control, VK's internal error
ACCESS_ERRORS = {15, 30, 203}  # the wall or the group is closed to outsiders
MISSING_ERRORS = {18, 100, 113}  # no such community (a wrong or deleted address)

REASON_CLOSED = "закрытое сообщество ВКонтакте: записи видны только участникам"
REASON_PRIVATE = "частное (закрытое) сообщество ВКонтакте: записи видны только участникам"
REASON_BANNED = "сообщество ВКонтакте заблокировано администрацией ВКонтакте"
REASON_DELETED = "сообщество ВКонтакте удалено"
REASON_MISSING = "сообщества с таким адресом ВКонтакте нет"
REASON_NOT_COMMUNITY = "адрес ВКонтакте не ведёт на сообщество (это личная страница или запись)"
REASON_BUSY = "ВКонтакте просил обращаться реже, и время на проверку сообщества вышло"
REASON_NO_ANSWER = "VK API не ответил: {error}"
KEY_REJECTED = ("ключ VK API не принят (ошибка {code}: {message}): сообщества ВКонтакте не проверены. "
                "Получите новый сервисный ключ и укажите его в [social] vk_token или в переменной "
                "IBCMON_VK_TOKEN (см. README)")
QUOTA_SPENT = ("дневной лимит запросов к VK API исчерпан: остальные сообщества ВКонтакте не проверены "
               "в этот раз")


class VkError(Exception):
    def __init__(self, code: int, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


class KeyRejected(Exception):
    """The whole VK part of the run stops: the message is the run's one line about it."""


class RateLimit:
    """At most `calls` calls in any `period` seconds (a sliding window of call times)."""

    def __init__(self, calls: int = CALLS_PER_SECOND, period: float = 1.0) -> None:
        self.calls = calls
        self.period = period * 1.05  # a margin: VK's clock and ours count seconds apart
        self.sent: deque[float] = deque(maxlen=calls)
        self.lock = asyncio.Lock()

    async def wait(self) -> None:
        async with self.lock:
            if len(self.sent) == self.calls:
                pause = self.sent[0] + self.period - time.monotonic()
                if pause > 0:
                    await asyncio.sleep(pause)
            self.sent.append(time.monotonic())


class VkApi:
    def __init__(self, client: httpx.AsyncClient, base_url: str, token: str,
                 limit: RateLimit | None = None) -> None:
        self.client = client
        self.base_url = base_url.rstrip("/") + "/"
        self._token = token
        self.limit = limit or RateLimit()

    def __repr__(self) -> str:  # never the key
        return f"VkApi({self.base_url!r})"

    async def call(self, method: str, deadline: float, **params: Any) -> Any:
        """One method's `response`; VkError for VK's error object (after retries)."""
        while True:
            await self.limit.wait()
            data = {**{k: str(v) for k, v in params.items()}, "v": API_VERSION, "access_token": self._token}
            response = await self.client.post(self.base_url + method, data=data)
            try:
                body = response.json()
            except ValueError as exc:
                raise VkError(0, f"ответ не JSON (код {response.status_code})") from exc
            if not isinstance(body, dict):
                raise VkError(0, "неожиданный ответ")
            error = body.get("error")
            if error is None:
                return body.get("response")
            code = int(error.get("error_code") or 0)
            message = str(error.get("error_msg") or "")
            if code in KEY_ERRORS:
                raise KeyRejected(KEY_REJECTED.format(code=code, message=message))
            if code == QUOTA_ERROR:
                raise KeyRejected(QUOTA_SPENT)
            if code in RETRY_ERRORS and time.monotonic() + RETRY_PAUSE < deadline:
                await asyncio.sleep(RETRY_PAUSE)
                continue
            raise VkError(code, message)


def _groups(response: Any) -> list[dict[str, Any]]:
    # 5.199 answers {"groups": [...], "profiles": [...]}; versions before 5.139 a bare list
    if isinstance(response, dict):
        response = response.get("groups") or []
    return [g for g in response or [] if isinstance(g, dict)]


def _about(group: dict[str, Any]) -> tuple[str, list[dict[str, Any]]]:
    """The community's own text (description, contacts, site, addresses) and its links."""
    lines = [str(group.get("description") or "").strip()]
    links: list[dict[str, Any]] = []
    for contact in group.get("contacts") or []:
        parts = [str(contact.get(k) or "").strip() for k in ("desc", "phone", "email")]
        lines.append(", ".join(p for p in parts if p))
    site = str(group.get("site") or "").strip()
    if site:
        lines.append(f"Сайт: {site}")
        links.append({"url": site if "://" in site else "https://" + site, "text": "Сайт"})
    addresses = group.get("addresses")
    if isinstance(addresses, dict) and addresses.get("is_enabled"):
        for item in addresses.get("items") or []:
            address = str(item.get("address") or "").strip()
            hours = item.get("work_info_status") or ""
            lines.append(f"Адрес: {address}" + (f" ({hours})" if hours else ""))
    for link in group.get("links") or []:
        url = str(link.get("url") or "").strip()
        if url:
            links.append({"url": url, "text": str(link.get("name") or link.get("desc") or url)})
    return "\n".join(line for line in lines if line), links


def _post(owner_id: int, item: dict[str, Any]) -> Post:
    text = str(item.get("text") or "")
    history = item.get("copy_history") or []
    if history and not text:  # a bare repost: the reposted text is what readers see
        text = str(history[0].get("text") or "")
    links = []
    for attachment in item.get("attachments") or []:
        if attachment.get("type") == "link" and isinstance(attachment.get("link"), dict):
            link = attachment["link"]
            links.append({"url": str(link.get("url") or ""), "text": str(link.get("title") or "")})
    return Post(
        url=f"https://vk.com/wall{owner_id}_{item.get('id')}",
        published=dt.datetime.fromtimestamp(int(item.get("date") or 0), dt.UTC).replace(tzinfo=None),
        text=text, links=[lk for lk in links if lk["url"]],
        pinned=bool(item.get("is_pinned")), repost=bool(history),
    )


async def read_community(api: VkApi, url: str, deadline: float, now: dt.datetime) -> Outcome:
    """One listed VK address → the community with its recent posts, or a status."""
    name = vk_community(url)
    if name is None:
        return Outcome(NOT_AUDITABLE, REASON_NOT_COMMUNITY)
    try:
        groups = _groups(await api.call("groups.getById", deadline, group_id=name, fields=GROUP_FIELDS))
    except VkError as exc:
        return _error_outcome(exc)
    if not groups:
        return Outcome(NOT_FOUND, REASON_MISSING)
    group = groups[0]
    if group.get("deactivated") == "deleted":
        return Outcome(NOT_FOUND, REASON_DELETED)
    if group.get("deactivated"):
        return Outcome(NOT_AUDITABLE, REASON_BANNED)
    if group.get("is_closed") == 1:
        return Outcome(NOT_AUDITABLE, REASON_CLOSED)
    if group.get("is_closed") == 2:
        return Outcome(NOT_AUDITABLE, REASON_PRIVATE)
    owner_id = -int(group["id"])
    try:
        wall = await api.call("wall.get", deadline, owner_id=owner_id, count=100, filter="all")
    except VkError as exc:
        return _error_outcome(exc)
    items = (wall or {}).get("items") or [] if isinstance(wall, dict) else []
    posts = recent([_post(owner_id, i) for i in items if isinstance(i, dict)], now)
    about, links = _about(group)
    title = str(group.get("name") or name)
    return Outcome(OK, None, Community(VK, url, title, about, links, posts))


def _error_outcome(exc: VkError) -> Outcome:
    if exc.code in ACCESS_ERRORS:
        return Outcome(NOT_AUDITABLE, REASON_CLOSED)
    if exc.code in MISSING_ERRORS:
        return Outcome(NOT_FOUND, REASON_MISSING)
    if exc.code in RETRY_ERRORS:
        return Outcome(ERROR, REASON_BUSY)
    return Outcome(ERROR, REASON_NO_ANSWER.format(error=f"ошибка {exc.code}: {exc.message}"[:200]))
