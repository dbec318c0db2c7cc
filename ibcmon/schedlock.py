"""One scheduler per database: a row in `scheduler_lock` with pid, host, boot and heartbeat.

Works across processes and hosts, since it lives in the shared database (SQLite file or
PostgreSQL). See `SchedulerLock`.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable

from sqlalchemy import delete, inspect, select, update
from sqlalchemy.exc import IntegrityError

from common.config import ConfigError
from common.owner import boot_id
from ibcmon.procs import pid_alive
from store.db import Database
from store.models import SchedulerLock as LockRow
from store.models import utcnow

logger = logging.getLogger("ibcmon.scheduler")

LOCK_NAME = "scheduler"
HEARTBEAT_SECONDS = 30.0
STALE_AFTER_SECONDS = 180.0  # a lock not refreshed for this long belongs to a dead scheduler


class SchedulerLockedError(ConfigError):
    """Another scheduler runs on this database."""


def _boot_id() -> str:
    return boot_id()


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
            if row.pid != self.pid and not pid_alive(row.pid):
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
