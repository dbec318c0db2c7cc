"""CLI commands: sample (serve the bundled or a generated sample world; print its truth)."""
from __future__ import annotations

import json
import signal
import threading
from pathlib import Path
from types import FrameType

import click

from common.config import ConfigError
from ibcmon.clibase import common_options


@click.group("sample")
def sample() -> None:
    """Образцовый мир: учебные копии сайта РРИБЦ и сайтов школ на этом компьютере (адреса 127.x.x.x)."""


@sample.command("serve")
@common_options
@click.option("--port", type=int, default=0, show_default=True, help="Порт (0 — любой свободный).")
@click.option("--centres", type=int, default=None, help="Сгенерировать мир из N центров (для замеров).")
@click.option("--pages", "pages_per_centre", type=int, default=20, show_default=True,
              help="Страниц на центр в сгенерированном мире.")
@click.option("--seed", type=int, default=1, show_default=True,
              help="Начальное число генератора (один и тот же мир при одном числе).")
@click.option("--log", "log_path", type=click.Path(dir_okay=False), default=None,
              help="Журнал запросов (JSON Lines).")
@click.option("--write-registry", "registry_path", type=click.Path(dir_okay=False), default=None,
              help="Записать реестр центров (CSV) в файл.")
@click.option("--hostile", is_flag=True,
              help="Добавить в сгенерированный мир общий «враждебный» сайт (ограничивает запросы, "
                   "отвечает медленно, зависает, обрывает ответ).")
def serve(port: int, centres: int | None, pages_per_centre: int, seed: int,
          log_path: str | None, registry_path: str | None, hostile: bool) -> None:
    """Запустить образцовый мир и обслуживать его до Ctrl-C / SIGTERM."""
    from ibcmon.sample import SampleServer, build_world

    if centres is not None and centres < 1:
        raise ConfigError("--centres: нужно положительное число")
    if hostile and centres is None:
        raise ConfigError("--hostile: только для сгенерированного мира (укажите --centres N)")
    server = SampleServer(
        lambda p: build_world(p, size=centres, pages_per_centre=pages_per_centre, seed=seed, hostile=hostile),
        port=port, log_path=log_path,
    )
    try:
        server.start()
    except OSError as exc:
        raise ConfigError(f"не удалось занять порт {port}: {exc}") from exc
    click.echo(f"Образцовый мир: {server.root_url}")
    click.echo("Его сайты на адресах 127.x.x.x: чтобы обойти их, задайте в настройках "
               "[network] allow_private = true (или переменную IBCMON_ALLOW_PRIVATE=1).")
    if registry_path:
        Path(registry_path).write_text(server.world.registry_csv(), encoding="utf-8")
        click.echo(f"Реестр центров: {registry_path}")
    stop = threading.Event()

    def _stop(_sig: int, _frame: FrameType | None) -> None:
        stop.set()

    old = {s: signal.signal(s, _stop) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        while not stop.wait(0.5):
            pass
    finally:
        for s, handler in old.items():
            signal.signal(s, handler)
        server.stop()
    click.echo("Остановлено.")


@sample.command("truth")
@common_options
@click.option("--port", type=int, default=None, help="Подставить порт в адреса (иначе {port}).")
@click.option("--write", is_flag=True, help="Пересоздать ibcmon/sample/data/truth.json из описания мира.")
def truth(port: int | None, write: bool) -> None:
    """Эталонные ответы образцового мира (что должна найти программа) в JSON."""
    from ibcmon.sample.truth import load_truth, truth_template, write_truth

    if write:
        click.echo(f"Записано: {write_truth()}")
        return
    if port is None:
        click.echo(truth_template(), nl=False)
    else:
        click.echo(json.dumps(load_truth(port), ensure_ascii=False, indent=2))


COMMANDS: list[click.Command] = [sample]
