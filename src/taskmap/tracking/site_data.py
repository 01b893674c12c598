"""What the offline page shows of tracking, computed when the page is built: the deadlines by when they fall
due, and each task's latest reported state with its light.

The page cannot know today's date reliably (a file mailed on is opened months later), and its script must not
grow its own deadline rules, so both answers are taken here, as of one day the page states: what `taskmap due`
and `taskmap status` would answer that day.
"""

# No postponed annotations here: typing.NamedTuple would compile every field's annotation string.

from datetime import date
from operator import itemgetter
from typing import Any

from taskmap.library import Library, Unit
from taskmap.model import Task
from taskmap.tracking.deadlines import KIND_LABELS, Deadline
from taskmap.tracking.schedule import Window, falls_due, library_deadlines, order_of, window_of
from taskmap.tracking.status import (
    DEFAULT_SOON_DAYS,
    LIGHT_LABELS,
    LIGHTS,
    STATE_CHOICES,
    round_progress,
    state_label,
    status_runs,
)

JsonDict = dict[str, Any]
TaskIndex = dict[tuple[str, str], int]
# The parts of the 到期 view, in the order the page shows them.
DUE_GROUPS = ("soon", "overdue", "later", "undated")


def due_payload(library: Library, today: date, task_index: TaskIndex) -> JsonDict | None:
    """Every deadline as of `today`: due in `taskmap due`'s 30 days, overdue, later, or naming no day.

    Each group is in `taskmap due`'s order (by day, then notice and task; the undated as listed); a recurring
    deadline is placed by its next occurrence. None when no task has a deadline.
    """
    pairs = library_deadlines(library, None)
    if not pairs:
        return None
    coming, overdue, ahead = window_of(today), window_of(today, overdue=True), Window(today, None)
    groups: dict[str, list[tuple[date, Task, JsonDict]]] = {name: [] for name in DUE_GROUPS}
    for task, deadline, _ in pairs:
        entry = _due_entry(task, deadline, task_index)
        if not deadline.dated:
            groups["undated"].append((date.min, task, entry))
            continue
        day = falls_due(deadline, today, overdue)
        group = "overdue"
        if day is None:
            day = falls_due(deadline, today, ahead)
            group = "soon" if day is not None and coming.holds(day) else "later"
        if day is None:  # a day it started from, already past: nothing falls due any more
            continue
        entry |= {"day": day.isoformat(), "days": (day - today).days}
        groups[group].append((day, task, entry))
    for name in ("soon", "overdue", "later"):
        groups[name].sort(key=lambda item: (item[0], item[1].notice, order_of(item[1])))
    assert coming.last is not None
    return {
        "to": coming.last.isoformat(),
        "kinds": KIND_LABELS,
        **{name: [entry for _, _, entry in items] for name, items in groups.items()},
    }


def _due_entry(task: Task, deadline: Deadline, task_index: TaskIndex) -> JsonDict:
    entry: JsonDict = {
        "task": task_index[(task.notice, task.id)],
        "text": deadline.text,
        "kind": deadline.kind,
    }
    if deadline.recurrence is not None:
        entry["recurring"] = True
    if deadline.year_assumed:
        entry["year_assumed"] = True
    return entry


def progress_payload(
    library: Library, today: date, units: list[Unit], task_index: TaskIndex
) -> JsonDict | None:
    """The latest round's state and light of every task × unit, as `taskmap status` gives them `today`.

    Rows are [unit, task, state, light] by position (and the unit's 进展情况 when it wrote one); None when no
    notice has any progress, so a page of notices nobody reports on is as it was.
    """
    round_ = round_progress(library, None)
    if round_ is None:
        return None
    positions = [position for position, unit in enumerate(units) if not unit.department.is_collective]
    placed: list[tuple[tuple[int, int], list[Any]]] = []
    for run in status_runs(library, round_, today, DEFAULT_SOON_DAYS, [units[p] for p in positions]):
        for place, row in run:  # each notice read once for every unit, as `status` reads them
            task = row.task.task
            item: list[Any] = [
                positions[place[0]],
                task_index[(task.notice, task.id)],
                STATE_CHOICES.index(row.state),
                LIGHTS.index(row.light),
            ]
            if row.report is not None and row.report.progress:
                item.append(row.report.progress)
            placed.append((place, item))
    placed.sort(key=itemgetter(0))
    rows = [item for _, item in placed]
    holding = dict.fromkeys(item[0] for item in rows)
    reported = [
        position
        for position in holding
        if any(
            round_.reported(notice.key, local) for notice, local in library.notices_naming(units[position])
        )
    ]
    return {
        "round": round_.name,
        "due": round_.due.isoformat() if round_.due else None,
        "soon_days": DEFAULT_SOON_DAYS,
        "states": [{"key": state, "label": state_label(state)} for state in STATE_CHOICES],
        "lights": [{"key": light, "label": LIGHT_LABELS[light]} for light in LIGHTS],
        "reported": reported,
        "rows": rows,
    }
