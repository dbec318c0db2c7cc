"""Runs: creating, running (in a child process) and finishing a crawl run.

Scrapy's reactor cannot be restarted, so every crawl runs in a child process
(`python -m crawler ...`). The parent streams the child's progress lines, forwards
Ctrl-C / SIGTERM to it (the child then stops gracefully and marks the run
`incomplete`), and waits; the child ends itself when the parent dies (`crawler.child`).
A crawl run ends `complete`; an audit's crawl ends `crawled`, and the audit then owns
the run through its link check, grading and report (`RunPhases`), which make it
`complete`. A run stopped in any phase is `incomplete`, its `phase` naming where. A run carries its owner (host, boot id, pid) and a heartbeat
the child refreshes (`RunHeartbeat`); a run left `running` by a process that no longer
exists is marked `incomplete` by the next run (`mark_dead_runs`: by pid on the run's
own host, by heartbeat age from any other host sharing the store).
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from typing import Any

from sqlalchemy import select, update

from common.config import SECTIONS, Config, ConfigError, config_from_dict, run_settings
from common.labels import run_phase
from common.owner import boot_id, host_name, pid_alive
from store.db import Database, open_database
from store.models import (
    PHASE_CRAWL,
    RUN_COMPLETE,
    RUN_CRAWLED,
    RUN_FAILED,
    RUN_INCOMPLETE,
    RUN_LIVE,
    RUN_RUNNING,
    Run,
    utcnow,
)

logger = logging.getLogger(__name__)

ProgressFn = Callable[[str], None]
PROGRESS_PREFIX = "@progress "


AUDIT_KIND = "audit"
PARENT_PID_ENV = "IBCMON_PARENT_PID"  # the crawl child's parent: it hands an audit's run back to it


def stopped_reason(phase: str | None, cause: str = "прервано") -> str:
    """The Russian reason of a run stopped half way, naming its phase."""
    label = run_phase(phase)
    return f"{cause} на этапе «{label}»" if label else cause


class RunNotComplete(Exception):
    """A run whose work is not all done, asked for where only a complete run will do."""


def require_complete(db: Database, run_id: int, what: str) -> None:
    """RunNotComplete (one Russian line) unless run `run_id` is `complete`; `what` is the
    output refused («отчёт», «выгрузку», «рассылку»)."""
    with db.session() as session:
        run = session.get(Run, run_id)
        if run is None or run.status == RUN_COMPLETE:
            return
        status, error, phase, kind = run.status, run.error, run.phase, run.kind
    if status in RUN_LIVE:
        why = f"ещё идёт, этап «{run_phase(phase) or '?'}»"
    else:
        why = error or stopped_reason(phase)
    name = "проверка ссылок №{} не завершена" if kind == "linkcheck" else "обследование №{} не завершено"
    raise RunNotComplete(f"{name.format(run_id)} ({why}): данные неполны, поэтому {what} по ним не "
                         "делается; чтобы всё же сделать, добавьте --allow-incomplete")


HEARTBEAT_SECONDS = 30.0
STALE_AFTER_SECONDS = 180.0  # a run of another host not refreshed for this long is dead


def owner_fields(pid: int | None = None) -> dict[str, Any]:
    """The owner columns of a run made by this process (or by `pid` on this machine)."""
    return {"pid": pid or os.getpid(), "host": host_name(), "boot_id": boot_id() or None,
            "heartbeat": utcnow()}


def run_alive(run: Run, now: dt.datetime | None = None, stale_after: float = STALE_AFTER_SECONDS) -> bool:
    """Whether the process doing a `running` run is still there.

    On the run's own host (and boot) its pid says so; a pid means nothing elsewhere, so a
    run of another host (or container) lives while its heartbeat is fresh. A run made
    before runs had owners is judged by its pid, as it always was.
    """
    if run.host is None:
        return pid_alive(run.pid)
    if run.host == host_name():
        if run.boot_id and boot_id() and run.boot_id != boot_id():
            return False  # made before this machine's last reboot
        return pid_alive(run.pid)
    now = now or utcnow()
    last = run.heartbeat or run.started_at
    return last is not None and (now - last).total_seconds() <= stale_after


def mark_dead_runs(db: Database) -> list[int]:
    """Runs still at work (`running`, `crawled`) whose process is gone become `incomplete`,
    with the phase they stopped in; their ids."""
    marked = []
    now = utcnow()
    with db.session() as session:
        for run in session.scalars(select(Run).where(Run.status.in_(RUN_LIVE))):
            if run.pid is not None and not run_alive(run, now):
                run.status = RUN_INCOMPLETE
                run.finished_at = run.finished_at or now
                run.error = run.error or f"{stopped_reason(run.phase)}: процесс завершился, не закончив запуск"
                marked.append(run.id)
    return marked


class RunHeartbeat:
    """Marks a run as owned by this process and refreshes its heartbeat from a thread.

        with RunHeartbeat(db, run_id):
            ...  # the work; other hosts see the run alive while it beats
    """

    def __init__(self, db: Database, run_id: int, every: float = HEARTBEAT_SECONDS) -> None:
        self.db = db
        self.run_id = run_id
        self.every = every
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> RunHeartbeat:
        self._update(owner_fields())
        self._thread = threading.Thread(target=self._beat, name=f"ibcmon-run-{self.run_id}-heartbeat",
                                        daemon=True)
        self._thread.start()
        return self

    def _update(self, values: dict[str, Any]) -> None:
        with self.db.session() as session:
            session.execute(update(Run).where(Run.id == self.run_id, Run.status.in_(RUN_LIVE)).values(**values))

    def _beat(self) -> None:
        while not self._stop.wait(self.every):
            try:
                self._update({"heartbeat": utcnow()})
            except Exception:  # the database may be briefly unavailable: try again next beat
                logger.warning("heartbeat of run %s failed", self.run_id, exc_info=True)

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)


def config_snapshot(config: Config) -> dict[str, Any]:
    """What `Run.settings` keeps: the run's effective settings, whole (see `run_config`)."""
    return {**run_settings(config), "config_file": config.source}


def run_config(db: Database, run_id: int) -> Config:
    """The settings run `run_id` was started with, as every stage of the run reads them (the
    crawl child, the audit's link check and grading), never the config file again."""
    with db.session() as session:
        run = session.get(Run, run_id)
        stored = dict(run.settings or {}) if run is not None else {}
    sections = {k: v for k, v in stored.items() if k in SECTIONS}
    if not sections:
        raise ConfigError(f"запуск №{run_id}: в базе нет его настроек")
    config = config_from_dict(sections, f"настройки запуска №{run_id}")
    config.source = stored.get("config_file")
    return config


GIVEN_CENTRES = "given_centres"  # Run.discovery key: the centres to crawl, without discovery


def start_run(db: Database, config: Config, root_url: str, kind: str = "crawl",
              as_of: Any = None, centres: list[dict[str, Any]] | None = None) -> int:
    """A new `running` run (after marking dead runs incomplete); its id. `centres` (as
    listed: name, municipality, url, listed_on, aliases) are crawled without discovery."""
    mark_dead_runs(db)
    discovery = {GIVEN_CENTRES: centres} if centres else {}
    with db.session() as session:
        run = Run(kind=kind, status=RUN_RUNNING, phase=PHASE_CRAWL, root_url=root_url, as_of=as_of,
                  settings=config_snapshot(config), discovery=discovery, stats={}, **owner_fields())
        session.add(run)
        session.flush()
        return run.id


def finish_run(db: Database, run_id: int, status: str, stats: dict[str, Any] | None = None,
               error: str | None = None, owner_pid: int | None = None) -> None:
    """Close the crawl of a run: status, finish time, stats and the registry reconciliation.

    An audit's crawl that ran to its end leaves the run `crawled`, not `complete`: the
    audit goes on, and the run is handed to `owner_pid` (the audit's process, the crawl
    child's parent), so that the run is never left without a living owner.
    """
    from crawler.registry import reconcile

    with db.session() as session:
        run = session.get(Run, run_id)
        if run is None:
            return
        if status == RUN_COMPLETE and run.kind == AUDIT_KIND:
            status = RUN_CRAWLED
            if owner_pid:
                run.pid, run.heartbeat = owner_pid, utcnow()
        else:
            run.finished_at = utcnow()
        run.status = status
        if stats:
            run.stats = {**(run.stats or {}), **stats}
        if error:
            run.error = error
        elif status == RUN_INCOMPLETE:
            run.error = stopped_reason(run.phase)
        session.flush()
        run.discovery = {**(run.discovery or {}), "registry": reconcile(session, run_id)}


class _Forwarder:
    """Forwards SIGINT/SIGTERM of the parent to the child (twice = the child's forced stop)."""

    def __init__(self, child: subprocess.Popen[str]) -> None:
        self.child = child
        self.received = 0
        self.previous: dict[int, Any] = {}

    def __enter__(self) -> _Forwarder:
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGINT, signal.SIGTERM):
                self.previous[sig] = signal.signal(sig, self._handle)
        return self

    def _handle(self, signum: int, _frame: Any) -> None:
        self.received += 1
        if self.child.poll() is None:
            self.child.send_signal(signum)

    def __exit__(self, *_exc: Any) -> None:
        for sig, handler in self.previous.items():
            signal.signal(sig, handler)


DB_ENV = "IBCMON_DB"  # how the child learns the database URL (never on its command line)


def child_command(run_id: int, root_url: str, registry_urls: list[str] | None, log_level: str) -> list[str]:
    """The child's command line: nothing secret, since `ps` shows it to every user. The
    settings are the run's own (`Run.settings`, read by the child with `run_config`)."""
    cmd = [sys.executable, "-m", "crawler", "--run-id", str(run_id),
           "--root", root_url, "--log-level", log_level]
    for url in registry_urls or []:
        cmd += ["--registry-url", url]
    return cmd


def run_crawl(db_url: str | None, config: Config, root_url: str | None = None,
              kind: str = "crawl", progress: ProgressFn | None = None, *,
              registry_urls: list[str] | None = None, log_level: str = "ERROR",
              as_of: Any = None, centres: list[dict[str, Any]] | None = None) -> int:
    """Discovery and crawl as one new run, in a child process; returns the run id.

    With `centres` (as listed) there is no discovery: just those centres are crawled
    (`ibcmon recheck`), the child reading them from the run (`GIVEN_CENTRES`).

    Interrupted runs (Ctrl-C, SIGTERM forwarded to the child) end `incomplete`; a child
    that dies without finishing the run leaves it `failed` (or `incomplete` if killed).
    """
    from crawler.settings import validate

    cfg = config  # plain settings, handed in: the crawler reads no config file
    validate(cfg)
    root = root_url or cfg.general.root_url
    db = open_database(db_url)
    url = db.url
    try:
        run_id = start_run(db, cfg, root, kind, as_of, centres)
        cmd = child_command(run_id, root, registry_urls, log_level)
        returncode, interrupted = _run_child(cmd, db, run_id, progress, {DB_ENV: url})
        _settle(db, run_id, returncode, interrupted)
        return run_id
    finally:
        db.dispose()


def _run_child(cmd: list[str], db: Database, run_id: int, progress: ProgressFn | None,
               extra_env: dict[str, str]) -> tuple[int, bool]:
    # the database URL (a password, maybe) goes by the environment, which only the
    # child's own user can read (/proc/PID/environ), not by the command line
    env = {**os.environ, **extra_env, "PYTHONUNBUFFERED": "1", "PYTHONIOENCODING": "utf-8",
           PARENT_PID_ENV: str(os.getpid())}  # the child ends when this process dies
    # a session of its own: a Ctrl-C in the terminal reaches the parent only, which
    # forwards it once (Scrapy takes a second signal as "stop now, uncleanly")
    child = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=None, text=True, encoding="utf-8",
                             errors="replace", env=env, start_new_session=True)
    with db.session() as session:
        run = session.get(Run, run_id)
        if run is not None:
            run.pid = child.pid  # the child takes the run over (and beats) as it starts
    with _Forwarder(child) as forwarder:
        assert child.stdout is not None
        for line in child.stdout:
            line = line.rstrip("\n")
            if line.startswith(PROGRESS_PREFIX):
                if progress is not None:
                    progress(line[len(PROGRESS_PREFIX):])
            elif line:
                print(line, file=sys.stderr)
        child.stdout.close()
        returncode = child.wait()
    return returncode, forwarder.received > 0


def _settle(db: Database, run_id: int, returncode: int, interrupted: bool) -> None:
    """A run the child left `running` (it crashed or was killed) gets its final status."""
    with db.session() as session:
        run = session.get(Run, run_id)
        if run is not None and run.status == RUN_CRAWLED and interrupted:
            # an audit interrupted as its crawl ended goes no further
            run.status, run.finished_at, run.error = RUN_INCOMPLETE, utcnow(), stopped_reason(run.phase)
            return
        if run is None or run.status != RUN_RUNNING:
            return
        killed = returncode < 0 or interrupted
        run.status = RUN_INCOMPLETE if killed else RUN_FAILED
        run.finished_at = utcnow()
        run.error = run.error or (
            stopped_reason(run.phase) if killed else f"процесс обхода завершился с кодом {returncode}")


def run_status(db: Database, run_id: int) -> str | None:
    with db.session() as session:
        run = session.get(Run, run_id)
        return run.status if run else None


__all__ = ["GIVEN_CENTRES", "RUN_COMPLETE", "RunHeartbeat", "RunNotComplete", "finish_run",
           "mark_dead_runs", "owner_fields", "require_complete", "run_alive", "run_config", "run_crawl",
           "start_run", "stopped_reason"]
