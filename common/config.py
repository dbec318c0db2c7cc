"""The settings every stage reads: one schema (pydantic v2) with every default, type and check.

This is plain data and its checks, which the crawler, the link check and grading are
handed (a run keeps its own copy, `run_settings`, and every stage reads that back with
`config_from_dict`). Reading settings from a file, the environment and the command line
is the application's job (`ibcmon/config.py`); no stage below it reads a file.

Every value is checked here, once, when the settings are read: types, ranges, time
zones, cron strings (APScheduler's own parser, `common.cron`), SMTP modes, addresses,
networks, URLs, patterns. A bad one gives `ConfigError` with the key's path and one
Russian line. A new table is a `Section` subclass and one line in `Config`.
"""
from __future__ import annotations

import os
import re
import unicodedata
from email.utils import parseaddr
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from common.cron import crontab_trigger
from common.netpolicy import NetworkPolicy, allow_private_default, parse_networks
from common.urls import SOCIAL_HOSTS

DEFAULT_ROOT_URL = "http://rribckhv.kco27.ru/"
CONTACT = "https://github.com/ibcmon/ibcmon"
USER_AGENT = f"ibcmon/0.1 (+{CONTACT}; мониторинг сайтов ИБЦ РРИБЦ Хабаровского края)"


DOMAIN_RE = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]", re.IGNORECASE)

# Numbers: every one must not be negative; these must be above zero.
Count = Annotated[int, Field(ge=0)]
PositiveCount = Annotated[int, Field(gt=0)]
Seconds = Annotated[float, Field(ge=0)]
PositiveSeconds = Annotated[float, Field(gt=0)]


class ConfigError(Exception):
    """Bad configuration or arguments (CLI exit code 3)."""


class Section(BaseModel):
    """One table of the file: unknown keys refused, values of the exact type (an int is a
    float too), checked again when code assigns one."""

    model_config = ConfigDict(extra="forbid", strict=True, validate_assignment=True)

    def __setattr__(self, name: str, value: Any) -> None:
        try:
            super().__setattr__(name, value)
        except ValidationError as exc:  # code that sets a value from an option: exit 3 as well
            raise config_error(exc, _table_of(self)) from exc


def _http_url(value: str) -> str:
    if not value.startswith(("http://", "https://")):
        raise ValueError(f"ожидается адрес http(s), задано {value!r}")
    return value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("не может быть пустым")
    return value


def _mail_address(value: str) -> str:
    """One address, with or without a display name ("РРИБЦ <noreply@rribc.ru>")."""
    _name, address = parseaddr(value)
    local, at, domain = address.partition("@")
    if (any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in value)
            or not (local and at and domain) or "@" in domain or any(ch.isspace() for ch in address)):
        raise ValueError(f"ожидается один адрес электронной почты, задано {value!r}")
    return value


def _crontab(value: str) -> str:
    if value.strip():
        crontab_trigger(value, "UTC")  # the syntax; the zone is checked on its own key
    return value


def _pattern(value: str) -> str:
    try:
        re.compile(value)
    except re.error as exc:
        raise ValueError(f"ошибка в регулярном выражении {value!r}: {exc}") from exc
    return value


def _domain(value: str) -> str:
    if not DOMAIN_RE.fullmatch(value):
        raise ValueError(f"ожидается имя домена вида ucoz.ru, задано {value!r}")
    return value


def _network(value: str) -> str:
    parse_networks([value])  # ValueError names it in Russian
    return value


def _time_zone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"неизвестный часовой пояс {value!r} (ожидается имя вида Asia/Vladivostok)") from exc
    return value


HttpUrl = Annotated[str, AfterValidator(_http_url)]
NotBlank = Annotated[str, AfterValidator(_not_blank)]
MailAddress = Annotated[str, AfterValidator(_mail_address)]
OptionalMailAddress = Annotated[str, AfterValidator(lambda v: _mail_address(v) if v else v)]
Crontab = Annotated[str, AfterValidator(_crontab)]
Pattern = Annotated[str, AfterValidator(_pattern)]
Domain = Annotated[str, AfterValidator(_domain)]
Network = Annotated[str, AfterValidator(_network)]
TimeZone = Annotated[str, AfterValidator(_time_zone)]


class GeneralConfig(Section):
    root_url: HttpUrl = DEFAULT_ROOT_URL
    # SQLAlchemy URL; empty = ./ibcmon.sqlite. It may hold a password: never in a repr (a
    # log line, a traceback), and `run_settings` leaves it out of what a run keeps.
    db: str = Field(default="", repr=False)
    reports_dir: NotBlank = "ibcmon-report"  # where `audit` and `report` write the HTML report
    user_agent: NotBlank = USER_AGENT


class DiscoveryConfig(Section):
    # Used instead of the heuristics when set: the listing page(s) of centres ...
    registry_urls: list[HttpUrl] = Field(default_factory=list)
    # ... and a CSS selector for the centres' links on them (e.g. "div.entry-content a").
    listing_selector: str = ""
    # link texts and headings that lead to the listing pages
    listing_keywords: list[str] = Field(
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


class CrawlConfig(Section):
    max_depth: Count = 2  # links followed from the centre's page
    max_pages: PositiveCount = 40  # pages and documents per centre
    max_response_bytes: PositiveCount = 5_000_000  # a bigger response is cut (and marked truncated)
    max_centre_bytes: PositiveCount = 50_000_000
    concurrency_per_host: PositiveCount = 2
    concurrency_total: PositiveCount = 16
    delay: Seconds = 0.25  # seconds between requests to one host
    timeout: PositiveSeconds = 20.0
    retries: Count = 1
    obey_robots: bool = True
    fetch_documents: bool = True  # HEAD/GET linked PDF/DOCX in scope (headers only are kept)
    max_centre_time: PositiveSeconds = 600.0  # seconds per centre; then no new page is requested for it


class LinkcheckConfig(Section):
    concurrency_per_host: PositiveCount = 2
    concurrency_total: PositiveCount = 32
    delay: Seconds = 0.1
    timeout: PositiveSeconds = 15.0
    obey_robots: bool = True
    alarm_after: PositiveCount = 2  # consecutive failed nightly runs before a link counts as newly broken
    max_retry_after: Seconds = 30.0  # longest Retry-After we honour, seconds
    exclude: list[Pattern] = Field(default_factory=list)  # regular expressions of URLs not to check
    # hosts (and their subdomains) never checked: social networks refuse robots
    exclude_hosts: list[str] = Field(default_factory=lambda: list(SOCIAL_HOSTS))
    confirm_delay: Seconds = 5.0  # seconds at least between a failure and its confirming try
    # Time budgets (seconds): the whole check, and each host from the start of the check.
    # Past them the host's unchecked URLs end as "не удалось проверить", the rest goes on.
    max_time: PositiveSeconds = 1800.0
    max_host_time: PositiveSeconds = 600.0
    # Seconds a host may keep the check waiting beyond its normal pace: the pauses its
    # Retry-After asked for, plus whatever each answer took beyond 3 s. A pause asked for
    # while some budget is left is waited (up to max_retry_after); after it, the host's
    # other URLs are left for the night.
    max_host_wait: PositiveSeconds = 20.0


class NetworkConfig(Section):
    # Connect to loopback, link-local (169.254.x.x), private and reserved addresses too.
    # Off by default: a centre's page (anyone can edit it) must not make the tool reach
    # the monitoring host's own services or the internal network (see common.netpolicy).
    # On for the sample world, the demo, the tests and an intranet deployment; when the
    # file does not say, $IBCMON_ALLOW_PRIVATE=1 turns it on (a default, below the file).
    allow_private: bool = Field(default_factory=allow_private_default)
    # networks let through even so (CIDR or one address), e.g. ["10.20.0.0/16"]
    allow_networks: list[Network] = Field(default_factory=list)


# Platforms that host many schools' sites under one domain: every host under one of these
# shares one politeness budget (concurrency and delay) with the others, in the crawl
# and in the link check. Hosts that resolve to the same address share one anyway.
SHARED_DOMAINS = ("gosweb.gosuslugi.ru", "ucoz.ru", "ucoz.net", "ucoz.com", "narod.ru", "blogspot.com")


class PolitenessConfig(Section):
    # domains whose subdomains are one platform (e.g. every school on Госвеб)
    shared_domains: list[Domain] = Field(default_factory=lambda: list(SHARED_DOMAINS))


class GradingConfig(Section):
    rulebook: str = ""  # path to a rulebook TOML; empty = the default shipped in checks/

    @field_validator("rulebook")
    @classmethod
    def _rulebook_exists(cls, value: str, info: ValidationInfo) -> str:
        # only when a file is read (`ibcmon.config`): a run's stored copy names the file
        # the run was graded with, which may since have moved
        from pathlib import Path

        if value and (info.context or {}).get("check_files") and not Path(value).is_file():
            raise ValueError(f"файл свода правил не найден: {value}")
        return value


SmtpSecurity = Literal["none", "starttls", "ssl"]


class SmtpConfig(Section):
    host: NotBlank = "localhost"
    port: Annotated[int, Field(gt=0, le=65535)] = 25
    security: SmtpSecurity = "none"
    username: str = ""
    password_env: str = "IBCMON_SMTP_PASSWORD"  # the password is read from this variable
    sender: MailAddress = "ibcmon@localhost"
    outbox: NotBlank = "ibcmon-outbox"  # where --dry-run writes .eml files
    timeout: PositiveSeconds = 30.0
    reply_to: OptionalMailAddress = ""  # the methodologist's address, so that librarians' replies reach a person
    # Environment overrides (for a server's unit file, applied by `ibcmon.config`):
    # IBCMON_SMTP_HOST, IBCMON_SMTP_PORT, IBCMON_SMTP_USER, IBCMON_SMTP_SENDER; the
    # password only ever from `password_env`, when a letter is sent.

    @field_validator("security", mode="before")
    @classmethod
    def _any_case(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value


class ScheduleConfig(Section):
    timezone: TimeZone = "Asia/Vladivostok"
    linkcheck: Crontab = "30 2 * * *"  # cron, Хабаровск time
    # semiannual audit: 1 October (the school year has settled, plans for the new year are
    # up) and 15 March (before the spring reports); cron fields "minute hour day month dow"
    audit: list[Crontab] = Field(default_factory=lambda: ["0 3 1 10 *", "0 3 15 3 *"])
    cleanup: Crontab = "0 4 * * 0"  # weekly, Sunday 04:00 (crontab weekdays: 0 and 7 = Sunday)
    # score cards are sent right after each scheduled audit; this daily job retries the
    # deliveries that failed (SMTP down) for the latest audit and link check
    delivery_retry: Crontab = "0 10 * * *"
    retention_days: Count = 400  # snapshots of runs older than this are deleted (scores kept)
    job_timeout: PositiveCount = 4 * 3600  # seconds; a job's command is killed after this
    misfire_grace: Count = 12 * 3600  # a run missed while the server was down still runs within this
    audit_misfire_grace: Count = 30 * 86400  # the audit is rare: catch it up within a month
    # An empty string (or an empty list for `audit`) leaves that job out.


class ReviewConfig(Section):
    # true: the scheduled delivery sends cards only for centres approved in the review
    # (as `ibcmon notify --approved-only`)
    required: bool = False
    # `ibcmon serve` on an address other than 127.0.0.1/::1/localhost needs a password: its
    # PBKDF2 hash here (`ibcmon serve --hash-password`) or the plain password in this variable
    password_hash: str = ""
    password_env: str = "IBCMON_REVIEW_PASSWORD"
    reviewer: str = ""  # the name stored with corrections; empty = the login name of the user


class SocialConfig(Section):
    # The VK API service key (a VK app's «Сервисный ключ доступа», see README). Prefer the
    # environment variable IBCMON_VK_TOKEN: it wins over this key. It is never stored with a
    # run (`run_settings` blanks it) and never logged. Empty: VK communities stay unchecked.
    vk_token: str = Field(default="", repr=False)
    # where the VK API methods are called; another address only for tests and the demo
    vk_api_url: HttpUrl = "https://api.vk.com/method/"
    # a public Telegram channel's web preview is this address + the channel's name
    telegram_preview_url: HttpUrl = "https://t.me/s/"


VK_TOKEN_ENV = "IBCMON_VK_TOKEN"


class Config(Section):
    """The whole file: one field per table.

    A new table: a `Section` subclass with its keys, defaults and checks (e.g.
    `class SocialConfig(Section): vk_api_url: HttpUrl = "https://api.vk.com/method/"`),
    one line here (`social: SocialConfig = Field(default_factory=SocialConfig)`), and the
    table with its comments in ibcmon.example.toml (tests/test_config.py compares them).
    """

    general: GeneralConfig = Field(default_factory=GeneralConfig)
    discovery: DiscoveryConfig = Field(default_factory=DiscoveryConfig)
    crawl: CrawlConfig = Field(default_factory=CrawlConfig)
    linkcheck: LinkcheckConfig = Field(default_factory=LinkcheckConfig)
    network: NetworkConfig = Field(default_factory=NetworkConfig)
    politeness: PolitenessConfig = Field(default_factory=PolitenessConfig)
    grading: GradingConfig = Field(default_factory=GradingConfig)
    smtp: SmtpConfig = Field(default_factory=SmtpConfig)
    schedule: ScheduleConfig = Field(default_factory=ScheduleConfig)
    review: ReviewConfig = Field(default_factory=ReviewConfig)
    social: SocialConfig = Field(default_factory=SocialConfig)
    # the file it was read from: not a table of the file, never dumped
    source: str | None = Field(default=None, exclude=True)

    @property
    def db_url(self) -> str | None:
        return self.general.db or None

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump()


SECTIONS = tuple(name for name in Config.model_fields if name != "source")


# --- errors: one Russian line naming the key ---------------------------------------------

def _path(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _known_keys(loc: tuple[int | str, ...]) -> list[str]:
    """The keys of the table at `loc` (for "unknown key … (есть: …)")."""
    model: Any = Config
    for part in loc:
        field = model.model_fields.get(part) if isinstance(part, str) else None
        if field is None or not (isinstance(field.annotation, type) and issubclass(field.annotation, BaseModel)):
            break
        model = field.annotation
    return sorted(k for k in model.model_fields if k != "source")


def _message(error: Any) -> str:
    kind, ctx, given = error["type"], error.get("ctx") or {}, error.get("input")
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if kind == "greater_than":
        text = "должно быть больше нуля" if ctx.get("gt") == 0 else f"должно быть больше {ctx.get('gt')}"
    elif kind == "greater_than_equal":
        text = "не может быть отрицательным" if ctx.get("ge") == 0 else f"должно быть не меньше {ctx.get('ge')}"
    elif kind == "less_than_equal":
        text = f"должно быть не больше {ctx.get('le')}"
    elif kind == "literal_error":
        text = f"ожидается одно из: {ctx.get('expected', '').replace(' or ', ', ')}"
    else:
        text = _TYPE_WORDS.get(kind, f"неверное значение ({error['msg']})")
    return f"{text}, задано {given!r}"


_TYPE_WORDS = {
    "int_type": "ожидается целое число", "float_type": "ожидается число",
    "string_type": "ожидается строка", "bool_type": "ожидается true или false",
    "list_type": "ожидается список", "int_from_float": "ожидается целое число",
    # the same from the environment's text
    "int_parsing": "ожидается целое число", "float_parsing": "ожидается число",
    "bool_parsing": "ожидается true или false",
}


def _table_of(section: Section) -> tuple[str, ...]:
    names = [n for n, f in Config.model_fields.items() if f.annotation is type(section)]
    return tuple(names[:1])


def config_error(exc: ValidationError, where: tuple[str, ...] = ()) -> ConfigError:
    """The first problem pydantic found, as one Russian line with the key's path (`where`:
    the table of a section that was assigned to)."""
    error = exc.errors()[0]
    loc = (*where, *error["loc"])
    if error["type"] == "extra_forbidden":
        return ConfigError(f"неизвестный ключ {_path(loc)} (есть: {', '.join(_known_keys(loc[:-1]))})")
    if error["type"] in ("model_type", "model_attributes_type", "dict_type"):
        return ConfigError(f"[{_path(loc)}] должен быть таблицей")
    return ConfigError(f"{_path(loc)}: {_message(error)}")


# --- reading and keeping --------------------------------------------------------------------

def config_from_dict(data: dict[str, Any], source: str = "настройки", *, check_files: bool = False) -> Config:
    """A checked Config from a file's tables or from `run_settings()` (a run's own copy).

    Every section and key must be known (`ConfigError` names the one that is not), every
    value of the right type and range: nothing is dropped silently. `check_files`: the
    files it names must exist (a file being loaded; not a run's stored copy).
    """
    for name in data:
        if name not in SECTIONS:
            raise ConfigError(f"неизвестный раздел [{name}] (есть: {', '.join(sorted(SECTIONS))})")
    try:
        return Config.model_validate(data, context={"check_files": check_files})
    except ValidationError as exc:
        raise config_error(exc) from exc


def check_config(config: Config) -> None:
    """Check a Config again as a whole (a list changed in place escapes the assignment check)."""
    config_from_dict(config.to_dict())


def network_policy(config: Config) -> NetworkPolicy:
    """Where the crawler and the link checker may connect (`common.netpolicy`)."""
    return NetworkPolicy.from_settings(config.network.allow_private, config.network.allow_networks)


def run_settings(config: Config) -> dict[str, Any]:
    """The effective settings a run keeps (`Run.settings`), which every stage of the run reads
    back with `config_from_dict`; the database URL (a password, maybe) is not among them."""
    data = config.to_dict()
    data["general"]["db"] = ""
    data["social"]["vk_token"] = ""  # a secret: read from the config or environment each time
    return data


def vk_token(config: Config) -> str:
    """The VK API key: $IBCMON_VK_TOKEN, else `[social] vk_token`, else "" (a secret, like
    the SMTP password: read where it is used, never stored with a run)."""
    return (os.environ.get(VK_TOKEN_ENV) or config.social.vk_token or "").strip()
