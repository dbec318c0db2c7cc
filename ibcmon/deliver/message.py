"""Building the e-mails: subject, addresses and a MIME message with HTML and plain text.

Messages are standard-library `EmailMessage`s (utf-8 headers encoded per RFC 2047,
Message-ID, Date, `Auto-Submitted: auto-generated` so that auto-responders stay quiet).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from email.header import Header
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import EmailPolicy
from email.utils import format_datetime, make_msgid
from typing import Any

from checks.result import CentreResult
from common.addresses import split_addresses
from common.labels import CENTRE_STATUS
from reports import fmt

SUBJECT_PREFIX = "Мониторинг страницы ИБЦ"


@dataclass(frozen=True)
class Recipients:
    addresses: list[Address]
    invalid: list[str]

    @property
    def text(self) -> str:
        return ", ".join(a.addr_spec for a in self.addresses)


def _one_line(text: str | None) -> str:
    return fmt.shorten(fmt.clean_text(text), 300)


def scorecard_subject(centre: CentreResult) -> str:
    """"Мониторинг страницы ИБЦ: МБОУ СОШ № 5 г. Амурска — «хорошо» (78 баллов)"."""
    name = _one_line(centre.name)
    if centre.score is None:
        # a centre without a score: its status says why, instead of the grade
        words = CENTRE_STATUS.get(centre.status)
        what = words.subject if words and words.subject else "страница не проверена"
        return f"{SUBJECT_PREFIX}: {name} — {what}"
    score = round(centre.score)
    points = f"{score} {fmt.plural(score, 'балл', 'балла', 'баллов')}"
    if centre.grade:
        return f"{SUBJECT_PREFIX}: {name} — «{_one_line(centre.grade)}» ({points})"
    return f"{SUBJECT_PREFIX}: {name} — {points}"


def links_subject(name: str, count: int) -> str:
    """"Мониторинг страницы ИБЦ: МБОУ СОШ № 5 г. Амурска — не открываются 2 ссылки"."""
    verb = fmt.plural(count, "не открывается", "не открываются", "не открываются")
    words = fmt.plural(count, "ссылка", "ссылки", "ссылок")
    return f"{SUBJECT_PREFIX}: {_one_line(name)} — {verb} {count} {words}"


def _ascii_domain(addr: str) -> str:
    """IDN domains (школа.рф) in their ASCII form, which every SMTP server accepts."""
    local, _, domain = addr.rpartition("@")
    try:
        domain.encode("ascii")
    except UnicodeEncodeError:
        domain = domain.encode("idna").decode("ascii")
    return f"{local}@{domain}"


def parse_recipients(raw: str | None, display_name: str | None = None) -> Recipients:
    """The addresses of a registry's e-mail field ("a@x.ru; b@y.ru": `common.addresses`).

    A field with any part that is not an address (a line break, "Bcc: …", a name) gives
    no recipient at all: the centre is "no address", never a guess at who was meant.
    """
    split = split_addresses(raw)
    if split.invalid:
        return Recipients([], split.invalid)
    addresses: list[Address] = []
    invalid: list[str] = []
    for candidate in split.valid:
        try:
            spec = _ascii_domain(candidate)
            local, _, domain = spec.rpartition("@")
            addresses.append(Address(display_name=_one_line(display_name), username=local, domain=domain))
        except (UnicodeError, ValueError, IndexError):
            invalid.append(candidate)
    return Recipients([] if invalid else addresses, invalid)


class MailPolicy(EmailPolicy):
    """`email.policy.default`, but non-ASCII Subject and address headers are encoded by the
    classic `email.header.Header`.

    The default policy's folding (CPython 3.11–3.12) may drop the space between two words
    where it splits a header into encoded words: "Вяземского — «удовлетворительно»" reached
    mail clients as "Вяземского —«удовлетворительно»". `Header` keeps spaces inside the
    encoded words, so the subject decodes exactly.
    """

    def fold(self, name: str, value: str) -> str:
        classic = self._fold_classic(name, value)
        return classic if classic is not None else super().fold(name, value)

    def fold_binary(self, name: str, value: str) -> bytes:
        classic = self._fold_classic(name, value)
        return classic.encode("ascii") if classic is not None else super().fold_binary(name, value)

    def _fold_classic(self, name: str, value: Any) -> str | None:
        text = str(value)
        key = name.lower()
        if text.isascii() or self.utf8 or key not in _CLASSIC_HEADERS:
            return None
        width = self.max_line_length or 78
        if key in _ADDRESS_HEADERS:
            addresses = getattr(value, "addresses", None)
            if addresses is None:
                return None
            parts = []
            for address in addresses:
                if address.display_name and not address.display_name.isascii():
                    shown = Header(address.display_name, "utf-8", header_name=name).encode(
                        linesep=self.linesep, maxlinelen=width)
                    parts.append(f"{shown} <{address.addr_spec}>")
                else:
                    parts.append(str(address))
            body = f",{self.linesep} ".join(parts)
        else:
            body = Header(text, "utf-8", header_name=name).encode(linesep=self.linesep, maxlinelen=width)
        return f"{name}: {body}{self.linesep}"


_ADDRESS_HEADERS = frozenset({"from", "to", "cc", "reply-to", "sender"})
_CLASSIC_HEADERS = _ADDRESS_HEADERS | {"subject"}
MAIL_POLICY = MailPolicy()


def _sender_domain(sender: str) -> str:
    _, _, domain = sender.rpartition("@")
    return domain.strip(">") or "localhost"


def build_message(
    *,
    sender: str,
    to: list[Address],
    subject: str,
    text: str,
    html: str,
    reply_to: str = "",
    now: dt.datetime | None = None,
) -> EmailMessage:
    """A multipart/alternative message: plain text first, the HTML card second."""
    message = EmailMessage(policy=MAIL_POLICY)
    message["Subject"] = subject
    message["From"] = sender
    message["To"] = to
    if reply_to:
        message["Reply-To"] = reply_to
    message["Date"] = format_datetime(now or dt.datetime.now(dt.UTC).astimezone())
    message["Message-ID"] = make_msgid(idstring="ibcmon", domain=_sender_domain(sender))
    message["Auto-Submitted"] = "auto-generated"
    message["X-Auto-Response-Suppress"] = "All"
    # base64: 7-bit safe on any server (no 8BITMIME needed), compact for Cyrillic
    message.set_content(text, subtype="plain", charset="utf-8", cte="base64")
    message.add_alternative(html, subtype="html", charset="utf-8", cte="base64")
    return message
