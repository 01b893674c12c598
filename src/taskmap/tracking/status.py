"""The questions over a round's reports: each task × unit's latest state and light, who has not reported,
and the figures of the 通报.

The light is the one offices use: red when a task is past its deadline (完成时限) and not done; yellow
when it falls due within the days given or its unit reports it 滞后; green when it is done or on pace. A task
without a dated deadline is judged by its reported state alone, and one nobody has reported on has no
light until its deadline makes it yellow or red.
"""

# No postponed annotations here: typing.NamedTuple would compile every field's annotation string.

from datetime import date, timedelta
from typing import Any, Literal, NamedTuple

from taskmap.library import Library, Unit
from taskmap.model import Task
from taskmap.tracking.forms import FormTask, forms_of
from taskmap.tracking.rounds import STATES, Progress, Report, Round, Submission, read_progress, round_names

Light = Literal["red", "yellow", "green", "none"]
LIGHTS: tuple[Light, ...] = ("red", "yellow", "green", "none")
LIGHT_LABELS: dict[Light, str] = {"red": "红灯", "yellow": "黄灯", "green": "绿灯", "none": "无"}
StateOrUnreported = Literal["done", "in_progress", "not_started", "behind", "other", "unreported"]
STATE_CHOICES: tuple[StateOrUnreported, ...] = (*STATES, "unreported")
UNREPORTED_LABEL = "未报送"
DEFAULT_SOON_DAYS = 14


class RoundProgress(NamedTuple):
    """A round as the loaded notices know it: its name, its due day (None before any form came back), and
    each notice's progress."""

    name: str
    due: date | None
    by_notice: dict[str, Progress | None]

    def latest(self, notice: str) -> dict[tuple[str, str], tuple[Report, Submission]]:
        progress = self.by_notice.get(notice)
        return progress.latest() if progress is not None else {}

    def reported(self, notice: str, local_unit: str) -> bool:
        progress = self.by_notice.get(notice)
        return progress is not None and local_unit in progress.reporting_units()


class StatusRow(NamedTuple):
    """One task as one unit holds it, the unit's latest report on it, and its light."""

    unit: str
    task: FormTask
    report: Report | None
    submission: Submission | None
    due: date | None
    light: Light

    @property
    def state(self) -> StateOrUnreported:
        return self.report.state if self.report is not None else "unreported"


class StatusAnswer(NamedTuple):
    """The `status` answer."""

    round: RoundProgress | None
    today: date
    soon_days: int
    unit: str | None
    state: StateOrUnreported | None
    rows: list[StatusRow]


class MissingUnit(NamedTuple):
    name: str
    kind: str
    tasks: int


class MissingAnswer(NamedTuple):
    """The `missing` answer: the units with tasks that have sent no form back for the round."""

    round: RoundProgress
    today: date
    expected: int
    units: list[MissingUnit]


class UnitFigures(NamedTuple):
    """One unit's line of the 通报: its tasks by state and light, and whether it reported."""

    name: str
    reported: bool
    tasks: int
    states: dict[str, int]
    lights: dict[str, int]


class OverdueTask(NamedTuple):
    """A task past its deadline that a unit holding it has not reported done: who leads it, what they said."""

    task: Task
    due: date
    lead: tuple[str, ...]
    states: dict[str, StateOrUnreported]  # each unit behind on it → its state


class Bulletin(NamedTuple):
    """The figures of a round's 通报."""

    round: RoundProgress
    today: date
    notices: list[dict[str, Any]]
    states: dict[str, int]
    lights: dict[str, int]
    units: list[UnitFigures]
    overdue: list[OverdueTask]
    missing: list[MissingUnit]


def round_progress(library: Library, name: str | None) -> RoundProgress | None:
    """The round named (every notice's progress of it), or without a name the round due last; None when
    no notice has any progress and no name is given."""
    if name is None:
        known = {
            (progress.round.due, progress.round.name)
            for notice in library.notices
            for found in round_names(notice.directory)
            if (progress := read_progress(notice.directory, found)) is not None
        }
        if not known:
            return None
        name = max(known)[1]
    by_notice = {notice.key: read_progress(notice.directory, name) for notice in library.notices}
    dues = [progress.round.due for progress in by_notice.values() if progress is not None]
    return RoundProgress(name, min(dues) if dues else None, by_notice)


def task_due(notice: dict[str, Any], task: Task, today: date) -> tuple[date | None, bool]:
    """The day that decides a task's light and whether it is past: its earliest passed deadline, else the
    next day one falls due (recurring deadlines are never past); (None, False) without a dated one."""
    from taskmap.tracking.schedule import task_deadlines

    deadlines = [
        item.deadline for item in task_deadlines(notice, [task]) if item.deadline.kind != "from_date"
    ]
    passed = [d.day for d in deadlines if d.recurrence is None and d.day is not None and d.day < today]
    if passed:
        return min(passed), True
    coming = [day for d in deadlines if (day := d.next_due(today)) is not None and day >= today]
    return (min(coming) if coming else None), False


def light_of(report: Report | None, due: date | None, overdue: bool, today: date, soon_days: int) -> Light:
    if report is not None and report.state == "done":
        return "green"
    if overdue:
        return "red"
    soon = due is not None and (due - today) <= timedelta(days=soon_days)
    if soon or (report is not None and report.state == "behind"):
        return "yellow"
    return "green" if report is not None else "none"


def status_rows(
    library: Library,
    round_: RoundProgress | None,
    today: date,
    soon_days: int,
    units: list[Unit] | None = None,
) -> list[StatusRow]:
    """Every task × unit (of `units`, else of every unit with tasks) with its latest report and light."""
    placeholder = Round(round_.name if round_ else "", (round_.due if round_ else None) or today)
    notices = {notice.key: notice.dataset.notice for notice in library.notices}
    dues: dict[str, tuple[date | None, bool]] = {}
    rows = []
    for form in forms_of(library, placeholder, units):
        for task_row in form.rows:
            task = task_row.task
            if task.ref not in dues:
                dues[task.ref] = task_due(notices.get(task.notice, {}), task, today)
            due, overdue = dues[task.ref]
            found = round_.latest(task.notice).get((task_row.unit, task.id)) if round_ else None
            report, submission = found if found is not None else (None, None)
            light = light_of(report, due, overdue, today, soon_days)
            rows.append(StatusRow(form.unit, task_row, report, submission, due, light))
    return rows


def status(
    library: Library,
    round_name: str | None,
    today: date,
    soon_days: int = DEFAULT_SOON_DAYS,
    unit: str | None = None,
    state: StateOrUnreported | None = None,
) -> StatusAnswer:
    """The `status` question: every task × unit's latest state and light, narrowed to a unit or a state."""
    round_ = round_progress(library, round_name)
    resolved = library.resolve_unit(unit) if unit is not None else None
    rows = status_rows(library, round_, today, soon_days, [resolved] if resolved else None)
    if state is not None:
        rows = [row for row in rows if row.state == state]
    return StatusAnswer(round_, today, soon_days, resolved.department.name if resolved else None, state, rows)


def missing_units(library: Library, round_: RoundProgress) -> tuple[int, list[MissingUnit]]:
    """How many units have tasks, and those of them that sent nothing back for the round."""
    expected, missing = 0, []
    for unit in library.all_units():
        if unit.department.is_collective:
            continue
        forms = forms_of(library, Round(round_.name, round_.due or date.min), [unit])
        if not forms:
            continue
        expected += 1
        naming = library.notices_naming(unit)
        if not any(round_.reported(notice.key, local) for notice, local in naming):
            missing.append(MissingUnit(unit.department.name, unit.department.kind, len(forms[0].rows)))
    return expected, missing


def missing(library: Library, round_name: str, today: date) -> MissingAnswer:
    """The `missing` question: who has not reported for the round."""
    round_ = round_progress(library, round_name)
    assert round_ is not None
    expected, units = missing_units(library, round_)
    return MissingAnswer(round_, today, expected, units)


def bulletin(library: Library, round_name: str, today: date, soon_days: int = DEFAULT_SOON_DAYS) -> Bulletin:
    """The figures of the round's 通报: totals by state and light, by unit, what is overdue, who is absent."""
    round_ = round_progress(library, round_name)
    assert round_ is not None
    rows = status_rows(library, round_, today, soon_days)
    _, missing_list = missing_units(library, round_)
    not_reported = {unit.name for unit in missing_list}
    by_unit: dict[str, list[StatusRow]] = {}
    for row in rows:
        by_unit.setdefault(row.unit, []).append(row)
    units = [
        UnitFigures(name, name not in not_reported, len(held), counted_states(held), counted_lights(held))
        for name, held in by_unit.items()
    ]
    overdue: dict[str, OverdueTask] = {}
    for row in rows:
        if row.light != "red" or row.due is None:
            continue
        task = row.task.task
        entry = overdue.setdefault(task.ref, OverdueTask(task, row.due, task.lead or task.responsible, {}))
        entry.states[row.unit] = row.state
    return Bulletin(
        round_,
        today,
        [notice.dataset.notice for notice in library.notices],
        counted_states(rows),
        counted_lights(rows),
        units,
        sorted(overdue.values(), key=lambda item: (item.due, item.task.notice, item.task.ref)),
        missing_list,
    )


def counted_states(rows: list[StatusRow]) -> dict[str, int]:
    counts: dict[str, int] = dict.fromkeys(STATE_CHOICES, 0)
    for row in rows:
        counts[row.state] += 1
    return counts


def counted_lights(rows: list[StatusRow]) -> dict[str, int]:
    counts: dict[str, int] = dict.fromkeys(LIGHTS, 0)
    for row in rows:
        counts[row.light] += 1
    return counts


def state_label(state: StateOrUnreported) -> str:
    from taskmap.tracking.rounds import STATE_LABELS

    return UNREPORTED_LABEL if state == "unreported" else STATE_LABELS[state]
