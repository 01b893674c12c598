"""The shipped registry of central units: one entry per organ that State Council documents name.

A notice of 全国 compiled with it lets every printed and spoken form of one of its units answer: 发展改革委
(国发 documents), 国家发展改革委 (国办发 documents) and 发改委 are one unit, across notices too. The YAML
is read only when a notice is compiled; its bytes are part of every notice's content key, so an edit of
the registry can never leave a cached notice with the old names.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from taskmap.errors import InvalidDataset, Problem
from taskmap.i18n import N_

if TYPE_CHECKING:
    from taskmap.central.entries import CentralUnit

REGISTRY_FILE = "units.yaml"
# Shown in problems, as a data file's name is.
REGISTRY_PLACE = f"taskmap/central/{REGISTRY_FILE}"


def registry_bytes() -> bytes:
    """The registry file's bytes (a plain path beside this module: importlib.resources costs start-up)."""
    try:
        return (Path(__file__).parent / REGISTRY_FILE).read_bytes()
    except OSError as error:
        unreadable = Problem(REGISTRY_PLACE, "", N_("cannot be read: {reason}"), {"reason": error.strerror})
        raise InvalidDataset([unreadable]) from None


def central_units(raw: bytes | None = None) -> list[CentralUnit]:
    """The registry's units, checked: every source cited exists, every successor is an entry, every
    spelling names one unit. Problems are one InvalidDataset naming the file and the place."""
    from pydantic import ValidationError

    from taskmap.central.entries import CentralFile
    from taskmap.store.compiler import key_path, message_of
    from taskmap.store.yamlfile import YamlProblem, parse_yaml

    try:
        data: Any = parse_yaml(registry_bytes() if raw is None else raw)
    except YamlProblem as problem:
        raise InvalidDataset([problem.in_file(REGISTRY_PLACE)]) from None
    try:
        registry = CentralFile.model_validate(data)
    except ValidationError as error:
        problems = [Problem(REGISTRY_PLACE, key_path(d["loc"], data), *message_of(d)) for d in error.errors()]
        raise InvalidDataset(problems) from None
    problems = _cross_checks(registry.units, registry.sources)
    if problems:
        raise InvalidDataset(problems)
    return registry.units


def _cross_checks(units: list[CentralUnit], sources: dict[str, str]) -> list[Problem]:
    from taskmap.registry import normalise

    problems = []
    owner: dict[str, str] = {}
    full_names = {unit.name for unit in units}
    for index, unit in enumerate(units):
        where = f"units[{index}] ({unit.name})"
        if unit.source not in sources:
            no_source = N_("no source '{source}'")
            problems.append(Problem(REGISTRY_PLACE, f"{where}.source", no_source, {"source": unit.source}))
        for successor in unit.successors:
            if successor not in full_names:
                no_unit = N_("no unit '{unit}'")
                problems.append(Problem(REGISTRY_PLACE, f"{where}.successors", no_unit, {"unit": successor}))
        if unit.successors and unit.abolished is None:
            problems.append(Problem(REGISTRY_PLACE, where, N_("successors are named for an abolished unit")))
        for name in unit.names:
            key = normalise(name)
            if owner.setdefault(key, unit.name) != unit.name:
                taken = N_("'{name}' already names {unit}")
                problems.append(Problem(REGISTRY_PLACE, where, taken, {"name": name, "unit": owner[key]}))
    return problems


def names_by_spelling(units: list[CentralUnit]) -> dict[str, CentralUnit]:
    """Each normalised spelling of the registry to the unit it names."""
    from taskmap.registry import normalise

    return {normalise(name): unit for unit in units for name in unit.names}


def with_central_names(rows: list[dict[str, Any]], owner: dict[str, str]) -> list[dict[str, Any]]:
    """A national notice's compiled units, each known to the registry given every name it goes by.

    `owner` maps the notice's own spellings to its units: a registry name the notice gives another unit
    stays that unit's, and a registry unit two entries match lends its names to the first alone. A kind
    the import only guessed becomes the registry's.
    """
    from taskmap.registry import normalise

    by_spelling = names_by_spelling(central_units())
    taken = set(owner)
    enriched = []
    for row in rows:
        names = (row["name"], *row["aliases"])
        unit = next((by_spelling[key] for n in names if (key := normalise(n)) in by_spelling), None)
        if unit is None:
            enriched.append(row)
            continue
        extra = [name for name in unit.names if normalise(name) not in taken]
        taken.update(normalise(name) for name in extra)
        short_forms = [*row["short_forms"], *extra]
        enriched.append(
            {
                **row,
                "aliases": [*row["spellings"], *short_forms],
                "short_forms": short_forms,
                **({"kind": unit.kind} if row.get("kind_inferred") else {}),
            }
        )
    return enriched
