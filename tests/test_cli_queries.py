"""The query commands answer what the data says, for every spelling of a unit, in every format."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from conftest import Cli
from source_scan import ScannedNotice
from taskmap.dataset import Dataset
from taskmap.model import ROLES

TASK_KEYS = {"id", "annex", "section", "number", "heading", "text", "lead", "support", "responsible"}
POPULATION_KEYS = {"number", "name", "lead"}
DEPARTMENT_KEYS = {"name", "aliases", "kind"}


def direct_tasks(dataset: Dataset, unit: str) -> dict[str, set[str]]:
    """Task ids per role naming `unit`, read straight from the tasks."""
    return {role: {t.id for t in dataset.tasks.values() if unit in t.units(role)} for role in ROLES}


def collective_only_tasks(dataset: Dataset, unit: str) -> set[tuple[str, str]]:
    collective = {name for name, d in dataset.departments.items() if d.is_collective}
    return {
        (role, t.id)
        for t in dataset.tasks.values()
        for role in ROLES
        if collective & set(t.units(role)) and not any(unit in t.units(r) for r in ROLES)
    }


# --- dept -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "spellings",
    [
        ["市交通运输局", "市交通局", "交通局"],
        ["中院", "市中级法院", "市中级人民法院"],
        ["信用办", "市发改委", "市发改委(市信用办)", "市发改委(信用办)", "发改委"],
        ["常州市税务局", "市税务局", "税务"],
    ],
)
def test_dept_gives_the_same_answer_for_every_spelling_of_a_unit(cli: Cli, spellings: list[str]) -> None:
    answers = [cli.json("dept", spelling) for spelling in spellings]
    assert all(answer == answers[0] for answer in answers)


def test_dept_answer_lists_every_task_naming_the_unit_by_role(cli: Cli, dataset: Dataset) -> None:
    answer = cli.json("dept", "市公安局")
    assert answer["department"]["name"] == "市公安局"
    expected = direct_tasks(dataset, "市公安局")
    for role in ROLES:
        assert {t["id"] for t in answer["tasks"] if t["role"] == role} == expected[role]
    assert [p["number"] for p in answer["populations"]] == [
        p.number for p in dataset.populations.values() if "市公安局" in p.lead
    ]


def test_dept_json_follows_the_contract(cli: Cli) -> None:
    answer = cli.json("dept", "市财政局")
    assert set(answer["department"]) >= DEPARTMENT_KEYS
    assert all(TASK_KEYS | {"role"} <= set(task) for task in answer["tasks"])
    assert all(set(p) >= POPULATION_KEYS for p in answer["populations"])


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("财政", "市财政局"),
        ("人民银行", "人民银行常州市中心支行"),
        ("  市公安局 ", "市公安局"),
        ("市发改委（市信用办）", "市发改委"),
        ("ｍ" * 0 + "市 公 安 局", "市公安局"),
    ],
)
def test_dept_resolves_parts_and_full_width_forms_to_the_canonical_unit(
    cli: Cli, typed: str, canonical: str
) -> None:
    assert cli.json("dept", typed)["department"]["name"] == canonical


def test_dept_names_the_canonical_unit_in_every_format(cli: Cli) -> None:
    assert "市财政局" in cli("dept", "财政", "--format", "table").stdout


def test_ambiguous_unit_exits_1_with_candidates(cli: Cli, dataset: Dataset) -> None:
    outcome = cli("dept", "管理局")
    assert outcome.exit_code == 1
    assert outcome.stdout == ""
    assert len(outcome.stderr.splitlines()) == 1
    assert "did you mean" in outcome.stderr
    candidates = [n for n, d in dataset.departments.items() if any("管理局" in a for a in (n, *d.aliases))]
    assert sum(name in outcome.stderr for name in candidates) >= 2


def test_unknown_unit_exits_1_and_suggests_the_closest(cli: Cli) -> None:
    outcome = cli("dept", "市公按局")
    assert outcome.exit_code == 1
    assert "did you mean" in outcome.stderr and "市公安局" in outcome.stderr


@pytest.mark.parametrize("word", ["牵头", "配合单位", "负责", "lead"])
def test_a_role_typed_as_a_unit_is_said_to_be_a_role_and_how_to_ask_for_it(cli: Cli, word: str) -> None:
    outcome = cli("dept", word)
    assert outcome.exit_code == 1 and outcome.stdout == ""
    assert len(outcome.stderr.splitlines()) == 1
    assert f"--role {word}" in outcome.stderr
    assert cli("dept", "市公安局", "--role", word).exit_code == 0


def test_dept_role_filter_keeps_one_role(cli: Cli, dataset: Dataset) -> None:
    answer = cli.json("dept", "市发改委", "--role", "support")
    assert {t["role"] for t in answer["tasks"]} == {"support"}
    assert {t["id"] for t in answer["tasks"]} == direct_tasks(dataset, "市发改委")["support"]


def test_role_may_be_given_more_than_once_and_keeps_each_role_given(cli: Cli, dataset: Dataset) -> None:
    answer = cli.json("dept", "市公安局", "--role", "lead", "--role", "responsible", "--role", "牵头")
    expected = direct_tasks(dataset, "市公安局")
    assert sorted((t["role"], t["id"]) for t in answer["tasks"]) == sorted(
        (role, task) for role in ("lead", "responsible") for task in expected[role]
    )
    assert answer["populations"] == cli.json("dept", "市公安局", "--role", "lead")["populations"]


@pytest.mark.parametrize("spelling", ["负责", "负责单位", "责任", "responsible"])
def test_fuze_is_accepted_where_zeren_is(cli: Cli, dataset: Dataset, spelling: str) -> None:
    answer = cli.json("dept", "市公安局", "--role", spelling)
    assert {t["id"] for t in answer["tasks"]} == direct_tasks(dataset, "市公安局")["responsible"]


def unit_holding_no_support(cli: Cli) -> dict[str, int | str]:
    """A unit that leads and is responsible for tasks but supports none, with its counts."""
    return next(
        row for row in cli.json("depts") if row["support"] == 0 and row["lead"] and row["responsible"]
    )


def test_a_unit_holding_nothing_in_the_role_asked_says_what_it_holds_and_which_role_shows_it(
    cli: Cli,
) -> None:
    unit = unit_holding_no_support(cli)
    outcome = cli("dept", str(unit["name"]), "--role", "support", "--format", "table", env={"COLUMNS": "200"})
    assert outcome.exit_code == 0
    assert (
        f"{unit['name']} supports no task; it leads {unit['lead']} (--role lead) and is responsible for "
        f"{unit['responsible']} (--role responsible)."
    ) in outcome.stdout
    assert "No task or population names this unit directly" not in outcome.stdout


def test_a_unit_holding_nothing_in_the_role_asked_says_so_in_chinese(cli: Cli, chinese: None) -> None:
    unit = unit_holding_no_support(cli)
    outcome = cli("dept", str(unit["name"]), "--role", "配合", "--format", "table", env={"COLUMNS": "200"})
    assert (
        f"{unit['name']}没有配合的任务；牵头 {unit['lead']} 项（--role lead），作为责任单位 "
        f"{unit['responsible']} 项（--role responsible）。"
    ) in outcome.stdout


def test_collective_tasks_are_counted_by_default_and_listed_with_all(cli: Cli, dataset: Dataset) -> None:
    expected = collective_only_tasks(dataset, "市财政局")
    assert expected
    default = cli.json("dept", "市财政局")
    assert not any(t.get("collective") for t in default["tasks"])
    assert default["collective_tasks"] == len(expected)
    table = cli("dept", "市财政局", "--format", "table").stdout
    assert f"+ {len(expected)} tasks assigned to every unit" in table
    listed = cli.json("dept", "市财政局", "--all")
    assert {(t["role"], t["id"]) for t in listed["tasks"] if t.get("collective")} == expected


def test_a_unit_with_only_a_population_is_an_answer(cli: Cli, dataset: Dataset) -> None:
    auditors = [p for p in dataset.populations.values() if "市审计局" in p.lead]
    outcome = cli("dept", "市审计局", "--format", "plain")
    assert outcome.exit_code == 0
    assert outcome.stdout == ""
    led = cli("population", "--dept", "市审计局", "--format", "plain")
    leading = [line.split("\t")[:3] for line in led.stdout.splitlines()]
    assert leading == [[str(p.number), p.name, "、".join(p.lead)] for p in auditors]


def test_a_catch_all_phrase_lists_the_tasks_given_through_it(cli: Cli, dataset: Dataset) -> None:
    answer = cli.json("dept", "市各有关部门")
    assert {t["id"] for t in answer["tasks"]} == set().union(*direct_tasks(dataset, "市各有关部门").values())


# --- depts ------------------------------------------------------------------------------------------


def test_depts_counts_every_unit_by_role(cli: Cli, dataset: Dataset) -> None:
    rows = cli.json("depts")
    assert [row["name"] for row in rows] == list(dataset.departments)
    for row in rows:
        expected = direct_tasks(dataset, row["name"])
        assert [row[role] for role in ROLES] == [len(expected[role]) for role in ROLES]
        assert row["populations"] == sum(row["name"] in p.lead for p in dataset.populations.values())


def test_depts_filters_by_kind_and_sorts_by_count(cli: Cli, dataset: Dataset) -> None:
    rows = cli.json("depts", "--kind", "vertical_agency", "--sort", "lead")
    assert {row["kind"] for row in rows} == {"vertical_agency"}
    assert len(rows) == sum(d.kind == "vertical_agency" for d in dataset.departments.values())
    leads = [row["lead"] for row in rows]
    assert leads == sorted(leads, reverse=True)


# --- population -------------------------------------------------------------------------------------


def test_population_without_argument_is_the_whole_table(cli: Cli, source: ScannedNotice) -> None:
    leading = [line.split("\t")[:3] for line in cli("population", "--format", "plain").stdout.splitlines()]
    assert leading == [[str(p.number), p.name, "、".join(p.lead)] for p in source.populations]


@pytest.mark.parametrize("typed", ["17", "１７", " 17 "])
def test_population_by_number(cli: Cli, source: ScannedNotice, typed: str) -> None:
    (row,) = cli.json("population", typed)
    assert (row["number"], row["name"]) == (17, source.populations[16].name)
    assert set(row) >= POPULATION_KEYS


@pytest.mark.parametrize("part", ["律师", "驾驶", "工程建设", "从业人员"])
def test_population_by_part_of_a_name(cli: Cli, source: ScannedNotice, part: str) -> None:
    numbers = [row["number"] for row in cli.json("population", part)]
    assert numbers == [p.number for p in source.populations if part in p.name]


@pytest.mark.parametrize("typed", ["0", "30", "-1", "不存在的人群"])
def test_population_not_in_the_table_exits_1(cli: Cli, typed: str) -> None:
    outcome = cli("population", "--", typed)
    assert outcome.exit_code == 1
    assert len(outcome.stderr.splitlines()) == 1


def test_a_negative_number_without_double_dash_is_a_usage_error(cli: Cli) -> None:
    outcome = cli("population", "-1")
    assert outcome.exit_code == 2
    assert len(outcome.stderr.splitlines()) == 1


# --- task -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["2.3.6", "2-3-6", "２.３.６"])
def test_task_accepts_dots_and_dashes(cli: Cli, dataset: Dataset, typed: str) -> None:
    answer = cli.json("task", typed)
    assert answer["id"] == "2.3.6"
    assert set(answer) >= TASK_KEYS
    assert answer["text"] == dataset.tasks["2.3.6"].text


def test_task_table_shows_titles_text_units_and_basis(cli: Cli, dataset: Dataset) -> None:
    task = dataset.tasks["1.3.4"]
    out = cli("task", "1.3.4", "--format", "table").stdout
    annex = dataset.annexes[1]
    for expected in (annex.title, annex.sections[2].title, task.heading or "", *task.lead, *task.support):
        assert expected in out
    assert all(document.number in out for document in annex.basis if document.number)


def test_a_task_the_source_skips_is_not_found(cli: Cli, dataset: Dataset) -> None:
    outcome = cli("task", "1.3.3")
    assert outcome.exit_code == 1
    assert "1.3.4" in outcome.stderr


@pytest.mark.parametrize("typed", ["1.3", "1..3", "a.b.c", "", "1.3.3.3"])
def test_a_malformed_task_id_is_a_usage_error(cli: Cli, typed: str) -> None:
    outcome = cli("task", typed)
    assert outcome.exit_code == 2
    assert len(outcome.stderr.splitlines()) == 1


# --- search -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["信用修复", "互联网+", "红黑名单"])
def test_search_finds_every_task_containing_the_text(cli: Cli, source: ScannedNotice, text: str) -> None:
    ids = [task["id"] for task in cli.json("search", text)]
    assert ids == [task.id for task in source.tasks if text in task.body]


def test_search_with_several_words_needs_all_of_them(cli: Cli, source: ScannedNotice) -> None:
    ids = [task["id"] for task in cli.json("search", "信用 修复 异议")]
    assert ids == [t.id for t in source.tasks if all(w in t.body for w in ("信用", "修复", "异议"))]


def test_search_narrowed_by_annex_and_unit(cli: Cli, dataset: Dataset) -> None:
    ids = [task["id"] for task in cli.json("search", "信用", "--annex", "4", "--dept", "人民银行")]
    expected = [
        t.id
        for t in dataset.tasks.values()
        if t.annex == 4 and "信用" in t.text and any("人民银行常州市中心支行" in t.units(r) for r in ROLES)
    ]
    assert ids == expected


def test_search_treats_regex_characters_literally(cli: Cli) -> None:
    assert cli("search", ".*").exit_code == 1


def test_search_highlights_matches_on_a_terminal(cli: Cli) -> None:
    out = cli("search", "信用修复", "--format", "table", env={"FORCE_COLOR": "1"}).stdout
    assert "\x1b[" in out


def test_search_without_a_match_exits_1(cli: Cli) -> None:
    assert cli("search", "量子计算").exit_code == 1


# --- annex ------------------------------------------------------------------------------------------


def test_annex_outline_lists_every_task_of_the_annex(cli: Cli, dataset: Dataset) -> None:
    lines = cli("annex", "1", "--format", "plain").stdout.splitlines()
    assert [line.split("\t")[0] for line in lines] == [t.id for t in dataset.tasks.values() if t.annex == 1]
    tree = cli("annex", "1", "--format", "table").stdout
    assert all(task_id in tree for task_id in dataset.annexes[1].sections[0].task_ids)
    assert all(section.title in tree for section in dataset.annexes[1].sections)


def test_unknown_annex_exits_1(cli: Cli) -> None:
    assert cli("annex", "9").exit_code == 1


# --- formats ----------------------------------------------------------------------------------------

COMMANDS = [
    ["dept", "市公安局"],
    ["depts"],
    ["population", "17"],
    ["task", "2.3.6"],
    ["search", "信用修复"],
    ["annex", "2"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_every_command_answers_in_every_format(cli: Cli, command: list[str]) -> None:
    plain = cli(*command, "--format", "plain")
    table = cli(*command, "--format", "table")
    as_csv = cli(*command, "--format", "csv")
    as_json = cli(*command, "--format", "json")
    assert {plain.exit_code, table.exit_code, as_csv.exit_code, as_json.exit_code} == {0}
    rows = list(csv.reader(io.StringIO(as_csv.stdout)))
    assert len(rows) - 1 == len(plain.stdout.splitlines())
    assert all("\t" in line for line in plain.stdout.splitlines())
    assert not as_csv.stdout.startswith("\ufeff")
    json.loads(as_json.stdout)
    assert table.stdout.strip()


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_plain_output_has_no_colour_or_box_drawing(cli: Cli, command: list[str]) -> None:
    out = cli(*command, env={"FORCE_COLOR": "1"}).stdout
    assert "\x1b" not in out
    assert not any(0x2500 <= ord(ch) <= 0x257F for ch in out)


COLOUR = re.compile(r"\x1b\[[\d;]*?\b(3[0-7]|4[0-7]|38|48)\b")


@pytest.mark.parametrize("setting", [{"NO_COLOR": "1"}, {"TERM": "dumb"}])
def test_table_honours_no_color_and_dumb_terminals(cli: Cli, setting: dict[str, str]) -> None:
    assert COLOUR.search(cli("search", "信用修复", "--format", "table", env={"FORCE_COLOR": "1"}).stdout)
    out = cli("search", "信用修复", "--format", "table", env={"FORCE_COLOR": "1", **setting}).stdout
    assert not COLOUR.search(out)


def test_export_json_follows_the_contract(cli: Cli, dataset: Dataset) -> None:
    outcome = cli("export", "--format", "json")
    document = json.loads(outcome.stdout)
    assert set(document) >= {"notice", "annexes", "populations", "departments"}
    tasks = [t for a in document["annexes"] for s in a["sections"] for t in s["tasks"]]
    assert [t["id"] for t in tasks] == list(dataset.tasks)
    assert all(set(t) >= TASK_KEYS for t in tasks)
    assert all(set(p) >= POPULATION_KEYS for p in document["populations"])
    assert all(set(d) >= DEPARTMENT_KEYS for d in document["departments"])
    assert all({"number", "title", "sections"} <= set(a) for a in document["annexes"])


def test_export_yaml_round_trips_to_the_same_data(cli: Cli) -> None:
    import yaml

    as_yaml = yaml.safe_load(cli("export", "--format", "yaml").stdout)
    assert as_yaml == json.loads(cli("export", "--format", "json").stdout)
