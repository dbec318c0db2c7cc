"""VK communities (through a local fake of the VK API) and Telegram previews, read after the
crawl and graded with the rulebook: statuses with reasons, the one-line key message, the
rate limit, the applicable sections and the newest post."""
from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from checks.grade import grade_run, load_audit_result
from common.config import Config
from crawler.social.run import read_social_run
from ibcmon.sample.fakesocial import FakeChannel, FakeCommunity, FakePost, FakeSocial
from store.db import Database
from store.models import Centre, CentreVisit, Page, Run

AS_OF = dt.date(2026, 11, 20)
NOON = dt.datetime(2026, 11, 20, 3, 0)
KEY = "vk1.a.test-service-key-0123456789abcdef"


def days_ago(n: int) -> dt.datetime:
    return NOON - dt.timedelta(days=n)


FRESH = FakeCommunity(
    1001, "ibc_fresh", "ИБЦ МБОУ СОШ № 1 с. Ягодное",
    description="Информационно-библиотечный центр школы. Режим работы: пн–пт 8:30–16:30. "
                "Телефон: +7 (4212) 55-12-34, e-mail: ibc1@example.ru",
    links=[("https://www.litres.ru/", "ЛитРес: Школа"), ("https://rusneb.ru/", "НЭБ")],
    posts=[
        FakePost(1, days_ago(400), "Правила пользования библиотекой (закреплено).", pinned=True),
        FakePost(40, days_ago(3), "В библиотеке прошёл библиотечный урок «Как появилась книга» "
                                  "для учеников третьих классов."),
        FakePost(39, days_ago(10), "В читальном зале оформлена книжная выставка «Писатели Дальнего Востока»."),
        FakePost(38, days_ago(20), "Репост новости РРИБЦ о конкурсе.", repost=True),
        FakePost(37, days_ago(300), "Старая запись, за пределами полугода."),
    ],
)
STALE = FakeCommunity(222, "club222", "Библиотека МБОУ СОШ с. Аян", description="Библиотека школы.",
                      posts=[FakePost(5, days_ago(400), "В библиотеке прошла акция «Подари книгу»."),
                             FakePost(4, days_ago(500), "Провели викторину.")])
CLOSED = FakeCommunity(333, "ibc_closed", "Закрытая библиотека", is_closed=1)
DELETED = FakeCommunity(444, "ibc_deleted", "DELETED", deactivated="deleted")
BANNED = FakeCommunity(555, "ibc_banned", "Заблокированная", deactivated="banned")
CHANNEL = FakeChannel("ibc_channel", "ИБЦ гимназии № 3", "Канал библиотеки гимназии",
                      posts=[FakePost(12, days_ago(40), "Провели квест по сказкам Пушкина.", repost=True),
                             FakePost(15, days_ago(2), "В библиотеку поступили новые книги: 120 экземпляров "
                                                        "художественной литературы.", link="https://rusneb.ru/")])
HIDDEN = FakeChannel("ibc_hidden", "Скрытый", preview=False)

CENTRES = {
    "fresh": "https://vk.com/ibc_fresh",
    "stale": "https://vk.com/club222",
    "closed": "https://vk.com/ibc_closed",
    "deleted": "https://vk.com/ibc_deleted",
    "banned": "https://vk.com/ibc_banned",
    "channel": "https://t.me/ibc_channel",
    "hidden": "https://t.me/ibc_hidden",
    "site": "http://school9.test/biblioteka/",
}


def make_run(db: Database) -> tuple[int, dict[str, int]]:
    """A crawled run as the crawl leaves it: social centres `not_auditable`, one site `ok`."""
    ids = {}
    with db.session() as session:
        run = Run(kind="audit", status="complete", root_url="http://rribc.test/",
                  started_at=dt.datetime(2026, 11, 20, 1), finished_at=dt.datetime(2026, 11, 20, 2),
                  discovery={}, stats={}, settings={})
        session.add(run)
        session.flush()
        for label, url in CENTRES.items():
            centre = Centre(key=url, name=f"ИБЦ {label}", municipality="Район имени Лазо", url=url)
            session.add(centre)
            session.flush()
            ok = label == "site"
            session.add(CentreVisit(run_id=run.id, centre_id=centre.id, name=centre.name, listed_url=url,
                                    municipality="Район имени Лазо", final_url=url,
                                    status="ok" if ok else "not_auditable",
                                    reason=None if ok else "это страница в социальной сети"))
            if ok:
                session.add(Page(run_id=run.id, centre_id=centre.id, url=url, final_url=url, http_status=200,
                                 title="Библиотека", main_text="Библиотека. Контакты: тел. 55-00-00",
                                 headers={}, links=[], documents=[], headings=[[1, "Библиотека"]]))
            ids[label] = centre.id
        return run.id, ids


def config_for(fake: FakeSocial, token: str = KEY) -> Config:
    config = Config()
    config.network.allow_private = True  # the fake is on loopback
    config.social.vk_token = token
    config.social.vk_api_url = fake.vk_api_url
    config.social.telegram_preview_url = fake.preview_url
    config.crawl.max_centre_time = 20
    return config


@pytest.fixture
def fake() -> Any:
    with FakeSocial([FRESH, STALE, CLOSED, DELETED, BANNED], [CHANNEL, HIDDEN], token=KEY) as server:
        yield server


def graded(db: Database, run_id: int) -> dict[str, Any]:
    grading = grade_run(db, run_id, AS_OF)
    result = load_audit_result(db, run_id=run_id, grading_id=grading)
    return {c.url: c for c in result.centres} | {"_summary": result.summary}


def test_fresh_community_with_a_pinned_old_post(db: Database, fake: FakeSocial) -> None:
    run_id, _ids = make_run(db)
    summary = read_social_run(db, config_for(fake), run_id, as_of=AS_OF)
    assert summary.notes == [] and summary.read == {"vk": 2, "telegram": 1}
    c = graded(db, run_id)[CENTRES["fresh"]]
    assert c.status == "ok" and c.representation == "vk"
    # the pinned post stands first on the wall, 400 days old: the newest unpinned one counts
    assert c.freshness == "fresh" and c.last_updated == days_ago(3).date()
    assert c.last_updated_evidence.url == "https://vk.com/wall-1001_40"
    details = {s.id: s for s in c.section_details}
    assert details["news"].present and details["news"].evidence[0].url == "https://vk.com/wall-1001_40"
    assert details["exhibitions"].present
    assert details["exhibitions"].evidence[0].url == "https://vk.com/wall-1001_39"
    assert "книжная выставка" in details["exhibitions"].evidence[0].text
    assert details["contacts"].present and details["work_hours"].present and details["e_resources"].present
    assert details["new_arrivals"].present is False and details["new_arrivals"].applicable
    # a section VK cannot hold is neither present nor missing
    assert details["regulations"].applicable is False
    assert details["regulations"].note == "не применимо для сообщества ВКонтакте"
    assert c.sections["regulations"] is None and c.sections["news"] is True
    assert not any(f.check_id == "sections.regulations" for f in c.findings)
    # the score is out of the applicable parts and sections: all present but one, fresh
    completeness = next(p for p in c.parts if p.id == "completeness")
    assert [p.id for p in c.parts] == ["completeness", "freshness"]
    assert c.score == pytest.approx(100 * (completeness.points + 25) / 85, abs=0.1)
    assert c.score > 80
    # the reposted post is kept, marked
    with db.session() as session:
        marks = [p.headers["x-ibcmon-social"] for p in session.query(Page).filter_by(url="https://vk.com/wall-1001_38")]
    assert marks and marks[0]["repost"] is True
    # a post older than half a year is not read
    with db.session() as session:
        assert session.query(Page).filter_by(url="https://vk.com/wall-1001_37").count() == 0


def test_stale_community_and_error_statuses(db: Database, fake: FakeSocial) -> None:
    run_id, _ids = make_run(db)
    read_social_run(db, config_for(fake), run_id, as_of=AS_OF)
    by_url = graded(db, run_id)
    stale = by_url[CENTRES["stale"]]
    assert stale.status == "ok" and stale.freshness == "stale"
    assert stale.last_updated == days_ago(400).date()
    closed, deleted, banned = (by_url[CENTRES[k]] for k in ("closed", "deleted", "banned"))
    assert (closed.status, closed.reason) == ("not_auditable", "закрытое сообщество ВКонтакте: записи видны только участникам")
    assert (deleted.status, deleted.reason) == ("not_found", "сообщество ВКонтакте удалено")
    assert (banned.status, banned.reason) == ("not_auditable", "сообщество ВКонтакте заблокировано администрацией ВКонтакте")
    for c in (closed, deleted, banned):
        assert c.score is None and c.representation == "vk"
    # the site centre is as the crawl left it
    assert by_url[CENTRES["site"]].status == "ok" and by_url[CENTRES["site"]].representation == "site"


def test_telegram_channel_and_one_without_preview(db: Database, fake: FakeSocial) -> None:
    run_id, _ids = make_run(db)
    read_social_run(db, config_for(fake), run_id, as_of=AS_OF)
    by_url = graded(db, run_id)
    channel = by_url[CENTRES["channel"]]
    assert channel.status == "ok" and channel.representation == "telegram"
    assert channel.freshness == "fresh" and channel.last_updated == days_ago(2).date()
    assert channel.last_updated_evidence.url == "https://t.me/ibc_channel/15"
    details = {s.id: s for s in channel.section_details}
    assert details["new_arrivals"].present and details["new_arrivals"].evidence[0].url == "https://t.me/ibc_channel/15"
    assert details["regulations"].note == "не применимо для канала Telegram"
    hidden = by_url[CENTRES["hidden"]]
    assert hidden.status == "not_auditable" and "веб-просмотра" in (hidden.reason or "")
    assert by_url["_summary"]["representations"] == {"vk": 2, "telegram": 1, "site": 1}


def test_invalid_key_is_one_line_and_the_rest_goes_on(db: Database, fake: FakeSocial) -> None:
    run_id, _ids = make_run(db)
    summary = read_social_run(db, config_for(fake, token="wrong-key"), run_id, as_of=AS_OF)
    assert len(summary.notes) == 1 and "ключ VK API не принят" in summary.notes[0]
    assert len(fake.calls) == 1  # the first refusal stops the VK part: no call per community
    by_url = graded(db, run_id)
    for key in ("fresh", "stale", "closed", "deleted", "banned"):
        assert by_url[CENTRES[key]].status == "not_auditable"
        assert by_url[CENTRES[key]].reason == "это страница в социальной сети"  # not one line per centre
    assert by_url[CENTRES["channel"]].status == "ok"  # Telegram needs no key
    with db.session() as session:
        assert session.get(Run, run_id).stats["social_notes"] == summary.notes


def test_without_a_key_vk_stays_unchecked_and_says_how_once(db: Database, fake: FakeSocial,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("IBCMON_VK_TOKEN", raising=False)
    run_id, _ids = make_run(db)
    lines: list[str] = []
    summary = read_social_run(db, config_for(fake, token=""), run_id, as_of=AS_OF, progress=lines.append)
    assert fake.calls == []
    assert len(summary.notes) == 1 and "IBCMON_VK_TOKEN" in summary.notes[0] and "(5)" in summary.notes[0]
    assert not any("IBCMON_VK_TOKEN" in line for line in lines)  # the summary and the report say it, once
    assert graded(db, run_id)[CENTRES["fresh"]].status == "not_auditable"


def test_key_from_the_environment(db: Database, fake: FakeSocial, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IBCMON_VK_TOKEN", KEY)
    run_id, _ids = make_run(db)
    read_social_run(db, config_for(fake, token=""), run_id, as_of=AS_OF)
    assert graded(db, run_id)[CENTRES["fresh"]].status == "ok"


def test_rate_limit_three_calls_a_second_and_retry(db: Database) -> None:
    """Never more than 3 calls in any second (the fake's own log), and error 6 is waited out."""
    many = [FakeCommunity(2000 + i, f"ibc_many{i}", f"ИБЦ {i}", posts=[FakePost(1, days_ago(1), "Провели урок.")])
            for i in range(5)]
    with FakeSocial(many, [], token=KEY, fail_first=2) as server:
        with db.session() as session:
            run = Run(kind="audit", status="complete", root_url="http://rribc.test/",
                      started_at=dt.datetime(2026, 11, 20, 1), discovery={}, stats={}, settings={})
            session.add(run)
            session.flush()
            for c in many:
                url = f"https://vk.com/{c.screen_name}"
                centre = Centre(key=url, name=c.name, url=url)
                session.add(centre)
                session.flush()
                session.add(CentreVisit(run_id=run.id, centre_id=centre.id, name=c.name, listed_url=url,
                                        status="not_auditable", reason="соцсеть"))
            run_id = run.id
        summary = read_social_run(db, config_for(server), run_id, as_of=AS_OF)
        calls = server.calls
    assert summary.read == {"vk": 5}
    assert len(calls) == 2 + 2 * 5  # two refused with error 6, asked again
    assert [c["answer"] for c in calls[:2]] == [6, 6]
    times = sorted(c["time"] for c in calls)
    worst = max(sum(1 for t in times if start <= t < start + 1.0) for start in times)
    assert worst <= 3, f"{worst} calls within one second"


def test_card_exports_and_overview_name_the_representation(db: Database, fake: FakeSocial, tmp_path: Any) -> None:
    from reports.card import render_card_html, render_card_text
    from reports.export import export_csv, export_json, export_xlsx

    run_id, _ids = make_run(db)
    read_social_run(db, config_for(fake), run_id, as_of=AS_OF)
    grading = grade_run(db, run_id, AS_OF)
    result = load_audit_result(db, run_id=run_id, grading_id=grading)
    vk_centre = next(c for c in result.centres if c.url == CENTRES["fresh"])
    text = render_card_text(vk_centre, result.run)
    assert "Представительство: ВКонтакте" in text
    assert "Нормативные документы: не применимо для сообщества ВКонтакте" in text
    assert "https://vk.com/wall-1001_39" in text  # the exhibition's post
    html = render_card_html(vk_centre, result.run)
    assert 'data-representation="vk"' in html and "не применимо для сообщества ВКонтакте" in html
    assert "из 100" in html
    tg = next(c for c in result.centres if c.url == CENTRES["channel"])
    assert "Представительство: Telegram" in render_card_text(tg, result.run)
    site = next(c for c in result.centres if c.url == CENTRES["site"])
    assert "Представительство: сайт" in render_card_text(site, result.run)
    csv_text = export_csv(result)
    header, *rows = csv_text.lstrip("\ufeff").splitlines()
    assert header.endswith(",representation")
    row = next(r for r in rows if CENTRES["fresh"] in r)
    assert row.endswith(",vk")
    cols = header.split(",")
    assert row.split(",")[cols.index("regulations")] == ""  # not applicable: neither 1 nor 0
    assert '"representation": "telegram"' in export_json(result)
    from openpyxl import load_workbook

    book = load_workbook(export_xlsx(result, tmp_path / "audit.xlsx"))
    values = [cell.value for row in book["Центры"].iter_rows() for cell in row]
    assert "ВКонтакте" in values and "Telegram" in values
    summary = [tuple(cell.value for cell in row) for row in book["Сводка"].iter_rows()]
    assert ("Оценено: ВКонтакте", 2) in summary and ("Оценено: Telegram", 1) in summary


def test_the_report_says_once_how_to_enable_the_vk_check(db: Database, fake: FakeSocial, tmp_path: Any,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from ibcmon.summary import audit_summary
    from reports.html import write_report

    monkeypatch.delenv("IBCMON_VK_TOKEN", raising=False)
    run_id, _ids = make_run(db)
    read_social_run(db, config_for(fake, token=""), run_id, as_of=AS_OF)
    grading = grade_run(db, run_id, AS_OF)
    result = load_audit_result(db, run_id=run_id, grading_id=grading)
    assert audit_summary(result).count("IBCMON_VK_TOKEN") == 1
    index = write_report(result, tmp_path / "report")
    assert index.read_text(encoding="utf-8").count("IBCMON_VK_TOKEN") == 1


def test_a_key_in_the_config_file_is_not_kept_with_the_run(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from common.config import run_settings, vk_token
    from ibcmon.config import load_config

    monkeypatch.delenv("IBCMON_VK_TOKEN", raising=False)
    path = tmp_path / "ibcmon.toml"
    path.write_text(f'[social]\nvk_token = "{KEY}"\n', encoding="utf-8")
    config = load_config(path)
    assert vk_token(config) == KEY
    assert KEY not in repr(run_settings(config))
    monkeypatch.setenv("IBCMON_VK_TOKEN", "from-the-environment")
    assert vk_token(config) == "from-the-environment"  # the environment wins over the file


def test_a_correction_applies_to_a_community(db: Database, fake: FakeSocial) -> None:
    from store.review import add_correction

    run_id, ids = make_run(db)
    read_social_run(db, config_for(fake), run_id, as_of=AS_OF)
    before = graded(db, run_id)[CENTRES["fresh"]]
    assert before.sections["new_arrivals"] is False
    with db.session() as session:
        add_correction(session, run_id=run_id, centre_id=ids["fresh"], field="section:new_arrivals",
                       old="absent", new="present", note="новинки в альбоме", by="методист", page_url=None)
        add_correction(session, run_id=run_id, centre_id=ids["stale"], field="last_updated",
                       old=None, new="2026-11-01", note="запись в обсуждениях", by="методист", page_url=None)
    after = graded(db, run_id)
    fresh, stale = after[CENTRES["fresh"]], after[CENTRES["stale"]]
    assert fresh.sections["new_arrivals"] is True and fresh.score > before.score
    assert fresh.corrected("section:new_arrivals") is not None
    assert stale.last_updated == dt.date(2026, 11, 1) and stale.freshness == "fresh"
