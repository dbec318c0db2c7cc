"""A centre's status from what its page answered (or how the request failed).

Statuses are the contract of DESIGN.md: ok, unreachable, error, not_found,
blocked_by_robots, not_auditable. Reasons are short and in Russian: a librarian reads them.
Each reason of a failure comes with its code (common.labels.CRAWL_ERROR), stored next to
it (Page.error_code, CentreVisit.reason_code) so that outputs can say it in their words;
where the reason is the code's words alone, it is taken from that table (one copy).
"""
from __future__ import annotations

import ssl
from typing import Any, NamedTuple

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from twisted.internet import error as txerror
from twisted.internet.defer import CancelledError
from twisted.web.client import ResponseFailed, ResponseNeverReceived

from common.labels import CRAWL_ERROR
from common.netpolicy import AddressNotAllowed

OK = "ok"
UNREACHABLE = "unreachable"
ERROR = "error"
NOT_FOUND = "not_found"
BLOCKED = "blocked_by_robots"
NOT_AUDITABLE = "not_auditable"

REASON_SOCIAL = CRAWL_ERROR["not_auditable"]
REASON_ROBOTS = CRAWL_ERROR["robots"]
REASON_LOOP = CRAWL_ERROR["redirect_loop"]
REASON_TRUNCATED = "страница больше {limit}\u00a0МБ: сохранено только начало"
REASON_TOO_LARGE = CRAWL_ERROR["too_large"]
REASON_INTERRUPTED = "обход прерван до завершения"
REASON_TIME_CUT = "время на обход сайта ({limit}\u00a0с) вышло: сохранены страницы, загруженные до этого"

# crawl error codes: the keys of common.labels.CRAWL_ERROR
TIMEOUT = "timeout"
DNS = "dns"
REFUSED = "refused"
NO_CONNECTION = "no_connection"
TLS = "tls"
NO_ANSWER = "no_answer"
BROKEN_ANSWER = "broken_answer"
TOO_LARGE = "too_large"
HTTP_STATUS = "http_status"
ROBOTS = "robots"
REDIRECT_LOOP = "redirect_loop"
SOCIAL = "not_auditable"
NOT_ALLOWED = "not_allowed"
OTHER = "other"


class Failure(NamedTuple):
    """Why a request got no usable response: the centre's status, the error's code, the
    Russian reason."""

    status: str
    code: str
    reason: str


def status_for_http(code: int) -> tuple[str, str | None]:
    """The centre's status when its page answered with HTTP `code`."""
    if 200 <= code < 300:
        return OK, None
    if code in (404, 410):
        return NOT_FOUND, f"сервер ответил, что такой страницы нет (код {code})"
    if code >= 500:
        return ERROR, f"внутренняя ошибка на сервере сайта (код {code})"
    if code in (401, 403):
        return ERROR, f"доступ к странице закрыт (код {code})"
    if code == 429:
        return ERROR, "сайт просит обращаться к нему реже (код 429)"
    if 300 <= code < 400:
        return ERROR, f"сайт перенаправляет на другой адрес, но не сообщает какой (код {code})"
    return ERROR, f"необычный ответ сервера (код {code})"


def describe_failure(exc: BaseException) -> Failure:
    """Status, code and Russian reason for a request that got no usable response."""
    if isinstance(exc, AddressNotAllowed):  # the network policy: never connected
        return Failure(NOT_AUDITABLE, NOT_ALLOWED, exc.reason)
    if is_too_large(exc):
        return Failure(ERROR, TOO_LARGE, REASON_TOO_LARGE)
    if isinstance(exc, IgnoreRequest):
        message = str(exc)
        if "robots.txt" in message:
            return Failure(BLOCKED, ROBOTS, REASON_ROBOTS)
        if "redirect" in message:
            return Failure(ERROR, REDIRECT_LOOP, REASON_LOOP)
        return Failure(ERROR, OTHER, f"запрос отклонён: {message}")
    if isinstance(exc, DownloadConnectionRefusedError | txerror.ConnectionRefusedError):
        return Failure(UNREACHABLE, REFUSED, CRAWL_ERROR[REFUSED])
    if isinstance(exc, CannotResolveHostError | txerror.DNSLookupError):
        return Failure(UNREACHABLE, DNS, CRAWL_ERROR[DNS])
    if isinstance(exc, DownloadTimeoutError | txerror.TimeoutError | txerror.TCPTimedOutError):
        return Failure(UNREACHABLE, TIMEOUT, CRAWL_ERROR[TIMEOUT])
    if isinstance(exc, txerror.NoRouteError | txerror.ConnectError):
        return Failure(UNREACHABLE, NO_CONNECTION, CRAWL_ERROR[NO_CONNECTION])
    if isinstance(exc, DownloadCancelledError | CancelledError):
        # Scrapy cancels a download only over DOWNLOAD_MAXSIZE
        return Failure(ERROR, TOO_LARGE, REASON_TOO_LARGE)
    if _is_tls(exc):
        return Failure(UNREACHABLE, TLS, CRAWL_ERROR[TLS])
    if isinstance(exc, ResponseDataLossError):
        return Failure(ERROR, BROKEN_ANSWER, "ответ сервера оборван")
    if isinstance(exc, ResponseNeverReceived) or (
        isinstance(exc, DownloadFailedError) and isinstance(exc.__cause__, ResponseNeverReceived)
    ):
        return Failure(UNREACHABLE, NO_ANSWER, CRAWL_ERROR[NO_ANSWER])
    if isinstance(exc, DownloadFailedError | ResponseFailed | txerror.ConnectionLost):
        return Failure(ERROR, BROKEN_ANSWER, CRAWL_ERROR[BROKEN_ANSWER])
    return Failure(ERROR, OTHER, f"ошибка загрузки: {type(exc).__name__}")


def _is_tls(exc: BaseException) -> bool:
    """A TLS handshake that failed: Twisted wraps pyOpenSSL's SSL.Error (or the standard
    ssl module's) in the reasons of ResponseNeverReceived/ResponseFailed, and Scrapy may
    wrap those once more; looked at by module name, to need no import of pyOpenSSL."""
    seen: list[BaseException] = [exc]
    for _ in range(4):  # bounded: a chain of wrappers, never a cycle
        nxt: list[BaseException] = []
        for e in seen:
            if isinstance(e, ssl.SSLError) or type(e).__module__.startswith("OpenSSL"):
                return True
            if e.__cause__ is not None:
                nxt.append(e.__cause__)
            for reason in getattr(e, "reasons", None) or []:
                value = getattr(reason, "value", reason)
                if isinstance(value, BaseException):
                    nxt.append(value)
        if not nxt:
            return False
        seen = nxt
    return False


def is_too_large(exc: BaseException) -> bool:
    """The page answered, but its body (announced, received or inflated) is over the cap:
    Scrapy's DOWNLOAD_MAXSIZE, or HttpCompressionMiddleware's stop during decompression."""
    message = str(exc)
    if isinstance(exc, IgnoreRequest):
        return "DOWNLOAD_MAXSIZE" in message
    return isinstance(exc, DownloadCancelledError | CancelledError) and "max size" in message


def error_text(exc: BaseException) -> str:
    """The technical error kept on the page row (class and message, short)."""
    message = str(exc).strip()
    text = f"{type(exc).__name__}: {message}" if message else type(exc).__name__
    return text[:500]


def failure_exception(failure: Any) -> BaseException:
    value = getattr(failure, "value", failure)
    return value if isinstance(value, BaseException) else Exception(str(value))
