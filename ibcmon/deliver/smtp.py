"""The mailer: SMTP settings from config and environment, one connection per batch.

The password is never read from a file: only from the environment variable named by
`[smtp] password_env` (default IBCMON_SMTP_PASSWORD), when a letter is sent. The other
settings come checked from the config (`ibcmon.config` applies IBCMON_SMTP_HOST/PORT/
USER/SENDER over the file, `common.config` checks the mode, the port and the addresses).

A failure to deliver one message is an `SendError` with a short Russian reason, for the
delivery log; the caller records it and goes on with the next centre.
"""
from __future__ import annotations

import contextlib
import logging
import os
import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from types import TracebackType

from common.config import Config, ConfigError

logger = logging.getLogger(__name__)

class SendError(Exception):
    """One message could not be delivered; the text is stored in the delivery log."""

    def __init__(self, message: str, *, connection: bool = False) -> None:
        super().__init__(message)
        self.connection = connection  # the server could not be reached at all


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    security: str
    username: str
    password: str | None
    sender: str
    timeout: float
    reply_to: str = ""

    @classmethod
    def from_config(
        cls, config: Config, env: Mapping[str, str] | None = None, *, need_password: bool = True
    ) -> SmtpSettings:
        """The [smtp] section (checked at load) and the password from `env` (the process's).

        A login without a password is a configuration error, unless nothing is sent
        (`need_password=False`, a dry run).
        """
        env = os.environ if env is None else env
        smtp = config.smtp
        username = smtp.username
        password = env.get(smtp.password_env) if smtp.password_env else None
        if username and not password and need_password:
            raise ConfigError(
                f"smtp.username задан ({username}), но пароля нет: задайте переменную окружения "
                f"{smtp.password_env or 'IBCMON_SMTP_PASSWORD'}"
            )
        return cls(
            host=smtp.host,
            port=smtp.port,
            security=smtp.security,
            username=username,
            password=password or None,
            sender=smtp.sender,
            timeout=smtp.timeout,
            reply_to=smtp.reply_to,
        )

    @property
    def where(self) -> str:
        return f"{self.host}:{self.port}"


def _describe(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        parts = [f"{addr}: {code} {_text(msg)}" for addr, (code, msg) in exc.recipients.items()]
        return "адрес отклонён сервером: " + "; ".join(parts)
    if isinstance(exc, smtplib.SMTPSenderRefused):
        return f"сервер отклонил отправителя {exc.sender}: {exc.smtp_code} {_text(exc.smtp_error)}"
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return f"ошибка входа на SMTP-сервер: {exc.smtp_code} {_text(exc.smtp_error)}"
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"ответ SMTP-сервера {exc.smtp_code}: {_text(exc.smtp_error)}"
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return f"SMTP-сервер разорвал соединение: {exc}"
    return f"{type(exc).__name__}: {exc}"


def _text(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


class Mailer:
    """Sends messages over one SMTP connection, opened on first use and reopened if dropped.

    If the server cannot be reached, every later `send` in the same batch fails at once
    with the same reason instead of waiting for the timeout again.
    """

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings
        self._smtp: smtplib.SMTP | None = None
        self._unreachable: str | None = None

    def __enter__(self) -> Mailer:
        return self

    def __exit__(
        self, _t: type[BaseException] | None, _e: BaseException | None, _tb: TracebackType | None
    ) -> None:
        self.close()

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        context = ssl.create_default_context()
        smtp: smtplib.SMTP
        if s.security == "ssl":
            smtp = smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout, context=context)
        else:
            smtp = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
        try:
            smtp.ehlo_or_helo_if_needed()
            if s.security == "starttls":
                smtp.starttls(context=context)
                smtp.ehlo()
            if s.username:
                smtp.login(s.username, s.password or "")
        except BaseException:
            smtp.close()
            raise
        return smtp

    def _connection(self) -> smtplib.SMTP:
        if self._unreachable:
            raise SendError(self._unreachable, connection=True)
        if self._smtp is None:
            try:
                self._smtp = self._connect()
            except smtplib.SMTPAuthenticationError as exc:
                self._unreachable = _describe(exc)
                raise SendError(self._unreachable, connection=True) from exc
            except UnicodeEncodeError as exc:  # smtplib sends logins in ASCII only
                self._unreachable = "имя или пароль SMTP содержат не латинские символы: вход невозможен"
                raise SendError(self._unreachable, connection=True) from exc
            except (OSError, smtplib.SMTPException, ssl.SSLError) as exc:
                if isinstance(exc, TimeoutError):
                    reason = "нет ответа (тайм-аут)"
                elif isinstance(exc, OSError) and exc.strerror:
                    reason = exc.strerror
                else:
                    reason = _describe(exc)
                self._unreachable = (
                    f"не удалось подключиться к SMTP-серверу {self.settings.where}: {reason}"
                )
                raise SendError(self._unreachable, connection=True) from exc
        return self._smtp

    def send(self, message: EmailMessage) -> str | None:
        """Send one message; returns a note on recipients refused (others accepted), or None."""
        for attempt in (1, 2):
            smtp = self._connection()
            try:
                refused = smtp.send_message(message)
            except smtplib.SMTPServerDisconnected as exc:
                self._drop()
                if attempt == 2:
                    raise SendError(_describe(exc)) from exc
                continue  # the server closed an idle connection: reconnect once
            except (smtplib.SMTPException, OSError) as exc:
                if isinstance(exc, OSError):
                    self._drop()
                else:
                    self._reset(smtp)
                raise SendError(_describe(exc)) from exc
            if refused:
                parts = [f"{addr}: {code} {_text(msg)}" for addr, (code, msg) in refused.items()]
                return "часть адресов отклонена: " + "; ".join(parts)
            return None
        return None  # not reached

    def _reset(self, smtp: smtplib.SMTP) -> None:
        try:
            smtp.rset()
        except (smtplib.SMTPException, OSError):
            self._drop()

    def _drop(self) -> None:
        if self._smtp is not None:
            with contextlib.suppress(OSError):
                self._smtp.close()
        self._smtp = None

    def close(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (smtplib.SMTPException, OSError):
                pass
            finally:
                self._drop()
