"""Dependencies that say the truth (issue 11, point 8): the runtime requirements in
pyproject.toml are what the runtime imports, test-only packages are in the dev extra,
the sample world's (ibcmon/sample/) in the sample extra (issue 18, point 4), and Click's
own words come out Russian (tests/test_cli_messages.py checks its catalogue against the
installed Click, so its version is not capped)."""
from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

from test_arch_layers import FIRST_PARTY, ROOT, project_files

from ibcmon.cli import run as cli_run

# declared although no runtime module names them in an import statement
NOT_IMPORTED_BY_NAME = {
    "psycopg": "SQLAlchemy loads it for postgresql+psycopg:// URLs",
    "sniffio": "httpcore probes for it on every lock",
    "pymorphy3-dicts-ru": "pymorphy3 loads its Russian dictionaries by package name",
}


def _name(requirement: str) -> str:
    return re.split(r"[\s\[<>=!~;]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def project_table() -> dict:  # type: ignore[type-arg]
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def declared() -> tuple[set[str], set[str]]:
    """The runtime requirements and the dev extra's (its self-reference `ibcmon[sample]`
    stands for the sample extra's requirements)."""
    project = project_table()
    extras = project["optional-dependencies"]
    dev = {_name(r) for r in extras["dev"] if _name(r) != "ibcmon"}
    if "ibcmon[sample]" in extras["dev"]:
        dev |= sample_declared()
    return {_name(r) for r in project["dependencies"]}, dev


def sample_declared() -> set[str]:
    return {_name(r) for r in project_table()["optional-dependencies"]["sample"]}


SAMPLE_DIR = ROOT / "ibcmon" / "sample"


def sample_files() -> list[Path]:
    """The sample world's code: what the `sample` extra is for."""
    return sorted(SAMPLE_DIR.rglob("*.py"))


def product_files() -> list[Path]:
    """The runtime without the sample world: what `pip install ibcmon` must run."""
    return [p for p in project_files() if SAMPLE_DIR not in p.parents]


# dev requirements that no test, bench or script imports by name, and why they are there
DEV_TOOLS = {
    "pytest-timeout": "a pytest plugin: [tool.pytest.ini_options] timeout",
    "ruff": "`make lint`, .ci/run",
    "mypy": "`make lint`, .ci/run",
    "linkchecker": "bench/bench_linkcheck.py runs it as a command",
}


def runtime_imports(files: list[Path] | None = None) -> dict[str, set[str]]:
    """Distribution -> the modules importing it (any third-party top-level import); by
    default of the product (the runtime without the sample world)."""
    dists = metadata.packages_distributions()
    found: dict[str, set[str]] = {}
    for path in product_files() if files is None else files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                tops = [a.name.split(".")[0] for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                tops = [node.module.split(".")[0]]
            elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                  and node.func.attr == "importorskip" and node.args
                  and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                tops = [node.args[0].value.split(".")[0]]  # a test that runs only where it is installed
            else:
                continue
            for top in tops:
                if top in sys.stdlib_module_names or top in FIRST_PARTY:
                    continue
                for dist in dists.get(top, [top]):
                    found.setdefault(dist.lower().replace("_", "-"), set()).add(str(path.relative_to(ROOT)))
    return found


def test_every_runtime_import_is_a_declared_runtime_requirement() -> None:
    runtime, _dev = declared()
    missing = {dist: sorted(where) for dist, where in runtime_imports().items() if dist not in runtime}
    assert not missing


def test_the_sample_world_imports_only_runtime_and_sample_requirements() -> None:
    """ibcmon/sample/ may use the product's requirements and its extra's, nothing else;
    and each of the extra's requirements is used by it (aiohttp: its servers)."""
    runtime, _dev = declared()
    extra = sample_declared()
    used = runtime_imports(sample_files())
    missing = {dist: sorted(where) for dist, where in used.items() if dist not in runtime | extra}
    assert not missing, f"the sample world imports what neither list declares: {missing}"
    assert "aiohttp" in extra and not extra - set(used), f"sample requirements it never imports: {extra - set(used)}"
    assert "aiohttp" not in runtime, "aiohttp is the sample world's, not the product's"


def test_every_runtime_requirement_is_imported_by_the_runtime() -> None:
    runtime, dev = declared()
    unused = runtime - set(runtime_imports()) - set(NOT_IMPORTED_BY_NAME)
    assert not unused, f"runtime requirements the runtime never imports (move them to dev): {unused}"
    assert {"dateparser", "beautifulsoup4", "pytest"} <= dev


def test_every_dev_requirement_is_used() -> None:
    """A dev requirement is imported by a test, a bench or a script, or is a named tool
    (htmldate stayed here long after the last test that compared with it was gone)."""
    _runtime, dev = declared()
    files = [p for folder in ("tests", "bench", "scripts") for p in sorted((ROOT / folder).rglob("*.py"))]
    unused = dev - set(runtime_imports(files)) - set(DEV_TOOLS)
    assert not unused, f"dev requirements nothing uses (drop them, or name the tool in DEV_TOOLS): {unused}"


def test_clicks_words_come_out_russian(capsys) -> None:  # type: ignore[no-untyped-def]
    assert cli_run(["--help"]) == 0
    assert cli_run(["report", "--run", "many"]) == 3
    out = capsys.readouterr()
    text = out.out + out.err
    assert "Параметры" in text
    for english in ("Usage:", "Options:", "Show this message", "Invalid value", "is not a valid integer"):
        assert english not in text
