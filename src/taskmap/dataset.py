"""The whole notice, with the lookup indexes every query needs, built once per load.

An answer needs a handful of tasks, annexes and populations out of thousands in a large data set, so
each is built on first use from its JSON record (held in memory after a compile, or read from the
cache's files). Only the small parts (units, the unit → task index) are built eagerly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any, TypeVar

from taskmap.model import ROLES, Annex, Department, Document, Population, Role, Section, Task
from taskmap.registry import Registry

JsonDict = dict[str, Any]
RecordReader = Callable[[int], JsonDict]
Key = TypeVar("Key")
Value = TypeVar("Value")


class LazyMapping(Mapping[Key, Value]):
    """Values by key in a fixed order, each built from its position the first time it is asked for."""

    def __init__(self, keys: list[Key], build: Callable[[int], Value]) -> None:
        self.keys_in_order = keys
        self._positions = {key: position for position, key in enumerate(keys)}
        self._build = build
        self._built: dict[Key, Value] = {}

    def __getitem__(self, key: Key) -> Value:
        if key not in self._built:
            self._built[key] = self._build(self._positions[key])
        return self._built[key]

    def __iter__(self) -> Iterator[Key]:
        return iter(self.keys_in_order)

    def __len__(self) -> int:
        return len(self.keys_in_order)

    def __contains__(self, key: object) -> bool:
        return key in self._positions

    def position(self, key: Key) -> int:
        """Where the key stands in the order."""
        return self._positions[key]


class Dataset:
    """Annexes, tasks, populations and units, indexed by id, number and unit."""

    def __init__(self, index: JsonDict, read_record: RecordReader) -> None:
        """Build from the index form (see `split_export`) and a reader of task records by position."""
        task_ids: list[str] = index["task_ids"]
        annexes: list[JsonDict] = index["annexes"]
        populations: list[JsonDict] = index["populations"]
        self.notice: JsonDict = index["notice"]
        self.tasks = LazyMapping(task_ids, lambda position: _task_from_dict(read_record(position)))
        self.annexes = LazyMapping(
            [annex["number"] for annex in annexes],
            lambda position: _annex_from_index(annexes[position], task_ids),
        )
        self.populations = LazyMapping(
            [row["number"] for row in populations],
            lambda position: _population_from_dict(populations[position]),
        )
        self.registry = Registry(_department_from_dict(row) for row in index["departments"])
        self._assignments: dict[str, dict[str, list[int]]] = index["assignments"]
        self._populations_led: dict[str, list[int]] = index["populations_led"]

    @property
    def departments(self) -> dict[str, Department]:
        return self.registry.departments

    def assignments(self, unit: str) -> list[tuple[Role, str]]:
        """(role, task id) for every task naming `unit`, by role, then in notice order."""
        by_role = self._assignments.get(unit, {})
        ids = self.tasks.keys_in_order
        return [(role, ids[position]) for role in ROLES for position in by_role.get(role, ())]

    def populations_led(self, unit: str) -> list[Population]:
        """The key populations `unit` leads, in table order."""
        numbers = self.populations.keys_in_order
        return [self.populations[numbers[position]] for position in self._populations_led.get(unit, ())]

    def section_of(self, task: Task) -> Section:
        """The section a task belongs to."""
        return self.annexes[task.annex].sections[task.section - 1]

    @classmethod
    def from_dict(cls, data: JsonDict) -> Dataset:
        """The dataset from its JSON form (the export), all in memory."""
        index, records = split_export(data)
        return cls(index, records.__getitem__)

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
    """The export form split into a small index and the task records, in notice order.

    The index keeps sections' task counts instead of their tasks, and adds the task ids, the positions
    of the tasks naming each unit (by role) and of the populations each unit leads.
    """
    records = [
        task for annex in data["annexes"] for section in annex["sections"] for task in section["tasks"]
    ]
    assignments: dict[str, dict[str, list[int]]] = {}
    for position, task in enumerate(records):
        for role in ROLES:
            for unit in task[role]:
                assignments.setdefault(unit, {}).setdefault(role, []).append(position)
    first_tasks = [0]
    for annex in data["annexes"]:
        first_tasks.append(first_tasks[-1] + sum(len(section["tasks"]) for section in annex["sections"]))
    annexes = [
        {
            **{key: value for key, value in annex.items() if key != "sections"},
            "first_task": first_task,
            "sections": [
                {
                    **{key: value for key, value in section.items() if key != "tasks"},
                    "task_count": len(section["tasks"]),
                }
                for section in annex["sections"]
            ],
        }
        for annex, first_task in zip(data["annexes"], first_tasks, strict=False)
    ]
    populations_led: dict[str, list[int]] = {}
    for position, row in enumerate(data["populations"]):
        for unit in row["lead"]:
            populations_led.setdefault(unit, []).append(position)
    index = {
        "notice": data["notice"],
        "populations_led": populations_led,
        "annexes": annexes,
        "task_ids": [task["id"] for task in records],
        "populations": data["populations"],
        "departments": data["departments"],
        "assignments": assignments,
    }
    return index, records


def _annex_from_index(annex: JsonDict, task_ids: list[str]) -> Annex:
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
    )


def _population_from_dict(row: JsonDict) -> Population:
    return Population(
        row["number"], row["name"], tuple(row["lead"]), tuple(row["lead_spellings"]), row["annex"]
    )


def _department_from_dict(row: JsonDict) -> Department:
    return Department(row["name"], row["kind"], tuple(row["spellings"]), tuple(row["short_forms"]))


def _task_from_dict(task: JsonDict) -> Task:
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
    }


def population_to_dict(population: Population) -> JsonDict:
    return {
        "number": population.number,
        "name": population.name,
        "lead": list(population.lead),
        "lead_spellings": list(population.lead_spellings),
        "annex": population.annex,
    }


def department_to_dict(department: Department) -> JsonDict:
    return {
        "name": department.name,
        "aliases": list(department.aliases),
        "kind": department.kind,
        "spellings": list(department.spellings),
        "short_forms": list(department.short_forms),
    }
