"""Finding the unit a person meant, from any spelling, short form or unique part of a name."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from taskmap.errors import AmbiguousUnit, BadQuery, UnknownUnit, shown
from taskmap.i18n import N_
from taskmap.identity import level_of
from taskmap.model import Department

MAX_CANDIDATES = 6
ADMINISTRATIVE_SUFFIXES = ("市", "省", "县", "区")


def normalise(text: str) -> str:
    """Fold full-width/half-width forms and drop white space, so every way of typing a name compares equal."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def closest(query: str, choices: Iterable[str], limit: int = 3) -> list[str]:
    """Up to `limit` choices that look like `query`, best first."""
    import difflib

    return difflib.get_close_matches(query, list(choices), n=limit, cutoff=0.3)


class Registry:
    """Every unit of the dataset, indexed by each normalised name it goes by."""

    def __init__(self, departments: Iterable[Department], jurisdiction: str | None = None) -> None:
        """`jurisdiction` is the notice's own place (常州市, 福建省): its name before a unit's is dropped on
        lookup, its level (市, 省) put in its stead: 常州市公安局 is 市公安局, 福建省财政厅 is 省财政厅."""
        self.city_prefixes = city_prefixes(jurisdiction)
        self.level = level_of(jurisdiction)
        self.departments: dict[str, Department] = {}
        self._by_name: dict[str, str] = {}
        for department in departments:
            self.departments[department.name] = department
            for name in (department.name, *department.aliases):
                self._by_name[normalise(name)] = department.name

    def canonical(self, name: str) -> str | None:
        """The canonical name for an exact spelling or short form, if any."""
        return self._by_name.get(normalise(name))

    def local_forms(self, key: str) -> list[str]:
        """A normalised name as written with the city (常州市公安局, 常州中院), then without it."""
        forms = [key]
        for prefix in self.city_prefixes:
            rest = key.removeprefix(prefix)
            if rest != key and rest:
                forms += [self.level + rest, rest]
        return list(dict.fromkeys(forms))

    def exact(self, query: str) -> Department | None:
        """The unit a whole spelling or short form names (the city optional), without guessing from parts."""
        for form in self.local_forms(normalise(query)):
            if form in self._by_name:
                return self.departments[self._by_name[form]]
        return None

    def resolve(self, query: str) -> Department:
        """The one unit `query` names: exact spelling, then a unique part of a name; the city is optional."""
        key = normalise(query)
        if not key:
            raise BadQuery(N_("a unit name is required, e.g. 市公安局"))
        exact = self.exact(key)
        if exact is not None:
            return exact
        forms = self.local_forms(key)
        partial: list[str] = []
        for form in forms:
            partial = sorted({canonical for name, canonical in self._by_name.items() if form in name})
            if partial:
                break
        if len(partial) == 1:
            return self.departments[partial[0]]
        if partial:
            raise AmbiguousUnit(
                N_("{name} is part of {count} unit names"),
                tuple(partial[:MAX_CANDIDATES]),
                more=len(partial) - len(partial[:MAX_CANDIDATES]),
                name=shown(query),
                count=len(partial),
            )
        suggestions = dict.fromkeys(self._by_name[name] for name in closest(key, self._by_name, limit=5))
        raise UnknownUnit(N_("no unit called {name}"), tuple(suggestions)[:3], name=shown(query))

    def names(self) -> list[str]:
        """Every canonical name, in dataset order."""
        return list(self.departments)


def city_prefixes(jurisdiction: str | None) -> tuple[str, ...]:
    """How the city is written before a unit: 常州市 and 常州 (longest first)."""
    if not jurisdiction:
        return ()
    city = normalise(jurisdiction)
    short = city[:-1] if city.endswith(ADMINISTRATIVE_SUFFIXES) else city
    return tuple(dict.fromkeys(p for p in (city, short) if p))
