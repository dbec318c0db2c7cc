"""CLI commands: sample (serve the bundled or a generated sample world; print its truth)."""
from __future__ import annotations

import json
import signal
import threading
from pathlib import Path
from types import FrameType

import click

from common.config import ConfigError
from ibcmon.clibase import common_options, need_sample_extra


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
@click.option("--varied", is_flag=True,
              help="Разнообразный мир (платформы, вёрстка, формулировки, ловушки) для проверки правил; "
                   "по умолчанию 30 центров, дата обследования — сегодня.")
@click.option("--log", "log_path", type=click.Path(dir_okay=False), default=None,
              help="Журнал запросов (JSON Lines).")
@click.option("--write-registry", "registry_path", type=click.Path(dir_okay=False), default=None,
              help="Записать реестр центров (CSV) в файл.")
@click.option("--hostile", is_flag=True,
              help="Добавить в сгенерированный мир общий «враждебный» сайт (ограничивает запросы, "
                   "отвечает медленно, зависает, обрывает ответ).")
def serve(port: int, centres: int | None, pages_per_centre: int, seed: int, varied: bool,
          log_path: str | None, registry_path: str | None, hostile: bool) -> None:
    """Запустить образцовый мир и обслуживать его до Ctrl-C / SIGTERM."""
    need_sample_extra()
    from ibcmon.sample import SampleServer, build_world
    from ibcmon.sample.varied import build_varied

    if centres is not None and centres < 1:
        raise ConfigError("--centres: нужно положительное число")
    if hostile and (centres is None or varied):
        raise ConfigError("--hostile: только для сгенерированного мира (укажите --centres N)")
    if varied:
        server = SampleServer(lambda p: build_varied(p, seed=seed, size=centres or 30), port=port,
                              log_path=log_path)
    else:
        server = SampleServer(
            lambda p: build_world(p, size=centres, pages_per_centre=pages_per_centre, seed=seed,
                                  hostile=hostile),
            port=port, log_path=log_path,
        )
    try:
        server.start()
    except OSError as exc:
        raise ConfigError(f"не удалось занять порт {port}: {exc}") from exc
    click.echo(f"Образцовый мир: {server.root_url}")
    click.echo("Его сайты на адресах 127.x.x.x: чтобы обойти их, задайте в настройках "
               "[network] allow_private = true (или переменную IBCMON_ALLOW_PRIVATE=1).")
    if varied:
        click.echo(f"Дата обследования: {server.truth['as_of']} (ibcmon audit {server.root_url} "
                   f"--as-of {server.truth['as_of']})")
    social = None
    if centres is None and not varied:  # the bundled world's VK and Telegram centres
        from ibcmon.sample.social import demo_social

        social = demo_social().start()
        click.echo("Его сообщества ВКонтакте и канал Telegram — на местной имитации; в настройках: "
                   f'[social] vk_api_url = "{social.vk_api_url}", '
                   f'telegram_preview_url = "{social.preview_url}", vk_token = любой непустой.')
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
        if social is not None:
            social.stop()
    click.echo("Остановлено.")


@sample.command("truth")
@common_options
@click.option("--port", type=int, default=None, help="Подставить порт в адреса (иначе {port}).")
@click.option("--write", is_flag=True, help="Пересоздать ibcmon/sample/data/truth.json из описания мира.")
def truth(port: int | None, write: bool) -> None:
    """Эталонные ответы образцового мира (что должна найти программа) в JSON."""
    need_sample_extra()
    from ibcmon.sample.truth import load_truth, truth_template, write_truth

    if write:
        click.echo(f"Записано: {write_truth()}")
        return
    if port is None:
        click.echo(truth_template(), nl=False)
    else:
        click.echo(json.dumps(load_truth(port), ensure_ascii=False, indent=2))


@sample.command("eval")
@common_options
@click.option("--seeds", default="1-20", show_default=True, metavar="N-M",
              help="Начальные числа миров: «1-20», «3», «1,4,9-12».")
@click.option("--centres", type=int, default=30, show_default=True, help="Центров в каждом мире.")
@click.option("--as-of", "as_of", metavar="YYYY-MM-DD", default=None,
              help="Дата обследования мира (по умолчанию сегодня: от неё отсчитаны «вчера», «3 дня назад»).")
@click.option("--json", "json_path", type=click.Path(dir_okay=False), default=None,
              help="Записать цифры и все расхождения в JSON.")
@click.option("--keep", "keep_dir", type=click.Path(file_okay=False), default=None,
              help="Сохранить базы и отчёты каждого мира в этой папке.")
@click.option("-v", "--verbose", is_flag=True, help="Показать каждое расхождение с доказательствами.")
@click.option("-q", "--quiet", is_flag=True, help="Не показывать ход работы.")
@click.option("--real", is_flag=True,
              help="Проверить правила на размеченных реальных страницах (ibcmon/sample/realpages), а не на мирах.")
@click.option("--split", type=click.Choice(["dev", "test", "all", "retold", "relaid", "adapted"]), default="all",
              show_default=True,
              help="С --real: часть набора (dev — для настройки правил, test — только для замера, "
                   "retold — страницы dev, пересказанные другими словами, relaid — они же в другой "
                   "вёрстке и внутри оформления сайта школы, adapted — страницы других библиотек, "
                   "переделанные в страницы школьной: подсказка, не эталон).")
def eval_(seeds: str, centres: int, as_of: str | None, json_path: str | None, keep_dir: str | None,
          verbose: bool, quiet: bool, real: bool, split: str) -> None:
    """Проверить правила на разнообразных мирах (или --real: на реальных страницах) и сравнить с эталоном."""
    need_sample_extra()
    from ibcmon.commands.audit import parse_as_of

    if real:
        _eval_real(split, verbose, json_path)
        return
    from ibcmon.progress import Progress
    from ibcmon.sample import evaluate as ev

    try:
        seed_list = ev.parse_seeds(seeds)
    except ValueError as exc:
        raise ConfigError(f"--seeds: {exc}") from exc
    if not 1 <= centres <= 250:
        raise ConfigError("--centres: нужно число от 1 до 250")
    today = parse_as_of(as_of)
    progress = Progress(quiet)
    keep = Path(keep_dir).resolve() if keep_dir else None
    figures = []
    click.echo(ev.HEADER)
    for seed in seed_list:
        progress(f"Мир {seed}: обследование")
        fig = ev.evaluate_seed(seed, centres, today, keep=keep)
        figures.append(fig)
        click.echo(ev.format_row(fig))
    overall = ev.total(figures)
    click.echo(ev.format_row(overall, "all"))
    if verbose:
        for m in overall.mismatches:
            click.echo(ev.format_mismatch(m))
    click.echo(f"Расхождений: {len(overall.mismatches)}" + ("" if verbose else " (каждое: --verbose)"))
    kinds = ev.mismatch_kinds(overall.mismatches)
    if kinds:
        click.echo("Чаще всего:")
        for key, count in kinds[:25]:
            click.echo(f"  {count:5d}  {key}")
    if json_path:
        data = {"as_of": today.isoformat(), "centres": centres, "seeds": [f.to_dict() for f in figures],
                "overall": {k: v for k, v in overall.to_dict().items() if k != "mismatches"}}
        Path(json_path).write_text(json.dumps(data, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
        click.echo(f"JSON: {json_path}")


def _eval_real(split: str, verbose: bool, json_path: str | None) -> None:
    from ibcmon.sample import realset

    pages = realset.select(realset.load_set(), split)
    if not pages:
        raise ConfigError(f"--split {split}: в наборе нет страниц")
    figures = realset.evaluate(pages)
    click.echo(f"Реальные страницы, часть «{split}»")
    for line in realset.format_report(figures, verbose):
        click.echo(line)
    if json_path:
        data = {"split": split, **figures.to_dict()}
        Path(json_path).write_text(json.dumps(data, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
        click.echo(f"JSON: {json_path}")


COMMANDS: list[click.Command] = [sample]
