"""The script contract: every command's JSON output validates against the schema taskmap ships for it.

Checked for every unit, population and task of the shipped notice, for a library of several notices, and
for inputs hypothesis draws from the data; a key a schema does not declare fails, so the contract cannot
drift silently. Plain and CSV records carry the fields README documents, in that order.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from conftest import REPO, Cli, shelf_of
from taskmap.dataset import Dataset
from taskmap.identity import NATIONAL, qualified_unit_name
from taskmap.library import Library, Unit
from taskmap.schemas import CONTRACT_COMMANDS, command_schema
from taskmap.store.library_loading import load_library

# Notices with 指导 (guide) units and jointly responsible units: fields the shipped notice lacks.
IMPORTED = ["06-guobanfa-2018-128-wufei-chengshi.txt", "07-guobanfa-2018-126-chuangxin-table.txt"]
OVERVIEWS = [
    ["depts"],
    ["population"],
    ["annex"],
    ["annex", "2"],
    ["matrix"],
    ["stats"],
    ["notices"],
    ["export"],
    ["status"],
    ["missing", "--round", "2019Q2"],
    ["bulletin", "--round", "2019Q2"],
]
FIELDS_MARK = "<!-- fields: "
EXAMPLES = settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture(scope="module")
def validators() -> dict[str, Draft202012Validator]:
    return {command: Draft202012Validator(command_schema(command)) for command in CONTRACT_COMMANDS}


def documents(cli: Cli, *args: str) -> Iterator[Any]:
    """Each JSON document a command prints (one per line: several names make JSON Lines)."""
    outcome = cli(*args, "--format", "json")
    assert outcome.exit_code == 0, (args, outcome.stderr)
    lines = outcome.stdout.splitlines()
    assert lines, args
    return (json.loads(line) for line in lines)


def assert_follows_contract(validators: dict[str, Draft202012Validator], cli: Cli, *args: str) -> None:
    for document in documents(cli, *args):
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in validators[args[0]].iter_errors(document)]
        assert not errors, (args, errors[:5])


@pytest.fixture(scope="module")
def shelf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A library: the shipped notice and two imported State Council documents."""
    return shelf_of(tmp_path_factory.mktemp("contract-shelf"), IMPORTED)


@pytest.fixture(scope="module")
def loaded(shelf: Path) -> Library:
    return load_library([shelf])


# --- the schemas themselves -------------------------------------------------------------------------


@pytest.mark.parametrize("command", CONTRACT_COMMANDS)
def test_every_schema_is_a_valid_draft_2020_12_schema(command: str) -> None:
    Draft202012Validator.check_schema(command_schema(command))


def test_a_definition_shared_by_several_schemas_is_the_same_in_each() -> None:
    seen: dict[str, tuple[str, Any]] = {}
    for command in CONTRACT_COMMANDS:
        for name, definition in command_schema(command).get("$defs", {}).items():
            first, expected = seen.setdefault(name, (command, definition))
            assert definition == expected, f"$defs/{name} differs between {first} and {command}"


def test_schema_prints_one_schema_or_all_of_them_keyed_by_command(cli: Cli) -> None:
    every = json.loads(cli("schema").stdout)
    assert list(every) == list(CONTRACT_COMMANDS)
    for command in CONTRACT_COMMANDS:
        outcome = cli("schema", command)
        assert outcome.exit_code == 0
        assert json.loads(outcome.stdout) == every[command] == command_schema(command)


def test_an_unknown_command_is_one_line_with_a_suggestion_and_exit_2(cli: Cli) -> None:
    outcome = cli("schema", "dpt")
    assert outcome.exit_code == 2 and outcome.stdout == ""
    assert len(outcome.stderr.splitlines()) == 1 and "did you mean dept?" in outcome.stderr


# --- the shipped notice -----------------------------------------------------------------------------


def test_dept_and_partners_follow_the_contract_for_every_unit(
    validators: dict[str, Draft202012Validator], cli: Cli, dataset: Dataset
) -> None:
    names = list(dataset.departments)
    assert_follows_contract(validators, cli, "dept", *names, "--all")
    units = [name for name, department in dataset.departments.items() if not department.is_collective]
    for name in units:
        assert_follows_contract(validators, cli, "partners", name)


def test_population_follows_the_contract_for_every_row(
    validators: dict[str, Draft202012Validator], cli: Cli, dataset: Dataset
) -> None:
    assert_follows_contract(validators, cli, "population", *map(str, dataset.populations))


def test_task_follows_the_contract_for_every_task(
    validators: dict[str, Draft202012Validator], cli: Cli, dataset: Dataset
) -> None:
    assert_follows_contract(validators, cli, "task", *dataset.tasks)


@pytest.mark.parametrize("command", [*OVERVIEWS, ["search", "信用"]], ids=" ".join)
def test_every_overview_follows_the_contract(
    validators: dict[str, Draft202012Validator], cli: Cli, command: list[str]
) -> None:
    assert_follows_contract(validators, cli, *command)


# --- a library of several notices -------------------------------------------------------------------


@pytest.mark.parametrize("command", [*OVERVIEWS, ["search", "建设"]], ids=" ".join)
def test_every_overview_of_a_library_follows_the_contract(
    validators: dict[str, Draft202012Validator], cli: Cli, shelf: Path, command: list[str]
) -> None:
    assert_follows_contract(validators, cli, *command, "--data", str(shelf))


def test_every_answer_of_a_library_follows_the_contract(
    validators: dict[str, Draft202012Validator], cli: Cli, shelf: Path, loaded: Library
) -> None:
    data = ("--data", str(shelf))
    units = [typeable(unit) for unit in loaded.all_units() if not unit.department.is_collective]
    qualified = [f"{notice.key}:{task_id}" for notice in loaded.notices for task_id in notice.dataset.tasks]
    assert_follows_contract(validators, cli, "task", *qualified, *data)
    assert_follows_contract(validators, cli, "dept", *units, "--all", *data)
    for name in units:
        assert_follows_contract(validators, cli, "partners", name, *data)


def typeable(unit: Unit) -> str:
    """A name picking the unit alone: a national unit's bare name (人民银行) may be a city unit's alias."""
    if unit.jurisdiction == NATIONAL:
        return f"{NATIONAL}{unit.department.name}"
    return qualified_unit_name(unit.department.name, unit.jurisdiction)


def test_a_library_shows_the_fields_only_imported_notices_fill(cli: Cli, shelf: Path) -> None:
    tasks = [
        task for document in documents(cli, "export", "--data", str(shelf)) for task in all_tasks(document)
    ]
    assert any(task["guide"] for task in tasks) and any(task["lead_unknown"] for task in tasks)


def all_tasks(export: dict[str, Any]) -> list[dict[str, Any]]:
    return [task for annex in export["annexes"] for section in annex["sections"] for task in section["tasks"]]


# --- inputs drawn from the data ---------------------------------------------------------------------


def spellings(dataset: Dataset) -> list[str]:
    return sorted({name for d in dataset.departments.values() for name in (d.name, *d.aliases)})


@EXAMPLES
@given(data=st.data())
def test_any_spelling_of_a_unit_answers_within_the_contract(
    validators: dict[str, Draft202012Validator], cli: Cli, dataset: Dataset, data: st.DataObject
) -> None:
    name = data.draw(st.sampled_from(spellings(dataset)))
    assert_follows_contract(validators, cli, "dept", name)
    if not dataset.registry.resolve(name).is_collective:
        assert_follows_contract(validators, cli, "partners", name)


@EXAMPLES
@given(data=st.data())
def test_any_numbers_and_ids_answer_within_the_contract(
    validators: dict[str, Draft202012Validator], cli: Cli, dataset: Dataset, data: st.DataObject
) -> None:
    numbers = data.draw(st.lists(st.sampled_from(list(dataset.populations)), min_size=1, max_size=3))
    assert_follows_contract(validators, cli, "population", *map(str, numbers))
    ids = data.draw(st.lists(st.sampled_from(list(dataset.tasks)), min_size=1, max_size=3))
    assert_follows_contract(validators, cli, "task", *ids)


@EXAMPLES
@given(data=st.data())
def test_any_word_of_a_task_searched_answers_within_the_contract(
    validators: dict[str, Draft202012Validator], cli: Cli, dataset: Dataset, data: st.DataObject
) -> None:
    task = dataset.tasks[data.draw(st.sampled_from(list(dataset.tasks)))]
    start = data.draw(st.integers(0, len(task.text) - 2))
    word = task.text[start : start + 2]
    if word.strip() and not re.search(r"\s", word):
        assert_follows_contract(validators, cli, "search", word)


# --- the drift guard --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "where"),
    [
        (["task", "2.3.6"], lambda doc: doc),
        (["dept", "市公安局"], lambda doc: doc["tasks"][0]),
        (["dept", "市公安局"], lambda doc: doc["department"]),
        (["stats"], lambda doc: doc[0]),
        (["stats"], lambda doc: doc[0]["most_loaded_units"][0]),
        (["depts"], lambda doc: doc[0]),
        (["export"], lambda doc: doc["notice"]),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else "",
)
def test_a_key_the_schema_does_not_declare_fails(
    validators: dict[str, Draft202012Validator], cli: Cli, command: list[str], where: Any
) -> None:
    (document,) = documents(cli, *command)
    validators[command[0]].validate(document)
    where(document)["undeclared_key"] = 1
    with pytest.raises(ValidationError, match="undeclared_key"):
        validators[command[0]].validate(document)


# --- plain and CSV records --------------------------------------------------------------------------


def documented_fields() -> dict[str, list[str]]:
    """README's list of plain and CSV fields, by command."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    listing = readme[readme.index(FIELDS_MARK) :].split("\n\n", 1)[0]
    fields = {}
    for entry in re.split(r"\n- ", listing.split("\n", 1)[1].removeprefix("- ")):
        commands, _, names = entry.partition(": ")
        for command in re.findall(r"`(\w+)`", commands):
            fields[command] = [name.strip() for name in " ".join(names.split()).split(",")]
    return fields


def csv_header(cli: Cli, *args: str) -> list[str]:
    outcome = cli(*args, "--format", "csv")
    assert outcome.exit_code == 0, outcome.stderr
    return outcome.stdout.splitlines()[0].split(",")


@pytest.mark.parametrize(
    "command",
    [
        ["dept", "市公安局"],
        ["task", "2.3.6"],
        ["search", "信用"],
        ["annex", "2"],
        ["depts"],
        ["population"],
        ["partners", "市公安局"],
        ["notices"],
    ],
    ids=" ".join,
)
def test_csv_header_is_the_documented_field_order(cli: Cli, command: list[str]) -> None:
    assert csv_header(cli, *command) == documented_fields()[command[0]]


def test_stats_csv_has_one_line_per_figure_of_the_json(cli: Cli) -> None:
    assert csv_header(cli, "stats")[:2] == ["figure", "value"]
    ((figures,),) = documents(cli, "stats")
    lines = cli("stats", "--format", "plain").stdout.splitlines()
    by_path = {line.split("\t")[0]: line.split("\t")[1] for line in lines}
    assert by_path["tasks"] == str(figures["tasks"])
    assert by_path["tasks_by_role.lead"] == str(figures["tasks_by_role"]["lead"])
    assert by_path["most_loaded_units[0].name"] == figures["most_loaded_units"][0]["name"]
    assert by_path["open_ended_tasks"] == ",".join(figures["open_ended_tasks"])


def test_matrix_csv_has_each_role_count_of_the_json(cli: Cli, dataset: Dataset) -> None:
    header = csv_header(cli, "matrix")
    split = [f"annex{n}_{role}" for n in dataset.annexes for role in ("lead", "support", "responsible")]
    assert header == ["name", "kind", *split, "total", *(f"annex{n}_guide" for n in dataset.annexes)]


@pytest.mark.parametrize(
    "command", [["task", "2.3.6"], ["population", "17"], ["dept", "市公安局"]], ids=" ".join
)
def test_records_hold_every_field_of_the_json(cli: Cli, command: list[str]) -> None:
    (document,) = documents(cli, *command)
    record = (
        document["tasks"][0]
        if command[0] == "dept"
        else document[0]
        if isinstance(document, list)
        else document
    )
    header = csv_header(cli, *command)
    by_role = {"open_ended", "spellings"}  # one column per role: ROLE_open_ended, ROLE_spellings
    assert set(record) - by_role <= set(header)
    assert all(f"{role}_{field}" in header for field in by_role & set(record) for role in ("lead", "guide"))
