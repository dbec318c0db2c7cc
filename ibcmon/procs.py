"""Process helpers shared by the crawl runner and the scheduler's lock (see `common.owner`)."""
from __future__ import annotations

from common.owner import pid_alive

__all__ = ["pid_alive"]
