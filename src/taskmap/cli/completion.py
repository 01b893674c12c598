"""Argument types for what names a unit, a population or a task, completing on TAB from the data.

Each is a click parameter type rather than a Typer `autocompletion` callback, because Typer keeps only the
candidates that start with what was typed, while lookup (and so completion) matches any part of a name.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from typer._click.core import Context, Parameter
from typer._click.shell_completion import CompletionItem
from typer._click.types import StringParamType

from taskmap.dataset import Dataset
from taskmap.errors import TaskmapError
from taskmap.loading import load_dataset
from taskmap.queries import task_ids_starting
from taskmap.registry import normalise


def _dataset(context: Context) -> Dataset | None:
    """The data set the command line being completed points at (--data, TASKMAP_DATA, or the bundled one)."""
    data = context.params.get("data")
    try:
        return load_dataset(Path(data) if data else None)
    except TaskmapError:
        return None


def matching(names: list[str], incomplete: str) -> list[str]:
    """Names containing what has been typed anywhere, as lookup matches them; those starting with it first."""
    key = normalise(incomplete)
    starting = [name for name in names if normalise(name).startswith(key)]
    return starting + [name for name in names if key in normalise(name) and name not in starting]


def unit_names(dataset: Dataset, incomplete: str) -> list[str]:
    """Unit names (canonical first, then every other spelling) matching what has been typed."""
    names = list(dataset.departments)
    names += [alias for department in dataset.departments.values() for alias in department.aliases]
    return matching(list(dict.fromkeys(names)), incomplete)


def population_names(dataset: Dataset, incomplete: str) -> list[str]:
    """Population names and numbers matching what has been typed."""
    names = [row.name for row in dataset.populations.values()]
    return matching(names + [str(number) for number in dataset.populations], incomplete)


class CompletedText(StringParamType):
    """Text whose completions come from the data set."""

    def __init__(self, metavar: str, candidates: Callable[[Dataset, str], list[str]]) -> None:
        self.metavar = metavar
        self.candidates = candidates

    def get_metavar(self, param: Parameter, ctx: Context) -> str:
        return self.metavar

    def shell_complete(self, ctx: Context, param: Parameter, incomplete: str) -> list[CompletionItem]:
        dataset = _dataset(ctx)
        found = [] if dataset is None else self.candidates(dataset, incomplete)
        return [CompletionItem(name) for name in found]


UNIT_NAME = CompletedText("NAME", unit_names)
POPULATION_QUERY = CompletedText("QUERY", population_names)
TASK_ID = CompletedText("ID", task_ids_starting)
