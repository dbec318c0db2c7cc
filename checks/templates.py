"""Platform page templates read block by block (the Госвеб library page).

A school-site platform gives every school the same library page: fixed block titles
(«Режим работы», «Телефон», «Характеристики библиотеки», «Обеспечение учащегося
учебниками», «Электронные образовательные ресурсы») and, under some of them, fixed
template text («Списки необходимых учебников и наличие их в библиотеке»). The school fills
the blocks in, or leaves them. Read as headings, a filled block looks like an empty heading
when its values are short lines, and an unfilled one looks filled because of the fixed text.

So a page that shows enough of a template's block titles (`[[templates]]` in the rulebook)
is read line by line: a block holds the lines up to the next block title, or up to a line
that names another section («Режим работы библиотеки», «Новости библиотеки» the school added
below); fixed text and fixed labels («Читальный зал:») are not content, but a value after a
fixed label is. A block with content shows its section; one without, or with only a marker
(«Раздел в разработке», «Информация будет размещена позже»), is an empty section.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from checks.rulebook import PageTemplate, Rulebook
from checks.text import letters_count, normalise
from checks.tuning import MIN_CONTENT_CHARS

EVIDENCE_CHARS = 160


@dataclass(frozen=True)
class TemplateBlock:
    template: str  # the template's name
    title: str  # the block title as the page writes it
    section: str
    content: str  # what stands under it ("" for an unfilled block)

    @property
    def filled(self) -> bool:
        return letters_count(self.content) >= MIN_CONTENT_CHARS


def _key(line: str) -> str:
    return normalise(line.rstrip(": "))


def _value_after_fixed(line: str, fixed: tuple[str, ...]) -> str | None:
    """What follows a fixed label or text that opens the line («Читальный зал: 2-18-40» gives
    «2 18 40»); None when the line is no fixed text; "" when nothing follows it. A fixed text
    cut short on the page («Каталог электронных ресурсов школы и се») is fixed text too."""
    norm = normalise(line)
    for text in fixed:
        if norm == text or (len(norm) >= 12 and text.startswith(norm)):
            return ""
        if norm.startswith(text + " "):
            return norm[len(text):].strip()
    return None


# does a line name a section other than the given one (and so end that section's block)?
OtherTitle = Callable[[str, str], bool]


def read_template(text: str, template: PageTemplate, other_title: OtherTitle | None = None) -> list[TemplateBlock]:
    """The template's blocks on a page's text, or [] when the page is not that template."""
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    starts = [(i, template.blocks[_key(line)]) for i, line in enumerate(lines) if _key(line) in template.blocks]
    if len({block.title for _i, block in starts if block.section is not None}) < template.min_blocks:
        return []
    blocks = []
    for n, (i, block) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
        content: list[str] = []
        for line in lines[i + 1 : end]:
            if block.section is not None and other_title is not None and other_title(line, block.section):
                break  # «Режим работы библиотеки» under an unfilled «Электронные ресурсы»: the next block
            value = _value_after_fixed(line, block.fixed)
            if value is None:
                content.append(line)
            elif value:
                content.append(value)
        if block.section is not None:
            blocks.append(TemplateBlock(template.name, lines[i], block.section, "\n".join(content)))
    return blocks


def template_blocks(text: str, rulebook: Rulebook, other_title: OtherTitle | None = None) -> list[TemplateBlock]:
    for template in rulebook.templates:
        blocks = read_template(text, template, other_title)
        if blocks:
            return blocks
    return []


def evidence_text(block: TemplateBlock, filled: bool | None = None) -> str:
    if not (block.filled if filled is None else filled):
        return f"блок «{block.title}» ({block.template})"
    first = block.content.split("\n", 1)[0]
    return f"блок «{block.title}» ({block.template}): {first}"[:EVIDENCE_CHARS]
