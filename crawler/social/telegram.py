"""A public Telegram channel from its web preview, `https://t.me/s/NAME`: no key needed.

The preview lists the channel's latest posts (about twenty), each a
`div.tgme_widget_message` with `data-post="NAME/ID"`, its text in
`.tgme_widget_message_text`, its time in `.tgme_widget_message_date time[datetime]`,
a forwarded one marked `.tgme_widget_message_forwarded_from`. A private channel, or one
whose owner turned the preview off, has no such page: t.me answers with a redirect to
`t.me/NAME` (an invitation to open the app) or a page without the channel's history.
"""
from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urljoin

import httpx
import lxml.html

from common.urls import TELEGRAM, telegram_channel
from crawler.social.model import Community, Outcome, Post, recent
from crawler.status import ERROR, NOT_AUDITABLE, NOT_FOUND, OK

MAX_PREVIEW_BYTES = 5 * 1024 * 1024

REASON_PRIVATE = "частный канал Telegram или приглашение в группу: записи видны только участникам"
REASON_NO_PREVIEW = "у канала Telegram нет открытого веб-просмотра (t.me/s/): записи видны только в приложении"
REASON_MISSING = "канала Telegram с таким адресом нет"
REASON_FAILED = "веб-просмотр канала Telegram не открылся: {error}"


def preview_address(base: str, name: str) -> str:
    return base.rstrip("/") + "/" + name


async def read_channel(client: httpx.AsyncClient, url: str, preview_base: str,
                       now: dt.datetime) -> Outcome:
    name = telegram_channel(url)
    if name is None:
        return Outcome(NOT_AUDITABLE, REASON_PRIVATE)
    address = preview_address(preview_base, name)
    try:
        async with client.stream("GET", address) as response:
            if response.status_code in (404, 410):
                return Outcome(NOT_FOUND, REASON_MISSING)
            if 300 <= response.status_code < 400:
                return Outcome(NOT_AUDITABLE, REASON_NO_PREVIEW)
            if response.status_code != 200:
                return Outcome(ERROR, REASON_FAILED.format(error=f"код {response.status_code}"))
            body = b""
            charset = response.charset_encoding or "utf-8"  # t.me answers in UTF-8
            async for chunk in response.aiter_bytes():
                body += chunk
                if len(body) > MAX_PREVIEW_BYTES:
                    break
    except httpx.HTTPError as exc:
        return Outcome(ERROR, REASON_FAILED.format(error=type(exc).__name__))
    try:
        text = body.decode(charset, errors="replace")
    except LookupError:  # a charset Python does not know
        text = body.decode("utf-8", errors="replace")
    return parse_preview(text, url, address, now)


def parse_preview(body: str, url: str, address: str, now: dt.datetime) -> Outcome:
    """The channel and its posts from the preview's HTML, or "no preview"."""
    try:
        root = lxml.html.fromstring(body or "<html></html>")
    except (lxml.etree.ParserError, ValueError):
        return Outcome(NOT_AUDITABLE, REASON_NO_PREVIEW)
    messages = root.xpath('//div[contains(concat(" ", @class, " "), " tgme_widget_message ")][@data-post]')
    history = root.xpath('//*[contains(@class, "tgme_channel_history")]')
    if not history and not messages:
        return Outcome(NOT_AUDITABLE, REASON_NO_PREVIEW)
    title = _text(root, '//*[contains(@class, "tgme_channel_info_header_title")]') or url
    about = _text(root, '//*[contains(@class, "tgme_channel_info_description")]')
    posts = [p for p in (_post(m, address) for m in messages) if p is not None]
    return Outcome(OK, None, Community(TELEGRAM, url, title, about, [], recent(posts, now)))


def _text(node: Any, xpath: str) -> str:
    found = node.xpath(xpath)
    return " ".join(found[0].text_content().split()) if found else ""


def _post(node: Any, address: str) -> Post | None:
    times = node.xpath('.//a[contains(@class, "tgme_widget_message_date")]//time/@datetime')
    if not times:
        return None
    try:
        published = dt.datetime.fromisoformat(str(times[0]))
    except ValueError:
        return None
    if published.tzinfo is not None:
        published = published.astimezone(dt.UTC).replace(tzinfo=None)
    texts = node.xpath('.//div[contains(@class, "tgme_widget_message_text")]')
    text = texts[0].text_content().strip() if texts else ""
    links = []
    for anchor in texts[0].xpath(".//a[@href]") if texts else []:
        href = urljoin(address, str(anchor.get("href")))
        if href.startswith(("http://", "https://")):
            links.append({"url": href, "text": " ".join(anchor.text_content().split())})
    post_id = str(node.get("data-post"))
    return Post(
        url=f"https://t.me/{post_id}", published=published, text=text, links=links,
        pinned=False,  # the preview does not mark the pinned post: every post counts by its date
        repost=bool(node.xpath('.//*[contains(@class, "tgme_widget_message_forwarded_from")]')),
    )
