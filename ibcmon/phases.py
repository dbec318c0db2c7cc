"""The phases of an audit after its crawl: link check, grading, report, as one owned span.

The crawl child leaves an audit's run `crawled` and hands it to the audit's process
(`crawler.run.finish_run`). `RunPhases` keeps it owned here (pid, heartbeat), records
each phase as it starts, and settles the run when the span ends:

- all phases done: `complete`, the only way an audit becomes complete;
- interrupted (Ctrl-C, SIGTERM: KeyboardInterrupt; SystemExit): `incomplete`, naming the phase;
- an error: `failed`, naming the phase and the error.

A `kill -9` settles nothing here: the run stays `crawled` with this process as its dead
owner, and the next command marks it `incomplete` (`crawler.run.mark_dead_runs`).
"""
from __future__ import annotations

from types import TracebackType
from typing import Any

from sqlalchemy import update

from crawler.run import RunHeartbeat, stopped_reason
from store.db import Database
from store.models import RUN_COMPLETE, RUN_CRAWLED, RUN_FAILED, RUN_INCOMPLETE, Run, utcnow


class RunPhases:
    """with RunPhases(db, run_id) as phases: phases.enter(PHASE_LINKCHECK); ..."""

    def __init__(self, db: Database, run_id: int) -> None:
        self.db = db
        self.run_id = run_id
        self.phase: str | None = None
        self.heartbeat = RunHeartbeat(db, run_id)

    def _update(self, **values: Any) -> int:
        """Update the run while it is still `crawled` (one marked dead meanwhile stays so)."""
        with self.db.session() as session:
            result = session.execute(update(Run).where(Run.id == self.run_id, Run.status == RUN_CRAWLED)
                                     .values(**values))
            return int(getattr(result, "rowcount", 0) or 0)

    def __enter__(self) -> RunPhases:
        self.heartbeat.__enter__()  # this process owns the run: pid, host, heartbeat
        return self

    def enter(self, phase: str) -> None:
        self.phase = phase
        self._update(phase=phase)

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 _tb: TracebackType | None) -> None:
        self.heartbeat.__exit__()
        if exc_type is None:
            self._update(status=RUN_COMPLETE, finished_at=utcnow())
        elif issubclass(exc_type, KeyboardInterrupt | SystemExit):
            self._update(status=RUN_INCOMPLETE, finished_at=utcnow(), error=stopped_reason(self.phase))
        else:
            error = f"{stopped_reason(self.phase, 'ошибка')}: {type(exc).__name__}: {exc}"
            self._update(status=RUN_FAILED, finished_at=utcnow(), error=error[:2000])
