"""The assignment table for spreadsheets: CSV that Excel opens correctly, and a real xlsx workbook."""

from __future__ import annotations

import csv
import unicodedata
from pathlib import Path
from typing import TextIO

from taskmap.dataset import Dataset
from taskmap.model import KIND_LABELS
from taskmap.reports import assignment_rows

Cell = str | int
Sheet = tuple[list[str], list[list[Cell]]]
UNIT_SEPARATOR = "、"
MAX_COLUMN_WIDTH = 60


def assignments_sheet(dataset: Dataset) -> Sheet:
    """One row per task × unit × role, with the notice's spelling and the open-ended and collective flags."""
    columns = [
        "task_id",
        "annex",
        "annex_title",
        "section",
        "section_title",
        "heading",
        "role",
        "unit",
        "spelling",
        "open_ended",
        "collective",
        "text",
    ]
    rows: list[list[Cell]] = []
    for row in assignment_rows(dataset):
        task = row.task
        rows.append(
            [
                task.id,
                task.annex,
                dataset.annexes[task.annex].title,
                task.section,
                dataset.section_of(task).title,
                task.heading or "",
                row.role,
                row.unit,
                row.spelling,
                "yes" if row.open_ended else "",
                "yes" if row.collective else "",
                task.text,
            ]
        )
    return columns, rows


def tasks_sheet(dataset: Dataset) -> Sheet:
    columns = ["task_id", "annex", "section", "number", "heading", "lead", "support", "responsible", "text"]
    rows: list[list[Cell]] = [
        [
            task.id,
            task.annex,
            task.section,
            task.number,
            task.heading or "",
            UNIT_SEPARATOR.join(task.lead),
            UNIT_SEPARATOR.join(task.support),
            UNIT_SEPARATOR.join(task.responsible),
            task.text,
        ]
        for task in dataset.tasks.values()
    ]
    return columns, rows


def populations_sheet(dataset: Dataset) -> Sheet:
    rows: list[list[Cell]] = [
        [p.number, p.name, UNIT_SEPARATOR.join(p.lead)] for p in dataset.populations.values()
    ]
    return ["number", "name", "lead"], rows


def units_sheet(dataset: Dataset) -> Sheet:
    rows: list[list[Cell]] = [
        [d.name, d.kind, KIND_LABELS.get(d.kind, d.kind), UNIT_SEPARATOR.join(d.aliases)]
        for d in dataset.departments.values()
    ]
    return ["name", "kind", "kind_label", "aliases"], rows


def write_csv(sheet: Sheet, stream: TextIO) -> None:
    """CSV with a header row; the stream's encoding decides about a BOM."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(sheet[0])
    writer.writerows(sheet[1])


def write_csv_file(sheet: Sheet, path: Path) -> None:
    """CSV in UTF-8 with a BOM, which Excel needs to read Chinese correctly."""
    with path.open("w", encoding="utf-8-sig", newline="") as file:
        write_csv(sheet, file)


def display_width(value: Cell) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(value))


def write_workbook(dataset: Dataset, path: Path) -> None:
    """Sheets assignments, tasks, populations and units; header frozen, filters on, columns sized to fit."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    default_sheet = workbook.worksheets[0]
    sheets = {
        "assignments": assignments_sheet(dataset),
        "tasks": tasks_sheet(dataset),
        "populations": populations_sheet(dataset),
        "units": units_sheet(dataset),
    }
    for title, (columns, rows) in sheets.items():
        sheet = workbook.create_sheet(title)
        sheet.append(columns)
        for row in rows:
            sheet.append(row)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
        for index, column in enumerate(columns, start=1):
            widest = max([display_width(column), *(display_width(row[index - 1]) for row in rows)])
            sheet.column_dimensions[get_column_letter(index)].width = min(widest + 2, MAX_COLUMN_WIDTH)
            if widest > MAX_COLUMN_WIDTH:
                for cell in sheet[get_column_letter(index)][1:]:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
    workbook.remove(default_sheet)
    workbook.save(path)
