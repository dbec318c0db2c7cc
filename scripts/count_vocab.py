"""Count the regular expressions and the Russian words written into the code of checks/ and
crawler/ (recursively): the knowledge that should live in data (the rulebook,
common/words.toml) rather than in Python.

    python scripts/count_vocab.py [--rev 63ba50b] [--json] [DIR ...]

Counted per package:
- `re_calls`: calls of the `re` module that take a pattern (re.compile, re.search,
  re.match, re.fullmatch, re.findall, re.finditer, re.sub, re.subn, re.split);
- `pattern_literals`: string literals that are regular expressions: the pattern argument
  of those calls, and any other literal with regex syntax (\\b \\d \\s \\w, «(?», a character
  class with a quantifier, a {m,n} repeat);
- `russian_words`: Cyrillic words in string literals, docstrings left out (all of them,
  and how many distinct ones);
- `vocabulary_words`: the distinct Cyrillic words of the literals that match rather than
  speak: pattern literals and short lower-case literals (three words or fewer), as
  opposed to messages, reasons and advice a reader sees.

With `--rev`, the files are read from that git revision instead of the work tree.
"""
from __future__ import annotations

import argparse
import ast
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("checks", "crawler")
RE_FUNCTIONS = {"compile", "search", "match", "fullmatch", "findall", "finditer", "sub", "subn", "split"}
REGEX_SYNTAX = re.compile(r"\\[bdswBDSW]|\(\?|\[[^\]]+\][*+?]|\{\d+(?:,\d*)?\}|\\\.")
CYRILLIC_WORD = re.compile(r"[а-яё]+(?:-[а-яё]+)*", re.IGNORECASE)
SHORT_LITERAL_WORDS = 3


def _files_at(rev: str | None, package: str) -> list[tuple[str, str]]:
    """(path, source) of every .py file under `package`, in the work tree or at `rev`."""
    if rev is None:
        return [(str(p.relative_to(ROOT)), p.read_text(encoding="utf-8"))
                for p in sorted((ROOT / package).rglob("*.py"))]
    names = subprocess.run(["git", "ls-tree", "-r", "--name-only", rev, package + "/"], cwd=ROOT,
                           check=True, capture_output=True, text=True).stdout.split()
    return [(n, subprocess.run(["git", "show", f"{rev}:{n}"], cwd=ROOT, check=True, capture_output=True,
                               text=True).stdout) for n in names if n.endswith(".py")]


def _docstring_ids(tree: ast.AST) -> set[int]:
    return {id(node.body[0].value) for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            and node.body and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)}


def _is_re_call(node: ast.AST) -> bool:
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name) and node.func.value.id == "re"
            and node.func.attr in RE_FUNCTIONS)


def _literal_strings(node: ast.AST) -> list[ast.Constant]:
    """The string constants inside an expression (a concatenation, an f-string's parts)."""
    return [n for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def count_source(source: str) -> dict[str, object]:
    tree = ast.parse(source)
    docs = _docstring_ids(tree)
    re_calls = 0
    patterns: set[int] = set()
    for node in ast.walk(tree):
        if _is_re_call(node):
            re_calls += 1
            assert isinstance(node, ast.Call)
            if node.args:
                patterns.update(id(c) for c in _literal_strings(node.args[0]))
    literals = [n for n in ast.walk(tree)
                if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs]
    patterns.update(id(n) for n in literals if REGEX_SYNTAX.search(n.value))
    words: list[str] = []
    vocabulary: set[str] = set()
    for n in literals:
        found = [w.lower() for w in CYRILLIC_WORD.findall(n.value)]
        words += found
        short = len(n.value.split()) <= SHORT_LITERAL_WORDS and not n.value[:1].isupper()
        if found and (id(n) in patterns or short):
            vocabulary.update(found)
    return {"re_calls": re_calls, "pattern_literals": len(patterns), "russian_words": words,
            "vocabulary": vocabulary}


def count(rev: str | None, packages: tuple[str, ...] = PACKAGES) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for package in packages:
        re_calls = pattern_literals = 0
        words: list[str] = []
        vocabulary: set[str] = set()
        for _path, source in _files_at(rev, package):
            c = count_source(source)
            re_calls += int(c["re_calls"])  # type: ignore[call-overload]
            pattern_literals += int(c["pattern_literals"])  # type: ignore[call-overload]
            words += c["russian_words"]  # type: ignore[arg-type]
            vocabulary |= c["vocabulary"]  # type: ignore[arg-type]
        out[package] = {"re_calls": re_calls, "pattern_literals": pattern_literals,
                        "russian_words": len(words), "distinct_russian_words": len(set(words)),
                        "vocabulary_words": len(vocabulary)}
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rev", default=None, help="read the files at this git revision")
    parser.add_argument("--json", action="store_true", help="print the counts as JSON")
    parser.add_argument("packages", nargs="*", default=list(PACKAGES))
    args = parser.parse_args(argv)
    counts = count(args.rev, tuple(args.packages))
    if args.json:
        print(json.dumps(counts, ensure_ascii=False, indent=2))
        return 0
    print(f"{'':10} {'re calls':>9} {'patterns':>9} {'ru words':>9} {'distinct':>9} {'vocabulary':>11}"
          f"   ({args.rev or 'work tree'})")
    for package, c in counts.items():
        print(f"{package:10} {c['re_calls']:9} {c['pattern_literals']:9} {c['russian_words']:9} "
              f"{c['distinct_russian_words']:9} {c['vocabulary_words']:11}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
