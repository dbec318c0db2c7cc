"""The project's layers go one way (issue 11, point 4), read off the sources with `ast`.

common ← store ← crawler, checks ← reports ← the app (ibcmon, scheduler). crawler and
checks never import each other, reports never imports the crawler, and the app's
non-CLI modules (the pipeline, the report building, the config) never import a CLI
module, so they work from Python without `ibcmon.cli` imported first.
"""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("common", "store", "crawler", "checks", "reports", "ibcmon")
FIRST_PARTY = {*PACKAGES, "scheduler", "bench"}

# what each package may import from the project (besides itself)
ALLOWED = {
    "common": set(),
    "store": {"common"},
    "crawler": {"common", "store"},
    "checks": {"common", "store"},
    "reports": {"common", "store", "checks"},
    "ibcmon": {"common", "store", "crawler", "checks", "reports", "scheduler"},
    "scheduler": {"common", "store", "crawler", "checks", "reports", "ibcmon"},
}
CLI_MODULES = ("ibcmon.cli", "ibcmon.clibase", "ibcmon.clihelp", "ibcmon.commands")
NO_CLI = ("ibcmon.pipeline", "ibcmon.reporting", "ibcmon.summary", "ibcmon.deliver", "ibcmon.jobrun",
          "ibcmon.schedlock", "ibcmon.maintenance", "ibcmon.sample", "scheduler")


def project_files() -> list[Path]:
    files = [ROOT / "scheduler.py"]
    for package in PACKAGES:
        files += [p for p in sorted((ROOT / package).rglob("*.py")) if "migrations" not in p.parts]
    return files


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported(path: Path) -> set[str]:
    """Every project module `path` imports, at the top or inside a function."""
    names: set[str] = set()
    package = module_name(path).rsplit(".", 1)[0] if path.name != "__init__.py" else module_name(path)
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            names.add(module)
            names.update(f"{module}.{a.name}" for a in node.names)
    return {n for n in names if n.split(".")[0] in FIRST_PARTY}


def test_layers_are_one_way() -> None:
    wrong = []
    for path in project_files():
        mine = module_name(path).split(".")[0]
        for name in imported(path):
            top = name.split(".")[0]
            if top != mine and top not in ALLOWED[mine]:
                wrong.append(f"{path.relative_to(ROOT)} imports {name}")
    assert not wrong, "\n".join(sorted(wrong))


def test_the_app_below_the_cli_imports_no_cli_module() -> None:
    wrong = []
    for path in project_files():
        name = module_name(path)
        if not any(name == m or name.startswith(m + ".") for m in NO_CLI):
            continue
        for other in imported(path):
            if any(other == m or other.startswith(m + ".") for m in CLI_MODULES):
                wrong.append(f"{name} imports {other}")
    assert not wrong, "\n".join(sorted(wrong))


def test_commands_take_the_shared_pieces_from_clibase_not_from_the_cli() -> None:
    wrong = [f"{module_name(p)}" for p in sorted((ROOT / "ibcmon" / "commands").glob("*.py"))
             if any(n == "ibcmon.cli" or n.startswith("ibcmon.cli.") for n in imported(p))]
    assert not wrong


def test_the_rule_catches_a_crawler_import_in_checks(tmp_path: Path) -> None:
    """The walker sees function-level and relative imports (so the rules above can fail)."""
    fake = ROOT / "checks" / "_probe_layers.py"
    try:
        fake.write_text("def f():\n    from crawler.linkcheck import verdict\n    from . import page\n",
                        encoding="utf-8")
        names = imported(fake)
    finally:
        fake.unlink()
    assert "crawler.linkcheck" in names and "checks.page" in names


def test_stages_are_handed_settings_and_read_no_config_file() -> None:
    """Reading the config file and the environment is the app's (ibcmon.config); the
    crawler, the checks and the reports get plain settings (a run's own copy)."""
    wrong = []
    for path in project_files():
        if module_name(path).split(".")[0] not in ("common", "store", "crawler", "checks", "reports"):
            continue
        for name in imported(path):
            if name in ("ibcmon.config", "common.config.load_config", "common.config.resolve_db_url"):
                wrong.append(f"{path.relative_to(ROOT)} imports {name}")
    source = (ROOT / "common" / "config.py").read_text(encoding="utf-8")
    assert "tomllib" not in source and "def load_config" not in source
    assert not wrong, "\n".join(sorted(wrong))
