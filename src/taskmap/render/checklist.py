"""A unit's checklist as a document: Markdown to paste anywhere, or one self-contained HTML page to print.

The HTML carries its own styles (A4, no external fonts, scripts or images), so the file can be mailed
and printed as it is. Every piece of data is escaped.
"""

from __future__ import annotations

from html import escape

from taskmap.model import KIND_LABELS, ROLE_LABELS, ROLES, Task
from taskmap.queries import Assignment
from taskmap.reports import Checklist

UNIT_SEPARATOR = "、"


def co_assigned(task: Task, unit: str) -> list[tuple[str, str]]:
    """(role label, other units) for each role of the task that names units besides `unit`."""
    return [
        (f"{ROLE_LABELS[role]} {role}", UNIT_SEPARATOR.join(u for u in task.units(role) if u != unit))
        for role in ROLES
        if any(u != unit for u in task.units(role))
    ]


def source_line(checklist: Checklist) -> str:
    notice = checklist.notice
    return (
        f"{notice['title']}（{notice['document_number']}，{notice['issuer']}，{notice['issued_as_printed']}）"
    )


def by_role(checklist: Checklist) -> list[tuple[str, list[Assignment]]]:
    shown = checklist.report.assignments + checklist.report.collective
    return [
        (f"{ROLE_LABELS[role]} {role}", [a for a in shown if a.role == role])
        for role in ROLES
        if any(a.role == role for a in shown)
    ]


def collective_note(checklist: Checklist) -> str | None:
    report = checklist.report
    if report.collective_count and not report.collective:
        return (
            f"另有 {report.collective_count} 项任务通过“市各有关部门”等统称分配给所有单位"
            f"（{report.collective_count} more tasks are assigned to every unit through catch-all phrases; "
            f"run taskmap dept {report.department.name} --all --format md to list them）。"
        )
    return None


def render_markdown(checklist: Checklist) -> str:
    """The checklist as Markdown."""
    department = checklist.report.department
    lines = [
        f"# {department.name} 任务清单",
        "",
        f"*{KIND_LABELS.get(department.kind, department.kind)}* · 来源 source: {source_line(checklist)}",
        "",
    ]
    for title, assignments in by_role(checklist):
        lines += [f"## {title} ({len(assignments)})", ""]
        for assignment in assignments:
            task = assignment.task
            marker = f" *(collective: {assignment.via})*" if assignment.via else ""
            lines += [
                f"### {task.id} {task.heading or ''}{marker}".rstrip(),
                "",
                f"附件{task.annex} {checklist.annex_titles[task.annex]}",
                "",
                task.text,
                "",
            ]
            lines += [f"- {label}: {units}" for label, units in co_assigned(task, department.name)]
            lines.append("")
    populations = checklist.report.populations
    if populations:
        lines += [f"## 重点人群 key populations led ({len(populations)})", ""]
        lines += [f"- {p.number}. {p.name}（牵头单位：{UNIT_SEPARATOR.join(p.lead)}）" for p in populations]
        lines.append("")
    note = collective_note(checklist)
    if note:
        lines += [note, ""]
    return "\n".join(lines)


STYLE = """
@page { size: A4; margin: 18mm 16mm; }
body { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", serif; font-size: 11pt;
       line-height: 1.55; color: #111; max-width: 180mm; margin: 0 auto; }
h1 { font-size: 18pt; margin: 0 0 2mm; }
h2 { font-size: 13pt; border-bottom: 1px solid #999; padding-bottom: 1mm; margin-top: 7mm; }
.source, .annex, .with { color: #444; font-size: 9.5pt; }
.task { break-inside: avoid; margin: 3mm 0 4mm; }
.task h3 { font-size: 11pt; margin: 0; }
.id { font-family: monospace; margin-right: 2mm; }
.collective { color: #666; font-weight: normal; }
.check { display: inline-block; width: 3.5mm; height: 3.5mm; border: 1px solid #333; margin-right: 2mm; }
table { border-collapse: collapse; width: 100%; font-size: 10pt; }
td, th { border: 1px solid #bbb; padding: 1mm 2mm; text-align: left; vertical-align: top; }
"""


def render_html(checklist: Checklist) -> str:
    """The checklist as one self-contained, printable HTML page."""
    department = checklist.report.department
    name = escape(department.name)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        f"<title>{name} 任务清单</title><style>{STYLE}</style></head><body>",
        f"<h1>{name} 任务清单</h1>",
        f'<p class="source">{escape(KIND_LABELS.get(department.kind, department.kind))} · '
        f"来源 source: {escape(source_line(checklist))}</p>",
    ]
    for title, assignments in by_role(checklist):
        parts.append(f"<h2>{escape(title)} ({len(assignments)})</h2>")
        for assignment in assignments:
            task = assignment.task
            collective = (
                f' <span class="collective">(collective: {escape(assignment.via)})</span>'
                if assignment.via
                else ""
            )
            others = "".join(
                f"<div>{escape(label)}: {escape(units)}</div>"
                for label, units in co_assigned(task, department.name)
            )
            parts.append(
                f'<section class="task" id="task-{escape(task.id)}"><h3><span class="check"></span>'
                f'<span class="id">{escape(task.id)}</span>{escape(task.heading or "")}{collective}</h3>'
                f'<div class="annex">附件{task.annex} {escape(checklist.annex_titles[task.annex])}</div>'
                f"<p>{escape(task.text)}</p><div class='with'>{others}</div></section>"
            )
    populations = checklist.report.populations
    if populations:
        rows = "".join(
            f"<tr><td>{p.number}</td><td>{escape(p.name)}</td><td>{escape(UNIT_SEPARATOR.join(p.lead))}</td></tr>"
            for p in populations
        )
        parts.append(
            f"<h2>重点人群 key populations led ({len(populations)})</h2>"
            f"<table><tr><th>#</th><th>重点人群</th><th>牵头单位</th></tr>{rows}</table>"
        )
    note = collective_note(checklist)
    if note:
        parts.append(f'<p class="source">{escape(note)}</p>')
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
