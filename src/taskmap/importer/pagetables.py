"""Tables printed one cell per line (page text of a web page's table), put back together from the header.

The header is a run of lines that are all column names (`序号` / `工 作 任 务` / `牵头单位` …). A row begins
at its number: a line of the next number alone (under a 序号 column) or a task cell that begins with it
(`12.做好…`). Empty cells print no line and a cell may print as several, so a row's lines are aligned to the
columns by what each line looks like (a list of units, a person, a number, a date, prose) and what each
column holds, keeping their order (a small dynamic programme). A row whose unit columns all stay empty
shares them with the row above: the page merged those cells (rowspan).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import takewhile

from taskmap.importer.blocks import Block, Paragraph, Table
from taskmap.importer.conventions import LABEL_NOUNS, looks_like_units
from taskmap.importer.numbering import numbering_of
from taskmap.importer.tables import UNIT_KINDS, column_kind, header_cell, header_kinds, is_header

BARE_NUMBER = re.compile(r"^\d{1,4}$")
PHONE = re.compile(r"\d{7,}|@|电话|手机")
PERSON = re.compile(r"^[\u4e00-\u9fff]{1,4}(?:[ \u3000]+[\u4e00-\u9fff]{1,4}){0,5}$")  # 俞 悦, 陆 明俞 悦
DATE_LIKE = re.compile(r"(\d{4}年|\d{1,2}月|年底|年内|前$|长期|持续|季度)")
LABEL_IN_CELL = re.compile(rf"(牵头|配合|责任)(?:{LABEL_NOUNS})[:：]")
# How well a line of a kind (columns) fits a column of a kind (rows).
FIT = {
    "number": {"number": 3, "units": -3, "person": -3, "deadline": -3, "text": -3},
    "units": {"number": -3, "units": 3, "person": -1, "deadline": -3, "text": -3},
    "person": {"number": -2, "units": -2, "person": 3, "deadline": -3, "text": -2},
    "deadline": {"number": -2, "units": -3, "person": -3, "deadline": 3, "text": 0},
    "text": {"number": -1, "units": -1, "person": -1, "deadline": 0, "text": 2},
    "other": {"number": 0, "units": 0, "person": 0, "deadline": 0, "text": 1},
}
SKIP = -0.5
EXTRA_LINE = -1.0
MAX_LINES_A_CELL = 4


def line_kind(line: str) -> str:
    if numbering_of(line).style != "plain":
        return "text"  # a numbered line opens a task (`15.推动…透明运行` ends like 银行, yet is no unit)
    if BARE_NUMBER.match(line) or re.fullmatch(r"\d+(\.\d+)?", line):
        return "number"
    if (
        LABEL_IN_CELL.search(line)
        or looks_like_units(line.rstrip("，,、；;"))
        or ("会同" in line and looks_like_units(line.split("会同")[0]))
    ):
        return "units"
    if DATE_LIKE.search(line) and len(line) <= 24:
        return "deadline"
    if PHONE.search(line) or (PERSON.match(line) and len(re.sub(r"\s", "", line)) >= 2):
        return "person"
    return "text"


def kind_of_column(kind: str | None) -> str:
    if kind in UNIT_KINDS:
        return "units"
    if kind in ("number", "person", "deadline", "text"):
        return kind
    if kind == "population":
        return "text"
    return "other"


def fit(line: str, column: str, role: str | None) -> float:
    score = float(FIT[column][line_kind(line)])
    if column == "units" and role == "lead":
        score += 0.5 if not re.search(r"[，,、]", line) else -0.5
    elif column == "units":
        score += 0.5 if re.search(r"[，,、]", line) else 0.0
    return score


def align(lines: list[str], columns: list[str], roles: list[str | None]) -> list[list[str]]:
    """Each column's lines, in order; every line goes to exactly one column."""
    n, m = len(lines), len(columns)
    best: dict[tuple[int, int], tuple[float, int]] = {(0, 0): (0.0, 0)}
    for j in range(m):
        for i in range(n + 1):
            if (i, j) not in best:
                continue
            score = best[(i, j)][0]
            for k in range(0, min(MAX_LINES_A_CELL, n - i) + 1):
                if k == 0:
                    gain = SKIP
                else:
                    gain = sum(fit(lines[i + t], columns[j], roles[j]) for t in range(k)) + EXTRA_LINE * (
                        k - 1
                    )
                key = (i + k, j + 1)
                if key not in best or best[key][0] < score + gain:
                    best[key] = (score + gain, k)
    if (n, m) not in best:
        return [lines] + [[] for _ in columns[1:]]
    taken: list[list[str]] = [[] for _ in columns]
    i = n
    for j in range(m, 0, -1):
        k = best[(i, j)][1]
        taken[j - 1] = lines[i - k : i]
        i -= k
    return taken


def joined_cells(lines: list[str]) -> list[str]:
    """A unit cell printed over lines ending in ， or 、 (`省直各部门，` / `各设区市…`) is one line."""
    cells: list[str] = []
    for line in lines:
        if cells and (
            (cells[-1].endswith(("，", ",", "、")) and line_kind(cells[-1]) == "units")
            or LABEL_IN_CELL.fullmatch(cells[-1])
        ):
            cells[-1] += line
        else:
            cells.append(line)
    return cells


def header_run(blocks: Sequence[Block], start: int) -> list[str]:
    """The header's names, one a line; one short name no column word explains may be the task's text
    column (序号 / 民生实事 / 责任单位 / 完成时限: see `header_kinds`)."""
    header: list[str] = []
    index, unnamed = start, 0
    while index < len(blocks) and isinstance(block := blocks[index], Paragraph):
        name = header_cell(block.text)
        if len(name) > 12:
            break
        if column_kind(name) is None and not re.search(r"范围|备注|要求|投资|事项|说明", name):
            if unnamed or len(name) > 6 or not re.fullmatch(r"[\u4e00-\u9fff]+", name):
                break
            unnamed += 1
        header.append(name)
        index += 1
    return header if len(header) >= 3 and is_header(header) else []


def second_rows(taken: list[list[str]], kinds: list[str | None], numbered: bool) -> list[list[list[str]]]:
    """`5 / 开工建设县老年养护楼。/ 县民政局 / 5月底前动工 / 开工建设老年大学。/ 12月底前`: text after the
    deadline is a second row of the same number (its 序号 and unit cells merged down both), taken out of
    the deadline cell it would run into; the table reads the two as one item of two clauses."""
    if "deadline" not in kinds or "text" not in kinds:
        return []
    at, text_at = kinds.index("deadline"), kinds.index("text")
    lines = taken[at]
    split = next((i for i, line in enumerate(lines) if i and line_kind(line) == "text"), None)
    if split is None or at < text_at:
        return []
    rest = lines[split:]
    taken[at] = lines[:split]
    texts = len(list(takewhile(lambda line: line_kind(line) == "text", rest)))
    row: list[list[str]] = [[] for _ in kinds]
    if numbered:
        row[0] = list(taken[0])
    row[text_at], row[at] = rest[:texts], rest[texts:]
    return [row]


def find_page_table(blocks: Sequence[Block], start: int) -> tuple[Table, int] | None:
    """The table printed one cell per line whose header begins at `start`, and the index after it."""
    header = header_run(blocks, start)
    if not header:
        return None
    kinds = header_kinds(header) or []
    numbered_column = kinds[0] == "number"
    index = start + len(header)
    first = blocks[start]
    rows: list[tuple[str, ...]] = [tuple(header)]
    current: list[str] | None = None
    last_number = 0
    widest = 0
    raw_rows: list[list[str]] = []
    starts: list[int] = []  # the page-text line each raw row begins at

    def starts_row(text: str) -> int | None:
        """The next number, or a later one (a gap: rows left out) once the current row is complete."""
        if numbered_column:
            number = int(text) if BARE_NUMBER.match(text) else None
        else:
            numbered = numbering_of(text)
            number = numbered.number if numbered.style == "item" else None
        if number is None or number <= last_number:
            return None
        complete = current is None or len(current) >= len(header) - (1 if numbered_column else 2)
        return number if number == last_number + 1 or complete else None

    while index < len(blocks) and isinstance(block := blocks[index], Paragraph):
        text = block.text
        number = starts_row(text)
        numbered = numbering_of(text)
        if number is not None:
            if current is not None:
                raw_rows.append(current)
                widest = max(widest, len(current))
            current = [text]
            starts.append(block.line)
            last_number = number
        elif numbered.style in ("section", "subsection"):
            if current is not None:
                raw_rows.append(current)
                widest = max(widest, len(current))
                current = None
            raw_rows.append(["#section", text])
            starts.append(block.line)
        elif current is not None and len(current) < 3 * len(header):
            current.append(text)
        else:
            break
        index += 1
    if current is not None:
        room = max(widest, len(header))  # the last row: what follows the table is not its cells
        if len(current) > room:
            index -= len(current) - room
            current = current[:room]
        raw_rows.append(current)
    if not any(row[0] != "#section" for row in raw_rows):
        return None
    columns = [kind_of_column(kind) for kind in kinds]
    previous: list[str] | None = None
    shared: list[int] = []
    row_lines = [first.line]
    for raw, line in zip(raw_rows, starts, strict=True):
        if raw[0] == "#section":
            rows.append(tuple(raw[1] for _ in header))
            row_lines.append(line)
            continue
        lines = joined_cells(raw[1:]) if numbered_column else joined_cells(raw)
        if numbered_column:
            taken = [[raw[0]], *align(lines, columns[1:], kinds[1:])]
        else:
            taken = align(lines, columns, kinds)
        unit_columns = [i for i, kind in enumerate(kinds) if kind in UNIT_KINDS]
        for part in (taken, *second_rows(taken, kinds, numbered_column)):
            cells = ["\n".join(column) for column in part]
            if previous is not None and unit_columns and not any(cells[i] for i in unit_columns):
                for i in unit_columns:
                    cells[i] = previous[i]
                shared.append(len(rows))
            previous = cells
            rows.append(tuple(cells))
            row_lines.append(line)
    return Table(tuple(rows), first.line, row_lines=tuple(row_lines), shared_rows=tuple(shared)), index
