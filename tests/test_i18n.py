"""One language per person: with a Chinese locale (or TASKMAP_LANG=zh) what people read is Chinese,
otherwise English; every message marked for translation has its Chinese in the shipped catalogue."""

from __future__ import annotations

import itertools
import json
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tools"))
from catalogue import PO, extracted  # noqa: E402

CORPUS = REPO.parent / "shared" / "corpus" / "notices"
HAN = re.compile(r"[\u4e00-\u9fff]")


def shipped_catalogue() -> Catalog:
    with PO.open("rb") as file:
        return read_po(file)


def test_every_message_marked_for_translation_has_its_chinese() -> None:
    catalogue = shipped_catalogue()
    missing = []
    for message, filename, line in extracted():
        entry = catalogue.get(message if isinstance(message, str) else message[0])
        translated = entry.string if entry is None or isinstance(entry.string, str) else all(entry.string)
        if entry is None or not translated:
            missing.append(f"{filename}:{line}: {message}")
    assert missing == [], "run python tools/catalogue.py and translate:\n" + "\n".join(missing)


def test_every_translation_keeps_the_placeholders_of_its_message() -> None:
    for entry in shipped_catalogue():
        if entry.id and isinstance(entry.id, str):
            placeholders = sorted(re.findall(r"\{\w*\}", entry.id))
            assert placeholders == sorted(re.findall(r"\{\w*\}", str(entry.string))), entry.id


def run_import(tmp_path: Path, language: dict[str, str]) -> list[str]:
    if not CORPUS.is_dir():
        pytest.skip("no ../shared/corpus beside this checkout")
    source = next(CORPUS.glob("02-*.txt"))
    environment = {
        k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
    }
    environment.pop("TASKMAP_LANG", None)
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "taskmap", "import", str(source), "--out", str(out)],
        capture_output=True,
        env=environment | language,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr.decode()
    return result.stderr.decode().splitlines()


@pytest.mark.parametrize(
    "language",
    [{"TASKMAP_LANG": "zh"}, {"LANG": "zh_CN.UTF-8"}, {"LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}],
    ids=["TASKMAP_LANG", "LANG", "LC_ALL over LANG"],
)
def test_the_import_report_speaks_chinese_in_a_chinese_locale(
    tmp_path: Path, language: dict[str, str]
) -> None:
    lines = run_import(tmp_path, language)
    assert lines[0].startswith("已导入 18 项任务")
    for line in lines:  # every line says its part in Chinese; only names, numbers and file names stay
        assert HAN.search(re.sub(r"[\w./-]+\.yaml|taskmap validate --data", "", line)), line
    assert not any(word in line for line in lines for word in ("imported", "doubtful", "names no unit"))


def test_the_import_report_is_english_otherwise(tmp_path: Path) -> None:
    lines = run_import(tmp_path, {"LANG": "en_US.UTF-8", "TASKMAP_LANG": ""})
    assert lines[0].startswith("imported 18 tasks")
    spots = [line.strip() for line in lines]
    assert "lines 23, 24 (2×): item （一）、（二） names no unit; not a task" in spots


# Each command's help, and a question that fails with each error of the CLI's catalogue, asked in one
# process per language (each starts with the language of its environment).
ASK_EACH = """
import contextlib, io, json, sys
from taskmap.cli import run
answers = []
for args in json.load(sys.stdin):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run(args)
    answers.append([code, out.getvalue(), err.getvalue()])
print(json.dumps(answers))
"""


def ask_each(
    questions: list[list[str]], language: dict[str, str], columns: int = 100
) -> list[tuple[int, str, str]]:
    environment = {
        k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
    }
    environment.pop("TASKMAP_LANG", None)
    environment["COLUMNS"] = str(columns)
    result = subprocess.run(
        [sys.executable, "-c", ASK_EACH],
        input=json.dumps(questions),
        capture_output=True,
        text=True,
        env=environment | language,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return [tuple(answer) for answer in json.loads(result.stdout)]


CHINESE = {"LANG": "zh_CN.UTF-8"}
ENGLISH = {"LANG": "en_US.UTF-8"}
ENGLISH_WORDS = re.compile(r"\b(?:the|and|of|is|for|this|with|or|to|a|an|in|no)\b", re.IGNORECASE)


def english_prose(line: str) -> list[str]:
    """English words left in a line once its names, commands, options, paths and examples are removed."""
    line = re.sub(
        r"taskmap [^\s，。；：（）]*( [^\s，。；（）]+)*", "", line
    )  # commands as typed stay English
    line = re.sub(r"--?[\w-]+|[\w./~-]+\.(?:yaml|xlsx|html|txt|md|ics)|\b[A-Z]{2,}\b|'[^']*'", "", line)
    return ENGLISH_WORDS.findall(line)


def commands() -> list[str]:
    from taskmap.cli.app import COMMAND_ORDER

    return list(COMMAND_ORDER)


def test_every_commands_help_is_chinese_in_a_chinese_locale() -> None:
    helps = ask_each([["--help"], *([command, "--help"] for command in commands())], CHINESE)
    for (code, text, _err), command in zip(helps, ["taskmap", *commands()], strict=True):
        assert code == 0, command
        assert text.startswith("用法："), text
        for heading in ("Usage:", "Options", "Arguments", "Commands", "Examples:", "Exit codes"):
            assert heading not in text, (command, heading)
        described = [line for line in text.splitlines() if HAN.search(line)]
        assert len(described) >= 3, (command, text)
        for line in text.splitlines():  # every help text: only names, options and examples stay English
            if not line.strip().startswith("taskmap ") and line.strip() not in ("", "[required]"):
                assert english_prose(line) == [], (command, line)


def display_width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(character) in "WF" else 1 for character in line)


@pytest.mark.parametrize("language", [CHINESE, ENGLISH], ids=["Chinese", "English"])
def test_every_commands_help_fits_80_columns_counted_as_a_terminal_counts(language: dict[str, str]) -> None:
    helps = ask_each([["--help"], *([command, "--help"] for command in commands())], language, columns=80)
    for (code, text, _err), command in zip(helps, ["taskmap", *commands()], strict=True):
        assert code == 0, command
        wide = [line for line in text.splitlines() if display_width(line) > 80]
        assert wide == [], (command, wide)


def test_chinese_help_breaks_between_characters_never_before_closing_punctuation() -> None:
    ((code, text, _err),) = ask_each([["due", "--help"]], CHINESE, columns=80)
    assert code == 0
    lines = [line.strip() for line in text.splitlines()]
    assert not any(line and line[0] in "，。；：、）" for line in lines), text
    assert sum(80 - 6 <= display_width(line) <= 80 for line in text.splitlines()) >= 2, text


def test_every_commands_help_is_english_otherwise() -> None:
    helps = ask_each([["--help"], *([command, "--help"] for command in commands())], ENGLISH)
    for (code, text, _err), command in zip(helps, ["taskmap", *commands()], strict=True):
        assert code == 0, command
        assert text.startswith("Usage: taskmap"), text
        assert "Options:" in text and "Exit codes:" in text, command
        assert not any(word in text for word in ("用法", "选项：", "示例：", "退出码")), command


def errors_of_the_catalogue(tmp_path: Path) -> list[list[str]]:
    """A question failing with each error the CLI reports, from unknown names to bad options."""
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "notice.txt").write_text("关于印发任务分工的通知", encoding="utf-8")
    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / "x").write_text("x", encoding="utf-8")
    return [
        ["dept", "市公按局"],  # no unit called …; did you mean
        ["dept", "管理局"],  # part of 7 unit names; did you mean … (or 1 more)
        ["dept", " "],  # a unit name is required
        ["task", "9.9.9"],  # no task, and where there is one
        ["task", "2.9.1"],
        ["task", "x"],  # not a task id
        ["task", "（九十）"],  # no item printed
        ["population", "99"],
        ["population", "不存在的人群"],
        ["population", "17", "--dept", "市公安局"],  # leads no key population matching
        ["search", "不存在的词语"],
        ["search", "信用", "--annex", "9"],
        ["annex", "9"],
        ["dept", "市公安局", "--notice", "nope"],
        ["dept", "市公安局", "--data", str(pages)],  # not a data directory — import it first
        ["dept", "市公安局", "--data", str(tmp_path / "nowhere")],
        ["dept", "市公安局", "市财政局", "--format", "ics"],
        ["dept", "市公安局", "市财政局", "--format", "md"],
        ["schema", "import"],  # writes no JSON
        ["schema", "dpet"],
        ["schema", "zzzzzz"],
        ["export", "--format", "xlsx"],
        ["due", "--within", "forever"],
        ["due", "--on", "2019-06-30", "--overdue"],
        ["due", "--before", "2000-01-01"],
        ["due", "--on", "someday"],
        ["forms", "--round", ".q", "--due", "2019-06-30", "--out", str(tmp_path / "forms")],
        ["bulletin", "--round", "2019Q2", "--format", "xlsx"],
        ["import", str(tmp_path / "missing.txt"), "--out", str(taken)],
        ["depts", "--kind", "nothing"],
        ["dept", "--role", "nothing", "市公安局"],
        ["search", "信用", "--annex", "x"],
        ["dept", "--colour", "市公安局"],  # no such option
        ["dept"],  # missing argument
        ["validate", "extra"],  # unexpected extra arguments
        ["dept", "市公安局", "--format"],  # an option without its value
        ["nosuchcommand"],  # no such command
    ]


def test_every_error_of_the_catalogue_is_chinese_in_a_chinese_locale(tmp_path: Path) -> None:
    questions = errors_of_the_catalogue(tmp_path)
    for (code, _out, err), question in zip(ask_each(questions, CHINESE), questions, strict=True):
        assert code != 0, question
        (line,) = err.splitlines()
        assert line.startswith("taskmap: 错误：") or line.startswith("taskmap: 错误:"), (question, line)
        said = line.removeprefix("taskmap: 错误：")
        said = re.sub(r"No such file or directory", "", said)  # the system's own words for a file
        assert HAN.search(re.sub(r"'[^']*'", "", said)), (question, line)
        assert english_prose(said) == [], (question, line)


def test_every_error_of_the_catalogue_is_english_otherwise(tmp_path: Path) -> None:
    questions = errors_of_the_catalogue(tmp_path)
    for (code, _out, err), question in zip(ask_each(questions, ENGLISH), questions, strict=True):
        assert code != 0, question
        (line,) = err.splitlines()
        assert line.startswith("taskmap: error: "), (question, line)
        assert re.search(r"[a-z]{2,} [a-z]{2,}", line, re.IGNORECASE), (question, line)


def test_the_chinese_suggestions_list_as_many_as_they_say() -> None:
    ((code, _out, err),) = ask_each([["dept", "管理局"]], CHINESE)
    assert code == 1
    assert "是 7 个单位名称的一部分" in err
    named = err.split("您是不是要找 ", 1)[1].split("（另有")[0].split("、")
    assert len(named) == 6 and "（另有 1 个）" in err


def test_machine_formats_never_change_with_the_locale() -> None:
    questions = [
        [*question, "--format", output]
        for question in (["dept", "市公安局"], ["depts"], ["task", "2.3.6"], ["population"], ["matrix"])
        for output in ("plain", "csv", "json")
    ]
    assert ask_each(questions, CHINESE) == ask_each(questions, ENGLISH)


# An option and the value typed after it: "--role responsible", "--data DIR", "--format json".
OPTION_AT_END = re.compile(r"(?<![\w-])--?[A-Za-z][\w-]*$")
VALUE_AT_START = re.compile(r"\s*[\w./~'\"<{\[]", re.ASCII)


def options_split_from_their_values(text: str) -> list[str]:
    """The places where a line ends with an option and the next one opens with its value."""
    lines = text.splitlines()
    return [
        f"{above!r} / {below!r}"
        for above, below in itertools.pairwise(lines)
        if OPTION_AT_END.search(above.rstrip()) and VALUE_AT_START.match(below)
    ]


@pytest.mark.parametrize("columns", [60, 80, 120, 200])
@pytest.mark.parametrize("language", [CHINESE, ENGLISH], ids=["Chinese", "English"])
def test_no_help_breaks_a_line_between_an_option_and_its_value(
    language: dict[str, str], columns: int
) -> None:
    helps = ask_each(
        [["--help"], *([command, "--help"] for command in commands())], language, columns=columns
    )
    for (code, text, _err), command in zip(helps, ["taskmap", *commands()], strict=True):
        assert code == 0, command
        assert options_split_from_their_values(text) == [], (command, columns)
        assert all(display_width(line) <= columns for line in text.splitlines()), (command, columns)


def labels_broken(text: str) -> list[str]:
    """The places where a line ends inside a role or kind label and the next line opens with its rest."""
    from taskmap.model import KIND_LABELS, ROLE_LABELS

    labels = {*ROLE_LABELS.values(), *KIND_LABELS.values()}
    return [
        f"{above!r} / {below!r}"
        for above, below in itertools.pairwise(text.splitlines())
        for label in labels
        for cut in range(1, len(label))
        if above.rstrip().endswith(label[:cut]) and below.lstrip().startswith(label[cut:])
    ]


@pytest.mark.parametrize("columns", [50, 60, 62, 80, 120])
def test_no_help_breaks_a_role_or_kind_label_across_lines(columns: int) -> None:
    helps = ask_each([["--help"], *([command, "--help"] for command in commands())], CHINESE, columns=columns)
    for (code, text, _err), command in zip(helps, ["taskmap", *commands()], strict=True):
        assert code == 0, command
        assert labels_broken(text) == [], (command, columns)
