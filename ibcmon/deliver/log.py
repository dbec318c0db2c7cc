"""The delivery log: what was sent to whom, so that a rerun sends nothing twice.

One `Delivery` row per attempt (sent, failed, dry_run); a centre without an address has
one `no_address` row per (run, kind), refreshed on each pass. A message counts as
delivered for (run, centre, kind) when a `sent` row exists; a dry run is tracked apart
(`dry_run` rows), so a rehearsal never blocks the real sending.
"""
from __future__ import annotations

from sqlalchemy import select

from store.db import Database
from store.models import Delivery, utcnow

SENT = "sent"
DRY_RUN = "dry_run"
FAILED = "failed"
NO_ADDRESS = "no_address"
SKIPPED = "skipped"  # not a stored status: already delivered before this pass

KIND_SCORECARD = "scorecard"
KIND_LINKS = "links"
KIND_RECHECK = "recheck"  # one centre's card after `ibcmon recheck --send`


def done_status(dry_run: bool) -> str:
    return DRY_RUN if dry_run else SENT


def delivered(db: Database, run_id: int, kind: str, *, dry_run: bool) -> dict[int, Delivery]:
    """centre_id → its delivery (sent, or written in a dry run) for this run and kind."""
    status = done_status(dry_run)
    with db.session() as session:
        rows = session.scalars(
            select(Delivery).where(
                Delivery.run_id == run_id, Delivery.kind == kind, Delivery.status == status
            ).order_by(Delivery.id)
        ).all()
    return {row.centre_id: row for row in rows}


def last_status(db: Database, run_id: int, kind: str) -> dict[int, str]:
    """centre_id → status of its latest attempt (real sends and no-address notes)."""
    with db.session() as session:
        rows = session.execute(
            select(Delivery.centre_id, Delivery.status).where(
                Delivery.run_id == run_id, Delivery.kind == kind, Delivery.status != DRY_RUN
            ).order_by(Delivery.id)
        ).all()
    return {centre_id: status for centre_id, status in rows}


def record(
    db: Database,
    *,
    run_id: int,
    centre_id: int,
    kind: str,
    status: str,
    address: str | None = None,
    error: str | None = None,
    message_id: str | None = None,
    subject: str | None = None,
    outbox_path: str | None = None,
) -> None:
    """Store one attempt at once (its own transaction: a crash later loses nothing)."""
    with db.session() as session:
        if status == NO_ADDRESS:
            row = session.scalars(
                select(Delivery).where(
                    Delivery.run_id == run_id, Delivery.centre_id == centre_id,
                    Delivery.kind == kind, Delivery.status == NO_ADDRESS,
                )
            ).first()
            if row is not None:
                row.created_at = utcnow()
                row.error = error
                row.address = address
                return
        session.add(Delivery(
            run_id=run_id, centre_id=centre_id, kind=kind, status=status, address=address,
            error=error, message_id=message_id, subject=subject, outbox_path=outbox_path,
        ))
