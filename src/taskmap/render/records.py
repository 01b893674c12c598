"""Flat records for scripts: one line per task, unit or population, for TSV and CSV output."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from typing import TextIO, assert_never

from taskmap.answers import NoticeList
from taskmap.model import ROLES, Task
from taskmap.queries import (
    Outline,
    PopulationTable,
    SearchResult,
    TaskDetail,
    UnitLoads,
    UnitReport,
)
from taskmap.render import Answer
from taskmap.reports import Headlines, LoadMatrix, Partners

Row = Sequence[str | int]
UNIT_SEPARATOR = "、"
# Columns a script cuts by position keep their place; later additions (指导 units, 完成时限) come last.
TASK_COLUMNS = [
    "id",
    "annex",
    "section",
    "number",
    "heading",
    "lead",
    "support",
    "responsible",
    "text",
    "guide",
    "deadline",
]


def task_record(task: Task) -> list[str | int]:
    lead, support, responsible, guide = (UNIT_SEPARATOR.join(task.units(role)) for role in ROLES)
    numbering: list[str | int] = [task.ref, task.annex, task.section, task.number, task.heading or ""]
    return [*numbering, lead, support, responsible, task.text, guide, task.deadline or ""]


def records(result: Answer) -> tuple[list[str], list[Row]]:
    """Column names and rows for one answer."""
    match result:
        case UnitReport():
            shown = result.shown
            rows: list[Row] = [[a.role, a.task.ref, a.task.annex, a.task.title, a.via or ""] for a in shown]
            return ["role", "id", "annex", "title", "via"], rows
        case UnitLoads():
            columns = ["name", "kind", "lead", "support", "responsible", "populations"]
            columns += [role for role in result.roles if role not in columns]
            return columns, [[getattr(row, column) for column in columns] for row in result.rows]
        case PopulationTable():
            rows = [[p.number, p.name, UNIT_SEPARATOR.join(p.lead)] for p in result.rows]
            return ["number", "name", "lead"], rows
        case TaskDetail():
            return TASK_COLUMNS, [task_record(result.task)]
        case SearchResult():
            return TASK_COLUMNS, [task_record(hit.task) for hit in result.hits]
        case Outline():
            rows = [
                [
                    task.ref,
                    task.annex,
                    task.section,
                    task.title,
                    UNIT_SEPARATOR.join(task.lead or task.responsible),
                ]
                for outline in result.annexes
                for _, tasks in outline.sections
                for task in tasks
            ]
            return ["id", "annex", "section", "title", "lead"], rows
        case LoadMatrix():
            columns = ["name", "kind"]
            keys = [column.key for column in result.columns]
            columns += [f"{result.by}{key}_{role}" for key in keys for role in result.roles]
            rows = [
                [row.unit, row.kind, *(row.counts[key][r] for key in keys for r in result.roles), row.total()]
                for row in result.rows
            ]
            return [*columns, "total"], rows
        case Partners():
            rows = [[p.unit, len(p.task_ids), ",".join(p.task_ids)] for p in result.partners]
            return ["name", "shared_tasks", "task_ids"], rows
        case Headlines():
            return ["figure", "value"], [list(figure) for figure in result.figures]
        case NoticeList():
            columns = ["key", "document_number", "title", "issuer", "date", "tasks", "units", "jurisdiction"]
            return columns, [[getattr(row, column) or "" for column in columns] for row in result.rows]
        case _:
            assert_never(result)


def batch_records(result: Answer) -> tuple[list[str], list[Row]]:
    """Like `records`, for one of several answers: a unit's task lines start with the unit they belong to.

    Task, search and population records already start with their id or number.
    """
    columns, rows = records(result)
    if isinstance(result, UnitReport):
        unit = result.department.name
        return ["unit", *columns], [[unit, *row] for row in rows]
    return columns, rows


def _cell(value: str | int) -> str:
    """Tabs and line breaks inside a value would break the one-record-per-line promise."""
    return " ".join(str(value).split()) if isinstance(value, str) else str(value)


def write_tsv(rows: list[Row], stream: TextIO) -> None:
    """Tab-separated lines, no header, no colour: ready for cut, sort, grep and wc -l."""
    stream.writelines("\t".join(_cell(value) for value in row) + "\n" for row in rows)


def write_csv(columns: list[str] | None, rows: list[Row], stream: TextIO) -> None:
    """CSV with a header row (None: rows continuing a table already started), UTF-8 without BOM for cut."""
    writer = csv.writer(stream, lineterminator="\n")
    if columns is not None:
        writer.writerow(columns)
    writer.writerows(rows)
