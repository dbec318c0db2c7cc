"""Process helpers shared by the crawl runner and the scheduler's lock."""
from __future__ import annotations

import os


def pid_alive(pid: int | None) -> bool:
    """Whether a process with this id exists on this machine (signal 0 probes, sends nothing)."""
    if not pid or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, but belongs to another user
        return True
    return True
