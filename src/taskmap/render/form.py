"""A unit's reporting form (报送表) as an .xlsx workbook, written with openpyxl, in Chinese.

The task columns are locked and the sheet protected, so a unit types only where it should; the fill-in
cells are unlocked and 完成状态 is a drop-down. Protection is a guard against slips, not a lock (anyone can
remove it in Excel or WPS): what `collect` trusts is the hidden sheet of keys and text fingerprints. The
form prints on A4 landscape, one page wide, the header row repeated, the unit, round and due date in the
page header. Text from the data is always a text cell, never a formula.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from taskmap.render.escaping import printable
from taskmap.tracking.forms import (
    FILL_COLUMNS,
    FORM_SHEET,
    FORM_VERSION,
    KEY_COLUMNS,
    KEYS_SHEET,
    MARK,
    TASK_COLUMNS,
    Form,
    FormTask,
    fingerprint,
)
from taskmap.tracking.rounds import STATE_LABELS

WIDTHS = (11, 60, 14, 26, 14, 10, 36, 24, 24, 18)
# The named styles of a task row: its task's cells (grey, locked) and the cells the unit fills in.
TASK_STYLE = "任务信息"
FILL_STYLE = "填报栏"
HEADER_ROW = 4
LINE_POINTS = 14.5  # one line of 11-point text
MIN_LINES = 2
# Display units (a Chinese character is two) a line holds per unit of column width, a little under what
# Excel, WPS and LibreOffice fit, so that no text is hidden.
UNITS_PER_WIDTH = 1.0
NAMED_TITLE = "一、本单位牵头、配合或负责的任务（{count}项）"
SHARED_TITLE = "二、通过“{phrases}”等统称由各单位共同承担的任务（{count}项）"
GUIDE = (
    "填报说明：请在“完成状态”栏下拉选择已完成、推进中、未启动、滞后或其他（选“其他”的请在“进展情况”中说明），"
    "并填写进展情况、存在问题、下步打算和佐证材料；灰色栏目为任务信息，请勿修改。"
)


def header_text(text: str) -> str:
    """Text for a page header or footer, where & starts a code."""
    return text.replace("&", "&&")


def write_form(form: Form, path: Path, written_at: datetime) -> None:
    """Write `form` to `path` in one atomic step."""
    from openpyxl import Workbook
    from openpyxl.workbook.protection import WorkbookProtection

    from taskmap.atomic import replacing

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = FORM_SHEET
    add_row_styles(workbook)
    fill_sheet(sheet, form)
    keys = workbook.create_sheet(KEYS_SHEET)
    fill_keys(keys, form, written_at)
    keys.sheet_state = "veryHidden"
    keys.protection.sheet = True
    workbook.security = WorkbookProtection(lockStructure=True)
    with replacing(path) as file:
        workbook.save(file)


def text_cell(sheet: Any, row: int, column: int, value: str, **style: Any) -> Any:
    """A cell holding text as text: printable, and never taken for a formula."""
    cell = sheet.cell(row=row, column=column, value=printable(value))
    if cell.data_type == "f":
        cell.data_type = "s"
        cell.quotePrefix = True
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def add_row_styles(workbook: Any) -> None:
    """The styles of a task row's cells, named once for the workbook: a cell then takes its style in one
    step, where setting its border, alignment, fill and protection one by one costs openpyxl a style
    lookup each (a form of 5,000 tasks took 40 s so)."""
    from openpyxl.styles import NamedStyle, Protection

    for name, fill, locked in ((TASK_STYLE, grey_fill, True), (FILL_STYLE, None, False)):
        style = NamedStyle(
            name, border=thin_border(), alignment=wrapped(), protection=Protection(locked=locked)
        )
        if fill is not None:
            style.fill = fill()
        workbook.add_named_style(style)


def thin_border() -> Any:
    from openpyxl.styles import Border, Side

    thin = Side(style="thin", color="999999")
    return Border(left=thin, right=thin, top=thin, bottom=thin)


def wrapped() -> Any:
    from openpyxl.styles import Alignment

    return Alignment(wrap_text=True, vertical="top")


def grey_fill() -> Any:
    from openpyxl.styles import PatternFill

    return PatternFill("solid", fgColor="EEEEEE")


def fill_sheet(sheet: Any, form: Form) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    columns = len(TASK_COLUMNS) + len(FILL_COLUMNS)
    last = get_column_letter(columns)
    border, wrap, grey = thin_border(), wrapped(), grey_fill()
    round_ = form.round
    title = f"{form.unit} {round_.name} 任务落实情况报送表"
    text_cell(sheet, 1, 1, title, font=Font(bold=True, size=14), alignment=Alignment(horizontal="center"))
    sheet.merge_cells(f"A1:{last}1")
    sources = "；".join(
        f"{n.get('title')}（{n.get('document_number')}）" if n.get("document_number") else str(n.get("title"))
        for n in form.notices
    )
    text_cell(
        sheet,
        2,
        1,
        f"报送单位：{form.unit}　报送截止：{round_.due:%Y年%m月%d日}　依据：{sources}",
        alignment=wrap,
    )
    sheet.merge_cells(f"A2:{last}2")
    text_cell(sheet, 3, 1, GUIDE, alignment=wrap, font=Font(size=9))
    sheet.merge_cells(f"A3:{last}3")
    sheet.row_dimensions[2].height = 30
    sheet.row_dimensions[3].height = 28
    for index, name in enumerate((*TASK_COLUMNS, *FILL_COLUMNS), start=1):
        text_cell(
            sheet,
            HEADER_ROW,
            index,
            name,
            font=Font(bold=True),
            border=border,
            fill=grey,
            alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
        )
        sheet.column_dimensions[get_column_letter(index)].width = WIDTHS[index - 1]
    row = HEADER_ROW
    state_column = get_column_letter(len(TASK_COLUMNS) + 1)
    state_cells: list[str] = []
    parts = [(NAMED_TITLE.format(count=len(form.named)), form.named)]
    if form.shared:
        phrases = "、".join(dict.fromkeys(r.via for r in form.shared if r.via))
        parts.append((SHARED_TITLE.format(phrases=phrases, count=len(form.shared)), form.shared))
    for part_title, rows in parts:
        row += 1
        text_cell(sheet, row, 1, part_title, font=Font(bold=True))
        sheet.merge_cells(f"A{row}:{last}{row}")
        if rows:
            state_cells.append(f"{state_column}{row + 1}:{state_column}{row + len(rows)}")
        for task_row in rows:
            row += 1
            values = task_cells(task_row)
            for index, value in enumerate(values, start=1):
                text_cell(sheet, row, index, value, style=TASK_STYLE)
            sheet.row_dimensions[row].height = row_height(values)
            for index in range(len(TASK_COLUMNS) + 1, columns + 1):
                sheet.cell(row=row, column=index).style = FILL_STYLE
    states = ",".join(STATE_LABELS.values())
    choice = DataValidation(
        type="list",
        formula1=f'"{states}"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="完成状态",
        error=f"请选择：{states}",
        promptTitle="完成状态",
        prompt="请下拉选择",
        showInputMessage=True,
    )
    sheet.add_data_validation(choice)
    for cells in state_cells:  # a range a part: added cell by cell, openpyxl compares each to all before
        choice.add(cells)
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    setup_printing(sheet, form)
    protection = sheet.protection
    protection.sheet = True
    # What a unit may still do on the protected sheet: size rows and columns, filter and sort its rows.
    protection.formatRows = protection.formatColumns = protection.autoFilter = protection.sort = False


def row_height(values: list[str]) -> float:
    """Points for a row to show its wrapped text whole, and two lines to write in at least: Excel and WPS
    do not size a row to its wrapped text when they open a file, so the form says how tall each row is."""
    from math import ceil

    from taskmap.render.spreadsheet import display_width

    lines = max(
        ceil(display_width(value) / (WIDTHS[index] * UNITS_PER_WIDTH)) for index, value in enumerate(values)
    )
    return max(lines, MIN_LINES) * LINE_POINTS + 3


def task_cells(row: FormTask) -> list[str]:
    task = row.task
    return [task.ref, task.text, row.role_label, row.shared_with(), task.deadline or ""]


def setup_printing(sheet: Any, form: Form) -> None:
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.7
    due = f"{form.round.due:%Y年%m月%d日}"
    for header in (sheet.oddHeader, sheet.evenHeader):
        header.left.text = header_text(form.unit)
        header.center.text = header_text(f"{form.round.name} 任务落实情况报送表")
        header.right.text = header_text(f"报送截止：{due}")
    for footer in (sheet.oddFooter, sheet.evenFooter):
        footer.left.text = header_text(f"{form.unit} · {form.round.name}")
        footer.right.text = "第 &P 页，共 &N 页"


def fill_keys(sheet: Any, form: Form, written_at: datetime) -> None:
    """The hidden sheet: what the form is (mark, version, round, due, unit), then one row per task."""
    facts = [
        (MARK, FORM_VERSION),
        ("轮次", form.round.name),
        ("报送截止", form.round.due.isoformat()),
        ("单位", form.unit),
        ("辖区", form.jurisdiction),
        ("生成时间", written_at.isoformat(timespec="seconds")),
    ]
    for index, (name, value) in enumerate(facts, start=1):
        text_cell(sheet, index, 1, name)
        text_cell(sheet, index, 2, value)
    first = len(facts) + 2
    for index, name in enumerate(KEY_COLUMNS, start=1):
        text_cell(sheet, first, index, name)
    for offset, row in enumerate(form.rows, start=1):
        task = row.task
        values = [
            task.ref,
            task.notice,
            task.id,
            row.unit,
            ",".join(row.roles),
            row.via or "",
            fingerprint(task.text),
        ]
        for index, value in enumerate(values, start=1):
            text_cell(sheet, first + offset, index, value)
