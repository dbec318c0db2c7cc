"""Data model of ibcmon.

One `Run` is one execution of a pipeline (crawl, audit, link check). What a run saw is
kept per run, so later audits can be compared with earlier ones:

- `Centre`: the stable identity of a centre across runs (keyed by its normalised URL),
  with what the registry says of it (librarian, e-mail).
- `CentreVisit`: one centre in one run: as listed, where it led, and its status.
- `Page`: a snapshot of one fetched page or document of a centre.
- `LinkCheck`: the verdict on one unique URL in one run; `LinkState` its history.
- `Grading` + `Score`: one grading of a run (rulebook, audit date) and its per-centre
  results. A run can be graded many times (`ibcmon regrade`).
- `Correction` + `Review`: the methodologist's corrections of verdicts and the per-run
  approval of a centre (`ibcmon serve`, `ibcmon review`); grading applies corrections.
- `Delivery`: the e-mail delivery log; `JobRun`: the scheduler's job log;
  `SchedulerLock`: the one running scheduler.
"""
from __future__ import annotations

import datetime as dt
import zlib
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


# Run.status values
RUN_RUNNING = "running"
RUN_COMPLETE = "complete"  # all its work done (an audit: crawl, link check, grading, report)
RUN_CRAWLED = "crawled"  # an audit whose crawl ended; its link check, grading and report go on
RUN_INCOMPLETE = "incomplete"  # killed or interrupted half way (`Run.phase` says where)
RUN_FAILED = "failed"
RUN_LIVE = (RUN_RUNNING, RUN_CRAWLED)  # a process owns the run and is still at work on it

# Run.phase values: the stage a run is in, or was in when it stopped
PHASE_CRAWL = "crawl"
PHASE_LINKCHECK = "linkcheck"
PHASE_GRADING = "grading"
PHASE_REPORT = "report"

# CentreVisit.status values (the contract of DESIGN.md)
CENTRE_STATUSES = ("ok", "unreachable", "error", "not_found", "blocked_by_robots", "not_auditable")


class Centre(Base):
    __tablename__ = "centre"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(1000), unique=True)  # normalised URL (common.urls.centre_key)
    name: Mapped[str] = mapped_column(String(500))
    municipality: Mapped[str | None] = mapped_column(String(300))
    url: Mapped[str] = mapped_column(String(2000))  # as listed (or as in the registry)
    librarian: Mapped[str | None] = mapped_column(String(300))
    email: Mapped[str | None] = mapped_column(String(300))
    in_registry: Mapped[bool] = mapped_column(Boolean, default=False)
    first_seen: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    last_seen: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    visits: Mapped[list[CentreVisit]] = relationship(back_populates="centre")


class Run(Base):
    __tablename__ = "run"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # crawl | audit | linkcheck
    status: Mapped[str] = mapped_column(String(20), default=RUN_RUNNING)
    root_url: Mapped[str | None] = mapped_column(String(2000))
    started_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    as_of: Mapped[dt.date | None] = mapped_column(Date)
    # the owner: the process doing the run, on which machine (host name, boot id), and its
    # heartbeat; a run is judged dead by its pid only on its own host and boot, elsewhere
    # by the age of its heartbeat (the store may be a PostgreSQL shared by several hosts)
    pid: Mapped[int | None] = mapped_column(Integer)
    host: Mapped[str | None] = mapped_column(String(255))
    boot_id: Mapped[str | None] = mapped_column(String(64))
    heartbeat: Mapped[dt.datetime | None] = mapped_column(DateTime)
    phase: Mapped[str | None] = mapped_column(String(20))  # PHASE_*: where it is, or where it stopped
    # discovery: listing pages found, links left out, malformed urls, registry reconciliation
    discovery: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    stats: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    error: Mapped[str | None] = mapped_column(Text)

    visits: Mapped[list[CentreVisit]] = relationship(back_populates="run", cascade="all, delete-orphan")


class CentreVisit(Base):
    __tablename__ = "centre_visit"
    __table_args__ = (UniqueConstraint("run_id", "centre_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("run.id", ondelete="CASCADE"), index=True)
    centre_id: Mapped[int] = mapped_column(ForeignKey("centre.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(500))  # as listed in this run
    municipality: Mapped[str | None] = mapped_column(String(300))
    listed_url: Mapped[str] = mapped_column(String(2000))
    listed_on: Mapped[str | None] = mapped_column(String(2000))  # the listing page
    aliases: Mapped[list[Any]] = mapped_column(JSON, default=list)  # other listed URLs merged into it
    home_url: Mapped[str | None] = mapped_column(String(2000))  # when listed by the school's home page
    final_url: Mapped[str | None] = mapped_column(String(2000))  # the audited library page
    status: Mapped[str] = mapped_column(String(30), default="ok")
    reason: Mapped[str | None] = mapped_column(Text)  # short human-readable reason (Russian)
    # the reason's code (common.labels.CRAWL_ERROR); None on rows older than the codes
    reason_code: Mapped[str | None] = mapped_column(String(30))
    http_status: Mapped[int | None] = mapped_column(Integer)
    pages: Mapped[int] = mapped_column(Integer, default=0)
    bytes: Mapped[int] = mapped_column(Integer, default=0)
    started_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    run: Mapped[Run] = relationship(back_populates="visits")
    centre: Mapped[Centre] = relationship(back_populates="visits")


class Page(Base):
    """A snapshot of one fetched URL inside a centre's scope (page or document)."""

    __tablename__ = "page"
    __table_args__ = (Index("ix_page_run_centre", "run_id", "centre_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("run.id", ondelete="CASCADE"))
    centre_id: Mapped[int] = mapped_column(ForeignKey("centre.id", ondelete="CASCADE"))
    url: Mapped[str] = mapped_column(String(2000))  # as requested
    final_url: Mapped[str] = mapped_column(String(2000))  # after redirects
    http_status: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)  # network error, if no response
    # the error's code (common.labels.CRAWL_ERROR); None on rows older than the codes
    error_code: Mapped[str | None] = mapped_column(String(30))
    content_type: Mapped[str | None] = mapped_column(String(200))
    encoding: Mapped[str | None] = mapped_column(String(50))
    headers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # key headers only
    fetched_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    elapsed_ms: Mapped[int | None] = mapped_column(Integer)
    depth: Mapped[int] = mapped_column(Integer, default=0)
    size: Mapped[int] = mapped_column(Integer, default=0)  # bytes received
    truncated: Mapped[bool] = mapped_column(Boolean, default=False)  # hit the byte cap
    is_document: Mapped[bool] = mapped_column(Boolean, default=False)  # PDF, DOCX, ...
    title: Mapped[str | None] = mapped_column(Text)
    headings: Mapped[list[Any]] = mapped_column(JSON, default=list)  # [[level, text], ...]
    main_text: Mapped[str | None] = mapped_column(Text)
    text_hash: Mapped[str | None] = mapped_column(String(64))
    links: Mapped[list[Any]] = mapped_column(JSON, default=list)  # [{"url", "text"}]
    documents: Mapped[list[Any]] = mapped_column(JSON, default=list)  # [{"url", "text", "type"}]
    html_z: Mapped[bytes | None] = mapped_column(LargeBinary)  # zlib-compressed decoded HTML

    @property
    def html(self) -> str | None:
        return zlib.decompress(self.html_z).decode("utf-8") if self.html_z else None

    @html.setter
    def html(self, value: str | None) -> None:
        self.html_z = zlib.compress(value.encode("utf-8"), 6) if value is not None else None


class LinkCheck(Base):
    """The verdict on one unique URL (fragment stripped) in one run."""

    __tablename__ = "link_check"
    __table_args__ = (UniqueConstraint("run_id", "url"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("run.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(String(2000))
    verdict: Mapped[str] = mapped_column(String(20))  # ok | redirected | broken | blocked | excluded
    http_status: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)
    final_url: Mapped[str | None] = mapped_column(String(2000))
    redirects: Mapped[list[Any]] = mapped_column(JSON, default=list)  # [[status, url], ...]
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    from_crawl: Mapped[bool] = mapped_column(Boolean, default=False)  # verdict taken from the crawl
    elapsed_ms: Mapped[int | None] = mapped_column(Integer)
    checked_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    # where the link stands: [{"centre_id", "page_url", "text", "fragment", "internal",
    # "anchor_missing"}] (anchor_missing: the fragment names no id on the target page)
    sources: Mapped[list[Any]] = mapped_column(JSON, default=list)
    warning: Mapped[str | None] = mapped_column(Text)  # works, but (e.g. an unverified certificate)
    # history as of this run (nightly link checks only; see crawler.linkcheck.history):
    # new_broken | still_broken | pending | fixed | recovered | None
    change: Mapped[str | None] = mapped_column(String(20))
    streak: Mapped[int] = mapped_column(Integer, default=0)  # consecutive runs broken, this one included
    broken_since: Mapped[dt.datetime | None] = mapped_column(DateTime)


class LinkState(Base):
    """History of one URL across nightly runs."""

    __tablename__ = "link_state"

    url: Mapped[str] = mapped_column(String(2000), primary_key=True)
    first_seen: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    last_checked: Mapped[dt.datetime | None] = mapped_column(DateTime)
    last_ok: Mapped[dt.datetime | None] = mapped_column(DateTime)
    last_verdict: Mapped[str | None] = mapped_column(String(20))
    streak: Mapped[int] = mapped_column(Integer, default=0)  # consecutive runs with a broken verdict
    broken_since: Mapped[dt.datetime | None] = mapped_column(DateTime)
    last_run_id: Mapped[int | None] = mapped_column(Integer)
    alarmed: Mapped[bool] = mapped_column(Boolean, default=False)


class Grading(Base):
    """One grading of a run under a rulebook and an audit date."""

    __tablename__ = "grading"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("run.id", ondelete="CASCADE"), index=True)
    as_of: Mapped[dt.date] = mapped_column(Date)
    rulebook_name: Mapped[str] = mapped_column(String(500))
    rulebook_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    scores: Mapped[list[Score]] = relationship(back_populates="grading", cascade="all, delete-orphan")


class Score(Base):
    __tablename__ = "score"
    __table_args__ = (UniqueConstraint("grading_id", "centre_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    grading_id: Mapped[int] = mapped_column(ForeignKey("grading.id", ondelete="CASCADE"), index=True)
    centre_id: Mapped[int] = mapped_column(ForeignKey("centre.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(30))
    score: Mapped[float | None] = mapped_column(Float)
    grade: Mapped[str | None] = mapped_column(String(50))
    freshness: Mapped[str] = mapped_column(String(20), default="unknown")
    last_updated: Mapped[dt.date | None] = mapped_column(Date)
    # the full per-centre result (checks.result.CentreResult.to_dict())
    result: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    grading: Mapped[Grading] = relationship(back_populates="scores")


class Delivery(Base):
    """One e-mail (or attempt) to a centre's librarian."""

    __tablename__ = "delivery"
    __table_args__ = (Index("ix_delivery_run_centre_kind", "run_id", "centre_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("run.id", ondelete="CASCADE"))
    centre_id: Mapped[int] = mapped_column(ForeignKey("centre.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))  # scorecard | links
    address: Mapped[str | None] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(20))  # sent | failed | no_address | dry_run
    error: Mapped[str | None] = mapped_column(Text)
    message_id: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    subject: Mapped[str | None] = mapped_column(Text)
    outbox_path: Mapped[str | None] = mapped_column(String(2000))  # the .eml of a dry run


class JobRun(Base):
    """One run of a scheduled job."""

    __tablename__ = "job_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[str] = mapped_column(String(100), index=True)
    command: Mapped[list[Any]] = mapped_column(JSON, default=list)
    started_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # running | ok | problems (exit 2) | failed | timeout | interrupted (scheduler stopped)
    outcome: Mapped[str] = mapped_column(String(20), default="running")
    exit_code: Mapped[int | None] = mapped_column(Integer)
    log_tail: Mapped[str | None] = mapped_column(Text)
    pid: Mapped[int | None] = mapped_column(Integer)  # the subprocess
    host: Mapped[str | None] = mapped_column(String(255))


class SchedulerLock(Base):
    """Who runs the scheduler on this database: one row per lock name, kept fresh by a heartbeat.

    A second `ibcmon schedule` finds the row and refuses to start; a row whose process is
    gone (same host, dead pid) or whose heartbeat is stale is taken over.
    """

    __tablename__ = "scheduler_lock"

    name: Mapped[str] = mapped_column(String(50), primary_key=True)
    token: Mapped[str] = mapped_column(String(64))  # unique per holder, for compare-and-swap
    pid: Mapped[int] = mapped_column(Integer)
    host: Mapped[str] = mapped_column(String(255))
    started_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    heartbeat: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Correction(Base):
    """A methodologist's correction of one verdict of a centre in one run.

    `field` is `section:<id>`, `last_updated` or `status`; `old`/`new` are the rules' and the
    corrected value as text (`present|absent|empty`, an ISO date, a status); `new` None
    withdraws the correction. The latest row per (run, centre, field) wins. `page_url` and
    `text_hash` fingerprint the evidence page when the correction was made: the next audit
    carries the correction over (a copy with `carried_from`) and sets `needs_recheck` when
    that page's main text changed.
    """

    __tablename__ = "correction"
    __table_args__ = (Index("ix_correction_run_centre", "run_id", "centre_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("run.id", ondelete="CASCADE"))
    centre_id: Mapped[int] = mapped_column(ForeignKey("centre.id", ondelete="CASCADE"), index=True)
    field: Mapped[str] = mapped_column(String(100))
    old: Mapped[str | None] = mapped_column(String(100))
    new: Mapped[str | None] = mapped_column(String(100))
    note: Mapped[str] = mapped_column(Text)
    by: Mapped[str] = mapped_column(String(200))
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    page_url: Mapped[str | None] = mapped_column(String(2000))
    text_hash: Mapped[str | None] = mapped_column(String(64))
    needs_recheck: Mapped[bool] = mapped_column(Boolean, default=False)
    carried_from: Mapped[int | None] = mapped_column(Integer)  # the correction this one continues


class Review(Base):
    """A centre approved (reviewed) for one run: its cards may go out."""

    __tablename__ = "review"
    __table_args__ = (UniqueConstraint("run_id", "centre_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("run.id", ondelete="CASCADE"), index=True)
    centre_id: Mapped[int] = mapped_column(ForeignKey("centre.id", ondelete="CASCADE"))
    by: Mapped[str] = mapped_column(String(200))
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Recheck(Base):
    """One centre checked again on demand (`ibcmon recheck`, the review app's button).

    The fresh crawl replaced the centre's visit, pages and link verdicts in `run_id`; the
    rows it replaced are kept in `archive_run_id` (a run of kind `recheck`), and the
    scores before and after in the gradings `old_grading_id` and `new_grading_id`.
    `changes` lists what changed: `[{"field", "old", "new"}]` (`section:<id>`,
    `last_updated`, `status`, `score`, `grade`), as a correction's log entry would.
    """

    __tablename__ = "recheck"
    __table_args__ = (Index("ix_recheck_run_centre", "run_id", "centre_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("run.id", ondelete="CASCADE"))
    centre_id: Mapped[int] = mapped_column(ForeignKey("centre.id", ondelete="CASCADE"), index=True)
    archive_run_id: Mapped[int | None] = mapped_column(Integer)
    old_grading_id: Mapped[int | None] = mapped_column(Integer)
    new_grading_id: Mapped[int | None] = mapped_column(Integer)
    as_of: Mapped[dt.date] = mapped_column(Date)
    by: Mapped[str] = mapped_column(String(200))
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    changes: Mapped[list[Any]] = mapped_column(JSON, default=list)
