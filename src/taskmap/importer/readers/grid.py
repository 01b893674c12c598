"""Placing a table's cells on its grid, so a merged cell's text stands in every position it covers.

HTML's rowspan/colspan, Word's gridSpan/vMerge, a spreadsheet's merged ranges and a PDF's spanning
cells all end here. Spans are bounded: a table may not claim more than MAX_CELLS positions, whatever
its markup says, so a `colspan=100000` costs nothing.
"""

from __future__ import annotations

from taskmap.importer.blocks import Position
from taskmap.importer.readers.errors import UnreadableInput

MAX_CELLS = 2_000_000
MAX_SPAN = 1_000


class Grid:
    """Cells by (row, column); `anchors` are the positions where a cell was actually printed."""

    def __init__(self) -> None:
        self.cells: dict[Position, str] = {}
        self.anchors: set[Position] = set()
        self.height = 0
        self.width = 0

    def next_free(self, row: int, column: int) -> int:
        """The first column from `column` on in `row` that no earlier cell covers."""
        while (row, column) in self.cells:
            column += 1
        return column

    def place(self, row: int, column: int, text: str, rowspan: int = 1, colspan: int = 1) -> None:
        """A cell at (row, column) covering `rowspan` × `colspan` positions; covered positions already
        taken keep their text (overlapping spans, as browsers do)."""
        rowspan = min(max(rowspan, 1), MAX_SPAN)
        colspan = min(max(colspan, 1), MAX_SPAN)
        if len(self.cells) + rowspan * colspan > MAX_CELLS:
            raise UnreadableInput(f"a table of more than {MAX_CELLS:,} cells; not a notice's table")
        self.anchors.add((row, column))
        for covered_row in range(row, row + rowspan):
            for covered_column in range(column, column + colspan):
                self.cells.setdefault((covered_row, covered_column), text)
        self.height = max(self.height, row + rowspan)
        self.width = max(self.width, column + colspan)

    def rows(self, height: int | None = None) -> list[list[str]]:
        """The grid as rows of one width; rows past `height` (rowspans reaching beyond the table) dropped."""
        height = self.height if height is None else height
        if height * self.width > MAX_CELLS:
            raise UnreadableInput(f"a table of more than {MAX_CELLS:,} cells; not a notice's table")
        return [[self.cells.get((row, column), "") for column in range(self.width)] for row in range(height)]
