"""Varied sample worlds: centres whose wording, layout, platform, date forms and traps
vary from seed to seed, written from how real pages speak, apart from the rulebook.

`build_varied(port, seed, size=30, today=None)` builds one; `ibcmon sample eval` audits
worlds of several seeds against their truth (ibcmon/sample/evaluate.py).
"""
from __future__ import annotations

from ibcmon.sample.varied.world import build_varied, world_summary

__all__ = ["build_varied", "world_summary"]
