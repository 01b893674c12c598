"""HTML pages, Word's "save as web page" HTML included, read with lxml.html (libxml2's HTML parser).

lxml is a real, tolerant HTML parser in C: it copes with Word's markup (`<o:p>`, conditional comments)
and with pages of hundreds of thousands of characters, never fetches anything, and refuses nesting past
256 levels instead of recursing. The page is walked once, as start/end events, so deep or wide markup
costs time in proportion to its size.

Paragraphs are the block elements' texts (`<br>` ends one); a `<table>` is a Table block, rowspan and
colspan resolved, unless it only lays the page out (it holds another table, or has one column), in which
case its cells are read as paragraphs in order.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from typing import Any

from taskmap.importer.blocks import Source, SourceWriter, cell_text
from taskmap.importer.readers.errors import UnreadableInput
from taskmap.importer.readers.grid import MAX_SPAN, Grid
from taskmap.importer.readers.text import decode

SKIPPED = {"head", "script", "style", "noscript", "template", "iframe", "object", "svg", "math", "select"}
BLOCKS = {
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
    "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "ul",
    "table", "thead", "tbody", "tfoot", "tr", "td", "th",
}  # fmt: skip
CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.IGNORECASE)
CHINESE_CHARSETS = {
    "gb2312",
    "gbk",
    "x-gbk",
    "gb_2312-80",
    "cp936",
    "ms936",
    "windows-936",
    "euc-cn",
    "hz-gb-2312",
}
SPACE_RUN = re.compile(r"[ \t\n\r\f]+")
MAX_ROWSPAN = 1_000  # rowspan="0" spans the rest of the table; rows past its end are dropped
HIDDEN = re.compile(r"display\s*:\s*none|mso-hide\s*:\s*all", re.IGNORECASE)


def read_html(data: bytes) -> Source:
    """The page's paragraphs and tables in document order."""
    text, encoding = decode_html(data)
    root = parse_html(text)
    walk = PageWalk(layout_tables(root))
    walk.run(root)
    return walk.writer.source("html", encoding, title=declared_title(root))


def declared_title(root: Any) -> str | None:
    """The title the page declares: the ArticleTitle every government site's pages carry (the meta
    tags of the 政府网站发展指引), else its <title>."""
    for meta in root.iter("meta"):
        if str(meta.get("name", "")).lower() == "articletitle" and (
            content := meta.get("content", "").strip()
        ):
            return collapse(content)
    title = root.find(".//title")
    text = collapse(title.text_content()).strip() if title is not None else ""
    return text or None


def decode_html(data: bytes) -> tuple[str, str]:
    """The page's text: by its BOM, else the charset its <meta> declares, else as page text is decoded."""
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode(data)
    declared = CHARSET.search(data[:16384])
    if declared:
        name = declared[1].decode("ascii").lower()
        codec = "gb18030" if name in CHINESE_CHARSETS else name
        try:
            return data.decode(codec), f"{codec.upper()} (declared {name})"
        except LookupError:
            pass
        except UnicodeDecodeError:
            text, found = decode(data)
            return text, f"{found} (the page declares {name} but is not)"
    return decode(data)


def parse_html(text: str) -> Any:
    import lxml.html

    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)
    # lxml refuses a str that declares an XML encoding; the text is already decoded.
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text)
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except (ValueError, lxml.etree.ParserError) as error:
        raise UnreadableInput(f"not readable as HTML ({error})") from None
    if any(entry.type_name == "ERR_RESOURCE_LIMIT" for entry in parser.error_log):
        raise UnreadableInput("HTML nested more than 256 levels deep; not a page of a notice")
    return root


def tag_of(element: Any) -> str:
    tag = element.tag
    return tag.lower() if isinstance(tag, str) else ""


def layout_tables(root: Any) -> set[Any]:
    """The tables that lay a page out rather than hold data: those holding a table, or one column wide."""
    from lxml import etree

    layout: set[Any] = set()
    open_tables: list[list[Any]] = []  # [table, widest row, cells in the current row]
    for event, element in etree.iterwalk(root, events=("start", "end")):
        tag = tag_of(element)
        if event == "start":
            if tag == "table":
                if open_tables:
                    layout.add(open_tables[-1][0])
                open_tables.append([element, 0, 0])
            elif tag == "tr" and open_tables:
                open_tables[-1][2] = 0
            elif tag in ("td", "th") and open_tables:
                open_tables[-1][2] += 1
                open_tables[-1][1] = max(open_tables[-1][1], open_tables[-1][2])
        elif tag == "table" and open_tables:
            table, widest, _ = open_tables.pop()
            if widest <= 1:
                layout.add(table)
    return layout


def span(element: Any, name: str) -> int:
    """A rowspan or colspan as a browser reads it: bounded, 1 when unreadable, 0 kept (rest of table)."""
    try:
        return min(max(int(str(element.get(name, "1")).strip() or 1), 0), MAX_SPAN)
    except ValueError:
        return 1


@dataclass
class TableState:
    grid: Grid = field(default_factory=Grid)
    row: int = -1
    column: int = 0
    cell: list[str] | None = None  # the open cell's finished paragraphs
    spans: tuple[int, int] = (1, 1)


class PageWalk:
    """One pass over the page's start/end events, text gathered into the open paragraph."""

    def __init__(self, layout: set[Any]) -> None:
        self.layout = layout
        self.writer = SourceWriter()
        self.pieces: list[str] = []
        self.tables: list[TableState] = []

    def run(self, root: Any) -> None:
        from lxml import etree

        walker = etree.iterwalk(root, events=("start", "end"))
        for event, element in walker:
            tag = tag_of(element)
            if event == "start":
                if tag in SKIPPED or (tag and HIDDEN.search(element.get("style", ""))):
                    walker.skip_subtree()
                    continue
                self.start(tag, element)
                if element.text:
                    self.pieces.append(element.text)
            else:
                if tag not in SKIPPED and not (tag and HIDDEN.search(element.get("style", ""))):
                    self.end(tag, element)
                if element.tail:
                    self.pieces.append(element.tail)
        self.flush()

    def start(self, tag: str, element: Any) -> None:
        if tag == "br" or tag in BLOCKS:
            self.flush()
        table = self.tables[-1] if self.tables else None
        if tag == "table" and element not in self.layout:
            self.tables.append(TableState())
        elif table is not None:
            if tag == "tr":
                table.row += 1
                table.column = 0
            elif tag in ("td", "th"):
                table.cell = []
                table.spans = (span(element, "rowspan"), span(element, "colspan"))

    def end(self, tag: str, element: Any) -> None:
        if tag not in BLOCKS:
            return
        self.flush()
        table = self.tables[-1] if self.tables else None
        if table is None:
            return
        if tag in ("td", "th") and table.cell is not None:
            row = max(table.row, 0)
            rowspan, colspan = table.spans
            table.column = table.grid.next_free(row, table.column)
            table.grid.place(row, table.column, cell_text(table.cell), rowspan or MAX_ROWSPAN, colspan)
            table.column += max(colspan, 1)
            table.cell = None
        elif tag == "table" and element not in self.layout:
            self.tables.pop()
            self.writer.table(table.grid.rows(table.row + 1), table.grid.anchors)

    def flush(self) -> None:
        """The open paragraph ends: into the open cell, else into the page."""
        if not self.pieces:
            return
        text = collapse("".join(self.pieces))
        self.pieces = []
        table = self.tables[-1] if self.tables else None
        if table is not None and table.cell is not None:
            table.cell.append(text)
        else:
            self.writer.paragraph(text)


def collapse(text: str) -> str:
    """HTML's white space rule: a run of spaces is one space, and a line break between two Chinese
    characters is nothing (a browser shows none there; Word's HTML breaks its lines mid-sentence)."""

    def replace(found: re.Match[str]) -> str:
        before = text[found.start() - 1] if found.start() else ""
        after = text[found.end()] if found.end() < len(text) else ""
        if "\n" in found[0] and is_wide(before) and is_wide(after):
            return ""
        return " "

    return SPACE_RUN.sub(replace, text).replace("\xa0", " ")


def is_wide(character: str) -> bool:
    return bool(character) and ord(character) >= 0x2E80
