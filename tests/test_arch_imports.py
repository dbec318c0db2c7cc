"""Every module of the project imports alone, in a fresh interpreter (issue 11, point 4).

An import cycle shows only when a module is the first one imported, so each module gets
a process of its own; and `ibcmon.pipeline.run_audit` is reachable without `ibcmon.cli`.
"""
from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest
from test_arch_layers import ROOT, module_name, project_files

pytestmark = pytest.mark.slow


def _import_alone(module: str) -> tuple[str, int, str]:
    proc = subprocess.run([sys.executable, "-c", f"import {module}"], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    return module, proc.returncode, proc.stderr.strip().splitlines()[-1:] and proc.stderr.strip().splitlines()[-1]


def test_every_module_imports_alone() -> None:
    # a package's __main__ is the program itself: importing it runs it
    modules = sorted(module_name(p) for p in project_files() if p.name != "__main__.py")
    assert "ibcmon.commands.report" in modules and len(modules) > 80
    with ThreadPoolExecutor(max_workers=3) as pool:
        failed = [f"{m}: {err}" for m, code, err in pool.map(_import_alone, modules) if code]
    assert not failed, "\n".join(failed)


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
