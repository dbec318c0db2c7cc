"""Verdicts on a link and the short Russian reasons a librarian reads.

One verdict per unique URL and run:

| verdict | meaning | counted as broken |
|---|---|---|
| `ok` | answers 2xx (after temporary redirects 302/303/307, if any) | no |
| `redirected` | works, but moved for good (301/308 to another address): update the link | no |
| `broken` | 404, 410, other 4xx, DNS failure, connection refused, a timeout or a 5xx confirmed by a second try later in the run, a redirect loop | yes |
| `blocked` | could not be checked ("не удалось проверить"): 401, 403 (bot protection or not), 406, 429 after backoff, a Retry-After longer than `max_retry_after`, a challenge page, a time budget spent, a 2xx body in a stacked or unknown Content-Encoding, a page over the crawl's size cap | never |
| `excluded` | not checked: social networks, other schemes, config patterns, forbidden by the site's robots.txt, an address in the internal network (`common.netpolicy`) | no |

Trivial permanent redirects (http → https, an added slash, `www.`) keep `ok`: the link
works and nobody needs to touch it.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

OK = "ok"
REDIRECTED = "redirected"
BROKEN = "broken"
BLOCKED = "blocked"
EXCLUDED = "excluded"
VERDICTS = (OK, REDIRECTED, BROKEN, BLOCKED, EXCLUDED)


PERMANENT_REDIRECTS = frozenset({301, 308})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})

# Network failure kinds (see check.error_kind) and their Russian reasons.
ERROR_TEXTS = {
    "timeout": "сайт не ответил вовремя",
    "refused": "сервер отклонил соединение",
    "dns": "сайта с таким адресом нет (ошибка DNS)",
    "ssl": "ошибка защищённого соединения (HTTPS)",
    "connect": "не удалось соединиться с сервером",
    "protocol": "сервер оборвал соединение",
    "invalid": "неверный адрес ссылки",
    "loop": "циклическая переадресация",
    "too_many_redirects": "слишком много переадресаций",
    "robots": "проверка запрещена файлом robots.txt сайта",
    "not_allowed": "адрес во внутренней сети: такие ссылки не проверяются",
    "other": "ошибка при проверке",
    # the time budgets (`[linkcheck] max_host_time`, `max_time`): not a verdict on the link
    "host_budget": "сайт отвечал слишком медленно / ограничил число запросов",
    "run_budget": "проверка ссылок не уложилась в отведённое ей время",
    "wait_refused": "сайт просит зайти позже, чем программа готова ждать",
    # an answer came, but it cannot be read safely: not a verdict on the link either
    "encoding": "сайт прислал ответ, сжатый несколько раз или неизвестным способом: он не читается",
    "too_large": "страница слишком большая",
}
# Kinds that end as `blocked` ("не удалось проверить"): the site did not let us check in time.
BLOCKED_KINDS = frozenset({"host_budget", "run_budget", "wait_refused"})
# Kinds that end as `blocked` too: the server answered, with a body we refuse to read.
UNREADABLE_KINDS = frozenset({"encoding", "too_large"})
# Kinds that may pass: confirmed by a second try later in the run before `broken`.
TRANSIENT_KINDS = frozenset({"timeout", "refused", "dns", "ssl", "connect", "protocol", "other"})

STATUS_TEXTS = {
    400: "неверный запрос (400)",
    401: "нужен вход (401)",
    403: "доступ запрещён (403)",
    404: "страница не найдена (404)",
    406: "сервер не пустил программу проверки (406)",
    410: "страница удалена (410)",
    429: "сайт просит обращаться реже (429)",
    451: "недоступно по требованию закона (451)",
}

# Signs of bot protection (a challenge page rather than a real refusal).
PROTECTION_HEADERS = ("cf-ray", "cf-mitigated", "x-ddos-protection", "x-sucuri-id", "x-qrator")
PROTECTION_SERVERS = ("cloudflare", "ddos-guard", "qrator", "sucuri", "variti", "stormwall", "servicepipe")
PROTECTION_BODY = (
    "just a moment", "challenge-platform", "cf-chl", "ddos-guard", "checking your browser",
    "captcha", "проверка браузера", "вы не робот", "are you a robot", "access denied by",
    "__ddg", "servicepipe", "stormwall",
)


@dataclass(frozen=True)
class StatusVerdict:
    verdict: str
    error: str | None
    transient: bool = False  # needs a confirming try later in the run


def status_text(status: int) -> str:
    if status in STATUS_TEXTS:
        return STATUS_TEXTS[status]
    if status >= 500:
        return f"ошибка сервера ({status})"
    return f"ошибка ({status})"


def has_protection_signs(headers: Mapping[str, str], snippet: str = "") -> bool:
    names = {k.lower() for k in headers}
    if any(h in names for h in PROTECTION_HEADERS):
        return True
    server = headers.get("server", "").lower()
    if any(s in server for s in PROTECTION_SERVERS):
        return True
    cookies = headers.get("set-cookie", "").lower()
    if "__ddg" in cookies or "cf_clearance" in cookies or "__cf_bm" in cookies:
        return True
    body = snippet.lower()
    return any(sign in body for sign in PROTECTION_BODY)


def classify_status(status: int, headers: Mapping[str, str] | None = None, snippet: str = "") -> StatusVerdict:
    """The verdict for the final answer of a chain (redirects already followed)."""
    headers = headers or {}
    if 200 <= status < 400:
        return StatusVerdict(OK, None)
    if status in (404, 410):
        return StatusVerdict(BROKEN, status_text(status))
    if status in (401, 403, 406, 407, 429) or status >= 600 or status < 100:
        if status == 403 and has_protection_signs(headers, snippet):
            return StatusVerdict(BLOCKED, "защита сайта от роботов (403)")
        return StatusVerdict(BLOCKED, status_text(status))
    if status >= 500:
        if has_protection_signs(headers, snippet):
            return StatusVerdict(BLOCKED, f"защита сайта от роботов ({status})")
        return StatusVerdict(BROKEN, status_text(status), transient=True)
    return StatusVerdict(BROKEN, status_text(status))


def error_verdict(kind: str) -> StatusVerdict:
    if kind in ("robots", "not_allowed"):
        # our own politeness or the network policy, not a failure: nothing for a librarian to do
        return StatusVerdict(EXCLUDED, ERROR_TEXTS[kind])
    if kind in BLOCKED_KINDS or kind in UNREADABLE_KINDS:
        return StatusVerdict(BLOCKED, ERROR_TEXTS[kind])
    return StatusVerdict(BROKEN, ERROR_TEXTS.get(kind, ERROR_TEXTS["other"]), transient=kind in TRANSIENT_KINDS)


def _strip_trivia(url: str) -> tuple[str, str, str]:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    port = parts.port if parts.port not in (None, 80, 443) else None
    path = parts.path.rstrip("/") or "/"
    return f"{host}:{port}", path, parts.query


def is_trivial_move(old: str, new: str) -> bool:
    """http → https, an added or dropped slash, `www.`: the link needs no update."""
    return _strip_trivia(old) == _strip_trivia(new)


def redirect_verdict(start: str, chain: list[list[object]]) -> tuple[str, str | None]:
    """`redirected` (with a reason) when a permanent hop moves the link for real."""
    previous = start
    for status, url in chain:
        if status in PERMANENT_REDIRECTS and not is_trivial_move(previous, str(url)):
            return REDIRECTED, f"адрес изменился ({status})"
        previous = str(url)
    return OK, None
