"""Office Open XML packages (.docx, .xlsx): zip members read within a budget, XML parsed without entities.

A zip's directory may claim any size, so members are inflated in chunks and the bytes actually produced
are counted: a zip bomb stops at the budget, not after filling memory. The XML is parsed by lxml with
entity expansion, DTD loading and network access off; a document type declaration (which Office never
writes, and which entity bombs need) is refused outright, and libxml2's depth limit stays on, so deep
nesting is refused rather than recursed into.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from taskmap.importer.readers.errors import UnreadableInput

MAX_INFLATED_BYTES = 200 * 1024 * 1024
CHUNK = 1024 * 1024


class Package:
    """An opened .docx/.xlsx package; every member read counts against one inflation budget."""

    def __init__(self, data: bytes, kind: str) -> None:
        self.kind = kind
        self.budget = MAX_INFLATED_BYTES
        try:
            self.archive = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, EOFError, ValueError):
            raise UnreadableInput(
                f"a damaged or truncated {kind} file (its zip directory is unreadable)"
            ) from None
        self.names = set(self.archive.namelist())
        if any(info.flag_bits & 0x1 for info in self.archive.infolist()):
            raise UnreadableInput(f"an encrypted {kind} file; save it without a password and try again")

    def read(self, name: str, keep: bool = True) -> bytes:
        """A member's bytes, inflated chunk by chunk against the budget (only its first chunk unless
        `keep`)."""
        parts: list[bytes] = []
        try:
            with self.archive.open(name) as member:
                while chunk := member.read(CHUNK):
                    self.budget -= len(chunk)
                    if self.budget < 0:
                        raise UnreadableInput(
                            f"{self.kind} inflates past {MAX_INFLATED_BYTES // 1024 // 1024} MiB"
                            " (a zip bomb?); refused"
                        )
                    if keep or not parts:
                        parts.append(chunk)
        except KeyError:
            raise UnreadableInput(f"not a {self.kind} file: it has no {name}") from None
        except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError) as error:
            raise UnreadableInput(f"a damaged or truncated {self.kind} file ({name}: {error})") from None
        return b"".join(parts)

    def xml(self, name: str) -> Any:
        """A member parsed as XML, safely (see the module's docstring)."""
        return parse_xml(self.read(name), f"{self.kind} part {name}")

    def check_all(self) -> None:
        """Every member inflated once against the budget and its XML checked for a DTD, for a package
        handed whole to another library."""
        for name in sorted(self.names):
            data = self.read(name, keep=False)
            if name.endswith((".xml", ".rels")) and b"<!DOCTYPE" in data[:4096].upper():
                raise UnreadableInput(f"{self.kind} part {name} declares a DTD (entities); refused")


def parse_xml(data: bytes, where: str) -> Any:
    """XML without entity expansion, DTDs, network or huge-tree mode."""
    from lxml import etree

    if b"<!DOCTYPE" in data[:4096].upper():
        raise UnreadableInput(f"{where} declares a DTD (entities); refused")
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True
    )
    try:
        return etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as error:
        if "depth" in str(error).lower():
            raise UnreadableInput(f"{where} is nested more than 256 levels deep; refused") from None
        raise UnreadableInput(f"{where} is not well-formed XML ({error})") from None
