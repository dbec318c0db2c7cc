"""The social step of an audit: read the run's VK and Telegram centres, store what they showed.

Runs right after the crawl, in the audit's own process (`ibcmon.pipeline.run_audit`).
For each visit the crawl left `not_auditable` whose listed address is a VK community or
a Telegram channel: read it (`vk.read_community`, `telegram.read_channel`), then replace
the visit's status and reason and store the community and its posts as page rows
(`page_rows`), which `checks.social` grades. Without a VK key the VK centres stay as
the crawl left them, and the step's one message says how to enable the check.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
from sqlalchemy import delete, select

from common.config import Config, network_policy, vk_token
from common.netpolicy import AddressNotAllowed, GuardedTransport
from common.urls import SOCIAL_HEADER, TELEGRAM, VK, representation_kind
from crawler.social import telegram, vk
from crawler.social.model import Community, Outcome
from crawler.status import ERROR, NOT_AUDITABLE, OTHER
from store.db import Database
from store.models import CentreVisit, Page, Run, utcnow

logger = logging.getLogger(__name__)

SOCIAL_NOTES = "social_notes"  # the run's `stats` key: the step's run-level lines
NO_KEY = ("сообщества ВКонтакте ({count}) не проверены: нет ключа VK API. Чтобы их проверять, "
          "получите сервисный ключ приложения ВКонтакте и укажите его в [social] vk_token "
          "или в переменной окружения IBCMON_VK_TOKEN (см. README)")


@dataclass
class SocialSummary:
    read: dict[str, int] = field(default_factory=dict)  # kind -> centres read (status ok)
    notes: list[str] = field(default_factory=list)  # run-level lines (no key, key rejected)


def read_social_run(db: Database, config: Config, run_id: int, *,
                    centre_ids: list[int] | None = None, as_of: dt.date | None = None,
                    progress: Callable[[str], None] = lambda _m: None,
                    transport: httpx.AsyncBaseTransport | None = None) -> SocialSummary:
    """Read every VK and Telegram centre of the run (or only `centre_ids`) and store it;
    posts are kept back from the end of `as_of` (the audit date), else from now."""
    with db.session() as session:
        query = select(CentreVisit.centre_id, CentreVisit.listed_url).where(
            CentreVisit.run_id == run_id, CentreVisit.status == NOT_AUDITABLE)
        if centre_ids is not None:
            query = query.where(CentreVisit.centre_id.in_(centre_ids))
        visits = [(cid, url) for cid, url in session.execute(query).all()
                  if representation_kind(url) in (VK, TELEGRAM)]
    summary = SocialSummary()
    if not visits:
        return summary
    now = dt.datetime.combine(as_of, dt.time.max) if as_of is not None else utcnow()
    outcomes = asyncio.run(_read_all(config, visits, summary, progress, transport, now))
    with db.session() as session:
        for centre_id, outcome in outcomes.items():
            _store(session, run_id, centre_id, outcome)
        run = session.get(Run, run_id)
        if run is not None and summary.notes:  # the report says it once, at the top
            run.stats = {**(run.stats or {}), SOCIAL_NOTES: list(summary.notes)}
    for note in summary.notes:  # said once, by the audit's summary and the report (`SOCIAL_NOTES`)
        logger.info("%s", note)
    return summary


async def _read_all(config: Config, visits: list[tuple[int, str]], summary: SocialSummary,
                    progress: Callable[[str], None],
                    transport: httpx.AsyncBaseTransport | None, now: dt.datetime) -> dict[int, Outcome]:
    policy = network_policy(config)
    inner = transport or httpx.AsyncHTTPTransport(http1=True, http2=False)
    timeout = httpx.Timeout(config.crawl.timeout)
    outcomes: dict[int, Outcome] = {}
    async with httpx.AsyncClient(transport=GuardedTransport(inner, policy), timeout=timeout,
                                 follow_redirects=False, trust_env=False,
                                 headers={b"User-Agent": config.general.user_agent.encode("utf-8")}) as client:
        vk_visits = [(cid, url) for cid, url in visits if representation_kind(url) == VK]
        tg_visits = [(cid, url) for cid, url in visits if representation_kind(url) == TELEGRAM]
        if vk_visits:
            progress(f"Сообщества ВКонтакте: {len(vk_visits)}")
            await _read_vk(client, config, vk_visits, outcomes, summary, now)
        if tg_visits:
            progress(f"Каналы Telegram: {len(tg_visits)}")
        for centre_id, url in tg_visits:
            outcomes[centre_id] = await _guarded(
                telegram.read_channel(client, url, config.social.telegram_preview_url, now))
    for outcome in outcomes.values():
        if outcome.community is not None:
            kind = outcome.community.kind
            summary.read[kind] = summary.read.get(kind, 0) + 1
    return outcomes


async def _read_vk(client: httpx.AsyncClient, config: Config, visits: list[tuple[int, str]],
                   outcomes: dict[int, Outcome], summary: SocialSummary, now: dt.datetime) -> None:
    token = vk_token(config)
    if not token:
        summary.notes.append(NO_KEY.format(count=len(visits)))
        return
    api = vk.VkApi(client, config.social.vk_api_url, token)
    for centre_id, url in visits:
        deadline = time.monotonic() + config.crawl.max_centre_time
        try:
            outcomes[centre_id] = await _guarded(vk.read_community(api, url, deadline, now))
        except vk.KeyRejected as exc:  # one line for the run; these centres stay as they were
            summary.notes.append(str(exc))
            return


async def _guarded(reading: Any) -> Outcome:
    """A network failure is the centre's status, never the step's crash."""
    try:
        result: Outcome = await reading
        return result
    except AddressNotAllowed as exc:
        return Outcome(NOT_AUDITABLE, exc.reason)
    except httpx.TimeoutException:
        return Outcome(ERROR, "сервер соцсети не ответил вовремя (тайм-аут)")
    except httpx.HTTPError as exc:
        return Outcome(ERROR, f"нет соединения с сервером соцсети ({type(exc).__name__})")


def _store(session: Any, run_id: int, centre_id: int, outcome: Outcome) -> None:
    visit = session.scalars(select(CentreVisit).where(
        CentreVisit.run_id == run_id, CentreVisit.centre_id == centre_id)).one()
    session.execute(delete(Page).where(Page.run_id == run_id, Page.centre_id == centre_id))
    visit.status, visit.reason = outcome.status, outcome.reason
    # the community's own reason replaces the crawl's «social network»: its text says it
    # (the crawl error codes name no VK or Telegram cases)
    visit.reason_code = OTHER if outcome.reason else None
    visit.final_url = visit.listed_url
    visit.pages = 0
    if outcome.community is not None:
        rows = page_rows(run_id, centre_id, outcome.community)
        session.add_all(rows)
        visit.pages = len(rows)
        visit.http_status = 200
    visit.finished_at = utcnow()


def page_rows(run_id: int, centre_id: int, community: Community) -> list[Page]:
    """The community's own text as the main page (depth 0), each post as a page (depth 1)."""
    now = utcnow()
    main = Page(run_id=run_id, centre_id=centre_id, url=community.url, final_url=community.url,
                http_status=200, content_type="text/plain", fetched_at=now, depth=0,
                title=community.title, main_text=community.about, links=list(community.links),
                text_hash=_hash(community.about), size=len(community.about.encode()),
                headers={SOCIAL_HEADER: {"kind": community.kind, "role": "community"}})
    rows = [main]
    for post in community.posts:
        rows.append(Page(
            run_id=run_id, centre_id=centre_id, url=post.url, final_url=post.url, http_status=200,
            content_type="text/plain", fetched_at=now, depth=1, title=None, main_text=post.text,
            text_hash=_hash(post.text), links=list(post.links), size=len(post.text.encode()),
            headers={SOCIAL_HEADER: {"kind": community.kind, "role": "post",
                                     "published": post.published.isoformat(),
                                     "pinned": post.pinned, "repost": post.repost}},
        ))
    return rows


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
