"""The regional centre's own registry of centres, and its reconciliation with the site.

`ibcmon registry import FILE.csv` loads the registry (columns name, municipality, url,
librarian, email; UTF-8 or windows-1251; `;` or `,`). Every field is cleaned of control
characters (a line break inside a name becomes a space). The e-mail field holds one
address or several separated by `;` or `,` (`common.addresses`); a field that does not
(a line break, "Bcc: …", a name) is reported with its line, and the centre is kept
with no address: it is never mailed. The import replaces the registry:
centres missing from the new file are no longer `in_registry`. After each crawl
`reconcile` compares it with what the site lists (the plan's KPI "100 % of the
representations placed on the regional site").
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from common.addresses import clean_field, split_addresses
from common.urls import centre_key, is_valid_url
from store.models import Centre, CentreVisit, utcnow

COLUMNS = ("name", "municipality", "url", "librarian", "email")
HEADER_ALIASES = {
    "name": ("name", "наименование", "название", "учреждение", "организация", "оо", "ибц"),
    "municipality": ("municipality", "муниципалитет", "муниципальное образование", "район", "муниципальный район"),
    "url": ("url", "адрес", "сайт", "ссылка", "адрес страницы", "адрес сайта", "страница"),
    "librarian": ("librarian", "библиотекарь", "фио", "ответственный", "педагог-библиотекарь"),
    "email": ("email", "e-mail", "эл. почта", "почта", "электронная почта"),
}


class RegistryError(ValueError):
    """The registry file cannot be read (the message names the line)."""


@dataclass
class RegistryRow:
    line: int
    name: str
    municipality: str | None
    url: str
    librarian: str | None
    email: str | None
    # the columns the file has: a column left out keeps what the store knows (no wipe)
    columns: frozenset[str] = frozenset(COLUMNS)
    problem: str | None = None  # what was wrong with the row (its e-mail field), in Russian


def decode_registry(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1251", errors="strict")


def _header_map(header: list[str], path: str) -> dict[str, int]:
    mapping: dict[str, int] = {}
    for i, cell in enumerate(header):
        label = " ".join(cell.strip().lower().replace("ё", "е").split())
        for column, aliases in HEADER_ALIASES.items():
            if label in aliases and column not in mapping:
                mapping[column] = i
    missing = [c for c in ("name", "url") if c not in mapping]
    if missing:
        raise RegistryError(f"{path}, строка 1: нет столбцов {', '.join(missing)} "
                            f"(ожидаются {', '.join(COLUMNS)})")
    return mapping


def read_registry(path: str | Path) -> list[RegistryRow]:
    """The rows of a registry CSV; RegistryError names the file and the line of a problem."""
    file = Path(path)
    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise RegistryError(f"не удаётся прочитать файл реестра {file}: {exc.strerror or exc}") from exc
    try:
        text = decode_registry(raw)
    except UnicodeDecodeError as exc:
        raise RegistryError(f"{file}: неизвестная кодировка (ожидается UTF-8 или windows-1251)") from exc
    if not text.strip():
        raise RegistryError(f"{file}: файл пуст")
    first = text.splitlines()[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = next(reader)
    except csv.Error as exc:
        raise RegistryError(f"{file}, строка 1: {exc}") from exc
    mapping = _header_map(header, str(file))
    rows: list[RegistryRow] = []
    seen: dict[str, int] = {}
    try:
        previous = reader.line_num
        for cells in reader:
            # the line the row starts on (a quoted field may hold line breaks)
            line, previous = previous + 1, reader.line_num
            if not any(c.strip() for c in cells):
                continue

            def raw_cell(column: str, cells: list[str] = cells) -> str:
                i = mapping.get(column)
                return cells[i] if i is not None and i < len(cells) else ""

            def cell(column: str) -> str:
                return clean_field(raw_cell(column))

            name, url = cell("name"), cell("url")
            if not name:
                raise RegistryError(f"{file}, строка {line}: не указано наименование (name)")
            if not url:
                raise RegistryError(f"{file}, строка {line}: не указан адрес (url) для «{name}»")
            if "://" not in url:
                url = "http://" + url
            if not is_valid_url(url):
                raise RegistryError(f"{file}, строка {line}: неверный адрес {url!r}")
            key = centre_key(url)
            if key in seen:
                raise RegistryError(f"{file}, строка {line}: адрес {url} уже указан в строке {seen[key]}")
            seen[key] = line
            email, problem = _email(raw_cell("email"), line)
            rows.append(RegistryRow(line, name, cell("municipality") or None, url,
                                    cell("librarian") or None, email, frozenset(mapping), problem))
    except csv.Error as exc:
        raise RegistryError(f"{file}, строка {reader.line_num}: {exc}") from exc
    if not rows:
        raise RegistryError(f"{file}: в реестре нет ни одной строки с ИБЦ")
    return rows


def _email(raw: str, line: int) -> tuple[str | None, str | None]:
    """(the addresses as stored, "a@x.ru; b@y.ru", or None; the problem, or None)."""
    if not raw.strip():
        return None, None
    split = split_addresses(raw)
    if split.invalid:
        shown = clean_field(raw)
        return None, (f"строка {line}: в поле e-mail не адрес электронной почты: «{shown[:120]}» "
                      "(несколько адресов разделяются «;» или «,»); письма этому ИБЦ не отправляются")
    return "; ".join(split.valid), None


def import_registry(session: Session, path: str | Path) -> dict[str, Any]:
    """Load the registry file: upsert its centres (in_registry); others leave the registry.

    Returns the counts and `problems`: one Russian line per row whose e-mail was refused.
    """
    rows = read_registry(path)
    keys = {centre_key(r.url) for r in rows}
    created = updated = 0
    now = utcnow()
    for row in rows:
        key = centre_key(row.url)
        centre = session.scalars(select(Centre).where(Centre.key == key)).first()
        if centre is None:
            centre = Centre(key=key, name=row.name, url=row.url, first_seen=now, last_seen=now)
            session.add(centre)
            created += 1
        else:
            updated += 1
        centre.name = row.name
        centre.municipality = row.municipality or centre.municipality
        if "librarian" in row.columns:
            centre.librarian = row.librarian
        if "email" in row.columns:
            centre.email = row.email
        centre.in_registry = True
    removed = 0
    for centre in session.scalars(select(Centre).where(Centre.in_registry.is_(True))):
        if centre.key not in keys:
            centre.in_registry = False
            removed += 1
    session.flush()
    return {"rows": len(rows), "created": created, "updated": updated, "removed": removed,
            "problems": [r.problem for r in rows if r.problem]}


def _entry(name: str, municipality: str | None, url: str) -> dict[str, Any]:
    return {"name": name, "municipality": municipality, "url": url}


def reconcile(session: Session, run_id: int) -> dict[str, Any]:
    """Registry vs. the site's listing in run `run_id`.

    A registry centre counts as placed on the site when the run visited it, or when one
    of the run's listed, alias, home or final URLs has its key.
    """
    registry = list(session.scalars(select(Centre).where(Centre.in_registry.is_(True))))
    visits = list(session.scalars(select(CentreVisit).where(CentreVisit.run_id == run_id)))
    if not registry:  # no registry imported: nothing to reconcile
        return {"registry_size": 0, "listed": len(visits), "placed": 0, "missing_from_site": [],
                "unknown_to_registry": [], "placed_share": None}
    visited_ids = {v.centre_id for v in visits}
    site_keys: set[str] = set()
    for v in visits:
        for url in [v.listed_url, v.final_url, v.home_url, *(v.aliases or [])]:
            if url:
                site_keys.add(centre_key(url))
    missing = [_entry(c.name, c.municipality, c.url) for c in registry
               if c.id not in visited_ids and c.key not in site_keys]
    registry_keys = {c.key for c in registry}
    registry_ids = {c.id for c in registry}
    unknown = []
    for v in visits:
        keys = {centre_key(u) for u in [v.listed_url, v.final_url, v.home_url, *(v.aliases or [])] if u}
        if v.centre_id not in registry_ids and not keys & registry_keys:
            unknown.append(_entry(v.name, v.municipality, v.listed_url))
    placed = len(registry) - len(missing)
    return {
        "registry_size": len(registry),
        "listed": len(visits),
        "placed": placed,
        "missing_from_site": sorted(missing, key=lambda e: (e["municipality"] or "", e["name"])),
        "unknown_to_registry": sorted(unknown, key=lambda e: (e["municipality"] or "", e["name"])),
        "placed_share": round(placed / len(registry), 4) if registry else None,
    }


def import_registry_csv(db: Any, path: str | Path) -> dict[str, Any]:
    """`import_registry` in a transaction of its own (`db` is a `store.db.Database`)."""
    with db.session() as session:
        return import_registry(session, path)
