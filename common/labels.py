"""The one table of code → Russian words: centre statuses, freshness classes, run
states, run kinds and phases, crawl errors.

The store holds codes («unreachable», «stale», «crawled»); everything a librarian or a
methodologist reads says them in Russian, and every output takes the words from here:
the CLI, the reports, the e-mails, the exports and the review app. Each code has the
forms its outputs need (a table cell, a sentence, an e-mail subject, a terminal line),
written side by side so that they cannot drift apart; tests/test_arch_one_copy.py fails
when another module spells one of them again.

Grade names and section titles are not here: they are the rulebook's (checks.rulebook,
and each grading stores the ones it used).

An unknown code is shown as itself, so a new status never breaks an output.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StatusWords:
    """A centre page's status (CentreVisit.status, CentreResult.status)."""

    label: str  # a table cell, a filter, a terminal line (lower case there): «Не открывается»
    sentence: str  # the score card, the run page, the export's reason: «Страница не открывается»
    subject: str | None  # an e-mail subject in place of a grade (None: the centre has one)
    crawl: str  # the crawl's progress line and summary: «не открывается»


CENTRE_STATUS: dict[str, StatusWords] = {
    "ok": StatusWords("Проверена", "Страница проверена", None, "страница открывается"),
    "unreachable": StatusWords("Не открывается", "Страница не открывается", "страница не открывается",
                               "не открывается"),
    "error": StatusWords("Ошибка сайта", "Сайт ответил ошибкой", "сайт ответил ошибкой", "ошибка сайта"),
    "not_found": StatusWords("Не найдена", "Страница не найдена по указанному адресу", "страница не найдена",
                             "страница не найдена"),
    "blocked_by_robots": StatusWords("Закрыта для проверки", "Страница закрыта для автоматической проверки",
                                     "страница закрыта для проверки", "закрыта для проверки (robots.txt)"),
    "not_auditable": StatusWords("Не проверяется автоматически", "Страницу нельзя проверить автоматически",
                                 "страница проверяется только вручную", "соцсеть: смотреть вручную"),
}


@dataclass(frozen=True)
class FreshnessWords:
    """A freshness class (CentreResult.freshness: days since the last update)."""

    label: str  # about one page: a report cell, the export: «давно не обновлялась»
    finding: str  # the freshness check's message: «страница давно не обновлялась»
    plural: str  # about centres: the overview, its charts, the export's sheet: «Давно не обновлялись»
    summary: str  # the terminal summary's line about centres: «давно не обновлялись»


FRESHNESS: dict[str, FreshnessWords] = {
    "fresh": FreshnessWords("обновляется", "страница обновляется", "Обновляются", "обновляются"),
    "aging": FreshnessWords("давно не обновлялась", "страница давно не обновлялась", "Давно не обновлялись",
                            "давно не обновлялись"),
    "stale": FreshnessWords("устарела", "страница устарела", "Устарели", "устарели"),
    "unknown": FreshnessWords("дата не найдена", "дата не найдена", "Дата не найдена",
                              "дата обновления не найдена"),
}


@dataclass(frozen=True)
class RunStateWords:
    """A run's state (Run.status; store.models RUN_*)."""

    report: str  # the report's run page and the review app's run list («обследование …»)
    short: str  # the CLI's list of runs, a column ten wide («запуск …»)


RUN_STATE: dict[str, RunStateWords] = {
    "running": RunStateWords("идёт (или было прервано)", "идёт"),
    # an audit whose crawl ended: its link check, grading and report go on (ibcmon.phases);
    # the audit's own report is written in this state, so its words hold for that page too
    "crawled": RunStateWords("обход закончен, обследование завершается", "идёт"),
    "complete": RunStateWords("завершено", "завершён"),
    "incomplete": RunStateWords("прервано, собрано не всё", "прерван"),
    "failed": RunStateWords("завершилось с ошибкой", "ошибка"),
}

# a run's kind (Run.kind): an audit's run is a crawl to the reader
RUN_KIND: dict[str, str] = {"crawl": "обход", "audit": "обход", "linkcheck": "проверка ссылок", "recheck": "проверка заново"}

# a run's phase (Run.phase; store.models PHASE_*): where it is, or where it stopped
RUN_PHASE: dict[str, str] = {"crawl": "обход", "linkcheck": "проверка ссылок", "grading": "оценка",
                             "report": "отчёт"}


# a centre's kind of representation (CentreResult.representation; common.urls SITE, VK, TELEGRAM)
REPRESENTATION: dict[str, str] = {"site": "сайт", "vk": "ВКонтакте", "telegram": "Telegram"}


def representation_label(kind: str | None) -> str:
    """«сайт», «ВКонтакте», «Telegram»; no kind is a site (results stored before kinds)."""
    return REPRESENTATION.get(kind or "site", kind or "")


def status_words(status: str) -> StatusWords:
    """The words of a centre status; an unknown code stands for itself in every form."""
    return CENTRE_STATUS.get(status) or StatusWords(status, status, status, status)


def status_label(status: str) -> str:
    """«Не открывается»: a table cell."""
    return status_words(status).label


def status_sentence(status: str, reason: str | None = None, reason_code: str | None = None) -> str:
    """«Страница не открывается: сервер отклонил соединение» (the reason from its code when
    it has one, see `crawl_reason`)."""
    base = status_words(status).sentence
    said = crawl_reason(reason_code, reason)
    return f"{base}: {said}" if said else base


def freshness_words(code: str) -> FreshnessWords:
    """The words of a freshness class; an unknown code stands for itself in every form."""
    return FRESHNESS.get(code) or FreshnessWords(code, code, code, code)


def run_state(status: str) -> str:
    """A run's state for the report and the review app: «прервано, собрано не всё»."""
    words = RUN_STATE.get(status)
    return words.report if words else status


def run_state_short(status: str) -> str:
    """A run's state for the CLI's list of runs: «прерван»."""
    words = RUN_STATE.get(status)
    return words.short if words else status


def run_kind(kind: str) -> str:
    return RUN_KIND.get(kind, kind)


def run_phase(phase: str | None) -> str | None:
    """«проверка ссылок»; None when the run has no phase."""
    return RUN_PHASE.get(phase, phase) if phase else None


# Why a page could not be fetched, or why a centre's page could not be audited
# (Page.error_code, CentreVisit.reason_code; set by crawler.status). The stored text next
# to the code keeps the detail (the exception, the HTTP code, the limit); outputs say the
# code's words, and the text where the code is missing (rows older than the codes) or `other`.
CRAWL_ERROR: dict[str, str] = {
    "timeout": "сайт не ответил вовремя (тайм-аут)",
    "dns": "сайта с таким адресом нет (ошибка DNS)",
    "refused": "сервер сайта отклоняет соединения",
    "no_connection": "нет соединения с сервером",
    "tls": "не удалось установить защищённое соединение (ошибка сертификата или TLS)",
    "no_answer": "сервер закрыл соединение, не ответив",
    "broken_answer": "сервер прервал ответ",
    "too_large": "страница слишком большая: программа её не загружает",
    "http_status": "сайт ответил кодом ошибки",
    "robots": "файл robots.txt сайта запрещает программам открывать эту страницу",
    "redirect_loop": "адрес страницы перенаправляет по кругу и никуда не приводит",
    "not_auditable": "это страница в социальной сети, её нужно смотреть вручную",
    "not_allowed": "адрес не проверяется: он во внутренней сети или не http(s)",
    "other": "ошибка загрузки",
}
OTHER_ERROR = "other"
# codes whose stored text is itself built from the detail the words would lose (the HTTP
# code, the refused address): outputs keep saying that text
TEXT_SAYS_MORE = {"http_status", "not_allowed", OTHER_ERROR}
NOTE_SEPARATOR = "; "  # the crawler appends notes (time spent, run interrupted) after this


def crawl_reason(code: str | None, text: str | None) -> str | None:
    """The Russian words of a crawl error: the code's, followed by any notes the crawler
    appended to the stored text; the stored text itself for a row without a code (older
    than the codes), for `other` and the codes in TEXT_SAYS_MORE, and for a code this
    version does not know."""
    words = CRAWL_ERROR.get(code) if code and code not in TEXT_SAYS_MORE else None
    if words is None:
        return text or (CRAWL_ERROR.get(code) if code else None)
    notes = text.split(NOTE_SEPARATOR, 1)[1] if text and NOTE_SEPARATOR in text else ""
    return f"{words}{NOTE_SEPARATOR}{notes}" if notes else words
