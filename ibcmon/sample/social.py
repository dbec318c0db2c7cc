"""The bundled world's VK communities and Telegram channel, and the fakes that serve them.

The regional listing names them by their real addresses (`https://vk.com/…`,
`https://t.me/…`): the crawl leaves them `not_auditable`, and the audit's social step
reads them from `demo_social()`, a local fake of the VK API and of t.me's previews (the
demo points `[social] vk_api_url` and `telegram_preview_url` at it). No real key is used.

- c19 (vk.com/ibc_school_osipenko): a closed community: «закрытое сообщество»;
- c23 (vk.com/ibc_vanino_school3): fresh posts and an old pinned post;
- c24 (vk.com/club215000111): posts all older than a year (stale);
- c25 (t.me/ibc_lazo_school1): a public channel with posts.
"""
from __future__ import annotations

import datetime as dt

from ibcmon.sample.centre import CentreBuilder
from ibcmon.sample.fakesocial import FakeChannel, FakeCommunity, FakePost, FakeSocial
from ibcmon.sample.world import World

WORLD_DAY = dt.datetime(2026, 11, 20, 2, 0)  # the world's audit date (UTC morning in Хабаровск)


def _ago(days: int) -> dt.datetime:
    return WORLD_DAY - dt.timedelta(days=days)


def social_centres(w: World) -> list[CentreBuilder]:
    """The listing's VK and Telegram centres besides c19 (which is in `bundled_b`)."""
    vanino = CentreBuilder(w, "c23", "vk.com/ibc_vanino_school3", "МБОУ СОШ № 3 п. Ванино",
                           "Ванинский муниципальный район", "vk", status="not_auditable",
                           librarian="Клименко Ольга Петровна", registry_email=False,
                           listed_full=["https://vk.com/ibc_vanino_school3"])
    bolon = CentreBuilder(w, "c24", "vk.com/club215000111", "МБОУ СОШ с. Болонь",
                          "Амурский муниципальный район", "vk", status="not_auditable",
                          librarian="Ким Наталья Сергеевна", registry_email=False,
                          listed_full=["https://vk.com/club215000111"])
    lazo = CentreBuilder(w, "c25", "t.me/ibc_lazo_school1", "МБОУ СОШ № 1 п. Переяславка",
                         "Район имени Лазо", "telegram", status="not_auditable",
                         librarian="Орлова Марина Викторовна", registry_email=False,
                         listed_full=["https://t.me/ibc_lazo_school1"])
    return [vanino, bolon, lazo]


COMMUNITIES = [
    FakeCommunity(215000001, "ibc_school_osipenko", "ИБЦ школы с. им. Полины Осипенко", is_closed=1),
    FakeCommunity(
        215000002, "ibc_vanino_school3", "ИБЦ МБОУ СОШ № 3 п. Ванино",
        description="Информационно-библиотечный центр школы № 3 п. Ванино. Режим работы: "
                    "пн–пт 8:00–16:00, санитарный день — последняя пятница месяца. "
                    "Телефон: +7 (42137) 7-12-34, e-mail: ibc3.vanino@example.ru",
        links=[("https://www.litres.ru/", "ЛитРес: Школа"), ("https://rusneb.ru/", "Национальная электронная библиотека")],
        posts=[
            FakePost(3, _ago(420), "Правила пользования библиотекой: читайте в закреплённой записи.", pinned=True),
            FakePost(118, _ago(4), "В библиотеке прошёл библиотечный урок «Как появилась книга» для учеников "
                                   "вторых классов."),
            FakePost(117, _ago(12), "В читальном зале оформлена книжная выставка «Писатели Дальнего Востока — детям»."),
            FakePost(116, _ago(25), "Краевой конкурс «Лучшее интернет-представительство ИБЦ».", repost=True),
            FakePost(115, _ago(40), "В библиотеку поступили новые книги: 85 экземпляров художественной литературы."),
        ],
    ),
    FakeCommunity(
        215000111, "club215000111", "Библиотека МБОУ СОШ с. Болонь",
        description="Школьная библиотека с. Болонь.",
        posts=[FakePost(40, _ago(410), "В библиотеке прошла акция «Подари книгу библиотеке»."),
               FakePost(39, _ago(470), "Провели литературную викторину по сказкам.")],
    ),
]

CHANNELS = [
    FakeChannel("ibc_lazo_school1", "ИБЦ школы № 1 п. Переяславка",
                "Канал информационно-библиотечного центра. Телефон: +7 (42154) 2-11-22",
                posts=[FakePost(51, _ago(30), "Провели квест «Тайны старой библиотеки» для пятиклассников."),
                       FakePost(52, _ago(6), "В читальном зале оформлена выставка «Книги-юбиляры 2026 года».",
                                link="https://rusneb.ru/")]),
]


def demo_social() -> FakeSocial:
    """The fakes of VK and t.me for the bundled world (any key is accepted: no real one is needed)."""
    return FakeSocial(COMMUNITIES, CHANNELS, token=None)
