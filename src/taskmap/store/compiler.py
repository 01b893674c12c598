"""Turning the YAML data files into the dataset's JSON form, collecting every problem on the way.

Each problem names the file and the place in it. Checks that pydantic cannot see (units known to the
registry, ids matching their place, populations numbered 1..N) are made here across files.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from taskmap.catchall import reaches_every_unit
from taskmap.errors import NO_VALUES, Choices, InvalidDataset, Names, Problem
from taskmap.i18n import N_, _
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
            path = task_place(path, node["id"])
    return path


def task_place(path: str, task_id: str) -> str:
    """The keys of a task's place with its id, said in the reader's language: the keys stay as written."""
    return _("{path} (task {id})").format(path=path, id=task_id)


def _child(node: Any, step: int | str) -> Any:
    """The value at one step of a location, or None where the raw data has no such place."""
    if isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
        return node[step]
    if isinstance(node, dict):
        return node.get(step)
    return None


# Where the data editor needs plainer words than pydantic's.
REWORDED = {"extra_forbidden": N_("unknown key"), "missing": N_("required key is missing")}
# pydantic's own words for each kind of error the data files' schemas can give, its context's names as
# placeholders, so that English reads as pydantic says it and Chinese as the catalogue does. `message_of`
# uses one only where it gives pydantic's very message; any other stays as pydantic wrote it.
PYDANTIC_WORDS = {
    "string_type": N_("Input should be a valid string"),
    "int_type": N_("Input should be a valid integer"),
    "bool_type": N_("Input should be a valid boolean"),
    "list_type": N_("Input should be a valid list"),
    "dict_type": N_("Input should be a valid dictionary"),
    "model_type": N_("Input should be a valid dictionary or instance of {class_name}"),
    "literal_error": N_("Input should be {expected}"),
    "string_pattern_mismatch": N_("String should match pattern '{pattern}'"),
    "greater_than_equal": N_("Input should be greater than or equal to {ge}"),
    "less_than_equal": N_("Input should be less than or equal to {le}"),
    "value_error": N_("Value error, {error}"),
}
# Words that change with a count (min_length): for one, and for more.
PYDANTIC_COUNTED_WORDS = {
    "string_too_short": (
        N_("String should have at least {min_length} character"),
        N_("String should have at least {min_length} characters"),
    ),
    "too_short": (
        N_("List should have at least {min_length} item after validation, not {actual_length}"),
        N_("List should have at least {min_length} items after validation, not {actual_length}"),
    ),
}


def describe(error: Any) -> str:
    """pydantic's message in the reader's language, reworded where the data editor needs a plainer one."""
    template, values = message_of(error)
    text = _(template)
    return text.format(**values) if values else text


def message_of(error: Any) -> tuple[str, Mapping[str, object]]:
    """pydantic's message as a template of the catalogue and the values it names (see PYDANTIC_WORDS),
    for a Problem to read in its reader's language where it is shown."""
    kind = error["type"]
    if kind in REWORDED:
        return REWORDED[kind], NO_VALUES
    context = {name: str(value) for name, value in (error.get("ctx") or {}).items()}
    counted = PYDANTIC_COUNTED_WORDS.get(kind)
    if counted is not None:
        template = counted[0] if context.get("min_length") == "1" else counted[1]
    else:
        template = PYDANTIC_WORDS.get(kind, "")
    try:
        known = template.format(**context) == error["msg"]
    except (KeyError, IndexError, ValueError):
        known = False
    if not known:
        return str(error["msg"]), NO_VALUES
    values: dict[str, object] = dict(context)
    if "expected" in context:
        values["expected"] = choices(context["expected"])
    return template, values


def choices(expected: str) -> Choices | str:
    """pydantic's list of the values a key may take ("'a', 'b' or 'c'") as Choices, said in the reader's
    language where it is shown; as it is if it is not such a list."""
    listed = re.findall(r"'[^']*'", expected)
    english = ", ".join(listed[:-1]) + " or " + listed[-1] if len(listed) > 1 else "".join(listed)
    return Choices(listed) if listed and english == expected else expected


class Compiler:
    """Collects problems file by file; `compile` raises InvalidDataset with all of them."""

    def __init__(self, files: dict[str, bytes]) -> None:
        self.files = files
        self.problems: list[Problem] = []

    def problem(self, file: str, where: str, message: str, /, **values: object) -> None:
        """One problem; `message` is a template marked with N_, `values` what it names."""
        self.problems.append(Problem(file, where, message, values or NO_VALUES))

    def parse(self, name: str, model: type[Model]) -> Model | None:
        try:
            raw = parse_yaml(self.files[name])
        except YamlProblem as problem:
            self.problems.append(problem.in_file(name))
            return None
        try:
            return model.model_validate(raw)
        except ValidationError as error:
            for detail in error.errors():
                self.problems.append(Problem(name, key_path(detail["loc"], raw), *message_of(detail)))
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
                    N_("unit '{name}' is listed twice (also departments[{first}]); merge the two entries"),
                    name=entry.name,
                    first=first,
                )
            for name in (entry.name, *entry.spellings, *entry.short_forms):
                key = normalise(name)
                if key in owner and owner[key] != entry.name:
                    self.problem(
                        "departments.yaml",
                        f"departments[{index}] ({entry.name})",
                        N_("'{name}' already names {unit}; each spelling must name one unit"),
                        name=name,
                        unit=owner[key],
                    )
                owner.setdefault(key, entry.name)
        return owner

    def check_annex_numbers(self, notice: NoticeFile | None, annexes: list[tuple[str, AnnexFile]]) -> None:
        numbers: dict[int, str] = {}
        for name, annex in annexes:
            if annex.number in numbers:
                also = N_("annex {number} is also in {file}")
                self.problem(name, "number", also, number=annex.number, file=numbers[annex.number])
            numbers.setdefault(annex.number, name)
        if notice is None:
            return
        listed = {listing.number for listing in notice.annexes}
        for number in sorted(listed - numbers.keys()):
            self.problem(
                "annexes/", "", N_("annex {number} is listed in notice.yaml but has no file"), number=number
            )
        for number, name in numbers.items():
            if number not in listed:
                unlisted = N_("annex {number} is not listed in notice.yaml's annexes")
                self.problem(name, "number", unlisted, number=number)

    def check_annex(
        self, name: str, annex: AnnexFile, seen_ids: dict[str, str], spellings: dict[str, str] | None
    ) -> None:
        for section_index, section in enumerate(annex.sections):
            where = f"sections[{section_index}]"
            if section.number != section_index + 1:
                misplaced = N_("section {number} stands in place {place}")
                self.problem(
                    name, f"{where}.number", misplaced, number=section.number, place=section_index + 1
                )
            if section.numeral is not None and chinese_numeral(section.number) != section.numeral:
                misread = N_("'{numeral}' does not read {number}")
                self.problem(
                    name, f"{where}.numeral", misread, numeral=section.numeral, number=section.number
                )
            numbers: set[int] = set()
            for task_index, task in enumerate(section.tasks):
                place = task_place(f"{where}.tasks[{task_index}]", task.id)
                expected = f"{annex.number}.{section.number}.{task.number}"
                if task.id != expected:
                    self.problem(
                        name, place, N_("id should be {expected} (annex.section.number)"), expected=expected
                    )
                if task.id in seen_ids:
                    duplicate = N_("duplicate task id {id} (also in {file})")
                    self.problem(name, place, duplicate, id=task.id, file=seen_ids[task.id])
                seen_ids.setdefault(task.id, name)
                if task.number in numbers:
                    twice = N_("item number {number} appears twice in this section")
                    self.problem(name, place, twice, number=task.number)
                numbers.add(task.number)
                self.check_task(name, place, task, spellings)

    def check_task(self, name: str, place: str, task: TaskEntry, spellings: dict[str, str] | None) -> None:
        if not any(getattr(task, role) for role in ROLES):
            self.problem(name, place, N_("task names no unit ({roles})"), roles=Names(ROLES))
        if task.heading and not task.text.startswith(task.heading):
            self.problem(name, f"{place}.heading", N_("the heading must open the text"))
        for role in task.open_ended:
            if not getattr(task, role):
                empty = N_("'{role}' is open-ended but lists no unit")
                self.problem(name, f"{place}.open_ended", empty, role=role)
        if spellings is not None:
            for role in ROLES:
                self.check_units(name, f"{place}.{role}", getattr(task, role), spellings)
        for index, clause in enumerate(task.clauses):
            where = f"{place}.clauses[{index}]"
            if not task.text.count(clause.text):
                self.problem(name, f"{where}.text", N_("a clause must be words of the task's text"))
            for role in ROLES:
                missing = [unit for unit in getattr(clause, role) if unit not in getattr(task, role)]
                if missing:
                    stray = N_("'{unit}' is not a {role} unit of the task")
                    self.problem(name, f"{where}.{role}", stray, unit=missing[0], role=role)

    def check_units(self, name: str, where: str, units: list[str], spellings: dict[str, str]) -> None:
        for unit in units:
            if normalise(unit) not in spellings:
                guesses = Names(dict.fromkeys(spellings[key] for key in closest(normalise(unit), spellings)))
                if guesses:
                    unknown = N_("unknown unit '{unit}': add it to departments.yaml; did you mean {names}?")
                    self.problem(name, where, unknown, unit=unit, names=guesses)
                else:
                    self.problem(
                        name, where, N_("unknown unit '{unit}': add it to departments.yaml"), unit=unit
                    )

    def check_populations(self, populations: list[tuple[str, Any]], spellings: dict[str, str] | None) -> None:
        for index, (name, row) in enumerate(populations):
            where = f"populations[{index}] ({row.name})"
            if row.number != index + 1:
                misnumbered = N_("population {number} should be {expected} (1..N)")
                self.problem(name, f"{where}.number", misnumbered, number=row.number, expected=index + 1)
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
    if task.subsections:
        keys["subsections"] = task.subsections
    return keys


def compile_files(files: dict[str, bytes]) -> JsonDict:
    """Validate the data files (relative name → bytes) into the dataset's JSON form."""
    return Compiler(files).compile()
