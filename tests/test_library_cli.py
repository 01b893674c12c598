"""Every command over several notices: the shipped notice, imported State Council documents, another city."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import Cli, shelf_of
from taskmap.dataset import Dataset
from taskmap.library import Library
from taskmap.store.library_loading import load_library
from test_library import notice_copy

IMPORTED = ["01-guofa-2019-3-zonghe-baoshuiqu.txt", "04-guobanfa-2018-117-zhenzhua-shigan.txt"]
SHIPPED_KEY = "常信用办2019-10"


@pytest.fixture(scope="module")
def shelf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A library: the shipped notice and two imported State Council documents."""
    return shelf_of(tmp_path_factory.mktemp("shelf"), IMPORTED)


@pytest.fixture(scope="module")
def loaded(shelf: Path) -> Library:
    return load_library([shelf])


def keys(library: Library) -> list[str]:
    return [notice.key for notice in library.notices]


def test_notices_lists_what_is_loaded_with_its_key_number_and_counts(
    cli: Cli, shelf: Path, loaded: Library
) -> None:
    answer = cli.json("notices", "--data", str(shelf))
    assert [row["key"] for row in answer] == keys(loaded)
    for row, notice in zip(answer, loaded.notices, strict=True):
        assert row["document_number"] == notice.dataset.notice["document_number"]
        assert row["title"] == notice.dataset.notice["title"]
        assert row["tasks"] == len(notice.dataset.tasks)
        assert set(row) >= {"key", "document_number", "title", "issuer", "date", "tasks", "units"}


def test_without_data_the_shipped_notice_alone_answers(cli: Cli, dataset: Dataset) -> None:
    assert [row["key"] for row in cli.json("notices")] == [SHIPPED_KEY]
    assert all(task["notice"] == SHIPPED_KEY for task in cli.json("dept", "市公安局")["tasks"])


def test_a_unit_answers_across_notices_and_the_shipped_answer_is_unchanged_inside(
    cli: Cli, shelf: Path, loaded: Library
) -> None:
    alone = cli.json("dept", "市公安局")
    spanning = cli.json("dept", "市公安局", "--data", str(shelf))
    inside = [task for task in spanning["tasks"] if task["notice"] == SHIPPED_KEY]
    assert inside == alone["tasks"]
    customs = cli.json("dept", "海关总署", "--data", str(shelf))
    named_in = {notice.key for notice in loaded.notices if "海关总署" in notice.dataset.departments}
    assert {task["notice"] for task in customs["tasks"]} == named_in


def test_a_task_id_found_in_one_notice_needs_no_key_and_one_in_several_does(
    cli: Cli, shelf: Path, loaded: Library
) -> None:
    where = {key: [n.key for n in loaded.notices if key in n.dataset.tasks] for key in ("1.4.2", "2.3.6")}
    assert len(where["2.3.6"]) == 1 and len(where["1.4.2"]) > 1
    assert cli.json("task", "2.3.6", "--data", str(shelf))["notice"] == where["2.3.6"][0]
    outcome = cli("task", "1.4.2", "--data", str(shelf))
    assert outcome.exit_code == 1 and "did you mean" in outcome.stderr
    assert all(f"{key}:1.4.2" in outcome.stderr for key in where["1.4.2"])
    for key in where["1.4.2"]:
        assert cli.json("task", f"{key}:1.4.2", "--data", str(shelf))["notice"] == key


def test_ids_shown_to_people_carry_the_notice_only_when_several_are_loaded(cli: Cli, shelf: Path) -> None:
    alone = cli("dept", "市公安局", "--format", "plain").stdout.splitlines()
    spanning = cli("dept", "市公安局", "--format", "plain", "--data", str(shelf)).stdout.splitlines()
    assert [line.split("\t")[1] for line in alone] == [
        line.split("\t")[1].removeprefix(f"{SHIPPED_KEY}:") for line in spanning
    ]
    assert all(line.split("\t")[1].startswith(f"{SHIPPED_KEY}:") for line in spanning)


@pytest.mark.parametrize(
    "command",
    [
        ["dept", "市公安局"],
        ["depts"],
        ["population"],
        ["search", "信用"],
        ["stats"],
        ["matrix"],
        ["partners", "市公安局"],
        ["annex", "2"],
        ["task", "2.3.6"],
        ["export"],
        ["notices"],
    ],
    ids=" ".join,
)
def test_notice_narrows_every_command_to_the_answer_of_that_notice_alone(
    cli: Cli, shelf: Path, command: list[str]
) -> None:
    narrowed = cli(*command, "--format", "json", "--data", str(shelf), "--notice", SHIPPED_KEY)
    alone = cli(*command, "--format", "json")
    assert (narrowed.exit_code, narrowed.stdout) == (alone.exit_code, alone.stdout)


def test_an_unknown_notice_key_is_one_line_with_the_keys(cli: Cli, shelf: Path, loaded: Library) -> None:
    outcome = cli("depts", "--data", str(shelf), "--notice", "国发2019-9")
    assert outcome.exit_code == 1 and len(outcome.stderr.splitlines()) == 1
    assert all(key in outcome.stderr for key in keys(loaded))


@pytest.mark.parametrize("command", [["depts"], ["matrix"], ["search", "信用"], ["population"]], ids=" ".join)
def test_every_overview_spans_all_notices(cli: Cli, shelf: Path, command: list[str]) -> None:
    alone = cli.json(*command)
    spanning = cli.json(*command, "--data", str(shelf))
    assert len(spanning) >= len(alone)
    if command == ["depts"]:
        assert {row["name"] for row in spanning} > {row["name"] for row in alone}


def test_export_writes_one_json_line_per_notice(cli: Cli, shelf: Path, loaded: Library) -> None:
    lines = cli("export", "--format", "json", "--data", str(shelf)).stdout.splitlines()
    assert [json.loads(line)["notice"]["title"] for line in lines] == [
        notice.dataset.notice["title"] for notice in loaded.notices
    ]


def test_sheets_writes_one_checklist_per_unit_of_the_library(
    cli: Cli, shelf: Path, loaded: Library, tmp_path: Path
) -> None:
    assert cli("sheets", "--out", str(tmp_path / "out"), "--data", str(shelf)).exit_code == 0
    units = [unit for unit in loaded.all_units() if not unit.department.is_collective]
    assert len(list((tmp_path / "out").glob("*.md"))) == len(units) + 1


def test_a_catch_all_phrase_gives_duties_only_within_its_own_notice(cli: Cli, shelf: Path) -> None:
    alone = cli.json("dept", "市公安局", "--all")
    spanning = cli.json("dept", "市公安局", "--all", "--data", str(shelf))
    assert [t for t in spanning["tasks"] if t.get("collective")] == [
        t for t in alone["tasks"] if t.get("collective")
    ]
    assert spanning["collective_tasks"] == alone["collective_tasks"]


def test_data_may_be_repeated_or_listed_in_taskmap_data(cli: Cli, shelf: Path) -> None:
    directories = sorted(path for path in shelf.iterdir())
    repeated = cli("notices", "--format", "json", *[arg for d in directories for arg in ("--data", str(d))])
    listed = cli("notices", "--format", "json", env={"TASKMAP_DATA": os.pathsep.join(map(str, directories))})
    assert repeated.stdout == listed.stdout != ""


def test_two_cities_keep_their_units_apart_and_the_city_picks_one(cli: Cli, tmp_path: Path) -> None:
    changzhou = notice_copy(tmp_path / "cz", key="cz")
    wuxi = notice_copy(tmp_path / "wx", key="wx", jurisdiction="无锡市")
    both = ["--data", str(changzhou), "--data", str(wuxi)]
    outcome = cli("dept", "市公安局", *both)
    assert outcome.exit_code == 1
    assert "常州市公安局" in outcome.stderr and "无锡市公安局" in outcome.stderr
    answer = cli.json("dept", "无锡市公安局", *both)
    assert {task["notice"] for task in answer["tasks"]} == {"wx"}
    assert answer["department"]["jurisdiction"] == "无锡市"


def test_a_spelling_claimed_for_two_units_of_one_city_is_invalid_naming_both_files(
    cli: Cli, tmp_path: Path
) -> None:
    first = notice_copy(tmp_path / "a", key="a")
    second = notice_copy(tmp_path / "b", key="b")
    departments = second / "departments.yaml"
    text = departments.read_text(encoding="utf-8").replace("spellings: [市交通局]", "spellings: []")
    departments.write_text(
        text + "- {name: 市交通管理局, kind: government_department, spellings: [市交通局]}\n"
    )
    outcome = cli("validate", "--data", str(first), "--data", str(second))
    assert outcome.exit_code == 3
    assert (
        str(first / "departments.yaml") in outcome.stderr
        and str(second / "departments.yaml") in outcome.stderr
    )
    assert cli("dept", "市公安局", "--data", str(first), "--data", str(second)).exit_code == 3


def test_a_name_two_places_share_suggests_names_that_each_find_one(
    cli: Cli, shelf: Path, loaded: Library
) -> None:
    national = [notice for notice in loaded.notices if "人民银行" in notice.dataset.departments]
    assert national, "the State Council notice names 人民银行"
    outcome = cli("dept", "人民银行", "--data", str(shelf))
    assert outcome.exit_code == 1
    suggested = outcome.stderr.split("did you mean ", 1)[1].rstrip("?\n").split(", ")
    answers = [cli.json("dept", name, "--data", str(shelf))["department"] for name in suggested]
    assert {(answer["name"], answer["jurisdiction"]) for answer in answers} >= {
        ("人民银行", "全国"),
        ("人民银行常州市中心支行", "常州市"),
    }


def test_a_matrix_of_more_notices_than_the_terminal_holds_shows_those_it_holds_and_says_so(
    cli: Cli, tmp_path: Path
) -> None:
    from test_outputs import display_width

    keys = [f"常测办2021-{number:02}" for number in range(1, 13)]
    for key in keys:
        notice_copy(tmp_path / "shelf" / key, key=key)
    shelf = str(tmp_path / "shelf")
    units = [row["name"] for row in cli.json("matrix", "--data", shelf)]
    shown_at = {}
    for width in ("60", "80", "200"):
        table = cli("matrix", "--data", shelf, "--format", "table", env={"COLUMNS": width}).stdout
        lines = table.splitlines()
        assert max(map(display_width, lines)) <= int(width), width
        assert all(any(line.lstrip().startswith(unit) for line in lines) for unit in units), width
        header = next((line for line in lines if keys[0] in line), "")  # none may fit
        shown_at[width] = [key for key in keys if key in header.split()]
        assert shown_at[width] == keys[: len(shown_at[width])], width
        assert f"{len(shown_at[width])} of 12 notices shown" in table, width
    assert len(shown_at["60"]) <= len(shown_at["80"]) < len(shown_at["200"]) < len(keys)
    assert shown_at["80"]
    everything = cli("matrix", "--data", shelf, "--format", "table", env={"COLUMNS": "400"}).stdout
    assert "notices shown" not in everything
