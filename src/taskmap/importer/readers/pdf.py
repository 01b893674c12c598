"""PDF with a text layer, read with pdfplumber (on pdfminer.six): ruled tables and the text around them.

pdfplumber gives each character with its box, and finds ruled tables from the page's lines and
rectangles (`find_tables`), merged cells included; the rest is layout, done here: characters into lines,
lines into paragraphs, pages in order. A line ends its paragraph when it stops short of the right margin
(by more than the next line's first word would have needed), when the next line starts with a numbering
marker (一、 （一） 1. …) or is indented, or when the gap below it is wider than the text's line spacing.
Bare page numbers (- 3 -, 第3页, 3/50) and lines repeated at the same place on most pages (running
headers and footers) are dropped. A table that goes on over a page break is joined when its column
count matches, its repeated header row dropped.
"""

from __future__ import annotations

import io
import itertools
import logging
import re
import statistics
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from taskmap.importer.blocks import Source, SourceWriter, cell_text
from taskmap.importer.readers.errors import UnreadableInput
from taskmap.importer.readers.grid import Grid

MAX_PAGES = 2_000
PAGE_NUMBER = re.compile(
    r"^[-－—–\s·]*(第\s*)?[0-9０-９]{1,4}\s*(页)?(\s*[/／]\s*(共\s*)?[0-9０-９]{1,4}\s*页?)?[-－—–\s·]*$"
)
NUMBERING = re.compile(
    r"^\s*([一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十百0-9０-９]+[）)]|[0-9０-９]+[、.．](?![0-9])"
    r"|[①-⑳]|[一二三四五六七八九十]+是|第[一二三四五六七八九十百0-9]+[章节条部分]|附件\s*[0-9]*$|——)"
)
SCANNED = "a scanned PDF without a text layer; OCR it first (for example with ocrmypdf) and import the result"
MARGIN_BAND = 0.1  # headers and footers stand in the top and bottom tenth of a page


@dataclass
class Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    first_word: float  # the width of the line's first word: what would have had to fit on the line above
    page: int = 0


@dataclass
class PageTable:
    rows: list[list[str]]
    anchors: set[tuple[int, int]]
    top: float
    page: int


@dataclass
class Layout:
    """The document's items in reading order and the body's margins."""

    items: list[Line | PageTable] = field(default_factory=list)
    widths: list[float] = field(default_factory=list)
    left: float = 0.0
    right: float = 0.0
    line_gap: float | None = None


def read_pdf(data: bytes) -> Source:
    """The PDF's paragraphs and ruled tables, pages in order."""
    if b"%%EOF" not in data[-4096:]:
        raise UnreadableInput("a truncated PDF (it does not end with %%EOF); download it again")
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    pages, widths = read_pages(data)
    layout = lay_out(pages, widths)
    writer = SourceWriter()
    write_items(writer, layout)
    if not writer.blocks:
        raise UnreadableInput(SCANNED)
    return writer.source("pdf", "PDF text layer (pdfplumber)")


def read_pages(data: bytes) -> tuple[list[list[Line | PageTable]], list[float]]:
    """Each page's lines and tables, top to bottom, headers and footers not yet removed."""
    import pdfplumber

    pages: list[list[Line | PageTable]] = []
    widths: list[float] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if len(pdf.pages) > MAX_PAGES:
                raise UnreadableInput(f"a PDF of more than {MAX_PAGES:,} pages; not a notice")
            for number, page in enumerate(pdf.pages):
                pages.append(page_items(page, number))
                widths.append(float(page.width))
                page.flush_cache()
    except UnreadableInput:
        raise
    except Exception as error:  # pdfminer raises PDFSyntaxError, PSEOF, PDFPasswordIncorrect, …
        if error.args and isinstance(error.args[0], Exception):  # pdfplumber's PdfminerException wraps it
            error = error.args[0]
        name = type(error).__name__
        if "Password" in name or "Encrypt" in name:
            raise UnreadableInput(
                "an encrypted (password-protected) PDF; remove the password and try again"
            ) from None
        raise UnreadableInput(f"a damaged PDF ({name}: {str(error)[:100]})") from None
    return pages, widths


def page_items(page: Any, number: int) -> list[Line | PageTable]:
    chars = [char for char in page.chars if char.get("upright", True) and char["text"]]
    items: list[Line | PageTable] = []
    if page.edges:
        for table in page.find_tables():
            x0, top, x1, bottom = table.bbox
            inside = [
                char for char in chars if x0 <= centre_x(char) <= x1 and top <= centre_y(char) <= bottom
            ]
            rows, anchors = table_grid(table, inside)
            items.append(PageTable(rows, anchors, top, number))
            chars = [
                char for char in chars if not (x0 <= centre_x(char) <= x1 and top <= centre_y(char) <= bottom)
            ]
    for line in lines_of(chars):
        line.page = number
        items.append(line)
    items.sort(key=lambda item: item.top)
    height = float(page.height)
    return [item for item in items if not is_page_number(item, height)]


def centre_x(char: dict[str, Any]) -> float:
    return (float(char["x0"]) + float(char["x1"])) / 2


def centre_y(char: dict[str, Any]) -> float:
    return (float(char["top"]) + float(char["bottom"])) / 2


def is_page_number(item: Line | PageTable, height: float) -> bool:
    if not isinstance(item, Line):
        return False
    in_margin = item.top < height * MARGIN_BAND or item.bottom > height * (1 - MARGIN_BAND)
    return in_margin and bool(PAGE_NUMBER.match(item.text))


def lines_of(chars: list[dict[str, Any]]) -> list[Line]:
    """Characters grouped into lines by their vertical centres, each line read left to right."""
    lines: list[list[dict[str, Any]]] = []
    centre = 0.0
    for char in sorted(chars, key=centre_y):
        size = float(char["size"]) or 10.0
        if lines and abs(centre_y(char) - centre) <= 0.4 * size:
            lines[-1].append(char)
        else:
            lines.append([char])
            centre = centre_y(char)
    return [line_of(sorted(line, key=lambda char: float(char["x0"]))) for line in lines]


def line_of(chars: list[dict[str, Any]]) -> Line:
    size = statistics.median(float(char["size"]) or 10.0 for char in chars)
    parts: list[str] = []
    previous: dict[str, Any] | None = None
    for char in chars:
        text = readable(char["text"])
        if not text.strip():
            if parts and parts[-1] != " ":
                parts.append(" ")
            continue
        if previous is not None and parts[-1] != " " and is_word_gap(previous, char, size):
            parts.append(" ")
        parts.append(text)
        previous = char
    visible = [char for char in chars if char["text"].strip()]
    return Line(
        "".join(parts).strip(),
        float(chars[0]["x0"]),
        max(float(char["x1"]) for char in chars),
        min(float(char["top"]) for char in chars),
        max(float(char["bottom"]) for char in chars),
        size,
        first_word_width(visible),
    )


def is_word_gap(previous: dict[str, Any], char: dict[str, Any], size: float) -> bool:
    """Whether the gap between two characters stands for a space the PDF does not write: a word gap
    between Latin letters or digits, or a gap of most of a character anywhere. The narrower gaps word
    processors put between Chinese and Latin text (LibreOffice's Asian/Western autospace) are none."""
    gap = float(char["x0"]) - float(previous["x1"])
    if is_wide(previous["text"][:1]) or is_wide(char["text"][:1]):
        return gap > 0.8 * size
    return gap > 0.25 * size


OPENING = "（(〔【《“‘「『["
CLOSING = "）)〕】》”’」』]，,。.、；;：:！!？?"


def first_word_width(chars: list[dict[str, Any]]) -> float:
    """The width of what a line break cannot split at the line's start: opening brackets, one Chinese
    character or one word, and the punctuation after it."""
    width, index = 0.0, 0
    texts = [char["text"] for char in chars]
    while index < len(chars) and texts[index] in OPENING:
        index += 1
    if index < len(chars) and (is_wide(texts[index]) and texts[index] not in CLOSING):
        index += 1
    else:
        while index < len(chars) and texts[index].isascii() and texts[index].isalnum():
            index += 1
    while index < len(chars) and texts[index] in CLOSING:
        index += 1
    for char in chars[: max(index, 1)]:
        width += float(char["x1"]) - float(char["x0"])
    return width


# CJK Radicals Supplement forms that some fonts' ToUnicode maps give for whole ideographs (民 as ⺠);
# NFKC maps the Kangxi radicals (U+2F00–U+2FDF) back but not these.
RADICAL_FORMS = str.maketrans(
    "⺁⺄⺇⺊⺌⺎⺏⺐⺒⺓⺝⺟⺠⺧⺩⺬⺮⺶⺼⺽⻁⻄⻅⻆⻉⻋⻑⻓⻔⻗⻘⻙⻚⻛⻜⻝⻢⻣⻤⻥⻦⻧⻨⻩⻪⻬⻮⻰⻳",
    "厂乙几卜小兀尣尢巳幺月母民牛王示竹羊肉臼虎西见角贝车長长门雨青韦页风飞食马骨鬼鱼鸟卤麦黄黾齐齿龙龟",
)


def readable(text: str) -> str:
    """A character as the document means it: fonts that map ideographs to their radical or
    compatibility forms (文 as ⽂, U+2F42; 民 as ⺠) are mapped back; other compatibility forms
    (full-width punctuation) are kept as printed."""
    if not any(0x2E80 <= ord(char) <= 0x2FDF or 0xF900 <= ord(char) <= 0xFAFF for char in text):
        return text
    return "".join(
        unicodedata.normalize("NFKC", char)
        if 0x2F00 <= ord(char) <= 0x2FDF or 0xF900 <= ord(char) <= 0xFAFF
        else char.translate(RADICAL_FORMS)
        for char in text
    )


def is_wide(character: str) -> bool:
    return bool(character) and ord(character) >= 0x2E80


def table_grid(table: Any, chars: list[dict[str, Any]]) -> tuple[list[list[str]], set[tuple[int, int]]]:
    """The table's rows; a position no cell starts at takes the text of the cell that covers it."""
    cells = [tuple(float(value) for value in cell) for cell in table.cells]
    texts = {cell: cell_paragraphs(cell, chars) for cell in cells}
    columns = sorted({cell[0] for cell in cells})
    grid = Grid()
    for row_index, row in enumerate(table.rows):
        top = float(row.bbox[1])
        # A row's own height is its shortest cell's: a cell spanning rows makes the row's box taller.
        bottom = min((float(cell[3]) for cell in row.cells if cell is not None), default=float(row.bbox[3]))
        middle = (top + bottom) / 2
        for column_index, left in enumerate(columns):
            cell = next((c for c in cells if c[0] <= left + 1 < c[2] and c[1] <= middle <= c[3]), None)
            if cell is None:
                continue
            if abs(cell[0] - left) < 1 and abs(cell[1] - top) < 1:
                grid.place(row_index, column_index, texts[cell])
            else:
                grid.cells[(row_index, column_index)] = texts[cell]
                grid.height = max(grid.height, row_index + 1)
                grid.width = max(grid.width, column_index + 1)
    return grid.rows(), grid.anchors


def cell_paragraphs(cell: tuple[float, ...], chars: list[dict[str, Any]]) -> str:
    x0, top, x1, bottom = cell
    inside = [char for char in chars if x0 <= centre_x(char) <= x1 and top <= centre_y(char) <= bottom]
    lines = lines_of(inside)
    if not lines:
        return ""
    padding = max(min(line.x0 for line in lines) - x0, 0.0)
    right = x1 - padding
    paragraphs: list[list[str]] = []
    previous: Line | None = None
    for line in lines:
        if previous is not None and continues(previous, line, right, None):
            paragraphs[-1].append(line.text)
        else:
            paragraphs.append([line.text])
        previous = line
    return cell_text(joined(parts) for parts in paragraphs)


def continues(
    previous: Line, line: Line, right: float, line_gap: float | None, left: float | None = None
) -> bool:
    """Whether `line` goes on with the paragraph `previous` ends (see the module's docstring)."""
    if NUMBERING.match(line.text):
        return False
    if right - previous.x1 > line.first_word + 1.5 * line.size:
        return False
    if left is not None and line.x0 - left > 1.5 * line.size:
        return False
    if previous.page == line.page:
        gap = line.top - previous.bottom
        limit = min(line_gap + 0.4 * line.size, 1.2 * line.size) if line_gap is not None else 0.8 * line.size
        if gap > limit:
            return False
    return True


def joined(parts: list[str]) -> str:
    """Wrapped lines joined: nothing between Chinese characters, a space between words."""
    text = parts[0]
    for part in parts[1:]:
        text += ("" if is_wide(text[-1:]) or is_wide(part[:1]) or text.endswith("-") else " ") + part
    return text


def lay_out(pages: list[list[Line | PageTable]], widths: list[float]) -> Layout:
    """Running headers and footers removed, tables joined over page breaks, and the body's margins."""
    repeated = running_lines(pages)
    layout = Layout()
    for page in pages:
        for item in page:
            if isinstance(item, Line) and (item.page, round(item.top), item.text) in repeated:
                continue
            previous = layout.items[-1] if layout.items else None
            if (
                isinstance(item, PageTable)
                and isinstance(previous, PageTable)
                and previous.page == item.page - 1
                and width_of(previous.rows) == width_of(item.rows)
            ):
                join_tables(previous, item)
                continue
            layout.items.append(item)
    lines = [item for item in layout.items if isinstance(item, Line)]
    if lines:
        lefts = sorted(line.x0 for line in lines)
        rights = sorted(line.x1 for line in lines)
        layout.left = lefts[len(lefts) // 20]
        # Margins are about even: a document whose lines never wrap still has a right margin.
        size = statistics.median(line.size for line in lines)
        layout.right = max(rights[-1 - len(rights) // 20], statistics.median(widths) - layout.left - size)
        gaps = [
            following.top - line.bottom
            for line, following in itertools.pairwise(lines)
            if following.page == line.page and layout.right - line.x1 < line.size
        ]
        layout.line_gap = statistics.median(gaps) if len(gaps) >= 3 else None
    return layout


def running_lines(pages: list[list[Line | PageTable]]) -> set[tuple[int, int, str]]:
    """First and last lines of pages that stand at the same height on at least half the pages (three at
    least) with the same text, or with a number in them that goes up by one a page (a page number)."""
    if len(pages) < 3:
        return set()
    seen: dict[tuple[int, str], list[Line]] = {}
    for page in pages:
        lines = [item for item in page if isinstance(item, Line)]
        for line in {id(line): line for line in lines[:1] + lines[-1:]}.values():
            seen.setdefault((round(line.top / 4), re.sub(r"[0-9]+", "#", line.text)), []).append(line)
    running = set()
    for lines in seen.values():
        if len(lines) < max(3, len(pages) // 2):
            continue
        if len({line.text for line in lines}) == 1 or counts_pages(lines):
            running |= {(line.page, round(line.top), line.text) for line in lines}
    return running


def counts_pages(lines: list[Line]) -> bool:
    """Whether some number in the lines goes up by one with each page (their texts agree but for digits)."""
    numbers = [[int(found) for found in re.findall(r"[0-9]+", line.text)] for line in lines]
    if not numbers[0] or any(len(found) != len(numbers[0]) for found in numbers):
        return False
    return any(
        all(
            b[place] - a[place] == later.page - earlier.page
            for a, b, earlier, later in zip(numbers, numbers[1:], lines, lines[1:], strict=False)
        )
        for place in range(len(numbers[0]))
    )


def width_of(rows: list[list[str]]) -> int:
    return max((len(row) for row in rows), default=0)


def join_tables(first: PageTable, second: PageTable) -> None:
    """`second` appended to `first`: its first row dropped when it repeats `first`'s header, or joined
    to `first`'s last row, cell by cell, when it is that row's rest (a row broken over the page: its first
    cell is empty on the new page, or not numbered where the table's rows are)."""
    rows, skipped = second.rows, 0
    if rows and first.rows and rows[0] == first.rows[0]:
        rows, skipped = rows[1:], 1
    elif (
        rows and first.rows and first.rows[-1][0] and any(rows[0]) and not starts_row(rows[0][0], first.rows)
    ):
        rest = rows[0]
        first.rows[-1] = [
            joined([a, b]) if a and b else a or b for a, b in zip(first.rows[-1], rest, strict=False)
        ]
        rows, skipped = [list(row) for row in rows[1:]], 1
        for index, row in enumerate(rows, start=1):
            for column, text in enumerate(row):
                # A merged cell broken over the page reaches on into the new page's rows: they take
                # the whole cell's text too.
                if (index, column) not in second.anchors and text and text == rest[column]:
                    row[column] = first.rows[-1][column]
    offset = len(first.rows) - skipped
    first.anchors |= {(row + offset, column) for row, column in second.anchors if row >= skipped}
    first.rows.extend(rows)
    first.page = second.page


ROW_NUMBER = re.compile(r"^\s*[0-9０-９]+\s*([.、．]|$)")


def starts_row(cell: str, rows: list[list[str]]) -> bool:
    """Whether a first cell begins a row: it is not empty, and when the table's rows are numbered it
    starts with a number too (else it is the rest of a row broken over the page)."""
    if not cell:
        return False
    numbered = sum(1 for row in rows if ROW_NUMBER.match(row[0]))
    return numbered * 2 < len(rows) or bool(ROW_NUMBER.match(cell) or NUMBERING.match(cell))


def write_items(writer: SourceWriter, layout: Layout) -> None:
    paragraph: list[str] = []
    previous: Line | None = None
    for item in layout.items:
        if isinstance(item, PageTable):
            if paragraph:
                writer.paragraph(joined(paragraph))
            paragraph, previous = [], None
            writer.table(item.rows, item.anchors)
            continue
        if previous is not None and continues(previous, item, layout.right, layout.line_gap, layout.left):
            paragraph.append(item.text)
        else:
            if paragraph:
                writer.paragraph(joined(paragraph))
            paragraph = [item.text]
        previous = item
    if paragraph:
        writer.paragraph(joined(paragraph))
