"""The store: typed SQLAlchemy models of centres, runs, snapshots and results.

Every stage reads what the previous one stored here (collect, store, check, report).
"""
from store.db import Database, open_database

__all__ = ["Database", "open_database"]
