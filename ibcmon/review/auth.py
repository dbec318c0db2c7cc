"""Safety of the review app: where it may listen, the password, CSRF tokens, Host checks.

- Loopback (127.0.0.1, ::1, localhost) needs no password; any other address needs one:
  a hash in `[review] password_hash` (werkzeug's PBKDF2 format, printed by
  `ibcmon serve --hash-password`) or the password in the variable `[review] password_env`.
  Without either `ibcmon serve` refuses to start. The browser asks for it (HTTP Basic).
- Every form POST carries the session's CSRF token; a POST without it is refused (403).
- On loopback the Host header must name loopback too, so that a web page elsewhere
  cannot reach the app through a DNS name rebound to 127.0.0.1.
"""
from __future__ import annotations

import hmac
import ipaddress
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass

from werkzeug.security import check_password_hash, generate_password_hash

from common.config import Config, ConfigError

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
CSRF_FIELD = "csrf_token"


def is_loopback(host: str) -> bool:
    host = host.strip("[]")
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def hash_password(password: str) -> str:
    return generate_password_hash(password, method="pbkdf2:sha256:600000")


@dataclass(frozen=True)
class Access:
    """Who may use the app: nobody needs a password on loopback, else `check` decides."""

    loopback: bool
    password_hash: str | None = None
    password: str | None = None

    @property
    def needs_login(self) -> bool:
        return not self.loopback

    def check(self, given: str) -> bool:
        if self.password_hash:
            try:
                return check_password_hash(self.password_hash, given)
            except ValueError:  # a malformed hash in the config matches nothing
                return False
        if self.password:
            return hmac.compare_digest(self.password.encode("utf-8"), given.encode("utf-8"))
        return False


def access_for(host: str, config: Config, env: Mapping[str, str] | None = None) -> Access:
    """The access rule for listening on `host`; `ConfigError` when a password is needed and none is set."""
    env = os.environ if env is None else env
    if is_loopback(host):
        return Access(loopback=True)
    password_hash = config.review.password_hash.strip() or None
    password = env.get(config.review.password_env) if config.review.password_env else None
    if not password_hash and not password:
        raise ConfigError(
            f"адрес {host} доступен из сети: задайте пароль — [review] password_hash "
            f"(ibcmon serve --hash-password) или переменную {config.review.password_env or 'IBCMON_REVIEW_PASSWORD'}; "
            "без пароля приложение слушает только 127.0.0.1"
        )
    return Access(loopback=False, password_hash=password_hash, password=password or None)


def new_token() -> str:
    return secrets.token_urlsafe(32)


def same_token(expected: str | None, given: str | None) -> bool:
    return bool(expected and given) and hmac.compare_digest(str(expected), str(given))


def host_allowed(host_header: str | None, access: Access) -> bool:
    """On loopback only a loopback Host header (no DNS rebinding); elsewhere any."""
    if not access.loopback:
        return True
    if not host_header:
        return False
    name = host_header.rsplit(":", 1)[0] if not host_header.endswith("]") else host_header
    if host_header.startswith("["):
        name = host_header[1:].split("]", 1)[0]
    return is_loopback(name)
