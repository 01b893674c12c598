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

from taskmap.errors import TaskmapError
from taskmap.library import Library
from taskmap.questions.queries import task_ids_starting
from taskmap.registry import normalise
from taskmap.store.library_loading import load_library


def _library(context: Context) -> Library | None:
    """The notices the command line being completed points at (--data, TASKMAP_DATA, or the shipped one)."""
    data = context.params.get("data")
    try:
        return load_library([Path(path) for path in data] if data else None, context.params.get("notice"))
    except TaskmapError:
        return None


def matching(names: list[str], incomplete: str) -> list[str]:
    """Names containing what has been typed anywhere, as lookup matches them; those starting with it first."""
    key = normalise(incomplete)
    starting = [name for name in names if normalise(name).startswith(key)]
    return starting + [name for name in names if key in normalise(name) and name not in starting]


def unit_names(library: Library, incomplete: str) -> list[str]:
    """Unit names (canonical first, then every other spelling) matching what has been typed."""
    departments = [unit.department for unit in library.all_units()]
    names = [department.name for department in departments]
    names += [alias for department in departments for alias in department.aliases]
    return matching(list(dict.fromkeys(names)), incomplete)


def population_names(library: Library, incomplete: str) -> list[str]:
    """Population names and numbers matching what has been typed."""
    rows = [row for notice in library.notices for row in notice.dataset.populations.values()]
    names = list(dict.fromkeys([row.name for row in rows] + [str(row.number) for row in rows]))
    return matching(names, incomplete)


def task_ids(library: Library, incomplete: str) -> list[str]:
    """Task ids starting with what has been typed; KEY:ID with several notices (the key may be left off)."""
    if not library.several:
        return task_ids_starting(library.notices[0].dataset, incomplete)
    key, _, local = incomplete.rpartition(":")
    return [
        f"{notice.key}:{task_id}"
        for notice in library.notices
        if notice.key.startswith(key)
        for task_id in task_ids_starting(notice.dataset, local)
    ]


class CompletedText(StringParamType):
    """Text whose completions come from the data set."""

    def __init__(self, metavar: str, candidates: Callable[[Library, str], list[str]]) -> None:
        self.metavar = metavar
        self.candidates = candidates

    def get_metavar(self, param: Parameter, ctx: Context) -> str:
        return self.metavar

    def shell_complete(self, ctx: Context, param: Parameter, incomplete: str) -> list[CompletionItem]:
        library = _library(ctx)
        found = [] if library is None else self.candidates(library, incomplete)
        return [CompletionItem(name) for name in found]


UNIT_NAME = CompletedText("NAME", unit_names)
POPULATION_QUERY = CompletedText("QUERY", population_names)
TASK_ID = CompletedText("ID", task_ids)
