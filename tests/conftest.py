"""Shared fixtures: the bundled sample world served on loopback (never the internet)."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from ibcmon.sample import SampleServer


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
