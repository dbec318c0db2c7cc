"""Stage, check and merge a batch of newly collected real library pages.

Collecting (docs/dev/collecting-real-pages.md) happens outside the repository: a batch is
a stage folder holding `labels.json` (page id -> address, kind, platform, sections, date,
trunc, note) and `pages/<id>.txt` (the fixture), and the raw excerpts as found are kept in
another folder, never committed.

    python scripts/realpages_stage.py check STAGE --raw RAW [--heldout ../shared/realpages/heldout.py]
    python scripts/realpages_stage.py merge STAGE [STAGE ...] --name mixed16

`check` fails on a label field out of its range, an address held out or already in the set,
a fixture whose first line is not its address, and a fixture line over 70 characters that
shares 9 consecutive words with the page's raw excerpt (running text must be retold).
`merge` copies the fixtures into `ibcmon/sample/realpages/pages/`, writes the labels as
`labels/<name>.json` and prints how the batch falls into the splits.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import re
import shutil
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote

ROOT = Path(__file__).resolve().parents[1]
SET_DIR = ROOT / "ibcmon" / "sample" / "realpages"
DEFAULT_HELDOUT = ROOT.parent / "shared" / "realpages" / "heldout.py"
KINDS = ("centre", "feed", "post")
PLATFORMS = ("gosweb", "ucoz", "wordpress", "blogspot", "joomla", "bitrix", "other")
FIELDS = ("url", "kind", "platform", "sections", "date", "trunc", "note")
RETOLD_LINE_CHARS = 70  # a longer fixture line is running text: it must be retold
COPIED_WORDS = 9  # this many consecutive words shared with the raw excerpt is a copy


def normalise(url: str) -> str:
    """An address as the held-out list compares it: no scheme, no www., no trailing slash."""
    u = unquote(url.strip()).lower()
    u = re.sub(r"^[a-z][a-z0-9+.-]*://", "", u)
    u = re.sub(r"^www\.", "", u)
    return u.split("#")[0].rstrip("/")


def set_addresses(set_dir: Path = SET_DIR) -> set[str]:
    """The addresses already collected: the set's and the adapted pages' (`adapted/labels`)."""
    out: set[str] = set()
    for path in [*(set_dir / "labels").glob("*.json"), *(set_dir / "adapted" / "labels").glob("*.json")]:
        out.update(normalise(lab["url"]) for lab in json.loads(path.read_text(encoding="utf-8")).values())
    return out


def section_ids() -> set[str]:
    sys.path.insert(0, str(ROOT))
    from checks.rulebook import load_rulebook

    return set(load_rulebook().sections)


def held_out_check(path: Path) -> Callable[[str], bool]:
    spec = importlib.util.spec_from_file_location("heldout", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"не удалось загрузить {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.is_held_out  # type: ignore[no-any-return]


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def copied_lines(fixture: str, raw: str) -> list[int]:
    """Numbers (from 1) of the fixture's long lines that copy COPIED_WORDS words of the raw text."""
    raw_words = _words(raw)
    grams = {tuple(raw_words[i:i + COPIED_WORDS]) for i in range(len(raw_words) - COPIED_WORDS + 1)}
    out = []
    for n, line in enumerate(fixture.splitlines(), 1):
        if n == 1 or len(line) <= RETOLD_LINE_CHARS:
            continue
        words = _words(line)
        if any(tuple(words[i:i + COPIED_WORDS]) in grams for i in range(len(words) - COPIED_WORDS + 1)):
            out.append(n)
    return out


def check_label(pid: str, lab: dict[str, Any], sections: set[str]) -> list[str]:
    errors = [f"{pid}: нет поля {key}" for key in FIELDS if key not in lab]
    if lab.get("kind") not in KINDS:
        errors.append(f"{pid}: kind должен быть одним из {KINDS}")
    if lab.get("platform") not in PLATFORMS:
        errors.append(f"{pid}: platform должен быть одним из {PLATFORMS}")
    unknown = set(lab.get("sections", [])) - sections
    if unknown:
        errors.append(f"{pid}: неизвестные разделы {sorted(unknown)}")
    if lab.get("date") is not None and not re.fullmatch(r"\d{4}-\d\d-\d\d", str(lab["date"])):
        errors.append(f"{pid}: date — ГГГГ-ММ-ДД или null")
    return errors


def check_stage(stage: Path, raw_dir: Path, is_held_out: Callable[[str], bool] | None,
                set_dir: Path = SET_DIR) -> list[str]:
    labels: dict[str, dict[str, Any]] = json.loads((stage / "labels.json").read_text(encoding="utf-8"))
    existing = set_addresses(set_dir)
    taken = {p.stem for p in (set_dir / "pages").glob("*.txt")}
    sections = section_ids()
    errors: list[str] = []
    for pid, lab in sorted(labels.items()):
        errors += check_label(pid, lab, sections)
        url = lab.get("url", "")
        if pid in taken:
            errors.append(f"{pid}: такой id уже есть в наборе")
        if is_held_out is not None and is_held_out(url):
            errors.append(f"{pid}: адрес из отложенных страниц РРИБЦ, его нельзя брать: {url}")
        if normalise(url) in existing:
            errors.append(f"{pid}: страница уже есть в наборе: {url}")
        fixture_path = stage / "pages" / f"{pid}.txt"
        if not fixture_path.exists():
            errors.append(f"{pid}: нет файла {fixture_path}")
            continue
        fixture = fixture_path.read_text(encoding="utf-8")
        if fixture.splitlines()[:1] != [url]:
            errors.append(f"{pid}: первая строка страницы — её адрес из разметки")
        raw = raw_dir / f"{pid}.txt"
        if not raw.exists():
            errors.append(f"{pid}: нет исходного текста {raw}")
            continue
        for n in copied_lines(fixture, raw.read_text(encoding="utf-8")):
            errors.append(f"{pid}: строка {n} повторяет исходный текст ({COPIED_WORDS}+ слов подряд): перескажите её")
    return errors


def merge(stages: list[Path], name: str, set_dir: Path = SET_DIR) -> dict[str, dict[str, Any]]:
    target = set_dir / "labels" / f"{name}.json"
    if target.exists():
        raise SystemExit(f"{target} уже есть: выберите другое имя")
    out: dict[str, dict[str, Any]] = {}
    for stage in stages:
        for pid, lab in json.loads((stage / "labels.json").read_text(encoding="utf-8")).items():
            out[pid] = lab
            shutil.copy(stage / "pages" / f"{pid}.txt", set_dir / "pages" / f"{pid}.txt")
    target.write_text(json.dumps(dict(sorted(out.items())), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check")
    check.add_argument("stage", type=Path)
    check.add_argument("--raw", type=Path, required=True)
    check.add_argument("--heldout", type=Path, default=DEFAULT_HELDOUT)
    merge_cmd = sub.add_parser("merge")
    merge_cmd.add_argument("stages", type=Path, nargs="+")
    merge_cmd.add_argument("--name", required=True)
    args = parser.parse_args(argv)
    if args.command == "check":
        if not args.heldout.exists():
            print(f"нет {args.heldout}: отложенные страницы не проверить", file=sys.stderr)
            return 2
        errors = check_stage(args.stage, args.raw, held_out_check(args.heldout))
        print("\n".join(errors) or "OK")
        return 1 if errors else 0
    merged = merge(args.stages, args.name)
    sys.path.insert(0, str(ROOT))
    from ibcmon.sample.realset import assign_split

    print(f"{len(merged)} страниц:", dict(Counter((assign_split(pid), lab["kind"]) for pid, lab in merged.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
