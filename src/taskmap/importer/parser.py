"""Finding a notice's structure in its page lines: the information box, annexes, sections, items, tables.

The rule for headings (the same one the shipped data follows): an item's first sentence, up to the first
。, is its heading when that sentence is at most HEADING_MAX characters long.
"""

from __future__ import annotations

import re

from taskmap.importer.blocks import Paragraph, Source
from taskmap.importer.conventions import UnitGroup, apply_lead_rule, read_group, split_names
from taskmap.importer.metadata import read_notice_fields
from taskmap.importer.numbering import chinese_numeral, numbering_of
from taskmap.importer.structure import (
    Doubt,
    ParsedAnnex,
    ParsedNotice,
    ParsedPopulation,
    ParsedSection,
    ParsedTask,
)
from taskmap.importer.tables import Table, find_table

HEADING_MAX = 30
PAGE_END = "扫一扫在手机打开当前页"
ANNEX_LINE = re.compile(r"^附件\s*(\d*)$")
TERMINAL = tuple("。）)；;：:！？”」")
Line = tuple[int, str]


def page_lines(source: Source) -> list[Line]:
    """The paragraphs with their line numbers, up to the page's footer."""
    lines = []
    for block in source.blocks:
        if isinstance(block, Paragraph):
            if block.text == PAGE_END:
                break
            lines.append((block.line, block.text))
    return lines


def heading_of(text: str) -> str | None:
    """The item's first sentence when it is short enough to be a heading (see HEADING_MAX)."""
    first, stop, _ = text.partition("。")
    return first if stop and len(first) <= HEADING_MAX else None


def join_broken_lines(lines: list[Line]) -> list[Line]:
    """A long paragraph cut mid-sentence (no closing punctuation, next line unnumbered) is one paragraph.

    Pieces are gathered and joined once: adding each line to a growing string would take minutes on a
    page of thousands of unpunctuated lines."""
    paragraphs: list[tuple[int, list[str]]] = []
    length = 0
    in_table = False
    for number, line in lines:
        in_table = in_table or line == "序号"  # cells of a table are never joined
        if (
            not in_table
            and paragraphs
            and length >= 40
            and not paragraphs[-1][1][-1].endswith(TERMINAL)
            and numbering_of(line).style == "plain"
        ):
            paragraphs[-1][1].append(line)
            length += len(line)
        else:
            paragraphs.append((number, [line]))
            length = len(line)
    return [(number, "".join(pieces)) for number, pieces in paragraphs]


BRACKET = re.compile(r"[（()）]")


def bracketed(paragraph: str) -> list[tuple[int, int]]:
    """(start, end) of every top-level parenthesis, full- or half-width, nested ones included in theirs."""
    spans, depth, start = [], 0, 0
    for found in BRACKET.finditer(paragraph):
        if found[0] in "（(":
            if depth == 0:
                start = found.start()
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                spans.append((start, found.end()))
    return spans


Groups = list[tuple[tuple[int, int], UnitGroup]]


def groups_in(paragraph: str) -> Groups:
    """Every parenthesis of a paragraph that names units, with its span; leads are settled later."""
    found = []
    for start, end in bracketed(paragraph):
        group = read_group(paragraph[start + 1 : end - 1])
        if group is not None:
            found.append(((start, end), group))
    return found


class Parser:
    """Reads one page; `parse` returns the notice found, with the doubtful spots it met."""

    def __init__(self, source: Source) -> None:
        self.lines = page_lines(source)
        self.notice = ParsedNotice({}, [])
        self.legend_in_force = False

    def doubt(self, line: int, message: str) -> None:
        self.notice.doubts.append(Doubt(line, message))

    def parse(self) -> ParsedNotice:
        self.notice.fields, body_end = read_notice_fields(self.lines)
        starts = [index for index, (_, line) in enumerate(self.lines) if ANNEX_LINE.match(line)]
        if starts:
            for order, start in enumerate(starts):
                end = starts[order + 1] if order + 1 < len(starts) else len(self.lines)
                printed = ANNEX_LINE.match(self.lines[start][1])
                number = int(printed[1]) if printed and printed[1] else order + 1
                self.read_annex(number, self.lines[start + 1 : end])
        else:
            self.read_body(self.lines[body_end:])
        return self.notice

    def read_annex(self, number: int, lines: list[Line]) -> None:
        if not lines:
            return
        title = lines[0][1]
        rest = lines[1:]
        preamble = None
        if rest and numbering_of(rest[0][1]).style == "plain" and not rest[0][1].startswith("序号"):
            preamble, rest = rest[0][1], rest[1:]
        annex = ParsedAnnex(number, title, preamble)
        self.notice.annexes.append(annex)
        self.read_content(annex, rest)

    def read_body(self, lines: list[Line]) -> None:
        """A notice without annexes: its tasks sit in the body, kept as annex 1 marked in_body."""
        title = str(self.notice.fields.get("title") or "正文")
        preamble = next((line for _, line in lines if numbering_of(line).style == "plain"), None)
        annex = ParsedAnnex(1, title, preamble, in_body=True)
        self.notice.annexes.append(annex)
        self.notice.used("tasks in the body (no annex)")
        self.read_content(annex, lines)

    def task_style(self, paragraphs: list[Line], groups: list[Groups]) -> str:
        """The numbering style of the paragraphs that carry unit groups most often."""
        counts: dict[str, int] = {}
        for (_, paragraph), found in zip(paragraphs, groups, strict=True):
            if found:
                style = numbering_of(paragraph).style
                counts[style] = counts.get(style, 0) + 1
        return max(counts, key=lambda style: counts[style]) if counts else "item"

    def settle_leads(self, line: int, groups: Groups) -> None:
        """Apply the lead rule to each group in page order, a legend with 下同 holding for every later one.

        A legend is reported once, where it is printed, not at every group it decides."""
        for _, group in groups:
            apply_lead_rule(group, self.legend_in_force or group.legend is not None)
            if group.legend is not None:
                reach = "this and every later group (下同)" if group.legend_follows else "this group only"
                self.doubt(line, f"legend {group.legend}: the first unit of a list leads, in {reach}")
                self.legend_in_force = self.legend_in_force or group.legend_follows

    def read_content(self, annex: ParsedAnnex, lines: list[Line]) -> None:
        paragraphs = join_broken_lines(lines)
        groups_of = [groups_in(paragraph) for _, paragraph in paragraphs]
        style = self.task_style(paragraphs, groups_of)
        section: ParsedSection | None = None
        index = 0
        while index < len(paragraphs):
            line, paragraph = paragraphs[index]
            if table := find_table(paragraphs, index):
                section = self.read_table(annex, section, table)
                index = table.end
                continue
            groups = groups_of[index]
            index += 1
            numbered = numbering_of(paragraph)
            if numbered.style == "section" and style != "section":
                section = ParsedSection(numbered.number, numbered.numeral, numbered.rest)
                annex.sections.append(section)
                continue
            self.settle_leads(line, groups)
            if not groups:
                if numbered.style == style and style != "plain":
                    self.doubt(line, f"item {numbered.numeral} names no unit; not a task")
                continue
            if section is None:
                section = ParsedSection(1, None, annex.title)
                annex.sections.append(section)
            is_item = numbered.style == style and style != "plain"
            if numbered.style != style and "plain" not in (numbered.style, style):
                self.doubt(
                    line, f"unit group outside the numbered items ({numbered.numeral}); kept as a task"
                )
            self.add_task(section, line, paragraph, numbered.rest if is_item else paragraph, groups, is_item)
            if is_item:
                self.number_as_printed(section, line, numbered.number, numbered.numeral)

    def number_as_printed(self, section: ParsedSection, line: int, number: int, printed: str) -> None:
        """The last task takes its printed number unless that repeats or goes back: ids must stay unique."""
        task = section.tasks[-1]
        if number >= task.number:
            task.number = number
        else:
            self.doubt(line, f"item {printed} comes after item {task.number - 1}; kept as item {task.number}")

    def add_task(
        self,
        section: ParsedSection,
        line: int,
        paragraph: str,
        rest: str,
        groups: Groups,
        numbered: bool,
    ) -> None:
        offset = len(paragraph) - len(rest)
        text, cursor = "", offset
        for (start, end), _ in groups:
            text += paragraph[cursor:start]
            cursor = end
        text += paragraph[cursor:]
        number = section.tasks[-1].number + 1 if section.tasks else 1
        task = ParsedTask(number, numbered, heading_of(text), text, line, groups=len(groups))
        for _, group in groups:
            self.merge(task, group)
        if len(groups) > 1:
            self.notice.used("several groups in one item")
        if task.lead_unknown:
            self.doubt(line, "units listed as jointly responsible and no legend says who leads: lead unknown")
        section.tasks.append(task)

    def merge(self, task: ParsedTask, group: UnitGroup) -> None:
        for role, units in group.roles.items():
            kept = task.roles.setdefault(role, [])
            kept.extend(unit for unit in units if unit not in kept)
        task.open_ended.update(group.open_ended)
        task.remarks.extend(group.remarks)
        task.lead_unknown = task.lead_unknown or group.lead_unknown
        for convention in group.conventions:
            self.notice.used(convention)
        if group.remarks:
            self.doubt(task.line, f"words in a unit group kept as a remark: {'，'.join(group.remarks)}")

    def read_table(
        self, annex: ParsedAnnex, section: ParsedSection | None, table: Table
    ) -> ParsedSection | None:
        self.notice.used("table, one cell per line")
        if "重点人群" in table.header:
            for row in table.rows:
                annex.populations.append(
                    ParsedPopulation(row.number, row.cells["重点人群"], row.units("牵头单位"))
                )
            return section
        for row in table.rows:
            if row.section is not None:
                section = ParsedSection(row.section[0], chinese_numeral(row.section[0]), row.section[1])
                annex.sections.append(section)
                continue
            if section is None:
                section = ParsedSection(1, None, annex.title)
                annex.sections.append(section)
            self.add_row_task(section, table, row)
        return section

    def add_row_task(self, section: ParsedSection, table: Table, row: object) -> None:
        from taskmap.importer.tables import ROLE_COLUMNS, Row

        assert isinstance(row, Row)
        heading = next((row.cells[c] for c in table.header if c in ("任务", "工作任务", "改革举措")), None)
        content = next(
            (row.cells[c] for c in table.header if c in ("主要内容", "任务内容", "具体内容")), None
        )
        if heading and content:
            text = heading + ("" if heading.endswith(TERMINAL) else "。") + content
        else:
            text = heading or content or ""
        task = ParsedTask(row.number, True, heading if content else heading_of(text), text, row.line)
        for column, role in ROLE_COLUMNS.items():
            if column in row.cells:
                units, suffix = split_names(row.cells[column])
                task.roles.setdefault(role, []).extend(units)
                if suffix:
                    task.open_ended[role] = suffix
        task.deadline = row.cells.get("完成时限")
        task.remarks = [
            f"{c}：{row.cells[c]}"
            for c in table.header
            if c in row.cells and c not in KNOWN_COLUMNS and c not in ROLE_COLUMNS
        ]
        if not any(task.roles.values()):
            self.doubt(row.line, f"table row {row.number} names no unit; not a task")
            return
        last = section.tasks[-1].number if section.tasks else 0
        if row.number <= last:
            task.number = last + 1
            self.doubt(row.line, f"table row {row.number} comes after row {last}; kept as row {task.number}")
        elif section.tasks and row.number != last + 1:
            self.doubt(row.line, f"numbering jumps from {last} to {row.number}")
        section.tasks.append(task)


KNOWN_COLUMNS = ("序号", "任务", "工作任务", "改革举措", "主要内容", "任务内容", "具体内容", "完成时限")


def parse_source(source: Source) -> ParsedNotice:
    """The notice a document's blocks hold."""
    return Parser(source).parse()
