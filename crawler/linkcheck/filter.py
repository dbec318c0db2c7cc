"""Which links to check: filters that run before any request (lychee's filter stage).

- not a link at all, dropped without a trace: `mailto:`, `tel:`, `javascript:`, `data:`,
  messenger schemes, an empty href, `#` (a link to the page itself);
- `excluded` (stored, never requested): other schemes (ftp:, file:), the social networks
  that refuse robots (`linkcheck.exclude_hosts`: vk.com, ok.ru, t.me, ...) and the
  `linkcheck.exclude` regular expressions of the config;
- everything else over http(s) is checked.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from crawler.linkcheck.urls import hostname

NOT_LINK_SCHEMES = frozenset({
    "mailto", "tel", "callto", "sms", "javascript", "data", "about", "blob",
    "skype", "viber", "whatsapp", "tg", "sip", "geo", "intent", "market",
})

# Filter decisions
CHECK = "check"
SKIP = "skip"  # not a link: nothing stored
EXCLUDE = "exclude"  # stored with verdict `excluded`


@dataclass(frozen=True)
class Decision:
    action: str
    reason: str = ""  # Russian, for excluded links


class LinkFilter:
    """Decides for each canonical URL (see `crawler.linkcheck.urls`) what to do with it."""

    def __init__(self, exclude: Iterable[str] = (), exclude_hosts: Iterable[str] = ()) -> None:
        self.patterns = [re.compile(p) for p in exclude]
        self.hosts = tuple(h.lower().lstrip(".") for h in exclude_hosts if h)

    def _social(self, host: str) -> bool:
        return any(host == h or host.endswith("." + h) for h in self.hosts)

    def decide(self, url: str) -> Decision:
        if not url:
            return Decision(SKIP)
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme in NOT_LINK_SCHEMES:
            return Decision(SKIP)
        if scheme not in ("http", "https"):
            if not scheme:
                return Decision(SKIP)
            return Decision(EXCLUDE, f"ссылки вида «{scheme}:» не проверяются")
        if self._social(hostname(url)):
            return Decision(EXCLUDE, "социальные сети не пускают программы проверки: ссылка не проверялась")
        for pattern in self.patterns:
            if pattern.search(url):
                return Decision(EXCLUDE, "ссылка исключена из проверки в настройках")
        return Decision(CHECK)
