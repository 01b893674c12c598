"""Readers, one per input format, each giving the same thing: a `Source` of blocks.

The format is told by the input's first bytes (a name's suffix only breaks ties), and each reader's
library is imported only when its format arrives: page text needs none of them.
"""

from __future__ import annotations

from pathlib import PurePath

from taskmap.i18n import _
from taskmap.importer.blocks import Source
from taskmap.importer.readers.errors import UnreadableInput
from taskmap.importer.readers.text import read_text

MAX_INPUT_BYTES = 20 * 1024 * 1024
ZIP_SIGNATURE = b"PK\x03\x04"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
HTML_STARTS = (
    b"<!doctype",
    b"<html",
    b"<head",
    b"<body",
    b"<meta",
    b"<?xml",
    b"<!--",
    b"<div",
    b"<p",
    b"<table",
)
FORMATS = "page text, HTML, .docx, .doc, .wps, .xlsx, .xls, .et, .ods, .odt, .rtf or PDF"
ODF_TEXT = b"application/vnd.oasis.opendocument.text"
ODF_SHEET = b"application/vnd.oasis.opendocument.spreadsheet"

__all__ = ["MAX_INPUT_BYTES", "UnreadableInput", "read_source"]


def read_source(data: bytes, name: str) -> Source:
    """The document in `data`, read according to its first bytes and, for text, its name."""
    if len(data) > MAX_INPUT_BYTES:
        raise UnreadableInput(f"input is larger than {MAX_INPUT_BYTES:,} bytes; refused")
    if not data.strip():
        raise UnreadableInput("input is empty")
    suffix = PurePath(name.lower()).suffix
    if b"%PDF-" in data[:1024]:
        from taskmap.importer.readers.pdf import read_pdf

        return read_pdf(data)
    if data.startswith(ZIP_SIGNATURE):
        return read_package(data, suffix)
    if data.startswith(OLE_SIGNATURE):
        from taskmap.importer.readers.compound import read_compound

        return read_compound(data, name)
    if data.startswith(b"{\\rtf"):
        return read_converted(data, ".rtf", "rtf")
    if suffix in (".html", ".htm", ".xhtml") or looks_like_html(data):
        from taskmap.importer.readers.html import read_html

        return read_html(data)
    if b"\0" in data[:65536] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnreadableInput(f"binary data of no format taskmap reads ({FORMATS})")
    return read_text(data)


def looks_like_html(data: bytes) -> bool:
    start = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith(HTML_STARTS) and b"<" in start[1:]


def read_package(data: bytes, suffix: str) -> Source:
    """A zip: .docx or .xlsx by its parts, OpenDocument by its mimetype."""
    from taskmap.importer.readers.archive import Package

    kind = suffix if suffix in (".docx", ".xlsx", ".odt", ".ods") else "Office (zip)"
    package = Package(data, kind)
    if any(name.startswith("word/") for name in package.names):
        from taskmap.importer.readers.docx import read_docx

        package.kind = ".docx"
        return read_docx(data, package)
    if any(name.startswith("xl/") for name in package.names):
        from taskmap.importer.readers.spreadsheet import read_spreadsheet

        return read_spreadsheet(data, "xlsx")
    if "mimetype" in package.names:
        mimetype = package.read("mimetype")[:100]
        if mimetype.startswith(ODF_SHEET):
            from taskmap.importer.readers.spreadsheet import read_spreadsheet

            return read_spreadsheet(data, "ods")
        if mimetype.startswith(ODF_TEXT):
            package.check_all()
            return read_converted(data, ".odt", "odt")
    raise UnreadableInput(f"a zip archive that is not a document taskmap reads ({FORMATS})")


def read_converted(data: bytes, suffix: str, format: str) -> Source:
    """A word-processor file LibreOffice converts to .docx (RTF, OpenDocument text)."""
    from dataclasses import replace

    from taskmap.importer.readers.docx import read_docx
    from taskmap.importer.readers.libreoffice import convert

    source = read_docx(convert(data, suffix, "docx", f"a {suffix} file"))
    notes = [*source.notes, _("converted from {suffix} to .docx with LibreOffice").format(suffix=suffix)]
    return replace(source, format=format, encoding=f"{format} (through LibreOffice)", notes=notes)
