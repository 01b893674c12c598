"""OLE compound files (D0 CF 11 E0 …): old Word and WPS documents, old Excel and WPS spreadsheets, and
Office's encrypted Open XML files, told apart by their streams (read with olefile).

The name only breaks ties and names the format in the report: WPS writes .wps in Word's binary format
and .et in Excel's, so the streams alone cannot tell a .wps from a .doc.
"""

from __future__ import annotations

import io
import struct
from dataclasses import replace
from pathlib import PurePath

from taskmap.i18n import _
from taskmap.importer.blocks import Source
from taskmap.importer.readers.errors import UnreadableInput

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
FILEPASS = 0x002F
END_OF_SUBSTREAM = 0x000A


def read_compound(data: bytes, name: str) -> Source:
    """A .doc/.wps (through LibreOffice) or .xls/.et (read directly) document."""
    suffix = PurePath(name.lower()).suffix
    kind = compound_kind(data, suffix)
    if kind == "document":
        return read_word_binary(data, word_format(suffix))
    from taskmap.importer.readers.spreadsheet import read_spreadsheet

    return read_spreadsheet(data, sheet_format(suffix))


def compound_kind(data: bytes, suffix: str) -> str:
    """ "document" or "workbook", from the file's streams; encrypted or unknown files refused."""
    import olefile

    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            streams = {"/".join(path) for path in ole.listdir()}
            if {"EncryptionInfo", "EncryptedPackage"} <= streams:
                raise UnreadableInput(
                    "an encrypted (password-protected) Office file; save it without a password and try again"
                )
            is_document = "WordDocument" in streams
            is_workbook = bool({"Workbook", "Book"} & streams)
            if is_document and (not is_workbook or suffix not in (".xls", ".et")):
                header = ole.openstream("WordDocument").read(32)
                if len(header) > 11 and header[11] & 0x01:
                    raise UnreadableInput(
                        f"a password-protected .{word_format(suffix)} file; save it without a password"
                    )
                return "document"
            if is_workbook:
                stream = "Workbook" if "Workbook" in streams else "Book"
                if is_encrypted_workbook(ole.openstream(stream).read(64 * 1024)):
                    raise UnreadableInput(
                        f"a password-protected .{sheet_format(suffix)} file; save it without a password"
                    )
                return "workbook"
    except UnreadableInput:
        raise
    except Exception as error:  # olefile raises OSError, struct.error, IndexError… on damaged files
        raise UnreadableInput(
            f"a damaged or truncated Office file ({type(error).__name__}: {error})"
        ) from None
    shown = ", ".join(sorted(streams)[:6])
    raise UnreadableInput(
        f"an OLE file that is neither a Word/WPS document nor a spreadsheet (streams: {shown})"
    )


def word_format(suffix: str) -> str:
    return "wps" if suffix == ".wps" else "doc"


def sheet_format(suffix: str) -> str:
    return "et" if suffix == ".et" else "xls"


def is_encrypted_workbook(stream: bytes) -> bool:
    """Whether the workbook's first substream holds a FILEPASS record (BIFF8's password protection)."""
    offset = 0
    while offset + 4 <= len(stream):
        kind, size = struct.unpack_from("<HH", stream, offset)
        if kind == FILEPASS:
            return True
        if kind == END_OF_SUBSTREAM:
            return False
        offset += 4 + size
    return False


def read_word_binary(data: bytes, format: str) -> Source:
    """A .doc or .wps converted to .docx by LibreOffice, then read as .docx."""
    from taskmap.importer.readers.docx import read_docx
    from taskmap.importer.readers.libreoffice import convert

    converted = convert(data, ".doc", "docx", f"a .{format} file")
    source = read_docx(converted)
    notes = [
        *source.notes,
        _("converted from {suffix} to .docx with LibreOffice").format(suffix=f".{format}"),
    ]
    return replace(source, format=format, encoding=f"{format} (through LibreOffice)", notes=notes)
