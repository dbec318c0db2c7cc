"""The child process of a crawl run: one Scrapy crawl, then exit.

Started by `crawler.run.run_crawl`; progress lines go to stdout, Scrapy's log to stderr.
SIGINT / SIGTERM stop it gracefully (Scrapy's shutdown handlers); the store pipeline
then marks the run `incomplete`. It ends when its parent dies (`crawler.orphan`).
"""
from __future__ import annotations

import argparse
import logging
import os
import sys
import traceback

from crawler.orphan import end_with_parent
from crawler.run import DB_ENV, GIVEN_CENTRES, PARENT_PID_ENV, RunHeartbeat, finish_run, run_config
from store.db import open_database
from store.models import RUN_FAILED, Run


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m crawler", description="ibcmon crawl (child process)")
    # the database URL comes from $IBCMON_DB (see crawler.run.DB_ENV): a password on the
    # command line would show in `ps`; --db stays for running the child by hand
    parser.add_argument("--db", default=None)
    parser.add_argument("--run-id", type=int, required=True)
    parser.add_argument("--root", required=True)
    parser.add_argument("--registry-url", action="append", default=[])
    parser.add_argument("--log-level", default="ERROR")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    args.db = args.db or os.environ.get(DB_ENV)
    if not args.db:
        print(f"не задана база данных: переменная окружения {DB_ENV}", file=sys.stderr)
        return 3
    db = open_database(args.db, migrate=False)  # the parent has migrated it
    try:
        with db.session() as session:
            run = session.get(Run, args.run_id)
            if run is None:
                print(f"запуск №{args.run_id} не найден в базе", file=sys.stderr)
                return 3
            args.centres = list((run.discovery or {}).get(GIVEN_CENTRES) or [])
        config = run_config(db, args.run_id)  # the run's own settings, as every stage reads them
        parent = os.environ.get(PARENT_PID_ENV, "")
        if parent.isdigit():  # started by `run_crawl`: never outlive it
            end_with_parent(int(parent), grace=config.crawl.timeout + 15)
        with RunHeartbeat(db, args.run_id):  # this process owns the run now: pid, host, heartbeat
            crawl(args, config)
    except Exception as exc:
        logging.getLogger("crawler").debug("crawl failed", exc_info=True)
        traceback.print_exc(file=sys.stderr)
        finish_run(db, args.run_id, RUN_FAILED, error=f"{type(exc).__name__}: {exc}")
        return 1
    finally:
        db.dispose()
    return 0


def crawl(args: argparse.Namespace, config: object) -> None:
    from scrapy.crawler import AsyncCrawlerProcess

    from common.config import Config
    from crawler.settings import scrapy_settings
    from crawler.spider import CentreSpider

    assert isinstance(config, Config)
    settings = scrapy_settings(config, args.log_level)
    settings["IBCMON_DB_URL"] = args.db
    settings["IBCMON_RUN_ID"] = args.run_id
    process = AsyncCrawlerProcess(settings)
    level = logging.getLevelName(args.log_level.upper())
    if not isinstance(level, int) or level >= logging.ERROR:
        # robots.txt of a dead host is logged as an error with a traceback: it is a result here
        logging.getLogger("scrapy.downloadermiddlewares.robotstxt").setLevel(logging.CRITICAL)
    process.crawl(CentreSpider, root_url=args.root, config=config, run_id=args.run_id,
                  registry_urls=args.registry_url or None, given_centres=getattr(args, "centres", None))
    process.start()
