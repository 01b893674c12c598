"""Turning the YAML data files into the dataset's JSON form, collecting every problem on the way.

Each problem names the file and the place in it. Checks that pydantic cannot see (units known to the
registry, ids matching their place, populations numbered 1..N) are made here across files.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from taskmap.catchall import reaches_every_unit
from taskmap.errors import InvalidDataset, Problem
from taskmap.identity import NATIONAL, notice_jurisdiction
from taskmap.model import COLLECTIVE, ROLES
from taskmap.registry import closest, normalise
from taskmap.store.schema import AnnexFile, DepartmentsFile, NoticeFile, TaskEntry
from taskmap.store.yamlfile import YamlProblem, parse_yaml

CHINESE_NUMERALS = "一二三四五六七八九"


def chinese_numeral(number: int) -> str:
    """The numeral of 1..99 as a notice prints it (1 → 一, 10 → 十, 21 → 二十一)."""
    tens, units = divmod(number, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else CHINESE_NUMERALS[tens - 1] + "十")
    return head + (CHINESE_NUMERALS[units - 1] if units else "")


JsonDict = dict[str, Any]
Model = TypeVar("Model", bound=BaseModel)


def key_path(location: Sequence[int | str], raw: Any) -> str:
    """A pydantic error location as `sections[2].tasks[0] (task 1.3.4).lead`."""
    path = ""
    node = raw
    for step in location:
        path += f"[{step}]" if isinstance(step, int) else (f".{step}" if path else str(step))
        node = _child(node, step)
        if isinstance(node, dict) and isinstance(node.get("id"), str):
            path += f" (task {node['id']})"
    return path


def _child(node: Any, step: int | str) -> Any:
    """The value at one step of a location, or None where the raw data has no such place."""
    if isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
        return node[step]
    if isinstance(node, dict):
        return node.get(step)
    return None


def describe(error: Any) -> str:
    """pydantic's message, reworded where the data editor needs a plainer one."""
    if error["type"] == "extra_forbidden":
        return "unknown key"
    if error["type"] == "missing":
        return "required key is missing"
    return str(error["msg"])


class Compiler:
    """Collects problems file by file; `compile` raises InvalidDataset with all of them."""

    def __init__(self, files: dict[str, bytes]) -> None:
        self.files = files
        self.problems: list[Problem] = []

    def problem(self, file: str, where: str, message: str) -> None:
        self.problems.append(Problem(file, where, message))

    def parse(self, name: str, model: type[Model]) -> Model | None:
        try:
            raw = parse_yaml(self.files[name])
        except YamlProblem as problem:
            self.problem(name, problem.where, problem.message)
            return None
        try:
            return model.model_validate(raw)
        except ValidationError as error:
            for detail in error.errors():
                self.problem(name, key_path(detail["loc"], raw), describe(detail))
            return None

    def compile(self) -> JsonDict:
        notice = self.parse("notice.yaml", NoticeFile)
        departments = self.parse("departments.yaml", DepartmentsFile)
        annex_names = [name for name in sorted(self.files) if name.startswith("annexes/")]
        annexes = [
            (name, annex) for name in annex_names if (annex := self.parse(name, AnnexFile)) is not None
        ]
        spellings = self.check_registry(departments) if departments else None
        annexes.sort(key=lambda pair: pair[1].number)
        if len(annexes) == len(annex_names):
            self.check_annex_numbers(notice, annexes)
        seen_ids: dict[str, str] = {}
        for name, annex in annexes:
            self.check_annex(name, annex, seen_ids, spellings)
        populations = [(name, row) for name, annex in annexes for row in annex.populations]
        self.check_populations(populations, spellings)
        if self.problems:
            raise InvalidDataset(self.problems)
        assert notice is not None and departments is not None and spellings is not None
        return self.to_json(notice, departments, [annex for _, annex in annexes], spellings)

    def check_registry(self, departments: DepartmentsFile) -> dict[str, str]:
        """Map every normalised name to its unit; a name claimed by two units is a problem."""
        owner: dict[str, str] = {}
        listed_at: dict[str, int] = {}
        for index, entry in enumerate(departments.departments):
            first = listed_at.setdefault(normalise(entry.name), index)
            if first != index:
                self.problem(
                    "departments.yaml",
                    f"departments[{index}] ({entry.name})",
                    f"unit '{entry.name}' is listed twice (also departments[{first}]); merge the two entries",
                )
            for name in (entry.name, *entry.spellings, *entry.short_forms):
                key = normalise(name)
                if key in owner and owner[key] != entry.name:
                    self.problem(
                        "departments.yaml",
                        f"departments[{index}] ({entry.name})",
                        f"'{name}' already names {owner[key]}; each spelling must name one unit",
                    )
                owner.setdefault(key, entry.name)
        return owner

    def check_annex_numbers(self, notice: NoticeFile | None, annexes: list[tuple[str, AnnexFile]]) -> None:
        numbers: dict[int, str] = {}
        for name, annex in annexes:
            if annex.number in numbers:
                self.problem(name, "number", f"annex {annex.number} is also in {numbers[annex.number]}")
            numbers.setdefault(annex.number, name)
        if notice is None:
            return
        listed = {listing.number for listing in notice.annexes}
        for number in sorted(listed - numbers.keys()):
            self.problem("annexes/", "", f"annex {number} is listed in notice.yaml but has no file")
        for number, name in numbers.items():
            if number not in listed:
                self.problem(name, "number", f"annex {number} is not listed in notice.yaml's annexes")

    def check_annex(
        self, name: str, annex: AnnexFile, seen_ids: dict[str, str], spellings: dict[str, str] | None
    ) -> None:
        for section_index, section in enumerate(annex.sections):
            where = f"sections[{section_index}]"
            if section.number != section_index + 1:
                self.problem(
                    name, f"{where}.number", f"section {section.number} stands in place {section_index + 1}"
                )
            if section.numeral is not None and chinese_numeral(section.number) != section.numeral:
                self.problem(name, f"{where}.numeral", f"'{section.numeral}' does not read {section.number}")
            numbers: set[int] = set()
            for task_index, task in enumerate(section.tasks):
                place = f"{where}.tasks[{task_index}] (task {task.id})"
                expected = f"{annex.number}.{section.number}.{task.number}"
                if task.id != expected:
                    self.problem(name, place, f"id should be {expected} (annex.section.number)")
                if task.id in seen_ids:
                    self.problem(name, place, f"duplicate task id {task.id} (also in {seen_ids[task.id]})")
                seen_ids.setdefault(task.id, name)
                if task.number in numbers:
                    self.problem(name, place, f"item number {task.number} appears twice in this section")
                numbers.add(task.number)
                self.check_task(name, place, task, spellings)

    def check_task(self, name: str, place: str, task: TaskEntry, spellings: dict[str, str] | None) -> None:
        if not any(getattr(task, role) for role in ROLES):
            self.problem(name, place, f"task names no unit ({', '.join(ROLES)})")
        if task.heading and not task.text.startswith(task.heading):
            self.problem(name, f"{place}.heading", "the heading must open the text")
        for role in task.open_ended:
            if not getattr(task, role):
                self.problem(name, f"{place}.open_ended", f"'{role}' is open-ended but lists no unit")
        if spellings is not None:
            for role in ROLES:
                self.check_units(name, f"{place}.{role}", getattr(task, role), spellings)
        for index, clause in enumerate(task.clauses):
            where = f"{place}.clauses[{index}]"
            if not task.text.count(clause.text):
                self.problem(name, f"{where}.text", "a clause must be words of the task's text")
            for role in ROLES:
                missing = [unit for unit in getattr(clause, role) if unit not in getattr(task, role)]
                if missing:
                    self.problem(name, f"{where}.{role}", f"'{missing[0]}' is not a {role} unit of the task")

    def check_units(self, name: str, where: str, units: list[str], spellings: dict[str, str]) -> None:
        for unit in units:
            if normalise(unit) not in spellings:
                guesses = [spellings[key] for key in closest(normalise(unit), spellings)]
                hint = f"; did you mean {', '.join(dict.fromkeys(guesses))}?" if guesses else ""
                self.problem(name, where, f"unknown unit '{unit}': add it to departments.yaml{hint}")

    def check_populations(self, populations: list[tuple[str, Any]], spellings: dict[str, str] | None) -> None:
        for index, (name, row) in enumerate(populations):
            where = f"populations[{index}] ({row.name})"
            if row.number != index + 1:
                self.problem(name, f"{where}.number", f"population {row.number} should be {index + 1} (1..N)")
            if spellings is not None:
                self.check_units(name, f"{where}.lead", row.lead, spellings)

    def to_json(
        self,
        notice: NoticeFile,
        departments: DepartmentsFile,
        annexes: list[AnnexFile],
        spellings: dict[str, str],
    ) -> JsonDict:
        def canonical(units: list[str]) -> list[str]:
            return [spellings[normalise(unit)] for unit in units]

        return {
            "notice": notice.model_dump(),
            "annexes": [
                {
                    "number": annex.number,
                    "title": annex.title,
                    "implements": annex.implements.model_dump(),
                    "basis": [document.model_dump() for document in annex.basis],
                    "preamble": annex.preamble,
                    **({"in_body": True} if annex.in_body else {}),
                    "sections": [
                        {
                            "number": section.number,
                            "numeral": section.numeral,
                            "title": section.title,
                            "tasks": [
                                {
                                    "id": task.id,
                                    "annex": annex.number,
                                    "section": section.number,
                                    "number": task.number,
                                    "heading": task.heading,
                                    "text": task.text,
                                    **{role: canonical(getattr(task, role)) for role in ROLES},
                                    "numbered": task.numbered,
                                    "open_ended": dict(task.open_ended),
                                    "remark": task.remark,
                                    "spellings": {
                                        role: getattr(task, role) for role in ROLES if getattr(task, role)
                                    },
                                    **imported_task_keys(task, canonical),
                                }
                                for task in section.tasks
                            ],
                        }
                        for section in annex.sections
                    ],
                }
                for annex in annexes
            ],
            "populations": [
                {
                    "number": row.number,
                    "name": row.name,
                    "lead": canonical(row.lead),
                    "lead_spellings": row.lead,
                    "annex": annex.number,
                }
                for annex in annexes
                for row in annex.populations
            ],
            "departments": departments_json(notice, departments, spellings),
        }


def departments_json(
    notice: NoticeFile, departments: DepartmentsFile, spellings: dict[str, str]
) -> list[JsonDict]:
    """The units as compiled: catch-alls only where they reach every unit; in a notice of 全国 each unit the
    shipped registry knows has all its names."""
    rows = [
        {
            "name": entry.name,
            "aliases": [*entry.spellings, *entry.short_forms],
            "kind": entry.kind,
            "spellings": entry.spellings,
            "short_forms": entry.short_forms,
            **({"kind_inferred": True} if entry.kind_inferred else {}),
        }
        for entry in departments.departments
    ]
    jurisdiction = notice_jurisdiction(notice.model_dump())
    rows = [row | {"kind": "other"} if not catches_all(row, jurisdiction) else row for row in rows]
    if jurisdiction != NATIONAL:
        return rows
    from taskmap.central import with_central_names

    return with_central_names(rows, spellings)


def catches_all(row: JsonDict, jurisdiction: str) -> bool:
    """Whether a unit is a catch-all phrase that gives its tasks to every unit (see `questions.catchall`).

    A phrase naming another level or other actors (各省级人民政府, 各乡镇) is compiled as a unit of its own.
    """
    return row["kind"] != COLLECTIVE or reaches_every_unit(row["name"], jurisdiction)


def imported_task_keys(task: TaskEntry, canonical: Callable[[list[str]], list[str]]) -> JsonDict:
    """Keys only imported notices use, present only when set so the shipped notice's JSON is unchanged."""
    keys: JsonDict = {}
    if task.lead_unknown:
        keys["lead_unknown"] = True
    if task.deadline:
        keys["deadline"] = task.deadline
    if task.printed:
        keys["printed"] = task.printed
    if task.clauses:
        keys["clauses"] = [
            {"text": clause.text, **{role: canonical(getattr(clause, role)) for role in ROLES}}
            for clause in task.clauses
        ]
    return keys


def compile_files(files: dict[str, bytes]) -> JsonDict:
    """Validate the data files (relative name → bytes) into the dataset's JSON form."""
    return Compiler(files).compile()
