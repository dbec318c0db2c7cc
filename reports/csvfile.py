"""The one CSV writer of the tool: every CSV it writes goes through `write_csv`.

Cells hold text a crawled page supplied (centre names, link texts, reasons), and a
spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (or a tab or a carriage
return, which Excel skips before looking) as a formula, leading spaces or not. Such a
text cell gets a leading apostrophe: the spreadsheet shows it as text, and a person reads
the same words.
"""
from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from typing import IO, Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def inert(value: Any) -> Any:
    """A text cell a spreadsheet would read as a formula, with a leading apostrophe."""
    if isinstance(value, str) and value.lstrip(" ").startswith(FORMULA_START):
        return "'" + value
    return value


def write_csv(fh: IO[str], header: Sequence[str], rows: Iterable[Sequence[Any]], *,
              delimiter: str = ",") -> None:
    """`header`, then every row, each text cell made inert; None is an empty cell."""
    writer = csv.writer(fh, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([inert(h) for h in header])
    for row in rows:
        writer.writerow(["" if v is None else inert(v) for v in row])
