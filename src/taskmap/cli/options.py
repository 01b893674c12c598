"""Options shared by every command, defined once."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from taskmap.render import DeptFormat, OutputFormat


def format_option(help_text: str) -> Any:
    """`--format/-f`, the same on every command; only its help says which formats it offers."""
    return typer.Option("--format", "-f", help=help_text, case_sensitive=False, show_default=False)


FormatOption = Annotated[
    OutputFormat | None,
    format_option("Output format. Default: table on a terminal, plain tab-separated lines when piped."),
]

DeptFormatOption = Annotated[
    DeptFormat | None,
    format_option(
        "Output format; md and html make a printable checklist. Default: table, or plain when piped."
    ),
]

DataOption = Annotated[
    Path | None,
    typer.Option(
        "--data",
        help="Data directory (notice.yaml, departments.yaml, annexes/). Default: the data taskmap ships.",
        envvar="TASKMAP_DATA",
        show_default=False,
    ),
]
