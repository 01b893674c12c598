"""The `site` command: one offline HTML page answering the CLI's questions, for people without a terminal."""

# No `from __future__ import annotations` here: Typer would have to evaluate every annotation
# string again, which costs about 2 ms of start-up per run.

from pathlib import Path
from typing import Annotated

import typer

from taskmap.cli.app import app, examples
from taskmap.cli.due import DAY, DayOption
from taskmap.cli.options import DataOption, NoticeOption
from taskmap.cli.output import writing_to
from taskmap.i18n import _
from taskmap.store.library_loading import load_library


@app.command(
    help=_(
        "Write one offline HTML page that answers who does what: search, units, tasks, deadlines, progress."
    ),
    epilog=examples(
        "taskmap site --out taskmap.html",
        "taskmap site --out notices.html --data ~/notices",
        "taskmap site --out credit.html --data ~/notices --notice 常信用办2019-10",
        "taskmap site --out 台账.html --data ~/notices --today 2019-07-01",
    ),
)
def site(
    out: Annotated[
        Path,
        typer.Option(
            metavar="FILE", help=_("The HTML file to write (one file: data, styles and script inside).")
        ),
    ],
    today: Annotated[
        DayOption,
        typer.Option(
            click_type=DAY,
            help=_("Show what is due and each task's light as of DATE, not the day it is built."),
        ),
    ] = None,
    data: DataOption = None,
    notice: NoticeOption = None,
) -> None:
    from taskmap.atomic import write_atomically
    from taskmap.questions.site import site_payload
    from taskmap.render.website import render_site

    page = render_site(site_payload(load_library(data, notice), today))
    with writing_to(out):
        write_atomically(out, page.encode())
    typer.echo(_("wrote {out} ({size} KB)").format(out=out, size=len(page.encode()) // 1024), err=True)
