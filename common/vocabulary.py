"""Russian words for the crawler's and link checker's codes, shared by the stages that
store the codes (crawler) and the ones that show them (reports, the app).

One copy each, here in the lower package, so the reports need not import the crawler.
"""
from __future__ import annotations

# a link check's verdict (crawler.linkcheck.verdict: OK, REDIRECTED, BROKEN, BLOCKED, EXCLUDED)
VERDICT_TITLES = {
    "ok": "работает",
    "redirected": "адрес изменился",
    "broken": "не работает",
    "blocked": "не удалось проверить",
    "excluded": "не проверялась",
}

# the groups of a link check's digest (crawler.linkcheck.digest.BUCKETS)
BUCKET_TITLES = {
    "new_broken": "Новые неработающие ссылки",
    "still_broken": "По-прежнему не работают",
    "pending": "Не ответили этой ночью (ждут подтверждения)",
    "broken": "Неработающие ссылки",
    "fixed": "Исправлены",
    "removed": "Убраны со страницы",
    "unverified": "Не удалось проверить",
    "redirected": "Адрес изменился: ссылку стоит обновить",
}

# reasons a link on a listing page is not taken for a centre (Run.discovery["left_out"])
LEFT_OUT_REASONS = {
    "chrome": "меню, подвал или боковая панель сайта",
    "regional_site": "ссылка на сам сайт РРИБЦ",
    "social": "социальная сеть вне списка ИБЦ",
    "resource": "ресурс, а не ИБЦ",
    "document": "ссылка на документ",
    "not_http": "не веб-адрес (почта, телефон, скрипт)",
    "not_under_municipality": "вне заголовков муниципалитетов",
    "see_also": "абзац «Полезные ресурсы», «См. также»: не ИБЦ",
    "link_sentence": "строка ссылок на несколько разных сайтов, а не ИБЦ",
    "not_a_centre": "в строке не названы ни школа, ни ИБЦ",
}


def plural(n: float | int | None, one: str, few: str, many: str) -> str:
    """Russian plural: plural(1, "центр", "центра", "центров") -> "центр"; 5 -> "центров"."""
    if n is None:
        return many
    if float(n) != int(n):
        return few  # 2,5 балла
    k = abs(int(n))
    if k % 10 == 1 and k % 100 != 11:
        return one
    if 2 <= k % 10 <= 4 and not 12 <= k % 100 <= 14:
        return few
    return many
