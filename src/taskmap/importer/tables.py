"""Task tables, whatever format they came in: a header row names the columns, each row below it is a task
(or a section row such as `一、知识产权保护方面（共5项）`), and each column's header says what it holds.

Columns are told by the words of their header (spaces inside removed: `责　任　单　位`): units by role
(牵头/配合/责任/指导…), the task's text (任务, 举措, 名称, 内容…), its deadline (时限, 时间…), persons (领导,
联系人, 负责人: never units) and anything else, kept as a remark `header：value`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from taskmap.i18n import N_
from taskmap.importer.blocks import Table
from taskmap.importer.carriers import label_segments
from taskmap.importer.conventions import (
    LABEL_NOUNS,
    LABEL_WORDS,
    UnitGroup,
    label_role,
    read_labelled,
    split_names,
)
from taskmap.importer.numbering import numbering_of
from taskmap.importer.structure import ParsedAnnex, ParsedPopulation, ParsedSection, ParsedTask

if TYPE_CHECKING:
    from taskmap.importer.parser import Parser

COLUMN_KINDS = (
    (re.compile(r"^(序号|编号|序列)$"), "number"),
    (re.compile(r"领导|联系人|联系方式|负责人|责任人|电话"), "person"),
    (re.compile(r"配合\W?责任|责任\W?配合"), "support or responsible"),  # 配合/责任单位
    (re.compile(rf"({LABEL_WORDS})(?:{LABEL_NOUNS})"), "role"),  # 牵头单位, 协同配合单位: see label_role
    (re.compile(r"时限|完成时间|时间要求|时间节点|完成期限|进度安排"), "deadline"),
    (re.compile(r"重点人群"), "population"),
    (
        re.compile(r"任务|举措|措施|事项名称|工作事项|^事项$|项目名称|重点工作|工作重点|具体工作|内容|目标"),
        "text",
    ),
)
UNIT_KINDS = ("lead", "support", "responsible", "guide", "support or responsible")
ROW_NUMBER = re.compile(r"^\s*(\d{1,4})\s*[.、．]?\s*$")
SECTION_COUNT = re.compile(r"[（(]共\d+项[）)]$")


def header_cell(text: str) -> str:
    """A header cell as a column name: spaces inside (主 要 内 容) removed."""
    return re.sub(r"[\s\u3000]+", "", text)


def column_kind(header: str) -> str | None:
    """What a column holds, by its header's words; None for a header no task table has."""
    for pattern, kind in COLUMN_KINDS:
        if found := pattern.search(header):
            return label_role(found[1]) if kind == "role" else kind
    return None


def is_header(cells: tuple[str, ...] | list[str]) -> bool:
    """A row naming at least one unit column and one text column (or the key populations' columns)."""
    return header_kinds(cells) is not None


def header_kinds(cells: tuple[str, ...] | list[str]) -> list[str | None] | None:
    """What each column of a header row holds, or None for a row that is no task table's header.

    A header naming its unit columns and leaving one column unnamed (序号 | 民生实事 | 责任单位 | 完成时限)
    has the task's text in that column: a task table always has one."""
    if any(len(header_cell(cell)) > 16 for cell in cells):
        return None  # a header names its columns in a few words; a row of content is not one
    kinds = [column_kind(header_cell(cell)) for cell in cells]
    if not any(kind in UNIT_KINDS for kind in kinds):
        return None
    if any(kind in ("text", "population") for kind in kinds):
        return kinds
    unnamed = [index for index, kind in enumerate(kinds) if kind is None and header_cell(cells[index])]
    if len(unnamed) != 1:
        return None
    kinds[unnamed[0]] = "text"
    return kinds


@dataclass
class Layout:
    header: list[str]
    kinds: list[str | None]


def row_number(cells: list[str], layout: Layout) -> tuple[int | None, list[str]]:
    """The row's printed number, from a 序号 cell or the task cell's own `12.`; the cells without it."""
    for index, kind in enumerate(layout.kinds):
        if kind == "number" and (found := ROW_NUMBER.match(cells[index])):
            return int(found[1]), cells
    for index, kind in enumerate(layout.kinds):
        if kind == "text":
            numbered = numbering_of(cells[index])
            if numbered.style == "item":
                stripped = list(cells)
                stripped[index] = numbered.rest
                return numbered.number, stripped
            break
    return None, cells


def section_row(cells: list[str]) -> tuple[int, str, str] | None:
    """A row that opens a section: one text across the row (merged cells), numbered 一、 or （一）."""
    filled = {cell for cell in cells if cell.strip()}
    if len(filled) != 1:
        return None
    numbered = numbering_of(filled.pop())
    if numbered.style not in ("section", "subsection"):
        return None
    return numbered.number, numbered.numeral, SECTION_COUNT.sub("", numbered.rest)


def read_table(
    parser: Parser, annex: ParsedAnnex, section: ParsedSection | None, table: Table
) -> ParsedSection | None:
    """The tasks (or key populations) of one table; section rows open sections."""
    start = next((i for i, row in enumerate(table.rows) if is_header(row)), None)
    if start is None:
        return section
    layout = Layout([header_cell(c) for c in table.rows[start]], header_kinds(table.rows[start]) or [])
    parser.notice.used("table")
    filled = [at for at in range(start + 1, len(table.rows)) if any(cell.strip() for cell in table.rows[at])]
    if "population" in layout.kinds:
        read_populations(annex, layout, [list(table.rows[at]) for at in filled])
        return section
    rows = [list(table.rows[at]) for at in filled]
    if (columns := section_column(layout, rows)) is not None:
        layout.kinds[columns[0]], layout.kinds[columns[1]] = "section", "text"
        parser.notice.used("sections in a column")
    opened_by: str | None = None
    for at in filled:
        cells = list(table.rows[at])
        if columns is not None and (heading := cells[columns[0]].strip()) and heading != opened_by:
            opened_by, numbered = heading, numbering_of(heading)
            section = add_section(
                annex, numbered.number, numbered.numeral, SECTION_COUNT.sub("", numbered.rest)
            )
        line = table.row_lines[at] if at < len(table.row_lines) else table.line
        if at in table.shared_rows:
            parser.doubt(
                line,
                N_("table row {item} prints no unit: given the units of the row above (merged cells?)"),
                item=row_number(cells, layout)[0] or "?",
            )
        if is_header(cells):
            continue  # the header printed again on the next page
        if (opened := section_row(cells)) is not None:
            section = add_section(annex, *opened)
            continue
        if section is None:
            section = ParsedSection(1, None, annex.title)
            annex.sections.append(section)
        add_row_task(parser, section, layout, cells, line)
    return section


def add_section(annex: ParsedAnnex, printed: int, numeral: str, title: str) -> ParsedSection:
    """The annex's next section; its numeral kept where the printed number is its place."""
    number = len(annex.sections) + 1
    section = ParsedSection(number, numeral if printed == number else None, title)
    annex.sections.append(section)
    return section


def section_column(layout: Layout, rows: list[list[str]]) -> tuple[int, int] | None:
    """`工作任务 | 工作要求 | 牵头单位 | …` whose 工作任务 cells are the sections (`一、加强…信息公开`,
    merged down their rows) and whose 工作要求 cells the numbered tasks (`3.建立…`): (the column of
    sections, the column of tasks), told by the cells' own numbering, not by the headers' words."""
    text_at = [index for index, kind in enumerate(layout.kinds) if kind == "text"]
    if not text_at:
        return None
    first = text_at[0]
    headings = [row[first] for row in rows if first < len(row) and row[first].strip()]
    if not headings or any(numbering_of(cell).style not in ("section", "subsection") for cell in headings):
        return None
    for index, kind in enumerate(layout.kinds):
        cells = [row[index] for row in rows if index < len(row) and row[index].strip()]
        numbered = sum(numbering_of(cell).style == "item" for cell in cells)
        if index != first and kind in (None, "text") and cells and numbered >= 0.8 * len(cells):
            return first, index
    return None


def read_populations(annex: ParsedAnnex, layout: Layout, rows: list[list[str]]) -> None:
    name_at = layout.kinds.index("population")
    lead_at = layout.kinds.index("lead") if "lead" in layout.kinds else None
    for cells in rows:
        number, cells = row_number(cells, layout)
        if number is None or lead_at is None:
            continue
        units = split_names(cells[lead_at].replace("\n", "、"))[0]
        annex.populations.append(ParsedPopulation(number, cells[name_at], units))


def add_row_task(parser: Parser, section: ParsedSection, layout: Layout, cells: list[str], line: int) -> None:
    number, cells = row_number(cells, layout)
    texts = [
        cells[i].replace("\n", "").strip()
        for i, kind in enumerate(layout.kinds)
        if kind == "text" and cells[i].strip()
    ]
    heading = texts[0] if len(texts) > 1 else None
    text = "".join(
        piece + ("" if piece.endswith(("。", "；", "！", "？")) or index == len(texts) - 1 else "。")
        for index, piece in enumerate(texts)
    )
    if not text:
        parser.doubt(line, N_("table row {item} has no task text; not a task"), item=number or "?")
        return
    task = ParsedTask(
        number or 0, number is not None, heading or first_sentence(text), text.replace("\n", ""), line
    )
    group = UnitGroup()
    remarks = []
    for index, kind in enumerate(layout.kinds):
        value = cells[index].strip() if index < len(cells) else ""
        if not value or kind in ("number", "text", "section"):
            continue
        if kind in UNIT_KINDS:
            unit_cell(group, either_role(kind, cells, layout), value)
        elif kind == "deadline":
            task.deadline = value.replace("\n", "")
        else:
            remarks.append(f"{layout.header[index]}：{value.replace(chr(10), ' ')}")
    task.remarks = remarks
    if not group.has_units:
        parser.doubt(line, N_("table row {item} names no unit; not a task"), item=number or "?")
        return
    task.groups = 1
    previous = section.tasks[-1] if section.tasks else None
    if previous is not None and previous.numbered and number == previous.number:
        continue_item(parser, previous, task, group)
        return
    earlier = parser.inherited_so_far()
    parser.merge(task, group)
    task.inherit(earlier)
    last = section.tasks[-1].number if section.tasks else 0
    if number is None or number <= last:
        if number is not None:
            parser.doubt(
                line,
                N_("table row {item} comes after row {previous}; kept as row {kept}"),
                item=number,
                previous=last,
                kept=last + 1,
            )
        task.number = last + 1
    elif section.tasks and number != last + 1:
        parser.doubt(line, N_("numbering jumps from {previous} to {item}"), previous=last, item=number)
    section.tasks.append(task)


def continue_item(parser: Parser, item: ParsedTask, row: ParsedTask, group: UnitGroup) -> None:
    """A row printing the number of the row above (its 序号 cell merged down both) is more of that item:
    one task of several clauses, each with its own text and units, the deadlines side by side."""
    if not item.clauses:
        item.clauses = [(item.text, UnitGroup(roles={r: list(u) for r, u in item.roles.items()}))]
    item.clauses.append((row.text, group))
    item.text += row.text if item.text.endswith(("。", "；", "！", "？")) else f"；{row.text}"
    if row.deadline:
        item.deadline = f"{item.deadline}；{row.deadline}" if item.deadline else row.deadline
    item.remarks += row.remarks
    item.groups += 1
    parser.merge(item, group)
    parser.notice.used("rows of one number (序号 merged)")


def unit_cell(group: UnitGroup, role: str, value: str) -> None:
    """A unit cell: a list (lines, 、 and ， alike), or labels inside it (`牵头单位：A配合单位：B`)."""
    labelled = label_segments(value.replace("\n", "、"), anywhere=True)
    if labelled is not None and labelled.group is not None:
        group.roles.update({r: group.roles.get(r, []) + u for r, u in labelled.group.roles.items()})
        group.open_ended.update(labelled.group.open_ended)
        group.expansions.update(labelled.group.expansions)
        group.conventions.append("labels inside a cell")
        if labelled.text:
            read_labelled(group, role, labelled.text)
        return
    read_labelled(group, role, value.replace("\n", "、").rstrip("，,、"))


def either_role(kind: str, cells: list[str], layout: Layout) -> str:
    """A `配合/责任单位` column: support where the row names a lead, else responsible."""
    if kind != "support or responsible":
        return kind
    leads = [cells[i] for i, other in enumerate(layout.kinds) if other == "lead" and i < len(cells)]
    return "support" if any(lead.strip() for lead in leads) else "responsible"


def first_sentence(text: str) -> str | None:
    first, stop, _ = text.partition("。")
    return first if stop and len(first) <= 30 else None
