"""E-mail addresses as a registry gives them: one or several, separated by `;` or `,`.

One rule for the registry import (which reports a bad field by its line) and for the
delivery (which never sends to what this rule rejects). A field with a line break or
any other control character is rejected whole: `lib@x.ru\\r\\nBcc: other@y.ru` is a
header injection, not two addresses.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

SEPARATORS = re.compile(r"[;,]")
ADDRESS = re.compile(r"^[^@\s<>(),;:\"\[\]]+@[^@\s<>(),;:\"\[\]]+\.[^@\s<>(),;:\"\[\]]+$")


def has_control(text: str) -> bool:
    """Control, format (bidi overrides, zero-width) or line/paragraph separator characters."""
    return any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in text)


def clean_field(text: str) -> str:
    """A registry field on one line: control characters become spaces, spaces collapse."""
    cleaned = "".join(" " if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch for ch in text)
    return " ".join(cleaned.split())


@dataclass(frozen=True)
class SplitAddresses:
    valid: list[str]  # addr-specs, as written (mailto: and <> removed), first of duplicates kept
    invalid: list[str]  # the parts that are not an address, or the whole field


def split_addresses(raw: str | None) -> SplitAddresses:
    """The addresses of an e-mail field; any bad part makes the part invalid, never a guess."""
    text = raw or ""
    if has_control(text):
        return SplitAddresses([], [clean_field(text)])
    valid: list[str] = []
    invalid: list[str] = []
    seen: set[str] = set()
    for token in SEPARATORS.split(text):
        part = token.strip()
        if not part:
            continue
        candidate = part.removeprefix("mailto:").strip()
        if candidate.startswith("<") and candidate.endswith(">"):
            candidate = candidate[1:-1].strip()
        # a Cyrillic mailbox name would need SMTPUTF8 end to end
        if not ADDRESS.match(candidate) or not candidate.partition("@")[0].isascii():
            invalid.append(part)
            continue
        if candidate.lower() not in seen:
            seen.add(candidate.lower())
            valid.append(candidate)
    return SplitAddresses(valid, invalid)
