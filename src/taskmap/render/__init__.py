"""Renderers, one per output format, chosen by name.

The table renderer (Rich) is imported only when a table is drawn, so piped and JSON answers start fast.
"""

from __future__ import annotations

import sys
from typing import Literal, TextIO, assert_never

from taskmap.queries import QueryResult

OutputFormat = Literal["table", "plain", "json", "csv"]


def default_format(stream: TextIO) -> OutputFormat:
    """A table for a person at a terminal; tab-separated lines for a pipe or a file."""
    return "table" if stream.isatty() else "plain"


def emit(result: QueryResult, output_format: OutputFormat | None, stream: TextIO | None = None) -> None:
    """Write `result` to `stream` (default stdout) in the chosen format."""
    stream = stream or sys.stdout
    chosen = output_format or default_format(stream)
    match chosen:
        case "table":
            from taskmap.render.table import render_table

            render_table(result, stream)
        case "plain":
            from taskmap.render.records import records, write_tsv

            write_tsv(records(result)[1], stream)
        case "csv":
            from taskmap.render.records import records, write_csv

            write_csv(*records(result), stream)
        case "json":
            from taskmap.render.payload import payload, write_json

            write_json(payload(result), stream)
        case _:
            assert_never(chosen)
