"""Decoding a response body to text: a deliberate rule, not a guess by a library.

Russian school sites often serve windows-1251 with the charset only in a `<meta>`, or
with none at all; w3lib guesses short cp1251 pages as cp1257 (Baltic), which turns
Russian into nonsense. The rule, in order:

1. the charset of the HTTP `Content-Type` header,
2. the charset of a `<meta charset>` / `<meta http-equiv="Content-Type">` in the first 8 KB,
3. a byte-order mark,
4. strict UTF-8,
5. windows-1251 when the bytes look like Cyrillic text, else windows-1252.

A declared charset that fails to decode the body strictly is passed over (the next rule
applies), and a declared Western single-byte charset (latin-1, cp1252) over bytes that
look like cp1251 Cyrillic is taken as the usual mistake it is.
"""
from __future__ import annotations

import codecs
import re

META_SCAN_BYTES = 8192
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_:.\-]+)""", re.IGNORECASE
)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([a-zA-Z0-9_:.\-]+)""", re.IGNORECASE)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_WESTERN = {"cp1252", "latin_1", "iso8859_1", "iso8859_15", "cp1257", "iso8859_13", "ascii"}
# HTML's rule: these labels mean windows-1252 in practice
_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252",
            "x-cp1251": "cp1251", "win-1251": "cp1251", "windows1251": "cp1251", "cp-1251": "cp1251"}


def codec_name(label: str | None) -> str | None:
    """The Python codec for a charset label, or None when unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = _ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def header_charset(content_type: str | bytes | None) -> str | None:
    if not content_type:
        return None
    if isinstance(content_type, bytes):
        content_type = content_type.decode("latin-1")
    match = _HEADER_CHARSET.search(content_type)
    return codec_name(match.group(1)) if match else None


def meta_charset(body: bytes) -> str | None:
    match = _META_CHARSET.search(body[:META_SCAN_BYTES])
    return codec_name(match.group(1).decode("ascii", "ignore")) if match else None


def bom_charset(body: bytes) -> str | None:
    for bom, name in _BOMS:
        if body.startswith(bom):
            return name
    return None


def looks_cyrillic_cp1251(body: bytes) -> bool:
    """Most non-ASCII bytes are cp1251 letters (А–я 0xC0–0xFF, Ё/ё 0xA8/0xB8) standing in words.

    Russian words are runs of such bytes; in Latin-1 text an accented letter stands alone
    between ASCII letters ("Café"), which tells the two apart.
    """
    high = letters = in_runs = 0
    previous_letter = False
    for i, b in enumerate(body):
        if b < 0x80:
            previous_letter = False
            continue
        high += 1
        letter = b >= 0xC0 or b in (0xA8, 0xB8)
        if letter:
            letters += 1
            following = i + 1 < len(body) and (body[i + 1] >= 0xC0 or body[i + 1] in (0xA8, 0xB8))
            if previous_letter or following:
                in_runs += 1
        previous_letter = letter
    if not high:
        return False
    return letters / high >= 0.7 and in_runs / max(letters, 1) >= 0.5


def _strict(body: bytes, codec: str) -> str | None:
    """Strict decoding; a multi-byte character cut at the very end (a truncated body) is dropped."""
    try:
        return body.decode(codec)
    except LookupError:
        return None
    except UnicodeDecodeError as exc:
        if exc.start >= len(body) - 3 and "end of data" in exc.reason:
            try:
                return body[: exc.start].decode(codec)
            except UnicodeDecodeError:
                return None
        return None


def decode_body(body: bytes, content_type: str | bytes | None = None) -> tuple[str, str]:
    """(text, codec name) of an HTML body by the rule of this module."""
    bom = bom_charset(body)
    declared = [header_charset(content_type), meta_charset(body), bom]
    for codec in declared:
        if not codec:
            continue
        if codec in _WESTERN and looks_cyrillic_cp1251(body):
            return body.decode("cp1251", "replace"), "cp1251"
        text = _strict(body[len(codecs.BOM_UTF8):] if bom == "utf-8" and codec == "utf-8" else body, codec)
        if text is not None:
            return text.lstrip("\ufeff"), codec
    text = _strict(body, "utf-8")
    if text is not None:
        return text.lstrip("\ufeff"), "utf-8"
    if looks_cyrillic_cp1251(body):
        return body.decode("cp1251", "replace"), "cp1251"
    return body.decode("cp1252", "replace"), "cp1252"
