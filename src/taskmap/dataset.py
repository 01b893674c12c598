"""The whole notice in memory, with the lookup indexes every query needs, built once per load."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from taskmap.model import ROLES, Annex, Department, Document, Population, Role, Section, Task
from taskmap.registry import Registry

JsonDict = dict[str, Any]


class Dataset:
    """Annexes, tasks, populations and units, indexed by id, number and unit."""

    def __init__(
        self,
        notice: JsonDict,
        annexes: list[Annex],
        tasks: list[Task],
        populations: list[Population],
        departments: list[Department],
    ) -> None:
        self.notice = notice
        self.annexes = {annex.number: annex for annex in annexes}
        self.tasks = {task.id: task for task in tasks}
        self.populations = {population.number: population for population in populations}
        self.registry = Registry(departments)
        self.assignments: dict[str, list[tuple[Role, Task]]] = defaultdict(list)
        self.populations_led: dict[str, list[Population]] = defaultdict(list)
        for task in tasks:
            for role in ROLES:
                for unit in task.units(role):
                    self.assignments[unit].append((role, task))
        for population in populations:
            for unit in population.lead:
                self.populations_led[unit].append(population)

    @property
    def departments(self) -> dict[str, Department]:
        return self.registry.departments

    def section_of(self, task: Task) -> Section:
        """The section a task belongs to."""
        return self.annexes[task.annex].sections[task.section - 1]

    @classmethod
    def from_dict(cls, data: JsonDict) -> Dataset:
        """Rebuild the dataset from its JSON form (the export, which is also the cache)."""
        annexes: list[Annex] = []
        tasks: list[Task] = []
        for annex in data["annexes"]:
            sections = []
            for section in annex["sections"]:
                section_tasks = [_task_from_dict(task) for task in section["tasks"]]
                tasks.extend(section_tasks)
                sections.append(
                    Section(
                        annex["number"],
                        section["number"],
                        section["numeral"],
                        section["title"],
                        tuple(task.id for task in section_tasks),
                    )
                )
            annexes.append(
                Annex(
                    annex["number"],
                    annex["title"],
                    Document(**annex["implements"]),
                    tuple(Document(**document) for document in annex["basis"]),
                    annex["preamble"],
                    tuple(sections),
                )
            )
        populations = [
            Population(
                row["number"], row["name"], tuple(row["lead"]), tuple(row["lead_spellings"]), row["annex"]
            )
            for row in data["populations"]
        ]
        departments = [
            Department(row["name"], row["kind"], tuple(row["spellings"]), tuple(row["short_forms"]))
            for row in data["departments"]
        ]
        return cls(data["notice"], annexes, tasks, populations, departments)

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
