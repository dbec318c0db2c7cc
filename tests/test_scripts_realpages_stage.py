"""scripts/realpages_stage.py: a batch of new real pages is checked before it is merged."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "realpages_stage.py"
spec = importlib.util.spec_from_file_location("realpages_stage", SCRIPT)
assert spec is not None and spec.loader is not None
stage_tool = importlib.util.module_from_spec(spec)
spec.loader.exec_module(stage_tool)

RAW = ("Первого сентября в школьной библиотеке оформили большую книжную выставку к юбилею писателя, "
       "и все ученики начальных классов пришли посмотреть на новые книги.")
RETOLD = "В начале сентября библиотека школы подготовила к юбилею автора выставку, её посетила вся начальная школа."


def _stage(tmp_path: Path, url: str, line: str, **label: object) -> tuple[Path, Path]:
    stage, raw = tmp_path / "stage", tmp_path / "raw"
    (stage / "pages").mkdir(parents=True)
    raw.mkdir()
    lab = {"url": url, "kind": "post", "platform": "other", "sections": ["news", "exhibitions"],
           "date": None, "trunc": False, "note": "test"} | label
    (stage / "labels.json").write_text(json.dumps({"z901": lab}, ensure_ascii=False), encoding="utf-8")
    (stage / "pages" / "z901.txt").write_text(f"{url}\nВыставка к юбилею\n{line}\n", encoding="utf-8")
    (raw / "z901.txt").write_text(RAW, encoding="utf-8")
    return stage, raw


def test_a_retold_new_page_passes(tmp_path: Path) -> None:
    stage, raw = _stage(tmp_path, "http://school-z901.test/news/vystavka", RETOLD)
    assert stage_tool.check_stage(stage, raw, lambda url: False) == []


def test_a_copied_line_a_held_out_or_known_address_and_a_bad_label_are_refused(tmp_path: Path) -> None:
    known = next(iter(json.loads(next((stage_tool.SET_DIR / "labels").glob("*.json")).read_text("utf-8")).values()))
    stage, raw = _stage(tmp_path, "HTTPS://www." + known["url"].split("://", 1)[1] + "/", RAW,
                        kind="page", sections=["news", "museum"], date="12.03.2024")
    errors = "\n".join(stage_tool.check_stage(stage, raw, lambda url: True))
    for part in ("строка 3 повторяет исходный текст", "уже есть в наборе", "отложенных страниц", "kind",
                 "неизвестные разделы ['museum']", "ГГГГ-ММ-ДД"):
        assert part in errors, part
    fixture = stage / "pages" / "z901.txt"
    fixture.write_text("http://elsewhere.test/\n" + fixture.read_text("utf-8"), encoding="utf-8")
    assert any("первая строка" in e for e in stage_tool.check_stage(stage, raw, None))


def test_merge_writes_one_label_file_and_the_fixtures(tmp_path: Path) -> None:
    stage, _ = _stage(tmp_path, "http://school-z901.test/news/vystavka", RETOLD)
    set_dir = tmp_path / "set"
    (set_dir / "labels").mkdir(parents=True)
    (set_dir / "pages").mkdir()
    stage_tool.merge([stage], "mixed99", set_dir)
    assert set(json.loads((set_dir / "labels" / "mixed99.json").read_text("utf-8"))) == {"z901"}
    assert (set_dir / "pages" / "z901.txt").read_text("utf-8").startswith("http://school-z901.test/")
