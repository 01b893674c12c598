"""The `schema` command: the JSON Schema a command's JSON output follows, for scripts to check against."""

# No `from __future__ import annotations` here: Typer would have to evaluate every annotation
# string again, which costs about 2 ms of start-up per run.

import json
from typing import Annotated

import typer

from taskmap.cli.app import app, examples
from taskmap.cli.output import write_text
from taskmap.i18n import _
from taskmap.schemas import CONTRACT_COMMANDS, command_schema, contract


@app.command(
    help=_(
        "The JSON Schema (draft 2020-12) of COMMAND's --format json output: the contract scripts rely on."
    ),
    epilog=examples(
        "taskmap schema dept",
        "taskmap schema",
        "taskmap schema stats",
    ),
)
def schema(
    command: Annotated[
        str | None,
        typer.Argument(
            help=_("One of {commands}; without it, all of them as one object.").format(
                commands=", ".join(CONTRACT_COMMANDS)
            ),
            metavar="COMMAND",
            show_default=False,
        ),
    ] = None,
) -> None:
    chosen = command_schema(command) if command is not None else contract()
    write_text(json.dumps(chosen, ensure_ascii=False, indent=2) + "\n")
