"""The assignment table for spreadsheets: CSV that Excel opens correctly, and a real xlsx workbook."""

from __future__ import annotations

import csv
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from taskmap.atomic import replacing, replacing_text
from taskmap.dataset import Dataset
from taskmap.model import KIND_LABELS, ROLE_LABELS, ROLES, Task
from taskmap.questions.reports import assignment_rows
from taskmap.render.escaping import printable, spreadsheet_cell

Cell = str | int
Sheet = tuple[list[str], list[list[Cell]]]
UNIT_SEPARATOR = "、"
MAX_COLUMN_WIDTH = 60
YES = "yes"


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
                YES if row.open_ended else "",
                YES if row.collective else "",
                task.text,
            ]
        )
    return columns, rows


def tasks_sheet(dataset: Dataset) -> Sheet:
    """One row per task: its units in every role (a notice may name only 指导单位), 完成时限 and 备注."""
    columns = ["task_id", "annex", "section", "number", "heading", *ROLES, "text"]
    columns += ["deadline", "deadline_date", "deadline_kind", "deadline_rule", "remark"]
    rows: list[list[Cell]] = [
        [
            task.id,
            task.annex,
            task.section,
            task.number,
            task.heading or "",
            *(UNIT_SEPARATOR.join(task.units(role)) for role in ROLES),
            task.text,
            *deadline_cells(dataset, task),
            task.remark or "",
        ]
        for task in dataset.tasks.values()
    ]
    return columns, rows


def deadline_cells(dataset: Dataset, task: Task) -> list[Cell]:
    """完成时限 as written, and what it means: the days it names, its kinds, a recurrence's RFC 5545 rule."""
    if not task.deadline:
        return ["", "", "", ""]
    from taskmap.tracking.deadlines import KIND_LABELS as DEADLINE_KINDS
    from taskmap.tracking.schedule import task_deadlines

    read = [found.deadline for found in task_deadlines(dataset.notice, [task])]
    days = [deadline.day.isoformat() for deadline in read if deadline.day and not deadline.recurrence]
    rules = [deadline.recurrence.rule() for deadline in read if deadline.recurrence]
    kinds = dict.fromkeys(DEADLINE_KINDS[deadline.kind] for deadline in read)
    return [task.deadline, UNIT_SEPARATOR.join(days), UNIT_SEPARATOR.join(kinds), " ".join(rules)]


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


def spanning(make_sheet: Callable[[Dataset], Sheet], datasets: list[Dataset]) -> Sheet:
    """One sheet over several notices: their rows in turn, each ending with its notice's key."""
    columns, rows = spanning_as_read(make_sheet, iter(datasets), len(datasets) > 1)
    return columns, list(rows)


def spanning_as_read(
    make_sheet: Callable[[Dataset], Sheet], datasets: Iterator[Dataset], several: bool
) -> tuple[list[str], Iterator[list[Cell]]]:
    """`spanning` as the datasets are read, a notice's rows at a time (`several`: a library of more
    than one, whose rows end with their notice's key): the CSV of ten thousand notices is 600 MB."""
    first = next(datasets)
    columns, rows = make_sheet(first)
    if not several:
        return columns, iter(rows)

    def every_row() -> Iterator[list[Cell]]:
        yield from ([*row, first.key] for row in rows)
        for dataset in datasets:
            yield from ([*row, dataset.key] for row in make_sheet(dataset)[1])

    return [*columns, "notice"], every_row()


def write_csv(sheet: tuple[list[str], Iterable[list[Cell]]], stream: TextIO) -> None:
    """CSV with a header row; the stream's encoding decides about a BOM. Cells a spreadsheet would run as
    formulas are neutralised (see `render.escaping`)."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(sheet[0])
    writer.writerows([spreadsheet_cell(value) for value in row] for row in sheet[1])


def write_csv_file(sheet: tuple[list[str], Iterable[list[Cell]]], path: Path) -> None:
    """CSV in UTF-8 with a BOM, which Excel needs to read Chinese correctly; written whole or not at all."""
    with replacing_text(path, encoding="utf-8-sig", newline="") as file:
        write_csv(sheet, file)


def display_width(value: Cell) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(value))


# The workbook is read by people: its sheets, headers and values are Chinese. CSV keeps the English keys
# that scripts rely on. A header mapped to None is left out of the workbook (the kind's English key).
CHINESE_HEADERS: dict[str, str | None] = {
    "task_id": "任务编号",
    "annex": "附件",
    "annex_title": "附件名称",
    "section": "部分",
    "section_title": "部分名称",
    "number": "序号",
    "heading": "任务标题",
    "role": "职责",
    "unit": "单位",
    "spelling": "通知原文写法",
    "open_ended": "名单未列尽（等）",
    "collective": "统称",
    "text": "任务内容",
    "deadline": "完成时限",
    "deadline_date": "完成日期",
    "deadline_kind": "时限类型",
    "deadline_rule": "重复规则（RFC 5545）",
    "remark": "备注",
    **{role: ROLE_LABELS[role] for role in ROLES},
    "kind": None,
    "kind_label": "类别",
    "aliases": "其他写法",
    "notice": "文件",
}
CHINESE_VALUES: dict[str, str] = {YES: "是", **{role: ROLE_LABELS[role] for role in ROLES}}
CODED_COLUMNS = {"role", "open_ended", "collective"}  # columns whose values are keys, not text


def in_chinese(sheet: Sheet, name_header: str) -> Sheet:
    """The sheet for a person: Chinese headers (the `name` column called `name_header`), roles and flags."""
    columns, rows = sheet
    headers = {**CHINESE_HEADERS, "name": name_header}
    kept = [index for index, column in enumerate(columns) if headers.get(column, column) is not None]
    coded = {index for index in kept if columns[index] in CODED_COLUMNS}
    translated = [
        [CHINESE_VALUES.get(str(row[i]), row[i]) if i in coded else row[i] for i in kept] for row in rows
    ]
    return [str(headers.get(columns[i], columns[i])) for i in kept], translated


def text_only(cells: Iterable[Any]) -> None:
    """Keep text from the data as text: openpyxl makes a formula of a string beginning with =, and Excel
    would again when the cell is edited, unless it is marked as quoted."""
    for cell in cells:
        if cell.data_type == "f":
            cell.data_type = "s"
            cell.quotePrefix = True


def write_workbook(datasets: list[Dataset], path: Path) -> None:
    """Sheets of assignments, tasks, populations and units, in Chinese; header frozen, filters on, columns
    sized to fit."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    default_sheet = workbook.worksheets[0]
    sheets = {
        "任务分工": in_chinese(spanning(assignments_sheet, datasets), "单位"),
        "任务": in_chinese(spanning(tasks_sheet, datasets), "单位"),
        "重点人群": in_chinese(spanning(populations_sheet, datasets), "重点人群"),
        "单位": in_chinese(spanning(units_sheet, datasets), "单位"),
    }
    for title, (columns, rows) in sheets.items():
        sheet = workbook.create_sheet(title)
        sheet.append(columns)
        for row in rows:
            sheet.append([printable(value) if isinstance(value, str) else value for value in row])
            text_only(sheet[sheet.max_row])
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
    with replacing(path) as file:
        workbook.save(file)
