"""Tables printed one cell per line: a header starting with 序号, then rows that each start with a number.

Section rows (`一、知识产权保护方面（共5项）`) may stand between rows; they open a new section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from taskmap.importer.conventions import split_names
from taskmap.importer.numbering import numbering_of

HEADER_CELLS = (
    "重点人群",
    "任务",
    "工作任务",
    "改革举措",
    "主要内容",
    "任务内容",
    "具体内容",
    "牵头单位",
    "牵头部门",
    "配合单位",
    "配合部门",
    "责任单位",
    "责任部门",
    "指导部门",
    "指导单位",
    "参与单位",
    "协办单位",
    "完成时限",
    "推广范围",
)
ROLE_COLUMNS = {
    "牵头单位": "lead",
    "牵头部门": "lead",
    "配合单位": "support",
    "配合部门": "support",
    "参与单位": "support",
    "协办单位": "support",
    "责任单位": "responsible",
    "责任部门": "responsible",
    "指导部门": "guide",
    "指导单位": "guide",
}
ROW_NUMBER = re.compile(r"^\d{1,4}$")


def header_cell(line: str) -> str:
    """A header cell as a column name: spaces inside (主 要 内 容) removed."""
    return re.sub(r"[\s\u3000]+", "", line)


@dataclass
class Row:
    number: int
    line: int
    cells: dict[str, str] = field(default_factory=dict)
    section: tuple[int, str] | None = None

    def units(self, column: str) -> list[str]:
        return split_names(self.cells.get(column, ""))[0]


@dataclass
class Table:
    header: list[str]
    rows: list[Row]
    end: int


def find_table(paragraphs: list[tuple[int, str]], start: int) -> Table | None:
    """The table whose header begins at `start`, read to its last row; None when no table starts there."""
    if paragraphs[start][1] != "序号":
        return None
    header = ["序号"]
    index = start + 1
    while index < len(paragraphs) and header_cell(paragraphs[index][1]) in HEADER_CELLS:
        header.append(header_cell(paragraphs[index][1]))
        index += 1
    if len(header) < 3:
        return None
    rows: list[Row] = []
    while index < len(paragraphs):
        line, cell = paragraphs[index]
        numbered = numbering_of(cell)
        if numbered.style == "section":
            title = re.sub(r"[（(]共\d+项[）)]$", "", numbered.rest)
            rows.append(Row(0, line, section=(numbered.number, title)))
            index += 1
            continue
        if not ROW_NUMBER.match(cell) or index + len(header) > len(paragraphs):
            break
        cells = [text for _, text in paragraphs[index + 1 : index + len(header)]]
        rows.append(Row(int(cell), line, dict(zip(header[1:], cells, strict=True))))
        index += len(header)
    return Table(header, rows, index)
