"""Benchmark: the rules on 20 varied worlds they were not tuned to (issue 12's goals).

Each seed's world (ibcmon/sample/varied, 30 centres) is served on loopback and audited
as `ibcmon audit` does (`ibcmon.sample.evaluate.evaluate_seed`), then compared with its
truth. Prints the per-seed table of `ibcmon sample eval` and whether the goals hold:
last update within ±3 days >= 95 %, freshness class >= 95 %, section precision and
recall >= 0.97, no false and no missed centre. Figures go to bench/results/bench_varied.json.

    .venv/bin/python -m bench.bench_varied [--seeds 1-20] [--centres 30] [--as-of YYYY-MM-DD]
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys

from bench import write_results
from ibcmon.sample import evaluate as ev

GOALS = {"date_share": 0.95, "freshness_share": 0.95, "precision": 0.97, "recall": 0.97}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--seeds", default="1-20")
    parser.add_argument("--centres", type=int, default=30)
    parser.add_argument("--as-of", dest="as_of", default=None)
    args = parser.parse_args(argv if argv is not None else [])
    today = dt.date.fromisoformat(args.as_of) if args.as_of else dt.date.today()
    print(ev.HEADER, flush=True)
    figures = []
    for seed in ev.parse_seeds(args.seeds):
        fig = ev.evaluate_seed(seed, args.centres, today)
        figures.append(fig)
        print(ev.format_row(fig), flush=True)
    overall = ev.total(figures)
    print(ev.format_row(overall, "all"))
    summary = {k: v for k, v in overall.to_dict().items() if k != "mismatches"}
    unmet = [f"{k} {summary[k]:.2f} < {goal}" for k, goal in GOALS.items() if summary[k] < goal]
    if overall.false or overall.missed:
        unmet.append(f"centres false {overall.false}, missed {overall.missed}")
    per_seed = sum(f.seconds for f in figures) / max(len(figures), 1)
    print(f"  {per_seed:.1f} s per {args.centres}-centre world; goals: {'met' if not unmet else '; '.join(unmet)}")
    for key, count in ev.mismatch_kinds(overall.mismatches)[:15]:
        print(f"  {count:5d}  {key}")
    path = write_results("bench_varied", {
        "as_of": today.isoformat(), "centres": args.centres, "overall": summary,
        "seeds": [{k: v for k, v in f.to_dict().items() if k != "mismatches"} for f in figures],
        "seconds_per_world": round(per_seed, 2), "goals_unmet": unmet,
    })
    print(f"  figures written to {path}")
    return 0 if not unmet else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
