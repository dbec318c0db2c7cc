"""One schema for the settings (issue 18, point 1): every value is checked when the file
loads, whatever the command, and CLI > environment > file is settled in one place.

Each bad value used to load fine: `ibcmon runs` exited 0 on an unknown time zone, and
`ibcmon schedule --list` then printed a raw ZoneInfoNotFoundError; a wrong SMTP mode
was found only by `notify`, after a whole audit.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from common.config import Config, ConfigError, config_from_dict, run_settings
from crawler.run import config_snapshot, run_config, start_run
from ibcmon.cli import run as cli_run
from ibcmon.clibase import App
from ibcmon.config import load_config
from store.db import open_database

BAD_VALUES = [
    ('[schedule]\ntimezone = "Mars/Olympus"\n', "schedule.timezone", "неизвестный часовой пояс"),
    ('[schedule]\nlinkcheck = "30 25 * * *"\n', "schedule.linkcheck", "поле «час» '25'"),
    ('[schedule]\naudit = ["0 3 1 10 *", "0 3 * *"]\n', "schedule.audit[1]", "нужно 5 полей"),
    ('[smtp]\nsecurity = "tls"\n', "smtp.security", "ожидается одно из: 'none', 'starttls', 'ssl'"),
    ('[network]\nallow_networks = ["10.0.0.0/33"]\n', "network.allow_networks[0]", "не сеть и не адрес"),
]
COMMANDS = [["runs"], ["schedule", "--list"], ["report", "--run", "1"], ["regrade"], ["checks"],
            ["review", "list"]]


@pytest.mark.parametrize(("content", "key", "words"), BAD_VALUES)
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_bad_value_stops_every_command_at_load_with_one_line_naming_the_key(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, key: str, words: str,
        command: list[str]) -> None:
    file = tmp_path / "ibcmon.toml"
    file.write_text(content, encoding="utf-8")
    db = tmp_path / "x.sqlite"
    code = cli_run(["--config", str(file), "--db", f"sqlite:///{db}", *command])
    err = capsys.readouterr().err.strip()
    assert code == 3, err
    assert len(err.splitlines()) == 1, err
    assert f"{file}: {key}: " in err and words in err
    assert "Traceback" not in err and "Error" not in err
    assert not db.exists()  # stopped before the command opened anything


def test_the_file_named_by_the_environment_and_a_config_after_the_command_are_checked_too(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    file = tmp_path / "ibcmon.toml"
    file.write_text('[schedule]\ntimezone = "Mars/Olympus"\n', encoding="utf-8")
    monkeypatch.setenv("IBCMON_CONFIG", str(file))
    monkeypatch.setenv("IBCMON_DB", f"sqlite:///{tmp_path / 'x.sqlite'}")
    assert cli_run(["runs"]) == 3
    assert "schedule.timezone" in capsys.readouterr().err
    monkeypatch.delenv("IBCMON_CONFIG")
    assert cli_run(["schedule", "--list", "--config", str(file)]) == 3
    assert "schedule.timezone" in capsys.readouterr().err


def test_the_good_values_are_taken(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = tmp_path / "ibcmon.toml"
    file.write_text('[schedule]\ntimezone = "Europe/Moscow"\nlinkcheck = "15 1 * * 1-5"\n'
                    '[smtp]\nsecurity = "STARTTLS"\n[network]\nallow_networks = ["10.20.0.0/16", "192.0.2.7"]\n',
                    encoding="utf-8")
    code = cli_run(["--config", str(file), "--db", f"sqlite:///{tmp_path / 'x.sqlite'}", "schedule", "--list"])
    out = capsys.readouterr().out
    assert code == 0 and "Europe/Moscow" in out and "15 1 * * 1-5" in out
    assert load_config(file).smtp.security == "starttls"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('[general]\nroot_url = "rribckhv.kco27.ru"', "general.root_url: ожидается адрес http(s)"),
        ('[discovery]\nregistry_urls = ["ftp://x.ru/"]', "discovery.registry_urls[0]: ожидается адрес http(s)"),
        ('[general]\nuser_agent = " "', "general.user_agent: не может быть пустым"),
        ('[smtp]\nsender = "ibcmon at rribc"', "smtp.sender: ожидается один адрес"),
        ('[smtp]\nreply_to = "a@x.ru\\nBcc: b@y.ru"', "smtp.reply_to: ожидается один адрес"),
        ('[smtp]\nport = 70000', "smtp.port: должно быть не больше 65535"),
        ('[linkcheck]\nexclude = ["(unclosed"]', "linkcheck.exclude[0]: ошибка в регулярном выражении"),
        ('[politeness]\nshared_domains = ["*.ucoz.ru"]', "politeness.shared_domains[0]: ожидается имя домена"),
        ('[grading]\nrulebook = "no-such-rules.toml"', "grading.rulebook: файл свода правил не найден"),
        ('[schedule]\njob_timeout = 0', "schedule.job_timeout: должно быть больше нуля"),
        ('[crawl]\nobey_robots = 1', "crawl.obey_robots: ожидается true или false"),
        ("[crawl]\nmax_pages = 2.5", "crawl.max_pages: ожидается целое число"),
        ('crawl = 3', "[crawl] должен быть таблицей"),
    ],
)
def test_each_kind_of_value_is_checked_at_load(tmp_path: Path, content: str, expected: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path, env={})
    assert expected in str(caught.value)
    assert len(str(caught.value).splitlines()) == 1


def test_a_value_set_in_code_is_checked_as_well() -> None:
    config = Config()
    with pytest.raises(ConfigError, match=r"^schedule\.timezone: неизвестный часовой пояс"):
        config.schedule.timezone = "Mars/Olympus"
    with pytest.raises(ConfigError, match=r"^crawl\.max_pages: должно быть больше нуля"):
        config.crawl.max_pages = 0
    assert config.schedule.timezone == "Asia/Vladivostok" and config.crawl.max_pages == 40


def test_precedence_option_over_environment_over_file(tmp_path: Path) -> None:
    file = tmp_path / "ibcmon.toml"
    file.write_text('[general]\ndb = "sqlite:///file.sqlite"\n[smtp]\nhost = "mail.file"\nport = 25\n',
                    encoding="utf-8")
    env = {"IBCMON_DB": "sqlite:///env.sqlite", "IBCMON_SMTP_HOST": "mail.env", "IBCMON_SMTP_PORT": ""}
    assert load_config(file, env={}).general.db == "sqlite:///file.sqlite"
    from_env = load_config(file, env=env)
    assert (from_env.general.db, from_env.smtp.host, from_env.smtp.port) == ("sqlite:///env.sqlite", "mail.env", 25)
    from_cli = load_config(file, env=env, cli={"general": {"db": "sqlite:///cli.sqlite"}})
    assert from_cli.general.db == "sqlite:///cli.sqlite" and from_cli.smtp.host == "mail.env"
    assert load_config(file, env=env, cli={"general": {"db": None}}).general.db == "sqlite:///env.sqlite"


def test_the_command_line_uses_the_same_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    file = tmp_path / "ibcmon.toml"
    file.write_text(f'[general]\ndb = "sqlite:///{tmp_path / "file.sqlite"}"\n', encoding="utf-8")
    monkeypatch.setenv("IBCMON_CONFIG", str(file))
    monkeypatch.delenv("IBCMON_DB", raising=False)
    assert cli_run(["runs"]) == 0
    assert (tmp_path / "file.sqlite").exists()
    monkeypatch.setenv("IBCMON_DB", f"sqlite:///{tmp_path / 'env.sqlite'}")
    assert cli_run(["runs"]) == 0
    assert (tmp_path / "env.sqlite").exists()
    assert cli_run(["runs", "--db", f"sqlite:///{tmp_path / 'cli.sqlite'}"]) == 0
    assert (tmp_path / "cli.sqlite").exists()
    app = App()
    app.db_option = "sqlite:///given.sqlite"
    assert app.db_url == "sqlite:///given.sqlite"


def test_a_bad_environment_value_names_the_variable(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IBCMON_SMTP_PORT", "twenty-five")
    assert cli_run(["--db", f"sqlite:///{tmp_path / 'x.sqlite'}", "runs"]) == 3
    assert "IBCMON_SMTP_PORT (smtp.port): ожидается целое число" in capsys.readouterr().err


def test_a_run_keeps_the_effective_settings_of_the_same_model(tmp_path: Path) -> None:
    file = tmp_path / "ibcmon.toml"
    file.write_text('[crawl]\nmax_pages = 9\n[grading]\nrulebook = "rules.toml"\n', encoding="utf-8")
    (tmp_path / "rules.toml").write_text("", encoding="utf-8")
    env = {"IBCMON_SMTP_HOST": "mail.env", "IBCMON_DB": "postgresql+psycopg://u:secret@db/x"}
    import os

    here = os.getcwd()
    os.chdir(tmp_path)
    try:
        config = load_config(file, env=env)
    finally:
        os.chdir(here)
    stored = config_snapshot(config)
    assert stored["crawl"]["max_pages"] == 9 and stored["smtp"]["host"] == "mail.env"
    assert "secret" not in repr(stored) and stored["config_file"] == str(file)
    assert "secret" not in repr(config) and config.general.db.endswith("secret@db/x")
    assert set(stored) - {"config_file"} == set(Config.model_fields) - {"source"}
    db = open_database(f"sqlite:///{tmp_path / 'runs.sqlite'}")
    try:
        run_id = start_run(db, config, "http://127.0.0.1/")
        again = run_config(db, run_id)  # the rulebook's file is not looked for again
    finally:
        db.dispose()
    assert again.to_dict() == {**run_settings(config)}
    assert again.source == str(file)
    with pytest.raises(ConfigError, match=r"неизвестный ключ smtp\.hots"):
        config_from_dict({**run_settings(config), "smtp": {"hots": "x"}})
