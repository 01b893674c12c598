"""Several notices loaded at once: each keeps its own tasks and catch-all phrases, while the units of one
jurisdiction form one registry across them (市交通局 in one notice and 市交通运输局 in the next are one unit).

A library of one notice behaves exactly as that notice alone: same names, same messages, same answers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from taskmap.dataset import Dataset
from taskmap.errors import (
    AmbiguousUnit,
    InvalidDataset,
    Names,
    Problem,
    Together,
    UnknownNotice,
    UnknownUnit,
    shown,
)
from taskmap.i18n import N_
from taskmap.identity import NATIONAL, qualified_unit_name, typeable_key
from taskmap.model import ROLE_ALIASES, ROLE_LABELS, Department
from taskmap.registry import Registry, closest, normalise

if TYPE_CHECKING:
    from taskmap.store.database import Database

DEPARTMENTS_FILE = "departments.yaml"
# An unknown notice key's error names every notice of a library of up to this many; a larger library's
# (ten thousand keys would make a line of 150 KB) says how many it holds and where they are listed.
LISTED_KEYS = 10


class NoticeFacts(NamedTuple):
    """What `taskmap notices` lists of a notice without opening its tasks: notice.yaml's fields, counts
    (a notice without key populations need not be opened to list them)."""

    notice: dict[str, Any]
    tasks: int
    units: int
    populations: int


class NoticeStore(Protocol):
    """Where a library keeps what it knows of its notices, read when a question asks (the library's
    database, see `store.library_loading`): one for the library, not readers for each of ten thousand
    notices. Each method but `dataset` gives None when the store cannot say."""

    def dataset(self, notice: Notice) -> Dataset:
        """The notice's data, by its directory and content key."""

    def facts(self, key: str) -> NoticeFacts | None:
        """What `notices` lists of the notice with this content key."""

    def headlines(self, key: str) -> str | None:
        """Its `stats` figures as JSON (see `reports.headlines_from_json`)."""

    def departments(self, key: str) -> list[Department] | None:
        """Its own units, without its index."""


class UnitsRecord(Protocol):
    """Where a library's merged units are kept between runs (its database), read when a question first
    asks for units: `notices`, `task` or `search` over ten thousand notices never read them."""

    def recalled(self, notices: list[Notice]) -> dict[str, dict[str, Unit]] | None:
        """The units as merged from these very notices and spellings, if kept."""

    def remember(self, units: dict[str, dict[str, Unit]], notices: list[Notice]) -> None:
        """Keep the units just merged from these notices."""


class Notice:
    """One loaded notice: its key, jurisdiction, where it was read from, and its data.

    A library answered from its database reads a notice's data only when a question needs it, so that
    `notices` opens no notice and a unit's answer only those naming the unit.
    """

    __slots__ = (
        "_dataset",
        "_departments",
        "_directory",
        "_facts",
        "_given",
        "_qualify_ids",
        "_store",
        "content_key",
        "jurisdiction",
        "key",
    )  # a library may hold ten thousand

    def __init__(
        self,
        key: str,
        jurisdiction: str,
        directory: Path | str,
        dataset: Dataset | None = None,
        store: NoticeStore | None = None,
        content_key: str | None = None,
    ) -> None:
        """A notice given its data, or read from `store` (which must then be given) on first use; with
        `store` and its `content_key`, its facts, figures and units are read from there while its data is
        not loaded."""
        if dataset is None and store is None:
            raise ValueError("a notice needs its data or a store to read it from")
        self.key = key
        self.jurisdiction = jurisdiction
        self._directory = directory
        self._dataset = dataset
        self._given = dataset is not None
        self._store = store
        # The content key its data is stored under in the library's database, when there is one.
        self.content_key = content_key
        self._facts: NoticeFacts | None = None
        self._departments: list[Department] | None = None
        self._qualify_ids = False

    @property
    def directory(self) -> Path:
        """Where the notice was read from (given as a plain string, made a path when first asked: ten
        thousand paths cost a library's load 0.1 s)."""
        if isinstance(self._directory, str):
            self._directory = Path(self._directory)
        return self._directory

    @property
    def dataset(self) -> Dataset:
        if self._dataset is None:
            assert self._store is not None
            self._dataset = self._store.dataset(self)
            self._dataset.label_tasks(self.key, self._qualify_ids)
        return self._dataset

    @property
    def loaded(self) -> bool:
        """Whether the notice's data has been read (it is read on first use)."""
        return self._dataset is not None

    def forget(self) -> None:
        """Let go of the notice's data once its part of a big answer is written, so that an answer over
        every notice holds one at a time; it is read again if asked. Data given rather than read stays."""
        if not self._given:
            self._dataset = None

    def _stored(self) -> tuple[NoticeStore, str] | None:
        """The store and content key to read from while the data is not loaded."""
        if self._dataset is None and self._store is not None and self.content_key is not None:
            return self._store, self.content_key
        return None

    @property
    def departments(self) -> list[Department]:
        """The notice's own units, in its order: read alone while the notice is not loaded, if it can be."""
        if self._departments is None and (stored := self._stored()) is not None:
            self._departments = stored[0].departments(stored[1])
        if self._dataset is None and self._departments is not None:
            return self._departments
        return list(self.dataset.departments.values())

    @property
    def registry(self) -> Registry:
        """The notice's own units by every name they go by."""
        if self._dataset is None:
            return Registry(self.departments, self.jurisdiction)
        return self.dataset.registry

    @property
    def facts(self) -> NoticeFacts:
        """What `notices` lists of the notice: from the library's database on each use, not kept (each
        question asks it once of each of ten thousand notices), else counted from its data."""
        if self._facts is None and (stored := self._stored_facts()) is not None:
            return stored
        if self._facts is None:
            dataset = self.dataset
            units = sum(not department.is_collective for department in dataset.departments.values())
            self._facts = NoticeFacts(dataset.notice, len(dataset.tasks), units, len(dataset.populations))
        return self._facts

    def _stored_facts(self) -> NoticeFacts | None:
        return (
            None if self._store is None or self.content_key is None else self._store.facts(self.content_key)
        )

    def stored_headlines(self) -> str | None:
        """The notice's `stats` figures as its store keeps them (JSON), while its data is not loaded."""
        stored = self._stored()
        return None if stored is None else stored[0].headlines(stored[1])

    def label_tasks(self, qualify: bool) -> None:
        """Mark tasks with this notice's key, shown as KEY:ID when `qualify` (see `Dataset.label_tasks`)."""
        self._qualify_ids = qualify
        if self._dataset is not None:
            self._dataset.label_tasks(self.key, qualify)


class SameUnit(NamedTuple):
    """One entry of a library's spellings file: the unit `name` of `place` is also written `spellings`."""

    source: str  # the file, as problems name it
    place: str
    name: str
    spellings: tuple[str, ...]


class Unit(NamedTuple):
    """A unit of one jurisdiction and the name each loaded notice of that jurisdiction gives it."""

    jurisdiction: str
    department: Department
    names_by_notice: Mapping[str, str]


class Library:
    """The notices taskmap answers from, in the order given, with one unit registry per jurisdiction."""

    def __init__(
        self,
        notices: list[Notice],
        same_units: Sequence[SameUnit] = (),
        record: UnitsRecord | None = None,
    ) -> None:
        """`same_units` are what the library's spellings files say; `record`, when given (the library's
        database), keeps the merged units between runs."""
        self.notices = notices
        self._units: dict[str, dict[str, Unit]] | None = None
        self._record = record
        self.same_units = tuple(same_units)
        self._registries: dict[str, Registry] = {}
        # The database the notices are stored in, which answers questions of them all as queries.
        self.database: Database | None = None

    @property
    def several(self) -> bool:
        """More than one notice: ids and units are then shown with the notice and place they belong to."""
        return len(self.notices) > 1

    def notice(self, key: str) -> Notice:
        """The notice with this key (its 文号 works too)."""
        wanted = normalise(typeable_key(key))
        for notice in self.notices:
            if normalise(notice.key) == wanted:
                return notice
        keys = [notice.key for notice in self.notices]
        suggestions = tuple(closest(key, keys))
        if len(keys) <= LISTED_KEYS:
            message = N_("no notice with key {key}; the notices are {keys}")
            raise UnknownNotice(message, suggestions, key=shown(key), keys=", ".join(keys))
        message = N_(
            "no notice with key {key} among the {count} notices of this library "
            "('taskmap notices' lists them)"
        )
        raise UnknownNotice(message, suggestions, key=shown(key), count=f"{len(keys):,}")

    def let_go(self, notice: Notice) -> None:
        """A notice of several whose part of an answer is read lets go of its data (`Notice.forget`): an
        answer over every notice then holds one notice's data at a time."""
        if self.several:
            notice.forget()

    def narrowed(self, key: str | None) -> Library:
        """This library, or only the notice `key` (the `--notice` filter)."""
        return self if key is None else Library([self.notice(key)], self.same_units)

    @property
    def jurisdictions(self) -> list[str]:
        return list(dict.fromkeys(notice.jurisdiction for notice in self.notices))

    def units(self, jurisdiction: str) -> dict[str, Unit]:
        """The units of one jurisdiction by canonical name, merged across its notices."""
        if self._units is None:
            self._units = self._record.recalled(self.notices) if self._record else None
        if self._units is None:
            unplaced = [entry for entry in self.same_units if self._place_of(entry) is None]
            if unplaced:
                raise InvalidDataset([_unknown_place(entry, self.jurisdictions) for entry in unplaced])
            self._units = {
                place: merge_units(self._of(place), self._same_in(place)) for place in self.jurisdictions
            }
            if self._record:
                self._record.remember(self._units, self.notices)
        return self._units[jurisdiction]

    def _place_of(self, entry: SameUnit) -> str | None:
        wanted = normalise(entry.place)
        return next((place for place in self.jurisdictions if normalise(place) == wanted), None)

    def _same_in(self, jurisdiction: str) -> list[SameUnit]:
        return [entry for entry in self.same_units if self._place_of(entry) == jurisdiction]

    def all_units(self) -> list[Unit]:
        """Every unit of every jurisdiction, in library order."""
        return [unit for place in self.jurisdictions for unit in self.units(place).values()]

    def addressable_units(self) -> list[Unit]:
        """Every unit a form or a checklist is made for, in library order: all but the catch-all phrases
        (市各有关部门…), which name every unit and are none."""
        return [unit for unit in self.all_units() if not unit.department.is_collective]

    def registry(self, jurisdiction: str) -> Registry:
        if jurisdiction not in self._registries:
            units = self.units(jurisdiction).values()
            self._registries[jurisdiction] = Registry((unit.department for unit in units), jurisdiction)
        return self._registries[jurisdiction]

    def _of(self, jurisdiction: str) -> list[Notice]:
        return [notice for notice in self.notices if notice.jurisdiction == jurisdiction]

    def resolve_unit(self, query: str) -> Unit:
        """The one unit `query` names; a name known in several jurisdictions is ambiguous. A role word
        (牵头, 配合单位) that names no unit is said to be a role."""
        try:
            return self._resolved_unit(query)
        except UnknownUnit:
            word = role_word(query)
            if word is None:
                raise
            message = N_("no unit called {name}; {word} is a role: taskmap dept UNIT --role {word}")
            raise UnknownUnit(message, name=shown(query), word=word) from None

    def _resolved_unit(self, query: str) -> Unit:
        places = self.jurisdictions
        if len(places) == 1:
            return self.units(places[0])[self._registry_for(places[0]).resolve(query).name]
        exact = [
            (self.units(place)[department.name], place)
            for place in places
            if (department := self._registry_for(place).exact(query)) is not None
        ]
        # A unit's whole name is its own; another spelling (常州海关's 海关) is no surer than a part of
        # another place's unit name (海关总署), so then both are offered.
        if len(exact) == 1 and (
            self._is_full_name(query, *exact[0]) or not self._part_of_a_name_elsewhere(query, exact[0][1])
        ):
            return exact[0][0]
        found: list[Unit] = []
        candidates: list[str] = []
        close: list[str] = []  # spelled like the query: offered only when nothing has it as a part
        ambiguous = False
        for place in places:
            try:
                found.append(self.units(place)[self._registry_for(place).resolve(query).name])
            except AmbiguousUnit as error:
                ambiguous = True
                candidates += [self.typeable_name(name, place) for name in error.suggestions]
            except UnknownUnit as error:
                close += [self.typeable_name(name, place) for name in error.suggestions]
        if len(found) == 1 and not ambiguous:
            return found[0]
        if found or ambiguous:
            names = [self.typeable_name(unit.department.name, unit.jurisdiction) for unit in found]
            every = tuple(dict.fromkeys(names + candidates))
            raise AmbiguousUnit(
                N_("{name} names units of several places"), every[:6], more=len(every[6:]), name=shown(query)
            )
        raise UnknownUnit(N_("no unit called {name}"), tuple(dict.fromkeys(close))[:3], name=shown(query))

    def resolve_unit_of(self, query: str, jurisdiction: str) -> Unit:
        """The one unit of `jurisdiction` that `query` names: what a form from that place means, though
        another place has a unit spelled alike (全国's 各有关部门 and 常州市's 市各有关部门)."""
        place = next((p for p in self.jurisdictions if normalise(p) == normalise(jurisdiction)), None)
        if place is None:
            raise UnknownUnit(N_("no unit called {name}"), (), name=shown(query))
        return self.units(place)[self._registry_for(place).resolve(query).name]

    def _is_full_name(self, query: str, unit: Unit, place: str) -> bool:
        """Whether `query` is the unit's canonical name, with or without its place."""
        wanted = normalise(unit.department.name)
        return wanted in self._registry_for(place).local_forms(normalise(query))

    def _part_of_a_name_elsewhere(self, query: str, place: str) -> bool:
        """Whether `query` is part of a unit's own name in a place other than `place`."""
        for other in self.jurisdictions:
            if other == place:
                continue
            registry = self._registry_for(other)
            forms = registry.local_forms(normalise(query))
            if any(form in normalise(name) for name in registry.names() for form in forms):
                return True
        return False

    def typeable_name(self, name: str, place: str) -> str:
        """How to name a unit so that it answers: its own name, else its first other spelling, that no
        other place has, else its name with its place (常州市财政局). Suggestions are names the unit has."""
        others = [self._registry_for(other) for other in self.jurisdictions if other != place]
        unit = self.units(place).get(name)
        for spelling in (name, *(unit.department.aliases if unit is not None else ())):
            if not any(registry.exact(spelling) is not None for registry in others):
                return spelling
        return distinct_name(name, place)

    def _registry_for(self, jurisdiction: str) -> Registry:
        """With one notice, that notice's own registry (its own messages); else the merged one."""
        notices = self._of(jurisdiction)
        if len(notices) == 1 and not self._same_in(jurisdiction):
            return notices[0].registry
        return self.registry(jurisdiction)

    def notices_naming(self, unit: Unit) -> list[tuple[Notice, str]]:
        """(notice, the unit's name there) for every notice that names the unit, in library order."""
        return [
            (notice, unit.names_by_notice[notice.key])
            for notice in self.notices
            if notice.key in unit.names_by_notice
        ]


def role_word(text: str) -> str | None:
    """`text` as typed, if it names a role (牵头, 牵头单位, 负责, lead): typed where a unit's name goes,
    it names no unit."""
    word = normalise(text).lower()
    labels = ROLE_LABELS.values()
    spellings = {*ROLE_LABELS, *ROLE_ALIASES, *labels, *(label.removesuffix("单位") for label in labels)}
    return text.strip() if word in spellings else None


def units_named_in(notice: Notice, units: Sequence[Unit]) -> list[tuple[int, str]]:
    """(the place in `units`, the name there) of each unit the notice names, in the order of `units`: an
    answer over every unit reads each notice once, asking this of each (an index of every notice's
    units would be 30 MB at ten thousand notices)."""
    return [
        (place, local)
        for place, unit in enumerate(units)
        if (local := unit.names_by_notice.get(notice.key)) is not None
    ]


def distinct_name(name: str, jurisdiction: str) -> str:
    """A unit's name that no other place shares: with its place, 全国 included (全国人民银行)."""
    qualified = qualified_unit_name(name, jurisdiction)
    return f"{NATIONAL}{name}" if jurisdiction == NATIONAL else qualified


# Entries merged into units: a unit as notices give it, with the notices giving it just so.
Entries = list[tuple[list[Notice], Department]]


class _Conflicting(Exception):
    """Entries merged as written alike hold a conflict: it is found again entry by entry, to be said."""


def merge_units(notices: list[Notice], same: Sequence[SameUnit] = ()) -> dict[str, Unit]:
    """The units of one jurisdiction: entries of different notices sharing any spelling are one unit, and
    so are the entries one line of the library's spellings file names (the unit then takes that line's
    name and spellings); otherwise a unit is named as the first notice naming it names it.

    Two entries of one notice are two units; a spelling of another notice or of the spellings file that
    joins them is a conflict (InvalidDataset naming the files). Entries written alike in many notices
    are merged once (ten thousand notices may write a unit the same way); a conflict is then looked for
    again entry by entry, to be said as each notice gives it.
    """
    alike: dict[Department, int] = {}
    entries: Entries = []
    for notice in notices:
        for department in notice.departments:
            at = alike.setdefault(department, len(entries))
            if at == len(entries):
                entries.append(([], department))
            entries[at][0].append(notice)
    order = {notice.key: place for place, notice in enumerate(notices)}
    try:
        return _merged(entries, same, order, exact=False)
    except _Conflicting:
        each = [([notice], department) for notice in notices for department in notice.departments]
        return _merged(each, same, order)


def _merged(
    entries: Entries, same: Sequence[SameUnit], order: dict[str, int], exact: bool = True
) -> dict[str, Unit]:
    """`merge_units` of these entries, `order` each notice's place; not `exact`, a conflict is
    _Conflicting rather than said."""
    parent = list(range(len(entries)))

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    first_with_name: dict[str, int] = {}
    for index, (_, department) in enumerate(entries):
        for name in (department.name, *department.aliases):
            key = normalise(name)
            if key in first_with_name:
                parent[root(index)] = root(first_with_name[key])
            else:
                first_with_name[key] = index
    groups: dict[int, list[int]] = {}
    for index in range(len(entries)):
        groups.setdefault(root(index), []).append(index)
    if not exact and any(_twice(entries, members) for members in groups.values()):
        raise _Conflicting
    problems = [problem for members in groups.values() if exact and (problem := _conflict(entries, members))]
    if problems:
        raise InvalidDataset(problems)
    named = _joined(entries, groups, first_with_name, same, exact)
    units: dict[str, Unit] = {}
    for members in sorted(named):
        departments = [entries[index][1] for index in members]
        first = departments[0]
        line = named[members]
        name = first.name if line is None else line.name
        spellings = _names(
            spelling
            for spelling in (
                *(name for d in departments for name in (d.name, *d.spellings)),
                *(() if line is None else line.spellings),
            )
            if spelling != name
        )
        short_forms = _names(name for d in departments for name in d.short_forms)
        merged = Department(
            name,
            first.kind,
            tuple(spellings),
            tuple(form for form in short_forms if form != name and form not in spellings),
        )
        named_in = sorted(
            (order[notice.key], notice.key, entries[index][1].name)
            for index in members
            for notice in entries[index][0]
        )
        names = {key: local for _, key, local in named_in}
        units[name] = Unit(entries[members[0]][0][0].jurisdiction, merged, names)
    return units


def _twice(entries: Entries, members: list[int]) -> bool:
    """Whether a notice gives two of these entries."""
    seen: set[str] = set()
    for index in members:
        keys = {notice.key for notice in entries[index][0]}
        if not seen.isdisjoint(keys):
            return True
        seen |= keys
    return False


def _joined(
    entries: Entries,
    groups: dict[int, list[int]],
    first_with_name: dict[str, int],
    same: Sequence[SameUnit],
    exact: bool,
) -> dict[tuple[int, ...], SameUnit | None]:
    """The groups of entries once the spellings file's lines have joined them, each with its line.

    A line naming no unit of the library, or joining two units of one notice, is a problem.
    """
    root_of = {index: group for group, members in groups.items() for index in members}
    joined: dict[int, list[int]] = {group: list(members) for group, members in groups.items()}
    line_of: dict[int, SameUnit] = {}
    problems = []
    for line in same:
        found = {
            root_of[first_with_name[key]]
            for spelling in (line.name, *line.spellings)
            if (key := normalise(spelling)) in first_with_name
        }
        if not found:
            names = Names((line.name, *line.spellings))
            message = N_("no notice of {place} in this library names {names}")
            problems.append(
                Problem(
                    line.source, f"{line.place}.{line.name}", message, {"place": line.place, "names": names}
                )
            )
            continue
        keep, *others = sorted(found)
        members = sorted({index for group in found for index in joined[group]})
        if not exact and _twice(entries, members):
            raise _Conflicting
        notices = [entries[index][0][0].key for index in members]
        twice = next((key for key in notices if notices.count(key) > 1), None)
        if twice is not None:
            units = Together(entries[index][1].name for index in members if entries[index][0][0].key == twice)
            message = N_("joins {units}, two units of notice {notice}: a notice's units stay apart")
            where = f"{line.place}.{line.name}"
            problems.append(Problem(line.source, where, message, {"units": units, "notice": twice}))
            continue
        for group in others:
            del joined[group]
        root_of.update(dict.fromkeys(members, keep))
        joined[keep] = members
        line_of[keep] = line
    if problems:
        raise InvalidDataset(problems)
    return {tuple(members): line_of.get(group) for group, members in joined.items()}


def _unknown_place(line: SameUnit, places: list[str]) -> Problem:
    message = N_("no notice of this library is of {place}; its places are {places}")
    return Problem(line.source, line.place, message, {"place": line.place, "places": Names(places)})


def _names(names: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(names))


def _conflict(entries: Entries, members: list[int]) -> Problem | None:
    """A problem when a group holds two different units of one notice, naming the spelling that joins them."""
    by_notice: dict[str, list[int]] = {}
    for index in members:
        for notice in entries[index][0]:
            by_notice.setdefault(notice.key, []).append(index)
    split = next((indexes for indexes in by_notice.values() if len(indexes) > 1), None)
    if split is None:
        return None
    kept_apart = entries[split[0]][0][0]
    for index in members:
        notice, department = entries[index][0][0], entries[index][1]
        if notice.key == kept_apart.key:
            continue
        names = {normalise(name): name for name in (department.name, *department.aliases)}
        for other in split:
            shared = [names[key] for key in _keys(entries[other][1]) if key in names]
            if shared and entries[other][1].name != department.name:
                message = N_(
                    "'{spelling}' names {unit} here but {other} in {file}, which keeps {units} apart; "
                    "each spelling must name one unit of {place}"
                )
                values = {
                    "spelling": shared[0],
                    "unit": department.name,
                    "other": entries[other][1].name,
                    "file": kept_apart.directory / DEPARTMENTS_FILE,
                    "units": Together(entries[i][1].name for i in split),
                    "place": kept_apart.jurisdiction,
                }
                return Problem(str(notice.directory / DEPARTMENTS_FILE), "", message, values)
    message = N_("other notices' spellings join {units} into one unit")
    units = {"units": Together(entries[i][1].name for i in split)}
    return Problem(str(kept_apart.directory / DEPARTMENTS_FILE), "", message, units)


def _keys(department: Department) -> list[str]:
    return [normalise(name) for name in (department.name, *department.aliases)]
