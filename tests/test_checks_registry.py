"""The check registry: every check has a Russian title and is documented; `ibcmon checks`."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from checks.base import Check, all_checks
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


def test_subclasses_register_themselves() -> None:
    class Probe(Check):
        """Пробная проверка."""

        id = "probe_for_test"
        title = "Пробная"
        part = "technical"

    try:
        assert Check.registry["probe_for_test"] is Probe
        with pytest.raises(TypeError, match="twice"):
            type("Again", (Check,), {"id": "probe_for_test", "title": "x"})
    finally:
        Check.registry.pop("probe_for_test", None)


def test_checks_command_lists_the_registry() -> None:
    result = CliRunner().invoke(cli, ["checks"])
    assert result.exit_code == 0, result.output
    for check_id, cls in REGISTRY.items():
        assert check_id in result.output
        assert cls.title in result.output
