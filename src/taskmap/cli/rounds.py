"""The reporting-round commands: forms out to each unit, reports back in, status, missing, the 通报."""

# No `from __future__ import annotations` here: Typer would have to evaluate every annotation
# string again, which costs about 2 ms of start-up per run.

from pathlib import Path
from typing import Annotated, Literal, get_args

import typer

from taskmap.cli.app import EXIT_NOT_FOUND, EXIT_OK, app, examples
from taskmap.cli.completion import UNIT_NAME
from taskmap.cli.due import DAY, DayOption
from taskmap.cli.options import DataOption, LabelledChoice, NoticeOption, format_option
from taskmap.cli.output import quiet_on_closed_pipe, say, writing_to
from taskmap.i18n import N_, _
from taskmap.store.library_loading import load_library

RecordFormat = Literal["table", "plain", "json", "csv"]
BulletinFormat = Literal["md", "html", "xlsx", "table", "plain", "json", "csv"]
RECORD_FORMAT = LabelledChoice("FORMAT", get_args(RecordFormat))
BULLETIN_FORMAT = LabelledChoice("FORMAT", get_args(BulletinFormat))
STATE = LabelledChoice(
    "STATE",
    ["done", "in_progress", "not_started", "behind", "other", "unreported"],
    {
        "done": "已完成",
        "in_progress": "推进中",
        "not_started": "未启动",
        "behind": "滞后",
        "other": "其他",
        "unreported": "未报送",
    },
)

RoundOption = Annotated[
    str,
    typer.Option("--round", metavar="ROUND", help=_("The reporting round: 2019Q2, 2019年第二季度, 2019-06.")),
]
RecordFormatOption = Annotated[
    RecordFormat | None,
    format_option(RECORD_FORMAT, N_("Default: table on a terminal, plain tab-separated lines when piped.")),
]
TodayOption = Annotated[
    DayOption, typer.Option(click_type=DAY, help=_("Answer as if today were DATE (for scripts and tests)."))
]
SoonOption = Annotated[
    int,
    typer.Option(
        "--soon", metavar="DAYS", min=0, help=_("Yellow when a deadline is this many days away or fewer.")
    ),
]


@app.command(
    help=_(
        "Write one reporting form (.xlsx) per unit: its tasks, and the columns it fills in for the round."
    ),
    epilog=examples(
        "taskmap forms --round 2019Q2 --due 2019-07-05 --out 报送表/2019Q2",
        "taskmap forms --round 2019年第二季度 --due 2019-07-05 --out forms/ --dept 市公安局 --dept 市商务局",
    ),
)
def forms(
    round_name: RoundOption,
    due: Annotated[DayOption, typer.Option(click_type=DAY, help=_("The day the forms are due back."))],
    out: Annotated[Path, typer.Option(help=_("Directory to write the forms into (created if missing)."))],
    dept: Annotated[
        list[str] | None,
        typer.Option(
            click_type=UNIT_NAME, help=_("Only this unit's form; repeat for several."), show_default=False
        ),
    ] = None,
    output_format: RecordFormatOption = None,
    data: DataOption = None,
    notice: NoticeOption = None,
) -> None:
    import gc
    from datetime import datetime

    from taskmap.cli.overview import unique_file_stem
    from taskmap.identity import qualified_unit_name
    from taskmap.render.form import write_form
    from taskmap.render.progress import with_progress
    from taskmap.render.rounds import emit_round
    from taskmap.tracking.forms import FormsWritten, WrittenForm, forms_of
    from taskmap.tracking.rounds import Round, checked_round_name

    library = load_library(data, notice)
    round_ = Round(checked_round_name(round_name), due)
    units = [library.resolve_unit(name) for name in dept] if dept else library.addressable_units()
    with writing_to(out):
        out.mkdir(parents=True, exist_ok=True)
    written_at = datetime.now().astimezone()
    taken: set[str] = set()
    written = []
    for form in with_progress(forms_of(library, round_, units), len(units), N_("Writing forms")):
        name = qualified_unit_name(form.unit, form.jurisdiction) if library.several else form.unit
        target = out / f"{unique_file_stem(name, taken)}.xlsx"
        with writing_to(target):
            write_form(form, target, written_at)
        gc.collect(0)  # its workbook: reference cycles, and the CLI runs without the collector
        written.append(WrittenForm(form.unit, target.name, len(form.rows), len(form.shared)))
    with quiet_on_closed_pipe():
        emit_round(FormsWritten(round_, str(out), written), output_format)


@app.command(
    help=_(
        "Read returned forms and record their reports in progress/ROUND.yaml beside each "
        "notice.\n\nEvery problem is one line on stderr naming the file and the row; the "
        "rest is recorded, and the exit code is then 1."
    ),
    epilog=examples(
        "taskmap collect 报送表/回收/*.xlsx --round 2019Q2 --data ~/notices/credit-2019",
        "taskmap collect ~/Downloads/市公安局.xlsx --data ~/notices/credit-2019 --format json",
    ),
)
def collect(
    files: Annotated[list[Path], typer.Argument(metavar="FILE...", help=_("Returned forms (.xlsx)."))],
    round_name: Annotated[
        str | None,
        typer.Option(
            "--round", metavar="ROUND", help=_("Refuse forms of any other round."), show_default=False
        ),
    ] = None,
    output_format: RecordFormatOption = None,
    data: DataOption = None,
    notice: NoticeOption = None,
) -> int:
    from datetime import datetime

    from taskmap.render.rounds import emit_round
    from taskmap.store.loading import bundled_data_dir
    from taskmap.tracking.collect import collect as collect_forms

    library = load_library(data, notice)
    shipped = bundled_data_dir() if not data else None
    now = datetime.now().astimezone()
    result = collect_forms(library, files, round_name, now, shipped)
    for problem in result.problems:
        say(str(problem))
    with quiet_on_closed_pipe():
        emit_round(result, output_format)
    return EXIT_NOT_FOUND if result.problems else EXIT_OK


@app.command(
    help=_("Every task × unit's latest reported state and traffic light (红灯 overdue, 黄灯 soon or 滞后)."),
    epilog=examples(
        "taskmap status",
        "taskmap status --round 2019Q2 --state 滞后",
        "taskmap status --dept 市公安局 --today 2019-07-01 --format json",
    ),
)
def status(
    round_name: Annotated[
        str | None,
        typer.Option(
            "--round", metavar="ROUND", help=_("The round (default: the one due last)."), show_default=False
        ),
    ] = None,
    dept: Annotated[
        str | None, typer.Option(click_type=UNIT_NAME, help=_("Only this unit's tasks."), show_default=False)
    ] = None,
    state: Annotated[
        str | None,
        typer.Option(
            click_type=STATE,
            help=_("Only tasks in this state: {states}.").format(states=STATE.listing()),
            show_default=False,
        ),
    ] = None,
    soon: SoonOption = 14,
    today: TodayOption = None,
    output_format: RecordFormatOption = None,
    data: DataOption = None,
    notice: NoticeOption = None,
) -> None:
    import sys
    from datetime import date

    from taskmap.render import default_format
    from taskmap.render.rounds import emit_round
    from taskmap.tracking.status import status as status_of

    chosen = output_format or default_format(sys.stdout)
    answer = status_of(load_library(data, notice), round_name, today or date.today(), soon, dept, state)  # type: ignore[arg-type]
    with quiet_on_closed_pipe():
        emit_round(answer.whole() if chosen == "table" else answer, chosen)  # a table measures every row


@app.command(
    help=_("The units with tasks that have sent no form back for the round."),
    epilog=examples("taskmap missing --round 2019Q2", "taskmap missing --round 2019Q2 --format json"),
)
def missing(
    round_name: RoundOption,
    today: TodayOption = None,
    output_format: RecordFormatOption = None,
    data: DataOption = None,
    notice: NoticeOption = None,
) -> None:
    from datetime import date

    from taskmap.render.rounds import emit_round
    from taskmap.tracking.rounds import checked_round_name
    from taskmap.tracking.status import missing as missing_of

    answer = missing_of(load_library(data, notice), checked_round_name(round_name), today or date.today())
    with quiet_on_closed_pipe():
        emit_round(answer, output_format)


@app.command(
    help=_(
        "The round's 通报 draft in Chinese: totals by state, by unit, what is overdue and "
        "who leads it, who did not report."
    ),
    epilog=examples(
        "taskmap bulletin --round 2019Q2 --format md",
        "taskmap bulletin --round 2019Q2 --format html > 通报.html",
        "taskmap bulletin --round 2019Q2 --format xlsx --out 通报.xlsx",
    ),
)
def bulletin(
    round_name: RoundOption,
    output_format: Annotated[
        BulletinFormat,
        format_option(BULLETIN_FORMAT, N_("md and html make the printable 通报; xlsx needs --out.")),
    ] = "md",
    out: Annotated[
        Path | None,
        typer.Option(help=_("Write to this file instead of stdout (xlsx: required)."), show_default=False),
    ] = None,
    soon: SoonOption = 14,
    today: TodayOption = None,
    data: DataOption = None,
    notice: NoticeOption = None,
) -> None:
    from datetime import date

    from taskmap.errors import BadQuery
    from taskmap.render.rounds import emit_round
    from taskmap.tracking.rounds import checked_round_name
    from taskmap.tracking.status import bulletin as bulletin_of

    if output_format == "xlsx" and out is None:
        raise BadQuery(N_("--format xlsx writes a workbook: give --out FILE.xlsx"))
    answer = bulletin_of(
        load_library(data, notice), checked_round_name(round_name), today or date.today(), soon
    )
    if output_format in ("md", "html", "xlsx"):
        from taskmap.render.bulletin import render_bulletin, write_bulletin_workbook

        if output_format == "xlsx":
            assert out is not None
            with writing_to(out):
                write_bulletin_workbook(answer, out)
            return
        text = render_bulletin(answer, output_format)
        if out is not None:
            from taskmap.atomic import write_atomically

            with writing_to(out):
                write_atomically(out, text.encode())
            return
        with quiet_on_closed_pipe():
            typer.echo(text, nl=False)
        return
    if out is not None:
        from taskmap.atomic import replacing_text

        with writing_to(out), replacing_text(out) as stream:
            emit_round(answer, output_format, stream)  # type: ignore[arg-type]
        return
    with quiet_on_closed_pipe():
        emit_round(answer, output_format)  # type: ignore[arg-type]
