"""The `due` command: what falls due when, by the deadlines (完成时限) the notices give their tasks."""

# No `from __future__ import annotations` here: Typer would have to evaluate every annotation
# string again, which costs about 2 ms of start-up per run.

import re
from datetime import date
from typing import Annotated, Any, get_args

import typer
from typer._click.core import Context, Parameter
from typer._click.types import ParamType

from taskmap.cli.app import app, examples
from taskmap.cli.completion import UNIT_NAME
from taskmap.cli.options import DataOption, LabelledChoice, NoticeOption, format_option
from taskmap.cli.output import quiet_on_closed_pipe
from taskmap.i18n import N_, _
from taskmap.render import DueFormat
from taskmap.store.library_loading import load_library

DAY_WRITTEN = re.compile(r"(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?")


class Day(ParamType):
    """A day: 2019-06-30, 2019/6/30 or 2019年6月30日."""

    name = "date"

    def get_metavar(self, param: Parameter, ctx: Context) -> str:
        return "DATE"

    def convert(self, value: Any, param: Parameter | None, ctx: Context | None) -> Any:
        if isinstance(value, date):
            return value
        match = DAY_WRITTEN.fullmatch(str(value).strip())
        try:
            if match is None:
                raise ValueError
            return date(*(int(part) for part in match.groups()))
        except ValueError:
            self.fail(_("{value} is not a day; write 2019-06-30").format(value=repr(value)), param, ctx)


DAY = Day()
DUE_FORMAT = LabelledChoice("FORMAT", get_args(DueFormat))

DayOption = Any  # the day a Day parameter gives, typed for Typer's sake as the value it converts to


@app.command(
    help=_("What falls due in the next 30 days (or --within, --before, --on, --overdue), sorted by day."),
    epilog=examples(
        "taskmap due",
        "taskmap due --within 3m --dept 市公安局",
        "taskmap due --overdue --today 2019-07-01 --all",
        "taskmap due --within 1y --format ics > 完成时限.ics",
    ),
)
def due(
    within: Annotated[
        str | None,
        typer.Option(
            metavar="LENGTH",
            help=_("Look this far ahead instead of 30 days: 30d, 2w, 3m, 1y (or 30天, 2周, 3个月, 1年)."),
            show_default=False,
        ),
    ] = None,
    before: Annotated[
        DayOption,
        typer.Option(click_type=DAY, help=_("What falls due from today until the day before DATE.")),
    ] = None,
    on: Annotated[DayOption, typer.Option(click_type=DAY, help=_("What falls due on DATE."))] = None,
    overdue: Annotated[
        bool, typer.Option("--overdue", help=_("What is past its day (recurring deadlines never are)."))
    ] = False,
    dept: Annotated[
        str | None,
        typer.Option(click_type=UNIT_NAME, help=_("Only tasks naming this unit."), show_default=False),
    ] = None,
    all_deadlines: Annotated[
        bool,
        typer.Option(
            "--all", help=_("Also list the deadlines naming no day: ongoing, by a higher level, unread.")
        ),
    ] = False,
    today: Annotated[
        DayOption,
        typer.Option(click_type=DAY, help=_("Answer as if today were DATE (for scripts and tests).")),
    ] = None,
    output_format: Annotated[
        DueFormat | None,
        format_option(
            DUE_FORMAT,
            N_("ics writes an iCalendar file. Default: table on a terminal, plain lines when piped."),
        ),
    ] = None,
    data: DataOption = None,
    notice: NoticeOption = None,
) -> None:
    from taskmap.render import emit_due
    from taskmap.tracking.schedule import due_list, window_of

    day = today or date.today()
    window = window_of(day, within=within, before=before, on=on, overdue=overdue)
    result = due_list(load_library(data, notice), day, window, unit=dept, include_undated=all_deadlines)
    with quiet_on_closed_pipe():
        emit_due(result, output_format)
