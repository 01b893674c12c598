"""JSON answers, built from plain dicts (never scraped from a rendered table)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, TextIO, assert_never

from taskmap.dataset import department_to_dict, population_to_dict, task_to_dict
from taskmap.model import ROLES, Department
from taskmap.questions.answers import NoticeList
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
from taskmap.questions.reports import (
    Headlines,
    LoadMatrix,
    MatrixColumn,
    MatrixRow,
    NoticeHeadlines,
    Partner,
    Partners,
    UnitLoad,
)
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
from taskmap.render.escaping import json_safe

if TYPE_CHECKING:
    from taskmap.tracking.schedule import DueEntry, DueList

MATRIX_COLUMNS_KEY = {"annex": "annexes", "notice": "notices"}
CELLS_PER_PART = 500


def _assignment(assignment: Assignment) -> dict[str, Any]:
    entry = task_to_dict(assignment.task) | {"role": assignment.role}
    if assignment.via is not None:
        entry |= {"collective": True, "via": assignment.via}
    return entry


def _unit_load(unit: UnitLoad) -> dict[str, Any]:
    return {"name": unit.name, "tasks": unit.tasks, "populations": unit.populations, "load": unit.load}


def _matrix_row(row: MatrixRow, by: str, columns: list[MatrixColumn]) -> dict[str, Any]:
    return {
        "name": row.unit,
        "kind": row.kind,
        MATRIX_COLUMNS_KEY[by]: _matrix_cells(row, columns),
        "total": row.total(),
    }


def _matrix_cells(row: MatrixRow, columns: list[MatrixColumn]) -> dict[str, dict[str, int]]:
    return {c.key: {r: row.counts[c.key][r] for r in ROLES} for c in columns}


def _matrix_row_parts(row: MatrixRow, by: str, columns: list[MatrixColumn]) -> Iterator[str]:
    """`_matrix_row`'s JSON text in parts, CELLS_PER_PART cells at a time: a unit's row over ten thousand
    notices is 730,000 characters, and encoding it whole takes several times that."""
    head = json_text({"name": row.unit, "kind": row.kind})[:-1]
    yield f"{head}, {json_text(MATRIX_COLUMNS_KEY[by])}: {{"
    for start in range(0, len(columns), CELLS_PER_PART):
        cells = json_text(_matrix_cells(row, columns[start : start + CELLS_PER_PART]))[1:-1]
        yield f", {cells}" if start else cells
    yield f"}}, {json_text('total')}: {json_text(row.total())}}}"


def _annex_outline(outline: AnnexOutline) -> dict[str, Any]:
    return {
        "number": outline.annex.number,
        "title": outline.annex.title,
        "sections": [
            {
                "number": section.number,
                "title": section.title,
                "tasks": [task_to_dict(task) for task in tasks],
            }
            for section, tasks in outline.sections
        ],
    }


def _partner(partner: Partner) -> dict[str, Any]:
    return {"name": partner.unit, "count": len(partner.task_ids), "tasks": partner.task_ids}


def notice_headlines(figures: NoticeHeadlines) -> dict[str, Any]:
    """One notice's headline figures: counts as numbers, units and task ids as lists."""
    return {
        "notice": figures.notice,
        "tasks": figures.tasks,
        "annexes": [annex._asdict() for annex in figures.annexes],
        "tasks_by_role": dict(figures.tasks_by_role),
        "units": figures.units,
        "units_per_task": {"mean": figures.units_per_task_mean, "max": figures.units_per_task_max},
        "most_loaded_units": [_unit_load(unit) for unit in figures.most_loaded],
        "least_loaded_units": [_unit_load(unit) for unit in figures.least_loaded],
        "open_ended_tasks": figures.open_ended_tasks,
        "populations": figures.populations,
    }


def payload(result: Answer) -> Any:
    """The JSON value of one answer, as the contract in README describes it."""
    match result:
        case UnitReport():
            return _unit_document(
                result.department,
                [_assignment(a) for a in result.shown],
                [population_to_dict(p) for p in result.populations],
                result.collective_count,
            )
        case UnitLoads():
            return [
                {
                    "name": row.name,
                    "kind": row.kind,
                    "lead": row.lead,
                    "support": row.support,
                    "responsible": row.responsible,
                    "populations": row.populations,
                    "guide": row.guide,
                }
                for row in result.rows
            ]
        case PopulationTable():
            return [population_to_dict(p) for p in result.rows]
        case TaskDetail():
            return task_to_dict(result.task)
        case SearchResult():
            return [task_to_dict(hit.task) for hit in result.hits]
        case Outline():
            return [_annex_outline(outline) for outline in result.annexes]
        case LoadMatrix():
            return [_matrix_row(row, result.by, result.columns) for row in result.rows]
        case Partners():
            return {
                "department": department_to_dict(result.department),
                "partners": [_partner(partner) for partner in result.partners],
            }
        case Headlines():
            return [notice_headlines(figures) for figures in result.notices]
        case NoticeList():
            return [row._asdict() for row in result.rows]
        case _:
            assert_never(result)


def _unit_document(department: Department, tasks: Any, populations: Any, collective_tasks: Any) -> Any:
    """The `dept` document, its keys in their order, whether its values are known or still to come."""
    return {
        "department": department_to_dict(department),
        "tasks": tasks,
        "populations": populations,
        "collective_tasks": collective_tasks,
    }


def json_text(value: Any) -> str:
    """Compact UTF-8 JSON, Chinese kept readable; unindented, json uses its fast C encoder."""
    return json_safe(json.dumps(value, ensure_ascii=False))


def write_json(value: Any, stream: TextIO) -> None:
    """One answer as JSON on one line."""
    stream.write(json_text(value))
    stream.write("\n")


def streamed_payload(result: Streamed) -> Any:
    """The JSON value of an answer as it is read: its list of tasks as the JSON texts of its items (or of
    an item too long to hold whole, its text in parts), in their order, and what follows that list as
    functions, asked once it is written."""
    match result:
        case UnitStream():
            return _unit_document(
                result.department,
                result.rendered(lambda assignment: json_text(_assignment(assignment))),
                lambda: [population_to_dict(p) for p in result.populations],
                lambda: result.collective_count,
            )
        case SearchStream():
            return result.rendered(lambda hit: json_text(task_to_dict(hit.task)))
        case NoticesStream():
            return (json_text(row._asdict()) for row in result.rows)
        case HeadlinesStream():
            return (json_text(notice_headlines(figures)) for figures in result.notices)
        case MatrixStream():
            return (_matrix_row_parts(row, result.by, result.columns) for row in result.rows)
        case PartnersStream():
            partners = (json_text(_partner(partner)) for partner in result.partners)
            return {"department": department_to_dict(result.department), "partners": partners}
        case OutlineStream():
            return (json_text(_annex_outline(outline)) for outline in result.annexes)
        case _:
            assert_never(result)


def write_json_streamed(value: Any, stream: TextIO) -> None:
    """A `streamed_payload` on one line, as `write_json` writes the whole answer, each item as it comes."""
    _write_part(value, stream)
    stream.write("\n")


def _write_part(value: Any, stream: TextIO) -> None:
    if isinstance(value, dict):
        stream.write("{")
        for index, (key, item) in enumerate(value.items()):
            stream.write(f"{', ' if index else ''}{json_text(key)}: ")
            _write_part(item, stream)
        stream.write("}")
    elif isinstance(value, Iterator):
        stream.write("[")
        for index, item in enumerate(value):
            if index:
                stream.write(", ")
            stream.writelines([item] if isinstance(item, str) else item)
        stream.write("]")
    elif callable(value):
        stream.write(json_text(value()))
    else:
        stream.write(json_text(value))


def due_payload(result: DueList) -> dict[str, Any]:
    """The `due` answer: the days asked about, each deadline with its task, and how many name no day."""
    from taskmap.tracking.deadlines import deadline_to_dict

    def entry(item: DueEntry) -> dict[str, Any]:
        return {
            "due": item.due.isoformat() if item.due else None,
            "days": item.days_left(result.today),
            "deadline": deadline_to_dict(item.deadline),
            "task": task_to_dict(item.task),
        }

    window = result.window
    return {
        "today": result.today.isoformat(),
        "from": window.first.isoformat() if window.first else None,
        "to": window.last.isoformat() if window.last else None,
        "overdue": window.overdue,
        "unit": result.unit,
        "deadlines": [entry(item) for item in result.entries],
        "undated": [entry(item) for item in result.undated],
        "undated_count": result.undated_count,
    }
