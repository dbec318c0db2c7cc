"""The scheduler's jobs: triggers, Хабаровск time on each, next runs from a fixed "now"."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from apscheduler.triggers.combining import OrTrigger
from apscheduler.triggers.cron import CronTrigger

import scheduler
from common.config import Config, ConfigError

KHV = ZoneInfo("Asia/Vladivostok")  # Хабаровск time, UTC+10


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=KHV)  # type: ignore[misc]


def specs(config: Config | None = None) -> dict[str, scheduler.JobSpec]:
    return {s.id: s for s in scheduler.job_specs(config or Config())}


def cron_parts(spec: scheduler.JobSpec) -> list[CronTrigger]:
    trigger = spec.trigger
    parts = trigger.triggers if isinstance(trigger, OrTrigger) else [trigger]
    assert all(isinstance(p, CronTrigger) for p in parts)
    return parts  # type: ignore[return-value]


def test_the_jobs_and_their_commands() -> None:
    jobs = specs()
    assert list(jobs) == ["linkcheck", "audit", "delivery-retry", "cleanup"]
    assert jobs["linkcheck"].steps == (("linkcheck", "--recrawl"), ("notify", "--links"))
    assert jobs["audit"].steps == (("audit",), ("notify",))
    assert jobs["delivery-retry"].steps == (("notify", "--retry"), ("notify", "--links", "--retry"))
    assert jobs["cleanup"].steps == (("cleanup",),)
    config = Config()
    assert jobs["linkcheck"].misfire_grace == config.schedule.misfire_grace
    assert jobs["audit"].misfire_grace == config.schedule.audit_misfire_grace


def test_every_trigger_carries_khabarovsk_time() -> None:
    for spec in specs().values():
        for part in cron_parts(spec):
            assert str(part.timezone) == "Asia/Vladivostok", spec.id
    assert len(cron_parts(specs()["audit"])) == 2


@pytest.mark.parametrize(("job", "now", "expected"), [
    # the nightly link check at 02:30 Хабаровск time, whatever the server's zone
    ("linkcheck", at(2026, 11, 20, 3, 0), at(2026, 11, 21, 2, 30)),
    ("linkcheck", at(2026, 11, 20, 2, 29), at(2026, 11, 20, 2, 30)),
    # the audit on 1 October and 15 March at 03:00
    ("audit", at(2026, 9, 30, 12, 0), at(2026, 10, 1, 3, 0)),
    ("audit", at(2026, 10, 1, 3, 1), at(2027, 3, 15, 3, 0)),
    ("audit", at(2027, 3, 15, 3, 1), at(2027, 10, 1, 3, 0)),
    # delivery retries every day at 10:00
    ("delivery-retry", at(2026, 11, 20, 10, 0, 1), at(2026, 11, 21, 10, 0)),
    # clean-up on Sunday 04:00 (crontab weekday 0 = Sunday, not APScheduler 3's Monday)
    ("cleanup", at(2026, 11, 18, 12, 0), at(2026, 11, 22, 4, 0)),
])
def test_next_fire_times_from_a_fixed_now(job: str, now: dt.datetime, expected: dt.datetime) -> None:
    fire = specs()[job].trigger.get_next_fire_time(None, now)
    assert fire == expected
    assert fire.utcoffset() == dt.timedelta(hours=10)


def test_the_zone_holds_when_now_is_given_in_utc() -> None:
    now_utc = dt.datetime(2026, 9, 30, 16, 59, tzinfo=dt.UTC)  # 02:59 on 1 October in Хабаровск
    fire = specs()["audit"].trigger.get_next_fire_time(None, now_utc)
    assert fire == at(2026, 10, 1, 3, 0)
    assert fire.astimezone(dt.UTC) == dt.datetime(2026, 9, 30, 17, 0, tzinfo=dt.UTC)
    assert fire.weekday() == 3 and at(2026, 11, 22).weekday() == 6  # sanity: the 22nd is a Sunday


@pytest.mark.parametrize(("field", "names"), [
    ("*", "*"),
    ("0", "sun"),
    ("7", "sun"),
    ("1", "mon"),
    ("1-5", "mon,tue,wed,thu,fri"),
    ("6,0", "sat,sun"),
    ("5-7", "fri,sat,sun"),
    ("*/2", "tue,thu,sat,sun"),
    ("5-1", "mon,fri,sat,sun"),
    ("mon-wed", "mon,tue,wed"),
    ("sun", "sun"),
])
def test_crontab_weekdays_become_names(field: str, names: str) -> None:
    assert scheduler._crontab_days(field) == names


def test_custom_schedule_and_left_out_jobs() -> None:
    config = Config()
    config.schedule.linkcheck = "15 1 * * 1-5"
    config.schedule.audit = ["0 4 5 10 *"]
    config.schedule.cleanup = ""
    config.schedule.delivery_retry = "   "
    jobs = specs(config)
    assert list(jobs) == ["linkcheck", "audit"]
    assert isinstance(jobs["audit"].trigger, CronTrigger)
    friday = at(2026, 11, 20, 12, 0)  # a Friday
    assert jobs["linkcheck"].trigger.get_next_fire_time(None, friday) == at(2026, 11, 23, 1, 15)
    config.schedule.audit = []
    assert "audit" not in specs(config)


@pytest.mark.parametrize("expr", ["30 2 * *", "61 2 * * *", "0 3 32 10 *", "0 3 * * 8", "0 3 * * funday"])
def test_a_bad_schedule_is_a_config_error(expr: str) -> None:
    """Refused by the schema when it is set (and a file's by `load_config`, tests/test_config_schema.py),
    with the same reader the scheduler builds its triggers with."""
    config = Config()
    with pytest.raises(ConfigError, match=r"schedule\.linkcheck: расписание"):
        config.schedule.linkcheck = expr
    with pytest.raises(ConfigError, match="расписание"):
        scheduler.crontab_trigger(expr, config.schedule.timezone)


def test_another_time_zone_is_honoured() -> None:
    config = Config()
    config.schedule.timezone = "Europe/Moscow"
    fire = specs(config)["linkcheck"].trigger.get_next_fire_time(None, at(2026, 11, 20, 12, 0))
    assert fire == dt.datetime(2026, 11, 21, 2, 30, tzinfo=ZoneInfo("Europe/Moscow"))
