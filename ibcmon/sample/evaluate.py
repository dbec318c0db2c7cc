"""Audit varied sample worlds against their truth: `ibcmon sample eval --seeds 1-20`.

For each seed the world is served on loopback and audited the way a user runs
`ibcmon audit` (`ibcmon.pipeline.run_audit`: crawl in a child process, link check,
grading, report) into a temporary SQLite file, with the audit date = the world's date.
The result is compared with the world's truth: centres found / false / duplicates /
missed, status, last update within ±3 days, freshness class, section precision and
recall; every mismatch keeps what the rules saw (its evidence) so a rules developer
can see what failed and why.
"""
from __future__ import annotations

import datetime as dt
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from checks.result import AuditResult, CentreResult

CONFIG_TOML = """[network]
allow_private = true  # the sample world lives on loopback addresses

[crawl]
delay = 0.02
concurrency_total = 32

[linkcheck]
delay = 0.0
timeout = 8.0
confirm_delay = 0.2
"""


def ratio(part: int, whole: int) -> float:
    """A share that is 1.0 when there was nothing to get right (no section expected, none
    found): the figures' precision, recall and agreement, for the worlds and the real pages."""
    return part / whole if whole else 1.0


def parse_seeds(text: str) -> list[int]:
    """`1-20`, `3`, `1,4,9-12` → a sorted list of seeds."""
    seeds: set[int] = set()
    for part in text.replace(" ", "").split(","):
        if not part:
            continue
        lo, _, hi = part.partition("-")
        if not lo.isdigit() or (hi and not hi.isdigit()):
            raise ValueError(f"ожидаются числа или диапазоны вида 1-20, получено {part!r}")
        a, b = int(lo), int(hi or lo)
        if b < a or b - a > 10000:
            raise ValueError(f"неверный диапазон {part!r}")
        seeds.update(range(a, b + 1))
    if not seeds:
        raise ValueError("не задано ни одного числа")
    return sorted(seeds)


@dataclass
class Mismatch:
    seed: int
    centre: str  # truth id
    platform: str
    layout: str
    what: str  # status | last_updated | freshness | section:<id> | centre
    expected: Any
    got: Any
    evidence: str = ""  # what the rules saw (or, for a missed section, where the truth has it)


@dataclass
class SeedFigures:
    seed: int
    as_of: str
    centres: int = 0
    found: int = 0
    false: int = 0
    duplicates: int = 0
    missed: int = 0
    status_right: int = 0
    status_total: int = 0
    date_right: int = 0
    date_total: int = 0
    fresh_right: int = 0
    fresh_total: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    seconds: float = 0.0
    error: str = ""  # the audit of this world failed (the crawl stopped, an exception)
    mismatches: list[Mismatch] = field(default_factory=list)

    def add(self, other: SeedFigures) -> None:
        for name in ("centres", "found", "false", "duplicates", "missed", "status_right", "status_total",
                     "date_right", "date_total", "fresh_right", "fresh_total", "tp", "fp", "fn", "seconds"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.seconds = round(self.seconds, 1)
        self.mismatches += other.mismatches
        if other.error:
            failed = int(self.error.split()[0]) + 1 if self.error else 1
            self.error = f"{failed} мир(а) не обследовано"

    @property
    def precision(self) -> float:
        return ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return ratio(self.tp, self.tp + self.fn)

    def share(self, right: int, total: int) -> float:
        return ratio(right, total)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.update(precision=round(self.precision, 4), recall=round(self.recall, 4),
                    status_share=round(self.share(self.status_right, self.status_total), 4),
                    date_share=round(self.share(self.date_right, self.date_total), 4),
                    freshness_share=round(self.share(self.fresh_right, self.fresh_total), 4))
        return data


def _norm(url: str) -> str:
    return url.strip().rstrip("/")


def _evidence(items: Iterable[Any]) -> str:
    return "; ".join(f"{e.kind}: {e.text[:80]!r} @ {e.page_url}" for e in items)


def compare(seed: int, truth: dict[str, Any], result: AuditResult | None) -> SeedFigures:
    """The figures of one audited world against its truth (no result: every centre missed)."""
    fig = SeedFigures(seed=seed, as_of=truth["as_of"], centres=len(truth["centres"]))
    by_url: dict[str, dict[str, Any]] = {}
    for t in truth["centres"]:
        for url in t["listed_urls"]:
            by_url[_norm(url)] = t
    matched: dict[str, list[CentreResult]] = {}
    for c in result.centres if result is not None else []:
        t = by_url.get(_norm(c.url))
        if t is None:
            fig.false += 1
            fig.mismatches.append(Mismatch(seed, "-", "-", "-", "centre", None, c.name, c.url))
            continue
        matched.setdefault(t["id"], []).append(c)
    as_of = dt.date.fromisoformat(truth["as_of"])
    for t in truth["centres"]:
        got = matched.get(t["id"], [])
        if not got:
            fig.missed += 1
            fig.mismatches.append(Mismatch(seed, t["id"], t["platform"], t["layout"], "centre", t["url"], None))
            continue
        fig.found += 1
        fig.duplicates += len(got) - 1
        _compare_centre(fig, t, got[0], as_of)
    return fig


def _compare_centre(fig: SeedFigures, t: dict[str, Any], c: CentreResult, as_of: dt.date) -> None:
    def miss(what: str, expected: Any, got: Any, evidence: str = "") -> None:
        fig.mismatches.append(Mismatch(fig.seed, t["id"], t["platform"], t["layout"], what, expected, got, evidence))

    fig.status_total += 1
    if c.status == t["status"]:
        fig.status_right += 1
    else:
        miss("status", t["status"], c.status, c.reason or "")
    if t["status"] != "ok" or c.status != "ok":
        return
    want = dt.date.fromisoformat(t["last_updated"]) if t["last_updated"] else None
    got = c.last_updated
    ev = c.last_updated_evidence
    ev_text = f"{ev.kind}: {ev.text[:80]!r} @ {ev.page_url}" if ev else ""
    fig.date_total += 1
    if (want is None and got is None) or (want and got and abs((got - want).days) <= 3):
        fig.date_right += 1
    else:
        miss("last_updated", t["last_updated"], got.isoformat() if got else None, ev_text)
    fig.fresh_total += 1
    if c.freshness == t["freshness"]:
        fig.fresh_right += 1
    else:
        miss("freshness", t["freshness"], c.freshness, ev_text)
    details = {v.id: v for v in c.section_details}
    for sid, expected in t["sections"].items():
        present = bool(c.sections.get(sid))
        if expected and present:
            fig.tp += 1
        elif present:
            fig.fp += 1
            miss(f"section:{sid}", False, True, _evidence(details[sid].evidence) if sid in details else "")
        elif expected:
            fig.fn += 1
            where = t.get("section_urls", {}).get(sid, "")
            how = t.get("presentation", {}).get(sid, "")
            title = t.get("titles", {}).get(sid, "")
            miss(f"section:{sid}", True, False, f"{how} «{title}» @ {where}" if title else f"{how} @ {where}")


def evaluate_seed(seed: int, size: int, today: dt.date, progress: Callable[[str], None] | None = None,
                  keep: Path | None = None) -> SeedFigures:
    """Serve the world of `seed`, audit it as `ibcmon audit` does, compare with its truth."""
    from ibcmon.config import load_config
    from ibcmon.pipeline import AuditStopped, run_audit
    from ibcmon.sample.server import SampleServer
    from ibcmon.sample.varied import build_varied
    from store.db import open_database

    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="ibcmon-eval-") as tmp:
        work = keep / f"seed-{seed}" if keep else Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        config_path = work / "eval.toml"
        config_path.write_text(CONFIG_TOML, encoding="utf-8")
        config = load_config(config_path)
        db_file = work / "ibcmon.sqlite"
        if db_file.exists():
            db_file.unlink()
        with SampleServer(lambda port: build_varied(port, seed=seed, size=size, today=today)) as server:
            db = open_database(f"sqlite:///{db_file}")
            try:
                outcome = run_audit(db, config, root_url=server.root_url,
                                    as_of=today, out_dir=work / "report", progress=progress or (lambda _m: None))
                fig = compare(seed, server.truth, outcome.result)
            except Exception as exc:  # noqa: BLE001 — one failed world is a row of the table, not the end
                if isinstance(exc, AuditStopped) and exc.interrupted:
                    # Ctrl-C or SIGTERM stops the whole evaluation, not this world alone: the
                    # next world must not start, nor the table look complete
                    raise KeyboardInterrupt from exc
                fig = compare(seed, server.truth, None)
                fig.error = f"{type(exc).__name__}: {exc}"[:300]
            finally:
                db.dispose()
    fig.seconds = round(time.monotonic() - started, 1)
    return fig


HEADER = (f"{'seed':>4}  {'found':>7} {'false':>5} {'dup':>3} {'missed':>6}  {'status':>6} {'date±3':>6} "
          f"{'fresh':>6}  {'sec P':>5} {'sec R':>5}  {'time':>6}")


def _pct(right: int, total: int) -> str:
    return f"{100 * right / total:5.0f}%" if total else "    –"


def format_row(fig: SeedFigures, label: str | None = None) -> str:
    return (f"{label or fig.seed:>4}  {f'{fig.found}/{fig.centres}':>7} {fig.false:>5} {fig.duplicates:>3} "
            f"{fig.missed:>6}  {_pct(fig.status_right, fig.status_total):>6} {_pct(fig.date_right, fig.date_total):>6} "
            f"{_pct(fig.fresh_right, fig.fresh_total):>6}  {fig.precision:5.2f} {fig.recall:5.2f}  {fig.seconds:5.1f}s"
            + (f"  ОШИБКА: {fig.error}" if fig.error else ""))


def format_mismatch(m: Mismatch) -> str:
    return (f"  seed {m.seed} {m.centre} [{m.platform}/{m.layout}] {m.what}: ожидалось {m.expected!r}, "
            f"получено {m.got!r}" + (f" — {m.evidence}" if m.evidence else ""))


def mismatch_kinds(mismatches: list[Mismatch]) -> list[tuple[str, int]]:
    """Mismatches grouped by kind, most frequent first: what a rules developer fixes next.

    A missed section is keyed by how the world presented it (heading, label, content, tab,
    page, document, inline, blog); a section found where there is none, a wrong date or
    class, by the platform; a false or missed centre by itself.
    """
    counts: dict[str, int] = {}
    for m in mismatches:
        if m.what.startswith("section:"):
            sid = m.what.split(":", 1)[1]
            if m.expected:
                key = f"{sid}: не найден ({m.evidence.split(' ', 1)[0] or '?'})"
            else:
                key = f"{sid}: лишний [{m.platform}]"
        elif m.what == "centre":
            key = "лишний центр в списке" if m.expected is None else "пропущен центр"
        else:
            key = f"{m.what} [{m.platform}]"
        counts[key] = counts.get(key, 0) + 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def total(figures: list[SeedFigures]) -> SeedFigures:
    out = SeedFigures(seed=0, as_of=figures[0].as_of if figures else "")
    for f in figures:
        out.add(f)
    return out
