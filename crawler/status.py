"""A centre's status from what its page answered (or how the request failed).

Statuses are the contract of DESIGN.md: ok, unreachable, error, not_found,
blocked_by_robots, not_auditable. Reasons are short and in Russian: a librarian reads them.
"""
from __future__ import annotations

from typing import Any

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
from twisted.web._newclient import ResponseFailed, ResponseNeverReceived

OK = "ok"
UNREACHABLE = "unreachable"
ERROR = "error"
NOT_FOUND = "not_found"
BLOCKED = "blocked_by_robots"
NOT_AUDITABLE = "not_auditable"

REASON_SOCIAL = "страница в социальной сети: автоматическая проверка невозможна, нужен просмотр вручную"
REASON_ROBOTS = "robots.txt сайта запрещает обход этой страницы"
REASON_LOOP = "бесконечная переадресация (цикл редиректов)"
REASON_TRUNCATED = "страница больше {limit} МБ: сохранено только начало"
REASON_INTERRUPTED = "обход прерван до завершения"


def status_for_http(code: int) -> tuple[str, str | None]:
    """The centre's status when its page answered with HTTP `code`."""
    if 200 <= code < 300:
        return OK, None
    if code in (404, 410):
        return NOT_FOUND, f"страница не найдена (HTTP {code})"
    if code >= 500:
        return ERROR, f"ошибка сервера (HTTP {code})"
    if code in (401, 403):
        return ERROR, f"доступ к странице закрыт (HTTP {code})"
    if code == 429:
        return ERROR, "сервер просит уменьшить частоту запросов (HTTP 429)"
    if 300 <= code < 400:
        return ERROR, f"переадресация без адреса назначения (HTTP {code})"
    return ERROR, f"страница отвечает ошибкой (HTTP {code})"


def describe_failure(exc: BaseException) -> tuple[str, str]:
    """(status, Russian reason) for a request that got no usable response."""
    if isinstance(exc, IgnoreRequest):
        message = str(exc)
        if "robots.txt" in message:
            return BLOCKED, REASON_ROBOTS
        if "redirect" in message:
            return ERROR, REASON_LOOP
        return ERROR, f"запрос отклонён: {message}"
    if isinstance(exc, DownloadConnectionRefusedError | txerror.ConnectionRefusedError):
        return UNREACHABLE, "сервер не принимает соединения (соединение отклонено)"
    if isinstance(exc, CannotResolveHostError | txerror.DNSLookupError):
        return UNREACHABLE, "адрес сайта не найден (ошибка DNS)"
    if isinstance(exc, DownloadTimeoutError | txerror.TimeoutError | txerror.TCPTimedOutError):
        return UNREACHABLE, "сайт не ответил вовремя (тайм-аут)"
    if isinstance(exc, txerror.NoRouteError | txerror.ConnectError):
        return UNREACHABLE, "нет соединения с сервером"
    if isinstance(exc, DownloadCancelledError | CancelledError):
        return ERROR, "ответ слишком большой: загрузка остановлена"
    if isinstance(exc, ResponseDataLossError):
        return ERROR, "ответ сервера оборван"
    if isinstance(exc, ResponseNeverReceived) or (
        isinstance(exc, DownloadFailedError) and isinstance(exc.__cause__, ResponseNeverReceived)
    ):
        return UNREACHABLE, "сервер закрыл соединение, не ответив"
    if isinstance(exc, DownloadFailedError | ResponseFailed | txerror.ConnectionLost):
        return ERROR, "сервер прервал ответ"
    return ERROR, f"ошибка загрузки: {type(exc).__name__}"


def error_text(exc: BaseException) -> str:
    """The technical error kept on the page row (class and message, short)."""
    message = str(exc).strip()
    text = f"{type(exc).__name__}: {message}" if message else type(exc).__name__
    return text[:500]


def failure_exception(failure: Any) -> BaseException:
    value = getattr(failure, "value", failure)
    return value if isinstance(value, BaseException) else Exception(str(value))
