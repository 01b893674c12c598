"""Spreadsheets (.xlsx, .xls, WPS's .et, .ods), read with python-calamine: every sheet is a Table block.

python-calamine (Rust's calamine) reads all these formats, typed values and merged ranges included,
in a fraction of openpyxl's time. A merged range's value stands in every cell it covers. Whole numbers
are written as integers ("1", not "1.0"); dates are written as the sheet shows them, from the cells'
number formats (read with openpyxl for .xlsx; an .xls/.et sheet with dates is first converted to .xlsx
by LibreOffice when it is installed, since calamine does not give formats), else as 2019/3/1. Hidden
sheets are not read.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Sequence
from typing import Any

from taskmap.importer.blocks import Source, SourceWriter
from taskmap.importer.readers.archive import Package
from taskmap.importer.readers.errors import UnreadableInput
from taskmap.importer.readers.excelformat import shown_date
from taskmap.importer.readers.grid import MAX_CELLS, Grid

Formats = dict[tuple[str, int, int], str]  # (sheet, row, column) → the date cell's number format


def read_spreadsheet(data: bytes, format: str) -> Source:
    """Every visible, non-empty sheet of the workbook as a table, in the workbook's order."""
    notes: list[str] = []
    if format in ("xlsx", "ods"):
        Package(data, f".{format}").check_all()
    sheets = read_sheets(data, format)
    formats: Formats = {}
    if any(is_date(value) for _, rows, _ in sheets for row in rows for value in row):
        data, formats, note = date_formats(data, format)
        notes.extend(note)
    writer = SourceWriter()
    for name, rows, merged in sheets:
        grid = Grid()
        for row_index, row in enumerate(rows):
            for column, value in enumerate(row):
                text = cell_text(value, formats.get((name, row_index, column)))
                if text:
                    grid.place(row_index, column, text)
        for (top, left), (bottom, right) in merged:
            text = grid.cells.get((top, left), "")
            for row_index in range(top, min(bottom, len(rows) - 1) + 1):
                for column in range(left, right + 1):
                    if (row_index, column) != (top, left):
                        grid.cells[(row_index, column)] = text
            grid.height = max(grid.height, min(bottom + 1, len(rows)))
            grid.width = max(grid.width, right + 1)
        table, anchors = without_leading_columns(grid.rows(), grid.anchors)
        writer.table(table, anchors, name)
    if not writer.blocks:
        raise UnreadableInput(f"a .{format} spreadsheet without any table: every visible sheet is empty")
    return writer.source(format, f"{format} (python-calamine)", notes)


Sheet = tuple[str, list[list[Any]], list[tuple[tuple[int, int], tuple[int, int]]]]


def read_sheets(data: bytes, format: str) -> list[Sheet]:
    """(name, rows from A1, merged ranges) of each visible sheet."""
    from python_calamine import CalamineWorkbook

    sheets = []
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        for metadata in workbook.sheets_metadata:
            if str(metadata.visible).rsplit(".", 1)[-1] != "Visible":
                continue
            sheet = workbook.get_sheet_by_name(metadata.name)
            end = sheet.end
            if end is None:
                continue
            if (end[0] + 1) * (end[1] + 1) > MAX_CELLS:
                raise UnreadableInput(
                    f"sheet {metadata.name!r} spans more than {MAX_CELLS:,} cells; not a notice's table"
                )
            merged = list(sheet.merged_cell_ranges or [])
            sheets.append((metadata.name, sheet.to_python(skip_empty_area=False), merged))
    except UnreadableInput:
        raise
    except Exception as error:  # calamine raises its own CalamineError, ValueError… on damaged files
        message = str(error).splitlines()[0] if str(error) else type(error).__name__
        if "password" in message.lower() or "encrypt" in message.lower():
            raise UnreadableInput(
                f"a password-protected .{format} file; save it without a password"
            ) from None
        raise UnreadableInput(f"a damaged or truncated .{format} file ({message})") from None
    return sheets


def is_date(value: Any) -> bool:
    return isinstance(value, datetime.date | datetime.time)


def cell_text(value: Any, number_format: str | None) -> str:
    """A cell's value as the sheet shows it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.15g}"
    if isinstance(value, datetime.date | datetime.time):
        return shown_date(value, number_format)
    return str(value).strip()


def date_formats(data: bytes, format: str) -> tuple[bytes, Formats, list[str]]:
    """The number formats of the workbook's date cells; an .xls/.et is converted to .xlsx first."""
    if format in ("xls", "et"):
        from taskmap.importer.readers.libreoffice import convert, office_command

        if office_command() is None:
            return (
                data,
                {},
                ["dates written as year/month/day: LibreOffice, which reads their formats, is absent"],
            )
        data = convert(data, ".xls", "xlsx", f"a .{format} file")
    elif format != "xlsx":
        return data, {}, []
    import openpyxl

    formats: Formats = {}
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if getattr(cell, "is_date", False) and cell.row and cell.column:
                        formats[(sheet.title, cell.row - 1, cell.column - 1)] = str(cell.number_format)
    finally:
        workbook.close()
    return data, formats, []


def without_leading_columns(
    rows: Sequence[Sequence[str]], anchors: set[tuple[int, int]]
) -> tuple[list[list[str]], set[tuple[int, int]]]:
    """The rows with empty leading columns dropped (a sheet that starts at column B), anchors shifted."""
    first = min((next((i for i, cell in enumerate(row) if cell), len(row)) for row in rows), default=0)
    return [list(row[first:]) for row in rows], {(row, column - first) for row, column in anchors}
