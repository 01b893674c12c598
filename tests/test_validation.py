"""Bad data ends in exit 3 with the file, the place in it and what is wrong; validate lists every problem."""

from __future__ import annotations

import re
import shutil
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any, get_args

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


# --- every problem in the reader's language ---------------------------------------------------------

ANNEX = "annexes/annex-1.yaml"
HAN = re.compile(r"[\u4e00-\u9fff]")
Edit = Callable[[Path], None]


def replaced(file: str, old: str, new: str) -> Edit:
    """An edit of the minimal data: `old` in `file` becomes `new`."""

    def edit(data: Path) -> None:
        text = (data / file).read_text(encoding="utf-8")
        assert old in text, (file, old)
        (data / file).write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def laid_over(case: str) -> Edit:
    """The files of one broken case of the fixtures laid over the minimal data."""

    def edit(data: Path) -> None:
        shutil.copytree(BROKEN / case, data, dirs_exist_ok=True)

    return edit


def second_annex(old: str = "", new: str = "") -> Edit:
    """A copy of annex 1 as annexes/annex-2.yaml, with `old` made `new` in it."""

    def edit(data: Path) -> None:
        text = (data / ANNEX).read_text(encoding="utf-8")
        (data / "annexes" / "annex-2.yaml").write_text(text.replace(old, new), encoding="utf-8")

    return edit


def written(file: str, text: str) -> Edit:
    def edit(data: Path) -> None:
        (data / file).write_text(text, encoding="utf-8")

    return edit


def removed(path: str) -> Edit:
    def edit(data: Path) -> None:
        target = data / path
        if target.is_dir():
            shutil.rmtree(target)
        else:
            target.unlink()

    return edit


def made_directory(path: str) -> Edit:
    def edit(data: Path) -> None:
        (data / path).mkdir()

    return edit


def link_outside(data: Path) -> None:
    outside = data.parent / "outside.yaml"
    shutil.move(data / "notice.yaml", outside)
    (data / "notice.yaml").symlink_to(outside)


def oversized(data: Path) -> None:
    with (data / "annexes" / "annex-9.yaml").open("wb") as big:
        big.truncate(MAX_FILE_BYTES + 1)


def emptied_annexes(data: Path) -> None:
    for annex in (data / "annexes").iterdir():
        annex.unlink()


TASK_3 = "    open_ended: {support: 等部门}\n"
# case -> (how the minimal data is broken, the file named, the message of the catalogue it gets)
PROBLEMS: dict[str, tuple[Edit, str, str]] = {
    "unit-listed-twice": (
        replaced(
            "departments.yaml",
            "- {name: 市各有关部门",
            "- {name: 市公安局, kind: other}\n- {name: 市各有关部门",
        ),
        "departments.yaml",
        "unit '{name}' is listed twice (also departments[{first}]); merge the two entries",
    ),
    "spelling-of-two-units": (
        laid_over("spelling-of-two-units"),
        "departments.yaml",
        "'{name}' already names {unit}; each spelling must name one unit",
    ),
    "annex-in-two-files": (second_annex(), "annexes/annex-2.yaml", "annex {number} is also in {file}"),
    "annex-without-file": (
        replaced("notice.yaml", "annexes:\n", "annexes:\n- {number: 2, title: 附件二}\n"),
        "annexes/",
        "annex {number} is listed in notice.yaml but has no file",
    ),
    "annex-not-listed": (
        second_annex("number: 1\ntitle", "number: 2\ntitle"),
        "annexes/annex-2.yaml",
        "annex {number} is not listed in notice.yaml's annexes",
    ),
    "section-out-of-place": (
        replaced(ANNEX, "- number: 1\n  numeral: 一", "- number: 2\n  numeral: 二"),
        ANNEX,
        "section {number} stands in place {place}",
    ),
    "numeral-misread": (
        replaced(ANNEX, "numeral: 一", "numeral: 二"),
        ANNEX,
        "'{numeral}' does not read {number}",
    ),
    "id-mismatch": (laid_over("id-mismatch"), ANNEX, "id should be {expected} (annex.section.number)"),
    "duplicate-task-id": (laid_over("duplicate-task-id"), ANNEX, "duplicate task id {id} (also in {file})"),
    "item-number-twice": (
        laid_over("duplicate-task-id"),
        ANNEX,
        "item number {number} appears twice in this section",
    ),
    "task-without-unit": (laid_over("task-without-unit"), ANNEX, "task names no unit ({roles})"),
    "heading-not-opening": (
        replaced(ANNEX, "heading: 建立信用修复机制", "heading: 完善流程"),
        ANNEX,
        "the heading must open the text",
    ),
    "open-ended-without-units": (
        replaced(ANNEX, TASK_3, "    open_ended: {support: 等部门, responsible: 等}\n"),
        ANNEX,
        "'{role}' is open-ended but lists no unit",
    ),
    "clause-not-in-text": (
        replaced(ANNEX, TASK_3, TASK_3 + "    clauses: [{text: 不在正文中, lead: [市公安局]}]\n"),
        ANNEX,
        "a clause must be words of the task's text",
    ),
    "clause-unit-not-the-tasks": (
        replaced(ANNEX, TASK_3, TASK_3 + "    clauses: [{text: 推动实名登记, lead: [市发改委]}]\n"),
        ANNEX,
        "'{unit}' is not a {role} unit of the task",
    ),
    "unknown-unit": (
        laid_over("unknown-unit"),
        ANNEX,
        "unknown unit '{unit}': add it to departments.yaml; did you mean {names}?",
    ),
    "unknown-unit-like-none": (
        replaced(ANNEX, "lead: [市公安局]", "lead: [XYZ]"),
        ANNEX,
        "unknown unit '{unit}': add it to departments.yaml",
    ),
    "population-numbering": (
        laid_over("population-numbering"),
        ANNEX,
        "population {number} should be {expected} (1..N)",
    ),
    "duplicate-key": (laid_over("duplicate-key"), ANNEX, "duplicate key '{key}'"),
    "alias": (
        replaced("notice.yaml", "status: 有效", "status: *status"),
        "notice.yaml",
        "YAML aliases (*name) are not allowed in data files",
    ),
    "anchor": (
        laid_over("alias-bomb"),
        "departments.yaml",
        "YAML anchors (&name) are not allowed in data files",
    ),
    "not-utf8": (
        laid_over("not-utf8"),
        "departments.yaml",
        "file is not UTF-8 text; save it as UTF-8 (a BOM is fine)",
    ),
    "empty-file": (laid_over("empty-file"), "departments.yaml", "file is empty"),
    "no-content": (
        written("departments.yaml", "# 无\n"),
        "departments.yaml",
        "file has no content",
    ),
    "python-tag": (
        laid_over("python-tag"),
        "notice.yaml",
        "unsupported YAML tag ({detail}); data files hold plain YAML only",
    ),
    "invalid-yaml": (laid_over("invalid-yaml"), ANNEX, "invalid YAML: {detail}"),
    "file-not-found": (removed("notice.yaml"), "notice.yaml", "file not found"),
    "unreadable": (
        made_directory("annexes/annex-9.yaml"),
        "annexes/annex-9.yaml",
        "cannot be read: {reason}",
    ),
    "oversized": (oversized, "annexes/annex-9.yaml", "file is larger than {limit} bytes; refused"),
    "link-outside": (link_outside, "notice.yaml", "symbolic link points outside the data directory; refused"),
    "no-annex-files": (emptied_annexes, "annexes/", "no annex files (*.yaml)"),
    "no-annex-directory": (
        removed("annexes"),
        "annexes/",
        "directory not found; one YAML file per annex belongs there",
    ),
}


def pattern_of(template: str) -> re.Pattern[str]:
    """A message of the catalogue as a pattern: its words as written, any value for each placeholder."""
    pieces = re.split(r"\{\w+\}", template)
    return re.compile(".+?".join(re.escape(piece) for piece in pieces))


def problem_lines(stderr: str, file: str) -> list[str]:
    return [line.strip() for line in stderr.splitlines() if line.strip().startswith(file)]


def broken_minimal(tmp_path: Path, edit: Edit) -> Path:
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "minimal", data)
    edit(data)
    return data


@pytest.mark.parametrize("case", sorted(PROBLEMS))
def test_validate_says_each_problem_in_chinese_in_a_chinese_locale(
    case: str, tmp_path: Path, cli: Cli, chinese: None
) -> None:
    from taskmap.i18n import catalogue

    edit, file, message = PROBLEMS[case]
    outcome = cli("validate", "--data", str(broken_minimal(tmp_path, edit)))
    assert outcome.exit_code == 3
    assert re.match(r".+：\d+ 处问题$", outcome.stderr.splitlines()[0]), outcome.stderr
    said = catalogue().gettext(message)
    assert said != message and HAN.search(said)
    lines = problem_lines(outcome.stderr, file)
    assert any(pattern_of(said).search(line) for line in lines), outcome.stderr
    assert not any(pattern_of(message).search(line) for line in lines), outcome.stderr


@pytest.mark.parametrize("case", sorted(PROBLEMS))
def test_validate_says_each_problem_in_english_otherwise(
    case: str, tmp_path: Path, cli: Cli, english: None
) -> None:
    edit, file, message = PROBLEMS[case]
    outcome = cli("validate", "--data", str(broken_minimal(tmp_path, edit)))
    assert outcome.exit_code == 3
    assert re.match(r".+: \d+ problems?$", outcome.stderr.splitlines()[0]), outcome.stderr
    from taskmap.i18n import catalogue

    lines = problem_lines(outcome.stderr, file)
    assert any(pattern_of(message).search(line) for line in lines), outcome.stderr
    assert not any(pattern_of(catalogue().gettext(message)).search(line) for line in lines), outcome.stderr


def test_a_query_on_broken_data_fails_with_one_chinese_line(tmp_path: Path, cli: Cli, chinese: None) -> None:
    from taskmap.i18n import catalogue

    edit, file, message = PROBLEMS["unknown-unit"]
    outcome = cli("dept", "市公安局", "--data", str(broken_minimal(tmp_path, edit)))
    (line,) = outcome.stderr.splitlines()
    assert outcome.exit_code == 3 and line.startswith("taskmap: 错误：")
    said = catalogue().gettext(message)
    assert HAN.search(said) and file in line and pattern_of(said).search(line), line


def yaml_mark_line(data: Path, file: str) -> int:
    """The line PyYAML itself says a file goes wrong on."""
    import yaml

    try:
        yaml.safe_load((data / file).read_text(encoding="utf-8"))
    except yaml.MarkedYAMLError as error:
        assert error.problem_mark is not None
        return error.problem_mark.line + 1
    raise AssertionError(f"{file} reads as YAML")


@pytest.mark.parametrize("language", ["chinese", "english"])
def test_the_place_of_a_problem_is_said_in_the_readers_language_and_its_keys_as_written(
    language: str, tmp_path: Path, cli: Cli, request: pytest.FixtureRequest
) -> None:
    request.getfixturevalue(language)
    from taskmap.i18n import _

    line_data = broken_minimal(tmp_path / "line", PROBLEMS["invalid-yaml"][0])
    outcome = cli("validate", "--data", str(line_data))
    line = _("line {number}").format(number=yaml_mark_line(line_data, ANNEX))
    assert f"{ANNEX}: {line}" in outcome.stderr, outcome.stderr
    byte_data = broken_minimal(tmp_path / "byte", PROBLEMS["not-utf8"][0])
    with pytest.raises(UnicodeDecodeError) as undecodable:
        (byte_data / "departments.yaml").read_bytes().decode("utf-8")
    offset = undecodable.value.start
    outcome = cli("validate", "--data", str(byte_data))
    assert f"departments.yaml: {_('byte {offset}').format(offset=offset)}" in outcome.stderr, outcome.stderr
    outcome = cli("validate", "--data", str(broken_minimal(tmp_path / "key", laid_over("unknown-key"))))
    task = _("{path} (task {id})").format(path="sections[0].tasks[1]", id="1.1.3")
    assert f"{ANNEX}: {task}.leader" in outcome.stderr, outcome.stderr
    assert ("任务 1.1.3" in task) == (language == "chinese")


# Each kind of pydantic error the data files' schemas give: how to break the minimal data to get it.
PYDANTIC_CASES: dict[str, tuple[Edit, str]] = {
    "missing": (replaced("notice.yaml", "title: 测试通知\n", ""), "notice.yaml"),
    "extra_forbidden": (laid_over("unknown-key"), ANNEX),
    "string_type": (replaced("notice.yaml", "title: 测试通知", "title: 1"), "notice.yaml"),
    "int_type": (laid_over("wrong-type"), ANNEX),
    "bool_type": (replaced(ANNEX, "    number: 3\n", "    number: 3\n    numbered: 'no'\n"), ANNEX),
    "list_type": (replaced(ANNEX, "lead: [市公安局]", "lead: 市公安局"), ANNEX),
    "dict_type": (replaced(ANNEX, "open_ended: {support: 等部门}", "open_ended: [等部门]"), ANNEX),
    "model_type": (
        replaced(ANNEX, "implements: {title: 测试意见, number: 测〔2018〕1号}", "implements: 测试意见"),
        ANNEX,
    ),
    "literal_error": (replaced("departments.yaml", "kind: collective", "kind: 统称"), "departments.yaml"),
    "string_pattern_mismatch": (replaced(ANNEX, "id: 1.1.3", "id: 一.1.3"), ANNEX),
    "greater_than_equal": (replaced(ANNEX, "    number: 3\n", "    number: 0\n"), ANNEX),
    "string_too_short": (replaced(ANNEX, "text: 推动实名登记。", "text: ''"), ANNEX),
    "too_short": (
        replaced("notice.yaml", "annexes:\n- {number: 1, title: 《测试意见》任务分工}", "annexes: []"),
        "notice.yaml",
    ),
    "value_error": (
        replaced("notice.yaml", "generated: '2019-04-16'", "generated: '2019-02-30'"),
        "notice.yaml",
    ),
}


def pydantic_errors(data: Path, file: str) -> list[Any]:
    """pydantic's own errors for one data file, from the schema the compiler checks it with."""
    from pydantic import ValidationError

    from taskmap.store.schema import AnnexFile, DepartmentsFile, NoticeFile
    from taskmap.store.yamlfile import parse_yaml

    model = {"notice.yaml": NoticeFile, "departments.yaml": DepartmentsFile}.get(file, AnnexFile)
    try:
        model.model_validate(parse_yaml((data / file).read_bytes()))
    except ValidationError as error:
        return list(error.errors())
    raise AssertionError(f"{file} is valid")


def catalogue_message(error: Any) -> str:
    """The message of the catalogue the compiler gives for one pydantic error."""
    from taskmap.store.compiler import PYDANTIC_COUNTED_WORDS, PYDANTIC_WORDS, REWORDED

    if error["type"] in PYDANTIC_COUNTED_WORDS:
        one, more = PYDANTIC_COUNTED_WORDS[error["type"]]
        return one if error["ctx"]["min_length"] == 1 else more
    return {**REWORDED, **PYDANTIC_WORDS}[error["type"]]


def test_every_kind_of_pydantic_error_the_compiler_words_has_a_case() -> None:
    from taskmap.store.compiler import PYDANTIC_COUNTED_WORDS, PYDANTIC_WORDS, REWORDED

    reached = {*PYDANTIC_CASES, "less_than_equal"}  # less_than_equal: only the central registry has a maximum
    assert reached == {*REWORDED, *PYDANTIC_WORDS, *PYDANTIC_COUNTED_WORDS}


@pytest.mark.parametrize("kind", sorted(PYDANTIC_CASES))
def test_pydantic_errors_read_as_pydantic_words_them_in_english(
    kind: str, tmp_path: Path, cli: Cli, english: None
) -> None:
    from taskmap.store.compiler import REWORDED

    edit, file = PYDANTIC_CASES[kind]
    data = broken_minimal(tmp_path, edit)
    (error,) = [error for error in pydantic_errors(data, file) if error["type"] == kind][:1]
    outcome = cli("validate", "--data", str(data))
    lines = problem_lines(outcome.stderr, file)
    expected = REWORDED[kind] if kind in REWORDED else error["msg"]
    assert any(line.endswith(f": {expected}") for line in lines), outcome.stderr


@pytest.mark.parametrize("kind", sorted(PYDANTIC_CASES))
def test_pydantic_errors_read_as_chinese_sentences_in_a_chinese_locale(
    kind: str, tmp_path: Path, cli: Cli, chinese: None
) -> None:
    from taskmap.i18n import catalogue

    edit, file = PYDANTIC_CASES[kind]
    data = broken_minimal(tmp_path, edit)
    (error,) = [error for error in pydantic_errors(data, file) if error["type"] == kind][:1]
    outcome = cli("validate", "--data", str(data))
    lines = problem_lines(outcome.stderr, file)
    said = catalogue().gettext(catalogue_message(error))
    assert HAN.search(said) and any(pattern_of(said).search(line) for line in lines), outcome.stderr
    assert not any(error["msg"] in line for line in lines), outcome.stderr
    if kind == "literal_error":  # the values a key may take, listed as Chinese lists them
        from taskmap.model import Kind

        kinds = [f"'{name}'" for name in get_args(Kind)]
        assert "、".join(kinds[:-1]) + " 或 " + kinds[-1] in outcome.stderr, outcome.stderr


def test_validate_summarises_valid_data_in_the_readers_language(cli: Cli, chinese: None) -> None:
    from taskmap.i18n import _

    outcome = cli("validate", "--data", str(FIXTURES / "minimal"))
    assert outcome.exit_code == 0
    lines = outcome.stdout.splitlines()
    assert lines[0].endswith("：有效")
    labels = [_(word) for word in ("annexes", "sections", "tasks", "populations", "units")]
    assert [line.split()[0] for line in lines[1:]] == labels
    columns = {width(line) - width(line.lstrip(" ").split(" ", 1)[1].lstrip()) for line in lines[1:]}
    assert len(columns) == 1, outcome.stdout  # the figures stand in one column, counted as a terminal counts
    assert "另有 1 个统称" in lines[-1]


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(character) in "WF" else 1 for character in text)


# The shipped registry of central units, broken in one way each: the problem its check names.
REGISTRY_PROBLEMS = {
    "no-source": ("source: gwy-2023-5}", "source: nowhere}", "no source '{source}'"),
    "no-successor": (
        "successors: [中华人民共和国农业农村部]",
        "successors: [不存在的部]",
        "no unit '{unit}'",
    ),
    "successors-of-a-unit-in-office": (
        ", abolished: 2018, successors: [中华人民共和国农业农村部]",
        ", successors: [中华人民共和国农业农村部]",
        "successors are named for an abolished unit",
    ),
    "spelling-of-two": ("short: [国防部]", "short: [外交部]", "'{name}' already names {unit}"),
    "after-2100": ("abolished: 2018", "abolished: 2200", "Input should be less than or equal to {le}"),
}


def registry_problems(old: str, new: str) -> list[str]:
    from taskmap.central import central_units, registry_bytes
    from taskmap.errors import InvalidDataset

    raw = registry_bytes().decode("utf-8")
    assert old in raw
    with pytest.raises(InvalidDataset) as invalid:
        central_units(raw.replace(old, new, 1).encode())
    return [str(problem) for problem in invalid.value.problems]


@pytest.mark.parametrize("case", sorted(REGISTRY_PROBLEMS))
def test_a_broken_central_registry_is_named_in_the_readers_language(
    case: str, chinese: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from taskmap.i18n import catalogue

    old, new, message = REGISTRY_PROBLEMS[case]
    chinese_problems = registry_problems(old, new)
    said = catalogue().gettext(message)
    assert HAN.search(said) and any(pattern_of(said).search(problem) for problem in chinese_problems)
    monkeypatch.setenv("TASKMAP_LANG", "en")
    from taskmap.i18n import language

    language.cache_clear()
    english_problems = registry_problems(old, new)
    assert any(pattern_of(message).search(problem) for problem in english_problems), english_problems
    assert not any(pattern_of(message).search(problem) for problem in chinese_problems), chinese_problems
