"""Shared fixtures: the bundled sample world served on loopback (never the internet)."""
from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ibcmon.sample import SampleServer
from store.db import Database, open_database

# Every sample world is served on loopback, which the network policy refuses by default
# (common.netpolicy): tests allow it, as `[network] allow_private = true` would, child
# processes included. Tests of the policy itself set `allow_private = False` explicitly.
os.environ["IBCMON_ALLOW_PRIVATE"] = "1"


@pytest.fixture(scope="session")
def sample_server() -> Iterator[SampleServer]:
    """The bundled sample world, started once per test session."""
    with SampleServer() as server:
        yield server


@pytest.fixture
def sample(sample_server: SampleServer) -> Iterator[SampleServer]:
    """The same server with an empty request log, no overrides and fresh per-URL state."""
    sample_server.clear_overrides()
    sample_server.reset_log()
    yield sample_server
    sample_server.clear_overrides()


@pytest.fixture(scope="session")
def world_truth(sample_server: SampleServer) -> dict[str, Any]:
    """The ground truth of the bundled world with the server's real URLs."""
    return sample_server.truth


PG_TEST_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A PostgreSQL URL whose search_path is a fresh, empty schema (dropped afterwards).

    Skips with a message when no server is reachable, except with
    IBCMON_REQUIRE_POSTGRES=1 (CI), where it fails. The server is $IBCMON_TEST_PG or
    the local one (database `test`, trust auth).
    """
    import os
    import uuid

    base = os.environ.get("IBCMON_TEST_PG") or PG_TEST_URL
    try:
        import psycopg

        conn = psycopg.connect(base.replace("postgresql+psycopg://", "postgresql://"), connect_timeout=3,
                               autocommit=True)
    except Exception as exc:
        message = f"PostgreSQL недоступен ({base}): {exc}"
        if os.environ.get("IBCMON_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"{message}; IBCMON_REQUIRE_POSTGRES=1 требует сервер")
        pytest.skip(message)
    schema = f"ibcmon_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{base}?options=-csearch_path%3D{schema}"
    finally:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        conn.close()


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """A fresh SQLite file in the test's own folder."""
    return f"sqlite:///{tmp_path / 'ibcmon.sqlite'}"


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    """The migrated store on `db_url`, disposed after the test."""
    database = open_database(db_url)
    yield database
    database.dispose()


@pytest.fixture
def server() -> Iterator[Any]:
    """Two loopback addresses served by the link-check tests' small aiohttp server
    (`MiniServer`, tests/test_linkcheck_engine.py); a module may define its own `server`."""
    from test_linkcheck_engine import MiniServer

    srv = MiniServer(ips=["127.0.0.1", "127.0.0.2"])
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture
def vserver() -> Iterator[Any]:
    """The same server on a virtual clock: it serves in the loop `run_virtual` checks in
    (tests/test_linkcheck_engine.py), so their timings are exact."""
    from test_linkcheck_engine import MiniServer

    srv = MiniServer(ips=["127.0.0.1", "127.0.0.2"])
    srv.start_virtual()
    yield srv
    srv.stop_virtual()
