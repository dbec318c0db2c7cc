"""Benchmark: lemmatising every stored page text of a crawled world (common/lemmas.py).

Crawls a generated world of `--size` centres into a temporary SQLite (or reads the run
`--run` of `--db`, or the text files of `--texts DIR`), then tokenises and lemmatises the
titles, headings and main texts of its pages: once with every cache empty (cold), then
again with the word-form and chunk caches warm (what a second grading of other texts
with the same words costs), and once more through the text cache (`tokens_of`, the
same texts again). Figures go to bench/results/bench_lemmas.json.

    .venv/bin/python -m bench.bench_lemmas [--size 135] [--db URL --run ID] [--texts DIR]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import select

from bench import write_results
from bench.bench_grade import crawl_world
from common import lemmas
from store.db import open_database
from store.models import Page


def page_texts(db_url: str, run_id: int) -> list[str]:
    db = open_database(db_url)
    texts: list[str] = []
    with db.session() as session:
        for title, headings, main_text in session.execute(
                select(Page.title, Page.headings, Page.main_text).where(Page.run_id == run_id)):
            texts.extend(t for t in (title, *(h[1] for h in headings or []), main_text) if t)
    db.dispose()
    return texts


def _timed(texts: list[str], fn: Any) -> tuple[float, int]:
    started = time.perf_counter()
    words = sum(sum(1 for t in fn(text) if t.is_word) for text in texts)
    return time.perf_counter() - started, words


def bench(size: int, db_url: str | None, run_id: int | None, text_dir: Path | None) -> dict[str, Any]:
    if text_dir is not None:
        texts = [p.read_text(encoding="utf-8") for p in sorted(text_dir.rglob("*.txt"))]
    else:
        with tempfile.TemporaryDirectory(prefix="ibcmon-bench-") as tmp:
            if db_url is None or run_id is None:
                db_url = f"sqlite:///{Path(tmp) / 'lemmas.sqlite'}"
                run_id, _truth = crawl_world(db_url, size)
            texts = page_texts(db_url, run_id)
    lemmas.lemma("библиотека")
    lemmas._analyse.cache_clear()
    lemmas._read_chunk_cached.cache_clear()
    lemmas.tokens_cache().clear()  # the dictionaries load once, not counted as lemmatising
    cold, words = _timed(texts, lemmas.tokenize)
    warm, _ = _timed(texts, lemmas.tokenize)
    lemmas.tokens_cache().clear()
    _timed(texts, lemmas.tokens_of)
    cached, _ = _timed(texts, lemmas.tokens_of)
    return {"texts": len(texts), "chars": sum(map(len, texts)), "words": words,
            "forms": lemmas.lemma_cache_info().currsize,  # type: ignore[attr-defined]
            "cold_seconds": cold, "warm_seconds": warm, "text_cached_seconds": cached}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--size", type=int, default=135)
    parser.add_argument("--db", default=None, help="read a run of this store instead of crawling")
    parser.add_argument("--run", type=int, default=None)
    parser.add_argument("--texts", type=Path, default=None, help="read the *.txt files under this folder")
    args = parser.parse_args(argv if argv is not None else [])
    r = bench(args.size, args.db, args.run, args.texts)
    print(f"lemmas bench: {r['texts']} texts, {r['chars'] / 1e6:.2f} M characters, {r['words']} words, "
          f"{r['forms']} distinct word forms")
    for label, key in (("cold caches", "cold_seconds"), ("word forms and chunks cached", "warm_seconds"),
                       ("texts cached (tokens_of)", "text_cached_seconds")):
        seconds = r[key]
        print(f"  {label}: {seconds:.2f} s, {r['words'] / max(seconds, 1e-9):,.0f} words/s")
    print(f"  figures written to {write_results('bench_lemmas', r)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
