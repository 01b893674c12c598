"""What falls due when: every task's deadlines, dated from its notice, and the `due` questions over them.

A notice dates what its deadlines leave open: its year (成文日期, else the 文号's 〔2019〕, else a year in
its title) is the year of 年底前 and 6月20日前, and its 成文日期 the day 印发之日起30日内 counts from.
"""

# No postponed annotations here: typing.NamedTuple would compile every field's annotation string.

import re
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any, NamedTuple

from taskmap.errors import BadQuery
from taskmap.i18n import N_
from taskmap.library import Library
from taskmap.model import Task
from taskmap.tracking.deadlines import Deadline, Period, after, read_deadline

DEFAULT_WINDOW = timedelta(days=30)
WINDOW = re.compile(r"(\d+)\s*(d|w|m|y|天|日|周|个月|月|年)")
YEAR_IN_NUMBER = re.compile(r"[〔\[(（]((?:19|20)\d{2})[〕\])）]")
YEAR_IN_TITLE = re.compile(r"((?:19|20)\d{2})\s*年")


class DueEntry(NamedTuple):
    """One deadline of one task, and the day it next falls due (None when it names no day)."""

    task: Task
    deadline: Deadline
    due: date | None

    def days_left(self, today: date) -> int | None:
        """Days from `today` to the day it falls due: negative when it is past."""
        return None if self.due is None else (self.due - today).days


class Window(NamedTuple):
    """The days asked about, both ends included; `overdue` asks for what is past its day instead."""

    first: date | None
    last: date | None
    overdue: bool = False

    def holds(self, day: date) -> bool:
        return (self.first is None or self.first <= day) and (self.last is None or day <= self.last)


class DueList(NamedTuple):
    """The `due` answer: dated deadlines in the window by day; how many name no day (listed with --all)."""

    today: date
    window: Window
    entries: list[DueEntry]
    undated: list[DueEntry]
    undated_count: int
    unit: str | None = None


def document_year(notice: dict[str, Any]) -> int | None:
    """The year a notice's deadlines mean when they name none: its 成文日期, 文号 or title, in that order."""
    for key in ("issued", "generated", "published"):
        value = notice.get(key)
        if value:
            return int(str(value)[:4])
    found = YEAR_IN_NUMBER.search(notice.get("document_number") or "")
    found = found or YEAR_IN_TITLE.search(notice.get("title") or "")
    return int(found.group(1)) if found else None


def document_date(notice: dict[str, Any]) -> date | None:
    """The day a notice counts its periods from: its 成文日期 (issued), else its 发布日期 (published)."""
    for key in ("issued", "published"):
        value = notice.get(key)
        if value:
            try:
                return date.fromisoformat(str(value))
            except ValueError:
                continue
    return None


class TaskDeadline(NamedTuple):
    """A deadline of a task, with the day its notice was issued (where a recurrence starts, at the latest)."""

    task: Task
    deadline: Deadline
    issued: date | None


def task_deadlines(notice: dict[str, Any], tasks: Iterable[Task]) -> list[TaskDeadline]:
    """Every deadline of every task that has one, read with its notice's year and date."""
    year, anchor = document_year(notice), document_date(notice)
    return [
        TaskDeadline(task, deadline, anchor)
        for task in tasks
        if task.deadline
        for deadline in read_deadline(task.deadline, year, anchor)
    ]


def window_of(
    today: date,
    within: str | None = None,
    before: date | None = None,
    on: date | None = None,
    overdue: bool = False,
) -> Window:
    """The days a `due` question asks about: the next 30 days unless one of the options says otherwise."""
    given = [name for name, value in (("--within", within), ("--before", before), ("--on", on)) if value]
    given += ["--overdue"] if overdue else []
    if len(given) > 1:
        raise BadQuery(N_("{options} ask different questions: give one of them"), options=" & ".join(given))
    if overdue:
        return Window(None, today - timedelta(days=1), overdue=True)
    if on is not None:
        return Window(on, on)
    if before is not None:
        if before <= today:
            raise BadQuery(
                N_("--before {day} is not after today ({today}); --overdue lists what is past"),
                day=before,
                today=today,
            )
        return Window(today, before - timedelta(days=1))
    return Window(today, today + (window_length(within, today) if within else DEFAULT_WINDOW))


def window_length(within: str, today: date) -> timedelta:
    """2w, 3m, 30d, 1y (or 2周, 3个月, 30天): how far ahead `--within` looks."""
    match = WINDOW.fullmatch(within.strip().lower())
    if match is None:
        raise BadQuery(
            N_("--within {value} is not a length of time; write 30d, 2w, 3m or 1y"), value=repr(within)
        )
    count, unit = int(match.group(1)), match.group(2)
    if unit in ("d", "天", "日"):
        return timedelta(days=count)
    if unit in ("w", "周"):
        return timedelta(weeks=count)
    months = count * (12 if unit in ("y", "年") else 1)
    last = after(today, Period(months, "months", None))
    assert last is not None
    return last - today


def due_list(
    library: Library, today: date, window: Window, unit: str | None = None, include_undated: bool = False
) -> DueList:
    """The deadlines of every loaded notice (of the tasks naming `unit`) falling due in `window`, by day."""
    entries: list[DueEntry] = []
    undated: list[DueEntry] = []
    for task, deadline, _ in library_deadlines(library, unit):
        if not deadline.dated:
            undated.append(DueEntry(task, deadline, None))
            continue
        due = falls_due(deadline, today, window)
        if due is not None:
            entries.append(DueEntry(task, deadline, due))
    entries.sort(key=lambda entry: (entry.due, entry.task.notice, order_of(entry.task)))
    unit_name = library.resolve_unit(unit).department.name if unit else None
    return DueList(today, window, entries, undated if include_undated else [], len(undated), unit_name)


def falls_due(deadline: Deadline, today: date, window: Window) -> date | None:
    """The day a dated deadline falls due within the window, or None when it does not."""
    if window.overdue:
        # Past its day and not to come again: a recurring deadline is due next at its next occurrence.
        day = deadline.day if deadline.recurrence is None and deadline.kind != "from_date" else None
        return day if day is not None and window.holds(day) else None
    if deadline.recurrence is not None:
        day = deadline.recurrence.next_on_or_after(window.first or today, deadline.start)
    else:
        day = deadline.day
    return day if day is not None and window.holds(day) else None


def unit_calendar(library: Library, unit: str, today: date) -> DueList:
    """Every dated deadline of the tasks naming `unit`, for a calendar (recurring ones as their rule)."""
    entries = []
    for task, deadline, issued in library_deadlines(library, unit):
        if deadline.recurrence is not None:
            first = deadline.start or issued or today
            entries.append(DueEntry(task, deadline, deadline.recurrence.next_on_or_after(first, first)))
        elif deadline.day is not None:
            entries.append(DueEntry(task, deadline, deadline.day))
    entries.sort(key=lambda entry: (entry.due or date.max, entry.task.notice, order_of(entry.task)))
    name = library.resolve_unit(unit).department.name
    return DueList(today, Window(None, None), entries, [], 0, name)


def library_deadlines(library: Library, unit: str | None) -> list[TaskDeadline]:
    """(task, deadline) for every deadline of the library's tasks, or of the tasks naming `unit`, read a
    notice at a time and each let go once read (`Library.let_go`): the deadlines are kept, not the
    notices (every notice of 10,000 held at once was 2 GB)."""
    from taskmap.questions.answers import notice_reports

    resolved = library.resolve_unit(unit) if unit is not None else None
    notices = library.notices_naming(resolved) if resolved else ((notice, "") for notice in library.notices)
    pairs: list[TaskDeadline] = []
    for notice, local in notices:
        tasks: list[Task] = []
        if resolved is None:
            tasks += notice.dataset.tasks.values()
        else:
            for report in notice_reports(notice, resolved, local, None, include_collective=False):
                tasks += (a.task for a in report.assignments if a.task not in tasks)
        pairs += task_deadlines(notice.dataset.notice, tasks)
        library.let_go(notice)
    return pairs


def order_of(task: Task) -> tuple[int, int, int]:
    return task.annex, task.section, task.number
