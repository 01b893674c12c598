"""Where a line of Chinese text may end: between unit names only, and never before closing punctuation.

Pure string work, so the table renderer (and its tests) can ask without drawing anything.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from itertools import pairwise

from taskmap.model import KIND_LABELS, ROLE_LABELS

CLOSING = "、，。；：）」』》〉】〕！？…,.;:!?)]}%”’"  # a line never starts with one of these
OPENING = "（「『《〈【〔([{“‘"  # a line never ends with one of these
UNIT_SEPARATOR = "、"
# An option and the value typed after it (--role responsible, --data DIR, -f json) are read as one word,
# so a line never breaks between them, whatever language is around them. A value is ASCII: the Chinese
# after a flag (--all 可列出) is words of the sentence.
OPTION_BEFORE_VALUE = re.compile(r"(?<![\w-])--?[A-Za-z][\w-]* (?=[\w./~'\"<{\[])", re.ASCII)


# The labels of roles and kinds are read as one word where they name a role or kind (in help), so a line
# never breaks inside one there: 牵头单位, 政府部门, 法院、检察院. In a task's text they are its words.
LABELS = re.compile(
    "|".join(sorted(map(re.escape, {*ROLE_LABELS.values(), *KIND_LABELS.values()}), key=len, reverse=True))
)


def label_insides(text: str) -> set[int]:
    """Offsets inside a role or kind label (`牵头|单位`): no line may begin there."""
    return {offset for match in LABELS.finditer(text) for offset in range(match.start() + 1, match.end())}


def option_value_starts(text: str) -> set[int]:
    """Offsets where the value of an option begins (`--role |responsible`): no line may begin there."""
    return {match.end() for match in OPTION_BEFORE_VALUE.finditer(text)}


def prose_breaks(text: str, start: int = 0) -> set[int]:
    """Offsets (plus `start`) where a line of prose may begin: between Chinese characters, after a space,
    but never before closing punctuation, after opening punctuation, inside a Latin word or number, or
    between an option and its value."""
    breaks = set()
    values = option_value_starts(text) if "-" in text else set()
    for offset in range(1, len(text)):
        before, after = text[offset - 1], text[offset]
        if after in CLOSING or before in OPENING or after == " " or offset in values:
            continue
        if before.isascii() and after.isascii() and before != " ":
            continue
        breaks.add(start + offset)
    return breaks


def name_list_breaks(names: Iterable[str], start: int = 0) -> tuple[str, set[int]]:
    """Names joined with 、 and the offsets where a line may begin: only right after a separator."""
    text, breaks = "", set()
    for name in names:
        if text:
            text += UNIT_SEPARATOR
            breaks.add(start + len(text))
        text += name
    return text, breaks


def line_starts(text: str, breaks: set[int], width: int, cell_width: Callable[[str], int]) -> list[int]:
    """Where each line after the first starts when `text` is filled greedily into `width` cells."""
    starts: list[int] = []
    line_start, used, last_break = 0, 0, None
    for offset, character in enumerate(text):
        if offset in breaks and offset > line_start:
            last_break = offset
        cells = cell_width(character)
        if used + cells > width and offset > line_start:
            cut = last_break if last_break is not None else forced_cut(text, line_start, offset)
            starts.append(cut)
            line_start, used, last_break = cut, cell_width(text[cut:offset]), None
        used += cells
    return starts


def forced_cut(text: str, line_start: int, offset: int) -> int:
    """Where to cut a piece too wide for any allowed break: before `offset`, or one earlier so that
    closing punctuation does not open the next line."""
    if text[offset] in CLOSING and offset - 1 > line_start:
        return offset - 1
    return offset


def widest_piece(text: str, breaks: set[int], cell_width: Callable[[str], int]) -> int:
    """The width of the longest stretch between two allowed breaks: narrower, a line must be cut."""
    edges = [0, *sorted(breaks), len(text)]
    return max((cell_width(text[a:b]) for a, b in pairwise(edges)), default=0)
