"""Writing answers to stdout, where the reader may stop reading at any time, and errors to stderr.

A stdout that is closed, full or failing makes the command exit 4 with one line, like any output file
that cannot be written.
"""

from __future__ import annotations

import errno
import io
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import typer

from taskmap.cli.app import (
    EXIT_BROKEN_PIPE,
    EXIT_CANNOT_WRITE,
    EXIT_INTERNAL,
    EXIT_INVALID_DATA,
    EXIT_NOT_FOUND,
    EXIT_OK,
    EXIT_USAGE,
)
from taskmap.errors import BadQuery, CannotWrite, InvalidDataset, NotFound, TaskmapError
from taskmap.i18n import N_, _
from taskmap.questions.streams import Streamed
from taskmap.render import Answer, OutputFormat, default_format, emit, emit_streamed
from taskmap.render.escaping import printable

Result = TypeVar("Result")
STDOUT_WRITE_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EBADF, errno.EIO}


def say(message: str) -> None:
    """One line on stderr, prefixed with the program's name; nothing if there is no stderr to write to."""
    if sys.stderr is None:
        return
    try:
        sys.stderr.write(f"taskmap: {printable(' '.join(message.split()))}\n")
    except OSError:
        return


class ClosedStdout(io.TextIOBase):
    """Stands in for the stdout a process was started without (`taskmap dept 市公安局 >&-`).

    Writing to it fails as writing to a closed descriptor does, so an answer exits 4, while a command
    that writes only files (`site --out`) still works.
    """

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "stdout is closed")

    def isatty(self) -> bool:
        return False


def stdout_failed(error: OSError) -> bool:
    """Whether `error`, which no part of taskmap caught, is stdout failing to take the answer.

    Every file taskmap reads or writes has its own errors; what is left is stdout, when it says it
    cannot be written (closed, full, over quota) or still cannot be flushed. What it holds then goes to
    /dev/null, so that the interpreter's last flush cannot fail again at exit.
    """
    if isinstance(sys.stdout, ClosedStdout):
        return True
    failed = error.errno in STDOUT_WRITE_ERRORS
    try:
        sys.stdout.flush()
    except OSError:
        failed = True
    if failed:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return failed


def stdout_error(error: OSError) -> CannotWrite:
    return CannotWrite(N_("cannot write to stdout: {reason}"), reason=error.strerror or error)


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


@contextmanager
def quiet_on_closed_pipe() -> Iterator[None]:
    """A reader that went away (`taskmap depts | head -1`) ends the command quietly, as `yes | head` does;
    a stdout that is full or closed is one line and exit 4."""
    try:
        yield
        sys.stdout.flush()
    except BrokenPipeError:
        # Point stdout at /dev/null so the interpreter's final flush cannot fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(EXIT_BROKEN_PIPE) from None
    except OSError as error:
        if not stdout_failed(error):
            raise
        raise stdout_error(error) from None


def answer(result: Answer, output_format: OutputFormat | None) -> None:
    """Render one answer on stdout."""
    with quiet_on_closed_pipe():
        emit(result, output_format)


def answer_as_read(
    whole: Callable[[], Answer], streamed: Callable[[], Streamed], output_format: OutputFormat | None
) -> None:
    """Render an answer that may be big: a table from `whole()`, which it measures first (of a big answer
    it may list only the first rows, see `render.TABLE_ROWS`); the other formats as the answer is read
    (its errors come before anything is written)."""
    chosen = output_format or default_format(sys.stdout)
    if chosen == "table":
        answer(whole(), chosen)
        return
    result = streamed()
    with quiet_on_closed_pipe():
        emit_streamed(result, chosen)


def answer_each(
    queries: list[str],
    ask: Callable[[str], Answer],
    output_format: OutputFormat | None,
    streamed: Callable[[str], Streamed] | None = None,
) -> int:
    """Answer each query in turn, in the order given, and return the exit code; `streamed`, when given,
    answers a query in any format but a table as it is read (see `answer_as_read`).

    One query answers exactly as `answer` does and fails as a single error. With several, what is
    answered is written (tables one after another, labelled plain/csv records, one JSON document per
    line) and each query that fails is one line on stderr; the exit code is then the highest of theirs.
    """
    if len(queries) == 1:
        if streamed is None:
            answer(ask(queries[0]), output_format)
        else:
            answer_as_read(lambda: ask(queries[0]), lambda: streamed(queries[0]), output_format)
        return EXIT_OK
    from taskmap.render.records import batch_records, write_csv, write_tsv

    chosen = output_format or default_format(sys.stdout)
    exit_code = EXIT_OK

    def answered(ask_one: Callable[[str], Result]) -> Iterator[Result]:
        """The answers of the queries that have one; each that fails is said."""
        nonlocal exit_code
        for query in queries:
            try:
                yield ask_one(query)
            except (NotFound, BadQuery) as error:
                say(_("error: {message}").format(message=error))
                exit_code = max(exit_code, exit_code_for(error))

    with quiet_on_closed_pipe():
        if streamed is not None and chosen != "table":
            for index, streamed_result in enumerate(answered(streamed)):
                emit_streamed(streamed_result, chosen, labelled=True, header=not index)
            return exit_code
        for index, result in enumerate(answered(ask)):
            if chosen == "plain":
                write_tsv(batch_records(result)[1], sys.stdout)
            elif chosen == "csv":
                columns, rows = batch_records(result)
                write_csv(None if index else columns, rows, sys.stdout)
            else:
                if chosen == "table" and index:
                    sys.stdout.write("\n")
                emit(result, chosen)
    return exit_code


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
        raise CannotWrite(
            N_("cannot write {path}: {reason}"), path=path, reason=error.strerror or error
        ) from None
