"""`taskmap import`: turn a published notice into a data directory every other command can answer from."""

# No `from __future__ import annotations` here: Typer would evaluate every annotation string again.

from pathlib import Path
from typing import Annotated

import typer

from taskmap.cli.app import app, examples
from taskmap.errors import CannotWrite
from taskmap.i18n import N_, _


@app.command(
    "import",
    help=_(
        "Read a task-division notice and write it as a data directory; report on stderr (exit 1: no task)."
    ),
    epilog=examples(
        "taskmap import data/source/changzhou-credit-task-division-2019.txt --units data/departments.yaml"
        " --out ~/notices/changzhou-2019",
        "taskmap import guofa-2019-3.html --out ~/notices/guofa-2019-3 --report import-report.txt",
        "taskmap validate --data ~/notices/guofa-2019-3",
        "taskmap dept 海关总署 --data ~/notices/guofa-2019-3",
    ),
)
def import_notice(
    file: Annotated[
        str,
        typer.Argument(
            metavar="FILE",
            help=_("The notice: page text, .html, .docx, .doc/.wps, .xlsx/.xls/.et or a PDF; - for stdin."),
        ),
    ],
    out: Annotated[
        Path,
        typer.Option(
            "--out", metavar="DIR", help=_("Data directory to write (created; must be empty unless --force).")
        ),
    ],
    units: Annotated[
        Path | None,
        typer.Option(
            "--units",
            metavar="FILE",
            help=_("An existing departments.yaml whose spellings are reused and extended."),
        ),
    ] = None,
    report: Annotated[
        Path | None, typer.Option("--report", metavar="FILE", help=_("Also write the report to this file."))
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help=_("Replace the notice in a non-empty DIR (the old one is kept aside, beside DIR)."),
        ),
    ] = False,
) -> None:
    from taskmap.importer import NoTasks, read_file
    from taskmap.importer import import_notice as run_import
    from taskmap.importer.report import failure_lines, report_lines

    try:
        result = run_import(read_file(file), file, out, units, force)
    except NoTasks as nothing:  # the error is one line; what the reading met goes to --report FILE
        if report is not None:
            write_report(failure_lines(nothing.page, nothing.notice), report)
        raise
    lines = report_lines(result, str(out))
    for line in lines:
        typer.echo(line, err=True)
    if report is not None:
        write_report(lines, report)


def write_report(lines: list[str], report: Path) -> None:
    from taskmap.atomic import write_atomically

    try:
        write_atomically(report, ("\n".join(lines) + "\n").encode())
    except OSError as error:
        raise CannotWrite(
            N_("{path}: cannot be written: {reason}"), path=f"--report {report}", reason=error.strerror
        ) from None
