"""The crawl child ends when its parent dies.

The parent (`ibcmon audit`, `ibcmon crawl`, the scheduler) owns the run and goes on
with it after the crawl; a child left behind by a `kill -9` of the parent would crawl on
for an hour and finish a run nobody will complete. Two means, as the platform allows:

- Linux: `prctl(PR_SET_PDEATHSIG, SIGTERM)`, through ctypes: the kernel sends SIGTERM the
  moment the parent goes (Scrapy then stops gracefully and the run is marked `incomplete`);
- everywhere: a watch thread that sees the parent's pid change (the orphan is re-parented)
  and sends the same SIGTERM where the kernel could not.

Either way the child gets `grace` seconds to stop gracefully, then exits at once.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import signal
import sys
import threading
import time

logger = logging.getLogger(__name__)

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
WATCH_SECONDS = 1.0


def _set_pdeathsig(sig: int) -> bool:
    """Ask Linux to send `sig` when the parent dies; False where that cannot be done."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return bool(libc.prctl(PR_SET_PDEATHSIG, sig, 0, 0, 0) == 0)
    except (OSError, AttributeError):
        return False


def end_with_parent(parent_pid: int, grace: float) -> None:
    """Stop this process (SIGTERM, then a hard exit after `grace` s) when `parent_pid` is gone."""
    kernel_signals = _set_pdeathsig(signal.SIGTERM)
    if os.getppid() != parent_pid:  # the parent died before the request above took effect
        kernel_signals = False

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(WATCH_SECONDS)
        logger.warning("the parent process %s is gone: stopping the crawl", parent_pid)
        if not kernel_signals:
            os.kill(os.getpid(), signal.SIGTERM)  # one signal only: a second is Scrapy's forced stop
        time.sleep(grace)
        os._exit(1)  # the graceful stop did not end in time

    threading.Thread(target=watch, name="ibcmon-parent-watch", daemon=True).start()
