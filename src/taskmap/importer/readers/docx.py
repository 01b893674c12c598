"""Word .docx: interim reader (paragraph texts in order)."""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree

from taskmap.importer.blocks import Source
from taskmap.importer.readers.errors import UnreadableInput
from taskmap.importer.readers.text import paragraphs_of

WORD_NAMESPACE = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_PART_BYTES = 80 * 1024 * 1024


def read_docx(data: bytes) -> Source:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if archive.getinfo("word/document.xml").file_size > MAX_PART_BYTES:
                raise UnreadableInput("the .docx document part is too large")
            root = ElementTree.fromstring(archive.read("word/document.xml"))
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, EOFError) as error:
        raise UnreadableInput(f"not a readable .docx file ({type(error).__name__})") from None
    page = "\n".join(
        "".join(node.text or "" for node in paragraph.iter(f"{WORD_NAMESPACE}t"))
        for paragraph in root.iter(f"{WORD_NAMESPACE}p")
    )
    return Source(paragraphs_of(page), "docx", "UTF-8 (docx)", page)
