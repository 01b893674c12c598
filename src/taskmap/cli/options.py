"""Options shared by every command, defined once."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from taskmap.render import DeptFormat, OutputFormat

FormatOption = Annotated[
    OutputFormat | None,
    typer.Option(
        "--format",
        "-f",
        help="Output format. Default: table on a terminal, plain tab-separated lines when piped.",
        case_sensitive=False,
        show_default=False,
    ),
]

DeptFormatOption = Annotated[
    DeptFormat | None,
    typer.Option(
        "--format",
        "-f",
        help="Output format; md and html make a printable checklist. Default: table, or plain when piped.",
        case_sensitive=False,
        show_default=False,
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
