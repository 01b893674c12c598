"""The import report: counts, conventions used and every doubtful spot with its line number, in the
reader's language (taskmap.i18n).

Spots that say the same thing are one line naming every place (seventeen "lead unknown" groups are one
line of seventeen line numbers), so the report stays as long as what there is to check.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from taskmap.i18n import N_, _, ngettext
from taskmap.importer.blocks import Paragraph, Source, Table
from taskmap.importer.numbering import numbering_of

if TYPE_CHECKING:
    from taskmap.importer import ImportResult
    from taskmap.importer.structure import Doubt, ParsedNotice


# The conventions a report counts, named here so the catalogue has them (the parser records these names).
CONVENTIONS = (
    N_("group in brackets"),
    N_("bracket left open"),
    N_("group alone"),
    N_("group on a line of its own"),
    N_("label line"),
    N_("label segment"),
    N_("labelled"),
    N_("labels inside a cell"),
    N_("legend"),
    N_("legend applied"),
    N_("legend in the text"),
    N_("list"),
    N_("several groups in one item"),
    N_("table"),
    N_("tasks in the body (no annex)"),
    N_("unit first"),
    N_("unit heading"),
    N_("role heading"),
    N_("deadline in the group"),
    N_("persons named"),
    N_("roles in a sentence"),
    N_("sections in a column"),
    N_("inherited by every later group"),
    N_("annex after the date, no 附件 line"),
    N_("rows of one number (序号 merged)"),
    N_("会同"),
    N_("wording"),
)


def convention_name(name: str) -> str:
    """A convention in the reader's language; `wording:牵头` keeps the printed word."""
    kind, colon, word = name.partition(":")
    return f"{_(kind)}:{word}" if colon else _(name)


EMPTY_ANNEX = N_("annex {number} names no unit in any item: kept with no task")


def doubt_lines(doubts: list[Doubt]) -> list[str]:
    """One line per kind of doubt, naming each place it was met, in the order first met.

    Spots of one kind that differ only in the item they name (`item 一 names no unit`, `item 二 …`) are
    one kind; any other difference (two different remarks) keeps them apart."""
    grouped: dict[tuple[str, tuple[tuple[str, str], ...]], list[Doubt]] = {}
    for doubt in sorted(doubts, key=lambda d: d.line):
        others = tuple(sorted((k, v) for k, v in doubt.values.items() if k != "item"))
        grouped.setdefault((doubt.template, others), []).append(doubt)
    lines = []
    for (template, _others), spots in grouped.items():
        values = {name: _(value) for name, value in spots[0].values.items()}  # (下同) reach is a message too
        if "item" in values:
            values["item"] = "、".join(spot.values["item"] for spot in spots)
        message = _(template).format(**values)
        if len(spots) == 1:
            lines.append("    " + _("line {line}: {message}").format(line=spots[0].line, message=message))
        else:
            numbers = ", ".join(dict.fromkeys(str(spot.line) for spot in spots))
            lines.append(
                "    "
                + _("lines {lines} ({count}×): {message}").format(
                    lines=numbers, count=len(spots), message=message
                )
            )
    return lines


def failure_lines(page: Source, notice: ParsedNotice) -> list[str]:
    """What a reading that found no task met, and where taskmap looks for units, for the person who must
    decide whether the page is no task-division notice or one written in a way taskmap does not read."""
    tables = sum(isinstance(block, Table) for block in page.blocks)
    doubts = [doubt for doubt in notice.doubts if doubt.template != EMPTY_ANNEX]  # every annex is empty
    return [
        _("no task read from the page ({format}, {encoding}); nothing written").format(
            format=page.format, encoding=page.encoding
        ),
        *(f"  {_(note)}" for note in page.notes),
        "  "
        + _("paragraphs {paragraphs}, tables {tables}, numbered items {items}").format(
            paragraphs=len(page.blocks) - tables,
            tables=tables,
            items=sum(
                isinstance(block, Paragraph) and numbering_of(block.text).style != "plain"
                for block in page.blocks
            ),
        ),
        "  " + _("doubtful spots: {count}").format(count=len(doubts)),
        *doubt_lines(doubts),
        "  "
        + _(
            "taskmap reads units in brackets after an item (（市发改委牵头，市财政局配合）), in label lines"
            " (牵头单位：…, 责任单位：…) and in a table whose header names its columns"
            " (序号 | 工作任务 | 牵头单位 | 配合单位 | 完成时限)"
        ),
    ]


def report_lines(result: ImportResult, out: str) -> list[str]:
    """The report as lines of text, the same on stderr and in --report FILE."""
    notice = result.notice
    tasks = notice.tasks()
    counts = {
        "annexes": len(notice.annexes),
        "sections": sum(len(annex.sections) for annex in notice.annexes),
        "groups": sum(task.groups for task in tasks),
        "populations": sum(len(annex.populations) for annex in notice.annexes),
    }
    lines = [
        ngettext(
            "imported {count} task into {out} ({format}, {encoding})",
            "imported {count} tasks into {out} ({format}, {encoding})",
            len(tasks),
        ).format(count=len(tasks), out=out, format=result.page.format, encoding=result.page.encoding),
        *(f"  {_(note)}" for note in result.page.notes),
        "  "
        + _("annexes {annexes}, sections {sections}, unit groups {groups}, populations {populations}").format(
            **counts
        ),
        "  "
        + _("units {units} in departments.yaml ({new} new, kind inferred from the name)").format(
            units=result.units, new=result.new_units
        ),
        "  "
        + _("conventions: {conventions}").format(
            conventions=", ".join(
                f"{convention_name(name)} ×{count}" for name, count in sorted(notice.conventions.items())
            )
        ),
        "  " + _("doubtful spots: {count}").format(count=len(notice.doubts)),
    ]
    if result.aside is not None:
        lines.insert(
            1, "  " + _("the notice that was in {out} is kept in {aside}").format(out=out, aside=result.aside)
        )
    lines += doubt_lines(notice.doubts)
    if notice.doubts:
        page = next((name for name in result.files if name.startswith("source/")), "source/")
        lines.append(
            "  "
            + _(
                "to correct a spot (its line is in {page}, the page as read): edit annexes/annex-N.yaml"
                " (tasks) or departments.yaml (units), then run taskmap validate --data DIR"
            ).format(page=page)
        )
    return lines
