"""Grade the labelled real-page set: `ibcmon sample eval --real [--split dev|test] [-v]`.

The set lives in `ibcmon/sample/realpages/`:
- `pages/<id>.txt`: line 1 the page's real address, then its visible text line by line
  (headings, labels, dates and figures as they stood; running text retold in our own
  words; names, phones and e-mails invented);
- `labels/*.json`: per id `url`, `kind` (centre | feed | post), `platform`, the true
  `sections`, the newest content `date` (ISO or null), `trunc`, `note`; labelled by
  `shared/realpages/LABELLING.md` before any rule was changed for them;
- the split into a development and a test part is fixed by a hash of each id
  (`assign_split`); no rule is tuned on the test part;
- `retold/<hand>/<id>.txt`: development pages retold once more by another hand (other
  verbs, word order and sentence splits; the same headings, labels, dates, figures and
  facts), graded with the page's own labels: the `retold` split. A rule that holds only for
  one wording of a sentence loses there what it wins on `dev`;
- `relaid/<layout>/<id>.txt`: the same development pages in other layouts and inside a
  school site's furniture set as text (`docs/dev/collecting-real-pages.md`), graded the same
  way: the `relaid` split.

Each page becomes a small site the way the regional centre builds its own measurements:
the first text line as the title, short lines as headings, marked lines as lists, a line
that is a web address or a document's file name as a link, the rest as paragraphs, at the
page's own address. It is graded in process by the same code as `ibcmon regrade`
(`checks.score.grade_centre`): one centre, one page, status ok.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from checks.library_posts import is_read_more
from checks.page import Snapshot
from checks.result import CentreResult
from checks.rulebook import Rulebook, load_rulebook
from checks.score import build_checks, grade_centre
from checks.text import normalise
from common.extract import extract_page
from ibcmon.sample.evaluate import ratio

SET_DIR = Path(__file__).with_name("realpages")
KINDS = ("centre", "feed", "post")
SPLITS = ("dev", "test", "all", "retold", "relaid", "adapted")
# other libraries' real pages adapted into a school library's (children's, village, college
# libraries: real wording and layout the school pages no longer give), labelled the same way;
# a hint for finding kinds of wording, never the ground truth, in no other split
ADAPTED_DIR = SET_DIR / "adapted"
DATE_TOLERANCE_DAYS = 3
# a line this short without a closing full stop reads as a heading
HEADING_MAX_CHARS = 70
_HAS_WORD = re.compile(r"[^\W\d_]{2}")
_IMAGE_NAME = re.compile(r"\.(?:jpe?g|png|gif|webp)$", re.IGNORECASE)
# a line that is a web address, bare or after its label («ВКонтакте: vk.com/ibc57»): on the
# page it was a link, not a heading
_URL_LINE = re.compile(r"^(?:[^:/]{0,40}:\s*)?((?:https?://)?(?:[a-z0-9-]+\.)+[a-z]{2,}/\S*)$", re.IGNORECASE)
# a web address inside a line («Наш канал: t.me/kniga9, заходите»): on the page it was a link
_URL_IN_LINE = re.compile(r"\bhttps?://[^\s«»\"<>]+|\b(?:[a-z0-9-]+\.)+[a-z]{2,}/[^\s«»\"<>]*", re.IGNORECASE)
# a line that is a document's file name («Положение о библиотеке.pdf»): a link to the document
_DOCUMENT_NAME = re.compile(r"\.(?:pdf|docx?|xlsx?|pptx?|odt|rtf)$", re.IGNORECASE)
_LIST_MARK = re.compile(r"^\s*(?:[•·▪●◦\-–—*]\s+|\d{1,2}[.)]\s+)")
_FETCHED = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)


@dataclass(frozen=True)
class RealPage:
    id: str
    url: str
    kind: str
    platform: str
    sections: frozenset[str]
    date: dt.date | None
    text: str  # the visible text, without the address line
    note: str = ""


def _read_fixture(path: Path) -> tuple[str, str]:
    """A fixture's address (its first line) and its visible text (the lines after it)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return lines[0].strip(), "\n".join(lines[1:])


def load_set(set_dir: Path = SET_DIR) -> list[RealPage]:
    """Every labelled page that has a fixture, sorted by id."""
    labels: dict[str, dict[str, Any]] = {}
    for path in sorted((set_dir / "labels").glob("*.json")):
        labels.update(json.loads(path.read_text(encoding="utf-8")))
    pages = []
    for pid, lab in sorted(labels.items()):
        fixture = set_dir / "pages" / f"{pid}.txt"
        if not fixture.exists():
            continue
        address, text = _read_fixture(fixture)
        date = dt.date.fromisoformat(lab["date"]) if lab.get("date") else None
        pages.append(RealPage(pid, lab.get("url") or address, lab["kind"],
                              lab.get("platform") or "other", frozenset(lab["sections"]), date,
                              text, lab.get("note", "")))
    return pages


def assign_split(page_id: str) -> str:
    """The split a page joins, decided once by a stable hash of its id: two in five of the
    collected pages are test pages. The starter set (`d…`) is all development: the regional
    centre's description of its misses was read before any rule changed."""
    if page_id.startswith("d"):
        return "dev"
    return "test" if int(hashlib.sha256(page_id.encode()).hexdigest(), 16) % 5 < 2 else "dev"


def load_retold(pages: list[RealPage], set_dir: Path = SET_DIR, folder: str = "retold") -> list[RealPage]:
    """The development pages as other hands retold them (`retold/<hand>/<id>.txt`) or laid
    them out another way (`relaid/<hand>/<id>.txt`), each with its page's labels, as
    `<id>/<hand>`; a retelling of a page not in `pages`, or of a test page, is an error: the
    test part is never retold for tuning."""
    by_id = {p.id: p for p in pages}
    retold = []
    for fixture in sorted((set_dir / folder).glob("*/*.txt")):
        page = by_id.get(fixture.stem)
        if page is None or assign_split(page.id) != "dev":
            raise ValueError(f"{fixture}: no development page {fixture.stem} to share its labels")
        address, text = _read_fixture(fixture)
        if address != page.url:
            raise ValueError(f"{fixture}: the first line is not the page's address {page.url}")
        retold.append(replace(page, id=f"{page.id}/{fixture.parent.name}", text=text))
    return retold


def select(pages: list[RealPage], split: str) -> list[RealPage]:
    """The pages of a split; `retold` and `relaid` load the development pages retold or laid
    out another way beside `pages`; `adapted` loads the other libraries' adapted pages."""
    if split == "all":
        return pages
    if split == "adapted":
        return load_set(ADAPTED_DIR)
    if split in ("retold", "relaid"):
        return load_retold(pages, folder=split)
    return [p for p in pages if assign_split(p.id) == split]


# -- a page as a small site ---------------------------------------------------------


def _is_heading(line: str) -> bool:
    """A short line without a closing stop that has words: a line of figures or a date
    alone («3324», «28.06.2018») is a table's or a post's value, not a heading."""
    return (len(line) <= HEADING_MAX_CHARS and not line.endswith((".", ",", ";", ":"))
            and _URL_IN_LINE.search(line) is None  # a line with a web address was a link
            and " | " not in line and not line.endswith("|")  # a table's row, not a heading
            and not _LIST_MARK.match(line) and _HAS_WORD.search(line) is not None)


def _linked(text: str) -> str:
    """The text, escaped, its web addresses made links."""
    out, at = [], 0
    for m in _URL_IN_LINE.finditer(text):
        url = m.group(0).rstrip(".,;:)!?")
        href = url if url.lower().startswith("http") else "https://" + url
        out += [html.escape(text[at : m.start()]), f'<a href="{html.escape(href)}">{html.escape(url)}</a>']
        at = m.start() + len(url)
    return "".join(out) + html.escape(text[at:])


def build_html(text: str) -> str:
    """The fixture's text as a page: first line the title, short lines headings, marked
    lines list items, «read more» lines links, the rest paragraphs."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    title = lines[0] if lines else ""
    body: list[str] = [f"<h1>{html.escape(title)}</h1>"]
    in_list = False
    for line in lines[1:]:
        item = _LIST_MARK.match(line)
        if item and not in_list:
            body.append("<ul>")
            in_list = True
        elif not item and in_list:
            body.append("</ul>")
            in_list = False
        if item:
            body.append(f"<li>{_linked(line[item.end():])}</li>")
        elif _IMAGE_NAME.search(line):  # an image shown by its file name: a picture, not a heading
            body.append(f'<p><img src="{html.escape(line)}" alt=""></p>')
        elif document := _DOCUMENT_NAME.search(line):
            # (a neutral file address: the title's words and dates stay in the link's text)
            href = f"/files/document-{len(body)}{document.group(0).lower()}"
            body.append(f'<p><a href="{html.escape(href)}">{html.escape(line)}</a></p>')
        elif url := _URL_LINE.match(line):
            href = url.group(1) if url.group(1).lower().startswith("http") else "https://" + url.group(1)
            label = html.escape(line[: url.start(1)])
            body.append(f'<p>{label}<a href="{html.escape(href)}">{html.escape(url.group(1))}</a></p>')
        elif is_read_more(normalise(line)):
            # «Читать далее» under a teaser is a link to the whole post on the page it was taken from
            body.append(f'<p><a href="/post-{len(body)}">{html.escape(line)}</a></p>')
        elif _is_heading(line):
            body.append(f"<h2>{html.escape(line)}</h2>")
        else:
            body.append(f"<p>{_linked(line)}</p>")
    if in_list:
        body.append("</ul>")
    return (f'<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>{html.escape(title)}'
            f'</title></head><body><main>{"".join(body)}</main></body></html>')


def grade_page(page: RealPage, rulebook: Rulebook, checks: list[Any] | None = None) -> CentreResult:
    from checks.base import CentreInput

    content = extract_page(build_html(page.text), page.url)
    snap = Snapshot(url=page.url, final_url=page.url, fetched_at=_FETCHED, title=content.title,
                    headings=content.headings, main_text=content.main_text, text_hash=content.text_hash,
                    links=content.links, documents=content.documents, html=content.html)
    centre = CentreInput(centre_id=1, name=page.id, municipality=None, listed_url=page.url,
                         final_url=page.url, status="ok", pages=1, snapshots=[snap])
    return grade_centre(centre, rulebook, _FETCHED.date(), checks)


# -- figures ------------------------------------------------------------------------


@dataclass
class Disagreement:
    page: str
    kind: str
    what: str  # section:<id> | date
    expected: Any
    got: Any
    evidence: str


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return ratio(self.tp, self.tp + self.fn)


@dataclass
class Figures:
    pages: int = 0
    total: Counts = field(default_factory=Counts)
    by_section: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    by_kind: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    by_platform: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    pages_by_kind: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    pages_by_platform: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    dates_right: int = 0
    disagreements: list[Disagreement] = field(default_factory=list)

    @property
    def date_share(self) -> float:
        return ratio(self.dates_right, self.pages)

    def to_dict(self) -> dict[str, Any]:
        def c(x: Counts) -> dict[str, Any]:
            return {"tp": x.tp, "fp": x.fp, "fn": x.fn, "precision": round(x.precision, 3),
                    "recall": round(x.recall, 3)}
        return {"pages": self.pages, "precision": round(self.total.precision, 3),
                "recall": round(self.total.recall, 3), "dates_right": self.dates_right,
                "by_kind": {k: c(v) for k, v in sorted(self.by_kind.items())},
                "by_section": {k: c(v) for k, v in sorted(self.by_section.items())},
                "by_platform": {k: c(v) for k, v in sorted(self.by_platform.items())},
                "pages_by_kind": dict(self.pages_by_kind), "pages_by_platform": dict(self.pages_by_platform),
                "disagreements": [d.__dict__ for d in self.disagreements]}


def _evidence(result: CentreResult, sid: str) -> str:
    for verdict in result.section_details:
        if verdict.id == sid:
            if verdict.empty:
                return "пустой раздел: " + "; ".join(e.text for e in verdict.evidence[:2])
            return "; ".join(f"{e.kind}: {e.text}" for e in verdict.evidence[:3])
    return ""


def _date_right(expected: dt.date | None, got: dt.date | None) -> bool:
    if expected is None or got is None:
        return expected is None and got is None
    return abs((expected - got).days) <= DATE_TOLERANCE_DAYS


def evaluate(pages: list[RealPage], rulebook: Rulebook | None = None) -> Figures:
    rb = rulebook or load_rulebook()
    checks = build_checks(rb)
    fig = Figures()
    for page in pages:
        result = grade_page(page, rb, checks)
        fig.pages += 1
        fig.pages_by_kind[page.kind] += 1
        fig.pages_by_platform[page.platform] += 1
        for sid, present in result.sections.items():
            truth = sid in page.sections
            if not present and not truth:
                continue
            slot = "tp" if present and truth else ("fp" if present else "fn")
            for counts in (fig.total, fig.by_section[sid], fig.by_kind[page.kind], fig.by_platform[page.platform]):
                setattr(counts, slot, getattr(counts, slot) + 1)
            if slot != "tp":
                fig.disagreements.append(Disagreement(
                    page.id, page.kind, f"section:{sid}", truth, present,
                    _evidence(result, sid) or "нет доказательств"))
        got = result.last_updated
        if _date_right(page.date, got):
            fig.dates_right += 1
        else:
            ev = result.last_updated_evidence
            fig.disagreements.append(Disagreement(
                page.id, page.kind, "date", page.date, got,
                f"{ev.kind}: {ev.text}" if ev else (result.last_updated_reason or "")))
    return fig


def format_report(fig: Figures, verbose: bool = False) -> list[str]:
    """The printed table: overall, per kind, per section, dates; disagreements with -v."""
    def row(label: str, c: Counts, n: int | None = None) -> str:
        pages = f"{n:4d}" if n is not None else "    "
        return f"  {label:<16} {pages}  P {c.precision:.2f}  R {c.recall:.2f}   (верно {c.tp}, лишних {c.fp}, пропущено {c.fn})"

    lines = [f"Страниц: {fig.pages}", row("все", fig.total, fig.pages), "По видам страниц:"]
    lines += [row(k, fig.by_kind[k], fig.pages_by_kind[k]) for k in KINDS if k in fig.pages_by_kind]
    lines.append("По платформам:")
    lines += [row(k, fig.by_platform[k], fig.pages_by_platform[k]) for k in sorted(fig.pages_by_platform)]
    lines.append("По разделам:")
    lines += [row(k, fig.by_section[k]) for k in sorted(fig.by_section)]
    lines.append(f"Дата обновления ±{DATE_TOLERANCE_DAYS} дня: {fig.dates_right} из {fig.pages} "
                 f"({100 * fig.date_share:.0f} %)")
    if verbose:
        lines.append("Расхождения (ожидалось → получено; доказательства правил):")
        for d in fig.disagreements:
            lines.append(f"  {d.page} [{d.kind}] {d.what}: {d.expected} → {d.got}  {d.evidence}"[:400])
    return lines
