"""What the offline page (`taskmap site`) knows, as plain data precomputed from a library.

The page's script only looks things up and filters: every name a unit answers to, each unit's tasks in the
order `taskmap dept --all` lists them (catch-all tasks included and marked), and each task's folded text for
search come from here, so the rules stay in the core and the page cannot drift from the CLI.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from typing import Any

from taskmap.dataset import document_to_dict
from taskmap.identity import qualified_unit_name
from taskmap.library import Library, Notice, Unit
from taskmap.model import KIND_LABELS, ROLE_LABELS, ROLES, Role, Task
from taskmap.questions import answers
from taskmap.registry import normalise

JsonDict = dict[str, Any]
# The role whose answer carries the key populations a unit leads (`dept --role lead` lists them).
POPULATIONS_ROLE: Role = "lead"
# Chinese suffix a role label drops in a compact choice: 牵头单位 → 牵头.
LABEL_SUFFIX = "单位"
# The level of a basis document (annex `basis`), as the page labels it.
LEVEL_LABELS = {"national": "国家", "provincial": "省", "city": "市"}


def site_payload(library: Library, today: date | None = None) -> JsonDict:
    """Everything the page shows, with units, tasks and populations referred to by their position; what
    depends on the day (what is due, the lights) as of `today`, the day the page is built unless given."""
    from taskmap.tracking.site_data import due_payload, progress_payload

    today = today or date.today()
    units = library.all_units()
    unit_index = {
        (notice_key, local): position
        for position, unit in enumerate(units)
        for notice_key, local in unit.names_by_notice.items()
    }
    tasks: list[Task] = [task for notice in library.notices for task in notice.dataset.tasks.values()]
    task_index = {(task.notice, task.id): position for position, task in enumerate(tasks)}
    notice_index = {notice.key: position for position, notice in enumerate(library.notices)}
    populations = [row for notice in library.notices for row in notice.dataset.populations.values()]
    population_index = {(row.notice, row.number): position for position, row in enumerate(populations)}
    several_places = len(library.jurisdictions) > 1
    payload: JsonDict = {
        "several": library.several,
        "today": today.isoformat(),
        "roles": [
            {"key": role, "label": ROLE_LABELS[role], "short": ROLE_LABELS[role].removesuffix(LABEL_SUFFIX)}
            for role in ROLES
        ],
        "populations_role": POPULATIONS_ROLE,
        "kinds": KIND_LABELS,
        "levels": LEVEL_LABELS,
        "notices": [_notice(notice) for notice in library.notices],
        "tasks": [_task(task, notice_index, unit_index) for task in tasks],
        "populations": [
            {
                "number": row.number,
                "name": row.name,
                "lead": [unit_index[(row.notice, name)] for name in row.lead],
                "notice": notice_index[row.notice],
            }
            for row in populations
        ],
        "units": [
            _unit(library, unit, several_places, unit_index, task_index, population_index) for unit in units
        ],
        "matrix": _matrix(library, units),
    }
    # Left out when there is nothing to show, so a page without deadlines or reports is as it was.
    if (due := due_payload(library, today, task_index)) is not None:
        payload["due"] = due
    if (progress := progress_payload(library, today, units, task_index)) is not None:
        payload["progress"] = progress
    return payload


def _notice(notice: Notice) -> JsonDict:
    facts = notice.dataset.notice
    return {
        "key": notice.key,
        "title": facts["title"],
        "document_number": facts.get("document_number"),
        "issuer": facts.get("issuer") or facts.get("publisher"),
        "date": facts.get("issued_as_printed") or facts.get("issued") or facts.get("published"),
        "jurisdiction": notice.jurisdiction,
        "annexes": [
            {
                "number": annex.number,
                "label": annex.label,
                "title": annex.title,
                "implements": document_to_dict(annex.implements),
                "basis": [document_to_dict(document) for document in annex.basis],
                "sections": {
                    str(section.number): {"numeral": section.numeral, "title": section.title}
                    for section in annex.sections
                },
            }
            for annex in notice.dataset.annexes.values()
        ],
    }


def _task(task: Task, notice_index: dict[str, int], unit_index: dict[tuple[str, str], int]) -> JsonDict:
    entry: JsonDict = {
        "ref": task.ref,
        "id": task.id,
        "notice": notice_index[task.notice],
        "annex": task.annex,
        "section": task.section,
        "title": task.title,
        "text": task.text,
        "units": {
            role: [unit_index[(task.notice, name)] for name in task.units(role)]
            for role in ROLES
            if task.units(role)
        },
    }
    folded = unicodedata.normalize("NFKC", task.text)
    if folded != task.text:
        entry["folded"] = folded  # what search compares with; the text itself when folding changes nothing
    if task.open_ended:
        entry["open_ended"] = task.open_ended
    if task.remark:
        entry["remark"] = task.remark
    if task.deadline:
        entry["deadline"] = task.deadline
    if task.subsections:
        entry["subsections"] = list(task.subsections)
    return entry


def _unit(
    library: Library,
    unit: Unit,
    several_places: bool,
    unit_index: dict[tuple[str, str], int],
    task_index: dict[tuple[str, str], int],
    population_index: dict[tuple[str, int], int],
) -> JsonDict:
    """A unit: its names, and its tasks as [task, role, catch-all phrase or -1] in `dept --all` order."""
    department = unit.department
    # The report of this very unit: two cities' units may share a name no query can tell apart.
    report = answers.unit_report_of(library, unit, None, include_collective=True)
    display = qualified_unit_name(department.name, unit.jurisdiction) if several_places else department.name
    return {
        "name": department.name,
        "display": display,
        "kind": department.kind,
        "jurisdiction": unit.jurisdiction,
        "forms": list(dict.fromkeys([*unit_forms(library, unit), normalise(display)])),
        "tasks": [
            [
                task_index[(a.task.notice, a.task.id)],
                ROLES.index(a.role),
                -1 if a.via is None else unit_index[(a.task.notice, a.via)],
            ]
            for a in report.shown
        ],
        "populations": [population_index[(row.notice, row.number)] for row in report.populations],
    }


def unit_forms(library: Library, unit: Unit) -> list[str]:
    """Every normalised name a unit answers to whole: spellings, short forms, and with its city before them.

    The city forms are those the registry itself accepts for this unit (常州市公安局, 常州中院), so the page
    matches exactly what `taskmap dept` takes without knowing the rule.
    """
    registry = library.registry(unit.jurisdiction)
    department = unit.department
    names = [normalise(name) for name in (department.name, *department.aliases)]
    with_city = [
        prefix + form
        for name in names
        for prefix in registry.city_prefixes
        for form in dict.fromkeys((name, name.removeprefix(registry.level)))
    ]
    accepted = [form for form in with_city if _names_unit(registry.exact(form), department.name)]
    return list(dict.fromkeys(names + accepted))


def _names_unit(found: Any, name: str) -> bool:
    return found is not None and found.name == name


def _matrix(library: Library, units: list[Unit]) -> JsonDict:
    """The load matrix as `taskmap matrix` has it, rows linked to a unit where the name names one."""
    matrix = answers.load_matrix(library)
    by_name: dict[str, list[int]] = {}
    for position, unit in enumerate(units):
        by_name.setdefault(unit.department.name, []).append(position)
    return {
        "columns": [{"key": column.key, "label": column.label} for column in matrix.columns],
        "rows": [
            {
                "name": row.unit,
                "unit": positions[0] if len(positions := by_name.get(row.unit, [])) == 1 else -1,
                "counts": [[row.counts[column.key][role] for role in ROLES] for column in matrix.columns],
                "total": row.total(),
            }
            for row in matrix.rows
        ],
    }
