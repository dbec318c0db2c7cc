"""The bundled world's ground truth: data/truth.json, written with a `{port}` placeholder."""
from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

PLACEHOLDER = "{port}"
_SENTINEL_PORT = 59999  # a port number that appears nowhere else in the world's text

TRUTH_PATH = Path(__file__).with_name("data") / "truth.json"


def load_truth(port: int) -> dict[str, Any]:
    """The committed truth with real URLs for a server on `port`."""
    text = resources.files("ibcmon.sample").joinpath("data/truth.json").read_text(encoding="utf-8")
    return json.loads(text.replace(PLACEHOLDER, str(port)))  # type: ignore[no-any-return]


def truth_template() -> str:
    """The truth regenerated from the world's definition, URLs with the `{port}` placeholder."""
    from ibcmon.sample.bundled import build_bundled

    data = build_bundled(_SENTINEL_PORT).truth()
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return text.replace(f":{_SENTINEL_PORT}", ":" + PLACEHOLDER)


def write_truth(path: Path = TRUTH_PATH) -> Path:
    path.write_text(truth_template(), encoding="utf-8")
    return path
