"""Readers, one per input format, each giving the same thing: the page as text, one block per line.

Encodings are detected, never guessed silently: a BOM, else strict UTF-8, else strict GB18030 (a
superset of GBK and GB2312); the one used is reported. HTML is read with the standard library's
html.parser (script and style dropped, block elements ending a line); .docx with zipfile and
ElementTree, the standard library's own well-kept readers of the two formats it is made of.
"""

from __future__ import annotations

import codecs
import io
import zipfile
from html.parser import HTMLParser
from typing import NamedTuple
from xml.etree import ElementTree

MAX_INPUT_BYTES = 20 * 1024 * 1024
MAX_LINE_CHARACTERS = 100_000
WORD_NAMESPACE = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
BLOCK_TAGS = {"p", "div", "br", "tr", "td", "th", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "title"}


class UnreadableInput(Exception):
    """The input cannot be read as a page: the message says why, in one line."""


class Page(NamedTuple):
    text: str
    format: str
    encoding: str


def decode(data: bytes) -> tuple[str, str]:
    """The text and the encoding it was found in."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="strict"), "UTF-8 with BOM"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "UTF-16"
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


def read_text(data: bytes) -> Page:
    text, encoding = decode(data)
    return Page(text, "text", encoding)


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "noscript", "template"):
            self.skipping += 1
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "noscript", "template"):
            self.skipping = max(0, self.skipping - 1)
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data.replace("\n", ""))


def read_html(data: bytes) -> Page:
    text, encoding = decode(data)
    collector = _TextCollector()
    collector.feed(text)
    collector.close()
    lines = (line.strip() for line in "".join(collector.parts).split("\n"))
    return Page("\n".join(line for line in lines if line), "html", encoding)


def read_docx(data: bytes) -> Page:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if archive.getinfo("word/document.xml").file_size > MAX_INPUT_BYTES * 4:
                raise UnreadableInput("the .docx document part is too large")
            root = ElementTree.fromstring(archive.read("word/document.xml"))
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, EOFError) as error:
        raise UnreadableInput(f"not a readable .docx file ({type(error).__name__})") from None
    paragraphs = [
        "".join(node.text or "" for node in paragraph.iter(f"{WORD_NAMESPACE}t"))
        for paragraph in root.iter(f"{WORD_NAMESPACE}p")
    ]
    return Page("\n".join(paragraphs), "docx", "UTF-8 (docx)")


def read_page(data: bytes, name: str) -> Page:
    """The page in `data`, read according to its name's suffix and its first bytes."""
    if len(data) > MAX_INPUT_BYTES:
        raise UnreadableInput(f"input is larger than {MAX_INPUT_BYTES:,} bytes; refused")
    if not data.strip():
        raise UnreadableInput("input is empty")
    lowered = name.lower()
    if lowered.endswith(".pdf") or data.startswith(b"%PDF"):
        raise UnreadableInput(
            "PDF is not read; copy the page text (or save the page as HTML) and import that"
        )
    if lowered.endswith(".docx") or data.startswith(b"PK\x03\x04"):
        page = read_docx(data)
    elif lowered.endswith((".html", ".htm")) or data.lstrip()[:15].lower().startswith(
        (b"<!doctype", b"<html")
    ):
        page = read_html(data)
    else:
        page = read_text(data)
    longest = max((len(line) for line in page.text.splitlines()), default=0)
    if longest > MAX_LINE_CHARACTERS:
        raise UnreadableInput(f"a line of {longest:,} characters; not a page of a notice")
    return page
