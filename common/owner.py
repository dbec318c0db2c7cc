"""Who runs something: this machine's host name and boot id, and whether a pid lives.

A pid means something only on its own machine and since its last boot: a row in a
shared store (a run, the scheduler's lock) carries the host and boot id beside the pid.
"""
from __future__ import annotations

import os
import socket
from pathlib import Path


def host_name() -> str:
    return socket.gethostname()


def boot_id() -> str:
    """The kernel's id of this boot (Linux), or "" where there is none."""
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        return ""


def pid_alive(pid: int | None) -> bool:
    """Whether a process with this id runs on this machine (signal 0 probes, sends nothing).

    A zombie has ended: only its parent has not read its status yet, and in a container
    whose first process never does (an orphaned crawl child), signal 0 still finds it.
    """
    if not pid or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, but belongs to another user
        return True
    return not _zombie(pid)


def _zombie(pid: int) -> bool:
    """A process that has ended but was never reaped (its parent died first, and the
    machine's first process does not reap orphans, as in many containers) still answers
    signal 0: on Linux its state in /proc says it is a zombie."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    # «pid (name) state …»: the name may hold spaces and parentheses, the state follows the last «)»
    return stat.rpartition(")")[2].split()[:1] == ["Z"]
