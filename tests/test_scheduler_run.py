"""Running jobs: a subprocess per command with a time limit, recorded as JobRuns; firing by the
scheduler; a missed run caught up once; one scheduler per database."""
from __future__ import annotations

import datetime as dt
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from apscheduler.triggers.date import DateTrigger
from click.testing import CliRunner
from sqlalchemy import select, update

import scheduler
from common.config import Config
from ibcmon import jobrun, schedlock
from ibcmon.cli import cli
from store.db import Database
from store.models import JobRun, SchedulerLock, utcnow

KHV = ZoneInfo("Asia/Vladivostok")
PY = sys.executable




def job_runs(db: Database) -> list[JobRun]:
    with db.session() as session:
        return list(session.scalars(select(JobRun).order_by(JobRun.id)))


def wait_for(condition: Callable[[], Any], timeout: float = 30.0, what: str = "condition") -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


# --- one command -------------------------------------------------------------------------------

def test_a_command_runs_in_a_subprocess_and_is_recorded(db: Database) -> None:
    row = scheduler.run_command(db, "probe", [PY, "-c", "import os; print('привет', os.getpid())"], 30)
    assert row.outcome == "ok" and row.exit_code == 0
    assert row.finished_at is not None and row.finished_at >= row.started_at
    assert row.log_tail is not None and row.log_tail.startswith("привет")
    assert row.pid is not None and str(row.pid) in row.log_tail  # another process
    assert row.pid != os.getpid()
    assert row.command == [PY, "-c", "import os; print('привет', os.getpid())"]
    assert [r.id for r in job_runs(db)] == [row.id]


@pytest.mark.parametrize(("code", "outcome"), [(0, "ok"), (2, "problems"), (1, "failed"), (3, "failed")])
def test_exit_codes_become_outcomes(db: Database, code: int, outcome: str) -> None:
    row = scheduler.run_command(db, "probe", [PY, "-c", f"import sys; sys.exit({code})"], 30)
    assert (row.outcome, row.exit_code) == (outcome, code)


def test_the_log_tail_keeps_the_last_4_kb(db: Database) -> None:
    script = "import sys\nfor i in range(5000): print(f'строка {i}')\nprint('конец', file=sys.stderr)"
    row = scheduler.run_command(db, "probe", [PY, "-c", script], 30)
    assert row.log_tail is not None
    assert len(row.log_tail.encode()) <= jobrun.LOG_TAIL_BYTES + 10
    assert row.log_tail.rstrip().endswith("конец")  # stderr is in the log too
    assert "строка 4999" in row.log_tail and "строка 10\n" not in row.log_tail


def test_a_command_over_its_time_limit_is_killed(db: Database) -> None:
    started = time.monotonic()
    script = "import time; print('начало', flush=True); time.sleep(60)"
    row = scheduler.run_command(db, "probe", [PY, "-c", script], 1.0)
    assert time.monotonic() - started < 15
    assert row.outcome == "timeout"
    assert row.exit_code is not None and row.exit_code < 0  # killed by a signal
    assert "начало" in (row.log_tail or "") and "превышено время" in (row.log_tail or "")


def test_a_command_ignoring_sigterm_is_killed(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jobrun, "TERM_GRACE_SECONDS", 0.5)
    script = ("import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
              "print('упрямый', flush=True); time.sleep(60)")
    row = scheduler.run_command(db, "probe", [PY, "-c", script], 1.0)
    assert row.outcome == "timeout" and row.exit_code == -signal.SIGKILL


def test_a_command_that_cannot_start_is_a_failure(db: Database) -> None:
    row = scheduler.run_command(db, "probe", ["/nonexistent/ibcmon-binary"], 5)
    assert row.outcome == "failed" and row.exit_code is None
    assert "не удалось запустить" in (row.log_tail or "")


def test_a_chain_stops_at_the_first_failure(db: Database, db_url: str) -> None:
    outcome = scheduler.run_job("probe", [["jobs"], ["no-such-command"], ["jobs"]], db_url, None, 60)
    assert outcome == "failed"
    rows = job_runs(db)
    assert [r.command[-1] for r in rows] == ["jobs", "no-such-command"]
    assert rows[0].command[:5] == [PY, "-m", "ibcmon", "--db", db_url]
    assert rows[0].outcome == "ok" and (rows[1].outcome, rows[1].exit_code) == ("failed", 3)


def test_the_command_line_carries_db_and_config_but_no_password() -> None:
    command, env = scheduler.ibcmon_command(["notify", "--links"], "sqlite:////var/lib/ibcmon/x.sqlite",
                                            "/etc/ibcmon/ibcmon.toml")
    assert command == [PY, "-m", "ibcmon", "--db", "sqlite:////var/lib/ibcmon/x.sqlite",
                       "--config", "/etc/ibcmon/ibcmon.toml", "notify", "--links"]
    assert env == {}
    url = "postgresql+psycopg://ibcmon:s3cret@db.example/ibcmon"
    command, env = scheduler.ibcmon_command(["audit"], url, None)
    assert command == [PY, "-m", "ibcmon", "audit"] and env == {"IBCMON_DB": url}
    assert "s3cret" not in " ".join(command)


def test_stopping_the_scheduler_interrupts_the_running_command(db: Database) -> None:
    result: dict[str, JobRun] = {}
    command = [PY, "-c", "import time; print('работаю', flush=True); time.sleep(60)"]
    thread = threading.Thread(target=lambda: result.setdefault("row", scheduler.run_command(db, "probe", command, 120)))
    thread.start()
    try:
        wait_for(lambda: any(r.pid for r in job_runs(db)), what="the command to start")
        scheduler.stop_children()
        thread.join(30)
    finally:
        jobrun.reset_stopping()
    assert result["row"].outcome == "interrupted"


# --- fired by the scheduler ---------------------------------------------------------------------

def probe_spec(trigger: Any, grace: int = 3600, steps: tuple[tuple[str, ...], ...] = (("jobs", "--limit", "5"),)) -> scheduler.JobSpec:
    return scheduler.JobSpec("probe", "Проба", ("—",), trigger, steps, grace)


def test_a_job_fired_by_the_scheduler_runs_the_command_and_records_it(db: Database) -> None:
    run_at = dt.datetime.now(KHV) + dt.timedelta(seconds=1)
    sched = scheduler.build_scheduler(Config(), db, None, blocking=False,
                                      specs=[probe_spec(DateTrigger(run_at, timezone=KHV))])
    sched.start()
    try:
        row = wait_for(lambda: next((r for r in job_runs(db) if r.finished_at), None), what="the job's run")
    finally:
        sched.shutdown(wait=True)
    assert row.job_id == "probe" and row.outcome == "ok" and row.exit_code == 0
    assert row.command[1:3] == ["-m", "ibcmon"] and row.command[-3:] == ["jobs", "--limit", "5"]
    assert row.started_at >= run_at.astimezone(dt.UTC).replace(tzinfo=None) - dt.timedelta(seconds=1)
    assert "probe" in (row.log_tail or "")  # `ibcmon jobs` in the subprocess saw its own JobRun
    assert len(job_runs(db)) == 1


def _daily_at(moment: dt.datetime) -> tuple[str, Any]:
    expr = f"{moment.minute} {moment.hour} * * *"
    return expr, scheduler.crontab_trigger(expr, "Asia/Vladivostok")


def _store_next_run(db: Database, spec: scheduler.JobSpec, when: dt.datetime) -> None:
    """As if a scheduler ran before and the server went down with this run due."""
    before = scheduler.build_scheduler(Config(), db, None, blocking=False, specs=[spec])
    before.start(paused=True)
    before.modify_job(spec.id, next_run_time=when)
    before.shutdown()
    store = scheduler.job_store(db)
    store.start(scheduler.IbcmonBackgroundScheduler(timezone=KHV), "default")
    stored = store.lookup_job(spec.id)
    assert stored is not None and stored.next_run_time == when


def test_a_run_missed_while_down_is_caught_up_exactly_once(db: Database) -> None:
    now = dt.datetime.now(KHV).replace(second=0, microsecond=0)
    missed = now - dt.timedelta(hours=1)
    expr, trigger = _daily_at(missed)
    spec = probe_spec(trigger, grace=12 * 3600)
    # down for three days: four fire times missed (3 days ago ... 1 hour ago)
    _store_next_run(db, spec, missed - dt.timedelta(days=3))

    sched = scheduler.build_scheduler(Config(), db, None, blocking=False, specs=[spec])
    sched.start()
    try:
        wait_for(lambda: any(r.finished_at for r in job_runs(db)), what="the catch-up run")
        time.sleep(2)  # nothing else fires
        job = sched.get_job("probe")
        assert job is not None
        assert job.next_run_time == trigger.get_next_fire_time(None, dt.datetime.now(KHV))
        assert job.next_run_time > dt.datetime.now(KHV)
    finally:
        sched.shutdown(wait=True)
    rows = job_runs(db)
    assert [(r.job_id, r.outcome) for r in rows] == [("probe", "ok")]


def test_a_run_missed_beyond_the_grace_is_logged_not_run(db: Database) -> None:
    missed = dt.datetime.now(KHV).replace(second=0, microsecond=0) - dt.timedelta(hours=1)
    _expr, trigger = _daily_at(missed)
    spec = probe_spec(trigger, grace=60)
    _store_next_run(db, spec, missed)

    sched = scheduler.build_scheduler(Config(), db, None, blocking=False, specs=[spec])
    sched.start()
    try:
        wait_for(lambda: job_runs(db), what="the missed run's record")
        time.sleep(1)
    finally:
        sched.shutdown(wait=True)
    (row,) = job_runs(db)
    assert row.outcome == "missed" and row.command == [] and row.pid is None
    assert row.started_at == missed.astimezone(dt.UTC).replace(tzinfo=None)


def test_a_configured_job_keeps_its_future_run_across_restarts(db: Database) -> None:
    config = Config()
    first = scheduler.build_scheduler(config, db, None, blocking=False)
    first.start(paused=True)
    stored = {job.id: job.next_run_time for job in first.get_jobs()}
    first.shutdown()
    assert set(stored) == {"linkcheck", "audit", "delivery-retry", "cleanup"}
    config.schedule.cleanup = ""  # a job dropped from the config leaves the store
    second = scheduler.build_scheduler(config, db, None, blocking=False)
    second.start(paused=True)
    try:
        again = {job.id: job.next_run_time for job in second.get_jobs()}
    finally:
        second.shutdown()
    assert again == {k: v for k, v in stored.items() if k != "cleanup"}


# --- one scheduler per database ------------------------------------------------------------------

def test_a_second_scheduler_lock_is_refused_in_the_same_process(db: Database) -> None:
    first = scheduler.SchedulerLock(db)
    first.acquire()
    try:
        with pytest.raises(scheduler.SchedulerLockedError, match="уже работает планировщик") as info:
            scheduler.SchedulerLock(db).acquire()
        assert str(os.getpid()) in str(info.value)
    finally:
        first.release()
    with scheduler.SchedulerLock(db):
        holder = scheduler.lock_holder(db)
        assert holder is not None and holder.pid == os.getpid()
    assert scheduler.lock_holder(db) is None


def _start_scheduler(db_url: str) -> subprocess.Popen[str]:
    return subprocess.Popen([PY, "-m", "ibcmon", "--db", db_url, "schedule"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_a_second_scheduler_process_refuses_to_start(db: Database, db_url: str) -> None:
    first = _start_scheduler(db_url)
    try:
        holder = wait_for(lambda: scheduler.lock_holder(db), what="the first scheduler's lock")
        assert holder.pid == first.pid
        second = subprocess.run([PY, "-m", "ibcmon", "--db", db_url, "schedule"],
                                capture_output=True, text=True, timeout=60)
        assert second.returncode == 3
        assert "уже работает планировщик" in second.stderr and str(first.pid) in second.stderr
        first.send_signal(signal.SIGTERM)
        _out, err = first.communicate(timeout=30)
        assert first.returncode == 0, err
        assert "Планировщик остановлен" in err
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
    assert scheduler.lock_holder(db) is None


def test_the_lock_of_a_killed_scheduler_is_taken_over(db: Database, db_url: str) -> None:
    first = _start_scheduler(db_url)
    try:
        wait_for(lambda: scheduler.lock_holder(db), what="the first scheduler's lock")
    finally:
        first.kill()  # SIGKILL: no clean-up, the row stays
        first.wait()
    stale = scheduler.lock_holder(db)
    assert stale is not None and stale.pid == first.pid
    with scheduler.SchedulerLock(db):
        holder = scheduler.lock_holder(db)
        assert holder is not None and holder.pid == os.getpid()


def _plant_lock(db: Database, *, pid: int, host: str, age: float) -> None:
    with db.session() as session:
        session.add(SchedulerLock(name=schedlock.LOCK_NAME, token="planted", pid=pid, host=host,
                                  started_at=utcnow(), heartbeat=utcnow() - dt.timedelta(seconds=age)))


def test_locks_of_other_hosts_are_honoured_until_their_heartbeat_is_stale(db: Database) -> None:
    _plant_lock(db, pid=1, host="other-server|boot", age=10)
    with pytest.raises(scheduler.SchedulerLockedError, match="other-server"):
        scheduler.SchedulerLock(db).acquire()
    with db.session() as session:
        session.execute(update(SchedulerLock).values(
            heartbeat=utcnow() - dt.timedelta(seconds=schedlock.STALE_AFTER_SECONDS + 5)))
    with scheduler.SchedulerLock(db):
        holder = scheduler.lock_holder(db)
        assert holder is not None and holder.token != "planted"


def test_a_lock_from_before_a_reboot_is_taken_over(db: Database) -> None:
    lock = scheduler.SchedulerLock(db)
    if not lock.boot:
        pytest.skip("no boot id on this system")
    _plant_lock(db, pid=os.getppid(), host=f"{socket.gethostname()}|another-boot", age=1)
    with lock:
        holder = scheduler.lock_holder(db)
        assert holder is not None and holder.pid == os.getpid()


def test_the_heartbeat_keeps_the_lock_fresh_and_notices_a_loss(db: Database) -> None:
    lost = threading.Event()
    lock = scheduler.SchedulerLock(db, heartbeat=0.05)
    lock.on_lost = lost.set
    lock.acquire()
    try:
        first = scheduler.lock_holder(db)
        assert first is not None
        wait_for(lambda: (h := scheduler.lock_holder(db)) is not None and h.heartbeat > first.heartbeat,
                 timeout=5, what="a heartbeat")
        with db.session() as session:
            session.execute(update(SchedulerLock).values(token="thief"))
        assert lost.wait(5)
    finally:
        lock.release()


# --- the commands ----------------------------------------------------------------------------------

def test_schedule_list_jobs_and_run_now(db: Database, db_url: str) -> None:
    runner = CliRunner()
    listed = runner.invoke(cli, ["--db", db_url, "schedule", "--list"])
    assert listed.exit_code == 0, listed.output
    for job_id in ("linkcheck", "audit", "delivery-retry", "cleanup"):
        assert job_id in listed.output
    assert "+10" in listed.output and "планировщик ещё не запускался" in listed.output
    assert "Планировщик сейчас не запущен." in listed.output

    sched = scheduler.build_scheduler(Config(), db, None, blocking=False)
    sched.start(paused=True)
    audit = sched.get_job("audit").next_run_time.astimezone(KHV)
    sched.shutdown()
    stored = runner.invoke(cli, ["--db", db_url, "schedule", "--list"])
    assert f"{audit:%Y-%m-%d %H:%M}" in stored.output and "ещё не запускался" not in stored.output

    empty = runner.invoke(cli, ["--db", db_url, "jobs"])
    assert empty.exit_code == 0 and "ещё не запускались" in empty.output

    ran = runner.invoke(cli, ["--db", db_url, "schedule", "--run-now", "cleanup"])
    assert ran.exit_code == 0, ran.output
    assert "Задание cleanup: готово." in ran.output
    shown = runner.invoke(cli, ["--db", db_url, "jobs", "--limit", "5"])
    assert shown.exit_code == 0
    assert "cleanup" in shown.output and "готово" in shown.output
    (row,) = job_runs(db)
    detail = runner.invoke(cli, ["--db", db_url, "jobs", "--show", str(row.id)])
    assert "Снимки старше 400 дн." in detail.output

    unknown = runner.invoke(cli, ["--db", db_url, "schedule", "--run-now", "nope"])
    assert unknown.exit_code != 0
