"""Benchmark: the review app's overview of a run with 1,000 centres in the store.

A SQLite store gets one audit run with 1,000 synthetic centres (tests/report_fixtures.py:
every status, evidence, advice), graded, with corrections on every tenth centre and
approvals on every fifth. The overview (`GET /runs/<id>`: the result loaded from the store,
each centre's review state and weakest confidence, the page rendered), the review queue
and one centre page are timed through Flask's test client. The target for the overview
is under 1 second. Figures also go to bench/results/bench_review.json.

    .venv/bin/python -m bench.bench_review [--centres 1000] [--repeat 5]
"""
from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import write_results

TARGET_SECONDS = 1.0
TESTS = Path(__file__).resolve().parent.parent / "tests"


def fill_store(db_url: str, centres: int) -> tuple[Any, int, int]:
    """A migrated store with one graded run of `centres` centres: (db, run id, a centre id)."""
    if str(TESTS) not in sys.path:
        sys.path.insert(0, str(TESTS))
    from report_fixtures import make_result

    from checks.grade import result_dict
    from store.db import open_database
    from store.models import Centre, CentreVisit, Correction, Grading, Review, Run, Score

    result = make_result(centres)
    db = open_database(db_url)
    with db.session() as session:
        run = Run(kind="audit", status="complete", root_url="http://rribc.example/", as_of=result.run.as_of,
                  finished_at=dt.datetime.now())
        session.add(run)
        session.flush()
        grading = Grading(run_id=run.id, as_of=result.run.as_of, rulebook_name="bench", rulebook_hash="0" * 64,
                          summary=dict(result.summary))
        session.add(grading)
        session.flush()
        for c in result.centres:
            row = Centre(key=f"{c.url}#{c.centre_id}", name=c.name[:500], municipality=c.municipality, url=c.url)
            session.add(row)
            session.flush()
            c.centre_id = row.id
            session.add(CentreVisit(run_id=run.id, centre_id=row.id, name=c.name[:500], listed_url=c.url,
                                    final_url=c.final_url, status=c.status))
            if c.status == "ok" and row.id % 10 == 0 and c.section_details:
                sid = c.section_details[0].id
                session.add(Correction(run_id=run.id, centre_id=row.id, field=f"section:{sid}", old="absent",
                                       new="present", note="проверено", by="bench", needs_recheck=row.id % 20 == 0))
                c.corrections = [{"field": f"section:{sid}", "old": "absent", "new": "present", "note": "проверено",
                                  "by": "bench", "at": None, "needs_recheck": row.id % 20 == 0, "carried": False}]
            if row.id % 5 == 0:
                session.add(Review(run_id=run.id, centre_id=row.id, by="bench"))
            session.add(Score(grading_id=grading.id, centre_id=row.id, status=c.status, score=c.score, grade=c.grade,
                              freshness=c.freshness, last_updated=c.last_updated, result=result_dict(c)))
        run_id = run.id
        sample = next(c.centre_id for c in result.centres if c.status == "ok")
    return db, run_id, sample


def _time(client: Any, url: str, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        answer = client.get(url)
        times.append(time.perf_counter() - started)
        assert answer.status_code == 200, (url, answer.status_code)
    return times


def bench(centres: int, repeat: int) -> dict[str, Any]:
    from common.config import Config
    from ibcmon.review.app import create_app

    with tempfile.TemporaryDirectory(prefix="ibcmon-bench-review-") as tmp:
        started = time.perf_counter()
        db, run_id, centre_id = fill_store(f"sqlite:///{Path(tmp) / 'review.sqlite'}", centres)
        fill_s = time.perf_counter() - started
        client = create_app(db, Config()).test_client()
        client.get(f"/runs/{run_id}")  # warm the templates
        overview = _time(client, f"/runs/{run_id}", repeat)
        queue = _time(client, f"/runs/{run_id}/queue", repeat)
        centre = _time(client, f"/runs/{run_id}/centres/{centre_id}", repeat)
        size = len(client.get(f"/runs/{run_id}").data)
        db.dispose()
    return {"centres": centres, "fill_s": fill_s, "overview": overview, "queue": queue, "centre": centre,
            "overview_bytes": size}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--centres", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv if argv is not None else [])
    r = bench(args.centres, args.repeat)
    figures = {k: statistics.median(r[k]) for k in ("overview", "queue", "centre")}
    print(f"review bench: {r['centres']} centres in the store (filled in {r['fill_s']:.1f} s), "
          f"overview page {r['overview_bytes'] / 1e6:.2f} MB")
    for name, label in (("overview", "overview"), ("queue", "review queue"), ("centre", "one centre")):
        print(f"  {label}: median {figures[name]:.3f} s, best {min(r[name]):.3f} s over {len(r[name])} requests")
    print(f"  target: overview < {TARGET_SECONDS:.0f} s")
    print(f"  figures written to {write_results('bench_review', {**r, 'median': figures})}")
    return 0 if figures["overview"] < TARGET_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
