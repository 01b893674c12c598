"""Readers, one per input format, each giving the same thing: a `Source` of blocks.

The format is told by the input's first bytes (a name's suffix only breaks ties), and each reader's
library is imported only when its format arrives.
"""

from __future__ import annotations

from taskmap.importer.blocks import Source
from taskmap.importer.readers.errors import UnreadableInput
from taskmap.importer.readers.text import read_text

MAX_INPUT_BYTES = 20 * 1024 * 1024

__all__ = ["MAX_INPUT_BYTES", "UnreadableInput", "read_source"]


def read_source(data: bytes, name: str) -> Source:
    """The document in `data`, read according to its first bytes and, for text, its name."""
    if len(data) > MAX_INPUT_BYTES:
        raise UnreadableInput(f"input is larger than {MAX_INPUT_BYTES:,} bytes; refused")
    if not data.strip():
        raise UnreadableInput("input is empty")
    lowered = name.lower()
    if data.startswith(b"%PDF"):
        raise UnreadableInput("PDF is not read yet")
    if data.startswith(b"PK\x03\x04"):
        from taskmap.importer.readers.docx import read_docx

        return read_docx(data)
    if lowered.endswith((".html", ".htm")) or data.lstrip()[:15].lower().startswith((b"<!doctype", b"<html")):
        from taskmap.importer.readers.html import read_html

        return read_html(data)
    return read_text(data)
