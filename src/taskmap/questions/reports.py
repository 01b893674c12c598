"""The artefacts the credit office hands around: checklists, the assignment table, the load matrix, partners,
headline figures. Plain results, like the queries; renderers turn them into documents and tables."""

# No postponed annotations here: typing.NamedTuple would compile every field's annotation string,
# about 0.2 ms a class on every start-up.

import json
from typing import Any, Literal, NamedTuple

from taskmap.dataset import Dataset
from taskmap.model import COLLECTIVE, ROLES, Department, Role, Task
from taskmap.questions.queries import UnitReport, unit_report

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
    """A unit sharing tasks with another, and which; `more` shared tasks beyond these ids when only the
    first were asked for (a table of a big answer, see `render.TABLE_ROWS`)."""

    unit: str
    task_ids: list[str]
    more: int = 0


class Partners(NamedTuple):
    """The `partners` answer."""

    department: Department
    partners: list[Partner]


class UnitLoad(NamedTuple):
    """A unit's load in one notice: the tasks naming it plus the key populations it leads."""

    name: str
    tasks: int
    populations: int

    @property
    def load(self) -> int:
        return self.tasks + self.populations


class AnnexCount(NamedTuple):
    """How many tasks one annex holds."""

    number: int
    label: str  # 附件2, or 正文 where the tasks sit in the notice's body
    title: str
    tasks: int


class NoticeHeadlines(NamedTuple):
    """One notice's figures for the first slide of a meeting, as numbers and lists, never prose."""

    notice: str
    tasks: int
    annexes: list[AnnexCount]
    tasks_by_role: dict[Role, int]
    units: int
    units_per_task_mean: float
    units_per_task_max: int
    most_loaded: list[UnitLoad]
    least_loaded: list[UnitLoad]
    open_ended_tasks: list[str]
    populations: int


class Headlines(NamedTuple):
    """The `stats` answer: the figures of each loaded notice, in the order loaded; `more` notices beyond
    these when only the first were asked for (a table of a big library, see `render.TABLE_ROWS`)."""

    notices: list[NoticeHeadlines]
    more: int = 0


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
    """The units (not catch-all phrases) named in the same tasks as `name`, most shared first; in an item
    closed by several groups, only those of its own clause."""
    department = dataset.registry.resolve(name)
    task_ids = sorted(
        {task_id for _, task_id in dataset.assignments(department.name)}, key=dataset.tasks.position
    )
    shared: dict[str, list[str]] = {}
    for task in dataset.tasks.many(task_ids):
        for unit in dict.fromkeys(unit for _, unit in task.units_with(department.name)):
            if not dataset.departments[unit].is_collective:
                shared.setdefault(unit, []).append(task.id)
    ranked = sorted(shared.items(), key=lambda item: -len(item[1]))
    return Partners(department, [Partner(unit, ids) for unit, ids in ranked])


RANKED_UNITS = 5  # how many of the most and of the least loaded units the figures name


def headlines(dataset: Dataset) -> NoticeHeadlines:
    """Tasks per annex and role, units per task, the most and least loaded units, open-ended lists."""
    tasks = list(dataset.tasks.values())
    units_per_task = [sum(len(task.units(role)) for role in ROLES) for task in tasks]
    units = [d for d in dataset.departments.values() if not d.is_collective]
    loads = sorted(  # a key population a unit leads is work it answers for, like a task
        (
            UnitLoad(d.name, len(dataset.assignments(d.name)), len(dataset.populations_led(d.name)))
            for d in units
        ),
        key=lambda unit: -unit.load,
    )
    return NoticeHeadlines(
        notice=dataset.key,
        tasks=len(tasks),
        annexes=[
            AnnexCount(
                number, annex.label, annex.title, sum(len(section.task_ids) for section in annex.sections)
            )
            for number, annex in dataset.annexes.items()
        ],
        tasks_by_role={role: sum(bool(task.units(role)) for task in tasks) for role in dataset.roles_in_use},
        units=len(units),
        units_per_task_mean=sum(units_per_task) / len(tasks) if tasks else 0.0,
        units_per_task_max=max(units_per_task, default=0),
        most_loaded=loads[:RANKED_UNITS],
        least_loaded=loads[-RANKED_UNITS:],
        open_ended_tasks=[task.ref for task in tasks if task.open_ended],
        populations=len(dataset.populations),
    )


def headlines_as_json(dataset: Dataset) -> str:
    """A notice's figures as the library's database keeps them, so that `stats` reads no notice: its
    open-ended tasks by their own ids (qualified when read back, as the library shows ids)."""
    figures = headlines(dataset)._replace(
        notice="", open_ended_tasks=[task.id for task in dataset.tasks.values() if task.open_ended]
    )
    return json.dumps(figures[1:], ensure_ascii=False)


def headlines_from_json(text: str, key: str, qualify: bool) -> NoticeHeadlines:
    """The figures `headlines_as_json` kept, of the notice `key`."""
    tasks, annexes, by_role, units, mean, most, ranked_high, ranked_low, open_ended, populations = json.loads(
        text
    )
    return NoticeHeadlines(
        notice=key,
        tasks=tasks,
        annexes=[AnnexCount(*annex) for annex in annexes],
        tasks_by_role=by_role,
        units=units,
        units_per_task_mean=mean,
        units_per_task_max=most,
        most_loaded=[UnitLoad(*unit) for unit in ranked_high],
        least_loaded=[UnitLoad(*unit) for unit in ranked_low],
        open_ended_tasks=[f"{key}:{task}" if qualify else task for task in open_ended],
        populations=populations,
    )
