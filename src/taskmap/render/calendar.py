"""Deadlines as an iCalendar file (RFC 5545) that Outlook, WPS and phone calendars import.

One all-day event per dated deadline, on the day it falls due; a recurring deadline is one event with its
recurrence rule. Each event's UID comes from the notice's key, the task's id and the deadline's words, so a
calendar exported again updates the events it holds instead of adding them twice.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import TYPE_CHECKING

from taskmap import __version__
from taskmap.errors import NoMatch
from taskmap.i18n import N_
from taskmap.model import ROLE_LABELS, ROLES

if TYPE_CHECKING:
    from icalendar import Event

    from taskmap.tracking.schedule import DueEntry, DueList

PRODUCT = f"-//taskmap//taskmap {__version__}//ZH"
UID_DOMAIN = "taskmap"


def render_calendar(result: DueList) -> str:
    """The deadlines of an answer as one VCALENDAR, CRLF lines as the RFC has them."""
    from icalendar import Calendar

    events = [event(entry) for entry in result.entries if entry.due is not None]
    if not events:
        raise NoMatch(N_("no dated deadline to put in a calendar"))
    name = f"{result.unit} 完成时限" if result.unit else "taskmap 完成时限"
    calendar = Calendar.new(
        prodid=PRODUCT,
        name=name,
        uid=stable_uid(name, *(str(e["UID"]) for e in events)),
        method="PUBLISH",
        calscale="GREGORIAN",
        subcomponents=events,
    )
    text: str = calendar.to_ical().decode("utf-8")
    return text


def event(entry: DueEntry) -> Event:
    """One all-day event on the day the deadline falls due, with the task and its units described."""
    from icalendar import Event, vRecur

    task, deadline = entry.task, entry.deadline
    assert entry.due is not None
    made = Event.new(
        uid=stable_uid(task.notice, task.id, deadline.text),
        summary=f"{task.ref} {task.title}",
        start=entry.due,
        end=entry.due + timedelta(days=1),
        description=description(entry),
        categories=["完成时限"],
    )
    if deadline.recurrence is not None:
        made.add("rrule", vRecur.from_ical(deadline.recurrence.rule()))
    return made


def description(entry: DueEntry) -> str:
    """The task in words a reader of the calendar needs: its text, its units by role, its deadline."""
    task, deadline = entry.task, entry.deadline
    lines = [task.text]
    lines += [f"{ROLE_LABELS[role]}：{'、'.join(task.units(role))}" for role in ROLES if task.units(role)]
    lines.append(f"完成时限：{task.deadline or deadline.text}")
    if deadline.year_assumed:
        lines.append("（年份按文件成文年份推定）")
    if task.notice:
        lines.append(f"文件：{task.notice} 任务 {task.id}")
    return "\n".join(lines)


def stable_uid(*parts: str) -> str:
    """The same UID for the same parts, whenever and wherever the calendar is written."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]
    return f"{digest}@{UID_DOMAIN}"
