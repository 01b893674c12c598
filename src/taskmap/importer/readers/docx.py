"""Word .docx, read with lxml directly from the package's XML.

python-docx would read the same XML, but it inflates every part whole before we could bound it, and it
gives no document-order walk over paragraphs and tables together; a few dozen lines over the XML give
both, with the package read by `archive.Package` (inflation budget, no entities). Body paragraphs and
tables come in document order (also inside content controls); a table's gridSpan and vMerge are
resolved on its grid; a cell keeps its paragraphs. Word's automatic list numbers (一、 （一） 1.) are not
in the text, so they are rendered from numbering.xml as Word shows them. Text boxes, headers, footers,
footnotes and deleted revisions are not read.
"""

from __future__ import annotations

from typing import Any

from taskmap.importer.blocks import Source, SourceWriter, cell_text
from taskmap.importer.readers.archive import Package
from taskmap.importer.readers.errors import UnreadableInput
from taskmap.importer.readers.grid import MAX_SPAN, Grid
from taskmap.importer.readers.wordnumbering import ListNumbers

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
CONTAINERS = {f"{W}sdt", f"{W}sdtContent", f"{W}customXml", f"{W}smartTag", f"{W}ins", f"{W}moveTo"}
NOT_READ = {
    f"{W}txbxContent",
    f"{MC}Fallback",
    f"{W}del",
    f"{W}moveFrom",
    f"{W}pPr",
    f"{W}rPr",
    f"{W}instrText",
}


def read_docx(data: bytes, package: Package | None = None) -> Source:
    """The document's body paragraphs and tables in order."""
    package = package or Package(data, ".docx")
    main = main_part(package)
    root = package.xml(main)
    body = root.find(f"{W}body")
    if body is None:
        raise UnreadableInput(f"not a .docx file: {main} has no document body")
    folder = main.rpartition("/")[0]
    numbers = ListNumbers(
        package.xml(f"{folder}/numbering.xml") if f"{folder}/numbering.xml" in package.names else None,
        package.xml(f"{folder}/styles.xml") if f"{folder}/styles.xml" in package.names else None,
    )
    writer = SourceWriter()
    DocumentWalk(writer, numbers).blocks(body)
    return writer.source("docx", "UTF-8 (docx)")


def main_part(package: Package) -> str:
    """The main document part named by the package's relationships (word/document.xml by default)."""
    if "_rels/.rels" in package.names:
        for relationship in package.xml("_rels/.rels").iter(f"{RELATIONSHIPS}Relationship"):
            if relationship.get("Type") == OFFICE_DOCUMENT:
                target = str(relationship.get("Target", "")).lstrip("/")
                if target in package.names:
                    return target
    if "word/document.xml" in package.names:
        return "word/document.xml"
    raise UnreadableInput("not a .docx file: no Word document inside the package")


class DocumentWalk:
    def __init__(self, writer: SourceWriter, numbers: ListNumbers) -> None:
        self.writer = writer
        self.numbers = numbers

    def blocks(self, container: Any) -> None:
        """Paragraphs and tables of a body (or a content control) in order."""
        for child in container:
            if child.tag == f"{W}p":
                for text in self.paragraph_lines(child):
                    self.writer.paragraph(text)
            elif child.tag == f"{W}tbl":
                self.table(child)
            elif child.tag in CONTAINERS:
                self.blocks(child)

    def paragraph_lines(self, paragraph: Any) -> list[str]:
        """A paragraph's text, its list number first; a line break (w:br) starts a new line."""
        lines = [self.numbers.label(paragraph)]
        stack = [iter(paragraph)]
        while stack:
            node = next(stack[-1], None)
            if node is None:
                stack.pop()
                continue
            tag = node.tag
            if tag in NOT_READ or not isinstance(tag, str):
                continue
            if tag == f"{W}t":
                lines[-1] += node.text or ""
            elif tag == f"{W}tab":
                lines[-1] += "\t"
            elif tag in (f"{W}br", f"{W}cr"):
                lines.append("")
            elif tag == f"{W}noBreakHyphen":
                lines[-1] += "-"
            elif len(node):
                stack.append(iter(node))
        return lines

    def table(self, table: Any) -> None:
        """A table on its grid: gridSpan widens a cell, a vMerge continuation repeats the cell above."""
        grid = Grid()
        rows = table_rows(table)
        for row_index, row in enumerate(rows):
            properties = row.find(f"{W}trPr")
            column = grid_value(properties, "gridBefore", 0)
            for cell in cells_of(row):
                properties = cell.find(f"{W}tcPr")
                colspan = grid_value(properties, "gridSpan", 1)
                merge = properties.find(f"{W}vMerge") if properties is not None else None
                if merge is not None and merge.get(f"{W}val", "continue") != "restart" and row_index:
                    for offset in range(colspan):
                        above = grid.cells.get((row_index - 1, column + offset), "")
                        grid.cells[(row_index, column + offset)] = above
                    grid.height = max(grid.height, row_index + 1)
                    grid.width = max(grid.width, column + colspan)
                else:
                    grid.place(row_index, column, self.cell_text(cell), 1, colspan)
                column += colspan
        self.writer.table(grid.rows(len(rows)), grid.anchors)

    def cell_text(self, cell: Any) -> str:
        """A cell's paragraphs, one per line; a table inside the cell gives its cells' lines in order."""
        lines: list[str] = []
        stack = [iter(cell)]
        while stack:
            node = next(stack[-1], None)
            if node is None:
                stack.pop()
            elif node.tag == f"{W}p":
                lines.extend(self.paragraph_lines(node))
            elif node.tag in CONTAINERS or node.tag in (f"{W}tbl", f"{W}tr", f"{W}tc"):
                stack.append(iter(node))
        return cell_text(lines)


def table_rows(table: Any) -> list[Any]:
    rows = []
    for child in table:
        if child.tag == f"{W}tr":
            rows.append(child)
        elif child.tag in CONTAINERS:
            rows.extend(table_rows(child))
    return rows


def cells_of(row: Any) -> list[Any]:
    cells = []
    for child in row:
        if child.tag == f"{W}tc":
            cells.append(child)
        elif child.tag in CONTAINERS:
            cells.extend(cells_of(child))
    return cells


def grid_value(properties: Any, name: str, default: int) -> int:
    found = properties.find(f"{W}{name}") if properties is not None else None
    if found is None:
        return default
    try:
        return min(max(int(found.get(f"{W}val", default)), 0), MAX_SPAN)
    except ValueError:
        return default
