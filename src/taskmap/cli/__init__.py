"""The command line: parse, call one query, render the answer, and map every outcome to an exit code.

Errors are values until here. This is the one place that turns them into a single line on stderr.
"""

from __future__ import annotations

import copy
import gc
import os
import re
import sys
from typing import TextIO, cast

import typer
from typer._click.exceptions import (  # typer >=0.26 vendors click; pinned below 0.29
    ClickException,
    NoArgsIsHelpError,
    UsageError,
)

from taskmap.cli import contract, data, due, importing, overview, queries, rounds, site  # noqa: F401 - registers the commands
from taskmap.cli.app import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_OK, app, command_name
from taskmap.cli.options import data_dir_given
from taskmap.cli.output import ClosedStdout, exit_code_for, say, stdout_error, stdout_failed
from taskmap.cli.typer_words import usage_error
from taskmap.errors import InvalidDataset, TaskmapError
from taskmap.i18n import _
from taskmap.render.progress import bar_while_building
from taskmap.store.database import build_progress

DEBUG_ENV = "TASKMAP_DEBUG"
# Set by the completion scripts `taskmap --install-completion` installs.
COMPLETE_ENV = "_TASKMAP_COMPLETE"
HELP_OPTIONS = {"-h", "--help"}
SHELL_SAFE = re.compile(r"[^\s'\"\\$`|&;<>()*?!#~{}\[\]]+")


def run(args: list[str] | None = None) -> int:
    """Run the CLI and return its exit code instead of raising."""
    args = sys.argv[1:] if args is None else args
    data_dir_given.set(None)
    build_progress.set(bar_while_building)  # a library compiled afresh shows a bar on a terminal
    if sys.stdout is None:  # started with stdout closed
        sys.stdout = cast(TextIO, ClosedStdout())
    try:
        command = typer.main.get_command(app_for(args or words_before_completion()))
        outcome = command.main(args=args, prog_name="taskmap", standalone_mode=False)
        sys.stdout.flush()
    except TaskmapError as error:
        if isinstance(error, InvalidDataset) and data_dir_given.get() is not None:
            given = " ".join(f"--data {shell_word(str(path))}" for path in data_dir_given.get() or [])
            error.validate_command = f"taskmap validate {given}"
        say(_("error: {message}").format(message=error))
        return exit_code_for(error)
    except NoArgsIsHelpError as error:  # `taskmap` alone: the help, on stdout, as for --help
        sys.stdout.write(f"{error.format_message()}\n")
        return error.exit_code
    except ClickException as error:
        say(_("error: {message}").format(message=f"{usage_error(error)} {usage_hint(error, args)}"))
        return error.exit_code
    except typer.Abort:
        return EXIT_INTERRUPTED
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except OSError as error:
        if not stdout_failed(error):
            return internal_error(error)
        failure = stdout_error(error)
        say(_("error: {message}").format(message=failure))
        return exit_code_for(failure)
    except Exception as error:
        return internal_error(error)
    return outcome if isinstance(outcome, int) else EXIT_OK


def internal_error(error: Exception) -> int:
    """A failure taskmap has no words for: one line, or the traceback with TASKMAP_DEBUG set."""
    if os.environ.get(DEBUG_ENV):
        raise error
    say(
        _("internal error: {error} (set {variable}=1 for the traceback)").format(
            error=f"{type(error).__name__}: {error}", variable=DEBUG_ENV
        )
    )
    return EXIT_INTERNAL


def usage_hint(error: ClickException, args: list[str]) -> str:
    """Where to look next: the command a question was meant for, or the help of the command given."""
    context = getattr(error, "ctx", None)
    unknown_command = isinstance(error, UsageError) and error.message.startswith("No such command")
    if unknown_command and context is not None and context.parent is None and args:
        meant = queries.command_meant(args[0])
        if meant is not None:
            command = f"taskmap {meant} {' '.join(map(shell_word, args))}"
            return _("(did you mean: {command})").format(command=command)
    where = context.command_path if context is not None else "taskmap"
    return _("(see '{command}')").format(command=f"{where} --help")


def app_for(args: list[str]) -> typer.Typer:
    """The application with only the command `args` name, or with none when they are only -h or --help.

    Typer builds every registered command's parameters before it runs one; building only the one asked
    for takes that work off every answer. The main help lists the commands from their functions (see
    `command_summaries`). Anything else (completion of a command, a mistyped command) gets them all.
    """
    wanted = [info for info in app.registered_commands if args and command_name(info) == args[0]]
    if not wanted and not (args and set(args) <= HELP_OPTIONS):
        return app
    alone = copy.copy(app)
    alone.registered_commands = wanted
    return alone


def words_before_completion() -> list[str]:
    """While the shell completes a word, the words typed before it: they say which command it belongs to.

    Read from the variables Typer's completion scripts set: COMP_WORDS and COMP_CWORD (bash), else
    _TYPER_COMPLETE_ARGS, whose last word may be the one being completed. Outside completion, none.
    """
    if not os.environ.get(COMPLETE_ENV):
        return []
    if "COMP_WORDS" in os.environ:
        cword = os.environ.get("COMP_CWORD", "")
        return os.environ["COMP_WORDS"].split()[1 : int(cword)] if cword.isdigit() else []
    return os.environ.get("_TYPER_COMPLETE_ARGS", "").split()[1:-1]


def shell_word(word: str) -> str:
    """A word as it can be typed back into a shell: quoted only when the shell would otherwise change it."""
    if SHELL_SAFE.fullmatch(word):
        return word
    import shlex  # only to quote a path in a hint

    return shlex.quote(word)


def main() -> None:
    """Console entry point."""
    # One short run builds many objects and frees them all at exit; cyclic garbage collection would only
    # cost time (several ms on a large data set), so it stays off.
    gc.disable()
    sys.exit(run())
