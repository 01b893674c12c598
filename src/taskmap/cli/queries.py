"""The query commands: each parses its arguments, calls one query and hands the answer to a renderer.

The commands that look something up take several names, ids or words at once, as shells pass them:
each is answered in turn (see `answer_each`).
"""

# No `from __future__ import annotations` here: Typer would have to evaluate every annotation
# string again, which costs about 2 ms of start-up per run.

import os
import re
from pathlib import Path
from typing import Annotated, cast

import typer

from taskmap.cli.app import app, examples
from taskmap.cli.completion import POPULATION_QUERY, TASK_ID, UNIT_NAME
from taskmap.cli.options import (
    ANNEX,
    DataOption,
    DeptFormatOption,
    FormatOption,
    KindOption,
    NoticeOption,
    RoleOption,
)
from taskmap.cli.output import answer, answer_as_read, answer_each, quiet_on_closed_pipe, write_text
from taskmap.errors import BadQuery, TaskmapError
from taskmap.i18n import N_, _
from taskmap.library import Library
from taskmap.model import Role
from taskmap.questions import answers, queries, streams
from taskmap.render import TABLE_ROWS, render_document
from taskmap.store.library_loading import load_library

UnitArgument = Annotated[
    str,
    typer.Argument(
        click_type=UNIT_NAME,
        metavar="NAME",
        help=_("A unit: any spelling, short form or unique part of its name."),
    ),
]
UnitsArgument = Annotated[
    list[str],
    typer.Argument(
        click_type=UNIT_NAME,
        metavar="NAME...",
        help=_("One or more units: any spelling, short form or unique part of a name."),
        show_default=False,
    ),
]


@app.command(
    help=_(
        "Everything a unit must do: its tasks by role, and the key populations it leads; several in turn."
    ),
    epilog=examples(
        "taskmap dept 市公安局 --role lead",
        "taskmap dept 财政 --all --format json",
        "taskmap dept 市公安局 市财政局 --role 牵头",
        "taskmap dept 市公安局 --format html > 市公安局.html",
        "taskmap dept 市公安局 --format ics > 市公安局.ics",
    ),
)
def dept(
    names: UnitsArgument,
    role: RoleOption = None,
    all_tasks: Annotated[
        bool,
        typer.Option(
            "--all", help=_("Also list tasks given to every unit through 市各有关部门 and similar.")
        ),
    ] = False,
    output_format: DeptFormatOption = None,
    data: DataOption = None,
    notice: NoticeOption = None,
) -> int:
    library = load_library(data, notice)
    roles = cast("list[Role]", list(dict.fromkeys(role))) if role else None
    if output_format == "ics":
        if len(names) > 1:
            raise BadQuery(N_("--format ics makes one unit's calendar; 'taskmap due --format ics' makes all"))
        write_unit_calendar(library, names[0])
        return 0
    if output_format == "md" or output_format == "html":
        if len(names) > 1:
            raise BadQuery(
                N_("--format {format} makes one unit's checklist; 'taskmap sheets' makes all"),
                format=output_format,
            )
        checklist = answers.unit_checklist(library, names[0], roles)
        write_text(render_document(checklist, output_format))
        return 0
    return answer_each(
        names,
        lambda name: answers.unit_report(
            library, name, roles, include_collective=all_tasks, first=TABLE_ROWS
        ),
        output_format,
        lambda name: streams.unit_stream(library, name, roles, include_collective=all_tasks),
    )


def write_unit_calendar(library: Library, name: str) -> None:
    """A unit's dated deadlines as an iCalendar file on stdout (see `taskmap due --format ics`)."""
    from datetime import date

    from taskmap.render import emit_due
    from taskmap.tracking.schedule import unit_calendar

    with quiet_on_closed_pipe():
        emit_due(unit_calendar(library, name, date.today()), "ics")


@app.command(
    help=_("Every unit with how many tasks it holds in each role and how many key populations it leads."),
    epilog=examples("taskmap depts", "taskmap depts --sort lead", "taskmap depts --kind 垂直管理单位 -f csv"),
)
def depts(
    kind: KindOption = None,
    sort: Annotated[
        queries.SortKey,
        typer.Option(
            metavar="KEY", help=_("name (notice order), lead, support, responsible, populations or total.")
        ),
    ] = "name",
    output_format: FormatOption = None,
    data: DataOption = None,
    notice: NoticeOption = None,
) -> None:
    answer(answers.unit_summaries(load_library(data, notice), kind=kind, sort=sort), output_format)


@app.command(
    help=_("Annex 3's table of 29 key populations (重点人群), or the rows matching numbers or names."),
    epilog=examples(
        "taskmap population",
        "taskmap population 17 23",
        "taskmap population 工程建设",
        "taskmap population --dept 市公安局",
    ),
)
def population(
    queries_given: Annotated[
        list[str] | None,
        typer.Argument(
            click_type=POPULATION_QUERY,
            metavar="[QUERY]...",
            help=_("Numbers (1-29), or names or parts of one; the whole table when omitted."),
            show_default=False,
        ),
    ] = None,
    dept: Annotated[
        str | None,
        typer.Option(
            click_type=UNIT_NAME, help=_("Only the populations this unit leads."), show_default=False
        ),
    ] = None,
    output_format: FormatOption = None,
    data: DataOption = None,
    notice: NoticeOption = None,
) -> int:
    library = load_library(data, notice)
    if not queries_given:
        answer(answers.find_populations(library, None, unit=dept), output_format)
        return 0
    return answer_each(
        queries_given, lambda query: answers.find_populations(library, query, unit=dept), output_format
    )


@app.command(
    help=_("A task in full: its annex and section, text, units by role and the annex's basis documents."),
    epilog=examples("taskmap task 1.3.4", "taskmap task 2.3.6 3.2.1", "taskmap task 2-3-6 -f json"),
)
def task(
    task_ids: Annotated[
        list[str],
        typer.Argument(
            click_type=TASK_ID,
            metavar="ID...",
            help=_("annex.section.number: 2.3.6, 2-3-6 or 2。3。6."),
            show_default=False,
        ),
    ],
    output_format: FormatOption = None,
    data: DataOption = None,
    notice: NoticeOption = None,
) -> int:
    library = load_library(data, notice)
    return answer_each(task_ids, lambda task_id: answers.find_task(library, task_id), output_format)


@app.command(
    help=_("Tasks whose text contains every word given, with the matches highlighted."),
    epilog=examples(
        "taskmap search 信用修复",
        "taskmap search 红黑名单 公示",
        "taskmap search 红名单 --dept 人民银行 --annex 附件4",
    ),
)
def search(
    words: Annotated[
        list[str],
        typer.Argument(
            metavar="WORD...", help=_("Literal text; every word given must occur."), show_default=False
        ),
    ],
    annex: Annotated[
        int | None,
        typer.Option(click_type=ANNEX, help=_("Only tasks of this annex: 2 or 附件2."), show_default=False),
    ] = None,
    dept: Annotated[
        str | None,
        typer.Option(click_type=UNIT_NAME, help=_("Only tasks naming this unit."), show_default=False),
    ] = None,
    output_format: FormatOption = None,
    data: DataOption = None,
    notice: NoticeOption = None,
) -> None:
    text = " ".join(words)
    library = load_library(data, notice)
    answer_as_read(
        lambda: answers.search_tasks(library, text, annex=annex, unit=dept, first=TABLE_ROWS),
        lambda: streams.search_stream(library, text, annex=annex, unit=dept),
        output_format,
    )


@app.command(
    help=_("The outline of one annex (or all) as a tree: sections, tasks and their lead units."),
    epilog=examples("taskmap annex 1", "taskmap annex", "taskmap annex 附件4 --format plain"),
)
def annex(
    number: Annotated[
        int | None,
        typer.Argument(
            click_type=ANNEX,
            metavar="[N]",
            help=_("1-4 or 附件1-附件4; all annexes when omitted."),
            show_default=False,
        ),
    ] = None,
    output_format: FormatOption = None,
    data: DataOption = None,
    notice: NoticeOption = None,
) -> None:
    library = load_library(data, notice)
    answer_as_read(
        lambda: answers.annex_outline(library, number, first=TABLE_ROWS),
        lambda: streams.outline_stream(library, number),
        output_format,
    )


def command_meant(word: str) -> str | None:
    """The command a word given in place of one asks for: a task id, a unit, or a key population."""
    if word.startswith("-"):
        return None
    try:
        data = os.environ.get("TASKMAP_DATA")
        library = load_library([Path(part) for part in data.split(os.pathsep) if part] if data else None)
    except TaskmapError:
        return None
    if queries.TASK_ID.match(re.sub(r"\s", "", word).rpartition(":")[2]):
        return "task"
    for command, ask in (
        ("dept", lambda: library.resolve_unit(word)),
        ("population", lambda: answers.find_populations(library, word)),
    ):
        try:
            ask()
        except TaskmapError:
            continue
        return command
    return None
