"""Finding the notices a run was given and loading them as a library, through one cache entry per library.

A DIR is one notice (it holds notice.yaml) or a library of them (its subdirectories are notices). The
entry lets an unchanged library answer without opening notices a question does not need.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from taskmap.cache import EntryRecords, fingerprint, read_library_entry, settled, write_library_entry
from taskmap.dataset import Dataset
from taskmap.errors import InvalidDataset, Problem
from taskmap.identity import notice_jurisdiction, notice_key
from taskmap.library import Library, Notice, NoticeFacts, Unit
from taskmap.loading import (
    COMPILED_FORM,
    bundled_data_dir,
    cached_dataset,
    cached_departments,
    cached_view,
    data_source,
    load_checked,
    load_dataset,
    stats_hold,
)
from taskmap.model import Department
from taskmap.registry import normalise

NOTICE_FILE = "notice.yaml"
# What `taskmap notices` shows of notice.yaml, kept in a library's cache entry.
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


def build_library(loaded: list[tuple[Path, Dataset]], only: str | None = None) -> Library:
    """Name each loaded notice, keeping only the notice `only` when given (`--notice`).

    Two notices with one key are an error naming both directories; the same directory twice counts once.
    """
    return _narrowed(_assemble([_named(directory, dataset) for directory, dataset in loaded]), only)


def _named(directory: Path, dataset: Dataset) -> Notice:
    # A directory name that is not UTF-8 (GBK from a Windows disk) makes a key shown with U+FFFD.
    fallback = os.fsencode(directory.name).decode("utf-8", "replace")
    key = notice_key(dataset.notice, fallback)
    return Notice(key, notice_jurisdiction(dataset.notice), directory, dataset)


def _assemble(loaded: list[Notice], units: dict[str, dict[str, Unit]] | None = None) -> Library:
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
    return Library(notices, units)


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
    """Several notices, answered from the library's cache entry for every notice whose files are unchanged.

    The entry records each notice's file stats and content key (trusted as `cache.recall_key` trusts
    them), what `notices` lists, and the merged units. An unchanged library so opens no notice until a
    question needs it; an edited notice alone is read (and compiled) again, and the entry rewritten.
    """
    source = fingerprint(COMPILED_FORM, *(os.fsencode(d.resolve()) for d in directories))[:16]
    entry = read_library_entry(source) or {"notices": {}}
    checked_at = time.time_ns()
    records: dict[str, Any] = {}
    notices: list[Notice] = []
    for path in paths:
        known = entry["notices"].get(str(path))
        notice = _unchanged(path, known)
        if notice is None:
            try:
                dataset, key, stats = load_checked(path)
            except InvalidDataset as invalid:
                raise invalid.in_directory(str(path)) from None
            notice = _named(path, dataset)
            known = {
                "source": data_source(path),
                "key": key,
                "files": stats,
                "at": checked_at,
                "name": notice.key,
                "jurisdiction": notice.jurisdiction,
                "facts": _facts_as_json(notice.facts),
                "units": _units_fingerprint(notice),
            }
        records[str(path)] = known
        notices.append(notice)
    library = _assemble(notices)
    units = _units_from_json(entry.get("units"), library.notices) if _same_units(records, entry) else None
    if units is None or records != entry["notices"]:
        _record_library(source, library, records, None if units is None else entry["units"])
    else:
        _attach_views(library.notices, records, lambda: _part(source, "views"))
    return library if units is None else Library(library.notices, units)


def _same_units(records: dict[str, Any], entry: dict[str, Any]) -> bool:
    """Whether the merged units recorded still hold.

    They do for the same notices in the same order, each in the same jurisdiction with the units it had
    (an edit of a task's text leaves them).
    """
    recorded = entry["notices"]
    return list(records) == list(recorded) and all(
        (record.get("units"), record.get("jurisdiction"))
        == (recorded[path].get("units"), recorded[path].get("jurisdiction"))
        for path, record in records.items()
    )


def _units_fingerprint(notice: Notice) -> str:
    """A fingerprint of a notice's units, all that merging units across notices looks at."""
    rows = json.dumps([list(department[:4]) for department in notice.departments])
    return fingerprint(rows.encode())[:32]


def _record_library(
    source: str, library: Library, records: dict[str, Any], units: dict[str, Any] | None
) -> None:
    """Write the library's entry anew: each notice's record, the merged units, where views lie.

    `units` are the merged units when the recorded ones still hold. Else they are merged again; a notice
    not read again gives its units from its units record alone, so merging opens no notice's index.
    """
    views = _recorded(_part(source, "views"), library.notices, records)
    if units is None:
        _attach_views(library.notices, records, lambda: views)
        units = _units_as_json(library)
    write_library_entry(source, {"notices": records, "units": units})
    for notice in library.notices:
        if notice.loaded and (view := _views_as_json(notice.dataset)) is not None:
            views[str(notice.directory)] = {**view, "key": records[str(notice.directory)]["key"]}
    write_library_entry(source, {"notices": views}, "views")
    _attach_views(library.notices, records, lambda: views)


def _part(source: str, part: str) -> dict[str, Any]:
    """One part of a library's cache entry (see `cache.read_library_entry`): notice path → its record."""
    records: dict[str, Any] = (read_library_entry(source, part) or {"notices": {}})["notices"]
    return records


def _recorded(part: dict[str, Any], notices: list[Notice], records: dict[str, Any]) -> dict[str, Any]:
    """The part's records of the notices not read again, when they were made for the same content key."""
    kept = {}
    for notice in notices:
        path = str(notice.directory)
        if (
            not notice.loaded
            and isinstance(part.get(path), dict)
            and part[path].get("key") == records[path]["key"]
        ):
            kept[path] = part[path]
    return kept


def _views_as_json(dataset: Dataset) -> dict[str, Any] | None:
    """Where a notice's unit views and its units record lie in its cache entry, when read from one."""
    if not isinstance(dataset.records, EntryRecords) or not dataset.view_positions:
        return None
    spans = dataset.records.spans
    return {
        "size": dataset.records.size,
        "spans": {unit: spans[position] for unit, position in dataset.view_positions.items()},
        "units": spans[dataset.departments_at],
    }


def _attach_views(
    notices: list[Notice], records: dict[str, Any], views: Callable[[], dict[str, Any]]
) -> None:
    """Let each notice read its unit views and its units alone from the cache (see `Notice.view`).

    `views` gives where they lie, on first use.
    """
    read_once: list[dict[str, Any]] = []

    def located(notice: Notice) -> tuple[dict[str, Any], dict[str, Any]]:
        """The notice's record and where its views lie; KeyError when they do not match."""
        if not read_once:
            read_once.append(views())
        known, spans = records[str(notice.directory)], read_once[0][str(notice.directory)]
        if spans["key"] != known["key"]:
            raise KeyError(str(notice.directory))
        return known, spans

    def view_reader(notice: Notice) -> Callable[[str], Dataset | None]:
        def read(unit: str) -> Dataset | None:
            try:
                known, spans = located(notice)
                return cached_view(
                    known["source"],
                    notice.directory,
                    known["key"],
                    spans["size"],
                    spans["spans"][unit],
                    notice.jurisdiction,
                )
            except (KeyError, TypeError):
                return None

        return read

    def departments_reader(notice: Notice) -> Callable[[], list[Department] | None]:
        def read() -> list[Department] | None:
            try:
                known, spans = located(notice)
                return cached_departments(known["source"], known["key"], spans["size"], spans["units"])
            except (KeyError, TypeError):
                return None

        return read

    for notice in notices:
        notice.read_view = view_reader(notice)
        notice.read_departments = departments_reader(notice)


def _unchanged(path: Path, known: Any) -> Notice | None:
    """The recorded notice (its data read on first use), if its files' stats are the recorded settled ones."""
    try:
        if not settled(known["files"], known["at"]) or not stats_hold(path, known["files"]):
            return None
        facts = NoticeFacts(*known["facts"])
        return Notice(known["name"], known["jurisdiction"], path, _reader(path, known), facts)
    except (KeyError, TypeError, ValueError, IndexError):
        return None  # no record, or one written by another version of taskmap


def _reader(path: Path, known: dict[str, Any]) -> Callable[[], Dataset]:
    """Reads a notice's data by its recorded content key; checks the files afresh if the cache lost it."""
    return lambda: cached_dataset(known["source"], path, known["key"]) or load_dataset(path)


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
