"""The checks, listed: the modules that define them, and the registry built from them.

Registration happens here, where the checks are listed, and not in `checks.base`: the
modules below import `checks.base`, so it must not import them (an import cycle). A check
is a `Check` subclass with an `id` in one of `CHECK_MODULES`; a test asserts no module
of `checks/` defines one that is not listed.
"""
from __future__ import annotations

from collections.abc import Iterable
from types import ModuleType

from checks import completeness, technical, updates
from checks.base import Check

CHECK_MODULES: tuple[ModuleType, ...] = (completeness, updates, technical)
PART_ORDER = {"completeness": 0, "freshness": 1, "technical": 2}  # the order reports list them in


def collect(modules: Iterable[ModuleType]) -> dict[str, type[Check]]:
    """Every check the modules define, by id, in the order of their parts (then of their
    definition); a check id defined twice is an error."""
    found: dict[str, type[Check]] = {}
    for module in modules:
        for obj in vars(module).values():
            if not (isinstance(obj, type) and issubclass(obj, Check) and obj.id and obj.__module__ == module.__name__):
                continue
            if obj.id in found and found[obj.id] is not obj:
                raise TypeError(f"check id {obj.id!r} is registered twice")
            found[obj.id] = obj
    ranked = sorted(enumerate(found.items()), key=lambda p: (PART_ORDER.get(p[1][1].part, 9), p[0]))
    return {cid: cls for _i, (cid, cls) in ranked}


def all_checks() -> dict[str, type[Check]]:
    """The registry: every listed check, in report order."""
    return collect(CHECK_MODULES)
