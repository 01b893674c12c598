"""An independent reading of the published notice, used to cross-check the YAML.

It shares no code with the package on purpose: if the loader and this scan agree, the data says what the
source says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

SOURCE = (
    Path(__file__).resolve().parent.parent / "data" / "source" / "changzhou-credit-task-division-2019.txt"
)

CHINESE_NUMERALS = "一二三四五六七八九十"
ROLE_LABELS = {"牵头单位": "lead", "配合单位": "support", "责任单位": "responsible"}
OPEN_ENDED_SUFFIXES = ("等有关部门", "等市部门", "等部门", "等")

ANNEX_LINE = re.compile(r"^附件(\d)$")
SECTION_LINE = re.compile(rf"^([{CHINESE_NUMERALS}]+)、(.+)$")
ITEM_LINE = re.compile(r"^(\d+)、(.+)$")
PAGE_FOOTER = "扫一扫在手机打开当前页"


@dataclass
class ScannedTask:
    annex: int
    section: int
    number: int
    numbered: bool
    body: str
    units: dict[str, list[str]] = field(default_factory=dict)
    open_ended: dict[str, str] = field(default_factory=dict)
    remarks: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return f"{self.annex}.{self.section}.{self.number}"


@dataclass
class ScannedSection:
    annex: int
    number: int
    title: str


@dataclass
class ScannedPopulation:
    number: int
    name: str
    lead: list[str]


@dataclass
class ScannedNotice:
    annex_titles: dict[int, str]
    annex_preambles: dict[int, str]
    sections: list[ScannedSection]
    tasks: list[ScannedTask]
    populations: list[ScannedPopulation]
    text: str


def chinese_numeral_value(numeral: str) -> int:
    """Value of a Chinese numeral up to 十 — enough for section numbers."""
    return CHINESE_NUMERALS.index(numeral) + 1


def split_trailing_parenthesis(item: str) -> tuple[str, str]:
    """Split an item into body and the content of its final, possibly nested, parenthesis."""
    if not item.endswith(")"):
        return item, ""
    depth = 0
    for position in range(len(item) - 1, -1, -1):
        if item[position] == ")":
            depth += 1
        elif item[position] == "(":
            depth -= 1
            if depth == 0:
                return item[:position], item[position + 1 : -1]
    raise ValueError(f"unbalanced parenthesis in {item!r}")


def read_unit_clause(task: ScannedTask, clause: str) -> None:
    """Record one `角色:甲、乙等` clause, or keep the clause as a remark."""
    label, colon, names = clause.partition(":")
    if not colon or label not in ROLE_LABELS:
        task.remarks.append(clause)
        return
    role = ROLE_LABELS[label]
    units = names.split("、")
    for suffix in OPEN_ENDED_SUFFIXES:
        if units[-1].endswith(suffix):
            units[-1] = units[-1][: -len(suffix)]
            task.open_ended[role] = suffix
            break
    task.units[role] = units


def finish_task(task: ScannedTask) -> None:
    """Separate the unit parenthesis from the body of a completed item."""
    body, parenthesis = split_trailing_parenthesis(task.body)
    task.body = body
    for clause in parenthesis.split(","):
        if clause:
            read_unit_clause(task, clause)


def scan(text: str) -> ScannedNotice:
    """Read annexes, sections, numbered items and the population table from the page text."""
    lines = [line.strip() for line in text.splitlines()]
    notice = ScannedNotice({}, {}, [], [], [], text)
    annex = 0
    section: ScannedSection | None = None
    current: ScannedTask | None = None
    in_population_table = False
    table_cells: list[str] = []

    def close_current() -> None:
        nonlocal current
        if current is not None:
            finish_task(current)
            notice.tasks.append(current)
            current = None

    for line in lines:
        if not line:
            continue
        if line == PAGE_FOOTER:
            break
        if match := ANNEX_LINE.match(line):
            close_current()
            annex, section, in_population_table = int(match[1]), None, False
            continue
        if annex == 0:
            continue
        if annex not in notice.annex_titles:
            notice.annex_titles[annex] = line
            continue
        if annex not in notice.annex_preambles:
            notice.annex_preambles[annex] = line
            continue
        if match := SECTION_LINE.match(line):
            close_current()
            section = ScannedSection(annex, chinese_numeral_value(match[1]), match[2])
            notice.sections.append(section)
            in_population_table = "重点人群" in match[2]
            continue
        if in_population_table:
            table_cells.append(line)
            continue
        assert section is not None, f"text before the first section of annex {annex}: {line}"
        if match := ITEM_LINE.match(line):
            close_current()
            current = ScannedTask(annex, section.number, int(match[1]), True, match[2])
        elif current is None:
            current = ScannedTask(annex, section.number, 1, False, line)
        else:
            current.body += line
    close_current()
    notice.populations = read_population_table(table_cells)
    return notice


def read_population_table(cells: list[str]) -> list[ScannedPopulation]:
    """Rows of the key-population table: a header of three cells, then number, name, lead units."""
    header, rows = cells[:3], cells[3:]
    assert header == ["序号", "重点人群", "牵头单位"], header
    return [
        ScannedPopulation(int(rows[i]), rows[i + 1], rows[i + 2].split("、")) for i in range(0, len(rows), 3)
    ]


def scan_source() -> ScannedNotice:
    """Scan the copy of the notice kept in the repository."""
    return scan(SOURCE.read_text(encoding="utf-8"))
