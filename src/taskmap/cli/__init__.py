"""The command line: parse, call one query, render the answer, and map every outcome to an exit code.

Errors are values until here. This is the one place that turns them into a single line on stderr.
"""

from __future__ import annotations

import gc
import os
import sys

import typer
from typer._click.exceptions import (  # typer >=0.26 vendors click; pinned below 0.29
    ClickException,
    NoArgsIsHelpError,
)

from taskmap.cli import data, overview, queries  # noqa: F401 - registers the commands
from taskmap.cli.app import (
    EXIT_CANNOT_WRITE,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_INVALID_DATA,
    EXIT_NOT_FOUND,
    EXIT_OK,
    EXIT_USAGE,
    app,
)
from taskmap.errors import BadQuery, CannotWrite, InvalidDataset, NotFound, TaskmapError

DEBUG_ENV = "TASKMAP_DEBUG"


def exit_code_for(error: TaskmapError) -> int:
    if isinstance(error, NotFound):
        return EXIT_NOT_FOUND
    if isinstance(error, InvalidDataset):
        return EXIT_INVALID_DATA
    if isinstance(error, BadQuery):
        return EXIT_USAGE
    if isinstance(error, CannotWrite):
        return EXIT_CANNOT_WRITE
    return EXIT_INTERNAL


def say(message: str) -> None:
    """One line on stderr, prefixed with the program's name."""
    sys.stderr.write(f"taskmap: {' '.join(message.split())}\n")


def run(args: list[str] | None = None) -> int:
    """Run the CLI and return its exit code instead of raising."""
    try:
        command = typer.main.get_command(app)
        outcome = command.main(args=args, prog_name="taskmap", standalone_mode=False)
        sys.stdout.flush()
    except TaskmapError as error:
        say(f"error: {error}")
        return exit_code_for(error)
    except NoArgsIsHelpError as error:  # `taskmap` alone: the help, on stdout, as for --help
        sys.stdout.write(f"{error.format_message()}\n")
        return error.exit_code
    except ClickException as error:
        message = error.format_message()
        if message:  # empty when the help was shown instead (`taskmap` alone)
            context = getattr(error, "ctx", None)
            where = context.command_path if context is not None else "taskmap"
            say(f"error: {message} (see '{where} --help')")
        return error.exit_code
    except typer.Abort:
        return EXIT_INTERRUPTED
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except Exception as error:
        if os.environ.get(DEBUG_ENV):
            raise
        say(f"internal error: {type(error).__name__}: {error} (set {DEBUG_ENV}=1 for the traceback)")
        return EXIT_INTERNAL
    return outcome if isinstance(outcome, int) else EXIT_OK


def main() -> None:
    """Console entry point."""
    # One short run builds many objects and frees them all at exit; cyclic garbage collection would only
    # cost time (several ms on a large data set), so it stays off.
    gc.disable()
    sys.exit(run())
