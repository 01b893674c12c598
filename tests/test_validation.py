"""Bad data ends in exit 3 with the file, the place in it and what is wrong; validate lists every problem."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from conftest import FIXTURES, Cli
from taskmap.store.loading import MAX_FILE_BYTES

BROKEN = FIXTURES / "broken"

# case directory -> (file, place in it, what is wrong)
EXPECTED = {
    "invalid-yaml": ("annexes/annex-1.yaml", "line 11", "invalid YAML"),
    "not-utf8": ("departments.yaml", "byte", "not UTF-8"),
    "empty-file": ("departments.yaml", "", "file is empty"),
    "wrong-type": ("annexes/annex-1.yaml", "sections[0].tasks[1] (task 1.1.3).number", "valid integer"),
    "unknown-key": ("annexes/annex-1.yaml", "sections[0].tasks[1] (task 1.1.3).leader", "unknown key"),
    "duplicate-key": ("annexes/annex-1.yaml", "line 22", "duplicate key 'lead'"),
    "duplicate-task-id": (
        "annexes/annex-1.yaml",
        "sections[0].tasks[1] (task 1.1.1)",
        "duplicate task id 1.1.1",
    ),
    "id-mismatch": ("annexes/annex-1.yaml", "sections[0].tasks[1] (task 1.1.2)", "id should be 1.1.3"),
    "unknown-unit": ("annexes/annex-1.yaml", "(task 1.1.3).lead", "unknown unit '市公按局'"),
    "spelling-of-two-units": (
        "departments.yaml",
        "departments[1] (市公安局)",
        "'信用办' already names 市发改委",
    ),
    "population-numbering": ("annexes/annex-1.yaml", "populations[1] (律师).number", "should be 2"),
    "task-without-unit": ("annexes/annex-1.yaml", "(task 1.1.3)", "names no unit"),
    "alias-bomb": ("departments.yaml", "line 1", "anchors (&name) are not allowed"),
    "python-tag": ("notice.yaml", "line 1", "unsupported YAML tag"),
}


def broken_copy(case: str, tmp_path: Path) -> Path:
    """The minimal valid data set with the files of one broken case laid over it."""
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "minimal", data)
    shutil.copytree(BROKEN / case, data, dirs_exist_ok=True)
    return data


def assert_reported(stderr: str, file: str, where: str, message: str) -> None:
    lines = [line for line in stderr.splitlines() if line.strip().startswith(file)]
    assert any(where in line and message in line for line in lines), stderr


def test_every_broken_case_on_disk_has_an_expectation() -> None:
    assert sorted(path.name for path in BROKEN.iterdir() if path.name != "bom-is-accepted") == sorted(
        EXPECTED
    )


def test_the_minimal_fixture_is_valid(cli: Cli) -> None:
    outcome = cli("validate", "--data", str(FIXTURES / "minimal"))
    assert outcome.exit_code == 0, outcome.stderr
    assert "tasks        2" in outcome.stdout


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_validate_names_file_place_and_problem(case: str, tmp_path: Path, cli: Cli) -> None:
    outcome = cli("validate", "--data", str(broken_copy(case, tmp_path)))
    assert outcome.exit_code == 3
    assert_reported(outcome.stderr, *EXPECTED[case])


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_queries_on_broken_data_fail_with_one_line_and_exit_3(case: str, tmp_path: Path, cli: Cli) -> None:
    outcome = cli("dept", "市公安局", "--data", str(broken_copy(case, tmp_path)))
    assert outcome.exit_code == 3
    assert outcome.stdout == ""
    assert len(outcome.stderr.splitlines()) == 1
    file, _, message = EXPECTED[case]
    assert file in outcome.stderr and message in outcome.stderr


def test_a_utf8_bom_is_accepted(tmp_path: Path, cli: Cli) -> None:
    assert cli("validate", "--data", str(broken_copy("bom-is-accepted", tmp_path))).exit_code == 0


def test_an_alias_bomb_fails_in_well_under_a_second(tmp_path: Path, cli: Cli) -> None:
    started = time.perf_counter()
    outcome = cli("validate", "--data", str(broken_copy("alias-bomb", tmp_path)))
    assert outcome.exit_code == 3
    assert time.perf_counter() - started < 1


def test_validate_lists_every_problem_at_once(tmp_path: Path, cli: Cli) -> None:
    data = broken_copy("unknown-unit", tmp_path)
    shutil.copy(BROKEN / "empty-file" / "departments.yaml", data / "departments.yaml")
    (data / "notice.yaml").write_text((data / "notice.yaml").read_text() + "extra: 1\n")
    outcome = cli("validate", "--data", str(data))
    assert outcome.exit_code == 3
    assert "2 problems" in outcome.stderr
    assert_reported(outcome.stderr, "departments.yaml", "", "file is empty")
    assert_reported(outcome.stderr, "notice.yaml", "extra", "unknown key")


def test_several_problems_in_one_file_are_all_listed(tmp_path: Path, cli: Cli) -> None:
    data = broken_copy("unknown-unit", tmp_path)
    annex = data / "annexes" / "annex-1.yaml"
    annex.write_text(annex.read_text().replace("support: [市发改委]", "support: [市发该委]"))
    outcome = cli("validate", "--data", str(data))
    assert "2 problems" in outcome.stderr
    assert "'市公按局'" in outcome.stderr and "'市发该委'" in outcome.stderr


@pytest.mark.parametrize("missing", ["notice.yaml", "departments.yaml"])
def test_a_missing_file_is_named(missing: str, tmp_path: Path, cli: Cli) -> None:
    data = broken_copy("bom-is-accepted", tmp_path)
    (data / missing).unlink()
    outcome = cli("validate", "--data", str(data))
    assert outcome.exit_code == 3
    assert_reported(outcome.stderr, missing, "", "file not found")


def test_a_missing_annex_directory_is_named(tmp_path: Path, cli: Cli) -> None:
    data = broken_copy("bom-is-accepted", tmp_path)
    shutil.rmtree(data / "annexes")
    outcome = cli("validate", "--data", str(data))
    assert outcome.exit_code == 3
    assert_reported(outcome.stderr, "annexes/", "", "directory not found")


def test_a_missing_data_directory_is_named(tmp_path: Path, cli: Cli) -> None:
    outcome = cli("depts", "--data", str(tmp_path / "nowhere"))
    assert outcome.exit_code == 3
    assert "nowhere: data directory not found" in outcome.stderr


def test_a_file_over_the_size_limit_is_refused(tmp_path: Path, cli: Cli) -> None:
    data = broken_copy("bom-is-accepted", tmp_path)
    with (data / "annexes" / "annex-9.yaml").open("wb") as big:
        big.truncate(MAX_FILE_BYTES + 1)
    outcome = cli("validate", "--data", str(data))
    assert outcome.exit_code == 3
    assert_reported(outcome.stderr, "annexes/annex-9.yaml", "", "larger than")


def test_a_symlink_escaping_the_data_directory_is_refused(tmp_path: Path, cli: Cli) -> None:
    data = broken_copy("bom-is-accepted", tmp_path)
    outside = tmp_path / "outside.yaml"
    shutil.move(data / "notice.yaml", outside)
    (data / "notice.yaml").symlink_to(outside)
    outcome = cli("validate", "--data", str(data))
    assert outcome.exit_code == 3
    assert_reported(outcome.stderr, "notice.yaml", "", "outside the data directory")


def test_a_symlink_inside_the_data_directory_is_followed(tmp_path: Path, cli: Cli) -> None:
    data = broken_copy("bom-is-accepted", tmp_path)
    shutil.move(data / "notice.yaml", data / "annexes" / "notice.txt")
    (data / "notice.yaml").symlink_to(data / "annexes" / "notice.txt")
    assert cli("validate", "--data", str(data)).exit_code == 0
