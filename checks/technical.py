"""Technical checks of the library page: HTTPS, broken links, a mobile viewport, a title.

Broken links come from the run's link check when the run has one, otherwise from the
crawl itself (`checks.broken_links`). Every broken link on the
centre's pages counts (internal ones and dead links to other sites alike: the librarian
fixes both); "blocked" verdicts (robots.txt, anti-bot answers) are not broken, they are
counted as unverified.
"""
from __future__ import annotations

from checks.base import Check, CheckContext
from checks.result import Advice, Finding


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
