"""CLI commands: serve (the review web app) and review list|set|approve (the same, for scripts)."""
from __future__ import annotations

import click

from common.config import ConfigError
from ibcmon.clibase import App, common_options, pass_app

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8027


@click.command("serve")
@common_options
@click.option("--host", default=DEFAULT_HOST, show_default=True,
              help="Адрес, на котором слушать; любой, кроме 127.0.0.1, требует пароль ([review] password_hash).")
@click.option("--port", type=click.IntRange(0, 65535), default=DEFAULT_PORT, show_default=True, help="Порт.")
@click.option("--hash-password", is_flag=True,
              help="Спросить пароль и напечатать его хэш для [review] password_hash, не запуская сервер.")
@pass_app
def serve_command(app: App, host: str, port: int, hash_password: bool) -> None:
    """Открыть проверку оценок в браузере: методист исправляет и утверждает оценки перед рассылкой."""
    from ibcmon.review.auth import access_for
    from ibcmon.review.auth import hash_password as make_hash

    if hash_password:
        password = click.prompt("Пароль", hide_input=True, confirmation_prompt="Ещё раз")
        click.echo(make_hash(password))
        return
    access_for(host, app.config)  # refuse before touching the database
    from ibcmon.review.server import serve

    def announce(url: str) -> None:
        click.echo(f"Проверка оценок: откройте {url} (остановить: Ctrl-C)")

    serve(app.db, app.config, host, port, announce=announce)


@click.group("review")
def review_group() -> None:
    """Проверка оценок из командной строки: список, исправление, утверждение."""


def _echo_centre_line(c: object, review: str, weakest: float) -> None:
    from ibcmon.review.confidence import level
    from ibcmon.review.views import REVIEW_STATUS

    score = "—" if c.score is None else f"{c.score:.1f}"  # type: ignore[attr-defined]
    fixes = len(c.corrections)  # type: ignore[attr-defined]
    extra = f", исправлений: {fixes}" if fixes else ""
    if any(f.get("needs_recheck") for f in c.corrections):  # type: ignore[attr-defined]
        extra += ", проверьте снова"
    click.echo(f"{c.centre_id:>5}  {REVIEW_STATUS[review]:<12} уверенность {level(weakest):<8} "  # type: ignore[attr-defined]
               f"баллы {score:>5}  {c.name}{extra}")  # type: ignore[attr-defined]


@review_group.command("list")
@common_options
@click.option("--run", "run_id", type=int, metavar="ID", help="Номер обследования (по умолчанию последнее завершённое).")
@click.option("--pending", is_flag=True, help="Только неутверждённые центры, сначала самые сомнительные.")
@pass_app
def review_list(app: App, run_id: int | None, pending: bool) -> None:
    """Центры обследования: проверка (не проверен / исправлен / утверждён) и уверенность правил."""
    from checks.grade import load_audit_result
    from ibcmon.review.app import review_of
    from ibcmon.review.confidence import weakest
    from ibcmon.review.service import resolve_run

    run = resolve_run(app.db, run_id)
    result = load_audit_result(app.db, run)
    rows = [(c, review_of(c), weakest(c)) for c in result.centres]
    if pending:
        rows = sorted((r for r in rows if r[1] != "approved"), key=lambda r: (r[2], r[0].name))
    click.echo(f"Обследование №{run} на {result.run.as_of:%d.%m.%Y}: центров {len(result.centres)}, "
               f"утверждено {sum(1 for c in result.centres if c.review_status == 'approved')}")
    for c, review, low in rows:
        _echo_centre_line(c, review, low)
    if pending and not rows:
        click.echo("Все центры утверждены.")


def _section_arg(value: str) -> tuple[str, str]:
    sid, sep, verdict = value.partition("=")
    if not sep or not sid.strip() or not verdict.strip():
        raise ConfigError(f"--section {value!r}: нужно ID=present|absent|empty, например news=present")
    return f"section:{sid.strip()}", verdict.strip()


@review_group.command("set")
@common_options
@click.argument("centre_id", type=int)
@click.option("--run", "run_id", type=int, metavar="ID", help="Номер обследования (по умолчанию последнее завершённое).")
@click.option("--section", "section", metavar="ID=present|absent|empty", help="Исправить оценку раздела.")
@click.option("--last-updated", "last_updated", metavar="YYYY-MM-DD", help="Исправить дату последнего обновления.")
@click.option("--status", "status", metavar="STATUS", help="Исправить состояние страницы (ok, unreachable, …).")
@click.option("--withdraw", is_flag=True, help="Вернуть оценку правил (снять исправление) для названного поля.")
@click.option("--note", required=True, help="Примечание: почему исправлено (обязательно).")
@pass_app
def review_set(app: App, centre_id: int, run_id: int | None, section: str | None, last_updated: str | None,
               status: str | None, withdraw: bool, note: str) -> None:
    """Исправить оценку центра (CENTRE_ID — centre_id из выгрузки) с примечанием."""
    from ibcmon.review.service import correct
    from ibcmon.review.views import field_label, value_label

    changes: list[tuple[str, str]] = []
    if section:
        changes.append(_section_arg(section))
    if last_updated:
        changes.append(("last_updated", last_updated))
    if status:
        changes.append(("status", status))
    if len(changes) != 1:
        raise ConfigError("укажите ровно одно из --section, --last-updated, --status")
    field, value = changes[0]
    centre = correct(app.db, app.config, run_id, centre_id, field, None if withdraw else value, note)
    titles = {v.id: v.title for v in centre.section_details}
    if withdraw:
        click.echo(f"{centre.name}: {field_label(field, titles)} — снова по правилам.")
    else:
        click.echo(f"{centre.name}: {field_label(field, titles)} — «{value_label(field, value)}» "
                   f"(баллы {'—' if centre.score is None else f'{centre.score:.1f}'}).")


@review_group.command("approve")
@common_options
@click.argument("centre_id", type=int)
@click.option("--run", "run_id", type=int, metavar="ID", help="Номер обследования (по умолчанию последнее завершённое).")
@click.option("--undo", is_flag=True, help="Снять утверждение.")
@pass_app
def review_approve(app: App, centre_id: int, run_id: int | None, undo: bool) -> None:
    """Утвердить центр: оценки проверены, карточку можно отправлять."""
    from ibcmon.review.service import approve

    run = approve(app.db, app.config, run_id, centre_id, undo=undo)
    click.echo(f"Центр №{centre_id} в обследовании №{run}: {'утверждение снято' if undo else 'утверждён'}.")


COMMANDS: list[click.Command] = [serve_command, review_group]
