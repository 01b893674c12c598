"""What people and scripts type, and what they get back: several arguments, Chinese labels, whole fields."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, REPO, Cli
from taskmap.cli.app import COMMAND_ORDER, app
from taskmap.dataset import Dataset
from taskmap.model import KIND_LABELS, ROLE_LABELS, ROLES
from taskmap.registry import city_prefixes

BIN = Path(sys.executable).parent


def shell(command: str, cwd: Path | None = None, on_path: bool = True) -> subprocess.CompletedProcess[str]:
    """A command line run by bash, stdout a pipe; the installed taskmap first on PATH, or nowhere on it."""
    path = [entry for entry in os.environ["PATH"].split(os.pathsep) if Path(entry) != BIN]
    env = {**os.environ, "PATH": os.pathsep.join([str(BIN), *path] if on_path else path)}
    return subprocess.run(
        ["bash", "-c", command], capture_output=True, text=True, env=env, cwd=cwd, timeout=120, check=False
    )


def tasks_of(dataset: Dataset, unit: str, role: str) -> list[str]:
    return [task_id for r, task_id in dataset.assignments(unit) if r == role]


# §1 The front door


def test_the_readme_lines_after_install_answer_at_once(cli: Cli, tmp_path: Path) -> None:
    """A newcomer types the Install block top to bottom; after the pip line, the next command answers."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    install = readme[readme.index("## Install") : readme.index("## Use")]
    lines = [line for line in re.findall(r"```console\n(.*?)```", install, re.DOTALL)[0].splitlines() if line]
    pip_line = next(n for n, line in enumerate(lines) if "pip install" in line)
    after_install = lines[pip_line + 1 :]
    assert any(re.match(r"taskmap dept \S+", line) for line in after_install)
    # This test runs inside the venv the README's install line made; give the fresh directory that .venv.
    (tmp_path / ".venv").symlink_to(sys.prefix)
    result = shell("set -e\n" + "\n".join(after_install), cwd=tmp_path, on_path=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout == cli("dept", "市公安局", "--format", "plain").stdout


# §2 Several arguments


def test_search_takes_unquoted_words_like_quoted_and_full_width_spaced_ones(cli: Cli) -> None:
    unquoted = cli("search", "红黑名单", "公示", "--format", "plain")
    assert unquoted.exit_code == 0
    assert unquoted.stdout
    assert cli("search", "红黑名单 公示", "--format", "plain").stdout == unquoted.stdout
    assert cli("search", "红黑名单\u3000公示", "--format", "plain").stdout == unquoted.stdout


def test_one_name_gives_exactly_the_single_answer_and_several_give_one_json_line_each(cli: Cli) -> None:
    one = cli("dept", "市公安局", "--format", "json")
    two = cli("dept", "市公安局", "市财政局", "--format", "json")
    lines = two.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0] + "\n" == one.stdout
    assert [json.loads(line)["department"]["name"] for line in lines] == ["市公安局", "市财政局"]


def test_several_task_ids_and_populations_answer_in_the_order_given(cli: Cli) -> None:
    tasks = [
        json.loads(line)["id"] for line in cli("task", "3.2.1", "2.3.6", "-f", "json").stdout.splitlines()
    ]
    assert tasks == ["3.2.1", "2.3.6"]
    rows = cli("population", "23", "17", "--format", "plain").stdout.splitlines()
    assert [row.split("\t")[0] for row in rows] == ["23", "17"]


def test_several_units_in_plain_and_csv_say_which_unit_each_line_belongs_to(
    cli: Cli, dataset: Dataset
) -> None:
    plain = cli("dept", "市公安局", "市财政局", "--role", "lead", "--format", "plain").stdout.splitlines()
    expected = [("市公安局", i) for i in tasks_of(dataset, "市公安局", "lead")]
    expected += [("市财政局", i) for i in tasks_of(dataset, "市财政局", "lead")]
    assert [(line.split("\t")[0], line.split("\t")[2]) for line in plain] == expected
    csv_lines = cli("dept", "市公安局", "市财政局", "--role", "lead", "--format", "csv").stdout.splitlines()
    assert csv_lines[0].startswith("unit,role,id")
    assert len(csv_lines) == 1 + len(expected)


def test_a_checklist_is_for_one_unit_only(cli: Cli) -> None:
    outcome = cli("dept", "市公安局", "市财政局", "--format", "md")
    assert outcome.exit_code == 2
    assert "taskmap sheets" in outcome.stderr


def test_several_tables_come_one_after_another(cli: Cli) -> None:
    tables = cli("dept", "市公安局", "市财政局", "--format", "table").stdout
    assert tables.index("市公安局") < tables.index("市财政局")


def test_an_unknown_name_among_several_is_one_stderr_line_the_others_answered_exit_1(cli: Cli) -> None:
    outcome = cli("dept", "市公安局", "没有这个单位", "市财政局", "--format", "json")
    assert outcome.exit_code == 1
    assert len(outcome.stdout.splitlines()) == 2
    assert len(outcome.stderr.splitlines()) == 1
    assert "没有这个单位" in outcome.stderr


def test_xargs_batch_answers_every_unit_in_one_process(dataset: Dataset) -> None:
    result = shell("taskmap depts --format plain | cut -f1 | xargs taskmap dept --role lead --format json")
    assert result.returncode == 0, result.stderr
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert [a["department"]["name"] for a in answers] == list(dataset.departments)
    for answer in answers:
        assert len(answer["tasks"]) == len(tasks_of(dataset, answer["department"]["name"], "lead"))


# §4 Machine formats are whole


@pytest.mark.parametrize("output_format", ["plain", "csv", "json"])
def test_machine_formats_never_shorten_a_field(cli: Cli, output_format: str) -> None:
    for args in (["dept", "公安"], ["annex"], ["dept", "市发改委", "--all"]):
        assert "…" not in cli(*args, "--format", output_format).stdout


def test_plain_dept_has_one_line_per_task_matching_the_depts_count(cli: Cli, dataset: Dataset) -> None:
    counts = {row["name"]: row for row in cli.json("depts")}
    for unit in dataset.departments:
        for role in ROLES:
            lines = cli("dept", unit, "--role", role, "--format", "plain").stdout.splitlines()
            assert len(lines) == counts[unit][role], (unit, role)


def test_population_dept_lists_the_populations_a_unit_leads_in_the_population_shape(
    cli: Cli, dataset: Dataset
) -> None:
    led = cli.json("population", "--dept", "市公安局")
    assert led == [row for row in cli.json("population") if "市公安局" in row["lead"]]
    assert cli.json("dept", "市公安局")["populations"] == led


# §5 Chinese where a Chinese user types


@pytest.mark.parametrize("role", ROLES)
def test_role_takes_the_chinese_label_with_or_without_its_suffix(cli: Cli, role: str) -> None:
    english = cli("dept", "市公安局", "--role", role, "--format", "plain").stdout
    label = ROLE_LABELS[role]  # type: ignore[index]
    for typed in (label, label.removesuffix("单位")):
        assert cli("dept", "市公安局", "--role", typed, "--format", "plain").stdout == english


@pytest.mark.parametrize("kind", [kind for kind in KIND_LABELS if kind != "collective"])
def test_kind_takes_the_chinese_label(cli: Cli, kind: str) -> None:
    english = cli("depts", "--kind", kind, "--format", "plain")
    assert cli("depts", "--kind", KIND_LABELS[kind], "--format", "plain").stdout == english.stdout


def test_annex_and_search_take_the_annex_as_written_in_chinese(cli: Cli) -> None:
    assert cli("annex", "附件2", "-f", "plain").stdout == cli("annex", "2", "-f", "plain").stdout
    by_label = cli("search", "信用", "--annex", "附件2", "-f", "plain").stdout
    assert by_label == cli("search", "信用", "--annex", "2", "-f", "plain").stdout


def test_task_takes_the_ime_full_stop(cli: Cli) -> None:
    assert cli.json("task", "2。3。6")["id"] == "2.3.6"


def test_help_lists_english_keys_with_their_chinese_labels(cli: Cli) -> None:
    help_text = " ".join(cli("depts", "--help").stdout.split())
    assert all(label in help_text for label in KIND_LABELS.values())
    assert all(label in " ".join(cli("dept", "--help").stdout.split()) for label in ROLE_LABELS.values())


OFFICIAL_NAMES = {
    "市发展和改革委员会": "市发改委",
    "市人力资源和社会保障局": "市人社局",
    "市工业和信息化局": "市工信局",
    "市城市管理局": "市城管局",
    "市政务服务管理办公室": "市政务办",
    "国家税务总局常州市税务局": "常州市税务局",
    "中国人民银行常州市中心支行": "人民银行常州市中心支行",
    "常州市中级人民法院": "市中级人民法院",
    "常州中院": "市中级人民法院",
    "常州市公安局": "市公安局",
    "常州市财政局": "市财政局",
    "金融办": "市地方金融监督管理局",
    "市金融办": "市地方金融监督管理局",
    "银保监": "常州银监分局",
    "常州银保监分局": "常州银监分局",
    "市监局": "市市场监督管理局",
    "人行常州中支": "人民银行常州市中心支行",
    "市编办": "市委编办",
    "市网信办": "市委网信办",
}


@pytest.mark.parametrize(("typed", "unit"), OFFICIAL_NAMES.items())
def test_official_and_city_prefixed_names_resolve(cli: Cli, typed: str, unit: str) -> None:
    assert cli.json("dept", typed)["department"]["name"] == unit


def test_the_city_prefix_comes_from_the_notice_so_another_city_works(
    dataset: Dataset, tmp_path: Path
) -> None:
    prefixes = city_prefixes(dataset.notice["jurisdiction"])
    assert prefixes[0] == dataset.notice["jurisdiction"]
    fixture = FIXTURES / "minimal"
    copy = tmp_path / "data"
    subprocess.run(["cp", "-r", str(fixture), str(copy)], check=True)
    notice = copy / "notice.yaml"
    notice.write_text("jurisdiction: 无锡市\n" + notice.read_text(encoding="utf-8"), encoding="utf-8")
    from taskmap.store.loading import load_dataset

    local = load_dataset(copy)
    unit = next(name for name in local.departments if name.startswith("市"))
    assert local.registry.resolve("无锡" + unit).name == unit
    assert local.registry.resolve("无锡" + unit[1:]).name == unit


def complete(words: str) -> list[str]:
    env = {
        "_TASKMAP_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - 1),
    }
    result = subprocess.run(
        [str(BIN / "taskmap")],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=60,
        check=False,
    )
    return result.stdout.split()


def test_completion_matches_any_part_of_a_name(dataset: Dataset) -> None:
    assert "市市场监督管理局" in complete("taskmap dept 监督")
    pharmacists = [row.name for row in dataset.populations.values() if "药师" in row.name]
    assert pharmacists
    assert set(pharmacists) <= set(complete("taskmap population 药师"))


def test_completion_offers_task_ids(dataset: Dataset) -> None:
    assert complete("taskmap task 2.3.") == [
        task_id for task_id in dataset.tasks if task_id.startswith("2.3.")
    ]


# §7 Messages that carry the context


def test_the_validate_hint_repeats_the_data_directory(cli: Cli) -> None:
    broken = FIXTURES / "broken" / "duplicate-key"
    outcome = cli("dept", "市公安局", "--data", str(broken))
    assert outcome.exit_code == 3
    assert f"run 'taskmap validate --data {broken}'" in outcome.stderr


@pytest.mark.parametrize(
    ("typed", "command"),
    [("市公安局", "dept"), ("公安", "dept"), ("17", "population"), ("律师", "population"), ("2.3.6", "task")],
)
def test_a_question_given_as_a_command_suggests_the_command_meant(cli: Cli, typed: str, command: str) -> None:
    outcome = cli(typed)
    assert outcome.exit_code == 2
    assert f"taskmap {command} {typed}" in outcome.stderr


def test_a_task_in_an_annex_that_does_not_exist_names_the_annexes(cli: Cli, dataset: Dataset) -> None:
    missing = max(dataset.annexes) + 1
    outcome = cli("task", f"{missing}.1.1")
    assert outcome.exit_code == 1
    assert f"no annex {missing}" in outcome.stderr
    assert f"annexes {min(dataset.annexes)}-{max(dataset.annexes)}" in outcome.stderr


def test_help_lists_every_exit_code_and_the_commands_by_use(cli: Cli) -> None:
    lines = cli("--help").stdout.splitlines()
    help_text = " ".join(" ".join(lines).split())
    exit_line = help_text[help_text.index("Exit codes") :]
    for code in ("0", "1", "2", "3", "4", "70", "130", "141"):
        assert f" {code} " in exit_line
    listed = [c.name or c.callback.__name__ for c in app.registered_commands]  # type: ignore[union-attr]
    assert sorted(listed, key=COMMAND_ORDER.index) == [name for name in COMMAND_ORDER if name in listed]
    entries = [re.match(r"^  (\S+)  ", line) for line in lines[lines.index("Commands:") :]]
    shown = [entry.group(1) for entry in entries if entry and entry.group(1) in listed]
    assert shown == [name for name in COMMAND_ORDER if name in listed]


@pytest.mark.parametrize("name", COMMAND_ORDER)
def test_help_at_80_columns_never_breaks_a_word_or_a_choice(name: str) -> None:
    result = subprocess.run(
        [str(BIN / "taskmap"), name, "--help"],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "80"},
        timeout=60,
        check=False,
    )
    lines = result.stdout.splitlines()
    assert not [line for line in lines if re.search(r"<[a-z|]*$", line.strip("│ "))]
    usage = next(line for line in lines if "Usage:" in line)
    assert not re.search(r"\{[a-z_]+\}|\[[a-z_]+\]", usage), usage
