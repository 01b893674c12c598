"""Page text: the text of a published page, one block or table cell per line.

Encodings are detected, never guessed silently: a BOM, else strict UTF-8, else strict GB18030 (a
superset of GBK and GB2312); the one used is reported.
"""

from __future__ import annotations

import codecs

from taskmap.importer.blocks import Paragraph, Source
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


def read_text(data: bytes) -> Source:
    text, encoding = decode(data)
    return Source(list(paragraphs_of(text)), "text", encoding, text)
