"""Flat records for scripts: one line per task, unit or population, for TSV and CSV output.

Each record holds the fields of the JSON record it flattens, in a fixed order (README, "Fields of plain and
CSV records"): the columns scripts already cut by position first, later fields after them. Unit names are
joined with 、, task ids with commas; true/false and empty for null, as JSON spells them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TextIO, assert_never

from taskmap.model import ROLES, Task
from taskmap.questions.answers import NoticeList, NoticeSummary
from taskmap.questions.queries import (
    AnnexOutline,
    Assignment,
    Outline,
    PopulationTable,
    SearchResult,
    TaskDetail,
    UnitLoads,
    UnitReport,
)
from taskmap.questions.reports import Headlines, LoadMatrix, NoticeHeadlines, Partner, Partners
from taskmap.questions.streams import (
    HeadlinesStream,
    MatrixStream,
    NoticesStream,
    OutlineStream,
    PartnersStream,
    SearchStream,
    Streamed,
    UnitStream,
)
from taskmap.render import Answer
from taskmap.render.escaping import printable, spreadsheet_cell
from taskmap.render.payload import notice_headlines

if TYPE_CHECKING:
    from taskmap.tracking.schedule import DueList

Cell = str | int | float
Row = Sequence[Cell]
UNIT_SEPARATOR = "、"
ID_SEPARATOR = ","
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
    "numbered",
    "lead_unknown",
    "remark",
    "notice",
    *(f"{role}_open_ended" for role in ROLES),
    *(f"{role}_spellings" for role in ROLES),
    "printed",
    "clauses",
    "subsections",
]
# Fields a task gained later: after every column a script may already cut by position.
LATER_TASK_COLUMNS = ("printed", "clauses", "subsections")
CLAUSE_SEPARATOR = " ‖ "
DEPT_COLUMNS = [
    "role",
    "id",
    "annex",
    "title",
    "via",
    *(column for column in TASK_COLUMNS if column not in ("id", "annex", *LATER_TASK_COLUMNS)),
    "collective",
    *LATER_TASK_COLUMNS,
]
ANNEX_COLUMNS = [
    "id",
    "annex",
    "section",
    "title",
    "lead_or_responsible",
    "annex_title",
    "section_title",
    *(column for column in TASK_COLUMNS if column not in ("id", "annex", "section")),
]
DEPTS_COLUMNS = ["name", "kind", "lead", "support", "responsible", "populations", "guide"]
POPULATION_COLUMNS = ["number", "name", "lead", "lead_spellings", "annex", "notice"]
PARTNERS_COLUMNS = ["name", "count", "tasks"]
STATS_COLUMNS = ["figure", "value", "notice"]
NOTICES_COLUMNS = ["key", "document_number", "title", "issuer", "date", "tasks", "units", "jurisdiction"]
CELLS_PER_PART = 1000  # of a line too long to write whole
MATRIX_SPLIT_ROLES = ROLES[
    :3
]  # per column before the total; 指导 (guide) came later, so its columns follow it


def flag(value: bool) -> str:
    return "true" if value else "false"


def units(names: Sequence[str]) -> str:
    return UNIT_SEPARATOR.join(names)


def task_fields(task: Task) -> dict[str, Cell]:
    """Every field of a task's JSON record as a cell, plus its title (heading, else first sentence)."""
    fields: dict[str, Cell] = {
        "id": task.ref,
        "annex": task.annex,
        "section": task.section,
        "number": task.number,
        "heading": task.heading or "",
        "title": task.title,
        "text": task.text,
        "deadline": task.deadline or "",
        "numbered": flag(task.numbered),
        "lead_unknown": flag(task.lead_unknown),
        "remark": task.remark or "",
        "notice": task.notice,
        "printed": task.printed or "",
        "clauses": CLAUSE_SEPARATOR.join(
            f"{clause.text}（{units([u for role in ROLES for u in clause.units(role)])}）"
            for clause in task.clauses
        ),
        "subsections": CLAUSE_SEPARATOR.join(task.subsections),
    }
    for role in ROLES:
        fields[role] = units(task.units(role))
        fields[f"{role}_open_ended"] = task.open_ended.get(role, "")
        fields[f"{role}_spellings"] = units(task.spellings.get(role, ()))
    return fields


def task_record(task: Task) -> list[Cell]:
    fields = task_fields(task)
    return [fields[column] for column in TASK_COLUMNS]


def _assignment_record(assignment: Assignment) -> list[Cell]:
    fields = task_fields(assignment.task)
    fields |= {"role": assignment.role, "via": assignment.via or "", "collective": flag(bool(assignment.via))}
    return [fields[column] for column in DEPT_COLUMNS]


def _annex_records(outline: AnnexOutline) -> Iterator[Row]:
    """A record per task of an annex, with its annex's and section's titles."""
    for section, tasks in outline.sections:
        for task in tasks:
            fields = task_fields(task) | {
                "lead_or_responsible": units(task.lead or task.responsible),
                "annex_title": outline.annex.title,
                "section_title": section.title,
            }
            yield [fields[column] for column in ANNEX_COLUMNS]


def _matrix_records(result: LoadMatrix | MatrixStream) -> tuple[list[str], Iterator[Row]]:
    """The matrix's column names, and a record per row as its rows are read."""
    keys = [column.key for column in result.columns]
    later_roles = [role for role in ROLES if role not in MATRIX_SPLIT_ROLES]
    columns = [
        "name",
        "kind",
        *(f"{result.by}{key}_{role}" for key in keys for role in MATRIX_SPLIT_ROLES),
        "total",
        *(f"{result.by}{key}_{role}" for key in keys for role in later_roles),
    ]
    rows: Iterator[Row] = (
        [
            row.unit,
            row.kind,
            *(row.counts[key][role] for key in keys for role in MATRIX_SPLIT_ROLES),
            row.total(),
            *(row.counts[key][role] for key in keys for role in later_roles),
        ]
        for row in result.rows
    )
    return columns, rows


def figure_rows(value: Any, path: str, notice: str) -> list[Row]:
    """A notice's headline figures as (jq path, value, notice) rows: lists of ids joined, objects walked."""
    if isinstance(value, dict):
        return [row for key, item in value.items() for row in figure_rows(item, f"{path}.{key}", notice)]
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return [
            row for index, item in enumerate(value) for row in figure_rows(item, f"{path}[{index}]", notice)
        ]
    if isinstance(value, list):
        return [[path, ID_SEPARATOR.join(value), notice]]
    return [[path, value, notice]]


def records(result: Answer) -> tuple[list[str], list[Row]]:
    """Column names and rows for one answer."""
    match result:
        case UnitReport():
            return DEPT_COLUMNS, [_assignment_record(a) for a in result.shown]
        case UnitLoads():
            return DEPTS_COLUMNS, [[getattr(row, column) for column in DEPTS_COLUMNS] for row in result.rows]
        case PopulationTable():
            rows: list[Row] = [
                [p.number, p.name, units(p.lead), units(p.lead_spellings), p.annex, p.notice]
                for p in result.rows
            ]
            return POPULATION_COLUMNS, rows
        case TaskDetail():
            return TASK_COLUMNS, [task_record(result.task)]
        case SearchResult():
            return TASK_COLUMNS, [task_record(hit.task) for hit in result.hits]
        case Outline():
            return ANNEX_COLUMNS, [row for outline in result.annexes for row in _annex_records(outline)]
        case LoadMatrix():
            columns, matrix_rows = _matrix_records(result)
            return columns, list(matrix_rows)
        case Partners():
            return PARTNERS_COLUMNS, [_partner_record(partner) for partner in result.partners]
        case Headlines():
            return STATS_COLUMNS, [row for figures in result.notices for row in _headline_records(figures)]
        case NoticeList():
            return NOTICES_COLUMNS, [_notice_record(row) for row in result.rows]
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


def _cell(value: Cell) -> str:
    """Tabs and line breaks inside a value would break the one-record-per-line promise; control
    characters are shown as U+FFFD."""
    return printable(" ".join(value.split())) if isinstance(value, str) else str(value)


def write_tsv(rows: list[Row], stream: TextIO) -> None:
    """Tab-separated lines, no header, no colour: ready for cut, sort, grep and wc -l."""
    stream.writelines(map(tsv_line, rows))


def tsv_line(row: Row) -> str:
    """One tab-separated line. Values are as the data has them (a cell may begin with =: scripts want it
    so), but for control characters, which are shown as U+FFFD."""
    return "\t".join(_cell(value) for value in row) + "\n"


def write_csv(columns: list[str] | None, rows: list[Row], stream: TextIO) -> None:
    """CSV with a header row (None: rows continuing a table already started), UTF-8 without BOM for cut.

    CSV is what people open in a spreadsheet, so a cell that would begin a formula is neutralised.
    """
    writer = csv.writer(stream, lineterminator="\n")
    if columns is not None:
        writer.writerow(columns)
    writer.writerows([spreadsheet_cell(value) for value in row] for row in rows)


def csv_lines() -> Callable[[Row], str]:
    """A maker of CSV lines, each as `write_csv` writes a row, for rows rendered before they are written."""
    line = io.StringIO()
    writer = csv.writer(line, lineterminator="\n")

    def csv_line(row: Row) -> str:
        line.seek(0)
        line.truncate()
        writer.writerow([spreadsheet_cell(value) for value in row])
        return line.getvalue()

    return csv_line


def csv_line_parts(line: Callable[[Row], str], row: Row) -> Iterator[str]:
    """`line(row)` (a `csv_lines()`) in parts of CELLS_PER_PART cells or more: a matrix's header over ten
    thousand notices is 40,000 names. Every part holds two cells at least, as a lone empty cell is
    written otherwise than in a row."""
    size, start = max(CELLS_PER_PART, 2), 0
    while len(row) - start - size >= 2:
        yield line(row[start : start + size])[:-1] + ","
        start += size
    yield line(row[start:])


def streamed_lines(
    result: Streamed, line: Callable[[Row], str], labelled: bool = False
) -> tuple[list[str], Iterator[str]]:
    """Column names and the lines of an answer as it is read, made by `line` (`tsv_line` or a
    `csv_lines()`); `labelled`, a unit's lines start with the unit, as in `batch_records`."""
    match result:
        case UnitStream():
            unit = [result.department.name] if labelled else []
            columns = ["unit", *DEPT_COLUMNS] if labelled else DEPT_COLUMNS
            return columns, result.rendered(lambda a: line([*unit, *_assignment_record(a)]))
        case SearchStream():
            return TASK_COLUMNS, result.rendered(lambda hit: line(task_record(hit.task)))
        case NoticesStream():
            return NOTICES_COLUMNS, (line(_notice_record(row)) for row in result.rows)
        case HeadlinesStream():
            lines = (line(row) for figures in result.notices for row in _headline_records(figures))
            return STATS_COLUMNS, lines
        case MatrixStream():
            columns, rows = _matrix_records(result)
            return columns, map(line, rows)
        case PartnersStream():
            return PARTNERS_COLUMNS, (line(_partner_record(partner)) for partner in result.partners)
        case OutlineStream():
            return ANNEX_COLUMNS, (line(row) for outline in result.annexes for row in _annex_records(outline))
        case _:
            assert_never(result)


def _partner_record(partner: Partner) -> Row:
    return [partner.unit, len(partner.task_ids), ID_SEPARATOR.join(partner.task_ids)]


def _headline_records(figures: NoticeHeadlines) -> list[Row]:
    """A notice's figures, a record per figure (a list, one record per item), each naming the notice."""
    record = notice_headlines(figures)
    notice = record.pop("notice")
    return [row for key, value in record.items() for row in figure_rows(value, key, notice)]


def _notice_record(row: NoticeSummary) -> Row:
    return [getattr(row, column) or "" for column in NOTICES_COLUMNS]


DUE_COLUMNS = [
    "due",
    "days",
    "id",
    "kind",
    "deadline",
    "title",
    "lead",
    "support",
    "responsible",
    "guide",
    "year_assumed",
    "start",
    "end",
    "rule",
    "notice",
    "task_deadline",
]


def due_records(result: DueList) -> tuple[list[str], list[Row]]:
    """One record per deadline in the `due` answer, dated ones by day, then those naming no day (--all)."""
    rows: list[Row] = []
    for entry in [*result.entries, *result.undated]:
        deadline, task = entry.deadline, entry.task
        days = entry.days_left(result.today)
        fields = task_fields(task) | {
            "due": entry.due.isoformat() if entry.due else "",
            "days": "" if days is None else days,
            "kind": deadline.kind,
            "deadline": deadline.text,
            "year_assumed": flag(deadline.year_assumed),
            "start": deadline.start.isoformat() if deadline.start else "",
            "end": deadline.end.isoformat() if deadline.end else "",
            "rule": deadline.recurrence.rule() if deadline.recurrence else "",
            "task_deadline": task.deadline or "",
        }
        rows.append([fields[column] for column in DUE_COLUMNS])
    return DUE_COLUMNS, rows
