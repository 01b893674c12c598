"""Writing an answer to stdout, where the reader may stop reading at any time."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer

from taskmap.cli.app import EXIT_BROKEN_PIPE
from taskmap.errors import CannotWrite
from taskmap.render import Answer, OutputFormat, emit


@contextmanager
def quiet_on_closed_pipe() -> Iterator[None]:
    """A reader that went away (`taskmap depts | head -1`) ends the command quietly, as `yes | head` does."""
    try:
        yield
        sys.stdout.flush()
    except BrokenPipeError:
        # Point stdout at /dev/null so the interpreter's final flush cannot fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(EXIT_BROKEN_PIPE) from None


def answer(result: Answer, output_format: OutputFormat | None) -> None:
    """Render one answer on stdout."""
    with quiet_on_closed_pipe():
        emit(result, output_format)


def write_text(text: str) -> None:
    """Print a whole document on stdout."""
    with quiet_on_closed_pipe():
        sys.stdout.write(text)


@contextmanager
def writing_to(path: Path) -> Iterator[None]:
    """Around writing one output file: a failure is one line and exit 4, never a traceback."""
    try:
        yield
    except OSError as error:
        raise CannotWrite(f"cannot write {path}: {error.strerror or error}") from None
