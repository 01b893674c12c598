"""The Typer application object and its global options."""

# No `from __future__ import annotations` here: Typer would have to evaluate every annotation
# string again, which costs about 2 ms of start-up per run.

import inspect
from typing import Annotated

import typer
from typer._click.core import Context
from typer._click.formatting import HelpFormatter
from typer._click.utils import make_default_short_help
from typer.models import CommandInfo

from taskmap import __version__
from taskmap.i18n import N_, _, language

EXIT_OK = 0
EXIT_NOT_FOUND = 1
EXIT_USAGE = 2
EXIT_INVALID_DATA = 3
EXIT_CANNOT_WRITE = 4
EXIT_INTERNAL = 70
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141

EXIT_CODES_HELP = N_(
    "Exit codes: 0 answered; 1 nothing found (unknown or ambiguous name, no such id, no match); "
    "2 usage error; 3 the dataset is invalid; 4 an output file or stdout cannot be written; "
    "70 internal error; 130 interrupted; 141 the reader closed the pipe."
)


def examples(*lines: str) -> str:
    """A command's epilog: real invocations, then the exit codes."""
    return _("Examples:") + "\n\n" + "\n\n".join(f"  {line}" for line in lines) + "\n\n" + _(EXIT_CODES_HELP)


# Commands in the order people need them: the questions first, then the big picture, then documents and data.
COMMAND_ORDER = (
    "dept",
    "depts",
    "population",
    "task",
    "search",
    "annex",
    "due",
    "forms",
    "collect",
    "status",
    "missing",
    "bulletin",
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


def in_order_of_use(names: list[str]) -> list[str]:
    """Command names in COMMAND_ORDER, any not named there last."""
    return sorted(
        names, key=lambda name: COMMAND_ORDER.index(name) if name in COMMAND_ORDER else len(COMMAND_ORDER)
    )


def command_name(info: CommandInfo) -> str:
    """The name a registered command is typed as."""
    assert info.callback is not None
    return info.name or typer.main.get_command_name(info.callback.__name__)


def command_summaries() -> list[tuple[str, str]]:
    """Each registered command's name and whole first sentence, in order of use.

    Read from the registered functions as Typer reads a command's help, without building any command's
    parameters: the list costs nothing when `taskmap --help` needs no command built (see `cli.app_for`).
    """
    summaries = {}
    for info in app.registered_commands:
        text = inspect.cleandoc(info.help) if info.help is not None else inspect.getdoc(info.callback)
        summaries[command_name(info)] = make_default_short_help(text or "", 10_000).strip()
    return [(name, summaries[name]) for name in in_order_of_use(list(summaries))]


class CommandsByUse(typer.core.TyperGroup):
    """Lists commands in COMMAND_ORDER (any not named there last), not in the order they were defined."""

    def list_commands(self, ctx: Context) -> list[str]:
        return in_order_of_use(super().list_commands(ctx))

    def format_commands(self, ctx: Context, formatter: HelpFormatter) -> None:
        """Each command's whole first sentence, wrapped between words, never cut off with "..."."""
        with formatter.section(_("Commands")):
            formatter.write_dl(command_summaries())


class DisplayWidthHelp(HelpFormatter):
    """Click's help formatter, measuring and wrapping by the columns text takes (see `help_wrapping`);
    taught only when help is shown, so an answer loads nothing for it."""

    def __init__(self, indent_increment: int = 2, width: int | None = None, max_width: int | None = None):
        from taskmap.cli.help_wrapping import count_display_width

        count_display_width()
        super().__init__(indent_increment, width, max_width)


Context.formatter_class = DisplayWidthHelp

if language() != "en":
    from taskmap.cli.typer_words import teach_typer

    teach_typer()

app = typer.Typer(
    name="taskmap",
    cls=CommandsByUse,
    help=_(
        "Who leads, supports and answers for each task of a task-division notice: the Changzhou credit "
        "notice built in, or any other notice brought in with the import command."
    ),
    epilog=_(EXIT_CODES_HELP),
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
        typer.Option(
            "--version", callback=_show_version, is_eager=True, help=_("Show the version and exit.")
        ),
    ] = False,
) -> None:
    """Who leads, supports and answers for each task of a task-division notice (任务分工)."""
