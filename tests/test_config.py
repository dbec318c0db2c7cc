"""The configuration: defaults in one place, a commented example that loads, clear errors."""
from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from common.config import SECTIONS
from ibcmon.cli import run
from ibcmon.config import Config, ConfigError, load_config

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "ibcmon.example.toml"


def test_example_config_loads_and_equals_the_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("IBCMON_ALLOW_PRIVATE", raising=False)  # conftest allows loopback
    loaded = load_config(EXAMPLE)
    assert loaded.to_dict() == Config().to_dict()


def test_every_setting_is_in_the_example() -> None:
    raw = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
    for name in SECTIONS:
        keys = set(type(getattr(Config(), name)).model_fields)
        assert keys == set(raw[name]), f"[{name}] in the example differs"
    assert set(raw) == set(SECTIONS)


def test_every_setting_has_a_comment_or_a_documented_section() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert text.count("#") > 30


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("[crawl\nmax_pages = 3", "ошибка в файле настроек"),
        ("[crawl]\nmax_pagez = 3", "crawl.max_pagez"),
        ("[crawl]\nmax_pages = 'many'", "crawl.max_pages"),
        ("[nonsense]\na = 1", "[nonsense]"),
        ("[linkcheck]\nexclude = 'x'", "linkcheck.exclude"),
        ("[linkcheck]\nconcurrency_total = 0", "linkcheck.concurrency_total: должно быть больше нуля"),
        ("[crawl]\ndelay = -1", "crawl.delay: не может быть отрицательным"),
        ("[smtp]\nport = 0", "smtp.port"),
    ],
)
def test_broken_config_names_the_problem(tmp_path: Path, content: str, expected: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=expected.replace("[", r"\[").replace("]", r"\]")):
        load_config(path)


def test_missing_config_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="не найден"):
        load_config(tmp_path / "nope.toml")


def test_cli_exits_3_on_broken_config(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.toml"
    path.write_text("[crawl]\nmax_pagez = 3\n", encoding="utf-8")
    code = run(["--config", str(path), "--db", f"sqlite:///{tmp_path / 'x.sqlite'}", "runs"])
    assert code == 3
    err = capsys.readouterr().err
    assert "crawl.max_pagez" in err
    assert len(err.strip().splitlines()) == 1


def test_cli_exits_3_on_unknown_option(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--no-such-option"]) == 3


def test_env_overrides_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "c.toml"
    path.write_text("[crawl]\nmax_pages = 7\n", encoding="utf-8")
    monkeypatch.setenv("IBCMON_CONFIG", str(path))
    assert load_config().crawl.max_pages == 7
