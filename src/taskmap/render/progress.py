"""A progress bar for long jobs on a terminal; nothing at all when stderr is piped or redirected."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

Item = TypeVar("Item")


def with_progress(items: Iterable[Item], total: int, description: str) -> Iterator[Item]:
    """Yield `items`, drawing a Rich progress bar on stderr when it is a terminal."""
    if not sys.stderr.isatty():
        yield from items
        return
    from rich.console import Console
    from rich.progress import track

    yield from track(
        items, total=total, description=description, console=Console(stderr=True), transient=True
    )
