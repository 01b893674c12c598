"""The query commands: each parses its arguments, calls one query and hands the answer to a renderer."""

# No `from __future__ import annotations` here: Typer would have to evaluate every annotation
# string again, which costs about 2 ms of start-up per run.

from typing import Annotated

import typer

from taskmap import queries, reports
from taskmap.cli.app import app, examples
from taskmap.cli.completion import complete_population, complete_unit
from taskmap.cli.options import DataOption, DeptFormatOption, FormatOption
from taskmap.cli.output import answer, write_text
from taskmap.loading import load_dataset
from taskmap.model import Kind, Role
from taskmap.render import render_document

UnitArgument = Annotated[
    str,
    typer.Argument(
        help="A unit: any spelling, short form or unique part of its name.", autocompletion=complete_unit
    ),
]


@app.command(
    epilog=examples(
        "taskmap dept 市公安局 --role lead",
        "taskmap dept 财政 --all --format json",
        "taskmap dept 市公安局 --format html > 市公安局.html",
    )
)
def dept(
    name: UnitArgument,
    role: Annotated[
        Role | None, typer.Option(help="Only tasks held in this role.", show_default=False)
    ] = None,
    all_tasks: Annotated[
        bool,
        typer.Option("--all", help="Also list tasks given to every unit through 市各有关部门 and similar."),
    ] = False,
    output_format: DeptFormatOption = None,
    data: DataOption = None,
) -> None:
    """Everything one unit must do: its tasks by role, and the key populations it leads."""
    dataset = load_dataset(data)
    if output_format == "md" or output_format == "html":
        checklist = reports.unit_checklist(dataset, name, role=role, include_collective=all_tasks)
        write_text(render_document(checklist, output_format))
        return
    report = queries.unit_report(dataset, name, role=role, include_collective=all_tasks)
    answer(report, output_format)


@app.command(
    epilog=examples(
        "taskmap depts", "taskmap depts --sort lead", "taskmap depts --kind vertical_agency -f csv"
    )
)
def depts(
    kind: Annotated[Kind | None, typer.Option(help="Only units of this kind.", show_default=False)] = None,
    sort: Annotated[
        queries.SortKey, typer.Option(help="Order by name (notice order) or by a count.")
    ] = "name",
    output_format: FormatOption = None,
    data: DataOption = None,
) -> None:
    """Every unit with how many tasks it holds in each role and how many key populations it leads."""
    answer(queries.unit_summaries(load_dataset(data), kind=kind, sort=sort), output_format)


@app.command(epilog=examples("taskmap population", "taskmap population 17", "taskmap population 工程建设"))
def population(
    query: Annotated[
        str | None,
        typer.Argument(help="A number (1-29), or a name or part of one.", autocompletion=complete_population),
    ] = None,
    output_format: FormatOption = None,
    data: DataOption = None,
) -> None:
    """Annex 3's table of 29 key populations (重点人群), or the rows matching a number or name."""
    answer(queries.find_populations(load_dataset(data), query), output_format)


@app.command(epilog=examples("taskmap task 1.3.4", "taskmap task 2-3-6 --format json"))
def task(
    task_id: Annotated[str, typer.Argument(metavar="ID", help="annex.section.number, e.g. 2.3.6 or 2-3-6.")],
    output_format: FormatOption = None,
    data: DataOption = None,
) -> None:
    """One task in full: its annex and section, text, units by role and the annex's basis documents."""
    answer(queries.find_task(load_dataset(data), task_id), output_format)


@app.command(
    epilog=examples(
        "taskmap search 信用修复", "taskmap search 互联网+", "taskmap search 红名单 --dept 人民银行 --annex 4"
    )
)
def search(
    text: Annotated[str, typer.Argument(help="Literal text; several words must all occur.")],
    annex: Annotated[int | None, typer.Option(help="Only tasks of this annex.", show_default=False)] = None,
    dept: Annotated[
        str | None,
        typer.Option(help="Only tasks naming this unit.", autocompletion=complete_unit, show_default=False),
    ] = None,
    output_format: FormatOption = None,
    data: DataOption = None,
) -> None:
    """Tasks whose text contains the words given, with the matches highlighted."""
    answer(queries.search_tasks(load_dataset(data), text, annex=annex, unit=dept), output_format)


@app.command(epilog=examples("taskmap annex 1", "taskmap annex", "taskmap annex 4 --format plain"))
def annex(
    number: Annotated[
        int | None, typer.Argument(help="Annex number (1-4); all annexes when omitted.")
    ] = None,
    output_format: FormatOption = None,
    data: DataOption = None,
) -> None:
    """The outline of one annex (or all) as a tree: sections, tasks and their lead units."""
    answer(queries.annex_outline(load_dataset(data), number), output_format)
