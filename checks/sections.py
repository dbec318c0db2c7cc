"""Completeness: which sections of the checklist a centre's pages hold, with evidence.

Evidence for a section, on the library pages of `checks.site.CentreSite`:
- a *heading* naming it (`name_matches`: normalised, stemmed words) over a block;
- a *link* naming it: to a stored page (that page's content), to a document ("Положение
  об ИБЦ (PDF)"), to another site ("ЛитРес: Школа"); the same page's anchors are skipped;
- for some sections, the content itself: a pattern in the text outside other sections'
  blocks (a phone number or e-mail for `contacts`), a form with a text field
  (`feedback`), a link to a social network (`social`), per the rulebook.

A name inside another section's block counts only when it is the whole heading or link
text ("Режим работы" linked from the "О библиотеке" block counts; a news item "Выставка
«Моя малая Родина»" does not make "Книжные выставки"), or names a linked document (a
"Документы" list holds "План работы ИБЦ на 2026–2027 учебный год (DOCX)"). Likewise on
pages that inherit a section's context.

Something must stand behind a name: a block with text, items, links or a form, a linked
page with content, a document that answers. A block whose text is an empty-section
marker ("Раздел в разработке") with little else, or with next to nothing at all, a link
to a page that is itself empty, or that answers 404/500, is *empty* evidence. A section
is present when any evidence is not empty; empty when all of it is.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from checks.page import Link, Snapshot
from checks.result import Evidence, SectionVerdict
from checks.site import CentreSite, name_matches
from checks.text import letters_count, normalise, strip_phrases

NAV_TEXTS = frozenset(
    normalise(t) for t in (
        "на главную", "главная", "назад", "вернуться", "вернуться назад", "наверх", "в начало",
        "к списку", "вход", "вход для администратора", "следующий месяц", "предыдущий месяц",
    )
)
_KIND_ORDER = {"heading": 0, "menu": 1, "link": 2, "document": 3, "text": 4, "form": 5}
MAX_EVIDENCE = 3


@dataclass
class Hit:
    section: str
    evidence: Evidence
    empty: bool
    note: str = ""  # why empty (Russian)


def is_nav_link(link: Link, site: CentreSite) -> bool:
    """"На главную", "Назад", a link to the school's home page: not content."""
    if normalise(link.text) in NAV_TEXTS:
        return True
    return not site.own_site and site.internal(link.url) and urlsplit(link.url).path in ("", "/")


def judge_body(text: str, links: list[Link], has_form: bool, site: CentreSite) -> tuple[bool, str]:
    """(empty, note) for what stands behind a name."""
    rb = site.rulebook
    if len(text) > 20 * (rb.empty_marker_slack + 100):
        return False, ""  # pages of text are never "under construction"
    nav = [lk for lk in links if is_nav_link(lk, site)]
    real_links = [lk for lk in links if lk not in nav]
    norm = normalise(text)
    if nav:
        norm = strip_phrases(norm, [lk.text for lk in nav])
    stripped = strip_phrases(norm, rb.empty_markers)
    has_marker = stripped != norm
    letters = letters_count(stripped)
    if has_marker and letters < rb.empty_marker_slack and not real_links and not has_form:
        marker = next((m for m in rb.empty_markers if normalise(m) in norm), "раздел в разработке")
        return True, f"на странице только надпись «{marker}»"
    if not has_marker and letters < rb.empty_min_chars and not real_links and not has_form:
        return True, "за заголовком ничего нет"
    return False, ""


def page_is_empty(snap: Snapshot, site: CentreSite) -> tuple[bool, str]:
    """Is a linked page empty: an error, or nothing but its title and a marker?"""
    key = id(snap)
    if key not in site.empty_pages:
        site.empty_pages[key] = _page_is_empty(snap, site)
    return site.empty_pages[key]


def _page_is_empty(snap: Snapshot, site: CentreSite) -> tuple[bool, str]:
    if not snap.ok:
        status = snap.http_status
        return True, f"страница не открывается ({status})" if status else "страница не открывается"
    if not site.is_html(snap):
        return False, ""
    view = site.view(snap)
    if view.root is None:
        return False, ""
    skip = set(view.chrome_roots)
    title = next(iter(view.headings), None)
    if title is not None and title.level <= 2:
        skip.add(id(title.element))
    from checks.page import visible_text

    text = visible_text(view.root, skip)
    links = [lk for lk in view.links if not lk.chrome and lk.element is not None]
    links = [lk for lk in links if not site.same_page(lk.url, snap)]
    return judge_body(text, links, bool(view.feedback_forms), site)


def _link_target_state(link: Link, site: CentreSite, page: Snapshot) -> tuple[str, bool, str] | None:
    """(kind, empty, note) of what a link leads to; None when it leads back to its page."""
    if link.url.lower().startswith("mailto:"):
        return "link", False, ""
    if site.same_page(link.url, page):
        return None
    target = site.lookup(link.url)
    verdict = site.verdict(link.url)
    if link.document or (target is not None and target.is_document):
        if target is not None and not target.ok:
            return "document", True, f"документ не открывается ({target.http_status or target.error})"
        if verdict is not None and verdict.verdict == "broken":
            return "document", True, f"документ не открывается ({verdict.http_status or verdict.error})"
        return "document", False, ""
    if target is not None and (site.is_html(target) or not target.ok):
        empty, note = page_is_empty(target, site)
        return ("menu" if link.chrome else "link"), empty, note
    if verdict is not None and verdict.verdict == "broken":
        return "link", True, f"ссылка не открывается ({verdict.http_status or verdict.error})"
    if link.chrome:
        return None  # a menu item whose page was not fetched: nothing to show behind it
    return "link", False, ""


def collect_hits(site: CentreSite) -> list[Hit]:
    rb = site.rulebook
    hits: list[Hit] = []
    for snap in site.library_pages:
        inherited = site.contexts.get(id(snap), set())
        view = site.view(snap)
        analysis = site.analysis(snap)
        page_url = view.url
        # headings
        for match in analysis.matches:
            ctx = inherited | analysis.context_of(match.heading.element, include_self=False)
            texts_links = view.block_links(match.parts)
            body_text = view.block_text(match.parts)
            empty, note = judge_body(body_text, texts_links, view.block_forms(match.parts), site)
            for sid in match.sections:
                if ctx and sid not in ctx and sid not in match.exact:
                    continue
                ev = Evidence(page_url=page_url, kind="heading", text=match.heading.text)
                hits.append(Hit(sid, ev, empty, note))
        # links
        for link in view.links:
            if link.element is None or not site.link_counts(link):
                continue
            sections, exact = name_matches(link.text, rb)
            if not sections:
                continue
            ctx = inherited | analysis.context_of(link.element)
            # a document named for a section is that section's, wherever it is listed
            strong = link.document or bool((t := site.lookup(link.url)) and t.is_document)
            wanted = [s for s in sections if not ctx or s in ctx or s in exact or strong]
            if not wanted:
                continue
            state = _link_target_state(link, site, snap)
            if state is None:
                continue
            kind, empty, note = state
            for sid in wanted:
                ev = Evidence(page_url=page_url, kind=kind, text=link.text, url=link.url)
                hits.append(Hit(sid, ev, empty, note))
        # the content itself (only outside other sections' blocks, on top-level pages)
        if inherited:
            continue
        free = analysis.free_text
        for sid, rule in rb.sections.items():
            for pattern in rule.patterns:
                m = pattern.search(free)
                if m:
                    hits.append(Hit(sid, Evidence(page_url=page_url, kind="text", text=m.group(0)[:200]), False))
                    break
        for form in view.feedback_forms:
            ctx = analysis.context_of(form)
            for sid, rule in rb.sections.items():
                if rule.forms and (not ctx or sid in ctx):
                    hits.append(Hit(sid, Evidence(page_url=page_url, kind="form", text="форма с полем для вопроса"), False))
        for link in view.links:
            if link.chrome or link.element is None:
                continue
            host = link.url.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0].lower()
            ctx = analysis.context_of(link.element)
            for sid, rule in rb.sections.items():
                if rule.link_hosts and (not ctx or sid in ctx) and any(
                    host == h or host.endswith("." + h) for h in rule.link_hosts
                ):
                    ev = Evidence(page_url=page_url, kind="link", text=link.text or link.url, url=link.url)
                    hits.append(Hit(sid, ev, False))
    return hits


def section_verdicts(site: CentreSite) -> dict[str, SectionVerdict]:
    """One verdict per rulebook section (present / empty / absent) with its evidence."""
    rb = site.rulebook
    hits = collect_hits(site)
    by_section: dict[str, list[Hit]] = {sid: [] for sid in rb.sections}
    for hit in hits:
        by_section.setdefault(hit.section, []).append(hit)
    verdicts: dict[str, SectionVerdict] = {}
    for sid, rule in rb.sections.items():
        found = by_section.get(sid, [])
        full = [h for h in found if not h.empty]
        empty = [h for h in found if h.empty]
        present = bool(full)
        chosen = sorted(full or empty, key=lambda h: _KIND_ORDER.get(h.evidence.kind, 9))
        evidence: list[Evidence] = []
        for hit in chosen:
            if any(e.page_url == hit.evidence.page_url and e.text == hit.evidence.text for e in evidence):
                continue
            ev = hit.evidence
            if hit.empty and hit.note:
                ev = Evidence(ev.page_url, ev.kind, f"{ev.text} — {hit.note}", ev.url)
            evidence.append(ev)
            if len(evidence) >= MAX_EVIDENCE:
                break
        verdicts[sid] = SectionVerdict(
            id=sid,
            title=rule.title,
            present=present,
            empty=not present and bool(empty),
            weight=rule.weight,
            evidence=evidence,
        )
    return verdicts


def section_texts(site: CentreSite, sid: str) -> list[str]:
    """Every text that names a section on the library pages (headings with their blocks,
    link texts, target page titles): what the work-plan year is looked for in."""
    out: list[str] = []
    for snap in site.library_pages:
        view = site.view(snap)
        analysis = site.analysis(snap)
        for match in analysis.matches:
            if sid in match.sections:
                out.append(match.heading.text)
                out.append(view.block_text(match.parts)[:2000])
        for link in view.links:
            if link.element is None or not site.link_counts(link):
                continue
            sections, _exact = name_matches(link.text, site.rulebook)
            if sid in sections:
                out.append(link.text)
                target = site.lookup(link.url)
                if target is not None and site.is_html(target) and target.ok:
                    tview = site.view(target)
                    out.append(tview.title)
                    out.extend(h.text for h in tview.headings[:3])
    return out
