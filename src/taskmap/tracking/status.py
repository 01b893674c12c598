"""The questions over a round's reports: each task × unit's latest state and light, who has not reported,
and the figures of the 通报.

The light is the one offices use: red when a task is past its deadline (完成时限) and not done; yellow
when it falls due within the days given or its unit reports it 滞后; green when it is done or on pace. A task
without a dated deadline is judged by its reported state alone, and one nobody has reported on has no
light until its deadline makes it yellow or red.
"""

# No postponed annotations here: typing.NamedTuple would compile every field's annotation string.

from collections.abc import Callable, Iterator
from datetime import date, timedelta
from itertools import chain
from operator import itemgetter
from typing import Any, Literal, NamedTuple

from taskmap.library import Library, Unit
from taskmap.model import Task
from taskmap.tracking.forms import FormTask, each_notice_rows
from taskmap.tracking.rounds import STATES, Progress, Report, Submission, read_progress, round_names

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


class BulletinSource(NamedTuple):
    """A notice the 通报 is based on, as its 依据 names it (ten thousand notices' whole facts are
    megabytes)."""

    title: str | None
    document_number: str | None


class Bulletin(NamedTuple):
    """The figures of a round's 通报."""

    round: RoundProgress
    today: date
    notices: list[BulletinSource]  # read from what `notices` lists of each, without its data
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


Placed = tuple[tuple[int, int], StatusRow]  # a row and its place: (its unit's place, 0 named or 1 shared)


def status_runs(
    library: Library,
    round_: RoundProgress | None,
    today: date,
    soon_days: int,
    units: list[Unit],
    state: StateOrUnreported | None = None,
) -> Iterator[list[Placed]]:
    """Every task × unit (of `units`) with its latest report and light, a notice at a time
    (`each_notice_rows`), each row with its place in the answer and each notice's rows in that order: a
    unit's tasks naming it, then those shared through a phrase, each part in the order of notices."""
    for notice, held in each_notice_rows(library, units):
        latest = round_.latest(notice.key) if round_ else {}
        dues: dict[str, tuple[date | None, bool]] = {}
        run: list[Placed] = []
        for rows in held:
            unit = units[rows.unit].department.name
            for part, task_rows in enumerate((rows.named, rows.shared)):
                for task_row in task_rows:
                    task = task_row.task
                    if task.ref not in dues:
                        dues[task.ref] = task_due(notice.dataset.notice, task, today)
                    due, overdue = dues[task.ref]
                    report, submission = latest.get((task_row.unit, task.id), (None, None))
                    row = StatusRow(
                        unit,
                        task_row,
                        report,
                        submission,
                        due,
                        light_of(report, due, overdue, today, soon_days),
                    )
                    if state is None or row.state == state:
                        run.append(((rows.unit, part), row))
        run.sort(key=itemgetter(0))
        yield run


class StatusStream(NamedTuple):
    """The `status` answer as it is read, for the machine formats: every task × unit of ten thousand
    notices is 2.7 million rows, gigabytes as values."""

    round: RoundProgress | None
    today: date
    soon_days: int
    unit: str | None
    state: StateOrUnreported | None
    runs: Iterator[list[Placed]]

    def rendered(self, render: Callable[[StatusRow], str]) -> Iterator[str]:
        """Each row rendered, in the answer's order (`streams.in_order`), every notice read by the time
        this returns: what fails, fails before anything is written."""
        from taskmap.questions.streams import in_order

        rows = in_order(self.runs, itemgetter(0), lambda placed: render(placed[1]))
        first = next(rows, None)
        return rows if first is None else chain((first,), rows)

    def whole(self) -> StatusAnswer:
        """The answer with every row held, in its order: for a table, which measures every row first."""
        placed = [pair for run in self.runs for pair in run]
        placed.sort(key=itemgetter(0))
        rows = [row for _, row in placed]
        return StatusAnswer(self.round, self.today, self.soon_days, self.unit, self.state, rows)


def status(
    library: Library,
    round_name: str | None,
    today: date,
    soon_days: int = DEFAULT_SOON_DAYS,
    unit: str | None = None,
    state: StateOrUnreported | None = None,
) -> StatusStream:
    """The `status` question, as it is read: every task × unit's latest state and light, narrowed to a
    unit or a state."""
    round_ = round_progress(library, round_name)
    resolved = library.resolve_unit(unit) if unit is not None else None
    units = [resolved] if resolved else library.addressable_units()
    runs = status_runs(library, round_, today, soon_days, units, state)
    return StatusStream(round_, today, soon_days, resolved.department.name if resolved else None, state, runs)


def missing_units(library: Library, round_: RoundProgress) -> tuple[int, list[MissingUnit]]:
    """How many units have tasks, and those of them that sent nothing back for the round."""
    units = library.addressable_units()
    held = [0] * len(units)
    for _, in_notice in each_notice_rows(library, units):
        for rows in in_notice:
            held[rows.unit] += len(rows.named) + len(rows.shared)
    return _missing_of(library, round_, units, held)


def _missing_of(
    library: Library, round_: RoundProgress, units: list[Unit], held: list[int]
) -> tuple[int, list[MissingUnit]]:
    """Of the units holding `held` tasks each, how many hold any, and those that sent nothing back."""
    missing = [
        MissingUnit(unit.department.name, unit.department.kind, tasks)
        for unit, tasks in zip(units, held, strict=True)
        if tasks
        and not any(round_.reported(notice.key, local) for notice, local in library.notices_naming(unit))
    ]
    return sum(1 for tasks in held if tasks), missing


def missing(library: Library, round_name: str, today: date) -> MissingAnswer:
    """The `missing` question: who has not reported for the round."""
    round_ = round_progress(library, round_name)
    assert round_ is not None
    expected, units = missing_units(library, round_)
    return MissingAnswer(round_, today, expected, units)


class Tally:
    """Tasks counted by state and light, as they are read."""

    __slots__ = ("lights", "states", "tasks")

    def __init__(self) -> None:
        self.tasks = 0
        self.states: dict[str, int] = dict.fromkeys(STATE_CHOICES, 0)
        self.lights: dict[str, int] = dict.fromkeys(LIGHTS, 0)

    def add(self, row: StatusRow) -> None:
        self.tasks += 1
        self.states[row.state] += 1
        self.lights[row.light] += 1


def bulletin(library: Library, round_name: str, today: date, soon_days: int = DEFAULT_SOON_DAYS) -> Bulletin:
    """The figures of the round's 通报: totals by state and light, by unit, what is overdue, who is absent;
    counted a notice at a time, no row kept but those overdue."""
    round_ = round_progress(library, round_name)
    assert round_ is not None
    units = library.addressable_units()
    held = [0] * len(units)
    total = Tally()
    # A line per unit name, in unit order: units of two places spelled alike are one, as the 通报 names them.
    by_name = {unit.department.name: Tally() for unit in units}
    overdue: dict[str, OverdueTask] = {}
    for run in status_runs(library, round_, today, soon_days, units):
        for (place, _), row in run:
            held[place] += 1
            total.add(row)
            by_name[row.unit].add(row)
            if row.light == "red" and row.due is not None:
                task = row.task.task
                entry = overdue.setdefault(
                    task.ref, OverdueTask(task, row.due, task.lead or task.responsible, {})
                )
                entry.states[row.unit] = row.state
    _, missing_list = _missing_of(library, round_, units, held)
    not_reported = {unit.name for unit in missing_list}
    return Bulletin(
        round_,
        today,
        [_source(notice.facts.notice) for notice in library.notices],
        total.states,
        total.lights,
        [
            UnitFigures(name, name not in not_reported, tally.tasks, tally.states, tally.lights)
            for name, tally in by_name.items()
            if tally.tasks
        ],
        sorted(overdue.values(), key=lambda item: (item.due, item.task.notice, item.task.ref)),
        missing_list,
    )


def _source(facts: dict[str, Any]) -> BulletinSource:
    return BulletinSource(facts.get("title"), facts.get("document_number"))


def state_label(state: StateOrUnreported) -> str:
    from taskmap.tracking.rounds import STATE_LABELS

    return UNREPORTED_LABEL if state == "unreported" else STATE_LABELS[state]
