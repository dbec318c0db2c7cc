"""The settings every stage reads: every default in one place, their types and ranges.

This is plain data and its checks, which the crawler, the link check and grading are
handed (a run keeps its own copy, `run_settings`, and every stage reads that back with
`config_from_dict`). Reading settings from a file, the environment and the command line
is the application's job (`ibcmon/config.py`); no stage below it reads a file.
A broken or mistyped key gives `ConfigError` naming the key.
"""
from __future__ import annotations

import dataclasses
import os
import re
import types
import typing
from dataclasses import dataclass, field
from typing import Any

from common.netpolicy import NetworkPolicy, allow_private_default, parse_networks
from common.urls import SOCIAL_HOSTS

DEFAULT_ROOT_URL = "http://rribckhv.kco27.ru/"
CONTACT = "https://github.com/ibcmon/ibcmon"
USER_AGENT = f"ibcmon/0.1 (+{CONTACT}; мониторинг сайтов ИБЦ РРИБЦ Хабаровского края)"


DOMAIN_RE = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]", re.IGNORECASE)


class ConfigError(Exception):
    """Bad configuration or arguments (CLI exit code 3)."""


@dataclass
class GeneralConfig:
    root_url: str = DEFAULT_ROOT_URL
    db: str = ""  # SQLAlchemy URL; empty = ./ibcmon.sqlite
    reports_dir: str = "ibcmon-report"  # where `audit` and `report` write the HTML report
    user_agent: str = USER_AGENT


@dataclass
class DiscoveryConfig:
    # Used instead of the heuristics when set: the listing page(s) of centres ...
    registry_urls: list[str] = field(default_factory=list)
    # ... and a CSS selector for the centres' links on them (e.g. "div.entry-content a").
    listing_selector: str = ""
    # link texts and headings that lead to the listing pages
    listing_keywords: list[str] = field(
        default_factory=lambda: [
            "интернет-представительства",
            "сеть ибц",
            "сеть информационно-библиотечных центров",
            "мибц",
            "муниципальные ибц",
            "ибц края",
            "информационно-библиотечные центры",
        ]
    )


@dataclass
class CrawlConfig:
    max_depth: int = 2  # links followed from the centre's page
    max_pages: int = 40  # pages and documents per centre
    max_response_bytes: int = 5_000_000  # a bigger response is cut (and marked truncated)
    max_centre_bytes: int = 50_000_000
    concurrency_per_host: int = 2
    concurrency_total: int = 16
    delay: float = 0.25  # seconds between requests to one host
    timeout: float = 20.0
    retries: int = 1
    obey_robots: bool = True
    fetch_documents: bool = True  # HEAD/GET linked PDF/DOCX in scope (headers only are kept)
    max_centre_time: float = 600.0  # seconds per centre; then no new page is requested for it


@dataclass
class LinkcheckConfig:
    concurrency_per_host: int = 2
    concurrency_total: int = 32
    delay: float = 0.1
    timeout: float = 15.0
    obey_robots: bool = True
    alarm_after: int = 2  # consecutive failed nightly runs before a link counts as newly broken
    max_retry_after: float = 30.0  # longest Retry-After we honour, seconds
    exclude: list[str] = field(default_factory=list)  # regular expressions of URLs not to check
    # hosts (and their subdomains) never checked: social networks refuse robots
    exclude_hosts: list[str] = field(default_factory=lambda: list(SOCIAL_HOSTS))
    confirm_delay: float = 5.0  # seconds at least between a failure and its confirming try
    # Time budgets (seconds): the whole check, and each host from the start of the check.
    # Past them the host's unchecked URLs end as "не удалось проверить", the rest goes on.
    max_time: float = 1800.0
    max_host_time: float = 600.0
    # Seconds a host may keep the check waiting beyond its normal pace: the pauses its
    # Retry-After asked for, plus whatever each answer took beyond 3 s. A pause asked for
    # while some budget is left is waited (up to max_retry_after); after it, the host's
    # other URLs are left for the night.
    max_host_wait: float = 20.0


@dataclass
class NetworkConfig:
    # Connect to loopback, link-local (169.254.x.x), private and reserved addresses too.
    # Off by default: a centre's page (anyone can edit it) must not make the tool reach
    # the monitoring host's own services or the internal network (see common.netpolicy).
    # On for the sample world, the demo, the tests and an intranet deployment; when the
    # file does not say, $IBCMON_ALLOW_PRIVATE=1 turns it on.
    allow_private: bool = field(default_factory=allow_private_default)
    # networks let through even so (CIDR or one address), e.g. ["10.20.0.0/16"]
    allow_networks: list[str] = field(default_factory=list)


# Platforms that host many schools' sites under one domain: every host under one of these
# shares one politeness budget (concurrency and delay) with the others, in the crawl
# and in the link check. Hosts that resolve to the same address share one anyway.
SHARED_DOMAINS = ("gosweb.gosuslugi.ru", "ucoz.ru", "ucoz.net", "ucoz.com", "narod.ru", "blogspot.com")


@dataclass
class PolitenessConfig:
    # domains whose subdomains are one platform (e.g. every school on Госвеб)
    shared_domains: list[str] = field(default_factory=lambda: list(SHARED_DOMAINS))


@dataclass
class GradingConfig:
    rulebook: str = ""  # path to a rulebook TOML; empty = the default shipped in checks/


@dataclass
class SmtpConfig:
    host: str = "localhost"
    port: int = 25
    security: str = "none"  # none | starttls | ssl
    username: str = ""
    password_env: str = "IBCMON_SMTP_PASSWORD"  # the password is read from this variable
    sender: str = "ibcmon@localhost"
    outbox: str = "ibcmon-outbox"  # where --dry-run writes .eml files
    timeout: float = 30.0
    reply_to: str = ""  # the methodologist's address, so that librarians' replies reach a person
    # Environment overrides (for a server's unit file): IBCMON_SMTP_HOST, IBCMON_SMTP_PORT,
    # IBCMON_SMTP_USER, IBCMON_SMTP_SENDER; the password only ever from `password_env`.


@dataclass
class ScheduleConfig:
    timezone: str = "Asia/Vladivostok"
    linkcheck: str = "30 2 * * *"  # cron, Хабаровск time
    # semiannual audit: 1 October (the school year has settled, plans for the new year are
    # up) and 15 March (before the spring reports); cron fields "minute hour day month dow"
    audit: list[str] = field(default_factory=lambda: ["0 3 1 10 *", "0 3 15 3 *"])
    cleanup: str = "0 4 * * 0"  # weekly, Sunday 04:00 (crontab weekdays: 0 and 7 = Sunday)
    # score cards are sent right after each scheduled audit; this daily job retries the
    # deliveries that failed (SMTP down) for the latest audit and link check
    delivery_retry: str = "0 10 * * *"
    retention_days: int = 400  # snapshots of runs older than this are deleted (scores kept)
    job_timeout: int = 4 * 3600  # seconds; a job's command is killed after this
    misfire_grace: int = 12 * 3600  # a run missed while the server was down still runs within this
    audit_misfire_grace: int = 30 * 86400  # the audit is rare: catch it up within a month
    # An empty string (or an empty list for `audit`) leaves that job out.


@dataclass
class ReviewConfig:
    # true: the scheduled delivery sends cards only for centres approved in the review
    # (as `ibcmon notify --approved-only`)
    required: bool = False
    # `ibcmon serve` on an address other than 127.0.0.1/::1/localhost needs a password: its
    # PBKDF2 hash here (`ibcmon serve --hash-password`) or the plain password in this variable
    password_hash: str = ""
    password_env: str = "IBCMON_REVIEW_PASSWORD"
    reviewer: str = ""  # the name stored with corrections; empty = the login name of the user


@dataclass
class SocialConfig:
    # The VK API service key (a VK app's «Сервисный ключ доступа», see README). Prefer the
    # environment variable IBCMON_VK_TOKEN: it wins over this key. It is never stored with a
    # run (`run_settings` blanks it) and never logged. Empty: VK communities stay unchecked.
    vk_token: str = ""
    # where the VK API methods are called; another address only for tests and the demo
    vk_api_url: str = "https://api.vk.com/method/"
    # a public Telegram channel's web preview is this address + the channel's name
    telegram_preview_url: str = "https://t.me/s/"


VK_TOKEN_ENV = "IBCMON_VK_TOKEN"


def vk_token(config: Config) -> str:
    """The VK API key: $IBCMON_VK_TOKEN, else `[social] vk_token`, else ""."""
    return (os.environ.get(VK_TOKEN_ENV) or config.social.vk_token or "").strip()


@dataclass
class Config:
    general: GeneralConfig = field(default_factory=GeneralConfig)
    discovery: DiscoveryConfig = field(default_factory=DiscoveryConfig)
    crawl: CrawlConfig = field(default_factory=CrawlConfig)
    linkcheck: LinkcheckConfig = field(default_factory=LinkcheckConfig)
    network: NetworkConfig = field(default_factory=NetworkConfig)
    politeness: PolitenessConfig = field(default_factory=PolitenessConfig)
    grading: GradingConfig = field(default_factory=GradingConfig)
    smtp: SmtpConfig = field(default_factory=SmtpConfig)
    schedule: ScheduleConfig = field(default_factory=ScheduleConfig)
    review: ReviewConfig = field(default_factory=ReviewConfig)
    social: SocialConfig = field(default_factory=SocialConfig)
    source: str | None = None  # the file it was read from

    @property
    def db_url(self) -> str | None:
        return self.general.db or None

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data.pop("source", None)
        return data


def _check_value(where: str, value: Any, annotation: Any) -> Any:
    origin = typing.get_origin(annotation)
    if annotation is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if annotation in (str, int, float, bool):
        if not isinstance(value, annotation) or (annotation is int and isinstance(value, bool)):
            raise ConfigError(f"{where}: ожидается {annotation.__name__}, получено {value!r}")
        return value
    if origin is list:
        (item_type,) = typing.get_args(annotation)
        if not isinstance(value, list):
            raise ConfigError(f"{where}: ожидается список, получено {value!r}")
        return [_check_value(f"{where}[{i}]", v, item_type) for i, v in enumerate(value)]
    if origin in (typing.Union, types.UnionType):
        return value
    return value


def _apply_section(section: Any, name: str, data: Any, source: str) -> None:
    if not isinstance(data, dict):
        raise ConfigError(f"[{name}] должен быть таблицей")
    hints = typing.get_type_hints(type(section))
    known = {f.name for f in dataclasses.fields(section)}
    for key, value in data.items():
        if key not in known:
            raise ConfigError(f"неизвестный ключ {name}.{key} (есть: {', '.join(sorted(known))})")
        setattr(section, key, _check_value(f"{name}.{key}", value, hints[key]))


# Numeric settings that must be above zero; every other number must not be negative.
POSITIVE_SETTINGS = frozenset({
    "crawl.max_pages", "crawl.max_response_bytes", "crawl.max_centre_bytes",
    "crawl.concurrency_per_host", "crawl.concurrency_total", "crawl.timeout",
    "linkcheck.concurrency_per_host", "linkcheck.concurrency_total", "linkcheck.timeout",
    "linkcheck.alarm_after", "linkcheck.max_time", "linkcheck.max_host_time", "linkcheck.max_host_wait",
    "crawl.max_centre_time",
    "smtp.port", "smtp.timeout", "schedule.job_timeout",
})


def check_ranges(config: Config) -> None:
    """Reject numbers no stage can work with (`ConfigError` names the key)."""
    for section in dataclasses.fields(config):
        if section.name == "source":
            continue
        values = getattr(config, section.name)
        for item in dataclasses.fields(values):
            value = getattr(values, item.name)
            if isinstance(value, bool) or not isinstance(value, int | float):
                continue
            key = f"{section.name}.{item.name}"
            if key in POSITIVE_SETTINGS and value <= 0:
                raise ConfigError(f"{key}: должно быть больше нуля, задано {value!r}")
            if value < 0:
                raise ConfigError(f"{key}: не может быть отрицательным, задано {value!r}")


def check_network(config: Config) -> None:
    try:
        parse_networks(config.network.allow_networks)
    except ValueError as exc:
        raise ConfigError(f"network.allow_networks: {exc}") from exc


def check_politeness(config: Config) -> None:
    """Each shared domain is a bare domain name: `ucoz.ru`, not `*.ucoz.ru` or a URL."""
    for i, domain in enumerate(config.politeness.shared_domains):
        if not DOMAIN_RE.fullmatch(domain):
            raise ConfigError(f"politeness.shared_domains[{i}]: ожидается имя домена вида ucoz.ru, "
                              f"задано {domain!r}")


def network_policy(config: Config) -> NetworkPolicy:
    """Where the crawler and the link checker may connect (`common.netpolicy`)."""
    check_network(config)
    return NetworkPolicy.from_settings(config.network.allow_private, config.network.allow_networks)


SECTIONS = tuple(f.name for f in dataclasses.fields(Config) if f.name != "source")


def config_from_dict(data: dict[str, Any], source: str = "настройки") -> Config:
    """A checked Config from a file's tables or from `run_settings()` (a run's own copy).

    Every section and key must be known (`ConfigError` names the one that is not), every
    value of the right type and range: nothing is dropped silently.
    """
    config = Config()
    for name, values in data.items():
        if name not in SECTIONS:
            raise ConfigError(f"неизвестный раздел [{name}] (есть: {', '.join(sorted(SECTIONS))})")
        _apply_section(getattr(config, name), name, values, source)
    check_ranges(config)
    check_network(config)
    check_politeness(config)
    return config


def run_settings(config: Config) -> dict[str, Any]:
    """The effective settings a run keeps (`Run.settings`), which every stage of the run reads
    back with `config_from_dict`; the database URL (a password, maybe) is not among them."""
    data = config.to_dict()
    data["general"]["db"] = ""
    data["social"]["vk_token"] = ""  # a secret: read from the config or environment each time
    return data
