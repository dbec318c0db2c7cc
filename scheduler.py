"""The scheduler: nightly link checks, the semiannual audit, score cards, weekly clean-up.

An APScheduler 3 `BlockingScheduler` (`ibcmon schedule`) whose job store is a table in
the project's own database (`apscheduler_jobs`). Every time is Хабаровск time
(`[schedule] timezone`, Asia/Vladivostok, UTC+10), given to each trigger.

Jobs (`job_specs`), each a chain of `ibcmon` commands:

| job            | default                  | runs                                         |
|----------------|--------------------------|----------------------------------------------|
| linkcheck      | every night 02:30        | `ibcmon linkcheck --recrawl` (a fresh crawl of the centres, then every link on their pages), then `ibcmon notify --links` |
| audit          | 1 October, 15 March 03:00| `ibcmon audit`, then `ibcmon notify`         |
| delivery-retry | every day 10:00          | `ibcmon notify --retry`, `ibcmon notify --links --retry` |
| cleanup        | Sundays 04:00            | `ibcmon cleanup`                             |

With `[review] required = true` both `notify` steps of the score cards become
`notify --approved-only`: the audit sends nothing until the methodologist approves, and
the daily job sends the cards of the centres approved since.

Each command runs in a subprocess (`python -m ibcmon ...`, the same code path as typing
it), with a time limit (`[schedule] job_timeout`; killed on expiry → "timeout"); its
start, end, outcome, exit code and the tail of its output are a `JobRun` row. A later
command of a chain runs only if the earlier one finished (exit 0 or 2).

Jobs run one at a time (one worker), never twice at once (max_instances=1). A run missed
while the server was down runs once when it comes back (coalesce, misfire grace); older
misses are logged as "missed". A second scheduler on the same database refuses to
start: `SchedulerLock` keeps a row (pid, host, boot, heartbeat) in `scheduler_lock`
(`ibcmon.schedlock`). Running one command is `ibcmon.jobrun.run_command`.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import signal
import socket
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from apscheduler.events import EVENT_JOB_MISSED, JobExecutionEvent
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.combining import OrTrigger
from apscheduler.triggers.cron import CronTrigger
from sqlalchemy import inspect, update

from common import cron
from common.config import Config, ConfigError
from ibcmon import jobrun
from ibcmon.jobrun import (
    CONTINUE_AFTER,
    INTERRUPTED,
    MISSED,
    OK,
    RUNNING,
    ibcmon_command,
    run_command,
    stop_children,
)
from ibcmon.schedlock import SchedulerLock, SchedulerLockedError, lock_holder
from store.db import Database, open_database
from store.models import JobRun, utcnow

__all__ = [
    "CONTINUE_AFTER",
    "JobSpec",
    "SchedulerLock",
    "SchedulerLockedError",
    "build_scheduler",
    "crontab_trigger",
    "ibcmon_command",
    "job_specs",
    "lock_holder",
    "run_command",
    "run_job",
    "run_now",
    "scheduled_jobs",
    "serve",
    "stop_children",
]

logger = logging.getLogger("ibcmon.scheduler")

JOBS_TABLE = "apscheduler_jobs"

# --- triggers and jobs -------------------------------------------------------------------------

def crontab_trigger(expr: str, timezone: str) -> CronTrigger:
    """A CronTrigger from "minute hour day month weekday" (crontab's meaning), in `timezone`
    (the config checked the string at load with the same reader, `common.cron`)."""
    try:
        return cron.crontab_trigger(expr, timezone)
    except ValueError as exc:
        raise ConfigError(str(exc)) from exc


_crontab_days = cron.crontab_days


@dataclass(frozen=True)
class JobSpec:
    id: str
    title: str  # Russian, for `ibcmon schedule --list`
    schedule: tuple[str, ...]  # the crontab expressions, as configured
    trigger: BaseTrigger
    steps: tuple[tuple[str, ...], ...]  # ibcmon commands, run one after another
    misfire_grace: int  # seconds


def job_specs(config: Config) -> list[JobSpec]:
    """The scheduled jobs as the config sets them (an empty schedule leaves a job out)."""
    sched = config.schedule
    tz = sched.timezone

    def spec(job_id: str, title: str, exprs: Sequence[str], steps: Sequence[Sequence[str]],
             grace: int) -> JobSpec | None:
        exprs = tuple(e.strip() for e in exprs if e and e.strip())
        if not exprs:
            return None
        triggers = [crontab_trigger(e, tz) for e in exprs]
        trigger: BaseTrigger = triggers[0] if len(triggers) == 1 else OrTrigger(triggers)
        return JobSpec(job_id, title, exprs, trigger, tuple(tuple(s) for s in steps), grace)

    # [review] required: cards only for approved centres; the daily job then sends the cards
    # of the centres approved since (a card already sent is skipped, a failed one retried)
    cards = ["notify", "--approved-only"] if config.review.required else ["notify"]
    card_retry = cards if config.review.required else ["notify", "--retry"]
    specs = [
        spec("linkcheck", "Ночная проверка ссылок и уведомления о новых неработающих ссылках",
             [sched.linkcheck], [["linkcheck", "--recrawl"], ["notify", "--links"]], sched.misfire_grace),
        spec("audit", "Обследование страниц ИБЦ и рассылка карточек оценки",
             sched.audit, [["audit"], cards], sched.audit_misfire_grace),
        spec("delivery-retry", "Повторная отправка писем, не ушедших из-за сбоя почты",
             [sched.delivery_retry], [card_retry, ["notify", "--links", "--retry"]],
             sched.misfire_grace),
        spec("cleanup", "Удаление старых снимков страниц (оценки сохраняются)",
             [sched.cleanup], [["cleanup"]], sched.misfire_grace),
    ]
    return [s for s in specs if s is not None]


# --- a job: its commands in turn ---------------------------------------------------------------

def run_job(
    job_id: str,
    steps: Sequence[Sequence[str]],
    db_url: str,
    config_path: str | None,
    timeout: float,
) -> str:
    """A scheduled job: its `ibcmon` commands in turn; returns the last outcome.

    Module-level (the job store keeps a reference to it, `scheduler:run_job`).
    """
    db = jobrun.database(db_url)
    outcome = OK
    for argv in steps:
        if jobrun.stopping():
            return INTERRUPTED
        command, env = ibcmon_command(argv, db_url, config_path)
        outcome = run_command(db, job_id, command, timeout, env=env).outcome
        if outcome not in CONTINUE_AFTER:
            break
    return outcome


# --- the scheduler ---------------------------------------------------------------------------------

class StopSafeJobStore(SQLAlchemyJobStore):
    """APScheduler 3 processes due jobs once more after `shutdown()` (its loop wakes up and
    processes before it looks at the state): their submission to the stopped executor
    fails, yet their next run is advanced, so a run due at that moment would be lost.
    `shutdown()` shuts the job stores first, so a closed store hands out no due job (the
    run stays stored for the next start). Public job-store interface only."""

    closed = False

    def start(self, scheduler: Any, alias: str) -> None:
        self.closed = False
        super().start(scheduler, alias)

    def shutdown(self) -> None:
        self.closed = True
        super().shutdown()

    def get_due_jobs(self, now: dt.datetime) -> list[Any]:
        return [] if self.closed else super().get_due_jobs(now)


def job_store(db: Database) -> SQLAlchemyJobStore:
    """The APScheduler job store: table `apscheduler_jobs` in the project's database."""
    return StopSafeJobStore(engine=db.engine, tablename=JOBS_TABLE)


def _record_missed(db: Database) -> Callable[[JobExecutionEvent], None]:
    def listener(event: JobExecutionEvent) -> None:
        when = event.scheduled_run_time
        logger.warning("job %s missed its run of %s (beyond the misfire grace)", event.job_id, when)
        try:
            with db.session() as session:
                session.add(JobRun(
                    job_id=event.job_id, command=[], outcome=MISSED,
                    started_at=when.astimezone(dt.UTC).replace(tzinfo=None),
                    finished_at=utcnow(), host=socket.gethostname(),
                    log_tail=f"пропущен запуск {when:%Y-%m-%d %H:%M %Z}: сервер был выключен дольше допустимого",
                ))
        except Exception:
            logger.warning("could not record the missed run", exc_info=True)

    return listener


class IbcmonBlockingScheduler(BlockingScheduler):
    job_executor: ThreadPoolExecutor  # ours, so that `serve` can wait for the running job


class IbcmonBackgroundScheduler(BackgroundScheduler):
    job_executor: ThreadPoolExecutor


def build_scheduler(
    config: Config,
    db: Database,
    config_path: str | None,
    *,
    blocking: bool = True,
    specs: list[JobSpec] | None = None,
    now: dt.datetime | None = None,
) -> IbcmonBlockingScheduler | IbcmonBackgroundScheduler:
    """The scheduler with its jobs synced from the config into the job store (not started)."""
    tz = config.schedule.timezone
    scheduler_cls = IbcmonBlockingScheduler if blocking else IbcmonBackgroundScheduler
    store = job_store(db)
    executor = ThreadPoolExecutor(max_workers=1)  # one job at a time
    scheduler = scheduler_cls(
        jobstores={"default": store},
        executors={"default": executor},
        job_defaults={"coalesce": True, "max_instances": 1},
        timezone=tz,
    )
    scheduler.job_executor = executor
    scheduler.add_listener(_record_missed(db), EVENT_JOB_MISSED)
    sync_jobs(scheduler, store, job_specs(config) if specs is None else specs, db_url=db.url,
              config_path=config_path, timeout=float(config.schedule.job_timeout), now=now)
    return scheduler


def sync_jobs(
    scheduler: BaseScheduler,
    store: SQLAlchemyJobStore,
    specs: list[JobSpec],
    *,
    db_url: str,
    config_path: str | None,
    timeout: float,
    now: dt.datetime | None = None,
) -> None:
    """Put the configured jobs into the job store, keeping a run missed while it was down.

    Replacing a job would recompute its next run from now and silently drop a run missed
    during downtime; so a stored next run time in the past is kept, and the scheduler
    runs it once on start (if within the misfire grace).
    """
    now = now or dt.datetime.now(dt.UTC)
    store.start(scheduler, "default")  # creates the table if needed, so it can be read
    existing = {job.id: job for job in store.get_all_jobs()}
    wanted = {spec.id for spec in specs}
    for job_id in existing.keys() - wanted:
        logger.info("removing job %s (no longer configured)", job_id)
        store.remove_job(job_id)
    for spec in specs:
        kwargs: dict[str, Any] = {
            "trigger": spec.trigger, "id": spec.id, "name": spec.title,
            "args": [spec.id, [list(s) for s in spec.steps], db_url, config_path, timeout],
            "misfire_grace_time": spec.misfire_grace, "coalesce": True, "max_instances": 1,
            "replace_existing": True,
        }
        old = existing.get(spec.id)
        if old is not None and old.next_run_time is not None and old.next_run_time <= now:
            kwargs["next_run_time"] = old.next_run_time
            logger.info("job %s missed its run of %s: it runs once now", spec.id, old.next_run_time)
        scheduler.add_job(run_job, **kwargs)


@dataclass
class ScheduledJob:
    spec: JobSpec
    next_run: dt.datetime | None  # in the schedule's time zone
    stored: bool  # the job store holds it (the scheduler has run at least once)


def scheduled_jobs(config: Config, db: Database, now: dt.datetime | None = None) -> list[ScheduledJob]:
    """Each configured job and its next run (the stored one if the scheduler has run)."""
    now = now or dt.datetime.now(dt.UTC)
    stored: dict[str, dt.datetime | None] = {}
    with db.engine.connect() as connection:
        has_store = inspect(connection).has_table(JOBS_TABLE)
    if has_store:
        store = job_store(db)
        store.start(BackgroundScheduler(timezone=config.schedule.timezone), "default")
        stored = {job.id: job.next_run_time for job in store.get_all_jobs()}
    out = []
    for spec in job_specs(config):
        next_run = stored[spec.id] if spec.id in stored else spec.trigger.get_next_fire_time(None, now)
        if next_run is not None:
            next_run = next_run.astimezone(_zone(config))
        out.append(ScheduledJob(spec, next_run, spec.id in stored))
    return out


def _zone(config: Config) -> dt.tzinfo:
    from zoneinfo import ZoneInfo

    return ZoneInfo(config.schedule.timezone)


def _finish_interrupted(db: Database) -> None:
    """JobRuns left "running" by a scheduler that died: we hold the lock, so they are over."""
    with db.session() as session:
        session.execute(
            update(JobRun).where(JobRun.outcome == RUNNING)
            .values(outcome=INTERRUPTED, finished_at=utcnow())
        )


def serve(
    config: Config, db_url: str, config_path: str | None, *,
    announce: Callable[[str], None] | None = None,
) -> None:
    """`ibcmon schedule`: take the lock, sync the jobs, run until stopped (SIGTERM, Ctrl-C)."""
    announce = announce or logger.warning
    db = open_database(db_url, migrate=True)  # the scheduler's start brings the store up to date
    jobrun.remember_database(db)
    config_path = str(Path(config_path).resolve()) if config_path else None
    lock = SchedulerLock(db)
    lock.acquire()
    try:
        _finish_interrupted(db)
        scheduler = build_scheduler(config, db, config_path, blocking=True)

        def stop(*_args: object) -> None:
            if scheduler.running:
                scheduler.shutdown(wait=False)

        lock.on_lost = stop
        previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
        try:
            announce(f"Планировщик запущен (процесс {os.getpid()}); остановка — Ctrl-C или SIGTERM.")
            for job in scheduled_jobs(config, db):
                when = f"{job.next_run:%Y-%m-%d %H:%M %Z}" if job.next_run else "не запланировано"
                announce(f"  {job.spec.id}: следующий запуск {when}")
            scheduler.start()  # blocks until stop()
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
            stop_children()  # the running command (if any) ends, its JobRun says "interrupted"
            with contextlib.suppress(Exception):
                scheduler.shutdown(wait=False)
            scheduler.job_executor.shutdown(wait=True)  # the running job's thread has ended
    finally:
        lock.release()
        jobrun.reset_stopping()
        announce("Планировщик остановлен.")


def run_now(config: Config, db: Database, config_path: str | None, job_id: str) -> str:
    """Run one configured job now, in this process (`ibcmon schedule --run-now JOB`)."""
    specs = {spec.id: spec for spec in job_specs(config)}
    if job_id not in specs:
        raise ConfigError(f"нет задания {job_id!r} (есть: {', '.join(specs) or 'ни одного'})")
    jobrun.remember_database(db)
    config_path = str(Path(config_path).resolve()) if config_path else None
    return run_job(job_id, specs[job_id].steps, db.url, config_path, float(config.schedule.job_timeout))
