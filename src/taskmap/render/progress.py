"""A progress bar for long jobs on a terminal; nothing at all when stderr is piped or redirected."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from taskmap.i18n import N_, _

Item = TypeVar("Item")


def with_progress(items: Iterable[Item], total: int, description: str) -> Iterator[Item]:
    """Yield `items`, drawing a Rich progress bar on stderr when it is a terminal, its `description` (a
    message marked with N_) in the reader's language."""
    if not sys.stderr.isatty():
        yield from items
        return
    from rich.console import Console
    from rich.progress import track

    yield from track(
        items, total=total, description=_(description), console=Console(stderr=True), transient=True
    )


# A job told done before it has run this long draws nothing, and never imports Rich: an edited notice
# compiled again is answered as fast as before.
BAR_AFTER_S = 0.5


@contextmanager
def bar_while_building(
    total: int, description: str = N_("Compiling notices")
) -> Iterator[Callable[[int], None]]:
    """What a long job tells how many of its `total` items are done; on a terminal, a Rich progress bar
    on stderr once it has been told for BAR_AFTER_S, gone when the job ends."""
    if not sys.stderr.isatty():
        yield lambda done: None
        return
    started: float | None = None
    bar: Any = None  # the Rich Progress, once drawn
    task: Any = None

    def advance(done: int) -> None:
        nonlocal started, bar, task
        if bar is None:
            started = time.monotonic() if started is None else started
            if time.monotonic() - started < BAR_AFTER_S:
                return
            from rich.console import Console
            from rich.progress import MofNCompleteColumn, Progress

            columns = (*Progress.get_default_columns(), MofNCompleteColumn())
            bar = Progress(*columns, console=Console(stderr=True), transient=True)
            bar.start()
            task = bar.add_task(_(description), total=total)
        bar.update(task, completed=done)

    try:
        yield advance
    finally:
        if bar is not None:
            bar.stop()
