"""Finding the unit a person meant, from any spelling, short form or unique part of a name."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from taskmap.errors import AmbiguousUnit, BadQuery, UnknownUnit, shown
from taskmap.model import Department

MAX_CANDIDATES = 6


def normalise(text: str) -> str:
    """Fold full-width/half-width forms and drop white space, so every way of typing a name compares equal."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def closest(query: str, choices: Iterable[str], limit: int = 3) -> list[str]:
    """Up to `limit` choices that look like `query`, best first."""
    import difflib

    return difflib.get_close_matches(query, list(choices), n=limit, cutoff=0.3)


class Registry:
    """Every unit of the dataset, indexed by each normalised name it goes by."""

    def __init__(self, departments: Iterable[Department]) -> None:
        self.departments: dict[str, Department] = {}
        self._by_name: dict[str, str] = {}
        for department in departments:
            self.departments[department.name] = department
            for name in (department.name, *department.aliases):
                self._by_name[normalise(name)] = department.name

    def canonical(self, name: str) -> str | None:
        """The canonical name for an exact spelling or short form, if any."""
        return self._by_name.get(normalise(name))

    def resolve(self, query: str) -> Department:
        """The one unit `query` names: exact spelling first, then a unique part of a name."""
        key = normalise(query)
        if not key:
            raise BadQuery("a unit name is required, e.g. 市公安局")
        if key in self._by_name:
            return self.departments[self._by_name[key]]
        partial = sorted({canonical for name, canonical in self._by_name.items() if key in name})
        if len(partial) == 1:
            return self.departments[partial[0]]
        if partial:
            raise AmbiguousUnit(
                f"{shown(query)} is part of {len(partial)} unit names", tuple(partial[:MAX_CANDIDATES])
            )
        suggestions = dict.fromkeys(self._by_name[name] for name in closest(key, self._by_name, limit=5))
        raise UnknownUnit(f"no unit called {shown(query)}", tuple(suggestions)[:3])

    def names(self) -> list[str]:
        """Every canonical name, in dataset order."""
        return list(self.departments)
