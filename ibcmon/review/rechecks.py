"""«Проверить заново» in the review app: `ibcmon recheck` started as a subprocess.

The web server never crawls: a press of the button starts `python -m ibcmon recheck` (which
itself runs its crawl in a child process, one Scrapy crawl per process) in a session of its
own, and the browser is sent to a progress page that refreshes until the process ends.
The database URL goes to the process by the environment, never by its command line. A
recheck that outlives its time limit is stopped (SIGTERM: the recheck run ends
`incomplete` and the audited run is left as it was). Output is kept in a temporary file
and only its tail is read.
"""
from __future__ import annotations

import os
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from common.config import Config

TOKEN = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
TAIL_BYTES = 4000
KEEP_FINISHED_S = 3600.0  # a finished job's page answers for this long
SLACK_S = 120.0  # beyond the crawl's and the link check's own budgets


@dataclass
class Job:
    token: str
    run_id: int
    centre_id: int
    process: subprocess.Popen[bytes]
    log_path: Path
    started: float
    deadline: float
    ended: float | None = None
    timed_out: bool = False
    returncode: int | None = field(default=None)

    @property
    def running(self) -> bool:
        return self.returncode is None

    @property
    def elapsed(self) -> int:
        return int((self.ended or time.monotonic()) - self.started)

    def tail(self) -> str:
        """The end of its output (the error line of a failed recheck)."""
        try:
            with self.log_path.open("rb") as handle:
                handle.seek(0, os.SEEK_END)
                handle.seek(max(0, handle.tell() - TAIL_BYTES))
                return handle.read().decode("utf-8", "replace")
        except OSError:
            return ""


def time_limit(config: Config) -> float:
    return config.crawl.max_centre_time + config.linkcheck.max_host_time + SLACK_S


class RecheckJobs:
    """The rechecks this server started (shared by its threads)."""

    def __init__(self, db_url: str, config: Config) -> None:
        self.db_url = db_url
        self.config = config
        self.limit = time_limit(config)
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()

    def start(self, run_id: int, centre_id: int, by: str) -> Job:
        """A running job for the centre (the one already running, if any)."""
        with self._lock:
            self._prune()
            for job in self._jobs.values():
                if job.run_id == run_id and job.centre_id == centre_id and self._poll(job):
                    return job
            token = secrets.token_urlsafe(16)
            handle, name = tempfile.mkstemp(prefix="ibcmon-recheck-", suffix=".log")
            # `--by=NAME` as one word: a login name that starts with "-" stays a name
            cmd = [sys.executable, "-m", "ibcmon", "recheck", str(centre_id), "--run", str(run_id),
                   f"--by={by}", "-q"]
            source = self.config.source
            if source and Path(source).is_file():
                cmd[3:3] = [f"--config={source}"]
            env = {**os.environ, "IBCMON_DB": self.db_url, "PYTHONIOENCODING": "utf-8"}
            try:
                process = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=handle, stderr=subprocess.STDOUT,
                                           env=env, start_new_session=True)
            except OSError:
                Path(name).unlink(missing_ok=True)
                raise
            finally:
                os.close(handle)
            now = time.monotonic()
            job = Job(token, run_id, centre_id, process, Path(name), now, now + self.limit)
            self._jobs[token] = job
            return job

    def get(self, token: str) -> Job | None:
        if not TOKEN.match(token):
            return None
        with self._lock:
            job = self._jobs.get(token)
            if job is not None:
                self._poll(job)
            return job

    def _poll(self, job: Job) -> bool:
        """Whether the job still runs (a job past its deadline is stopped)."""
        if job.returncode is not None:
            return False
        code = job.process.poll()
        if code is None and time.monotonic() > job.deadline:
            job.timed_out = True
            _stop(job.process)
            code = job.process.poll()
        if code is None:
            return True
        job.returncode, job.ended = code, time.monotonic()
        return False

    def _prune(self) -> None:
        now = time.monotonic()
        for token, job in list(self._jobs.items()):
            if job.ended is not None and now - job.ended > KEEP_FINISHED_S:
                job.log_path.unlink(missing_ok=True)
                del self._jobs[token]

    def close(self) -> None:
        """Stop what still runs (the server is going away) and remove the logs."""
        with self._lock:
            for job in self._jobs.values():
                if job.process.poll() is None:
                    _stop(job.process)
                job.log_path.unlink(missing_ok=True)
            self._jobs.clear()


def _stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the recheck's session (it settles its run), SIGKILL if it lingers."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)
    except ProcessLookupError:
        pass
