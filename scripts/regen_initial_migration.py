"""Regenerate store/migrations/versions/0001_initial.py from store/models.py.

Only while the project has no deployed databases: after the first release, add a new
migration with `alembic revision --autogenerate` instead.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

from alembic import command

from store.db import MIGRATIONS_DIR, alembic_config

versions = MIGRATIONS_DIR / "versions"
for old in versions.glob("0001_*.py"):
    old.unlink()
with tempfile.TemporaryDirectory() as tmp:
    url = f"sqlite:///{Path(tmp) / 'empty.sqlite'}"
    cfg = alembic_config(url)
    command.revision(cfg, message="initial", autogenerate=True, rev_id="0001")
for new in versions.glob("0001_*.py"):
    new.rename(versions / "0001_initial.py")
print("wrote", versions / "0001_initial.py")
