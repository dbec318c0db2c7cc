"""Technical checks of the library page: HTTPS, broken links, a mobile viewport, a title.

Broken links come from the run's link check (`LinkCheck` rows whose sources are this
centre's pages) when the run has one; otherwise from the crawl itself: stored pages and
documents of the centre that answered 4xx/5xx or not at all. Every broken link on the
centre's pages counts (internal ones and dead links to other sites alike: the librarian
fixes both); "blocked" verdicts (robots.txt, anti-bot answers) are not broken, they are
counted as unverified.
"""
from __future__ import annotations

from checks.base import Check, CheckContext
from checks.result import Advice, BrokenLink, Finding


def _short_error(status: int | None, error: str | None) -> str | None:
    if error:
        return error
    return f"HTTP {status}" if status else None


def find_broken_links(ctx: CheckContext) -> list[BrokenLink]:
    site = ctx.site
    centre = ctx.centre
    out: list[BrokenLink] = []
    seen: set[tuple[str, str]] = set()
    if centre.link_checked:
        for verdict in centre.link_verdicts.values():
            if verdict.verdict != "broken":
                continue
            sources = [s for s in verdict.sources if s.get("centre_id") in (None, centre.centre_id)]
            for source in sources or [{"page_url": site.main_url}]:
                key = (verdict.url, str(source.get("page_url") or ""))
                if key in seen:
                    continue
                seen.add(key)
                out.append(BrokenLink(
                    url=verdict.url, found_on=str(source.get("page_url") or site.main_url),
                    status=verdict.http_status, error=_short_error(verdict.http_status, verdict.error),
                    text=source.get("text") or None, internal=site.internal(verdict.url),
                ))
        return out
    failed = [s for s in centre.snapshots if not s.ok and s is not site.main]
    if not failed:
        return out
    pages = site.library_pages or ([site.main] if site.main else [])
    for snap in failed:
        targets = {u for u in (snap.url, snap.final_url) if u}
        found = False
        for page in pages:
            for link in site.view(page).links:
                if link.url in targets or site.same_page(link.url, snap):
                    key = (snap.url, site.view(page).url)
                    if key not in seen:
                        seen.add(key)
                        out.append(BrokenLink(
                            url=link.url, found_on=site.view(page).url, status=snap.http_status,
                            error=_short_error(snap.http_status, snap.error), text=link.text or None,
                            internal=site.internal(link.url),
                        ))
                    found = True
        if not found:
            out.append(BrokenLink(url=snap.url, found_on=site.main_url, status=snap.http_status,
                                  error=_short_error(snap.http_status, snap.error),
                                  internal=site.internal(snap.url)))
    return out


class _Technical(Check):
    part = "technical"
    key = ""

    def max_points(self, ctx: CheckContext) -> float:
        weights = self.rulebook.technical
        total = sum(weights.values()) or 1.0
        return ctx.part_weight(self.part) * weights[self.key] / total


class HttpsCheck(_Technical):
    """Открывается ли страница ИБЦ по защищённому протоколу HTTPS."""

    id = "https"
    title = "Защищённое соединение (HTTPS)"
    key = "https"

    def evaluate(self, ctx: CheckContext) -> list[Finding]:
        url = ctx.site.main_url or ctx.centre.final_url or ctx.centre.listed_url
        ok = url.lower().startswith("https://")
        top = self.max_points(ctx)
        message = ("Страница открывается по защищённому соединению (адрес начинается с https://)" if ok
                   else "Страница открывается без защищённого соединения (адрес начинается с http://, а не с https://)")
        advice = "Попросите администратора сайта школы включить защищённое соединение (HTTPS) для страницы ИБЦ"
        return [self.finding(ok, message, top if ok else 0.0, top, advice)]


class BrokenLinksCheck(_Technical):
    """Нет ли на страницах ИБЦ неработающих ссылок (страница или документ не открывается)."""

    id = "broken_links"
    title = "Неработающие ссылки"
    key = "links"

    def evaluate(self, ctx: CheckContext) -> list[Finding]:
        broken = ctx.broken_links
        top = self.max_points(ctx)
        limit = self.rulebook.links_limit
        points = top * max(0.0, 1 - len(broken) / limit)
        message = f"Неработающих ссылок: {len(broken)}" if broken else "Неработающих ссылок не найдено"
        return [self.finding(not broken, message, points, top, None)]

    def advise(self, ctx: CheckContext, findings: list[Finding]) -> list[Advice]:
        top = self.max_points(ctx)
        limit = self.rulebook.links_limit
        out = []
        for i, link in enumerate(ctx.broken_links):
            label = f"«{link.text}» " if link.text else ""
            why = f" — {link.error}" if link.error else ""
            out.append(Advice(self.id, f"Исправьте или удалите неработающую ссылку {label}{link.url}{why}",
                              round(top / limit, 3) if i < limit else 0.0))
        return out


class ViewportCheck(_Technical):
    """Настроена ли страница ИБЦ для чтения с телефона (метатег viewport)."""

    id = "viewport"
    title = "Адаптация для мобильных устройств"
    key = "viewport"

    def evaluate(self, ctx: CheckContext) -> list[Finding]:
        view = ctx.site.main_view
        ok = bool(view and view.has_viewport)
        top = self.max_points(ctx)
        message = ("Страница настроена для чтения с телефона" if ok
                   else "Страница не настроена для телефонов (нет метатега viewport): "
                   "на телефоне она показывается мелко, как на большом экране")
        advice = ("Попросите администратора сайта школы настроить страницу для телефонов: "
                  "добавить в её код метатег viewport")
        return [self.finding(ok, message, top if ok else 0.0, top, advice)]


class TitleCheck(_Technical):
    """Есть ли у страницы ИБЦ название, которое видно во вкладке браузера (тег <title>)."""

    id = "page_title"
    title = "Название страницы во вкладке браузера"
    key = "title"

    def evaluate(self, ctx: CheckContext) -> list[Finding]:
        view = ctx.site.main_view
        title = view.title if view else ""
        ok = bool(title.strip())
        top = self.max_points(ctx)
        message = (f"Название во вкладке браузера: «{title}»" if ok
                   else "У страницы нет названия для вкладки браузера (тега <title>)")
        advice = ("Задайте странице ИБЦ название для вкладки браузера (тег <title>), "
                  "например «Информационно-библиотечный центр»")
        return [self.finding(ok, message, top if ok else 0.0, top, advice)]
