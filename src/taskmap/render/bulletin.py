"""The round's 通报 draft, in Chinese, as Markdown, one printable HTML page, or a workbook.

One list of blocks (headings, paragraphs, tables) is built from the figures and then written in each
format, so the three always say the same. The HTML carries its own A4 print styles and escapes every
piece of data; the workbook's text cells are text, never formulas.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any, Literal, NamedTuple

from taskmap.render.escaping import printable
from taskmap.tracking.rounds import STATE_LABELS
from taskmap.tracking.status import LIGHT_LABELS, UNREPORTED_LABEL, Bulletin, state_label

Kind = Literal["h1", "h2", "p", "table"]
STATE_HEADERS = [*STATE_LABELS.values(), UNREPORTED_LABEL]
SHORT = 4  # cells this short (已报送, 32%) never break
FIGURES_COLUMNS = 3  # a table this narrow (the totals) is as wide as its figures
STYLE = """
@page { size: A4; margin: 18mm 15mm; }
body { font-family: "Noto Serif CJK SC", "Source Han Serif SC", SimSun, serif; font-size: 11pt;
  line-height: 1.6; color: #000; max-width: 180mm; margin: 0 auto; }
h1 { font-size: 18pt; text-align: center; margin: 0 0 4mm; }
h2 { font-size: 13pt; margin: 6mm 0 2mm; font-family: "Noto Sans CJK SC", SimHei, sans-serif; }
p { text-indent: 2em; margin: 0 0 2mm; }
p.source { text-indent: 0; text-align: center; color: #333; font-size: 10pt; }
table { border-collapse: collapse; width: 100%; font-size: 9.5pt; margin: 2mm 0 4mm; }
th, td { border: 1px solid #555; padding: 1mm 1.5mm; vertical-align: top; }
th { background: #eee; font-weight: bold; white-space: nowrap; }
td.n { text-align: right; white-space: nowrap; }
td.short { white-space: nowrap; }
table.figures { width: auto; min-width: 60%; }
tr { break-inside: avoid; }
thead { display: table-header-group; }
"""


class Block(NamedTuple):
    kind: Kind
    text: str = ""
    header: tuple[str, ...] = ()
    rows: tuple[tuple[str | int, ...], ...] = ()


def day(value: object) -> str:
    from datetime import date

    return f"{value.year}年{value.month}月{value.day}日" if isinstance(value, date) else "未定"


def blocks(figures: Bulletin) -> list[Block]:
    """The 通报 as headings, paragraphs and tables, in order."""
    round_ = figures.round
    sources = "；".join(
        f"《{n.title}》（{n.document_number}）" if n.document_number else f"《{n.title}》"
        for n in figures.notices
    )
    expected = len(figures.units)
    missing = len(figures.missing)
    total = sum(figures.states.values())
    states = "、".join(f"{state_label(s)}{n}项" for s, n in figures.states.items())  # type: ignore[arg-type]
    lights = "、".join(
        f"{LIGHT_LABELS[light]}{figures.lights[light]}项" for light in ("red", "yellow", "green")
    )
    parts = [
        Block("h1", f"{round_.name}任务落实情况通报"),
        Block("p", f"依据：{sources}", rows=(("source",),)),
        Block("h2", "一、总体情况"),
        Block(
            "p",
            f"本轮报送截止{day(round_.due)}，统计截至{day(figures.today)}。应报送单位{expected}个，"
            f"已报送{expected - missing}个，未报送{missing}个。各单位承担的任务共{total}项"
            f"（一项任务由几个单位承担的，各计一项），其中{states}；{lights}。",
        ),
        Block(
            "table",
            header=("完成状态", "项数", "占比"),
            rows=tuple(
                (state_label(s), n, f"{n / total:.0%}" if total else "—")  # type: ignore[arg-type]
                for s, n in figures.states.items()
            ),
        ),
        Block("h2", "二、分单位情况"),
        Block(
            "table",
            header=("单位", "报送", "任务", *STATE_HEADERS, "红灯", "黄灯"),
            rows=tuple(
                (
                    unit.name,
                    "已报送" if unit.reported else "未报送",
                    unit.tasks,
                    *unit.states.values(),
                    unit.lights["red"],
                    unit.lights["yellow"],
                )
                for unit in figures.units
            ),
        ),
        Block("h2", "三、逾期未完成的任务"),
    ]
    if figures.overdue:
        parts.append(
            Block(
                "table",
                header=("任务编号", "任务", "完成时限", "牵头单位", "未完成单位及状态"),
                rows=tuple(
                    (
                        item.task.ref,
                        item.task.title,
                        f"{item.task.deadline or ''}（{day(item.due)}）",
                        "、".join(item.lead),
                        "；".join(f"{unit}：{state_label(state)}" for unit, state in item.states.items()),
                    )
                    for item in figures.overdue
                ),
            )
        )
    else:
        parts.append(Block("p", "无逾期未完成的任务。"))
    parts.append(Block("h2", "四、未报送单位"))
    if figures.missing:
        names = "、".join(unit.name for unit in figures.missing)
        parts.append(
            Block("p", f"截至{day(figures.today)}，以下{missing}个单位未报送落实情况：{names}。请抓紧报送。")
        )
    else:
        parts.append(Block("p", "各单位均已报送。"))
    return parts


def render_bulletin(figures: Bulletin, document_format: Literal["md", "html"]) -> str:
    """The 通报 as Markdown or as one self-contained printable HTML page; control characters as U+FFFD."""
    parts = blocks(figures)
    text = markdown(parts) if document_format == "md" else html(parts, parts[0].text)
    return printable(text)


def markdown_cell(value: str | int) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def markdown(parts: list[Block]) -> str:
    lines: list[str] = []
    for block in parts:
        if block.kind == "h1":
            lines += [f"# {block.text}", ""]
        elif block.kind == "h2":
            lines += [f"## {block.text}", ""]
        elif block.kind == "p":
            lines += [block.text, ""]
        else:
            lines.append("| " + " | ".join(block.header) + " |")
            lines.append("|" + "|".join(" --- " for _ in block.header) + "|")
            lines += ["| " + " | ".join(markdown_cell(v) for v in row) + " |" for row in block.rows]
            lines.append("")
    return "\n".join(lines)


def html(parts: list[Block], title: str) -> str:
    body: list[str] = []
    for block in parts:
        if block.kind in ("h1", "h2"):
            body.append(f"<{block.kind}>{escape(block.text)}</{block.kind}>")
        elif block.kind == "p":
            css = ' class="source"' if block.rows == (("source",),) else ""
            body.append(f"<p{css}>{escape(block.text)}</p>")
        else:
            head = "".join(f"<th>{escape(h)}</th>" for h in block.header)
            rows = "".join(
                "<tr>"
                + "".join(
                    f'<td class="n">{v}</td>'
                    if isinstance(v, int)
                    else f'<td class="short">{escape(v)}</td>'
                    if len(v) <= SHORT
                    else f"<td>{escape(v)}</td>"
                    for v in row
                )
                + "</tr>"
                for row in block.rows
            )
            css = ' class="figures"' if len(block.header) <= FIGURES_COLUMNS else ""
            body.append(f"<table{css}><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
    page = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>",
    ]
    return "\n".join([*page, *body, "</body></html>"]) + "\n"


def write_bulletin_workbook(figures: Bulletin, path: Path) -> None:
    """The 通报's tables as sheets (总体情况, 分单位情况, 逾期任务, 未报送单位), printable on A4."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from taskmap.atomic import replacing
    from taskmap.render.form import text_cell

    parts = blocks(figures)
    workbook = Workbook()
    first = workbook.active
    assert first is not None
    sheets = [
        ("总体情况", "一、总体情况"),
        ("分单位情况", "二、分单位情况"),
        ("逾期任务", "三、逾期未完成的任务"),
        ("未报送单位", "四、未报送单位"),
    ]
    for index, (name, heading) in enumerate(sheets):
        sheet = first if index == 0 else workbook.create_sheet(name)
        sheet.title = name
        start = next(i for i, b in enumerate(parts) if b.kind == "h2" and b.text == heading)
        section = []
        for block in parts[start + 1 :]:
            if block.kind == "h2":
                break
            section.append(block)
        row = 1
        text_cell(sheet, row, 1, parts[0].text if index == 0 else heading, font=Font(bold=True, size=13))
        for block in section:
            row += 1
            if block.kind == "p":
                text_cell(sheet, row, 1, block.text, alignment=Alignment(wrap_text=True, vertical="top"))
                continue
            for column, header in enumerate(block.header, start=1):
                text_cell(sheet, row, column, header, font=Font(bold=True))
            sheet.print_title_rows = f"{row}:{row}"
            for values in block.rows:
                row += 1
                for column, value in enumerate(values, start=1):
                    if isinstance(value, int):
                        sheet.cell(row=row, column=column, value=value)
                    else:
                        text_cell(
                            sheet, row, column, value, alignment=Alignment(wrap_text=True, vertical="top")
                        )
        sheet.column_dimensions["A"].width = 24 if index != 2 else 12
        sheet.column_dimensions["B"].width = 40 if index == 2 else 10
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
        setup_page(sheet, parts[0].text)
    with replacing(path) as file:
        workbook.save(file)


def setup_page(sheet: Any, title: str) -> None:
    """A4, one page wide, the title in the page header and page numbers in the footer."""
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.oddHeader.center.text = title.replace("&", "&&")
    sheet.oddFooter.right.text = "第 &P 页，共 &N 页"
