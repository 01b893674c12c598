"""Renderers, one per output format, chosen by name.

The table renderer (Rich) is imported only when a table is drawn, so piped and JSON answers start fast.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Literal, TextIO, assert_never

from taskmap.questions.answers import NoticeList
from taskmap.questions.queries import QueryResult
from taskmap.questions.reports import Checklist, ReportResult
from taskmap.questions.streams import Streamed

if TYPE_CHECKING:
    from taskmap.tracking.schedule import DueList

Answer = QueryResult | ReportResult | NoticeList

OutputFormat = Literal["table", "plain", "json", "csv"]
MachineFormat = Literal["plain", "json", "csv"]  # what a script reads: written as an answer is read
DocumentFormat = Literal["md", "html"]
DeptFormat = Literal["table", "plain", "json", "csv", "md", "html", "ics"]
DueFormat = Literal["table", "plain", "json", "csv", "ics"]
# How many tasks a table lists of a big answer (of a unit's, in each role), the rest counted and said: a
# table measures every row before drawing one, and 90,000 hits of a search took 42 s and 840 MiB to draw.
TABLE_ROWS = 500


def render_document(checklist: Checklist, document_format: DocumentFormat) -> str:
    """A unit's checklist as Markdown or as one self-contained HTML page; control characters as U+FFFD."""
    from taskmap.render.checklist import render_html, render_markdown
    from taskmap.render.escaping import printable

    return printable(render_markdown(checklist) if document_format == "md" else render_html(checklist))


def default_format(stream: TextIO) -> OutputFormat:
    """A table for a person at a terminal; tab-separated lines for a pipe or a file."""
    return "table" if stream.isatty() else "plain"


def emit(result: Answer, output_format: OutputFormat | None, stream: TextIO | None = None) -> None:
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


def emit_streamed(
    result: Streamed,
    output_format: MachineFormat,
    stream: TextIO | None = None,
    labelled: bool = False,
    header: bool = True,
) -> None:
    """Write an answer as it is read, byte for byte as `emit` writes it whole. In a batch, `labelled`
    starts a unit's lines with the unit; `header` False continues a CSV table already started."""
    stream = stream or sys.stdout
    match output_format:
        case "plain":
            from taskmap.render.records import streamed_lines, tsv_line

            stream.writelines(streamed_lines(result, tsv_line, labelled)[1])
        case "csv":
            from taskmap.render.records import csv_line_parts, csv_lines, streamed_lines

            columns, lines = streamed_lines(result, csv_lines(), labelled)
            if header:
                stream.writelines(csv_line_parts(csv_lines(), columns))
            del columns  # a matrix's over ten thousand notices: 40,000 names, not needed again
            stream.writelines(lines)
        case "json":
            from taskmap.render.payload import streamed_payload, write_json_streamed

            write_json_streamed(streamed_payload(result), stream)
        case _:
            assert_never(output_format)


def emit_due(result: DueList, output_format: DueFormat | None, stream: TextIO | None = None) -> None:
    """Write the `due` answer to `stream` (default stdout): as the other answers, or as a calendar."""
    stream = stream or sys.stdout
    chosen = output_format or default_format(stream)
    match chosen:
        case "table":
            from taskmap.render.table import render_due

            render_due(result, stream)
        case "plain":
            from taskmap.render.records import due_records, write_tsv

            write_tsv(due_records(result)[1], stream)
        case "csv":
            from taskmap.render.records import due_records, write_csv

            write_csv(*due_records(result), stream)
        case "json":
            from taskmap.render.payload import due_payload, write_json

            write_json(due_payload(result), stream)
        case "ics":
            from taskmap.render.calendar import render_calendar

            stream.write(render_calendar(result))
        case _:
            assert_never(chosen)
