"""The check registry: every check has a Russian title and is documented; `ibcmon checks`."""
from __future__ import annotations

import importlib
import re
import types
from pathlib import Path

import pytest
from click.testing import CliRunner

from checks.base import Check
from checks.registry import CHECK_MODULES, all_checks, collect
from ibcmon.cli import cli

CHECKS_DOC = Path(__file__).resolve().parents[1] / "checks" / "CHECKS.md"
CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
REGISTRY = all_checks()


def test_registry_is_populated() -> None:
    assert {"sections", "freshness", "work_plan_current", "text_changed", "https", "broken_links",
            "viewport", "page_title"} <= set(REGISTRY)
    assert list(REGISTRY)[0] == "sections"


@pytest.mark.parametrize("check_id", sorted(REGISTRY))
def test_every_check_has_a_russian_title_and_is_documented(check_id: str) -> None:
    cls = REGISTRY[check_id]
    assert cls.id == check_id
    assert CYRILLIC.search(cls.title), f"{check_id}: title must be Russian"
    assert cls.__doc__ and CYRILLIC.search(cls.description()), f"{check_id}: docstring"
    assert cls.part in ("completeness", "freshness", "technical")
    doc = CHECKS_DOC.read_text(encoding="utf-8")
    assert re.search(rf"^## {re.escape(check_id)} — {re.escape(cls.title)}$", doc, re.M), (
        f"{check_id}: add '## {check_id} — {cls.title}' to checks/CHECKS.md"
    )


def test_checks_are_registered_where_they_are_listed() -> None:
    """`checks.registry` collects the checks of the listed modules; one id twice is an error."""
    probe_module = types.ModuleType("probe_checks")

    class Probe(Check):
        """Пробная проверка."""

        id = "probe_for_test"
        title = "Пробная"
        part = "completeness"

    Probe.__module__ = probe_module.__name__
    probe_module.Probe = Probe  # type: ignore[attr-defined]
    collected = collect([*CHECK_MODULES, probe_module])
    assert collected["probe_for_test"] is Probe and list(collected)[:2] == ["sections", "probe_for_test"]
    assert "probe_for_test" not in all_checks()  # defining a check registers nothing by itself
    again = types.ModuleType("again_checks")
    twin = type("Twin", (Check,), {"id": "sections", "title": "x", "__module__": again.__name__})
    again.Twin = twin  # type: ignore[attr-defined]
    with pytest.raises(TypeError, match="twice"):
        collect([*CHECK_MODULES, again])


def test_every_module_defining_a_check_is_listed() -> None:
    listed = {m.__name__ for m in CHECK_MODULES}
    for path in sorted(CHECKS_DOC.parent.glob("*.py")):
        module = importlib.import_module(f"checks.{path.stem}")
        defines = [obj for obj in vars(module).values() if isinstance(obj, type) and issubclass(obj, Check)
                   and obj.id and obj.__module__ == module.__name__]
        assert not defines or module.__name__ in listed, f"{module.__name__}: add it to checks.registry.CHECK_MODULES"


def test_checks_command_lists_the_registry() -> None:
    result = CliRunner().invoke(cli, ["checks"])
    assert result.exit_code == 0, result.output
    for check_id, cls in REGISTRY.items():
        assert check_id in result.output
        assert cls.title in result.output
