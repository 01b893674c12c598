"""The 台账 round trip: forms out to each unit, filled in with openpyxl as departments do, collected back,
and status, missing and the 通报 checked against answers computed here from what was filled in.

The library is the two notices with deadlines of tests/deadline_notices.py, so the lights have days to go
by; the shipped notice is sent round whole once (every unit's form out, filled, collected, none missing).
"""

from __future__ import annotations

import itertools
import json
import shutil
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator
from openpyxl import load_workbook

from conftest import Cli
from deadline_notices import FUJIAN_2017, GUOBAN_2018, deadline_library
from taskmap.schemas import command_schema
from taskmap.store.loading import bundled_data_dir
from taskmap.tracking.forms import FILL_COLUMNS, KEYS_SHEET, TASK_COLUMNS

FUJIAN, GUOBAN = "闽政办2017-45", "国办发2018-117"
ROUND, DUE = "2017年第二季度", "2017-06-25"
TODAY = date(2017, 6, 20)
SOON = 14
STATE_LABELS = {
    "done": "已完成",
    "in_progress": "推进中",
    "not_started": "未启动",
    "behind": "滞后",
    "other": "其他",
}
# The day each task's deadline decides its light on TODAY, from the deadline's words (None: no such day).
DUE_ON_TODAY: dict[tuple[str, str], date | None] = {
    (FUJIAN, "1.1.1"): date(2017, 6, 30),  # 按月公开: this month's end
    (FUJIAN, "1.1.2"): date(2017, 6, 30),  # 按季度: this quarter's end
    (FUJIAN, "1.1.3"): date(2017, 12, 31),  # 年内
    (FUJIAN, "1.1.4"): date(2017, 12, 31),  # 2017年底前
    (FUJIAN, "1.1.5"): date(2017, 5, 27),  # 于5月27日前: past
    (FUJIAN, "1.1.6"): date(2017, 12, 8),
    (FUJIAN, "1.1.7"): None,  # 按照统一部署
    (GUOBAN, "1.1.1"): date(2018, 12, 31),
    (GUOBAN, "1.1.2"): date(2019, 2, 28),  # 从2019年起，每年2月底前
    (GUOBAN, "1.1.3"): None,  # 自本通知印发之日起: a start, not a deadline
}
SPECS = {FUJIAN: FUJIAN_2017, GUOBAN: GUOBAN_2018}


def tasks_of(unit: str) -> list[tuple[str, str]]:
    """(notice, task id) of every task naming `unit`, from the notices' specs."""
    return [
        (key, f"1.1.{number}")
        for key, spec in SPECS.items()
        for number, (_, lead, support, _) in enumerate(spec["tasks"], start=1)
        if unit in lead or unit in support
    ]


UNITS = sorted({unit for spec in SPECS.values() for unit in spec["units"] if tasks_of(unit)})


def expected_light(key: tuple[str, str], state: str | None) -> str:
    due = DUE_ON_TODAY[key]
    if state == "done":
        return "green"
    if due is not None and due < TODAY:
        return "red"
    if state == "behind" or (due is not None and due - TODAY <= timedelta(days=SOON)):
        return "yellow"
    return "green" if state else "none"


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return deadline_library(tmp_path_factory.mktemp("rounds-library"), with_shipped=False)


@pytest.fixture
def fresh(library: Path, tmp_path: Path) -> Path:
    """A copy of the library of one's own, with no progress yet."""
    return Path(shutil.copytree(library, tmp_path / "library"))


def write_forms(cli: Cli, data: Path, out: Path, *args: str) -> dict[str, Path]:
    """Forms for the round, by unit."""
    answer = cli.json("forms", "--round", ROUND, "--due", DUE, "--out", str(out), "--data", str(data), *args)
    return {form["unit"]: out / form["file"] for form in answer["forms"]}


@pytest.fixture
def forms(cli: Cli, fresh: Path, tmp_path: Path) -> dict[str, Path]:
    return write_forms(cli, fresh, tmp_path / "forms")


def header(sheet: Any) -> tuple[int, dict[str, int]]:
    for row in sheet.iter_rows(max_row=10):
        names = [cell.value for cell in row]
        if "任务编号" in names:
            return row[0].row, {name: index for index, name in enumerate(names) if name}
    raise AssertionError("no header row")


def task_rows(sheet: Any) -> list[Any]:
    start, columns = header(sheet)
    return [
        row
        for row in sheet.iter_rows(min_row=start + 1)
        if row[columns["完成状态"]].protection.locked is False
    ]


def fill(
    path: Path,
    states: dict[str, str | None],
    *,
    resort: bool = False,
    unprotect: bool = False,
    tamper: str | None = None,
    save_as: Path | None = None,
) -> Path:
    """Fill in a form as a department does: a state (by its Chinese label) and notes per task id."""
    workbook = load_workbook(path)
    sheet = workbook["落实情况"]
    _, columns = header(sheet)
    rows = task_rows(sheet)
    for row in rows:
        task_id = row[columns["任务编号"]].value
        state = states.get(task_id)
        if state is not None:
            row[columns["完成状态"]].value = STATE_LABELS[state]
            row[columns["进展情况"]].value = f"{task_id} 进展"
            row[columns["存在问题"]].value = "无"
        if task_id == tamper:
            row[columns["任务内容"]].value = str(row[columns["任务内容"]].value) + "（已改）"
    if resort:  # as Excel's sort does: each row's values move together, here in reverse
        values = [[cell.value for cell in row] for row in rows]
        for row, moved in zip(rows, reversed(values), strict=True):
            for cell, value in zip(row, moved, strict=True):
                cell.value = value
    if unprotect:
        sheet.protection.sheet = False
        workbook.security = None
    target = save_as or path
    workbook.save(target)
    return target


def ids(unit: str) -> list[str]:
    """Task ids as a form with several notices shows them."""
    return [f"{key}:{task_id}" for key, task_id in tasks_of(unit)]


def collect(cli: Cli, data: Path, *files: Path, round_name: str | None = ROUND) -> tuple[int, Any, str]:
    args = ["collect", *map(str, files), "--data", str(data), "--format", "json"]
    outcome = cli(*args, *(["--round", round_name] if round_name else []))
    return outcome.exit_code, json.loads(outcome.stdout), outcome.stderr


def every_state_for(unit: str) -> dict[str, str | None]:
    """Each task of the unit a state in turn, the last left empty."""
    cycle = itertools.cycle(STATE_LABELS)
    task_ids = ids(unit)
    return {task_id: next(cycle) for task_id in task_ids[:-1]} | {task_ids[-1]: None}


def validate(command: str, document: Any) -> None:
    errors = [e.message for e in Draft202012Validator(command_schema(command)).iter_errors(document)]
    assert not errors, errors[:5]


# --- forms out ---------------------------------------------------------------------------------------


def test_every_unit_with_tasks_gets_one_form_named_after_it(cli: Cli, fresh: Path, tmp_path: Path) -> None:
    answer = cli.json(
        "forms", "--round", ROUND, "--due", DUE, "--out", str(tmp_path / "f"), "--data", str(fresh)
    )
    validate("forms", answer)
    assert sorted(form["unit"] for form in answer["forms"]) == UNITS
    assert all(form["unit"] in form["file"] and form["file"].endswith(".xlsx") for form in answer["forms"])
    assert len({form["file"] for form in answer["forms"]}) == len(UNITS)


def test_a_form_locks_the_task_columns_and_opens_the_fill_in_ones(forms: dict[str, Path]) -> None:
    unit = "省政府办公厅"
    workbook = load_workbook(forms[unit])
    sheet = workbook["落实情况"]
    _, columns = header(sheet)
    assert list(columns) == [*TASK_COLUMNS, *FILL_COLUMNS]
    rows = task_rows(sheet)
    assert [row[0].value for row in rows] == ids(unit)
    assert sheet.protection.sheet
    for row in rows:
        assert all(row[columns[name]].protection.locked for name in TASK_COLUMNS)
        assert not any(row[columns[name]].protection.locked for name in FILL_COLUMNS)
    (choice,) = sheet.data_validations.dataValidation
    assert choice.type == "list" and all(label in choice.formula1 for label in STATE_LABELS.values())
    state_column = "ABCDEFGHIJ"[columns["完成状态"]]
    covered = {
        f"{r.coord.split(':')[0][0]}{n}" for r in choice.sqref.ranges for n in range(r.min_row, r.max_row + 1)
    }
    assert {f"{state_column}{row[0].row}" for row in rows} <= covered
    assert workbook[KEYS_SHEET].sheet_state == "veryHidden"
    assert (
        str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4 and sheet.page_setup.orientation == "landscape"
    )
    page_header = " ".join(
        part.text or "" for part in (sheet.oddHeader.left, sheet.oddHeader.center, sheet.oddHeader.right)
    )
    assert unit in page_header and ROUND in page_header and "2017年06月25日" in page_header


def test_tasks_shared_through_a_phrase_have_a_section_of_their_own(cli: Cli, tmp_path: Path) -> None:
    data = tmp_path / "credit"
    shutil.copytree(bundled_data_dir(), data, ignore=shutil.ignore_patterns("source"))
    written = write_forms(cli, data, tmp_path / "forms", "--dept", "市公安局")
    sheet = load_workbook(written["市公安局"])["落实情况"]
    titles = [row[0].value for row in sheet.iter_rows(min_row=5) if row[0].value and not row[1].value]
    dept = cli.json("dept", "市公安局", "--all", "--data", str(data))
    shared = {task["id"] for task in dept["tasks"] if task.get("via")}
    assert len(titles) == 2 and "市各有关部门" in titles[1] and f"（{len(shared)}项）" in titles[1]


# --- reports in --------------------------------------------------------------------------------------


def test_collect_records_every_state_and_leaves_an_empty_row_out(
    cli: Cli, fresh: Path, forms: dict[str, Path]
) -> None:
    unit = "各设区市"
    states = every_state_for(unit)
    code, answer, stderr = collect(cli, fresh, fill(forms[unit], states))
    assert code == 0 and stderr == ""
    validate("collect", answer)
    (form,) = answer["forms"]
    assert (form["outcome"], form["reports"], form["left_empty"]) == ("recorded", len(states) - 1, 1)
    status = cli.json("status", "--data", str(fresh), "--dept", unit, "--today", TODAY.isoformat())
    validate("status", status)
    assert {task["id"]: task["state"] for task in status["tasks"]} == {
        task_id: state or "unreported" for task_id, state in states.items()
    }
    assert set(states.values()) - {None} == set(STATE_LABELS)


def test_a_resorted_form_and_one_saved_without_protection_read_the_same(
    cli: Cli, fresh: Path, forms: dict[str, Path], tmp_path: Path
) -> None:
    unit = "各设区市"
    states = every_state_for(unit)
    plain = fill(forms[unit], states, save_as=tmp_path / "plain.xlsx")
    changed = fill(forms[unit], states, resort=True, unprotect=True, save_as=tmp_path / "resorted.xlsx")
    assert load_workbook(changed)["落实情况"].protection.sheet is False
    code, answer, _ = collect(cli, fresh, plain, changed)
    assert code == 0 and [f["reports"] for f in answer["forms"]] == [len(states) - 1] * 2
    progress = yaml.safe_load((fresh / "fujian-2017" / "progress" / f"{ROUND}.yaml").read_text("utf-8"))
    first, second = progress["submissions"]
    assert sorted(first["reports"], key=str) == sorted(second["reports"], key=str)


def test_a_tampered_task_cell_is_one_line_naming_file_and_row_and_the_rest_counts(
    cli: Cli, fresh: Path, forms: dict[str, Path]
) -> None:
    unit = "省政府办公厅"
    task_ids = ids(unit)
    states: dict[str, str | None] = dict.fromkeys(task_ids, "done")
    path = fill(forms[unit], states, tamper=task_ids[1])
    row = next(r[0].row for r in task_rows(load_workbook(path)["落实情况"]) if r[0].value == task_ids[1])
    code, answer, stderr = collect(cli, fresh, path)
    assert code == 1
    assert stderr.splitlines() == [
        f"taskmap: {path.name}: row {row}: the text of task {task_ids[1]} was changed on the form"
    ]
    assert answer["forms"][0]["reports"] == len(task_ids) - 1
    assert answer["problems"] == [
        {"file": path.name, "row": row, "message": stderr.split(": ", 3)[3].strip()}
    ]


def test_a_form_of_a_unit_another_place_spells_alike_is_that_places_units(cli: Cli, tmp_path: Path) -> None:
    """The national notice's 各有关部门 beside the shipped notice's 市各有关部门 (also written 各有关部门):
    the form says its place, so it is collected as that place's unit, not refused as ambiguous."""
    data = deadline_library(tmp_path / "library")
    form = write_forms(cli, data, tmp_path / "forms")["各有关部门"]
    sheet = load_workbook(form)["落实情况"]
    fill(form, {row[0].value: "done" for row in task_rows(sheet)})
    code, answer, stderr = collect(cli, data, form, round_name=None)
    assert (code, stderr) == (0, "")
    assert [(f["unit"], f["outcome"], f["reports"]) for f in answer["forms"]] == [
        ("各有关部门", "recorded", len(tasks_of("各有关部门")))
    ]


def test_a_form_of_another_round_is_refused_whole(cli: Cli, fresh: Path, forms: dict[str, Path]) -> None:
    path = fill(forms["省财政厅"], dict.fromkeys(ids("省财政厅"), "done"))
    code, answer, stderr = collect(cli, fresh, path, round_name="2017年第三季度")
    assert code == 1 and answer["forms"][0]["outcome"] == "refused"
    assert f"{path.name}: a form of round '{ROUND}', not of '2017年第三季度'" in stderr
    assert not (fresh / "fujian-2017" / "progress").exists()


def test_unknown_states_rows_without_a_task_and_other_without_a_note_are_named(
    cli: Cli, fresh: Path, forms: dict[str, Path]
) -> None:
    unit = "各设区市"
    path = forms[unit]
    workbook = load_workbook(path)
    sheet = workbook["落实情况"]
    _, columns = header(sheet)
    first, second, third = task_rows(sheet)[:3]
    first[columns["完成状态"]].value = "差不多"
    second[columns["完成状态"]].value = "其他"
    third[columns["任务编号"]].value = None
    third[columns["完成状态"]].value = "已完成"
    workbook.save(path)
    code, _, stderr = collect(cli, fresh, path)
    lines = stderr.splitlines()
    assert code == 1 and len(lines) == 4
    assert f"row {first[0].row}: task {ids(unit)[0]}: unknown 完成状态 '差不多'" in lines[0]
    assert f"row {second[0].row}: task {ids(unit)[1]}: 其他 needs a note in 进展情况" in lines[1]
    assert f"row {third[0].row}: a row without a task" in lines[2]
    assert "nothing recorded" in lines[3] or "no row could be recorded" in lines[3]


def test_a_resubmission_supersedes_and_both_stay_on_record(
    cli: Cli, fresh: Path, forms: dict[str, Path], tmp_path: Path
) -> None:
    unit = "省政府办公厅"
    task_ids = ids(unit)
    first = fill(forms[unit], dict.fromkeys(task_ids, "behind"), save_as=tmp_path / "第一次.xlsx")
    second = fill(forms[unit], dict.fromkeys(task_ids, "done"), save_as=tmp_path / "第二次.xlsx")
    assert collect(cli, fresh, first)[0] == 0
    assert collect(cli, fresh, second)[0] == 0
    progress_file = fresh / "fujian-2017" / "progress" / f"{ROUND}.yaml"
    before = progress_file.read_bytes()
    code, again, _ = collect(cli, fresh, second)
    assert code == 0 and again["forms"][0]["outcome"] == "already_collected" and again["written"] == []
    assert progress_file.read_bytes() == before
    progress = yaml.safe_load(before.decode())
    assert [s["file"] for s in progress["submissions"]] == ["第一次.xlsx", "第二次.xlsx"]
    assert all(s["collected"] for s in progress["submissions"])
    status = cli.json("status", "--data", str(fresh), "--dept", unit, "--today", TODAY.isoformat())
    assert {t["state"] for t in status["tasks"]} == {"done"}
    assert {t["report"]["file"] for t in status["tasks"]} == {"第二次.xlsx"}


def test_collect_never_writes_into_the_shipped_notice(cli: Cli, tmp_path: Path) -> None:
    written = write_forms(cli, bundled_data_dir(), tmp_path / "forms", "--dept", "市公安局")
    path = written["市公安局"]
    fill(path, dict.fromkeys(["1.2.2"], "done"))
    outcome = cli("collect", str(path))
    assert outcome.exit_code == 2 and "give --data DIR" in outcome.stderr
    assert not (bundled_data_dir() / "progress").exists()


def test_a_progress_file_is_checked_as_every_data_file(cli: Cli, fresh: Path) -> None:
    progress = fresh / "fujian-2017" / "progress"
    progress.mkdir()
    (progress / f"{ROUND}.yaml").write_text(
        f"round: {ROUND}\ndue: '{DUE}'\nsubmissions:\n- unit: 省财政厅\n  file: a.xlsx\n"
        "  collected: '2017-06-01T10:00:00'\n  digest: 00112233445566778899aabbccddeeff\n"
        "  reports:\n  - task: 1.1.1\n    state: finished\n",
        "utf-8",
    )
    outcome = cli("status", "--round", ROUND, "--data", str(fresh))
    assert outcome.exit_code == 3 and "progress/" in outcome.stderr and "state" in outcome.stderr


# --- questions ---------------------------------------------------------------------------------------


@pytest.fixture
def reported(cli: Cli, fresh: Path, forms: dict[str, Path]) -> dict[tuple[str, str], str | None]:
    """Every unit but the last reports, states in turn over all rows; (unit, task id) → state filled."""
    cycle = itertools.cycle([*STATE_LABELS, None])
    filled: dict[tuple[str, str], str | None] = {}
    for unit in UNITS[:-1]:
        states = {task_id: next(cycle) for task_id in ids(unit)}
        if all(state is None for state in states.values()):
            states[ids(unit)[0]] = "in_progress"
        filled |= {(unit, task_id): state for task_id, state in states.items()}
        fill(forms[unit], states)
    code, _, stderr = collect(cli, fresh, *(forms[unit] for unit in UNITS[:-1]))
    assert code == 0, stderr
    return filled


def test_status_gives_each_task_and_unit_its_latest_state_and_light(
    cli: Cli, fresh: Path, reported: dict[tuple[str, str], str | None]
) -> None:
    status = cli.json("status", "--data", str(fresh), "--today", TODAY.isoformat(), "--soon", str(SOON))
    validate("status", status)
    assert status["round"] == ROUND
    got = {(t["unit"], t["id"]): (t["state"], t["light"]) for t in status["tasks"]}
    expected = {}
    for unit in UNITS:
        for key, task_id in tasks_of(unit):
            state = reported.get((unit, f"{key}:{task_id}"))
            expected[(unit, f"{key}:{task_id}")] = (
                state or "unreported",
                expected_light((key, task_id), state),
            )
    assert got == expected
    lights = {light for _, light in got.values()}
    assert {"red", "yellow", "green", "none"} <= lights
    behind = cli.json("status", "--data", str(fresh), "--state", "滞后", "--today", TODAY.isoformat())
    assert {(t["unit"], t["id"]) for t in behind["tasks"]} == {
        k for k, (s, _) in expected.items() if s == "behind"
    }


def test_missing_names_the_units_that_sent_nothing_back(
    cli: Cli, fresh: Path, reported: dict[tuple[str, str], str | None]
) -> None:
    answer = cli.json("missing", "--round", ROUND, "--data", str(fresh), "--today", TODAY.isoformat())
    validate("missing", answer)
    assert [unit["name"] for unit in answer["units"]] == UNITS[-1:]
    assert (answer["expected"], answer["reported"], answer["past_due"]) == (len(UNITS), len(UNITS) - 1, False)
    plain = cli("missing", "--round", ROUND, "--data", str(fresh), "--format", "plain").stdout
    assert [line.split("\t")[0] for line in plain.splitlines()] == UNITS[-1:]


def test_the_bulletin_gives_the_totals_the_overdue_and_the_missing(
    cli: Cli, fresh: Path, reported: dict[tuple[str, str], str | None]
) -> None:
    args = ("bulletin", "--round", ROUND, "--data", str(fresh), "--today", TODAY.isoformat())
    figures = cli.json(*args)
    validate("bulletin", figures)
    every = [
        (unit, (key, task_id), reported.get((unit, f"{key}:{task_id}")))
        for unit in UNITS
        for key, task_id in tasks_of(unit)
    ]
    states = dict.fromkeys([*STATE_LABELS, "unreported"], 0)
    for _, _, state in every:
        states[state or "unreported"] += 1
    assert figures["states"] == states
    overdue = {
        f"{key}:{task_id}"
        for _, (key, task_id), state in every
        if expected_light((key, task_id), state) == "red"
    }
    assert {item["id"] for item in figures["overdue"]} == overdue
    assert figures["missing"] == UNITS[-1:]
    markdown = cli(*args, "--format", "md").stdout
    assert f"# {ROUND}任务落实情况通报" in markdown
    assert f"应报送单位{len(UNITS)}个，已报送{len(UNITS) - 1}个，未报送1个" in markdown
    assert f"共{len(every)}项" in markdown and f"以下1个单位未报送落实情况：{UNITS[-1]}" in markdown
    assert all(f"| {task_id} |" in markdown for task_id in overdue)
    page = cli(*args, "--format", "html").stdout
    assert page.startswith("<!DOCTYPE html>") and "@page { size: A4" in page and UNITS[-1] in page
    out = fresh / "通报.xlsx"
    assert cli(*args, "--format", "xlsx", "--out", str(out)).exit_code == 0
    assert load_workbook(out).sheetnames == ["总体情况", "分单位情况", "逾期任务", "未报送单位"]
    assert cli(*args, "--format", "xlsx").exit_code == 2


@pytest.mark.parametrize("output_format", ["plain", "csv", "table"])
def test_every_round_command_answers_in_every_format(
    cli: Cli, fresh: Path, reported: dict[tuple[str, str], str | None], output_format: str
) -> None:
    data = ("--data", str(fresh), "--today", TODAY.isoformat(), "--format", output_format)
    for command in (["status"], ["missing", "--round", ROUND], ["bulletin", "--round", ROUND]):
        outcome = cli(*command, *data)
        assert outcome.exit_code == 0 and outcome.stdout, (command, outcome.stderr)


# --- the shipped notice, every unit ------------------------------------------------------------------


def test_a_round_over_every_unit_of_the_shipped_notice_leaves_no_one_missing(
    cli: Cli, tmp_path: Path
) -> None:
    data = tmp_path / "credit"
    shutil.copytree(bundled_data_dir(), data, ignore=shutil.ignore_patterns("source"))
    before = cli.json("missing", "--round", ROUND, "--data", str(data))
    written = write_forms(cli, data, tmp_path / "forms")
    assert sorted(written) == sorted(unit["name"] for unit in before["units"])
    cycle = itertools.cycle(STATE_LABELS)
    for path in written.values():
        sheet = load_workbook(path)["落实情况"]
        fill(path, {row[0].value: next(cycle) for row in task_rows(sheet)})
    code, answer, stderr = collect(cli, data, *written.values(), round_name=None)
    assert code == 0 and stderr == ""
    assert {form["outcome"] for form in answer["forms"]} == {"recorded"}
    after = cli.json("missing", "--round", ROUND, "--data", str(data))
    assert after["units"] == [] and after["reported"] == after["expected"] == len(written)
    status = cli.json("status", "--data", str(data))
    assert status["round"] == ROUND and "unreported" not in {task["state"] for task in status["tasks"]}
