"""The whole notice, with the lookup indexes every query needs, built once per load.

An answer needs a handful of tasks, annexes and populations out of thousands in a large data set, so
each is built on first use from its JSON record (held in memory after a compile, or read from the
cache's files). Only the small parts (units, the unit → task index) are built eagerly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any, TypeVar

from taskmap.identity import notice_jurisdiction, notice_key
from taskmap.model import (
    COLLECTIVE,
    ROLES,
    Annex,
    Clause,
    Department,
    Document,
    Population,
    Role,
    Section,
    Task,
)
from taskmap.registry import Registry

JsonDict = dict[str, Any]
RecordReader = Callable[[list[int]], list[JsonDict]]
Key = TypeVar("Key")
Value = TypeVar("Value")


class LazyMapping(Mapping[Key, Value]):
    """Values by key in a fixed order, each built from its position the first time it is asked for."""

    def __init__(self, keys: list[Key], build_many: Callable[[list[int]], list[Value]]) -> None:
        self.keys_in_order = keys
        self._positions_by_key: dict[Key, int] | None = None
        self._build_many = build_many
        self._built: dict[Key, Value] = {}

    @property
    def _positions(self) -> dict[Key, int]:
        """Each key's position, indexed on first use: many notices are loaded, few are asked."""
        if self._positions_by_key is None:
            self._positions_by_key = {key: position for position, key in enumerate(self.keys_in_order)}
        return self._positions_by_key

    def __getitem__(self, key: Key) -> Value:
        return self.many([key])[0]

    def many(self, keys: list[Key]) -> list[Value]:
        """The values of `keys`, building all missing ones in one go (one JSON parse for the lot)."""
        missing = [key for key in dict.fromkeys(keys) if key not in self._built]
        if missing:
            built = self._build_many([self._positions[key] for key in missing])
            self._built.update(zip(missing, built, strict=True))
        return [self._built[key] for key in keys]

    def __iter__(self) -> Iterator[Key]:
        return iter(self.keys_in_order)

    def __len__(self) -> int:
        return len(self.keys_in_order)

    def __contains__(self, key: object) -> bool:
        return key in self._positions

    def values(self) -> list[Value]:  # type: ignore[override]
        """Every value, in order."""
        return self.many(self.keys_in_order)

    def position(self, key: Key) -> int:
        """Where the key stands in the order."""
        return self._positions[key]


class Labels:
    """What a notice's tasks and populations are marked with: its key, and whether ids show it."""

    __slots__ = ("key", "qualify")

    def __init__(self, key: str) -> None:
        self.key = key
        self.qualify = False


class Dataset:
    """Annexes, tasks, populations and units, indexed by id, number and unit."""

    def __init__(self, index: JsonDict, read_records: RecordReader) -> None:
        """Build from the index form and a reader of records by position (see `split_export`)."""
        task_ids: list[str] = index["task_ids"]
        annex_numbers: list[int] = index["annex_numbers"]
        first_annex, first_population = len(task_ids), len(task_ids) + len(annex_numbers)
        self.notice: JsonDict = index["notice"]
        # The builders below refer to the labels, not to the dataset: a dataset no longer used is then
        # freed at once, without the cyclic collector (which the CLI runs without).
        labels = self._labels = Labels(notice_key(self.notice, ""))
        self.tasks = LazyMapping(
            task_ids,
            lambda positions: [
                _task_from_dict(record, labels.key, labels.qualify) for record in read_records(positions)
            ],
        )
        self.annexes = LazyMapping(
            annex_numbers,
            lambda positions: [
                _annex_from_dict(record, task_ids)
                for record in read_records([first_annex + p for p in positions])
            ],
        )
        self.populations = LazyMapping(
            index["population_numbers"],
            lambda positions: [
                _population_from_dict(record, labels.key)
                for record in read_records([first_population + p for p in positions])
            ],
        )
        self.records = read_records
        self._index = index
        self.departments_at: int = index["departments_at"]
        self._registry: Registry | None = None
        self._assignments: dict[str, dict[str, list[int]]] = index["assignments"]
        self._populations_led: dict[str, list[int]] = index["populations_led"]
        self._shared: dict[str, dict[str, list[int]]] = index["shared_through_phrases"]

    def copy(self) -> Dataset:
        """The same notice with no record built yet, to count from without fixing how its ids show."""
        return Dataset(self._index, self.records)

    def label_tasks(self, key: str, qualify: bool) -> None:
        """Mark tasks and populations with their notice's key; `qualify` shows ids as KEY:2.3.6.

        Records are built on first use, so this holds for all of them when called before any answer.
        """
        self._labels.key = key
        self._labels.qualify = qualify

    @property
    def key(self) -> str:
        """The notice's key, which its tasks and populations carry."""
        return self._labels.key

    @property
    def registry(self) -> Registry:
        """The notice's units by every name they go by, indexed on first use."""
        if self._registry is None:
            (record,) = self.records([self.departments_at])
            departments = (department_from_dict(row) for row in record["departments"])
            self._registry = Registry(departments, notice_jurisdiction(self.notice))
        return self._registry

    @property
    def departments(self) -> dict[str, Department]:
        return self.registry.departments

    @property
    def roles_in_use(self) -> tuple[Role, ...]:
        """The roles some task holds (a fourth, 指导, only where a notice names it), in the usual order."""
        used = {role for by_role in self._assignments.values() for role in by_role}
        return tuple(role for role in ROLES if role in used)

    def assignments(self, unit: str) -> list[tuple[Role, str]]:
        """(role, task id) for every task naming `unit`, by role, then in notice order."""
        by_role = self._assignments.get(unit, {})
        ids = self.tasks.keys_in_order
        return [(role, ids[position]) for role in ROLES for position in by_role.get(role, ())]

    def shared_through_phrases(self, unit: str, role: Role | None = None) -> list[tuple[Role, str, str]]:
        """(role, task id, phrase) of tasks given to every unit by a catch-all phrase without naming `unit`.

        By role, then in notice order; a task with several phrases in one role counts once (the first).
        """
        named_in = {
            position for positions in self._assignments.get(unit, {}).values() for position in positions
        }
        ids = self.tasks.keys_in_order
        shared = []
        for r in ROLES:
            if role in (None, r):
                found = [
                    (position, phrase)
                    for phrase, positions in self._shared.get(r, {}).items()
                    for position in positions
                    if position not in named_in
                ]
                shared += [(r, ids[position], phrase) for position, phrase in sorted(found)]
        return shared

    def populations_led(self, unit: str) -> list[Population]:
        """The key populations `unit` leads, in table order."""
        numbers = self.populations.keys_in_order
        return self.populations.many([numbers[position] for position in self._populations_led.get(unit, ())])

    def section_of(self, task: Task) -> Section:
        """The section a task belongs to."""
        return self.annexes[task.annex].sections[task.section - 1]

    @classmethod
    def from_dict(cls, data: JsonDict) -> Dataset:
        """The dataset from its JSON form (the export), all in memory."""
        index, records = split_export(data)
        return cls(index, lambda positions: [records[position] for position in positions])

    def to_dict(self) -> JsonDict:
        """The JSON form: the export contract, plus the spellings needed to rebuild the dataset."""
        return {
            "notice": self.notice,
            "annexes": [
                {
                    "number": annex.number,
                    "title": annex.title,
                    "implements": document_to_dict(annex.implements),
                    "basis": [document_to_dict(document) for document in annex.basis],
                    "preamble": annex.preamble,
                    "in_body": annex.in_body,
                    "label": annex.label,
                    "sections": [
                        {
                            "number": section.number,
                            "numeral": section.numeral,
                            "title": section.title,
                            "tasks": [task_to_dict(self.tasks[task_id]) for task_id in section.task_ids],
                        }
                        for section in annex.sections
                    ],
                }
                for annex in self.annexes.values()
            ],
            "populations": [population_to_dict(row) for row in self.populations.values()],
            "departments": [department_to_dict(row) for row in self.departments.values()],
        }


def split_export(data: JsonDict) -> tuple[JsonDict, list[JsonDict]]:
    """The export form split into a small index and the records: tasks, annexes, populations, then units.

    Annex records keep their sections' task counts instead of the tasks. The index holds the task ids,
    annex and population numbers, the positions of the tasks naming each unit (by role), of the tasks
    given to every unit by a catch-all phrase and of the populations each unit leads, and the notice.
    The units are one last record: in a library, a unit's answer needs them from no notice.
    """
    tasks = [task for annex in data["annexes"] for section in annex["sections"] for task in section["tasks"]]
    assignments: dict[str, dict[str, list[int]]] = {}
    for position, task in enumerate(tasks):
        for role in ROLES:
            for unit in task.get(role, ()):
                assignments.setdefault(unit, {}).setdefault(role, []).append(position)
    annexes = []
    first_task = 0
    for annex in data["annexes"]:
        sections = [
            {
                **{key: value for key, value in section.items() if key != "tasks"},
                "task_count": len(section["tasks"]),
            }
            for section in annex["sections"]
        ]
        annexes.append({**annex, "sections": sections, "first_task": first_task})
        first_task += sum(section["task_count"] for section in sections)
    phrases = [row["name"] for row in data["departments"] if row["kind"] == COLLECTIVE]
    shared: dict[str, dict[str, list[int]]] = {}
    for role in ROLES:
        for position, task in enumerate(tasks):
            phrase = next((unit for unit in phrases if unit in task.get(role, ())), None)
            if phrase is not None:
                shared.setdefault(role, {}).setdefault(phrase, []).append(position)
    populations_led: dict[str, list[int]] = {}
    for position, row in enumerate(data["populations"]):
        for unit in row["lead"]:
            populations_led.setdefault(unit, []).append(position)
    index = {
        "notice": data["notice"],
        "task_ids": [task["id"] for task in tasks],
        "annex_numbers": [annex["number"] for annex in annexes],
        "population_numbers": [row["number"] for row in data["populations"]],
        "departments_at": len(tasks) + len(annexes) + len(data["populations"]),
        "assignments": assignments,
        "populations_led": populations_led,
        "shared_through_phrases": shared,
    }
    return index, [*tasks, *annexes, *data["populations"], {"departments": data["departments"]}]


def _annex_from_dict(annex: JsonDict, task_ids: list[str]) -> Annex:
    sections = []
    start = annex["first_task"]
    for section in annex["sections"]:
        end = start + section["task_count"]
        sections.append(
            Section(
                annex["number"],
                section["number"],
                section["numeral"],
                section["title"],
                tuple(task_ids[start:end]),
            )
        )
        start = end
    return Annex(
        annex["number"],
        annex["title"],
        Document(**annex["implements"]),
        tuple(Document(**document) for document in annex["basis"]),
        annex["preamble"],
        tuple(sections),
        annex.get("in_body", False),
    )


def _population_from_dict(row: JsonDict, notice: str) -> Population:
    return Population(
        row["number"], row["name"], tuple(row["lead"]), tuple(row["lead_spellings"]), row["annex"], notice
    )


def department_from_dict(row: JsonDict) -> Department:
    return Department(row["name"], row["kind"], tuple(row["spellings"]), tuple(row["short_forms"]))


def task_ref(notice: str, task_id: str, qualify: bool) -> str:
    """How a task is named in answers: KEY:ID among several notices, else its id."""
    return f"{notice}:{task_id}" if qualify else task_id


def _task_from_dict(task: JsonDict, notice: str, qualify: bool) -> Task:
    return Task(
        id=task["id"],
        annex=task["annex"],
        section=task["section"],
        number=task["number"],
        numbered=task["numbered"],
        heading=task["heading"],
        text=task["text"],
        lead=tuple(task["lead"]),
        support=tuple(task["support"]),
        responsible=tuple(task["responsible"]),
        spellings={role: tuple(names) for role, names in task["spellings"].items()},
        open_ended=task["open_ended"],
        remark=task["remark"],
        notice=notice,
        ref=task_ref(notice, task["id"], qualify),
        guide=tuple(task.get("guide", ())),
        lead_unknown=task.get("lead_unknown", False),
        deadline=task.get("deadline"),
        printed=task.get("printed"),
        clauses=tuple(
            Clause(
                c["text"], *(tuple(c.get(role, ())) for role in ("lead", "support", "responsible", "guide"))
            )
            for c in task.get("clauses", ())
        ),
        subsections=tuple(task.get("subsections", ())),
    )


def document_to_dict(document: Document) -> JsonDict:
    return {"title": document.title, "number": document.number, "level": document.level}


def task_to_dict(task: Task) -> JsonDict:
    """A task as the JSON contract has it: canonical names by role, empty lists for absent roles."""
    return {
        "id": task.id,
        "annex": task.annex,
        "section": task.section,
        "number": task.number,
        "heading": task.heading,
        "text": task.text,
        "lead": list(task.lead),
        "support": list(task.support),
        "responsible": list(task.responsible),
        "numbered": task.numbered,
        "open_ended": task.open_ended,
        "remark": task.remark,
        "spellings": {role: list(names) for role, names in task.spellings.items()},
        "notice": task.notice,
        "guide": list(task.guide),
        "lead_unknown": task.lead_unknown,
        "deadline": task.deadline,
        "printed": task.printed,
        "clauses": [clause_to_dict(clause) for clause in task.clauses],
        "subsections": list(task.subsections),
    }


def clause_to_dict(clause: Clause) -> JsonDict:
    """One clause of an item closed by several groups: its words and its own group's units by role."""
    return {"text": clause.text, **{role: list(clause.units(role)) for role in ROLES}}


def population_to_dict(population: Population) -> JsonDict:
    return {
        "number": population.number,
        "name": population.name,
        "lead": list(population.lead),
        "lead_spellings": list(population.lead_spellings),
        "annex": population.annex,
        "notice": population.notice,
    }


def department_to_dict(department: Department) -> JsonDict:
    return {
        "name": department.name,
        "aliases": list(department.aliases),
        "kind": department.kind,
        "spellings": list(department.spellings),
        "short_forms": list(department.short_forms),
        "jurisdiction": department.jurisdiction,
    }
