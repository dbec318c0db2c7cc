"""Russian words for the report's own codes (kinds of evidence, run statistics, colours).

Everything a librarian reads is plain Russian; the codes stay in the data. Unknown codes
fall back to the code itself, so a new status never breaks a report. Centre statuses,
freshness classes and run states have their words in the one table, common.labels.
"""
from __future__ import annotations

from common.labels import CENTRE_STATUS
from common.vocabulary import LEFT_OUT_REASONS

FRESHNESS_COLOURS: dict[str, str] = {
    "fresh": "#2e7d32",
    "aging": "#f9a825",
    "stale": "#c62828",
    "unknown": "#9e9e9e",
}

EVIDENCE_KINDS: dict[str, str] = {
    "heading": "заголовок",
    "menu": "пункт меню",
    "link": "ссылка",
    "document": "документ",
    "text": "текст",
    "label": "абзац с названием раздела",
    "content": "содержание",
    "sentence": "предложение в тексте (проверьте)",
    "address": "адрес страницы",
    "title": "название страницы",
    "tab": "вкладка",
    "date": "дата",
    "date_label": "надпись «обновлено»",
    "date_time": "дата в разметке записи",
    "date_url": "дата в адресе записи",
    "date_document": "дата документа",
    "date_relative": "относительная дата («вчера», «3 дня назад»)",
    "header": "сведения сервера",
    "form": "форма",
    "page": "страница",
    "text_changed": "изменение текста",
    "post": "запись",
}



# best → worst colours for grade bands (the bands' names come from the rulebook)
GRADE_COLOURS = ("#2e7d32", "#7cb342", "#f9a825", "#ef6c00", "#c62828", "#8d1c1c")
NO_GRADE_COLOUR = "#9e9e9e"

# run statistics and discovery notes: known keys get Russian labels, others show as-is
STAT_LABELS: dict[str, str] = {
    "social_notes": "ВКонтакте и Telegram",
    "centres": "Центров",
    "centres_listed": "Центров в списке",
    "centres_ok": "Центров проверено",
    "centres_failed": "Центров не удалось проверить",
    "pages": "Страниц загружено",
    "pages_fetched": "Страниц загружено",
    "documents": "Документов",
    "requests": "Запросов",
    "responses": "Ответов",
    "bytes": "Получено данных, байт",
    "errors": "Ошибок",
    "links": "Ссылок",
    "links_checked": "Ссылок проверено",
    "links_broken": "Неработающих ссылок",
    "robots_blocked": "Закрыто файлом robots.txt",
    "truncated": "Обрезано по размеру",
    "timeouts": "Превышено время ожидания",
    "retries": "Повторных запросов",
    # the crawl's counters (crawler/pipeline.py)
    "by_status": "Ответы сервера по кодам",
    "centres_by_status": "Центры по состоянию страницы",
    "store_errors": "Ошибок записи в базу",
    "duration": "Длительность обхода, с",
    "robots_forbidden": "Закрыто файлом robots.txt",
    "close_reason": "Как завершился обход",
    # centre statuses and link verdicts as keys of those counters ("ok" counts both)
    **{code: words.label for code, words in CENTRE_STATUS.items() if code != "error"},
    "ok": "В порядке",
    "redirected": "Адрес изменился",
    "broken": "Не работают",
    "blocked": "Не удалось проверить",
    "excluded": "Не проверялись",
    # the link check's summary (crawler/linkcheck/pipeline.py)
    "linkcheck": "Проверка ссылок",
    "run_id": "Номер проверки ссылок",
    "source_run_id": "Ссылки со страниц обследования №",
    "urls": "Адресов",
    "checked": "Проверено по сети",
    "from_crawl": "По данным обхода",
    "verdicts": "Итоги проверки",
    "anchors_missing": "Ссылок на несуществующий #якорь",
    "elapsed_s": "Длительность, с",
    "history": "Изменения с прошлой ночи",
    "new_broken": "Новые неработающие",
    "still_broken": "По-прежнему не работают",
    "fixed": "Исправлены",
    "pending": "Ждут подтверждения",
}
DISCOVERY_LABELS: dict[str, str] = {
    "listing_pages": "Страницы со списком центров",
    "listing_urls": "Страницы со списком центров",
    "left_out": "Ссылки, не принятые за центры",
    "skipped": "Пропущенные ссылки",
    "malformed": "Записи с ошибками",
    "duplicates": "Повторы в списке",
    "registry": "Сверка с реестром",
    "missing_from_site": "Есть в реестре, нет на сайте",
    "unknown_to_registry": "Есть на сайте, нет в реестре",
    "placed_share": "Доля размещённых",
    "notes": "Заметки",
    "message": "Примечание",
    "error": "Ошибка",
    "root_url": "Сайт РРИБЦ",
    "mode": "Как найден список",
    "pages_read": "Просмотренные страницы",
    "centres_found": "Найдено центров",
    "duplicates_merged": "Объединённые повторы",
    "registry_size": "Центров в реестре",
    "listed": "В списке на сайте",
    "placed": "Размещены на сайте",
    "municipality": "Муниципалитет",
    "listed_on": "Где указан",
    "aliases": "Другие адреса",
    "home_url": "Главная страница школы",
    "final_url": "Адрес после переадресаций",
    "status": "Ответ сервера",
    "centres": "Центров",
    "href": "Адрес, как написан",
    "kept": "Оставлен адрес",
    "merged": "Объединён адрес",
    "method": "Как найден список",
    "selector": "Селектор",
    "url": "Адрес",
    "text": "Текст ссылки",
    "reason": "Причина",
    "name": "Название",
}

# string values of discovery notes that are codes
VALUE_LABELS: dict[str, str] = {
    "heuristics": "автоматически, по ссылкам сайта РРИБЦ",
    "registry_urls": "по адресам из настроек",
    "finished": "полностью",
    "shutdown": "остановлен досрочно",
}
VALUE_LABELS.update(LEFT_OUT_REASONS)  # why the crawler left a link on a listing page out

HTTP_STATUS_WORDS: dict[int, str] = {
    400: "неверный запрос",
    401: "нужен вход",
    403: "доступ запрещён",
    404: "страница не найдена",
    410: "страница удалена",
    429: "сайт просит обращаться реже",
    500: "ошибка сервера",
    502: "ошибка сервера",
    503: "сервер недоступен",
    504: "сервер не ответил вовремя",
}


def http_problem(status: int | None, error: str | None) -> str:
    """What is wrong with a link, in words: "страница не найдена (404)"."""
    if error:
        return f"{error} ({status})" if status and str(status) not in error else error
    if status is None:
        return "не открывается"
    word = HTTP_STATUS_WORDS.get(status)
    if word is None:
        word = "ошибка сервера" if status >= 500 else "ошибка"
    return f"{word} ({status})"

# keys of discovery notes not worth showing a reader (internal identities)
HIDDEN_KEYS = frozenset({"key", "centre_id", "id"})
