"""User-facing progress: one helper, so commands never scatter prints."""
from __future__ import annotations

import sys
import time


class Progress:
    """Writes short progress lines to stderr (stdout stays for results and paths)."""

    def __init__(self, quiet: bool = False) -> None:
        self.quiet = quiet
        self.started = time.monotonic()

    def __call__(self, message: str) -> None:
        if not self.quiet:
            elapsed = time.monotonic() - self.started
            print(f"[{elapsed:6.1f} с] {message}", file=sys.stderr, flush=True)
