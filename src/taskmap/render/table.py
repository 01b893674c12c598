"""Rich tables for people at a terminal. The only module that imports Rich.

Every piece of data goes in as `Text`, never as a markup string, so `[bold]` in a data file prints as
typed. Long Chinese cells fold; ids and unit names are never cut.
"""

from __future__ import annotations

from typing import TextIO, assert_never

from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from taskmap.model import KIND_LABELS, ROLE_LABELS, ROLES, Task
from taskmap.queries import (
    Assignment,
    Outline,
    PopulationTable,
    SearchResult,
    TaskDetail,
    UnitLoads,
    UnitReport,
)
from taskmap.render import Answer
from taskmap.reports import Headlines, LoadMatrix, Partners

UNIT_SEPARATOR = "、"
WIDE = 80  # below this many columns, secondary columns are left out rather than folded letter by letter
NARROW = 50  # below this, tables give way to one "column: value" line per field
HIGHLIGHT = "bold black on yellow"


def make_console(stream: TextIO) -> Console:
    """A console on `stream` honouring NO_COLOR, TERM=dumb and COLUMNS, highlighting nothing by itself."""
    return Console(file=stream, highlight=False, markup=False, emoji=False)


def render_table(result: Answer, stream: TextIO) -> None:
    """Draw one answer for a person."""
    console = make_console(stream)
    if console.width < NARROW:
        console.print(stacked(result))
    else:
        console.print(renderable(result, wide=console.width >= WIDE))


def stacked(result: Answer) -> RenderableType:
    """Each record as `column: value` lines, readable at any width."""
    from taskmap.render.records import records

    columns, rows = records(result)
    blocks: list[RenderableType] = []
    for row in rows:
        block = Text()
        for column, value in zip(columns, row, strict=True):
            if value != "":
                block.append(f"{column}: ", style="bold")
                block.append(f"{value}\n")
        blocks.append(block)
    return Group(*blocks)


def renderable(result: Answer, wide: bool) -> RenderableType:
    match result:
        case UnitReport():
            return unit_report(result, wide)
        case UnitLoads():
            return unit_loads(result, wide)
        case PopulationTable():
            return population_table(result)
        case TaskDetail():
            return task_detail(result)
        case SearchResult():
            return search_result(result, wide)
        case Outline():
            return outline(result)
        case LoadMatrix():
            return load_matrix(result, wide)
        case Partners():
            return partners(result)
        case Headlines():
            return headlines(result)
        case _:
            assert_never(result)


def new_table() -> Table:
    return Table(box=box.SIMPLE_HEAD, expand=False, pad_edge=False)


def titled(title: str, table: Table) -> Group:
    """A table under a title line; a table's own title would wrap to the table's (often narrow) width."""
    return Group(Text(title, style="bold"), table)


def units_text(units: tuple[str, ...] | list[str]) -> Text:
    return Text(UNIT_SEPARATOR.join(units))


def unit_report(report: UnitReport, wide: bool) -> RenderableType:
    department = report.department
    parts: list[RenderableType] = [
        Text.assemble(
            (department.name, "bold"),
            f"  {KIND_LABELS.get(department.kind, department.kind)} · ",
            f"{plural(len(report.assignments), 'task')}, {plural(len(report.populations), 'key population')}",
        )
    ]
    shown = report.assignments + report.collective
    for role in ROLES:
        rows = [a for a in shown if a.role == role]
        if rows:
            title = f"{ROLE_LABELS[role]} {role} ({len(rows)})"
            parts.append(titled(title, assignment_table(rows, department.name if wide else None)))
    if report.populations:
        table = new_table()
        table.add_column("#", justify="right", no_wrap=True)
        table.add_column("重点人群")
        table.add_column("牵头单位", overflow="fold")
        for population in report.populations:
            table.add_row(str(population.number), Text(population.name), units_text(population.lead))
        parts.append(titled(f"重点人群 key populations led ({len(report.populations)})", table))
    if not report.assignments and not report.populations:
        parts.append(Text("No task or population names this unit directly."))
    if report.collective_count and not report.collective:
        parts.append(
            Text(
                f"+ {plural(report.collective_count, 'task')} assigned to every unit through catch-all "
                "phrases "
                f"(市各有关部门, 市有关部门, …); --all lists them.",
                style="dim",
            )
        )
    return Group(*parts)


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def assignment_table(assignments: list[Assignment], partners_of: str | None) -> Table:
    """Tasks with their annex; with the units sharing each task when `partners_of` names the unit."""
    table = new_table()
    table.add_column("id", no_wrap=True, style="cyan")
    table.add_column("附件", justify="right", no_wrap=True)
    table.add_column("task", overflow="fold", ratio=3)
    if partners_of is not None:
        table.add_column("with (other units)", overflow="fold", ratio=2)
    for assignment in assignments:
        task = assignment.task
        label = Text(task.title)
        if assignment.collective:
            label.append(f"  (collective: {assignment.via})", style="dim")
        cells: list[RenderableType] = [task.id, str(task.annex), label]
        if partners_of is not None:
            partners = [unit for role in ROLES for unit in task.units(role) if unit != partners_of]
            cells.append(Text(UNIT_SEPARATOR.join(partners), style="dim"))
        table.add_row(*cells)
    return table


def unit_loads(loads: UnitLoads, wide: bool) -> Table:
    table = new_table()
    table.add_column("unit", overflow="fold")
    if wide:
        table.add_column("kind", overflow="fold")
    for column in ("lead", "support", "responsible", "populations") if wide else ("L", "S", "R", "P"):
        table.add_column(column, justify="right", no_wrap=True)
    for row in loads.rows:
        kind = [Text(KIND_LABELS.get(row.kind, row.kind))] if wide else []
        counts = (str(count) for count in (row.lead, row.support, row.responsible, row.populations))
        table.add_row(Text(row.name), *kind, *counts)
    return table


def population_table(populations: PopulationTable) -> RenderableType:
    table = new_table()
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("重点人群", overflow="fold")
    table.add_column("牵头单位 lead", overflow="fold")
    for population in populations.rows:
        table.add_row(str(population.number), Text(population.name), units_text(population.lead))
    return titled(f"重点人群 key populations of 附件3 ({len(populations.rows)})", table)


def task_detail(detail: TaskDetail) -> RenderableType:
    task, annex, section = detail.task, detail.annex, detail.section
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True, style="bold")
    grid.add_column(overflow="fold")
    grid.add_row("task", Text(task.id, style="cyan"))
    grid.add_row(f"附件{annex.number}", Text(annex.title))
    grid.add_row("section", Text(f"{section.numeral}、{section.title}"))
    if task.heading:
        grid.add_row("heading", Text(task.heading, style="bold"))
    grid.add_row("text", Text(task.text))
    for role in ROLES:
        if task.units(role):
            units = units_text(task.units(role))
            if role in task.open_ended:
                units.append(f" ({task.open_ended[role]}: open-ended)", style="dim")
            grid.add_row(f"{ROLE_LABELS[role]} {role}", units)
    if task.remark:
        grid.add_row("remark", Text(task.remark))
    for document in annex.basis:
        grid.add_row(f"basis ({document.level})", Text(f"《{document.title}》({document.number or '—'})"))
    return grid


def highlighted(task: Task, spans: list[tuple[int, int]]) -> Text:
    text = Text(task.text)
    for start, end in spans:
        text.stylize(HIGHLIGHT, start, end)
    return text


def search_result(result: SearchResult, wide: bool) -> RenderableType:
    table = new_table()
    table.add_column("id", no_wrap=True, style="cyan")
    table.add_column("text", overflow="fold", ratio=4)
    if wide:
        table.add_column("lead / responsible", overflow="fold", ratio=1)
    for hit in result.hits:
        units = [units_text(hit.task.lead or hit.task.responsible)] if wide else []
        table.add_row(hit.task.id, highlighted(hit.task, hit.spans), *units)
    return titled(f"{plural(len(result.hits), 'task')} contain “{' '.join(result.text.split())}”", table)


def outline(result: Outline) -> RenderableType:
    trees = []
    for annex_outline in result.annexes:
        annex = annex_outline.annex
        tree = Tree(Text(f"附件{annex.number} {annex.title}", style="bold"))
        for section, tasks in annex_outline.sections:
            branch = tree.add(Text(f"{section.numeral}、{section.title}"))
            for task in tasks:
                line = Text.assemble((task.id, "cyan"), " ", task.title, "  ")
                line.append(UNIT_SEPARATOR.join(task.lead or task.responsible), style="dim")
                branch.add(line)
        trees.append(tree)
    return Group(*trees)


LOAD_SHADES = ["", "on grey23", "on grey35", "on dark_orange3", "on red3"]


def shade(value: int, highest: int) -> str:
    """A background for `value`: the darker, the nearer the highest load."""
    if not value or not highest:
        return ""
    return LOAD_SHADES[1 + min(3, (value * 4 - 1) // highest)]


def load_matrix(matrix: LoadMatrix, wide: bool) -> RenderableType:
    table = new_table()
    table.add_column("unit", overflow="fold")
    for annex in matrix.annexes:
        table.add_column(f"附件{annex}", justify="right", no_wrap=True)
    table.add_column("total", justify="right", no_wrap=True)
    if wide:
        table.add_column("load", no_wrap=True)
    highest = max((row.total() for row in matrix.rows), default=0)
    cell_highest = max(
        (sum(row.counts[a].values()) for row in matrix.rows for a in matrix.annexes), default=0
    )
    for row in matrix.rows:
        cells: list[RenderableType] = [Text(row.unit)]
        for annex in matrix.annexes:
            counts = row.counts[annex]
            label = "/".join(str(counts[role]) for role in ROLES) if sum(counts.values()) else "·"
            cells.append(Text(label, style=shade(sum(counts.values()), cell_highest)))
        cells.append(Text(str(row.total()), style="bold " + shade(row.total(), highest)))
        if wide:
            cells.append(Text("▇" * round(12 * row.total() / highest) if highest else "", style="red3"))
        table.add_row(*cells)
    legend = "counts per annex as lead/support/responsible; darker = heavier load"
    return titled(f"Load by unit and annex ({legend})", table)


def partners(result: Partners) -> RenderableType:
    table = new_table()
    table.add_column("unit", overflow="fold")
    table.add_column("shared", justify="right", no_wrap=True)
    table.add_column("tasks", overflow="fold")
    for partner in result.partners:
        table.add_row(Text(partner.unit), str(len(partner.task_ids)), Text(", ".join(partner.task_ids)))
    return titled(f"Units sharing tasks with {result.department.name} ({len(result.partners)})", table)


def headlines(result: Headlines) -> RenderableType:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column(overflow="fold")
    for figure, value in result.figures:
        grid.add_row(Text(figure), Text(value))
    return grid
