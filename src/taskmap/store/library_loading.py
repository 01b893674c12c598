"""Finding the notices a run was given and loading them as a library, through one database per library.

A DIR is one notice (it holds notice.yaml) or a library of them (its subdirectories are notices). The
database lets an unchanged library answer without opening notices a question does not need.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from taskmap.dataset import Dataset, department_from_dict
from taskmap.errors import InvalidDataset, Problem
from taskmap.identity import notice_jurisdiction, notice_key
from taskmap.library import Library, Notice, NoticeFacts, SameUnit, Unit
from taskmap.model import Department
from taskmap.registry import normalise
from taskmap.store.database import Database, fingerprint
from taskmap.store.library_spellings import read_same_units, spellings_files
from taskmap.store.loading import (
    COMPILED_FORM,
    bundled_data_dir,
    load_checked,
    load_dataset,
    settled,
    stats_hold,
    stored_dataset,
)

NOTICE_FILE = "notice.yaml"
# What `taskmap notices` shows of notice.yaml, kept in a library's database.
LISTED_FIELDS = ("document_number", "title", "issuer", "publisher", "issued", "published")


def notice_directories(directory: Path) -> list[Path]:
    """A library directory's notices (its subdirectories holding notice.yaml), else the directory itself.

    A directory that is neither is taken as one notice, so the loader says what it lacks. Hidden
    directories are never notices: an import builds its notice in one before renaming it into place.
    """
    if (directory / NOTICE_FILE).is_file() or not directory.is_dir():
        return [directory]
    with os.scandir(directory) as entries:  # plain strings: a library may hold a thousand notices
        names = sorted(
            entry.name
            for entry in entries
            if not entry.name.startswith(".") and os.path.isfile(f"{entry.path}/{NOTICE_FILE}")  # noqa: PTH113
        )
    return [directory / name for name in names] or [directory]


def library_spellings_files(directories: Sequence[Path]) -> list[Path]:
    """The spellings files of the libraries among `directories` (a notice's own directory holds none)."""
    return spellings_files(
        [directory for directory in directories if not (directory / NOTICE_FILE).is_file()]
    )


def build_library(
    loaded: list[tuple[Path, Dataset]], only: str | None = None, same_units: Sequence[SameUnit] = ()
) -> Library:
    """Name each loaded notice, keeping only the notice `only` when given (`--notice`).

    Two notices with one key are an error naming both directories; the same directory twice counts once.
    """
    notices = [_named(directory, dataset) for directory, dataset in loaded]
    return _narrowed(_assemble(notices, same_units=same_units), only)


def _named(directory: Path, dataset: Dataset) -> Notice:
    # A directory name that is not UTF-8 (GBK from a Windows disk) makes a key shown with U+FFFD.
    fallback = os.fsencode(directory.name).decode("utf-8", "replace")
    key = notice_key(dataset.notice, fallback)
    return Notice(key, notice_jurisdiction(dataset.notice), directory, dataset)


def _assemble(
    loaded: list[Notice], units: dict[str, dict[str, Unit]] | None = None, same_units: Sequence[SameUnit] = ()
) -> Library:
    notices: list[Notice] = []
    by_key: dict[str, Notice] = {}
    for notice in loaded:
        clash = by_key.setdefault(normalise(notice.key), notice)
        if clash is not notice:
            if clash.directory.resolve() == notice.directory.resolve():
                continue
            raise InvalidDataset(
                [
                    Problem(
                        str(notice.directory / NOTICE_FILE),
                        "key",
                        f"key '{notice.key}' is also the key of {clash.directory / NOTICE_FILE}; "
                        "set `key:` in one of them",
                    )
                ]
            )
        notices.append(notice)
    return Library(notices, units, same_units)


def _narrowed(library: Library, only: str | None) -> Library:
    """The library, or the notice `only` alone; ids are qualified with the notice's key among several."""
    narrowed = library.narrowed(only)
    for notice in narrowed.notices:
        notice.label_tasks(qualify=narrowed.several)
    return narrowed


def load_library(directories: Sequence[Path] | None = None, only: str | None = None) -> Library:
    """The notices in `directories` (each one notice or a library of them); the shipped notice without any.

    With `only`, the library is that one notice, as if it alone had been loaded.
    """
    paths = [path for directory in directories or () for path in notice_directories(directory)]
    if not paths:  # the shipped notice, which the wheel carries compiled
        return build_library([(bundled_data_dir(), load_dataset())], only)
    return _narrowed(_load_several(directories or (), paths), only)


def _load_several(directories: Sequence[Path], paths: list[Path]) -> Library:
    """Several notices, answered from the library's database for every notice whose files are unchanged.

    The database records each notice's file stats and content key (trusted as `loading.settled` lets
    them be), what `notices` lists, and the merged units. An unchanged library so opens no notice until a
    question needs it; an edited notice alone is read (and compiled) again, and its record rewritten.
    Notices are known by their resolved place, so two spellings of one library share what is known.
    """
    source = fingerprint(COMPILED_FORM, *(os.fsencode(d.resolve()) for d in directories))[:16]
    database = Database.of_library(source)
    same_units, spellings = read_same_units(library_spellings_files(directories), database)
    known_before = database.directories()
    checked_at = time.time_ns()
    records: dict[str, Any] = {}
    notices: list[Notice] = []
    resolved: dict[Path, bytes] = {}
    for path in paths:
        if path.parent not in resolved:
            resolved[path.parent] = os.fsencode(path.parent.resolve())
        name = fingerprint(resolved[path.parent], os.fsencode(path.name))[:32]
        known: dict[str, Any] | None = known_before.get(name)
        notice = _unchanged(path, known, database)
        if notice is None or known is None:
            try:
                dataset, key, stats = load_checked(path, database, known)
            except InvalidDataset as invalid:
                raise invalid.in_directory(str(path)) from None
            notice = _named(path, dataset)
            known = {
                "key": key,
                "files": stats,
                "at": checked_at,
                "name": notice.key,
                "jurisdiction": notice.jurisdiction,
                "facts": _facts_as_json(notice.facts),
                "units": _units_fingerprint(notice),
                "departments_at": dataset.departments_at,
            }
        records[name] = known
        notice.content_key = known["key"]
        notices.append(_with_departments(notice, database, known))
    library = _assemble(notices, same_units=same_units)
    if records != known_before:
        database.remember_directories(
            {name: known for name, known in records.items() if known["files"] is not None}, only=True
        )
    merged = database.library_part("units")
    recorded = [[name, known["units"], known["jurisdiction"]] for name, known in records.items()]
    units = None
    if (
        isinstance(merged, dict)
        and merged.get("notices") == recorded
        and merged.get("spellings") == spellings
    ):
        units = _units_from_json(merged.get("units"), library.notices)
    if units is None:
        part = {"notices": recorded, "spellings": spellings, "units": _units_as_json(library)}
        database.write_library_part("units", part)
    else:
        library = Library(library.notices, units, same_units)
    library.database = database
    return library


def _units_fingerprint(notice: Notice) -> str:
    """A fingerprint of a notice's units, all that merging units across notices looks at."""
    rows = json.dumps([list(department[:4]) for department in notice.departments])
    return fingerprint(rows.encode())[:32]


def _with_departments(notice: Notice, database: Database, known: dict[str, Any]) -> Notice:
    """The notice, able to read its units alone from the database while it is not loaded."""

    def read() -> list[Department] | None:
        found = database.records(known["key"], [known["departments_at"]])
        try:
            return None if found is None else [department_from_dict(row) for row in found[0]["departments"]]
        except (KeyError, TypeError, ValueError, IndexError):
            return None

    notice.read_departments = read
    return notice


def _unchanged(path: Path, known: Any, database: Database) -> Notice | None:
    """The recorded notice (its data read on first use), if its files' stats are the recorded settled ones."""
    try:
        if not settled(known["files"], known["at"]) or not stats_hold(path, known["files"]):
            return None
        facts = NoticeFacts(*known["facts"])
        return Notice(known["name"], known["jurisdiction"], path, _reader(path, known, database), facts)
    except (KeyError, TypeError, ValueError, IndexError):
        return None  # no record, or one written by another version of taskmap


def _reader(path: Path, known: dict[str, Any], database: Database) -> Callable[[], Dataset]:
    """Reads a notice's data by its recorded content key; checks the files afresh if the database lost it."""
    return lambda: stored_dataset(database, path, known["key"]) or load_checked(path, database)[0]


def _facts_as_json(facts: NoticeFacts) -> list[Any]:
    """A notice's facts with only the notice.yaml fields `notices` lists."""
    return [{field: facts.notice.get(field) for field in LISTED_FIELDS}, facts.tasks, facts.units]


def _units_as_json(library: Library) -> dict[str, list[list[Any]]] | None:
    """The merged units of every jurisdiction as JSON, or None when they conflict (reported when asked).

    Each unit names the notices naming it by their place in the library, with the name used there when
    it is not the unit's own.
    """
    place_of = {notice.key: index for index, notice in enumerate(library.notices)}
    try:
        return {
            place: [
                [
                    *unit.department[:4],
                    [
                        place_of[key] if local == unit.department.name else [place_of[key], local]
                        for key, local in unit.names_by_notice.items()
                    ],
                ]
                for unit in library.units(place).values()
            ]
            for place in library.jurisdictions
        }
    except InvalidDataset:
        return None


def _units_from_json(rows_by_place: Any, notices: list[Notice]) -> dict[str, dict[str, Unit]] | None:
    """The merged units as `_units_as_json` wrote them; None when there are none or they cannot be read."""
    try:
        return {
            place: {
                name: Unit(
                    place,
                    Department(name, kind, tuple(spellings), tuple(short_forms)),
                    {
                        notices[where].key if isinstance(where, int) else notices[where[0]].key: (
                            name if isinstance(where, int) else where[1]
                        )
                        for where in named_in
                    },
                )
                for name, kind, spellings, short_forms, named_in in rows
            }
            for place, rows in rows_by_place.items()
        }
    except (AttributeError, TypeError, ValueError, IndexError):
        return None
