"""The artefacts the credit office hands around: checklists, the assignment table, the load matrix, partners,
headline figures. Plain results, like the queries; renderers turn them into documents and tables."""

from __future__ import annotations

from collections import Counter
from typing import Any, Literal, NamedTuple

from taskmap.dataset import Dataset
from taskmap.model import COLLECTIVE, ROLES, Department, Role, Task
from taskmap.queries import UnitReport, unit_report

MatrixSort = Literal["name", "total", "lead", "support", "responsible"]


class Checklist(NamedTuple):
    """What one unit must do, with what a document needs around it: the notices and their annex titles."""

    report: UnitReport
    notices: list[dict[str, Any]]
    annex_titles: dict[tuple[str, int], str]


class AssignmentRow(NamedTuple):
    """One task × unit × role: a row of the flat assignment table."""

    task: Task
    role: Role
    unit: str
    spelling: str
    open_ended: bool
    collective: bool


class MatrixColumn(NamedTuple):
    """A column of the load matrix: an annex of the one notice loaded, or one notice among several."""

    key: str
    label: str
    short: str


class MatrixRow(NamedTuple):
    """One unit's task counts per column and role."""

    unit: str
    kind: str
    counts: dict[str, dict[Role, int]]

    def total(self, role: Role | None = None) -> int:
        return sum(by_role[r] for by_role in self.counts.values() for r in ROLES if role in (None, r))


class LoadMatrix(NamedTuple):
    """The `matrix` answer: units × annexes (or × notices, with several loaded), counts by role."""

    by: Literal["annex", "notice"]
    columns: list[MatrixColumn]
    rows: list[MatrixRow]
    roles: tuple[Role, ...] = ROLES


class Partner(NamedTuple):
    """A unit sharing tasks with another, and which."""

    unit: str
    task_ids: list[str]


class Partners(NamedTuple):
    """The `partners` answer."""

    department: Department
    partners: list[Partner]


class Headlines(NamedTuple):
    """The `stats` answer: figures for the first slide of a meeting."""

    figures: list[tuple[str, str]]


ReportResult = LoadMatrix | Partners | Headlines


def unit_checklist(
    dataset: Dataset, name: str, role: Role | None = None, include_collective: bool = False
) -> Checklist:
    """A unit's report with the notice details a printed checklist carries.

    A document always lists the tasks shared through catch-all phrases: its reader has no `--all` to ask
    for them, so `include_collective` is accepted for the callers' sake and changes nothing.
    """
    del include_collective
    report = unit_report(dataset, name, role=role, include_collective=True)
    return Checklist(report, [dataset.notice], annex_titles(dataset))


def annex_titles(dataset: Dataset) -> dict[tuple[str, int], str]:
    """Each annex as a document names it (附件2 title, or 正文 title), by (notice key, annex number)."""
    return {
        (dataset.key, number): f"{annex.label} {annex.title}" for number, annex in dataset.annexes.items()
    }


def assignment_rows(dataset: Dataset) -> list[AssignmentRow]:
    """Every task × unit × role, in notice order, with the spelling the notice used."""
    rows = []
    for task in dataset.tasks.values():
        for role in ROLES:
            for unit, spelling in zip(task.units(role), task.spellings.get(role, ()), strict=True):
                collective = dataset.departments[unit].kind == COLLECTIVE
                rows.append(AssignmentRow(task, role, unit, spelling, role in task.open_ended, collective))
    return rows


def load_matrix(dataset: Dataset, sort: MatrixSort = "total") -> LoadMatrix:
    """Each unit's counts per annex and role (catch-all phrases left out: they are not units)."""
    columns = [
        MatrixColumn(str(number), annex.label, str(number)) for number, annex in dataset.annexes.items()
    ]
    rows = []
    for department in dataset.departments.values():
        if department.is_collective:
            continue
        counts = {column.key: dict.fromkeys(ROLES, 0) for column in columns}
        for role, task_id in dataset.assignments(department.name):
            counts[str(dataset.tasks[task_id].annex)][role] += 1
        rows.append(MatrixRow(department.name, department.kind, counts))
    return sorted_matrix(LoadMatrix("annex", columns, rows, dataset.roles_in_use), sort)


def sorted_matrix(matrix: LoadMatrix, sort: MatrixSort) -> LoadMatrix:
    """Rows by a count, heaviest first; `name` keeps the notice order."""
    if sort == "name":
        return matrix
    by_role: Role | None = None if sort == "total" else sort
    return matrix._replace(rows=sorted(matrix.rows, key=lambda row: -row.total(by_role)))


def partners(dataset: Dataset, name: str) -> Partners:
    """The units (not catch-all phrases) named in the same tasks as `name`, most shared first."""
    department = dataset.registry.resolve(name)
    task_ids = sorted(
        {task_id for _, task_id in dataset.assignments(department.name)}, key=dataset.tasks.position
    )
    shared: dict[str, list[str]] = {}
    for task in dataset.tasks.many(task_ids):
        for unit in dict.fromkeys(unit for role in ROLES for unit in task.units(role)):
            if unit != department.name and not dataset.departments[unit].is_collective:
                shared.setdefault(unit, []).append(task.id)
    ranked = sorted(shared.items(), key=lambda item: -len(item[1]))
    return Partners(department, [Partner(unit, ids) for unit, ids in ranked])


def headlines(dataset: Dataset) -> Headlines:
    """Tasks per annex and role, units per task, the most and least loaded units, open-ended lists."""
    tasks = list(dataset.tasks.values())
    figures = [("tasks", str(len(tasks)))]
    for number, annex in dataset.annexes.items():
        count = sum(len(section.task_ids) for section in annex.sections)
        figures.append((f"tasks in 附件{number}", str(count)))
    for role in dataset.roles_in_use:
        figures.append((f"tasks with {role} units", str(sum(bool(task.units(role)) for task in tasks))))
    units_per_task = [sum(len(task.units(role)) for role in ROLES) for task in tasks]
    figures.append(("units per task (mean)", f"{sum(units_per_task) / len(tasks):.1f}"))
    figures.append(("units per task (most)", str(max(units_per_task))))
    loads = Counter(  # a key population a unit leads is work it answers for, like a task
        {
            d.name: len(dataset.assignments(d.name)) + len(dataset.populations_led(d.name))
            for d in dataset.departments.values()
            if not d.is_collective
        }
    )
    ranked = loads.most_common()
    figures.append(("most loaded units", ", ".join(f"{unit} {count}" for unit, count in ranked[:5])))
    figures.append(("least loaded units", ", ".join(f"{unit} {count}" for unit, count in ranked[-5:])))
    open_ended = [task.id for task in tasks if task.open_ended]
    figures.append(("tasks with open-ended unit lists (…等)", f"{len(open_ended)}: {', '.join(open_ended)}"))
    figures.append(("key populations", str(len(dataset.populations))))
    return Headlines(figures)
