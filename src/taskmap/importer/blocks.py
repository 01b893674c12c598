"""What every reader gives the parser: the document as blocks, paragraphs and tables, in document order.

A reader of any format (page text, HTML, .docx, .doc/.wps, spreadsheets, PDF) turns its input into these,
so the structure pass never knows where a notice came from. Merged cells are resolved by the reader: a
cell spanning rows or columns holds its text in every grid position it covers, so a row always has one
cell per column and a unit cell merged over three task rows reaches all three.

Line numbers are those of the document's page text (`Source.text`, kept beside the data), so a report
that names a line points at something the user can open.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

EDGE_SPACE = " \t\r\n\u3000\xa0"


@dataclass(frozen=True)
class Paragraph:
    """One paragraph (or one line of page text) and where it stands in the source (1-based)."""

    text: str
    line: int


@dataclass(frozen=True)
class Table:
    """A table as rows of cell texts, merged cells resolved; a cell of several paragraphs keeps them
    joined by newlines. `line` is where the table starts in the source, `row_lines` where each row does
    (empty for a reader that cannot tell)."""

    rows: tuple[tuple[str, ...], ...]
    line: int
    name: str | None = None  # a spreadsheet's sheet name, a PDF's page; None where the format has none
    row_lines: tuple[int, ...] = ()
    # Rows of a table printed one cell per line that print no unit cell and were given the row above's
    # (merged cells, as the layout suggests): the report names them, since a cell may just be missing.
    shared_rows: tuple[int, ...] = ()


Block = Paragraph | Table


@dataclass
class Source:
    """A document read: its blocks, and what the report says of how it was read."""

    blocks: Sequence[Block]
    format: str  # "text", "html", "docx", "doc", "wps", "xlsx", "xls", "et", "pdf", …
    encoding: str
    text: str  # the document as page text, kept beside the data (source/NAME.txt)
    notes: list[str] = field(default_factory=list)  # how it was read (converted with LibreOffice, …)
    title: str | None = None  # the title a web page declares for itself (its ArticleTitle or <title>)


def page_text(blocks: Sequence[Block]) -> str:
    """The blocks as page text, one paragraph or table cell paragraph per line, as a page prints them."""
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            lines.append(block.text)
        else:
            for row in block.rows:
                lines.extend(part for cell in row for part in cell.split("\n") if part.strip())
    return "\n".join(lines)


Position = tuple[int, int]


class SourceWriter:
    """Blocks gathered in document order, each numbered by the line where it starts in the page text.

    A table's page text prints each merged cell once, at its first position (its anchor), one cell
    paragraph per line, as a published page does."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.lines: list[str] = []

    def paragraph(self, text: str) -> None:
        """A paragraph; blank ones are not kept and surrounding spaces (also U+3000) are dropped."""
        text = text.strip(EDGE_SPACE)
        if text:
            self.blocks.append(Paragraph(text, len(self.lines) + 1))
            self.lines.append(text)

    def table(
        self, rows: Sequence[Sequence[str]], anchors: set[Position] | None = None, name: str | None = None
    ) -> None:
        """A table of resolved rows; `anchors` are where each cell was printed (all of them when None)."""
        grid, first = trimmed(rows)
        if not grid:
            return
        start = len(self.lines) + 1
        row_lines = []
        for row_index, row in enumerate(grid, start=first):
            row_lines.append(len(self.lines) + 1)
            for column, cell in enumerate(row):
                if anchors is None or (row_index, column) in anchors:
                    self.lines.extend(part for part in cell.split("\n") if part)
        self.blocks.append(Table(grid, start, name, tuple(row_lines)))

    def extend(self, blocks: Iterable[Block]) -> None:
        """Blocks read elsewhere (a converted document), renumbered into this page text."""
        for block in blocks:
            if isinstance(block, Paragraph):
                self.paragraph(block.text)
            else:
                self.table(block.rows, name=block.name)

    def source(
        self, format: str, encoding: str, notes: list[str] | None = None, title: str | None = None
    ) -> Source:
        return Source(self.blocks, format, encoding, "\n".join(self.lines) + "\n", list(notes or []), title)


def cell_text(paragraphs: Iterable[str]) -> str:
    """A cell's paragraphs joined by newlines, blank ones and surrounding spaces dropped."""
    return "\n".join(text for part in paragraphs if (text := part.strip(EDGE_SPACE)))


def trimmed(rows: Sequence[Sequence[str]]) -> tuple[tuple[tuple[str, ...], ...], int]:
    """Rows padded to one width, empty leading and trailing rows and trailing columns dropped, and the
    index of the first row kept."""
    filled = [index for index, row in enumerate(rows) if any(cell.strip() for cell in row)]
    if not filled:
        return (), 0
    kept = [list(row) for row in rows[filled[0] : filled[-1] + 1]]
    width = max(len(row) for row in kept)
    while width and not any(len(row) >= width and row[width - 1].strip() for row in kept):
        width -= 1
    return tuple(tuple((row + [""] * width)[:width]) for row in kept), filled[0]
