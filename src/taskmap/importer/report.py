"""The import report: counts, conventions used and every doubtful spot with its line number.

Spots that say the same thing are one line naming every place (seventeen "lead unknown" groups are one
line of seventeen line numbers), so the report stays as long as what there is to check.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from taskmap.importer import ImportResult
    from taskmap.importer.structure import Doubt

SUBJECT = re.compile(r"^(item|table row) (\S+) ")
EDIT_HINT = (
    "  to correct a spot: edit annexes/annex-N.yaml (tasks) or departments.yaml (units),"
    " then run taskmap validate --data DIR"
)


def doubt_lines(doubts: list[Doubt]) -> list[str]:
    """One line per kind of doubt, naming each place it was met, in the order first met."""
    grouped: dict[str, list[tuple[int, str | None]]] = {}
    for doubt in sorted(doubts, key=lambda d: d.line):
        found = SUBJECT.match(doubt.message)
        key = SUBJECT.sub(r"\1 * ", doubt.message) if found else doubt.message
        grouped.setdefault(key, []).append((doubt.line, found[2] if found else None))
    lines = []
    for key, places in grouped.items():
        if len(places) == 1:
            line, subject = places[0]
            lines.append(f"    line {line}: {key.replace('*', subject or '', 1)}")
            continue
        numbers = ", ".join(str(line) for line, _ in places)
        subjects = [subject for _, subject in places if subject]
        message = key.replace("* ", f"{'、'.join(subjects)} ", 1) if subjects else key
        lines.append(f"    lines {numbers} ({len(places)}×): {message}")
    return lines


def report_lines(result: ImportResult, out: str) -> list[str]:
    """The report as lines of text, the same on stderr and in --report FILE."""
    notice = result.notice
    tasks = notice.tasks()
    groups = sum(task.groups for task in tasks)
    sections = sum(len(annex.sections) for annex in notice.annexes)
    populations = sum(len(annex.populations) for annex in notice.annexes)
    lines = [
        f"imported {len(tasks)} tasks into {out} ({result.page.format}, {result.page.encoding})",
        *(f"  {note}" for note in result.page.notes),
        f"  annexes {len(notice.annexes)}, sections {sections}, unit groups {groups},"
        f" populations {populations}",
        f"  units {result.units} in departments.yaml ({result.new_units} new, kind inferred from the name)",
        "  conventions: "
        + ", ".join(f"{name} ×{count}" for name, count in sorted(notice.conventions.items())),
        f"  doubtful spots: {len(notice.doubts)}",
    ]
    if result.aside is not None:
        lines.insert(1, f"  the notice that was in {out} is kept in {result.aside}")
    lines += doubt_lines(notice.doubts)
    if notice.doubts:
        lines.append(EDIT_HINT)
    return lines
