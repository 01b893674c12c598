"""Help wrapped by the columns text takes on a terminal, not by its count of characters.

Click measures and wraps help with len(), so a Chinese character counts one column though it takes two, and
a line of Chinese, which has no spaces, can break only where a space is: Chinese help ran past 80 columns.
Here its wrapper and its measure count East Asian wide characters as two columns and let a line end between
Chinese characters, where `render.linebreak` allows (never before closing punctuation).
"""

from __future__ import annotations

import unicodedata
from itertools import pairwise

from typer._click import _textwrap, formatting

from taskmap.render.linebreak import label_insides, option_value_starts, prose_breaks


def display_width(text: str) -> int:
    """The columns `text` takes on a terminal: two for a wide or full-width character, one otherwise."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(character) in "WF" else 1 for character in text)


class DisplayWidthWrapper(_textwrap.TextWrapper):
    """Click's wrapper, filling lines by display width and breaking Chinese between its characters."""

    def _split(self, text: str) -> list[str]:
        chunks: list[str] = []
        for chunk in super()._split(text):
            if chunk.isascii():
                chunks.append(chunk)
            else:
                starts = sorted(prose_breaks(chunk) - label_insides(chunk))
                chunks += [chunk[start:end] for start, end in pairwise([0, *starts, len(chunk)])]
        return joined_to_their_options(chunks, option_value_starts(text))

    def _handle_long_word(
        self, reversed_chunks: list[str], cur_line: list[str], cur_len: int, width: int
    ) -> None:
        """A piece wider than a whole line: as much of it as fits (at least one character), the rest next."""
        space_left = max(width - cur_len, 1)
        last = reversed_chunks[-1]
        cut = 1
        while cut < len(last) and display_width(last[: cut + 1]) <= space_left:
            cut += 1
        cur_line.append(last[:cut])
        reversed_chunks[-1] = last[cut:]

    def _wrap_chunks(self, chunks: list[str]) -> list[str]:
        """textwrap's filling, each chunk counted by the columns it takes."""
        lines: list[str] = []
        chunks.reverse()
        while chunks:
            indent = self.subsequent_indent if lines else self.initial_indent
            width = self.width - display_width(indent)
            if self.drop_whitespace and chunks[-1].strip() == "" and lines:
                del chunks[-1]
            line: list[str] = []
            used = 0
            while chunks and used + display_width(chunks[-1]) <= width:
                used += display_width(chunks[-1])
                line.append(chunks.pop())
            if chunks and display_width(chunks[-1]) > width:
                self._handle_long_word(chunks, line, used, width)
            if self.drop_whitespace and line and line[-1].strip() == "":
                del line[-1]
            if line:
                lines.append(indent + "".join(line))
        return lines


def joined_to_their_options(chunks: list[str], values: set[int]) -> list[str]:
    """The chunks, each that opens an option's value (at an offset in `values`) joined to the option and
    the space before it, so that no line breaks between them (`--role responsible`)."""
    joined: list[str] = []
    offset = 0
    for chunk in chunks:
        if offset in values and len(joined) > 1 and joined[-1].isspace():
            space = joined.pop()
            joined[-1] += space + chunk
        else:
            joined.append(chunk)
        offset += len(chunk)
    return joined


def count_display_width() -> None:
    """Make Click's help formatter measure and wrap by display width (idempotent)."""
    formatting.term_len = display_width  # type: ignore[attr-defined,assignment]  # how write_dl measures
    _textwrap.TextWrapper = DisplayWidthWrapper  # type: ignore[misc]  # wrap_text imports it when it wraps
