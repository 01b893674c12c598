"""Rich tables for people at a terminal. The only module that imports Rich.

Every piece of data goes in as `Text`, never as a markup string, so `[bold]` in a data file prints as
typed. Text folds to its column only where Chinese allows a line to end (see `render.linebreak`): unit
lists between names, prose never before closing punctuation. Ids and names are never cut.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple, TextIO, assert_never

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from taskmap.i18n import N_, _, language, ngettext
from taskmap.model import KIND_LABELS, ROLE_LABELS, ROLES, Role, Task
from taskmap.questions.answers import NoticeList
from taskmap.questions.queries import (
    Assignment,
    Outline,
    PopulationTable,
    SearchResult,
    TaskDetail,
    UnitLoads,
    UnitReport,
)
from taskmap.questions.reports import Headlines, LoadMatrix, MatrixColumn, Partners
from taskmap.render import Answer
from taskmap.render.escaping import printable_value
from taskmap.render.linebreak import (
    CLOSING,
    OPENING,
    line_starts,
    name_list_breaks,
    prose_breaks,
    widest_piece,
)

if TYPE_CHECKING:
    from taskmap.render.records import Row
    from taskmap.tracking.schedule import DueEntry, DueList

FALLBACK_WIDTH = 80  # when COLUMNS says nothing usable
WIDE = 80  # below this many columns, secondary columns are left out (and said so) rather than squeezed
NARROW = 50  # below this, tables give way to one "column: value" line per field
HIGHLIGHT = "bold black on yellow"
ROLE_SHORT: dict[Role, str] = {"lead": "牵头", "support": "配合", "responsible": "责任", "guide": "指导"}
# Column headers of counts by role: the role's key in English, its short label in Chinese; then the
# single letters a narrow terminal shows in their place, spelled out under the table.
DUE_UNITS = N_("units")  # a due task's lead units, or its responsible units when it names no lead
COUNT_HEADERS = {
    "lead": N_("lead"),
    "support": N_("support"),
    "responsible": N_("responsible"),
    "guide": N_("guide"),
    "populations": N_("populations"),
}
COUNT_INITIALS = {
    "lead": N_("L"),
    "support": N_("S"),
    "responsible": N_("R"),
    "guide": N_("G"),
    "populations": N_("P"),
}
COUNT_MEANINGS = {
    "lead": N_("lead 牵头单位"),
    "support": N_("support 配合单位"),
    "responsible": N_("responsible 责任单位"),
    "guide": N_("guide 指导单位"),
    "populations": N_("key populations led"),
}
NO_TASK_AS: dict[Role, str] = {
    "lead": N_("{unit} leads no task"),
    "support": N_("{unit} supports no task"),
    "responsible": N_("{unit} is responsible for no task"),
    "guide": N_("{unit} guides no task"),
}
HOLDS = {
    "lead": N_("leads {count} (--role lead)"),
    "support": N_("supports {count} (--role support)"),
    "responsible": N_("is responsible for {count} (--role responsible)"),
    "guide": N_("guides {count} (--role guide)"),
}
BASIS_LEVELS = {"national": N_("national"), "provincial": N_("provincial"), "city": N_("city")}
# How a narrow terminal labels each field of a record: in English by the record's own name (as the CSV
# header does), in Chinese by these words of the catalogue, the wide tables' headers where they have one.
FIELD_LABELS: dict[str, str] = {
    "role": N_("role"),
    "id": N_("id"),
    "annex": N_("annex"),
    "section": N_("section"),
    "number": N_("number"),
    "title": N_("title"),
    "heading": N_("sub-heading"),
    "text": N_("text"),
    "via": N_("via"),
    "collective": N_("collective"),
    **{role: COUNT_HEADERS[role] for role in ROLES},
    "lead_open_ended": N_("lead_open_ended"),
    "support_open_ended": N_("support_open_ended"),
    "responsible_open_ended": N_("responsible_open_ended"),
    "guide_open_ended": N_("guide_open_ended"),
    "lead_or_responsible": N_("lead_or_responsible"),
    "deadline": N_("deadline"),
    "numbered": N_("numbered"),
    "lead_unknown": N_("lead_unknown"),
    "remark": N_("remark"),
    "notice": N_("notice"),
    "printed": N_("printed"),
    "clauses": N_("clauses"),
    "subsections": N_("subsections"),
    "annex_title": N_("annex_title"),
    "section_title": N_("section_title"),
    "name": N_("name"),
    "kind": N_("kind"),
    "populations": N_("populations"),
    "count": N_("count"),
    "tasks": N_("tasks"),
    "figure": N_("figure"),
    "value": N_("value"),
    "key": N_("key"),
    "document_number": N_("document_number"),
    "issuer": N_("issuer"),
    "date": N_("date"),
    "units": N_("units"),
    "jurisdiction": N_("jurisdiction"),
    "total": N_("total"),
    "due": N_("due"),
    "days": N_("days"),
    "year_assumed": N_("year_assumed"),
    "start": N_("start"),
    "end": N_("end"),
    "rule": N_("rule"),
    "task_deadline": N_("task_deadline"),
}
# A count of the matrix's records: annex1_lead, or (by notice) notice<key>_lead.
MATRIX_FIELD = re.compile(r"(annex|notice)(.+)_(lead|support|responsible|guide)")
MATRIX_LABELS = {"annex": N_("annex{key}_{role}"), "notice": N_("notice{key}_{role}")}
# Fields holding names (units joined with 、): a line breaks between names, never inside one.
NAME_FIELDS = {*ROLES, "lead_or_responsible", "name", "unit", "issuer", "jurisdiction", "key"}
# Fields that may hold task ids joined with commas: a line may also break after each comma.
ID_FIELDS = {"tasks", "value"}
UNBOUNDED = 10_000  # a width to measure against when asking how wide a layout would like to be
# Load shades, lightest to darkest: each sets its own foreground, so it reads the same on light and
# dark terminals, and stays a blue (not the terminal's background) at its darkest.
LOAD_SHADES = (
    "black on light_steel_blue1",
    "black on sky_blue2",
    "bright_white on dodger_blue3",
    "bright_white on navy_blue",
)


class Screen(NamedTuple):
    """What a table may assume about the terminal it is drawn on; `wide_from` is where `wide` starts."""

    width: int
    colour: bool
    wide: bool
    wide_from: int = WIDE


class Wrapped:
    """Text that folds to its cell only at the offsets in `breaks`: a line never opens mid-name."""

    def __init__(self, text: Text, breaks: set[int], names: bool = False) -> None:
        self.text = text
        self.breaks = breaks
        self.names = names  # made of names that must never be cut, however narrow the terminal

    def __add__(self, other: Wrapped) -> Wrapped:
        offset = len(self.text)
        # Where the two meet is a break, unless the next line would open with a space or closing mark.
        joined = (
            set() if other.text.plain[:1] in f" {CLOSING}" or self.text.plain[-1:] in OPENING else {offset}
        )
        return Wrapped(
            Text.assemble(self.text, other.text),
            self.breaks | joined | {offset + b for b in other.breaks},
            self.names or other.names,
        )

    @property
    def narrowest(self) -> int:
        return widest_piece(self.text.plain, self.breaks, cell_len)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        plain = self.text.plain
        return Measurement(self.narrowest, cell_len(plain)).clamp(max_width=options.max_width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Text]:
        starts = line_starts(self.text.plain, self.breaks, options.max_width, cell_len)
        for line in self.text.divide(starts):
            line.rstrip()
            line.no_wrap = True
            yield line


def names(units: Iterable[str], style: str = "") -> Wrapped:
    """Unit names joined with 、, breaking only between names."""
    text, breaks = name_list_breaks(units)
    return Wrapped(Text(text, style=style), breaks, names=True)


def prose(text: Text | str, style: str = "") -> Wrapped:
    """Chinese (or mixed) text that breaks between characters, never before closing punctuation."""
    rich_text = text if isinstance(text, Text) else Text(text, style=style)
    return Wrapped(rich_text, prose_breaks(rich_text.plain))


def make_console(stream: TextIO) -> Console:
    """A console on `stream` honouring NO_COLOR, TERM=dumb and COLUMNS, highlighting nothing by itself.

    A COLUMNS that is not a positive number (0 from a confused shell, garbage) means 80 columns: Rich
    would take 0 at its word and print nothing.
    """
    columns = os.environ.get("COLUMNS")
    unusable = columns is not None and not (columns.isdigit() and int(columns) > 0)
    width = FALLBACK_WIDTH if unusable else None
    return Console(file=stream, highlight=False, markup=False, emoji=False, width=width)


def render_table(result: Answer, stream: TextIO) -> None:
    """Draw one answer for a person; control characters in the data are shown as U+FFFD."""
    result = printable_value(result)
    console = make_console(stream)
    if console.width < NARROW:
        console.print(stacked(result))
    else:
        colour = console.color_system is not None and not console.no_color
        console.print(fitted(result, console, Screen(console.width, colour, wide=console.width >= WIDE)))


def fitted(result: Answer, console: Console, screen: Screen) -> RenderableType:
    """The wide layout if its names fit the terminal whole, else the narrow one, saying what it needs."""
    drawn = renderable(result, screen)
    if screen.wide:
        needed = Measurement.get(console, console.options.update_width(UNBOUNDED), drawn).minimum
        if needed > screen.width:
            return renderable(result, screen._replace(wide=False, wide_from=needed))
    return drawn


def stacked(result: Answer) -> RenderableType:
    """Each record as `column: value` lines, readable at any width; fields that say nothing are left out.

    The notice's own spellings of units are for scripts: a person reads the canonical names beside them.
    """
    from taskmap.render.records import records

    return stacked_records(*records(result))


def stacked_records(
    columns: list[str], rows: list[Row], kinds: dict[str, str] = KIND_LABELS
) -> RenderableType:
    """Records as `column: value` blocks, one per record (see `stacked`), labelled in the reader's language.

    `kinds` are the Chinese words for the values of a `kind` field (a unit's, or a deadline's).
    """
    lines: list[RenderableType] = []
    for row in rows:
        for column, value in zip(columns, row, strict=True):
            if value not in ("", "false") and not column.endswith("_spellings"):
                label = Wrapped(Text(_("{label}: ").format(label=field_label(column)), style="bold"), set())
                lines.append(label + field_text(column, field_value(column, str(value), kinds)))
        lines.append(Text(""))
    return Group(*lines)


def field_label(column: str) -> str:
    """A field of a record as a person reads it: its own name in English, the catalogue's words in Chinese."""
    if language() == "en":
        return column
    count = MATRIX_FIELD.fullmatch(column)
    if count is not None:
        by, key, role = count.groups()
        return _(MATRIX_LABELS[by]).format(key=key, role=_(COUNT_HEADERS[role]))
    return _(FIELD_LABELS.get(column, column))


def field_text(column: str, value: str) -> Wrapped:
    """A value of a record, folding where its kind of text may: names whole, ids after a comma."""
    if column in NAME_FIELDS:
        return names(value.split("、"))
    text = prose(value)
    if column not in ID_FIELDS:
        return text
    commas = {offset + 1 for offset, character in enumerate(value[:-1]) if character == ","}
    return Wrapped(text.text, text.breaks | commas)


def field_value(column: str, value: str, kinds: dict[str, str]) -> str:
    """A value of a record as a person reads it: as recorded in English; in Chinese a role, kind or yes
    in the words the wide tables use."""
    if language() == "en":
        return value
    if column == "role" and value in ROLES:
        return ROLE_LABELS[value]
    if column == "kind":
        return kinds.get(value, value)
    return _("yes") if value == "true" else value


def renderable(result: Answer, screen: Screen) -> RenderableType:
    match result:
        case UnitReport():
            return unit_report(result, screen)
        case UnitLoads():
            return unit_loads(result, screen)
        case PopulationTable():
            return population_table(result)
        case TaskDetail():
            return task_detail(result)
        case SearchResult():
            return search_result(result, screen)
        case Outline():
            return outline(result)
        case LoadMatrix():
            return load_matrix(result, screen)
        case Partners():
            return partners(result)
        case Headlines():
            return headlines(result)
        case NoticeList():
            return notice_list(result, screen)
        case _:
            assert_never(result)


class NameTable(Table):
    """A table whose columns of unit names never get narrower than their widest name.

    Rich shrinks the widest columns first when a table is too wide, whatever their content; a column's
    `min_width` is the one limit it keeps, so each row of names raises it.
    """

    def add_row(self, *renderables: RenderableType | None, **options: Any) -> None:
        for column, cell in zip(self.columns, renderables, strict=False):
            if isinstance(cell, Wrapped) and cell.names:
                column.min_width = max(column.min_width or 0, cell.narrowest)
        super().add_row(*renderables, **options)


def new_table(compact: bool = False) -> Table:
    """A table ruled under its header; `compact` (for narrow terminals) keeps one space between columns."""
    return NameTable(
        box=box.SIMPLE_HEAD, expand=False, pad_edge=False, collapse_padding=compact, show_edge=not compact
    )


def titled(title: str, table: Table, *notes: RenderableType) -> Group:
    """A table under a title line, then its notes; a table's own title would wrap to the table's width."""
    if table.show_edge:
        return Group(prose(Text(title, style="bold")), table, *notes)
    return Group(prose(Text(title, style="bold")), Text(""), table, Text(""), *notes)


def left_out(columns: list[str], screen: Screen) -> Wrapped:
    """The one line that says what a narrow terminal left out, and how wide a terminal shows it."""
    quoted = [_("“{column}”").format(column=column) for column in columns]
    while len(quoted) > 1:
        quoted[-2:] = [_("{first} and {second}").format(first=quoted[-2], second=quoted[-1])]
    said = _("{columns} left out at {width} columns; {wide}+ shows it.")
    return prose(Text(said.format(columns=quoted[0], width=screen.width, wide=screen.wide_from), style="dim"))


def abbreviations(meanings: dict[str, str]) -> Wrapped:
    """The one line that spells out abbreviated column headers, folding only between entries."""
    text, breaks = "", set()
    for short, meaning in meanings.items():
        if text:
            text += "  "
            breaks.add(len(text))
        text += f"{short} = {meaning}"
    return Wrapped(Text(text, style="dim"), breaks)


def unit_report(report: UnitReport, screen: Screen) -> RenderableType:
    department = report.department
    shown = report.shown
    shared = report.count(collective=True)
    count = tasks(report.count())
    if shared:
        count = _("{tasks} ({named} naming it, {shared} through catch-all phrases)").format(
            tasks=count, named=report.count(collective=False), shared=shared
        )
    kind = KIND_LABELS.get(department.kind, department.kind)
    headline = Text.assemble((department.name, "bold"), "  ")
    populations = ngettext("{count} key population", "{count} key populations", len(report.populations))
    parts: list[RenderableType] = [
        Wrapped(headline, set())
        + prose(
            _("{kind} · {tasks}, {populations}").format(
                kind=kind, tasks=count, populations=populations.format(count=len(report.populations))
            )
        )
    ]
    if shown and not screen.wide:
        parts.append(left_out([_("with (other units)")], screen))
    for role in ROLES:
        rows = [a for a in shown if a.role == role]
        if rows:
            held = report.count(role)
            title = counted(with_key(ROLE_LABELS[role], role), held)
            parts.append(titled(title, assignment_table(rows, department.name if screen.wide else None)))
            if held > len(rows):
                parts.append(first_tasks_shown(len(rows), held))
    if report.populations:
        table = new_table()
        table.add_column("#", justify="right", no_wrap=True)
        table.add_column("重点人群")
        table.add_column("牵头单位")
        for population in report.populations:
            table.add_row(str(population.number), prose(population.name), names(population.lead))
        parts.append(titled(counted(_("重点人群 key populations led"), len(report.populations)), table))
    if report.held_elsewhere:
        parts.append(prose(held_elsewhere(report)))
    elif not report.assignments and not report.populations:
        parts.append(Text(_("No task or population names this unit directly.")))
    if report.collective_count and not report.collective:
        parts.append(catch_all_footer(report))
    return Group(*parts)


def held_elsewhere(report: UnitReport) -> str:
    """What a unit holding nothing in the roles asked for does hold, and which --role shows it."""
    unit = report.department.name
    if len(report.roles) == 1:
        no_task = _(NO_TASK_AS[report.roles[0]]).format(unit=unit)
    else:
        roles = "/".join(_(COUNT_HEADERS[role]) for role in report.roles)
        no_task = _("{unit} holds no task as {roles}").format(unit=unit, roles=roles)
    held = [
        ngettext(
            "leads {count} key population (--role lead)", "leads {count} key populations (--role lead)", count
        ).format(count=count)
        if role == "populations"
        else _(HOLDS[role]).format(count=count)
        for role, count in report.held_elsewhere
    ]
    while len(held) > 2:
        held[:2] = [_("{first}, {second}").format(first=held[0], second=held[1])]
    if len(held) == 2:
        held = [_("{held} and {last}").format(held=held[0], last=held[1])]
    return _("{no_task}; it {held}.").format(no_task=no_task, held=held[0])


def catch_all_footer(report: UnitReport) -> Wrapped:
    """The line counting the tasks a unit shares through catch-all phrases, naming the two giving the most,
    each kept whole (a line never breaks inside 市各有关部门)."""
    phrases = [phrase for phrase, _count in report.phrases]
    count = report.collective_count
    if len(phrases) == 1:
        said = ngettext(
            "+ {count} task assigned to every unit through the catch-all phrase {phrase}; --all lists them.",
            "+ {count} tasks assigned to every unit through the catch-all phrase {phrase}; --all lists them.",
            count,
        )
        return composed(said.replace("{count}", str(count)), "dim", phrase=phrases[0])
    said = ngettext(
        "+ {count} task assigned to every unit through catch-all phrases such as {first} and {second}; "
        "--all lists them.",
        "+ {count} tasks assigned to every unit through catch-all phrases such as {first} and {second}; "
        "--all lists them.",
        count,
    )
    return composed(said.replace("{count}", str(count)), "dim", first=phrases[0], second=phrases[1])


def whole(name: str) -> Wrapped:
    """A name or label that no line may break inside."""
    return Wrapped(Text(name, style="dim"), set(), names=True)


def composed(template: str, style: str = "", **wholes: str) -> Wrapped:
    """A sentence of the catalogue with its {placeholders} filled by names kept whole, whatever the
    language puts around them."""
    pieces = re.split(r"\{(\w+)\}", template)
    wrapped = prose(Text(pieces[0], style=style))
    for index in range(1, len(pieces), 2):
        wrapped = (
            wrapped + whole(wholes[pieces[index]]) if wrapped.text.plain else whole(wholes[pieces[index]])
        )
        if pieces[index + 1]:
            wrapped = wrapped + prose(Text(pieces[index + 1], style=style))
    return wrapped


def with_key(label: str, key: str) -> str:
    """A Chinese label, with its English key after it for an English reader ("牵头单位 lead")."""
    return f"{label} {key}" if language() == "en" else label


def counted(title: str, count: int) -> str:
    """A title with the count of its rows: "… (5)", "…（5）"."""
    return _("{title} ({count})").format(title=title, count=count)


def tasks(count: int) -> str:
    return ngettext("{count} task", "{count} tasks", count).format(count=count)


def assignment_table(assignments: list[Assignment], partners_of: str | None) -> Table:
    """Tasks by id (the id carries the annex); with the units sharing each when `partners_of` is given."""
    table = new_table()
    table.add_column(_("id"), no_wrap=True, style="cyan")
    table.add_column(_("task"))
    # 完成时限 only where a task has one: notices without deadlines draw as they always did.
    with_deadlines = any(assignment.task.deadline for assignment in assignments)
    if with_deadlines:
        table.add_column(_("deadline"))
    if partners_of is not None:
        table.add_column(_("with (other units)"))
    for assignment in assignments:
        task = assignment.task
        clause = task.clause_of(partners_of) if partners_of is not None else None
        label = prose(clause.text if clause is not None else task.title)
        if assignment.collective:
            label += composed(_(" (collective: {phrase})"), "dim", phrase=assignment.via or "")
        cells: list[RenderableType] = [task.ref, label]
        if with_deadlines:
            cells.append(prose(task.deadline or ""))
        if partners_of is not None:
            cells.append(partners_by_role(task.units_with(partners_of), assignment.role))
        table.add_row(*cells)
    return table


def partners_by_role(partners: list[tuple[Role, str]], own: Role) -> Wrapped:
    """The units sharing a task. All holding the unit's own role (the section it is listed under): their
    names. Otherwise each role's units after its label, so co-leads show: 牵头 市发改委 · 配合 …"""
    by_role: dict[Role, list[str]] = {}
    for role, unit in partners:
        by_role.setdefault(role, []).append(unit)
    if set(by_role) <= {own}:
        return names(by_role.get(own, []), style="dim")
    groups = [
        Wrapped(Text(f"{ROLE_SHORT[role]} ", style="bold"), set()) + names(by_role[role], style="dim")
        for role in ROLES
        if role in by_role
    ]
    joined = groups[0]
    for group in groups[1:]:
        joined = joined + Wrapped(Text(" · "), set()) + group
    return joined


def unit_loads(loads: UnitLoads, screen: Screen) -> RenderableType:
    table = new_table(compact=not screen.wide)
    table.add_column(_("unit"), no_wrap=True)
    if screen.wide:
        table.add_column(_("kind"))
    columns = [*loads.roles, "populations"]
    headers = {column: _((COUNT_HEADERS if screen.wide else COUNT_INITIALS)[column]) for column in columns}
    for column in columns:
        table.add_column(headers[column], justify="right", no_wrap=True)
    for row in loads.rows:
        kind = [names([KIND_LABELS.get(row.kind, row.kind)])] if screen.wide else []  # a label is never cut
        counts = (str(getattr(row, column)) for column in columns)
        table.add_row(Text(row.name), *kind, *counts)
    if screen.wide:
        return table
    table.show_edge = True
    meanings = {headers[column]: _(COUNT_MEANINGS[column]) for column in columns}
    return Group(table, abbreviations(meanings), left_out([_("kind")], screen))


def population_table(populations: PopulationTable) -> RenderableType:
    table = new_table()
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("重点人群")
    table.add_column(with_key("牵头单位", "lead"))
    for population in populations.rows:
        table.add_row(str(population.number), prose(population.name), names(population.lead))
    return titled(counted(_("重点人群 key populations of 附件3"), len(populations.rows)), table)


def task_detail(detail: TaskDetail) -> RenderableType:
    task, annex, section = detail.task, detail.annex, detail.section
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True, style="bold")
    grid.add_column()
    grid.add_row(_("task"), Text(task.ref, style="cyan"))
    grid.add_row(annex.label, prose(annex.title))
    grid.add_row(_("section"), prose(section.heading))
    for subsection in task.subsections:
        grid.add_row(_("subsection"), prose(subsection))
    if task.heading:
        grid.add_row(_("heading"), prose(task.heading, style="bold"))
    grid.add_row(_("text"), prose(task.text))
    for role in ROLES:
        if task.units(role):
            units = names(task.units(role))
            if role in task.open_ended:
                said = _(" ({words}: open-ended)").format(words=task.open_ended[role])
                units += prose(Text(said, style="dim"))
            grid.add_row(with_key(ROLE_LABELS[role], role), units)
    for number, clause in enumerate(task.clauses, start=1):
        held = [(role, unit) for role in ROLES for unit in clause.units(role)]
        grid.add_row(
            _("clause {number}").format(number=number),
            prose(clause.text) + Wrapped(Text("  "), set()) + partners_by_role(held, "lead"),
        )
    if task.printed:
        grid.add_row(_("printed"), Text(task.printed))
    if task.remark:
        grid.add_row(_("remark"), prose(task.remark))
    for document in annex.basis:
        level = _(BASIS_LEVELS[document.level]) if document.level in BASIS_LEVELS else document.level
        grid.add_row(
            _("basis ({level})").format(level=level), prose(f"《{document.title}》({document.number or '—'})")
        )
    return grid


def highlighted(task: Task, spans: list[tuple[int, int]]) -> Wrapped:
    text = Text(task.text)
    for start, end in spans:
        text.stylize(HIGHLIGHT, start, end)
    return prose(text)


def search_result(result: SearchResult, screen: Screen) -> RenderableType:
    table = new_table()
    table.add_column(_("id"), no_wrap=True, style="cyan")
    table.add_column(_("text"), ratio=4)
    if screen.wide:
        table.add_column(_("lead / responsible"), ratio=1)
    for hit in result.hits:
        units = [names(hit.task.lead or hit.task.responsible)] if screen.wide else []
        table.add_row(hit.task.ref, highlighted(hit.task, hit.spans), *units)
    found = len(result.hits) + result.more
    title = ngettext("{count} task contains “{words}”", "{count} tasks contain “{words}”", found)
    title = title.format(count=found, words=" ".join(result.text.split()))
    notes = [] if screen.wide else [left_out([_("lead / responsible")], screen)]
    if result.more:
        notes.append(first_tasks_shown(len(result.hits), found))
    return titled(title, table, *notes)


def cut_short(said: str) -> Wrapped:
    """The line under a table of a big answer that lists only its first rows: how many, and where all are."""
    return prose(Text(said, style="dim"))


def first_tasks_shown(shown: int, count: int) -> Wrapped:
    said = _("The first {shown} of {count} tasks shown; --format plain, csv or json gives every one.")
    return cut_short(said.format(shown=shown, count=count))


def outline(result: Outline) -> RenderableType:
    trees: list[RenderableType] = []
    for annex_outline in result.annexes:
        annex = annex_outline.annex
        tree = Tree(prose(Text(f"{annex.label} {annex.title}", style="bold")))
        for section, tasks in annex_outline.sections:
            branch = tree.add(prose(section.heading))
            nested: list[tuple[str, Tree]] = []  # the subsection branches open above the next task
            for task in tasks:
                kept = 0
                while (
                    kept < min(len(nested), len(task.subsections))
                    and nested[kept][0] == task.subsections[kept]
                ):
                    kept += 1
                del nested[kept:]
                for heading in task.subsections[kept:]:
                    nested.append((heading, (nested[-1][1] if nested else branch).add(prose(heading))))
                line = prose(Text.assemble((task.ref, "cyan"), " ", task.title, "  "))
                (nested[-1][1] if nested else branch).add(
                    line + names(task.lead or task.responsible, style="dim")
                )
        trees.append(tree)
    if result.more:
        shown = sum(len(tasks) for annex in result.annexes for _, tasks in annex.sections)
        trees.append(first_tasks_shown(shown, shown + result.more))
    return Group(*trees)


def shade(value: int, highest: int) -> str:
    """The style for `value`: the darker, the nearer the highest load."""
    if not value or not highest:
        return ""
    return LOAD_SHADES[min(len(LOAD_SHADES) - 1, (value * len(LOAD_SHADES) - 1) // highest)]


def shade_key(highest: int) -> Text:
    """Each shade shown as it is drawn, with the counts it stands for."""
    ranges: dict[str, list[int]] = {}
    for value in range(1, highest + 1):
        ranges.setdefault(shade(value, highest), []).append(value)
    key = Text(_("shade = tasks in the cell: "))
    for style, values in ranges.items():
        span = str(values[0]) if len(values) == 1 else f"{values[0]}–{values[-1]}"
        key.append(f" {span} ", style=style)
        key.append(" ")
    key.append(_("(darker = heavier load)"))
    return key


def _cell_label(counts: dict[Role, int], roles: tuple[Role, ...], screen: Screen) -> str:
    count = sum(counts.values())
    if not count:
        return "·"
    return "/".join(str(counts[role]) for role in roles) if screen.wide else str(count)


def _matrix_columns_that_fit(matrix: LoadMatrix, screen: Screen) -> list[MatrixColumn]:
    """The columns the terminal holds beside the whole unit names and the totals, in their order: a
    library of a hundred notices would squeeze every name and count to one character. Three cells a
    column go to the rule and padding."""
    headers = [column.label if screen.wide else column.short for column in matrix.columns]
    names = max((cell_len(row.unit) for row in matrix.rows), default=0)
    totals = max((len(str(row.total())) for row in matrix.rows), default=0)
    room = screen.width - max(names, cell_len(_("unit"))) - max(totals, cell_len(_("total"))) - 6
    room -= 15 if screen.wide else 0  # the load bar
    shown: list[MatrixColumn] = []
    for column, header in zip(matrix.columns, headers, strict=True):
        labels = (_cell_label(row.counts[column.key], matrix.roles, screen) for row in matrix.rows)
        room -= max([cell_len(header), *map(len, labels)]) + 3
        if room < 0:
            break
        shown.append(column)
    return shown


def load_matrix(matrix: LoadMatrix, screen: Screen) -> RenderableType:
    """Counts per unit and annex (or notice); a narrow terminal gets one count per cell instead of one
    per role, and the notices it cannot hold are said, not squeezed."""
    shown = matrix.columns if matrix.by == "annex" else _matrix_columns_that_fit(matrix, screen)
    table = new_table(compact=not screen.wide)
    table.add_column(_("unit"), no_wrap=True)
    for column in shown:
        table.add_column(column.label if screen.wide else column.short, justify="right", no_wrap=True)
    table.add_column(_("total"), justify="right", no_wrap=True)
    if screen.wide:
        table.add_column(_("load"), no_wrap=True)
    highest = max((row.total() for row in matrix.rows), default=0)
    cell_highest = max(
        (sum(row.counts[c.key].values()) for row in matrix.rows for c in matrix.columns), default=0
    )
    for row in matrix.rows:
        cells: list[RenderableType] = [Text(row.unit)]
        for column in shown:
            counts = row.counts[column.key]
            label = _cell_label(counts, matrix.roles, screen)
            cells.append(
                Text(label, style=shade(sum(counts.values()), cell_highest) if screen.colour else "")
            )
        cells.append(Text(str(row.total()), style="bold"))
        if screen.wide:
            cells.append(
                Text("▇" * round(12 * row.total() / highest) if highest else "", style="dodger_blue2")
            )
        table.add_row(*cells)
    notes: list[RenderableType] = [prose(shade_key(cell_highest))] if screen.colour and cell_highest else []
    if len(shown) < len(matrix.columns):
        said = _(
            "{shown} of {count} notices shown, in the library's order; --format csv or json gives every one."
        )
        notes.append(prose(Text(said.format(shown=len(shown), count=len(matrix.columns)), style="dim")))
    roles = "/".join(_(COUNT_HEADERS[role]) for role in matrix.roles)
    by_annex = matrix.by == "annex"
    if screen.wide:
        title = (
            _("Tasks by unit and annex, each cell {roles}")
            if by_annex
            else _("Tasks by unit and notice, each cell {roles}")
        )
        return titled(title.format(roles=roles), table, *notes)
    notes.append(left_out([_("{roles} per cell").format(roles=roles), _("load")], screen))
    title = (
        _("Tasks by unit and annex (附件), all roles per cell")
        if by_annex
        else _("Tasks by unit and notice, all roles per cell")
    )
    return titled(title, table, *notes)


def partners(result: Partners) -> RenderableType:
    table = new_table()
    table.add_column(_("unit"), no_wrap=True)
    table.add_column(_("shared"), justify="right", no_wrap=True)
    table.add_column(_("tasks"))
    for partner in result.partners:
        ids = ", ".join(partner.task_ids)
        if partner.more:
            ids += _(", … and {count} more").format(count=partner.more)
        table.add_row(Text(partner.unit), str(len(partner.task_ids) + partner.more), Text(ids))
    title = _("Units sharing tasks with {name}").format(name=result.department.name)
    notes = []
    if any(partner.more for partner in result.partners):
        said = _("The first {shown} tasks of each shown; --format plain, csv or json gives every one.")
        notes.append(cut_short(said.format(shown=max(len(partner.task_ids) for partner in result.partners))))
    return titled(counted(title, len(result.partners)), table, *notes)


def notice_list(result: NoticeList, screen: Screen) -> RenderableType:
    """The loaded notices: the key whole, the title wrapping; 文号 and date where there is room."""
    table = new_table(compact=not screen.wide)
    table.add_column(_("key"), no_wrap=True, style="cyan")
    if screen.wide:
        table.add_column("文号", no_wrap=True)
    table.add_column(_("title"), min_width=16)
    if screen.wide:
        table.add_column(_("date"), no_wrap=True)
    table.add_column(_("tasks"), justify="right", no_wrap=True)
    table.add_column(_("units"), justify="right", no_wrap=True)
    for row in result.rows:
        number, date = ([row.document_number or ""], [row.date or ""]) if screen.wide else ([], [])
        table.add_row(row.key, *number, prose(row.title), *date, str(row.tasks), str(row.units))
    notes: list[RenderableType] = [] if screen.wide else [left_out(["文号", _("date")], screen)]
    loaded = len(result.rows) + result.more
    if result.more:
        notes.append(first_notices_shown(len(result.rows), loaded))
    return titled(counted(_("Notices loaded"), loaded), table, *notes)


def first_notices_shown(shown: int, count: int) -> Wrapped:
    said = _("The first {shown} of {count} notices shown; --format plain, csv or json gives every one.")
    return cut_short(said.format(shown=shown, count=count))


def headlines(result: Headlines) -> RenderableType:
    """Each notice's figures as label and value lines; unit lists break between names, id lists at commas."""
    several = len(result.notices) + result.more > 1
    blocks: list[RenderableType] = []
    for figures in result.notices:
        grid = NameTable.grid(padding=(0, 2))  # unit names never cut
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column()
        grid.add_row(_("tasks"), str(figures.tasks))
        for annex in figures.annexes:
            grid.add_row(_("tasks in {annex}").format(annex=annex.label), str(annex.tasks))
        for role, count in figures.tasks_by_role.items():
            grid.add_row(_("tasks with {role}").format(role=_(COUNT_HEADERS[role])), str(count))
        grid.add_row(_("units"), str(figures.units))
        grid.add_row(
            _("units per task"),
            _("{mean} mean, {most} most").format(
                mean=f"{figures.units_per_task_mean:.1f}", most=figures.units_per_task_max
            ),
        )
        loaded = ((_("most loaded"), figures.most_loaded), (_("least loaded"), figures.least_loaded))
        for label, ranked in loaded:
            grid.add_row(label, names(f"{unit.name} {unit.load}" for unit in ranked))
        ids = ", ".join(ref.removeprefix(f"{figures.notice}:") for ref in figures.open_ended_tasks)
        grid.add_row(_("open-ended (…等)"), Text(f"{len(figures.open_ended_tasks)}: {ids}" if ids else "0"))
        grid.add_row(_("key populations"), str(figures.populations))
        if several:  # each notice's figures under its key, a blank line between notices
            blocks += (
                [Text(""), Text(figures.notice, style="bold cyan")]
                if blocks
                else [Text(figures.notice, style="bold cyan")]
            )
        blocks.append(grid)
    if result.more:
        blocks += [Text(""), first_notices_shown(len(result.notices), len(result.notices) + result.more)]
    return Group(*blocks)


def render_due(result: DueList, stream: TextIO) -> None:
    """Draw the `due` answer: what falls due by day, then (with --all) what names no day."""
    console = make_console(stream)
    if console.width < NARROW:
        from taskmap.render.records import due_records
        from taskmap.tracking.deadlines import KIND_LABELS as DEADLINE_KINDS

        console.print(stacked_records(*due_records(result), kinds=dict(DEADLINE_KINDS.items())))
        return
    screen = Screen(console.width, False, wide=console.width >= WIDE)
    console.print(due_list(result, screen))


def due_heading(result: DueList) -> str:
    window, unit = result.window, result.unit
    if window.overdue:
        said = _("Overdue for {unit} as of {today}") if unit else _("Overdue as of {today}")
    elif window.first == window.last:
        said = _("Due for {unit} on {first}") if unit else _("Due on {first}")
    else:
        said = (
            _("Due for {unit} {first} – {last}, today {today}")
            if unit
            else _("Due {first} – {last}, today {today}")
        )
    return said.format(unit=unit, today=result.today, first=window.first, last=window.last)


def due_list(result: DueList, screen: Screen) -> RenderableType:
    parts: list[RenderableType] = []
    heading = due_heading(result)
    if result.entries:
        table = due_table(result.entries, result.today, screen, dated=True)
        parts.append(titled(counted(heading, len(result.entries)), table))
    else:
        parts.append(prose(Text(_("{heading}: nothing falls due.").format(heading=heading), style="bold")))
    if result.undated:
        table = due_table(result.undated, result.today, screen, dated=False)
        parts.append(
            titled(
                counted(
                    _("Without a day: ongoing, by a higher level's timing, or unread"), len(result.undated)
                ),
                table,
            )
        )
    elif result.undated_count:
        note = ngettext(
            "+ {count} deadline naming no day (ongoing, timed by a higher level, relative or unread); "
            "--all lists them.",
            "+ {count} deadlines naming no day (ongoing, timed by a higher level, relative or unread); "
            "--all lists them.",
            result.undated_count,
        )
        parts.append(prose(Text(note.format(count=result.undated_count), style="dim")))
    if not screen.wide and (result.entries or result.undated):
        parts.append(left_out([_(DUE_UNITS)], screen))
    return Group(*parts)


def due_table(entries: list[DueEntry], today: date, screen: Screen, dated: bool) -> Table:
    """Deadlines with their tasks: the day and how far off (dated), or the kind (undated)."""
    from taskmap.tracking.deadlines import KIND_LABELS as DEADLINE_KINDS

    table = new_table(compact=not screen.wide)
    if dated:
        table.add_column(_("due"), no_wrap=True)
        table.add_column(_("days"), justify="right", no_wrap=True)
    else:
        table.add_column(_("kind"), no_wrap=True)
    table.add_column(_("id"), no_wrap=True, style="cyan")
    table.add_column(_("task"))
    table.add_column(_("deadline"))
    if screen.wide:
        table.add_column(_(DUE_UNITS))
    for entry in entries:
        deadline, task = entry.deadline, entry.task
        words = prose(deadline.text)
        if deadline.year_assumed:
            words += prose(Text(_(" (year assumed)"), style="dim"))
        if dated:
            days = entry.days_left(today)
            cells: list[RenderableType] = [str(entry.due), "" if days is None else str(days)]
        else:
            cells = [with_key(DEADLINE_KINDS[deadline.kind], deadline.kind)]
        cells += [task.ref, prose(task.title), words]
        if screen.wide:
            cells.append(names(task.lead or task.responsible))
        table.add_row(*cells)
    return table


def render_records(title: str, columns: list[str], rows: list[Row], stream: TextIO, notes: list[str]) -> None:
    """Draw records (the round commands' answers) under a title: ids and short fields whole, text folding
    where Chinese allows; a narrow terminal gets one "column: value" block per record."""
    console = make_console(stream)
    rows = printable_value(rows)
    if console.width < NARROW:
        console.print(prose(Text(title, style="bold")), stacked_records(columns, rows))
        return
    table = new_table(compact=console.width < WIDE)
    for column in columns:
        table.add_column(_(column), no_wrap=column in ("id", "state", "light", "due", "tasks", "file"))
    for row in rows:
        table.add_row(*(prose(str(value)) for value in row))
    extra = [prose(Text(note, style="dim")) for note in notes]
    console.print(titled(title, table, *extra) if rows else Group(prose(Text(title, style="bold")), *extra))
