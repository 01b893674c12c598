"""Never a traceback, never a wrong answer: hostile input, hostile environments, data changing underfoot."""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
import threading
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES, Cli
from taskmap.cli import run
from test_cli_shell import taskmap

QUERY_COMMANDS = ["dept", "population", "task", "search"]
HOSTILE_INPUTS = {
    "empty": "",
    "blank": "   ",
    "100 KB": "信" * 100_000,
    "newline": "市公安局\n市财政局",
    "control characters": "市公安局\x00\x07\x1b[31m",
    "regex any": ".*",
    "regex group": "(",
    "regex class": "[",
    "rich markup": "[bold]",
    "rich closing tag": "[/]",
    "full-width digits": "１７",
    "traditional characters": "市財政局",
    "zero": "0",
    "thirty": "30",
    "malformed id": "1..3",
    "letters id": "a.b.c",
    "skipped id": "1.3.3",
}


def display_width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


@pytest.mark.parametrize("command", QUERY_COMMANDS)
@pytest.mark.parametrize("typed", list(HOSTILE_INPUTS.values()), ids=list(HOSTILE_INPUTS))
def test_hostile_input_gets_an_answer_or_one_line_and_exit_1_or_2(cli: Cli, command: str, typed: str) -> None:
    outcome = cli(command, "--", typed)
    assert outcome.exit_code in {0, 1, 2}
    if outcome.exit_code:
        assert outcome.stdout == ""
        assert len(outcome.stderr.splitlines()) == 1
        assert len(outcome.stderr) < 400


def test_traditional_characters_get_a_suggestion(cli: Cli) -> None:
    outcome = cli("dept", "市財政局")
    assert outcome.exit_code == 1
    assert "did you mean" in outcome.stderr and "市财政局" in outcome.stderr


def test_data_is_never_read_as_rich_markup(cli: Cli, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "minimal", data)
    annex = data / "annexes" / "annex-1.yaml"
    annex.write_text(annex.read_text().replace("text: 推动实名登记。", "text: '推动[bold red]实名[/]登记。'"))
    out = cli("task", "1.1.3", "--data", str(data), "--format", "table").stdout
    assert "[bold red]实名[/]" in out


# --- hostile environment ----------------------------------------------------------------------------


@pytest.mark.parametrize("columns", [20, 50, 79, 200])
@pytest.mark.parametrize(
    "command",
    [["dept", "市公安局"], ["depts"], ["population"], ["task", "2.1.2"], ["search", "信用"], ["annex"]],
)
def test_tables_fit_narrow_and_wide_terminals(cli: Cli, command: list[str], columns: int) -> None:
    outcome = cli(*command, "--format", "table", env={"COLUMNS": str(columns)})
    assert outcome.exit_code == 0
    assert max(display_width(line) for line in outcome.stdout.splitlines()) <= columns


def test_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("taskmap")
    with subprocess.Popen(
        [str(script), "export", "--format", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
    ) as reader:
        assert reader.stdout is not None and reader.stderr is not None
        reader.stdout.read(10)
        reader.stdout.close()
        assert reader.wait(timeout=60) == 141
        assert reader.stderr.read() == b""


def test_chinese_prints_in_the_c_locale_without_pythonioencoding(tmp_path: Path) -> None:
    env = {
        name: value for name, value in os.environ.items() if not name.startswith(("LC_", "LANG", "PYTHONIO"))
    }
    result = subprocess.run(
        [str(Path(sys.executable).with_name("taskmap")), "population", "17"],
        capture_output=True,
        env={**env, "LC_ALL": "C"},
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "金融从业人员" in result.stdout.decode("utf-8")


def test_a_closed_stdin_changes_nothing(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("taskmap")
    result = subprocess.run(
        ["bash", "-c", f"'{script}' population 17 <&-"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0
    assert "金融从业人员" in result.stdout


def test_an_unwritable_home_directory_works(tmp_path: Path) -> None:
    not_a_directory = tmp_path / "file"
    not_a_directory.write_text("")
    env = {"HOME": str(not_a_directory / "home"), "TASKMAP_CACHE_DIR": "", "XDG_CACHE_HOME": ""}
    for _ in range(2):
        result = taskmap("dept", "市公安局", env=env, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert result.stderr == ""
        assert result.stdout.splitlines()


def test_ctrl_c_exits_130_quietly(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("taskmap.cli.queries.load_library", interrupted)
    outcome = cli("depts")
    assert (outcome.exit_code, outcome.stdout, outcome.stderr) == (130, "", "")


def test_an_internal_error_is_one_line_with_the_way_to_the_traceback(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: object) -> None:
        raise RuntimeError("something unexpected")

    monkeypatch.setattr("taskmap.cli.queries.load_library", broken)
    outcome = cli("depts")
    assert outcome.exit_code == 70
    assert outcome.stderr.splitlines() == [
        "taskmap: internal error: RuntimeError: something unexpected (set TASKMAP_DEBUG=1 for the traceback)"
    ]
    with pytest.raises(RuntimeError):
        cli("depts", env={"TASKMAP_DEBUG": "1"})


def test_runs_at_once_while_the_data_changes_never_mix_answers(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "minimal", data)
    annex = data / "annexes" / "annex-1.yaml"
    versions = [annex.read_text(), annex.read_text().replace("推动实名登记。", "推动实名登记和认证。")]
    expected = set()
    for text in versions:
        annex.write_text(text)
        expected.add(taskmap("task", "1.1.3", "--format", "json", "--data", str(data)).stdout)
    assert len(expected) == 2

    stop = threading.Event()

    def keep_editing() -> None:
        flip = 0
        while not stop.is_set():
            staged = annex.with_suffix(".tmp")
            staged.write_text(versions[flip % 2])
            staged.replace(annex)
            flip += 1

    editor = threading.Thread(target=keep_editing)
    editor.start()
    try:
        script = str(Path(sys.executable).with_name("taskmap"))
        command = [script, "task", "1.1.3", "--format", "json", "--data", str(data)]
        runs = [
            subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(8)
        ]
        results = [(proc.communicate(timeout=60), proc.returncode) for proc in runs]
    finally:
        stop.set()
        editor.join()
    for (stdout, stderr), code in results:
        assert (code, stderr) == (0, "")
        assert stdout in expected


# --- property: arbitrary text never breaks a command --------------------------------------------------


def run_captured(args: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run(args)
    return code, out.getvalue(), err.getvalue()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(command=st.sampled_from(QUERY_COMMANDS), text=st.text(max_size=60))
def test_arbitrary_text_gets_an_answer_or_a_clean_error(command: str, text: str) -> None:
    code, stdout, stderr = run_captured([command, "--format", "json", "--", text])
    assert code in {0, 1, 2}
    assert "Traceback" not in stderr
    if code == 0:
        json.loads(stdout)
    else:
        assert stdout == ""
        assert len(stderr.splitlines()) == 1
