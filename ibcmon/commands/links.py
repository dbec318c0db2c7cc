"""CLI command: linkcheck (the nightly link check of the centres' pages).

Each call makes one run of kind `linkcheck` whose `settings["source_run"]` names the crawl
or audit whose pages it reads (nothing is copied), checks every link on them, advances
the nightly history once, and prints the digest. `--recrawl` crawls the centres first
(the fresh crawl's answers are then reused: no second request for the pages it fetched).
Exit code 2 with `--fail-on-broken` when the run found broken links (confirmed within
the run; the history's alarm threshold does not matter here).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
from sqlalchemy import select

from common.config import ConfigError
from ibcmon.clibase import EXIT_PROBLEMS, App, common_options, pass_app
from ibcmon.progress import Progress

SOURCE_KINDS = ("crawl", "audit")
CSV_FIELDS = [
    "centre_id", "centre", "page_url", "link_text", "url", "fragment", "internal", "verdict",
    "verdict_title", "http_status", "error", "warning", "final_url", "change", "streak",
    "broken_since", "anchor_missing", "from_crawl",
]


def find_source_run(session: Any, run_id: int | None) -> Any:
    """The run whose pages to check: `run_id` (a linkcheck run means its source) or the latest."""
    from store.models import RUN_COMPLETE, RUN_INCOMPLETE, Page, Run

    if run_id is not None:
        run = session.get(Run, run_id)
        if run is None:
            raise ConfigError(f"--run: запуск №{run_id} не найден")
        if run.kind == "linkcheck":
            source = (run.settings or {}).get("source_run")
            run = session.get(Run, int(source)) if source else None
            if run is None:
                raise ConfigError(f"--run: у проверки ссылок №{run_id} нет исходного обхода")
        return run
    has_pages = select(Page.id).where(Page.run_id == Run.id).exists()
    latest = select(Run).where(Run.kind.in_(SOURCE_KINDS), has_pages).order_by(Run.id.desc()).limit(1)
    # a complete crawl first: an interrupted one holds only some centres' pages
    run = session.scalars(latest.where(Run.status == RUN_COMPLETE)).first()
    if run is None:
        run = session.scalars(latest.where(Run.status == RUN_INCOMPLETE)).first()
    if run is None:
        raise ConfigError("нет ни одного обхода с сохранёнными страницами: запустите `ibcmon audit` "
                          "или `ibcmon linkcheck --recrawl`")
    return run


def _recrawl(app: App, progress: Progress) -> int:
    try:
        from crawler.run import run_crawl  # type: ignore[import-not-found,unused-ignore]
    except ImportError as exc:
        raise ConfigError("повторный обход (--recrawl) недоступен: нет модуля обхода") from exc
    progress("обход сайтов центров перед проверкой ссылок")
    run_id = int(run_crawl(app.db_url, app.config, app.config.general.root_url, "crawl"))
    _stop_unless_crawled(app.db, run_id, app.config.general.root_url)
    return run_id


def _stop_unless_crawled(db: Any, run_id: int, root_url: str) -> None:
    """A recrawl that failed, was interrupted or found no page ends the command here: checking
    nothing would advance the nightly history as if every link had gone."""
    from common.labels import run_state_short
    from crawler.run import stopped_reason
    from ibcmon.pipeline import crawl_stop

    stop = crawl_stop(db, run_id, pages_needed=True)
    if stop is None:
        return
    if stop.kind == "incomplete":
        message = f"Обход №{run_id} {stopped_reason(stop.phase, run_state_short('incomplete'))}; проверка ссылок не делалась."
    elif stop.kind == "failed":
        message = f"Обход №{run_id} не выполнен: {stop.error or 'ошибка обхода'}; проверка ссылок не делалась."
    else:
        message = (f"Обход №{run_id} не нашёл страниц центров на {root_url}: проверьте [general] root_url "
                   "и [discovery] в настройках; проверка ссылок не делалась.")
    click.echo(message, err=True)
    raise click.exceptions.Exit(stop.exit_code)


@click.command("linkcheck")
@common_options
@click.option("--run", "run_id", type=int, metavar="ID", help="Проверить ссылки на страницах этого обследования (по умолчанию последнего).")
@click.option("--recrawl", is_flag=True, help="Сначала заново обойти сайты центров.")
@click.option("--fail-on-broken", is_flag=True, help="Код выхода 2, если найдены неработающие ссылки.")
@click.option("--json", "json_path", metavar="FILE", help="Записать результат в JSON.")
@click.option("--csv", "csv_path", metavar="FILE", help="Записать ссылки в CSV (UTF-8 с BOM, для Excel).")
@click.option("--html", "html_path", metavar="FILE", help="Записать страницу-отчёт о ссылках (HTML).")
@click.option("-q", "--quiet", is_flag=True, help="Не показывать ход работы.")
@pass_app
@click.pass_context
def linkcheck(
    ctx: click.Context, app: App, run_id: int | None, recrawl: bool, fail_on_broken: bool,
    json_path: str | None, csv_path: str | None, html_path: str | None, quiet: bool,
) -> None:
    """Проверка ссылок на страницах центров (ночная): новые, прежние и исправленные."""
    from crawler.linkcheck import build_digest, check_run_links
    from crawler.run import RunHeartbeat, config_snapshot, owner_fields, stopped_reason
    from store.models import (
        PHASE_LINKCHECK,
        RUN_COMPLETE,
        RUN_FAILED,
        RUN_INCOMPLETE,
        RUN_RUNNING,
        LinkCheck,
        Run,
        utcnow,
    )

    if recrawl and run_id is not None:
        raise ConfigError("--run и --recrawl вместе не имеют смысла: выберите одно")
    progress = Progress(quiet)
    db = app.db
    source_id = _recrawl(app, progress) if recrawl else None
    with db.session() as session:
        source = find_source_run(session, source_id if source_id is not None else run_id)
        run = Run(kind="linkcheck", status=RUN_RUNNING, phase=PHASE_LINKCHECK, root_url=source.root_url,
                  settings={**config_snapshot(app.config), "source_run": source.id, "recrawl": recrawl},
                  **owner_fields())
        session.add(run)
        session.flush()
        lc_id, src_id = run.id, source.id
    progress(f"проверка ссылок №{lc_id}: страницы обследования №{src_id}")
    try:
        with RunHeartbeat(db, lc_id):
            summary = check_run_links(db, app.config, lc_id, source_run_id=src_id, reuse_crawl=recrawl,
                                      history=True, progress=progress)
    except BaseException as exc:
        with db.session() as session:
            failed = session.get(Run, lc_id)
            if failed is not None:
                stopped = isinstance(exc, KeyboardInterrupt | SystemExit)  # Ctrl-C, SIGTERM
                failed.status = RUN_INCOMPLETE if stopped else RUN_FAILED
                failed.finished_at = utcnow()
                failed.error = stopped_reason(PHASE_LINKCHECK) if stopped else str(exc)[:2000]
        raise
    with db.session() as session:
        done = session.get(Run, lc_id)
        assert done is not None
        done.status, done.finished_at = RUN_COMPLETE, utcnow()
        run_info = {"id": lc_id, "kind": "linkcheck", "source_run": src_id, "recrawl": recrawl,
                    "started_at": done.started_at.isoformat(), "finished_at": done.finished_at.isoformat()}
    digest = build_digest(db, lc_id)
    with db.session() as session:
        checks = session.scalars(select(LinkCheck).where(LinkCheck.run_id == lc_id).order_by(LinkCheck.url)).all()
        names = _centre_names(session, checks)
    if json_path:
        _write_json(Path(json_path), run_info, summary.to_dict(), digest.to_dict(), checks)
    if csv_path:
        _write_csv(Path(csv_path), checks, names)
    if html_path:
        from crawler.linkcheck import link_check_to_dict
        from reports.links_page import render_link_report

        rows = [link_check_to_dict(c) for c in checks]
        _ensure_parent(Path(html_path)).write_text(render_link_report(digest, rows), encoding="utf-8")
    click.echo(terminal_summary(digest, summary.to_dict()))
    for label, path in (("JSON", json_path), ("CSV", csv_path), ("HTML", html_path)):
        if path:
            click.echo(f"{label}: {path}")
    if fail_on_broken and summary.broken:
        ctx.exit(EXIT_PROBLEMS)


def _centre_names(session: Any, checks: Any) -> dict[int, str]:
    from store.models import Centre

    ids = {int(s["centre_id"]) for c in checks for s in (c.sources or [])}
    if not ids:
        return {}
    return {c.id: c.name for c in session.scalars(select(Centre).where(Centre.id.in_(ids)))}


def _ensure_parent(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def _write_json(path: Path, run: dict[str, Any], summary: dict[str, Any], digest: dict[str, Any], checks: Any) -> None:
    from crawler.linkcheck import link_check_to_dict

    data = {"run": run, "summary": summary, "digest": digest, "links": [link_check_to_dict(c) for c in checks]}
    _ensure_parent(path).write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def _write_csv(path: Path, checks: Any, names: dict[int, str]) -> None:
    from common.vocabulary import VERDICT_TITLES
    from reports.csvfile import write_csv

    def rows() -> Any:
        for check in checks:
            for source in check.sources or [{}]:
                cid = source.get("centre_id")
                yield [
                    cid, names.get(int(cid), "") if cid is not None else "",
                    source.get("page_url", ""), source.get("text", ""), check.url, source.get("fragment", ""),
                    int(bool(source.get("internal"))), check.verdict,
                    VERDICT_TITLES.get(check.verdict, check.verdict), check.http_status or "",
                    check.error or "", check.warning or "", check.final_url or "", check.change or "",
                    check.streak or 0,
                    check.broken_since.date().isoformat() if check.broken_since else "",
                    int(bool(source.get("anchor_missing"))), int(bool(check.from_crawl)),
                ]

    with _ensure_parent(path).open("w", encoding="utf-8-sig", newline="") as fh:
        write_csv(fh, CSV_FIELDS, rows())


def terminal_summary(digest: Any, summary: dict[str, Any], limit: int = 15) -> str:
    """One screen in Russian: counts (nightly runs: broken new / still / pending, then fixed /
    removed), then the new broken links by centre."""
    from reports.fmt import fmt_num, unreached_text

    t = digest.totals
    lines = [
        f"Проверка ссылок №{digest.run_id} (страницы обследования №{digest.source_run_id}), "
        f"{fmt_num(summary['elapsed_s'])}\u00a0с, запросов: {summary['requests']}",
        f"Адресов: {t['urls']} (по данным обхода: {t['from_crawl']}); работают: {t['ok']}, "
        f"адрес изменился: {t['redirected']}, не работают: {t['broken']}, "
        f"не удалось проверить: {t['blocked']}, не проверялись: {t['excluded']}",
    ]
    if digest.history:
        # what needs a librarian's hand, then what no longer does
        lines.append(
            f"Неработающие — новые: {t['new_broken']}, по-прежнему не работают: {t['still_broken']}, "
            f"ждут подтверждения (не открылись этой ночью): {t['pending']}"
        )
        lines.append(f"Устранены — исправлены: {t['fixed']}, убраны со страницы: {t['removed']}")
    if digest.unreached:
        lines.append(unreached_text(digest.unreached, digest.longest_wait) + " Они в числе «не удалось проверить».")
    if t.get("anchors_missing"):
        lines.append(f"Ссылок на несуществующий #якорь: {t['anchors_missing']}")
    for bucket, title in (("new_broken", "Новые неработающие ссылки"), ("broken", "Неработающие ссылки")):
        links = [(c.name, link) for c in digest.centres for link in getattr(c, bucket)]
        links += [(", ".join(x["name"] for x in link.centres), link) for link in digest.shared if link.bucket == bucket]
        if not links:
            continue
        lines.append(f"{title}:")
        for name, link in links[:limit]:
            lines.append(f"  {name}: {link.url} — {link.error or link.status}")
        if len(links) > limit:
            lines.append(f"  … и ещё {len(links) - limit}")
    return "\n".join(lines)


COMMANDS: list[click.Command] = [linkcheck]

__all__ = ["COMMANDS", "find_source_run", "linkcheck", "terminal_summary"]
