"""Scrapy settings built from the ibcmon config: politeness, caps, timeouts.

Byte cap: a response is cut at `crawl.max_response_bytes` (a `bytes_received` handler
stops the download and the page is kept, marked `truncated`); a response that announces
more than `HARD_CAP_FACTOR` times the cap in its Content-Length is not downloaded at all
(Scrapy's DOWNLOAD_MAXSIZE) and is stored as an error page "ответ слишком большой".
"""
from __future__ import annotations

from typing import Any

from common.config import Config, check_config

HARD_CAP_FACTOR = 4
REDIRECT_MAX_TIMES = 10


def validate(config: Config) -> None:
    """Reject crawl settings the crawler cannot work with (ConfigError names the key): the
    schema's own checks, again, for a list changed in place since the settings were read."""
    check_config(config)


# Without any delay Scrapy's downloader pops a host's whole queue before the first download
# task runs (it counts a request as transferring only once its task starts), so a host got
# 4-5 requests at once with CONCURRENT_REQUESTS_PER_DOMAIN = 2 (seen in the sample world's
# request log; tests/test_crawl_world.py). With any positive delay the next pop waits for a
# timer, by which time the task has started and holds its place: 1 ms keeps the limit
# through Scrapy's public settings alone and costs nothing measurable (bench/bench_crawl.py).
MIN_DOWNLOAD_DELAY = 0.001


def scrapy_settings(config: Config, log_level: str = "ERROR") -> dict[str, Any]:
    crawl = config.crawl
    return {
        "BOT_NAME": "ibcmon",
        "USER_AGENT": config.general.user_agent,
        "ROBOTSTXT_OBEY": crawl.obey_robots,
        "ROBOTSTXT_PARSER": "scrapy.robotstxt.ProtegoRobotParser",
        "ROBOTSTXT_USER_AGENT": "ibcmon",
        "CONCURRENT_REQUESTS": crawl.concurrency_total,
        # items are written in the order the spider yields them (a visit after its pages),
        # and Scrapy starts CONCURRENT_ITEMS asyncio tasks per callback: 1 is also faster
        "CONCURRENT_ITEMS": 1,
        # per download slot, and a slot is a platform (crawler.platforms): the hosts under
        # one of `[politeness] shared_domains`, or the hosts on one address, share it
        "CONCURRENT_REQUESTS_PER_DOMAIN": crawl.concurrency_per_host,
        "DOWNLOAD_DELAY": max(crawl.delay, MIN_DOWNLOAD_DELAY),
        "RANDOMIZE_DOWNLOAD_DELAY": False,
        "DOWNLOAD_TIMEOUT": crawl.timeout,
        "DNS_TIMEOUT": min(crawl.timeout, 30),
        "DOWNLOAD_MAXSIZE": crawl.max_response_bytes * HARD_CAP_FACTOR,
        "DOWNLOAD_WARNSIZE": crawl.max_response_bytes,
        "DOWNLOAD_FAIL_ON_DATALOSS": False,  # a cut body is kept (flag "dataloss")
        "RETRY_ENABLED": crawl.retries > 0,
        "RETRY_TIMES": crawl.retries,
        "RETRY_GIVE_UP_LOG_LEVEL": "WARNING",  # a dead page is a result, not an error of the crawl
        "REDIRECT_MAX_TIMES": REDIRECT_MAX_TIMES,
        "HTTPERROR_ALLOW_ALL": True,  # 404 and 500 are results, not dropped responses
        "COOKIES_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "REMOTE_CONTROL_ENABLED": False,
        "AUTOTHROTTLE_ENABLED": False,
        # the spider keeps its own per-centre set of seen URLs; a redirect loop must
        # reach REDIRECT_MAX_TIMES instead of being dropped silently by a dupefilter
        "DUPEFILTER_CLASS": "scrapy.dupefilters.BaseDupeFilter",
        # the spider tracks depth itself, and skips over-long URLs itself: a middleware
        # that drops a request silently would leave a centre waiting for an answer
        "SPIDER_MIDDLEWARES": {
            "scrapy.spidermiddlewares.depth.DepthMiddleware": None,
            "scrapy.spidermiddlewares.urllength.UrlLengthMiddleware": None,
        },
        "DOWNLOADER_MIDDLEWARES": {
            "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
            # before robots.txt (100): a forbidden address gets no robots.txt request either
            "crawler.netguard.NetworkGuardMiddleware": 50,
            # redirects and refreshes to mailto:, javascript:, … are not followed (not a crash)
            "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
            "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
            "crawler.redirects.WebOnlyMetaRefreshMiddleware": 580,
            "crawler.redirects.WebOnlyRedirectMiddleware": 600,
            # the platform's download slot, for every request that may go out
            "crawler.platforms.PlatformSlotMiddleware": 60,
        },
        # only http and https are ever requested (the middleware refuses the rest too)
        "DOWNLOAD_HANDLERS": {
            "file": None, "s3": None, "ftp": None, "data": None,
            # the per-centre time budget, checked as a request leaves the host's queue
            "http": "crawler.budget.BudgetedHTTPHandler",
            "https": "crawler.budget.BudgetedHTTPHandler",
        },
        # the resolver both the network guard and the download ask: it checks each answer
        # against the network policy and pins it, so a connection goes to a checked address
        "TWISTED_DNS_RESOLVER": "crawler.netguard.GuardedResolver",
        "IBCMON_ALLOW_PRIVATE": config.network.allow_private,
        "IBCMON_ALLOW_NETWORKS": list(config.network.allow_networks),
        "IBCMON_SHARED_DOMAINS": list(config.politeness.shared_domains),
        "ITEM_PIPELINES": {"crawler.pipeline.StorePipeline": 100},
        "EXTENSIONS": {"scrapy.extensions.logstats.LogStats": None},
        "LOG_LEVEL": log_level,
        "LOG_FORMAT": "%(levelname)s %(name)s: %(message)s",
        "REACTOR_THREADPOOL_MAXSIZE": 10,
        "TWISTED_REACTOR": "twisted.internet.asyncioreactor.AsyncioSelectorReactor",
        "MEMUSAGE_ENABLED": False,
        "STATS_DUMP": False,
    }
