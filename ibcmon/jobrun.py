"""Running one scheduled command: a subprocess with a time limit, recorded as a `JobRun`.

The scheduler's jobs run `python -m ibcmon ...` (the same code path as typing the
command) through `run_command`: each output line (the command's progress lines too) goes
to the scheduler's log as it comes and to a temporary file whose last 4 KB are kept in
the job log; past the time limit the command's process group gets SIGTERM, then
SIGKILL. `stop_children` stops whatever runs when the scheduler shuts down.
"""
from __future__ import annotations

import contextlib
import logging
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import update
from sqlalchemy.engine import make_url

from store.db import Database, open_database
from store.models import JobRun, utcnow

logger = logging.getLogger("ibcmon.scheduler")

LOG_TAIL_BYTES = 4096
TERM_GRACE_SECONDS = 30.0  # after SIGTERM, before SIGKILL

# JobRun.outcome values
OK, PROBLEMS, FAILED, TIMEOUT, INTERRUPTED, MISSED, RUNNING = (
    "ok", "problems", "failed", "timeout", "interrupted", "missed", "running",
)
CONTINUE_AFTER = (OK, PROBLEMS)  # a chain goes on after these

_children: dict[int, subprocess.Popen[bytes]] = {}
_children_lock = threading.Lock()
_stopping = threading.Event()
_databases: dict[str, Database] = {}
_databases_lock = threading.Lock()


def ibcmon_command(
    argv: Sequence[str], db_url: str, config_path: str | None
) -> tuple[list[str], dict[str, str]]:
    """`python -m ibcmon --db URL [--config FILE] ARGV...`: the CLI, as a user would type it.

    Returns the command and extra environment. A database URL holding a password goes by
    the environment (IBCMON_DB) instead, so that it shows neither in `ps` nor in the job log.
    """
    command = [sys.executable, "-m", "ibcmon"]
    env: dict[str, str] = {}
    try:
        secret = make_url(db_url).password is not None
    except Exception:
        secret = False
    if secret:
        env["IBCMON_DB"] = db_url
    else:
        command += ["--db", db_url]
    if config_path:
        command += ["--config", config_path]
    return command + list(argv), env


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


def _relay(proc: subprocess.Popen[bytes], log: Any, job_id: str) -> None:
    """Copy the command's output to the log file, and each line to the scheduler's log."""
    assert proc.stdout is not None
    for line in iter(proc.stdout.readline, b""):
        log.write(line)
        log.flush()
        text = line.decode("utf-8", "replace").rstrip()
        if text:
            logger.info("job %s: %s", job_id, text)
    proc.stdout.close()


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
            relay: threading.Thread | None = None
            try:
                proc = subprocess.Popen(
                    list(command), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                    env=child_env, start_new_session=True,
                )
            except OSError as exc:
                log.write(f"не удалось запустить команду: {exc}\n".encode())
                proc = None
            if proc is not None:
                relay = threading.Thread(target=_relay, args=(proc, log, job_id), daemon=True)
                relay.start()
                with _children_lock:
                    _children[proc.pid] = proc
                with db.session() as session:
                    session.execute(update(JobRun).where(JobRun.id == row.id).values(pid=proc.pid))
                try:
                    code = proc.wait(timeout)
                    outcome = OK if code == 0 else PROBLEMS if code == 2 else FAILED
                except subprocess.TimeoutExpired:
                    _kill(proc)
                    relay.join(15)  # its last lines before the note
                    code = proc.returncode
                    outcome = TIMEOUT
                    log.write(f"\n[ibcmon] превышено время выполнения ({timeout:g} с): команда остановлена\n"
                              .encode())
                finally:
                    with _children_lock:
                        _children.pop(proc.pid, None)
                    relay.join(15)
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
    logger.info("job %s: %s → %s (exit %s) in %.1f s", job_id, " ".join(command[-2:]), outcome, code,
                time.monotonic() - started)
    return row


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


def database(db_url: str) -> Database:
    """One open database per URL for the scheduler's process (engines are reused)."""
    with _databases_lock:
        if db_url not in _databases:
            _databases[db_url] = open_database(db_url)
        return _databases[db_url]


def remember_database(db: Database) -> None:
    with _databases_lock:
        _databases.setdefault(db.url, db)


def stopping() -> bool:
    """The scheduler is shutting down: start no further command."""
    return _stopping.is_set()


def reset_stopping() -> None:
    _stopping.clear()
