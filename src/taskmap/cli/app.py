"""The Typer application object and its global options."""

# No `from __future__ import annotations` here: Typer would have to evaluate every annotation
# string again, which costs about 2 ms of start-up per run.

from typing import Annotated

import typer
from typer._click.core import Context
from typer._click.formatting import HelpFormatter

from taskmap import __version__

EXIT_OK = 0
EXIT_NOT_FOUND = 1
EXIT_USAGE = 2
EXIT_INVALID_DATA = 3
EXIT_CANNOT_WRITE = 4
EXIT_INTERNAL = 70
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141

EXIT_CODES_HELP = (
    "Exit codes: 0 answered; 1 nothing found (unknown or ambiguous name, no such id, no match); "
    "2 usage error; 3 the dataset is invalid; 4 an output file cannot be written; 70 internal error; "
    "130 interrupted; 141 the reader closed the pipe."
)


def examples(*lines: str) -> str:
    """A command's epilog: real invocations, then the exit codes."""
    return "Examples:\n\n" + "\n\n".join(f"  {line}" for line in lines) + "\n\n" + EXIT_CODES_HELP


# Commands in the order people need them: the questions first, then the big picture, then documents and data.
COMMAND_ORDER = (
    "dept",
    "depts",
    "population",
    "task",
    "search",
    "annex",
    "matrix",
    "partners",
    "stats",
    "notices",
    "sheets",
    "site",
    "export",
    "import",
    "validate",
    "schema",
)


class CommandsByUse(typer.core.TyperGroup):
    """Lists commands in COMMAND_ORDER (any not named there last), not in the order they were defined."""

    def list_commands(self, ctx: Context) -> list[str]:
        defined = super().list_commands(ctx)
        return sorted(
            defined,
            key=lambda name: COMMAND_ORDER.index(name) if name in COMMAND_ORDER else len(COMMAND_ORDER),
        )

    def format_commands(self, ctx: Context, formatter: HelpFormatter) -> None:
        """Each command's whole first sentence, wrapped between words, never cut off with "..."."""
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=10_000)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


app = typer.Typer(
    name="taskmap",
    cls=CommandsByUse,
    help=(
        "Who leads, supports and answers for each task of a task-division notice: the Changzhou credit "
        "notice built in, or any other notice brought in with the import command."
    ),
    epilog=EXIT_CODES_HELP,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"taskmap {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_show_version, is_eager=True, help="Show the version and exit."),
    ] = False,
) -> None:
    """Who leads, supports and answers for each task of a task-division notice (任务分工)."""
