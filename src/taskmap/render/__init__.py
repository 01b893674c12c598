"""Renderers, one per output format, chosen by name.

The table renderer (Rich) is imported only when a table is drawn, so piped and JSON answers start fast.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import TextIO, assert_never

from taskmap.queries import QueryResult


class OutputFormat(StrEnum):
    table = "table"
    plain = "plain"
    json = "json"
    csv = "csv"


def default_format(stream: TextIO) -> OutputFormat:
    """A table for a person at a terminal; tab-separated lines for a pipe or a file."""
    return OutputFormat.table if stream.isatty() else OutputFormat.plain


def emit(result: QueryResult, output_format: OutputFormat | None, stream: TextIO | None = None) -> None:
    """Write `result` to `stream` (default stdout) in the chosen format."""
    stream = stream or sys.stdout
    chosen = output_format or default_format(stream)
    match chosen:
        case OutputFormat.table:
            from taskmap.render.table import render_table

            render_table(result, stream)
        case OutputFormat.plain:
            from taskmap.render.records import records, write_tsv

            write_tsv(records(result)[1], stream)
        case OutputFormat.csv:
            from taskmap.render.records import records, write_csv

            write_csv(*records(result), stream)
        case OutputFormat.json:
            from taskmap.render.payload import payload, write_json

            write_json(payload(result), stream)
        case _:
            assert_never(chosen)
