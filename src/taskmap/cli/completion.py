"""Shell completion of unit and population names (Typer's completion protocol calls these on each TAB)."""

# No `from __future__ import annotations` here: Typer reads the `typer.Context` annotation at run time
# to decide whether to pass the context.

from pathlib import Path

import typer

from taskmap.dataset import Dataset
from taskmap.errors import TaskmapError
from taskmap.loading import load_dataset
from taskmap.registry import normalise


def _dataset(context: typer.Context) -> Dataset | None:
    """The data set the command line being completed points at (--data, TASKMAP_DATA, or the bundled one)."""
    data = context.params.get("data")
    try:
        return load_dataset(Path(data) if data else None)
    except TaskmapError:
        return None


def _matching(names: list[str], incomplete: str) -> list[str]:
    key = normalise(incomplete)
    starting = [name for name in names if normalise(name).startswith(key)]
    return starting or [name for name in names if key in normalise(name)]


def complete_unit(context: typer.Context, incomplete: str) -> list[str]:
    """Unit names (canonical first, then every other spelling) matching what has been typed."""
    dataset = _dataset(context)
    if dataset is None:
        return []
    names = list(dataset.departments)
    names += [alias for department in dataset.departments.values() for alias in department.aliases]
    return _matching(list(dict.fromkeys(names)), incomplete)


def complete_population(context: typer.Context, incomplete: str) -> list[str]:
    """Population names and numbers matching what has been typed."""
    dataset = _dataset(context)
    if dataset is None:
        return []
    names = [row.name for row in dataset.populations.values()]
    return _matching(names + [str(number) for number in dataset.populations], incomplete)
