"""No private name of Scrapy, Twisted or APScheduler is used (issue 11, point 5).

A private method overridden or called, or a private module imported, breaks silently on
an upgrade (the reason Scrapy was pinned below 2.20). The project reaches the same
behaviour through public settings and interfaces; this test reads every source file.
"""
from __future__ import annotations

import ast
import importlib.util
from functools import cache
from pathlib import Path

from test_arch_layers import ROOT, project_files

LIBRARIES = ("scrapy", "twisted", "apscheduler")


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


@cache
def library_private_names() -> frozenset[str]:
    """Every `_name` a function or method of the three libraries is defined with."""
    names: set[str] = set()
    for lib in LIBRARIES:
        spec = importlib.util.find_spec(lib)
        assert spec is not None and spec.submodule_search_locations
        for path in Path(next(iter(spec.submodule_search_locations))).rglob("*.py"):
            if "test" in path.parts:
                continue
            try:
                tree = ast.parse(path.read_text(encoding="utf-8"))
            except (SyntaxError, UnicodeDecodeError):
                continue
            names.update(n.name for n in ast.walk(tree)
                         if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef) and _private(n.name))
    return frozenset(names)


def private_uses(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    third_party: set[str] = set()  # names bound to something imported from the libraries
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            module = node.module or "" if isinstance(node, ast.ImportFrom) else ""
            for alias in node.names:
                full = f"{module}.{alias.name}" if module else alias.name
                if full.split(".")[0] not in LIBRARIES:
                    continue
                third_party.add((alias.asname or alias.name).split(".")[0])
                if any(_private(part) for part in full.split(".")):
                    found.append(f"imports {full}")
    own = {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)}
    own |= {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute) and isinstance(n.ctx, ast.Store)}
    private = library_private_names()
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            bases = {b.id if isinstance(b, ast.Name) else getattr(b, "attr", "") for b in node.bases}
            # a subclass of theirs, or a mixin beside one, overriding one of their private methods
            for f in node.body:
                if not isinstance(f, ast.FunctionDef | ast.AsyncFunctionDef) or not _private(f.name):
                    continue
                calls_super = any(isinstance(c, ast.Attribute) and c.attr == f.name
                                  and isinstance(c.value, ast.Call) and getattr(c.value.func, "id", "") == "super"
                                  for c in ast.walk(f))
                if bases & third_party or (third_party and f.name in private and calls_super):
                    found.append(f"overrides {node.name}.{f.name}")
        elif isinstance(node, ast.Attribute) and node.attr in private and node.attr not in own:
            found.append(f"uses .{node.attr} (line {node.lineno})")
    return found


def test_no_private_name_of_scrapy_twisted_or_apscheduler() -> None:
    uses = {str(p.relative_to(ROOT)): private_uses(p) for p in project_files()}
    assert not {k: v for k, v in uses.items() if v}


def test_the_check_sees_what_the_old_code_did(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text(
        "from scrapy.core.downloader import Downloader\n"
        "from twisted.web._newclient import ResponseFailed\n"
        "class D(Downloader):\n    def _process_queue(self, slot): pass\n"
        "def f(s): return s._lookup_executor('default')\n"
        "class StopSafe:\n    def _process_jobs(self): return super()._process_jobs()\n", encoding="utf-8")
    found = private_uses(probe)
    assert "imports twisted.web._newclient.ResponseFailed" in found
    assert "overrides D._process_queue" in found
    assert any("_lookup_executor" in f for f in found)
    assert "overrides StopSafe._process_jobs" in found
