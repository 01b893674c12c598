"""Finding the notices a run was given and loading them as a library, through one database per library.

A DIR is one notice (it holds notice.yaml) or a library of them (its subdirectories are notices). The
database lets an unchanged library answer without opening notices a question does not need.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator, Mapping, Sequence
from functools import cached_property
from pathlib import Path
from typing import Any

from taskmap.dataset import Dataset, department_from_dict
from taskmap.errors import InvalidDataset, Problem
from taskmap.i18n import N_
from taskmap.identity import notice_jurisdiction, notice_key
from taskmap.library import Library, Notice, NoticeFacts, NoticeStore, SameUnit, Unit, UnitsRecord
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
# What a library's database says of each content key, read when asked: what `notices` lists, the `stats`
# figures.
FACTS, HEADLINES = "facts", "headlines"
READ_AHEAD = 256


def notice_directories(directory: Path) -> list[Path]:
    """A library directory's notices (its subdirectories holding notice.yaml), else the directory itself.

    A directory that is neither is taken as one notice, so the loader says what it lacks. Hidden
    directories are never notices: an import builds its notice in one before renaming it into place.
    """
    return [Path(place) for place in _notice_places(directory)]


def _notice_places(directory: Path) -> list[str]:
    """`notice_directories` as plain strings: a library may hold ten thousand notices."""
    if (directory / NOTICE_FILE).is_file() or not directory.is_dir():
        return [str(directory)]
    base = str(directory)
    with os.scandir(directory) as entries:
        names = sorted(
            entry.name
            for entry in entries
            if not entry.name.startswith(".") and os.path.isfile(f"{entry.path}/{NOTICE_FILE}")  # noqa: PTH113
        )
    return [f"{base}{os.sep}{name}" for name in names] or [base]


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


class UnitsOnly:
    """A store of notices checked one at a time and let go, keeping each one's units alone: all that
    checking the library's units across them needs (`taskmap validate`), where their data would be
    gigabytes at ten thousand notices."""

    def __init__(self) -> None:
        self._units: list[list[Department]] = []

    def kept(self, directory: Path, dataset: Dataset) -> Notice:
        """The notice of `dataset`, its units kept, its data not."""
        named = _named(directory, dataset)
        self._units.append(list(dataset.departments.values()))
        key = str(len(self._units) - 1)
        return Notice(named.key, named.jurisdiction, directory, store=self, content_key=key)

    def dataset(self, notice: Notice) -> Dataset:
        raise AssertionError(f"only the units of {notice.key} were kept")

    def facts(self, key: str) -> NoticeFacts | None:
        return None

    def headlines(self, key: str) -> str | None:
        return None

    def departments(self, key: str) -> list[Department] | None:
        return self._units[int(key)]


def units_library(notices: list[Notice], same_units: Sequence[SameUnit] = ()) -> Library:
    """The library of notices kept by `UnitsOnly`, as `build_library` names and checks them."""
    return _assemble(notices, same_units=same_units)


def _named(directory: Path, dataset: Dataset, store: NoticeStore | None = None) -> Notice:
    # A directory name that is not UTF-8 (GBK from a Windows disk) makes a key shown with U+FFFD.
    fallback = os.fsencode(directory.name).decode("utf-8", "replace")
    key = notice_key(dataset.notice, fallback)
    return Notice(key, notice_jurisdiction(dataset.notice), directory, dataset, store)


def _assemble(
    loaded: list[Notice], same_units: Sequence[SameUnit] = (), record: UnitsRecord | None = None
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
                        N_("key '{key}' is also the key of {file}; set `key:` in one of them"),
                        {"key": notice.key, "file": clash.directory / NOTICE_FILE},
                    )
                ]
            )
        notices.append(notice)
    return Library(notices, same_units, record)


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
    paths = [path for directory in directories or () for path in _notice_places(directory)]
    if not paths:  # the shipped notice, which the wheel carries compiled
        return build_library([(bundled_data_dir(), load_dataset())], only)
    return _narrowed(_load_several(directories or (), paths), only)


def _load_several(directories: Sequence[Path], paths: list[str]) -> Library:
    """Several notices, answered from the library's database for every notice whose files are unchanged.

    The database keeps a record of every notice (its files' stats, trusted as `loading.settled` lets
    them be, and its content key), what `notices` lists and the `stats` figures of each content key, and
    the merged units. An unchanged library so opens no notice until a question needs it; an edited notice
    alone is read (and compiled) again, and its rows alone written. Notices are known by their resolved
    place, so two spellings of one library share what is known.
    """
    source = fingerprint(COMPILED_FORM, *(os.fsencode(d.resolve()) for d in directories))[:16]
    database = Database.of_library(source)
    same_units, spellings = read_same_units(library_spellings_files(directories), database)
    known_before = database.directories()
    remembered = set(known_before)
    store = _LibraryStore(database)
    checked_at = time.time_ns()
    kept: set[str] = set()
    units_by_notice: list[list[str]] = []  # what merging the units looks at: each notice's, and its place
    placed: list[tuple[str, int]] = []  # each notice's content key and where its units record lies
    notices: list[Notice | None] = []
    afresh: list[tuple[int, str, str, dict[str, Any] | None]] = []  # place, path, name, record
    resolved: dict[str, str] = {}  # plain strings: a library may hold ten thousand notices
    for path in paths:
        parent, _, base = path.rpartition(os.sep)
        if parent not in resolved:
            resolved[parent] = os.fspath(Path(path).parent.resolve())
        name = _record_name(f"{resolved[parent]}{os.sep}{base}")
        known: dict[str, Any] | None = known_before.pop(name, None)  # each record let go once used
        notice = _unchanged(path, known, store)
        if notice is None or known is None:
            afresh.append((len(notices), path, name, known))
            known = {"key": "", "units": "", "jurisdiction": "", "departments_at": 0}  # placed below
        else:
            kept.add(name)
            notice.content_key = known["key"]
        notices.append(notice)
        units_by_notice.append([name, known["units"], known["jurisdiction"]])
        placed.append((known["key"], known["departments_at"]))
    known_before.clear()  # the records of notices gone: what a compile below must not hold beside it
    learnt = _read_afresh(afresh, database, store, checked_at, len(paths) > 1)
    given: set[str] = set()
    for place, path, name, _known in afresh:
        notice, known = learnt[name]
        if name in given:  # the same directory named twice: a notice of its own, which the library drops
            notice = Notice(notice.key, notice.jurisdiction, path, store=store, content_key=known["key"])
        given.add(name)
        notices[place] = notice
        units_by_notice[place] = [name, known["units"], known["jurisdiction"]]
        placed[place] = (known["key"], known["departments_at"])
        if known["files"] is not None:
            kept.add(name)
    for key, departments_at in placed:
        store.place(key, departments_at)
    record = _RecordedUnits(database, units_by_notice, spellings, store.units)
    library = _assemble([notice for notice in notices if notice is not None], same_units, record)
    # An unchanged notice keeps the very record it was read from: only one read afresh, added or gone
    # changes what is remembered.
    if learnt or kept != remembered:
        database.remember_directories(
            {name: known for name, (_, known) in learnt.items() if name in kept}, keep=kept
        )
    library.database = database
    return library


def _read_afresh(
    afresh: list[tuple[int, str, str, dict[str, Any] | None]],
    database: Database,
    store: _LibraryStore,
    checked_at: int,
    several: bool,
) -> dict[str, tuple[Notice, dict[str, Any]]]:
    """The notices whose files changed (or that no record knows), read and compiled again once every
    other notice is placed, in few transactions and with a bar on a terminal: by name, each notice and
    its new record."""
    learnt: dict[str, tuple[Notice, dict[str, Any]]] = {}
    if not afresh:
        return learnt
    with database.storing(len(afresh)) as built:
        for done, (_place, path, name, known) in enumerate(afresh, 1):
            if name in learnt:
                continue
            try:
                dataset, key, stats = load_checked(Path(path), database, known)
            except InvalidDataset as invalid:
                raise invalid.in_directory(path) from None
            built(done)
            notice = _named(Path(path), dataset, store)
            store.summaries.learn(key, notice)
            record = {
                "key": key,
                "files": stats,
                "at": checked_at,
                "name": notice.key,
                "jurisdiction": notice.jurisdiction,
                "units": _units_fingerprint(notice),
                "departments_at": dataset.departments_at,
            }
            if several:  # ten thousand notices compiled afresh are read again when asked
                notice = Notice(notice.key, notice.jurisdiction, path, store=store)
            notice.content_key = key
            learnt[name] = (notice, record)
    return learnt


def _record_name(path: str) -> str:
    """What a notice's record is known by: its resolved path, or a digest of a path that is not UTF-8
    (a GBK name from a Windows disk), which the database could not hold as text."""
    try:
        path.encode()
    except UnicodeEncodeError:
        return fingerprint(os.fsencode(path))
    return path


class _RecordedUnits:
    """A library's merged units as its database keeps them (a `UnitsRecord`): kept for the notices'
    units and the spellings file they were merged from, merged again when either changed."""

    def __init__(
        self,
        database: Database,
        units_by_notice: list[list[str]],
        spellings: str,
        departments: _StoredDepartments,
    ) -> None:
        self._database = database
        self._units_by_notice = units_by_notice
        self._spellings = spellings
        self._departments = departments

    @cached_property
    def _merged_from(self) -> str:
        merged_from = fingerprint(json.dumps(self._units_by_notice).encode(), self._spellings.encode())
        self._units_by_notice = []  # ten thousand notices' rows, needed for this fingerprint alone
        return merged_from

    def recalled(self, notices: list[Notice]) -> dict[str, dict[str, Unit]] | None:
        merged = self._database.library_part("units")
        kept = isinstance(merged, dict) and merged.get("from") == self._merged_from
        if kept and (units := _units_from_json(merged.get("units"), notices)) is not None:
            return units
        # Merging reads every notice's units: in one query, not one a notice.
        self._departments.read_ahead([n.content_key for n in notices if n.content_key and not n.loaded])
        return None

    def remember(self, units: dict[str, dict[str, Unit]], notices: list[Notice]) -> None:
        self._database.write_library_part(
            "units", {"from": self._merged_from, "units": _units_as_json(units, notices)}
        )


class _StoredFacts:
    """What `notices` lists and what `stats` says of each content key, read from the database when asked
    (so that questions needing neither never read them) and stored for notices read afresh.

    A question of every notice asks them in the library's order, so they are read READ_AHEAD notices at
    a time from the one asked: few queries, and never ten thousand held at once (the figures of ten
    thousand notices are 12 MB of text)."""

    def __init__(self, database: Database) -> None:
        self._database = database
        self.keys: list[str] = []  # every notice's content key, in the library's order
        self._places: dict[str, int] = {}
        self._ahead: dict[str, dict[str, str]] = {}
        self._learnt: dict[tuple[str, str], str] = {}

    def _summary(self, kind: str, key: str) -> str | None:
        if (kind, key) in self._learnt:
            return self._learnt[kind, key]
        ahead = self._ahead.get(kind, {})
        if key not in ahead:
            if len(self._places) != len(self.keys):
                self._places = {held: place for place, held in enumerate(self.keys)}
            place = self._places.get(key)
            wanted = [key] if place is None else self.keys[place : place + READ_AHEAD]
            ahead = self._ahead[kind] = self._database.summaries(kind, wanted)
        return ahead.get(key)

    def facts(self, key: str) -> NoticeFacts | None:
        try:
            listed, tasks, units, populations = json.loads(self._summary(FACTS, key) or "")
            return NoticeFacts(listed, tasks, units, populations)
        except (KeyError, TypeError, ValueError):
            return None

    def headlines(self, key: str) -> str | None:
        """The notice's `stats` figures as JSON (see `reports.headlines_from_json`), if stored."""
        return self._summary(HEADLINES, key)

    def learn(self, key: str, notice: Notice) -> None:
        """Store a notice read afresh, unless its content is known: its facts, and its figures (they read
        every task, which it has)."""
        from taskmap.questions.reports import headlines_as_json

        if all(self._database.summaries(kind, [key]) for kind in (FACTS, HEADLINES)):
            return

        facts = notice.facts
        listed = [{field: facts.notice.get(field) for field in LISTED_FIELDS}, *facts[1:]]
        summaries = {
            FACTS: json.dumps(listed, ensure_ascii=False),
            HEADLINES: headlines_as_json(notice.dataset.copy()),
        }
        self._database.store_summaries(key, summaries)
        self._learnt |= {(kind, key): value for kind, value in summaries.items()}


class _LibraryStore:
    """The library's database as its notices read it (a `NoticeStore`): their data by content key,
    checked afresh from their files if the database lost it; what `notices` and `stats` say of them;
    their units alone."""

    def __init__(self, database: Database) -> None:
        self._database = database
        self.summaries = _StoredFacts(database)
        self.units = _StoredDepartments(database)

    def place(self, key: str, departments_at: int) -> None:
        """A notice of the library in its order, with where its units record lies."""
        self.summaries.keys.append(key)
        self.units.place(key, departments_at)

    def dataset(self, notice: Notice) -> Dataset:
        key, directory = notice.content_key, notice.directory
        found = None if key is None else stored_dataset(self._database, directory, key)
        return found or load_checked(directory, self._database)[0]

    def facts(self, key: str) -> NoticeFacts | None:
        return self.summaries.facts(key)

    def headlines(self, key: str) -> str | None:
        return self.summaries.headlines(key)

    def departments(self, key: str) -> list[Department] | None:
        return self.units.read(key)


def _units_fingerprint(notice: Notice) -> str:
    """A fingerprint of a notice's units, all that merging units across notices looks at."""
    rows = json.dumps([list(department[:4]) for department in notice.departments])
    return fingerprint(rows.encode())[:32]


class _StoredDepartments:
    """Each notice's units as the database keeps them (its units record), read while the notice is not
    loaded: one at a time as questions ask, or every notice's in one query when the units are merged
    anew. A unit many notices write alike is kept once (ten thousand notices may write it so)."""

    def __init__(self, database: Database) -> None:
        self._database = database
        self._at: dict[str, int] = {}  # where each content key's units record lies
        self._ahead: dict[str, list[Department]] = {}
        self._alike: dict[Department, Department] = {}

    def place(self, key: str, departments_at: int) -> None:
        """Where the units record of the notice with this content key lies."""
        self._at[key] = departments_at

    def read(self, key: str) -> list[Department] | None:
        if key in self._ahead:
            return self._ahead.pop(key)
        found = self._database.records(key, [self._at[key]])
        return None if found is None else self._departments(found[0])

    def read_ahead(self, keys: list[str]) -> None:
        """Read these notices' units in one query, for `read` to give each."""
        ahead: dict[str, list[Department]] = {}

        def take(key: str, record: dict[str, Any]) -> None:
            if (departments := self._departments(record)) is not None:
                ahead[key] = departments

        if self._database.records_at([(key, self._at[key]) for key in keys if key in self._at], take):
            self._ahead = ahead

    def _departments(self, record: dict[str, Any]) -> list[Department] | None:
        try:
            departments = [department_from_dict(row) for row in record["departments"]]
        except (KeyError, TypeError, ValueError, IndexError):
            return None
        return [self._alike.setdefault(department, department) for department in departments]


def _unchanged(path: str, known: Any, store: _LibraryStore) -> Notice | None:
    """The recorded notice (its data read on first use), if its files' stats are the recorded settled ones."""
    try:
        if not settled(known["files"], known["at"]) or not stats_hold(path, known["files"]):
            return None
        return Notice(known["name"], known["jurisdiction"], path, store=store)
    except (KeyError, TypeError, ValueError, IndexError):
        return None  # no record, or one written by another version of taskmap


def _units_as_json(units: dict[str, dict[str, Unit]], notices: list[Notice]) -> dict[str, list[list[Any]]]:
    """The merged units of every jurisdiction as JSON.

    Each unit names the notices naming it by their place in the library, with the name used there when
    it is not the unit's own.
    """
    place_of = {notice.key: index for index, notice in enumerate(notices)}
    return {
        place: [
            [
                *unit.department[:4],
                json.dumps(
                    [
                        place_of[key] if local == unit.department.name else [place_of[key], local]
                        for key, local in unit.names_by_notice.items()
                    ],
                    ensure_ascii=False,
                ),
            ]
            for unit in by_name.values()
        ]
        for place, by_name in units.items()
    }


def _units_from_json(rows_by_place: Any, notices: list[Notice]) -> dict[str, dict[str, Unit]] | None:
    """The merged units as `_units_as_json` wrote them; None when there are none or they cannot be read."""
    try:
        return {
            place: {
                name: Unit(
                    place,
                    Department(name, kind, tuple(spellings), tuple(short_forms)),
                    _NamesByNotice(named_in, name, notices),
                )
                for name, kind, spellings, short_forms, named_in in rows
            }
            for place, rows in rows_by_place.items()
        }
    except (AttributeError, TypeError, ValueError, IndexError):
        return None


class _NamesByNotice(Mapping[str, str]):
    """A merged unit's name in each notice naming it, decoded when first looked at: a question needs
    those of the one unit it asks about, and a library of ten thousand notices has ten thousand each."""

    def __init__(self, encoded: str, name: str, notices: list[Notice]) -> None:
        if not isinstance(encoded, str):
            raise TypeError(encoded)
        self._encoded = encoded
        self._name = name
        self._notices = notices
        self._decoded: dict[str, str] | None = None

    def _names(self) -> dict[str, str]:
        if self._decoded is None:
            notices, name = self._notices, self._name
            self._decoded = {
                notices[where].key if isinstance(where, int) else notices[where[0]].key: (
                    name if isinstance(where, int) else where[1]
                )
                for where in json.loads(self._encoded)
            }
        return self._decoded

    def __getitem__(self, key: str) -> str:
        return self._names()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._names())

    def __len__(self) -> int:
        return len(self._names())
