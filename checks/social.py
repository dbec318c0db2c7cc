"""Grading a VK community or a Telegram channel with the same rulebook as a site.

The social step of the audit (`crawler.social`) stores a community as page rows: its own
text (description, contacts, site, addresses, links) as the main page, each post as a
page whose `headers[SOCIAL_HEADER]` says when it was published and whether it is pinned
or a repost. Here:

- sections a community can show (`SOCIAL_SECTIONS`): posts are «Новости»; a post about
  an exhibition or new books is «Книжные выставки» / «Новые поступления» (the rules'
  running-text evidence, `checks.prose`); the description or a post shows «О библиотеке»,
  «Режим работы», «Контакты», «Электронные ресурсы» (the sections' own text patterns and
  prose rules; the community's links count as links). Every verdict links to its post.
- the other sections cannot be held by a community: «не применимо для сообщества
  ВКонтакте» (or «…для канала Telegram»), neither present nor missing;
- the last update is the newest post's date, whatever the post's place on the wall
  (a pinned post stands first, but counts by its date);
- the score is out of what applies: наполнение by the applicable sections' weights,
  обновление by the newest post alone (a plan of work is not held on VK), and the
  technical part (HTTPS, links, mobile view) is the network's, not the library's, so it
  is left out and the sum is scaled to 100:
  score = 100 × (наполнение + обновление) / (60 + 25).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from checks.base import CentreInput
from checks.freshness import DateEvidence, classify
from checks.page import Snapshot
from checks.prose import prose_hits
from checks.result import Advice, CentreResult, Evidence, Finding, ScorePart, SectionVerdict
from checks.rulebook import Rulebook
from checks.sections import content_match
from checks.updates import days_ru
from common.labels import freshness_words
from common.urls import SITE, SOCIAL_HEADER, TELEGRAM, VK, representation_kind, split_host

SOCIAL_SECTIONS = ("about", "contacts", "work_hours", "news", "new_arrivals", "exhibitions", "e_resources")
POST_SECTIONS = ("new_arrivals", "exhibitions")  # shown by a post's running text only
SOCIAL_PARTS = ("completeness", "freshness")
NOT_APPLICABLE = {VK: "не применимо для сообщества ВКонтакте", TELEGRAM: "не применимо для канала Telegram"}
PLACE = {VK: "в сообществе ВКонтакте", TELEGRAM: "в канале Telegram"}
EVIDENCE_CHARS = 200
NEWS_EVIDENCE = 3  # the newest posts shown as the news section's evidence


@dataclass
class SocialPost:
    url: str
    published: dt.datetime
    text: str
    links: list[dict[str, Any]]
    pinned: bool
    repost: bool

    def evidence(self, kind: str, text: str | None = None) -> Evidence:
        label = "репост: " if self.repost else ""
        shown = " ".join((text if text is not None else self.text).split())[:EVIDENCE_CHARS]
        return Evidence(page_url=self.url, kind=kind,
                        text=f"{self.published:%d.%m.%Y}, {label}{shown}".rstrip(", "), url=self.url)


def social_marks(snap: Snapshot) -> dict[str, Any] | None:
    mark = (snap.headers or {}).get(SOCIAL_HEADER)
    return mark if isinstance(mark, dict) else None


def is_social_input(centre: CentreInput) -> bool:
    """A community read by the social step (its pages carry the social mark)."""
    return representation_kind(centre.listed_url) != SITE and any(social_marks(s) for s in centre.snapshots)


def posts_of(centre: CentreInput) -> list[SocialPost]:
    posts = []
    for snap in centre.snapshots:
        mark = social_marks(snap)
        if not mark or mark.get("role") != "post":
            continue
        try:
            published = dt.datetime.fromisoformat(str(mark.get("published")))
        except ValueError:
            continue
        posts.append(SocialPost(snap.url, published, snap.main_text or "", list(snap.links or []),
                                bool(mark.get("pinned")), bool(mark.get("repost"))))
    return sorted(posts, key=lambda p: p.published, reverse=True)  # by date, not by place


def _community(centre: CentreInput) -> Snapshot | None:
    return next((s for s in centre.snapshots if (social_marks(s) or {}).get("role") == "community"), None)


def _link_hosts_hit(hosts: tuple[str, ...], links: list[dict[str, Any]]) -> dict[str, Any] | None:
    for link in links:
        try:
            _scheme, host, _port = split_host(str(link.get("url") or ""))
        except ValueError:
            continue
        if any(host == h or host.endswith("." + h) for h in hosts):
            return link
    return None


def _verdict(sid: str, rulebook: Rulebook, about: Snapshot | None, posts: list[SocialPost],
             kind: str) -> SectionVerdict:
    rule = rulebook.sections[sid]
    verdict = SectionVerdict(sid, rule.title, False, weight=rule.weight)
    if sid == "news":
        own = posts[:NEWS_EVIDENCE]
        verdict.present = bool(posts)
        verdict.evidence = [p.evidence("post") for p in own]
        return verdict
    # the community's own text first (description, contacts, links), then the posts
    if about is not None and sid not in POST_SECTIONS:
        text = about.main_text or ""
        match = content_match(rule, text)
        hit = next((h for h in prose_hits(text, rulebook) if h.section == sid), None)
        link = _link_hosts_hit(rule.link_hosts, list(about.links or [])) if rule.link_hosts else None
        if match or hit or link:
            shown = match or (hit.sentence if hit else str((link or {}).get("url")))
            verdict.present = True
            verdict.evidence = [Evidence(page_url=about.url, kind="content",
                                         text=f"описание {PLACE[kind].replace('в ', '', 1)}: {shown}"[:300],
                                         url=(link or {}).get("url"))]
            return verdict
    for post in posts:
        hit = next((h for h in prose_hits(post.text, rulebook) if h.section == sid), None)
        match = None if sid in POST_SECTIONS else content_match(rule, post.text)
        link = _link_hosts_hit(rule.link_hosts, post.links) if rule.link_hosts else None
        if hit or match or link:
            verdict.present = True
            shown = hit.sentence if hit else (match or str((link or {}).get("url")))
            verdict.evidence = [post.evidence("sentence" if hit else "content", shown)]
            return verdict
    return verdict


class _Corrections:
    """What `checks.overrides.Overrides.adjust` sets on a site's `CheckContext`: the section
    verdicts and the last update, so a methodologist's correction applies to a community too."""

    def __init__(self, sections: dict[str, SectionVerdict], last: DateEvidence | None, main_url: str) -> None:
        self.sections = sections
        self.update: tuple[DateEvidence | None, bool | None] = (last, None)
        self.site = SimpleNamespace(main_url=main_url)


def grade_social(centre: CentreInput, rulebook: Rulebook, as_of: dt.date, result: CentreResult,
                 adjust: Callable[[Any], None] | None = None) -> CentreResult:
    """`result` (the centre's base result) graded as a community: sections, the newest
    post, the score out of the applicable parts; `adjust` applies the methodologist's
    corrections (`checks.overrides`) to the verdicts first."""
    kind = representation_kind(centre.listed_url)
    about = _community(centre)
    posts = posts_of(centre)
    applicable = [sid for sid in rulebook.sections if sid in SOCIAL_SECTIONS]
    total = sum(rulebook.sections[sid].weight for sid in applicable) or 1.0
    part = rulebook.parts["completeness"].weight
    verdicts = {sid: _verdict(sid, rulebook, about, posts, kind) for sid in applicable}
    newest = posts[0] if posts else None
    last = DateEvidence(newest.published.date(), "text", newest.text[:EVIDENCE_CHARS], newest.url) if newest else None
    corrections = _Corrections(verdicts, last, centre.listed_url)
    if adjust is not None:
        adjust(corrections)
    last = corrections.update[0]
    findings: list[Finding] = []
    details: list[SectionVerdict] = []
    sections: dict[str, bool | None] = {}
    for sid, rule in rulebook.sections.items():
        if sid not in SOCIAL_SECTIONS:
            details.append(SectionVerdict(sid, rule.title, False, weight=rule.weight, applicable=False,
                                          note=NOT_APPLICABLE[kind]))
            sections[sid] = None
            continue
        verdict = verdicts[sid]
        max_points = part * rule.weight / total
        verdict.points = round(max_points if verdict.present else 0.0, 3)
        details.append(verdict)
        sections[sid] = verdict.present
        message = f"Раздел «{rule.title}» есть" if verdict.present else f"Раздела «{rule.title}» нет"
        advice = None if verdict.present else (
            f"Публикуйте {PLACE[kind]} записи для раздела «{rule.title}»" if sid in POST_SECTIONS or sid == "news"
            else f"Добавьте {PLACE[kind]} (в описание или в закреплённую запись) сведения для раздела «{rule.title}»")
        findings.append(Finding(f"sections.{sid}", rule.title, verdict.present, message, verdict.points,
                                round(max_points, 3), list(verdict.evidence), "completeness", advice))
    # обновление: the newest post by its date (pinned or not)
    rules = rulebook.freshness
    fresh_weight = rulebook.parts["freshness"].weight
    cls, days = classify(last.date if last else None, as_of, rules)
    points = fresh_weight * rules.factors[cls]
    if last is None or days is None:
        message = f"Записей {PLACE[kind]} за последние полгода нет"
        evidence: list[Evidence] = []
        result.last_updated_reason = f"записей {PLACE[kind]} за последние полгода нет"
    else:
        message = (f"Последняя запись: {last.date:%d.%m.%Y} ({days_ru(days)} назад) — {freshness_words(cls).finding}")
        corrected = newest is None or last.page_url != newest.url or last.date != newest.published.date()
        evidence = [last.evidence() if corrected or newest is None else newest.evidence("date")]
        result.last_updated = last.date
        result.last_updated_evidence = evidence[0]
    advice_text = (f"Публикуйте записи {PLACE[kind]} не реже одного раза в {days_ru(rules.fresh_days)}")
    findings.append(Finding("freshness", "Обновление страницы", cls == "fresh", message, round(points, 3),
                            round(fresh_weight, 3), evidence, "freshness", None if cls == "fresh" else advice_text))
    result.freshness, result.days_since_update = cls, days
    result.findings = findings
    parts = []
    for pid in SOCIAL_PARTS:
        earned = sum(f.points for f in findings if f.part == pid)
        p = rulebook.parts[pid]
        parts.append(ScorePart(pid, p.title, p.weight, round(min(earned, p.weight), 2)))
    result.parts = parts
    applicable_weight = sum(p.weight for p in parts) or 1.0
    result.score = round(100 * sum(p.points for p in parts) / applicable_weight, 1)
    result.grade = rulebook.grade_for(result.score)
    ranked = sorted((f for f in findings if not f.passed and f.advice), key=lambda f: f.points - f.max_points)
    result.advice = [Advice(f.check_id, f.advice or "", round(f.max_points - f.points, 3)) for f in ranked]
    result.section_details = details
    result.sections = sections
    return result
