"""Opening the database: engine, sessions, migrations.

A SQLite file by default (WAL on, so a reader never blocks the crawler's writes);
any SQLAlchemy URL works, PostgreSQL included.

Migrations (Alembic) run explicitly: `ibcmon db upgrade`, the scheduler's start, the
demo, and the first use of an empty store (a fresh SQLite file, an empty PostgreSQL
schema), so `ibcmon` works on a new file without a separate step. They run under a
lock (a PostgreSQL advisory lock; SQLite's write lock), so two processes starting
together do not race: the second waits and finds nothing left to do. A store that is
behind is not migrated behind anyone's back: opening it raises `StoreBehindError`
("run `ibcmon db upgrade`"), which the CLI shows in one line with exit code 3.
"""
from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, inspect
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

logger = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
DEFAULT_DB_FILE = "ibcmon.sqlite"


class DatabaseError(Exception):
    """The database cannot be opened or migrated (bad URL, server down)."""


class StoreBehindError(DatabaseError):
    """The store's structure is older (or newer) than this version of ibcmon."""


# the key of the PostgreSQL advisory lock held while migrating (any constant bigint)
MIGRATION_LOCK_KEY = 0x1BC40_0DB

# Database.state() values
CURRENT, EMPTY, BEHIND, AHEAD = "current", "empty", "behind", "ahead"


def default_db_url(cwd: Path | None = None) -> str:
    return f"sqlite:///{(cwd or Path.cwd()) / DEFAULT_DB_FILE}"


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def make_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except Exception as exc:  # sqlalchemy raises ArgumentError with a terse message
        raise DatabaseError(f"неверный адрес базы данных {mask_url(url)!r}: {exc}") from exc
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if parsed.drivername == "postgresql":
        # psycopg 3 is the driver we ship; plain postgresql:// would ask for psycopg2
        parsed = parsed.set(drivername="postgresql+psycopg")
    try:
        return create_engine(parsed, pool_pre_ping=True)
    except Exception as exc:  # an unknown dialect (foo://) or a driver not installed (mysql://)
        if isinstance(exc, NoSuchModuleError):
            why = f"неизвестный вид базы данных «{parsed.drivername}»"
        elif isinstance(exc, ImportError):
            why = f"не установлен драйвер {exc.name or parsed.drivername}"
        else:
            why = first_line(exc)
        raise DatabaseError(
            f"адрес базы данных {mask_url(url)!r} не подходит: {why}; "
            "нужен sqlite:///ФАЙЛ или postgresql+psycopg://пользователь@сервер/база"
        ) from exc


def mask_url(url: str) -> str:
    """A database URL fit to print, log or store: its password shown as ***."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # not a URL SQLAlchemy reads: hide whatever stands between ':' and '@'
        head, at, tail = url.rpartition("@")
        if not at:
            return url
        scheme, sep, credentials = head.partition("://")
        user = credentials.split(":", 1)[0]
        return f"{scheme}{sep}{user}:***@{tail}" if ":" in credentials else url


def first_line(exc: BaseException) -> str:
    """The driver's own first line of an error, without SQLAlchemy's preamble and links."""
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0].strip() if text else type(exc).__name__


def alembic_config(url: str) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


class Database:
    """An engine plus a session factory; `session()` is a unit of work."""

    def __init__(self, url: str) -> None:
        self.url = url  # with its password: hand it on through the environment, show `shown_url`
        self.engine = make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def shown_url(self) -> str:
        return mask_url(self.url)

    def __repr__(self) -> str:
        return f"Database({self.shown_url!r})"

    @contextmanager
    def session(self) -> Iterator[Session]:
        session = self._sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def upgrade(self, revision: str = "head") -> bool:
        """Apply the migrations not yet applied, under the migration lock; False if none was due."""
        from alembic import command

        cfg = alembic_config(self.url)
        with self.engine.connect() as connection:
            self._lock_for_migration(connection)
            if revision == "head" and self._state(connection) == CURRENT:
                connection.rollback()  # someone else migrated while we waited for the lock
                return False
            cfg.attributes["connection"] = connection
            command.upgrade(cfg, revision)
            connection.commit()  # also ends the transaction that holds the lock
        return True

    def _lock_for_migration(self, connection: Any) -> None:
        """One migrating process at a time; held until the connection's transaction ends."""
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK_KEY})")
        elif connection.dialect.name == "sqlite":
            connection.exec_driver_sql("BEGIN IMMEDIATE")  # the write lock (waits busy_timeout)

    def state(self) -> str:
        """current, empty (a fresh store), behind (needs `ibcmon db upgrade`) or ahead (newer)."""
        with self.engine.connect() as connection:
            return self._state(connection)

    def _state(self, connection: Any) -> str:
        from alembic.runtime.migration import MigrationContext
        from alembic.script import ScriptDirectory

        script = ScriptDirectory.from_config(alembic_config(self.url))
        inspector = inspect(connection)
        if not inspector.has_table("alembic_version"):
            ours = {t.name for t in _metadata().sorted_tables}
            return BEHIND if ours & set(inspector.get_table_names()) else EMPTY
        current = set(MigrationContext.configure(connection).get_current_heads())
        heads = set(script.get_heads())
        if current == heads:
            return CURRENT
        known = {rev.revision for rev in script.walk_revisions()}
        return BEHIND if current <= known else AHEAD

    def is_current(self) -> bool:
        return self.state() == CURRENT

    def dispose(self) -> None:
        self.engine.dispose()


def _metadata() -> Any:
    from store.models import Base

    return Base.metadata


def open_database(url: str | None = None, *, migrate: bool | None = None) -> Database:
    """Open the database at `url` or the default file (`ibcmon.config` settles which URL:
    --db, $IBCMON_DB or the config's `[general] db`).

    `migrate`: None (default) creates an empty store and refuses one that is behind
    (`StoreBehindError`); True applies every due migration (`ibcmon db upgrade`, the
    scheduler's start, the demo); False neither looks nor migrates (the crawl child,
    whose parent has opened the store already).
    """
    url = url or default_db_url()
    db = Database(url)
    if migrate is False:
        return db
    try:
        state = CURRENT if migrate else db.state()
        if migrate or state == EMPTY:
            db.upgrade()
            return db
    except DatabaseError:
        raise
    except Exception as exc:
        raise DatabaseError(f"база данных недоступна ({mask_url(url)}): {first_line(exc)}") from exc
    if state == BEHIND:
        raise StoreBehindError(
            f"структура базы данных {mask_url(url)} устарела для этой версии ibcmon: "
            "обновите её командой «ibcmon db upgrade»")
    if state == AHEAD:
        raise StoreBehindError(
            f"база данных {mask_url(url)} создана более новой версией ibcmon: обновите программу")
    return db
