"""Shell completion of unit and population names (Typer's completion protocol calls these on each TAB)."""

from __future__ import annotations

from taskmap.errors import TaskmapError
from taskmap.loading import load_dataset
from taskmap.registry import normalise


def _matching(names: list[str], incomplete: str) -> list[str]:
    key = normalise(incomplete)
    starting = [name for name in names if normalise(name).startswith(key)]
    return starting or [name for name in names if key in normalise(name)]


def complete_unit(incomplete: str) -> list[str]:
    """Unit names (canonical first, then every other spelling) matching what has been typed."""
    try:
        dataset = load_dataset()
    except TaskmapError:
        return []
    names = list(dataset.departments)
    names += [alias for department in dataset.departments.values() for alias in department.aliases]
    return _matching(names, incomplete)


def complete_population(incomplete: str) -> list[str]:
    """Population names and numbers matching what has been typed."""
    try:
        dataset = load_dataset()
    except TaskmapError:
        return []
    names = [row.name for row in dataset.populations.values()]
    return _matching(names + [str(number) for number in dataset.populations], incomplete)
