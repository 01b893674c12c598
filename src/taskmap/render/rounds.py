"""The round commands' answers (forms, collect, status, missing, bulletin) in every format the other
commands have: a table, tab-separated lines, CSV and JSON, each built from the same records and dicts."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any, Literal, TextIO, assert_never

from taskmap.i18n import N_, _
from taskmap.tracking.collect import CollectResult
from taskmap.tracking.forms import FormsWritten
from taskmap.tracking.rounds import STATE_LABELS
from taskmap.tracking.status import (
    LIGHT_LABELS,
    Bulletin,
    Light,
    MissingAnswer,
    RoundProgress,
    StatusAnswer,
    StatusRow,
    StatusStream,
    state_label,
)

RoundAnswer = FormsWritten | CollectResult | StatusAnswer | MissingAnswer | Bulletin
RecordFormat = Literal["table", "plain", "json", "csv"]
Row = Sequence[str | int | float]

FORMS_COLUMNS = ["unit", "file", "tasks", "shared_tasks", "round", "due"]
COLLECT_COLUMNS = ["file", "unit", "round", "outcome", "reports", "left_empty", "problems"]
STATUS_COLUMNS = [
    "unit",
    "id",
    "state",
    "light",
    "due",
    "title",
    "roles",
    "via",
    "progress",
    "problems",
    "next_steps",
    "evidence",
    "file",
    "collected",
    "notice",
]
MISSING_COLUMNS = ["name", "kind", "tasks"]
# The headers a person reads over the columns of a table (the records' own names stay for scripts).
TABLE_HEADERS = (
    N_("unit"),
    N_("file"),
    N_("tasks"),
    N_("shared_tasks"),
    N_("id"),
    N_("state"),
    N_("light"),
    N_("due"),
    N_("title"),
    N_("outcome"),
    N_("reports"),
    N_("left_empty"),
    N_("problems"),
    N_("name"),
    N_("kind"),
    N_("reported"),
    N_("round"),
)
BULLETIN_COLUMNS = [
    "unit",
    "reported",
    "tasks",
    *STATE_LABELS,
    "unreported",
    *LIGHT_LABELS,
]


def emit_round(
    answer: RoundAnswer | StatusStream, output_format: RecordFormat | None, stream: TextIO | None = None
) -> None:
    """Write a round command's answer to `stream` (default stdout) in the chosen format (an answer as it
    is read, in a machine format)."""
    from taskmap.render import default_format

    stream = stream or sys.stdout
    chosen = output_format or default_format(stream)
    if isinstance(answer, StatusStream):
        _emit_status_stream(answer, chosen, stream)
        return
    match chosen:
        case "table":
            from taskmap.render.table import render_records

            columns, rows = table_records(answer)
            render_records(heading(answer), columns, rows, stream, notes(answer))
        case "plain":
            from taskmap.render.records import write_tsv

            write_tsv(records(answer)[1], stream)
        case "csv":
            from taskmap.render.records import write_csv

            write_csv(*records(answer), stream)
        case "json":
            from taskmap.render.payload import write_json

            write_json(payload(answer), stream)
        case _:
            assert_never(chosen)


def _emit_status_stream(answer: StatusStream, chosen: RecordFormat, stream: TextIO) -> None:
    """`status` as it is read, each row written as `emit_round` writes the whole answer's."""
    match chosen:
        case "plain":
            from taskmap.render.records import tsv_line

            stream.writelines(answer.rendered(lambda row: tsv_line(status_record(row))))
        case "csv":
            from taskmap.render.records import csv_lines

            line = csv_lines()
            lines = answer.rendered(lambda row: line(status_record(row)))
            stream.write(line(STATUS_COLUMNS))
            stream.writelines(lines)
        case "json":
            from taskmap.render.payload import json_text, write_json_streamed

            tasks = answer.rendered(lambda row: json_text(status_entry(row)))
            write_json_streamed({**status_facts(answer), "tasks": tasks}, stream)
        case "table":
            raise ValueError(
                "a table measures every row: draw it from the whole answer (`StatusStream.whole`)"
            )
        case _:
            assert_never(chosen)


def records(answer: RoundAnswer) -> tuple[list[str], list[Row]]:
    """The answer's fields as columns and rows, for tab-separated lines and CSV (nothing shortened)."""
    match answer:
        case FormsWritten():
            due = answer.round.due.isoformat()
            return FORMS_COLUMNS, [
                [f.unit, f.file, f.tasks, f.shared, answer.round.name, due] for f in answer.forms
            ]
        case CollectResult():
            rows: list[Row] = [
                [f.file, f.unit or "", f.round or "", f.outcome, f.reports, f.left_empty, f.problems]
                for f in answer.forms
            ]
            return COLLECT_COLUMNS, rows
        case StatusAnswer():
            return STATUS_COLUMNS, [status_record(row) for row in answer.rows]
        case MissingAnswer():
            return MISSING_COLUMNS, [[unit.name, unit.kind, unit.tasks] for unit in answer.units]
        case Bulletin():
            return BULLETIN_COLUMNS, [
                [
                    unit.name,
                    "true" if unit.reported else "false",
                    unit.tasks,
                    *unit.states.values(),
                    *unit.lights.values(),
                ]
                for unit in answer.units
            ]
        case _:
            assert_never(answer)


def status_record(row: StatusRow) -> Row:
    report, submission, task = row.report, row.submission, row.task.task
    filled = [
        getattr(report, field) or "" if report else ""
        for field in ("progress", "problems", "next_steps", "evidence")
    ]
    return [
        row.unit,
        task.ref,
        row.state,
        row.light,
        row.due.isoformat() if row.due else "",
        task.title,
        ",".join(row.task.roles),
        row.task.via or "",
        *filled,
        submission.file if submission else "",
        submission.collected if submission else "",
        task.notice,
    ]


def table_records(answer: RoundAnswer) -> tuple[list[str], list[Row]]:
    """What a person reads at a terminal: the same records, states and lights in Chinese, fewer columns."""
    if isinstance(answer, StatusAnswer):
        columns = ["unit", "id", "state", "light", "due", "title"]
        rows: list[Row] = [
            [
                row.unit,
                row.task.task.ref,
                state_label(row.state),
                LIGHT_LABELS[row.light],
                row.due.isoformat() if row.due else "",
                row.task.task.title,
            ]
            for row in answer.rows
        ]
        return columns, rows
    if isinstance(answer, FormsWritten):  # the heading names the round and its due day
        columns, rows = records(answer)
        return columns[:4], [row[:4] for row in rows]
    if isinstance(answer, Bulletin):
        columns, rows = records(answer)
        labels = [*(STATE_LABELS.values()), "未报送", *(LIGHT_LABELS.values())]
        return ["unit", "reported", "tasks", *labels], rows
    return records(answer)


def heading(answer: RoundAnswer) -> str:
    match answer:
        case FormsWritten():
            said = _("Forms for round {round} (due {due}) in {directory} ({count})")
            return said.format(
                round=answer.round.name,
                due=answer.round.due,
                directory=answer.directory,
                count=len(answer.forms),
            )
        case CollectResult():
            recorded = sum(f.reports for f in answer.forms if f.outcome == "recorded")
            said = _("Collected {count} forms: {recorded} reports recorded, {problems} problems")
            return said.format(count=len(answer.forms), recorded=recorded, problems=len(answer.problems))
        case StatusAnswer():
            name = answer.round.name if answer.round else _("no round yet")
            said = (
                _("Status of {unit}, round {round}, today {today} ({count})")
                if answer.unit
                else _("Status, round {round}, today {today} ({count})")
            )
            return said.format(unit=answer.unit, round=name, today=answer.today, count=len(answer.rows))
        case MissingAnswer():
            said = _("Not reported for round {round}: {count} of {expected} units")
            return said.format(round=answer.round.name, count=len(answer.units), expected=answer.expected)
        case Bulletin():
            said = _("通报 figures, round {round}, today {today} ({count} units)")
            return said.format(round=answer.round.name, today=answer.today, count=len(answer.units))
        case _:
            assert_never(answer)


def notes(answer: RoundAnswer) -> list[str]:
    if isinstance(answer, CollectResult):
        return [_("wrote {path}").format(path=path) for path in answer.written]
    if isinstance(answer, StatusAnswer):
        counts: dict[Light, int] = {}
        for row in answer.rows:
            counts[row.light] = counts.get(row.light, 0) + 1
        return (
            ["  ".join(f"{LIGHT_LABELS[light]} {count}" for light, count in counts.items())] if counts else []
        )
    return []


def round_facts(round_: RoundProgress | None) -> dict[str, Any]:
    return {
        "round": round_.name if round_ else None,
        "due": round_.due.isoformat() if round_ and round_.due else None,
    }


def payload(answer: RoundAnswer) -> Any:
    """The answer as JSON values (see the schemas of forms, collect, status, missing and bulletin)."""
    match answer:
        case FormsWritten():
            return {
                "round": answer.round.name,
                "due": answer.round.due.isoformat(),
                "directory": answer.directory,
                "forms": [f._asdict() for f in answer.forms],
            }
        case CollectResult():
            return {
                "forms": [f._asdict() for f in answer.forms],
                "problems": [p._asdict() for p in answer.problems],
                "written": [str(path) for path in answer.written],
            }
        case StatusAnswer():
            return {**status_facts(answer), "tasks": [status_entry(row) for row in answer.rows]}
        case MissingAnswer():
            due = answer.round.due
            return {
                **round_facts(answer.round),
                "today": answer.today.isoformat(),
                "past_due": due is not None and due < answer.today,
                "expected": answer.expected,
                "reported": answer.expected - len(answer.units),
                "units": [unit._asdict() for unit in answer.units],
            }
        case Bulletin():
            return {
                **round_facts(answer.round),
                "today": answer.today.isoformat(),
                "states": answer.states,
                "lights": answer.lights,
                "units": [unit._asdict() for unit in answer.units],
                "overdue": [
                    {
                        "id": item.task.ref,
                        "notice": item.task.notice,
                        "title": item.task.title,
                        "deadline": item.task.deadline,
                        "due": item.due.isoformat(),
                        "lead": list(item.lead),
                        "states": item.states,
                    }
                    for item in answer.overdue
                ],
                "missing": [unit.name for unit in answer.missing],
            }
        case _:
            assert_never(answer)


def status_facts(answer: StatusAnswer | StatusStream) -> dict[str, Any]:
    """What the `status` document says before its tasks."""
    return {
        **round_facts(answer.round),
        "today": answer.today.isoformat(),
        "soon_days": answer.soon_days,
        "unit": answer.unit,
        "state": answer.state,
    }


def status_entry(row: StatusRow) -> dict[str, Any]:
    task, report, submission = row.task.task, row.report, row.submission
    return {
        "unit": row.unit,
        "id": task.ref,
        "notice": task.notice,
        "title": task.title,
        "roles": list(row.task.roles),
        "via": row.task.via,
        "deadline": task.deadline,
        "due": row.due.isoformat() if row.due else None,
        "state": row.state,
        "light": row.light,
        "report": None
        if report is None or submission is None
        else {
            "progress": report.progress,
            "problems": report.problems,
            "next_steps": report.next_steps,
            "evidence": report.evidence,
            "file": submission.file,
            "collected": submission.collected,
        },
    }
