"""What every reader gives the parser: the document as blocks, paragraphs and tables, in document order.

A reader of any format (page text, HTML, .docx, .doc/.wps, spreadsheets, PDF) turns its input into these,
so the structure pass never knows where a notice came from. Merged cells are resolved by the reader: a
cell spanning rows or columns holds its text in every grid position it covers, so a row always has one
cell per column and a unit cell merged over three task rows reaches all three.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Paragraph:
    """One paragraph (or one line of page text) and where it stands in the source (1-based)."""

    text: str
    line: int


@dataclass(frozen=True)
class Table:
    """A table as rows of cell texts, merged cells resolved; a cell of several paragraphs keeps them
    joined by newlines. `line` is where the table starts in the source."""

    rows: tuple[tuple[str, ...], ...]
    line: int
    name: str | None = None  # a spreadsheet's sheet name, a PDF's page; None where the format has none


Block = Paragraph | Table


@dataclass
class Source:
    """A document read: its blocks, and what the report says of how it was read."""

    blocks: Sequence[Block]
    format: str  # "text", "html", "docx", "doc", "wps", "xlsx", "xls", "et", "pdf", …
    encoding: str
    text: str  # the document as page text, kept beside the data (source/NAME.txt)
    notes: list[str] = field(default_factory=list)  # how it was read (converted with LibreOffice, …)


def page_text(blocks: Sequence[Block]) -> str:
    """The blocks as page text, one paragraph or table cell per line, as a page prints them."""
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            lines.append(block.text)
        else:
            for row in block.rows:
                lines.extend(cell.replace("\n", " ") for cell in row if cell.strip())
    return "\n".join(lines)
