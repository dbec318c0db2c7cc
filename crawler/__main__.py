"""`python -m crawler`: the child process of one crawl run (see crawler.run)."""
from __future__ import annotations

from crawler.child import main

if __name__ == "__main__":
    raise SystemExit(main())
