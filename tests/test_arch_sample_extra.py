"""The sample world is an optional extra (issue 18, point 4): `pip install ibcmon` brings no
aiohttp, `pip install ibcmon[sample]` does, and no product module imports `ibcmon.sample`
when it is imported, so the product runs where the extra is not installed.

The import boundary is read off the sources with `ast` (as the other arch tests do) and
then proved in a fresh interpreter in which aiohttp cannot be imported.
"""
from __future__ import annotations

import ast
import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

from test_arch_deps import product_files
from test_arch_layers import ROOT, module_name

SAMPLE = "ibcmon.sample"


def module_level_imports(path: Path, package: str) -> set[str]:
    """The modules `path` imports when it is imported: not inside a function (which runs
    later, if at all) nor under `if TYPE_CHECKING:` (which never runs). Class bodies and
    `try`/`if` blocks at the top do run, so they count."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            return
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, node.module] if node.module else parts)
            found.add(base)
            found.update(f"{base}.{a.name}" for a in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return found


def sample_importers(files: list[Path], root: Path = ROOT) -> list[str]:
    wrong = []
    for path in files:
        name = module_name(path) if root == ROOT else path.stem
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        hits = sorted(m for m in module_level_imports(path, package) if m == SAMPLE or m.startswith(SAMPLE + "."))
        if hits:
            wrong.append(f"{path.relative_to(root)} imports {', '.join(hits)} at module level")
    return wrong


def test_no_product_module_imports_the_sample_world_when_imported() -> None:
    """ibcmon/commands/sample.py and the demo (ibcmon/commands/audit.py) are the sample
    world's commands, but the CLI imports them to register them: they are checked too, and
    import the sample inside their functions."""
    files = product_files()
    assert ROOT / "ibcmon" / "commands" / "sample.py" in files and len(files) > 80
    wrong = sample_importers(files)
    assert not wrong, "\n".join(wrong)


def test_the_walk_sees_a_module_level_sample_import(tmp_path: Path) -> None:
    cases = {
        "top.py": ("from ibcmon.sample import build_world\n", True),
        "parent.py": ("from ibcmon import sample\n", True),
        "guarded.py": ("try:\n    import ibcmon.sample.server\nexcept ImportError:\n    pass\n", True),
        "in_class.py": ("class A:\n    from ibcmon.sample import truth\n", True),
        "lazy.py": ("def f():\n    from ibcmon.sample import build_world\n", False),
        "typing_only.py": ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                           "    from ibcmon.sample import World\n", False),
    }
    for name, (text, _) in cases.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    wrong = sample_importers(sorted(tmp_path.glob("*.py")), root=tmp_path)
    assert sorted(w.split()[0] for w in wrong) == sorted(n for n, (_, hit) in cases.items() if hit)


def _extras_of(requirement: str) -> tuple[str, set[str]]:
    name = re.split(r"[\s\[<>=!~;]", requirement, maxsplit=1)[0].lower()
    marker = requirement.partition(";")[2]
    return name, set(re.findall(r"""extra\s*==\s*["']([\w-]+)["']""", marker))


def test_the_installed_metadata_lists_aiohttp_only_under_the_sample_extra() -> None:
    requires = metadata.requires("ibcmon") or []
    aiohttp = [_extras_of(r)[1] for r in requires if _extras_of(r)[0] == "aiohttp"]
    assert aiohttp == [{"sample"}], f"aiohttp in the installed metadata: {requires}"
    assert ("ibcmon", {"dev"}) in [_extras_of(r) for r in requires if "sample" in r], \
        "the dev extra brings the sample extra (the tests serve the sample world)"
    assert {"sample", "dev"} <= set(metadata.metadata("ibcmon").get_all("Provides-Extra") or [])


# a fresh interpreter in which `import aiohttp` fails, as on a product install
NO_AIOHTTP = """
import sys

class NoAiohttp:
    def find_spec(self, name, path=None, target=None):
        if name == "aiohttp" or name.startswith("aiohttp."):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None

sys.meta_path.insert(0, NoAiohttp())
"""


def _without_aiohttp(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", NO_AIOHTTP + code, *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=180)


def _cli_without_aiohttp(*args: str) -> subprocess.CompletedProcess[str]:
    return _without_aiohttp("from ibcmon.cli import main\nsys.argv[0] = 'ibcmon'\nmain()\n", *args)


def test_the_shim_does_block_aiohttp() -> None:
    proc = _without_aiohttp("import aiohttp\n")
    assert proc.returncode == 1 and "No module named 'aiohttp'" in proc.stderr


def test_every_product_module_imports_without_aiohttp() -> None:
    modules = sorted(module_name(p) for p in product_files() if p.name != "__main__.py")
    proc = _without_aiohttp("import importlib\nfor m in sys.argv[1:]:\n    importlib.import_module(m)\n"
                            "assert not any(m == 'ibcmon.sample' or m.startswith('ibcmon.sample.') "
                            "for m in sys.modules), 'the sample world was imported'\n", *modules)
    assert proc.returncode == 0, proc.stderr


def test_the_cli_works_without_aiohttp() -> None:
    proc = _cli_without_aiohttp("audit", "--help")
    assert proc.returncode == 0, proc.stderr
    assert "Обследование" in proc.stdout


def test_demo_and_sample_without_aiohttp_say_how_to_install_the_extra(tmp_path: Path) -> None:
    for args in (["demo", "--out", str(tmp_path / "demo")], ["sample", "serve"], ["sample", "truth"],
                 ["sample", "eval", "--real"]):
        proc = _cli_without_aiohttp(*args)
        assert proc.returncode == 3, (args, proc.stderr)
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and "pip install 'ibcmon[sample]'" in lines[0], (args, proc.stderr)
        assert "Образцовому миру нужно дополнение sample" in lines[0]
    assert not (tmp_path / "demo").exists()  # stopped before it touched anything
    help_ = _cli_without_aiohttp("sample", "serve", "--help")
    assert help_.returncode == 0 and "Запустить образцовый мир" in help_.stdout
