"""Every module of the project imports alone, in a fresh interpreter (issue 11, point 4),
and the import graph has no circle (issue 18).

An import cycle shows only when a module is the first one imported, so each module gets
a process of its own; and `ibcmon.pipeline.run_audit` is reachable without `ibcmon.cli`.
A cycle hidden in a function-level import does not show that way: the graph, read off the
sources, sees those too.
"""
from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from test_arch_layers import FIRST_PARTY, ROOT, module_name, project_files

pytestmark = pytest.mark.slow


# Runs in one fresh interpreter: it imports the third-party libraries once, then forks a
# child per project module, and the child imports that module first of all the project's.
# Forking from the warm parent makes ~100 fresh imports cost a second each less: what is
# checked (a project module imports with none of the project loaded) is the same, since an
# import cycle involves project modules only.
_FORKED_IMPORTS = """
import importlib, json, os, sys, traceback
request = json.loads(sys.stdin.read())
for name in request["preload"]:
    try:
        importlib.import_module(name)
    except BaseException:
        pass  # not ours to judge: the child imports it again if it needs it
assert not [m for m in sys.modules if m.split(".")[0] in request["first_party"]]
failed = {}
for module in request["modules"]:
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        try:
            importlib.import_module(module)
            code = 0
        except BaseException:
            os.write(write, traceback.format_exc().strip().splitlines()[-1].encode())
            code = 1
        os._exit(code)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        error = pipe.read().decode(errors="replace")
    _, status = os.waitpid(pid, 0)
    if status:
        failed[module] = error or f"exit status {status}"
print(json.dumps(failed))
"""


def _import_alone(module: str) -> tuple[str, int, str]:
    proc = subprocess.run([sys.executable, "-c", f"import {module}"], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    return module, proc.returncode, proc.stderr.strip().splitlines()[-1:] and proc.stderr.strip().splitlines()[-1]


def _third_party_imports(files: list[Path]) -> list[str]:
    """The third-party modules the project imports at the top of its modules (not a reactor:
    importing one installs it)."""
    names: set[str] = set()
    for path in files:
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Import):
                names.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                names.add(node.module)
    return sorted(n for n in names if n.split(".")[0] not in FIRST_PARTY and "reactor" not in n)


def test_every_module_imports_alone() -> None:
    # a package's __main__ is the program itself: importing it runs it
    files = [p for p in project_files() if p.name != "__main__.py"]
    modules = sorted(module_name(p) for p in files)
    assert "ibcmon.commands.report" in modules and len(modules) > 80
    request = {"preload": _third_party_imports(files), "modules": modules, "first_party": sorted(FIRST_PARTY)}
    proc = subprocess.run([sys.executable, "-c", _FORKED_IMPORTS], cwd=ROOT, input=json.dumps(request),
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    suspects = sorted(json.loads(proc.stdout.strip().splitlines()[-1]))
    # a failure in a forked child is confirmed in an interpreter of its own before it counts
    with ThreadPoolExecutor(max_workers=3) as pool:
        failed = [f"{m}: {err}" for m, code, err in pool.map(_import_alone, suspects) if code]
    assert not failed, "\n".join(failed)


def test_a_forked_import_reports_a_broken_module(tmp_path: Path) -> None:
    """The forked run sees a module that fails to import, and names its error."""
    (tmp_path / "brokenmod.py").write_text("import nonexistent_module_xyz\n", encoding="utf-8")
    (tmp_path / "finemod.py").write_text("X = 1\n", encoding="utf-8")
    request = {"preload": ["json"], "modules": ["finemod", "brokenmod"], "first_party": ["brokenmod", "finemod"]}
    proc = subprocess.run([sys.executable, "-c", _FORKED_IMPORTS], cwd=tmp_path, input=json.dumps(request),
                          capture_output=True, text=True, timeout=60, env={**os.environ, "PYTHONPATH": str(tmp_path)})
    failed = json.loads(proc.stdout.strip().splitlines()[-1])
    assert list(failed) == ["brokenmod"] and "nonexistent_module_xyz" in failed["brokenmod"]


def test_the_audit_pipeline_reaches_its_report_step_without_the_cli() -> None:
    """The report step of `run_audit`, from Python, in a fresh interpreter: it gets as far as
    the database (a stand-in that raises), with no import error and no CLI module loaded."""
    code = ("import sys\n"
            "from ibcmon.pipeline import write_full_report\n"
            "class Reached(Exception): pass\n"
            "class Db:\n"
            "    def session(self): raise Reached\n"
            "class Result:\n"
            "    class run: id = 1\n"
            "try:\n"
            "    write_full_report(Db(), Result(), 'out')\n"
            "except Reached:\n"
            "    pass\n"
            "bad = sorted(m for m in sys.modules if m == 'ibcmon.cli' or m.startswith('ibcmon.commands'))\n"
            "assert not bad, bad\n")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr


def import_graph(files: list[Path]) -> dict[str, set[str]]:
    """Module -> the project modules it imports (at the top or inside a function).

    `from package import submodule` is an edge to the submodule only (the package itself
    is the importer's parent, already initialised), and an import under
    `if TYPE_CHECKING:` is no edge (it never runs)."""
    modules = {module_name(p): p for p in files}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skipped = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
                   for n in ast.walk(node)}
        edges: set[str] = set()
        for node in ast.walk(tree):
            if id(node) in skipped:
                continue
            if isinstance(node, ast.Import):
                edges.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*parts, node.module] if node.module else parts)
                subs = [f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in modules]
                edges.update(subs)
                if len(subs) < len(node.names):
                    edges.add(base)
        graph[name] = {e for e in edges if e in modules and e != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_import_graph_has_no_circle() -> None:
    """`checks.base` imported the check modules that import it (issue 18): the checks are
    listed, and registered, in `checks.registry` instead."""
    graph = import_graph(project_files())
    assert "checks.completeness" in graph["checks.registry"] and "checks.base" in graph["checks.completeness"]
    assert not cycles(graph), cycles(graph)


def test_the_graph_sees_a_circle_through_a_function_level_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    here = tmp_path / "pkg"
    here.mkdir()
    (here / "__init__.py").write_text("", encoding="utf-8")
    (here / "a.py").write_text("from pkg.b import f\n", encoding="utf-8")
    (here / "b.py").write_text("def f():\n    from pkg import a\n", encoding="utf-8")
    (here / "c.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg import a\n",
                               encoding="utf-8")
    import test_arch_layers

    monkeypatch.setattr(test_arch_layers, "ROOT", tmp_path)  # module_name() reads it
    graph = import_graph(sorted(here.glob("*.py")))
    assert cycles(graph) == [["pkg.a", "pkg.b"]] and graph["pkg.c"] == set()
