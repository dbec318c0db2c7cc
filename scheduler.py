"""The scheduler: nightly link checks, the semiannual audit, score cards, weekly clean-up.

An APScheduler 3 `BlockingScheduler` (`ibcmon schedule`) whose job store is a table in
the project's own database (`apscheduler_jobs`). Every time is Хабаровск time
(`[schedule] timezone`, Asia/Vladivostok, UTC+10), given to each trigger.

Jobs (`job_specs`), each a chain of `ibcmon` commands:

| job            | default                  | runs                                         |
|----------------|--------------------------|----------------------------------------------|
| linkcheck      | every night 02:30        | `ibcmon linkcheck`, then `ibcmon notify --links` |
| audit          | 1 October, 15 March 03:00| `ibcmon audit`, then `ibcmon notify`         |
| delivery-retry | every day 10:00          | `ibcmon notify --retry`, `ibcmon notify --links --retry` |
| cleanup        | Sundays 04:00            | `ibcmon cleanup`                             |

Each command runs in a subprocess (`python -m ibcmon ...`, the same code path as typing
it), with a time limit (`[schedule] job_timeout`; killed on expiry → "timeout"); its
start, end, outcome, exit code and the tail of its output are a `JobRun` row. A later
command of a chain runs only if the earlier one finished (exit 0 or 2).

Jobs run one at a time (one worker), never twice at once (max_instances=1). A run missed
while the server was down runs once when it comes back (coalesce, misfire grace); older
misses are logged as "missed". A second scheduler on the same database refuses to
start: `SchedulerLock` keeps a row (pid, host, boot, heartbeat) in `scheduler_lock`.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
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
from sqlalchemy import delete, inspect, select, update
from sqlalchemy.exc import IntegrityError

from ibcmon.config import Config, ConfigError
from store.db import Database, open_database
from store.models import JobRun, utcnow
from store.models import SchedulerLock as LockRow

logger = logging.getLogger("ibcmon.scheduler")

JOBS_TABLE = "apscheduler_jobs"
LOCK_NAME = "scheduler"
HEARTBEAT_SECONDS = 30.0
STALE_AFTER_SECONDS = 180.0  # a lock not refreshed for this long belongs to a dead scheduler
LOG_TAIL_BYTES = 4096
TERM_GRACE_SECONDS = 30.0  # after SIGTERM, before SIGKILL

# JobRun.outcome values
OK, PROBLEMS, FAILED, TIMEOUT, INTERRUPTED, MISSED, RUNNING = (
    "ok", "problems", "failed", "timeout", "interrupted", "missed", "running",
)
CONTINUE_AFTER = (OK, PROBLEMS)  # a chain goes on after these

_CRON_DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")


# --- triggers and jobs -------------------------------------------------------------------------

def _crontab_days(field: str) -> str:
    """A crontab weekday field (0 or 7 = Sunday) in APScheduler 3's terms (names).

    APScheduler 3 counts weekdays from Monday = 0, crontab from Sunday = 0: "0 4 * * 0"
    would be a Monday there. Names are the same in both, so numbers become names.
    """
    if field == "*":
        return field
    days: set[int] = set()
    for part in field.lower().split(","):
        body, _, step_text = part.partition("/")
        step = int(step_text) if step_text else 1
        if body == "*":
            first, last = 0, 6
        else:
            lo, _, hi = body.partition("-")
            first = _day_number(lo)
            last = _day_number(hi) if hi else (6 if step_text else first)
            if hi and last == 0 and hi.strip() == "7":
                last = 7
        if step < 1:
            raise ValueError(f"шаг {step} в поле дней недели {field!r}")
        span = range(first, last + 1, step) if first <= last else [
            *range(first, 7, step), *range(0, last + 1, step)
        ]
        days.update(d % 7 for d in span)
    return ",".join(_CRON_DAYS[d] for d in (1, 2, 3, 4, 5, 6, 0) if d in days)


def _day_number(token: str) -> int:
    token = token.strip().lower()
    if token.isdigit():
        value = int(token)
        if not 0 <= value <= 7:
            raise ValueError(f"день недели {token!r} вне 0–7")
        return value
    if token[:3] in _CRON_DAYS:
        return _CRON_DAYS.index(token[:3])
    raise ValueError(f"непонятный день недели {token!r}")


def crontab_trigger(expr: str, timezone: str) -> CronTrigger:
    """A CronTrigger from "minute hour day month weekday" (crontab's meaning), in `timezone`."""
    fields = expr.split()
    if len(fields) != 5:
        raise ConfigError(f"расписание {expr!r}: нужно 5 полей «минута час день месяц день_недели»")
    minute, hour, day, month, weekday = fields
    try:
        return CronTrigger(
            minute=minute, hour=hour, day=day, month=month, day_of_week=_crontab_days(weekday),
            timezone=timezone,
        )
    except ValueError as exc:
        raise ConfigError(f"расписание {expr!r}: {exc}") from exc


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

    specs = [
        spec("linkcheck", "Ночная проверка ссылок и уведомления о новых неработающих ссылках",
             [sched.linkcheck], [["linkcheck"], ["notify", "--links"]], sched.misfire_grace),
        spec("audit", "Мониторинг (обследование) страниц ИБЦ и рассылка карточек оценки",
             sched.audit, [["audit"], ["notify"]], sched.audit_misfire_grace),
        spec("delivery-retry", "Повторная отправка писем, не ушедших из-за сбоя почты",
             [sched.delivery_retry], [["notify", "--retry"], ["notify", "--links", "--retry"]],
             sched.misfire_grace),
        spec("cleanup", "Удаление старых снимков страниц (оценки сохраняются)",
             [sched.cleanup], [["cleanup"]], sched.misfire_grace),
    ]
    return [s for s in specs if s is not None]


# --- running one command ---------------------------------------------------------------------

_children: dict[int, subprocess.Popen[bytes]] = {}
_children_lock = threading.Lock()
_stopping = threading.Event()
_databases: dict[str, Database] = {}
_databases_lock = threading.Lock()


def _database(db_url: str) -> Database:
    with _databases_lock:
        if db_url not in _databases:
            _databases[db_url] = open_database(db_url)
        return _databases[db_url]


def ibcmon_command(argv: Sequence[str], db_url: str, config_path: str | None) -> list[str]:
    """`python -m ibcmon [--db URL] [--config FILE] ARGV...`: the CLI, as a user would type it."""
    command = [sys.executable, "-m", "ibcmon", "--db", db_url]
    if config_path:
        command += ["--config", config_path]
    return command + list(argv)


def _tail(path: Path, limit: int = LOG_TAIL_BYTES) -> str:
    size = path.stat().st_size
    with path.open("rb") as fh:
        if size > limit:
            fh.seek(size - limit)
        data = fh.read()
    text = data.decode("utf-8", "replace")
    if size > limit and "\n" in text:
        text = "…" + text[text.index("\n"):]  # start on a whole line
    return text


def _kill(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the command's process group (a crawl can mark its run), SIGKILL if it lingers."""
    for sig, wait in ((signal.SIGTERM, TERM_GRACE_SECONDS), (signal.SIGKILL, 10.0)):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, sig)
        try:
            proc.wait(wait)
            return
        except subprocess.TimeoutExpired:
            continue


def run_command(
    db: Database,
    job_id: str,
    command: Sequence[str],
    timeout: float,
    *,
    env: dict[str, str] | None = None,
) -> JobRun:
    """Run `command` in a subprocess with a time limit, recorded as a `JobRun`."""
    with db.session() as session:
        row = JobRun(job_id=job_id, command=list(command), outcome=RUNNING, host=socket.gethostname())
        session.add(row)
    child_env = {**os.environ, **(env or {}), "PYTHONUNBUFFERED": "1", "PYTHONIOENCODING": "utf-8"}
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="ibcmon-job-") as tmp:
        log_path = Path(tmp) / "output.log"
        outcome: str
        code: int | None
        with log_path.open("wb") as log:
            try:
                proc = subprocess.Popen(
                    list(command), stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                    env=child_env, start_new_session=True,
                )
            except OSError as exc:
                log.write(f"не удалось запустить команду: {exc}\n".encode())
                proc = None
            if proc is not None:
                with _children_lock:
                    _children[proc.pid] = proc
                with db.session() as session:
                    session.execute(update(JobRun).where(JobRun.id == row.id).values(pid=proc.pid))
                try:
                    code = proc.wait(timeout)
                    outcome = OK if code == 0 else PROBLEMS if code == 2 else FAILED
                except subprocess.TimeoutExpired:
                    _kill(proc)
                    code = proc.returncode
                    outcome = TIMEOUT
                    log.write(f"\n[ibcmon] превышено время выполнения ({timeout:g} с): команда остановлена\n"
                              .encode())
                finally:
                    with _children_lock:
                        _children.pop(proc.pid, None)
                if _stopping.is_set() and outcome not in (OK, PROBLEMS):
                    outcome = INTERRUPTED
            else:
                code, outcome = None, FAILED
        tail = _tail(log_path)
    with db.session() as session:
        stored = session.get(JobRun, row.id)
        assert stored is not None
        stored.finished_at = utcnow()
        stored.outcome = outcome
        stored.exit_code = code
        stored.log_tail = tail
        row = stored
    logger.info("job %s: %s → %s (exit %s) in %.1f s", job_id, " ".join(command[3:]), outcome, code,
                time.monotonic() - started)
    return row


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
    db = _database(db_url)
    outcome = OK
    for argv in steps:
        if _stopping.is_set():
            return INTERRUPTED
        outcome = run_command(db, job_id, ibcmon_command(argv, db_url, config_path), timeout).outcome
        if outcome not in CONTINUE_AFTER:
            break
    return outcome


def stop_children() -> None:
    """Stop every running job command (the scheduler is shutting down)."""
    _stopping.set()
    with _children_lock:
        running = list(_children.values())
    threads = [threading.Thread(target=_kill, args=(proc,), daemon=True) for proc in running]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TERM_GRACE_SECONDS + 15)


# --- the lock ------------------------------------------------------------------------------------

class SchedulerLockedError(ConfigError):
    """Another scheduler runs on this database."""


def _boot_id() -> str:
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        return ""


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class SchedulerLock:
    """One scheduler per database: a `scheduler_lock` row with pid, host and a heartbeat.

    Works across processes and hosts (it lives in the shared database, SQLite or
    PostgreSQL). A row is taken over when its holder is gone: same host and a dead pid
    or another boot, or a heartbeat older than `stale_after` seconds. Taking over is a
    compare-and-swap on the holder's token, so two starters cannot both win.
    """

    def __init__(
        self, db: Database, *, name: str = LOCK_NAME, heartbeat: float = HEARTBEAT_SECONDS,
        stale_after: float = STALE_AFTER_SECONDS,
    ) -> None:
        self.db = db
        self.name = name
        self.heartbeat_every = heartbeat
        self.stale_after = stale_after
        self.token = uuid.uuid4().hex
        self.pid = os.getpid()
        self.host = f"{socket.gethostname()}"
        self.boot = _boot_id()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.on_lost: Callable[[], None] | None = None

    @property
    def _holder_host(self) -> str:
        return f"{self.host}|{self.boot}" if self.boot else self.host

    def _is_stale(self, row: LockRow, now: dt.datetime) -> bool:
        host, _, boot = row.host.partition("|")
        if host == self.host:
            if boot and self.boot and boot != self.boot:
                return True  # held before a reboot
            if row.pid != self.pid and not _pid_alive(row.pid):
                return True
        return (now - row.heartbeat).total_seconds() > self.stale_after

    def acquire(self) -> None:
        """Take the lock, or raise `SchedulerLockedError` naming who holds it."""
        for _attempt in range(5):
            now = utcnow()
            try:
                with self.db.session() as session:
                    row = session.get(LockRow, self.name)
                    if row is None:
                        session.add(LockRow(name=self.name, token=self.token, pid=self.pid,
                                            host=self._holder_host, started_at=now, heartbeat=now))
                        session.flush()
                        break
                    if not self._is_stale(row, now):
                        raise SchedulerLockedError(describe_holder(row, now))
                    logger.warning("taking over a stale scheduler lock: %s", describe_holder(row, now))
                    taken = session.execute(
                        update(LockRow).where(LockRow.name == self.name, LockRow.token == row.token)
                        .values(token=self.token, pid=self.pid, host=self._holder_host,
                                started_at=now, heartbeat=now)
                    )
                    if getattr(taken, "rowcount", 0) == 1:
                        break
            except IntegrityError:
                continue  # another starter inserted first: look again
        else:
            raise SchedulerLockedError("не удалось занять блокировку планировщика: попробуйте ещё раз")
        self._stop.clear()
        self._thread = threading.Thread(target=self._beat, name="ibcmon-scheduler-heartbeat", daemon=True)
        self._thread.start()

    def _beat(self) -> None:
        while not self._stop.wait(self.heartbeat_every):
            try:
                with self.db.session() as session:
                    kept = session.execute(
                        update(LockRow).where(LockRow.name == self.name, LockRow.token == self.token)
                        .values(heartbeat=utcnow())
                    )
                    held = getattr(kept, "rowcount", 0) == 1
            except Exception:  # the database may be briefly unavailable: try again next beat
                logger.warning("scheduler heartbeat failed", exc_info=True)
                continue
            if not held:
                logger.error("the scheduler lock was taken by another process: stopping")
                if self.on_lost is not None:
                    self.on_lost()
                return

    def release(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)
        with self.db.session() as session:
            session.execute(delete(LockRow).where(LockRow.name == self.name, LockRow.token == self.token))

    def __enter__(self) -> SchedulerLock:
        self.acquire()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.release()


def describe_holder(row: LockRow, now: dt.datetime | None = None) -> str:
    now = now or utcnow()
    host = row.host.partition("|")[0]
    ago = int((now - row.heartbeat).total_seconds())
    return (
        f"второй планировщик не запущен: на этой базе данных уже работает планировщик "
        f"(процесс {row.pid} на «{host}», запущен {row.started_at:%Y-%m-%d %H:%M} UTC, "
        f"последний сигнал {ago} с назад). Чтобы перезапустить его, сначала остановите "
        f"работающий: systemctl stop ibcmon-scheduler или kill {row.pid}."
    )


def lock_holder(db: Database) -> LockRow | None:
    with db.session() as session:
        if not inspect(session.connection()).has_table(LockRow.__tablename__):
            return None
        return session.scalars(select(LockRow).where(LockRow.name == LOCK_NAME)).first()


# --- the scheduler ---------------------------------------------------------------------------------

def job_store(db: Database) -> SQLAlchemyJobStore:
    """The APScheduler job store: table `apscheduler_jobs` in the project's database."""
    return SQLAlchemyJobStore(engine=db.engine, tablename=JOBS_TABLE)


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


def build_scheduler(
    config: Config,
    db: Database,
    config_path: str | None,
    *,
    blocking: bool = True,
    specs: list[JobSpec] | None = None,
    now: dt.datetime | None = None,
) -> BaseScheduler:
    """The scheduler with its jobs synced from the config into the job store (not started)."""
    tz = config.schedule.timezone
    scheduler_cls = BlockingScheduler if blocking else BackgroundScheduler
    store = job_store(db)
    scheduler = scheduler_cls(
        jobstores={"default": store},
        executors={"default": ThreadPoolExecutor(max_workers=1)},  # one job at a time
        job_defaults={"coalesce": True, "max_instances": 1},
        timezone=tz,
    )
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
    db = open_database(db_url)
    _database_cache_put(db)
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
            _executor(scheduler).shutdown(wait=True)
    finally:
        lock.release()
        _stopping.clear()
        announce("Планировщик остановлен.")


def _executor(scheduler: BaseScheduler) -> Any:
    return scheduler._lookup_executor("default")  # 3.x keeps no public accessor


def _database_cache_put(db: Database) -> None:
    with _databases_lock:
        _databases.setdefault(db.url, db)


def run_now(config: Config, db: Database, config_path: str | None, job_id: str) -> str:
    """Run one configured job now, in this process (`ibcmon schedule --run-now JOB`)."""
    specs = {spec.id: spec for spec in job_specs(config)}
    if job_id not in specs:
        raise ConfigError(f"нет задания {job_id!r} (есть: {', '.join(specs) or 'ни одного'})")
    _database_cache_put(db)
    config_path = str(Path(config_path).resolve()) if config_path else None
    return run_job(job_id, specs[job_id].steps, db.url, config_path, float(config.schedule.job_timeout))
