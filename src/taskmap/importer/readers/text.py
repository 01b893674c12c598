"""Page text: the text of a published page, one block or table cell per line.

Encodings are detected, never guessed silently: a BOM, else strict UTF-8, else strict GB18030 (a
superset of GBK and GB2312); the one used is reported.
"""

from __future__ import annotations

import codecs
import re

from taskmap.importer.blocks import Block, Paragraph, Source, Table
from taskmap.importer.readers.errors import UnreadableInput

MAX_LINE_CHARACTERS = 100_000


def decode(data: bytes) -> tuple[str, str]:
    """The text and the encoding it was found in."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="strict"), "UTF-8 with BOM"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            raise UnreadableInput("not readable as UTF-16 although it begins like it") from None
    if b"\0" in data:
        raise UnreadableInput("binary data (NUL bytes), not a page of text")
    try:
        return data.decode("utf-8", errors="strict"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030", errors="strict"), "GB18030"
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise UnreadableInput(
            f"neither UTF-8 nor GB18030/GBK text (line {line}, byte {error.start:,} reads as neither);"
            " save the page as UTF-8 and try again"
        ) from None


def paragraphs_of(text: str) -> list[Paragraph]:
    """Every non-empty line as a paragraph, with its line number; a first `# source:` line is skipped."""
    paragraphs = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if len(raw) > MAX_LINE_CHARACTERS:
            raise UnreadableInput(f"a line of {len(raw):,} characters; not a page of a notice")
        line = raw.strip().strip("\u3000").strip()
        if line and not (number == 1 and line.startswith("# source:")):
            paragraphs.append(Paragraph(line, number))
    return paragraphs


# A row of a table copied as text: cells between tabs (a table copied from a page or a document) or
# between | (a pipe table, `| 序号 | 工作任务 |`); a line of --- under the header is no row.
CELL_BREAK = re.compile(r"\t+|\s*[|｜]\s*")
RULE_ROW = re.compile(r"^[|｜\s:：\-—]+$")
MIN_CELLS = 3


def cells_of(line: str) -> list[str] | None:
    """The cells of a line printing a table's row, None for a line of prose."""
    if "\t" not in line and "|" not in line and "｜" not in line:
        return None
    cells = CELL_BREAK.split(line.strip("|｜ \t"))
    return cells if len(cells) >= MIN_CELLS else None


def with_tables(paragraphs: list[Paragraph]) -> list[Block]:
    """Runs of two or more lines that print a table's rows as cells become a table; rows of unequal
    length (a merged cell printed once) are read as a table printed one cell per line."""
    blocks: list[Block] = []
    run: list[tuple[Paragraph, list[str]]] = []

    def close() -> None:
        if len(run) < 2:
            blocks.extend(paragraph for paragraph, _ in run)
        elif len({len(cells) for _, cells in run}) == 1:
            rows = tuple(tuple(cells) for _, cells in run)
            blocks.append(Table(rows, run[0][0].line, None, tuple(p.line for p, _ in run)))
        else:  # rows missing merged cells: one cell a line, as a page prints them, aligned by their look
            blocks.extend(Paragraph(cell, p.line) for p, cells in run for cell in cells if cell)
        run.clear()

    for paragraph in paragraphs:
        if run and RULE_ROW.match(paragraph.text):
            continue
        if (cells := cells_of(paragraph.text)) is not None:
            run.append((paragraph, cells))
            continue
        close()
        blocks.append(paragraph)
    close()
    return blocks


def read_text(data: bytes) -> Source:
    text, encoding = decode(data)
    return Source(with_tables(paragraphs_of(text)), "text", encoding, text)
