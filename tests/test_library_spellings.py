"""A library's spellings.yaml makes the offices its notices write in several ways one unit, without editing
any notice's departments.yaml; `taskmap validate` says which pairs to put there and judges the file."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from tests.conftest import Cli

from taskmap.importer import import_notice

PLACE = "平潭综合实验区"


def notice(library: Path, name: str, *lines: str) -> Path:
    """A notice of PLACE imported from page text: one task per line, each closing with its units."""
    body = "\n".join(f"{number}.{line}" for number, line in enumerate(lines, 1))
    out = library / name
    import_notice(f"一、主要任务\n{body}\n".encode(), f"{name}.txt", out)
    facts = yaml.safe_load((out / "notice.yaml").read_text(encoding="utf-8"))
    facts |= {"jurisdiction": PLACE, "key": name}
    (out / "notice.yaml").write_text(yaml.safe_dump(facts, allow_unicode=True), encoding="utf-8")
    return out


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """Two notices of one place, one writing 区交建局 and the other 交建局."""
    shelf = tmp_path / "library"
    notice(
        shelf,
        "first",
        "推进道路改造。（责任单位：区交建局、区财政局）",
        "完善公交线网。（责任单位：区交建局）",
    )
    notice(shelf, "second", "推进港口建设。（责任单位：交建局）")
    return shelf


def write_spellings(library: Path, text: str) -> None:
    (library / "spellings.yaml").write_text(text, encoding="utf-8")


def tasks_of(cli: Cli, unit: str, *data: str) -> list[str]:
    return [f"{task['notice']}:{task['id']}" for task in cli.json("dept", unit, *data)["tasks"]]


def test_without_the_file_the_two_spellings_are_two_units_and_validate_says_where_to_join_them(
    cli: Cli, library: Path
) -> None:
    first, second = (
        tasks_of(cli, "区交建局", "--data", str(library)),
        tasks_of(cli, "交建局", "--data", str(library)),
    )
    assert first and second and not set(first) & set(second)
    outcome = cli("validate", "--data", str(library), env={"TASKMAP_LANG": "en"})
    assert outcome.exit_code == 0, outcome.stderr
    assert f"write “区交建局: [交建局]” under “{PLACE}:” in {library / 'spellings.yaml'}" in outcome.stdout


def test_a_line_of_the_file_makes_one_unit_answering_every_notices_tasks(cli: Cli, library: Path) -> None:
    data = ("--data", str(library))
    apart = tasks_of(cli, "区交建局", *data) + tasks_of(cli, "交建局", *data)
    write_spellings(library, f"{PLACE}:\n  区交建局: [交建局]\n")
    assert sorted(tasks_of(cli, "交建局", *data)) == sorted(apart)
    assert tasks_of(cli, "区交建局", *data) == tasks_of(cli, "交建局", *data)
    names = [row["name"] for row in cli.json("depts", *data)]
    assert names.count("区交建局") == 1 and "交建局" not in names
    outcome = cli("validate", *data, env={"TASKMAP_LANG": "en"})
    assert outcome.exit_code == 0 and "probably one unit" not in outcome.stdout


def test_the_unit_takes_the_name_the_file_gives_it_and_its_extra_spellings_answer(
    cli: Cli, library: Path
) -> None:
    data = ("--data", str(library))
    everything = sorted(tasks_of(cli, "区交建局", *data) + tasks_of(cli, "交建局", *data))
    write_spellings(library, f"{PLACE}:\n  区交通建设局: [区交建局, 交建局, 交通建设局]\n")
    assert sorted(tasks_of(cli, "交通建设局", *data)) == everything
    report = cli.json("dept", "交通建设局", *data)
    assert report["department"]["name"] == "区交通建设局"
    names = [row["name"] for row in cli.json("depts", *data)]
    assert "区交通建设局" in names and "区交建局" not in names and "交建局" not in names


def test_an_edit_of_the_file_is_answered_at_once(cli: Cli, library: Path) -> None:
    data = ("--data", str(library))
    alone = tasks_of(cli, "交建局", *data)
    write_spellings(library, f"{PLACE}:\n  区交建局: [交建局]\n")
    assert tasks_of(cli, "交建局", *data) != alone
    write_spellings(library, f"{PLACE}:\n  区财政局: [财政局]\n")
    assert tasks_of(cli, "交建局", *data) == alone


def test_one_notice_of_the_library_keeps_the_names_the_file_gives(cli: Cli, library: Path) -> None:
    write_spellings(library, f"{PLACE}:\n  区交建局: [交建局, 交通建设局]\n")
    data = ("--data", str(library), "--notice", "second")
    assert tasks_of(cli, "交通建设局", *data) == tasks_of(cli, "交建局", *data) != []


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (f"{PLACE}:\n  区水利局: [水利局]\n", f"no notice of {PLACE} in this library names 区水利局, 水利局"),
        (f"{PLACE}:\n  区交建局: [区财政局]\n", "joins 区交建局 and 区财政局, two units of notice first"),
        (
            "常州市:\n  市公安局: [公安局]\n",
            f"no notice of this library is of 常州市; its places are {PLACE}",
        ),
        (f"{PLACE}:\n  区交建局: [交建局]\n  交建局: [区建设局]\n", "'交建局' already names 区交建局"),
        (f"{PLACE}:\n  区交建局: 交建局\n", "区交建局"),
        (f"{PLACE}:\n  区交建局: [交建局]\n  区交建局: [交通局]\n", "duplicate"),
    ],
    ids=[
        "names-no-unit",
        "joins-two-units-of-one-notice",
        "unknown-place",
        "listed-twice",
        "not-a-list",
        "dup",
    ],
)
def test_a_wrong_file_is_one_problem_naming_it_and_no_answer(
    cli: Cli, library: Path, text: str, problem: str
) -> None:
    write_spellings(library, text)
    validated = cli("validate", "--data", str(library), env={"TASKMAP_LANG": "en"})
    assert validated.exit_code == 3
    assert "spellings.yaml" in validated.stderr and problem in validated.stderr
    answered = cli("dept", "交建局", "--data", str(library))
    assert answered.exit_code == 3 and answered.stdout == ""
    assert "spellings.yaml" in answered.stderr and "Traceback" not in answered.stderr


@pytest.mark.usefixtures("chinese")
def test_a_wrong_file_is_said_in_chinese_in_a_chinese_locale(cli: Cli, library: Path) -> None:
    write_spellings(library, f"{PLACE}:\n  区交建局: [区财政局]\n")
    validated = cli("validate", "--data", str(library))
    assert validated.exit_code == 3
    assert "把文件 first 中的两个单位区交建局和区财政局合为一个" in validated.stderr
    write_spellings(library, f"{PLACE}:\n  区水利局: [水利局]\n")
    answered = cli("dept", "交建局", "--data", str(library))
    assert f"本库中{PLACE}的文件都没有提到区水利局、水利局" in answered.stderr


def test_a_spellings_file_too_large_is_refused_without_reading_it_all(cli: Cli, library: Path) -> None:
    from taskmap.store.library_spellings import MAX_BYTES

    write_spellings(library, f"{PLACE}:\n" + "#" * (MAX_BYTES * 4) + "\n")
    answered = cli("dept", "交建局", "--data", str(library), env={"TASKMAP_LANG": "en"})
    assert answered.exit_code == 3
    assert "spellings.yaml" in answered.stderr and f"larger than {MAX_BYTES:,} bytes" in answered.stderr
