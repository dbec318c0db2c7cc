"""Sending the letters: each librarian's score card after an audit, link notices at night.

`notify_scorecards` and `notify_links` read what to send from the store, skip what the
delivery log says was already delivered, and return a `DeliveryReport`. A centre without
an address is listed (`no_address`), an SMTP failure is stored for that centre (`failed`,
retried on the next pass) and the others go on: failures are data, not exceptions.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from sqlalchemy import select

from checks.result import AuditResult, CentreResult
from common.config import Config, ConfigError
from crawler.run import require_complete
from ibcmon.deliver import log
from ibcmon.deliver.card import letter_html, letter_text, links_letter, render_card
from ibcmon.deliver.message import (
    build_message,
    links_subject,
    parse_recipients,
    scorecard_subject,
)
from ibcmon.deliver.smtp import Mailer, SendError, SmtpSettings
from ibcmon.deliver.sources import (
    centre_history,
    latest_graded_run,
    latest_linkcheck_run,
    load_result,
    new_broken_links,
)
from reports import fmt
from store.db import Database
from store.models import Centre

logger = logging.getLogger(__name__)

_UNSAFE_FILE_CHARS = re.compile(r"[^\w.-]+")


@dataclass
class DeliveryOutcome:
    centre_id: int
    name: str
    status: str  # sent | dry_run | skipped | no_address | failed
    address: str | None = None
    error: str | None = None
    subject: str | None = None
    path: str | None = None  # the .eml of a dry run


@dataclass
class DeliveryReport:
    kind: str  # scorecard | links
    run_id: int | None
    dry_run: bool
    outcomes: list[DeliveryOutcome] = field(default_factory=list)
    note: str | None = None  # why nothing was to be sent, if so
    outbox: str | None = None
    run_date: dt.date | None = None
    held: int = 0  # centres left out because the methodologist has not approved them yet

    def of(self, status: str) -> list[DeliveryOutcome]:
        return [o for o in self.outcomes if o.status == status]

    @property
    def sent(self) -> list[DeliveryOutcome]:
        return self.of(log.DRY_RUN if self.dry_run else log.SENT)

    @property
    def skipped(self) -> list[DeliveryOutcome]:
        return self.of(log.SKIPPED)

    @property
    def no_address(self) -> list[DeliveryOutcome]:
        return self.of(log.NO_ADDRESS)

    @property
    def failed(self) -> list[DeliveryOutcome]:
        return self.of(log.FAILED)

    @property
    def exit_code(self) -> int:
        return 2 if self.failed else 0

    def summary_line(self) -> str:
        """One line for a terminal: "записано 12, нет адреса 3"."""
        if not self.outcomes:
            return self.note or "писем нет"
        done = "записано" if self.dry_run else "отправлено"
        parts = [f"{done} {len(self.sent)}"]
        for label, items in (("уже было", self.skipped), ("нет адреса", self.no_address),
                             ("ошибок", self.failed)):
            if items:
                parts.append(f"{label} {len(items)}")
        return ", ".join(parts)


@dataclass
class Letter:
    """One centre's letter, rendered only when it is really due."""

    centre_id: int
    name: str
    email: str | None
    librarian: str | None
    render: Callable[[], tuple[str, str, str]]  # () -> (subject, text, html)


def _registry(db: Database, ids: list[int]) -> dict[int, tuple[str | None, str | None]]:
    """centre_id → (e-mail, librarian) as the registry has them now."""
    with db.session() as session:
        rows = session.execute(
            select(Centre.id, Centre.email, Centre.librarian).where(Centre.id.in_(ids))
        ).all()
    return {cid: (email, librarian) for cid, email, librarian in rows}


def _match(only: str, centre_id: int, *texts: str | None) -> bool:
    only = only.strip()
    if only.isdigit():
        return centre_id == int(only)
    needle = only.casefold()
    return any(needle in (t or "").casefold() for t in texts)


def _outbox_dir(config: Config, outbox: str | os.PathLike[str] | None) -> Path:
    return Path(outbox or config.smtp.outbox or "ibcmon-outbox")


def _write_eml(folder: Path, kind: str, run_id: int, centre_id: int, name: str, message: EmailMessage) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    slug = _UNSAFE_FILE_CHARS.sub("-", fmt.clean_text(name)).strip("-")[:60] or "centre"
    path = folder / f"{kind}-run{run_id}-{centre_id:03d}-{slug}.eml"
    path.write_bytes(bytes(message))
    return path


def _deliver(
    db: Database,
    config: Config,
    report: DeliveryReport,
    letters: list[Letter],
    *,
    outbox: str | os.PathLike[str] | None,
    retry_only: bool,
    env: Mapping[str, str] | None,
) -> DeliveryReport:
    assert report.run_id is not None
    run_id, kind, dry_run = report.run_id, report.kind, report.dry_run
    settings = SmtpSettings.from_config(config, env, need_password=not dry_run)
    done = log.delivered(db, run_id, kind, dry_run=dry_run)
    last = log.last_status(db, run_id, kind) if retry_only else {}
    folder = _outbox_dir(config, outbox)
    if dry_run:
        report.outbox = str(folder)
    with Mailer(settings) as mailer:
        for letter in letters:
            previous = done.get(letter.centre_id)
            if previous is not None:
                report.outcomes.append(DeliveryOutcome(
                    letter.centre_id, letter.name, log.SKIPPED, previous.address,
                    subject=previous.subject, path=previous.outbox_path,
                ))
                continue
            if retry_only and last.get(letter.centre_id) != log.FAILED:
                continue
            report.outcomes.append(
                _deliver_one(db, letter, report, settings, mailer if not dry_run else None, folder)
            )
    return report


def _deliver_one(
    db: Database,
    letter: Letter,
    report: DeliveryReport,
    settings: SmtpSettings,
    mailer: Mailer | None,
    folder: Path,
) -> DeliveryOutcome:
    assert report.run_id is not None
    run_id = report.run_id

    def record(status: str, **fields: str | None) -> None:
        log.record(db, run_id=run_id, centre_id=letter.centre_id, kind=report.kind, status=status,
                   **fields)

    recipients = parse_recipients(letter.email, letter.librarian)
    if not recipients.addresses:
        error = (
            "неверный адрес: " + ", ".join(recipients.invalid) if recipients.invalid
            else "адрес электронной почты не указан"
        )
        record(log.NO_ADDRESS, address=letter.email or None, error=error)
        return DeliveryOutcome(letter.centre_id, letter.name, log.NO_ADDRESS, letter.email, error)
    subject, text, html = letter.render()
    message = build_message(
        sender=settings.sender, to=recipients.addresses, subject=subject, text=text, html=html,
        reply_to=settings.reply_to,
    )
    message_id = message["Message-ID"]
    if mailer is None:
        path = _write_eml(folder, report.kind, report.run_id, letter.centre_id, letter.name, message)
        record(log.DRY_RUN, address=recipients.text, message_id=message_id,
                   subject=subject, outbox_path=str(path))
        return DeliveryOutcome(letter.centre_id, letter.name, log.DRY_RUN, recipients.text,
                               subject=subject, path=str(path))
    try:
        note = mailer.send(message)
    except SendError as exc:
        logger.warning("delivery to centre %s (%s) failed: %s", letter.centre_id, recipients.text, exc)
        record(log.FAILED, address=recipients.text, error=str(exc),
                   message_id=message_id, subject=subject)
        return DeliveryOutcome(letter.centre_id, letter.name, log.FAILED, recipients.text, str(exc),
                               subject=subject)
    record(log.SENT, address=recipients.text, error=note,
               message_id=message_id, subject=subject)
    return DeliveryOutcome(letter.centre_id, letter.name, log.SENT, recipients.text, note, subject=subject)


def _scorecard_letter(
    centre: CentreResult, result: AuditResult, registry: dict[int, tuple[str | None, str | None]],
    history: dict[int, list[Any]], reply_to: str,
) -> Letter:
    email, librarian = registry.get(centre.centre_id, (None, None))
    email = email or centre.email
    librarian = librarian or centre.librarian

    def render() -> tuple[str, str, str]:
        card_html, card_text = render_card(centre, result.run, history.get(centre.centre_id))
        audit_date = fmt.fmt_date(result.run.as_of)
        return (
            scorecard_subject(centre),
            letter_text(card_text, librarian=librarian, audit_date=audit_date, reply_to=reply_to),
            letter_html(card_html, librarian=librarian, audit_date=audit_date, reply_to=reply_to),
        )

    return Letter(centre.centre_id, centre.name, email, librarian, render)


def notify_scorecards(
    db: Database,
    config: Config,
    run_id: int | None = None,
    *,
    dry_run: bool = False,
    only: str | None = None,
    outbox: str | os.PathLike[str] | None = None,
    retry_only: bool = False,
    env: Mapping[str, str] | None = None,
    approved_only: bool | None = None,
    allow_incomplete: bool = False,
) -> DeliveryReport:
    """E-mail each centre's librarian the score card of audit `run_id` (default: the latest).

    `approved_only` (default `[review] required`) sends only the centres approved in the
    review of that run (`ibcmon serve`, `ibcmon review approve`); the others are counted
    as `held`.

    `only` limits it to one centre (its id, or a part of its name or address);
    `retry_only` to the centres whose last attempt failed; `dry_run` writes .eml files to
    `outbox` (default `[smtp] outbox`) instead of sending.
    """
    if run_id is None:
        run_id = latest_graded_run(db)
        if run_id is None:
            return DeliveryReport(log.KIND_SCORECARD, None, dry_run,
                                  note="нет ни одного оценённого обследования: рассылать нечего")
    if not allow_incomplete:  # an interrupted audit's cards would tell librarians half the truth
        require_complete(db, run_id, "рассылка")
    result = load_result(db, run_id)
    centres = result.centres
    if only:
        centres = [c for c in centres if _match(only, c.centre_id, c.name, c.url, c.final_url)]
        if not centres:
            raise ConfigError(f"в обследовании №{run_id} нет центра «{only}»")
    report = DeliveryReport(log.KIND_SCORECARD, run_id, dry_run, run_date=result.run.as_of)
    if config.review.required if approved_only is None else approved_only:
        approved = [c for c in centres if c.review_status == "approved"]
        report.held = len(centres) - len(approved)
        centres = approved
        if not centres:
            report.note = "ни один центр ещё не утверждён после проверки оценок: рассылать нечего"
            return report
    registry = _registry(db, [c.centre_id for c in centres])
    reply_to = SmtpSettings.from_config(config, env, need_password=False).reply_to
    history = centre_history(db, [c.centre_id for c in centres])
    letters = [_scorecard_letter(c, result, registry, history, reply_to) for c in centres]
    return _deliver(db, config, report, letters, outbox=outbox, retry_only=retry_only, env=env)


def send_scorecard_now(
    db: Database,
    config: Config,
    run_id: int,
    centre_id: int,
    *,
    dry_run: bool = False,
    outbox: str | os.PathLike[str] | None = None,
    env: Mapping[str, str] | None = None,
) -> DeliveryReport:
    """E-mail one centre its card as the run now has it (after `ibcmon recheck`), whatever
    was sent before: a recheck is news. Logged as kind `recheck` in the delivery log."""
    result = load_result(db, run_id)
    centre = next((c for c in result.centres if c.centre_id == centre_id), None)
    if centre is None:
        raise ConfigError(f"в обследовании №{run_id} нет центра №{centre_id}")
    report = DeliveryReport(log.KIND_RECHECK, run_id, dry_run, run_date=result.run.as_of)
    settings = SmtpSettings.from_config(config, env, need_password=not dry_run)
    registry = _registry(db, [centre_id])
    letter = _scorecard_letter(centre, result, registry, centre_history(db, [centre_id]), settings.reply_to)
    folder = _outbox_dir(config, outbox)
    if dry_run:
        report.outbox = str(folder)
        report.outcomes.append(_deliver_one(db, letter, report, settings, None, folder))
        return report
    with Mailer(settings) as mailer:
        report.outcomes.append(_deliver_one(db, letter, report, settings, mailer, folder))
    return report


def notify_links(
    db: Database,
    config: Config,
    run_id: int | None = None,
    *,
    dry_run: bool = False,
    only: str | None = None,
    outbox: str | os.PathLike[str] | None = None,
    retry_only: bool = False,
    env: Mapping[str, str] | None = None,
    allow_incomplete: bool = False,
) -> DeliveryReport:
    """A short notice to each centre with NEW broken links in link-check run `run_id`.

    Default: the latest complete nightly link check. Only links the check counts as newly
    broken (failed `[linkcheck] alarm_after` nights in a row) are reported, once per run.
    """
    if run_id is None:
        run_id = latest_linkcheck_run(db)
        if run_id is None:
            return DeliveryReport(log.KIND_LINKS, None, dry_run,
                                  note="ночная проверка ссылок ещё не проводилась")
    if not allow_incomplete:
        require_complete(db, run_id, "рассылка")
    notices = new_broken_links(db, run_id)
    report = DeliveryReport(log.KIND_LINKS, run_id, dry_run, run_date=notices.checked_at.date())
    items = notices.centres
    registry = _registry(db, [n.centre_id for n in items])
    if only:
        urls = _urls(db, [n.centre_id for n in items])
        items = [n for n in items if _match(only, n.centre_id, n.name, urls.get(n.centre_id))]
    if not items:
        report.note = "новых неработающих ссылок нет: уведомлять некого"
        return report
    reply_to = SmtpSettings.from_config(config, env, need_password=False).reply_to
    checked_on = fmt.fmt_date(notices.checked_at.date())
    letters = []
    for notice in items:
        email, librarian = registry.get(notice.centre_id, (None, None))

        def render(notice: Any = notice, librarian: str | None = librarian) -> tuple[str, str, str]:
            html, text = links_letter(
                name=notice.name, librarian=librarian, links=notice.links, checked_on=checked_on,
                nights=notices.alarm_after, reply_to=reply_to,
            )
            return links_subject(notice.name, len({link.url for link in notice.links})), text, html

        letters.append(Letter(notice.centre_id, notice.name, email, librarian, render))
    return _deliver(db, config, report, letters, outbox=outbox, retry_only=retry_only, env=env)


def _urls(db: Database, ids: list[int]) -> dict[int, str]:
    with db.session() as session:
        return dict(session.execute(select(Centre.id, Centre.url).where(Centre.id.in_(ids))).all())
