"""Starting the review app: check where it may listen, then serve it with waitress."""
from __future__ import annotations

import logging
from collections.abc import Mapping

from common.config import Config
from ibcmon.review.auth import access_for
from store.db import Database

logger = logging.getLogger(__name__)


def serve(db: Database, config: Config, host: str, port: int, env: Mapping[str, str] | None = None,
          announce: object = None) -> None:
    """Serve until interrupted; `ConfigError` before listening when a password is needed and unset."""
    import waitress

    from ibcmon.review.app import create_app

    access = access_for(host, config, env)
    app = create_app(db, config, access)
    server = waitress.create_server(app, host=host, port=port, threads=4, ident="ibcmon")
    if callable(announce):
        shown = f"[{host}]" if ":" in host else host
        announce(f"http://{shown}:{server.effective_port}/")  # type: ignore[attr-defined]
    try:
        server.run()
    finally:
        app.extensions["ibcmon_rechecks"].close()  # no recheck outlives the server
