"""The import report: counts, conventions used and every doubtful spot with its line number."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from taskmap.importer import ImportResult


def report_lines(result: ImportResult, out: str) -> list[str]:
    """The report as lines of text, the same on stderr and in --report FILE."""
    notice = result.notice
    tasks = notice.tasks()
    groups = sum(task.groups for task in tasks)
    sections = sum(len(annex.sections) for annex in notice.annexes)
    populations = sum(len(annex.populations) for annex in notice.annexes)
    lines = [
        f"imported {len(tasks)} tasks into {out} ({result.page.format}, {result.page.encoding})",
        f"  annexes {len(notice.annexes)}, sections {sections}, unit groups {groups},"
        f" populations {populations}",
        f"  units {result.units} in departments.yaml ({result.new_units} new, kind inferred from the name)",
        "  conventions: "
        + ", ".join(f"{name} ×{count}" for name, count in sorted(notice.conventions.items())),
        f"  doubtful spots: {len(notice.doubts)}",
    ]
    lines += [
        f"    line {doubt.line}: {doubt.message}" for doubt in sorted(notice.doubts, key=lambda d: d.line)
    ]
    return lines
