"""Pages printed in traditional characters, read through their simplified forms, the data kept as printed.

Every convention the parser knows is written in simplified characters (责任单位, 牵头, 县, 局). A page in
traditional characters (責任單位, 牽頭, 縣) — a mainland site's 繁體 version, an older document — is read
by converting it character by character with OpenCC's traditional → simplified table, which keeps every
offset, and what the parser gives is spelled back as the page prints it: a text found in the converted
page takes the original's characters at that place, any other text each character's own original.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable
from typing import Any, TypeVar

from taskmap.identity import notice_jurisdiction
from taskmap.importer.blocks import Paragraph, Source, Table
from taskmap.importer.structure import ParsedNotice

# A page is read as traditional when at least this share of its Han characters has another simplified
# form: a simplified page holds almost none (a rare character in a name), a traditional one a fifth or more.
TRADITIONAL_SHARE = 0.05

T = TypeVar("T")


@dataclasses.dataclass(frozen=True)
class Respelling:
    """How the simplified reading of one page maps back to the page as printed."""

    printed: str
    read: str
    back: dict[int, str]  # a simplified character → the traditional one this page prints for it
    ambiguous: frozenset[str]  # simplified characters this page prints in more than one way
    simplified: dict[int, str]  # the page's traditional characters → their simplified forms

    def spell(self, text: str) -> str:
        """TEXT, read from the simplified page, in the page's own characters."""
        if not any(character in self.ambiguous for character in text):
            return text.translate(self.back)
        at = self.read.find(text)
        return self.printed[at : at + len(text)] if at >= 0 else text.translate(self.back)


def simplified_reading(page: Source) -> tuple[Source, Respelling | None]:
    """The page as the parser reads it, and how to spell its answers back (None: nothing to convert)."""
    han = [character for character in page.text if "\u4e00" <= character <= "\u9fff"]
    if not han:
        return page, None
    printed = Counter(page.text)
    characters = set(printed).union(*(_block_text(block) for block in page.blocks))
    table = _simplified_forms(characters)
    if sum(printed[chr(code)] for code in table) < TRADITIONAL_SHARE * len(han):
        return page, None

    def convert(text: str) -> str:
        return text.translate(table)

    origins: dict[str, Counter[str]] = {}
    for character in characters:
        origins.setdefault(convert(character), Counter())[character] += printed[character] + 1
    back = {ord(read): counts.most_common(1)[0][0] for read, counts in origins.items()}
    ambiguous = frozenset(read for read, counts in origins.items() if len(counts) > 1)
    reading = dataclasses.replace(
        page,
        blocks=[_converted_block(block, convert) for block in page.blocks],
        text=convert(page.text),
        title=convert(page.title) if page.title is not None else None,
    )
    return reading, Respelling(page.text, reading.text, back, ambiguous, table)


def respelled(notice: ParsedNotice, respelling: Respelling) -> ParsedNotice:
    """NOTICE with every text the page gave spelled as the page prints it; taskmap's own words (the
    doubts' templates, the conventions' names) stay as they are."""
    fields = dict(notice.fields)
    if fields.get("issuer") or fields.get("publisher"):  # the place is read from the simplified issuer
        fields.setdefault("jurisdiction", notice_jurisdiction(fields))
    return dataclasses.replace(
        notice,
        fields=_respelled(fields, respelling.spell),
        annexes=_respelled(notice.annexes, respelling.spell),
        doubts=[
            dataclasses.replace(doubt, values=_respelled(doubt.values, respelling.spell))
            for doubt in notice.doubts
        ],
        expansions=_respelled(notice.expansions, respelling.spell),
        simplified=respelling.simplified,
    )


def _simplified_forms(characters: set[str]) -> dict[int, str]:
    """Each of CHARACTERS that has another simplified form of one character → that form."""
    import opencc

    converter = opencc.OpenCC("t2s")
    table: dict[int, str] = {}
    for character in characters:
        if "\u3400" <= character <= "\u9fff" or "\uf900" <= character <= "\ufaff":
            form = converter.convert(character)
            if len(form) == 1 and form != character:
                table[ord(character)] = form
    return table


def _block_text(block: Paragraph | Table) -> str:
    if isinstance(block, Paragraph):
        return block.text
    return "".join(cell for row in block.rows for cell in row)


def _converted_block(block: Paragraph | Table, convert: Callable[[str], str]) -> Paragraph | Table:
    if isinstance(block, Paragraph):
        return dataclasses.replace(block, text=convert(block.text))
    rows = tuple(tuple(convert(cell) for cell in row) for row in block.rows)
    return dataclasses.replace(block, rows=rows, name=convert(block.name) if block.name else block.name)


def _respelled(value: T, spell: Callable[[str], str]) -> T:
    """VALUE with every string in it (through lists, tuples, dicts and dataclasses) spelled back."""
    result: Any
    if isinstance(value, str):
        result = spell(value)
    elif isinstance(value, list):
        result = [_respelled(item, spell) for item in value]
    elif isinstance(value, tuple):
        result = tuple(_respelled(item, spell) for item in value)
    elif isinstance(value, dict):
        result = {_respelled(key, spell): _respelled(item, spell) for key, item in value.items()}
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            field.name: _respelled(getattr(value, field.name), spell)
            for field in dataclasses.fields(value)
            if field.init
        }
        result = dataclasses.replace(value, **changes)
    else:
        result = value
    return result  # type: ignore[no-any-return]
