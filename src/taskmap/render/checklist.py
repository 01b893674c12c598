"""A unit's checklist as a document: Markdown to paste anywhere, or one self-contained HTML page to print.

A checklist stands on its own: it is read by people who do not have taskmap, so it says everything in
Chinese, lists the tasks every unit shares through catch-all phrases (市各有关部门…) in their own section,
and never asks the reader to run anything. The HTML carries its own styles (A4, no external fonts, scripts
or images), so the file can be mailed and printed as it is. Every piece of data is escaped.
"""

from __future__ import annotations

from html import escape
from typing import Any, Literal, NamedTuple

from taskmap.model import KIND_LABELS, ROLE_LABELS, ROLES, Task
from taskmap.questions.queries import Assignment, UnitReport
from taskmap.questions.reports import Checklist

UNIT_SEPARATOR = "、"
SHARED_TITLE = "各单位共同承担的任务"


class Part(NamedTuple):
    """A section of the checklist: a title, an optional lead-in, and its tasks grouped by role."""

    title: str
    intro: str | None
    groups: list[tuple[str, list[Assignment]]]


def co_assigned(task: Task, unit: str) -> list[tuple[str, str]]:
    """(role label, other units) for each role of the task (of the unit's own clause, where the item has
    several) that names units besides `unit`."""
    others = task.units_with(unit)
    return [
        (ROLE_LABELS[role], UNIT_SEPARATOR.join(u for r, u in others if r == role))
        for role in ROLES
        if any(r == role for r, _ in others)
    ]


def own_text(task: Task, unit: str) -> str:
    """The words the unit's group closes: its clause where the item has several groups, else the text."""
    clause = task.clause_of(unit)
    return task.text if clause is None else clause.text


def source_line(checklist: Checklist) -> str:
    """Each notice the tasks come from: title（文号，issuer，date）."""
    return "；".join(f"{notice['title']}（{notice_facts(notice)}）" for notice in checklist.notices)


def notice_facts(notice: dict[str, Any]) -> str:
    """文号，issuer，date, as far as the notice gives them."""
    facts = [notice.get(field) for field in ("document_number", "issuer", "issued_as_printed")]
    return "，".join(str(fact) for fact in facts if fact)


def by_role(assignments: list[Assignment]) -> list[tuple[str, list[Assignment]]]:
    """(作为牵头单位（n项）, tasks) for each role holding any of `assignments`, in notice order."""
    groups = []
    for role in ROLES:
        held = [a for a in assignments if a.role == role]
        if held:
            groups.append((f"作为{ROLE_LABELS[role]}（{len(held)}项）", held))
    return groups


def parts(checklist: Checklist) -> list[Part]:
    """The unit's own tasks by role, then those it shares with every unit through catch-all phrases."""
    report = checklist.report
    own = [Part(title, None, [("", assignments)]) for title, assignments in by_role(report.assignments)]
    if not report.collective:
        return own
    phrases = "、".join(f"“{phrase}”" for phrase in dict.fromkeys(a.via or "" for a in report.collective))
    intro = f"以下任务由通知以{phrases}等统称分配，未单独点名，本单位同样承担。"
    shared = Part(f"{SHARED_TITLE}（{len(report.collective)}项）", intro, by_role(report.collective))
    return [*own, shared]


def render_markdown(checklist: Checklist) -> str:
    """The checklist as Markdown."""
    department = checklist.report.department
    lines = [
        f"# {department.name} 任务清单",
        "",
        f"*{KIND_LABELS.get(department.kind, department.kind)}* · 来源：{source_line(checklist)}",
        "",
    ]
    for part in parts(checklist):
        lines += [f"## {part.title}", ""]
        if part.intro:
            lines += [part.intro, ""]
        for subtitle, assignments in part.groups:
            if subtitle:
                lines += [f"### {subtitle}", ""]
            level = "####" if subtitle else "###"
            for assignment in assignments:
                lines += markdown_task(checklist, assignment, level)
    populations = checklist.report.populations
    if populations:
        lines += [f"## 牵头的重点人群（{len(populations)}个）", ""]
        lines += [f"- {p.number}. {p.name}（牵头单位：{UNIT_SEPARATOR.join(p.lead)}）" for p in populations]
        lines.append("")
    return "\n".join(lines)


def markdown_task(checklist: Checklist, assignment: Assignment, level: str) -> list[str]:
    task, unit = assignment.task, checklist.report.department.name
    lines = [
        f"{level} {task.ref} {task.heading or ''}".rstrip(),
        "",
        checklist.annex_titles[(task.notice, task.annex)],
        "",
        own_text(task, unit),
        "",
    ]
    lines += [f"- 完成时限：{task.deadline}"] if task.deadline else []
    lines += [f"- {label}：{units}" for label, units in co_assigned(task, unit)]
    return [*lines, ""]


STYLE = """
@page { size: A4; margin: 18mm 16mm; }
body { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", serif; font-size: 11pt;
       line-height: 1.55; color: #111; max-width: 180mm; margin: 0 auto; }
h1 { font-size: 18pt; margin: 0 0 2mm; }
h2 { font-size: 13pt; border-bottom: 1px solid #999; padding-bottom: 1mm; margin-top: 7mm; }
h3.role { font-size: 11.5pt; margin: 5mm 0 2mm; }
.source, .annex, .with, .intro { color: #444; font-size: 9.5pt; }
.task { break-inside: avoid; margin: 3mm 0 4mm; }
.task h3, .task h4 { font-size: 11pt; margin: 0; }
.id { font-family: monospace; margin-right: 2mm; }
.check { display: inline-block; width: 3.5mm; height: 3.5mm; border: 1px solid #333; margin-right: 2mm; }
table { border-collapse: collapse; width: 100%; font-size: 10pt; }
td, th { border: 1px solid #bbb; padding: 1mm 2mm; text-align: left; vertical-align: top; }
a { color: inherit; }
"""


def html_page(title: str, body: list[str]) -> str:
    """One self-contained HTML page with the checklists' print styles."""
    head = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>",
    ]
    return "\n".join([*head, *body, "</body></html>"]) + "\n"


def render_html(checklist: Checklist) -> str:
    """The checklist as one self-contained, printable HTML page."""
    department = checklist.report.department
    body = [
        f"<h1>{escape(department.name)} 任务清单</h1>",
        f'<p class="source">{escape(KIND_LABELS.get(department.kind, department.kind))} · '
        f"来源：{escape(source_line(checklist))}</p>",
    ]
    for part in parts(checklist):
        body.append(f"<h2>{escape(part.title)}</h2>")
        if part.intro:
            body.append(f'<p class="intro">{escape(part.intro)}</p>')
        for subtitle, assignments in part.groups:
            if subtitle:
                body.append(f'<h3 class="role">{escape(subtitle)}</h3>')
            body += [
                html_task(checklist, assignment, "h4" if subtitle else "h3") for assignment in assignments
            ]
    populations = checklist.report.populations
    if populations:
        rows = "".join(
            f"<tr><td>{p.number}</td><td>{escape(p.name)}</td><td>{escape(UNIT_SEPARATOR.join(p.lead))}</td></tr>"
            for p in populations
        )
        body.append(
            f"<h2>牵头的重点人群（{len(populations)}个）</h2>"
            f"<table><tr><th>序号</th><th>重点人群</th><th>牵头单位</th></tr>{rows}</table>"
        )
    return html_page(f"{department.name} 任务清单", body)


def html_task(checklist: Checklist, assignment: Assignment, heading: str) -> str:
    task, unit = assignment.task, checklist.report.department.name
    annex_title = checklist.annex_titles[(task.notice, task.annex)]
    others = "".join(
        f"<div>{escape(label)}：{escape(units)}</div>" for label, units in co_assigned(task, unit)
    )
    if task.deadline:
        others = f"<div class='deadline'>完成时限：{escape(task.deadline)}</div>{others}"
    return (
        f'<section class="task" id="task-{escape(task.ref)}"><{heading}><span class="check"></span>'
        f'<span class="id">{escape(task.ref)}</span>{escape(task.heading or "")}</{heading}>'
        f'<div class="annex">{escape(annex_title)}</div>'
        f"<p>{escape(own_text(task, unit))}</p><div class='with'>{others}</div></section>"
    )


class IndexEntry(NamedTuple):
    """One checklist written: whose, in which file, and how many tasks and key populations it lists (the
    index keeps these, not the checklist)."""

    unit: str
    file: str
    named: int
    shared: int
    populations: int

    @classmethod
    def of(cls, unit: str, file: str, report: UnitReport) -> IndexEntry:
        return cls(unit, file, len(report.assignments), len(report.collective), len(report.populations))


def index_counts(entry: IndexEntry) -> str:
    """What a checklist holds, in words: 点名任务14项，共同任务45项，牵头重点人群1个."""
    counts = [f"点名任务{entry.named}项"]
    if entry.shared:
        counts.append(f"共同任务{entry.shared}项")
    if entry.populations:
        counts.append(f"牵头重点人群{entry.populations}个")
    return "，".join(counts)


def render_index(
    notices: list[dict[str, Any]], entries: list[IndexEntry], document_format: Literal["md", "html"]
) -> str:
    """The list of checklists written, under the notices' titles and 文号, each with what it holds."""
    if len(notices) == 1:
        title, source = f"{notices[0]['title']} 各单位任务清单", notice_facts(notices[0])
    else:
        title = "各单位任务清单"
        source = "；".join(f"{notice['title']}（{notice_facts(notice)}）" for notice in notices)
    if document_format == "md":
        lines = [f"# {title}", "", f"{source}。共{len(entries)}个单位。", ""]
        lines += [f"- [{e.unit}]({e.file})：{index_counts(e)}" for e in entries]
        return "\n".join(lines) + "\n"
    rows = "".join(
        f'<tr><td><a href="{escape(e.file)}">{escape(e.unit)}</a></td>'
        f"<td>{e.named}</td><td>{e.shared}</td><td>{e.populations}</td></tr>"
        for e in entries
    )
    body = [
        f"<h1>{escape(title)}</h1>",
        f'<p class="source">{escape(source)}。共{len(entries)}个单位。</p>',
        "<table><tr><th>单位</th><th>点名任务（项）</th><th>共同任务（项）</th><th>牵头重点人群（个）</th></tr>"
        f"{rows}</table>",
    ]
    return html_page(title, body)
