"""Changing how notices are stored never changes an answer: a battery of commands in every format, on the
shipped notice and on a library of the shared documents, gives byte for byte what it gave when recorded.

The recording is taskmap's own output at the time (`TASKMAP_RECORD_ANSWERS=1 pytest` writes it afresh);
a change that means to change an answer records again and shows the difference in review.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from conftest import FIXTURES, Cli, shelf_of

RECORDED = FIXTURES / "answers"
FORMATS = ("table", "plain", "json", "csv")
LIBRARY_NOTICES = ["01-guofa-2019-3-zonghe-baoshuiqu.txt", "04-guobanfa-2018-117-zhenzhua-shigan.txt"]
SHELF_MARK = "<library>"
WHOLE_BYTES = 64 * 1024
HEAD_CHARACTERS = 2000

# Questions asked in each format of FORMATS (the round commands' too, with no report yet).
SHIPPED_QUESTIONS = [
    ["dept", "市公安局"],
    ["dept", "市公安局", "--all"],
    ["dept", "公安", "--role", "lead"],
    ["dept", "市公安局", "市财政局"],
    ["dept", "市不存在局"],
    ["dept", "财政"],
    ["depts"],
    ["depts", "--sort", "total"],
    ["depts", "--kind", "垂直管理单位"],
    ["search", "信用"],
    ["search", "互联网+"],
    ["search", "信用", "修复"],
    ["search", "信"],
    ["search", "信用", "--dept", "市公安局"],
    ["search", "信用", "--annex", "2"],
    ["search", "没有这样的词"],
    ["partners", "市公安局"],
    ["partners", "市委宣传部"],
    ["matrix"],
    ["matrix", "--sort", "name"],
    ["stats"],
    ["task", "2.3.6"],
    ["task", "1.1.1", "9.9.9"],
    ["population"],
    ["population", "17"],
    ["population", "--dept", "市公安局"],
    ["annex", "1"],
    ["notices"],
]
LIBRARY_QUESTIONS = [
    ["dept", "市公安局"],
    ["dept", "发展改革委"],
    ["dept", "发展改革委", "--all"],
    ["dept", "财政部", "市财政局"],
    ["depts"],
    ["depts", "--sort", "lead"],
    ["search", "信用"],
    ["search", "互联网+"],
    ["search", "保税区"],
    ["search", "制度", "--dept", "商务部"],
    ["partners", "发展改革委"],
    ["partners", "市公安局"],
    ["matrix"],
    ["stats"],
    ["task", "常信用办2019-10:2.3.6"],
    ["population"],
    ["annex"],
    ["notices"],
]
ROUND_QUESTIONS = [
    ["status", "--today", "2019-07-01"],
    ["status", "--dept", "市公安局", "--today", "2019-07-01"],
    ["status", "--state", "done", "--today", "2019-07-01"],
    ["missing", "--round", "2019Q2", "--today", "2019-07-01"],
    ["bulletin", "--round", "2019Q2", "--today", "2019-07-01"],
]
# Documents, asked once each.
DOCUMENTS = [["dept", "市公安局", "--format", "md"], ["dept", "市公安局", "--format", "html"]]


def battery(questions: list[list[str]]) -> list[list[str]]:
    return [[*question, "--format", chosen] for question in questions for chosen in FORMATS]


@pytest.fixture(scope="module")
def shelf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return shelf_of(tmp_path_factory.mktemp("answers-shelf"), LIBRARY_NOTICES)


def answers_to(cli: Cli, commands: list[list[str]], data: list[str], shelf: Path | None) -> dict[str, object]:
    """Each command's exit code, stdout and stderr, with the library's place on disk marked."""
    answers: dict[str, object] = {}
    for command in commands:
        outcome = cli(*command, *data)
        texts = [outcome.stdout, outcome.stderr]
        if shelf is not None:
            texts = [text.replace(str(shelf), SHELF_MARK) for text in texts]
        answers[" ".join(command)] = {
            "exit": outcome.exit_code,
            "stdout": recorded_text(texts[0]),
            "stderr": texts[1],
        }
    return answers


def recorded_text(text: str) -> str | dict[str, object]:
    """The text, or of one longer than `WHOLE_BYTES` its digest, size and beginning: every task × unit of
    a round is half a megabyte, ten of them would make the recording a repository's bulk."""
    data = text.encode()
    if len(data) <= WHOLE_BYTES:
        return text
    return {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data), "head": text[:HEAD_CHARACTERS]}


def compare_with_recording(name: str, answers: dict[str, object]) -> None:
    recording = RECORDED / f"{name}.json"
    if os.environ.get("TASKMAP_RECORD_ANSWERS") == "1":
        recording.parent.mkdir(parents=True, exist_ok=True)
        recording.write_text(json.dumps(answers, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        pytest.skip(f"recorded {recording.name}")
    recorded = json.loads(recording.read_text(encoding="utf-8"))
    assert list(answers) == list(recorded)
    for command, answer in answers.items():
        assert answer == recorded[command], command


def test_every_answer_on_the_shipped_notice_is_as_recorded(cli: Cli) -> None:
    answers = answers_to(cli, battery(SHIPPED_QUESTIONS + ROUND_QUESTIONS) + DOCUMENTS, [], None)
    compare_with_recording("shipped", answers)


def test_every_answer_on_a_library_is_as_recorded(cli: Cli, shelf: Path) -> None:
    answers = answers_to(
        cli, battery(LIBRARY_QUESTIONS + ROUND_QUESTIONS) + DOCUMENTS, ["--data", str(shelf)], shelf
    )
    compare_with_recording("library", answers)
